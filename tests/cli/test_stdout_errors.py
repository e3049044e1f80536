"""Standard output that cannot be written is one error line, not a traceback; a reader that stops
early (`| head`) still ends the run quietly. Real processes: the test runner swaps stdout."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

FULL = Path("/dev/full")  # every write fails with ENOSPC
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
ENGLISH = SEEDS / "004_5c79676636db07d4.txt"


def run_into_full_disk(*args: object) -> subprocess.CompletedProcess[str]:
    with FULL.open("w") as full:
        return subprocess.run([sys.executable, "-m", "corpus", *map(str, args)], stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)


@pytest.fixture()
def ladder(tmp_path: Path) -> Path:
    path = tmp_path / "gold.ladder"
    path.write_text("[0]:[0]\n[1]:[1]\n")
    return path


@pytest.mark.parametrize("args", [
    lambda ladder: ["segment", ENGLISH, "--lang", "en"],
    lambda ladder: ["align-pair", ENGLISH, ENGLISH, "--src-lang", "en", "--tgt-lang", "en"],
    lambda ladder: ["eval", "--gold", ladder, "--pred", ladder],
    lambda ladder: ["align-pair", "--help"],
], ids=["segment", "align-pair", "eval", "help"])
def test_full_disk_on_stdout_is_one_line(args, ladder: Path) -> None:
    proc = run_into_full_disk(*args(ladder))
    assert proc.returncode == 2
    assert proc.stderr == ("corpus: error: cannot write to standard output: No space left on "
                           "device\n")


def test_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"  # far more than a pipe holds, so the writer meets a closed pipe
    long.write_text("".join(f"Sentence number {i} is here.\n\n" for i in range(5000)))
    proc = subprocess.Popen([sys.executable, "-m", "corpus", "segment", str(long), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == "Sentence number 0 is here.\n"
    proc.stdout.close()
    assert proc.wait(timeout=120) == -signal.SIGPIPE
    assert proc.stderr.read() == ""
    proc.stderr.close()


def test_ordinary_output_is_untouched(tmp_path: Path) -> None:
    out = tmp_path / "sentences.txt"
    with out.open("w") as handle:
        proc = subprocess.run([sys.executable, "-m", "corpus", "segment", ENGLISH, "--lang", "en"],
                              stdout=handle, stderr=subprocess.PIPE, text=True, check=False)
    assert proc.returncode == 0 and proc.stderr == ""
    assert out.read_text().splitlines()[0].startswith("Facebook, Google and Twitter")
