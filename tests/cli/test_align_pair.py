import json

import pytest
from typer.testing import CliRunner

from corpus.align.ladder import read_ladder
from corpus.cli.common import spread_values
from corpus.cli.main import app
from corpus.evaluate import score_alignments
from corpus.model import Bead
from tests.conftest import TEXTBERG

runner = CliRunner()
SRC = ["Der Bergführer stieg 1988 durch die Nordwand.", "Es schneite die ganze Nacht.",
       "Alle kehrten am Sonntag zurück."]
TGT = ["Le guide est monté par la face nord en 1988.", "Il a neigé toute la nuit.",
       "Tous sont rentrés dimanche."]
MT = ["The guide climbed the north face in 1988.", "It snowed all night.",
      "Everybody came back on Sunday."]


@pytest.fixture()
def files(tmp_path):
    paths = {}
    for name, lines in (("src", SRC), ("tgt", TGT), ("mt", MT)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_ladder_tsv_json_outputs(files, tmp_path) -> None:
    out = tmp_path / "out.ladder"
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "-o", out)
    assert r.exit_code == 0, r.output
    assert [(b.src, b.tgt) for b in read_ladder(out)] == [((0,), (0,)), ((1,), (1,)),
                                                          ((2,), (2,))]
    # Three short sentences, nothing shared but numbers: parallel by default, and when told.
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--pair-kind", "parallel", "-o", out)
    assert r.exit_code == 0, r.output
    assert len(read_ladder(out)) == 3
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--pair-kind", "comparable", "-o", out)
    assert r.exit_code == 0, r.output
    assert ((0,), (0,)) in [(b.src, b.tgt) for b in read_ladder(out)]  # 1988 on both sides
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--format", "tsv")
    assert r.stdout.splitlines()[1].split("\t")[:2] == [SRC[1], TGT[1]]
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--format", "json")
    records = json.loads(r.stdout)
    assert records[2]["src"] == [2] and 0 <= records[2]["score"] <= 1


@pytest.mark.parametrize(("extra", "message"), [
    (["--format", "xml"], "unknown format 'xml'"),
    (["--max-bead", "0"], "--max-bead: max bead size must be between 1 and 4, not 0"),
    (["--max-bead", "-1"], "--max-bead: max_bead must be a non-negative int, not -1"),
    (["--pair-kind", "both"],
     "--pair-kind: pair kind must be one of auto, parallel, comparable, not 'both'"),
])
def test_bad_options(files, extra, message) -> None:
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", *extra)
    assert r.exit_code == 2
    assert message in r.stderr


