"""The HTML review page: every aligned pair side by side, for a person to check (`review.html`).

One self-contained file (inline CSS and JS from `templates/`, no network): per document pair a
summary (relation, linked and unaligned counts, mean score) and a table whose rows are either a
link (source sentences | score | target sentences, coloured by score band) or an unaligned
sentence, in document order. Right-to-left languages get `dir="rtl"` and every text cell its
`lang`; machine translations show on hover (`title`) and, with a toggle, under each sentence; a
range input (preset by `review.html?max=0.5`) hides links above a score so the doubtful ones
stand out. The page is streamed with lxml's `htmlfile`, one pair section (an lxml tree) at a time,
so all text is escaped by the serialiser and memory stays bounded by the largest pair.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import IO

from lxml import etree

from corpus import __version__
from corpus.errors import CorpusError
from corpus.model import (
    SCORE_BANDS,
    AlignedCorpus,
    Alignment,
    Document,
    Link,
    Sentence,
    score_band,
)
from corpus.write.base import OutputFile, Writer
from corpus.write.langcodes import shortest
from corpus.write.xmlsafe import xml_text

HTML_FILE = "review.html"
# Languages written right to left (ISO 639-1 and the common 639-3 codes without one). Documents
# carry bare language subtags (`corpus.language`), so script-qualified codes such as `ku-Arab`
# never reach this table.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "ckb", "sd", "syr",
                           "arc"})


def direction(lang: str) -> str:
    """`rtl` or `ltr`, the `dir` of a text in `lang` (by its language subtag)."""
    return "rtl" if shortest(lang).split("-")[0] in RTL_LANGUAGES else "ltr"


def _el(parent: etree._Element | None, tag: str, text: str | None = None,
        **attrib: str) -> etree._Element:
    """An element with XML-safe text; `class_` stands for `class`, `data_x` for `data-x`."""
    attrib = {key.rstrip("_").replace("_", "-"): xml_text(value) for key, value in attrib.items()}
    element = etree.Element(tag, attrib) if parent is None else etree.SubElement(
        parent, tag, attrib)
    if text is not None:
        element.text = xml_text(text)
    return element


def _asset(name: str) -> str:
    return resources.files("corpus.write").joinpath("templates", name).read_text(
        encoding="utf-8")


@dataclass(frozen=True)
class Row:
    """One table row: a link, or one unaligned sentence (the other side empty)."""

    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    score: float | None  # None for an unaligned sentence


def rows(alignment: Alignment) -> list[Row]:
    """Links and unaligned sentences in reading order.

    Links are sorted by their first source (then target) sentence; an unaligned sentence is
    placed before the first link that starts after it on its own side.
    """
    source_pos = {s.id: s.index for s in alignment.source.sentences}
    target_pos = {s.id: s.index for s in alignment.target.sentences}

    def first(positions: dict[str, int], ids: tuple[str, ...], document: Document) -> int:
        unknown = [i for i in ids if i not in positions]
        if unknown:
            raise CorpusError(f"link names sentence {unknown[0]!r}, which is not in document "
                              f"{document.id!r}")
        return min((positions[i] for i in ids), default=-1)

    def start(link: Link) -> tuple[int, int]:
        return (first(source_pos, link.source_ids, alignment.source),
                first(target_pos, link.target_ids, alignment.target))

    lone_source = deque(alignment.unaligned_source)
    lone_target = deque(alignment.unaligned_target)
    result: list[Row] = []
    for link in sorted(alignment.links, key=start):
        first_source, first_target = start(link)
        while lone_source and source_pos[lone_source[0]] < first_source:
            result.append(Row((lone_source.popleft(),), (), None))
        while lone_target and target_pos[lone_target[0]] < first_target:
            result.append(Row((), (lone_target.popleft(),), None))
        result.append(Row(link.source_ids, link.target_ids, link.score))
    result += [Row((i,), (), None) for i in lone_source]
    result += [Row((), (i,), None) for i in lone_target]
    return result


class HtmlWriter(Writer):
    """A single self-contained `review.html` for checking the alignments by eye."""

    name = "html"

    def outputs(self, corpus: AlignedCorpus) -> list[OutputFile]:
        return [OutputFile(HTML_FILE, corpus.alignments)]

    def write_file(self, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        _write_page(corpus, output.alignments, handle)


class _Translations:
    """Machine translation of a sentence into a language, from the alignment or the MT layer."""

    def __init__(self, corpus: AlignedCorpus) -> None:
        self.layer: dict[tuple[str, str], dict[str, str]] = {}
        for translation in corpus.translations:
            try:
                document = corpus.document(translation.document_id)
            except KeyError:
                continue  # the TEI writer reports orphans; a review page just shows less
            key = (document.id, shortest(translation.lang))
            self.layer[key] = dict(zip((s.id for s in document.sentences),
                                       translation.sentences, strict=False))

    def lookup(self, own: dict[str, str], document: Document, lang: str,
               sentence_id: str) -> str | None:
        if sentence_id in own:
            return own[sentence_id]
        return self.layer.get((document.id, shortest(lang)), {}).get(sentence_id)


def _write_page(corpus: AlignedCorpus, alignments: Sequence[Alignment], handle: IO) -> None:
    """Stream the page: the head, header and table of contents, then one pair section at a time,
    so a corpus of thousands of pairs never sits in memory as one tree."""
    handle.write(b"<!DOCTYPE html>\n")
    with etree.htmlfile(handle, encoding="utf-8") as xf, xf.element("html", lang="en"):
        xf.write("\n")
        head = _el(None, "head")
        _el(head, "meta", charset="utf-8")
        _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
        _el(head, "meta", name="generator", content=f"corpus {__version__}")
        _el(head, "title", "Alignment review")
        _el(head, "style").text = _asset("review.css")
        xf.write(head, pretty_print=True)
        with xf.element("body"):
            xf.write("\n")
            xf.write(_header(corpus, alignments), pretty_print=True)
            with xf.element("main"):
                xf.write("\n")
                xf.write(_toc(corpus, alignments), pretty_print=True)
                translations = _Translations(corpus)
                for number, alignment in enumerate(alignments, start=1):
                    xf.write(_section(alignment, f"pair-{number}", translations),
                             pretty_print=True)
                if corpus.multilinks:
                    xf.write(_cross_section(corpus), pretty_print=True)
            footer = _el(None, "footer", class_="page")
            _el(footer, "span",
                f"Generated by corpus {__version__} on {corpus.created}. Signature: ")
            _el(footer, "code", corpus.signature, class_="signature")
            xf.write(footer, pretty_print=True)
            xf.write(_el(None, "script", _asset("review.js")), pretty_print=True)
        xf.write("\n")


def _toc(corpus: AlignedCorpus, alignments: Sequence[Alignment]) -> etree._Element:
    nav = _el(None, "nav", class_="toc")
    toc = _el(nav, "ol")
    for number, alignment in enumerate(alignments, start=1):
        item = _el(toc, "li")
        _pair_title(_el(item, "a", href=f"#pair-{number}"), alignment)
        count = len(alignment.links)
        _el(item, "span", f" ({alignment.relation.value}, {count} link{'s' * (count != 1)})")
    if corpus.multilinks:
        _el(_el(toc, "li"), "a", "Across languages", href="#across-languages")
    return nav


def _header(corpus: AlignedCorpus, alignments: Sequence[Alignment]) -> etree._Element:
    header = _el(None, "header", class_="page")
    _el(header, "h1", "Alignment review")
    _el(header, "p", f"{len(corpus.documents)} documents, {len(alignments)} aligned pairs, "
                     f"{sum(len(a.links) for a in alignments)} links.")
    controls = _el(header, "div", class_="controls")
    label = _el(controls, "label", "Show links scoring at most ")
    _el(label, "input", type="range", id="threshold", min="0", max="1", step="0.05",
        value="1")
    _el(label, "output", "1.00", id="threshold-value", for_="threshold")
    for control_id, text, checked in (("show-unaligned", "unaligned sentences", True),
                                      ("show-mt", "machine translations", False)):
        label = _el(controls, "label")
        box = _el(label, "input", type="checkbox", id=control_id)
        if checked:
            box.set("checked", "checked")
        box.tail = text
    legend = _el(controls, "ul", class_="legend")
    bounds = [f"≥ {bound:.2f}" if bound else f"< {SCORE_BANDS[-2][0]:.2f}"
              for bound, _ in SCORE_BANDS]
    for (_, name), text in zip(SCORE_BANDS, bounds, strict=True):
        _el(legend, "li", f"{name} {text}", class_=name)
    _el(legend, "li", "unaligned", class_="none")
    return header


def _name(parent: etree._Element, name: str, after: str) -> None:
    """`name` (a document id or title) in its own `bdi`, then `after`.

    The isolate keeps an Arabic id, or a stray bidi control in a title, from reordering the
    text around it (`خبر 2 (ar) ↔ …` would otherwise swap its pieces in an LTR heading).
    """
    parent.text = parent.text or ""  # no text at all lets the pretty-printer indent inside
    _el(parent, "bdi", name).tail = after


def _pair_title(parent: etree._Element, alignment: Alignment, end: str = "") -> etree._Element:
    """`source (fr) ↔ target (en)` + `end` as the content of `parent`."""
    source, target = alignment.source, alignment.target
    _name(parent, source.id, f" ({shortest(source.lang)}) ↔ ")
    _name(parent, target.id, f" ({shortest(target.lang)}){end}")
    return parent


def _summary(alignment: Alignment) -> Iterator[tuple[str, str]]:
    links = alignment.links
    source_linked = len(alignment.source.sentences) - len(alignment.unaligned_source)
    target_linked = len(alignment.target.sentences) - len(alignment.unaligned_target)
    mean = sum(link.score for link in links) / len(links) if links else None
    yield "pair score", f"{alignment.pair_score:.2f}"
    yield "links", str(len(links))
    yield "source linked", f"{source_linked} / {len(alignment.source.sentences)}"
    yield "target linked", f"{target_linked} / {len(alignment.target.sentences)}"
    yield "unaligned", (f"{len(alignment.unaligned_source)} source, "
                        f"{len(alignment.unaligned_target)} target")
    yield "mean score", "–" if mean is None else f"{mean:.2f}"
    yield "low-confidence links", str(sum(score_band(link.score) == "low" for link in links))


def _section(alignment: Alignment, anchor: str, translations: _Translations) -> etree._Element:
    source, target = alignment.source, alignment.target
    section = _el(None, "section", class_="pair", id=anchor, data_source=source.id,
                  data_target=target.id, data_relation=alignment.relation.value)
    heading = _pair_title(_el(section, "h2"), alignment, end=" ")
    _el(heading, "span", alignment.relation.value, class_="relation")
    summary = _el(section, "dl", class_="summary")
    for term, value in _summary(alignment):
        item = _el(summary, "div")
        _el(item, "dt", term)
        _el(item, "dd", value)
    # Filled in by the page's script as the filters change.
    shown = _el(summary, "div")
    _el(shown, "dt", "rows shown")
    _el(shown, "dd", class_="visible-rows")
    table = _el(section, "table", class_="alignment")
    columns = _el(table, "colgroup")
    for width in ("46%", "8%", "46%"):
        _el(columns, "col", style=f"width: {width}")
    header_row = _el(_el(table, "thead"), "tr")
    for document, css in ((source, "text"), (None, "score"), (target, "text")):
        if document is None:
            _el(header_row, "th", "score", class_=css)
            continue
        lang = shortest(document.lang)
        _name(_el(header_row, "th", class_=css, lang=lang, dir=direction(lang)),
              document.title or document.id, f" · {lang}")
    body = _el(table, "tbody")
    sentences = {s.id: s for d in (source, target) for s in d.sentences}
    for row in rows(alignment):
        _row(body, alignment, row, sentences, translations)
    return section


def _row(body: etree._Element, alignment: Alignment, row: Row,
         sentences: dict[str, Sentence], translations: _Translations) -> None:
    if row.score is None:
        tr = _el(body, "tr", class_="unaligned")
    else:
        tr = _el(body, "tr", class_=f"link {score_band(row.score)}", data_score=f"{row.score:.4f}")
    sides = ((alignment.source, row.source_ids, alignment.source_mt, alignment.target.lang),
             (alignment.target, row.target_ids, alignment.target_mt, alignment.source.lang))
    for position, (document, sentence_ids, own_mt, other_lang) in enumerate(sides):
        if position == 1:
            _el(tr, "td", "unaligned" if row.score is None else f"{row.score:.2f}",
                class_="score")
        lang = shortest(document.lang)
        cell = _el(tr, "td", class_="text", lang=lang, dir=direction(lang))
        machine = []
        for sentence_id in sentence_ids:
            sentence = sentences[sentence_id]
            span = _el(cell, "span", sentence.text, class_="s", data_id=sentence.id,
                       data_n=str(sentence.index + 1))
            span.tail = " "
            mt = translations.lookup(own_mt, document, other_lang, sentence_id)
            if mt is not None:
                span.set("title", xml_text(mt))
                machine.append(mt)
        if machine:
            other = shortest(other_lang)
            inline = _el(cell, "div", class_="mt", lang=other, dir=direction(other))
            for position, text in enumerate(machine):
                _el(inline, "span", text).tail = " " if position + 1 < len(machine) else None


def _cross_section(corpus: AlignedCorpus) -> etree._Element:
    """The MultiLinks: one row per sentence group, one column per document."""
    section = _el(None, "section", class_="pair cross", id="across-languages")
    _el(section, "h2", "Across languages")
    order = list(dict.fromkeys(doc for link in corpus.multilinks for doc, _ in link.members))
    documents = []
    for document_id in order:
        try:
            documents.append(corpus.document(document_id))
        except KeyError:
            raise CorpusError(f"multilink names unknown document {document_id!r}") from None
    sentences = {s.id: s for d in documents for s in d.sentences}
    table = _el(section, "table", class_="alignment cross")
    header = _el(_el(table, "thead"), "tr")
    _el(header, "th", "score", class_="score")
    for document in documents:
        lang = shortest(document.lang)
        _name(_el(header, "th", lang=lang, dir=direction(lang)), document.id, f" · {lang}")
    body = _el(table, "tbody")
    for multilink in corpus.multilinks:
        members = dict(multilink.members)
        tr = _el(body, "tr", class_=f"multilink {score_band(multilink.score)}",
                 data_score=f"{multilink.score:.4f}")
        _el(tr, "td", f"{multilink.score:.2f}", class_="score")
        for document in documents:
            lang = shortest(document.lang)
            cell = _el(tr, "td", class_="text", lang=lang, dir=direction(lang))
            for sentence_id in members.get(document.id, ()):
                if sentence_id not in sentences:
                    raise CorpusError(f"multilink names sentence {sentence_id!r}, which is "
                                      f"not in document {document.id!r}")
                _el(cell, "span", sentences[sentence_id].text, class_="s",
                    data_id=sentence_id).tail = " "
    return section
