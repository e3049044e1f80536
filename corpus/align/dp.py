"""Banded dynamic programme over bead shapes: fill row by row with numpy, then trace back.

Row `i` of the lattice means "i source sentences consumed"; its cells are the target positions
`offsets[i] .. offsets[i] + width - 1` (anything else is out of the band and costs infinity). All
cross-row moves of a row are vectorised over its cells; the only in-row dependency, the 0-1 move,
is a prefix minimum: D[j] = min_k (X[k] + C[j] - C[k]) = C[j] + cummin(X - C)[j], with C the
cumulative insertion cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from corpus.align.beads import BeadType

# Rows whose link costs are computed in one batch (bounds the memory of the cost arrays).
ROW_BLOCK = 128


@dataclass(frozen=True)
class Band:
    """Per-row first target position and a common width; `offsets` has n+1 entries."""

    offsets: np.ndarray
    width: int

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), m + 1)


# Link costs of rows i0..i1-1: one (i1 - i0, width) array per linking bead type.
CostBlock = Callable[[int, int], dict[BeadType, np.ndarray]]


def _shifted(padded: np.ndarray, width: int, shift: int) -> np.ndarray:
    """`row[w + shift]` for every cell w of a row stored as `[inf]*width + row + [inf]*width`."""
    if abs(shift) >= width:
        return np.full(width, np.inf)
    return padded[width + shift:2 * width + shift]


def fill_and_trace(n: int, m: int, band: Band, link_types: Sequence[BeadType],
                   link_costs: CostBlock, delete_cost: np.ndarray,
                   insert_cost: np.ndarray) -> list[tuple[BeadType, int, int]]:
    """Cheapest monotone path from (0, 0) to (n, m); returns (type, i_end, j_end) in order.

    `delete_cost[k]` is the cost of leaving source sentence k unlinked, `insert_cost[l]` that of
    target sentence l.
    """
    offsets, width = band.offsets, band.width
    if offsets[0] != 0 or not offsets[n] <= m < offsets[n] + width:
        raise ValueError("band does not contain both corners of the lattice")
    max_src = max(t.src for t in link_types) if link_types else 1
    insert_cum = np.concatenate(([0.0], np.cumsum(insert_cost)))
    back = np.zeros((n + 1, width), dtype=np.int8)
    rows: dict[int, np.ndarray] = {}
    cells = np.arange(width)
    padding = np.full(width, np.inf)

    costs: dict[BeadType, np.ndarray] = {}
    block_start = 1
    for i in range(n + 1):
        j = offsets[i] + cells
        inside = j <= m
        best = np.full(width, np.inf)
        pointer = np.zeros(width, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        else:
            if (i - 1) % ROW_BLOCK == 0 and link_types:
                block_start = i
                costs = link_costs(i, min(n + 1, i + ROW_BLOCK))
            moves = [(BeadType.DELETE, None), *((t, costs[t][i - block_start]) for t in link_types)]
            for kind, cost in moves:
                if kind.src > i:
                    continue
                shift = int(offsets[i] - kind.tgt - offsets[i - kind.src])
                cand = _shifted(rows[i - kind.src], width, shift) + (
                    delete_cost[i - 1] if cost is None else cost)
                better = cand < best
                best[better] = cand[better]
                pointer[better] = kind
        # 0-1 moves inside the row: prefix minimum with the cumulative insertion cost.
        cum = insert_cum[np.minimum(j, m)]
        with np.errstate(invalid="ignore"):
            chained = cum + np.minimum.accumulate(best - cum)
        chained[~inside] = np.inf
        best[~inside] = np.inf
        # Strictly better beyond rounding: cum + (x - cum) may differ from x in the last bit.
        inserted = chained < best - 1e-9 * (1.0 + np.abs(chained))
        best[inserted] = chained[inserted]
        pointer[inserted] = BeadType.INSERT
        back[i] = pointer
        rows[i] = np.concatenate((padding, best, padding))
        rows.pop(i - max_src - 1, None)

    if not np.isfinite(rows[n][width + m - offsets[n]]):
        raise ValueError("no path through the band")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        kind = BeadType(int(back[i, j - offsets[i]]))
        path.append((kind, i, j))
        i, j = i - kind.src, j - kind.tgt
    path.reverse()
    return path
