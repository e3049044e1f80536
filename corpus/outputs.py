"""The output folder of `corpus align`: `corpus-align.json` records what a run wrote there.

A run into a folder that an earlier run wrote reads that record and, once its own outputs are
in place, removes the files the earlier run wrote that it did not (a pair no longer linked, a
format no longer asked for), so the folder holds one run's outputs and nothing stale. Only files
the record lists are removed, and only while their bytes are still the ones written then: a file
a person put there or edited since is kept, as are the `translations/` and `embeddings/` caches
(never listed).

Every output and the record are first written in full under temporary names (`StagedFiles`);
only then are the outputs renamed into place, the stale ones removed and the record renamed
last (`publish`). A run stopped while writing leaves the outputs and the record as they were
(not the caches: they are filled earlier, and what it added to them stays for the next run to
resume from); one killed among the renames leaves the old record, which still lists every output
of a finished run left in the folder, and `.corpus-align.pending.json`, the digests it was
renaming in (written before the first rename, removed after the record's), so the next run knows
those files as outputs too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from corpus.errors import CorpusError, InputError
from corpus.fileio import StagedFiles, write_text_atomic
from corpus.pair import Comparisons

OUTPUT_MANIFEST = "corpus-align.json"
PENDING = ".corpus-align.pending.json"  # the files a run is renaming in, until its record is
# Accepted digests per file name: the record's, and a run's killed among its renames.
Earlier = Mapping[str, frozenset[str]]
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
    """The files of an earlier run that this run removes (or removed), those kept as changed
    since, and the changed files it would replace, moved aside."""

    removed: tuple[Path, ...] = ()
    kept: tuple[Path, ...] = ()
    backups: tuple[Path, ...] = ()  # files this run would have replaced, moved aside


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


def earlier_outputs(out: Path) -> dict[str, frozenset[str]]:
    """`file name -> SHA-256s` of what earlier runs into `out` wrote: the last record's, and a
    killed run's pending renames; {} when none recorded any.

    Read before the long work, so a damaged record stops the run before anything is written.
    """
    out_files: dict[str, set[str]] = {}
    for name in (OUTPUT_MANIFEST, PENDING):
        for file, digest in _recorded_files(out / name).items():
            out_files.setdefault(file, set()).add(digest)
    return {name: frozenset(found) for name, found in out_files.items()}


def _recorded_files(path: Path) -> dict[str, str]:
    """The `files` of a record (or of a pending list) at `path`; {} when there is none."""
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


def plan_cleanup(out: Path, earlier: Earlier, written: Collection[str]) -> Cleanup:
    """What the earlier run wrote (`earlier`) that this run does not (`written`, names): to
    remove, or to keep if it changed since.

    Decided before any output is renamed into place, so that the digests of large stale files
    are not read between the renames.
    """
    remove, kept = [], []
    for name, digests_then in sorted(earlier.items()):
        path = out / name
        if name in written or path.is_symlink() or not path.is_file():
            continue
        (remove if file_digest(path) in digests_then else kept).append(path)
    return Cleanup(tuple(remove), tuple(kept))


def remove_earlier_outputs(plan: Cleanup) -> Cleanup:
    """Remove the files `plan` (`plan_cleanup`) names; one already gone is not counted."""
    removed = []
    for path in plan.removed:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise CorpusError(f"cannot remove an earlier output: {exc.strerror or exc}",
                              path) from exc
        removed.append(path)
    return Cleanup(tuple(removed), plan.kept)


def write_output_manifest(out: Path, manifest: OutputManifest, stage: StagedFiles) -> Path:
    """Write `corpus-align.json` to `stage`; its bytes depend only on the run (sorted names)."""
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
    with stage.open(path) as handle:
        handle.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return path


def digests(stage: StagedFiles) -> dict[str, str]:
    """`file name -> SHA-256` of the files written to `stage`, read from their temporary files."""
    return {path.name: file_digest(temporary) for path, temporary in stage.pending.items()}


def _back_up_foreign_files(out: Path, earlier: Earlier,
                           written: Collection[str]) -> tuple[Path, ...]:
    """Move aside, as `NAME.~N~` (the first N free, as `cp --backup=numbered` names them), each
    file this run would replace that the earlier run's record does not list as it is now: the
    user's own file of that name, an output edited since (a TMX corrected in a CAT tool), or
    one renamed in by a run killed before its record. Nothing the user wrote is overwritten.
    Returns the backups."""
    backups = []
    for name in sorted(written):
        path = out / name
        if path.is_symlink() or not path.is_file() or file_digest(path) in earlier.get(name, ()):
            continue
        number = 1
        while (out / f"{name}.~{number}~").exists():
            number += 1
        backup = out / f"{name}.~{number}~"
        try:
            path.rename(backup)
        except OSError as exc:
            raise CorpusError(f"cannot move aside a file changed since: {exc.strerror or exc}",
                              path) from exc
        backups.append(backup)
    return tuple(backups)


def publish(out: Path, outputs: StagedFiles, earlier: Earlier,
            manifest: OutputManifest) -> tuple[Path, Cleanup]:
    """Put a run's written `outputs` in place: move aside what is in their way and no earlier
    run wrote as it is, list them as pending, rename them in, remove the earlier run's stale
    outputs (`earlier`), then rename in the new record, written beforehand.

    Nothing in the folder changes until every file is complete; the record goes last, so a run
    killed among the renames leaves the old one, which lists everything it may have left.
    Returns the record's path and what was removed or kept.
    """
    plan = plan_cleanup(out, earlier, manifest.files)
    with StagedFiles() as record:
        path = write_output_manifest(out, manifest, record)
        backups = _back_up_foreign_files(out, earlier, manifest.files)
        # What is about to be renamed in, for the next run if this one is killed among the
        # renames (a file it leaves then matches no record: it would be taken for the user's).
        write_text_atomic(out / PENDING, json.dumps({"files": dict(sorted(
            manifest.files.items()))}, indent=1) + "\n")
        outputs.commit()
        cleanup = remove_earlier_outputs(plan)
        record.commit()
    (out / PENDING).unlink(missing_ok=True)
    return path, replace(cleanup, backups=backups)
