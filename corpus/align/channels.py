"""Which similarity channels an alignment uses, built from the texts and the MT available."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.align.settings import AlignSettings
from corpus.align.similarity import Channel
from corpus.align.vectors import char_vectors, word_vectors

# Relative weights of the channels in the similarity mix (tuned on Text+Berg dev).
MT_CHAR_WEIGHT = 1.0
MT_WORD_WEIGHT = 0.5
DIRECT_CHAR_WEIGHT = 0.3
LEXICON_WEIGHT = 1.0


def build_channels(src: Sequence[str], tgt: Sequence[str], src_mt: Sequence[str] | None,
                   tgt_mt: Sequence[str] | None, settings: AlignSettings,
                   same_language: bool = False) -> list[Channel]:
    """MT-bridged channels for each direction given, plus direct character n-grams.

    The direct channel (source vs target as written) carries numbers, names and cognates, and is
    all there is before the lexicon is learnt when no MT is given; for two texts in one language
    it is as good as an MT channel.
    """
    low, high = settings.ngram_low, settings.ngram_high
    channels = []
    if src_mt is not None and settings.use_src_mt:
        channels.append(Channel(*char_vectors(src_mt, tgt, low, high), MT_CHAR_WEIGHT))
        channels.append(Channel(*word_vectors(src_mt, tgt), MT_WORD_WEIGHT))
    if tgt_mt is not None and settings.use_tgt_mt:
        channels.append(Channel(*char_vectors(src, tgt_mt, low, high), MT_CHAR_WEIGHT))
        channels.append(Channel(*word_vectors(src, tgt_mt), MT_WORD_WEIGHT))
    direct = DIRECT_CHAR_WEIGHT if channels and not same_language else MT_CHAR_WEIGHT
    channels.append(Channel(*char_vectors(src, tgt, low, high), direct))
    return channels
