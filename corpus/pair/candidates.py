"""Which document pairs get compared, and which way round a pair is aligned.

Candidate generation is its own step so that large corpora can block (by language, length or a
cheap signature) before anything is scored; today every pair is a candidate, minus the pairs the
manifest forbids. Direction is fixed by language, then document id, so the TMX of a pair is
always named the same way (`ar-fr`, `ar-en`, `fr-en`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from corpus.model import Document


@dataclass(frozen=True)
class Candidate:
    """Two documents to compare, already in alignment direction (source, target)."""

    source: Document
    target: Document
    forced: bool = False


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


def candidate_pairs(documents: Sequence[Document], target_languages: Sequence[str], *,
                    force: Iterable[tuple[str, str]] = (),
                    forbid: Iterable[tuple[str, str]] = ()) -> list[Candidate]:
    """Every unordered pair of `documents` except the forbidden ones, forced ones marked."""
    forced, forbidden = _pair_set(force), _pair_set(forbid)
    out = []
    for a, b in combinations(documents, 2):
        key = frozenset((a.id, b.id))
        if key in forbidden:
            continue
        source, target = orient(a, b, target_languages)
        out.append(Candidate(source, target, key in forced))
    return out
