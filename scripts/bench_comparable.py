"""Comparable pairs made from Text+Berg: how the aligner without MT copes when part of one side
tells another story.

    uv run python scripts/bench_comparable.py [--data ../shared/bench/textberg/docs] [--mt google]
        [--same-language google] [--cross-script] [--unrelated]

For each article and share r, every gold link (both sides non-empty) has its French sentences
replaced, with probability r, by as many French sentences drawn from the *other* articles (fixed
seed); its German sentences become 1-0 beads and the strangers 0-1 beads of the new gold. The
texts are then aligned (without MT, or with `--mt SYSTEM` both ways: a stranger brings its own
MT line) with the pair kind decided by the evidence test (`auto`) and forced to `parallel` and
`comparable`; strict P/R/F1 pooled per set (Vecalign's definitions). `--same-language SYSTEM`
puts that system's French MT in place of the German, so both sides are French: two versions of
one story in one language, with the gold of the translation. `--cross-script` writes the French
(and the MT into French) in Cyrillic, as `bench_align.py --cross-script` does: two scripts.
`--unrelated` aligns pairs of different articles instead (no MT), where every link is wrong.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from bench_align import DEFAULT_DATA, TEST, in_cyrillic, load

from corpus.align import AlignSettings, align_sentences, read_ladder
from corpus.align.settings import DEFAULT_SETTINGS
from corpus.evaluate import score_alignments
from corpus.model import Bead

SHARES = (0.0, 0.1, 0.25, 0.5, 0.75)
KINDS = AlignSettings.PAIR_KINDS


Line = tuple[str, str | None]  # a French sentence and its MT line


def _drawn(strangers: list[Line], _position: int, rng: random.Random) -> Line:
    return rng.choice(strangers)


def corrupt(fr: list[Line], gold: list[Bead], stranger: Callable[[int, random.Random], Line],
            share: float, rng: random.Random) -> tuple[list[Line], list[Bead]]:
    """The French side (sentence, its MT) with a `share` of the linked beads' sentences replaced
    in place by `stranger(position, rng)`, and its gold (indices kept; sentences in no gold bead
    stay as they are)."""
    new_fr, new_gold = list(fr), []
    for bead in gold:
        if not (bead.src and bead.tgt and rng.random() < share):
            new_gold.append(bead)
            continue
        new_gold.extend(Bead((i,), (), 1.0) for i in bead.src)
        for j in bead.tgt:
            new_fr[j] = stranger(j, rng)
            new_gold.append(Bead((), (j,), 1.0))
    return new_fr, new_gold


def unrelated(data: Path) -> None:
    """Each article's German, and its French, against the next article's French, without MT:
    two texts of one domain that share no story, so every link is wrong."""
    names = ["dev", *TEST]
    print("| pair | sentences | links | links scored > 0.5 | mean link score |")
    print("|---|---|---|---|---|")
    for k, name in enumerate(names):
        other = names[(k + 1) % len(names)]
        for side in ("de", "fr"):
            src = load(data, name, None)["src" if side == "de" else "tgt"]
            tgt = load(data, other, None)["tgt"]
            links = [b for b in align_sentences(src, tgt, src_lang=side, tgt_lang="fr")
                     if b.src and b.tgt]
            mean = sum(b.score for b in links) / len(links) if links else 0.0
            print(f"| {name}.{side} / {other}.fr | {len(src)} x {len(tgt)} | {len(links)} | "
                  f"{sum(b.score > 0.5 for b in links)} | {mean:.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--mt", help="MT system of both directions (e.g. google); none if absent")
    parser.add_argument("--same-language", metavar="SYSTEM",
                        help="align that system's MT into French with the French (no MT)")
    parser.add_argument("--cross-script", action="store_true",
                        help="write the French side (and MT into French) in Cyrillic")
    parser.add_argument("--unrelated", action="store_true",
                        help="only align pairs of different articles, no MT (no link is right)")
    args = parser.parse_args()
    if args.unrelated:
        unrelated(args.data)
        return
    if args.mt and args.same_language:
        parser.error("--mt and --same-language exclude each other")
    if args.cross_script and args.same_language:
        parser.error("--cross-script and --same-language exclude each other")
    src_lang = "fr" if args.same_language else "de"
    articles = {}
    for name in ["dev", *TEST]:
        item = load(args.data, name, args.mt or args.same_language)
        if args.same_language:
            if item["src_mt"] is None:
                raise SystemExit(f"{name}: no {args.same_language} MT into French")
            item = {**item, "src": item["src_mt"], "src_mt": None, "tgt_mt": None}
        if args.mt and (item["src_mt"] is None or item["tgt_mt"] is None):
            raise SystemExit(f"{name}: no {args.mt} MT in both directions")
        if args.cross_script:
            item = {**item, "tgt": [in_cyrillic(t) for t in item["tgt"]],
                    "src_mt": item["src_mt"] and [in_cyrillic(t) for t in item["src_mt"]]}
        fr = list(zip(item["tgt"], item["tgt_mt"] or [None] * len(item["tgt"]), strict=True))
        articles[name] = (item["src"], item["src_mt"], fr, read_ladder(args.data / f"{name}.defr"))
    print(f"MT: {args.mt or 'none'}" + (f"; German side: its {args.same_language} MT into "
                                         "French" if args.same_language else "")
          + ("; French in Cyrillic" if args.cross_script else "") + "\n")
    print("| set | share replaced | auto chose comparable | auto P / R / F1 "
          "| parallel P / R / F1 | comparable P / R / F1 |")
    print("|---|---|---|---|---|---|")
    for set_name, names in (("dev", ["dev"]), ("test", TEST)):
        for share in SHARES:
            rng = random.Random(f"{set_name}-{share}")
            golds, preds, switched = [], {kind: [] for kind in KINDS}, 0
            for name in names:
                de, de_mt, fr, gold = articles[name]
                strangers = [s for other, (_, _, f, _) in articles.items() if other != name
                             for s in f]
                new_fr, new_gold = corrupt(fr, gold, partial(_drawn, strangers), share, rng)
                golds.append(new_gold)
                for kind in KINDS:
                    beads = align_sentences(
                        de, [t for t, _ in new_fr], src_lang=src_lang, tgt_lang="fr", src_mt=de_mt,
                        tgt_mt=[m for _, m in new_fr] if args.mt else None,
                        settings=replace(DEFAULT_SETTINGS, pair_kind=kind))
                    preds[kind].append(beads)
                # auto chose comparable where its beads are the forced comparable run's
                switched += [(b.src, b.tgt) for b in preds["auto"][-1]] == [
                    (b.src, b.tgt) for b in preds["comparable"][-1]]
            cells = []
            for kind in KINDS:
                s = score_alignments(golds, preds[kind])
                cells.append(f"{s.strict_precision:.3f} / {s.strict_recall:.3f} / "
                             f"{s.strict_f1:.3f}")
            print(f"| {set_name} | {share:.2f} | {switched} of {len(names)} | "
                  + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
