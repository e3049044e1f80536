"""XCES cesAlign: structure, resolving pointers, round trips, and OPUS's `opus_read` as consumer."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from lxml import etree

from corpus.errors import CorpusError, InputError
from corpus.model import AlignedCorpus, Alignment, Document, Link
from corpus.write.base import get_writer, write_formats
from corpus.write.xces import (
    XcesWriter,
    file_stem,
    read_cesalign,
    read_sentence_document,
)
from corpus.write.xmlsafe import xml_segment
from tests.write.conformance import LinkKey, WriterConformance
from tests.write.sample import make_document, sample_corpus

# The subset of XCES cesAlign that OPUS uses, and OPUS's raw sentence documents, as RELAX NG.
CESALIGN_RNG = """
<element name="cesAlign" xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <attribute name="version"><value>1.0</value></attribute>
  <attribute name="fromDoc"/><attribute name="toDoc"/>
  <oneOrMore>
    <element name="linkGrp">
      <attribute name="targType"><value>s</value></attribute>
      <attribute name="fromDoc"/><attribute name="toDoc"/>
      <optional><attribute name="type"/></optional>
      <optional><attribute name="certainty"><data type="decimal"/></attribute></optional>
      <zeroOrMore>
        <element name="link">
          <attribute name="id"><data type="ID"/></attribute>
          <attribute name="xtargets">
            <data type="string">
              <param name="pattern">([^ ;]+( [^ ;]+)*)?;([^ ;]+( [^ ;]+)*)?</param>
            </data>
          </attribute>
          <attribute name="certainty"><data type="decimal"/></attribute>
        </element>
      </zeroOrMore>
    </element>
  </oneOrMore>
</element>
"""
SENTENCES_RNG = """
<element name="document" xmlns="http://relaxng.org/ns/structure/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <attribute name="id"/>
  <attribute name="xml:lang"><data type="language"/></attribute>
  <zeroOrMore>
    <element name="p">
      <attribute name="id"><data type="ID"/></attribute>
      <oneOrMore>
        <element name="s">
          <attribute name="id"><data type="ID"/></attribute>
          <attribute name="sid"/>
          <text/>
        </element>
      </oneOrMore>
    </element>
  </zeroOrMore>
