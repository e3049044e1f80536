"""Sentence alignment of one document pair: MT-bridged similarity, banded DP, calibrated scores.

`align_sentences` is imported on first use: it brings numpy and scipy, which reading or scoring
a ladder (`corpus eval`) does not need (its start-up was 2 s, most of it those imports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corpus.align.beads import BeadType, bead_types
from corpus.align.ladder import format_ladder, parse_ladder, read_ladder, write_ladder
from corpus.align.settings import AlignSettings

if TYPE_CHECKING:
    from corpus.align.aligner import align_sentences

__all__ = [
    "AlignSettings",
    "BeadType",
    "align_sentences",
    "bead_types",
    "format_ladder",
    "parse_ladder",
    "read_ladder",
    "write_ladder",
]


def __getattr__(name: str) -> Any:
    if name == "align_sentences":
        from corpus.align.aligner import align_sentences

        return align_sentences
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
