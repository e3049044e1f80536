"""The relative screen: in a crowd of candidates, a counterpart must stand out.

The similarity thresholds are absolute and tuned on a handful of articles. In a large corpus on
one topic, every article shares topic words with its same-language neighbours and a few figures
and names with unrelated foreign ones, so the absolute thresholds call most candidates
comparable. What does single out a counterpart is how far it rises above the document's *other*
candidates in the same language (the idea of margin-based scoring of nearest neighbours).

A candidate's *strength* is its similarity over its threshold. A document's candidates in one
language form its group; a group is *crowded* when blocking had to fill it (at least
`max_candidates` members, so there are others to compare with). A candidate passes when, for
at least one of its two documents, the group is not crowded or the candidate's strength is at
least `margin` times the mean strength of the rest of the group. One side is enough: a short
partial article can be the clear counterpart of a long one that has a better partner of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.pair.candidates import Candidate


def stands_out(candidates: Sequence[Candidate], strengths: Sequence[float], *, margin: float,
               crowd: int) -> list[bool]:
    """For each candidate, whether it passes the relative screen (forced ones always do)."""
    totals: dict[tuple[str, str], tuple[int, float]] = {}
    sides = [((c.source.id, c.target.lang), (c.target.id, c.source.lang)) for c in candidates]
    for pair_sides, strength in zip(sides, strengths, strict=True):
        for group in pair_sides:
            count, total = totals.get(group, (0, 0.0))
            totals[group] = count + 1, total + strength

    def clear(group: tuple[str, str], strength: float) -> bool:
        count, total = totals[group]
        if count < max(crowd, 2):
            return True
        return strength >= margin * (total - strength) / (count - 1)

    return [c.forced or any(clear(group, s) for group in pair_sides)
            for c, pair_sides, s in zip(candidates, sides, strengths, strict=True)]
