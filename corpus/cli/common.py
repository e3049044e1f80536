"""What every subcommand shares: the Typer app, its help style, error reporting, and output
helpers.

A command parses options, calls one library function and reports. Library code raises
`CorpusError`; `reports_errors` turns it into one line on stderr and the error's exit code, so the
same behaviour holds under the real entry point and under Typer's test runner.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
import typing
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from corpus.errors import CorpusError, InputWarning
from corpus.settings import creation_time

P = ParamSpec("P")
R = TypeVar("R")


# Click's UsageError (unknown option, bad value, missing argument), reached through the one
# subclass Typer exports: Typer vendors its own Click, so `click.UsageError` is another class.
_UsageError: type[Exception] = typer.BadParameter.__mro__[1]


class OneLineUsageError(_UsageError):  # type: ignore[misc, valid-type]
    """A usage error shown as one `corpus: error:` line, like every other error, instead of
    Click's usage block; the help command to run is named at the end."""

    def show(self, file: Any = None) -> None:
        ctx = getattr(self, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        error(f"{self.format_message().rstrip('.')}{hint}")


@contextlib.contextmanager
def _usage_in_one_line() -> Iterator[None]:
    """Re-raise Click's usage errors as `OneLineUsageError`s (those already converted pass)."""
    try:
        yield
    except OneLineUsageError:
        raise
    except _UsageError as exc:
        raise OneLineUsageError(exc.format_message(), exc.ctx) from None


class _OneLineUsage:
    """Mixin for commands and groups: parsing errors become `OneLineUsageError`s."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_in_one_line():
            return super().make_context(*args, **kwargs)  # type: ignore[misc]


class CorpusGroup(_OneLineUsage, TyperGroup):
    """The `corpus` and `corpus models` groups: an unknown command is one error line too."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        with _usage_in_one_line():
            return super().resolve_command(ctx, args)


class UnixHelpCommand(_OneLineUsage, TyperCommand):
    """A command whose help reads the Unix way: `Usage: corpus align-pair [OPTIONS] SRC TGT`,
    `-o, --output FILE`, `--gold FILE...`.

    Typer would show Python types (`<path>`, `<list[Path]>`) and brace required arguments
    (`{src}`). Here an argument is shown by its name in capitals and an option by its `metavar`,
    else by its long flag in capitals (`--lang LANG`); an argument taking several values gets
    `...`, an optional one brackets.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None:
                param.metavar = _default_metavar(param)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        raw = list(args)  # Click's parser consumes the list it is given
        rest = super().parse_args(ctx, args)
        if not ctx.resilient_parsing:
            _refuse_empty_paths(self, ctx, raw)
        return rest

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if _is_argument(param):
                name = param.metavar if param.required else f"[{param.metavar}]"
                pieces.append(name + _several(param))
        return pieces

    def format_options(self, ctx: typer.Context, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if _is_argument(param):  # Typer would add the type: `SRC <path>`
                sections["Arguments"].append((param.metavar + _several(param), record[1]))
            else:
                sections["Options"].append(record)
        for title, records in sections.items():
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


def _refuse_empty_paths(command: TyperCommand, ctx: typer.Context, args: list[str]) -> None:
    """An empty path is a usage error, for every argument and option typed `Path`.

    `Path("")` is `.`: `corpus align DIR -o ''` wrote into the current folder and
    `corpus align ''` read it. The value is `.` once parsed, so the arguments are parsed again to
    see what was typed.
    """
    opts, _, _ = command.make_parser(ctx).parse_args(args=args)
    hints = typing.get_type_hints(inspect.unwrap(command.callback))
    for param in command.params:
        value = opts.get(param.name)
        values = value if isinstance(value, list | tuple) else [value]
        if "" in values and _mentions_path(hints.get(param.name)):
            raise typer.BadParameter("empty path given", ctx=ctx, param=param)


def _mentions_path(hint: Any) -> bool:
    """`Path`, `Path | None`, `list[Path]`: a parameter that takes paths."""
    return hint is Path or any(_mentions_path(arg) for arg in typing.get_args(hint))


def _is_argument(param: Any) -> bool:
    return param.param_type_name == "argument"


def _several(param: Any) -> str:
    return "..." if param.nargs != 1 else ""


def _default_metavar(param: Any) -> str:
    """`folder` → FOLDER for an argument, `--lang` → LANG for an option."""
    name = param.name if _is_argument(param) else max(param.opts, key=len).lstrip("-")
    return name.upper().replace("-", "_")


class CorpusTyper(typer.Typer):
    """`typer.Typer` with the toolkit's settings, whose commands are `UnixHelpCommand`s and whose
    usage errors are one line (`CorpusGroup`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"add_completion": False, "pretty_exceptions_enable": False,
                            "rich_markup_mode": None, "cls": CorpusGroup, **kwargs})

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
        return super().command(name, cls=cls or UnixHelpCommand, **kwargs)


