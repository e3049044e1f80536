"""The out-of-order pass on hand-made paths: which sentences may move, and where links land."""

import numpy as np
import scipy.sparse as sp

from corpus.align.reorder import PairCache, Rules, recover_links, split_swaps
from corpus.align.similarity import Channel, GroupSimilarity

TOPICS = "ABCDEFG"


def similarity(src: str, tgt: str) -> GroupSimilarity:
    """One channel in which each sentence is its topic letter, so equal letters match fully."""
    def vectors(side: str) -> sp.csr_matrix:
        return sp.csr_matrix(np.eye(len(TOPICS))[[TOPICS.index(t) for t in side]])

    return GroupSimilarity([Channel(vectors(src), vectors(tgt), 1.0)], 4, 4)


def relinked(beads, sim, member_gain=0.02, src_ok=None, tgt_ok=None, weak_link=None):
    src_ok, tgt_ok = src_ok or [True] * sim.n, tgt_ok or [True] * sim.m
    return recover_links(beads, sim, Rules(0.15, src_ok.__getitem__, tgt_ok.__getitem__,
                                           member_gain, weak_link))


# Source C moved to the end of the target; the path glued it onto D's link.
GLUED = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((), (4,))]


def test_moved_sentence_glued_to_a_link_leaves_it_for_its_counterpart() -> None:
    assert relinked(GLUED, similarity("ABCDE", "ABDEC")) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (4,)), ((3,), (2,)), ((4,), (3,))]


def test_merged_links_stay_whole_without_a_member_gain() -> None:
    assert relinked(GLUED, similarity("ABCDE", "ABDEC"), member_gain=None) == GLUED


def test_ineligible_sentences_stay_where_they_are() -> None:
    sim = similarity("ABCDE", "ABDEC")
    assert relinked(GLUED, sim, src_ok=[True, True, False, True, True]) == GLUED
    assert relinked(GLUED, sim, tgt_ok=[True] * 4 + [False]) == GLUED


def test_member_that_carries_its_link_is_no_candidate() -> None:
    # Target 2 renders source 2 and 3 together (C and D); a lone target D elsewhere matches
    # source 3 alone as well, but taking 3 away would lose half of what the link says.
    sim = GroupSimilarity([Channel(sp.csr_matrix(np.eye(5)[[0, 1, 2, 3]]),
                                   sp.csr_matrix(np.array([[1, 0, 0, 0, 0], [0, 1, 0, 0, 0],
                                                           [0, 0, 1, 1, 0], [0, 0, 0, 1, 0]])),
                                   1.0)], 4, 4)
    beads = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((), (3,))]
    assert relinked(beads, sim) == beads
    assert relinked(beads, sim, member_gain=1.0) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)),
                                                     ((3,), (3,))]


def test_lone_sentences_link_across_the_path() -> None:
    # E moved to the front of the target: the path skipped it on both sides.
    beads = [((), (0,)), ((0,), (1,)), ((1,), (2,)), ((2,), ())]
    assert relinked(beads, similarity("ABE", "EAB")) == [((0,), (1,)), ((1,), (2,)),
                                                          ((2,), (0,))]


def test_a_merged_link_keeps_a_sentence_a_side() -> None:
    # Both source members of the G link match lone targets elsewhere; only one may go.
    beads = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((), (3,))]
    out = relinked(beads, similarity("ACF", "AGCF"))
    linked = [p for p in out if p[0] and p[1]]
    assert len(linked) == 3 and ((0,), (0,)) in linked
    assert any(p[1] == (1,) and len(p[0]) == 1 for p in linked)
    assert sorted(i for p in out for i in p[0]) == [0, 1, 2]
    assert sorted(j for p in out for j in p[1]) == [0, 1, 2, 3]


def test_a_link_at_chance_gives_up_its_sentences() -> None:
    # Source C moved to the end of the target; the path linked it with D across the way.
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,))]
    sim = similarity("ABC", "ABDC")
    assert relinked(beads, sim) == beads
    assert relinked(beads, sim, weak_link=0.1) == [((0,), (0,)), ((1,), (1,)), ((), (2,)),
                                                   ((2,), (3,))]
    # Both sentences of the weak link find their counterparts.
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((), (3,))]
    assert relinked(beads, similarity("ABCD", "ABDC"), weak_link=0.1) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (2,))]


def test_a_merged_link_at_chance_gives_up_its_only_source_sentence() -> None:
    # Source C moved to the end of the target; the path linked it with D and E across the way.
    # Its two targets are left unlinked, one bead each.
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((), (4,))]
    sim = similarity("ABC", "ABDEC")
    assert relinked(beads, sim) == beads
    assert relinked(beads, sim, weak_link=0.1) == [((0,), (0,)), ((1,), (1,)), ((), (2,)),
                                                   ((), (3,)), ((2,), (4,))]


