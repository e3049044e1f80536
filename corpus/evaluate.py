"""Strict and lax precision/recall/F1 of sentence alignments, pooled over files.

The definitions of Sennrich & Volk (2011) as Vecalign's scorer implements them:
- precision is over predicted beads, except beads empty on both sides; 1-0/0-1 beads count (they
  are right only when the gold has exactly that bead);
- recall is over gold beads with both sides non-empty;
- strict: the bead matches a bead of the other side exactly; lax: it shares at least one source
  and one target sentence with some bead of the other side.
Counts are summed over all files before dividing.

A ladder file with no beads is the alignment of two empty texts, nothing else: one text with a
sentence gives at least one bead (a 1-0 or 0-1 one), so an empty file beside a non-empty one is
a run that wrote nothing or the wrong file, and an empty gold leaves its recall undefined.
`read_ladder_pairs` therefore takes an empty gold and prediction together (they count nothing,
as Vecalign's scorer reads them) and refuses an empty file whose partner has beads, and a set
of files with no beads at all (every score would be 0/0).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.errors import InputError, InputWarning
from corpus.model import Bead

if TYPE_CHECKING:  # annotations only: `corpus.align` loads its ladder reader, scoring needs none
    from corpus.align.beads import Pair


@dataclass(frozen=True)
class Counts:
    """True and false positives, strict and lax; add them to pool over files."""

    strict_tp: int = 0
    strict_fp: int = 0
    lax_tp: int = 0
    lax_fp: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.strict_tp + other.strict_tp, self.strict_fp + other.strict_fp,
                      self.lax_tp + other.lax_tp, self.lax_fp + other.lax_fp)


@dataclass(frozen=True)
class Scores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def _pairs(beads: Iterable[Bead | Pair]) -> list[Pair]:
    out = []
    for b in beads:
        src, tgt = (b.src, b.tgt) if isinstance(b, Bead) else b
        out.append((tuple(sorted(src)), tuple(sorted(tgt))))
    return out


def read_ladder_pairs(gold_paths: Sequence[str | Path], pred_paths: Sequence[str | Path],
                      ) -> tuple[list[list[Bead]], list[list[Bead]]]:
    """The beads of each gold file and of its prediction (as many of each, else `ValueError`);
    an `InputError` names a file with no beads (`[]:[]` does not count) whose partner has some."""
    from corpus.align.ladder import read_ladder

    golds, preds = [], []
    for gold_path, pred_path in zip(gold_paths, pred_paths, strict=True):
        # Only the beads count: another aligner's third field may be a cost (Vecalign's).
        gold, pred = read_ladder(gold_path, scores=False), read_ladder(pred_path, scores=False)
        gold_beads, pred_beads = _with_sentences(gold), _with_sentences(pred)
        if pred_beads and not gold_beads:
            raise InputError(f"no beads, so recall is undefined; the prediction {pred_path} has "
                             f"{pred_beads}", gold_path)
        if gold_beads and not pred_beads:
            raise InputError(f"no beads; the gold {gold_path} has {gold_beads}", pred_path)
        _warn_if_unlike(gold, pred, gold_path, pred_path)
        golds.append(gold)
        preds.append(pred)
    if not any(map(_with_sentences, golds)):
        raise InputError(f"no beads in any of the {len(golds)} gold and prediction file(s): "
                         "nothing to score")
    return golds, preds


def _warn_if_unlike(gold: Sequence[Bead], pred: Sequence[Bead], gold_path: str | Path,
                    pred_path: str | Path) -> None:
    """An `InputWarning` when the prediction names a sentence past the gold's last on a side: a
    gold and a prediction given in the wrong order still score, as numbers that mean nothing."""
    for side, name in ((0, "source"), (1, "target")):
        last = max((max((b.src, b.tgt)[side], default=-1) for b in gold), default=-1)
        beyond = max((max((b.src, b.tgt)[side], default=-1) for b in pred), default=-1)
        if last >= 0 and beyond > last:
            warnings.warn(InputWarning(
                f"{name} sentence {beyond} is past the last one the gold {gold_path} names "
                f"({last}): are these the gold and prediction of one text?", pred_path),
                stacklevel=3)
            return


def _with_sentences(beads: Iterable[Bead]) -> int:
    """How many beads hold a sentence (an empty `[]:[]` one is ignored by the scores)."""
    return sum(1 for b in beads if b.src or b.tgt)


def match_counts(reference: Sequence[Pair], hypothesis: Sequence[Pair]) -> Counts:
    """How many `hypothesis` beads are found in `reference`, strictly and laxly."""
    exact = set(reference)
    ref_sets = [(set(s), set(t)) for s, t in reference]
    counts = [0, 0, 0, 0]
    for src, tgt in hypothesis:
        if not src and not tgt:
            continue
        if (src, tgt) in exact:
            counts[0] += 1
            counts[2] += 1
            continue
        counts[1] += 1
        if any(rs.intersection(src) and rt.intersection(tgt) for rs, rt in ref_sets):
            counts[2] += 1
        else:
            counts[3] += 1
    return Counts(*counts)


def pair_counts(gold: Iterable[Bead | Pair], pred: Iterable[Bead | Pair]) -> tuple[Counts, Counts]:
    """(precision counts, recall counts) of one file."""
    gold_pairs, pred_pairs = _pairs(gold), _pairs(pred)
    precision = match_counts(gold_pairs, pred_pairs)
    recall = match_counts(pred_pairs, [(s, t) for s, t in gold_pairs if s and t])
    return precision, recall


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(golds: Sequence[Iterable[Bead | Pair]],
                     preds: Sequence[Iterable[Bead | Pair]]) -> Scores:
    """Pooled strict and lax P/R/F1 of predicted alignments against gold, file by file."""
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold files but {len(preds)} predictions")
    p_counts, r_counts = Counts(), Counts()
    for gold, pred in zip(golds, preds, strict=True):
        p, r = pair_counts(gold, pred)
        p_counts, r_counts = p_counts + p, r_counts + r
    sp = _ratio(p_counts.strict_tp, p_counts.strict_tp + p_counts.strict_fp)
    sr = _ratio(r_counts.strict_tp, r_counts.strict_tp + r_counts.strict_fp)
    lp = _ratio(p_counts.lax_tp, p_counts.lax_tp + p_counts.lax_fp)
    lr = _ratio(r_counts.lax_tp, r_counts.lax_tp + r_counts.lax_fp)
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))
