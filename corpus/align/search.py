"""Find the cheapest monotone path: whole lattice when small, else a band from a coarse pass.

Coarse-to-fine: sentences are summed into blocks of k (source, at most `MAX_BLOCK`) and about
k*m/n (target), the block pair is aligned the same way (recursively, if still large), and the
fine search runs in a band around the block path. If the fine path touches the band edge, the
band is doubled on the rows near where it touched (`_widened`) and the search repeated, so a bad
coarse path costs time, not quality; after `MAX_WIDENINGS` searches the last path is returned
even if it still touches the edge.
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


def band_around(corners: np.ndarray, n: int, m: int, width: int | np.ndarray) -> Band:
    """A band of `width` (per row, or one for all) centred on the piecewise-linear path through
    (i, j) `corners`.

    Where the path runs through several target positions in one row (sentences on the target
    side only), the true path may have that run elsewhere, so every row is widened by the
    longest run, up to its own width more (the band's cells at most double); a longer run
    widens its own row only, or one such run would make the band, and the search, quadratic in
    the text. Between two corner rows the path goes from the last position of the first to the
    first position of the second.
    """
    rows = np.arange(n + 1)
    corner_rows, first = np.unique(corners[:, 0], return_index=True)
    last = np.r_[first[1:], len(corners)] - 1
    low_j, high_j = corners[first, 1].astype(float), corners[last, 1].astype(float)
    k = np.clip(np.searchsorted(corner_rows, rows, side="right") - 1, 0, len(corner_rows) - 1)
    at_corner = corner_rows[k] == rows
    following = np.minimum(k + 1, len(corner_rows) - 1)
    step = np.maximum(corner_rows[following] - corner_rows[k], 1)
    fraction = np.clip((rows - corner_rows[k]) / step, 0.0, 1.0)
    between = high_j[k] + fraction * (low_j[following] - high_j[k])
    low = np.where(at_corner, low_j[k], between)
    high = np.where(at_corner, high_j[k], between)
    low[rows < corner_rows[0]], high[rows < corner_rows[0]] = 0, 0
    past = rows > corner_rows[-1]
    low[past], high[past] = m, m
    spans = (high - low).astype(np.int64)
    base = np.broadcast_to(np.asarray(width, dtype=np.int64), rows.shape)
    widths = np.minimum(m + 1, base + np.maximum(spans, np.minimum(spans.max(), base)))
    offsets = np.clip(np.round((low + high) / 2 - widths / 2).astype(np.int64), 0,
                      m + 1 - widths)
    offsets[0] = 0
    return Band(offsets, widths)


def _touched_rows(path: Path, band: Band, m: int) -> np.ndarray:
    """Rows where `path` runs along the band's edge (a wider band might hold a cheaper path)."""
    rows = [i for _, i, j in path
            if (j == band.offsets[i] and band.offsets[i] > 0)
            or (j == band.offsets[i] + band.widths[i] - 1 and j < m)]
    return np.unique(np.array(rows, dtype=np.int64))


def _widened(width: np.ndarray, touched: np.ndarray) -> np.ndarray:
    """`width` doubled on the rows within one width of a touched row: a path that leaves the
    band in one place widens the search there, not over the whole text."""
    reach = width[touched]
    change = np.zeros(len(width) + 1, dtype=np.int64)
    np.add.at(change, np.clip(touched - reach, 0, len(width)), 1)
    np.add.at(change, np.clip(touched + reach + 1, 0, len(width)), -1)
    return np.where(np.cumsum(change)[:-1] > 0, 2 * width, width)


def _refine(model: CostModel, types: Sequence[BeadType], corners: np.ndarray,
            width: int) -> Path:
    """Fine search in a band around the path through `corners`, widened where it is touched."""
    n, m = model.similarity.n, model.similarity.m
    delete, insert = model.delete_costs(), model.insert_costs()
    widths = np.full(n + 1, width, dtype=np.int64)
    for _ in range(MAX_WIDENINGS):
        band = band_around(corners, n, m, widths)
        path = fill_and_trace(n, m, band, types, model.cost_block(band, types), delete, insert)
        touched = _touched_rows(path, band, m)
        if band.narrowest >= m + 1 or not len(touched):
            return path
        widths = _widened(widths, touched)
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
