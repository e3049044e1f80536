
from corpus.align import align_sentences
from corpus.align.refine import (
    BeadFScore,
    Histogram,
    absorb_lone_sentences,
    char_keys,
    chrf,
    lone_neighbourhood,
)
from tests.align.test_aligner import STORY, UNRELATED


def keys(text: str) -> Histogram:
    return Histogram.of(char_keys([text])[1])


def test_chrf_is_one_for_identical_text_and_zero_for_disjoint_text() -> None:
    assert chrf(keys("der gletscher"), keys("der gletscher")) == 1.0
    assert chrf(keys("abc"), keys("xyz")) == 0.0


def test_chrf_falls_when_unmatched_text_is_added() -> None:
    ref = keys("the glacier retreated")
    assert chrf(keys("the glacier retreated quickly"), ref) < 1.0
    assert chrf(keys("the glacier"), ref) < chrf(keys("the glacier retreated"), ref)


SRC = ["Der Gletscher ist gross.", "Wir stiegen zum Gipfel und", "sahen den See."]
TGT = ["Le glacier est grand.", "Nous sommes montés au sommet et avons vu le lac.",
       "Le refuge était fermé."]
# Word-for-word "MT" of each side into the other language.
SRC_MT = ["Le glacier est grand.", "Nous sommes montés au sommet et", "avons vu le lac."]
TGT_MT = ["Der Gletscher ist gross.", "Wir stiegen zum Gipfel und sahen den See.",
          "Die Hütte war geschlossen."]


def score_for(pairs):
    return BeadFScore(SRC, TGT, SRC_MT, TGT_MT, *lone_neighbourhood(pairs))


def test_lone_sentence_completing_a_link_is_absorbed() -> None:
    pairs = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    out = absorb_lone_sentences(pairs, score_for(pairs), max_sentences=5)
    assert out == [((0,), (0,)), ((1, 2), (1,))]


def test_unrelated_lone_sentence_stays_alone() -> None:
    pairs = [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]
    assert absorb_lone_sentences(pairs, score_for(pairs), max_sentences=5) == pairs


def test_absorbed_bead_respects_the_largest_bead() -> None:
    pairs = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    assert absorb_lone_sentences(pairs, score_for(pairs), max_sentences=2) == pairs


def test_without_mt_nothing_is_refined() -> None:
    beads = align_sentences(SRC, TGT, src_lang="de", tgt_lang="fr")
    assert all(b.src or b.tgt for b in beads)
    score = BeadFScore(SRC, TGT, None, None, [0, 1, 2], [0, 1, 2])
    assert not score.directions
    pairs = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    assert absorb_lone_sentences(pairs, score, max_sentences=5) == pairs



def test_unrelated_block_next_to_links_is_not_absorbed_with_mt() -> None:
    # MT of the source is the story itself; the target has an unrelated block inserted.
    src = [f"Satz {i}." for i in range(len(STORY))]
    tgt = STORY[:3] + UNRELATED + STORY[3:]
    expected = ([((i,), (i,)) for i in range(3)] + [((), (j,)) for j in range(3, 7)]
                + [((i,), (i + 4,)) for i in range(3, 6)])
    beads = align_sentences(src, tgt, src_lang="de", tgt_lang="en", src_mt=STORY)
    assert [(b.src, b.tgt) for b in beads] == expected
    # Both directions: the target's "MT" is its own text, so either direction could glue.
    beads = align_sentences(src, tgt, src_lang="de", tgt_lang="en", src_mt=STORY, tgt_mt=tgt)
    assert [(b.src, b.tgt) for b in beads] == expected
