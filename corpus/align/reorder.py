"""Out-of-order pass: link sentences the monotone path could not link where they are.

News rewrites move paragraphs. A monotone path cannot link a moved sentence where it went: it
skips it, or, more cheaply, glues it to a neighbouring link as one more member, or links it
with whatever sits across. The candidates are the unlinked sentences, the edge members of
merged links that add (almost) nothing to their link, and the sentences of 1-1 links no more
similar than chance. A source and a target candidate that are each other's best match, above
a threshold, become a 1-1 link beside the source sentence's old bead (beads stay in source
order); what they leave behind keeps its other sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from corpus.align.beads import Pair
from corpus.align.similarity import GroupSimilarity

ROW_CHUNK = 512


@dataclass(frozen=True)
class Candidate:
    """A sentence that may take part in an out-of-order link, and the bead it sits in now."""

    sentence: int
    bead: int  # position in the bead list


def mutual_best(sims_rows: list[np.ndarray], n_cols: int) -> list[tuple[int, int, float]]:
    """(row, col, sim) of pairs that are the best of their row and of their column."""
    if not sims_rows or n_cols == 0:
        return []
    col_best = np.full(n_cols, -np.inf)
    for chunk in sims_rows:
        col_best = np.maximum(col_best, chunk.max(axis=0))
    out, row0, taken = [], 0, set()
    for chunk in sims_rows:
        cols = chunk.argmax(axis=1)
        vals = chunk[np.arange(len(chunk)), cols]
        for r in np.flatnonzero(vals >= col_best[cols]):
            if int(cols[r]) in taken:  # a tie: the column already has its best row
                continue
            taken.add(int(cols[r]))
            out.append((row0 + int(r), int(cols[r]), float(vals[r])))
        row0 += len(chunk)
    return out


def candidates(beads: list[Pair], similarity: GroupSimilarity, side: int,
               eligible: Callable[[int], bool], member_gain: float | None,
               weak_link: float | None) -> list[Candidate]:
    """The sentences of one side (0 source, 1 target) that may link elsewhere.

    Unlinked ones; the edge members of merged links that add at most `member_gain` to their
    link's similarity; the sentences of 1-1 links at most `weak_link` similar, about chance
    (None: no such member or link).
    """
    out = [Candidate(b[side][0], k) for k, b in enumerate(beads)
           if not b[1 - side] and eligible(b[side][0])]
    edges = [] if member_gain is None else [
        (b[side][end], k) for k, b in enumerate(beads)
        if b[1 - side] and len(b[side]) > 1 for end in (0, -1) if eligible(b[side][end])]
    if edges:
        other = [beads[k][1 - side] for _, k in edges]
        whole = [beads[k][side] for _, k in edges]
        rest = [tuple(i for i in beads[k][side] if i != s) for s, k in edges]
        if side == 1:
            gains = similarity.of_beads(other, whole) - similarity.of_beads(other, rest)
        else:
            gains = similarity.of_beads(whole, other) - similarity.of_beads(rest, other)
        out += [Candidate(s, k) for (s, k), gain in zip(edges, gains, strict=True)
                if gain <= member_gain]
    ones = [] if weak_link is None else [
        k for k, b in enumerate(beads) if len(b[0]) == len(b[1]) == 1]
    if ones:
        sims = similarity.of_beads([beads[k][0] for k in ones], [beads[k][1] for k in ones])
        out += [Candidate(beads[k][side][0], k) for k, sim in zip(ones, sims, strict=True)
                if sim <= weak_link and eligible(beads[k][side][0])]
    return out


@dataclass(frozen=True)
class Move:
    """A proposed out-of-order 1-1 link."""

    src: Candidate
    tgt: Candidate


def propose_links(beads: list[Pair], similarity: GroupSimilarity, min_similarity: float, *,
                  src_eligible: Callable[[int], bool], tgt_eligible: Callable[[int], bool],
                  member_gain: float | None = None,
                  weak_link: float | None = None) -> list[Move]:
    """Mutually best candidate pairs above `min_similarity`, most similar first.

    Only eligible sentences take part (the caller leaves out fragments, which match something
    by chance). `member_gain`: edge members that add at most this
    to their link's similarity are candidates too, and so are the sentences of 1-1 links at
    most `weak_link` similar; None keeps those links whole. Any subset of the moves leaves
    every merged link at least one sentence a side; a 1-1 link that loses a sentence leaves
    the other unlinked.
    """
    src = candidates(beads, similarity, 0, src_eligible, member_gain, weak_link)
    tgt = candidates(beads, similarity, 1, tgt_eligible, member_gain, weak_link)
    if not src or not tgt:
        return []
    cols = [c.sentence for c in tgt]
    col_bead = np.array([c.bead for c in tgt])
    chunks = []
    for k in range(0, len(src), ROW_CHUNK):
        rows = src[k:k + ROW_CHUNK]
        chunk = similarity.matrix([c.sentence for c in rows], cols)
        row_bead = np.array([c.bead for c in rows])
        chunk[row_bead[:, None] == col_bead[None, :]] = -np.inf  # linked together already
        chunks.append(chunk)
    moves = []
    leaving: tuple[dict[int, int], ...] = ({}, {})  # per side: bead -> members leaving it
    for r, c, sim in sorted(mutual_best(chunks, len(cols)), key=lambda x: -x[2]):
        if sim < min_similarity:
            break
        pair = (src[r], tgt[c])
        if any(1 < len(beads[m.bead][side]) < leaving[side].get(m.bead, 0) + 2
               for side, m in enumerate(pair)):
            continue  # a merged link keeps a sentence a side
        moves.append(Move(*pair))
        for side, m in enumerate(pair):
            leaving[side][m.bead] = leaving[side].get(m.bead, 0) + 1
    return moves


def apply_links(beads: list[Pair], moves: Sequence[Move]) -> list[Pair]:
    """The beads without the sentences that moved, each new link beside its source's bead."""
    links = {m.src.sentence: m.tgt.sentence for m in moves}
    left: tuple[dict[int, set[int]], ...] = ({}, {})  # per side: bead -> sentences leaving it
    for m in moves:
        for side, c in enumerate((m.src, m.tgt)):
            left[side].setdefault(c.bead, set()).add(c.sentence)
    out: list[Pair] = []
    for k, (src, tgt) in enumerate(beads):
        gone_src, gone_tgt = left[0].get(k, set()), left[1].get(k, set())
        rest = (tuple(i for i in src if i not in gone_src),
                tuple(j for j in tgt if j not in gone_tgt))
        first = rest[0][0] if rest[0] else None
        moved = [((i,), (links[i],)) for i in sorted(gone_src)]
        out.extend(p for p in moved if first is not None and p[0][0] < first)
        if rest[0] or rest[1]:
            out.append(rest)
        out.extend(p for p in moved if first is None or p[0][0] > first)
    return out
