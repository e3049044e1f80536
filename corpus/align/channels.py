"""Which similarity channels an alignment uses, built from the texts and the MT available."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from corpus.align.features import normalize_all
from corpus.align.settings import AlignSettings
from corpus.align.similarity import Channel
from corpus.align.transliterate import name_key_rows
from corpus.align.vectors import (
    Keys,
    SideKeys,
    keyed_vectors,
    number_keys,
    of_orders,
    prefix_keys,
    punctuation_keys,
    side_keys,
)

# Relative weights of the channels in the similarity mix (tuned on Text+Berg dev).
MT_CHAR_WEIGHT = 1.0
MT_WORD_WEIGHT = 0.5
DIRECT_CHAR_WEIGHT = 0.3
LEXICON_WEIGHT = 1.0
NAME_WEIGHT = 1.0
# Punctuation marks (`vectors.punctuation_keys`) in the final pass of a translation without MT:
# Text+Berg dev, whole and halves, mean strict F1 0.850 / 0.860 / 0.861 / 0.861 / 0.858 /
# 0.843 at weight 0 / 0.05 / 0.1 / 0.15 / 0.2 / 0.3. Beside MT it was a tie (whole dev up,
# halves down).
PUNCTUATION_WEIGHT = 0.15
# Numbers by their digits (`vectors.number_keys`), in the same place: dev whole and halves,
# with punctuation at 0.15, mean strict F1 0.861 / 0.869 / 0.872 / 0.878 / 0.879 / 0.876 / 0.876
# at weight 0 / 0.1 / 0.3 / 0.5 / 1 / 2 / 4. Beside MT 0.3 / 1 lowered the 12-cell mean
# 0.883 -> 0.881 / 0.873 (the MT carries the numbers already).
NUMBER_WEIGHT = 1.0
# Cognates (shared 4-letter word prefixes) in comparable pairs without MT: 0.5-2 within 0.01 on
# comparable pairs made from dev (scripts/bench_comparable.py).
COGNATE_WEIGHT = 1.0
COGNATE_PREFIX = 4
# Sentence embeddings (multilingual-e5-small) beside the n-gram channels, tuned on Text+Berg dev:
# without MT 1 (whole dev and its halves 0.870 mean against 0.860 at 2 and 0.855 at 3 since the
# merge costs per member; before them 1-3 lay within 0.005 and 2 was kept); beside MT they add
# nothing that dev can see (mean over three MT systems 0.875 -> 0.876 at 0.25, 0.869 at 0.5).
EMBEDDING_WEIGHT_NO_MT = 1.0
EMBEDDING_WEIGHT_MT = 0.25
# A side's mean is what its sentences share; below this many sentences it is mostly the
# sentences themselves (two sentences centred are opposite vectors), so no channel is made.
MIN_EMBEDDED_SENTENCES = 5


def _char_channel(left: SideKeys, right: SideKeys, low: int, weight: float) -> Channel:
    return Channel(*keyed_vectors(of_orders(left.chars, low), left.size,
                                  of_orders(right.chars, low), right.size), weight)


def _word_channel(left: SideKeys, right: SideKeys, weight: float) -> Channel:
    # ~20 words against ~300 n-grams a sentence: cheap, and good enough to guide the search.
    return Channel(*keyed_vectors(left.words, left.size, right.words, right.size), weight,
                   guide=True)


def build_channels(src: Sequence[str], tgt: Sequence[str], src_mt: Sequence[str] | None,
                   tgt_mt: Sequence[str] | None, settings: AlignSettings,
                   same_language: bool = False, names: bool = False,
                   embeddings: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[list[Channel], Keys, Keys]:
    """MT-bridged channels for each direction given, plus direct character n-grams unless both
    MT directions bridge two languages.

    The direct channel (source vs target as written) carries numbers, names and cognates, and is
    all there is before the lexicon is learnt when no MT is given; for two texts in one language
    it is as good as an MT channel. Each text list is normalised and hashed once; the source and
    target word keys are returned for the lexicon pass. `names` adds the consonant skeletons of
    names (`transliterate`), the one anchor between an Arabic text and a Latin-script one that
    the direct channel cannot see. `embeddings` (one row per sentence, each side) adds
    `embedding_channel`.
    """
    low, high = settings.ngram_low, settings.ngram_high
    use_src_mt = src_mt is not None and settings.use_src_mt
    use_tgt_mt = tgt_mt is not None and settings.use_tgt_mt
    # Bigrams help the direct channel only where it stands alone across two languages (short
    # cognates, a length-like signal); in one language they are noise that glues merges.
    alone = not (use_src_mt or use_tgt_mt or same_language)
    direct_low = settings.direct_ngram_low if alone else low
    src_keys = side_keys(src, min(low, direct_low), high)
    tgt_keys = side_keys(tgt, min(low, direct_low), high)
    channels = []
    # One MT side's keys at a time: they are the largest arrays until the vectors exist.
    for use, make in ((use_src_mt, lambda: (side_keys(src_mt, low, high), tgt_keys)),
                      (use_tgt_mt, lambda: (src_keys, side_keys(tgt_mt, low, high)))):
        if use:
            left, right = make()
            channels.append(_char_channel(left, right, low, MT_CHAR_WEIGHT))
            channels.append(_word_channel(left, right, MT_WORD_WEIGHT))
            del left, right
    # Beside both MT directions across two languages the MT channels see the numbers and names
    # twice over: a direct channel there changed no Text+Berg F1 and cost a sixth of the time
    # (docs/DESIGN.md, "The direct channel beside both MT directions"). With one direction it
    # keeps a share of the mix that holds unrelated sentences below `unrelated_similarity`.
    if same_language or not (use_src_mt and use_tgt_mt):
        direct = DIRECT_CHAR_WEIGHT if channels and not same_language else MT_CHAR_WEIGHT
        channels.append(_char_channel(src_keys, tgt_keys, direct_low, direct))
    if same_language and not (use_src_mt or use_tgt_mt):
        # One text is as good as an MT of the other: its words guide the first pass.
        channels.append(_word_channel(src_keys, tgt_keys, MT_WORD_WEIGHT))
    if names:
        channels.append(Channel(*keyed_vectors(name_key_rows(src), len(src), name_key_rows(tgt),
                                               len(tgt)), NAME_WEIGHT))
    if embeddings is not None and min(len(src), len(tgt)) >= MIN_EMBEDDED_SENTENCES:
        mt = use_src_mt or use_tgt_mt
        channels.append(embedding_channel(
            *embeddings, EMBEDDING_WEIGHT_MT if mt else EMBEDDING_WEIGHT_NO_MT))
    return channels, src_keys.words, tgt_keys.words


def embedding_channel(src: np.ndarray, tgt: np.ndarray, weight: float) -> Channel:
    """Sentence embeddings as a channel: each side centred on its own mean, rows unit length.

    Raw multilingual-e5 vectors share a large common direction (unrelated sentences sit at a
    cosine of ~0.8) and a per-language offset; without them an unrelated pair sits near 0 like
    in the n-gram channels and a translation well above. A group's vector is the sum of its
    rows, as for the counts of the other channels (a sum of sentence embeddings stands in for
    the embedding of the joined sentences, which the search cannot afford to compute).
    """
    def prepared(vectors: np.ndarray) -> sp.csr_matrix:
        vectors = np.asarray(vectors)
        centred = vectors.astype(np.float32) - vectors.mean(axis=0, dtype=np.float64).astype(
            np.float32)
        norms = np.linalg.norm(centred, axis=1, keepdims=True)
        centred /= np.where(norms > 0, norms, 1.0)
        # Every row is full: the CSR arrays are the rows as they are, not a dense-to-sparse scan.
        n, dim = centred.shape
        return sp.csr_matrix((centred.ravel(), np.tile(np.arange(dim, dtype=np.int32), n),
                              np.arange(0, n * dim + 1, dim, dtype=np.int64)), shape=(n, dim))

    return Channel(prepared(src), prepared(tgt), weight, textual=False)


def cognate_channel(src: Sequence[str], tgt: Sequence[str]) -> Channel:
    """Words compared by their first COGNATE_PREFIX letters (`vectors.prefix_keys`).

    Only for comparable pairs without MT: there the direct n-grams of two related languages
    give every sentence pair a similarity of 0.1-0.2 (`de`, `tion`, `the`), and a counterpart
    must stand out from that by its content words. In parallel text it did not help (dev no MT
    0.849 -> 0.836 at weight 0.3, docs/DESIGN.md).
    """
    return Channel(*keyed_vectors(prefix_keys(normalize_all(src), COGNATE_PREFIX), len(src),
                                  prefix_keys(normalize_all(tgt), COGNATE_PREFIX), len(tgt)),
                   COGNATE_WEIGHT)


def punctuation_channel(src: Sequence[str], tgt: Sequence[str]) -> Channel:
    """Punctuation marks by kind (`vectors.punctuation_keys`): normalisation takes them out of
    the n-grams, and between two languages without MT they tell a translated sentence from its
    neighbours. Only for pairs already judged translations: with 9 kinds, unrelated sentences
    often share a question mark or a pair of quotes, which in a comparable pair is a link.
    """
    return Channel(*keyed_vectors(punctuation_keys(src), len(src), punctuation_keys(tgt),
                                  len(tgt)), PUNCTUATION_WEIGHT)


def number_channel(src: Sequence[str], tgt: Sequence[str]) -> Channel:
    """Numbers by their digits (`vectors.number_keys`), for the same pairs as
    `punctuation_channel`: in the direct n-grams a year is a few of a sentence's 300 n-grams,
    here it is the sentence's whole vector when it is its only number."""
    return Channel(*keyed_vectors(number_keys(src), len(src), number_keys(tgt), len(tgt)),
                   NUMBER_WEIGHT)
