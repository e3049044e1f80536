"""Sentence segmentation: lossless sentence spans over normalised text, per language."""

from corpus.segment.segmenter import (
    ArabicSegmenter,
    LatinSegmenter,
    PunktSegmenter,
    Segmenter,
    get_segmenter,
    segment,
)

__all__ = [
    "ArabicSegmenter",
    "LatinSegmenter",
    "PunktSegmenter",
    "Segmenter",
    "get_segmenter",
    "segment",
]
