"""File I/O at the edges: atomic output (a file appears complete or not at all, even if the
process is killed; `StagedFiles` does the same for a set of files up to its renames; a device,
FIFO or `/dev/stdout` is written in place) and UTF-8 input whose failures name the file in one
line."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from corpus.errors import CorpusError, InputError

# The longest file name most file systems take, in bytes (ext4, XFS, Btrfs, APFS).
NAME_MAX = 255
# What `mkstemp` adds after the prefix: eight random characters, then the suffix.
_TEMPORARY_TAIL = 8 + len(".tmp")


def temporary_prefix(name: str) -> str:
    """`.NAME.`, the start of the temporary file `atomic_open` writes for `name`.

    `NAME` is cut (whole characters) so that the temporary name fits wherever `name` does: an
    output named with 242 to 255 bytes (two long Arabic document ids in an XCES pair file)
    failed with "File name too long" although its own name was legal.
    """
    while len(os.fsencode(f".{name}.")) + _TEMPORARY_TAIL > NAME_MAX:
        name = name[:-1]
    return f".{name}."


# Names of a descriptor the process already holds, as a shell hands them over.
_DESCRIPTOR_NAME = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|thread-self|\d+)/fd/\d+")


def is_stream(path: str | Path) -> bool:
    """Whether an output at `path` is written to in place rather than replaced: an existing
    device, FIFO or socket, or a name of an open descriptor (`/dev/stdout`, `/dev/fd/N`).

    Renaming a temporary file over `/dev/null` or a FIFO would put a regular file in its place,
    and over `/dev/stdout` fails (`/proc/self/fd/1` is a pipe, no file) or, redirected to a
    file, loses what a `>>` kept. Atomicity means nothing for a stream anyway.
    """
    if _DESCRIPTOR_NAME.fullmatch(os.path.normpath(Path(path).absolute())):
        return True
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class StagedFiles:
    """Files written in full under temporary names beside their targets, then renamed into place
    together by `commit`, so that a set of outputs (all the formats of a run and its record)
    appears at once or not at all: an error or Ctrl-C while any of them is being written leaves
    every old file as it was.

    Use it as a context manager: leaving it removes every temporary file not yet committed.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path, Path]] = []  # (temporary, target, path as given)

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    @property
    def pending(self) -> dict[Path, Path]:
        """`path -> temporary file` of every file written and not yet committed."""
        return {path: temporary for temporary, _, path in self._staged}

    @contextlib.contextmanager
    def open(self, path: str | Path, mode: str = "w",
             encoding: str | None = "utf-8") -> Iterator[IO]:
        """Write `path`'s future content to a temporary sibling and fsync it; `commit` renames it.

        On any exception the temporary file is removed. A `path` that is a symbolic link is
        written through, as `open()` would: its target is replaced (the temporary file sits
        beside the target, so the rename stays atomic) and the link stays.
        """
        path = Path(path)
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        binary = "b" in mode
        check_folder(target.parent, path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(target.name), suffix=".tmp",
                                       dir=target.parent)
        except OSError as exc:
            raise _write_failure(exc, path) from exc
        tmp_path = Path(tmp)
        try:
            os.fchmod(fd, _final_mode(target))
            with os.fdopen(fd, mode, encoding=None if binary else encoding,
                           newline=None if binary else "") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            tmp_path.unlink(missing_ok=True)
            raise _write_failure(exc, path) from exc
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
        self._staged.append((tmp_path, target, path))

    def commit(self) -> None:
        """Rename every staged file over its target, in the order they were written.

        Each rename is atomic, the set is not: called once everything is written, the window in
        which a kill leaves some files old and some new is that of a few renames.
        """
        while self._staged:
            temporary, target, path = self._staged[0]
            try:
                temporary.replace(target)
            except OSError as exc:
                raise _write_failure(exc, path) from exc
            del self._staged[0]

    def discard(self) -> None:
        """Remove the temporary files not yet committed; their targets stay as they were."""
        for temporary, _, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write to a temporary sibling, fsync, then rename over `path` (`StagedFiles` of one file).

    On any exception the temporary file is removed and `path` is left as it was. A stream
    (`is_stream`: `/dev/null`, a FIFO, `/dev/stdout`) is written directly, appending as the
    shell's redirection decided.
    """
    path = Path(path)
    if is_stream(path):
        binary = "b" in mode
        try:
            with path.open(mode.replace("w", "a"), encoding=None if binary else encoding,
                           newline=None if binary else "") as handle:
                yield handle
        except OSError as exc:
            raise _write_failure(exc, path) from exc
        return
    with StagedFiles() as stage:
        with stage.open(path, mode, encoding) as handle:
            yield handle
        stage.commit()


def _write_failure(exc: OSError, path: Path) -> CorpusError:
    """The one line for an output that could not be written: the reason, not an errno tuple."""
    return CorpusError(f"cannot write output: {exc.strerror or exc}", path)


def check_folder(folder: Path, path: Path | None = None,
                 failure: str = "cannot write output") -> None:
    """Refuse a `folder` that cannot be created because a regular file stands at it or above it.

    `mkdir -p` would only say "File exists" or "Not a directory", naming neither; callers check
    before long work, so that it is not lost at the end. The error is about `path` (default:
    `folder`), the file the user asked for, and starts with `failure`.
    """
    path = path or folder
    for candidate in (folder, *folder.parents):
        if candidate.exists():  # follows links: a link to a directory is a directory
            if candidate.is_dir():
                return
            problem = ("exists and is not a directory" if candidate == path
                       else f"{candidate} is not a directory")
            raise CorpusError(f"{failure}: {problem}", path)


def check_not_an_input(output: str | Path, inputs: Mapping[str, str | Path | None]) -> None:
    """Refuse an `output` that is one of the `inputs` (label → path; None: not given).

    The atomic rename would silently replace that input with the result, also when `output` is
    a symbolic or hard link to it. Only an existing regular file can be an input that way: a
    missing output is none of them, and a device or FIFO is written to, not replaced.
    """
    output = Path(output)
    try:
        if not stat.S_ISREG(output.stat().st_mode):
            return
    except OSError:
        return
    for label, path in inputs.items():
        with contextlib.suppress(OSError):  # an input that is missing fails when it is read
            if path is not None and output.samefile(path):
                raise InputError(f"the output would overwrite an input ({label})", output)


def _final_mode(path: Path) -> int:
    """The mode a plain `open()` would give: the old file's, else 0o666 less the umask.

    `mkstemp` creates 0o600 files; without this every output would be unreadable to other users.
    """
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | Path, text: str) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(text)


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file; every way it can fail is one `InputError` naming the file,
    never an errno tuple or a traceback."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None


def read_utf8(path: str | Path) -> str:
    """The text of a UTF-8 input file (a BOM is dropped), failing as `read_input` does.

    Newlines are made `\n`, as `Path.read_text` would, so that line numbers are the same
    whatever the file's line ends."""
    try:
        text = read_input(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
