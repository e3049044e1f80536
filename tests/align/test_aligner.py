import numpy as np
import pytest

from corpus.align import AlignSettings, BeadType, align_sentences, bead_types, search
from corpus.align.aligner import build_model, shared_alphabet
from corpus.align.dp import Band, fill_and_trace
from corpus.align.scoring import (
    LINK_COEFFICIENTS,
    SKIP_COEFFICIENTS,
    crossing_links,
    link_probability,
    probability,
)
from corpus.align.search import monotone_path
from corpus.align.settings import DEFAULT_SETTINGS
from corpus.errors import InputError
from corpus.model import Bead

STORY = [
    "The mountain guide Michel Piola climbed the north face in 1988.",
    "Snow fell heavily during the whole night near the glacier hut.",
    "Three young climbers waited for the helicopter at dawn.",
    "Their rope was frozen and the stove had stopped working.",
    "A rescue team from Interlaken reached them after 14 hours.",
    "Everybody returned safely to the valley on Sunday evening.",
]
UNRELATED = [
    "Parliament voted on the new budget for public railways yesterday.",
    "Cheese exports rose sharply compared with the previous quarter.",
    "The orchestra will perform Mozart symphonies at the festival.",
    "Local schools introduced a programme of free afternoon lessons.",
]


def pairs(beads):
    return [(b.src, b.tgt) for b in beads]


def test_identical_texts_align_one_to_one() -> None:
    beads = align_sentences(STORY, STORY, src_lang="en", tgt_lang="en")
    assert pairs(beads) == [((i,), (i,)) for i in range(len(STORY))]
    assert all(0.5 < b.score <= 1 for b in beads)


def test_one_sided_block_is_skipped_not_forced() -> None:
    tgt = STORY[:3] + UNRELATED + STORY[3:]
    beads = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en")
    assert pairs(beads) == ([((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
                            + [((), (j,)) for j in range(3, 7)]
                            + [((3,), (7,)), ((4,), (8,)), ((5,), (9,))])


def test_unrelated_sentences_in_the_same_place_are_not_linked_in_one_language() -> None:
    # Two versions of a story, each with its own sentence where the other has one: position and
    # length fit, but in one language a link without shared words is no link (comparable news).
    src = [*STORY[:3], UNRELATED[0], *STORY[3:]]
    tgt = [*STORY[:3], UNRELATED[1], *STORY[3:]]
    beads = pairs(align_sentences(src, tgt, src_lang="en", tgt_lang="en"))
    assert ((3,), (3,)) not in beads
    assert ((3,), ()) in beads and ((), (3,)) in beads
    assert [((i,), (i,)) for i in (0, 1, 2, 4, 5, 6)] == [p for p in beads if p[0] and p[1]]


def test_split_sentence_becomes_a_one_two_bead() -> None:
    tgt = [STORY[0], "Snow fell heavily during the whole night", "near the glacier hut.",
           *STORY[2:]]
    beads = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en")
    assert ((1,), (1, 2)) in pairs(beads)
    assert len(beads) == len(STORY)


def test_crossing_link_recovered_by_the_out_of_order_pass() -> None:
    # STORY[4] moved to the front of the target: the monotone path must skip it on both sides.
    tgt = [STORY[4], *STORY[:4], STORY[5]]
    no_pass = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en",
                              settings=AlignSettings(reorder=False))
    assert ((4,), (0,)) not in pairs(no_pass)
    # Calibrated scores never reach 1: nothing is confident enough then.
    unsure = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en",
                             settings=AlignSettings(reorder_min_probability=1.0))
    assert pairs(unsure) == pairs(no_pass)
    beads = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en")
    assert pairs(beads) == [((0,), (1,)), ((1,), (2,)), ((2,), (3,)), ((3,), (4,)),
                            ((4,), (0,)), ((5,), (5,))]


def test_two_swapped_sentences_are_linked_across() -> None:
    # The monotone path can only link a swapped pair as one 2-2 bead; the pass splits it.
    tgt = [*STORY[:2], STORY[3], STORY[2], *STORY[4:]]
    monotone = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en",
                               settings=AlignSettings(reorder=False))
    assert ((2, 3), (2, 3)) in pairs(monotone)
    beads = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en")
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (2,)),
                            ((4,), (4,)), ((5,), (5,))]


def test_mt_bridge_is_used() -> None:
    src = ["Der Bergführer stieg 1988 durch die Nordwand.", "Es schneite die ganze Nacht.",
           "Alle kehrten am Sonntag zurück."]
    src_mt = ["The mountain guide climbed the north face in 1988.",
              "It snowed all night long.", "Everybody returned on Sunday."]
    tgt = ["It snowed all night long near the hut.", "The guide climbed the north face in 1988.",
           "Everybody came back on Sunday."]
    beads = align_sentences(src, tgt[1:], src_lang="de", tgt_lang="en", src_mt=src_mt)
    assert pairs(beads)[0] == ((0,), (0,))
    with pytest.raises(InputError, match="source MT has 2 sentences"):
        align_sentences(src, tgt, src_lang="de", tgt_lang="en", src_mt=src_mt[:2])


