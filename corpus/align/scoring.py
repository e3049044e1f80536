"""Calibrated bead scores: P(bead is right) from a small logistic model per bead kind.

Features of a link: its similarity, the margin over the same bead shifted by one sentence on
either side (how clearly this is the place), the length surprise and its shape. Features of an
unlinked sentence: its best similarity to the sentences across from it (low means it really has
no counterpart). The coefficients are fitted on Text+Berg dev only by scripts/calibrate_align.py
(logistic regression against strict correctness in the gold); rerun it to refit.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.align.beads import Pair
from corpus.align.costs import CostModel
from corpus.align.evidence import margins

# Fitted by scripts/calibrate_align.py on Text+Berg dev (google, europarl full/light, SACunidir and
# no-MT runs, and each system's French rendering against the French, pooled: 3,140 links, 428
# unlinked sentences; crossing links apart, see CROSSING_SHIFT). The similarity itself got
# weight 0: the margin carries its information (a negative fit from collinearity was dropped
# by the script).
# Order: intercept, similarity, margin, length surprise, is 1-1, extra sentences.
LINK_COEFFICIENTS = (2.599, 0.000, 0.953, -0.430, -0.063, -0.653)
# Order: intercept, best similarity across, log(1 + sentence length in characters).
SKIP_COEFFICIENTS = (2.359, -9.757, -0.357)
# Log-odds added to a link that crosses the others (off the longest run of links in order: the
# out-of-order pass's links): the link model, fitted on links in order, is over-confident on
# them. Fitted by scripts/calibrate_align.py on moved passages made from Text+Berg dev and on
# the swapped pairs the pass splits there.
CROSSING_SHIFT = -1.129


@dataclass(frozen=True)
class BeadFeatures:
    """Feature rows of a path's links and unlinked sentences, with their bead positions."""

    links: list[int]
    link_rows: np.ndarray
    lone: list[int]
    lone_rows: np.ndarray
    crossing: np.ndarray  # per link: whether it crosses the others

    def scores(self, size: int) -> np.ndarray:
        """P(right) of each of the path's `size` beads."""
        out = np.zeros(size)
        out[self.links] = link_probability(self.link_rows, self.crossing)
        out[self.lone] = probability(self.lone_rows, SKIP_COEFFICIENTS)
        return out


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def bead_features(model: CostModel, pairs: Sequence[Pair]) -> BeadFeatures:
    """Features of every bead of a path (the ones the coefficients above name)."""
    links = [k for k, (s, t) in enumerate(pairs) if s and t]
    lone, lone_rows = [], [np.zeros((0, 2))]
    for found, on_source in zip(unlinked_context(pairs), (True, False), strict=True):
        if found:
            lone += [x[0] for x in found]
            lone_rows.append(skip_features(model, [x[1] for x in found], [x[2] for x in found],
                                           on_source))
    return BeadFeatures(links, link_features(model, [pairs[k][0] for k in links],
                                             [pairs[k][1] for k in links]),
                        lone, np.vstack(lone_rows),
                        crossing_links([pairs[k][1][0] for k in links]))


def crossing_links(targets: Sequence[int]) -> np.ndarray:
    """Which links (first target sentences, in source order) are off the longest increasing
    run of targets: the fewest links whose removal leaves the rest in order."""
    tails: list[int] = []  # tails[k]: target of the last link of the best run of length k+1
    tail_at: list[int] = []  # ... and that link's index
    before = [-1] * len(targets)
    for i, t in enumerate(targets):
        k = bisect.bisect_left(tails, t)
        before[i] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(t)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = t, i
    out = np.ones(len(targets), dtype=bool)
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out[i] = False
        i = before[i]
    return out


def link_probability(rows: np.ndarray, crossing: np.ndarray) -> np.ndarray:
    """P(right) of links with feature `rows`, those that cross the others shifted."""
    return probability(rows, LINK_COEFFICIENTS, CROSSING_SHIFT * crossing)


def unlinked_context(pairs: Sequence[Pair]) -> tuple[list[tuple[int, int, int]],
                                                     list[tuple[int, int, int]]]:
    """(bead position, sentence, position across) of lone source and lone target sentences."""
    tgt_pos = src_pos = 0
    lone_src, lone_tgt = [], []
    for k, (s, t) in enumerate(pairs):
        if s and not t:
            lone_src.append((k, s[0], tgt_pos))
        elif t and not s:
            lone_tgt.append((k, t[0], src_pos))
        if t:
            tgt_pos = t[-1] + 1
        if s:
            src_pos = s[-1] + 1
    return lone_src, lone_tgt


def link_features(model: CostModel, src: Sequence[tuple[int, ...]],
                  tgt: Sequence[tuple[int, ...]]) -> np.ndarray:
    """One row per link: similarity, margin, length surprise, is 1-1, extra sentences."""
    if not len(src):
        return np.zeros((0, 5))
    sim, margin = margins(model.similarity, src, tgt)
    src_chars = np.array([sum(model.src_cum[i + 1] - model.src_cum[i] for i in s) for s in src])
    tgt_chars = np.array([sum(model.tgt_cum[j + 1] - model.tgt_cum[j] for j in t) for t in tgt])
    surprise = model.length_surprise(src_chars, tgt_chars)
    sizes = np.array([len(s) + len(t) for s, t in zip(src, tgt, strict=True)], dtype=float)
    return np.column_stack([sim, margin, surprise, sizes == 2, sizes - 2]).astype(float)


def skip_features(model: CostModel, index: Sequence[int], near: Sequence[int],
                  on_source: bool) -> np.ndarray:
    """One row per unlinked sentence: best similarity to the 3 sentences across, log length."""
    sim_model = model.similarity
    size = sim_model.m if on_source else sim_model.n
    best = np.zeros(len(index))
    for d in (-1, 0, 1):
        across = [(min(max(j + d, 0), size - 1),) for j in near]
        if size == 0:
            break
        own = [(i,) for i in index]
        sims = (sim_model.of_beads(own, across) if on_source
                else sim_model.of_beads(across, own))
        best = np.maximum(best, sims)
    cum = model.src_cum if on_source else model.tgt_cum
    chars = np.array([cum[i + 1] - cum[i] for i in index], dtype=float)
    return np.column_stack([best, np.log1p(chars)])


def probability(features: np.ndarray, coefficients: Sequence[float],
                offset: np.ndarray | float = 0.0) -> np.ndarray:
    """The logistic model's P(right) of each feature row, `offset` added to its log-odds."""
    coef = np.asarray(coefficients, dtype=float)
    if not len(features):
        return np.zeros(0)
    return _logistic(coef[0] + features @ coef[1:] + offset)
