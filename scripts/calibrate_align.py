"""Refit the score calibration of `corpus.align.scoring` on Text+Berg dev (and only dev).

    uv run python scripts/calibrate_align.py [--data ../shared/bench/textberg/docs]
        [--check dev|test]

Fitted on the parallel regime: dev aligned with each MT system and with none, and as two
versions in one language (each system's French rendering of the German against the French).
Every bead is labelled right/wrong by exact match with the gold and two logistic regressions
(links, unlinked sentences) are fitted by Newton's method. Also aligned, and only reported:
comparable pairs made from dev (a share of the French replaced by far-away French sentences of
the same article, each bringing its MT line) with the comparable costs, without MT, with google
MT and in one language; those pairs are made from a translation, so they are no model for real
rewrites (docs/DESIGN.md). Links that cross the others (`scoring.crossing_links`: the
out-of-order pass's) are left out of the link fit and get a log-odds shift of their own,
fitted on them and on the crossing links of moved-passage runs of dev (`bench_moved.py`'s
passages, every MT setting). Prints the coefficients to paste into scoring.py and reliability
tables (score bins vs observed precision) of the fitted scores, per regime and kind of run.
`--check test` fits nothing: it makes the same runs of the test articles and prints the
reliability of the shipped coefficients there.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

from bench_align import DEFAULT_DATA, TEST, load
from bench_comparable import Line, corrupt
from bench_moved import moved_texts

from corpus.align.aligner import solve
from corpus.align.ladder import read_ladder
from corpus.align.scoring import CROSSING_SHIFT, LINK_COEFFICIENTS, bead_features, probability
from corpus.align.settings import DEFAULT_SETTINGS
from corpus.model import Bead

SHARES = (0.0, 0.25, 0.5, 0.75)
# Moved passages (scripts/bench_moved.py) for the crossing links' shift: each MT setting,
# passages per 100 French sentences, seeds.
MOVED_MT = ("google", "europarlfull", "europarllight", "SACunidir", None)
MOVED_RATES = (1.0, 3.0)
MOVED_SEEDS = 3
STRANGER_DISTANCE = 20
L2 = 1e-2
# Required signs of the feature coefficients (0: free). A score must grow with similarity and
# margin and fall with length surprise; a feature fitted against its sign (collinearity) is
# dropped and the rest refitted, so the shipped model is monotone where the tests say so.
LINK_SIGNS = (1, 1, -1, 0, 0)
SKIP_SIGNS = (-1, 0)


def fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 50) -> np.ndarray:
    """Intercept-first coefficients of an L2-regularised logistic regression (Newton/IRLS)."""
    design = np.column_stack([np.ones(len(x)), x])
    coef = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(design @ coef, -30, 30)))
        grad = design.T @ (p - y) + L2 * coef
        hess = design.T @ (design * (p * (1 - p))[:, None]) + L2 * np.eye(len(coef))
        step = np.linalg.solve(hess, grad)
        coef -= step
        if np.abs(step).max() < 1e-8:
            break
    return coef


def fit_signed(x: np.ndarray, y: np.ndarray, signs: tuple[int, ...]) -> np.ndarray:
    """`fit_logistic` with features of the wrong sign removed one at a time."""
    keep = list(range(x.shape[1]))
    while True:
        coef = np.zeros(x.shape[1] + 1)
        fitted = fit_logistic(x[:, keep], y)
        coef[0] = fitted[0]
        coef[[k + 1 for k in keep]] = fitted[1:]
        wrong = [k for k in keep if signs[k] and np.sign(coef[k + 1]) != signs[k]]
        if not wrong:
            return coef
        keep.remove(wrong[0])


@dataclass(frozen=True)
class Run:
    """One kind of run of an article: its MT system, whether both sides are French, the share
    of the French replaced, the pair kind asked for."""

    label: str
    mt: str | None
    same_language: bool = False
    share: float = 0.0
    kind: str = "auto"


RUNS = (
    *(Run("MT", mt) for mt in ("google", "europarlfull", "europarllight", "SACunidir")),
    Run("no MT", None),
    *(Run("one language", mt, same_language=True)
      for mt in ("google", "europarlfull", "europarllight")),
    *(Run("comparable, no MT", None, share=r, kind="comparable") for r in SHARES),
    *(Run("comparable, MT", "google", share=r, kind="comparable") for r in SHARES),
    *(Run("comparable, one language", "google", same_language=True, share=r, kind="comparable")
      for r in SHARES),
)


def _far_from(fr: list[Line], position: int, rng: random.Random) -> Line:
    """A French sentence of the same article at least STRANGER_DISTANCE away: the same story,
    other content (harder to tell apart than a sentence of another article)."""
    while True:
        k = rng.randrange(len(fr))
        if abs(k - position) >= STRANGER_DISTANCE:
            return fr[k]


def texts_of(data: Path, name: str, run: Run) -> tuple[dict, list[Bead]]:
    """Source, target and MT lists of article `name` in `run`, and its gold."""
    item, gold = load(data, name, run.mt), read_ladder(data / f"{name}.defr")
    if run.same_language:
        item = {**item, "src": item["src_mt"], "src_mt": None, "tgt_mt": None}
    if run.share:
        fr = list(zip(item["tgt"], item["tgt_mt"] or [None] * len(item["tgt"]), strict=True))
        rng = random.Random(f"calibrate-{name}-{run}")
        fr_new, gold = corrupt(fr, gold, partial(_far_from, fr), run.share, rng)
        item = {**item, "tgt": [t for t, _ in fr_new],
                "tgt_mt": [m for _, m in fr_new] if item["tgt_mt"] else None}
    return item, gold


@dataclass
class Sample:
    """One regime's links and unlinked sentences: feature rows, right/wrong, run, shipped score."""

    link_x: list[np.ndarray] = field(default_factory=list)
    skip_x: list[np.ndarray] = field(default_factory=list)
    link_y: list[bool] = field(default_factory=list)
    skip_y: list[bool] = field(default_factory=list)
    link_runs: list[str] = field(default_factory=list)
    skip_runs: list[str] = field(default_factory=list)
    link_crossing: list[bool] = field(default_factory=list)
    link_scores: list[float] = field(default_factory=list)  # of the coefficients in scoring.py
    skip_scores: list[float] = field(default_factory=list)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Link rows, link labels, skip rows, skip labels."""
        return (np.vstack(self.link_x), np.array(self.link_y, float), np.vstack(self.skip_x),
                np.array(self.skip_y, float))

    def tables(self, scores: np.ndarray) -> list[str]:
        """Reliability of `scores` (links first, as `arrays`) in all, then per run and kind."""
        right = np.array(self.link_y + self.skip_y, float)
        runs = np.array(self.link_runs + self.skip_runs)
        is_link = np.arange(len(right)) < len(self.link_y)
        out = ["all beads:", *reliability(scores, right), ""]
        for label in dict.fromkeys(runs):
            for kind, inside in (("links", is_link), ("unlinked", ~is_link)):
                inside = inside & (runs == label)
                if inside.any():
                    out += [f"{kind} of {label}:", *reliability(scores[inside], right[inside]),
                            ""]
        return out


def collect(data: Path, names: list[str]) -> dict[bool, Sample]:
    """Samples by regime (comparable costs or not) over RUNS of the articles `names`."""
    samples = {False: Sample(), True: Sample()}
    for run in RUNS:
        for name in names:
            item, gold_beads = texts_of(data, name, run)
            gold = {(b.src, b.tgt) for b in gold_beads}
            model, pairs = solve(item["src"], item["tgt"],
                                 src_lang="fr" if run.same_language else "de", tgt_lang="fr",
                                 src_mt=item["src_mt"], tgt_mt=item["tgt_mt"],
                                 settings=replace(DEFAULT_SETTINGS, pair_kind=run.kind))
            features = bead_features(model, pairs)
            shipped = features.scores(len(pairs))
            sample = samples[model.settings.pair_kind == "comparable"]
            sample.link_x.append(features.link_rows)
            sample.skip_x.append(features.lone_rows)
            sample.link_y += [pairs[k] in gold for k in features.links]
            sample.skip_y += [pairs[k] in gold for k in features.lone]
            sample.link_runs += [run.label] * len(features.links)
            sample.link_crossing += list(features.crossing)
            sample.skip_runs += [run.label] * len(features.lone)
            sample.link_scores += list(shipped[features.links])
            sample.skip_scores += list(shipped[features.lone])
    return samples


def collect_moved(data: Path, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and right/wrong of the crossing links of moved-passage runs of `names`."""
    rows, right = [], []
    for mt, rate, name in itertools.product(MOVED_MT, MOVED_RATES, names):
        item, gold_beads = load(data, name, mt), read_ladder(data / f"{name}.defr")
        for seed in range(MOVED_SEEDS):
            moved = moved_texts(item, gold_beads, name, seed, rate)
            model, pairs = solve(item["src"], moved.tgt, src_lang="de", tgt_lang="fr",
                                 src_mt=item["src_mt"], tgt_mt=moved.tgt_mt,
                                 settings=DEFAULT_SETTINGS)
            features = bead_features(model, pairs)
            golden = {(b.src, b.tgt) for b in moved.gold}
            rows.append(features.link_rows[features.crossing])
            right += [pairs[k] in golden
                      for k, c in zip(features.links, features.crossing, strict=True) if c]
    return np.vstack(rows), np.array(right, float)


