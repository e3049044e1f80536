"""TEI P5: the whole corpus as one `teiCorpus` for scholarly archives (`corpus.tei.xml`).

Layout (see docs/DESIGN.md):

- the corpus `teiHeader` carries the run's provenance: `appInfo/application` (corpus version,
  run date) whose `desc type="signature"` holds the settings signature;
- one `standOff` before the documents holds the alignment: a `listRelation` naming every
  document pair compared (`relation` `@name` = relation, `@active`/`@passive` = the two
  documents, `@cert` = pair score; also the pairs left without a link), a `joinGrp` of
  `join`s for every
  multi-sentence side, one `linkGrp type="alignment"` per document pair (`@subtype` = relation,
  `@corresp` = the two documents, `@cert` = pair score) whose `link`s point `#source #target`
  (exactly two pointers: a sentence or a join each) with `@cert` = link probability and
  `@type` = bead kind, and one `linkGrp type="multilingual"` for the cross-language links
  (one pointer per document, in member order);
- one `TEI` per document: header (title, source file, language, publication statement, and a
  `respStmt` per machine translation), then `text/body` with `div type="original"` (paragraphs
  `p`/`head`, sentences `s`) and, per translation, a `div type="translation"` whose `s`s point
  back with `@corresp` and name their provenance with `@resp`.

Every `xml:id` is derived from the record ids (`s-` + sentence id, `d-` + document id, ...)
through `safe_xml_id`, so they are stable across runs; a collision is an error, never a silent
renumbering. Documents are streamed one `TEI` at a time with `lxml.etree.xmlfile`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from pathlib import Path, PurePath
from typing import IO

from lxml import etree

from corpus import __version__
from corpus.errors import CorpusError
from corpus.model import (
    AlignedCorpus,
    Alignment,
    Document,
    MachineTranslation,
    Paragraph,
    Sentence,
)
from corpus.write.base import OutputFile, Writer
from corpus.write.langcodes import shortest
from corpus.write.xmlsafe import XML_NS, safe_xml_id, xml_text

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = f"{{{XML_NS}}}id"
TEI_FILE = "corpus.tei.xml"
_W3C_DATE = re.compile(r"-?\d{4,}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")
# Elements whose content is text (mixed content): never re-indented, so gaps stay exact.
_MIXED = frozenset({"p", "head", "s", "title", "desc", "resp", "name", "idno", "language",
                    "label", "authority", "date"})


def tei(tag: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{tag}"


def _el(parent: etree._Element | None, tag: str, text: str | None = None,
        **attrib: str) -> etree._Element:
    """A TEI element (under `parent` when given) with XML-safe text and attributes."""
    attrib = {key.replace("xml_", f"{{{XML_NS}}}"): xml_text(value)
              for key, value in attrib.items()}
    element = (etree.Element(tei(tag), attrib, nsmap={None: TEI_NS}) if parent is None
               else etree.SubElement(parent, tei(tag), attrib))
    if text is not None:
        element.text = xml_text(text)
    return element


def _indent(element: etree._Element, level: int = 1) -> etree._Element:
    """Pretty-print structural elements only; mixed content keeps its exact whitespace."""
    if etree.QName(element).localname in _MIXED or not len(element):
        return element
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    child.tail = "\n" + "  " * level
    return element


def when(value: str) -> str:
    """An ISO 8601 date or date-time as TEI's `@when` (W3C XML Schema) accepts it."""
    if not _W3C_DATE.fullmatch(value):
        raise CorpusError(f"not an ISO 8601 date or date-time: {value!r}")
    return value


def cert(score: float) -> str:
    """`@cert` as TEI's probability: a number in [0, 1], four decimals."""
    if not (isinstance(score, int | float) and math.isfinite(score) and 0 <= score <= 1):
        raise CorpusError(f"a link score must be a probability in [0, 1], got {score!r}")
    return f"{score:.4f}"


