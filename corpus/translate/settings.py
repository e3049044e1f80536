"""The options of the translation stage, in one frozen object whose fields sign every output."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import ClassVar

DEVICES = ("cpu", "cuda", "auto")


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class TranslateSettings:
    """How sentences are decoded.

    Defaults were chosen by measurement (docs/DESIGN.md): beam 2 keeps nearly all of
    beam 4's quality at well under its cost; int8 on CPU; two translators working on different
    batches, sharing the cores; batches of at most `max_batch_tokens` padded source tokens over
    length-sorted sentences of one decoding cap (`decoding_cap`: `decoding_ratio` × the source
    + `decoding_extra` tokens, rounded up to a ladder of ratio `batch_length_spread`, never past
    `max_decoding_length`), so a runaway hypothesis cannot cost 256 steps. A sentence longer
    than `max_piece_tokens` source tokens is decoded in pieces (`engine.split_tokens`), so that
    the cap never cuts off the end of its translation.
    """

    SIGNATURE_PREFIX: ClassVar[str] = "mt"

    beam_size: int = 2
    length_penalty: float = 0.2
    device: str = "cpu"
    compute_type: str = "auto"
    max_batch_tokens: int = 2048
    batch_length_spread: float = 1.2
    inter_threads: int = 0  # 0: two translators when there are two cores or more
    intra_threads: int = 0  # 0: the usable cores shared between them
    decoding_ratio: float = 2.0
    decoding_extra: int = 10
    max_decoding_length: int = 256
    max_piece_tokens: int = 120
    pivot: str = "en"

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ValueError("beam_size must be at least 1")
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {self.device!r}")
        if self.max_batch_tokens < 1 or self.max_decoding_length < 1:
            raise ValueError("max_batch_tokens and max_decoding_length must be positive")
        if self.max_piece_tokens < 8:
            raise ValueError("max_piece_tokens must be at least 8")
        if not 1 <= self.batch_length_spread < math.inf:
            raise ValueError("batch_length_spread must be a finite number of at least 1")
        if not (math.isfinite(self.decoding_ratio) and self.decoding_ratio >= 0
                and math.isfinite(self.length_penalty)):
            raise ValueError("decoding_ratio must be a finite number of at least 0 and "
                             "length_penalty a finite number")

    def threads(self) -> tuple[int, int]:
        """(inter, intra) thread counts with 0 resolved from the usable cores."""
        cores = usable_cores()
        inter = self.inter_threads or (2 if cores >= 2 else 1)
        return inter, self.intra_threads or max(1, cores // inter)

    def decoding_length(self, source_tokens: int) -> int:
        """How many tokens a translation of `source_tokens` tokens may need."""
        wanted = math.ceil(self.decoding_ratio * source_tokens) + self.decoding_extra
        return max(1, min(self.max_decoding_length, wanted))

    def decoding_cap(self, source_tokens: int) -> int:
        """The cap a sentence is decoded under: its `decoding_length` rounded up to the next
        rung of a ladder of ratio `batch_length_spread` (never past `max_decoding_length`).

        A batch holds sentences of one rung, so the cap depends on the sentence alone, not on
        its batch-mates, which depend on what the cache already held and on the other articles
        of the run: a cap taken from a batch's longest sentence made a resumed run translate a
        runaway sentence differently from a fresh one.
        """
        own = self.decoding_length(source_tokens)
        if self.batch_length_spread == 1 or own == 1:
            return own
        rung = math.ceil(math.log(own) / math.log(self.batch_length_spread))
        return min(self.max_decoding_length, max(own, math.floor(self.batch_length_spread ** rung)))

    def output_options(self) -> dict[str, object]:
        """The options that change the words produced, for the cache key and the manifest.

        `batch_length_spread` is among them (it sets the rungs of `decoding_cap`, which can cut
        a runaway translation); `max_batch_tokens` is not: how many sentences of one rung share
        a batch changes no sentence's cap.
        """
        return {"beam_size": self.beam_size, "length_penalty": self.length_penalty,
                "decoding_ratio": self.decoding_ratio, "decoding_extra": self.decoding_extra,
                "max_decoding_length": self.max_decoding_length,
                "max_piece_tokens": self.max_piece_tokens,
                "batch_length_spread": self.batch_length_spread}
