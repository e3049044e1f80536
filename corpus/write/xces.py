"""XCES `cesAlign` sentence alignments in the layout OPUS tools read, and readers for them.

Per document pair, `<source>--<target>.xces.xml` holds one `linkGrp` whose `link`s point with
`xtargets="s1 s2;s3"` into two sentence documents written next to it (`<document>.xml`, OPUS's
"raw" form: `<document><p><s id="s1">text</s></p></document>`). `fromDoc`/`toDoc` are those
file names relative to the alignment file, which is where `opus_read` looks for them first, so
it never tries to download anything. Sentence ids in these files are positional (`s1`, `s2`...:
XCES separates ids with spaces and `;`, which our own ids may contain); each `<s>` keeps the
corpus sentence id in `sid`. Every link is written, including those whose text sanitises to
nothing; certainty is the link score.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from corpus.errors import CorpusError, InputError
from corpus.model import AlignedCorpus, Document
from corpus.write.base import OutputFile, Writer
from corpus.write.langcodes import shortest
from corpus.write.xmlsafe import XML_LANG, XML_NS, parse_xml, xml_text

_UNSAFE_NAME_CHAR = re.compile(r"[^\w.-]|^\.")


def file_stem(document_id: str) -> str:
    """A portable file-name stem for a document id (no separators, quotes or leading dot)."""
    return _UNSAFE_NAME_CHAR.sub(lambda m: f"_u{ord(m.group()):x}_", document_id) or "_"


def sentence_file(document: Document) -> str:
    return f"{file_stem(document.id)}.xml"


PAIR_SEPARATOR = "--"
PAIR_SUFFIX = ".xces.xml"


def pair_file(source: Document, target: Document) -> str:
    """`<source stem>--<target stem>.xces.xml`, the alignment file of a pair."""
    return f"{file_stem(source.id)}{PAIR_SEPARATOR}{file_stem(target.id)}{PAIR_SUFFIX}"


def _separators(stem: str) -> list[int]:
    """Every position of `PAIR_SEPARATOR` in `stem`, overlapping ones included (`a---b`)."""
    return [i for i in range(len(stem)) if stem.startswith(PAIR_SEPARATOR, i)]


def _clash_prone_pairs(documents: Sequence[Document]) -> Iterator[tuple[Document, Document]]:
    """The pairs whose pair file could have the name of another output.

    Two pair files clash when `a--b` and `c--d` are one name: the longer left stem, say `a`,
    then holds the other split, `a = c--t` with `d = t--b` (or the separator straddles its end,
    `x-` + `-y`). So for every stem, every separator in it (or at its end) whose left part is a
    stem is looked up among the stems that begin with what follows: near linear, where pairing
    every stem the separator reaches into with every document was quadratic (ids such as
    `2021--article-00001`: 1,000 documents took 20 s and 620 MB). A pair file is a sentence
    file's name only if a stem is two stems joined by the separator, with `.xces` after.
    """
    by_stem = {file_stem(d.id): d for d in documents}
    stems = sorted(by_stem)
    for stem in stems:
        extended = stem + PAIR_SEPARATOR
        for cut in _separators(extended):
            if cut >= len(stem) or stem[:cut] not in by_stem:
                continue
            rest = extended[cut + len(PAIR_SEPARATOR):]
            k = bisect.bisect_left(stems, rest)
            while k < len(stems) and stems[k].startswith(rest):
                other, k = stems[k], k + 1
                if other[len(rest):] in by_stem:
                    yield by_stem[stem], by_stem[other[len(rest):]]
                    yield by_stem[stem[:cut]], by_stem[other]
    suffix = PAIR_SUFFIX.removesuffix(".xml")
    for stem in by_stem:
        body = stem.removesuffix(suffix)
        if body == stem:
            continue
        for i in _separators(body):
            left, right = body[:i], body[i + len(PAIR_SEPARATOR):]
            if left in by_stem and right in by_stem:
                yield by_stem[left], by_stem[right]


def local_id(index: int) -> str:
    return f"s{index + 1}"


def _declaration(handle: IO) -> None:
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')


class XcesWriter(Writer):
    """One `cesAlign` file per document pair plus one sentence document per aligned document."""

    name = "xces"

    def outputs(self, corpus: AlignedCorpus) -> list[OutputFile]:
        files, documents = [], {}
        for alignment in corpus.alignments:
            source, target = alignment.source, alignment.target
            files.append(OutputFile(pair_file(source, target), (alignment,), (source, target)))
            documents.setdefault(source.id, source)
            documents.setdefault(target.id, target)
        return files + [OutputFile(sentence_file(d), (), (d,)) for d in documents.values()]

    def pairs_to_check(self, documents: Sequence[Document]
                       ) -> Iterator[tuple[Document, Document]]:
        """Every document in some pair (its sentence file), the two longest stems (the longest
        pair file) and the pairs whose file could clash (`_clash_prone_pairs`)."""
        yield from itertools.pairwise(documents)
        longest = sorted(documents, key=lambda d: len(os.fsencode(file_stem(d.id))))[-2:]
        if len(longest) == 2:
            yield longest[0], longest[1]
        yield from _clash_prone_pairs(documents)

    def write_file(self, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        if output.alignments:
            self._write_alignment(output, handle)
        else:
            self._write_sentences(output.named_after[0], handle)

    @staticmethod
    def _write_alignment(output: OutputFile, handle: IO) -> None:
        (alignment,) = output.alignments
        source, target = alignment.source, alignment.target
        docs = {"fromDoc": sentence_file(source), "toDoc": sentence_file(target)}
        _declaration(handle)
        with etree.xmlfile(handle, encoding="utf-8") as xf, \
                xf.element("cesAlign", {"version": "1.0", **docs}):
            xf.write("\n")
            with xf.element("linkGrp", {"targType": "s", **docs,
                                        "type": alignment.relation.value,
                                        "certainty": f"{alignment.pair_score:.4f}"}):
                xf.write("\n")
                # Local ids by sentence id (`Document.sentence` scans, which is quadratic).
                source_ids = {s.id: local_id(s.index) for s in source.sentences}
                target_ids = {s.id: local_id(s.index) for s in target.sentences}
                for number, link in enumerate(alignment.links, start=1):
                    try:
                        xtargets = "{};{}".format(" ".join(source_ids[i] for i in link.source_ids),
                                                  " ".join(target_ids[i] for i in link.target_ids))
                    except KeyError as exc:
                        raise CorpusError(f"link names unknown sentence {exc.args[0]!r}",
                                          output.name) from None
                    xf.write(etree.Element("link", {
                        "id": f"SL{number}", "xtargets": xtargets,
                        "certainty": f"{link.score:.4f}"}), pretty_print=True)
            xf.write("\n")

    @staticmethod
    def _write_sentences(document: Document, handle: IO) -> None:
        _declaration(handle)
        attributes = {"id": xml_text(document.id), XML_LANG: shortest(document.lang)}
        # Streaming serialisation only writes `xml:lang` with its prefix when it is declared.
        with etree.xmlfile(handle, encoding="utf-8") as xf, \
                xf.element("document", attributes, nsmap={"xml": XML_NS}):
            xf.write("\n")
            for paragraph, sentences in _paragraphs(document):
                p = etree.Element("p", id=f"p{paragraph + 1}")
                for sentence in sentences:
                    s = etree.SubElement(p, "s", id=local_id(sentence.index),
                                         sid=xml_text(sentence.id))
                    s.text = xml_text(sentence.text)
                xf.write(p, pretty_print=True)


def _paragraphs(document: Document) -> Iterator[tuple[int, list]]:
    """Sentences grouped by paragraph, in document order."""
    group: list = []
    for sentence in document.sentences:
        if group and sentence.paragraph != group[0].paragraph:
            yield group[0].paragraph, group
            group = []
        group.append(sentence)
    if group:
        yield group[0].paragraph, group


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class XcesLink:
    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    certainty: float | None


@dataclass(frozen=True)
class XcesAlignment:
    from_doc: str
    to_doc: str
    links: tuple[XcesLink, ...]


@dataclass(frozen=True)
class SentenceDocument:
    id: str
    lang: str
    sentences: dict[str, str]  # local id -> text, in document order


def read_cesalign(path: str | Path) -> list[XcesAlignment]:
    """Every `linkGrp` of a cesAlign file, with `xtargets` split into id lists."""
    path = Path(path)
    root = parse_xml(path)
    if root.tag != "cesAlign":
        raise InputError(f"not a cesAlign file (root is <{root.tag}>)", path)
    groups = []
    for group in root.iter("linkGrp"):
        links = []
        for link in group.iter("link"):
            source, sep, target = link.get("xtargets", "").partition(";")
            if not sep:
                raise InputError(f"link without 'src;tgt' xtargets: {link.get('id')}", path)
            certainty = link.get("certainty")
            links.append(XcesLink(tuple(source.split()), tuple(target.split()),
                                  float(certainty) if certainty is not None else None))
        groups.append(XcesAlignment(group.get("fromDoc", ""), group.get("toDoc", ""),
                                    tuple(links)))
    return groups


def read_sentence_document(path: str | Path) -> SentenceDocument:
    """A sentence-segmented document: `<s id>` text by id."""
    path = Path(path)
    root = parse_xml(path)
    sentences = {s.get("id", ""): "".join(s.itertext()) for s in root.iter("s")}
    return SentenceDocument(root.get("id", path.stem), root.get(XML_LANG, ""), sentences)
