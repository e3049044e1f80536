"""Moved passages made from Text+Berg: how well the aligner finds links that cross.

    uv run python scripts/bench_moved.py [--data ../shared/bench/textberg/docs] [--mt google]
        [--rates 0,1,3] [--seeds 3] [--embed DIR] [--no-reorder]

News rewrites move paragraphs; Text+Berg's OCR moves captions. Here the French side of each
article gets short passages (1-4 sentences cut at gold bead boundaries) moved 5-30 sentences
away, `rate` passages per 100 French sentences (fixed seeds), with their MT lines; the gold
follows the sentences, so the moved beads cross their neighbours. Reported per set and rate:
strict P/R/F1 pooled over articles and seeds (Vecalign's definitions) and the recall of the
moved links alone (a gold link counts as moved when its French sentences were moved).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, replace
from pathlib import Path

from bench_align import DEFAULT_DATA, TEST, load

from corpus.align import align_sentences, read_ladder
from corpus.align.settings import DEFAULT_SETTINGS, AlignSettings
from corpus.embed import SentenceEmbedder, cached_embeddings
from corpus.evaluate import score_alignments
from corpus.model import Bead

SMALLEST_JUMP, LARGEST_JUMP = 5, 30
LONGEST_PASSAGE = 4


def boundaries(gold: list[Bead], m: int) -> list[int]:
    """French positions no gold bead straddles: where a passage may start, end or land."""
    cut = [True] * (m + 1)
    for bead in gold:
        if bead.tgt:
            for p in range(min(bead.tgt) + 1, max(bead.tgt) + 1):
                cut[p] = False
    return [p for p in range(m + 1) if cut[p]]


def move_passages(m: int, gold: list[Bead], rate: float, rng: random.Random
                  ) -> tuple[list[int], list[Bead], set[int]]:
    """A new French order (old index per new position), the gold in new indices, and the
    indices (into that gold) of the links whose French sentences moved."""
    cuts = boundaries(gold, m)
    wanted = round(rate * m / 100)
    passages: list[tuple[int, int]] = []
    landing: dict[int, list[tuple[int, int]]] = {}
    for _ in range(50 * wanted):
        if len(passages) == wanted:
            break
        k = rng.randrange(len(cuts) - 1)
        ends = [p for p in cuts[k + 1:k + 1 + LONGEST_PASSAGE] if p - cuts[k] <= LONGEST_PASSAGE]
        if not ends:
            continue
        start, stop = cuts[k], rng.choice(ends)
        if any(a < stop and start < b for a, b in passages) or any(
                start <= q <= stop for q in landing):
            continue  # overlaps a passage already moved, or one lands inside it
        targets = [q for q in cuts
                   if min(abs(q - start), abs(q - stop)) >= SMALLEST_JUMP
                   and abs(q - start) <= LARGEST_JUMP
                   and not any(a <= q <= b for a, b in passages)]
        if targets:
            passages.append((start, stop))
            landing.setdefault(rng.choice(targets), []).append((start, stop))
    moved = {j for a, b in passages for j in range(a, b)}
    order: list[int] = []
    for p in range(m + 1):
        for a, b in landing.get(p, []):
            order.extend(range(a, b))
        if p < m and p not in moved:
            order.append(p)
    new = {old: new for new, old in enumerate(order)}
    new_gold, moved_links = [], set()
    for bead in gold:
        if bead.tgt and bead.src and set(bead.tgt) <= moved:
            moved_links.add(len(new_gold))
        new_gold.append(Bead(bead.src, tuple(sorted(new[j] for j in bead.tgt)), 1.0))
    return order, new_gold, moved_links


@dataclass(frozen=True)
class Moved:
    """One article with passages moved: the French order, texts and gold that follow it."""

    order: list[int]  # old French index per new position
    tgt: list[str]
    tgt_mt: list[str] | None
    gold: list[Bead]
    moved_links: set[int]  # indices into `gold` of the links whose French sentences moved


def moved_texts(item: dict, gold: list[Bead], name: str, seed: int, rate: float) -> Moved:
    """`item` (as `bench_align.load` gives it) with passages moved, seeded by article."""
    order, new_gold, moved = move_passages(len(item["tgt"]), gold, rate,
                                           random.Random(f"{name}/{seed}/{rate}"))
    tgt_mt = [item["tgt_mt"][j] for j in order] if item["tgt_mt"] else None
    return Moved(order, [item["tgt"][j] for j in order], tgt_mt, new_gold, moved)


def run(data: Path, names: list[str], mt: str | None, rate: float, seeds: int,
        settings: AlignSettings = DEFAULT_SETTINGS, embed: Path | None = None) -> str:
    """One table row; `embed` is a folder caching sentence embeddings (as bench_align's)."""
    golds, preds, found, total = [], [], 0, 0
    embedder = SentenceEmbedder() if embed is not None else None
    for name in names:
        item = load(data, name, mt)
        gold = read_ladder(data / f"{name}.defr")
        vectors = {} if embedder is None else {
            side: cached_embeddings(f"{name}.{lang}", item[side], embedder, embed)
            for side, lang in (("src", "de"), ("tgt", "fr"))}
        for seed in range(seeds):
            moved = moved_texts(item, gold, name, seed, rate)
            emb = ({"src_emb": vectors["src"], "tgt_emb": vectors["tgt"][moved.order]}
                   if vectors else {})
            pred = align_sentences(item["src"], moved.tgt, src_lang="de", tgt_lang="fr",
                                   src_mt=item["src_mt"], tgt_mt=moved.tgt_mt, settings=settings,
                                   **emb)
            keys = {(b.src, b.tgt) for b in pred}
            found += sum((moved.gold[k].src, moved.gold[k].tgt) in keys
                         for k in moved.moved_links)
            total += len(moved.moved_links)
            golds.append(moved.gold)
            preds.append(pred)
    s = score_alignments(golds, preds)
    recall = found / total if total else float("nan")
    return (f"{s.strict_precision:.3f} | {s.strict_recall:.3f} | {s.strict_f1:.3f} | "
            f"{found} of {total} ({recall:.2f}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--mt", help="MT system of both directions (e.g. google); none if absent")
    parser.add_argument("--rates", default="0,1,3", help="passages moved per 100 French sentences")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--sets", default="dev,test")
    parser.add_argument("--embed", type=Path, metavar="DIR",
                        help="give the aligner sentence embeddings, cached in DIR")
    parser.add_argument("--no-reorder", action="store_true",
                        help="without the out-of-order pass, to show what it adds")
    args = parser.parse_args()
    settings = replace(DEFAULT_SETTINGS, reorder=not args.no_reorder)
    print(f"MT: {args.mt or 'none'}{' + e5' if args.embed else ''}; {args.seeds} seeds; "
          f"reorder pass: {settings.reorder}\n")
    print("| set | moved per 100 | strict P | strict R | strict F1 | moved links found |")
    print("|---|---|---|---|---|---|")
    for which in args.sets.split(","):
        names = ["dev"] if which == "dev" else TEST
        for rate in (float(r) for r in args.rates.split(",")):
            row = run(args.data, names, args.mt, rate, args.seeds, settings, args.embed)
            print(f"| {which} | {rate:g} |", row, flush=True)


if __name__ == "__main__":
    main()
