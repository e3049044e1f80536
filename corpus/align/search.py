"""Find the cheapest monotone path: whole lattice when small, else a band from a coarse pass.

Coarse-to-fine: sentences are summed into blocks of k (source, at most `MAX_BLOCK`) and about
k*m/n (target), the block pair is aligned the same way (recursively, if still large), and the
fine search runs in a band around the block path. If the fine path touches the band edge, the
band is doubled and the search repeated, so a bad coarse path costs time, not quality.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from corpus.align.beads import BeadType
from corpus.align.costs import CostModel
from corpus.align.dp import Band, fill_and_trace
from corpus.align.similarity import Channel, GroupSimilarity

Path = list[tuple[BeadType, int, int]]
COARSE_TYPES = (BeadType.ONE_ONE, BeadType.ONE_TWO, BeadType.TWO_ONE)
MAX_WIDENINGS = 4
# Largest coarse block, in source sentences. The fine band grows with the block (it must cover
# the coarse path's imprecision), so unbounded blocks make the guide pass grow as n^2/500;
# beyond this size the block lattice is itself searched coarse-to-fine. At 33 sentences (the
# x16 Text+Berg concatenation) the fine path left its band and the search ran again twice as
# wide; at 17 (x8) and 20 it stays inside.
MAX_BLOCK = 20


def _block_sums(size: int, block: int) -> sp.csr_matrix:
    rows = np.arange(size) // block
    return sp.csr_matrix((np.ones(size), (rows, np.arange(size))), shape=(rows[-1] + 1, size))


def _coarse_model(model: CostModel, k_src: int, k_tgt: int) -> CostModel:
    sim = model.similarity
    sum_src, sum_tgt = _block_sums(sim.n, k_src), _block_sums(sim.m, k_tgt)
    channels = [Channel(sp.csr_matrix(sum_src @ c.src), sp.csr_matrix(sum_tgt @ c.tgt), c.weight)
                for c in sim.channels]
    src_len = sum_src @ np.diff(model.src_cum)
    tgt_len = sum_tgt @ np.diff(model.tgt_cum)
    return CostModel(GroupSimilarity(channels, 2, 2), src_len, tgt_len, model.settings,
                     model.variance)


def band_around(corners: np.ndarray, n: int, m: int, width: int) -> Band:
    """A band of `width` centred on the piecewise-linear path through (i, j) `corners`."""
    i, j = corners[:, 0].astype(float), corners[:, 1].astype(float)
    rows = np.arange(n + 1)
    # For rows where the path moves vertically, take the middle of its span.
    low = np.interp(rows, i, j, left=0, right=m)
    high = low.copy()
    spans = np.zeros(n + 1)
    for row in np.unique(i[np.r_[False, np.diff(i) == 0]]).astype(int):
        span = j[i == row]
        low[row], high[row] = span.min(), span.max()
        spans[row] = span.max() - span.min()
    width = min(m + 1, width + int(spans.max()))
    centre = (low + high) / 2
    offsets = np.clip(np.round(centre - width / 2).astype(np.int64), 0, m + 1 - width)
    offsets[0] = 0
    return Band(offsets, width)


def _touches_edge(path: Path, band: Band, m: int) -> bool:
    for _, i, j in path:
        w = j - band.offsets[i]
        if (w == 0 and band.offsets[i] > 0) or (w == band.width - 1 and j < m):
            return True
    return False


def _refine(model: CostModel, types: Sequence[BeadType], corners: np.ndarray,
            width: int) -> Path:
    """Fine search in a band around the path through `corners`, widened while it is touched."""
    n, m = model.similarity.n, model.similarity.m
    delete, insert = model.delete_costs(), model.insert_costs()
    for _ in range(MAX_WIDENINGS):
        band = band_around(corners, n, m, width)
        path = fill_and_trace(n, m, band, types, model.cost_block(band, types), delete, insert)
        if band.width >= m + 1 or not _touches_edge(path, band, m):
            return path
        width *= 2
    return path


def monotone_path(model: CostModel, types: Sequence[BeadType], guide: Path | None = None
                  ) -> Path:
    """Cheapest path of linking `types` plus 1-0/0-1 through the whole lattice.

    With a `guide` (an earlier path over the same lattice, e.g. before the lexicon was learnt)
    only a band of `settings.band_width` around it is searched (widened while the new path
    touches its edge).
    """
    n, m = model.similarity.n, model.similarity.m
    settings = model.settings
    if guide is not None:
        corners = np.array([(0, 0)] + [(i, j) for _, i, j in guide])
        return _refine(model, types, corners, settings.band_width)
    if (n + 1) * (m + 1) <= settings.full_matrix_cells or min(n, m) < 4:
        band = Band.full(n, m)
        return fill_and_trace(n, m, band, types, model.cost_block(band, types),
                              model.delete_costs(), model.insert_costs())
    k_src = min(MAX_BLOCK,
                math.ceil(math.sqrt((n + 1) * (m + 1) / settings.full_matrix_cells)))
    k_tgt = max(1, round(k_src * m / max(n, 1)))
    coarse = monotone_path(_coarse_model(model, k_src, k_tgt), COARSE_TYPES)
    corners = np.array([(0, 0)] + [(min(n, i * k_src), min(m, j * k_tgt)) for _, i, j in coarse])
    return _refine(model, types, corners, settings.band_width + k_src + k_tgt)
