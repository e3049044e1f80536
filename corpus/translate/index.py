"""The Argos package index: which downloads make a set of languages translatable both ways.

The index, download and its cache are argostranslate's (`update_package_index`,
`get_available_packages`, `AvailablePackage.download`); installing goes through
`corpus.translate.packages.install_from_file` (validated, atomic). argostranslate reports network
failures only through its logger, so they are detected here and turned into one clear error.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.errors import ModelError
from corpus.translate.packages import InstalledPackage, install_from_file, package_name
from corpus.translate.routes import find_route

OFFLINE_HINT = ("download the .argosmodel files elsewhere (https://www.argosopentech.com/argospm/"
                "index/) and install each with: corpus models install --file FILE.argosmodel")


@dataclass(frozen=True)
class DownloadPlan:
    """Packages to fetch (argostranslate `AvailablePackage`s) and pairs nothing can cover."""

    downloads: tuple[Any, ...]
    impossible: tuple[tuple[str, str], ...]


@contextlib.contextmanager
def _quiet_argos() -> Iterator[None]:
    """argostranslate logs each failed request; we report the failure ourselves, once."""
    logger = logging.getLogger("argostranslate.utils")
    handler = logging.NullHandler()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def fetch_index() -> list[Any]:
    """The available packages, from a freshly downloaded index (ModelError when unreachable)."""
    from argostranslate import package, settings

    index = Path(settings.local_package_index)
    before = index.stat().st_mtime_ns if index.exists() else None
    with _quiet_argos():
        package.update_package_index()
    after = index.stat().st_mtime_ns if index.exists() else None
    if after is None or after == before:
        raise ModelError(f"cannot reach the Argos package index ({settings.remote_package_index})"
                         f"; {OFFLINE_HINT}")
    try:
        return package.get_available_packages()
    except (OSError, ValueError) as exc:
        raise ModelError(f"the Argos package index cannot be read: {exc}", index) from exc


def plan_downloads(langs: Sequence[str], available: Sequence[Any],
                   installed: Sequence[InstalledPackage], pivot: str = "en") -> DownloadPlan:
    """For every ordered pair of `langs` not yet routable: the direct package if the index has
    it, else the missing legs through `pivot`. Pure: packages in, plan out."""
    offered = {(p.from_code, p.to_code): p for p in available
               if getattr(p, "type", "translate") == "translate"}
    have = {(p.source, p.target) for p in installed}
    chosen: dict[tuple[str, str], Any] = {}
    impossible: list[tuple[str, str]] = []
    for source in dict.fromkeys(langs):
        for target in dict.fromkeys(langs):
            if source == target or find_route(source, target, installed, pivot):
                continue
            if (source, target) in offered:
                chosen[source, target] = offered[source, target]
                continue
            legs = [(source, pivot), (pivot, target)]
            if pivot in (source, target) or not all(leg in offered or leg in have
                                                     for leg in legs):
                impossible.append((source, target))
                continue
            chosen.update({leg: offered[leg] for leg in legs if leg not in have})
    return DownloadPlan(tuple(chosen.values()), tuple(impossible))


def _download_failure(exc: Exception) -> bool:
    """Whether `AvailablePackage.download` failed for want of network or disk: argostranslate
    logs network errors and raises a plain `Exception` ("Download failed for ..."); writing the
    file raises `OSError`, as would a network error it let through. Anything else is a bug."""
    return isinstance(exc, OSError) or type(exc) is Exception


def install_languages(langs: Sequence[str], installed: Sequence[InstalledPackage],
                      pivot: str = "en") -> tuple[list[InstalledPackage], DownloadPlan]:
    """Download and install what `langs` need; returns what was installed and the plan."""
    plan = plan_downloads(langs, fetch_index(), installed, pivot)
    done: list[InstalledPackage] = []
    for available in plan.downloads:
        name = package_name(available.from_code, available.to_code)
        with _quiet_argos():
            try:
                path = available.download()
            except Exception as exc:
                if not _download_failure(exc):
                    raise
                raise ModelError(f"cannot download {name}: {exc}; {OFFLINE_HINT}") from None
        done.append(install_from_file(path))
    return done, plan