def test_missing_file_empty_text_and_mt_count(files, tmp_path) -> None:
    r = invoke("align-pair", tmp_path / "nope.txt", files["tgt"], "--presegmented",
               "--src-lang", "de", "--tgt-lang", "fr")
    assert r.exit_code == 2 and "nope.txt: no such file" in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    r = invoke("align-pair", empty, files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr")
    assert r.exit_code == 2 and "empty text" in r.stderr
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    r = invoke("align-pair", files["src"], files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--src-mt", short)
    assert r.exit_code == 2
    assert ("short.txt: has 1 lines but the source text has 3 lines: one MT line for each "
            "line, blank ones included") in r.stderr
    # Trailing blank lines of a presegmented text are lines too, and the error says so.
    padded = tmp_path / "padded.txt"
    padded.write_text(files["src"].read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    r = invoke("align-pair", padded, files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--src-mt", short)
    assert "has 1 lines but the source text has 5 lines (2 of them blank)" in r.stderr
    r = invoke("align-pair", files["src"], files["tgt"], "--src-lang", "de", "--tgt-lang", "fr",
               "--src-mt", short)
    assert r.exit_code == 2
    assert "sentences: one MT line for each sentence, as `corpus segment` prints them" in r.stderr


def test_text_on_stdout_is_the_text_written_to_a_file(tmp_path) -> None:
    """click strips escape sequences from what it echoes to a pipe; the TSV must not lose them."""
    src, tgt = tmp_path / "s.de", tmp_path / "s.fr"
    src.write_text("Hallo Welt\x1b[31m.\n", encoding="utf-8")
    tgt.write_text("Bonjour monde.\n", encoding="utf-8")
    args = ["align-pair", "--presegmented", src, tgt, "--src-lang", "de", "--tgt-lang", "fr",
            "--format", "tsv"]
    piped = invoke(*args)
    assert piped.exit_code == 0, piped.output
    r = invoke(*args, "-o", tmp_path / "out.tsv")
    assert r.exit_code == 0, r.output
    assert piped.stdout == (tmp_path / "out.tsv").read_text(encoding="utf-8")
    assert "\x1b[31m" in piped.stdout


@pytest.mark.parametrize(("gold", "pred"), [
    ("[0]:[0]\n[1, 2]:[1]\n", "[0]:[0]:0.9\n[1]:[1]:0.5\n[2]:[]:0.5\n"),
    # Vecalign writes its alignment cost in the third field, which eval does not use.
    ("[0]:[0]\n[1]:[1, 2]\n", "[0]:[0]:0.081\n[1]:[1]:1.734\n[]:[2]:-0.2\n"),
], ids=["scores", "vecalign-costs"])
def test_eval_command(tmp_path, gold: str, pred: str) -> None:
    gold_path, pred_path = tmp_path / "g", tmp_path / "p"
    gold_path.write_text(gold, encoding="utf-8")
    pred_path.write_text(pred, encoding="utf-8")
    r = invoke("eval", "--gold", gold_path, "--pred", pred_path, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["strict"]["precision"] == pytest.approx(1 / 3)
    assert data["strict"]["recall"] == pytest.approx(1 / 2)
    assert data["lax"]["recall"] == 1.0
    r = invoke("eval", "--gold", gold, "--pred", pred, "--pred", pred)
    assert r.exit_code == 2 and "pair them up" in r.stderr


def test_eval_takes_several_files_after_one_flag(tmp_path) -> None:
    # The documented form `corpus eval --gold G1 G2 --pred P1 P2` (as Vecalign's scorer takes
    # them) and repeated flags give the same pooled scores.
    gold = [tmp_path / "g1", tmp_path / "g2"]
    pred = [tmp_path / "p1", tmp_path / "p2"]
    gold[0].write_text("[0]:[0]\n[1, 2]:[1]\n", encoding="utf-8")
    gold[1].write_text("[0]:[0, 1]\n", encoding="utf-8")
    pred[0].write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n", encoding="utf-8")
    pred[1].write_text("[0]:[0, 1]\n", encoding="utf-8")
    spread = invoke("eval", "--gold", *gold, "--pred", *pred, "--json")
    repeated = invoke("eval", "--gold", gold[0], "--gold", gold[1], "--pred", pred[0],
                      "--pred", pred[1], "--json")
    mixed = invoke("eval", "--json", f"--gold={gold[0]}", "--gold", gold[1], "--pred", *pred)
    assert spread.exit_code == 0, spread.output
    assert json.loads(spread.stdout) == json.loads(repeated.stdout) == json.loads(mixed.stdout)
    assert json.loads(spread.stdout)["files"] == 2
    assert json.loads(spread.stdout)["strict"]["precision"] == pytest.approx(2 / 4)
    uneven = invoke("eval", "--gold", *gold, "--pred", pred[0])
    assert uneven.exit_code == 2 and "2 --gold files but 1 --pred files" in uneven.stderr


@pytest.mark.parametrize(("gold", "pred", "bad", "problem"), [
    ("[0]:[0]\n", "", "pred", "no beads; the gold {gold} has 1"),
    ("[0]:[0]\n", " \n", "pred", "no beads; the gold {gold} has 1"),
    (" \n", "[0]:[0]\n", "gold", "no beads, so recall is undefined; the prediction {pred} has 1"),
    ("[0]:[0]\n", "[0]:[0]:1e309\n", "pred", "line 1: score 1e309 is not a finite number: "
     "'[0]:[0]:1e309'"),
    ("[0]:[0]:nan\n", "[0]:[0]\n", "gold", "line 1: score nan is not a finite number: "
     "'[0]:[0]:nan'"),
], ids=["empty-pred", "blank-pred", "blank-gold", "infinite", "nan"])
def test_eval_refuses_empty_ladders_and_scores_that_are_not_numbers(
        tmp_path, gold: str, pred: str, bad: str, problem: str) -> None:
    """These used to print 0.0 (or 1.0) scores, exit 0, and no warning."""
    paths = {"gold": tmp_path / "g.ladder", "pred": tmp_path / "p.ladder"}
    paths["gold"].write_text(gold, encoding="utf-8")
    paths["pred"].write_text(pred, encoding="utf-8")
    r = invoke("eval", "--gold", paths["gold"], "--pred", paths["pred"])
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    assert r.stderr == f"corpus: error: {paths[bad]}: {problem.format(**paths)}\n"


def test_eval_warns_when_the_prediction_names_sentences_the_gold_has_not(tmp_path) -> None:
    # A QA find: files given in the wrong order scored silently.
    gold, pred = tmp_path / "g", tmp_path / "p"
    gold.write_text("[0]:[0]\n[1]:[1, 2]\n[2]:[]\n[3]:[3]\n", encoding="utf-8")
    pred.write_text("[0]:[0]\n[7]:[9]\n", encoding="utf-8")
    r = invoke("eval", "--gold", gold, "--pred", pred)
    assert r.exit_code == 0
    assert r.stderr == (f"corpus: warning: {pred}: source sentence 7 is past the last one the "
                        f"gold {gold} names (3): are these the gold and prediction of one "
                        "text?\n")


def test_spread_values_keeps_other_options_and_the_end_of_options_marker() -> None:
    flags = {"--gold", "--pred"}
    assert spread_values(["--gold", "a", "b", "--json", "--pred", "c", "d"], flags) == [
        "--gold", "a", "--gold", "b", "--json", "--pred", "c", "--pred", "d"]
    assert spread_values(["--format", "x", "y"], flags) == ["--format", "x", "y"]
    assert spread_values(["--gold=a", "b"], flags) == ["--gold=a", "--gold", "b"]
    assert spread_values(["--gold", "a", "--", "b"], flags) == ["--gold", "a", "--", "b"]


@pytest.mark.skipif(not (TEXTBERG / "docs").is_dir(), reason="Text+Berg data not available")
def test_textberg_article_through_the_cli(tmp_path) -> None:
    docs = TEXTBERG / "docs"
    out = tmp_path / "test3.ladder"
    r = invoke("align-pair", docs / "test3.de", docs / "test3.fr", "--presegmented",
               "--src-lang", "de", "--tgt-lang", "fr", "--src-mt", docs / "test3.de2fr.google",
               "--tgt-mt", docs / "test3.fr2de.google", "-o", out)
    assert r.exit_code == 0, r.output
    scores = score_alignments([read_ladder(docs / "test3.defr")], [read_ladder(out)])
    assert scores.strict_f1 > 0.6
    assert scores.lax_f1 > 0.85


@pytest.mark.skipif(not (TEXTBERG / "docs").is_dir(), reason="Text+Berg data not available")
def test_blank_lines_keep_line_numbers_and_leave_the_scores_alone(tmp_path) -> None:
    """A blank line (a paragraph break in one-sentence-a-line input) keeps its line number and
    is a 1-0 / 0-1 bead of its own; against the gold renumbered to match (a gold file numbers
    every line), recall is that of the text without blank lines, and each blank line is one more
    right bead."""
    docs = TEXTBERG / "docs"
    sides = {}
    for name, every in (("de", 9), ("fr", 14), ("de2fr.google", 9), ("fr2de.google", 14)):
        lines = (docs / f"test3.{name}").read_text(encoding="utf-8").split("\n")[:-1]
        spaced = [line for k, text in enumerate(lines)
                  for line in (([""] if k % every == 0 else []) + [text])]
        sides[name] = tmp_path / f"blank.{name}"
        sides[name].write_text("\n".join(spaced) + "\n", encoding="utf-8")
    plain, spaced = tmp_path / "plain.ladder", tmp_path / "blank.ladder"
    for out, folder, prefix in ((plain, docs, "test3."), (spaced, tmp_path, "blank.")):
        r = invoke("align-pair", folder / f"{prefix}de", folder / f"{prefix}fr", "--presegmented",
                   "--src-lang", "de", "--tgt-lang", "fr", "--src-mt",
                   folder / f"{prefix}de2fr.google", "--tgt-mt", folder / f"{prefix}fr2de.google",
                   "-o", out)
        assert r.exit_code == 0, r.output
    lines = [sides[name].read_text(encoding="utf-8").split("\n")[:-1] for name in ("de", "fr")]
    written = [[k for k, line in enumerate(side) if line] for side in lines]
    blank = [{k for k, line in enumerate(side) if not line} for side in lines]
    beads = read_ladder(spaced)
    assert not any(set(b.src) & blank[0] or set(b.tgt) & blank[1] for b in beads if b.src and b.tgt)
    extra = [Bead((i,), ()) for i in blank[0]] + [Bead((), (j,)) for j in blank[1]]
    assert all(bead in beads for bead in extra)

    def renumber(ladder: list[Bead]) -> list[Bead]:
        return [Bead(tuple(written[0][i] for i in b.src), tuple(written[1][j] for j in b.tgt))
                for b in ladder]

    gold = read_ladder(docs / "test3.defr")
    before = score_alignments([gold], [read_ladder(plain)])
    after = score_alignments([renumber(gold) + extra], [beads])
    assert (after.strict_recall, after.lax_recall) == (before.strict_recall, before.lax_recall)
    predicted = len([b for b in read_ladder(plain) if b.src or b.tgt])
    assert after.strict_precision == pytest.approx(
        (before.strict_precision * predicted + len(extra)) / (predicted + len(extra)))


def test_monotone_keeps_links_in_order(tmp_path) -> None:
    story = ["The mountain guide Michel Piola climbed the north face in 1988.",
             "Snow fell heavily during the whole night near the glacier hut.",
             "Three young climbers waited for the helicopter at dawn.",
             "Their rope was frozen and the stove had stopped working.",
             "A rescue team from Interlaken reached them after 14 hours.",
             "Everybody returned safely to the valley on Sunday evening."]
    src, tgt, out = tmp_path / "src.txt", tmp_path / "tgt.txt", tmp_path / "out.ladder"
    src.write_text("\n".join(story) + "\n", encoding="utf-8")
    tgt.write_text("\n".join([story[4], *story[:4], story[5]]) + "\n", encoding="utf-8")
    common = ["align-pair", src, tgt, "--presegmented", "--src-lang", "en", "--tgt-lang", "en",
              "-o", out]
    assert invoke(*common).exit_code == 0
    assert ((4,), (0,)) in [(b.src, b.tgt) for b in read_ladder(out)]  # the moved sentence
    assert invoke(*common, "--monotone").exit_code == 0
    targets = [j for b in read_ladder(out) for j in b.tgt]
    assert targets == sorted(targets) and ((4,), (0,)) not in [(b.src, b.tgt)
                                                               for b in read_ladder(out)]


def test_presegmented_lines_break_at_newlines_only(files, tmp_path) -> None:
    # U+2028 and form feeds are line breaks to str.splitlines, not to `wc -l` or an MT tool.
    src = tmp_path / "odd.txt"
    src.write_text(f"{SRC[0]}\n{SRC[1]}\u2028still the same line\f.\n{SRC[2]}\n", encoding="utf-8")
    r = invoke("align-pair", src, files["tgt"], "--presegmented", "--src-lang", "de",
               "--tgt-lang", "fr", "--format", "json")
    assert r.exit_code == 0, r.output
    beads = json.loads(r.output)
    assert sorted(i for bead in beads for i in bead["src"]) == [0, 1, 2]
