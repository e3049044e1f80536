"""Faults of `corpus align`: SIGKILL at random points and mid-write, a read-only output folder and
a full disk. Real processes where the fault needs one (a kill, a file-size limit); outputs are
compared byte for byte with an uninterrupted run (`SOURCE_DATE_EPOCH` fixes the timestamps)."""

from __future__ import annotations

import errno
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.cli.main import app
from corpus.pipeline import align_folder
from tests.conftest import SEEDS

EPOCH = "1700000000"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def command(out: Path) -> list[str]:
    return [sys.executable, "-m", "corpus", "align", str(SEEDS), "-o", str(out), "--no-translate"]


def environment(epoch: str = EPOCH) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of an uninterrupted run (in-process: the same code, no start-up cost)."""
    out = tmp_path_factory.mktemp("align-reference")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        align_folder(SEEDS, out, translate=False)
    return files_of(out)


def assert_only_complete_outputs(out: Path, reference: dict[str, bytes]) -> None:
    """Every visible file is a finished output; only hidden temporaries may be extra."""
    for name, data in files_of(out).items():
        if name.startswith(".") and name.endswith(".tmp"):
            continue
        assert data == reference[name], f"{name} is half-written or differs"


def kill_when(out: Path, ready: float | None) -> None:
    """Start a run and SIGKILL it after `ready` seconds, or (None) once it starts writing."""
    proc = subprocess.Popen(command(out), env=environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    began = time.monotonic()
    while proc.poll() is None and time.monotonic() - began < 60:
        writing = out.is_dir() and any(out.iterdir())
        if (ready is None and writing) or (ready is not None
                                           and time.monotonic() - began >= ready):
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait()


def test_sigkill_then_rerun_gives_identical_outputs(tmp_path: Path,
                                                    reference: dict[str, bytes]) -> None:
    out = tmp_path / "out"
    rng = random.Random(6)
    # One kill while reading/pairing/aligning (random), one as soon as the first file appears.
    for ready in (rng.uniform(0.5, 2.5), None):
        kill_when(out, ready)
        if out.is_dir():
            assert_only_complete_outputs(out, reference)
    done = subprocess.run(command(out), env=environment(), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert files_of(out) == reference  # nothing missing, nothing different, no temporaries left


def test_full_disk_is_one_error_line_and_earlier_outputs_stay(
        tmp_path: Path, reference: dict[str, bytes]) -> None:
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        align_folder(SEEDS, out, translate=False)
    limit = 24_000  # bytes per file: the small outputs fit, the larger ones do not

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death, as on ENOSPC

    assert any(len(data) > limit for data in reference.values())
    later = subprocess.run(command(out), env=environment("1800000000"), capture_output=True,
                           text=True, timeout=120, preexec_fn=limit_file_size)
    assert later.returncode != 0
    [line] = error_lines(later.stderr)
    assert "cannot write output: File too large" in line and "Traceback" not in later.stderr
    after = files_of(out)
    assert set(after) == set(reference)  # the failed file's temporary is gone
    for name, data in after.items():
        # Either untouched from the earlier run or completely rewritten by the later one.
        assert data == reference[name] or len(data) <= limit, name


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("corpus: error: ")]


def test_read_only_output_folder_is_one_error_line(tmp_path: Path, reference: dict[str, bytes],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores folder permissions, so the read-only file system is simulated where the
    output is created (`mkstemp`), which is the call that fails on a real one."""
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    align_folder(SEEDS, out, translate=False)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(app, ["align", str(SEEDS), "-o", str(out), "--no-translate"])
    assert result.exit_code != 0
    [line] = error_lines(result.stderr)
    assert "cannot write output: Read-only file system" in line
    assert files_of(out) == reference


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_real_read_only_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = subprocess.run(command(out), env=environment(), capture_output=True, text=True,
                              timeout=120)
    finally:
        out.chmod(0o755)
    assert done.returncode != 0
    [line] = error_lines(done.stderr)
    assert "cannot write output" in line and list(out.iterdir()) == []
