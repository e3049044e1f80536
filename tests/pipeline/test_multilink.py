"""Cross-document links from pairwise alignments that agree, and from ones that do not."""

from __future__ import annotations

from corpus.model import Alignment, Document, Link, MultiLink
from corpus.multilink import build_multilinks
from corpus.read import build_document


def doc(doc_id: str, lang: str, n: int) -> Document:
    text = "\n\n".join(f"Sentence number {i} of {doc_id}." for i in range(n))
    document = build_document(text, doc_id, lang=lang)
    assert len(document.sentences) == n
    return document


AR, FR, EN = doc("ar", "ar", 3), doc("fr", "fr", 3), doc("en", "en", 3)


def ids(document: Document, *indices: int) -> tuple[str, ...]:
    return tuple(document.sentences[i].id for i in indices)


def link(a: Document, ai: tuple[int, ...], b: Document, bi: tuple[int, ...],
         score: float) -> Link:
    return Link(ids(a, *ai), ids(b, *bi), score)


def test_agreeing_triangle_gives_one_multilink_scored_by_weakest_link() -> None:
    alignments = [
        Alignment(AR, FR, (link(AR, (0,), FR, (0,), 0.9),)),
        Alignment(AR, EN, (link(AR, (0,), EN, (0,), 0.8),)),
        Alignment(FR, EN, (link(FR, (0,), EN, (0,), 0.7),)),
    ]
    assert build_multilinks(alignments) == [
        MultiLink((("ar", ids(AR, 0)), ("fr", ids(FR, 0)), ("en", ids(EN, 0))), 0.7)]


def test_disagreeing_link_loses_to_the_surer_ones() -> None:
    # ar0-fr0 and fr0-en0 are sure; ar0-en1 (weak) would put en0 and en1 in one component.
    alignments = [
        Alignment(AR, FR, (link(AR, (0,), FR, (0,), 0.95), link(AR, (1,), FR, (1,), 0.9))),
        Alignment(AR, EN, (link(AR, (0,), EN, (1,), 0.3), link(AR, (1,), EN, (2,), 0.85))),
        Alignment(FR, EN, (link(FR, (0,), EN, (0,), 0.9), link(FR, (1,), EN, (2,), 0.8))),
    ]
    result = build_multilinks(alignments)
    assert result == [
        MultiLink((("ar", ids(AR, 0)), ("fr", ids(FR, 0)), ("en", ids(EN, 0))), 0.9),
        MultiLink((("ar", ids(AR, 1)), ("fr", ids(FR, 1)), ("en", ids(EN, 2))), 0.8),
    ]
    for multilink in result:  # at most one group per document
        assert len({d for d, _ in multilink.members}) == len(multilink.members)


def test_many_to_one_link_absorbs_nested_groups() -> None:
    alignments = [
        Alignment(FR, EN, (link(FR, (0, 1), EN, (0,), 0.9),)),
        Alignment(AR, FR, (link(AR, (0,), FR, (0,), 0.8),)),
    ]
    [multilink] = build_multilinks(alignments)
    assert multilink.members == (("fr", ids(FR, 0, 1)), ("en", ids(EN, 0)), ("ar", ids(AR, 0)))
    assert multilink.score == 0.8


def test_two_documents_make_no_multilink() -> None:
    assert build_multilinks([Alignment(FR, EN, (link(FR, (0,), EN, (0,), 0.9),))]) == []