</element>
"""


@functools.cache
def schema(text: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.fromstring(text))


def is_alignment(path: Path) -> bool:
    return path.name.endswith(".xces.xml")


class TestXcesConformance(WriterConformance):
    def make_writer(self) -> XcesWriter:
        return XcesWriter()

    def validate(self, path: Path) -> None:
        tree = etree.parse(str(path))
        rng = schema(CESALIGN_RNG if is_alignment(path) else SENTENCES_RNG)
        assert rng.validate(tree), f"{path.name}: {rng.error_log}"
        if is_alignment(path):
            for group in read_cesalign(path):
                source = read_sentence_document(path.parent / group.from_doc).sentences
                target = read_sentence_document(path.parent / group.to_doc).sentences
                for link in group.links:
                    assert set(link.source_ids) <= source.keys(), link
                    assert set(link.target_ids) <= target.keys(), link

    def read_links(self, paths: list[Path]) -> list[LinkKey]:
        keys = []
        for path in filter(is_alignment, paths):
            for group in read_cesalign(path):
                source = read_sentence_document(path.parent / group.from_doc)
                target = read_sentence_document(path.parent / group.to_doc)
                keys += [LinkKey(source.id, target.id,
                                 xml_segment(source.sentences[i] for i in link.source_ids),
                                 xml_segment(target.sentences[i] for i in link.target_ids))
                         for link in group.links]
        return keys


def test_registry_gives_the_xces_writer() -> None:
    assert isinstance(get_writer("xces"), XcesWriter)


def test_one_alignment_per_document_pair_and_each_document_once(tmp_path: Path) -> None:
    names = sorted(p.name for p in XcesWriter().write(sample_corpus(), tmp_path))
    assert names == ["000_ar--002_fr.xces.xml", "000_ar--003_en.xces.xml", "000_ar.xml",
                     "002_fr--003_en.xces.xml", "002_fr.xml", "003_en.xml"]


def test_links_keep_bead_shape_and_certainty(tmp_path: Path) -> None:
    XcesWriter().write(sample_corpus(), tmp_path)
    (group,) = read_cesalign(tmp_path / "002_fr--003_en.xces.xml")
    assert (group.from_doc, group.to_doc) == ("002_fr.xml", "003_en.xml")
    assert [(link.source_ids, link.target_ids, link.certainty) for link in group.links] == [
        (("s1",), ("s1",), 0.91), (("s2",), ("s2",), 0.97), (("s3", "s4"), ("s3",), 0.88),
        (("s5",), ("s4",), 0.42)]
    document = read_sentence_document(tmp_path / "002_fr.xml")
    assert (document.id, document.lang, len(document.sentences)) == ("002_fr", "fr", 6)
    sids = etree.parse(str(tmp_path / "002_fr.xml")).xpath("//s/@sid")
    assert sids[:2] == ["002_fr.s1", "002_fr.s2"]


def test_awkward_document_ids_give_portable_file_names() -> None:
    assert file_stem("002_fr") == "002_fr"
    assert file_stem("ar/02 <خبر>") == "ar_u2f_02_u20__u3c_خبر_u3e_"
    assert file_stem("..") == "_u2e_."
    assert "/" not in file_stem("../../etc/passwd")


def linked(*pairs: tuple[str, str]) -> AlignedCorpus:
    """A corpus aligning each pair of ids (two languages, one 1-1 link each)."""
    documents = {i: make_document(i, lang, [f"Sentence of {i}."])
                 for pair in pairs for i, lang in zip(pair, ("fr", "en"), strict=True)}
    alignments = tuple(Alignment(documents[a], documents[b], (Link((f"{a}.s1",), (f"{b}.s1",),
                                                                   0.9),))
                       for a, b in pairs)
    return AlignedCorpus(tuple(documents.values()), alignments, "sig", "2026-11-22T10:00:00Z")


@pytest.mark.parametrize(("pairs", "clash"), [
    ((("a--b", "c"), ("a", "b--c")), "a--b--c.xces.xml"),  # two pair files
    ((("a b", "x"), ("a_u20_b", "y")), "a_u20_b.xml"),  # two sentence files
    ((("a", "b"), ("a--b.xces", "y")), "a--b.xces.xml"),  # a sentence file and a pair file
])
def test_ids_that_give_one_file_name_are_refused_before_anything_is_written(
        tmp_path: Path, pairs: tuple[tuple[str, str], ...], clash: str) -> None:
    # Before, the second file silently replaced the first (or, for two sentence files, was
    # never written), and OPUS read one pair's alignment against another's sentences.
    with pytest.raises(CorpusError, match="two outputs of this run would be written") as error:
        XcesWriter().write(linked(*pairs), tmp_path)
    assert error.value.path == str(tmp_path / clash)
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_too_long_for_the_file_system_is_refused_before_writing(
        tmp_path: Path) -> None:
    # 2 x 70 Arabic letters: a 291-byte pair file. It failed after the other formats were
    # written, leaving a folder of two runs; now nothing is written.
    corpus = linked(("خ" * 70, "ب" * 70))
    with pytest.raises(CorpusError, match=r"file name too long \(xces, named after .*: "
                                          r"291 bytes, most file systems take 255\)"):
        write_formats([get_writer("tmx"), get_writer("xces")], corpus, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_where_an_output_goes_is_refused_before_writing(tmp_path: Path) -> None:
    # The atomic rename onto the folder failed only after the formats before it were written.
    corpus = linked(("fr1", "en1"))
    (tmp_path / "fr1--en1.xces.xml").mkdir()
    with pytest.raises(CorpusError, match=r"a folder stands where an output goes \(xces, "
                                          r"named after 'fr1' and 'en1'\): move it away"):
        write_formats([get_writer("tmx"), get_writer("xces")], corpus, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["fr1--en1.xces.xml"]


def test_an_id_that_names_another_formats_file_is_refused(tmp_path: Path) -> None:
    corpus = linked(("corpus.tei", "en"))
    writers = [get_writer("tei"), get_writer("xces")]
    with pytest.raises(CorpusError) as error:
        write_formats(writers, corpus, tmp_path)
    assert error.value.path == str(tmp_path / "corpus.tei.xml")
    assert "(tei; xces, named after 'corpus.tei')" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_readers_report_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xces.xml"
    bad.write_text("<cesAlign><linkGrp><link xtargets='s1 s2'/></linkGrp></cesAlign>",
                   encoding="utf-8")
    with pytest.raises(InputError, match="xtargets"):
        read_cesalign(bad)
    bad.write_text("<document/>", encoding="utf-8")
    with pytest.raises(InputError, match="not a cesAlign"):
        read_cesalign(bad)
    bad.write_text("<cesAlign>", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.xces\.xml"):
        read_cesalign(bad)


@pytest.mark.parametrize("pair", ["002_fr--003_en", "000_ar--003_en", "000_ar--002_fr"])
def test_opus_read_gives_back_the_sentence_pairs(tmp_path: Path, pair: str) -> None:
    from opustools import OpusRead

    corpus = sample_corpus()
    XcesWriter().write(corpus, tmp_path)
    before = sorted(tmp_path.iterdir())
    alignment = next(a for a in corpus.alignments
                     if f"{a.source.id}--{a.target.id}" == pair)
    reader = OpusRead(directory="corpus", source=alignment.source.lang,
                      target=alignment.target.lang, preprocess="raw",
                      alignment_file=str(tmp_path / f"{pair}.xces.xml"),
                      download_dir=str(tmp_path), suppress_prompts=True)
    pairs = list(reader.yieldPairs())
    expected = [
        (xml_segment(alignment.source.sentence(i).text for i in link.source_ids).strip(),
         xml_segment(alignment.target.sentence(i).text for i in link.target_ids).strip())
        for link in alignment.links]
    assert pairs == expected
    assert sorted(tmp_path.iterdir()) == before, "opus_read must not have fetched anything"


def test_pair_files_that_meet_across_the_separator_are_found_before_aligning(
        tmp_path: Path) -> None:
    """`x-` + `y` and `x` + `-y` both give `x---y.xces.xml`: the separator overlaps a stem."""
    from corpus.read import build_document
    from corpus.write.base import check_possible_outputs

    docs = [build_document("Some text.", name, lang="en") for name in ("x-", "y", "x", "-y")]

    def first_x(a: Document, b: Document) -> tuple[Document, Document]:
        return (a, b) if a.id.startswith("x") else (b, a)

    with pytest.raises(CorpusError, match="could be written to this file") as error:
        check_possible_outputs([XcesWriter()], docs, first_x, tmp_path)
    assert error.value.path == str(tmp_path / "x---y.xces.xml")
    check_possible_outputs([XcesWriter()], docs[:2], first_x, tmp_path)


@pytest.mark.parametrize("seed", range(20))
def test_the_pairs_checked_hold_every_pair_file_clash(seed: int) -> None:
    """Against brute force: every two ordered pairs whose pair files share a name are among the
    pairs `pairs_to_check` names (the check then orients them as a run would)."""
    import itertools
    import random

    rng = random.Random(seed)
    stems = {"".join(rng.choice("a-") for _ in range(rng.randint(1, 5))) for _ in range(12)}
    stems = {s for s in stems if file_stem(s) == s}
    documents = [make_document(s, "en", ["x"]) for s in sorted(stems)]
    named: dict[str, list[frozenset[str]]] = {}
    for a, b in itertools.permutations(sorted(stems), 2):
        named.setdefault(f"{a}--{b}", []).append(frozenset((a, b)))
    checked = {frozenset((a.id, b.id)) for a, b in XcesWriter().pairs_to_check(documents)}
    for pairs in named.values():
        if len(pairs) > 1:
            assert set(pairs) <= checked


def test_the_pairs_checked_stay_few_when_every_id_holds_the_separator() -> None:
    documents = [make_document(f"2021--article-{i:05d}", "en", ["x"]) for i in range(2000)]
    pairs = list(XcesWriter().pairs_to_check(documents))
    assert len(pairs) < 3 * len(documents)  # a chain, the longest pair; no pair can clash
