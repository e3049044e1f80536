"""Cosine similarity of sentence groups over several feature channels, computed in the band only.

A channel is a pair of sparse matrices (source-side vectors, target-side vectors) in one feature
space, e.g. character n-grams of MT(source) against the target. Because vectors hold raw
counts x idf, the vector of a group of consecutive sentences is the sum of its rows, so a group
dot product is a sum of sentence dot products and a group norm comes from the dot products of
nearby rows. Only the sentence pairs a row block of the lattice needs are ever multiplied.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.lib.stride_tricks import sliding_window_view

from corpus.align.beads import BeadType
from corpus.align.settings import KERNEL_THREADS, PARALLEL_SENTENCES

# Rows whose entrywise pair products are made at once for the group norms (bounds their memory).
PAIR_ROWS = 2048


@dataclass
class BlockSimilarities:
    """What one row block of the lattice knows of its beads' similarities.

    `groups[t]`: the similarity of the two groups of the bead of type t ending at each cell;
    for merges, `member_keys[t]` names the arrays of `members` holding each member's
    similarity to the whole other side (shared between types, which is why they are named).
    """

    groups: dict[BeadType, np.ndarray] = field(default_factory=dict)
    members: dict[tuple[str, int, int], np.ndarray] = field(default_factory=dict)
    member_keys: dict[BeadType, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Channel:
    """Source-side and target-side vectors of one feature space, and its weight in the mix."""

    src: sp.csr_matrix
    tgt: sp.csr_matrix
    weight: float
    guide: bool = False  # cheap enough (few features) for the first, wide search
    # Counted from the texts (n-grams, names, the lexicon); model vectors are not, and the
    # parallel-or-comparable test and the comparable costs leave them out (docs/DESIGN.md).
    textual: bool = True
    # Group norms per (side, max group), computed once however many models share the channel.
    _norms: dict[tuple[str, int], np.ndarray] = field(default_factory=dict, compare=False,
                                                      repr=False)

    def with_target(self, tgt: sp.csr_matrix) -> Channel:
        """This channel against other target rows, keeping the source side's cached norms."""
        kept = {key: norms for key, norms in self._norms.items() if key[0] == "src"}
        return Channel(self.src, tgt, self.weight, self.guide, self.textual, kept)

    def group_norms(self, side: str, max_group: int) -> np.ndarray:
        """`out[g, i]`: norm of the sum of rows i-g .. i-1 of `side` ('src' or 'tgt')."""
        key = (side, max_group)
        if key not in self._norms:
            self._norms[key] = np.sqrt(group_sq_norms(getattr(self, side), max_group))
        return self._norms[key]


def group_sq_norms(matrix: sp.csr_matrix, max_group: int) -> np.ndarray:
    """`out[g, i]`: squared norm of the sum of rows i-g .. i-1 (NaN where i < g)."""
    n = matrix.shape[0]
    out = np.full((max_group + 1, n + 1), np.nan)
    out[0] = 0.0
    cums = []
    for d in range(max_group):
        # In row blocks: the entrywise products of a whole side were the aligner's peak memory.
        dots = np.concatenate([np.asarray(_row_pairs(matrix, d, i, min(i + PAIR_ROWS, n - d))
                                          .sum(axis=1)).ravel()
                               for i in range(0, n - d, PAIR_ROWS)] or [np.zeros(0)])
        # float64 running sums: in float32 a long text's late groups lose ~1e-4 of their norm.
        cums.append(np.concatenate(([0.0], np.cumsum(dots, dtype=np.float64))))
    ends = np.arange(n + 1)
    for g in range(1, max_group + 1):
        i = ends[ends >= g]
        total = cums[0][i] - cums[0][i - g]
        for d in range(1, g):
            total = total + 2.0 * (cums[d][i - d] - cums[d][i - g])
        out[g, i] = total
    return out


def _row_pairs(matrix: sp.csr_matrix, d: int, first: int, stop: int) -> sp.csr_matrix:
    """Row i times row i + d, entrywise, for i in first..stop-1: rows are views, not copies."""
    def rows(begin: int) -> sp.csr_matrix:
        offset = matrix.indptr[begin]
        end = matrix.indptr[begin + stop - first]
        return sp.csr_matrix((matrix.data[offset:end], matrix.indices[offset:end],
                              matrix.indptr[begin:begin + stop - first + 1] - offset),
                             shape=(stop - first, matrix.shape[1]))

    return rows(first).multiply(rows(first + d))


