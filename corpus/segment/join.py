"""Sentences of one side of a link joined back into one text, the inverse of segmentation.

Sentences are joined by a space, except where a Chinese or Japanese sentence meets the next
one: those scripts put no space between sentences (今天很好。我们走吧), and a TMX segment or a
TSV cell with one inserted reads as a typo to a translator and misleads a CAT tool's matching.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from corpus.segment.rules import CJK_LETTERS

# Letters and punctuation of the scripts written without spaces: Han, kana, CJK punctuation
# (、。「」…) and the full-width forms (！？（）).
_UNSPACED = rf"[{CJK_LETTERS}\u3000-\u303f\uff01-\uff60]"
# Quotes and brackets may stand between a sentence and the script of its edge.
_ENDS_UNSPACED = regex.compile(_UNSPACED + r"[\p{Pe}\p{Pf}\"']*$")
_STARTS_UNSPACED = regex.compile(r"^[\p{Ps}\p{Pi}\"']*" + _UNSPACED)


def join_sentences(sentences: Iterable[str]) -> str:
    """`sentences` in order as one text: a space between two, none between two CJK ones."""
    out: list[str] = []
    for sentence in sentences:
        if out and not (_ENDS_UNSPACED.search(out[-1]) and _STARTS_UNSPACED.match(sentence)):
            out.append(" ")
        out.append(sentence)
    return "".join(out)
