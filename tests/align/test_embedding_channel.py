"""The sentence-embedding channel: preparation, its use by the aligner, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from corpus.align import align_sentences
from corpus.align.channels import MIN_EMBEDDED_SENTENCES, embedding_channel
from corpus.errors import InputError

# Two "languages" with no character in common: nothing but the embeddings can link them.
SRC = [f"{w} {w}{w} {w}" for w in "abcdefghij"]
TGT = [f"{w} {w}{w}{w} {w}" for w in "абвгдежзий"]


def _vectors(seed: int, rows: int, dim: int = 24) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(rows, dim)) + 5.0  # a shared offset


def test_channel_centres_each_side_and_normalises_rows() -> None:
    src, tgt = _vectors(1, 6), _vectors(2, 7) + 3.0
    channel = embedding_channel(src, tgt, 2.0)
    assert channel.weight == 2.0 and not channel.textual
    for side, raw in ((channel.src.toarray(), src), (channel.tgt.toarray(), tgt)):
        assert np.allclose(np.linalg.norm(side, axis=1), 1.0, atol=1e-6)
        centred = raw - raw.mean(axis=0)
        expected = centred / np.linalg.norm(centred, axis=1, keepdims=True)
        assert np.allclose(side, expected, atol=1e-6)


def test_embeddings_link_texts_that_share_no_character() -> None:
    # Target 4 is an insertion; every other target sentence has its source's vector plus noise.
    base = _vectors(3, len(SRC))
    noise = np.random.default_rng(4).normal(scale=0.05, size=(len(SRC) + 1, base.shape[1]))
    tgt_vectors = np.insert(base, 4, _vectors(5, 1)[0], axis=0) + noise
    tgt = [*TGT[:4], "ф фф ф", *TGT[4:]]
    beads = align_sentences(SRC, tgt, src_lang="xx", tgt_lang="yy", src_emb=base,
                            tgt_emb=tgt_vectors)
    links = [(b.src, b.tgt) for b in beads if b.src and b.tgt]
    expected = [((i,), (i if i < 4 else i + 1,)) for i in range(len(SRC))]
    assert links == expected
    assert [b.tgt for b in beads if not b.src] == [(4,)]
    without = align_sentences(SRC, tgt, src_lang="xx", tgt_lang="yy")
    assert [(b.src, b.tgt) for b in without if b.src and b.tgt] != expected


def test_short_sides_get_no_embedding_channel() -> None:
    # Centred on the mean of fewer sentences, vectors mostly describe the sentences themselves.
    n = MIN_EMBEDDED_SENTENCES - 1
    vectors = _vectors(6, n)
    with_emb = align_sentences(SRC[:n], TGT[:n], src_lang="xx", tgt_lang="yy", src_emb=vectors,
                               tgt_emb=vectors)
    assert with_emb == align_sentences(SRC[:n], TGT[:n], src_lang="xx", tgt_lang="yy")


@pytest.mark.parametrize(("src_emb", "tgt_emb", "message"), [
    (np.zeros((10, 4)), None, "both sides or for neither"),
    (np.zeros((9, 4)), np.zeros((10, 4)), "source embeddings have shape (9, 4)"),
    (np.zeros((10, 4)), np.zeros((10,)), "target embeddings have shape (10,)"),
    (np.zeros((10, 4)), np.zeros((10, 5)), "differ in size (4 and 5)"),
])
def test_bad_embeddings_are_one_clear_error(src_emb, tgt_emb, message) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        align_sentences(SRC, TGT, src_lang="xx", tgt_lang="yy", src_emb=src_emb,
                        tgt_emb=tgt_emb)
