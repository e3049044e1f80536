import multiprocessing
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from corpus.translate import CachedTranslator, TranslationCache, Translator
from corpus.translate.engine import Chunk


class Upper(Translator):
    """A counting stand-in model that yields one sentence per chunk and can be made to die."""

    source, target = "en", "xx"

    def __init__(self, die_after: int | None = None) -> None:
        self.calls: list[str] = []
        self.die_after = die_after

    @property
    def identity(self) -> str:
        return "upper-v1"

    def translate_chunks(self, sentences: Sequence[str]) -> Iterator[Chunk]:
        for i, s in enumerate(sentences):
            if self.die_after is not None and len(self.calls) == self.die_after:
                raise KeyboardInterrupt
            self.calls.append(s)
            yield [(i, s.upper())]


def test_hits_duplicates_and_persistence(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    inner = Upper()
    cached = CachedTranslator(inner, TranslationCache(path))
    assert cached.translate_batch(["a", "b", "a", "c"]) == ["A", "B", "A", "C"]
    assert inner.calls == ["a", "b", "c"]
    again = CachedTranslator(Upper(), TranslationCache(path))
    assert again.translate_batch(["c", "a", "d"]) == ["C", "A", "D"]
    assert again.inner.calls == ["d"] and again.hits == 2 and again.translated == 1


def test_interrupted_run_resumes_without_losing_work(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    sentences = [f"s{i}" for i in range(10)]
    dying = Upper(die_after=6)
    with pytest.raises(KeyboardInterrupt):
        CachedTranslator(dying, TranslationCache(path)).translate_batch(sentences)
    resumed = Upper()
    out = CachedTranslator(resumed, TranslationCache(path)).translate_batch(sentences)
    assert out == [s.upper() for s in sentences]
    assert resumed.calls == sentences[6:]


def test_identity_separates_models(tmp_path) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    assert cache.key("m1", "x") != cache.key("m2", "x")
    cache.put_many("m1", [(cache.key("m1", "x"), "one")])
    assert cache.get_many([cache.key("m2", "x")]) == {}


def _writer(path: str, start: int) -> None:
    cache = TranslationCache(path)
    for i in range(start, start + 100):
        cache.put_many("w", [(cache.key("w", str(i)), str(i))])
    cache.close()


def test_two_processes_share_the_cache(tmp_path) -> None:
    path = str(tmp_path / "c.sqlite3")
    TranslationCache(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, k * 100)) for k in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert len(TranslationCache(path)) == 200


def test_damaged_cache_is_set_aside_and_rebuilt(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = TranslationCache(path)
    cache.put_many("w", [(cache.key("w", str(i)), "x" * 200) for i in range(500)])
    cache.close()
    path.write_bytes(path.read_bytes()[:20_000])  # truncated mid-file
    rebuilt = TranslationCache(path)
    assert len(rebuilt) == 0
    [notice] = rebuilt.notices
    assert notice.startswith(f"{path}: translation cache is damaged")
    [aside] = tmp_path.glob("c.sqlite3.corrupt-*")
    assert aside.name in notice
    assert CachedTranslator(Upper(), rebuilt).translate_batch(["a"]) == ["A"]


@pytest.mark.parametrize("content", [b"my notes\nline two\n", b"\x89PNG\r\n" + bytes(5000),
                                     b"SQLite"], ids=["text", "png", "short"])
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path, content) -> None:
    """A user's file given as --cache used to be renamed to `.corrupt-<time>` and replaced by
    a new cache: only a cache this tool made may be set aside."""
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as caught:
        TranslationCache(path)
    assert str(caught.value) == (f"{path}: not a translation cache (not an SQLite database); "
                                 "give another --cache path")
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_sqlite_file_that_fails_the_checks_is_set_aside(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + bytes(5000))  # the header, then nothing sound
    cache = TranslationCache(path)
    assert len(cache.notices) == 1 and len(cache) == 0
    [aside] = tmp_path.glob("c.sqlite3.corrupt-*")
    assert aside.read_bytes().startswith(b"SQLite format 3\x00")


def test_an_empty_file_becomes_the_cache(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    path.touch()  # as SQLite sees it: an empty database (also one just created by a process)
    cache = TranslationCache(path)
    cache.put_many("w", [(cache.key("w", "a"), "A")])
    assert not cache.notices and len(cache) == 1


@pytest.mark.parametrize("schema", ["CREATE TABLE users (name, email)",
                                    "CREATE TABLE translation (a, b)"])
def test_another_programs_database_is_refused_and_left_alone(tmp_path, schema) -> None:
    """A mistyped --cache naming a sound database of another program: it used to get our table
    added (and be switched to WAL), or to fail later with "no such column: key"."""
    path = tmp_path / "app.db"
    db = sqlite3.connect(path)
    db.execute(schema)
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(CorpusError, match="another program's database") as caught:
        TranslationCache(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]


def test_damage_found_mid_run_is_rebuilt_and_the_run_goes_on(tmp_path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = TranslationCache(path)
    cache.put_many("w", [(cache.key("w", str(i)), "x" * 200) for i in range(500)])
    other = sqlite3.connect(path)
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file
    other.close()
    path.write_bytes(path.read_bytes()[:3000] + bytes(30_000))  # damaged behind the connection
    cached = CachedTranslator(Upper(), cache)
    assert cached.translate_batch(["a", "b", "c"]) == ["A", "B", "C"]
    assert len(cache.notices) == 1 and len(cache) == 3


def test_a_cache_folder_that_cannot_be_created_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(CorpusError, match="cannot open the translation cache"):
        TranslationCache(tmp_path / "file" / "c.sqlite3")


class Slow(Upper):
    """Translates slowly and records each sentence it decodes in a shared file."""

    def __init__(self, log: str) -> None:
        super().__init__()
        self.log = log

    def translate_chunks(self, sentences: Sequence[str]) -> Iterator[Chunk]:
        for i, s in enumerate(sentences):
            time.sleep(0.05)
            with Path(self.log).open("a", encoding="utf-8") as handle:
                handle.write(f"{s}\n")
            yield [(i, s.upper())]


def _slow_run(path: str, log: str, sentences: list[str], out: str) -> None:
    result = CachedTranslator(Slow(log), TranslationCache(path)).translate_batch(sentences)
    Path(out).write_text("\n".join(result), encoding="utf-8")


def test_a_second_process_waits_for_the_first_and_translates_nothing_twice(tmp_path) -> None:
    path, log = str(tmp_path / "c.sqlite3"), str(tmp_path / "decoded.log")
    sentences = [f"s{i}" for i in range(30)]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_slow_run, args=(path, log, sentences[k:],
                                                        str(tmp_path / f"out{k}")))
               for k in (0, 10)]
    for w in workers:
        w.start()
        time.sleep(0.5)
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    decoded = Path(log).read_text(encoding="utf-8").split()
    assert sorted(decoded) == sorted(sentences)  # each decoded exactly once
    assert (tmp_path / "out10").read_text(encoding="utf-8").split() == [
        s.upper() for s in sentences[10:]]


def test_a_cache_locked_too_long_is_a_clear_error(tmp_path, monkeypatch) -> None:
    from corpus.translate import cache as cache_module

    monkeypatch.setattr(cache_module, "BUSY_SECONDS", 0.2)
    path = tmp_path / "c.sqlite3"
    TranslationCache(path).close()
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        cache = TranslationCache(path)
        assert cache.get_many([cache.key("w", "a")]) == {}  # readers are not blocked (WAL)
        with pytest.raises(CorpusError, match="stayed locked by another process"):
            cache.put_many("w", [(cache.key("w", "a"), "A")])
    finally:
        other.rollback()
        other.close()
    cache.put_many("w", [(cache.key("w", "a"), "A")])  # the wait is over: it goes through
    assert len(cache) == 1
