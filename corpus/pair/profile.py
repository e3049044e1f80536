"""Cheap document signatures and the document-level similarity built on them.

A `Profile` is a bag of the features of `corpus.align.features` over a whole text: normalised
words (comparable only within one language), *anchors* (numbers and Latin-script names or
acronyms, which survive translation even into Arabic) and cognate keys (shared prefixes, useful
between two Latin-script languages). A document gets one profile of its own text and one per
machine translation of it, so a cross-language pair is compared in one language when MT exists.
Weights are smoothed idf over the corpus's documents, so a year every article mentions counts for
little and a rare name for a lot.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


def profile_text(document_id: str, lang: str, sentences: Iterable[str]) -> Profile:
    words: Counter[str] = Counter()
    anchors: Counter[str] = Counter()
    cognates: Counter[str] = Counter()
    for text in sentences:
        words.update(tokens(text))
        anchors.update(n for n in numbers(text) if len(n) > 1)  # lone digits say nothing
        anchors.update(latin_names(text))
        cognates.update(cognate_keys(text))
    return Profile(document_id, lang, words, anchors, cognates)


def profile_document(document: Document) -> Profile:
    return profile_text(document.id, document.lang, document.sentence_texts())


def profile_translation(translation: MachineTranslation) -> Profile:
    return profile_text(translation.document_id, translation.lang, translation.sentences)


class Weights:
    """Smoothed idf, `log(1 + N / df)`, of every feature over the sentences of a corpus.

    Sentences, not documents, are the unit: a corpus may hold only a handful of articles, all on
    one topic, but function words still occur in most of its sentences and names in few.
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self.n = max(1, sum(len(d.sentences) for d in documents))
        self.df: Counter[str] = Counter()
        for document in documents:
            for text in document.sentence_texts():
                p = profile_text(document.id, document.lang, (text,))
                self.df.update(set(p.words) | set(p.anchors) | set(p.cognates))

    def idf(self, feature: str) -> float:
        return math.log(1.0 + self.n / max(1, self.df[feature]))


def weighted_cosine(a: Mapping[str, int], b: Mapping[str, int], weights: Weights) -> float:
    """Cosine of sublinear (1 + log tf) x idf vectors."""
    if not a or not b:
        return 0.0

    def vector(counts: Mapping[str, int]) -> dict[str, float]:
        return {k: (1.0 + math.log(c)) * weights.idf(k) for k, c in counts.items() if c > 0}

    va, vb = vector(a), vector(b)
    dot = sum(v * vb[k] for k, v in va.items() if k in vb)
    norm = math.sqrt(sum(v * v for v in va.values()) * sum(v * v for v in vb.values()))
    return dot / norm if norm else 0.0


def profile_similarity(a: Profile, b: Profile, weights: Weights) -> float:
    """How much two texts share, in [0, 1]: words within one language, else anchors (and
    cognates between Latin-script languages)."""
    if a.lang == b.lang:
        return weighted_cosine(a.words, b.words, weights)
    anchors = weighted_cosine(a.anchors, b.anchors, weights)
    if a.lang in LATIN_SCRIPT and b.lang in LATIN_SCRIPT:
        return (anchors + weighted_cosine(a.cognates, b.cognates, weights)) / 2
    return anchors


class Profiles:
    """Every profile of a corpus: each document's own, and one per machine translation."""

    def __init__(self, documents: Sequence[Document],
                 translations: Sequence[MachineTranslation] = ()) -> None:
        self.own = {d.id: profile_document(d) for d in documents}
        self.translated = {(t.document_id, t.lang): profile_translation(t) for t in translations
                           if t.document_id in self.own}
        self.weights = Weights(documents)

    def similarity(self, a: Document, b: Document) -> dict[str, float]:
        """Each kind of evidence available for a pair, by name.

        Same language: `same-language`, the texts directly. Otherwise `anchors` (the MT-free
        features) always, and `mt`, the mean over the MT directions available (MT of a into b's
        language vs b, and the reverse), so machine translation can only add evidence.
        """
        pa, pb = self.own[a.id], self.own[b.id]
        if a.lang == b.lang:
            return {SAME_LANGUAGE: profile_similarity(pa, pb, self.weights)}
        out = {ANCHORS: profile_similarity(pa, pb, self.weights)}
        bridged = [profile_similarity(mt, other, self.weights)
                   for mt, other in ((self.translated.get((a.id, b.lang)), pb),
                                     (self.translated.get((b.id, a.lang)), pa))
                   if mt is not None]
        if bridged:
            out[MACHINE_TRANSLATION] = sum(bridged) / len(bridged)
        return out
