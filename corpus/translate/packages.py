"""Installed Argos Translate packages: find, validate, install from a file, remove.

Packages live where every Argos tool finds them (argostranslate's packages folder, which
`ARGOS_PACKAGES_DIR` overrides). argostranslate's own `install_from_path`/`uninstall` import
`argostranslate.translate` (stanza, torch) and extract zips unchecked, so installing and removing
are done here: a package is validated, extracted beside the folder and renamed into it, so it
appears whole or not at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from corpus.errors import InputError, ModelError

TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
# What a damaged zip raises while a member is read: a bad CRC or header, bad deflate data, a
# member cut short. `is_zipfile` only looks at the central directory, so these come later.
_DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError)
MAX_UNPACKED_BYTES = 8 * 1024**3
# A code as package metadata may give it: lenient, a package from elsewhere may differ in case.
_CODE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")
# A language as a user asks Argos for it (`en`, `ast`, `pt_BR`, `zh-Hant`): `models install`.
_ARGOS_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?")
_NAME_CODES = re.compile(r"translate-([A-Za-z_]+?)_([A-Za-z]+?)(?:-|\.|$)")


@dataclass(frozen=True)
class InstalledPackage:
    """One installed translation package."""

    source: str
    target: str
    version: str
    path: Path
    size_bytes: int
    target_prefix: str = ""

    @property
    def name(self) -> str:
        """The argospm name, e.g. `translate-fr_en`."""
        return package_name(self.source, self.target)

    @property
    def model_dir(self) -> Path:
        return self.path / "model"


def package_name(source: str, target: str) -> str:
    return f"translate-{source}_{target}"


def is_argos_language(code: str) -> bool:
    """Whether `code` can name a language of the Argos index (`corpus models install LANG`)."""
    return bool(_ARGOS_LANGUAGE.fullmatch(code))


def _xdg_dir(variable: str, *default: str) -> Path:
    """An XDG base folder: the variable if set and not empty (as the XDG spec says), else the
    default under the home folder (Snap's own home inside a snap, as argostranslate does)."""
    value = os.environ.get(variable)
    if value:
        return Path(value)
    home = os.environ.get("SNAP_USER_DATA") if "SNAP" in os.environ else None
    return Path(home or Path.home(), *default)


def packages_dir() -> Path:
    """argostranslate's packages folder, found as argostranslate finds it: `ARGOS_PACKAGES_DIR`
    from the environment, else from its settings.json, else its data folder's `packages`.

    Worked out here, not read from `argostranslate.settings`: importing that module creates
    five folders under $HOME (and one in the current folder when XDG_DATA_HOME is empty), which
    `corpus models list` or an align run without models must not do.
    """
    override = os.environ.get("ARGOS_PACKAGES_DIR")
    if override:
        return Path(override)
    settings_file = _xdg_dir("XDG_CONFIG_HOME", ".config") / "argos-translate" / "settings.json"
    try:
        configured = json.loads(settings_file.read_text(encoding="utf-8")).get("ARGOS_PACKAGES_DIR")
    except (OSError, ValueError, AttributeError):
        configured = None  # no settings file, or one argostranslate would not read either
    if isinstance(configured, str) and configured:
        return Path(configured)
    return _xdg_dir("XDG_DATA_HOME", ".local", "share") / "argos-translate" / "packages"


def package_tokenizer(package: InstalledPackage) -> Any:
    """The package's argostranslate tokenizer, chosen as its `Package` class chooses (the
    SentencePiece model before a BPE one), without importing `argostranslate.package`: that
    imports `argostranslate.settings`, which creates folders under $HOME."""
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    sentencepiece = package.path / TOKENIZER_FILES[0]
    if sentencepiece.exists():
        return SentencePieceTokenizer(sentencepiece)
    return BPETokenizer(package.path / TOKENIZER_FILES[1], package.source, package.target)


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _read_package(folder: Path) -> InstalledPackage | str:
    """The package in `folder`, or why it is not a usable translation package.

    A folder with metadata but no model (a half-finished copy, a model deleted by hand) must not
    count as installed: it would win the route over a sound package and fail only at
    translation time.
    """
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "no metadata.json"
    except OSError as exc:
        return f"metadata.json cannot be read ({exc.strerror or exc})"
    except ValueError:
        return "metadata.json is not valid JSON"
    if not isinstance(metadata, dict) or metadata.get("type", "translate") != "translate":
        return "not a translation package"
    source, target = metadata.get("from_code"), metadata.get("to_code")
    if not (isinstance(source, str) and isinstance(target, str)):
        return "metadata.json has no from_code/to_code"
    if not (folder / "model" / "model.bin").is_file():
        return "no model/model.bin"
    if not any((folder / t).is_file() for t in TOKENIZER_FILES):
        return f"no tokenizer ({' or '.join(TOKENIZER_FILES)})"
    return InstalledPackage(source=source, target=target,
                            version=str(metadata.get("package_version", "")), path=folder,
                            size_bytes=_folder_size(folder),
                            target_prefix=str(metadata.get("target_prefix", "") or ""))


def _package_folders(directory: Path | None) -> list[tuple[Path, InstalledPackage | str]]:
    """Every visible folder of the packages folder, with its package or why it is unusable."""
    root = directory or packages_dir()
    if not root.is_dir():
        return []
    return [(p, _read_package(p)) for p in sorted(root.iterdir())
            if p.is_dir() and not p.name.startswith(".")]


def installed_packages(directory: Path | None = None) -> list[InstalledPackage]:
    """Translation packages installed in `directory` (default: the Argos packages folder)."""
    return [p for _, p in _package_folders(directory) if isinstance(p, InstalledPackage)]


def unusable_folders(directory: Path | None = None) -> list[tuple[Path, str]]:
    """Folders of the packages folder that are not usable packages, with the reason: `models
    list` names them, since they are skipped everywhere else."""
    return [(folder, p) for folder, p in _package_folders(directory) if isinstance(p, str)]


@dataclass(frozen=True)
class PackageSelection:
    """What names given to `corpus models remove` pick out of the packages folder."""

    packages: tuple[InstalledPackage, ...]
    unusable: tuple[Path, ...]  # folders `unusable_folders` names
    unknown: tuple[str, ...]  # names that pick nothing


def find_packages(names: Sequence[str], directory: Path | None = None) -> PackageSelection:
    """The packages and unusable folders that `names` pick: a package by `translate-fr_en`,
    `fr_en`, `fr-en` or its folder name, an unusable folder by its name. Each is picked once,
    however many names pick it."""
    packages: dict[Path, InstalledPackage] = {}
    unusable: dict[Path, None] = {}
    unknown = []
    folders = _package_folders(directory)
    for name in names:
        wanted = name.removeprefix("translate-").replace("-", "_")
        picked = [(folder, p) for folder, p in folders
                  if folder.name == name or (isinstance(p, InstalledPackage)
                                             and f"{p.source}_{p.target}" == wanted)]
        if not picked:
            unknown.append(name)
        for folder, p in picked:
            if isinstance(p, InstalledPackage):
                packages[folder] = p
            else:
                unusable[folder] = None
    return PackageSelection(tuple(packages.values()), tuple(unusable), tuple(unknown))


def _member_path(info: zipfile.ZipInfo, archive: Path) -> PurePosixPath:
    name = info.filename
    path = PurePosixPath(name)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        raise InputError(f"refusing archive member with an absolute path: {name!r}", archive)
    if ".." in path.parts:
        raise InputError(f"refusing archive member that leaves its folder: {name!r}", archive)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InputError(f"refusing archive member that is a symbolic link: {name!r}", archive)
    return path


def validate_archive(archive: Path) -> tuple[str, dict]:
    """Check an `.argosmodel` and return (its one top folder, its metadata).

    Refuses: not a zip, absolute/`..`/symlink members, several top folders, no or bad
    `metadata.json`, no `model/model.bin`, no tokenizer, and metadata that contradicts the
    package's own name.
    """
    if archive.is_dir():
        raise InputError("is a folder; expected a downloaded .argosmodel file (a zip archive)",
                         archive)
    if not archive.is_file():
        raise InputError("no such file", archive)
    if not zipfile.is_zipfile(archive):
        raise InputError("not an Argos package (.argosmodel must be a zip archive)", archive)
    try:
        return _validate_zip(archive)
    except _DAMAGED_ZIP as exc:
        raise _damaged(exc, archive) from None


def _damaged(exc: Exception, archive: Path) -> InputError:
    return InputError(f"damaged archive ({exc}); download it again", archive)


def _validate_zip(archive: Path) -> tuple[str, dict]:
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        paths = [_member_path(i, archive) for i in infos]
        tops = {p.parts[0] for p in paths if p.parts}
        if len(tops) != 1 or any(len(p.parts) == 1 and not i.is_dir()
                                 for p, i in zip(paths, infos, strict=True)):
            raise InputError("an Argos package must hold exactly one top folder "
                             f"(found: {', '.join(sorted(tops)) or 'nothing'})", archive)
        top = tops.pop()
        if top.startswith("."):  # every Argos tool skips hidden folders: installed, never seen
            raise InputError(f"the package's top folder {top!r} is hidden", archive)
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise InputError("refusing archive that unpacks to more than 8 GB", archive)
        names = {str(p) for p in paths}
        try:
            metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
        except KeyError:
            raise InputError(f"no {top}/metadata.json in the package", archive) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{top}/metadata.json is not valid JSON: {exc}", archive) from None
    _check_metadata(metadata, top, archive)
    if f"{top}/model/model.bin" not in names:
        raise InputError(f"no CTranslate2 model ({top}/model/model.bin) in the package", archive)
    if not any(f"{top}/{t}" in names for t in TOKENIZER_FILES):
        raise InputError(f"no tokenizer ({' or '.join(TOKENIZER_FILES)}) in {top}/", archive)
    return top, metadata


def _check_metadata(metadata: object, top: str, archive: Path) -> None:
    if not isinstance(metadata, dict):
        raise InputError("metadata.json must hold a JSON object", archive)
    if metadata.get("type", "translate") != "translate":
        raise InputError(f"not a translation package (type {metadata.get('type')!r})", archive)
    source, target = metadata.get("from_code"), metadata.get("to_code")
    for key, code in (("from_code", source), ("to_code", target)):
        if not isinstance(code, str) or not _CODE.match(code):
            raise InputError(f"metadata.json has no valid {key} (got {code!r})", archive)
    if source == target:
        raise InputError(f"metadata.json says it translates {source} into itself", archive)
    for key in ("package_version", "target_prefix"):  # a prefix is forced on every output
        if metadata.get(key) is not None and not isinstance(metadata[key], str):
            raise InputError(f"metadata.json has a {key} that is not a string "
                             f"(got {metadata[key]!r})", archive)
    for label in (top, archive.name):
        named = _NAME_CODES.search(label)
        if named and (named.group(1), named.group(2)) != (source, target):
            raise InputError(f"metadata.json says {source}→{target} but the package is named "
                             f"{label!r}", archive)


def install_from_file(archive: str | Path, directory: Path | None = None) -> InstalledPackage:
    """Validate `archive` and install it atomically; an installed older copy is replaced."""
    archive = Path(archive)
    top, _ = validate_archive(archive)
    root = directory or packages_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".corpus-install-", dir=root.parent))
    except OSError as exc:
        raise ModelError(f"cannot write the packages folder: {exc.strerror or exc}",
                         root) from exc
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        package = _read_package(staging / top)
        if isinstance(package, str):
            raise InputError(f"unusable after extraction: {package}", archive)
        final = root / top
        old = staging / ".replaced"
        if final.exists():
            final.rename(old)
        (staging / top).rename(final)
    except _DAMAGED_ZIP as exc:
        raise _damaged(exc, archive) from None
    except OSError as exc:
        raise ModelError(f"cannot install the package: {exc.strerror or exc}", archive) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return replace(package, path=final)


def remove_package(package: InstalledPackage) -> None:
    """Remove an installed package; it disappears at once (renamed away, then deleted)."""
    remove_folder(package.path)


def remove_folder(folder: Path) -> None:
    """Remove a folder of the packages folder, a package or one `unusable_folders` names: it
    disappears at once (renamed to a hidden name, which every listing skips, then deleted)."""
    doomed = folder.with_name(f".corpus-remove-{folder.name}")
    try:
        folder.rename(doomed)
    except OSError as exc:
        raise ModelError(f"cannot remove the package: {exc.strerror or exc}", folder) from exc
    shutil.rmtree(doomed, ignore_errors=True)
