"""The conformance suite every writer's tests subclass.

A subclass says how to make its writer, how to validate one output file against its schema and
how to read the links back; this base then checks, on the shared sample corpus and on
hypothesis-generated hostile text (control characters, lone surrogates, bidi marks, `]]>`, `&`,
emoji, combining marks), that every file is well-formed UTF-8 without a BOM, valid, deterministic,
free of injected bidi marks, and that the links round-trip.

A link is compared as `LinkKey(source document id, target document id, source text, target
text)`, each text being `xml_segment()` of that side's sentences (the documented sanitising);
links with a blank side are left out on both sides of the comparison.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus.model import AlignedCorpus, Alignment, Link, PairRelation
from corpus.write.base import Writer
from corpus.write.xmlsafe import is_blank, xml_segment
from tests.write.sample import make_document, sample_corpus

BOM = b"\xef\xbb\xbf"
# Marks a writer must never add on its own (LRM, RLM, ALM, embeddings, overrides, isolates).
BIDI_MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HOSTILE_PIECES = (
    "]]>", "&", "&amp;", "<", ">", '"', "'", "\x00", "\x0b", "\x1f", "\r", "\r\n", "\t",
    "\ud800", "\udfff", "\ufffe", "\uffff", "\u200f", "\u200e", "\u202b", "\u2067", "😀",
    "👩‍👩‍👧", "e\u0301", "\u0301", "السلام عليكم", "<!-- -->", "<?pi?>", "&#0;", " ",
)
hostile_text = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=()), max_size=8),
              st.sampled_from(HOSTILE_PIECES)),
    min_size=1, max_size=6,
).map("".join)


class LinkKey(NamedTuple):
    source_doc: str
    target_doc: str
    source_text: str
    target_text: str


def expected_links(corpus: AlignedCorpus) -> Counter[LinkKey]:
    """The links a lossless writer must give back, after the documented sanitising."""
    keys = []
    for alignment in corpus.alignments:
        for link in alignment.links:
            keys.append(LinkKey(
                alignment.source.id, alignment.target.id,
                xml_segment(alignment.source.sentence(i).text for i in link.source_ids),
                xml_segment(alignment.target.sentence(i).text for i in link.target_ids),
            ))
    return non_blank(keys)


def non_blank(keys: Iterable[LinkKey]) -> Counter[LinkKey]:
    return Counter(k for k in keys if not is_blank(k.source_text) and not is_blank(k.target_text))


def hostile_corpus(source_texts: list[str], target_texts: list[str]) -> AlignedCorpus:
    """A French-Arabic pair with awkward document ids, linked 1-1 and one 2-1 where possible."""
    fr = make_document("01 Réunion & co", "fr", source_texts, title=source_texts[0])
    ar = make_document("ar/02 <خبر>", "ar", target_texts)
    n = min(len(fr.sentences), len(ar.sentences))
    links = [Link((fr.sentences[i].id,), (ar.sentences[i].id,), 0.5 + i / (2 * n))
             for i in range(n)]
    if len(fr.sentences) > n:
        links[-1] = Link((fr.sentences[n - 1].id, fr.sentences[n].id), (ar.sentences[n - 1].id,),
                         0.25)
    alignment = Alignment(source=fr, target=ar, links=tuple(links),
                          relation=PairRelation.COMPARABLE, pair_score=0.6)
    return AlignedCorpus(documents=(fr, ar), alignments=(alignment,),
                         signature="corpus:test|hostile", created="2026-11-22T10:00:00Z")


SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class WriterConformance:
    """Base class for writer tests; pytest collects it only through subclasses named Test*."""

    def make_writer(self) -> Writer:
        raise NotImplementedError

    def validate(self, path: Path) -> None:
        """Raise AssertionError (with the validator's message) when `path` is not valid."""
        raise NotImplementedError

    def read_links(self, paths: list[Path]) -> Iterable[LinkKey]:
        """Every link found in the written files, as LinkKeys."""
        raise NotImplementedError

    def parse(self, path: Path) -> etree._ElementTree:
        """Parse one output; formats that are not XML (HTML) override this."""
        return etree.parse(str(path), SAFE_PARSER)

    # -- shared checks -------------------------------------------------------------------------

    def write(self, corpus: AlignedCorpus, out_dir: Path) -> list[Path]:
        paths = self.make_writer().write(corpus, out_dir)
        assert paths, "the writer produced no file"
        return paths

    def check_files(self, paths: list[Path]) -> None:
        for path in paths:
            data = path.read_bytes()
            assert not data.startswith(BOM), f"{path.name}: starts with a BOM"
            data.decode("utf-8")
            self.parse(path)
            self.validate(path)

    def check_round_trip(self, corpus: AlignedCorpus, paths: list[Path]) -> None:
        got = non_blank(self.read_links(paths))
        want = expected_links(corpus)
        assert got == want, f"missing: {want - got}\nunexpected: {got - want}"

    # -- tests ---------------------------------------------------------------------------------

    def test_sample_is_well_formed_and_valid(self, tmp_path: Path) -> None:
        self.check_files(self.write(sample_corpus(), tmp_path))

    def test_sample_round_trips(self, tmp_path: Path) -> None:
        corpus = sample_corpus()
        self.check_round_trip(corpus, self.write(corpus, tmp_path))

    def test_output_is_deterministic(self, tmp_path: Path) -> None:
        first = {p.name: p.read_bytes() for p in self.write(sample_corpus(), tmp_path / "a")}
        second = {p.name: p.read_bytes() for p in self.write(sample_corpus(), tmp_path / "b")}
        assert first == second

    def test_non_bmp_and_rtl_text_is_written_raw(self, tmp_path: Path) -> None:
        blob = b"".join(p.read_bytes() for p in self.write(sample_corpus(), tmp_path))
        assert "😀".encode() in blob, "non-BMP characters must be UTF-8, not references"
        assert "عقدت فيسبوك وتويتر".encode() in blob, "Arabic must be kept in logical order"

    def test_no_bidi_marks_are_injected(self, tmp_path: Path) -> None:
        for path in self.write(sample_corpus(), tmp_path):
            text = path.read_text(encoding="utf-8")
            assert not BIDI_MARKS & set(text), f"{path.name}: bidi control characters added"

    def test_hostile_text_gives_valid_files_that_round_trip(self) -> None:
        # The property is built per call: one inherited @given method shared by several
        # subclasses would run under different executors, which hypothesis rejects.
        @settings(max_examples=40, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(source=st.lists(hostile_text, min_size=1, max_size=4),
               target=st.lists(hostile_text, min_size=1, max_size=4))
        def round_trip(source: list[str], target: list[str]) -> None:
            corpus = hostile_corpus(source, target)
            with tempfile.TemporaryDirectory() as tmp:
                paths = self.write(corpus, Path(tmp))
                self.check_files(paths)
                self.check_round_trip(corpus, paths)

        round_trip()
