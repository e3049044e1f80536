"""`corpus info DIR`: what the reader made of each article, and which files it could not use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corpus.cli.common import app, error, reports_errors
from corpus.errors import InputError

if TYPE_CHECKING:
    from corpus.model import Document


@app.command("info")
@reports_errors
def info_command(
    folder: Annotated[Path, typer.Argument(metavar="PATH",
                                                 help="A folder of article files, or one file.")],
    lang: Annotated[str | None, typer.Option("--lang", help="ISO 639-1 code for every file.")]
    = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first unreadable file.")]
    = False,
) -> None:
    """List each document: language (confidence, or where it was set), encoding, paragraphs,
    sentences, characters.

    Unreadable files are reported on stderr; the exit code is 2 if any file failed.
    """
    from corpus.language import language_code
    from corpus.read import read_document, read_folder

    if lang is not None:
        lang = language_code(lang, "--lang")
    manifest_langs: Mapping[str, str] = {}
    if folder.is_file():
        documents, errors = (read_document(folder, lang=lang),), ()
    elif folder.exists():
        result = read_folder(folder, lang=lang, strict=strict)
        documents, errors = result.documents, result.errors
        manifest_langs = result.manifest.langs if result.manifest is not None else {}
    else:
        raise InputError("no such file or folder", folder)
    for exc in errors:
        error(str(exc))
    # A language the user set is not a detection: say where it came from, not "(1.00)".
    given = {d.id: "--lang" if lang is not None else "manifest" for d in documents
             if lang is not None or d.id in manifest_langs}
    typer.echo(format_table(documents, given))
    if errors:
        typer.echo(f"{len(errors)} file(s) could not be read (see errors above)")
        raise typer.Exit(InputError.exit_code)


def format_table(documents: Sequence[Document], given: Mapping[str, str] | None = None) -> str:
    """A plain aligned text table, one row per document, and a totals row.

    The language is followed by its detection confidence, or by where it was set (`given`:
    document id -> `--lang` or `manifest`).
    """
    given = given or {}
    header = ("document", "language", "encoding", "paragraphs", "sentences", "characters")
    rows = [(d.id, f"{d.lang} ({given.get(d.id) or f'{d.lang_confidence:.2f}'})", d.encoding,
             str(len(d.paragraphs)),
             str(len(d.sentences)), str(len(d.text))) for d in documents]
    rows.append((f"{len(documents)} document(s)", "", "",
                 str(sum(len(d.paragraphs) for d in documents)),
                 str(sum(len(d.sentences) for d in documents)),
                 str(sum(len(d.text) for d in documents))))
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    numeric = {3, 4, 5}

    def line(row: tuple[str, ...]) -> str:
        cells = (cell.rjust(w) if i in numeric else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows[:-1]), rule, line(rows[-1])])
