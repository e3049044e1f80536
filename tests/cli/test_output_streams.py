"""`-o` naming a stream (a FIFO, a device, `/dev/stdout`) writes into it, as a shell redirect
would, instead of renaming a regular file over it; `-o -` is standard output."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.cli.main import app
from tests.test_fileio import read_in_background

runner = CliRunner()
LADDER = "[0]:[0]:"


@pytest.fixture()
def texts(tmp_path: Path) -> list[str]:
    """The arguments of `corpus align-pair` for two presegmented texts, French and English."""
    src, tgt = tmp_path / "s.fr", tmp_path / "t.en"
    src.write_text("Il pleut.\nLe train part à 8 heures.\n", encoding="utf-8")
    tgt.write_text("It is raining.\nThe train leaves at 8.\n", encoding="utf-8")
    return ["align-pair", str(src), str(tgt), "--presegmented", "--src-lang", "fr",
            "--tgt-lang", "en"]


def test_output_into_a_fifo(texts: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "myfifo"
    os.mkfifo(fifo)
    reader, received = read_in_background(fifo)
    result = runner.invoke(app, [*texts, "-o", str(fifo)])
    assert result.exit_code == 0, result.output
    reader.join(timeout=30)
    assert received and received[0].decode().startswith(LADDER)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("device", [os.devnull, "mynull"])
@pytest.mark.usefixtures("no_temporary_files")
def test_output_into_a_device(texts: list[str], tmp_path: Path, device: str) -> None:
    path = Path(device) if device == os.devnull else tmp_path / device
    if device == "mynull":
        if os.geteuid() != 0:
            pytest.skip("mknod needs root")
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = runner.invoke(app, [*texts, "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(path.stat().st_mode)


def run_into(stdout: int | object, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m corpus ARGS` in a process of its own: the test runner swaps `sys.stdout`, and
    `/dev/stdout` is the descriptor underneath."""
    return subprocess.run([sys.executable, "-m", "corpus", *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False)


def test_output_to_dev_stdout_on_a_pipe(texts: list[str]) -> None:
    proc = run_into(subprocess.PIPE, *texts, "-o", "/dev/stdout")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(LADDER)


def test_output_to_dev_stdout_appended_to_a_file(texts: list[str], tmp_path: Path) -> None:
    """`-o /dev/stdout >> log` appends: the file behind the descriptor is not replaced."""
    log = tmp_path / "log"
    log.write_text("before\n")
    with log.open("a") as appending:
        proc = run_into(appending, *texts, "-o", "/dev/stdout")
    assert proc.returncode == 0, proc.stderr
    text = log.read_text()
    assert text.startswith("before\n" + LADDER)


def test_output_dash_is_standard_output(texts: list[str], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, [*texts, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(LADDER)
    assert sorted(tmp_path.iterdir()) == before  # no file called `-`
    assert "'-': stdout" in runner.invoke(app, ["align-pair", "--help"]).stdout
