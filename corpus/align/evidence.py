"""Whether a path's links sit where they do by evidence or by chance: parallel vs comparable.

The costs of parallel text let the search link sentences by position and length alone, which is
right in a translation (Text+Berg without MT: 80 % of links that are no more similar than their
shifted neighbours are still right) and wrong in two articles that only share part of a story
(the seeds' French and English reports). What tells the two apart is the *margin* of each link:
its similarity minus that of the same link shifted by one sentence on either side. A link placed
by chance has the largest of those five similarities about one time in five; a path whose links
beat their shifts no more often than that has no evidence of being parallel. Where similarity
says too little (two scripts without MT, or a short pair), the *order* of the sentence lengths
speaks: a translation is cheaper to align in its own order than reversed or shuffled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from corpus.align.beads import BeadType
from corpus.align.costs import CostModel
from corpus.align.dp import Band, cheapest_path
from corpus.align.similarity import Channel, GroupSimilarity

Group = tuple[int, ...]
# P(margin > 0) for a link placed by chance: its place against 4 shifts, with some slack for
# neighbours that share the same words (a chance link among repeated names).
CHANCE_PLACEMENT = 0.25
# P(margin > 0) for a link of a parallel text without MT: Text+Berg dev has 0.79; set lower for
# harder texts (OCR, short sentences), since a parallel pair taken for comparable loses links.
PARALLEL_PLACEMENT = 0.6
# Fewer inner links than this say too little to overrule the parallel costs (tuned on gold).
MIN_INNER_LINKS = 4
# Below this many inner links a translation placed at PARALLEL_PLACEMENT falls under the test's
# cut (about 0.42 of them placed) more than one time in twenty (binomial: 5.7 % at 20, 16.6 % at
# 10), so a short pair called comparable is asked `lengths_in_order` too.
FEW_INNER_LINKS = 20
# In one language: P(a link is no more similar than the CHANCE_QUANTILE of random pairs) in a
# parallel text (the French of Text+Berg dev against the German's MT into French: 0.01 with
# google, 0.02 with a weak system; set higher for harder texts) and in a comparable one (half
# to three quarters of the story replaced: 0.18-0.36 on that dev). The likelihoods cross at a
# share of about 0.19.
PARALLEL_UNRELATED = 0.08
COMPARABLE_UNRELATED = 0.35
# A link in a comparable pair must be more similar than this share of random sentence pairs.
CHANCE_QUANTILE = 0.9
CHANCE_SAMPLE = 4000
# Across two scripts without MT: the target orders the pair's path cost is compared with (the
# reversed target and shuffles of it, fixed seed). A translation must be cheaper in its own
# order than in every one of them: a permutation test at p = 1 / (ORDER_CONTROLS + 1) = 0.05.
ORDER_CONTROLS = 19
# Source sentences (from the start, with the target's share) that the order test reads: twenty
# searches of that head's whole lattice, ~0.5 s a pair at 200 (docs/DESIGN.md).
ORDER_SENTENCES = 200


def _shift(group: Sequence[int], by: int, size: int) -> Group:
    return tuple(i + by for i in group if 0 <= i + by < size)


def margins(similarity: GroupSimilarity, src: Sequence[Group], tgt: Sequence[Group]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Each link's similarity, and its margin over the link shifted by one on either side."""
    n, m = similarity.n, similarity.m
    sim = similarity.of_beads(src, tgt)
    alternatives = [
        similarity.of_beads([_shift(s, d, n) for s in src], tgt) for d in (-1, 1)
    ] + [
        similarity.of_beads(src, [_shift(t, d, m) for t in tgt]) for d in (-1, 1)
    ]
    return sim, sim - np.max(alternatives, axis=0)


def _likelier_parallel(hits: int, count: int, parallel: float, comparable: float) -> bool:
    """Whether `hits` of `count` links are at least as likely at rate `parallel` as at
    `comparable` (log of the binomial likelihood ratio; the coefficients cancel)."""
    ratio = (hits * math.log(parallel / comparable)
             + (count - hits) * math.log((1 - parallel) / (1 - comparable)))
    return ratio >= 0


