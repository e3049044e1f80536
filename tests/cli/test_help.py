"""`--help` reads the Unix way: capitalised metavars, never Python types, and every parameter says
what it is for."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from corpus.cli.main import app

runner = CliRunner()


def _commands(group: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """Every leaf command under the root group, with the words that invoke it."""
    found = []
    for name, command in getattr(group, "commands", {}).items():
        if hasattr(command, "commands"):
            found += _commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


COMMANDS = _commands(typer.main.get_command(app))
# Typer's own notation: `<path>`, `<list[Path]>`, `<int range>`, `{src}`.
PYTHONISH = re.compile(r"<[a-z][\w \[\]]*>|\{[a-z_]+\}|list\[")


def test_every_command_is_covered() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"align", "align-pair", "eval", "info", "segment", "translate", "models list",
            "models install", "models remove"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_has_no_python_metavars_and_no_silent_option(path, command) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert not PYTHONISH.search(result.stdout), result.stdout
    silent = [p.name for p in command.params if not (p.help or "").strip()]
    assert silent == [], f"{' '.join(path)}: parameters without help text: {silent}"


@pytest.mark.parametrize(("args", "usage"), [
    (["align-pair"], "Usage: corpus align-pair [OPTIONS] SRC TGT"),
    (["align"], "Usage: corpus align [OPTIONS] DIR"),
    (["translate"], "Usage: corpus translate [OPTIONS] [DIR]"),
    (["models", "list"], "Usage: corpus models list [OPTIONS] [LANG]..."),
    (["models", "remove"], "Usage: corpus models remove [OPTIONS] PACKAGE..."),
])
def test_usage_line(args: list[str], usage: str) -> None:
    assert runner.invoke(app, [*args, "--help"]).stdout.splitlines()[0] == usage


def test_options_show_what_they_take() -> None:
    text = " ".join(runner.invoke(app, ["eval", "--help"]).stdout.split())
    assert "--gold FILE..." in text and "--pred FILE..." in text
    text = " ".join(runner.invoke(app, ["align", "--help"]).stdout.split())
    assert "-o, --output OUT" in text and "--min-score SCORE" in text and "--lang LANG" in text
    text = " ".join(runner.invoke(app, ["translate", "--help"]).stdout.split())
    assert "--beam-size N CTranslate2 beam width" in text


def test_missing_argument_is_named_by_its_metavar(tmp_path) -> None:
    result = runner.invoke(app, ["align-pair", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "Missing argument 'TGT'" in result.stderr
