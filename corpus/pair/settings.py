"""Options of document pairing; every field ends up in the provenance signature."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class PairSettings:
    """Thresholds of the counterpart decision (tuned on the seeds, see docs/DESIGN.md).

    A pair is comparable from `word_similarity` (same language, or bridged by MT) or
    `anchor_similarity` (MT-free across languages: numbers and names). Pairs under `screen` x that
    threshold are not even aligned (unless forced), nor are pairs that do not stand out among a
    crowded document's candidates (`margin`, corpus/pair/margin.py). An aligned pair's links are
    *confident* from `confident_link`; the share of each side's sentences in them is its
    coverage. Parallel: both coverages reach `parallel_coverage` (with at least `min_links`
    links). Coverage alone never makes a pair comparable: the aligner's scores are calibrated on
    parallel text, and it links two unrelated articles of one language with confidence (seeds
    000/001: 0.85).
    """

    SIGNATURE_PREFIX: ClassVar[str] = "pair"

    word_similarity: float = 0.3
    anchor_similarity: float = 0.07
    screen: float = 0.5
    confident_link: float = 0.5
    parallel_coverage: float = 0.6
    min_links: int = 2
    # Blocking (corpus/pair/blocking.py): signature keys shared by more documents than this are
    # ignored, and each document keeps at most this many best partners per language.
    signature_max_df: int = 50
    max_candidates: int = 5
    # Relative screen (corpus/pair/margin.py): in a full candidate list, a counterpart's
    # similarity / threshold is at least this many times the mean of the others'.
    margin: float = 2.0
    # Direction of a pair: these languages are always the target side (in this order), the others
    # come first alphabetically; so `ar-fr`, `ar-en`, `fr-en`, `de-fr`.
    target_languages: tuple[str, ...] = ("en",)

    def __post_init__(self) -> None:
        for name in ("word_similarity", "anchor_similarity", "screen", "confident_link",
                     "parallel_coverage"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie between 0 and 1")
        for name in ("min_links", "max_candidates"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.margin < 0.0:
            raise ValueError("margin must not be negative")
        if self.signature_max_df < 2:
            raise ValueError("signature_max_df must be at least 2")
