"""Cheap document signatures and the document-level similarity built on them.

A `Profile` is a bag of the features of `corpus.align.features` over a whole text: normalised
words (comparable only within one language), *anchors* (numbers and Latin-script names or
acronyms, which survive translation even into Arabic) and cognate keys (shared prefixes, useful
between two Latin-script languages). A document gets one profile of its own text and one per
machine translation of it, so a cross-language pair is compared in one language when MT exists.
Weights are smoothed idf over the sentences of the corpus's documents (sentences, not documents:
a small corpus on one topic has too few articles to tell function words from names), so a word
most sentences use counts for little and a rare name for a lot.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from corpus.align.features import cognate_keys, latin_names, numbers, tokens
from corpus.model import Document, MachineTranslation

SAME_LANGUAGE = "same-language"
MACHINE_TRANSLATION = "mt"
ANCHORS = "anchors"

# Languages written in the Latin script, where cognate keys carry evidence across languages.
LATIN_SCRIPT = frozenset({
    "ca", "cs", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id", "it", "lt", "lv",
    "ms", "nl", "no", "pl", "pt", "ro", "sk", "sl", "sq", "sv", "tr", "vi",
})


@dataclass(frozen=True)
class Profile:
    """The features of one text: a document as written, or its translation into `lang`."""

    document_id: str
    lang: str
    words: Counter[str]
    anchors: Counter[str]
    cognates: Counter[str]


def profile_text(document_id: str, lang: str, sentences: Iterable[str],
                 df: Counter[str] | None = None) -> Profile:
    """The profile of a text; with `df`, each sentence's distinct features are counted into it
    on the way (the idf's sentence frequencies, without featurising the text twice)."""
    words: Counter[str] = Counter()
    anchors: Counter[str] = Counter()
    cognates: Counter[str] = Counter()
    for text in sentences:
        sentence = (tokens(text), [n for n in numbers(text) if len(n) > 1],  # lone digits: noise
                    latin_names(text), cognate_keys(text))
        words.update(sentence[0])
        anchors.update(sentence[1])
        anchors.update(sentence[2])
        cognates.update(sentence[3])
        if df is not None:
            df.update({feature for part in sentence for feature in part})
    return Profile(document_id, lang, words, anchors, cognates)


def profile_translation(translation: MachineTranslation) -> Profile:
    return profile_text(translation.document_id, translation.lang, translation.sentences)


@dataclass(frozen=True)
class Weights:
    """Smoothed idf, `log(1 + N / df)`, of every feature over the `n` sentences of a corpus.

    Sentences, not documents, are the unit: a corpus may hold only a handful of articles, all on
    one topic, but function words still occur in most of its sentences and names in few.
    """

    n: int
    df: Counter[str]

    def idf(self, feature: str) -> float:
        return math.log(1.0 + self.n / max(1, self.df[feature]))

    def weight(self, feature: str, count: int) -> float:
        """Sublinear tf x idf."""
        return (1.0 + math.log(count)) * self.idf(feature)

    def squares(self, counts: Mapping[str, int]) -> float:
        """Squared norm of the weighted vector of `counts`."""
        weighted = (self.weight(k, c) for k, c in counts.items() if c > 0)
        return sum(w * w for w in weighted)


# Squared norm of a profile's weighted vector of one kind (`words`, `anchors`, `cognates`).
Squares = Callable[[Profile, str], float]


def weighted_cosine(a: Mapping[str, int], b: Mapping[str, int], weights: Weights,
                    squares: tuple[float, float] | None = None) -> float:
    """Cosine of sublinear (1 + log tf) x idf vectors. `squares`, their squared norms, when the
    caller keeps them: only the shared features are then weighted, not both whole vectors."""
    if not a or not b:
        return 0.0
    sq_a, sq_b = squares if squares is not None else (weights.squares(a), weights.squares(b))
    dot = sum(weights.weight(k, c) * weights.weight(k, b[k]) for k, c in a.items()
              if c > 0 and b.get(k, 0) > 0)
    norm = math.sqrt(sq_a * sq_b)
    return dot / norm if norm else 0.0


def profile_similarity(a: Profile, b: Profile, weights: Weights,
                       squares: Squares | None = None) -> float:
    """How much two texts share, in [0, 1]: words within one language, else anchors (and
    cognates between Latin-script languages)."""

    def cosine(kind: str) -> float:
        counts_a, counts_b = getattr(a, kind), getattr(b, kind)
        known = None if squares is None else (squares(a, kind), squares(b, kind))
        return weighted_cosine(counts_a, counts_b, weights, known)

    if a.lang == b.lang:
        return cosine("words")
    anchors = cosine("anchors")
    if a.lang in LATIN_SCRIPT and b.lang in LATIN_SCRIPT:
        return (anchors + cosine("cognates")) / 2
    return anchors


class Profiles:
    """Every profile of a corpus: each document's own, and one per machine translation."""

    def __init__(self, documents: Sequence[Document],
                 translations: Sequence[MachineTranslation] = ()) -> None:
        df: Counter[str] = Counter()
        self.own = {d.id: profile_text(d.id, d.lang, d.sentence_texts(), df) for d in documents}
        self.translated = {(t.document_id, t.lang): profile_translation(t) for t in translations
                           if t.document_id in self.own}
        self.weights = Weights(max(1, sum(len(d.sentences) for d in documents)), df)
        self._squares: dict[tuple[str, str, str], float] = {}

    def squares(self, profile: Profile, kind: str) -> float:
        """`Weights.squares` of one profile's `kind`, computed once: every document meets
        several candidates, and weighting whole vectors per pair was most of the pairing time."""
        key = (profile.document_id, profile.lang, kind)
        if key not in self._squares:
            self._squares[key] = self.weights.squares(getattr(profile, kind))
        return self._squares[key]

    def similarity(self, a: Document, b: Document) -> dict[str, float]:
        """Each kind of evidence available for a pair, by name.

        Same language: `same-language`, the texts directly. Otherwise `anchors` (the MT-free
        features) always, and `mt`, the mean over the MT directions available (MT of a into b's
        language vs b, and the reverse), so machine translation can only add evidence.
        """
        pa, pb = self.own[a.id], self.own[b.id]
        if a.lang == b.lang:
            return {SAME_LANGUAGE: profile_similarity(pa, pb, self.weights, self.squares)}
        out = {ANCHORS: profile_similarity(pa, pb, self.weights, self.squares)}
        bridged = [profile_similarity(mt, other, self.weights, self.squares)
                   for mt, other in ((self.translated.get((a.id, b.lang)), pb),
                                     (self.translated.get((b.id, a.lang)), pa))
                   if mt is not None]
        if bridged:
            out[MACHINE_TRANSLATION] = sum(bridged) / len(bridged)
        return out
