"""TEI P5: RelaxNG validity against tei_all.rng, resolving pointers, MT layer and provenance."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest
from lxml import etree

from corpus.errors import CorpusError
from corpus.model import AlignedCorpus, Alignment, Link, MultiLink
from corpus.write.base import get_writer
from corpus.write.tei import TEI_NS, TeiWriter
from corpus.write.xmlsafe import xml_segment
from tests.conftest import REPO
from tests.write.conformance import SAFE_PARSER, LinkKey, WriterConformance
from tests.write.sample import make_document, sample_corpus

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@functools.cache
def tei_all() -> etree.RelaxNG:
    """tei_all.rng (TEI P5 4.3.0) compiled once per test run: it takes seconds."""
    return etree.RelaxNG(etree.parse(str(REPO / "tests" / "data" / "tei_all.rng")))


def parse(path: Path) -> etree._Element:
    return etree.parse(str(path), SAFE_PARSER).getroot()


def by_id(root: etree._Element) -> dict[str, etree._Element]:
    return {e.get(XML_ID): e for e in root.iter() if e.get(XML_ID) is not None}


def pointers(element: etree._Element, attribute: str) -> list[str]:
    return [p.removeprefix("#") for p in (element.get(attribute) or "").split()]


def check_pointers(root: etree._Element) -> None:
    """Every `#pointer` resolves; the Schematron rules lxml cannot run are checked by hand."""
    ids = by_id(root)
    for element in root.iter():
        for attribute in ("target", "corresp", "resp", "active", "passive"):
            raw = (element.get(attribute) or "").split()
            assert all(p.startswith("#") for p in raw), f"not a local pointer: {raw}"
            missing = [p for p in pointers(element, attribute) if p not in ids]
            assert not missing, f"dangling {attribute} {missing} on {element.tag}"
    # tei_all's embedded Schematron (XPath 2, so lxml cannot compile it): link and join need
    # at least two targets.
    for element in root.findall(".//t:link", NS) + root.findall(".//t:join", NS):
        assert len(pointers(element, "target")) >= 2, etree.tostring(element)


def sentence_texts(ids: dict[str, etree._Element], pointer: str) -> list[str]:
    element = ids[pointer]
    if element.tag == f"{{{TEI_NS}}}join":
        return [t for p in pointers(element, "target") for t in sentence_texts(ids, p)]
    assert element.tag == f"{{{TEI_NS}}}s", element.tag
    return ["".join(element.itertext())]


def read_tei_links(path: Path) -> list[LinkKey]:
    root = parse(path)
    ids = by_id(root)
    keys = []
    for group in root.iterfind(".//t:linkGrp[@type='alignment']", NS):
        source_doc, target_doc = (ids[p].get("n") for p in pointers(group, "corresp"))
        for link in group.iterfind("t:link", NS):
            source, target = pointers(link, "target")
            keys.append(LinkKey(source_doc, target_doc,
                                xml_segment(sentence_texts(ids, source)),
                                xml_segment(sentence_texts(ids, target))))
    return keys


class TestTeiConformance(WriterConformance):
    def make_writer(self) -> TeiWriter:
        return TeiWriter()

    def validate(self, path: Path) -> None:
        tree = etree.parse(str(path), SAFE_PARSER)
        schema = tei_all()
        assert schema.validate(tree), f"{path.name}: {schema.error_log}"
        check_pointers(tree.getroot())

    def read_links(self, paths: list[Path]) -> list[LinkKey]:
        return [key for path in paths for key in read_tei_links(path)]


@pytest.fixture
def written(tmp_path: Path) -> etree._Element:
    (path,) = TeiWriter().write(sample_corpus(), tmp_path)
    assert path.name == "corpus.tei.xml"
    return parse(path)


def test_registry_gives_the_tei_writer() -> None:
    assert isinstance(get_writer("tei"), TeiWriter)


def test_corpus_header_carries_the_signature(written: etree._Element) -> None:
    assert written.tag == f"{{{TEI_NS}}}teiCorpus"
    application = written.find("t:teiHeader/t:encodingDesc/t:appInfo/t:application", NS)
    assert application.get("ident") == "corpus" and application.get("version")
    assert application.get("when") == "2026-11-22T10:00:00Z"
    assert application.findtext("t:desc[@type='signature']", namespaces=NS) == (
        sample_corpus().signature)
    langs = written.xpath("t:teiHeader/t:profileDesc/t:langUsage/t:language/@ident",
                          namespaces=NS)
    assert langs == ["ar", "fr", "en"]


def test_every_document_has_its_header_and_unique_ncname_ids(written: etree._Element) -> None:
    documents = written.findall("t:TEI", NS)
    assert [d.get("n") for d in documents] == ["000_ar", "002_fr", "003_en"]
    assert [d.get(XML_LANG) for d in documents] == ["ar", "fr", "en"]
    french = documents[1]
    header = french.find("t:teiHeader/t:fileDesc", NS)
    assert header.findtext("t:titleStmt/t:title", namespaces=NS) == (
        "Réunion des géants de la tech")
    assert header.findtext("t:sourceDesc/t:bibl/t:idno[@type='file']", namespaces=NS) == (
        "002_fr.txt")
    assert header.find("t:publicationStmt/t:availability", NS) is not None
    assert french.xpath("t:teiHeader/t:profileDesc/t:langUsage/t:language/@ident",
                        namespaces=NS) == ["fr"]
    all_ids = [e.get(XML_ID) for e in written.iter() if e.get(XML_ID) is not None]
    assert len(all_ids) == len(set(all_ids))
    assert not [i for i in all_ids if not (i[0].isalpha() or i[0] == "_")]
    sentences = french.findall("t:text/t:body/t:div[@type='original']//t:s", NS)
    assert [s.get(XML_ID) for s in sentences] == [f"s-002_fr.s{i}" for i in range(1, 7)]
    assert sentences[4].text.startswith("Texte hostile : Tom & Jerry <b>bold</b> ]]>")
    assert french.find(".//t:div[@type='original']/t:head", NS).get(XML_ID) == "p-002_fr.p1"


def test_machine_translations_are_a_separate_layer_with_provenance(
    written: etree._Element,
) -> None:
    ids = by_id(written)
    (french_mt,) = written.findall("t:TEI[@n='002_fr']//t:div[@type='translation']", NS)
    assert french_mt.get(XML_LANG) == "en"
    (resp,) = pointers(french_mt, "resp")
    statement = ids[resp]
    assert statement.tag == f"{{{TEI_NS}}}respStmt"
    assert statement.find("t:resp", NS).get("when") == "2026-11-22T10:00:00Z"
    assert statement.findtext("t:name[@type='engine']", namespaces=NS) == (
        "argos-translate/ctranslate2")
    assert statement.findtext("t:name[@type='model']", namespaces=NS) == "translate-fr_en 1.9"
    assert statement.findtext("t:note[@type='options']", namespaces=NS) == (
        "beam_size=2 device=cpu")
    translated = french_mt.findall(".//t:s", NS)
    assert [pointers(s, "corresp") for s in translated] == [
        [f"s-002_fr.s{i}"] for i in range(1, 7)]
    assert translated[1].text == "[en] Facebook et Twitter ont organisé une réunion vendredi."
    arabic_resp = ids[pointers(written.find("t:TEI[@n='000_ar']//t:div[@type='translation']",
                                            NS), "resp")[0]]
    assert "ar>en>fr" in arabic_resp.findtext("t:resp", namespaces=NS)
    assert not written.findall("t:TEI[@n='003_en']//t:div[@type='translation']", NS)


def test_alignment_groups_links_joins_and_multilinks(written: etree._Element) -> None:
    ids = by_id(written)
    groups = written.findall("t:standOff/t:linkGrp[@type='alignment']", NS)
    assert [(g.get("subtype"), g.get("cert")) for g in groups] == [
        ("parallel", "0.9300"), ("comparable", "0.5500"), ("comparable", "0.5100")]
    assert pointers(groups[0], "corresp") == ["d-002_fr", "d-003_en"]
    two_one = groups[0].findall("t:link", NS)[2]
    assert (two_one.get("type"), two_one.get("cert")) == ("2-1", "0.8800")
    join, sentence = pointers(two_one, "target")
    assert pointers(ids[join], "target") == ["s-002_fr.s3", "s-002_fr.s4"]
    assert sentence == "s-003_en.s3"
    (multi,) = written.findall("t:standOff/t:linkGrp[@type='multilingual']/t:link", NS)
    assert pointers(multi, "target") == ["s-000_ar.s2", "s-002_fr.s2", "s-003_en.s2"]
    assert (multi.get("type"), multi.get("cert")) == ("1-1-1", "0.7900")


def test_text_between_sentences_is_kept_exactly(tmp_path: Path) -> None:
    sentences = ["Premier.", "Deuxième !", "Troisième ?"]
    document = make_document("d1", "fr", sentences)
    text = "Premier.  Deuxième !\nTroisième ?"
    starts = [0, 10, 21]
    spans = tuple(dataclasses.replace(s, start=b, end=b + len(s.text), paragraph=0)
                  for s, b in zip(document.sentences, starts, strict=True))
    paragraph = dataclasses.replace(document.paragraphs[0], end=len(text))
    document = dataclasses.replace(document, text=text, sentences=spans,
                                   paragraphs=(paragraph,))
    other = make_document("d2", "en", ["First."])
    corpus = AlignedCorpus(documents=(document, other), alignments=(
        Alignment(document, other, (Link(("d1.s1",), ("d2.s1",), 1.0),)),),
        signature="s", created="2026-11-22")
    (path,) = TeiWriter().write(corpus, tmp_path)
    root = parse(path)
    (paragraph,) = root.findall("t:TEI[@n='d1']//t:div[@type='original']/t:p", NS)
    assert "".join(paragraph.itertext()) == text
    TestTeiConformance().validate(path)


@pytest.mark.parametrize("score", [1.5, -0.1, float("nan")])
def test_scores_that_are_not_probabilities_are_refused(tmp_path: Path, score: float) -> None:
    corpus = sample_corpus()
    fr_en = corpus.alignments[0]
    bad = dataclasses.replace(fr_en, links=(Link(("002_fr.s1",), ("003_en.s1",), score),))
    with pytest.raises(CorpusError, match="probability"):
        TeiWriter().write(dataclasses.replace(corpus, alignments=(bad,)), tmp_path)
    assert not list(tmp_path.iterdir()), "a failed write must not leave a partial file"


def test_links_to_unknown_sentences_are_refused(tmp_path: Path) -> None:
    corpus = sample_corpus()
    fr_en = corpus.alignments[0]
    wrong_side = dataclasses.replace(fr_en, links=(Link(("003_en.s1",), ("003_en.s2",), 0.5),))
    with pytest.raises(CorpusError, match="not in document '002_fr'"):
        TeiWriter().write(dataclasses.replace(corpus, alignments=(wrong_side,)), tmp_path)
    stray = MultiLink(members=(("000_ar", ("000_ar.s1",)), ("nope", ("x",))), score=0.5)
    with pytest.raises(CorpusError, match="unknown document 'nope'"):
        TeiWriter().write(dataclasses.replace(corpus, multilinks=(stray,)), tmp_path)


def test_colliding_ids_and_bad_translations_are_refused(tmp_path: Path) -> None:
    corpus = sample_corpus()
    twice = dataclasses.replace(corpus, documents=(*corpus.documents, corpus.documents[0]))
    with pytest.raises(CorpusError, match="share the xml:id"):
        TeiWriter().write(twice, tmp_path)
    short = dataclasses.replace(corpus.translations[0], sentences=("one",))
    with pytest.raises(CorpusError, match="has 1 sentences"):
        TeiWriter().write(dataclasses.replace(corpus, translations=(short,)), tmp_path)
    undated = dataclasses.replace(corpus, created="yesterday")
    with pytest.raises(CorpusError, match="ISO 8601"):
        TeiWriter().write(undated, tmp_path)


def test_a_corpus_without_links_is_still_valid(tmp_path: Path) -> None:
    corpus = sample_corpus()
    lonely = dataclasses.replace(corpus, alignments=(), multilinks=(), translations=())
    (path,) = TeiWriter().write(lonely, tmp_path)
    root = parse(path)
    assert root.find("t:standOff", NS) is None
    TestTeiConformance().validate(path)


def test_every_compared_pair_is_named_also_without_links(tmp_path: Path) -> None:
    corpus = sample_corpus()
    first, *rest = corpus.alignments
    unlinked = dataclasses.replace(first, links=())
    (path,) = TeiWriter().write(dataclasses.replace(corpus, alignments=(unlinked, *rest)),
                                tmp_path)
    root = parse(path)
    relations = root.findall("t:standOff/t:listRelation[@type='documentPairs']/t:relation", NS)
    assert len(relations) == len(corpus.alignments)
    first_relation = relations[0]
    assert (first_relation.get("name"), first_relation.get("active"),
            first_relation.get("passive"), first_relation.get("cert")) == (
        "parallel", "#d-002_fr", "#d-003_en", "0.9300")
    # The pair without links has no linkGrp (one needs a link), only its relation.
    groups = root.findall("t:standOff/t:linkGrp[@type='alignment']", NS)
    assert len(groups) == len(corpus.alignments) - 1
    assert "#d-002_fr #d-003_en" not in {g.get("corresp") for g in groups}
    TestTeiConformance().validate(path)