app = CorpusTyper(
    name="corpus",
    help="Build multilingual, sentence-aligned corpora from news articles.",
    no_args_is_help=True,
)


def error(message: str) -> None:
    """Print one diagnostic line on stderr, prefixed like every corpus message."""
    typer.echo(f"corpus: error: {message}", err=True)


def warn(message: str) -> None:
    typer.echo(f"corpus: warning: {message}", err=True)


def note(message: str) -> None:
    typer.echo(f"corpus: {message}", err=True)


@contextlib.contextmanager
def _input_warnings_as_lines() -> Iterator[None]:
    """Show every `InputWarning` (one per repaired file, never deduplicated) as a warning line;
    other warnings keep Python's handling."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", InputWarning)
        shown = warnings.showwarning

        def show(message: Warning | str, category: type[Warning], *args: Any,
                 **kwargs: Any) -> None:
            if issubclass(category, InputWarning):
                warn(str(message))
            else:
                shown(message, category, *args, **kwargs)

        warnings.showwarning = show
        yield


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with what the command keeps of its work (`on_interrupt`): only some commands
    keep anything (translations and embeddings are cached; outputs appear only when complete),
    so a blanket "work done so far is kept" was untrue elsewhere."""


@contextlib.contextmanager
def on_interrupt(kept: Callable[[], str]) -> Iterator[None]:
    """Turn Ctrl-C into `Interrupted` saying `kept()`, what is left of the work (asked only once
    interrupted, so that it can look at what is on disk by then)."""
    try:
        yield
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise Interrupted(kept()) from None


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn `CorpusError` (and Ctrl-C) into a one-line message and a non-zero exit code, and
    `InputWarning` into a warning line."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            # numpy (imported by scipy) reads SOURCE_DATE_EPOCH on import and dies with a
            # traceback on anything but whole seconds: check it first, in one line.
            creation_time()
            with _input_warnings_as_lines():
                return func(*args, **kwargs)
        except CorpusError as exc:
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except Interrupted as exc:
            error(f"interrupted; {exc}")
            raise typer.Exit(130) from None
        except KeyboardInterrupt:
            error("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def output_file(output: Path | None) -> Path | None:
    """The file `-o` names, or None for standard output: no `-o`, or `-o -` as Unix tools take
    it. A file called `-` is still `$PWD/-` (`./-` is the same `Path` as `-`)."""
    return None if output is None or str(output) == "-" else output


def spread_values(args: Sequence[str], flags: set[str]) -> list[str]:
    """`--gold a b --pred c` as `--gold a --gold b --pred c`: several values after one of
    `flags`, as argparse's nargs="+" reads them (Click takes one value per flag)."""
    out: list[str] = []
    flag, fresh = None, False
    for k, token in enumerate(args):
        if token == "--":
            out += args[k:]
            break
        if token.startswith("-") and token != "-":
            name = token.split("=", 1)[0]
            flag = name if name in flags else None
            fresh = "=" not in token
        elif flag is not None and not fresh:
            out.append(flag)
        else:
            fresh = False
        out.append(token)
    return out


class ManyValuesCommand(UnixHelpCommand):
    """A command whose repeatable options also take several values after one flag
    (`corpus eval --gold G1 G2 --pred P1 P2`); it must have no positional arguments."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        # Typer vendors its own Click: options are recognised by what they have, not by class.
        flags = {opt for p in self.params if getattr(p, "multiple", False)
                 for opt in getattr(p, "opts", ())}
        return super().parse_args(ctx, spread_values(args, flags))


def is_terminal() -> bool:
    return sys.stderr.isatty()
