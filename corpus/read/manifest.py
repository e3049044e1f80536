"""The optional `corpus.json` manifest of an input folder: what the user knows better than we do.

    {"documents": {"002_f33": {"lang": "fr"}},
     "pairs": {"force": [["003", "004"]], "forbid": [["000", "001"]]}}

`documents.<id>.lang` overrides language identification; `pairs.force`/`pairs.forbid` are for
document pairing. Everything is validated here, so a typo is one clear error naming the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import InputError
from corpus.language import language_code

MANIFEST_NAME = "corpus.json"


@dataclass(frozen=True)
class Manifest:
    """A parsed, validated manifest."""

    langs: dict[str, str] = field(default_factory=dict)
    force_pairs: tuple[tuple[str, str], ...] = ()
    forbid_pairs: tuple[tuple[str, str], ...] = ()


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
    return Manifest(
        langs=_parse_documents(raw.get("documents", {}), path),
        force_pairs=_parse_pairs(raw.get("pairs", {}), "force", path),
        forbid_pairs=_parse_pairs(raw.get("pairs", {}), "forbid", path),
    )


def _parse_documents(documents: Any, path: str | Path | None) -> dict[str, str]:
    if not isinstance(documents, dict):
        raise InputError("'documents' must be an object of document id -> settings", path)
    langs: dict[str, str] = {}
    for doc_id, settings in documents.items():
        if not isinstance(settings, dict):
            raise InputError(f"documents.{doc_id} must be an object like {{\"lang\": \"fr\"}}",
                             path)
        if "lang" in settings:
            langs[doc_id] = language_code(settings["lang"], f"documents.{doc_id}.lang", path)
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
