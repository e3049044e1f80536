"""The relative screen: in a crowded candidate list only a clear counterpart is aligned."""

from __future__ import annotations

from corpus.model import Document
from corpus.pair import Candidate
from corpus.pair.margin import stands_out
from corpus.read import build_document


def doc(identifier: str, lang: str) -> Document:
    return build_document("Ein Satz.", identifier, lang=lang)


def star(centre: Document, others: list[Document]) -> list[Candidate]:
    return [Candidate(centre, other) for other in others]


def test_clear_counterpart_passes_a_crowd_of_alike_ones_does_not() -> None:
    de = doc("de", "de")
    fr = [doc(f"fr{k}", "fr") for k in range(5)]
    # fr0 is four times the others; the fr documents have no other candidates (not crowded),
    # so only the German side, crowded with five French partners, can refuse a pair.
    assert stands_out(star(de, fr), [4.0, 1.0, 1.0, 1.1, 0.9], margin=2.0, crowd=5) == [
        True, True, True, True, True]
    # Crowd both sides: every fr document also has four other German candidates.
    rest = [Candidate(doc(f"de{k}-{j}", "de"), f) for j, f in enumerate(fr) for k in range(4)]
    result = stands_out(star(de, fr) + rest, [4.0, 1.0, 1.0, 1.1, 0.9] + [0.6] * 20,
                        margin=2.0, crowd=5)
    # fr0 stands out of both lists; fr1..fr4 of neither (1.0 is under twice the mean of de's
    # other partners, and under twice 0.6 in their own lists).
    assert result[:5] == [True, False, False, False, False]


def clique(n: int) -> list[Candidate]:
    documents = [doc(f"en{k}", "en") for k in range(n)]
    return [Candidate(a, b) for i, a in enumerate(documents) for b in documents[i + 1:]]


def test_alike_same_language_crowd_is_not_aligned_unless_forced() -> None:
    candidates = clique(6)  # every document has five alike partners: a crowd
    assert not any(stands_out(candidates, [1.2] * len(candidates), margin=2.0, crowd=5))
    candidates[3] = Candidate(candidates[3].source, candidates[3].target, forced=True)
    result = stands_out(candidates, [1.2] * len(candidates), margin=2.0, crowd=5)
    assert result == [k == 3 for k in range(len(candidates))]


def test_lists_under_the_crowd_size_are_not_screened() -> None:
    candidates = clique(5)  # four partners each, under max_candidates = 5
    assert all(stands_out(candidates, [1.2] * len(candidates), margin=2.0, crowd=5))
