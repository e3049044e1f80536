"""The work directory: `<document-id>.<lang>.txt` files (line i = sentence i) and the
`manifest.json` that records which model, route and options made each one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

from corpus.errors import InputError
from corpus.fileio import write_text_atomic
from corpus.model import MT_ENGINE, Document, MachineTranslation
from corpus.translate.locks import exclusive

MANIFEST = "manifest.json"
MANIFEST_LOCK = "manifest.lock"
MANIFEST_VERSION = 1
HOP = " > "  # joins the models (and versions) of a pivot route in a MachineTranslation


@dataclass(frozen=True)
class FileRecord:
    """What the manifest says about one translation file."""

    file: str
    document: str
    source_lang: str
    lang: str
    sentences: int
    source_sha256: str
    models: tuple[dict[str, str], ...]  # name, version, path, digest per hop
    route: str
    options: dict[str, object]
    created: str

    def to_json(self) -> dict[str, object]:
        return {"document": self.document, "source_lang": self.source_lang, "lang": self.lang,
                "sentences": self.sentences, "source_sha256": self.source_sha256,
                "models": list(self.models), "route": self.route, "options": self.options,
                "created": self.created}


def translation_file(document_id: str, lang: str) -> str:
    return f"{document_id}.{lang}.txt"


def source_digest(document: Document) -> str:
    """Identifies the segmentation a translation file belongs to."""
    return hashlib.sha256("\n".join(document.sentence_texts()).encode()).hexdigest()


def read_manifest(workdir: Path) -> dict[str, dict]:
    """`file name -> record` from WORKDIR/manifest.json ({} when there is none yet)."""
    path = workdir / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict):
            raise TypeError("files is not an object")
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not a translation manifest ({exc})", path) from None
    return files


def write_translations(workdir: Path,
                       items: Sequence[tuple[FileRecord, Sequence[str]]]) -> None:
    """Write each translation file atomically, then record them all in one manifest update
    (one rewrite per batch of files, not one per file: the manifest of a large corpus is big)."""
    for record, lines in items:
        if any("\n" in line or "\r" in line for line in lines):
            raise ValueError("a translation line contains a line break")
        write_text_atomic(workdir / record.file, "".join(f"{line}\n" for line in lines))
    record_translations(workdir, [record for record, _ in items])


def record_translations(workdir: Path, records: Sequence[FileRecord]) -> None:
    """Add `records` to WORKDIR/manifest.json, keeping every entry other runs have written.

    Read, merge and atomic replace happen under a lock on WORKDIR/manifest.lock, so two
    processes sharing the work directory cannot overwrite each other's entries.
    """
    if not records:
        return
    with exclusive(workdir / MANIFEST_LOCK):
        files = read_manifest(workdir)
        files.update((r.file, r.to_json()) for r in records)
        manifest = {"version": MANIFEST_VERSION, "engine": MT_ENGINE,
                    "files": dict(sorted(files.items()))}
        write_text_atomic(workdir / MANIFEST,
                          json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def load_translations(workdir: str | Path,
                      documents: Sequence[Document]) -> list[MachineTranslation]:
    """Every translation of `documents` recorded in WORKDIR's manifest, checked against them.

    A file whose line count differs from its document's sentence count, or that was made from
    a different segmentation, is an InputError naming the file.
    """
    root = Path(workdir)
    records = read_manifest(root)
    by_id = {d.id: d for d in documents}
    out: list[MachineTranslation] = []
    for name, record in records.items():
        document = by_id.get(record.get("document"))
        # A file into the document's own language was made while the document was read as
        # another language; no later run replaces it, so it is passed over, not an error.
        if document is None or record.get("lang") == document.lang:
            continue
        path = root / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError("listed in manifest.json but missing", path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read translation: {exc}", path) from None
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != len(document.sentences):
            raise InputError(f"{len(lines)} lines but document {document.id!r} has "
                             f"{len(document.sentences)} sentences; re-run corpus translate",
                             path)
        if record.get("source_sha256") != source_digest(document):
            raise InputError(f"made from another segmentation of {document.id!r}; "
                             "re-run corpus translate", path)
        if record.get("source_lang") != document.lang:
            raise InputError(f"made from {document.id!r} read as {record.get('source_lang')}, "
                             f"now {document.lang}; re-run corpus translate", path)
        models = record.get("models") or [{}]
        out.append(MachineTranslation(
            document_id=document.id, lang=record["lang"], sentences=tuple(lines),
            engine=MT_ENGINE, model=HOP.join(m.get("name", "") for m in models),
            model_version=HOP.join(m.get("version", "") for m in models),
            route=record.get("route", "direct"), created=record.get("created", ""),
            options=_options_text(record.get("options"))))
    return sorted(out, key=lambda t: (t.document_id, t.lang))


def _options_text(options: object) -> str:
    """A record's decoding options as `key=value …`, sorted; `unknown` when the record has none
    (a hand-edited manifest). Anything but letters, digits and `._-` is %-escaped: the text goes
    into the signature, whose fields `|` and `:` separate."""
    if not isinstance(options, dict) or not options:
        return "unknown"

    def safe(value: object) -> str:
        return quote(str(value), safe="._-")

    return " ".join(f"{safe(key)}={safe(value)}" for key, value in sorted(options.items()))


@dataclass(frozen=True)
class TranslationsUsed:
    """What made the translations an alignment used, signed like its settings: the words that
    link sentences come from these packages, decoded so. Read from the work directory's records,
    not from the run's `TranslateSettings`, so that it says what ran (the device and compute
    type resolved, the options of an earlier `corpus translate` whose folder `--translations`
    names) and nothing that does not change a word (thread counts)."""

    SIGNATURE_PREFIX: ClassVar[str] = "mt"

    models: tuple[str, ...]  # name@version of every hop, sorted
    options: tuple[str, ...]  # each distinct set of decoding options, sorted


def translations_used(translations: Sequence[MachineTranslation]) -> TranslationsUsed:
    hops = {f"{name}@{version}" for t in translations
            for name, version in zip(t.model.split(HOP), t.model_version.split(HOP),
                                     strict=False) if name}
    return TranslationsUsed(tuple(sorted(hops)),
                            tuple(sorted({t.options for t in translations if t.options})))


DEFAULT_WORKDIR = "translations"


def default_workdir(folder: str | Path) -> Path:
    """Where `corpus translate DIR` writes when no `-o` is given: DIR/translations."""
    return Path(folder) / DEFAULT_WORKDIR