def placed_beyond_chance(similarity: GroupSimilarity, src: Sequence[Group],
                         tgt: Sequence[Group]) -> bool:
    """Whether the links beating their shifted neighbours are likelier parallel than chance.

    The two binomial likelihoods of that count, at PARALLEL_PLACEMENT and CHANCE_PLACEMENT: a
    share of links above about 0.42 is parallel. Ties and paths of few inner links go to
    parallel, the regime that was tuned on gold.
    """
    inner = _inner_links(similarity, src, tgt)
    if len(inner) < MIN_INNER_LINKS:
        return True
    _, margin = margins(similarity, [s for s, _ in inner], [t for _, t in inner])
    return _likelier_parallel(int(np.sum(margin > 0)), len(margin), PARALLEL_PLACEMENT,
                              CHANCE_PLACEMENT)


def _inner_links(similarity: GroupSimilarity, src: Sequence[Group], tgt: Sequence[Group]
                 ) -> list[tuple[Group, Group]]:
    # A link at an edge has fewer shifts to beat, so it would count as placed too easily.
    return [(s, t) for s, t in zip(src, tgt, strict=True)
            if s[0] > 0 and t[0] > 0 and s[-1] < similarity.n - 1 and t[-1] < similarity.m - 1]


def placed_or_in_order(model: CostModel, src: Sequence[Group], tgt: Sequence[Group],
                       types: Sequence[BeadType]) -> bool:
    """`placed_beyond_chance`, or, for a pair too short for it to be sure, `lengths_in_order`.

    With fewer than FEW_INNER_LINKS inner links the placement test calls a translation
    comparable more than one time in twenty (Text+Berg windows of 15 sentences without MT: 17
    of 79); the order test, whose level is fixed, then has the last word. The seeds' short
    French and English reports are in no such order and stay comparable.
    """
    similarity = model.similarity
    if placed_beyond_chance(similarity, src, tgt):
        return True
    return (len(_inner_links(similarity, src, tgt)) < FEW_INNER_LINKS
            and lengths_in_order(model, types))


def linked_beyond_chance(similarity: GroupSimilarity, src: Sequence[Group],
                         tgt: Sequence[Group]) -> bool:
    """Whether few enough links sit at chance similarity for a parallel pair in one language.

    In one language a counterpart shares words, so nearly every link of a translation or a
    light rewrite stands above random pairs, and the margin test above does not separate: the
    parallel costs place even a filler link next to shared names, which beats its shifts. What
    a comparable pair shows is links at chance similarity, placed by position and length. The
    share of those decides, by the two binomial likelihoods at PARALLEL_UNRELATED and
    COMPARABLE_UNRELATED; ties and few links go to parallel.
    """
    if len(src) < MIN_INNER_LINKS:
        return True
    sim = similarity.of_beads(src, tgt)
    at_chance = int(np.sum(sim <= chance_similarity(similarity, off_diagonal=True)))
    return _likelier_parallel(at_chance, len(sim), PARALLEL_UNRELATED, COMPARABLE_UNRELATED)


def chance_similarity(similarity: GroupSimilarity, off_diagonal: bool = False) -> float:
    """The CHANCE_QUANTILE of the similarity of random sentence pairs (all pairs when few).

    `off_diagonal` leaves out pairs within one sentence of the diagonal, where a translation
    has its counterparts: the parallelism test must not count them as chance, and in a text of
    a few sentences they are over a tenth of all pairs (six identical sentences read as
    comparable). A pair already judged comparable has its counterparts anywhere, so its costs
    take every pair.
    """
    n, m = similarity.n, similarity.m
    if n * m <= CHANCE_SAMPLE:
        src, tgt = np.divmod(np.arange(n * m), m)
    else:  # a fixed seed: the same texts always get the same alignment
        rng = np.random.default_rng(0)
        src, tgt = rng.integers(0, n, CHANCE_SAMPLE), rng.integers(0, m, CHANCE_SAMPLE)
    if off_diagonal:
        away = np.abs(tgt - src * (m / n)) >= 1
        if away.any():
            src, tgt = src[away], tgt[away]
    sims = similarity.of_beads([(int(i),) for i in src], [(int(j),) for j in tgt])
    return float(np.quantile(sims, CHANCE_QUANTILE))


