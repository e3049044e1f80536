"""Decoded text → the normalised text that every sentence offset points into.

Normalisation happens once, before segmentation, so offsets stay valid for every later stage and
every output (TMX, TEI, XCES) can carry the text without escaping problems.
"""

from __future__ import annotations

import unicodedata

import regex

# Line ends of every platform (and the Unicode line/paragraph separators) become "\n".
_LINE_BREAKS = regex.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What XML 1.0 cannot carry (C0 controls except tab/newline, surrogates, U+FFFE/U+FFFF), plus the
# C1 controls XML discourages and stray byte-order marks, which are never content.
_XML_ILLEGAL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def normalize_text(text: str) -> str:
    """Unify line ends, drop characters XML cannot carry, and compose to NFC."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _XML_ILLEGAL.sub("", text)
    return unicodedata.normalize("NFC", text)
