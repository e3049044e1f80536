"""TMX 1.4 translation memories for CAT tools, and a reader for round trips.

One bilingual file per language pair (`fr-en.tmx`: every document pair whose source is French
and target English), because OmegaT, Trados and memoQ import a TM per language pair; plus
`corpus.tmx`, a multilingual archive of the cross-language MultiLinks (`srclang="*all*"`).
The rules come from what real consumers reject (see docs/DESIGN.md): version
"1.4" exactly, every required header attribute, `srclang` identical to the source `xml:lang`, no
TU with a blank side, XML-safe NFC text, no added bidi marks, `YYYYMMDDThhmmssZ` dates, a `tuid`
built from document and sentence ids so it is stable across runs, and only `x-` props.
Files are streamed with `lxml.etree.xmlfile`, one `<tu>` at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from lxml import etree

from corpus import __version__
from corpus.errors import CorpusError, InputError
from corpus.model import AlignedCorpus, Alignment, Document
from corpus.write.base import OutputFile, Writer
from corpus.write.langcodes import shortest, tmx_language
from corpus.write.xmlsafe import XML_LANG, is_blank, parse_xml, xml_segment, xml_text

MULTILINGUAL_FILE = "corpus.tmx"
ALL_LANGUAGES = "*all*"


def tmx_date(iso: str) -> str:
    """`2026-11-22T10:00:00Z` (any ISO 8601 form) -> `20261122T100000Z` in UTC."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        raise CorpusError(f"not an ISO 8601 date: {iso!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _prop(parent: etree._Element, kind: str, value: str) -> None:
    etree.SubElement(parent, "prop", type=kind).text = xml_text(value)


def _side_id(document_id: str, sentence_ids: Iterable[str]) -> str:
    return f"{document_id}#{'+'.join(sentence_ids)}"


@dataclass(frozen=True)
class _Side:
    """One `<tuv>` to be: some sentences of one document, joined into one segment."""

    lang: str
    document_id: str
    sentence_ids: tuple[str, ...]
    text: str


class _Texts:
    """Sentence text by id for one document (`Document.sentence` scans, which is quadratic)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.by_id = {s.id: s.text for s in document.sentences}

    def side(self, sentence_ids: tuple[str, ...]) -> _Side:
        try:
            text = xml_segment(self.by_id[i] for i in sentence_ids)
        except KeyError as exc:
            raise CorpusError(f"link names unknown sentence {exc.args[0]!r} of document "
                              f"{self.document.id!r}") from None
        return _Side(self.document.lang, self.document.id, sentence_ids, text)


class TmxWriter(Writer):
    """Bilingual TMX per language pair plus a multilingual `corpus.tmx`.

    `regional=True` writes locale codes (`ar-SA`, `fr-FR`, `en-US`) for Trados/memoQ; `lang_map`
    (shortest code -> code to write) overrides single languages. File names always use the
    shortest codes.
    """

    name = "tmx"

    def __init__(self, regional: bool = False, lang_map: Mapping[str, str] | None = None) -> None:
        self.regional = regional
        self.lang_map = dict(lang_map or {})

    def lang(self, code: str) -> str:
        return tmx_language(code, self.regional, self.lang_map)

    def outputs(self, corpus: AlignedCorpus) -> list[OutputFile]:
        pairs: dict[str, list[Alignment]] = {}
        for alignment in corpus.alignments:
            name = f"{shortest(alignment.source.lang)}-{shortest(alignment.target.lang)}.tmx"
            pairs.setdefault(name, []).append(alignment)
        files = [OutputFile(name, tuple(group)) for name, group in sorted(pairs.items())]
        if corpus.multilinks:
            files.append(OutputFile(MULTILINGUAL_FILE, ()))
        return files

    def write_file(self, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        if output.alignments:
            srclang = self.lang(output.alignments[0].source.lang)
            units = self._pair_units(output.alignments)
        else:
            srclang = ALL_LANGUAGES
            units = self._multilink_units(corpus)
        seen: set[str] = set()
        # Double-quoted, upper-case declaration: the form older CAT tools sniff for.
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        with etree.xmlfile(handle, encoding="utf-8") as xf, xf.element("tmx", version="1.4"):
            xf.write("\n")
            xf.write(self._header(corpus, srclang), pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for tu in units:
                    tuid = tu.get("tuid")
                    if tuid in seen:
                        raise CorpusError(f"two links give the same TMX tuid {tuid!r}",
                                          output.name)
                    seen.add(tuid)
                    xf.write(tu, pretty_print=True)
            xf.write("\n")

    def _header(self, corpus: AlignedCorpus, srclang: str) -> etree._Element:
        header = etree.Element("header", {
            "creationtool": "corpus",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "corpus",
            "adminlang": "en",
            "srclang": srclang,
            "datatype": "plaintext",
            "creationdate": tmx_date(corpus.created),
        })
        _prop(header, "x-corpus-signature", corpus.signature)
        return header

    def _pair_units(self, alignments: Iterable[Alignment]) -> Iterator[etree._Element]:
        for alignment in alignments:
            source, target = _Texts(alignment.source), _Texts(alignment.target)
            for link in alignment.links:
                sides = (source.side(link.source_ids), target.side(link.target_ids))
                unit = self._unit(sides, link.score, link.kind, alignment.relation.value)
                if unit is not None:
                    yield unit

    def _multilink_units(self, corpus: AlignedCorpus) -> Iterator[etree._Element]:
        texts = {d.id: _Texts(d) for d in corpus.documents}
        for multilink in corpus.multilinks:
            sides = []
            for document_id, sentence_ids in multilink.members:
                if document_id not in texts:
                    raise CorpusError(f"multilink names unknown document {document_id!r}")
                sides.append(texts[document_id].side(sentence_ids))
            unit = self._unit(sides, multilink.score,
                              "-".join(str(len(ids)) for _, ids in multilink.members), None)
            if unit is not None:
                yield unit

    def _unit(self, sides: Iterable[_Side], score: float, bead: str,
              relation: str | None) -> etree._Element | None:
        """One `<tu>`, or None when fewer than two sides have text (a CAT tool would delete it)."""
        filled = [side for side in sides if not is_blank(side.text)]
        if len(filled) < 2:
            return None
        tuid = "|".join(_side_id(side.document_id, side.sentence_ids) for side in filled)
        tu = etree.Element("tu", tuid=xml_text(tuid))
        _prop(tu, "x-score", f"{score:.4f}")
        _prop(tu, "x-bead", bead)
        if relation is not None:
            _prop(tu, "x-relation", relation)
        for side in filled:
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: self.lang(side.lang)})
            _prop(tuv, "x-document", side.document_id)
            for sentence_id in side.sentence_ids:
                _prop(tuv, "x-sentence", sentence_id)
            etree.SubElement(tuv, "seg").text = side.text
        return tu


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TmxVariant:
    """One `<tuv>`: language, segment text and its props in document order."""

    lang: str
    text: str
    props: tuple[tuple[str, str], ...]

    def prop(self, kind: str) -> str | None:
        return next((value for key, value in self.props if key == kind), None)


@dataclass(frozen=True)
class TmxUnit:
    tuid: str | None
    props: tuple[tuple[str, str], ...]
    variants: tuple[TmxVariant, ...]

    def prop(self, kind: str) -> str | None:
        return next((value for key, value in self.props if key == kind), None)


@dataclass(frozen=True)
class TmxFile:
    header: dict[str, str]
    header_props: tuple[tuple[str, str], ...]
    units: tuple[TmxUnit, ...]


def _props(element: etree._Element) -> tuple[tuple[str, str], ...]:
    return tuple((p.get("type", ""), p.text or "") for p in element.findall("prop"))


def read_tmx(path: str | Path) -> TmxFile:
    """Parse a TMX file (no DTD loading, no entity expansion, no network)."""
    path = Path(path)
    root = parse_xml(path, "TMX")
    header = root.find("header")
    if root.tag != "tmx" or header is None or root.find("body") is None:
        raise InputError("not a TMX file (expected <tmx> with <header> and <body>)", path)
    units = []
    for tu in root.iterfind("body/tu"):
        variants = tuple(
            TmxVariant(tuv.get(XML_LANG) or tuv.get("lang", ""),
                       "".join(tuv.find("seg").itertext()) if tuv.find("seg") is not None
                       else "",
                       _props(tuv))
            for tuv in tu.findall("tuv")
        )
        units.append(TmxUnit(tu.get("tuid"), _props(tu), variants))
    return TmxFile(dict(header.attrib), _props(header), tuple(units))
