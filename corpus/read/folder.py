"""A folder of article files → documents, with per-file errors kept instead of aborting."""

from __future__ import annotations

import os
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import regex

from corpus.errors import InputError, InputWarning
from corpus.language import UNDETERMINED, language_code
from corpus.model import Document
from corpus.read.document import read_document
from corpus.read.manifest import MANIFEST_NAME, Manifest, read_manifest


@dataclass(frozen=True)
class ReadSettings:
    """What the user said about the articles, signed like the settings of the other stages:
    a language forced on every article (`--lang`) and the folder's manifest (languages, forced
    and forbidden pairs), each of which changes what is paired and aligned."""

    SIGNATURE_PREFIX: ClassVar[str] = "read"

    lang: str | None = None
    manifest: str | None = None  # `Manifest.digest`


@dataclass(frozen=True)
class ReadResult:
    """The documents read from a folder, the files that failed, the folder's manifest, and
    the settings the reading took from the user."""

    documents: tuple[Document, ...]
    errors: tuple[InputError, ...]
    manifest: Manifest | None = None
    settings: ReadSettings = ReadSettings()


# What a document id cannot hold: a byte that is not UTF-8 (Python's surrogate escapes), a
# control character, a noncharacter. XML cannot carry them: the TMX, TEI and HTML writers drop
# them (`caf\xe9` and `caf` were both `caf` there) while XCES escapes them (`caf_udce9_`).
_UNWRITABLE_ID_CHAR = regex.compile(r"[\p{Cc}\ud800-\udfff\ufffe\uffff]")


