"""Merge refinement: glue a lone sentence into its neighbouring link when MT says it belongs there.

The bead search prices a merge by the cosine of summed tf-idf vectors plus a penalty for its
weakest member, which is cautious by design (gluing unrelated text must not beat skipping it),
so sentences that complete a translation are often left 1-0/0-1 next to the link they belong
to. After the search, each such sentence is tested against the adjacent link with a chrF-style
score of the MT text against the other side: character 1-6-gram precision and recall (clipped
counts, spaces removed), F1, per MT direction. The sentence joins the link only
if the F-score rises (in either MT direction), i.e. its n-grams fill more of the other side than
they add unmatched; no threshold is tuned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.align.beads import Pair
from corpus.align.features import normalize_all
from corpus.align.vectors import ngram_keys

MAX_ORDER = 6  # chrF's character n-gram orders: 1..6
_ORDER_BITS = np.uint32(7)  # `ngram_keys` keeps the order n in a key's low 3 bits
# `ngram_keys` pads every text with a space on each side; its unigram would count sentences.
_SPACE_KEY = ngram_keys([""], 1, 1)[1][0]


@dataclass(frozen=True)
class Histogram:
    """The n-grams of one text: sorted distinct `ngram_keys` keys, their counts, and the total
    count per order (index n)."""

    keys: np.ndarray
    counts: np.ndarray
    totals: np.ndarray

    @classmethod
    def of(cls, keys: np.ndarray) -> Histogram:
        distinct, counts = np.unique(keys, return_counts=True)
        return cls(distinct, counts,
                   np.bincount(distinct & _ORDER_BITS, counts, minlength=MAX_ORDER + 1))


def chrf(hypothesis: Histogram, reference: Histogram) -> float:
    """F1 of n-gram precision and recall (clipped counts) averaged over the orders both have."""
    both = (hypothesis.totals > 0) & (reference.totals > 0)
    if not both.any():
        return 0.0
    ref_keys = reference.keys
    at = np.minimum(np.searchsorted(ref_keys, hypothesis.keys), len(ref_keys) - 1)
    hit = ref_keys[at] == hypothesis.keys
    matched = np.bincount(hypothesis.keys[hit] & _ORDER_BITS,
                          np.minimum(hypothesis.counts[hit], reference.counts[at[hit]]),
                          minlength=MAX_ORDER + 1)
    orders = int(both.sum())
    precision = float((matched[both] / hypothesis.totals[both]).sum()) / orders
    recall = float((matched[both] / reference.totals[both]).sum()) / orders
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def char_keys(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, key) of the character 1-6-grams of each text, normalised and spaces removed.

    As in chrF there are no spaces; the n-grams over `ngram_keys`' padding at each end stay
    (a sentence's first and last letters), the bare padding (which would count sentences) not.
    """
    rows, keys = ngram_keys([t.replace(" ", "") for t in normalize_all(texts)], 1, MAX_ORDER)
    keep = keys != _SPACE_KEY
    return rows[keep], keys[keep]


class _SideKeys:
    """`char_keys` of some sentences of one text, by sentence; histograms of their groups."""

    def __init__(self, texts: Sequence[str], indices: Sequence[int]) -> None:
        self.slot = {i: k for k, i in enumerate(indices)}
        rows, self.keys = char_keys([texts[i] for i in indices])
        self.bounds = np.searchsorted(rows, np.arange(len(indices) + 1))
        self._histograms: dict[tuple[int, ...], Histogram] = {}

    def of(self, group: tuple[int, ...]) -> Histogram:
        """The group's histogram: a bead and the bead grown by one sentence share a side."""
        if group not in self._histograms:
            self._histograms[group] = Histogram.of(np.concatenate(
                [self.keys[self.bounds[self.slot[i]]:self.bounds[self.slot[i] + 1]]
                 for i in group]))
        return self._histograms[group]


class BeadFScore:
    """chrF of a bead per MT direction: MT(source group) vs target group, source group vs
    MT(target group).

    Only the sentences in `src_needed`/`tgt_needed` can be scored (n-grams of the rest are not
    computed: they would be the aligner's largest arrays at no use).
    """

    def __init__(self, src: Sequence[str], tgt: Sequence[str], src_mt: Sequence[str] | None,
                 tgt_mt: Sequence[str] | None, src_needed: Sequence[int],
                 tgt_needed: Sequence[int]) -> None:
        self.directions = [(_SideKeys(a, src_needed), _SideKeys(b, tgt_needed))
                            for a, b in ((src_mt, tgt), (src, tgt_mt))
                            if a is not None and b is not None]
        self._cache: dict[Pair, np.ndarray] = {}

    def __call__(self, src_group: tuple[int, ...], tgt_group: tuple[int, ...]) -> np.ndarray:
        key = (src_group, tgt_group)
        if key not in self._cache:
            self._cache[key] = np.array([chrf(left.of(src_group), right.of(tgt_group))
                                         for left, right in self.directions])
        return self._cache[key]


def lone_neighbourhood(pairs: list[Pair]) -> tuple[list[int], list[int]]:
    """Source and target sentences of lone beads and of the links next to them."""
    src, tgt = set(), set()
    for k, (s, t) in enumerate(pairs):
        if bool(s) != bool(t):
            for near in pairs[max(0, k - 1):k + 2]:
                src.update(near[0])
                tgt.update(near[1])
    return sorted(src), sorted(tgt)


def _is_link(pair: Pair) -> bool:
    return bool(pair[0]) and bool(pair[1])


def _joined(link: Pair, lone: Pair) -> Pair:
    return tuple(sorted(link[0] + lone[0])), tuple(sorted(link[1] + lone[1]))


def absorb_lone_sentences(pairs: list[Pair], score: BeadFScore, max_sentences: int) -> list[Pair]:
    """`pairs` (a monotone path) with lone sentences joined to an adjacent link where F rises.

    The gain of a join is the largest rise of F over the MT directions: one poor translation
    should not veto what the other direction shows (on dev it matched or beat the mean and the
    smallest rise for every MT system and both halves). One left-to-right pass; a lone
    sentence between two links joins the one it gains more with. Merged beads stay within
    `max_sentences` sentences (the search's largest bead).
    """

    def gain(link: Pair, lone: Pair) -> float:
        grown = _joined(link, lone)
        if len(grown[0]) + len(grown[1]) > max_sentences or not score.directions:
            return 0.0
        return float(np.max(score(*grown) - score(*link)))

    out: list[Pair] = []
    for k, pair in enumerate(pairs):
        if _is_link(pair):
            while out and not _is_link(out[-1]) and gain(pair, out[-1]) > 0:
                pair = _joined(pair, out.pop())
            out.append(pair)
            continue
        before = gain(out[-1], pair) if out and _is_link(out[-1]) else 0.0
        after = gain(pairs[k + 1], pair) if k + 1 < len(pairs) and _is_link(pairs[k + 1]) else 0.0
        if before > 0 and before >= after:
            out[-1] = _joined(out[-1], pair)
        else:
            out.append(pair)
    return out
