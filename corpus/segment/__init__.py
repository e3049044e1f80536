"""Sentence segmentation: lossless sentence spans over normalised text, per language."""

from corpus.segment.segmenter import (
    ArabicSegmenter,
    CjkSegmenter,
    LatinSegmenter,
    PunktSegmenter,
    Segmenter,
    get_segmenter,
    segment,
)

__all__ = [
    "ArabicSegmenter",
    "CjkSegmenter",
    "LatinSegmenter",
    "PunktSegmenter",
    "Segmenter",
    "get_segmenter",
    "segment",
]
