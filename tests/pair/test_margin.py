"""The relative screen: in a crowded candidate list only a clear counterpart is aligned."""

from __future__ import annotations

from corpus.align import AlignSettings
from corpus.model import Bead, Document
from corpus.pair import Candidate, PairSettings, Profiles, candidate_pairs, pair_documents
from corpus.pair.margin import stands_out
from corpus.pipeline import bind_aligner
from corpus.read import build_document
from tests.pair.test_blocking import corpus


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


def test_same_topic_corpus_aligns_only_the_translations() -> None:
    """Eight stories told with one template in English and French: every same-language pair is
    as alike as a translation (same words, other names and figures), so without the relative
    screen (`margin=0`) all 58 candidates are aligned and called parallel."""
    documents = corpus()
    real = bind_aligner([], AlignSettings())
    calls: list[tuple[str, str]] = []

    def aligner(source: Document, target: Document) -> list[Bead]:
        calls.append((source.id, target.id))
        return list(real(source, target))

    settings = PairSettings()
    profiles = Profiles(documents)
    decisions = pair_documents(candidate_pairs(documents, profiles, settings), profiles,
                               aligner, settings)
    translations = {(f"fr{k}", f"en{k}") for k in range(8)}
    assert set(calls) == translations
    assert {(d.source.id, d.target.id) for d in decisions if d.counterpart} == translations
