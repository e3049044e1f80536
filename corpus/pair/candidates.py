"""Which document pairs get compared, and which way round a pair is aligned.

Candidate generation is its own step so that a large corpus is blocked (`blocking`: rare shared
signature keys, at most a few partners per document) before anything is scored; the manifest's
forced pairs are always candidates and its forbidden ones never. Direction is fixed by language,
then document id, so the TMX of a pair is always named the same way (`ar-fr`, `ar-en`, `fr-en`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.model import Document
from corpus.pair.blocking import blocked_pairs
from corpus.pair.profile import Profiles
from corpus.pair.settings import PairSettings


@dataclass(frozen=True)
class Candidate:
    """Two documents to compare, already in alignment direction (source, target)."""

    source: Document
    target: Document
    forced: bool = False


@dataclass(frozen=True)
class Comparisons:
    """How many of a corpus's document pairs were compared: what blocking leaves out is counted
    and reported, never silently lost."""

    documents: int
    compared: int  # the candidates: each scored, and aligned if it passed the screens
    forbidden: int  # distinct pairs left out: the manifest's pairs.forbid, copies of one article

    @property
    def possible(self) -> int:
        return self.documents * (self.documents - 1) // 2

    @property
    def left_out(self) -> int:
        """Pairs never compared: blocking found no rare key they share, or better partners."""
        return self.possible - self.compared - self.forbidden


def direction_key(document: Document, target_languages: Sequence[str]) -> tuple[int, str, str]:
    """Sort key of a document as a pair side: `target_languages` last (in their order), the other
    languages alphabetically before them, then the document id."""
    lang = document.lang
    rank = target_languages.index(lang) + 1 if lang in target_languages else 0
    return rank, lang if rank == 0 else "", document.id


def orient(a: Document, b: Document, target_languages: Sequence[str]) -> tuple[Document, Document]:
    """(source, target) of a pair."""
    if direction_key(a, target_languages) <= direction_key(b, target_languages):
        return a, b
    return b, a


def _pair_set(pairs: Iterable[tuple[str, str]]) -> set[frozenset[str]]:
    return {frozenset(p) for p in pairs}


def candidate_pairs(documents: Sequence[Document], profiles: Profiles, settings: PairSettings, *,
                    force: Iterable[tuple[str, str]] = (),
                    forbid: Iterable[tuple[str, str]] = ()) -> list[Candidate]:
    """The pairs of `documents` that blocking keeps, plus the forced ones, minus the forbidden
    ones, in document order (as `itertools.combinations` would list them)."""
    forced, forbidden = _pair_set(force), _pair_set(forbid)
    ids = [d.id for d in documents]
    position = {identifier: index for index, identifier in enumerate(ids)}
    kept = blocked_pairs(ids, [d.lang for d in documents], profiles,
                         max_df=settings.signature_max_df, max_candidates=settings.max_candidates)
    for pair in forced:
        i, j = sorted(position[identifier] for identifier in pair)
        kept.add((i, j))
    out = []
    for i, j in sorted(kept):
        a, b = documents[i], documents[j]
        key = frozenset((a.id, b.id))
        if key in forbidden:
            continue
        source, target = orient(a, b, settings.target_languages)
        out.append(Candidate(source, target, key in forced))
    return out