def lengths_in_order(model: CostModel, types: Sequence[BeadType]) -> bool:
    """Whether the cheapest path costs less than with either side in any other order tried.

    Across two scripts without MT only digits and names are shared, so the margin test above
    sees too little to call even a translation parallel. What a translation has is its order:
    its sentence lengths follow each other, and a length model aligns it far more cheaply in
    that order than reversed or shuffled, while two reports of a story cost about the same
    either way. A permutation test: the pair's own order must beat all ORDER_CONTROLS others,
    which two texts without a common order do one time in twenty. Asked both ways (the target
    reordered, then the source): a short report retelling a long one in the same order is
    cheaper in its own order as the target (seeds 004/002), not as the source. Read on the
    first ORDER_SENTENCES.
    """
    model = _head(model, ORDER_SENTENCES)
    return _cheapest_in_own_order(model, types) and _cheapest_in_own_order(_swapped(model), types)


def _cheapest_in_own_order(model: CostModel, types: Sequence[BeadType]) -> bool:
    """Whether the path costs less than with the target reversed and in each shuffle."""
    m = model.similarity.m
    shuffles = np.random.default_rng(0)
    orders = [np.arange(m)[::-1], *(shuffles.permutation(m) for _ in range(ORDER_CONTROLS - 1))]
    own = _path_cost(model, types)
    return all(_path_cost(_target_reordered(model, order), types) > own for order in orders)


def _swapped(model: CostModel) -> CostModel:
    """`model` with source and target exchanged (its length ratio and variance follow)."""
    sim = model.similarity
    channels = [Channel(c.tgt, c.src, c.weight, c.guide, c.textual) for c in sim.channels]
    return CostModel(GroupSimilarity(channels, sim.max_tgt, sim.max_src), np.diff(model.tgt_cum),
                     np.diff(model.src_cum), model.settings)


def _path_cost(model: CostModel, types: Sequence[BeadType]) -> float:
    """Cost of the cheapest path through the whole lattice."""
    n, m = model.similarity.n, model.similarity.m
    band = Band.full(n, m)
    return cheapest_path(n, m, band, types, model.cost_block(band, types), model.delete_costs(),
                         model.insert_costs())[1]


def _head(model: CostModel, sentences: int) -> CostModel:
    """`model` cut to its first `sentences` source sentences and as large a share of the target."""
    sim = model.similarity
    if sim.n <= sentences:
        return model
    src, tgt = np.arange(sentences), np.arange(max(1, round(sentences * sim.m / sim.n)))
    channels = [Channel(c.src[src], c.tgt[tgt], c.weight, c.guide, c.textual)
                for c in sim.channels]
    return _with(model, channels, np.diff(model.src_cum)[src], np.diff(model.tgt_cum)[tgt])


def _target_reordered(model: CostModel, order: np.ndarray) -> CostModel:
    """`model` with the target sentences in `order` (their vectors and lengths moved)."""
    channels = [c.with_target(c.tgt[order]) for c in model.similarity.channels]
    return _with(model, channels, np.diff(model.src_cum), np.diff(model.tgt_cum)[order])


def _with(model: CostModel, channels: list[Channel], src_len: np.ndarray,
          tgt_len: np.ndarray) -> CostModel:
    """`model` over other channels and lengths; the length ratio and variance stay its own."""
    sim = model.similarity
    return CostModel(GroupSimilarity(channels, sim.max_src, sim.max_tgt), src_len, tgt_len,
                     model.settings, model.variance, model.ratio)
