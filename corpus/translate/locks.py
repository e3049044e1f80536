"""Inter-process locks for a work directory shared by several `corpus translate` runs.

`flock` locks belong to an open file and die with the process, so a run killed with SIGKILL never
leaves a stale lock behind (unlike a lock made by creating a file). The lock file itself is empty
and stays; it is never a sign that a run is in progress.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from corpus.errors import CorpusError
from corpus.fileio import check_folder


@contextlib.contextmanager
def exclusive(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) for the `with` block; waits for it."""
    path = Path(path)
    check_folder(path.parent, path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise CorpusError(f"cannot write output: {exc.strerror or exc}", path) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
