"""One exception family whose message is the one line the user sees."""

from __future__ import annotations

from pathlib import Path


class _Located:
    """A message about a file: `str()` is `PATH: message`, the one line the user sees."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class CorpusError(_Located, Exception):
    """A user-facing failure: bad input, missing model, unwritable output.

    The CLI prints `str(error)` as a single line and exits with `exit_code`; library code raises it
    instead of printing.
    """

    exit_code = 2


class InputError(CorpusError):
    """An input file or folder cannot be used (undecodable, empty, binary, malformed)."""


class ModelError(CorpusError):
    """A translation model is missing, invalid, or cannot run on the requested device."""

    exit_code = 3


class InputWarning(_Located, UserWarning):
    """An input file was read, but part of it had to be repaired (its text is not exactly the
    file's), or it does not look like what it was given as (a prediction naming sentences its
    gold does not have). Library code issues it with `warnings.warn`, so a caller can show it,
    collect it or turn it into an error; the CLI prints it as one `corpus: warning:` line."""