class PairDots:
    """Sentence-pair dot products per channel that the band search computed, kept for scoring.

    Row i holds source sentence i against target sentences `first[i]` .. `first[i] + span - 1`
    (what the band's row i + 1 reads); a bead's similarity near the path then needs no sparse
    product of its own.
    """

    def __init__(self, n: int, channels: int, span: int) -> None:
        self.first = np.full(n, np.iinfo(np.int64).min // 2)
        self.values = np.zeros((n, channels, span), dtype=np.float32)

    @property
    def span(self) -> int:
        return self.values.shape[2]

    def lookup(self, src: np.ndarray, tgt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(which pairs are kept, their dots as (channel, pair) for those)."""
        offset = tgt - self.first[src]
        kept = (offset >= 0) & (offset < self.span)
        return kept, self.values[src[kept], :, offset[kept]].T


class GroupSimilarity:
    """Weighted mean over channels of the cosine between a source group and a target group."""

    def __init__(self, channels: Sequence[Channel], max_src: int, max_tgt: int) -> None:
        if not channels:
            raise ValueError("at least one similarity channel is needed")
        self.channels = tuple(channels)
        self.n = channels[0].src.shape[0]
        self.m = channels[0].tgt.shape[0]
        self.max_src, self.max_tgt = max_src, max_tgt
        # Stacked (channel, group size, end) tables, and the weights as shares of the total.
        tasks = [(c, side, size) for side, size in (("src", max_src), ("tgt", max_tgt))
                 for c in self.channels]

        def norms_of(task: tuple[Channel, str, int]) -> np.ndarray:
            return task[0].group_norms(task[1], task[2])

        if max(self.n, self.m) >= PARALLEL_SENTENCES:
            with ThreadPoolExecutor(KERNEL_THREADS) as pool:
                norms = list(pool.map(norms_of, tasks))
        else:
            norms = [norms_of(task) for task in tasks]
        # float32 like the dot products (summed in float64 first, see `group_sq_norms`): mixed
        # with float64 norms every step of the band arithmetic ran in float64, ~5 % of the time.
        self._src_norms = np.stack(norms[:len(self.channels)]).astype(np.float32)
        tgt_norms = np.stack(norms[len(self.channels):]).astype(np.float32)
        # Padded before with its first column (what clipping a band's reads at 0 would give),
        # so `block` reads a band row's norms as one window; the table itself is a view of it.
        self._tgt_norms_padded = np.concatenate(
            (np.repeat(tgt_norms[:, :, :1], max_tgt, axis=2), tgt_norms), axis=2)
        self._tgt_norms = self._tgt_norms_padded[:, :, max_tgt:]
        self._total_weight = sum(c.weight for c in channels)
        self._weights = (np.array([c.weight for c in channels], dtype=np.float32)
                         / np.float32(self._total_weight))
        self._kept: PairDots | None = None  # dot products of the last band searched
        self._lock = threading.Lock()

    def block(self, rows: np.ndarray, cols: np.ndarray, types: Sequence[BeadType],
              kept_width: int | None = None) -> BlockSimilarities:
        """Similarities of the bead of each type ending at lattice cell (rows[r], cols[r, w]).

        `rows` has shape (R, 1), `cols` (R, W), each row of `cols` consecutive positions that
        end at most at m (a band row). Returns the group similarity and, for merges, each
        member's similarity to the whole other side (a sentence glued into a bead must match
        too). Out-of-lattice beads get a NaN group similarity. The sentence-pair dots of the
        first `kept_width` cells of each row (default: all) are kept for scoring (`PairDots`).
        """
        n, m = self.n, self.m
        k0 = max(0, int(rows.min()) - self.max_src)
        k1 = min(n, int(rows.max()))
        l0 = max(0, int(cols.min()) - self.max_tgt)
        l1 = min(m, max(l0, int(cols.max())))
        pairs = sorted({(da, db) for t in types for da in range(1, t.src + 1)
                        for db in range(1, t.tgt + 1)})
        width = cols.shape[1]
        first = cols[:, 0]  # a row's cells are consecutive: first, first + 1, ...
        r = np.clip(rows, 0, n)
        # All channels at once, stacked on a first axis: one numpy call per step, not per channel.
        # Padded before both sentence axes (and after the target one), so the sentences a row
        # reads are one window of `width` target sentences, copied as a block, not gathered
        # cell by cell; what the padding gives (zero) only reaches beads outside the lattice.
        padded = np.zeros((len(self.channels), self.max_src + max(1, k1 - k0),
                           self.max_tgt + max(1, l1 - l0) + width), dtype=np.float32)
        dots = padded[:, self.max_src:, self.max_tgt:self.max_tgt + max(1, l1 - l0)]
        windows = sliding_window_view(padded, width, axis=2)
        row_at = {da: rows[:, 0] - da - k0 + self.max_src for da, _ in pairs}
        col_at = {db: first - db - l0 + self.max_tgt for _, db in pairs}
        if k1 > k0 and l1 > l0:
            for k, channel in enumerate(self.channels):
                dots[k] = (channel.src[k0:k1] @ channel.tgt[l0:l1].T).toarray()
            self._keep(dots, k0, l0, rows[:, 0], cols[:, 0], kept_width or cols.shape[1])
        # Running sums in the order a group is read, shared by every type that needs them:
        # `along[(da, b)]`, source sentence da back against the target group of b sentences;
        # `across[(a, db)]`, target sentence db back against the source group of a sentences;
        # `group[(a, b)]`, the two groups (pairs is closed downwards and sorted, so each sum's
        # predecessor is there).
        along, across, group = {}, {}, {}
        for da, db in pairs:
            dot = windows[:, row_at[da], col_at[db]]
            along[(da, db)] = dot if db == 1 else along[(da, db - 1)] + dot
            across[(da, db)] = dot if da == 1 else across[(da - 1, db)] + dot
            group[(da, db)] = along[(da, db)] if da == 1 else group[(da - 1, db)] + along[(da, db)]
        src_norms, weights = self._src_norms, self._weights
        max_a, max_b = max(a for a, _ in pairs), max(b for _, b in pairs)
        src_group = {a: src_norms[:, a, r] for a in range(1, max_a + 1)}
        src_one = [src_norms[:, 1, np.clip(r - k, 0, n)] for k in range(max_a)]
        # Bands end at the last target position, so `first + width - 1 <= m`.
        tgt_windows = sliding_window_view(self._tgt_norms_padded, width, axis=2)
        tgt_group = {b: tgt_windows[:, b, first + self.max_tgt] for b in range(1, max_b + 1)}
        tgt_one = [tgt_windows[:, 1, first + self.max_tgt - k] for k in range(max_b)]
        # A merge member's similarity to the whole other side depends on that side's size only,
        # so the types share them: `members[(side, k, other)]`, member k back from the end.
        out = BlockSimilarities()
        for t in types:
            out.groups[t] = _mix(weights, _cos(group[(t.src, t.tgt)],
                                               src_group[t.src] * tgt_group[t.tgt]))
            invalid = np.broadcast_to((rows < t.src) | (cols < t.tgt) | (cols > m), cols.shape)
            out.groups[t][invalid] = np.nan
            if t.src + t.tgt == 2:
                continue
            keys = ([("src", k, t.tgt) for k in range(t.src)]
                    + [("tgt", k, t.src) for k in range(t.tgt)])
            for side, k, other in keys:
                if (side, k, other) not in out.members:
                    if side == "src":
                        cos = _cos(along[(k + 1, other)], src_one[k] * tgt_group[other])
                    else:
                        cos = _cos(across[(other, k + 1)], src_group[other] * tgt_one[k])
                    out.members[(side, k, other)] = _mix(weights, cos)
            out.member_keys[t] = tuple(keys)
        return out

    def _keep(self, dots: np.ndarray, k0: int, l0: int, rows: np.ndarray, offsets: np.ndarray,
              width: int) -> None:
        """Keep what lattice `rows` (band `width`, first cells at `offsets`) read of the block
        `dots` (channel, source k0.., target l0..): their source sentence row - 1 against the
        target sentences of the beads ending in the row."""
        span = width + self.max_tgt - 1
        with self._lock:  # row blocks are priced in threads; each writes only its own rows
            if self._kept is None or self._kept.span != span:
                self._kept = PairDots(self.n, len(self.channels), span)
            store = self._kept
        sentences = rows - 1
        first = offsets - self.max_tgt
        # Columns past the block hold no target sentence a valid bead reads.
        columns = np.clip(first[:, None] - l0 + np.arange(span), 0, dots.shape[2] - 1)
        kept = dots[:, (sentences - k0)[:, None], columns]
        store.values[sentences] = kept.transpose(1, 0, 2)
        store.first[sentences] = first

    def of_beads(self, src_groups: Sequence[Sequence[int]],
                 tgt_groups: Sequence[Sequence[int]]) -> np.ndarray:
        """Similarity of each (source group, target group) pair of sentence groups.

        A group dot product is the sum of its sentence pairs', taken from the last band
        searched where it holds them. Norms of runs of consecutive sentences come from the
        cached tables; a group with a gap (a link the out-of-order pass took a middle sentence
        from) sums its rows.
        """
        out = np.zeros(len(src_groups))
        if not len(src_groups):
            return out
        src_len = np.array([len(g) for g in src_groups])
        tgt_len = np.array([len(g) for g in tgt_groups])
        if src_len.max() > self.max_src or tgt_len.max() > self.max_tgt:
            raise ValueError("group larger than this similarity's maximal group")
        src_end = np.array([g[-1] + 1 if len(g) else 0 for g in src_groups])
        tgt_end = np.array([g[-1] + 1 if len(g) else 0 for g in tgt_groups])
        sizes = src_len * tgt_len
        count = int(sizes.sum())
        bead = np.repeat(np.arange(len(src_groups)), sizes)
        pairs = zip(src_groups, tgt_groups, strict=True)
        src = np.fromiter((i for g, h in pairs for i in g for _ in h), dtype=np.int64, count=count)
        pairs = zip(src_groups, tgt_groups, strict=True)
        tgt = np.fromiter((j for g, h in pairs for _ in g for j in h), dtype=np.int64, count=count)
        dots = self._pair_dots(src, tgt)
        src_norms = self._group_norms("src", src_groups, src_len, src_end)
        tgt_norms = self._group_norms("tgt", tgt_groups, tgt_len, tgt_end)
        for k, channel in enumerate(self.channels):
            dot = np.bincount(bead, weights=dots[k], minlength=len(src_groups))
            out += channel.weight * _cos(dot, src_norms[k] * tgt_norms[k])
        return out / self._total_weight

    def _group_norms(self, side: str, groups: Sequence[Sequence[int]], length: np.ndarray,
                     end: np.ndarray) -> np.ndarray:
        """(channel, group) norms of `side`'s groups."""
        norms = (self._src_norms if side == "src" else self._tgt_norms)[:, length, end]
        for g, group in enumerate(groups):
            if len(group) and group[-1] - group[0] + 1 != len(group):
                for k, channel in enumerate(self.channels):
                    total = np.asarray(getattr(channel, side)[list(group)].sum(axis=0)).ravel()
                    norms[k, g] = np.sqrt(total @ total)
        return norms

    def _pair_dots(self, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
        """(channel, pair) dot products of source sentences `src` with target sentences `tgt`."""
        out = np.empty((len(self.channels), len(src)))
        kept = np.zeros(len(src), dtype=bool)
        if self._kept is not None:
            kept, values = self._kept.lookup(src, tgt)
            out[:, kept] = values
        missing = np.flatnonzero(~kept)
        if len(missing):
            for k, channel in enumerate(self.channels):
                product = channel.src[src[missing]].multiply(channel.tgt[tgt[missing]])
                out[k, missing] = np.asarray(product.sum(axis=1)).ravel()
        return out

    def matrix(self, src: Sequence[int], tgt: Sequence[int]) -> np.ndarray:
        """Sentence-by-sentence similarity of two (small) index lists."""
        out = np.zeros((len(src), len(tgt)))
        if not len(src) or not len(tgt):
            return out
        for channel, sn, tn in zip(self.channels, self._src_norms, self._tgt_norms, strict=True):
            dots = (channel.src[list(src)] @ channel.tgt[list(tgt)].T).toarray()
            norm = np.outer(sn[1, np.asarray(src) + 1], tn[1, np.asarray(tgt) + 1])
            with np.errstate(invalid="ignore", divide="ignore"):
                out += channel.weight * np.where(norm > 0, dots / np.where(norm > 0, norm, 1), 0)
        return out / self._total_weight


def _mix(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`weights @ values` over the first (channel) axis, summed in numpy's own loops.

    Not `tensordot`: that is a BLAS call, and a threaded BLAS wakes its threads for every one of
    these small products (thousands a search), which then spin on the core the pricing worker
    needs.
    """
    out = weights[0] * values[0]
    for weight, value in zip(weights[1:], values[1:], strict=True):
        out += weight * value
    return out


def _cos(dot: np.ndarray, norm: np.ndarray) -> np.ndarray:
    # A zero norm means a zero vector, whose dot products are 0: 0 / tiny = 0, no branch needed.
    with np.errstate(invalid="ignore"):
        return dot / np.maximum(norm, 1e-30)