def test_empty_sides() -> None:
    assert align_sentences([], [], src_lang="en", tgt_lang="fr") == []
    assert pairs(align_sentences(["a"], [], src_lang="en", tgt_lang="fr")) == [((0,), ())]


def with_blanks(lines: list[str], at: set[int]) -> list[str]:
    """`lines` with a blank line inserted before each position in `at` (len(lines): at the end)."""
    out: list[str] = []
    for i in range(len(lines) + 1):
        if i in at:
            out.append("" if i % 2 else "  ")
        out.extend(lines[i:i + 1])
    return out


def test_blank_lines_keep_their_index_and_are_never_linked() -> None:
    tgt = [*STORY[:3], "They were cold.", *STORY[3:]]
    src_lines, tgt_lines = with_blanks(STORY, {0, 2, 3, 6}), with_blanks(tgt, {4, 7})
    src_mt = [line.upper() for line in src_lines]  # line-aligned with the source, blanks too
    beads = align_sentences(src_lines, tgt_lines, src_lang="en", tgt_lang="en", src_mt=src_mt)
    blank_src = {i for i, line in enumerate(src_lines) if not line.strip()}
    blank_tgt = {j for j, line in enumerate(tgt_lines) if not line.strip()}

    def on_blank(bead: Bead) -> bool:
        return bool(set(bead.src) & blank_src or set(bead.tgt) & blank_tgt)

    # Every line is in exactly one bead; a blank one alone, unlinked and sure of it.
    assert sorted(i for b in beads for i in b.src) == list(range(len(src_lines)))
    assert sorted(j for b in beads for j in b.tgt) == list(range(len(tgt_lines)))
    assert {(b.src, b.tgt, b.score) for b in beads if on_blank(b)} == (
        {((i,), (), 1.0) for i in blank_src} | {((), (j,), 1.0) for j in blank_tgt})
    # The lines with text align exactly as they do without the blank lines, in the same order.
    src_at = [i for i in range(len(src_lines)) if i not in blank_src]
    tgt_at = [j for j in range(len(tgt_lines)) if j not in blank_tgt]
    plain = align_sentences(STORY, tgt, src_lang="en", tgt_lang="en",
                            src_mt=[line.upper() for line in STORY])
    assert [b for b in beads if not on_blank(b)] == [
        Bead(tuple(src_at[i] for i in b.src), tuple(tgt_at[j] for j in b.tgt), b.score)
        for b in plain]
    # A blank line sits where it is in the text: after the beads of the lines before it.
    src_order = [i for b in beads for i in b.src]
    assert src_order == sorted(src_order)


def test_bead_types_follow_max_bead() -> None:
    assert bead_types(1) == (BeadType.ONE_ONE,)
    assert set(bead_types(3)) == {BeadType.ONE_ONE, BeadType.ONE_TWO, BeadType.TWO_ONE,
                                  BeadType.TWO_TWO, BeadType.ONE_THREE, BeadType.THREE_ONE}


def test_dp_exact_path_on_hand_costs() -> None:
    # 2 source and 3 target sentences; a 1-2 at the end is cheapest.
    n, m = 2, 3
    types = (BeadType.ONE_ONE, BeadType.ONE_TWO)

    def costs(i0, i1):
        table = {BeadType.ONE_ONE: np.full((i1 - i0, m + 1), 5.0),
                 BeadType.ONE_TWO: np.full((i1 - i0, m + 1), 5.0)}
        for r, i in enumerate(range(i0, i1)):
            if i == 1:
                table[BeadType.ONE_ONE][r, 1] = 0.1
            if i == 2:
                table[BeadType.ONE_TWO][r, 3] = 0.2
        return table

    path = fill_and_trace(n, m, Band.full(n, m), types, costs, np.full(n, 1.0), np.full(m, 1.0))
    assert path == [(BeadType.ONE_ONE, 1, 1), (BeadType.ONE_TWO, 2, 3)]


def test_banded_search_matches_full_search() -> None:
    rng = np.random.default_rng(0)
    words = [f"w{k}" for k in range(3000)]
    src = [" ".join(rng.choice(words, 8)) for _ in range(400)]
    tgt = list(src)
    del tgt[100:110]
    tgt[200:200] = [" ".join(rng.choice(words, 8)) for _ in range(15)]
    full = align_sentences(src, tgt, src_lang="en", tgt_lang="en")
    banded = align_sentences(src, tgt, src_lang="en", tgt_lang="en",
                             settings=AlignSettings(full_matrix_cells=10_000, band_width=16))
    assert pairs(banded) == pairs(full)


