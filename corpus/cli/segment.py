"""`corpus segment FILE`: one sentence per line, to check segmentation by eye or feed tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corpus.cli.common import app, reports_errors


@app.command("segment")
@reports_errors
def segment_command(
    file: Annotated[Path, typer.Argument(help="An article file (any common encoding).")],
    lang: Annotated[str | None, typer.Option("--lang", help="ISO 639-1 code; skips detection.")]
    = None,
) -> None:
    """Print the sentences of FILE, one per line."""
    from corpus.language import language_code
    from corpus.read import read_document

    if lang is not None:
        lang = language_code(lang, "--lang")
    document = read_document(file, lang=lang)
    for sentence in document.sentences:
        typer.echo(sentence.text)
