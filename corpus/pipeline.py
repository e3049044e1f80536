"""The whole `corpus align` job as one typed function: read, translate (or load), pair, align,
link across languages, write.

`align_folder` does the I/O and returns an `AlignReport`; the steps it chains (`bind_aligner`,
`to_links`, `build_corpus`) are plain functions over records, tested on their own.
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from corpus.align import AlignSettings, align_sentences
from corpus.errors import InputError
from corpus.fileio import StagedFiles, check_folder, temporary_prefix
from corpus.language import UNDETERMINED
from corpus.model import (
    SCORE_BANDS,
    AlignedCorpus,
    Alignment,
    Bead,
    Document,
    Link,
    MachineTranslation,
    score_band,
)
from corpus.multilink import build_multilinks
from corpus.outputs import OutputManifest, digests, earlier_outputs, publish
from corpus.pair import Comparisons, PairDecision, PairSettings, Profiles, candidate_pairs
from corpus.pair.candidates import orient
from corpus.pair.decide import PairAligner, decide_screened, screen_candidates
from corpus.settings import creation_time, signature
from corpus.translate import TranslateSettings
from corpus.translate.workdir import MANIFEST, translations_used
from corpus.write import get_writer, write_formats, writer_names
from corpus.write.base import check_possible_outputs

if TYPE_CHECKING:  # corpus.read is imported where a folder is read (langid, nltk)
    from corpus.read import Manifest


@dataclass(frozen=True)
class OutputSettings:
    """What reaches the output files beyond the alignment itself."""

    SIGNATURE_PREFIX: ClassVar[str] = "out"

    min_score: float = 0.0  # links scoring below this are left out of every output
    regional_codes: bool = False  # TMX: ar-SA, fr-FR, en-US instead of ar, fr, en

    def __post_init__(self) -> None:
        """Scores are probabilities: a threshold outside 0..1 (or NaN) would keep all or none."""
        if not 0.0 <= self.min_score <= 1.0:  # False for NaN too
            raise ValueError(f"min score must be between 0 and 1, not {self.min_score}")


@dataclass(frozen=True)
class PairReport:
    """How one counterpart pair was aligned: what got linked, what was left alone, how surely."""

    alignment: Alignment
    dropped: int  # links under --min-score

    @property
    def scores(self) -> list[float]:
        return [link.score for link in self.alignment.links]

    @property
    def linked_source(self) -> int:
        return len(self.alignment.source.sentences) - len(self.alignment.unaligned_source)

    @property
    def linked_target(self) -> int:
        return len(self.alignment.target.sentences) - len(self.alignment.unaligned_target)

    def bands(self) -> dict[str, int]:
        counts = Counter(score_band(s) for s in self.scores)
        return {name: counts[name] for _, name in SCORE_BANDS}


@dataclass(frozen=True)
class AlignReport:
    """Everything a run made and decided, for the command to print."""

    corpus: AlignedCorpus
    decisions: tuple[PairDecision, ...]
    pairs: tuple[PairReport, ...]
    files: tuple[Path, ...]  # every file written, corpus-align.json last
    comparisons: Comparisons
    removed: tuple[Path, ...] = ()  # outputs of an earlier run that this run no longer makes
    errors: tuple[InputError, ...] = ()


def bind_aligner(translations: Sequence[MachineTranslation], settings: AlignSettings,
                 embeddings: Mapping[str, np.ndarray] | None = None) -> PairAligner:
    """A pair aligner that hands `align_sentences` the MT of each side into the other's language,
    and the sentence embeddings of both sides when `embeddings` (by document id) is given."""
    by_key = {(t.document_id, t.lang): t.sentences for t in translations}
    vectors = embeddings or {}

    def align(source: Document, target: Document) -> list[Bead]:
        return align_sentences(source.sentence_texts(), target.sentence_texts(),
                               src_lang=source.lang, tgt_lang=target.lang,
                               src_mt=by_key.get((source.id, target.lang)),
                               tgt_mt=by_key.get((target.id, source.lang)), settings=settings,
                               src_emb=vectors.get(source.id), tgt_emb=vectors.get(target.id))

    return align


def to_links(beads: Sequence[Bead], source: Document, target: Document) -> tuple[Link, ...]:
    """Index beads -> id links; 1-0 and 0-1 beads are not links (their sentences stay unaligned)."""
    src, tgt = source.sentences, target.sentences
    return tuple(Link(tuple(src[i].id for i in b.src), tuple(tgt[j].id for j in b.tgt), b.score)
                 for b in beads if b.is_link)


def _mt_by_sentence(document: Document, lang: str,
                    translations: Sequence[MachineTranslation]) -> dict[str, str]:
    for t in translations:
        if t.document_id == document.id and t.lang == lang:
            return {s.id: text for s, text in zip(document.sentences, t.sentences, strict=True)}
    return {}


def build_alignment(decision: PairDecision, translations: Sequence[MachineTranslation],
                    min_score: float) -> PairReport:
    """The `Alignment` of a counterpart pair, links under `min_score` dropped."""
    source, target = decision.source, decision.target
    links = to_links(decision.beads, source, target)
    kept = tuple(link for link in links if link.score >= min_score)
    alignment = Alignment(
        source, target, kept, decision.relation, round(decision.score, 6),
        source_mt=_mt_by_sentence(source, target.lang, translations),
        target_mt=_mt_by_sentence(target, source.lang, translations))
    return PairReport(alignment, len(links) - len(kept))


def build_corpus(documents: Sequence[Document], translations: Sequence[MachineTranslation],
                 decisions: Sequence[PairDecision], *, min_score: float, sign: str,
                 created: str) -> tuple[AlignedCorpus, list[PairReport]]:
    """Alignments of every counterpart pair, their cross-language links, and the corpus record."""
    reports = [build_alignment(d, translations, min_score) for d in decisions if d.counterpart]
    alignments = tuple(r.alignment for r in reports)
    corpus = AlignedCorpus(tuple(documents), alignments, sign, created, tuple(translations),
                           tuple(build_multilinks(alignments)))
    return corpus, reports


def identical_groups(documents: Sequence[Document]) -> list[list[str]]:
    """Ids of documents whose sentences are the same texts, in groups of two or more: one
    article saved twice (two names, two encodings, a link to it). Aligned with each other they
    fill a TMX with units that pair a sentence with itself."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for document in documents:
        groups.setdefault(tuple(document.sentence_texts()), []).append(document.id)
    return [ids for ids in groups.values() if len(ids) > 1]


