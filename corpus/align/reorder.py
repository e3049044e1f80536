"""Out-of-order pass: link sentences the monotone path left unlinked when they clearly match.

News rewrites move paragraphs; a monotone path can only skip them on both sides. Among the
unlinked source and target sentences, a pair that is each other's best match with a similarity
above a threshold becomes a 1-1 link. The link takes the place of the source sentence's 1-0 bead
in the bead list (so beads stay in source order) and the target's 0-1 bead is dropped.
"""

from __future__ import annotations

import numpy as np

from corpus.align.beads import Pair
from corpus.align.similarity import GroupSimilarity

ROW_CHUNK = 512


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


def recover_links(beads: list[Pair], similarity: GroupSimilarity,
                  min_similarity: float) -> tuple[list[Pair], set[int]]:
    """Beads with recovered links in place; also the positions of the recovered links."""
    lone_src = [b[0][0] for b in beads if b[0] and not b[1]]
    lone_tgt = [b[1][0] for b in beads if b[1] and not b[0]]
    if not lone_src or not lone_tgt:
        return beads, set()
    chunks = [similarity.matrix(lone_src[k:k + ROW_CHUNK], lone_tgt)
              for k in range(0, len(lone_src), ROW_CHUNK)]
    partner = {}
    for r, c, sim in mutual_best(chunks, len(lone_tgt)):
        if sim >= min_similarity:
            partner[lone_src[r]] = lone_tgt[c]
    taken = set(partner.values())
    out, recovered = [], set()
    for src, tgt in beads:
        if src and not tgt and src[0] in partner:
            recovered.add(len(out))
            out.append((src, (partner[src[0]],)))
        elif tgt and not src and tgt[0] in taken:
            continue
        else:
            out.append((src, tgt))
    return out, recovered
