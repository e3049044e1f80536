import subprocess
import sys

import pytest

from corpus.align.ladder import format_ladder, parse_ladder, read_ladder, write_ladder
from corpus.errors import InputError
from corpus.evaluate import pair_counts, read_ladder_pairs, score_alignments
from corpus.model import Bead


def test_ladder_round_trip_and_gold_without_scores(tmp_path) -> None:
    beads = [Bead((0, 1), (2,), 0.93), Bead((), (3,), 0.5), Bead((2,), (), 0.25)]
    path = tmp_path / "a.ladder"
    write_ladder(path, beads)
    assert path.read_text().splitlines()[0] == "[0, 1]:[2]:0.9300"
    assert read_ladder(path) == beads
    gold = parse_ladder("[0]:[0, 1]\n[]:[2]\n[1]:[]\n\n")
    assert [(b.src, b.tgt) for b in gold] == [((0,), (0, 1)), ((), (2,)), ((1,), ())]
    assert format_ladder(gold, with_score=False) == "[0]:[0, 1]\n[]:[2]\n[1]:[]\n"


def test_ladder_errors_name_the_line(tmp_path) -> None:
    with pytest.raises(InputError, match="line 2"):
        parse_ladder("[0]:[0]\n0-1\n", "x.ladder")
    with pytest.raises(InputError, match="no such file"):
        read_ladder(tmp_path / "missing")


def test_a_bead_listed_twice_is_refused_not_counted_twice() -> None:
    with pytest.raises(InputError, match="line 3: the same bead as line 1"):
        parse_ladder("[0, 1]:[0]:0.9\n[2]:[]\n[1, 0]:[0]:0.8\n", "pred.ladder")
    with pytest.raises(InputError, match="line 2: a sentence listed twice in one bead"):
        parse_ladder("[0]:[0]\n[1, 1]:[1]\n", "pred.ladder")
    # A sentence in two different beads (as in Text+Berg's gold test1) and empty beads are read.
    assert len(parse_ladder("[0, 1]:[0]\n[1]:[1]\n[]:[]\n[]:[]\n")) == 4


def test_counts_hand_computed() -> None:
    gold = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]
    pred = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3, 4)), ((), ())]
    precision, recall = pair_counts(gold, pred)
    # strict: [0]:[0] and []:[2] exact; lax adds [1]:[1] and [3]:[3,4] (overlap both sides);
    # [2]:[] overlaps nothing on the target side; the empty bead is ignored.
    assert (precision.strict_tp, precision.strict_fp) == (2, 3)
    assert (precision.lax_tp, precision.lax_fp) == (4, 1)
    # recall over the 3 gold beads with both sides: only [0]:[0] exact, all 3 lax.
    assert (recall.strict_tp, recall.strict_fp) == (1, 2)
    assert (recall.lax_tp, recall.lax_fp) == (3, 0)


def test_scores_pool_counts_over_files() -> None:
    gold1, pred1 = [((0,), (0,))], [((0,), (0,))]
    gold2, pred2 = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))], [((0, 1), (0, 1)), ((2,), (2,))]
    s = score_alignments([gold1, gold2], [pred1, pred2])
    assert s.strict_precision == pytest.approx(2 / 3)
    assert s.strict_recall == pytest.approx(2 / 4)
    assert s.strict_f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert s.lax_precision == 1.0
    assert s.lax_recall == 1.0
    with pytest.raises(ValueError):
        score_alignments([gold1], [])


def test_deletions_count_only_if_in_gold() -> None:
    precision, _ = pair_counts([((0,), ())], [((0,), ()), ((), (0,))])
    assert (precision.strict_tp, precision.strict_fp, precision.lax_fp) == (1, 1, 1)


@pytest.mark.parametrize("score", ["1.2.3", "e", "+", "."])
def test_a_malformed_score_is_a_bad_line_not_a_crash(score: str) -> None:
    with pytest.raises(InputError, match="line 2: not a bead"):
        parse_ladder(f"[0]:[0]:0.5\n[1]:[1]:{score}\n", "pred.ladder")


@pytest.mark.parametrize("score", ["-5", "-0.001", "1.0001", "2", "1e309", "-1e309", "nan", "NaN",
                                   "inf", "-Infinity"])
def test_a_score_that_is_not_a_probability_is_refused_with_its_line(score: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_ladder(f"[0]:[0]:0.5\n[1]:[1]:{score}\n", "pred.ladder")
    assert str(caught.value) == (f"pred.ladder: line 2: score {score} is not a probability in "
                                 f"[0, 1]: '[1]:[1]:{score}'")


def test_scores_at_the_ends_of_the_range_are_read() -> None:
    assert [b.score for b in parse_ladder("[0]:[0]:0\n[1]:[1]:1.0\n[2]:[2]:1e-3\n")] == [
        0.0, 1.0, 0.001]


def ladders(tmp_path, **texts: str) -> dict[str, object]:
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp_path / f"{name}.ladder"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("empty", ["", "  \n\n", "[]:[]\n"], ids=["empty", "blank", "no-sentence"])
def test_an_empty_prediction_beside_a_gold_with_beads_is_refused(tmp_path, empty: str) -> None:
    paths = ladders(tmp_path, gold="[0]:[0]\n[1]:[]\n", pred=empty)
    with pytest.raises(InputError) as caught:
        read_ladder_pairs([paths["gold"]], [paths["pred"]])
    assert str(caught.value) == f"{paths['pred']}: no beads; the gold {paths['gold']} has 2"


def test_an_empty_gold_beside_a_prediction_is_refused(tmp_path) -> None:
    paths = ladders(tmp_path, gold="\n", pred="[0]:[0]:0.9\n")
    with pytest.raises(InputError) as caught:
        read_ladder_pairs([paths["gold"]], [paths["pred"]])
    assert caught.value.path == str(paths["gold"])
    assert "no beads, so recall is undefined" in caught.value.message


def test_empty_gold_and_prediction_are_two_empty_texts(tmp_path) -> None:
    """They count nothing, as in Vecalign's scorer; the other pairs are scored as without them."""
    paths = ladders(tmp_path, g0="", p0="\n", g1="[0]:[0]\n[1]:[1]\n", p1="[0, 1]:[0, 1]\n")
    golds, preds = read_ladder_pairs([paths["g0"], paths["g1"]], [paths["p0"], paths["p1"]])
    assert score_alignments(golds, preds) == score_alignments(golds[1:], preds[1:])
    with pytest.raises(InputError, match="no beads in any of the 1 gold and prediction file"):
        read_ladder_pairs([paths["g0"]], [paths["p0"]])


def test_reading_and_scoring_ladders_needs_no_numpy() -> None:
    """`corpus eval` starts in under a second: ladders and scores do not import the aligner."""
    script = ("import sys\n"
              "from corpus.align import parse_ladder\n"
              "from corpus.evaluate import score_alignments\n"
              "beads = parse_ladder('[0]:[0]\\n')\n"
              "assert score_alignments([beads], [beads]).strict_f1 == 1.0\n"
              "assert 'numpy' not in sys.modules, 'numpy imported'\n"
              "from corpus.align import align_sentences\n"
              "assert callable(align_sentences)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