class _Ids:
    """The file's `xml:id`s: derived from record ids by kind, checked for uniqueness."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, value: str) -> str:
        if value in self.used:
            raise CorpusError(f"two TEI elements would share the xml:id {value!r}", TEI_FILE)
        self.used.add(value)
        return value

    @staticmethod
    def document(document_id: str) -> str:
        return safe_xml_id(f"d-{document_id}")

    @staticmethod
    def sentence(sentence_id: str) -> str:
        return safe_xml_id(f"s-{sentence_id}")

    @staticmethod
    def paragraph(document_id: str, index: int) -> str:
        return safe_xml_id(f"p-{document_id}.p{index + 1}")

    @staticmethod
    def join(sentence_ids: Sequence[str]) -> str:
        return safe_xml_id("j-" + "+".join(sentence_ids))

    @staticmethod
    def translation(document_id: str, lang: str) -> str:
        return safe_xml_id(f"mt-{document_id}.{lang}")


class _Pointers:
    """`#pointer`s to one side of a link: a sentence, or a `join` made once per sentence group."""

    def __init__(self, corpus: AlignedCorpus) -> None:
        self.sentences = {s.id: d for d in corpus.documents for s in d.sentences}
        self.joins: dict[tuple[str, ...], str] = {}

    def side(self, document: Document, sentence_ids: Sequence[str]) -> str:
        for sentence_id in sentence_ids:
            owner = self.sentences.get(sentence_id)
            if owner is None or owner.id != document.id:
                raise CorpusError(
                    f"link names sentence {sentence_id!r}, which is not in document "
                    f"{document.id!r}")
        if not sentence_ids:
            raise CorpusError(f"a link has an empty side in document {document.id!r}")
        if len(sentence_ids) == 1:
            return "#" + _Ids.sentence(sentence_ids[0])
        key = tuple(sentence_ids)
        self.joins.setdefault(key, _Ids.join(key))
        return "#" + self.joins[key]


class TeiWriter(Writer):
    """One TEI P5 `teiCorpus` holding documents, machine translations and alignments."""

    name = "tei"

    def outputs(self, corpus: AlignedCorpus) -> list[OutputFile]:
        return [OutputFile(TEI_FILE, corpus.alignments)]

    def check_documents(self, documents: Sequence[Document], out_dir: Path) -> None:
        """Two ids that `safe_xml_id` makes one (`café` and `caf_ue9_`) would give two TEI
        documents, and their sentences, one `xml:id`."""
        seen: dict[str, str] = {}
        for document in documents:
            xml_id = _Ids.document(document.id)
            if xml_id in seen:
                raise CorpusError(f"articles {seen[xml_id]!r} and {document.id!r} would share "
                                  f"the xml:id {xml_id!r}: rename one of them",
                                  out_dir / TEI_FILE)
            seen[xml_id] = document.id

    def write_file(self, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        ids = _Ids()
        translations = _translations_by_document(corpus)
        header = _corpus_header(corpus)
        stand_off = _stand_off(corpus, output.alignments, ids)
        # Documents are built and written one at a time (a corpus of thousands never sits in
        # memory as one tree); the pointers are checked once every id is known, and a failure
        # then discards the whole file (the writer's atomic output), so nothing half-valid stays.
        documents = (_document(d, translations.get(d.id, ()), corpus.created, ids)
                     for d in corpus.documents)
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        with etree.xmlfile(handle, encoding="utf-8") as xf, xf.element(
                tei("teiCorpus"), {"version": "4.3.0"}, nsmap={None: TEI_NS}):
            for part in chain((header, stand_off), documents):
                if part is not None:
                    xf.write("\n  ")
                    xf.write(_indent(part))
            xf.write("\n")
        _check_pointers(stand_off, ids.used)
        handle.write(b"\n")


def _translations_by_document(
    corpus: AlignedCorpus,
) -> dict[str, tuple[MachineTranslation, ...]]:
    known = {d.id: d for d in corpus.documents}
    grouped: dict[str, list[MachineTranslation]] = {}
    for translation in corpus.translations:
        document = known.get(translation.document_id)
        if document is None:
            raise CorpusError(
                f"machine translation of unknown document {translation.document_id!r}")
        if len(translation.sentences) != len(document.sentences):
            raise CorpusError(
                f"machine translation of {document.id!r} into {translation.lang!r} has "
                f"{len(translation.sentences)} sentences, the document {len(document.sentences)}")
        grouped.setdefault(document.id, []).append(translation)
    return {key: tuple(value) for key, value in grouped.items()}


def _languages(codes: Iterable[str]) -> dict[str, None]:
    return dict.fromkeys(shortest(code) for code in codes)


def _publication(parent: etree._Element, created: str, note: str) -> None:
    statement = _el(parent, "publicationStmt")
    _el(statement, "authority", f"corpus {__version__}")
    if created:
        _el(statement, "date", created, when=when(created))
    availability = _el(statement, "availability", status="unknown")
    _el(availability, "p", note)


def _corpus_header(corpus: AlignedCorpus) -> etree._Element:
    header = _el(None, "teiHeader")
    file_desc = _el(header, "fileDesc")
    _el(_el(file_desc, "titleStmt"), "title", "Sentence-aligned multilingual corpus")
    _publication(file_desc, corpus.created,
                 "Built from news articles; rights in the texts remain with their publishers.")
    _el(_el(file_desc, "sourceDesc"), "p",
        f"{len(corpus.documents)} articles; each document's own header names its source file.")
    encoding = _el(header, "encodingDesc")
    attrs = {"ident": "corpus", "version": __version__}
    if corpus.created:
        attrs["when"] = when(corpus.created)
    application = _el(_el(encoding, "appInfo"), "application", **attrs)
    _el(application, "label", "corpus")
    _el(application, "desc", corpus.signature, type="signature")
    _el(encoding, "p",
        "Alignments are in the standOff: one linkGrp per linked document pair, each link pointing "
        "to exactly one source and one target, either a sentence (s) or a join of several "
        "sentences; @cert is the probability that the link is right. A listRelation names "
        "every document pair compared, with or without links. Machine translations "
        "are div type=\"translation\" elements whose s point back with @corresp.")
    usage = _el(_el(header, "profileDesc"), "langUsage")
    for code in _languages(d.lang for d in corpus.documents):
        _el(usage, "language", ident=code)
    return header


def _stand_off(corpus: AlignedCorpus, alignments: Sequence[Alignment],
               ids: _Ids) -> etree._Element | None:
    if not alignments and not corpus.multilinks:
        return None
    pointers = _Pointers(corpus)
    stand_off = _el(None, "standOff")
    if alignments:
        # Every document pair compared, also those without a link (a linkGrp needs a link).
        relations = _el(stand_off, "listRelation", type="documentPairs")
        for alignment in alignments:
            _el(relations, "relation", name=alignment.relation.value,
                active=f"#{_Ids.document(alignment.source.id)}",
                passive=f"#{_Ids.document(alignment.target.id)}",
                cert=cert(alignment.pair_score))
    groups = []
    for alignment in alignments:
        source, target = alignment.source, alignment.target
        group = etree.Element(tei("linkGrp"), {
            XML_ID: ids.new(safe_xml_id(f"a-{source.id}|{target.id}")),
            "type": "alignment", "subtype": alignment.relation.value,
            "corresp": f"#{_Ids.document(source.id)} #{_Ids.document(target.id)}",
            "cert": cert(alignment.pair_score),
        })
        for link in alignment.links:
            _el(group, "link", type=link.kind, cert=cert(link.score),
                target=f"{pointers.side(source, link.source_ids)} "
                       f"{pointers.side(target, link.target_ids)}")
        groups.append(group)
    if corpus.multilinks:
        group = etree.Element(tei("linkGrp"), {XML_ID: ids.new("multilinks"),
                                               "type": "multilingual"})
        for multilink in corpus.multilinks:
            if len(multilink.members) < 2:
                raise CorpusError("a multilingual link needs at least two members")
            targets = []
            for document_id, sentence_ids in multilink.members:
                try:
                    document = corpus.document(document_id)
                except KeyError:
                    raise CorpusError(
                        f"multilink names unknown document {document_id!r}") from None
                targets.append(pointers.side(document, sentence_ids))
            _el(group, "link", cert=cert(multilink.score),
                type="-".join(str(len(s)) for _, s in multilink.members),
                target=" ".join(targets))
        groups.append(group)
    # Linked groups must not be empty (linkGrp needs a link): drop pairs without links.
    groups = [g for g in groups if len(g)]
    if pointers.joins:
        join_group = _el(stand_off, "joinGrp", result="s")
        for sentence_ids, join_id in pointers.joins.items():
            _el(join_group, "join", xml_id=ids.new(join_id),
                target=" ".join("#" + _Ids.sentence(i) for i in sentence_ids))
    for group in groups:
        stand_off.append(group)
    return stand_off if len(stand_off) else None


def _document(document: Document, translations: Sequence[MachineTranslation], created: str,
              ids: _Ids) -> etree._Element:
    lang = shortest(document.lang)
    root = _el(None, "TEI", xml_id=ids.new(_Ids.document(document.id)), xml_lang=lang,
               n=document.id)
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", document.title or document.id)
    for translation in translations:
        _resp_stmt(title_stmt, document, translation, ids)
    _publication(file_desc, created,
                 "Text of a news article; rights remain with its original publisher.")
    bibl = _el(_el(file_desc, "sourceDesc"), "bibl")
    _el(bibl, "title", document.title or document.id)
    # The file's name, not the path the folder was given by: `corpus align /home/me/news` and
    # `corpus align news` must write the same bytes, and an archive has no use for the builder's
    # home folder.
    _el(bibl, "idno", PurePath(document.source).name, type="file")
    _el(bibl, "idno", document.id, type="corpus")
    _el(bibl, "idno", document.encoding, type="encoding")
    usage = _el(_el(header, "profileDesc"), "langUsage")
    _el(usage, "language", ident=lang, usage="100")
    body = _el(_el(root, "text"), "body")
    original = _el(body, "div", type="original")
    paragraphs = _paragraph_sentences(document)
    for paragraph, sentences in paragraphs:
        leading = paragraph.is_heading and all(e.tag == tei("head") for e in original)
        element = _el(original, "head" if leading else "p",
                      xml_id=ids.new(_Ids.paragraph(document.id, paragraph.index)))
        if paragraph.is_heading and not leading:
            element.set("rend", "heading")
        _fill(element, document, sentences, lambda s: {XML_ID: ids.new(_Ids.sentence(s.id)),
                                                      "n": str(s.index + 1)})
    for translation in translations:
        _translation_div(body, document, paragraphs, translation)
    return root


def _paragraph_sentences(document: Document) -> list[tuple[Paragraph, list[Sentence]]]:
    """Each paragraph with its sentences, in order; a sentence of no paragraph is an error."""
    grouped: dict[int, list[Sentence]] = {p.index: [] for p in document.paragraphs}
    for sentence in document.sentences:
        if sentence.paragraph not in grouped:
            raise CorpusError(f"sentence {sentence.id!r} belongs to unknown paragraph "
                              f"{sentence.paragraph} of document {document.id!r}")
        grouped[sentence.paragraph].append(sentence)
    return [(p, grouped[p.index]) for p in document.paragraphs]


def _fill(parent: etree._Element, document: Document, sentences: Sequence[Sentence],
          attributes: Callable[[Sentence], dict[str, str]],
          texts: Sequence[str] | None = None) -> None:
    """`s` children of `parent`, separated as in the document.

    The original's exact text between two sentences becomes the tail of the first; a
    translation (`texts`) gets a single space wherever the original had anything.
    """
    for position, sentence in enumerate(sentences):
        child = etree.SubElement(parent, tei("s"), attributes(sentence))
        child.text = xml_text(sentence.text if texts is None else texts[position])
        if position + 1 < len(sentences):
            gap = document.text[sentence.end:sentences[position + 1].start]
            child.tail = xml_text(gap) if texts is None else (" " if gap else None)


def _resp_stmt(parent: etree._Element, document: Document, translation: MachineTranslation,
               ids: _Ids) -> None:
    statement = _el(parent, "respStmt",
                    xml_id=ids.new(_Ids.translation(document.id, shortest(translation.lang))))
    resp_attrs = {"when": when(translation.created)} if translation.created else {}
    _el(statement, "resp",
        f"machine translation into {shortest(translation.lang)} (route {translation.route})",
        **resp_attrs)
    _el(statement, "name", translation.engine, type="engine")
    model = " ".join(part for part in (translation.model, translation.model_version) if part)
    _el(statement, "name", model or "unknown model", type="model")
    if translation.options:
        _el(statement, "note", translation.options, type="options")


def _translation_div(body: etree._Element, document: Document,
                     paragraphs: list[tuple[Paragraph, list[Sentence]]],
                     translation: MachineTranslation) -> None:
    lang = shortest(translation.lang)
    div = _el(body, "div", type="translation", subtype="machine", xml_lang=lang,
              resp="#" + _Ids.translation(document.id, lang))
    texts = dict(zip((s.id for s in document.sentences), translation.sentences, strict=True))
    for paragraph, sentences in paragraphs:
        element = _el(div, "p", corresp="#" + _Ids.paragraph(document.id, paragraph.index))
        _fill(element, document, sentences,
              lambda s: {"corresp": "#" + _Ids.sentence(s.id)},
              [texts[s.id] for s in sentences])


def _check_pointers(stand_off: etree._Element | None, known: set[str]) -> None:
    """Every `#pointer` of the alignment names an element of this file."""
    if stand_off is None:
        return
    for element in stand_off.iter(tei("link"), tei("join"), tei("linkGrp"), tei("relation")):
        for attribute in ("target", "corresp", "active", "passive"):
            for pointer in (element.get(attribute) or "").split():
                if pointer[1:] not in known:
                    raise CorpusError(f"dangling pointer {pointer!r} in the alignment",
                                      TEI_FILE)