def test_coarse_blocks_stay_small_and_the_block_lattice_is_searched_coarse_to_fine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 100 cells in full: blocks of sqrt(401 * 406 / 100) = 41 sentences without the cap; with it
    # blocks of MAX_BLOCK, whose lattice (21 x 21) is itself too large and gets its own blocks.
    rng = np.random.default_rng(0)
    words = [f"w{k}" for k in range(3000)]
    src = [" ".join(rng.choice(words, 8)) for _ in range(400)]
    tgt = list(src)
    del tgt[100:110]
    tgt[200:200] = [" ".join(rng.choice(words, 8)) for _ in range(15)]
    blocks = []
    coarse_model = search._coarse_model

    def recorded(model, k_src, k_tgt):
        blocks.append((model.similarity.n, k_src))
        return coarse_model(model, k_src, k_tgt)

    monkeypatch.setattr(search, "_coarse_model", recorded)
    banded = align_sentences(src, tgt, src_lang="en", tgt_lang="en",
                             settings=AlignSettings(full_matrix_cells=100, band_width=16))
    assert blocks[:2] == [(400, search.MAX_BLOCK), (20, 3)]
    assert pairs(banded) == pairs(align_sentences(src, tgt, src_lang="en", tgt_lang="en"))


def test_calibration_is_monotone() -> None:
    base = np.array([[0.3, 0.1, 1.0, 1.0, 0.0]])
    sims = np.linspace(0, 1, 11)
    feats = np.repeat(base, 11, axis=0)
    feats[:, 0] = sims
    p = probability(feats, LINK_COEFFICIENTS)
    assert np.all(np.diff(p) >= 0)
    feats = np.repeat(base, 11, axis=0)
    feats[:, 1] = sims - 0.5
    assert np.all(np.diff(probability(feats, LINK_COEFFICIENTS)) > 0)
    feats = np.repeat(base, 11, axis=0)
    feats[:, 2] = np.arange(11)
    assert np.all(np.diff(probability(feats, LINK_COEFFICIENTS)) < 0)
    skip = np.column_stack([sims, np.full(11, 4.0)])
    assert np.all(np.diff(probability(skip, SKIP_COEFFICIENTS)) < 0)
    assert np.all((p >= 0) & (p <= 1))
    # A link that crosses the others is less sure than the same link in order.
    crossing = link_probability(feats, np.ones(11, dtype=bool))
    assert np.all(crossing < link_probability(feats, np.zeros(11, dtype=bool)))


def test_crossing_links_are_the_fewest_out_of_order() -> None:
    # One link jumped ahead, two came back from far behind: the longest run in order stays.
    assert list(crossing_links([0, 1, 9, 2, 3, 4, 5])) == [0, 0, 1, 0, 0, 0, 0]
    assert list(crossing_links([5, 6, 7, 0, 1, 8, 9])) == [0, 0, 0, 1, 1, 0, 0]
    assert list(crossing_links([])) == []


def test_moved_sentence_scores_below_the_same_link_in_order() -> None:
    tgt = [STORY[4], *STORY[:4], STORY[5]]
    moved = {b.src: b.score for b in align_sentences(STORY, tgt, src_lang="en", tgt_lang="en")}
    kept = {b.src: b.score for b in align_sentences(STORY, STORY, src_lang="en", tgt_lang="en")}
    assert moved[(4,)] < kept[(4,)]


def test_guided_band_finds_the_full_search_path() -> None:
    # The second pass searches only a band around a guide path; a guide far off one stretch must
    # still lead to the full-lattice optimum (the band widens while the path touches its edge).
    rng = np.random.default_rng(1)
    words = [f"w{k}" for k in range(3000)]
    src = [" ".join(rng.choice(words, 8)) for _ in range(120)]
    tgt = src[:60] + [" ".join(rng.choice(words, 8)) for _ in range(30)] + src[60:]
    model, _, _ = build_model(src, tgt, None, None, DEFAULT_SETTINGS, True)
    types = bead_types(DEFAULT_SETTINGS.max_bead)
    full = monotone_path(model, types)
    diagonal = [(BeadType.ONE_ONE, i, i) for i in range(1, 121)]
    diagonal += [(BeadType.INSERT, 120, j) for j in range(121, 151)]
    assert monotone_path(model, types, guide=diagonal) == full


def test_a_long_one_sided_run_widens_its_own_row_only() -> None:
    # A guide with 1,000 target-only sentences at row 100: a common width would make every
    # row 1,000 cells wide (quadratic); a run shorter than the band widens every row (the true
    # path may have it elsewhere), as the test above needs.
    corners = np.array([(i, i) for i in range(101)] + [(100, j) for j in range(101, 1101)]
                       + [(100 + k, 1100 + k) for k in range(1, 101)])
    band = search.band_around(corners, 200, 1200, 48)
    assert band.widths[100] >= 1048
    assert np.delete(band.widths, 100).max() == 96
    short = np.array([(i, i) for i in range(101)] + [(100, j) for j in range(101, 131)])
    assert set(search.band_around(short, 100, 130, 48).widths) == {78}


