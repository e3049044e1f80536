"""Document pairing: the seed decisions without MT, synthetic pairs, direction and coverage."""

from __future__ import annotations

import random

import pytest

from corpus.align import AlignSettings
from corpus.model import Bead, Document, PairRelation
from corpus.pair import (
    PairDecision,
    PairSettings,
    Profiles,
    candidate_pairs,
    coverage,
    orient,
    pair_documents,
)
from corpus.pipeline import bind_aligner
from corpus.read import build_document, read_folder
from tests.conftest import SEEDS

UNRELATED_EN = ("The river flooded the valley after three days of rain. Farmers moved their "
                "cattle to the hills. The mayor promised new dikes before winter. Schools stayed "
                "closed for a week while volunteers filled sandbags.")


def decide_all(documents: tuple[Document, ...] | list[Document]
               ) -> dict[frozenset[str], PairDecision]:
    settings = PairSettings()
    candidates = candidate_pairs(documents, Profiles(documents), settings)
    decisions = pair_documents(candidates, Profiles(documents),
                               bind_aligner([], AlignSettings()), settings)
    return {frozenset((d.source.id[:3], d.target.id[:3])): d for d in decisions}


@pytest.fixture(scope="module")
def seeds() -> tuple[Document, ...]:
    return read_folder(SEEDS).documents


@pytest.fixture(scope="module")
def seed_decisions(seeds: tuple[Document, ...]) -> dict[frozenset[str], PairDecision]:
    return decide_all(seeds)


def test_every_seed_pair_is_scored(seed_decisions: dict) -> None:
    assert len(seed_decisions) == 10


@pytest.mark.parametrize("pair", [("002", "003"), ("002", "004"), ("003", "004")])
def test_buzzfeed_articles_are_counterparts(seed_decisions: dict, pair: tuple[str, str]) -> None:
    decision = seed_decisions[frozenset(pair)]
    assert decision.relation in (PairRelation.PARALLEL, PairRelation.COMPARABLE)
    assert decision.beads, "a counterpart pair keeps its alignment"


@pytest.mark.parametrize("other", ["002", "003", "004"])
def test_first_arabic_article_is_comparable(seed_decisions: dict, other: str) -> None:
    assert seed_decisions[frozenset(("000", other))].relation is PairRelation.COMPARABLE


@pytest.mark.parametrize("other", ["000", "002", "003", "004"])
def test_second_arabic_article_is_another_story(seed_decisions: dict, other: str) -> None:
    assert seed_decisions[frozenset(("001", other))].relation is PairRelation.UNRELATED


def test_mt_free_evidence_is_named(seed_decisions: dict) -> None:
    assert seed_decisions[frozenset(("002", "003"))].evidence == "anchors"
    assert seed_decisions[frozenset(("003", "004"))].evidence == "same-language"


def test_identical_copy_is_parallel_shuffled_copy_is_a_counterpart(
        seeds: tuple[Document, ...]) -> None:
    original = seeds[4]
    texts = original.sentence_texts()
    shuffled = texts[:]
    random.Random(1).shuffle(shuffled)
    copy = build_document("\n\n".join(texts), "copy", lang="en")
    mixed = build_document("\n\n".join(shuffled), "mixed", lang="en")
    other = build_document(UNRELATED_EN, "other", lang="en")
    decisions = decide_all([original, copy, mixed, other])
    assert decisions[frozenset(("004", "cop"))].relation is PairRelation.PARALLEL
    assert decisions[frozenset(("004", "mix"))].relation is not PairRelation.UNRELATED
    for doc in ("004", "cop", "mix"):
        unrelated = decisions[frozenset((doc, "oth"))]
        assert unrelated.relation is PairRelation.UNRELATED
        assert unrelated.beads == ()  # screened out: never aligned


def test_direction_puts_english_last_and_others_alphabetically(
        seeds: tuple[Document, ...]) -> None:
    ar, fr, en = seeds[0], seeds[2], seeds[3]
    de = build_document("Die Expedition erreichte den Gipfel.", "zz", lang="de")
    assert orient(en, ar, ("en",)) == (ar, en)
    assert orient(fr, ar, ("en",)) == (ar, fr)
    assert orient(en, fr, ("en",)) == (fr, en)
    assert orient(fr, de, ("en",)) == (de, fr)
    assert orient(seeds[4], en, ("en",)) == (en, seeds[4])  # same language: by id


def test_forbidden_pairs_are_not_candidates_forced_ones_marked(
        seeds: tuple[Document, ...]) -> None:
    ids = [d.id for d in seeds]
    candidates = candidate_pairs(seeds, Profiles(seeds), PairSettings(), force=[(ids[1], ids[3])],
                                 forbid=[(ids[3], ids[2])])
    keys = {frozenset((c.source.id, c.target.id)): c for c in candidates}
    assert frozenset((ids[2], ids[3])) not in keys
    assert keys[frozenset((ids[1], ids[3]))].forced
    assert sum(c.forced for c in candidates) == 1 and len(candidates) == 9


def test_forced_pair_is_aligned_and_a_counterpart(seeds: tuple[Document, ...]) -> None:
    candidates = [c for c in candidate_pairs(seeds, Profiles(seeds), PairSettings(),
                                                 force=[(seeds[1].id, seeds[3].id)])
                  if c.forced]
    [decision] = pair_documents(candidates, Profiles(seeds), bind_aligner([], AlignSettings()))
    assert decision.relation is PairRelation.COMPARABLE and decision.forced
    assert decision.beads


def test_coverage_counts_confident_links_only() -> None:
    beads = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.7), Bead((3,), (), 0.99),
             Bead((4,), (2,), 0.2), Bead((), (3,), 0.9)]
    assert coverage(beads, 5, 4, 0.5) == (3 / 5, 2 / 4, 2)
    assert coverage([], 0, 0, 0.5) == (0.0, 0.0, 0)


def test_settings_reject_out_of_range_thresholds() -> None:
    with pytest.raises(ValueError, match="word_similarity"):
        PairSettings(word_similarity=1.5)
    with pytest.raises(ValueError, match="min_links"):
        PairSettings(min_links=0)


def test_machine_translation_adds_evidence_and_never_removes_it() -> None:
    from corpus.model import MachineTranslation
    from corpus.pair import Candidate, decide

    en = build_document("Wheat prices rose in the markets this week. Traders said the rain "
                        "was late.", "en", lang="en")
    ar = build_document("ارتفعت أسعار القمح في الأسواق هذا الأسبوع. وقال التجار إن المطر تأخر.",
                        "ar", lang="ar")
    mt = MachineTranslation("ar", "en", ("Wheat prices rose in markets this week.",
                                         "Traders said that the rain was late."))
    calls: list[tuple[str, str]] = []

    def aligner(source: Document, target: Document) -> list[Bead]:
        calls.append((source.id, target.id))
        return [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)]

    settings = PairSettings()
    without = decide(Candidate(ar, en), Profiles([ar, en]), aligner, settings)
    assert without.relation is PairRelation.UNRELATED and without.evidence == "anchors"
    assert calls == []  # screened out before any alignment
    with_mt = decide(Candidate(ar, en), Profiles([ar, en], [mt]), aligner, settings)
    assert with_mt.evidence == "mt" and calls == [("ar", "en")]
    assert with_mt.relation is PairRelation.PARALLEL
