"""Errors say what is wrong with which path, in one line, before any work is done or written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.cli.main import app
from tests.conftest import SEEDS

runner = CliRunner()
AR, AR2 = sorted(SEEDS.glob("*.txt"))[:2]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("corpus: error: ") and result.stderr.count("\n") == 1
    return result.stderr


@pytest.fixture()
def somefile(tmp_path: Path) -> Path:
    path = tmp_path / "somefile"
    path.write_text("not a folder\n")
    return path


@pytest.mark.parametrize("args", [
    lambda f: ["align", SEEDS, "-o", f / "out", "--no-translate", "-q"],
    lambda f: ["align-pair", AR, AR2, "-o", f / "x.txt"],
    lambda f: ["align-pair", AR, AR2, "-o", f / "deeper" / "x.txt"],
    lambda f: ["translate", SEEDS, "--to", "en", "-o", f / "work", "-q"],
], ids=["align", "align-pair", "align-pair-deeper", "translate"])
def test_output_under_a_regular_file_names_it(args, somefile: Path) -> None:
    line = one_error_line(invoke(*args(somefile)))
    assert f"cannot write output: {somefile} is not a directory" in line
    assert "File exists" not in line
    assert somefile.read_text() == "not a folder\n"


def test_output_folder_that_is_a_file(somefile: Path) -> None:
    line = one_error_line(invoke("align", SEEDS, "-o", somefile, "--no-translate", "-q"))
    assert line == f"corpus: error: {somefile}: cannot write output: exists and is not a " \
                   "directory\n"


def test_translations_that_is_a_file(somefile: Path, tmp_path: Path) -> None:
    line = one_error_line(invoke("align", SEEDS, "-o", tmp_path / "out", "--translations",
                                 somefile, "-q"))
    assert line.startswith(f"corpus: error: {somefile}: translations must be the work "
                           "directory of `corpus translate`, not a file")
    assert not (tmp_path / "out").exists()


def test_cache_that_is_a_folder(tmp_path: Path) -> None:
    line = one_error_line(invoke("translate", SEEDS, "--to", "en", "-o", tmp_path / "work",
                                 "--cache", tmp_path, "-q"))
    assert f"{tmp_path}: cannot open the translation cache: is a folder, not a file" in line


def test_model_file_that_is_a_folder(tmp_path: Path) -> None:
    line = one_error_line(invoke("models", "install", "--file", tmp_path))
    assert f"{tmp_path}: is a folder; expected a downloaded .argosmodel file" in line


@pytest.mark.parametrize("args, flag, code", [
    (["translate", "--text", "hello", "--from", "en", "--to", "xx"], "--to", "xx"),
    (["translate", "--text", "hello", "--from", "xx", "--to", "en"], "--from", "xx"),
    (["translate", SEEDS, "--to", "fr,xx"], "--to", "xx"),
    (["translate", SEEDS, "--lang", "english"], "--lang", "english"),
    (["align", SEEDS, "--lang", "english", "--no-translate"], "--lang", "english"),
    (["align", SEEDS, "--lang", "xx", "--no-translate"], "--lang", "xx"),
    (["align", SEEDS, "--lang", "", "--no-translate"], "--lang", ""),
    (["align-pair", AR, AR2, "--src-lang", "english"], "--src-lang", "english"),
    (["align-pair", AR, AR2, "--presegmented", "--tgt-lang", ""], "--tgt-lang", ""),
    (["align-pair", AR, AR2, "--presegmented", "--src-lang", "en-GB"], "--src-lang", "en-GB"),
    (["segment", AR, "--lang", "xx"], "--lang", "xx"),
    (["info", SEEDS, "--lang", "zz"], "--lang", "zz"),
    (["info", AR, "--lang", "english"], "--lang", "english"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_language_code_is_one_line_naming_the_option(args, flag: str, code: str,
                                                           tmp_path: Path) -> None:
    """Every option that takes a language goes through `corpus.language.language_code`: a typo
    is refused before any file is read or written, never accepted and written out as
    `xml:lang="xx"`, and never turned into every article failing to read."""
    out = ["-o", tmp_path / "work"] if args[0] in ("translate", "align", "align-pair") else []
    line = one_error_line(invoke(*args, *out))
    assert line == (f"corpus: error: {flag}: {code!r} is not a language code (ISO 639-1, e.g. "
                    "en, fr, ar)\n")
    assert not (tmp_path / "work").exists()


def test_any_iso_639_language_is_accepted_beyond_the_detector(tmp_path: Path) -> None:
    """Finnish, Korean, Central Kurdish: not among the detector's 16 languages, still codes."""
    for code in ("fi", "ko", "ckb"):
        result = invoke("info", AR, "--lang", code.upper())
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[2].split()[1] == code
    result = invoke("align-pair", AR, AR2, "--src-lang", "ko", "--tgt-lang", "ar")
    assert result.exit_code == 0, result.output


