import subprocess
import sys

from typer.testing import CliRunner

from corpus.cli.main import app
from tests.conftest import SEEDS


def run_corpus(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "corpus", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False)


def test_info_on_the_seeds_folder() -> None:
    proc = run_corpus("info", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["document", "language", "encoding", "paragraphs", "sentences",
                                "characters"]
    rows = {line.split()[0]: line.split() for line in lines[2:7]}
    assert rows["000_3f6b345396534631"][1:4] == ["ar", "(1.00)", "utf-8"]
    assert rows["001_98253ed06881f591"][1] == "ar"
    assert rows["002_f3321088fa17899b"][1] == "fr"
    assert rows["003_b2a5d163e2d1a4b6"][1] == "en"
    assert rows["004_5c79676636db07d4"][1] == "en"
    assert rows["000_3f6b345396534631"][4:6] == ["2", "7"]
    assert lines[-1].split()[:2] == ["5", "document(s)"]


def test_segment_prints_one_sentence_per_line() -> None:
    path = SEEDS / "000_3f6b345396534631.txt"
    proc = run_corpus("segment", str(path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 7
    assert lines[1].endswith("سان فرانسيسكو.")
    assert lines[2].startswith("وتعرضت")
    text = path.read_text(encoding="utf-8")
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_segment_with_lang_and_legacy_encoding(tmp_path) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes("Titre\r\n\r\nM. Macron arrive. « Bonjour. » Fin.\r\n".encode("cp1252"))
    result = CliRunner().invoke(app, ["segment", str(path), "--lang", "fr"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["Titre", "M. Macron arrive.", "« Bonjour. »", "Fin."]


def test_segment_and_info_read_russian_cp1251_as_russian(tmp_path) -> None:
    """QA: cp1251 came out as Arabic-looking mojibake, and `info` said "ar (1.00)", cp1256."""
    text = "Привет мир. Это тест. Ещё одно предложение здесь.\n"
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    result = CliRunner().invoke(app, ["segment", str(tmp_path / "ru.txt")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Привет мир.", "Это тест.", "Ещё одно предложение здесь."]
    result = CliRunner().invoke(app, ["info", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2].split()[:4] == ["ru", "ru", "(1.00)", "cp1251"]


def test_info_warns_about_a_damaged_utf8_file_and_lists_it(tmp_path) -> None:
    (tmp_path / "stray.txt").write_bytes(b"Valid utf8 caf\xc3\xa9 and then bad \xe9 byte.\n")
    result = CliRunner().invoke(app, ["info", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"corpus: warning: {tmp_path / 'stray.txt'}: invalid UTF-8 at byte 30 ")
    assert result.stdout.splitlines()[2].split()[:4] == ["stray", "en", "(--lang)", "utf-8"]


def test_info_reports_bad_files_and_lists_the_rest(tmp_path) -> None:
    (tmp_path / "good.txt").write_text("The meeting is on Friday. All will come.\n",
                                       encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["info", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"corpus: error: {tmp_path / 'empty.txt'}: empty file",
        f"corpus: error: {tmp_path / 'image.txt'}: binary file (PNG image), not text",
    ]
    assert "good" in result.stdout
    assert "2 file(s) could not be read" in result.stdout


def test_info_strict_stops_at_the_first_bad_file(tmp_path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("Fine text here.", encoding="utf-8")
    proc = run_corpus("info", "--strict", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr == f"corpus: error: {tmp_path / 'a.txt'}: empty file\n"
    assert proc.stdout == ""


def test_info_accepts_a_single_file_and_lang() -> None:
    result = CliRunner().invoke(app, ["info", str(SEEDS / "002_f3321088fa17899b.txt"),
                                      "--lang", "en"])
    assert result.exit_code == 0
    assert "002_f3321088fa17899b  en (--lang)" in result.output


def test_missing_paths_are_one_line_errors(tmp_path) -> None:
    for command in ("segment", "info"):
        proc = run_corpus(command, str(tmp_path / "absent"))
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1
        assert proc.stderr.startswith("corpus: error: ")
        assert "Traceback" not in proc.stderr


def test_segment_on_a_binary_file_is_one_line(tmp_path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    proc = run_corpus("segment", str(path))
    assert proc.returncode == 2
    assert proc.stderr == f"corpus: error: {path}: binary file (PNG image), not text\n"


def test_segment_on_a_folder_is_one_line() -> None:
    result = CliRunner().invoke(app, ["segment", str(SEEDS)])
    assert result.exit_code == 2
    assert result.stderr == f"corpus: error: {SEEDS}: is a folder, not a file\n"


def test_info_says_a_language_came_from_the_manifest(tmp_path) -> None:
    """It showed `fr (1.00)`, as if detected with certainty."""
    (tmp_path / "a.txt").write_text("The meeting is on Friday. All will come.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Die Sitzung ist am Freitag. Alle kommen.\n",
                                    encoding="utf-8")
    (tmp_path / "corpus.json").write_text('{"documents": {"a": {"lang": "fr"}}}',
                                          encoding="utf-8")
    result = CliRunner().invoke(app, ["info", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()[2:4]}
    assert rows["a"] == ["fr", "(manifest)"]
    assert rows["b"][0] == "de" and rows["b"][1] != "(manifest)"
