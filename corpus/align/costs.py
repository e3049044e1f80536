"""The cost of a bead: dissimilarity, length surprise and a shape prior, as lattice arrays."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import numpy as np
from scipy.special import log_ndtr

from corpus.align.beads import BeadType
from corpus.align.dp import Band, CostBlock
from corpus.align.settings import AlignSettings
from corpus.align.similarity import GroupSimilarity

# Gale & Church (1993) variance of the target/source length difference per source character;
# used until the text's own variance is known from confident links.
GALE_CHURCH_VARIANCE = 6.8
MAX_LENGTH_SURPRISE = 25.0
# -log P(|Z| >= delta) tabulated (log_ndtr was the slowest array op of the search); looked up
# at the step below delta (slope <= ~8 there, so within 0.03), delta >= 8 is past the cap.
_DELTA_STEP = 1 / 256
_SURPRISE_TABLE = np.minimum(-(np.log(2.0) + log_ndtr(-np.arange(0, 8 + _DELTA_STEP, _DELTA_STEP))),
                             MAX_LENGTH_SURPRISE)


class CostModel:
    """Everything the dynamic programme needs to price beads of one document pair."""

    def __init__(self, similarity: GroupSimilarity, src_len: np.ndarray, tgt_len: np.ndarray,
                 settings: AlignSettings, variance: float | None = None,
                 ratio: float | None = None) -> None:
        self.similarity = similarity
        self.settings = settings
        self.src_cum = np.concatenate(([0.0], np.cumsum(src_len, dtype=np.float64)))
        self.tgt_cum = np.concatenate(([0.0], np.cumsum(tgt_len, dtype=np.float64)))
        # Target characters per source character: the texts' totals unless told (a comparable
        # pair's totals say how much of the story each side tells, not how translation grows).
        self.ratio = (ratio if ratio is not None
                      else max(self.tgt_cum[-1], 1.0) / max(self.src_cum[-1], 1.0))
        self.variance = variance if variance is not None else GALE_CHURCH_VARIANCE * self.ratio

    def length_surprise(self, src_chars: np.ndarray, tgt_chars: np.ndarray) -> np.ndarray:
        """-log P(|delta| this large) under the Gale-Church normal model of length differences."""
        scale = np.sqrt(self.variance * np.maximum((src_chars + tgt_chars / self.ratio) / 2, 1.0))
        delta = np.abs(tgt_chars - self.ratio * src_chars) / scale
        index = np.minimum(delta * (1 / _DELTA_STEP), len(_SURPRISE_TABLE) - 1).astype(np.int32)
        return _SURPRISE_TABLE[index]

    def dissimilarity(self, sim: np.ndarray) -> np.ndarray:
        """-log of a similarity (floored): unrelated sentences sit near 0.01-0.05, true links
        anywhere from 0.1 up, and -log keeps the cost spread where it tells them apart."""
        floor = self.settings.similarity_floor
        return -np.log((np.maximum(sim, 0.0) + floor) / (1 + floor))

    def link_cost(self, kind: BeadType, sim: np.ndarray, surprise: np.ndarray,
                  members: Sequence[np.ndarray] = (),
                  member_costs: Sequence[np.ndarray] = ()) -> np.ndarray:
        """Cost of links of shape `kind` with group similarity `sim`.

        A 1-1 link pays the dissimilarity of its two sentences. A merge pays, for each member,
        the dissimilarity of that member to the whole other side (`member_costs`, from the
        similarities `members`), halved so that a 1-1 pays once: every sentence must be
        explained by the other side. The group's own similarity would let a strong member
        carry a weak one (the cosine of sums is dominated by the larger vectors), which made
        two good 1-1 links with an odd length cheaper as one 2-2 (docs/DESIGN.md).
        """
        s = self.settings
        extra = kind.src + kind.tgt - 2
        dissimilarity = sum(member_costs) / 2 if extra else self.dissimilarity(sim)
        cost = (s.similarity_weight * dissimilarity + s.length_weight * surprise
                + s.merge_penalty * extra)
        if s.unrelated_links:
            cost = cost + np.where(sim < s.unrelated_similarity, s.skip_cost, 0.0)
        if extra:
            # Gluing an unrelated sentence into a bead must never be cheaper than skipping it.
            weakest = reduce(np.minimum, members)  # pairwise: no stacked copy of the members
            cost = cost + np.where(weakest < s.unrelated_similarity, s.skip_cost, 0.0)
            if s.member_weight:
                cost = cost + s.member_weight * self.dissimilarity(weakest)
        return np.where(np.isnan(sim), np.inf, cost)

    def cost_block(self, band: Band, types: Sequence[BeadType]) -> CostBlock:
        n, m = self.similarity.n, self.similarity.m

        def costs(i0: int, i1: int) -> dict[BeadType, np.ndarray]:
            rows = np.arange(i0, i1)[:, None]
            width = int(band.widths[i0:i1].max())
            # Every row is priced `width` cells wide; a narrower row near the end of the text
            # starts earlier so that its cells stay in the lattice, and is read from there.
            first = band.offsets[i0:i1]
            start = np.minimum(first, m + 1 - width)
            cols = start[:, None] + np.arange(width)
            block = self.similarity.block(rows, cols, types, band.narrowest)
            member_costs = {key: self.dissimilarity(sim) for key, sim in block.members.items()}
            out = {}
            r = np.clip(rows, 0, n)
            c = np.clip(cols, 0, m)
            for kind in types:
                src_chars = self.src_cum[r] - self.src_cum[np.maximum(r - kind.src, 0)]
                tgt_chars = self.tgt_cum[c] - self.tgt_cum[np.maximum(c - kind.tgt, 0)]
                surprise = self.length_surprise(src_chars, tgt_chars)
                keys = block.member_keys.get(kind, ())
                out[kind] = self.link_cost(kind, block.groups[kind], surprise,
                                           [block.members[k] for k in keys],
                                           [member_costs[k] for k in keys])
            if (start < first).any():
                take = np.minimum((first - start)[:, None] + np.arange(width), width - 1)
                out = {kind: np.take_along_axis(c, take, axis=1) for kind, c in out.items()}
            return out

        return costs

    def delete_costs(self) -> np.ndarray:
        return np.full(self.similarity.n, self.settings.skip_cost)

    def insert_costs(self) -> np.ndarray:
        return np.full(self.similarity.m, self.settings.skip_cost)
