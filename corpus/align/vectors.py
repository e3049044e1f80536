"""Sentences as sparse tf-idf vectors (character n-grams and words), built with numpy.

The aligner compares many sentence pairs, so character n-gram profiles are computed here in
bulk: each side is normalised once, encoded as code points and every n-gram is
hashed with a vectorised polynomial hash, so 16,000 sentences take a fraction of a second.
Vectors hold raw counts times idf (n-grams hashed into a fixed space), which makes the vector of
a group of sentences the sum of its members' vectors (what the bead search relies on).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from corpus.align.features import UNSPACED_RANGES, normalize_all

_HASH_MULTIPLIER = np.uint64(1_000_003)
_HASH_INVERSE = np.uint64(pow(1_000_003, -1, 1 << 64))
_SEPARATOR = 0
_SPACE = ord(" ")
# (row of each occurrence, its 32-bit key), rows sorted: what the vectors are built from.
Keys = tuple[np.ndarray, np.ndarray]
# Columns of the hashed n-gram space: 2**20 keeps collisions rare for documents of 10,000 sentences.
HASH_BITS = 20
HASH_DIMENSION = 1 << HASH_BITS
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd constants of Fibonacci hashing
_MIX32 = np.uint32(0x9E3779B1)


def _codes(texts: Sequence[str]) -> np.ndarray:
    """Code points of `\0 text ` for every (normalised) text, then a final `\0`."""
    padded = "".join(f"\x00 {t} " for t in texts) + "\x00"
    return np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def ngram_keys(texts: Sequence[str], low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
    """Row index and 32-bit key of every character n-gram (`low`..`high`) of every text.

    `texts` must already be normalised (`features.normalize_all`). Rows come out sorted. The
    order n is in the key's low bits (`key & 7`), so `of_orders` can keep a subset.
    """
    codes = _codes(texts)
    is_sep = codes == _SEPARATOR
    seps_before = np.concatenate(([0], np.cumsum(is_sep, dtype=np.int32)))
    row_of = seps_before[1:] - 1
    starts, keys = [], []
    with np.errstate(over="ignore"):
        h = np.full(len(codes), np.uint64(7919), dtype=np.uint64)
        for n in range(1, high + 1):
            usable = len(codes) - n + 1
            if usable < 1:  # texts too short for n-grams of this order (and any higher)
                break
            h = h[:usable] * _HASH_MULTIPLIER + codes[n - 1:n - 1 + usable]
            if n < low:
                continue
            clean = np.flatnonzero(seps_before[n:n + usable] == seps_before[:usable])
            starts.append(clean.astype(np.int32))
            # 32 bits a key: 29 of the mixed hash, then the order n in the low 3 bits.
            mixed = ((h[clean] * _MIX) >> np.uint64(35)).astype(np.uint32)
            keys.append((mixed << np.uint32(3)) | np.uint32(n))
    del h, codes
    # Order by text (start position), a stable merge of already sorted runs.
    if not starts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint32)
    start = np.concatenate(starts)
    order = np.argsort(start, kind="stable")
    return row_of[start[order]].astype(np.int32), np.concatenate(keys)[order]


def of_orders(keys: tuple[np.ndarray, np.ndarray], low: int) -> tuple[np.ndarray, np.ndarray]:
    """The n-grams of `ngram_keys` output of order `low` and above."""
    keep = (keys[1] & np.uint32(7)) >= low
    if keep.all():  # no copy: the channels are built at the aligner's peak memory
        return keys
    return keys[0][keep], keys[1][keep]


def _words(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, first and end code index of every word in `_codes` output: a space-delimited run,
    or one character of a script written without spaces (`features.tokens`' words)."""
    boundary = (codes == _SEPARATOR) | (codes == _SPACE)
    row_of = np.cumsum(codes == _SEPARATOR) - 1
    unspaced = np.zeros(len(codes), dtype=bool)
    for low, high in UNSPACED_RANGES:
        unspaced |= (codes >= low) & (codes <= high)
    # A word starts after a boundary or at / after an unspaced character, and ends likewise
    # (`_codes` begins and ends with a separator, so both shifts stay inside).
    cut = boundary | unspaced
    starts = ~boundary & (np.roll(cut, 1) | unspaced)
    ends = ~boundary & (np.roll(cut, -1) | unspaced)
    first, end = np.flatnonzero(starts), np.flatnonzero(ends) + 1  # word = codes[first:end]
    return row_of[first].astype(np.int32), first, end


