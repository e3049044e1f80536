"""Entry point of the `corpus` command: collects the subcommand modules of `corpus.cli` and
turns a standard output that cannot be written into one error line."""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import sys
from typing import Any, TextIO

import typer

import corpus
import corpus.cli
from corpus.cli.common import app, error
from corpus.errors import CorpusError

_NOT_COMMANDS = {"common", "main"}


def _load_commands() -> None:
    """Every module of `corpus.cli` (except the shared ones) registers its command on import.

    Command modules import their heavy dependencies inside the command function, so loading them
    all stays cheap.
    """
    for info in sorted(pkgutil.iter_modules(corpus.cli.__path__), key=lambda m: m.name):
        if info.name not in _NOT_COMMANDS and not info.name.startswith("_"):
            importlib.import_module(f"corpus.cli.{info.name}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corpus {corpus.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Build multilingual, sentence-aligned corpora from news articles."""


_load_commands()


class _GuardedStdout:
    """Standard output whose write failures (a full disk, `> /dev/full`) are a `CorpusError`.

    Commands print through Click, so an `OSError` from stdout would end in a traceback; raised
    here, it is told apart from every other `OSError` and reported like any error, by
    `reports_errors` inside a command or by `run` around `--help`. `failed` stays set even when
    the error is swallowed (Click probes a stream with writes whose failure it ignores).
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.failed = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: OSError) -> CorpusError:
        self.failed = True
        return CorpusError(f"cannot write to standard output: {exc.strerror or exc}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run() -> None:
    """Console-script entry: behave like a Unix filter when piped into `head` (die quietly of
    SIGPIPE), and report any other failure to write standard output in one line."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    stdout = _GuardedStdout(sys.stdout)
    sys.stdout = stdout  # type: ignore[assignment]
    try:
        app()
    except CorpusError as exc:  # raised outside a command, e.g. by `--help > /dev/full`
        error(str(exc))
        sys.exit(exc.exit_code)
    finally:
        if stdout.failed:  # what stays buffered would fail again when Python flushes at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
