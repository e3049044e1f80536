"""Sentence segmenters: one shared flow, one class per script family.

The flow (`Segmenter.segment`) is the same for every language: a line never holds two
paragraphs, so each non-blank line is segmented on its own (a headline or caption without a
final full stop stays one sentence); within a line, a subclass proposes cuts and then filters
them. For Latin and Arabic scripts Punkt supplies the candidate cuts with hand-written
parameters (see `abbreviations`), the script family adds what Punkt cannot know: case in Latin
scripts, glued marks in Arabic. Chinese and Japanese are cut by rule at full-width marks, which
Punkt never cuts at (`CjkSegmenter`).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from corpus.language import language_code
from corpus.segment import rules
from corpus.segment.abbreviations import (
    ABBREVIATIONS,
    CLOSING_PUNCTUATION,
    NUMBER_ABBREVIATIONS,
    ORDINAL_FOLLOWERS,
    SENTENCE_STARTERS,
)

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

Span = tuple[int, int]


class Segmenter(ABC):
    """Split text into sentence spans; with the whitespace between them they are the text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def segment(self, text: str) -> list[Span]:
        """Sentence spans `(start, end)` over `text`, in order, never crossing a newline."""
        spans: list[Span] = []
        for start, end in rules.line_spans(text):
            cuts = [c for c in self.cuts(text, start, end) if self.keeps(text, c, end)]
            spans.extend(rules.merge_marks_only(
                text, rules.spans_from_cuts(text, start, end, cuts)))
        return spans

    @abstractmethod
    def cuts(self, text: str, start: int, end: int) -> list[int]:
        """Candidate sentence starts inside the line `text[start:end]`."""

    def keeps(self, text: str, cut: int, end: int) -> bool:
        """Whether a candidate cut stands; by default every one does."""
        return True


class PunktSegmenter(Segmenter):
    """Punkt with this language's abbreviations and sentence starters, no training."""

    # Marks Punkt may end a sentence on; the Arabic question mark and the ellipsis character
    # are missing from its defaults.
    SENTENCE_END_CHARS = (".", "?", "!", "؟", "…")

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self._punkt = _punkt(lang, self.SENTENCE_END_CHARS)
        self._number_words = NUMBER_ABBREVIATIONS.get(lang, NUMBER_ABBREVIATIONS["en"])

    def cuts(self, text: str, start: int, end: int) -> list[int]:
        line = text[start:end]
        return [start + a for a, _ in self._punkt.span_tokenize(line)][1:]

    def keeps(self, text: str, cut: int, end: int) -> bool:
        """Not after a list item's number, nor between `No.`, `p.`, `art.` and their number."""
        return not (rules.is_list_marker(text, cut)
                    or rules.is_number_after_abbreviation(text, cut, end, self._number_words))


