"""Reading the inputs of `corpus align-pair` and rendering its beads (ladder, tsv, json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from corpus.align.ladder import format_ladder
from corpus.errors import InputError
from corpus.fileio import read_utf8
from corpus.model import Bead
from corpus.segment.join import join_sentences

FORMATS = ("ladder", "tsv", "json")


def read_lines(path: str | Path) -> list[str]:
    """One sentence per line (UTF-8, BOM allowed); the line number is the sentence index."""
    text = read_utf8(path)
    # Line breaks only (read_utf8 has made \r\n and \r into \n): `splitlines` also breaks at
    # U+2028, U+0085, form feeds..., and indices would no longer be line numbers.
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def read_sentences(path: str | Path) -> list[str]:
    lines = read_lines(path)
    if not any(line.strip() for line in lines):
        raise InputError("empty text: no sentences to align", path)
    return lines


def read_translation(path: str | Path, sentences: Sequence[str], side: str,
                     presegmented: bool) -> list[str]:
    """An MT file line-aligned with the side it translates; the line counts must agree.

    The error says what a line must match: every line of a presegmented text, blank ones
    included (they keep their index), or every sentence of the segmentation, which the user
    sees only through `corpus segment`.
    """
    lines = read_lines(path)
    if len(lines) != len(sentences):
        if presegmented:
            blank = sum(not s.strip() for s in sentences)
            counted = f"{len(sentences)} lines" + (f" ({blank} of them blank)" if blank else "")
            rule = "one MT line for each line, blank ones included"
        else:
            counted = f"{len(sentences)} sentences"
            rule = "one MT line for each sentence, as `corpus segment` prints them"
        raise InputError(f"has {len(lines)} lines but the {side} text has {counted}: {rule}",
                         path)
    return lines


def render(beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str], fmt: str) -> str:
    """Beads as ladder lines, tab-separated text (source, target, score) or JSON."""
    if fmt == "ladder":
        return format_ladder(beads)
    if fmt == "tsv":
        def clean(text: str) -> str:
            return " ".join(text.split())

        return "".join(
            f"{clean(join_sentences(src[i] for i in b.src))}\t"
            f"{clean(join_sentences(tgt[j] for j in b.tgt))}\t{b.score:.4f}\n"
            for b in beads
        )
    if fmt == "json":
        records = [{"src": list(b.src), "tgt": list(b.tgt), "score": round(b.score, 4),
                    "src_text": join_sentences(src[i] for i in b.src),
                    "tgt_text": join_sentences(tgt[j] for j in b.tgt)} for b in beads]
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
