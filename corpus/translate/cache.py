"""A persistent translation cache: SQLite in WAL mode, one row per (translator identity, source).

Each finished batch is committed at once, so a run killed mid-way keeps everything it translated
and the next run resumes from there. Two processes share the file: WAL lets them read while one
writes, a busy timeout makes a writer wait instead of failing with "database is locked", and a
per-model lock file (`claim`) makes a run wait while another translates with the same model, then
take the other's results from the cache instead of translating them again. A damaged cache
(an SQLite file that fails our checks) is moved aside and replaced by an empty cache: a cache
only saves time. A file that is not an SQLite database at all is refused, never moved: it is a
user's file given as `--cache` by mistake, not a cache this tool made.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypeVar

from corpus.errors import CorpusError
from corpus.fileio import check_folder
from corpus.translate.engine import Chunk, Translator
from corpus.translate.locks import exclusive

_SCHEMA = """CREATE TABLE IF NOT EXISTS translation (
    key BLOB PRIMARY KEY, translator TEXT NOT NULL, output TEXT NOT NULL) WITHOUT ROWID"""
_COLUMNS = ["key", "translator", "output"]
_LOOKUP_LIMIT = 500  # keys per SELECT, below SQLite's bound-parameter limit
BUSY_SECONDS = 120.0  # how long a statement waits for another process's write to finish
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_SIDECARS = ("", "-wal", "-shm")
# The first 16 bytes of every SQLite 3 database file (https://sqlite.org/fileformat.html).
_SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")


def _is_damage(exc: sqlite3.Error) -> bool:
    """True for a damaged file (not for a locked, missing or unwritable one)."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is None:
        return type(exc) is sqlite3.DatabaseError  # what CORRUPT and NOTADB raise on 3.10
    return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _not_sqlite(path: Path) -> bool:
    """True for a file that exists, is not empty and does not start with SQLite's header.

    An empty file is let through: SQLite takes it as an empty database (and a cache another
    process has just created is empty until its first commit). An unreadable file is left to
    SQLite, whose error names the problem.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError:
        return False
    return head != b"" and head != _SQLITE_HEADER


class TranslationCache:
    """Translations by key; open one per process (SQLite connections are not shared).

    `notices` lists what the caller should tell the user (a damaged cache that was rebuilt).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.notices: list[str] = []
        self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        failure = "cannot open the translation cache"
        check_folder(self.path.parent, self.path, failure)
        if self.path.is_dir():  # SQLite would only say "unable to open database file"
            raise CorpusError(f"{failure}: is a folder, not a file", self.path)
        if _not_sqlite(self.path):  # SQLite says NOTADB, which would set the user's file aside
            raise CorpusError("not a translation cache (not an SQLite database); give another "
                              "--cache path", self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CorpusError(f"{failure}: {exc.strerror or exc}", self.path) from exc
        try:
            return self._open()
        except sqlite3.Error as exc:
            if not _is_damage(exc):
                raise self._error(exc) from exc
            self._set_aside(exc)
        try:
            return self._open()
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _open(self) -> sqlite3.Connection:
        """Connect, create the table if needed and check the file is sound (raises if not)."""
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        try:
            self._check_foreign(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.commit()
            (check,) = db.execute("PRAGMA quick_check(1)").fetchone()
            if check != "ok":
                raise sqlite3.DatabaseError(check)
        except BaseException:
            db.close()
            raise
        return db

    def _check_foreign(self, db: sqlite3.Connection) -> None:
        """Refuse another program's database (a mistyped `--cache`): it is sound, so it must not
        be set aside, and adding our table to it (or switching it to WAL) would alter it."""
        tables = {name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = [row[1] for row in db.execute("PRAGMA table_info(translation)")]
        if tables - {"translation"} or columns not in ([], _COLUMNS):
            raise CorpusError("cannot open the translation cache: another program's database "
                              f"(tables: {', '.join(sorted(tables))}); left as it is, give "
                              "another file", self.path)

    def _set_aside(self, exc: sqlite3.Error) -> None:
        """Move a damaged cache (and its WAL files) to `<name>.corrupt-<time>`, once, under a
        lock so that two processes finding the damage together do not move each other's new
        cache."""
        with exclusive(self.path.with_name(self.path.name + ".lock")):
            if self._still_damaged():
                stamp = time.strftime("%Y%m%dT%H%M%S")
                aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
                for suffix in _SIDECARS:
                    part = Path(f"{self.path}{suffix}")
                    if part.exists():
                        part.replace(Path(f"{aside}{suffix}"))
                self.notices.append(f"{self.path}: translation cache is damaged ({exc}); "
                                    f"moved to {aside.name}, starting an empty cache")

    def _still_damaged(self) -> bool:
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
            try:
                return db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok"
            finally:
                db.close()
        except sqlite3.Error as exc:
            return _is_damage(exc)

    def _error(self, exc: sqlite3.Error) -> CorpusError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return CorpusError(f"the translation cache stayed locked by another process for "
                               f"{BUSY_SECONDS:.0f} s; try again", self.path)
        return CorpusError(f"translation cache error: {exc}", self.path)

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work`; if the file turns out damaged mid-run, set it aside and retry once on a
        fresh cache (what was cached is lost, what is being translated is not)."""
        try:
            return work(self._db)
        except sqlite3.Error as exc:
            if not _is_damage(exc):
                raise self._error(exc) from exc
            self._db.close()
            self._set_aside(exc)
            self._db = self._connect()
            try:
                return work(self._db)
            except sqlite3.Error as again:
                raise self._error(again) from again

    def claim(self, identity: str) -> AbstractContextManager[None]:
        """An inter-process lock for translating with `identity` (held by one process at once)."""
        name = hashlib.sha256(identity.encode()).hexdigest()[:16]
        return exclusive(self.path.with_name(f"{self.path.name}.locks") / name)

    @staticmethod
    def key(identity: str, source: str) -> bytes:
        return hashlib.sha256(f"{identity}\x00{source}".encode()).digest()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, str]:
        def lookup(db: sqlite3.Connection) -> dict[bytes, str]:
            found: dict[bytes, str] = {}
            for start in range(0, len(keys), _LOOKUP_LIMIT):
                part = list(keys[start:start + _LOOKUP_LIMIT])
                marks = ",".join("?" * len(part))
                found.update(db.execute(
                    f"SELECT key, output FROM translation WHERE key IN ({marks})", part))
            return found

        return self._run(lookup)

    def put_many(self, translator: str, items: Sequence[tuple[bytes, str]]) -> None:
        """Store and commit (one transaction: the batch is either all there or absent)."""
        rows = [(k, translator, v) for k, v in items]

        def store(db: sqlite3.Connection) -> None:
            with db:
                db.executemany("INSERT OR REPLACE INTO translation (key, translator, output) "
                               "VALUES (?, ?, ?)", rows)

        self._run(store)

    def __len__(self) -> int:
        return self._run(lambda db: db.execute("SELECT COUNT(*) FROM translation").fetchone()[0])

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
        todo = yield from self._serve_cached(keys, range(len(keys)))
        if not todo:
            return
        # Another process translating with this model makes us wait here; what it stored
        # meanwhile is then served from the cache rather than translated a second time.
        with self.cache.claim(identity):
            todo = yield from self._serve_cached(keys, todo)
            positions: dict[str, list[int]] = {}
            for i in todo:
                positions.setdefault(sentences[i], []).append(i)
            unique = list(positions)
            for chunk in self.inner.translate_chunks(unique):
                self.cache.put_many(identity, [(self.cache.key(identity, unique[j]), text)
                                               for j, text in chunk])
                self.translated += len(chunk)
                out = [(i, text) for j, text in chunk for i in positions[unique[j]]]
                self._progress(len(out))
                yield out

    def _serve_cached(self, keys: Sequence[bytes], indices: Iterable[int]
                      ) -> Generator[Chunk, None, list[int]]:
        """Yield the cached translations among `indices`; return the indices still to do."""
        indices = list(indices)
        known = self.cache.get_many([keys[i] for i in indices])
        hits = [(i, known[keys[i]]) for i in indices if keys[i] in known]
        if hits:
            self.hits += len(hits)
            self._progress(len(hits))
            yield hits
        return [i for i in indices if keys[i] not in known]

    def _progress(self, n: int) -> None:
        if self.on_progress:
            self.on_progress(n)
