"""What every subcommand shares: the Typer app, error reporting, and output helpers.

A command parses options, calls one library function and reports. Library code raises
`CorpusError`; `reports_errors` turns it into one line on stderr and the error's exit code, so the
same behaviour holds under the real entry point and under Typer's test runner.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from corpus.errors import CorpusError

app = typer.Typer(
    name="corpus",
    help="Build multilingual, sentence-aligned corpora from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

P = ParamSpec("P")
R = TypeVar("R")


def error(message: str) -> None:
    """Print one diagnostic line on stderr, prefixed like every corpus message."""
    typer.echo(f"corpus: error: {message}", err=True)


def warn(message: str) -> None:
    typer.echo(f"corpus: warning: {message}", err=True)


def note(message: str) -> None:
    typer.echo(f"corpus: {message}", err=True)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn `CorpusError` (and Ctrl-C) into a one-line message and a non-zero exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CorpusError as exc:
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            error("interrupted; work done so far is kept (re-run to resume)")
            raise typer.Exit(130) from None

    return wrapper


def is_terminal() -> bool:
    return sys.stderr.isatty()
