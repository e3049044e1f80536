"""Out-of-order pass: link sentences the monotone path could not link where they are.

News rewrites move paragraphs. A monotone path cannot link a moved sentence where it went: it
skips it, or, more cheaply, glues it to a neighbouring link as one more member, or links it
with whatever sits across. The candidates are the unlinked sentences, the edge members of
merged links that add (almost) nothing to their link, and the sentences of links no more
similar than chance. A source and a target candidate that are each other's best match, above
a threshold and within a window of the path (a passage moves within its article), become a
1-1 link beside the source sentence's old bead (beads stay in source order); what they leave
behind keeps its other sentences. Once a pair is linked, a sentence
whose best match it took may link with its next best. Two neighbouring sentences that swapped
places come out of the path as one 2-2 link; it is split into the two crossing links first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from corpus.align.beads import Pair
from corpus.align.similarity import GroupSimilarity

# Source candidates a similarity product takes at once, in path order: few enough that their
# windows overlap mostly, so the product computes little outside them.
ROW_CHUNK = 128


@dataclass(frozen=True)
class Candidate:
    """A sentence that may take part in an out-of-order link, and the bead it sits in now."""

    sentence: int
    bead: int  # position in the bead list


@dataclass(frozen=True)
class Move:
    """A proposed out-of-order 1-1 link."""

    src: Candidate
    tgt: Candidate


@dataclass(frozen=True)
class Rules:
    """Which sentences may move: see `candidates`."""

    min_similarity: float
    src_eligible: Callable[[int], bool]
    tgt_eligible: Callable[[int], bool]
    member_gain: float | None = None
    weak_link: float | None = None
    # Targets more than this many sentences from where the path puts a source sentence are not
    # its candidates (None: all are). Bounds the pass's work and memory per candidate: without
    # it the candidates of both sides are compared all against all, quadratic in the text.
    window: int | None = None


def path_positions(beads: Sequence[Pair], n: int) -> np.ndarray:
    """For each of the `n` source sentences, the target position where the path passes it:
    its bead's first target, or for an unlinked sentence the next target to come."""
    out = np.zeros(n, dtype=np.int64)
    cursor = 0
    for src, tgt in beads:
        if tgt:
            cursor = tgt[0]
        out[list(src)] = cursor
        if tgt:
            cursor = tgt[-1] + 1
    return out


