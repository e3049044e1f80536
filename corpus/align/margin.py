"""Ratio margin: how far a link stands above its sentences' nearest alternatives.

The comparable search links whatever beats the pair's chance similarity, so two unrelated texts
of one domain (two mountaineering reports) still get a chain of links: in any large crowd of
strangers some pairs beat chance, and a monotone path strings the best of them together. Such a
pair is no more similar than each of its sentences is to its other near matches, while a real
counterpart stands out from them. Margin-based bitext mining (Artetxe & Schwenk, 2019) scores a
pair by its similarity over the mean similarity of each side's k nearest neighbours; here that
ratio tells whether a comparable pair is related at all, and if not, which few links stand out
enough to keep (`chance_links`).

Measured on Text+Berg dev (docs/DESIGN.md): between unrelated halves of the article (the German
of one half against the French of the other, and each language against itself) 4-14 % of the
comparable path's links have a margin of 2 or more; in the comparable pairs made from dev (a
tenth to three quarters of the French replaced by strangers) 28-44 %, in the seeds' three
comparable pairs 50-80 %.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import bdtrc

from corpus.align.beads import Pair
from corpus.align.similarity import GroupSimilarity

NEIGHBOURS = 4  # k of the k nearest neighbours (Artetxe & Schwenk use 4)
STANDOUT_MARGIN = 2.0  # a link at least twice as similar as its sentences' near matches
# Share of an unrelated pair's links that stand out by chance (dev halves: 0.04-0.14, pooled
# 0.085), and the p-value below which more of them than that says the pair is related.
CHANCE_STANDOUT_SHARE = 0.1
RELATED_P_VALUE = 0.05
# Fewer links than this say too little either way: they are kept (the seeds' comparable pairs
# have 5-7, all standing out 1.4-6 times).
MIN_TESTED_LINKS = 10
# Links whose neighbours are looked for at once (bounds the similarity blocks' memory), and how
# far from a link its neighbours are looked for (bounds the work in long texts; wider than any
# Text+Berg article).
CHUNK = 128
WINDOW = 500


def _nearest_mean(sims: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Mean of each row's NEIGHBOURS largest values, the column `own[r]` of row r left out."""
    sims = sims.copy()
    sims[np.arange(len(sims)), own] = -np.inf
    k = min(NEIGHBOURS, sims.shape[1] - 1)
    if k < 1:
        return np.zeros(len(sims))
    top = -np.partition(-sims, k - 1, axis=1)[:, :k]
    return np.where(np.isfinite(top), top, 0.0).mean(axis=1)


def ratio_margins(similarity: GroupSimilarity, links: Sequence[Pair],
                  window: int | None = WINDOW) -> np.ndarray:
    """Each link's ratio margin: the similarity of its most similar sentence pair over the
    mean of that source sentence's and that target sentence's NEIGHBOURS nearest other
    matches (within `window` sentences of the pair on the other side; None: anywhere)."""
    out = np.zeros(len(links))
    n, m = similarity.n, similarity.m
    for start in range(0, len(links), CHUNK):
        chunk = links[start:start + CHUNK]
        cores = [_core(similarity, link) for link in chunk]
        src = np.array([i for i, _ in cores])
        tgt = np.array([j for _, j in cores])
        cols = _span(tgt, m, window)
        rows = _span(src, n, window)
        across = similarity.matrix(src, cols)  # each core source sentence vs the targets
        down = similarity.matrix(rows, tgt).T  # each core target sentence vs the sources
        if window is not None:
            across[np.abs(cols[None, :] - tgt[:, None]) > window] = -np.inf
            down[np.abs(rows[None, :] - src[:, None]) > window] = -np.inf
        at = np.searchsorted(cols, tgt)  # each link's own column in `across`
        own = across[np.arange(len(chunk)), at]
        neighbours = (_nearest_mean(across, at)
                      + _nearest_mean(down, np.searchsorted(rows, src))) / 2
        out[start:start + len(chunk)] = own / np.maximum(neighbours, 1e-9)
    return out


def _span(indices: np.ndarray, size: int, window: int | None) -> np.ndarray:
    if window is None:
        return np.arange(size)
    return np.arange(max(0, int(indices.min()) - window),
                     min(size, int(indices.max()) + window + 1))


def _core(similarity: GroupSimilarity, link: Pair) -> tuple[int, int]:
    """The link's most similar (source, target) sentence pair."""
    src, tgt = link
    if len(src) == len(tgt) == 1:
        return src[0], tgt[0]
    sims = similarity.matrix(src, tgt)
    a, b = np.unravel_index(int(np.argmax(sims)), sims.shape)
    return src[a], tgt[b]


def chance_links(similarity: GroupSimilarity, links: Sequence[Pair]) -> list[bool]:
    """Which of a comparable path's `links` to drop as chance: none if more of them stand out
    (ratio margin of STANDOUT_MARGIN or more) than an unrelated pair's would (one-sided
    binomial test) or if they are fewer than MIN_TESTED_LINKS; else all that do not stand out."""
    if len(links) < MIN_TESTED_LINKS:
        return [False] * len(links)
    standing = ratio_margins(similarity, links) >= STANDOUT_MARGIN
    # P(at least that many stand out | unrelated): scipy.special's binomial tail, as
    # scipy.stats costs 1.7 s to import.
    if bdtrc(int(standing.sum()) - 1, len(links), CHANCE_STANDOUT_SHARE) < RELATED_P_VALUE:
        return [False] * len(links)
    return list(~standing)
