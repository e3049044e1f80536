import multiprocessing
from collections.abc import Iterator, Sequence

import pytest

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