def fit_shift(logits: np.ndarray, y: np.ndarray, steps: int = 50) -> float:
    """The log-odds shift that makes sigmoid(logits + shift) fit `y` best (Newton)."""
    shift = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(logits + shift, -30, 30)))
        step = (p - y).sum() / max((p * (1 - p)).sum(), 1e-12)
        shift -= step
        if abs(step) < 1e-10:
            break
    return shift


BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1.0001)


def _binned(scores: np.ndarray, right: np.ndarray) -> list[tuple[float, float, int, float, float]]:
    """(low, high, beads, mean score, observed precision) of each non-empty score bin."""
    out = []
    for lo, hi in itertools.pairwise(BINS):
        inside = (scores >= lo) & (scores < hi)
        if inside.any():
            out.append((lo, min(hi, 1), int(inside.sum()), float(scores[inside].mean()),
                        float(right[inside].mean())))
    return out


def reliability(scores: np.ndarray, right: np.ndarray) -> list[str]:
    """A markdown table of the bins, then the gap: |mean score - precision| weighted by beads."""
    rows = ["| score bin | beads | mean score | observed precision |", "|---|---|---|---|"]
    bins = _binned(scores, right)
    rows += [f"| {lo:.2f}-{hi:.2f} | {k} | {mean:.3f} | {seen:.3f} |"
             for lo, hi, k, mean, seen in bins]
    gap = sum(k * abs(mean - seen) for _, _, k, mean, seen in bins) / max(1, len(scores))
    return [*rows, f"\ngap {gap:.3f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--check", choices=("dev", "test"),
                        help="no fit: reliability of the shipped coefficients on that set")
    args = parser.parse_args()
    names = TEST if args.check == "test" else ["dev"]
    samples = collect(args.data, names)
    moved_x, moved_y = collect_moved(args.data, names)
    link_coef, shift = np.asarray(LINK_COEFFICIENTS), CROSSING_SHIFT
    if not args.check:
        link_x, link_y, skip_x, skip_y = samples[False].arrays()
        in_order = ~np.array(samples[False].link_crossing)
        link_coef = fit_signed(link_x[in_order], link_y[in_order], LINK_SIGNS)
        skip_coef = fit_signed(skip_x, skip_y, SKIP_SIGNS)
        crossing_x = np.vstack([link_x[~in_order], moved_x])
        crossing_y = np.concatenate([link_y[~in_order], moved_y])
        shift = fit_shift(crossing_x @ link_coef[1:] + link_coef[0], crossing_y)
        for name, coef in (("LINK_COEFFICIENTS", link_coef), ("SKIP_COEFFICIENTS", skip_coef)):
            print(f"{name} = (" + ", ".join(f"{c:.3f}" for c in coef) + ")")
        print(f"CROSSING_SHIFT = {shift:.3f}\n")
    print(f"## crossing links of moved passages: {len(moved_y)} ({moved_y.mean():.3f} right)\n")
    for label, offset in (("without the shift", 0.0), ("with the shift", shift)):
        print(f"{label}:", *reliability(probability(moved_x, link_coef, offset), moved_y), "",
              sep="\n")
    for comparable, sample in samples.items():
        links, skips = len(sample.link_y), len(sample.skip_y)
        print(f"## {'comparable' if comparable else 'parallel'} costs: {links} links "
              f"({np.mean(sample.link_y):.3f} right), {skips} unlinked "
              f"({np.mean(sample.skip_y) if skips else 0:.3f} right)\n")
        if args.check:
            scores = np.array(sample.link_scores + sample.skip_scores)
        else:
            link_x, _, skip_x, _ = sample.arrays()
            offset = shift * np.array(sample.link_crossing)
            scores = np.concatenate([probability(link_x, link_coef, offset),
                                     probability(skip_x, skip_coef)])
        print("\n".join(sample.tables(scores)))


if __name__ == "__main__":
    main()
