"""Offline language identification with Lingua, restricted to the languages news corpora carry.

Lingua ships its n-gram models inside the wheel (nothing downloads at run time) and is accurate on
short strings, which matters for headlines and captions. Restricting it to a known set of
languages makes it both faster and more accurate; the set keeps Persian and Urdu so that a real
Persian article is not forced into Arabic, and `_arabic_or_persian` settles that confusion from
the letters themselves. Below `MIN_CONFIDENCE`, or without enough letters, the answer is "und".
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import regex

from corpus.language import UNDETERMINED

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["LANGUAGES", "UNDETERMINED", "identify_language"]

# ISO 639-1 codes of the languages the detector chooses among.
LANGUAGES: tuple[str, ...] = (
    "ar", "de", "en", "es", "fa", "fr", "it", "ja", "nl", "pl", "pt", "ru", "tr", "uk", "ur", "zh",
)
# The top language must reach this confidence (measured in docs/DESIGN.md).
MIN_CONFIDENCE = 0.5
# Fewer letters than this is no evidence at all ("OK", "2018", "HQ").
MIN_LETTERS = 4
# Lingua is linear in the text; a few thousand characters decide any article.
MAX_CHARS = 4000

_LETTER = regex.compile(r"\p{L}")
# Letters Persian and Urdu write that Arabic does not (peh, tcheh, jeh, gaf, keheh, farsi yeh...).
_PERSIAN_LETTERS = regex.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba"
                                 r"\u06be\u06c1\u06d2]")
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur"})
_ARABIC_ONLY_LETTERS = regex.compile(r"[\u064a\u0643\u0629]")  # yeh, kaf, teh marbuta


@functools.lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """Build the detector once, on first use (its models load lazily per language)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def identify_language(text: str) -> tuple[str, float]:
    """Return the ISO 639-1 code of `text`'s language and its confidence, or ("und", conf)."""
    sample = text[:MAX_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    values = _detector().compute_language_confidence_values(sample)
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    confidence = float(best.value)
    if code in _ARABIC_SCRIPT and _arabic_or_persian(sample) == "ar":
        # The confidence of "Arabic script" is what the detector spread over its three languages.
        code = "ar"
        # A sum of probabilities can round to just above 1 (1.0000000000000002): clamp it.
        confidence = min(1.0, sum(float(v.value) for v in values
                                  if v.language.iso_code_639_1.name.lower() in _ARABIC_SCRIPT))
    if confidence < MIN_CONFIDENCE:
        return UNDETERMINED, confidence
    return code, confidence


def _arabic_or_persian(text: str) -> str:
    """Arabic when the text writes Arabic-only letter forms more often than Persian/Urdu ones."""
    persian = len(_PERSIAN_LETTERS.findall(text))
    arabic = len(_ARABIC_ONLY_LETTERS.findall(text))
    return "ar" if arabic > persian else "fa"