def test_widening_is_local_to_the_touched_rows() -> None:
    widths = search._widened(np.full(1000, 48), np.array([500]))
    assert (widths[452:549] == 96).all()
    assert (np.delete(widths, np.arange(452, 549)) == 48).all()


def test_target_only_block_keeps_the_band_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1,200 target sentences with no counterpart in the middle of a 300-sentence text: the band
    # around a guide path holds about (n + block) x 2 x the band width cells, not n x the block.
    rng = np.random.default_rng(3)

    def sentence(letters: str) -> str:  # words of disjoint alphabets share no n-gram
        return " ".join("".join(rng.choice(list(letters), 6)) for _ in range(8))

    src = [sentence("abcdefghijklm") for _ in range(300)]
    tgt = src[:150] + [sentence("nopqrstuvwxyz") for _ in range(1200)] + src[150:]
    settings = DEFAULT_SETTINGS.same_language()
    model, _, _ = build_model(src, tgt, None, None, settings, True)
    types = bead_types(DEFAULT_SETTINGS.max_bead)
    full = monotone_path(model, types)
    rows = np.array([i for _, i, _ in full])
    run = np.bincount(rows).max() - 1  # the longest stretch of target-only sentences
    assert run >= 400
    cells = []

    def recording(n, m, band, *args):
        cells.append(int(band.widths.sum()))
        return fill_and_trace(n, m, band, *args)

    monkeypatch.setattr(search, "fill_and_trace", recording)
    assert monotone_path(model, types, guide=full) == full
    assert cells[0] <= 301 * 96 + 1200 < 301 * (48 + run) // 3  # a common width: 301 x (48 + run)


def test_shared_alphabet_counts_letters_not_acronyms() -> None:
    assert shared_alphabet(["Der Berg ist hoch."], ["La montagne est haute."])
    assert not shared_alphabet(["قال مسؤول في NATO إن الاجتماع انتهى"], ["An official said so."])


def test_length_surprise_table_matches_the_normal_model() -> None:
    from scipy.special import log_ndtr

    model, _, _ = build_model(["a" * 40] * 3, ["b" * 40] * 3, None, None, DEFAULT_SETTINGS, True)
    src = np.full(200, 40.0)
    tgt = np.linspace(0, 200, 200)
    scale = np.sqrt(model.variance * np.maximum((src + tgt / model.ratio) / 2, 1.0))
    exact = np.minimum(-(np.log(2.0) + log_ndtr(-np.abs(tgt - model.ratio * src) / scale)), 25)
    assert np.abs(model.length_surprise(src, tgt) - exact).max() < 0.03


def test_out_of_order_pass_links_a_target_sentence_once_even_on_ties() -> None:
    src = ["00", "Berg Berg", "00", "0", "0"]
    tgt = list(reversed(src))
    beads = align_sentences(src, tgt, src_lang="de", tgt_lang="fr", src_mt=src, tgt_mt=tgt)
    linked = [j for b in beads for j in b.tgt]
    assert sorted(linked) == sorted(set(linked))
    assert sorted(i for b in beads for i in b.src) == list(range(len(src)))
    assert sorted(linked) == list(range(len(tgt)))


def test_names_in_arabic_script_anchor_links_without_mt() -> None:
    # Only the names (and no digits) bridge these texts: without the skeleton channel the
    # aligner has no evidence across the scripts and links nothing.
    arabic = [
        "التقى ممثلو فيسبوك ومايكروسوفت في سان فرانسيسكو يوم الجمعة",
        "وقالت الشركة إن الاجتماع كان مثمرا للغاية",
        "ودعا ناثانيل غليشر موظفي جوجل وسناب شات إلى الحضور",
    ]
    english = [
        "Representatives of Facebook and Microsoft met in San Francisco on Friday.",
        "Nathaniel Gleicher invited staff from Google and Snapchat to attend.",
    ]
    beads = align_sentences(arabic, english, src_lang="ar", tgt_lang="en")
    links = [(b.src, b.tgt) for b in beads if b.src and b.tgt]
    assert links == [((0,), (0,)), ((2,), (1,))]


@pytest.mark.parametrize("lines", [["The cat sat on the mat."], ["Yes, we can do it."] * 4])
def test_features_in_every_sentence_still_count(lines: list[str]) -> None:
    # An idf of 0 for a feature found in every row left a one-sentence text (or one line
    # repeated) with empty vectors: not even linked to itself.
    beads = align_sentences(lines, lines, src_lang="en", tgt_lang="en")
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(len(lines))]
