"""Sentence groups linked across three or more documents, built from the pairwise alignments.

Every pairwise link joins a group of sentences of one document to a group of another. Links are
taken greedily from the most to the least sure (Kruskal-style) and merged into connected
components; a link is refused when the merged component would hold two different groups of one
document (say fr1 tied to en1 by one link and fr2 to en1 by another), unless one of the groups
contains all the others (a 2-1 link fr1+fr2 -> en1 absorbs fr1 -> en1). So the surviving
components are the highest-scoring consistent subset of the links, and every component holds at
most one sentence group per document. A component's score is the lowest score of the links that
built it: a chain is only as sure as its weakest link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.model import Alignment, MultiLink


@dataclass
class _Component:
    groups: dict[str, set[str]] = field(default_factory=dict)  # document id -> sentence ids
    score: float = 1.0


def _mergeable(parts: Sequence[dict[str, set[str]]]) -> dict[str, set[str]] | None:
    """The union of `parts` per document, or None if some document's groups are not nested."""
    merged: dict[str, set[str]] = {}
    for document in {d for part in parts for d in part}:
        groups = [part[document] for part in parts if document in part]
        largest = max(groups, key=len)
        if any(not g <= largest for g in groups):
            return None
        merged[document] = set(largest)
    return merged


def build_multilinks(alignments: Sequence[Alignment], min_documents: int = 3) -> list[MultiLink]:
    """Consistent cross-document links spanning at least `min_documents` documents."""
    order: dict[str, int] = {}
    positions: dict[tuple[str, str], int] = {}
    for alignment in alignments:
        for document in (alignment.source, alignment.target):
            order.setdefault(document.id, len(order))
            positions.update(((document.id, s.id), s.index) for s in document.sentences)
    edges = sorted(
        ((link.score, a.source.id, link.source_ids, a.target.id, link.target_ids)
         for a in alignments for link in a.links),
        key=lambda e: (-e[0], order[e[1]], order[e[3]], e[2], e[4]))
    owner: dict[tuple[str, str], _Component] = {}
    for score, src_doc, src_ids, tgt_doc, tgt_ids in edges:
        sides = {src_doc: set(src_ids), tgt_doc: set(tgt_ids)}
        touched = list({id(c): c for d, ids in sides.items() for s in ids
                        if (c := owner.get((d, s))) is not None}.values())
        merged = _mergeable([*(c.groups for c in touched), sides])
        if merged is None:
            continue
        component = _Component(merged, min([score, *(c.score for c in touched)]))
        for document, ids in merged.items():
            for sentence in ids:
                owner[document, sentence] = component
    components = list({id(c): c for c in owner.values()}.values())
    out = []
    for component in components:
        if len(component.groups) < min_documents:
            continue
        members = tuple(
            (d, tuple(sorted(ids, key=lambda s, d=d: positions[d, s])))
            for d, ids in sorted(component.groups.items(), key=lambda item: order[item[0]]))
        out.append(MultiLink(members, component.score))
    return sorted(out, key=lambda m: [(order[d], positions[d, ids[0]]) for d, ids in m.members])
