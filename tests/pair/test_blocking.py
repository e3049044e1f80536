"""Blocking: counterparts found among many documents without every pair being a candidate."""

from __future__ import annotations

from itertools import combinations

from corpus.model import Document
from corpus.pair import PairSettings, Profiles, candidate_pairs
from corpus.read import build_document

NAMES = ["Gleicher", "Moreau", "Okafor", "Lindqvist", "Tanaka", "Haddad", "Novak", "Ferreira"]


def story(k: int, lang: str) -> Document:
    """Story k in English or French: shared topic words, its own name and figures."""
    name, year, count = NAMES[k], 1990 + k, 300 + 17 * k
    if lang == "en":
        text = (f"The mountain guide {name} climbed the north face in {year}. The expedition "
                f"carried {count} kilos of food. Snow fell on the glacier all night.")
    else:
        text = (f"Le guide de montagne {name} a gravi la face nord en {year}. L'expédition "
                f"portait {count} kilos de vivres. La neige est tombée sur le glacier.")
    return build_document(text, f"{lang}{k}", lang=lang)


def corpus() -> list[Document]:
    return [story(k, lang) for k in range(len(NAMES)) for lang in ("en", "fr")]


def pairs(candidates: list) -> set[frozenset[str]]:
    return {frozenset((c.source.id, c.target.id)) for c in candidates}


def test_blocking_keeps_counterparts_and_drops_most_pairs() -> None:
    documents = corpus()
    settings = PairSettings(max_candidates=1)
    found = pairs(candidate_pairs(documents, Profiles(documents), settings))
    counterparts = {frozenset((f"en{k}", f"fr{k}")) for k in range(len(NAMES))}
    assert counterparts <= found
    everything = len(list(combinations(documents, 2)))
    # At most one partner per document and language: far fewer than every pair.
    assert len(found) <= len(documents) * 2 < everything


def test_uncapped_blocking_keeps_every_pair_that_shares_a_key() -> None:
    documents = corpus()  # 8 per language: one more than the 7 partners a document may keep
    found = pairs(candidate_pairs(documents, Profiles(documents), PairSettings(max_candidates=7)))
    same_language = {frozenset((a.id, b.id)) for a, b in combinations(documents, 2)
                     if a.lang == b.lang}
    counterparts = {frozenset((f"en{k}", f"fr{k}")) for k in range(len(NAMES))}
    # Across languages only a shared name or figure ties two stories; words stay in their language.
    assert found == same_language | counterparts


def test_corpus_with_few_partners_per_language_is_not_blocked() -> None:
    documents = corpus()  # 8 per language: every document has at most 8 partners in each
    found = pairs(candidate_pairs(documents, Profiles(documents), PairSettings(max_candidates=8)))
    assert found == {frozenset((a.id, b.id)) for a, b in combinations(documents, 2)}


def test_two_articles_sharing_no_name_or_number_are_compared() -> None:
    """Blocking would drop them (no key in common across languages without MT); two files
    cost one comparison, and the pair is a counterpart by its cognates."""
    documents = [build_document("The guide climbed the north face. Snow fell on the glacier.",
                                "en", lang="en"),
                 build_document("Le guide a gravi la face nord. La neige est tombée sur le "
                                "glacier.", "fr", lang="fr")]
    [candidate] = candidate_pairs(documents, Profiles(documents), PairSettings())
    assert (candidate.source.id, candidate.target.id) == ("fr", "en")


def test_few_partners_counts_a_documents_partners_per_language() -> None:
    from corpus.pair.blocking import few_partners

    # The French article has 6 English partners; an English one 5 English and 1 French.
    assert not few_partners(["en"] * 6 + ["fr"], 5)
    assert few_partners(["en"] * 5 + ["fr"] * 5, 5)
    # One language: a document's partners are the others.
    assert few_partners(["en"] * 6, 5) and not few_partners(["en"] * 7, 5)


def test_forced_pair_is_a_candidate_even_if_blocked_and_order_is_stable() -> None:
    documents = corpus()
    settings = PairSettings(max_candidates=1)
    forced = ("en0", "fr5")
    candidates = candidate_pairs(documents, Profiles(documents), settings, force=[forced])
    assert frozenset(forced) in pairs(candidates)
    [forced_candidate] = [c for c in candidates if c.forced]
    assert forced_candidate.source.id == "fr5"  # fr before en
    again = candidate_pairs(list(documents), Profiles(documents), settings, force=[forced])
    assert [(c.source.id, c.target.id) for c in again] == [
        (c.source.id, c.target.id) for c in candidates]
