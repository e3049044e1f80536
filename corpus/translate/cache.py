"""A persistent translation cache: SQLite in WAL mode, one row per (translator identity, source).

Each finished batch is committed at once, so a run killed mid-way keeps everything it translated
and the next run resumes from there; WAL plus a busy timeout lets two processes share the file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from corpus.errors import CorpusError
from corpus.translate.engine import Chunk, Translator

_SCHEMA = """CREATE TABLE IF NOT EXISTS translation (
    key BLOB PRIMARY KEY, translator TEXT NOT NULL, output TEXT NOT NULL) WITHOUT ROWID"""
_LOOKUP_LIMIT = 500  # keys per SELECT, below SQLite's bound-parameter limit


class TranslationCache:
    """Translations by key; open one per process (SQLite connections are not shared)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.Error as exc:
            raise CorpusError(f"cannot open the translation cache: {exc}", self.path) from exc

    @staticmethod
    def key(identity: str, source: str) -> bytes:
        return hashlib.sha256(f"{identity}\x00{source}".encode()).digest()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, str]:
        found: dict[bytes, str] = {}
        for start in range(0, len(keys), _LOOKUP_LIMIT):
            part = list(keys[start:start + _LOOKUP_LIMIT])
            marks = ",".join("?" * len(part))
            found.update(self._db.execute(
                f"SELECT key, output FROM translation WHERE key IN ({marks})", part))
        return found

    def put_many(self, translator: str, items: Sequence[tuple[bytes, str]]) -> None:
        """Store and commit (one transaction: the batch is either all there or absent)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translation (key, translator, output) VALUES (?, ?, ?)",
                [(k, translator, v) for k, v in items])

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translation").fetchone()[0]

    def close(self) -> None:
        self._db.close()


class CachedTranslator(Translator):
    """Serve what the cache knows; translate the rest once (duplicates included) and store it
    batch by batch. `on_progress(n)` is told how many input sentences each step completed."""

    def __init__(self, inner: Translator, cache: TranslationCache,
                 on_progress: Callable[[int], None] | None = None) -> None:
        self.inner, self.cache = inner, cache
        self.source, self.target = inner.source, inner.target
        self.on_progress = on_progress
        self.hits = 0
        self.translated = 0

    @property
    def identity(self) -> str:
        return self.inner.identity

    def translate_chunks(self, sentences: Sequence[str]) -> Iterator[Chunk]:
        identity = self.identity
        keys = [self.cache.key(identity, s) for s in sentences]
        known = self.cache.get_many(keys)
        hits = [(i, known[k]) for i, k in enumerate(keys) if k in known]
        self.hits += len(hits)
        if hits:
            self._progress(len(hits))
            yield hits
        positions: dict[str, list[int]] = {}
        for i, (k, s) in enumerate(zip(keys, sentences, strict=True)):
            if k not in known:
                positions.setdefault(s, []).append(i)
        unique = list(positions)
        for chunk in self.inner.translate_chunks(unique):
            self.cache.put_many(identity, [(self.cache.key(identity, unique[j]), text)
                                           for j, text in chunk])
            self.translated += len(chunk)
            out = [(i, text) for j, text in chunk for i in positions[unique[j]]]
            self._progress(len(out))
            yield out

    def _progress(self, n: int) -> None:
        if self.on_progress:
            self.on_progress(n)