class LatinSegmenter(PunktSegmenter):
    """Cased scripts: a full stop before a lower-case word, or ending an ordinal number before
    a word such as a month name, does not end a sentence; `...` before a capital does."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self._ordinal_followers = ORDINAL_FOLLOWERS.get(lang, frozenset())

    def cuts(self, text: str, start: int, end: int) -> list[int]:
        return super().cuts(text, start, end) + rules.ellipsis_cuts(text, start, end)

    def keeps(self, text: str, cut: int, end: int) -> bool:
        return super().keeps(text, cut, end) and not (
            rules.starts_lowercase(text, cut, end)
            or rules.is_ordinal_before(text, cut, end, self._ordinal_followers))


class ArabicSegmenter(PunktSegmenter):
    """Arabic script: also cut where a sentence mark is glued to the next word, and at the Urdu
    full stop `۔`; a single letter with a full stop is an initial (`ج. بوش`), as no case
    tells Punkt so."""

    SENTENCE_END_CHARS = (*PunktSegmenter.SENTENCE_END_CHARS, "۔")

    def cuts(self, text: str, start: int, end: int) -> list[int]:
        return super().cuts(text, start, end) + rules.glued_arabic_cuts(text, start, end)

    def keeps(self, text: str, cut: int, end: int) -> bool:
        return super().keeps(text, cut, end) and not rules.is_single_letter_before(text, cut)


class CjkSegmenter(Segmenter):
    """Chinese and Japanese: a sentence ends at a full-width mark (。！？) and the next starts
    without a space, which Punkt (it needs whitespace after the mark) never cuts at."""

    def cuts(self, text: str, start: int, end: int) -> list[int]:
        return rules.cjk_cuts(text, start, end)

    def keeps(self, text: str, cut: int, end: int) -> bool:
        return not rules.quote_continues(text, cut, end)


# Language → segmenter class; languages not listed get the Latin rules with English parameters.
SEGMENTERS: dict[str, Callable[[str], Segmenter]] = {
    "ar": ArabicSegmenter,
    "fa": ArabicSegmenter,
    "ur": ArabicSegmenter,
    "en": LatinSegmenter,
    "fr": LatinSegmenter,
    "de": LatinSegmenter,
    "zh": CjkSegmenter,
    "ja": CjkSegmenter,
}


@functools.lru_cache(maxsize=32)
def get_segmenter(lang: str) -> Segmenter:
    """The segmenter for a language code (cached: Punkt objects are reusable)."""
    code = language_code(lang)
    return SEGMENTERS.get(code, LatinSegmenter)(code)


def segment(text: str, lang: str) -> list[Span]:
    """Sentence spans of `text` in language `lang`: see `Segmenter.segment`."""
    return get_segmenter(lang).segment(text)


@functools.cache
def _punkt_module() -> ModuleType:
    """`nltk.tokenize.punkt`, loaded without running `nltk`'s package `__init__`.

    `import nltk` imports everything the toolkit has, collocations → metrics → scipy.stats among
    it: 2.5–4.5 s of every command that segments (about half of `corpus align seeds/`), for a
    module that needs a handful of nltk's own small ones. It is loaded under stand-ins for the
    `nltk` and `nltk.tokenize` packages, and every nltk module that brought in is taken out of
    `sys.modules` again, so the caller's own `import nltk` later gets the whole package as
    usual. If nltk's layout ever makes this fail, the plain import is used.
    """
    before = set(sys.modules)
    try:
        for name in ("nltk", "nltk.tokenize"):
            if name not in sys.modules:
                stand_in = ModuleType(name)
                stand_in.__path__ = list(importlib.util.find_spec(name).submodule_search_locations)
                sys.modules[name] = stand_in
        return importlib.import_module("nltk.tokenize.punkt")
    # How a changed nltk layout breaks the shortcut: a module or name gone (ImportError), no spec
    # or a stand-in lacking what punkt reaches for (AttributeError), a spec without search
    # locations (TypeError), a module already in sys.modules without a spec (ValueError).
    except (ImportError, AttributeError, TypeError, ValueError):
        pass  # the plain import below is the answer
    finally:
        for name in set(sys.modules) - before:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]
    return importlib.import_module("nltk.tokenize.punkt")


def _punkt(lang: str, end_chars: tuple[str, ...]) -> PunktSentenceTokenizer:
    import regex

    punkt = _punkt_module()

    closing = regex.escape(CLOSING_PUNCTUATION.get(lang, CLOSING_PUNCTUATION["en"]))

    class LanguageVars(punkt.PunktLanguageVars):
        sent_end_chars = end_chars
        # Punkt's default also moves opening quotes ("« ", "‘") back onto the previous sentence.
        re_boundary_realignment = regex.compile(rf"[{closing}]+?(?:\s+|(?=--)|$)",
                                                regex.MULTILINE)

        # NLTK >= 3.9.3 runs its (linear) patterns under a 5-second wall-clock limit per call;
        # on a one-line file of a few MB on a busy machine that raised TimeoutError. The same
        # patterns, compiled without the limit:
        @functools.cached_property
        def _untimed(self) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
            timed = (punkt.PunktLanguageVars.period_context_re(self),
                     punkt.PunktLanguageVars._word_tokenizer_re(self))
            return tuple(regex.compile(p.pattern, p.flags) for p in timed)

        def period_context_re(self) -> regex.Pattern[str]:
            return self._untimed[0]

        def _word_tokenizer_re(self) -> regex.Pattern[str]:
            return self._untimed[1]

    params = punkt.PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS.get(lang, ABBREVIATIONS["en"]))
    params.sent_starters = set(SENTENCE_STARTERS.get(lang, SENTENCE_STARTERS["en"]))
    return punkt.PunktSentenceTokenizer(params, lang_vars=LanguageVars())
