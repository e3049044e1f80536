"""TMX 1.4: schema validity, the CAT-tool rules of issue 5, and real consumers reading it back."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
from lxml import etree

from corpus.errors import CorpusError, InputError
from corpus.model import AlignedCorpus, Alignment, Link, PairRelation
from corpus.write.base import get_writer
from corpus.write.langcodes import shortest, tmx_language
from corpus.write.tmx import TmxWriter, read_tmx, tmx_date
from tests.conftest import REPO
from tests.write.conformance import LinkKey, WriterConformance
from tests.write.sample import make_document, sample_corpus

DATA = REPO / "tests" / "data"
OMEGAT_CACHE = Path.home() / ".cache" / "corpus-ci" / "omegat"


@functools.cache
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(DATA / "tmx14.dtd"))


@functools.cache
def tmx_xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "tmx14.xsd")))


def bilingual(paths: Iterable[Path]) -> list[Path]:
    return [p for p in paths if p.name != "corpus.tmx"]


class TestTmxConformance(WriterConformance):
    def make_writer(self) -> TmxWriter:
        return TmxWriter()

    def validate(self, path: Path) -> None:
        tree = etree.parse(str(path))
        assert tmx_dtd().validate(tree), f"{path.name}: {tmx_dtd().error_log}"
        assert tmx_xsd().validate(tree), f"{path.name}: {tmx_xsd().error_log}"

    def read_links(self, paths: list[Path]) -> list[LinkKey]:
        keys = []
        for path in bilingual(paths):
            for unit in read_tmx(path).units:
                source, target = unit.variants
                keys.append(LinkKey(source.prop("x-document"), target.prop("x-document"),
                                    source.text, target.text))
        return keys


def test_registry_gives_the_tmx_writer() -> None:
    assert isinstance(get_writer("tmx"), TmxWriter)


def test_one_file_per_language_pair_plus_the_multilingual_archive(tmp_path: Path) -> None:
    corpus = sample_corpus()
    en2 = make_document("004_en", "en", ["Tech giants meet", "Another English article."])
    en1 = corpus.document("003_en")
    fr = corpus.document("002_fr")
    extra = (
        Alignment(source=fr, target=en2, links=(Link(("002_fr.s1",), ("004_en.s1",), 0.9),)),
        Alignment(source=en1, target=en2, links=(Link(("003_en.s1",), ("004_en.s1",), 0.99),)),
    )
    corpus = dataclasses.replace(corpus, documents=(*corpus.documents, en2),
                                 alignments=(*corpus.alignments, *extra))
    names = sorted(p.name for p in TmxWriter().write(corpus, tmp_path))
    assert names == ["ar-en.tmx", "ar-fr.tmx", "corpus.tmx", "en-en.tmx", "fr-en.tmx"]
    fr_en = read_tmx(tmp_path / "fr-en.tmx")
    assert {u.variants[1].prop("x-document") for u in fr_en.units} == {"003_en", "004_en"}
    assert [v.lang for v in read_tmx(tmp_path / "en-en.tmx").units[0].variants] == ["en", "en"]


def test_header_and_units_follow_the_cat_tool_rules(tmp_path: Path) -> None:
    corpus = sample_corpus()
    for path in TmxWriter().write(corpus, tmp_path):
        raw = path.read_bytes()
        assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        root = etree.fromstring(raw)
        assert root.get("version") == "1.4"
        tmx = read_tmx(path)
        header = tmx.header
        assert header["creationtool"] == "corpus"
        assert header["creationtoolversion"] and header["o-tmf"] == "corpus"
        assert header["segtype"] == "sentence" and header["adminlang"] == "en"
        assert header["datatype"] == "plaintext"
        assert header["creationdate"] == "20261122T100000Z"
        assert dict(tmx.header_props) == {"x-corpus-signature": corpus.signature}
        all_props = [*tmx.header_props]
        for unit in tmx.units:
            assert len(unit.variants) >= 2
            assert all(v.text.strip() for v in unit.variants), "a TU with an empty side"
            if path.name != "corpus.tmx":
                assert unit.variants[0].lang == header["srclang"]
            all_props += [*unit.props, *(p for v in unit.variants for p in v.props)]
        assert all(kind.startswith("x-") for kind, _ in all_props)
    assert read_tmx(tmp_path / "corpus.tmx").header["srclang"] == "*all*"


def test_unit_props_carry_score_bead_relation_and_sentence_ids(tmp_path: Path) -> None:
    TmxWriter().write(sample_corpus(), tmp_path)
    units = {u.tuid: u for u in read_tmx(tmp_path / "fr-en.tmx").units}
    unit = units["002_fr#002_fr.s3+002_fr.s4|003_en#003_en.s3"]
    assert (unit.prop("x-score"), unit.prop("x-bead"), unit.prop("x-relation")) == (
        "0.8800", "2-1", "parallel")
    source, target = unit.variants
    assert [v for k, v in source.props if k == "x-sentence"] == ["002_fr.s3", "002_fr.s4"]
    assert source.text == "Ils ont partagé leurs tactiques. Les élections ont lieu en novembre."
    assert target.prop("x-document") == "003_en"
    multi = read_tmx(tmp_path / "corpus.tmx").units
    assert len(multi) == 1 and multi[0].prop("x-bead") == "1-1-1"
    assert [v.lang for v in multi[0].variants] == ["ar", "fr", "en"]


def test_links_with_a_blank_side_are_never_written(tmp_path: Path) -> None:
    fr = make_document("f", "fr", ["Bonjour.", "\x00\x0b  ", "Au revoir."])
    ar = make_document("a", "ar", ["مرحبا.", "شيء ما.", "\ufffe"])
    links = tuple(Link((s.id,), (t.id,), 0.9)
                  for s, t in zip(fr.sentences, ar.sentences, strict=True))
    corpus = AlignedCorpus(documents=(fr, ar), alignments=(Alignment(fr, ar, links),),
                           signature="s", created="2026-11-22T10:00:00Z")
    (path,) = TmxWriter().write(corpus, tmp_path)
    assert [u.variants[0].text for u in read_tmx(path).units] == ["Bonjour."]


def test_a_merged_cjk_side_is_joined_without_a_space(tmp_path: Path) -> None:
    zh = make_document("z", "zh", ["下雨了。", "我们留下。"])
    en = make_document("e", "en", ["It rains and we stay."])
    link = Link(tuple(s.id for s in zh.sentences), (en.sentences[0].id,), 0.9)
    corpus = AlignedCorpus(documents=(zh, en), alignments=(Alignment(zh, en, (link,)),),
                           signature="s", created="2026-11-22T10:00:00Z")
    (path,) = TmxWriter().write(corpus, tmp_path)
    (unit,) = read_tmx(path).units
    assert [v.text for v in unit.variants] == ["下雨了。我们留下。", "It rains and we stay."]


def test_tuids_are_stable_when_other_links_change(tmp_path: Path) -> None:
    corpus = sample_corpus()
    before = {u.tuid for u in read_tmx(TmxWriter().write(corpus, tmp_path / "a")[2]).units}
    fr_en = corpus.alignments[0]
    fewer = dataclasses.replace(fr_en, links=fr_en.links[1:])
    corpus = dataclasses.replace(corpus, alignments=(fewer, *corpus.alignments[1:]))
    after = {u.tuid for u in read_tmx(TmxWriter().write(corpus, tmp_path / "b")[2]).units}
    assert after == before - {"002_fr#002_fr.s1|003_en#003_en.s1"}
    assert len(after) == len(fewer.links)


def test_duplicate_links_are_refused(tmp_path: Path) -> None:
    corpus = sample_corpus()
    fr_en = corpus.alignments[0]
    twice = dataclasses.replace(fr_en, links=(*fr_en.links, fr_en.links[0]))
    corpus = dataclasses.replace(corpus, alignments=(twice,), multilinks=())
    with pytest.raises(CorpusError, match="same TMX tuid"):
        TmxWriter().write(corpus, tmp_path)
    assert not list(tmp_path.iterdir()), "a failed write must not leave a partial file"


def test_regional_codes_for_trados_and_memoq(tmp_path: Path) -> None:
    paths = TmxWriter(regional=True).write(sample_corpus(), tmp_path)
    assert sorted(p.name for p in paths) == ["ar-en.tmx", "ar-fr.tmx", "corpus.tmx", "fr-en.tmx"]
    tmx = read_tmx(tmp_path / "ar-fr.tmx")
    assert tmx.header["srclang"] == "ar-SA"
    assert [v.lang for v in tmx.units[0].variants] == ["ar-SA", "fr-FR"]
    custom = TmxWriter(regional=True, lang_map={"fr": "fr-CA"})
    custom.write(sample_corpus(), tmp_path / "custom")
    langs = [v.lang for u in read_tmx(tmp_path / "custom" / "fr-en.tmx").units
             for v in u.variants]
    assert set(langs) == {"fr-CA", "en-US"}
    TestTmxConformance().validate(tmp_path / "custom" / "fr-en.tmx")


@pytest.mark.parametrize(("code", "short"), [
    ("fr", "fr"), ("FRA", "fr"), ("fre", "fr"), ("ara", "ar"), ("en_us", "en-US"),
    ("zh-hant-tw", "zh-Hant-TW"), ("gsw", "gsw"),
])
def test_shortest_language_codes(code: str, short: str) -> None:
    assert shortest(code) == short


def test_regional_mapping_rules() -> None:
    assert tmx_language("ar", regional=True) == "ar-SA"
    assert tmx_language("en-GB", regional=True) == "en-GB"
    assert tmx_language("gsw", regional=True) == "gsw"
    assert tmx_language("fra", mapping={"fr": "fr_be"}) == "fr-BE"
    with pytest.raises(CorpusError, match="not a language code"):
        shortest("fr en")


def test_dates_are_basic_utc() -> None:
    assert tmx_date("2026-11-22T10:00:00Z") == "20261122T100000Z"
    assert tmx_date("2026-11-22T12:30:05+02:00") == "20261122T103005Z"
    with pytest.raises(CorpusError):
        tmx_date("yesterday")


def test_reader_does_not_expand_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    evil = tmp_path / "evil.tmx"
    evil.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg>'
        '</tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert "TOP SECRET" not in read_tmx(evil).units[0].variants[0].text
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><header>", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.tmx"):
        read_tmx(broken)


def test_translate_toolkit_reads_the_same_segments(tmp_path: Path) -> None:
    from translate.storage import tmx as ttk_tmx

    corpus = sample_corpus()
    for path in bilingual(TmxWriter().write(corpus, tmp_path)):
        ours = read_tmx(path)
        theirs = ttk_tmx.tmxfile.parsefile(str(path))
        assert theirs.sourcelanguage == ours.header["srclang"]
        assert [(u.source, u.target) for u in theirs.units] == [
            (u.variants[0].text, u.variants[1].text) for u in ours.units]
        assert [u.getid() for u in theirs.units] == [u.tuid for u in ours.units]
    fr_en = ttk_tmx.tmxfile.parsefile(str(tmp_path / "fr-en.tmx"))
    assert ("Facebook et Twitter ont organisé une réunion vendredi.",
            "Facebook and Twitter held a meeting on Friday.") in [
        (u.source, u.target) for u in fr_en.units]


# -- OmegaT ------------------------------------------------------------------------------------

FRENCH = ["Facebook et Twitter ont organisé une réunion vendredi.",
          "Ils ont partagé leurs tactiques contre la désinformation.",
          "Tom & Jerry regardent « les élections » 😀 ce soir.",
          "Les élections ont lieu en novembre."]
ARABIC = ["عقدت فيسبوك وتويتر اجتماعًا يوم الجمعة.",
          "تبادلوا أساليبهم ضد التضليل.",
          "توم & جيري يشاهدون « الانتخابات » 😀 الليلة.",
          "الانتخابات في نوفمبر."]
UNKNOWN = {"fr": "Cette phrase n'est pas dans la mémoire.", "ar": "هذه الجملة ليست في الذاكرة."}


def omegat_classpath() -> str | None:
    if shutil.which("java") is None:
        return None
    if os.environ.get("CORPUS_OMEGAT_CLASSPATH"):
        return os.environ["CORPUS_OMEGAT_CLASSPATH"]
    saved = OMEGAT_CACHE / "classpath"
    return saved.read_text(encoding="utf-8").strip() if saved.is_file() else None


@pytest.fixture(scope="module")
def omegat() -> str:
    classpath = omegat_classpath()
    if classpath is None:
        reason = ("OmegaT not available: run scripts/ci/install_omegat.sh "
                  "(needs java and apt-get download)")
        if os.environ.get("CORPUS_REQUIRE_CONSUMERS") == "1":
            pytest.fail(reason + "; CORPUS_REQUIRE_CONSUMERS=1 makes this a failure")
        pytest.skip(reason)
    return classpath


def omegat_project(root: Path, source_lang: str, target_lang: str, document: list[str]) -> Path:
    project = root / "project"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    props = etree.SubElement(etree.Element("omegat"), "project", version="1.0")
    for tag, value in [
        ("source_dir", "__DEFAULT__"), ("target_dir", "__DEFAULT__"), ("tm_dir", "__DEFAULT__"),
        ("glossary_dir", "__DEFAULT__"), ("glossary_file", "__DEFAULT__"),
        ("dictionary_dir", "__DEFAULT__"), ("source_lang", source_lang),
        ("target_lang", target_lang),
        ("source_tok", "org.omegat.tokenizer.DefaultTokenizer"),
        ("target_tok", "org.omegat.tokenizer.DefaultTokenizer"),
        ("sentence_seg", "true"), ("support_default_translations", "true"),
        ("remove_tags", "false"),
    ]:
        etree.SubElement(props, tag).text = value
    etree.ElementTree(props.getparent()).write(str(project / "omegat.project"),
                                               encoding="UTF-8", xml_declaration=True)
    (project / "source" / "article.txt").write_text("\n\n".join(document) + "\n",
                                                    encoding="utf-8")
    return project


def run_omegat(classpath: str, project: Path, config: Path) -> str:
    config.mkdir()
    result = subprocess.run(
        ["java", "-Djava.awt.headless=true", "-cp", classpath, "org.omegat.Main",
         "--mode=console-translate", f"--config-dir={config}", "--no-team", str(project)],
        capture_output=True, text=True, timeout=120, check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "TF_TM_LOAD_ERROR" not in log, log
    assert re.search(r"Reading of TMX file complete", log), log
    return log


@pytest.mark.parametrize(("source_lang", "target_lang"), [("fr", "ar"), ("ar", "fr")])
def test_omegat_translates_from_our_tmx(omegat: str, tmp_path: Path, source_lang: str,
                                        target_lang: str) -> None:
    texts = {"fr": FRENCH, "ar": ARABIC}
    source = make_document(f"src_{source_lang}", source_lang, texts[source_lang])
    target = make_document(f"tgt_{target_lang}", target_lang, texts[target_lang])
    links = tuple(Link((s.id,), (t.id,), 0.9)
                  for s, t in zip(source.sentences, target.sentences, strict=True))
    corpus = AlignedCorpus(
        documents=(source, target),
        alignments=(Alignment(source, target, links, PairRelation.PARALLEL),),
        signature="corpus:test", created="2026-11-22T10:00:00Z")
    document = [*texts[source_lang], UNKNOWN[source_lang]]
    project = omegat_project(tmp_path, source_lang, target_lang, document)
    (tmx,) = TmxWriter().write(corpus, project / "tm" / "auto")
    assert tmx.name == f"{source_lang}-{target_lang}.tmx"

    run_omegat(omegat, project, tmp_path / "config")

    translated = (project / "target" / "article.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in translated.split("\n\n") if p.strip()]
    assert [p.strip() for p in paragraphs] == [*texts[target_lang], UNKNOWN[source_lang]]