def printable_path(path: str | Path) -> str:
    """`path` as one printable line: bytes that are not UTF-8 as `\xe9`, controls escaped."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return regex.sub(r"[\p{Cc}\ufffe\uffff]",
                     lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def document_id(path: Path) -> str:
    """The id of the article at `path`: its file name without the extension.

    Ids name the documents in every output, so one that some output cannot write as it is
    (see `_UNWRITABLE_ID_CHAR`) is refused rather than altered: altered in one format and not
    another, two articles could share an id, and no id would match the file's name.
    """
    stem = path.stem
    bad = _UNWRITABLE_ID_CHAR.search(stem)
    if bad is None:
        return stem
    char = bad.group()
    if "\ud800" <= char <= "\udfff":
        found = f"is not valid UTF-8 (byte 0x{os.fsencode(char)[0]:02X})"
    else:
        found = f"holds a control or noncharacter (U+{ord(char):04X})"
    raise InputError(f"file name {found}: rename the file (its name is the document's id, "
                     "written into every output)", printable_path(path))


def is_skipped_name(name: str) -> bool:
    """A file that is not an article: hidden (`.DS_Store`, `.a.txt.swp`), an editor's backup
    or autosave (`a.txt~`, `#a.txt#`, `a.txt.swp`: a second copy of an article would be
    paired with it as a perfect translation), or the manifest."""
    return (name.startswith(".") or name.endswith(("~", ".swp"))
            or (len(name) > 1 and name.startswith("#") and name.endswith("#"))
            or name == MANIFEST_NAME)


def article_files(folder: Path) -> list[Path]:
    """Files of `folder` that are articles (not recursive; `is_skipped_name` left out), sorted
    by name.

    A symbolic link that leads nowhere (dangling, or a loop), a pipe, a socket or a device
    count as files too, so that reading them reports the problem instead of the article
    silently missing from the corpus.
    """
    return sorted(p for p in folder.iterdir()
                  if not p.is_dir() and not is_skipped_name(p.name))


def _no_articles(folder: Path) -> InputError:
    """The error for a folder without article files, naming what was skipped: a folder whose
    articles sit in subfolders said only "no article files in this folder"."""
    subfolders = sorted(p.name for p in folder.iterdir()
                        if p.is_dir() and not p.name.startswith("."))
    skipped = sum(1 for p in folder.iterdir()
                  if not p.is_dir() and is_skipped_name(p.name) and p.name != MANIFEST_NAME)
    said = []
    if subfolders:
        shown = ", ".join(subfolders[:3]) + (f" and {len(subfolders) - 3} more"
                                             if len(subfolders) > 3 else "")
        said.append(f"{len(subfolders)} subfolder(s) skipped ({shown}): articles are read from "
                    "the folder itself, not from its subfolders")
    if skipped:
        said.append(f"{skipped} hidden or editor backup file(s) skipped")
    return InputError("no article files in this folder" + (f"; {'; '.join(said)}" if said
                                                           else ""), folder)


def check_output_folder(folder: Path, out: Path, flag: str) -> None:
    """Refuse to write outputs among the articles of `folder`: the next run would read them as
    articles (a TMX file, or a translation `<doc>.<lang>.txt`, is text in some language), and an
    output could overwrite an article of the same name. A folder inside `folder` is fine:
    articles are read from the folder itself, not from its subfolders. `flag` is the option
    that named `out`, for the message."""
    if out.is_dir() and folder.is_dir() and out.samefile(folder):
        raise InputError("the output folder is the input folder; its outputs would be read as "
                         f"articles (or overwrite them): choose another {flag}", out)


def read_folder(folder: str | Path, *, lang: str | None = None,
                strict: bool = False) -> ReadResult:
    """Read every article in `folder`; a bad file lands in `errors` unless `strict`.

    Language, by priority: `lang`, then the manifest's `documents.<id>.lang`, then detection;
    a detection that settles on no language ("und") is an `InputWarning` naming the file.
    A bad `lang` is refused here, not once per file.
    """
    if lang is not None:
        lang = language_code(lang, "lang")
    root = Path(folder)
    if not root.exists():
        raise InputError("no such folder", folder)
    if not root.is_dir():
        raise InputError("not a folder", folder)
    manifest_path = root / MANIFEST_NAME
    manifest = read_manifest(manifest_path) if manifest_path.is_file() else None
    langs = manifest.langs if manifest else {}
    documents: list[Document] = []
    errors: list[InputError] = []
    seen: dict[str, Path] = {}
    paths = article_files(root)
    if not paths:
        raise _no_articles(root)
    if manifest is not None:
        manifest.check_documents({path.stem for path in paths}, manifest_path)
    folded: dict[str, Path] = {}
    for path in paths:
        try:
            doc_id = document_id(path)
            if doc_id in seen:
                raise InputError(f"duplicate document id {doc_id!r} "
                                 f"(also {seen[doc_id].name})", path)
            key = _folded(doc_id)
            twin = folded.get(key)
            if twin is not None:
                raise InputError(f"document id {doc_id!r} differs from {twin.stem!r} only in "
                                 "letter case or Unicode normalisation: on macOS and Windows "
                                 "their outputs would be one file; rename one", path)
            seen[doc_id] = path
            folded[key] = path
            if path.exists() and not path.is_file():
                # Opening a pipe would wait for a writer that may never come.
                raise InputError("not a regular file (a pipe, socket or device)", path)
            own = lang if lang is not None else langs.get(doc_id)
            document = read_document(path, lang=own, doc_id=doc_id)
            if own is None and document.lang == UNDETERMINED:
                # Still read and paired (numbers and names can link it), but no translation
                # model exists for "und": the user can fix it, and should hear so.
                warnings.warn(InputWarning(
                    "language could not be identified; set it in corpus.json "
                    f"(documents.{doc_id}.lang)", path), stacklevel=2)
            documents.append(document)
        except InputError as exc:
            if strict:
                raise
            errors.append(exc)
    return ReadResult(tuple(documents), tuple(errors), manifest,
                      ReadSettings(lang, manifest.digest(langs=lang is None) if manifest is not None
                                   else None))


def _folded(doc_id: str) -> str:
    """What case-insensitive, normalisation-insensitive file systems (macOS, Windows) see of a
    name made from `doc_id`: `Report` and `report`, or `é` composed and decomposed, are one."""
    return unicodedata.normalize("NFC", doc_id).casefold()
