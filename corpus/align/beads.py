"""Bead shapes: how many source and target sentences one step of an alignment covers."""

from __future__ import annotations

from enum import IntEnum

# One bead of a path as sentence indices: (source group, target group), either may be empty.
Pair = tuple[tuple[int, ...], tuple[int, ...]]


class BeadType(IntEnum):
    """A bead shape; the value is the back-pointer code stored by the dynamic programme."""

    DELETE = 1  # 1-0: a source sentence with no counterpart
    INSERT = 2  # 0-1: a target sentence with no counterpart
    ONE_ONE = 3
    ONE_TWO = 4
    TWO_ONE = 5
    TWO_TWO = 6
    ONE_THREE = 7
    THREE_ONE = 8
    ONE_FOUR = 9
    FOUR_ONE = 10
    TWO_THREE = 11
    THREE_TWO = 12

    @property
    def src(self) -> int:
        return _SHAPES[self][0]

    @property
    def tgt(self) -> int:
        return _SHAPES[self][1]


_SHAPES = {
    BeadType.DELETE: (1, 0),
    BeadType.INSERT: (0, 1),
    BeadType.ONE_ONE: (1, 1),
    BeadType.ONE_TWO: (1, 2),
    BeadType.TWO_ONE: (2, 1),
    BeadType.TWO_TWO: (2, 2),
    BeadType.ONE_THREE: (1, 3),
    BeadType.THREE_ONE: (3, 1),
    BeadType.ONE_FOUR: (1, 4),
    BeadType.FOUR_ONE: (4, 1),
    BeadType.TWO_THREE: (2, 3),
    BeadType.THREE_TWO: (3, 2),
}


# The largest `max_bead` with shapes to match: beads of up to a+b = 5 sentences exist above.
LARGEST_MAX_BEAD = max(t.src + t.tgt for t in BeadType) - 1


def bead_types(max_bead: int) -> tuple[BeadType, ...]:
    """Linking shapes allowed for `max_bead`: a+b <= max_bead+1 (3 gives 1-1..1-3, 3-1 and 2-2)."""
    return tuple(
        t for t in BeadType
        if t.src >= 1 and t.tgt >= 1 and t.src + t.tgt <= max_bead + 1
    )
