"""Property tests: the segmenter never loses, alters or reorders text, in any language.

"Lossless" is checked exactly: the spans are in order, do not overlap, start and end on
non-whitespace, never cross a newline, and what lies between them is whitespace only, so
spans + gaps rebuild the input character for character.
"""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.read import build_document, normalize_text
from corpus.segment import segment

LANGS = ("ar", "fr", "en", "de", "fa", "fi", "und")

# Pieces that exercise the rules: sentence marks, abbreviations, ordinals, quotes, numbers,
# glued Arabic marks, ellipses, newlines and exotic spaces.
PIECES = (
    ". ", "? ", "! ", "؟", "…", "...", "\n", "\n\n", " ", "\u00a0", "\u2009", "\t",
    "M. ", "Mr. ", "Dr. ", "z.B. ", "etc. ", "3. ", "19. ", "2.5", "« ", " »", "“", "”", "\"",
    "'", "(", ")", "—", "-", "،", "؛", "Oktober", "janvier", "the", "Le", "die", "قال",
    "سان فرانسيسكو.وتعرضت", "e\u0301", "\u200d", "\u202e", "\U0001f600", "A", "a", "É", "ß",
)
LETTERS = string.ascii_letters + "éèàçœÉÀäöüßÄÖÜابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإىةپچژگ"

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(LETTERS, min_size=1, max_size=8)),
                 max_size=60).map("".join)
any_unicode = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


def check_lossless(text: str, spans: list[tuple[int, int]]) -> None:
    position = 0
    pieces = []
    for start, end in spans:
        assert position <= start < end <= len(text), (position, start, end)
        gap = text[position:start]
        assert gap.strip() == "", repr(gap)
        sentence = text[start:end]
        assert sentence == sentence.strip() and "\n" not in sentence, repr(sentence)
        pieces += [gap, sentence]
        position = end
    assert text[position:].strip() == ""
    assert "".join(pieces) + text[position:] == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, lang=st.sampled_from(LANGS))
def test_segmenter_is_lossless_on_news_like_text(text: str, lang: str) -> None:
    check_lossless(text, segment(text, lang))


@settings(max_examples=200, deadline=None)
@given(text=any_unicode, lang=st.sampled_from(LANGS))
def test_segmenter_is_lossless_on_any_unicode(text: str, lang: str) -> None:
    check_lossless(text, segment(text, lang))


@settings(max_examples=100, deadline=None)
@given(text=texts, lang=st.sampled_from(LANGS))
def test_segmenter_is_deterministic(text: str, lang: str) -> None:
    assert segment(text, lang) == segment(text, lang)


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(texts, any_unicode), lang=st.sampled_from(("ar", "fr", "en", "de")))
def test_documents_keep_every_character_of_the_normalised_text(text: str, lang: str) -> None:
    """Through `build_document`: every sentence is the text at its offsets, in order, and the
    sentences hold every non-space character of the normalised text."""
    normalised = normalize_text(text)
    if not normalised.strip():
        return
    document = build_document(normalised, "doc", lang=lang)
    previous_end = 0
    for i, sentence in enumerate(document.sentences):
        assert sentence.index == i
        assert document.text[sentence.start:sentence.end] == sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
    covered = "".join(s.text for s in document.sentences)
    assert "".join(covered.split()) == "".join(normalised.split())
