"""Atomic output: complete or absent (a file, or a set of files up to its renames), and with the
permissions a plain open() would give."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from corpus.errors import CorpusError, InputError
from corpus.fileio import (
    NAME_MAX,
    StagedFiles,
    atomic_open,
    check_folder,
    check_not_an_input,
    is_stream,
    write_bytes_atomic,
    write_text_atomic,
)
from corpus.pipeline import remove_stale_temporaries


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


def test_staged_files_appear_together_or_not_at_all(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("old")
    with pytest.raises(KeyboardInterrupt), StagedFiles() as stage:
        for name in ("a.txt", "b.txt", "c.txt"):
            with stage.open(tmp_path / name) as handle:
                handle.write("new")
        assert sorted(path.name for path in stage.pending) == ["a.txt", "b.txt", "c.txt"]
        raise KeyboardInterrupt  # every file written, none renamed yet
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert {p.read_text() for p in tmp_path.iterdir()} == {"old"}
    with StagedFiles() as stage:
        for name in ("a.txt", "c.txt"):
            with stage.open(tmp_path / name) as handle:
                handle.write("new")
        assert (tmp_path / "a.txt").read_text() == "old"
        stage.commit()
        assert not stage.pending
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
        "a.txt": "new", "b.txt": "old", "c.txt": "new"}


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


def test_writing_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "target.txt"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(Path("real") / "target.txt")
    write_text_atomic(link, "new")
    assert link.is_symlink() and link.readlink() == Path("real") / "target.txt"
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.iterdir()) == ["target.txt"]  # no temporary left


def test_failed_write_through_a_symlink_leaves_target_and_link(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with pytest.raises(RuntimeError), atomic_open(link) as handle:
        handle.write("half")
        raise RuntimeError("interrupted")
    assert link.is_symlink() and target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "target.txt"]


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "target.txt")
    write_text_atomic(link, "new")
    assert link.is_symlink() and (tmp_path / "target.txt").read_text() == "new"


@pytest.mark.parametrize("size", [NAME_MAX - 12, NAME_MAX - 1, NAME_MAX])
def test_a_name_near_the_limit_is_written_and_its_leftovers_found(tmp_path: Path,
                                                                   size: int) -> None:
    # Two long Arabic document ids make an XCES pair file of ~250 bytes: legal, but the
    # temporary `.NAME.XXXXXXXX.tmp` was 14 bytes longer and failed "File name too long".
    name = "خ" * ((size - 4) // 2) + "x" * ((size - 4) % 2) + ".xml"
    assert len(name.encode()) == size
    write_text_atomic(tmp_path / name, "new")
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert (tmp_path / name).read_text(encoding="utf-8") == "new"
    # What a killed run leaves of that write is found by the next run's clean-up.
    with pytest.raises(KeyboardInterrupt), atomic_open(tmp_path / name):
        (leftover,) = [p for p in tmp_path.iterdir() if p.name != name]
        os.link(leftover, tmp_path / "kept")
        raise KeyboardInterrupt
    (tmp_path / "kept").rename(leftover)
    remove_stale_temporaries([tmp_path / name])
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_an_output_that_is_an_input_is_refused_only_when_it_is_that_file(tmp_path: Path) -> None:
    source, copy = tmp_path / "source.txt", tmp_path / "copy.txt"
    source.write_text("x")
    copy.write_text("x")
    with pytest.raises(InputError, match=r"source.txt: the output would overwrite an input "
                                         r"\(SRC\)"):
        check_not_an_input(source, {"MT": None, "SRC": source})
    check_not_an_input(copy, {"SRC": source})  # the same text, another file
    check_not_an_input(tmp_path / "new.txt", {"SRC": source, "MISSING": tmp_path / "gone"})
    check_not_an_input(os.devnull, {"SRC": os.devnull})  # a stream is written to, not replaced


def read_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader for `fifo`, as `cat fifo` would be; its bytes land in the list."""
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, received


def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader, received = read_in_background(fifo)
    write_text_atomic(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["fifo"]


@pytest.mark.usefixtures("no_temporary_files")
def test_dev_null_stays_a_device() -> None:
    write_bytes_atomic(os.devnull, b"gone\n")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_device_node_stays_a_device(tmp_path: Path) -> None:
    """`mknod mynull c 1 3`: a null device under another name, in a folder of one's own."""
    node = tmp_path / "mynull"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    write_text_atomic(node, "gone\n")
    assert stat.S_ISCHR(node.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["mynull"]


@pytest.mark.parametrize("name, stream", [
    ("/dev/stdout", True), ("/dev/fd/1", True), ("/proc/self/fd/3", True), ("/dev/null", True),
    ("regular.txt", False), ("missing.txt", False), (".", False)])
def test_is_stream(name: str, stream: bool, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "regular.txt").write_text("x")
    assert is_stream(name) is stream
