import json

import pytest

from corpus.errors import InputError
from corpus.translate import (
    installed_packages,
    load_translations,
    remove_package,
    translate_documents,
)
from corpus.translate.workdir import _options_text, translations_used
from tests.translate.conftest import FAST

LANGS = ["ar", "en", "fr"]


def test_translate_corpus_then_rerun_from_cache(installed, seed_documents, tmp_path,
                                                monkeypatch) -> None:
    # The manifest's time is the run's creation time: SOURCE_DATE_EPOCH when set, so a TEI
    # edition that quotes it is reproducible too.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    docs = seed_documents
    report = translate_documents(docs, LANGS, tmp_path, FAST)
    assert report.complete and report.install_command is None
    assert len(report.produced) == 2 * len(docs)
    routes = {(p.document, p.lang): p.route for p in report.produced}
    french = next(d for d in docs if d.lang == "fr")
    assert routes[french.id, "ar"] == "fr>en>ar"
    assert routes[french.id, "en"] == "direct"
    unique = {(d.lang, t): set() for d in docs for t in LANGS if t != d.lang}
    for d in docs:
        for t in LANGS:
            if t != d.lang:
                unique[d.lang, t].update(d.sentence_texts())
    # the pivots' first legs (fr→en, ar→en) were all cache hits: nothing was decoded twice
    assert report.translated <= sum(len(v) for v in unique.values())
    assert report.cache_hits >= len(unique["fr", "ar"]) + len(unique["ar", "fr"])
    for d in docs:
        for t in LANGS:
            if t == d.lang:
                assert not (tmp_path / f"{d.id}.{t}.txt").exists()
                continue
            lines = (tmp_path / f"{d.id}.{t}.txt").read_text(encoding="utf-8").split("\n")
            assert lines[-1] == "" and len(lines) - 1 == len(d.sentences)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"][f"{french.id}.ar.txt"]
    assert entry["route"] == "fr>en>ar"
    assert [m["name"] for m in entry["models"]] == ["translate-fr_en", "translate-en_ar"]
    assert entry["options"]["compute_type"] == "int8" and entry["options"]["beam_size"] == 2

    again = translate_documents(docs, LANGS, tmp_path, FAST)
    assert again.translated == 0 and again.cache_hits > 0

    loaded = load_translations(tmp_path, docs)
    assert len(loaded) == 2 * len(docs)
    mt = next(m for m in loaded if m.document_id == french.id and m.lang == "ar")
    assert mt.route == "fr>en>ar" and mt.model == "translate-fr_en > translate-en_ar"
    assert mt.model_version == "1.0 > 1.0" and mt.created == "2026-01-01T00:00:00Z"
    assert len(mt.sentences) == len(french.sentences)
    used = translations_used(loaded)
    assert used.models == ("translate-ar_en@1.0", "translate-en_ar@1.0", "translate-en_fr@1.0",
                           "translate-fr_en@1.0")
    # What ran, as the manifest recorded it: the compute type resolved, no thread counts.
    assert len(used.options) == 1 and "compute_type=int8" in used.options[0]
    assert "beam_size=" in mt.options and "threads" not in mt.options
    # A hand-edited record cannot forge a signature field, and one without options says so.
    assert _options_text({"beam_size": "2|align.max_bead:9"}) == "beam_size=2%7Calign.max_bead%3A9"
    assert _options_text("notadict") == _options_text({}) == "unknown"


def test_missing_package_does_the_rest_and_says_what_to_install(installed, seed_documents,
                                                                tmp_path) -> None:
    en_ar = next(p for p in installed_packages() if (p.source, p.target) == ("en", "ar"))
    remove_package(en_ar)
    report = translate_documents(seed_documents, LANGS, tmp_path, FAST)
    assert not report.complete
    assert report.missing_pairs == (("en", "ar"), ("fr", "ar"))
    assert report.missing_packages == ("translate-en_ar",)
    assert report.install_command == "corpus models install ar en fr"
    english = [d.id for d in seed_documents if d.lang == "en"]
    not_arabic = [d.id for d in seed_documents if d.lang != "ar"]
    assert not any(r.lang == "ar" for r in report.produced)
    assert not any((tmp_path / f"{d}.ar.txt").exists() for d in not_arabic)
    assert all((tmp_path / f"{d}.fr.txt").exists() for d in english)


def test_load_rejects_wrong_line_count_and_stale_segmentation(installed, seed_documents,
                                                              tmp_path) -> None:
    from dataclasses import replace

    docs = [d for d in seed_documents if d.lang == "fr"]
    translate_documents(docs, ["en"], tmp_path, FAST)
    path = tmp_path / f"{docs[0].id}.en.txt"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "extra line\n", encoding="utf-8")
    with pytest.raises(InputError, match="lines but document") as caught:
        load_translations(tmp_path, docs)
    assert str(path) in str(caught.value)
    path.write_text(original, encoding="utf-8")
    first = docs[0].sentences[0]
    changed = replace(docs[0], sentences=(replace(first, text=first.text + "!"),
                                          *docs[0].sentences[1:]))
    with pytest.raises(InputError, match="another segmentation"):
        load_translations(tmp_path, [changed])


def test_a_document_whose_language_changed_is_not_stuck(installed, seed_documents,
                                                         tmp_path) -> None:
    """Read as English first (doc.fr.txt made), then as French (its text or corpus.json
    changed): the old doc.fr.txt can never be remade, so it is passed over; it used to fail
    every load with "re-run corpus translate", which could not help."""
    from dataclasses import replace

    french = next(d for d in seed_documents if d.lang == "fr")
    as_english = replace(french, lang="en")
    translate_documents([as_english], ["fr", "ar"], tmp_path, FAST)
    with pytest.raises(InputError, match="read as en, now fr") as caught:
        load_translations(tmp_path, [french])  # doc.ar.txt was made from English
    assert str(tmp_path / f"{french.id}.ar.txt") in str(caught.value)
    translate_documents([french], ["en", "ar"], tmp_path, FAST)
    loaded = load_translations(tmp_path, [french])
    assert sorted(m.lang for m in loaded) == ["ar", "en"]
    assert next(m for m in loaded if m.lang == "ar").route == "fr>en>ar"