def _span_hashes(codes: np.ndarray, first: np.ndarray, end: np.ndarray) -> np.ndarray:
    """32-bit hash of every `codes[first:end]`, vectorised like `ngram_keys`: a difference of
    prefix sums of code * P**position, brought back to position 0 by the inverse power (P is
    odd, so invertible modulo 2**64)."""
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(len(codes), _HASH_MULTIPLIER, dtype=np.uint64))
        inverse = np.cumprod(np.full(len(codes), _HASH_INVERSE, dtype=np.uint64))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(codes * powers, dtype=np.uint64)))
        keys = (((prefix[end] - prefix[first]) * inverse[first] * _MIX) >> np.uint64(32))
    return keys.astype(np.uint32)


def word_keys(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Row index and 32-bit hash of every word of normalised texts."""
    codes = _codes(texts)
    rows, first, end = _words(codes)
    return rows, _span_hashes(codes, first, end)


# Punctuation that a translation keeps, by what it marks: the marks of one kind in every script
# share a key (`?`, Arabic `؟`, Spanish `¿`, full-width `？`; every kind of quotation mark, the
# Chinese title marks《》among them). Commas and full stops are left out: every sentence has
# them, or the segmenter cut there; `...` is an ellipsis.
PUNCTUATION_KINDS = {
    **dict.fromkeys("?¿؟？", 1), **dict.fromkeys("!¡！", 2), **dict.fromkeys(":：", 3),
    **dict.fromkeys(";؛；", 4), **dict.fromkeys("()（）【】〔〕", 5), **dict.fromkeys("%٪％", 6),
    **dict.fromkeys("«»„“”\"‹›‚‘’「」『』＂《》〈〉", 7), **dict.fromkeys("–—", 8),
    **dict.fromkeys(["…", "..."], 9),
}
# `’` between two letters is an apostrophe (`l’homme`, `it’s`), not a closing quote.
_PUNCTUATION = re.compile(r"\.\.\.|(?<!\w)’|’(?!\w)|[" + re.escape(
    "".join(m for m in PUNCTUATION_KINDS if len(m) == 1 and m != "’")) + "]")


def punctuation_keys(texts: Sequence[str]) -> Keys:
    """Row and kind (`PUNCTUATION_KINDS`) of every punctuation mark of the texts as written.

    Questions, exclamations, colons, brackets, quotations and dashes mostly survive
    translation, one for one, so their counts tell a sentence from its neighbours where
    nothing else is shared (Text+Berg dev without MT 0.850 -> 0.861, whole and halves).
    """
    rows: list[int] = []
    kinds: list[int] = []
    for row, text in enumerate(texts):
        marks = _PUNCTUATION.findall(text)
        rows.extend([row] * len(marks))
        kinds.extend(PUNCTUATION_KINDS[mark] for mark in marks)
    return np.array(rows, dtype=np.int64), np.array(kinds, dtype=np.uint32)


# A number as written: digits of any script, with the group and decimal marks between them.
_NUMBER = re.compile(r"\d+(?:[.,'’]\d+)*")


def number_keys(texts: Sequence[str]) -> Keys:
    """Row and key of every number of the texts as written, by its digits alone.

    `1'000`, `1,000` and `1.000`, `3,5` and `3.5`, `١٩٨٨` and `1988` each meet: the marks that
    group or split digits differ between languages, the value's digits do not (so `35` meets
    `3,5` too, which costs little: a sentence's numbers seldom differ only by a mark).
    """
    rows: list[int] = []
    keys: list[int] = []
    for row, text in enumerate(texts):
        for number in _NUMBER.findall(text):
            digits = "".join(str(unicodedata.digit(ch)) for ch in number if ch.isdigit())
            rows.append(row)
            keys.append(zlib.crc32(digits.encode()))
    return np.array(rows, dtype=np.int64), np.array(keys, dtype=np.uint32)


def prefix_keys(texts: Sequence[str], length: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and hash of each word's first `length` letters; numbers whole, shorter words left out.

    The cognate test of Simard et al. (1992): across related languages, words that share their
    first four letters are mostly translations (`représentants` / `representatives`), while the
    short function words that make the character n-grams of two unrelated sentences look alike
    are dropped. `texts` must be normalised.
    """
    codes = _codes(texts)
    rows, first, end = _words(codes)
    digits = np.concatenate(([0], np.cumsum((codes >= ord("0")) & (codes <= ord("9")))))
    number = digits[end] - digits[first] == end - first
    keep = number | (end - first >= length)
    first, end, number = first[keep], end[keep], number[keep]
    return rows[keep], _span_hashes(codes, first, np.where(number, end, first + length))


def count_matrix(rows: np.ndarray, columns: np.ndarray, n_rows: int,
                 n_cols: int) -> sp.csr_matrix:
    """Sparse counts of (row, column) occurrences; `rows` must be sorted."""
    indptr = np.searchsorted(rows, np.arange(n_rows + 1))
    # float32: halves the largest arrays of the aligner; cosines need no more precision.
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), columns.astype(np.int32), indptr),
                           shape=(n_rows, n_cols))
    # Transposing twice sorts each row's columns in linear time (2.4x faster than scipy's per-row
    # sort at 1.5M entries); the duplicates are then adjacent and summed in one pass. One copy
    # at a time: this runs at the aligner's peak memory.
    matrix = matrix.tocsc()
    matrix = matrix.tocsr()
    matrix.sum_duplicates()
    return matrix


