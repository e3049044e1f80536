"""Blocking: which document pairs are worth scoring at all, without looking at every pair.

Every document gets a *signature*: its anchors (numbers, Latin-script names, which match across
languages) and its words tagged with their language (which match only within one language; a
machine translation adds its words under the language it was translated into). Keys shared by
more than `signature_max_df` documents are dropped: they are topic or function words and say
nothing about which article is the counterpart of which. Two documents are compared only if they
share a remaining key, and each document keeps only its `max_candidates` best partners *in each
language* (by the sum of the idf of the keys they share): words tie documents of one language far
more than anchors tie translations, so one ranking over all languages would fill every list with
same-language neighbours and lose the counterparts. The pair counts are one sparse product, so
the work per key is bounded by `signature_max_df` squared and grows linearly with the corpus,
like the candidates.

A corpus so small that no document can have more than `max_candidates` partners in any language
is not blocked at all (`few_partners`): there the per-language cap can never bite, so blocking
could only drop pairs that share no rare key (two articles with no name or number in common,
across languages without MT), and scoring every pair costs no more than the `max_candidates`
per document and language that blocking allows anyway. The seeds (2 ar, 1 fr, 2 en) are such a
corpus: all 10 pairs are candidates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
import scipy.sparse as sp

from corpus.pair.profile import Profile, Profiles


def signature(own: Profile, translated: Iterable[Profile]) -> set[str]:
    """The keys of one document: anchors in any language, words under their language."""
    keys = {f"#{anchor}" for anchor in own.anchors}
    for profile in (own, *translated):
        keys.update(f"{profile.lang}:{word}" for word in profile.words)
    return keys


def few_partners(langs: Sequence[str], max_candidates: int) -> bool:
    """Whether no document has more than `max_candidates` possible partners in any language.

    A document's partners in its own language are the others of that language; in another
    language, all of that language's documents. Scoring every pair then stays within blocking's
    own bound, and the relative screen's lists stay within `max_candidates`, as blocking keeps
    them. A larger threshold (say, every pair of a 40-document corpus) would
    also be cheap to score, but would hand the relative screen lists longer than the
    `max_candidates` it was tuned on (corpus/pair/margin.py) and change which pairs are aligned.
    """
    counts = Counter(langs)
    largest = max(counts.values(), default=0)
    # Only one language: a document's partners are the others.
    return largest - (len(counts) == 1) <= max_candidates


def blocked_pairs(ids: Sequence[str], langs: Sequence[str], profiles: Profiles, *, max_df: int,
                  max_candidates: int) -> set[tuple[int, int]]:
    """Index pairs (i < j) of `ids` that share rare signature keys: for every document, its best
    `max_candidates` partners in each language (`langs[i]` is the language of `ids[i]`); every
    pair when `few_partners`."""
    if few_partners(langs, max_candidates):
        return set(combinations(range(len(ids)), 2))
    translated: dict[str, list[Profile]] = {}
    for (document_id, _), profile in profiles.translated.items():
        translated.setdefault(document_id, []).append(profile)
    # Keys become column numbers as they are met (each document's in sorted order, so the
    # numbering is the same in every run): one copy of each key string is held, not one per
    # document (2,000 generated documents: peak RSS of pairing 665 -> 531 MB).
    column: dict[str, int] = {}
    rows, cols = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for row, i in enumerate(ids):
        keys = sorted(signature(profiles.own[i], translated.get(i, ())))
        cols.append(np.fromiter((column.setdefault(k, len(column)) for k in keys),
                                dtype=np.int64, count=len(keys)))
        rows.append(np.full(len(keys), row, dtype=np.int64))
    key_rows, key_cols = np.concatenate(rows), np.concatenate(cols)
    df = np.bincount(key_cols, minlength=len(column))
    rare = (df >= 2) & (df <= max_df)
    renumber = np.cumsum(rare) - 1
    kept = rare[key_cols]
    # sqrt(idf) on both sides: the product sums the idf of the shared keys.
    weights = np.sqrt(np.log1p(len(ids) / df[key_cols[kept]]))
    matrix = sp.csr_matrix((weights, (key_rows[kept], renumber[key_cols[kept]])),
                           shape=(len(ids), int(rare.sum())))
    shared = (matrix @ matrix.T).tocsr()
    shared.setdiag(0)
    shared.eliminate_zeros()
    codes = {lang: code for code, lang in enumerate(sorted(set(langs)))}
    lang_of = np.array([codes[lang] for lang in langs], dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    for row in range(len(ids)):
        start, end = shared.indptr[row], shared.indptr[row + 1]
        partners, scores = shared.indices[start:end], shared.data[start:end]
        # By partner language, then highest shared weight, then lower index: the same corpus
        # always gives the same pairs.
        order = np.lexsort((partners, -scores, lang_of[partners]))
        partners, partner_langs = partners[order], lang_of[partners[order]]
        first = np.searchsorted(partner_langs, partner_langs, side="left")
        keep = partners[np.arange(len(partners)) - first < max_candidates]
        pairs.update((min(row, int(p)), max(row, int(p))) for p in keep)
    return pairs
