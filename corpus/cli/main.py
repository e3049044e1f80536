"""Entry point of the `corpus` command: collects the subcommand modules of `corpus.cli`."""

from __future__ import annotations

import importlib
import pkgutil
import signal

import typer

import corpus
import corpus.cli
from corpus.cli.common import app

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


def run() -> None:
    """Console-script entry: behave like a Unix filter when piped into `head`."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()
