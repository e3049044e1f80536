"""Atomic output: complete or absent, and with the permissions a plain open() would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from corpus.fileio import atomic_open, check_folder, write_text_atomic


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644


def test_replacing_keeps_existing_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_failure_leaves_old_content_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_unwritable_folder_is_a_corpus_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CorpusError, match="cannot write output"):
            write_text_atomic(folder / "out.txt", "x")
    finally:
        folder.chmod(0o700)


def test_output_under_a_regular_file_names_that_file(tmp_path: Path) -> None:
    blocker = tmp_path / "somefile"
    blocker.write_text("x")
    target = blocker / "deeper" / "out.txt"
    with pytest.raises(CorpusError) as caught:
        write_text_atomic(target, "x")
    assert str(caught.value) == f"{target}: cannot write output: {blocker} is not a directory"
    with pytest.raises(CorpusError, match="exists and is not a directory"):
        check_folder(blocker)
    check_folder(tmp_path / "new" / "folder")  # missing folders are fine: they get created
    assert blocker.read_text() == "x"
