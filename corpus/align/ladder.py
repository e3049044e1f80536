"""Ladder files: one bead a line, `[0, 1]:[2]:0.93` (Vecalign/Bleualign interchange format).

0-based indices; the score is optional when reading, so gold files such as Text+Berg `*.defr`
(`[0]:[0, 1]`) read the same way. A score is the probability that the bead is right: one outside
[0, 1], or not finite (`1e309` reads as infinity), is refused with its line, so that a cost from
another aligner or a damaged file is not taken for one. Where only the beads count (`corpus
eval`), the third field may be any finite number: Vecalign writes its alignment cost there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import regex

from corpus.errors import InputError
from corpus.fileio import read_utf8, write_text_atomic
from corpus.model import Bead

# The score: a decimal number, or `nan`/`inf` so that they are refused as scores, not as lines.
_LINE = regex.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*"
                      r"(?::\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
                      r"|[-+]?(?i:nan|inf(?:inity)?)))?\s*$")


def _indices(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


def parse_ladder(text: str, source: str | None = None, scores: bool = True) -> list[Bead]:
    """Beads of a ladder text; a bad line raises InputError naming the line.

    A bead listed twice, or a sentence listed twice in one bead, is refused: `corpus eval` would
    count it twice. A sentence in two different beads is not (Text+Berg's gold test1 has one).
    Without `scores` the third field need only be a finite number, and every bead scores 1.
    """
    beads = []
    first_line: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise InputError(f"line {number}: not a bead like [0, 1]:[2]: {line.strip()[:60]!r}",
                             source)
        src, tgt = _indices(match.group(1)), _indices(match.group(2))
        if len(set(src)) < len(src) or len(set(tgt)) < len(tgt):
            raise InputError(f"line {number}: a sentence listed twice in one bead: "
                             f"{line.strip()[:60]!r}", source)
        key = (tuple(sorted(src)), tuple(sorted(tgt)))
        if (src or tgt) and key in first_line:
            raise InputError(f"line {number}: the same bead as line {first_line[key]}: "
                             f"{line.strip()[:60]!r}", source)
        first_line[key] = number
        score = float(match.group(3)) if match.group(3) is not None else 1.0
        if not scores and math.isfinite(score):
            score = 1.0
        if not (math.isfinite(score) and 0.0 <= score <= 1.0):
            wanted = "a probability in [0, 1]" if scores else "a finite number"
            raise InputError(f"line {number}: score {match.group(3)} is not {wanted}: "
                             f"{line.strip()[:60]!r}", source)
        beads.append(Bead(src, tgt, score))
    return beads


def read_ladder(path: str | Path, scores: bool = True) -> list[Bead]:
    text = read_utf8(path)
    return parse_ladder(text, str(path), scores)


def format_bead(bead: Bead, with_score: bool = True) -> str:
    src = ", ".join(map(str, bead.src))
    tgt = ", ".join(map(str, bead.tgt))
    line = f"[{src}]:[{tgt}]"
    return f"{line}:{bead.score:.4f}" if with_score else line


def format_ladder(beads: Iterable[Bead], with_score: bool = True) -> str:
    return "".join(format_bead(b, with_score) + "\n" for b in beads)


def write_ladder(path: str | Path, beads: Iterable[Bead], with_score: bool = True) -> None:
    write_text_atomic(path, format_ladder(beads, with_score))
