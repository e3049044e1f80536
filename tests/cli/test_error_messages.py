"""Errors say what is wrong with which path, in one line, before any work is done or written."""

from __future__ import annotations

import inspect
import re
import shutil
import typing
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


def test_translate_cache_that_is_a_users_file_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    line = one_error_line(invoke("translate", SEEDS, "--to", "en,fr", "-o", tmp_path / "work",
                                 "--cache", notes, "-q"))
    assert line == (f"corpus: error: {notes}: not a translation cache (not an SQLite "
                    "database); give another --cache path\n")
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


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


@pytest.fixture()
def pair(tmp_path: Path) -> dict[str, Path]:
    """Presegmented French and English texts and the MT of each side."""
    paths = {}
    for name, text in (("s.fr", "Il pleut.\nLe train part à 8 heures.\n"),
                       ("t.en", "It is raining.\nThe train leaves at 8.\n"),
                       ("s.mt", "It's raining.\nThe train leaves at 8 o'clock.\n"),
                       ("t.mt", "Il pleut.\nLe train part à 8.\n")):
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def align_pair(pair: dict[str, Path], *extra: object):
    return invoke("align-pair", pair["s.fr"], pair["t.en"], "--presegmented", "--src-lang", "fr",
                  "--tgt-lang", "en", "--src-mt", pair["s.mt"], "--tgt-mt", pair["t.mt"], *extra)


@pytest.mark.parametrize("name, label", [("s.fr", "SRC"), ("t.en", "TGT"), ("s.mt", "--src-mt"),
                                         ("t.mt", "--tgt-mt")])
@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_align_pair_output_that_is_an_input_is_refused(pair: dict[str, Path], tmp_path: Path,
                                                      name: str, label: str, how: str) -> None:
    """The atomic rename would replace the input with the ladder, silently; a link to the input
    (symbolic or hard) is the same file."""
    before = {path: path.read_bytes() for path in pair.values()}
    output = pair[name] if how == "same" else tmp_path / "out.ladder"
    if how == "symlink":
        output.symlink_to(pair[name].name)
    elif how == "hardlink":
        output.hardlink_to(pair[name])
    line = one_error_line(align_pair(pair, "-o", output))
    assert line == f"corpus: error: {output}: the output would overwrite an input ({label})\n"
    assert {path: path.read_bytes() for path in pair.values()} == before


def test_align_pair_output_beside_its_inputs_is_written(pair: dict[str, Path],
                                                        tmp_path: Path) -> None:
    """A copy of an input is another file: overwriting it is what -o asks for."""
    output = tmp_path / "copy.fr"
    output.write_bytes(pair["s.fr"].read_bytes())
    result = align_pair(pair, "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_text().startswith("[0]:[0]:")


def _takes_paths(hint: object) -> bool:
    return hint is Path or any(_takes_paths(arg) for arg in typing.get_args(hint))


def _empty_path_cases() -> list[tuple[tuple[str, ...], list[str]]]:
    """For every parameter typed `Path` of every command, the command line that gives it an
    empty value (the other required ones get a placeholder)."""
    from tests.cli.test_help import COMMANDS

    cases = []
    for words, command in COMMANDS:
        hints = typing.get_type_hints(inspect.unwrap(command.callback))
        for empty in command.params:
            if not _takes_paths(hints[empty.name]):
                continue
            args: list[str] = []
            for param in command.params:
                if param is empty or param.required:
                    value = "" if param is empty else "placeholder"
                    is_option = param.param_type_name == "option"
                    args += [param.opts[0], value] if is_option else [value]
            cases.append(((*words, empty.name), [*words, *args]))
    return cases


EMPTY_PATH_CASES = _empty_path_cases()


def test_every_path_parameter_is_covered() -> None:
    covered = {case[0] for case in EMPTY_PATH_CASES}
    assert {("align", "folder"), ("align", "output"), ("align", "translations"),
            ("align-pair", "src"), ("align-pair", "tgt"), ("align-pair", "src_mt"),
            ("align-pair", "tgt_mt"), ("align-pair", "output"), ("eval", "gold"),
            ("eval", "pred"), ("info", "folder"), ("segment", "file"), ("translate", "folder"),
            ("translate", "output"), ("translate", "cache"),
            ("models", "install", "file")} <= covered


@pytest.mark.parametrize("args", [case[1] for case in EMPTY_PATH_CASES],
                         ids=["-".join(case[0]) for case in EMPTY_PATH_CASES])
def test_an_empty_path_is_refused(args: list[str], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`Path("")` is `.`: `corpus align DIR -o ''` wrote 18 files into the current folder and
    `corpus align ''` aligned it. Every path parameter refuses the empty string, by name."""
    monkeypatch.chdir(tmp_path)
    line = one_error_line(invoke(*args))
    assert re.fullmatch(r"corpus: error: Invalid value for '[^']+'( / '[^']+')?: empty path "
                        r"given \(see 'corpus [a-z -]+ --help'\)\n", line), line
    assert list(tmp_path.iterdir()) == []


def test_an_empty_output_writes_nothing_into_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = one_error_line(invoke("align", SEEDS, "-o", "", "--no-translate", "-q"))
    assert line == ("corpus: error: Invalid value for '-o' / '--output': empty path given "
                    "(see 'corpus align --help')\n")
    assert list(tmp_path.iterdir()) == []
    line = one_error_line(invoke("segment", ""))
    assert line == "corpus: error: Invalid value for 'FILE': empty path given (see 'corpus " \
                   "segment --help')\n"
    assert invoke("eval", "--gold", "a", "b", "--pred", "c", "").stderr.startswith(
        "corpus: error: Invalid value for '--pred': empty path given")


def _interrupt(*args: object, **kwargs: object) -> typing.NoReturn:
    raise KeyboardInterrupt


def test_ctrl_c_in_align_without_caches_says_nothing_was_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It said "work done so far is kept (re-run to resume)", but without MT or embeddings
    nothing is cached and the outputs are only written at the end."""
    monkeypatch.setattr("corpus.pipeline.align_folder", _interrupt)
    result = invoke("align", SEEDS, "-o", tmp_path / "out", "--no-translate", "-q")
    assert result.exit_code == 130
    assert result.stderr.startswith("corpus: error: interrupted; nothing was kept")
    assert "resume" not in result.stderr


def test_ctrl_c_in_align_names_the_caches_it_keeps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out" / "translations").mkdir(parents=True)
    monkeypatch.setattr("corpus.pipeline.align_folder", _interrupt)
    result = invoke("align", SEEDS, "-o", tmp_path / "out", "-q")
    assert result.exit_code == 130
    assert f"the caches in {tmp_path / 'out' / 'translations'} are kept" in result.stderr


def test_ctrl_c_elsewhere_claims_nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corpus.read.read_folder", _interrupt)
    result = invoke("info", SEEDS)
    assert result.exit_code == 130
    assert result.stderr == "corpus: error: interrupted\n"


def test_ctrl_c_in_translate_names_its_cache(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corpus.translate.translate_documents", _interrupt)
    result = invoke("translate", SEEDS, "-o", tmp_path / "work", "-q")
    assert result.exit_code == 130
    assert result.stderr == (f"corpus: error: interrupted; the translations done so far are "
                             f"kept in {tmp_path / 'work' / 'cache.sqlite3'} and "
                             f"{tmp_path / 'work'} (re-run to resume)\n")
