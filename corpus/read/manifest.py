"""The optional `corpus.json` manifest of an input folder: what the user knows better than we do.

    {"documents": {"002_f33": {"lang": "fr"}},
     "pairs": {"force": [["003", "004"]], "forbid": [["000", "001"]]}}

`documents.<id>.lang` overrides language identification; `pairs.force`/`pairs.forbid` are for
document pairing. Everything is validated here, so a typo is one clear error naming the file:
the JSON itself when it is read, the ids against the folder's file names (`check_documents`)
before any article is read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import InputError
from corpus.language import language_code

MANIFEST_NAME = "corpus.json"
# What `documents.<id>` may say (a typo such as "language" would otherwise be ignored).
DOCUMENT_KEYS = ("lang",)


@dataclass(frozen=True)
class Manifest:
    """A parsed, validated manifest."""

    langs: dict[str, str] = field(default_factory=dict)
    # Every id under `documents`, with settings or without.
    documents: tuple[str, ...] = ()
    force_pairs: tuple[tuple[str, str], ...] = ()
    forbid_pairs: tuple[tuple[str, str], ...] = ()

    def digest(self, langs: bool = True) -> str | None:
        """A short digest of what the manifest says that changes a result, for the provenance
        signature; None when it says nothing. Not of its bytes: spacing, key order, the order
        of a pair, a pair given twice and a document entry without settings change no result.
        `langs=False` leaves the languages out (`--lang` overrides them)."""
        def pairs(given: tuple[tuple[str, str], ...]) -> list[list[str]]:
            return sorted({tuple(sorted(p)) for p in given})

        said = {"langs": sorted(self.langs.items()) if langs else [],
                "force": pairs(self.force_pairs), "forbid": pairs(self.forbid_pairs)}
        if not any(said.values()):
            return None
        return hashlib.sha256(json.dumps(said).encode()).hexdigest()[:12]

    def check_documents(self, ids: Collection[str], path: str | Path | None = None) -> None:
        """Every id named must be one of `ids`, the documents of the folder (known from the file
        names alone, so this runs before the articles are read); else an `InputError`."""
        for key, named in (("documents", self.documents),
                           ("pairs.force", [i for pair in self.force_pairs for i in pair]),
                           ("pairs.forbid", [i for pair in self.forbid_pairs for i in pair])):
            unknown = sorted(set(named) - set(ids))
            if unknown:
                raise InputError(f"{key}: no document {', '.join(unknown)} in the folder", path)


def read_manifest(path: str | Path) -> Manifest:
    """Parse and validate a manifest file; any problem is an `InputError` naming the file."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read manifest: {exc}", path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                         path) from None
    return parse_manifest(raw, path)


def parse_manifest(raw: Any, path: str | Path | None = None) -> Manifest:
    """Validate the JSON value of a manifest."""
    if not isinstance(raw, dict):
        raise InputError("manifest must be a JSON object", path)
    unknown = set(raw) - {"documents", "pairs"}
    if unknown:
        raise InputError(f"unknown manifest key(s): {', '.join(sorted(unknown))} "
                         "(expected 'documents', 'pairs')", path)
    documents = raw.get("documents", {})
    manifest = Manifest(
        langs=_parse_documents(documents, path),
        documents=tuple(documents),
        force_pairs=_parse_pairs(raw.get("pairs", {}), "force", path),
        forbid_pairs=_parse_pairs(raw.get("pairs", {}), "forbid", path),
    )
    clash = {frozenset(p) for p in manifest.force_pairs} & {frozenset(p)
                                                            for p in manifest.forbid_pairs}
    if clash:
        raise InputError("pairs.force and pairs.forbid both name the pair(s) "
                         + ", ".join(" ".join(pair) for pair in sorted(map(sorted, clash))), path)
    return manifest


def _parse_documents(documents: Any, path: str | Path | None) -> dict[str, str]:
    if not isinstance(documents, dict):
        raise InputError("'documents' must be an object of document id -> settings", path)
    langs: dict[str, str] = {}
    for doc_id, settings in documents.items():
        if not isinstance(settings, dict):
            raise InputError(f"documents.{doc_id} must be an object like {{\"lang\": \"fr\"}}",
                             path)
        unknown = set(settings) - set(DOCUMENT_KEYS)
        if unknown:
            expected = ", ".join(f"'{key}'" for key in DOCUMENT_KEYS)
            raise InputError(f"documents.{doc_id}: unknown key(s): {', '.join(sorted(unknown))} "
                             f"(expected {expected})", path)
        if "lang" in settings:
            value = settings["lang"]
            if not isinstance(value, str):
                # Said in JSON's terms (`null`, `true`), as the user wrote it, not Python's.
                raise InputError(f"documents.{doc_id}.lang: {json.dumps(value)} is not a "
                                 "language code (a string such as \"fr\")", path)
            langs[doc_id] = language_code(value, f"documents.{doc_id}.lang", path)
    return langs


def _parse_pairs(pairs: Any, key: str, path: str | Path | None) -> tuple[tuple[str, str], ...]:
    if not isinstance(pairs, dict):
        raise InputError("'pairs' must be an object with 'force' and/or 'forbid' lists", path)
    unknown = set(pairs) - {"force", "forbid"}
    if unknown:
        raise InputError(f"unknown key(s) in 'pairs': {', '.join(sorted(unknown))}", path)
    items = pairs.get(key, [])
    if not isinstance(items, list):
        raise InputError(f"pairs.{key} must be a list of [id, id] pairs", path)
    out: list[tuple[str, str]] = []
    for item in items:
        if (not isinstance(item, list) or len(item) != 2
                or not all(isinstance(i, str) for i in item) or item[0] == item[1]):
            raise InputError(f"pairs.{key} entries must be two different document ids, "
                             f"not {item!r}", path)
        out.append((item[0], item[1]))
    return tuple(out)
