"""Properties of the sentence aligner through its public entry point (`align_sentences`): the
beads partition both sides (in order on the source side, and on the target side too when the
out-of-order pass is off), every bead's sentences are consecutive, scores lie in [0, 1], and the
same input always gives the same beads."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.align import AlignSettings, align_sentences
from corpus.model import Bead

WORDS = ["Berg", "glacier", "1988", "Piola", "la", "der", "hut", "cabane", "Hütte", "snow",
         "neige", "Schnee", "FBI", "2018", "élection", "Wahl", "شركات", "الانتخابات", "٢٠١٨",
         "rope", "corde", "Seil", ",", ".", "?", "«", "»"]
SENTENCE = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join),
    st.text(min_size=1, max_size=60),
)
SIDE = st.lists(SENTENCE, min_size=0, max_size=7)
LANGS = st.sampled_from([("de", "fr"), ("en", "en"), ("ar", "en"), ("fr", "ar")])
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def flat(beads: list[Bead], side: str) -> list[int]:
    return [i for bead in beads for i in getattr(bead, side)]


def check_beads(beads: list[Bead], n: int, m: int, *, in_order: bool) -> None:
    assert flat(beads, "src") == list(range(n))  # every source sentence once, in order
    targets = flat(beads, "tgt")
    assert sorted(targets) == list(range(m))  # every target sentence exactly once
    if in_order:
        assert targets == list(range(m))
    for bead in beads:
        assert bead.src or bead.tgt
        for side in (bead.src, bead.tgt):
            if side:
                assert list(side) == list(range(side[0], side[-1] + 1))  # consecutive
        assert 0.0 <= bead.score <= 1.0


@FAST
@given(SIDE, SIDE, LANGS)
def test_beads_partition_both_sides_with_scores_in_range(src: list[str], tgt: list[str],
                                                         langs: tuple[str, str]) -> None:
    beads = align_sentences(src, tgt, src_lang=langs[0], tgt_lang=langs[1])
    check_beads(list(beads), len(src), len(tgt), in_order=False)
    assert list(align_sentences(src, tgt, src_lang=langs[0], tgt_lang=langs[1])) == list(beads)


@FAST
@given(SIDE, SIDE, LANGS)
def test_monotone_alignment_keeps_both_sides_in_order(src: list[str], tgt: list[str],
                                                      langs: tuple[str, str]) -> None:
    beads = align_sentences(src, tgt, src_lang=langs[0], tgt_lang=langs[1],
                            settings=AlignSettings(reorder=False))
    check_beads(list(beads), len(src), len(tgt), in_order=True)


def test_machine_translation_keeps_the_partition_regression() -> None:
    """Found by the property below: the out-of-order pass once linked target 0 twice."""
    src = ["00", "Berg Berg", "00", "0", "0"]
    tgt = list(reversed(src))
    beads = align_sentences(src, tgt, src_lang="de", tgt_lang="fr", src_mt=src, tgt_mt=tgt)
    check_beads(list(beads), len(src), len(tgt), in_order=False)


@FAST
@given(st.lists(SENTENCE, min_size=1, max_size=7), LANGS)
def test_machine_translation_keeps_the_partition(src: list[str],
                                                 langs: tuple[str, str]) -> None:
    """With an MT layer (here: the other side itself) the partition and range still hold."""
    tgt = list(reversed(src))
    beads = align_sentences(src, tgt, src_lang=langs[0], tgt_lang=langs[1], src_mt=src,
                            tgt_mt=tgt)
    check_beads(list(beads), len(src), len(tgt), in_order=False)
