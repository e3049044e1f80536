"""The output folder of `corpus align`: `corpus-align.json` records what a run wrote there.

A run into a folder that an earlier run wrote reads that record and, once its own outputs are
written, removes the files the earlier run wrote that it did not (a pair no longer linked, a
format no longer asked for), so the folder holds one run's outputs and nothing stale. Only files
the record lists are removed, and only while their bytes are still the ones written then: a file
a person put there or edited since is kept, as are the `translations/` and `embeddings/` caches
(never listed). The record is written last, after the removal, so a run killed at any point
leaves a record that still lists every output of a finished run left in the folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import CorpusError, InputError
from corpus.fileio import write_text_atomic
from corpus.pair import Comparisons

OUTPUT_MANIFEST = "corpus-align.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class OutputManifest:
    """What one run wrote into its output folder, and how many document pairs it compared."""

    created: str
    signature: str
    comparisons: Comparisons
    counterparts: int
    files: Mapping[str, str]  # file name -> SHA-256 of the bytes written


@dataclass(frozen=True)
class Cleanup:
    """The files of an earlier run that this run removed, and those kept as changed since."""

    removed: tuple[Path, ...] = ()
    kept: tuple[Path, ...] = ()


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks (a TEI file of a large corpus is tens of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plain_name(name: str) -> bool:
    """A file name directly in the output folder: no separator, no `..`, not the record itself."""
    return (name not in ("", ".", "..", OUTPUT_MANIFEST) and Path(name).name == name
            and "\\" not in name)


def earlier_outputs(out: Path) -> dict[str, str]:
    """`file name -> SHA-256` of what the last run into `out` wrote; {} when none recorded any.

    Read before the long work, so a damaged record stops the run before anything is written.
    """
    path = out / OUTPUT_MANIFEST
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the record of an earlier run ({exc}); delete it to "
                         "write here", path) from None
    files = raw.get("files") if isinstance(raw, dict) else None
    if not isinstance(files, dict) or not all(
            isinstance(name, str) and _plain_name(name) and isinstance(digest, str)
            for name, digest in files.items()):
        raise InputError("not a record of corpus align (no 'files' of names and digests); "
                         "delete it to write here", path)
    return files


def remove_earlier_outputs(out: Path, earlier: Mapping[str, str],
                           written: Collection[str]) -> Cleanup:
    """Remove what the earlier run wrote (`earlier`) that this run did not (`written`, names),
    unless it changed since."""
    removed, kept = [], []
    for name, digest in sorted(earlier.items()):
        path = out / name
        if name in written or path.is_symlink() or not path.is_file():
            continue
        if file_digest(path) != digest:
            kept.append(path)
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise CorpusError(f"cannot remove an earlier output: {exc.strerror or exc}",
                              path) from exc
        removed.append(path)
    return Cleanup(tuple(removed), tuple(kept))


def write_output_manifest(out: Path, manifest: OutputManifest) -> Path:
    """Write `corpus-align.json` atomically; its bytes depend only on the run (sorted names)."""
    comparisons = manifest.comparisons
    record = {
        "version": MANIFEST_VERSION,
        "created": manifest.created,
        "signature": manifest.signature,
        "pairs": {"documents": comparisons.documents, "possible": comparisons.possible,
                  "compared": comparisons.compared, "forbidden": comparisons.forbidden,
                  "left_out_by_blocking": comparisons.left_out,
                  "counterparts": manifest.counterparts},
        "files": dict(sorted(manifest.files.items())),
    }
    path = out / OUTPUT_MANIFEST
    write_text_atomic(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return path


def digests(files: Sequence[Path]) -> dict[str, str]:
    """`file name -> SHA-256` of files just written into one folder."""
    return {path.name: file_digest(path) for path in files}