def _given_pairs(manifest: Manifest | None, documents: Sequence[Document],
                 tell: Callable[[str], None]) -> tuple[list[tuple[str, str]],
                                                       list[tuple[str, str]]]:
    """The pairs to force and to forbid: the manifest's, and every two copies of one article
    (said to the user), unless the manifest forces them."""
    known = {d.id for d in documents}
    force = _read_pairs(manifest.force_pairs if manifest else (), known)
    forbid = _read_pairs(manifest.forbid_pairs if manifest else (), known)
    forced = {frozenset(p) for p in force}
    for ids in identical_groups(documents):
        left_out = [(a, b) for k, a in enumerate(ids) for b in ids[k + 1:]
                    if frozenset((a, b)) not in forced]
        if left_out:  # one line a group: thirty copies of one error page are one story
            shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
            tell(f"{shown} have the same text: not aligned with each other (corpus.json "
                 "pairs.force aligns two of them)")
            forbid.extend(left_out)
    return force, forbid


def _read_pairs(pairs: Sequence[tuple[str, str]], known: set[str]) -> list[tuple[str, str]]:
    """The manifest's pairs whose documents were read: `read_folder` has refused an id that is
    not in the folder, and the error of a file that failed to read is already reported."""
    return [p for p in pairs if p[0] in known and p[1] in known]


