"""Translators: one interface, `translate_batch(list[str]) -> list[str]`, three implementations.

`PackageTranslator` runs an Argos package (its own tokenizer, CTranslate2 on its `model/`
folder); `PivotTranslator` chains two translators; `corpus.translate.cache.CachedTranslator` puts a
persistent cache in front of any of them. The package translator sorts sentences by length and
cuts token-bounded batches so padding is small and each batch's decoding cap is tight.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from corpus.errors import ModelError
from corpus.translate.packages import InstalledPackage, package_tokenizer
from corpus.translate.settings import TranslateSettings

# Batches queued per translator beyond the one it decodes (see `translate_chunks`).
IN_FLIGHT_PER_TRANSLATOR = 2
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")

Chunk = list[tuple[int, str]]  # (position in the input, translation)
# SentencePiece pieces after which a sentence is best cut: clause punctuation (Latin, Arabic).
_CLAUSE_END = frozenset(",;:)]}»\"”’'.!?،؛؟")
# Languages written without spaces between words: pieces of a cut sentence join with none.
_NO_SPACES = frozenset({"ja", "zh", "th"})


class Translator(ABC):
    """Translates a list of sentences; subclasses yield results chunk by chunk."""

    source: str
    target: str

    @property
    @abstractmethod
    def identity(self) -> str:
        """Everything that determines the output for a given input (the cache key's prefix)."""

    @abstractmethod
    def translate_chunks(self, sentences: Sequence[str]) -> Iterator[Chunk]:
        """Yield translations as they are ready, each with its index in `sentences`."""

    def translate_batch(self, sentences: Sequence[str]) -> list[str]:
        out = [""] * len(sentences)
        for chunk in self.translate_chunks(sentences):
            for i, text in chunk:
                out[i] = text
        return out


def one_line(text: str) -> str:
    """A translation as one line: line and paragraph separators become spaces."""
    return _LINE_BREAKS.sub(" ", text).strip()


def resolve_device(settings: TranslateSettings) -> tuple[str, str]:
    """(device, compute type) CTranslate2 can really use, or a one-line ModelError."""
    import ctranslate2

    cuda = ctranslate2.get_cuda_device_count()
    device = settings.device
    if device == "auto":
        device = "cuda" if cuda else "cpu"
    if device == "cuda" and cuda == 0:
        raise ModelError("--device cuda was asked for, but CTranslate2 finds no usable CUDA GPU "
                         "(no driver/GPU, or a CTranslate2 build without CUDA); use --device cpu")
    compute = settings.compute_type
    if compute == "auto":
        compute = "float16" if device == "cuda" else "int8"
    supported = ctranslate2.get_supported_compute_types(device)
    if compute not in supported:
        raise ModelError(f"compute type {compute!r} is not supported on {device} here "
                         f"(supported: {', '.join(sorted(supported))})")
    return device, compute


@functools.lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def model_digest(package: InstalledPackage) -> str:
    """A short content hash of the package's weights (memoised per file state)."""
    model = package.model_dir / "model.bin"
    try:  # the package may have been removed since it was listed
        info = model.stat()
        return _file_digest(str(model), info.st_size, info.st_mtime_ns)
    except OSError as exc:
        raise ModelError(f"cannot read the model: {exc.strerror or exc}", model) from exc


def split_tokens(tokens: Sequence[str], limit: int) -> list[list[str]]:
    """A token sequence cut into the fewest pieces of at most `limit` tokens, of about equal
    length, each cut at a word start (a SentencePiece token opening with `▁`) and, where one is
    within a quarter piece of the even cut, right after clause punctuation.

    Models decode a piece better than an over-long sentence, and no piece reaches the decoding
    cap, which would silently drop the end of the sentence's translation.
    """
    n = len(tokens)
    if n <= limit:
        return [list(tokens)]
    parts = -(-n // limit)
    size = n / parts
    cuts = [0]
    for k in range(1, parts):
        prev = cuts[-1]
        lo, hi = max(prev + 1, n - (parts - k) * limit), min(prev + limit, n - 1)
        ideal, reach = round(k * size), int(size / 4)
        if max(lo, ideal - reach) <= min(hi, ideal + reach):
            lo, hi = max(lo, ideal - reach), min(hi, ideal + reach)

        def rank(cut: int, ideal: int = ideal) -> tuple[bool, bool, int]:
            word_start = tokens[cut].startswith("▁")
            clause = word_start and tokens[cut - 1].lstrip("▁")[-1:] in _CLAUSE_END
            return clause, word_start, -abs(cut - ideal)

        cuts.append(max(range(lo, hi + 1), key=rank))
    cuts.append(n)
    return [list(tokens[a:b]) for a, b in itertools.pairwise(cuts)]


class _Pieces:
    """The pieces that a batch of sentences is decoded as (`split_tokens`), and the joining of
    each sentence's translated pieces once the last of them is done."""

    def __init__(self, tokenized: Sequence[list[str]], limit: int, joiner: str) -> None:
        self.tokens: list[list[str]] = []
        self.owner: list[int] = []  # the sentence (index into `tokenized`) of each piece
        self.joiner = joiner
        self._texts: list[list[str | None]] = []
        self._first: list[int] = []  # the index of each sentence's first piece
        for j, tokens in enumerate(tokenized):
            split = split_tokens(tokens, limit)
            self._first.append(len(self.tokens))
            self.tokens += split
            self.owner += [j] * len(split)
            self._texts.append([None] * len(split))

    def done(self, piece: int, text: str) -> tuple[int, str] | None:
        """Record a piece's translation; its sentence's translation when it is complete."""
        j = self.owner[piece]
        texts = self._texts[j]
        texts[piece - self._first[j]] = text
        if any(t is None for t in texts):
            return None
        return j, self.joiner.join(t for t in texts if t)


class PackageTranslator(Translator):
    """One Argos package on CTranslate2, with argostranslate's output conventions: the target
    prefix is forced then stripped, unknown tokens are replaced by the attended source token,
    SentencePiece pieces are detokenised, and the tokenizer's leading space is dropped."""

    def __init__(self, package: InstalledPackage, settings: TranslateSettings) -> None:
        self.package = package
        self.source, self.target = package.source, package.target
        self.settings = settings
        self.device, self.compute_type = resolve_device(settings)
        self._translator: Any = None
        self._tokenizer: Any = None

    @property
    def identity(self) -> str:
        options = json.dumps(self.settings.output_options(), sort_keys=True)
        return (f"{self.package.name}@{self.package.version}#{model_digest(self.package)}"
                f"|{self.device}|{self.compute_type}|{options}")

    def _load(self) -> tuple[Any, Any]:
        if self._translator is None:
            import ctranslate2

            inter, intra = self.settings.threads()
            try:
                tokenizer = package_tokenizer(self.package)
                # argostranslate reads the SentencePiece file on the first encode: a damaged
                # one must fail here, as a model error, not as a traceback mid-run.
                tokenizer.encode("a")
                self._translator = ctranslate2.Translator(
                    str(self.package.model_dir), device=self.device,
                    compute_type=self.compute_type, inter_threads=inter, intra_threads=intra)
                self._tokenizer = tokenizer
            except (RuntimeError, ValueError, OSError, AttributeError) as exc:
                raise ModelError(f"cannot load the model: {one_line(str(exc))}",
                                 self.package.path) from exc
        return self._translator, self._tokenizer

    def _decode(self, tokens: list[str]) -> str:
        prefix = self.package.target_prefix
        if prefix and tokens and tokens[0] == prefix:
            tokens = tokens[1:]
        processor = getattr(self._tokenizer, "lazy_processor", None)
        # SentencePiece: decode the pieces ourselves (argostranslate also turns "_" into spaces,
        # which would corrupt URLs and handles).
        text = processor().decode_pieces(tokens) if processor else self._tokenizer.decode(tokens)
        if prefix and text.startswith(prefix):
            text = text[len(prefix):]
        return one_line(text.replace("▁", " "))

    def batches(self, tokenized: Sequence[list[str]]) -> list[list[int]]:
        """Indices sorted by length and grouped into batches of at most `max_batch_tokens`
        padded source tokens, every member with the same `decoding_cap` (so that where a
        sentence's translation is cut does not depend on which others share its batch)."""
        s = self.settings
        order = sorted(range(len(tokenized)), key=lambda i: len(tokenized[i]))
        batches: list[list[int]] = []
        current: list[int] = []
        cap = 0
        for i in order:
            longest = len(tokenized[i])  # the longest so far: the order is ascending
            full = longest * (len(current) + 1) > s.max_batch_tokens
            if current and (full or s.decoding_cap(longest) != cap):
                batches.append(current)
                current = []
            if not current:
                cap = s.decoding_cap(longest)
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def translate_chunks(self, sentences: Sequence[str]) -> Iterator[Chunk]:
        translator, tokenizer = self._load()
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        if len(todo) < len(sentences):
            yield [(i, "") for i, s in enumerate(sentences) if not s.strip()]
        s = self.settings
        pieces = _Pieces([tokenizer.encode(sentences[i]) for i in todo], s.max_piece_tokens,
                         "" if self.target in _NO_SPACES else " ")
        prefix = self.package.target_prefix
        pending: deque[tuple[list[int], list[Any]]] = deque()
        # Only a few batches in flight: with all of them queued at once, CTranslate2 answered
        # the first one only near the end of the run, so nothing reached the cache before then
        # and an interrupted run had nothing to resume from.
        ahead = IN_FLIGHT_PER_TRANSLATOR * s.threads()[0]
        # Longest batches first: with two translators taking batches from one queue, the short
        # ones at the end even out their finishing times.
        for batch in reversed(self.batches(pieces.tokens)):
            source = [pieces.tokens[p] for p in batch]
            pending.append((batch, translator.translate_batch(
                source, target_prefix=[[prefix]] * len(source) if prefix else None,
                beam_size=s.beam_size, length_penalty=s.length_penalty,
                max_decoding_length=s.decoding_cap(len(source[0])) + (1 if prefix else 0),
                replace_unknowns=True, max_batch_size=0, asynchronous=True)))
            if len(pending) > ahead:
                yield self._finished(todo, pieces, *pending.popleft())
        while pending:
            yield self._finished(todo, pieces, *pending.popleft())

    def _finished(self, todo: list[int], pieces: _Pieces, batch: list[int],
                  results: list[Any]) -> Chunk:
        """The (sentence index, translation) pairs a submitted batch completes, once it is done
        (a sentence decoded in pieces is complete with its last piece)."""
        chunk = []
        for p, r in zip(batch, results, strict=True):
            try:  # a vocabulary that does not match model.bin fails only here
                text = self._decode(r.result().hypotheses[0])
            except (RuntimeError, ValueError, IndexError) as exc:
                raise ModelError(f"cannot translate with the model: {one_line(str(exc))}",
                                 self.package.path) from exc
            complete = pieces.done(p, text)
            if complete is not None:
                chunk.append((todo[complete[0]], complete[1]))
        return chunk


class PivotTranslator(Translator):
    """source → pivot → target through two translators (each may be cached)."""

    def __init__(self, first: Translator, second: Translator) -> None:
        if first.target != second.source:
            raise ValueError(f"cannot chain {first.source}→{first.target} "
                             f"with {second.source}→{second.target}")
        self.first, self.second = first, second
        self.source, self.target = first.source, second.target

    @property
    def identity(self) -> str:
        return f"{self.first.identity} > {self.second.identity}"

    def translate_chunks(self, sentences: Sequence[str]) -> Iterator[Chunk]:
        middle = self.first.translate_batch(sentences)
        yield from self.second.translate_chunks(middle)
