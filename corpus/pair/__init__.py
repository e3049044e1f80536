"""Document pairing: which articles are counterparts (parallel, comparable) and which unrelated."""

from corpus.pair.candidates import Candidate, Comparisons, candidate_pairs, orient
from corpus.pair.decide import PairAligner, PairDecision, coverage, decide, pair_documents
from corpus.pair.profile import Profile, Profiles, profile_similarity
from corpus.pair.settings import PairSettings

__all__ = [
    "Candidate",
    "Comparisons",
    "PairAligner",
    "PairDecision",
    "PairSettings",
    "Profile",
    "Profiles",
    "candidate_pairs",
    "coverage",
    "decide",
    "orient",
    "pair_documents",
    "profile_similarity",
]