def hashed_columns(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """32-bit keys hashed into HASH_DIMENSION columns, renumbered 0..k-1 over those in use
    (sparse kernels scale with the width)."""
    with np.errstate(over="ignore"):  # multiplicative hashing: the top bits mix all 32
        left, right = ((k * _MIX32) >> np.uint32(32 - HASH_BITS) for k in (left, right))
    used = np.zeros(HASH_DIMENSION, dtype=bool)
    used[left.astype(np.int64)] = True
    used[right.astype(np.int64)] = True
    new = np.cumsum(used) - 1
    return new[left.astype(np.int64)], new[right.astype(np.int64)], int(used.sum())


def idf_weight(matrices: Sequence[sp.csr_matrix]) -> None:
    """Scale counts in place by idf computed over the rows of all matrices together.

    A feature found in every row keeps half the weight of one missing from a single row rather
    than none: otherwise a one-sentence text, or one line repeated, had all-zero vectors and
    could not be linked even to itself.
    """
    n_docs = sum(m.shape[0] for m in matrices)
    df = sum(np.bincount(m.indices, minlength=m.shape[1]) for m in matrices)
    idf = np.log((n_docs + 1) / (np.asarray(df, dtype=np.float64) + 1))
    idf = np.maximum(idf, 0.5 * np.log((n_docs + 1) / n_docs)).astype(np.float32)
    for m in matrices:
        m.data *= idf[m.indices]


@dataclass(frozen=True)
class SideKeys:
    """One list of texts tokenised once: normalised text, char n-gram keys, word ids."""

    texts: list[str]
    chars: Keys
    words: Keys

    @property
    def size(self) -> int:
        return len(self.texts)


def side_keys(texts: Sequence[str], low: int, high: int) -> SideKeys:
    """Everything the channels need from one side, computed once."""
    norm = normalize_all(texts)
    return SideKeys(norm, ngram_keys(norm, low, high), word_keys(norm))


def char_vectors(left: Sequence[str], right: Sequence[str], low: int,
                 high: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """tf-idf character n-gram vectors of two sides written in the same language."""
    return keyed_vectors(ngram_keys(normalize_all(left), low, high), len(left),
                         ngram_keys(normalize_all(right), low, high), len(right))


def word_vectors(left: Sequence[str], right: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """tf-idf word vectors of two sides written in the same language."""
    return keyed_vectors(word_keys(normalize_all(left)), len(left), word_keys(normalize_all(right)),
                         len(right))


def keyed_vectors(left: tuple[np.ndarray, np.ndarray], n_left: int,
                  right: tuple[np.ndarray, np.ndarray], n_right: int
                  ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """tf-idf vectors of two sides from their (row, 32-bit key) pairs."""
    lcols, rcols, space = hashed_columns(left[1], right[1])
    a = count_matrix(left[0], lcols, n_left, space)
    b = count_matrix(right[0], rcols, n_right, space)
    idf_weight([a, b])
    return a, b