def test_a_second_round_links_a_next_best() -> None:
    # Source 1 is closest to target 0, which source 0 matches better: round 1 links 0-0, and
    # only then is target 1 source 1's best left.
    sim = GroupSimilarity([Channel(sp.csr_matrix(np.array([[1.0, 0.0], [2.0, 1.5]])),
                                   sp.csr_matrix(np.eye(2)), 1.0)], 4, 4)
    beads = [((0,), ()), ((1,), ()), ((), (0,)), ((), (1,))]
    assert relinked(beads, sim) == [((0,), (0,)), ((1,), (1,))]
    # A refused pair is out of the pass, and the next round goes on without it.
    rules = Rules(0.15, lambda i: True, lambda j: True)
    refuse_first = lambda moves: [m.src.sentence != 0 for m in moves]  # noqa: E731
    assert recover_links(beads, sim, rules, refuse_first) == [((0,), ()), ((1,), (1,)),
                                                              ((), (0,))]
    assert recover_links(beads, sim, rules, lambda moves: [False] * len(moves)) == beads


def test_the_cache_computes_each_pair_once() -> None:
    cache = PairCache(similarity("AB", "BA"))
    rows, cols, sims = cache.pairs([0], [1])
    assert (rows.tolist(), cols.tolist(), sims.tolist()) == ([0], [0], [1.0])
    rows, cols, sims = cache.pairs([1, 0], [0, 1])
    assert sorted(zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True)) == [
        (0, 0, 1.0), (0, 1, 0.0), (1, 0, 0.0), (1, 1, 1.0)]
    assert sum(len(found[0]) for found in cache._found) == 4
    assert np.allclose(cache.groups([((0,), (1,)), ((0, 1), (0, 1))]), [1.0, 1.0])


def test_the_cache_compares_pairs_within_the_window_only() -> None:
    anchors = np.arange(6)  # source sentence i passes target i
    cache = PairCache(similarity("ABCDEF", "FBCDEA"), anchors, window=2)
    rows, cols, _ = cache.pairs(list(range(6)), list(range(6)))
    assert all(abs(r - c) <= 2 for r, c in zip(rows.tolist(), cols.tolist(), strict=True))
    assert len(rows) == 6 * 5 - 2 * 3  # |i - j| <= 2 on a 6 x 6 grid: 24 pairs


def test_a_move_beyond_the_window_is_not_searched() -> None:
    # A moved from the start to the end, five target sentences from where the path passes it.
    beads = [((0,), ())] + [((i,), (i - 1,)) for i in range(1, 6)] + [((), (5,))]
    sim = similarity("ABCDEF", "BCDEFA")
    out = recover_links(beads, sim, Rules(0.15, lambda i: True, lambda j: True, window=4))
    assert out == beads
    out = recover_links(beads, sim, Rules(0.15, lambda i: True, lambda j: True, window=5))
    assert out == [((0,), (5,))] + [((i,), (i - 1,)) for i in range(1, 6)]


def test_two_swapped_sentences_become_crossing_links() -> None:
    # Targets C and D swapped: the path linked the pair as one 2-2 bead.
    beads = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3)), ((4,), (4,))]
    assert relinked(beads, similarity("ABCDE", "ABDCE")) == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (2,)), ((4,), (4,))]
    sim = similarity("ABCDE", "ABDCE")
    # Both links must be confident, both sentences of each side eligible.
    rules = Rules(0.15, lambda i: True, lambda j: True)
    refuse_one = lambda moves: [m.src.sentence != 3 for m in moves]  # noqa: E731
    assert split_swaps(beads, PairCache(sim), rules, refuse_one) == beads
    assert relinked(beads, sim, tgt_ok=[True, True, True, False, True]) == beads


def test_a_two_two_rendering_in_order_is_no_swap() -> None:
    # Target 2 says C and half of D, target 3 the rest of D: source 2 matches target 3 not at
    # all, so the crossing pairs do not both beat the pairs in order.
    sim = GroupSimilarity([Channel(sp.csr_matrix(np.eye(4)[[0, 1, 2, 3]]),
                                   sp.csr_matrix(np.array([[1, 0, 0, 0], [0, 1, 0, 0],
                                                           [0, 0, 1, 1], [0, 0, 0, 1]])),
                                   1.0)], 4, 4)
    beads = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3))]
    assert relinked(beads, sim) == beads
    # Crossing pairs that beat the pairs in order, but below the threshold, stay a 2-2 link.
    swapped = [((0, 1), (0, 1))]
    assert split_swaps(swapped, PairCache(similarity("AB", "BA")),
                       Rules(1.01, lambda i: True, lambda j: True)) == swapped