def resolve_translations(documents: Sequence[Document], out: Path, workdir: Path | None,
                         translate: bool, settings: TranslateSettings, *,
                         progress: bool = False) -> tuple[list[MachineTranslation], list[str]]:
    """Load MT from `workdir`, or make it when models are installed, or go MT-free.

    Returns the translations and one line per decision taken for the user.
    """
    from corpus.translate import available_routes, load_translations, translate_documents

    if workdir is not None:
        if not workdir.exists():
            raise InputError("translations folder does not exist", workdir)
        if not workdir.is_dir():
            raise InputError("translations must be the work directory of `corpus translate`, "
                             "not a file", workdir)
        if not (workdir / MANIFEST).is_file():
            # Aligning without MT here would look like a run that used the folder (the articles
            # folder given by mistake, or a translate run killed before its first file).
            raise InputError(f"no {MANIFEST}: not a work directory of `corpus translate`, or "
                             "one whose run has not finished a file yet", workdir)
        loaded = load_translations(workdir, documents)
        notes = [f"using {len(loaded)} machine translation(s) from {workdir}"]
        # Another folder's work directory, or a translate run stopped early, holds none for
        # some articles: they are aligned without MT, which the user should hear of.
        translated = {t.document_id for t in loaded}
        missing = [d.id for d in documents if d.id not in translated
                   and any(other.lang != d.lang for other in documents)]
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more"
                                              if len(missing) > 3 else "")
            notes.append(f"{len(missing)} of {len(documents)} article(s) have no translation in "
                         f"{workdir} and are aligned without MT from their side: {shown}")
        return loaded, notes
    # An undetermined language is no translation route (`read_folder` has warned about it).
    langs = sorted({d.lang for d in documents} - {UNDETERMINED})
    if not translate:
        return [], ["aligning without machine translation (--no-translate)"]
    if not langs:
        return [], ["aligning without machine translation: no article's language was "
                    "identified"]
    if len(langs) == 1:
        known = "every article" if len(langs) == len({d.lang for d in documents}) else (
            "every article whose language was identified")
        return [], [f"aligning without machine translation: {known} is in {langs[0]}"]
    plan = available_routes(langs, settings.pivot)
    if not plan.routes:
        return [], [f"aligning without machine translation: no models installed for "
                    f"{', '.join(langs)} (install with: {plan.install_command(langs)})"]
    target = out / "translations"
    report = translate_documents(documents, langs, target, settings, progress=progress)
    notes = [f"translated first ({report.sentences} sentence translation(s), "
             f"{report.cache_hits} from the cache) into {target}"]
    if not report.complete:
        pairs = ", ".join(f"{s}→{t}" for s, t in report.missing_pairs)
        notes.append(f"no models for {pairs}: those directions are aligned without MT")
    return load_translations(target, documents), notes


def decide_pairs(documents: Sequence[Document], mt: Sequence[MachineTranslation],
                 pairing: PairSettings, aligning: AlignSettings, *,
                 force: Sequence[tuple[str, str]], forbid: Sequence[tuple[str, str]],
                 embeddings: Mapping[str, np.ndarray] | None = None) -> list[PairDecision]:
    """Block, screen, align and decide. The profiles live only until the candidates are
    screened: on a large corpus they are hundreds of MB that neither the aligner nor the
    writers need."""
    profiles = Profiles(documents, mt)
    candidates = candidate_pairs(documents, profiles, pairing, force=force, forbid=forbid)
    screened = screen_candidates(candidates, profiles, pairing)
    del profiles
    return decide_screened(screened, bind_aligner(mt, aligning, embeddings), pairing)


def remove_stale_temporaries(files: Sequence[Path]) -> None:
    """Delete what a killed earlier run left of its atomic writes (`.NAME.*.tmp`) next to the
    files this run has just written: the finished files make them worthless."""
    for path in files:
        for stale in path.parent.glob(f"{glob.escape(temporary_prefix(path.name))}*.tmp"):
            stale.unlink(missing_ok=True)


