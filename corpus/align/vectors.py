"""Sentences as sparse tf-idf vectors (character n-grams and words), built with numpy.

The aligner compares many sentence pairs, so the n-gram profiles of `features.char_ngrams` are
computed here in bulk: each side is normalised once, encoded as code points and every n-gram is
hashed with a vectorised polynomial hash, so 16,000 sentences take a fraction of a second.
Vectors hold raw counts times idf (n-grams hashed into a fixed space), which makes the vector of
a group of sentences the sum of its members' vectors (what the bead search relies on).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from corpus.align.features import normalize, tokens

_HASH_MULTIPLIER = np.uint64(1_000_003)
_SEPARATOR = 0
# Columns of the hashed n-gram space: 2**20 keeps collisions rare for documents of 10,000 sentences.
HASH_DIMENSION = 1 << 20


def ngram_keys(texts: Sequence[str], low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    """Row index and 64-bit key of every character n-gram (`low`..`high`) of every text."""
    padded = "".join(f"\x00 {normalize(t)} " for t in texts) + "\x00"
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = codes == _SEPARATOR
    row_of = np.cumsum(is_sep) - 1
    seps_before = np.concatenate(([0], np.cumsum(is_sep)))
    rows, keys = [], []
    with np.errstate(over="ignore"):
        h = np.full(len(codes), np.uint64(7919), dtype=np.uint64)
        for n in range(1, high + 1):
            usable = len(codes) - n + 1
            h = h[:usable] * _HASH_MULTIPLIER + codes[n - 1:n - 1 + usable]
            if n < low:
                continue
            clean = seps_before[n:n + usable] - seps_before[:usable] == 0
            rows.append(row_of[:usable][clean])
            keys.append(h[clean] ^ np.uint64(n))
    return np.concatenate(rows), np.concatenate(keys)


def word_keys(texts: Sequence[str], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Row index and vocabulary id of every normalised word; `vocabulary` grows as needed."""
    rows, keys = [], []
    for row, text in enumerate(texts):
        for token in tokens(text):
            rows.append(row)
            keys.append(vocabulary.setdefault(token, len(vocabulary)))
    return np.asarray(rows, dtype=np.int64), np.asarray(keys, dtype=np.uint64)


def count_matrix(rows: np.ndarray, columns: np.ndarray, n_rows: int,
                 n_cols: int) -> sp.csr_matrix:
    """Sparse counts of (row, column) occurrences."""
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sp.csr_matrix((data, (rows, columns.astype(np.int64))), shape=(n_rows, n_cols))
    matrix.sum_duplicates()
    return matrix


def compact_columns(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Renumber hashed columns 0..k-1 over the ones in use (sparse kernels scale with width)."""
    used = np.zeros(HASH_DIMENSION, dtype=bool)
    used[left.astype(np.int64)] = True
    used[right.astype(np.int64)] = True
    new = np.cumsum(used) - 1
    return new[left.astype(np.int64)], new[right.astype(np.int64)], int(used.sum())


def idf_weight(matrices: Sequence[sp.csr_matrix]) -> None:
    """Scale counts in place by idf computed over the rows of all matrices together."""
    n_docs = sum(m.shape[0] for m in matrices)
    df = sum(np.bincount(m.indices, minlength=m.shape[1]) for m in matrices)
    idf = np.log((n_docs + 1) / (np.asarray(df, dtype=np.float64) + 1))
    for m in matrices:
        m.data *= idf[m.indices]


def char_vectors(left: Sequence[str], right: Sequence[str], low: int,
                 high: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """tf-idf character n-gram vectors of two sides written in the same language."""
    mask = np.uint64(HASH_DIMENSION - 1)
    lrows, lkeys = ngram_keys(left, low, high)
    rrows, rkeys = ngram_keys(right, low, high)
    lcols, rcols, n_cols = compact_columns(lkeys & mask, rkeys & mask)
    a = count_matrix(lrows, lcols, len(left), n_cols)
    b = count_matrix(rrows, rcols, len(right), n_cols)
    idf_weight([a, b])
    return a, b


def word_vectors(left: Sequence[str], right: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """tf-idf word vectors of two sides written in the same language."""
    vocabulary: dict[str, int] = {}
    lrows, lkeys = word_keys(left, vocabulary)
    rrows, rkeys = word_keys(right, vocabulary)
    a = count_matrix(lrows, lkeys, len(left), len(vocabulary))
    b = count_matrix(rrows, rkeys, len(right), len(vocabulary))
    idf_weight([a, b])
    return a, b