def test_no_empty_install_hint(tmp_path: Path) -> None:
    result = invoke("translate", "--text", "hello", "--from", "en", "--to", "en")
    assert "None" not in one_error_line(result)
    assert "nothing to translate" in result.stderr
    english = tmp_path / "english"
    english.mkdir()
    for path in SEEDS.glob("*.txt"):
        if path.name.startswith(("003", "004")):  # the two English reports
            shutil.copy(path, english)
    result = invoke("align", english, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    assert "install with" not in result.stderr
    assert "every article is in en" in result.stderr


@pytest.mark.parametrize("flag, where", [("-o", "."), ("--cache", "cache.sqlite3")])
def test_translate_output_among_the_articles_is_refused(tmp_path: Path, flag: str,
                                                        where: str) -> None:
    """Translations written beside the articles (`<doc>.<lang>.txt`) would be read back as
    articles by the next `corpus align`; refused before anything is written."""
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    before = sorted(p.name for p in folder.iterdir())
    target = folder if where == "." else folder / where
    line = one_error_line(invoke("translate", folder, "--to", "en", flag, target, "-q"))
    assert line == (f"corpus: error: {folder}: the output folder is the input folder; its "
                    f"outputs would be read as articles (or overwrite them): choose another "
                    f"{flag}\n")
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.parametrize("side", ["--gold", "--pred"])
def test_eval_ladder_that_is_a_folder(tmp_path: Path, side: str) -> None:
    ladder = tmp_path / "one.ladder"
    ladder.write_text("[0]:[0]\n")
    folder = tmp_path / "ladders"
    folder.mkdir()
    args = {"--gold": ladder, "--pred": ladder, side: folder}
    line = one_error_line(invoke("eval", "--gold", args["--gold"], "--pred", args["--pred"]))
    assert line == f"corpus: error: {folder}: is a folder, not a file\n"


@pytest.mark.parametrize("args, line", [
    (["translate", "--threads", "-1", "x"], "Invalid value for '--threads': Input should be "
     "greater than or equal to 0 (see 'corpus translate --help')"),
    (["align"], "Missing argument 'DIR' (see 'corpus align --help')"),
    (["align-pair", "--bogus", "a", "b"], "No such option: --bogus (see 'corpus align-pair "
     "--help')"),
    (["aling"], "No such command 'aling'. Did you mean 'align'? (see 'corpus --help')"),
    (["models", "nosuch"], "No such command 'nosuch' (see 'corpus models --help')"),
], ids=["bad-value", "missing-argument", "unknown-option", "unknown-command", "subgroup"])
def test_usage_errors_are_one_line(args: list[str], line: str) -> None:
    """Click's usage block (Usage / Try / Error, four lines) becomes one line like every other
    error, naming the help to read."""
    assert one_error_line(invoke(*args)) == f"corpus: error: {line}\n"


@pytest.mark.parametrize("command", [["align", SEEDS, "--no-translate", "-q", "-o"],
                                     ["align-pair", AR, AR2, "-o"]], ids=["align", "align-pair"])
@pytest.mark.parametrize("epoch", ["yesterday", "1.5", "", "-1"])
def test_a_bad_source_date_epoch_is_one_line_in_a_fresh_process(
        tmp_path: Path, command: list, epoch: str) -> None:
    # numpy.f2py (imported by scipy) reads the variable on import and died with a traceback
    # before `corpus align` could check it; align-pair does not even use it.
    from tests.cli.test_align_cmd import run_corpus

    proc = run_corpus(*map(str, command), str(tmp_path / "out"),
                      env={"SOURCE_DATE_EPOCH": epoch})
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "corpus: error: SOURCE_DATE_EPOCH must be a non-negative integer (seconds since 1970), "
        f"not {epoch!r}"]
    assert not (tmp_path / "out").exists()


def test_translations_without_a_manifest(tmp_path: Path) -> None:
    """The articles folder given as --translations (or a translate run killed before its first
    file) would align without MT while saying it used that folder."""
    line = one_error_line(invoke("align", SEEDS, "-o", tmp_path / "out", "--translations",
                                 SEEDS, "-q"))
    assert line == (f"corpus: error: {SEEDS}: no manifest.json: not a work directory of "
                    "`corpus translate`, or one whose run has not finished a file yet\n")
    assert not (tmp_path / "out").exists()
