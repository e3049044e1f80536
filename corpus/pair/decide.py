"""The counterpart decision: parallel, comparable (part of the story) or unrelated.

Two signals, each cheap where it must be: the document similarity of `profile` screens every
candidate pair twice, against its threshold and (`margin`) against the document's other
candidates, and alone decides comparable vs unrelated; only pairs that pass both screens are
sentence-aligned, the expensive step. The alignment then says how much of each side is covered by
confident links; that is what makes a pair *parallel*. The beads are kept, so a counterpart pair
is never aligned twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corpus.model import Bead, Document, PairRelation
from corpus.pair.candidates import Candidate
from corpus.pair.margin import stands_out
from corpus.pair.profile import ANCHORS, Profiles
from corpus.pair.settings import PairSettings

# Aligns a (source, target) document pair; the pipeline binds machine translations into it.
PairAligner = Callable[[Document, Document], Sequence[Bead]]


@dataclass(frozen=True)
class PairDecision:
    """What pairing concluded about one document pair, with the evidence."""

    source: Document
    target: Document
    similarity: float
    evidence: str  # the strongest kind: same-language, mt, or anchors (MT-free, across languages)
    relation: PairRelation
    beads: tuple[Bead, ...] = ()  # empty when the pair was not aligned
    coverage_source: float = 0.0
    coverage_target: float = 0.0
    forced: bool = False

    @property
    def counterpart(self) -> bool:
        return self.relation is not PairRelation.UNRELATED

    @property
    def score(self) -> float:
        """One number for the pair: its similarity, or for a counterpart its mean coverage if that
        is higher (coverage alone proves nothing about an unrelated pair)."""
        if not self.counterpart:
            return self.similarity
        return max(self.similarity, (self.coverage_source + self.coverage_target) / 2)


def threshold(evidence: str, settings: PairSettings) -> float:
    """Similarity from which a pair is comparable; word overlap and anchor overlap differ in
    scale (two articles on one topic share many words but few names and figures)."""
    return settings.anchor_similarity if evidence == ANCHORS else settings.word_similarity


def coverage(beads: Sequence[Bead], n_source: int, n_target: int,
             confident: float) -> tuple[float, float, int]:
    """Share of each side's sentences in links scoring at least `confident`, and their count."""
    links = [b for b in beads if b.is_link and b.score >= confident]
    src = len({i for b in links for i in b.src})
    tgt = len({j for b in links for j in b.tgt})
    return src / max(1, n_source), tgt / max(1, n_target), len(links)


@dataclass(frozen=True)
class Measured:
    """The strongest kind of evidence for a pair, its similarity and that kind's threshold."""

    evidence: str
    similarity: float
    limit: float

    @property
    def strength(self) -> float:
        return self.similarity / self.limit


def measure(candidate: Candidate, profiles: Profiles, settings: PairSettings) -> Measured:
    """Each kind of evidence is measured against its own threshold; the strongest one speaks."""
    found = profiles.similarity(candidate.source, candidate.target)
    evidence = max(found, key=lambda kind: found[kind] / threshold(kind, settings))
    return Measured(evidence, found[evidence], threshold(evidence, settings))


def judge(candidate: Candidate, measured: Measured, aligner: PairAligner,
          settings: PairSettings, *, distinct: bool = True) -> PairDecision:
    """Screen (absolutely, and relatively: `distinct` false), align what passes or is
    forced, classify by coverage."""
    source, target = candidate.source, candidate.target
    similarity, limit, evidence = measured.similarity, measured.limit, measured.evidence
    if (similarity < limit * settings.screen or not distinct) and not candidate.forced:
        return PairDecision(source, target, similarity, evidence, PairRelation.UNRELATED)
    beads = tuple(aligner(source, target))
    cov_src, cov_tgt, links = coverage(beads, len(source.sentences), len(target.sentences),
                                       settings.confident_link)
    if min(cov_src, cov_tgt) >= settings.parallel_coverage and links >= settings.min_links:
        relation = PairRelation.PARALLEL
    elif similarity >= limit or candidate.forced:
        relation = PairRelation.COMPARABLE
    else:
        relation = PairRelation.UNRELATED
    return PairDecision(source, target, similarity, evidence, relation,
                        beads if relation is not PairRelation.UNRELATED else (),
                        cov_src, cov_tgt, candidate.forced)


def decide(candidate: Candidate, profiles: Profiles, aligner: PairAligner,
           settings: PairSettings) -> PairDecision:
    """One pair on its own: the similarity screen, alignment, coverage (no relative screen)."""
    return judge(candidate, measure(candidate, profiles, settings), aligner, settings)


# A candidate with its measured evidence and whether it passed the relative screen.
Screened = tuple[Candidate, Measured, bool]


def screen_candidates(candidates: Sequence[Candidate], profiles: Profiles,
                      settings: PairSettings) -> list[Screened]:
    """Measure every candidate and apply the relative screen: all that the decision needs of the
    profiles, so a caller can release them (hundreds of MB on a large corpus) before aligning."""
    measured = [measure(c, profiles, settings) for c in candidates]
    clear = stands_out(candidates, [m.strength for m in measured], margin=settings.margin,
                       crowd=settings.max_candidates)
    return list(zip(candidates, measured, clear, strict=True))


def decide_screened(screened: Sequence[Screened], aligner: PairAligner,
                    settings: PairSettings) -> list[PairDecision]:
    """Decide screened candidates in order; only those passing both screens are aligned."""
    return [judge(c, m, aligner, settings, distinct=clear) for c, m, clear in screened]


def pair_documents(candidates: Sequence[Candidate], profiles: Profiles, aligner: PairAligner,
                   settings: PairSettings | None = None) -> list[PairDecision]:
    """Decide every candidate pair, in candidate order; a pair is aligned only if it passes
    both the similarity screen and the relative one (`margin`) among its documents' candidates."""
    settings = settings or PairSettings()
    return decide_screened(screen_candidates(candidates, profiles, settings), aligner, settings)