def align_folder(folder: str | Path, out: str | Path, *, translations: str | Path | None = None,
                 translate: bool = True, formats: Sequence[str] = ("tmx", "tei", "xces", "html"),
                 strict: bool = False, lang: str | None = None,
                 output: OutputSettings | None = None, pairing: PairSettings | None = None,
                 aligning: AlignSettings | None = None,
                 translating: TranslateSettings | None = None, progress: bool = False,
                 on_note: Callable[[str], None] | None = None,
                 on_skipped: Callable[[InputError], None] | None = None,
                 embed: bool = False) -> AlignReport:
    """Run `corpus align FOLDER -o OUT`; the output files appear together, once all are written
    (`corpus.outputs.publish`). A run stopped before that leaves the outputs of an earlier run
    as they were, but not OUT/translations and OUT/embeddings: those caches are filled as the
    run goes, so that the next run resumes from them.

    `on_skipped` hears of each file that could not be read, as soon as the folder is read (the
    report lists them too). `on_note` hears, before the long work starts, how machine
    translation is handled, and at
    the end what blocking left uncompared and which outputs of an earlier run were removed (or
    kept, changed since; `corpus.outputs`). `embed` adds sentence embeddings (`corpus.embed`,
    cached in OUT/embeddings) to every pair's similarity.
    """
    from corpus.read import check_output_folder, read_folder

    output, pairing = output or OutputSettings(), pairing or PairSettings()
    aligning, translating = aligning or AlignSettings(), translating or TranslateSettings()
    unknown = [f for f in formats if f not in writer_names()]
    if unknown or not formats:
        raise InputError(f"unknown output format(s) {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(writer_names())}")
    out = Path(out)
    check_folder(out)
    created = creation_time()
    check_output_folder(Path(folder), out, "-o")
    earlier = earlier_outputs(out)
    result = read_folder(folder, lang=lang, strict=strict)
    skipped = on_skipped or (lambda error: None)
    for error in result.errors:
        skipped(error)
    documents = result.documents
    if len(documents) < 2:
        unread = (f"; {len(result.errors)} could not be read, first {result.errors[0]}"
                  if result.errors else "")
        raise InputError(f"need at least two readable articles to align, found "
                         f"{len(documents)}{unread}", folder)
    writers = []
    for name in dict.fromkeys(formats):  # `--formats xces,xces` writes the files once
        if name == "tmx" and output.regional_codes:
            from corpus.write.tmx import TmxWriter

            writers.append(TmxWriter(regional=True))
        else:
            writers.append(get_writer(name))
    tell = on_note or (lambda line: None)
    force, forbid = _given_pairs(result.manifest, documents, tell)
    # Output names come from document ids: a clash is found now, not after the long work.
    check_possible_outputs(writers, documents,
                           lambda a, b: orient(a, b, pairing.target_languages), out)
    mt, notes = resolve_translations(documents, out, None if translations is None
                                           else Path(translations), translate, translating,
                                           progress=progress)
    from corpus.embed import SentenceEmbedder, embed_documents

    embedder = SentenceEmbedder() if embed else None
    if embedder is not None:
        notes.append(f"sentence embeddings ({embedder.settings.model}) cached in "
                     f"{out / 'embeddings'}")
    for line in notes:
        tell(line)
    vectors = (embed_documents(documents, embedder, out / "embeddings", progress)
               if embedder is not None else None)
    decisions = decide_pairs(documents, mt, pairing, aligning, force=force, forbid=forbid,
                             embeddings=vectors)
    comparisons = Comparisons(len(documents), len(decisions), len({frozenset(p) for p in forbid}))
    settings = ([result.settings, pairing, aligning, output]
                + ([translations_used(mt)] if mt else [])
                + ([embedder.settings] if embedder is not None else []))
    corpus, reports = build_corpus(documents, mt, decisions, min_score=output.min_score,
                                   sign=signature(*settings), created=created)
    with StagedFiles() as staged:  # Ctrl-C or an error before `publish`: outputs as they were
        files = write_formats(writers, corpus, out, staged)
        record, cleanup = publish(out, staged, earlier, OutputManifest(
            created, corpus.signature, comparisons, len(reports), digests(staged)))
    files.append(record)
    remove_stale_temporaries([*files, *cleanup.removed])
    if comparisons.left_out:
        tell(f"{comparisons.left_out} of {comparisons.possible} document pair(s) never compared: "
             f"blocking keeps a document's {pairing.max_candidates} partners per language that "
             "share the most rare names, numbers and words (corpus.json pairs.force adds a pair)")
    if cleanup.removed:
        tell(f"removed {len(cleanup.removed)} file(s) an earlier run wrote to {out} that this run "
             "did not")
    if cleanup.kept:
        tell(f"kept {', '.join(p.name for p in cleanup.kept)}: written by an earlier run but "
             "changed since (not an output of this run)")
    if cleanup.backups:
        tell(f"moved aside {', '.join(p.name for p in cleanup.backups)}: a file of that name "
             "not written by an earlier run, or changed since, was in the way of this run's output")
    return AlignReport(corpus, tuple(decisions), tuple(reports), tuple(files), comparisons,
                       cleanup.removed, result.errors)
