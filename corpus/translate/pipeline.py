"""Translate a corpus: every document into every other target language, batched per model
across the whole corpus, cached, pivoting through English where no direct package exists."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus.fileio import check_folder
from corpus.language import UNDETERMINED
from corpus.model import Document
from corpus.settings import creation_time
from corpus.translate.cache import CachedTranslator, TranslationCache
from corpus.translate.engine import (
    PackageTranslator,
    PivotTranslator,
    Translator,
    resolve_device,
)
from corpus.translate.packages import InstalledPackage, installed_packages
from corpus.translate.routes import Route, plan_routes
from corpus.translate.settings import TranslateSettings
from corpus.translate.workdir import (
    FileRecord,
    source_digest,
    translation_file,
    write_translations,
)

CACHE_NAME = "cache.sqlite3"


@dataclass(frozen=True)
class Produced:
    document: str
    lang: str
    path: Path
    route: str


@dataclass(frozen=True)
class TranslationReport:
    """What a run produced, what it could not, and how to fix that."""

    produced: tuple[Produced, ...]
    missing_pairs: tuple[tuple[str, str], ...]
    missing_packages: tuple[str, ...]
    install_command: str | None
    translated: int = 0  # sentences decoded by a model in this run (pivot legs counted once)
    cache_hits: int = 0
    sentences: int = 0  # sentence translations delivered
    seconds: float = field(default=0.0, compare=False)
    notices: tuple[str, ...] = ()  # things to tell the user, e.g. a damaged cache was rebuilt

    @property
    def complete(self) -> bool:
        return not self.missing_pairs


def _jobs(documents: Sequence[Document], targets: Sequence[str]) -> dict[tuple[str, str],
                                                                          list[Document]]:
    """(source, target) -> the documents to translate that way. An undetermined language
    ("und") is neither: no model translates it, and asking to install one would be wrong."""
    jobs: dict[tuple[str, str], list[Document]] = {}
    for document in documents:
        if document.lang == UNDETERMINED:
            continue
        for target in dict.fromkeys(targets):
            if target not in (document.lang, UNDETERMINED):
                jobs.setdefault((document.lang, target), []).append(document)
    return jobs


@contextlib.contextmanager
def _progress_bar(enabled: bool, total: int, desc: str) -> Iterator[object]:
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit="sent", disable=not enabled, leave=False,
              dynamic_ncols=True) as bar:
        yield bar


def translate_documents(documents: Sequence[Document], targets: Sequence[str], workdir: Path,
                        settings: TranslateSettings, *, progress: bool = False,
                        cache_path: Path | None = None,
                        packages: Sequence[InstalledPackage] | None = None
                        ) -> TranslationReport:
    """Translate every document into each of `targets` other than its own language.

    Writes WORKDIR/<doc-id>.<lang>.txt and WORKDIR/manifest.json; pairs with no installed route
    are skipped and reported (the run still does everything else).
    """
    import time

    started = time.perf_counter()
    device = resolve_device(settings)  # fails here, before any work, if CUDA is unusable
    workdir = Path(workdir)
    check_folder(workdir)
    jobs = _jobs(documents, targets)
    plan = plan_routes(jobs, installed_packages() if packages is None else packages,
                       settings.pivot)
    langs = ({d.lang for d in documents} | set(targets)) - {UNDETERMINED}
    cache = TranslationCache(cache_path or workdir / CACHE_NAME)
    engines: dict[Path, Translator] = {}
    cached: list[CachedTranslator] = []
    produced: list[Produced] = []
    delivered = 0
    created = creation_time()  # SOURCE_DATE_EPOCH when set: TEI outputs quote it

    def leg(package: InstalledPackage, bar: object | None) -> CachedTranslator:
        if package.path not in engines:
            engines[package.path] = PackageTranslator(package, settings)
        wrapped = CachedTranslator(engines[package.path], cache,
                                   bar.update if bar is not None else None)
        cached.append(wrapped)
        return wrapped

    # Direct routes first, so a pivot's first leg (e.g. fr→en) is already in the cache.
    order = sorted(plan.routes.items(), key=lambda item: (len(item[1].hops), item[0]))
    try:
        for (source, target), route in order:
            docs = jobs[source, target]
            sentences = [s for d in docs for s in d.sentence_texts()]
            with _progress_bar(progress, len(sentences), f"{source}→{target}") as bar:
                translator = _route_translator(route, bar, leg)
                output = translator.translate_batch(sentences)
            delivered += len(sentences)
            items = []
            start = 0
            for document in docs:
                items.append((_record(document, target, route, settings, device, created),
                              output[start:start + len(document.sentences)]))
                start += len(document.sentences)
            write_translations(workdir, items)
            produced.extend(Produced(r.document, target, workdir / r.file, route.label)
                            for r, _ in items)
    finally:
        cache.close()
    return TranslationReport(
        produced=tuple(produced), missing_pairs=plan.missing,
        missing_packages=plan.missing_packages,
        install_command=plan.install_command(langs),
        translated=sum(c.translated for c in cached), cache_hits=sum(c.hits for c in cached),
        sentences=delivered, seconds=time.perf_counter() - started,
        notices=tuple(cache.notices))


def _route_translator(route: Route, bar: object,
                      leg: Callable[[InstalledPackage, object | None], Translator]
                      ) -> Translator:
    if len(route.hops) == 1:
        return leg(route.hops[0], bar)
    return PivotTranslator(leg(route.hops[0], None), leg(route.hops[1], bar))


def _record(document: Document, target: str, route: Route, settings: TranslateSettings,
            device: tuple[str, str], created: str) -> FileRecord:
    options = dict(settings.output_options())
    options.update(device=device[0], compute_type=device[1])
    return FileRecord(
        file=translation_file(document.id, target), document=document.id,
        source_lang=document.lang, lang=target, sentences=len(document.sentences),
        source_sha256=source_digest(document),
        models=tuple({"name": h.name, "version": h.version, "path": str(h.path)}
                     for h in route.hops),
        route=route.label, options=options, created=created)
