"""Sentence alignment of one document pair: MT-bridged similarity, banded DP, calibrated scores."""

from corpus.align.aligner import align_sentences
from corpus.align.beads import BeadType, bead_types
from corpus.align.ladder import format_ladder, parse_ladder, read_ladder, write_ladder
from corpus.align.settings import AlignSettings

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
