"""One article file → a `Document`: decode, normalise, find paragraphs and title, identify the
language, segment into sentences with offsets into the normalised text."""

from __future__ import annotations

from pathlib import Path

import regex

from corpus.errors import InputError
from corpus.fileio import read_input
from corpus.language import language_code
from corpus.model import Document, Paragraph, Sentence
from corpus.read.decode import decode_bytes
from corpus.read.langid import identify_language
from corpus.read.normalize import normalize_text
from corpus.segment import rules, segment

# A heading is one short line that does not end like a sentence or a clause.
HEADING_MAX_WORDS = 20
HEADING_MAX_CHARS = 150
_CLAUSE_END = regex.compile(r"[.!?؟…:;,،]\p{Pf}*$")
_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")
# One or more blank lines: what separates two paragraphs.
_PARAGRAPH_BREAK = regex.compile(r"\n(?:[^\S\n]*\n)+")


def read_document(path: str | Path, *, lang: str | None = None,
                  doc_id: str | None = None) -> Document:
    """Read an article file; `lang` skips language identification, `doc_id` replaces the stem."""
    source = str(path)
    decoded = decode_bytes(read_input(source), source)
    return build_document(normalize_text(decoded.text), doc_id or Path(path).stem, lang=lang,
                          source=source, encoding=decoded.encoding)


def build_document(text: str, doc_id: str, *, lang: str | None = None, source: str = "",
                   encoding: str = "utf-8") -> Document:
    """Paragraphs, title, language and sentences of an already normalised text."""
    if not text.strip():
        raise InputError("file has no text (only whitespace)", source or doc_id)
    paragraphs = find_paragraphs(text)
    if lang is None:
        lang, confidence = identify_language(text)
    else:
        lang, confidence = language_code(lang, "lang"), 1.0
    sentences = []
    for paragraph in paragraphs:
        for start, end in segment(text[paragraph.start:paragraph.end], lang):
            index = len(sentences)
            sentences.append(Sentence(id=f"{doc_id}.s{index + 1}", index=index,
                                      text=text[paragraph.start + start:paragraph.start + end],
                                      start=paragraph.start + start, end=paragraph.start + end,
                                      paragraph=paragraph.index))
    first = paragraphs[0]
    title = text[first.start:first.end] if first.is_heading else None
    return Document(id=doc_id, lang=lang, text=text, sentences=tuple(sentences),
                    paragraphs=paragraphs, title=title, source=source, encoding=encoding,
                    lang_confidence=confidence)


def find_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Blocks between blank lines; in a file without blank lines, every line is a paragraph."""
    if _BLANK_LINE.search(text):
        # The pieces between breaks (matching the paragraph itself, a character at a time, ran
        # out of memory on a block of a few million characters).
        breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
        blocks = list(zip([0] + [end for _, end in breaks],
                          [start for start, _ in breaks] + [len(text)], strict=True))
    else:
        blocks = [(m.start(), m.end()) for m in regex.finditer(r"[^\n]+", text)]
    paragraphs = []
    for block_start, block_end in blocks:
        start, end = rules.trim(text, block_start, block_end)
        if start < end:
            paragraphs.append(Paragraph(index=len(paragraphs), start=start, end=end,
                                        is_heading=is_heading(text[start:end])))
    return tuple(paragraphs)


def is_heading(paragraph: str) -> bool:
    """A single short line without sentence-final or clause punctuation."""
    return ("\n" not in paragraph and len(paragraph) <= HEADING_MAX_CHARS
            and len(paragraph.split()) <= HEADING_MAX_WORDS
            and not _CLAUSE_END.search(paragraph))