class PairCache:
    """Similarities the pass needs again after its beads change, each computed once.

    Sentence pairs are computed within the window only (`Rules.window` around `anchors`, the
    path's target position of each source sentence) and kept as three flat arrays, so work
    and memory grow with the candidates, not with their product.
    """

    def __init__(self, similarity: GroupSimilarity, anchors: np.ndarray | None = None,
                 window: int | None = None) -> None:
        self.similarity = similarity
        self.anchors = np.zeros(similarity.n, dtype=np.int64) if anchors is None else anchors
        self.window = window
        self.rows: set[int] = set()
        self.cols: set[int] = set()
        self._found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._groups: dict[Pair, float] = {}

    def pairs(self, rows: Sequence[int], cols: Sequence[int]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pairs of source sentences `rows` and target sentences `cols` (each listed
        once) within the window: positions in `rows`, positions in `cols`, similarities."""
        new_cols = [c for c in dict.fromkeys(cols) if c not in self.cols]
        if new_cols:
            self._compute(sorted(self.rows), new_cols)
            self.cols.update(new_cols)
        new_rows = [r for r in dict.fromkeys(rows) if r not in self.rows]
        if new_rows:
            self._compute(new_rows, sorted(self.cols))
            self.rows.update(new_rows)
        row_at = np.full(self.similarity.n, -1)
        row_at[list(rows)] = np.arange(len(rows))
        col_at = np.full(self.similarity.m, -1)
        col_at[list(cols)] = np.arange(len(cols))
        if not self._found:
            none = np.zeros(0, dtype=np.int64)
            return none, none, np.zeros(0)
        src, tgt, sims = (np.concatenate(parts) for parts in zip(*self._found, strict=True))
        r, c = row_at[src], col_at[tgt]
        keep = (r >= 0) & (c >= 0)
        return r[keep], c[keep], sims[keep]

    def groups(self, pairs: Sequence[Pair]) -> np.ndarray:
        """Similarity of each (source group, target group)."""
        missing = list(dict.fromkeys(p for p in pairs if p not in self._groups))
        if missing:
            sims = self.similarity.of_beads([p[0] for p in missing], [p[1] for p in missing])
            self._groups.update(zip(missing, map(float, sims), strict=True))
        return np.array([self._groups[p] for p in pairs])

    def _compute(self, rows: list[int], cols: list[int]) -> None:
        """Keep the similarities of source sentences `rows` with target sentences `cols` that
        lie within the window."""
        if not rows or not cols:
            return
        src = np.array(rows)[np.argsort(self.anchors[rows], kind="stable")]
        tgt = np.sort(np.array(cols))
        for k in range(0, len(src), ROW_CHUNK):
            chunk = src[k:k + ROW_CHUNK]
            near = tgt
            if self.window is not None:
                at = self.anchors[chunk]
                near = tgt[np.searchsorted(tgt, at.min() - self.window):
                           np.searchsorted(tgt, at.max() + self.window, side="right")]
            sims = self.similarity.matrix(chunk, near)
            inside = np.ones(sims.shape, dtype=bool) if self.window is None else (
                np.abs(near[None, :] - self.anchors[chunk][:, None]) <= self.window)
            r, c = np.nonzero(inside)
            self._found.append((chunk[r], near[c], sims[r, c]))


def candidates(beads: list[Pair], cache: PairCache, side: int, rules: Rules,
               only: Sequence[int] | None = None) -> list[Candidate]:
    """The eligible sentences of one side (0 source, 1 target) that may link elsewhere.

    Unlinked ones; the edge members of merged links that add at most `member_gain` to their
    link's similarity; the sentences of links at most `weak_link` similar, about chance, of
    any shape (None: no such member or link; a merged side still keeps one sentence, see
    `propose_links`). `only`: look at these bead positions alone.
    """
    eligible = rules.tgt_eligible if side else rules.src_eligible
    placed = list(enumerate(beads)) if only is None else [(k, beads[k]) for k in only]

    def group(own: tuple[int, ...], other: tuple[int, ...]) -> Pair:
        return (other, own) if side else (own, other)

    out = [Candidate(b[side][0], k) for k, b in placed
           if not b[1 - side] and eligible(b[side][0])]
    if rules.member_gain is not None:
        edges = [(b[side][end], k) for k, b in placed
                 if b[1 - side] and len(b[side]) > 1 for end in (0, -1)
                 if eligible(b[side][end])]
        if edges:
            whole = cache.groups([group(beads[k][side], beads[k][1 - side]) for _, k in edges])
            rest = cache.groups([group(tuple(i for i in beads[k][side] if i != s),
                                       beads[k][1 - side]) for s, k in edges])
            out += [Candidate(s, k) for (s, k), gain in zip(edges, whole - rest, strict=True)
                    if gain <= rules.member_gain]
    if rules.weak_link is not None:
        links = [k for k, b in placed if b[0] and b[1]]
        if links:
            sims = cache.groups([beads[k] for k in links])
            seen = {c.sentence for c in out}
            out += [Candidate(i, k) for k, sim in zip(links, sims, strict=True)
                    if sim <= rules.weak_link for i in beads[k][side]
                    if eligible(i) and i not in seen]
    return out


def propose_links(beads: list[Pair], src: list[Candidate], tgt: list[Candidate],
                  cache: PairCache, min_similarity: float,
                  confident: Callable[[list[Move]], Sequence[bool]] | None = None
                  ) -> tuple[list[Move], set[int], set[int]]:
    """Moves among candidates `src` and `tgt` of `beads`; also the source and target sentences
    that are out of the pass (linked, refused by `confident`, or kept by their link).

    Pairs above `min_similarity` are taken most similar first while both sentences are free,
    so each is the best match of both among the free ones (the mutual best, round after
    round). Any subset of the moves leaves every merged side at least one sentence; a link
    that loses the only sentence of a side leaves the other side unlinked.
    """
    if not src or not tgt:
        return [], set(), set()
    rows, cols, sims = cache.pairs([c.sentence for c in src], [c.sentence for c in tgt])
    row_bead = np.array([c.bead for c in src])
    col_bead = np.array([c.bead for c in tgt])
    keep = (sims >= min_similarity) & (row_bead[rows] != col_bead[cols])  # not linked already
    rows, cols, sims = rows[keep], cols[keep], sims[keep]
    order = np.lexsort((cols, rows, -sims))  # most similar first, ties in reading order
    edges = [Move(src[r], tgt[c]) for r, c in zip(rows[order], cols[order], strict=True)]
    verdicts: dict[Move, bool] = {}
    while True:  # match trusting what is not judged yet, judge what got matched, again
        moves, out_src, out_tgt = _greedy(beads, edges, verdicts)
        unjudged = [m for m in moves if m not in verdicts]
        if not unjudged or confident is None:
            return moves, out_src, out_tgt
        verdicts.update(zip(unjudged, map(bool, confident(unjudged)), strict=True))


def _greedy(beads: list[Pair], edges: list[Move], verdicts: dict[Move, bool]
            ) -> tuple[list[Move], set[int], set[int]]:
    """`propose_links`' matching of `edges` (most similar first), unjudged moves trusted."""
    moves: list[Move] = []
    out_src: set[int] = set()
    out_tgt: set[int] = set()
    leaving: tuple[dict[int, int], ...] = ({}, {})  # per side: bead -> members leaving it
    for move in edges:
        if move.src.sentence in out_src or move.tgt.sentence in out_tgt:
            continue
        ok = verdicts.get(move, True)
        held = [side for side, m in enumerate((move.src, move.tgt))
                if 1 < len(beads[m.bead][side]) < leaving[side].get(m.bead, 0) + 2]
        if ok and not held:
            moves.append(move)
            for side, m in enumerate((move.src, move.tgt)):
                leaving[side][m.bead] = leaving[side].get(m.bead, 0) + 1
        if not ok or not held or 0 in held:
            out_src.add(move.src.sentence)
        if not ok or not held or 1 in held:
            out_tgt.add(move.tgt.sentence)
    return moves, out_src, out_tgt


def apply_links(beads: list[Pair], moves: Sequence[Move]) -> tuple[list[Pair], list[int]]:
    """The beads without the sentences that moved, each new link beside its source's bead;
    also the positions of what is left of the beads they left."""
    links = {m.src.sentence: m.tgt.sentence for m in moves}
    left: tuple[dict[int, set[int]], ...] = ({}, {})  # per side: bead -> sentences leaving it
    for m in moves:
        for side, c in enumerate((m.src, m.tgt)):
            left[side].setdefault(c.bead, set()).add(c.sentence)
    out: list[Pair] = []
    touched: list[int] = []
    for k, (src, tgt) in enumerate(beads):
        if k not in left[0] and k not in left[1]:
            out.append((src, tgt))
            continue
        gone_src, gone_tgt = left[0].get(k, set()), left[1].get(k, set())
        rest = (tuple(i for i in src if i not in gone_src),
                tuple(j for j in tgt if j not in gone_tgt))
        first = rest[0][0] if rest[0] else None
        moved = [((i,), (links[i],)) for i in sorted(gone_src)]
        out.extend(p for p in moved if first is not None and p[0][0] < first)
        # A link whose only sentence of one side left leaves its other side unlinked, one
        # sentence a bead.
        pieces = ([rest] if rest[0] and rest[1] else
                  [((i,), ()) for i in rest[0]] + [((), (j,)) for j in rest[1]])
        for piece in pieces:
            if gone_src or gone_tgt:
                touched.append(len(out))
            out.append(piece)
        out.extend(p for p in moved if first is None or p[0][0] > first)
    return out, touched


def split_swaps(beads: list[Pair], cache: PairCache, rules: Rules,
                confident: Callable[[list[Move]], Sequence[bool]] | None = None) -> list[Pair]:
    """2-2 links that are two neighbouring sentences swapped, as two crossing 1-1 links.

    A monotone path links a swapped pair as one 2-2 bead (its group vectors match, the
    in-order pairs do not). It is a swap when each crossing pair reaches `min_similarity` and
    is more similar than either pair in order; a true 2-2 rendering (a boundary drawn
    elsewhere) leaves one crossing pair near chance. Both links must pass `confident`.
    """
    found = [k for k, (s, t) in enumerate(beads) if len(s) == len(t) == 2
             and all(map(rules.src_eligible, s)) and all(map(rules.tgt_eligible, t))]
    if not found:
        return beads
    sims = cache.groups([((beads[k][0][a],), (beads[k][1][b],)) for k in found
                         for a, b in ((0, 0), (1, 1), (0, 1), (1, 0))]).reshape(-1, 4)
    in_order, crossing = sims[:, :2].max(axis=1), sims[:, 2:].min(axis=1)
    swapped = (crossing >= rules.min_similarity) & (crossing > in_order)
    links = {k: [((beads[k][0][0],), (beads[k][1][1],)), ((beads[k][0][1],), (beads[k][1][0],))]
             for k, yes in zip(found, swapped, strict=True) if yes}
    if confident is not None and links:
        verdicts = list(confident([Move(Candidate(s[0], k), Candidate(t[0], k))
                                   for k, pair in links.items() for s, t in pair]))
        links = {k: pair for (k, pair), first, second
                 in zip(links.items(), verdicts[0::2], verdicts[1::2], strict=True)
                 if first and second}
    return [p for k, b in enumerate(beads) for p in links.get(k, [b])]


def recover_links(beads: list[Pair], similarity: GroupSimilarity, rules: Rules,
                  confident: Callable[[list[Move]], Sequence[bool]] | None = None
                  ) -> list[Pair]:
    """The beads with the swaps split and the out-of-order links that `confident` keeps (all
    if None).

    Moving sentences can make new candidates (a merged link's new edge, a link turned weak):
    matching starts again while it does. A sentence linked by the pass, refused,
    or kept by its link is out of later rounds, so they end.
    """
    cache = PairCache(similarity, path_positions(beads, similarity.n), rules.window)
    beads = split_swaps(beads, cache, rules, confident)
    out_src: set[int] = set()
    out_tgt: set[int] = set()
    free = replace(rules, src_eligible=lambda i: i not in out_src and rules.src_eligible(i),
                   tgt_eligible=lambda j: j not in out_tgt and rules.tgt_eligible(j))
    src, tgt = candidates(beads, cache, 0, free), candidates(beads, cache, 1, free)
    while src and tgt:
        moves, done_src, done_tgt = propose_links(beads, src, tgt, cache, rules.min_similarity,
                                                  confident)
        if not moves:
            break
        beads, touched = apply_links(beads, moves)
        out_src |= done_src
        out_tgt |= done_tgt
        seen = ({c.sentence for c in src}, {c.sentence for c in tgt})
        if all(c.sentence in seen[side] for side in (0, 1)
               for c in candidates(beads, cache, side, free, touched)):
            break  # nothing new: the same sentences are matched as far as they go
        src, tgt = candidates(beads, cache, 0, free), candidates(beads, cache, 1, free)
    return beads
