"""A word-translation table learnt from the text being aligned (hunalign-style bootstrapping).

After a first alignment, confident 1-1 links are taken as a small parallel corpus; source and
target words that co-occur in them far more than chance (Dice coefficient) become translation
pairs. Multiplying a source sentence's word vector by the table "translates" it into target words,
which gives a lexical similarity channel without any MT system.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from corpus.align.vectors import Keys, count_matrix, hashed_columns

MIN_COOCCURRENCE = 2  # a pair seen once is as likely noise as evidence
MIN_DICE = 0.25


def binary_word_matrix(rows: np.ndarray, columns: np.ndarray, size: int,
                       space: int) -> sp.csr_matrix:
    """0/1 sentence-by-word matrix of one side."""
    matrix = count_matrix(rows, columns, size, space)
    matrix.data[:] = 1.0
    return matrix


def dice_table(src_words: sp.csr_matrix, tgt_words: sp.csr_matrix) -> sp.csr_matrix:
    """Source-vocabulary x target-vocabulary Dice scores from row-aligned 0/1 word matrices."""
    cooc = (src_words.T @ tgt_words).tocoo()
    src_df = np.asarray(src_words.sum(axis=0)).ravel()
    tgt_df = np.asarray(tgt_words.sum(axis=0)).ravel()
    dice = 2.0 * cooc.data / (src_df[cooc.row] + tgt_df[cooc.col])
    keep = (cooc.data >= MIN_COOCCURRENCE) & (dice >= MIN_DICE)
    return sp.csr_matrix((dice[keep], (cooc.row[keep], cooc.col[keep])),
                         shape=(src_words.shape[1], tgt_words.shape[1]))


def lexical_vectors(src: Keys, n_src: int, tgt: Keys, n_tgt: int,
                    pairs: Sequence[tuple[int, int]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(source sentences mapped into target words, target word vectors), idf-weighted.

    `src`/`tgt` are the word keys of each side (`vectors.word_keys`).
    """
    src_cols, tgt_cols, space = hashed_columns(src[1], tgt[1])
    src_words = binary_word_matrix(src[0], src_cols, n_src, space)
    tgt_words = binary_word_matrix(tgt[0], tgt_cols, n_tgt, space)
    if pairs:
        rows_s = np.fromiter((i for i, _ in pairs), dtype=np.int64)
        rows_t = np.fromiter((j for _, j in pairs), dtype=np.int64)
        table = dice_table(src_words[rows_s], tgt_words[rows_t])
    else:
        table = sp.csr_matrix((space, space))
    df = np.asarray(tgt_words.sum(axis=0)).ravel()
    idf = np.log((tgt_words.shape[0] + 1) / (df + 1))
    weight = sp.diags(idf)
    return sp.csr_matrix(src_words @ table @ weight), sp.csr_matrix(tgt_words @ weight)
