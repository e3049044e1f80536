"""Calibrated bead scores: P(bead is right) from a small logistic model per bead kind.

Features of a link: its similarity, the margin over the same bead shifted by one sentence on
either side (how clearly this is the place), the length surprise and its shape. Features of an
unlinked sentence: its best similarity to the sentences across from it (low means it really has
no counterpart). The coefficients are fitted on Text+Berg dev only by scripts/calibrate_align.py
(logistic regression against strict correctness in the gold); rerun it to refit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from corpus.align.costs import CostModel
from corpus.align.evidence import margins

# Fitted by scripts/calibrate_align.py on Text+Berg dev (google, europarl full/light, SACunidir and
# no-MT runs pooled: 1,953 links, 221 unlinked sentences). The similarity itself got weight 0: the
# margin carries its information (a negative fit from collinearity was dropped by the script).
# Order: intercept, similarity, margin, length surprise, is 1-1, extra sentences.
LINK_COEFFICIENTS = (3.149, 0.000, 1.587, -0.396, -0.758, -1.003)
# Order: intercept, best similarity across, log(1 + sentence length in characters).
SKIP_COEFFICIENTS = (2.841, -17.142, -0.254)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def link_features(model: CostModel, src: Sequence[tuple[int, ...]],
                  tgt: Sequence[tuple[int, ...]]) -> np.ndarray:
    """One row per link: the features named in LINK_COEFFICIENTS (after the intercept)."""
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


def probability(features: np.ndarray, coefficients: Sequence[float]) -> np.ndarray:
    coef = np.asarray(coefficients, dtype=float)
    if not len(features):
        return np.zeros(0)
    return _logistic(coef[0] + features @ coef[1:])
