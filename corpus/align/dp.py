"""Banded dynamic programme over bead shapes: fill row by row with numpy, then trace back.

Row `i` of the lattice means "i source sentences consumed"; its cells are the target positions
`offsets[i] .. offsets[i] + widths[i] - 1` (anything else is out of the band and costs infinity).
Rows differ in width so that a long run of target-only sentences widens only the row it sits on:
a common width would make the whole band as wide as that run (quadratic in the text). All
cross-row moves of a row are vectorised over its cells; the only in-row dependency, the 0-1 move,
is a prefix minimum: D[j] = min_k (X[k] + C[j] - C[k]) = C[j] + cummin(X - C)[j], with C the
cumulative insertion cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from corpus.align.beads import BeadType

# Rows whose link costs are computed in one batch (bounds the memory of the cost arrays). A
# block's sparse products cover its rows x (rows + band) sentence pairs, and each call and
# each numpy step of the bead arithmetic has a fixed cost: at x8, 192 rows price the bands
# 0.3 s faster than 128 for ~5 MB more peak (256: as fast, +12 MB; 64: 0.3 s slower).
ROW_BLOCK = 192


@dataclass(frozen=True)
class Band:
    """Per-row first target position and width; both have n+1 entries."""

    offsets: np.ndarray
    widths: np.ndarray

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls.uniform(np.zeros(n + 1, dtype=np.int64), m + 1)

    @classmethod
    def uniform(cls, offsets: np.ndarray, width: int) -> Band:
        return cls(offsets, np.full(len(offsets), width, dtype=np.int64))

    @property
    def widest(self) -> int:
        return int(self.widths.max())

    @property
    def narrowest(self) -> int:
        return int(self.widths.min())

    def row_blocks(self) -> list[tuple[int, int]]:
        """Rows 1..n in blocks of about ROW_BLOCK rows of the narrowest width each: a block
        holding a wide row has fewer rows, so pricing it costs no more memory."""
        n = len(self.widths) - 1
        budget = ROW_BLOCK * self.narrowest  # a band of one width: blocks of ROW_BLOCK rows
        spans, i0, widest = [], 1, 0
        for i in range(1, n + 1):
            widest_with = max(widest, int(self.widths[i]))
            if i > i0 and (i - i0 + 1) * widest_with > budget:
                spans.append((i0, i))
                i0, widest_with = i, int(self.widths[i])
            widest = widest_with
        spans.append((i0, n + 1))
        return spans


# Link costs of rows i0..i1-1: one (i1 - i0, widest width of those rows) array per linking
# bead type.
CostBlock = Callable[[int, int], dict[BeadType, np.ndarray]]


def _priced_blocks(link_costs: CostBlock, spans: list[tuple[int, int]]
                   ) -> Iterator[tuple[int, int, dict[BeadType, np.ndarray]]]:
    """(i0, i1, link costs) of each row block in order. A worker thread prices the odd blocks
    while this thread prices the even ones and fills the rows: two threads for two cores."""
    with ThreadPoolExecutor(1) as worker:  # numpy and scipy release the GIL at these sizes
        for k in range(0, len(spans), 2):
            own, *other = spans[k:k + 2]
            ahead = [worker.submit(link_costs, *span) for span in other]
            yield *own, link_costs(*own)
            for span, future in zip(other, ahead, strict=True):
                yield *span, future.result()


def _add_insertions(best: np.ndarray, pointer: np.ndarray, cum: np.ndarray, end: int) -> None:
    """The 0-1 moves inside a row, in place: a prefix minimum with the cumulative insertion
    cost `cum`; cells from `end` on are past the last target sentence."""
    chained = cum + np.minimum.accumulate(best - cum)
    best[end:] = np.inf
    chained[end:] = np.inf
    # Strictly better beyond rounding: cum + (x - cum) may differ from x in the last bit.
    inserted = chained < best - 1e-9 * (1.0 + np.abs(chained))
    best[inserted] = chained[inserted]
    pointer[inserted] = BeadType.INSERT


def fill_and_trace(n: int, m: int, band: Band, link_types: Sequence[BeadType],
                   link_costs: CostBlock, delete_cost: np.ndarray,
                   insert_cost: np.ndarray) -> list[tuple[BeadType, int, int]]:
    """Cheapest monotone path from (0, 0) to (n, m); returns (type, i_end, j_end) in order.

    `delete_cost[k]` is the cost of leaving source sentence k unlinked, `insert_cost[l]` that of
    target sentence l.
    """
    return cheapest_path(n, m, band, link_types, link_costs, delete_cost, insert_cost)[0]


def cheapest_path(n: int, m: int, band: Band, link_types: Sequence[BeadType],
                  link_costs: CostBlock, delete_cost: np.ndarray, insert_cost: np.ndarray
                  ) -> tuple[list[tuple[BeadType, int, int]], float]:
    """`fill_and_trace`'s path and its cost."""
    offsets, widths = band.offsets, band.widths
    if not link_types:
        raise ValueError("at least one linking bead type is needed")
    if offsets[0] != 0 or not offsets[n] <= m < offsets[n] + widths[n]:
        raise ValueError("band does not contain both corners of the lattice")
    # Cross-row moves, 1-0 first: on a tie the first move in this order wins (as argmin does).
    moves = (BeadType.DELETE, *link_types)
    kinds = np.array(moves, dtype=np.int8)
    move_src = np.array([k.src for k in moves])
    move_tgt = np.array([k.tgt for k in moves])
    # The last `depth` rows, each stored as [inf]*width + row + [inf]*width (width: the widest
    # row's; a narrower row is followed by inf up to it), so the cells a move reads are one
    # slice of the flat buffer (shifts beyond the band read the padding).
    width = band.widest
    ragged = band.narrowest < width
    depth = int(move_src.max()) + 1
    history = np.full((depth, 3 * width), np.inf)
    flat = history.reshape(-1)
    cells = np.arange(width)
    before = np.arange(n + 1)[:, None] - move_src
    shifts = offsets[:, None] - move_tgt - offsets[np.maximum(before, 0)]
    starts = (before % depth) * 3 * width + width + np.clip(shifts, -width, width)
    # Cumulative insertion cost at each cell's target position (past m: its value at m).
    insert_cum = np.concatenate(([0.0], np.cumsum(insert_cost)))
    insert_cum = np.concatenate((insert_cum, np.full(width, insert_cum[-1])))
    ends = np.maximum(0, m + 1 - offsets)
    # Back-pointers row after row, each row as wide as its band: linear in the band's cells.
    row_at = np.concatenate(([0], np.cumsum(widths)))
    back = np.zeros(int(row_at[-1]), dtype=np.int8)
    best = np.full(widths[0], np.inf)
    best[0] = 0.0
    with np.errstate(invalid="ignore"):  # inf - inf in the insertion tolerance of empty cells
        _add_insertions(best, back[:widths[0]], insert_cum[:widths[0]], ends[0])
    history[0, width:width + widths[0]] = best
    for i0, i1, block in _priced_blocks(link_costs, band.row_blocks()):
        costs = np.stack([block[t] for t in link_types], axis=1)  # (row, link type, cell)
        with np.errstate(invalid="ignore"):
            for i in range(i0, i1):
                w = widths[i]
                row_cells = cells[:w]
                cand = flat[starts[i][:, None] + row_cells]
                cand[0] += delete_cost[i - 1]
                cand[1:] += costs[i - i0, :, :w]
                if i < depth:
                    cand[before[i] < 0] = np.inf
                choice = cand.argmin(axis=0)
                best = cand[choice, row_cells]
                pointers = back[row_at[i]:row_at[i + 1]]
                pointers[:] = kinds[choice]
                _add_insertions(best, pointers, insert_cum[offsets[i]:offsets[i] + w], ends[i])
                slot = history[i % depth]
                slot[width:width + w] = best
                if ragged:
                    slot[width + w:2 * width] = np.inf

    cost = float(history[n % depth, width + m - offsets[n]])
    if not np.isfinite(cost):
        raise ValueError("no path through the band")
    path = []
    i, j = n, m
    kind_of = {int(k): k for k in BeadType}
    while i > 0 or j > 0:
        kind = kind_of[int(back[row_at[i] + j - offsets[i]])]
        path.append((kind, i, j))
        i, j = i - kind.src, j - kind.tgt
    path.reverse()
    return path, cost
