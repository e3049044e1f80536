"""Text+Berg benchmark of `corpus.align`: accuracy per MT setting and speed on concatenations.

    uv run python scripts/bench_align.py [--data ../shared/bench/textberg/docs] [--speed]
        [--embed DIR] [--cross-script] [--same-language]

Accuracy: each article aligned on its own, counts pooled (Vecalign's definitions). Speed: the
seven test articles concatenated x1, x2, x4, x8 as one document with google MT, each size in a
fresh subprocess so its peak memory (ru_maxrss) is its own; `--repeat K` runs each size K times
and reports the fastest and the median wall time, and the CPU seconds of `align_sentences`
(which other jobs on a shared machine change far less than wall time). `--same-language`
aligns each MT system's French rendering of the German with the French, without MT: two
versions of one text in one language, scored against the translation's gold.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from corpus.align import AlignSettings, align_sentences, read_ladder
from corpus.align.settings import DEFAULT_SETTINGS
from corpus.embed import SentenceEmbedder, cached_embeddings
from corpus.evaluate import score_alignments

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "textberg" / "docs"
TEST = [f"test{i}" for i in range(7)]


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load(data: Path, name: str, mt: str | None) -> dict:
    item = {"src": lines(data / f"{name}.de"), "tgt": lines(data / f"{name}.fr"),
            "src_mt": None, "tgt_mt": None}
    if mt:
        forward, backward = data / f"{name}.de2fr.{mt}", data / f"{name}.fr2de.{mt}"
        item["src_mt"] = lines(forward) if forward.exists() else None
        item["tgt_mt"] = lines(backward) if backward.exists() else None
    return item


# French letters written in Cyrillic, one for one (accents dropped first): `--cross-script`
# makes Text+Berg a pair of two scripts with gold, as Arabic and English are, where no n-gram is
# shared but digits and punctuation.
_CYRILLIC = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          "абцдефгхийклмнопярстужвьызАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗ")


def in_cyrillic(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.replace("œ", "ое").replace("Œ", "ОЕ").translate(_CYRILLIC)


def run_set(data: Path, names: list[str], mt: str | None,
            settings: AlignSettings = DEFAULT_SETTINGS, embed: Path | None = None,
            cross_script: bool = False, same_language: bool = False) -> dict:
    """Pooled scores of `names`; `embed` is a folder caching the sentence embeddings, which are
    then given to the aligner (made once, ~2 min for all of Text+Berg on 2 cores), from the
    French as written also when `cross_script` writes it in Cyrillic for the aligner."""
    golds, preds = [], []
    embedder = SentenceEmbedder() if embed is not None else None
    start = time.perf_counter()
    for name in names:
        item = load(data, name, mt)
        src_lang, src_label = "de", f"{name}.de"
        if same_language:
            item = {**item, "src": item["src_mt"], "src_mt": None, "tgt_mt": None}
            src_lang, src_label = "fr", f"{name}.de2fr.{mt}"
        vectors = {}
        if embedder is not None:
            vectors = {f"{side}_emb": cached_embeddings(label, item[side], embedder, embed)
                       for side, label in (("src", src_label), ("tgt", f"{name}.fr"))}
        if cross_script:
            item["tgt"] = [in_cyrillic(t) for t in item["tgt"]]
            if item["src_mt"]:
                item["src_mt"] = [in_cyrillic(t) for t in item["src_mt"]]
        preds.append(align_sentences(item["src"], item["tgt"], src_lang=src_lang, tgt_lang="fr",
                                     src_mt=item["src_mt"], tgt_mt=item["tgt_mt"],
                                     settings=settings, **vectors))
        golds.append(read_ladder(data / f"{name}.defr"))
    wall = time.perf_counter() - start
    s = score_alignments(golds, preds)
    return {"strict_p": s.strict_precision, "strict_r": s.strict_recall, "strict_f1": s.strict_f1,
            "lax_f1": s.lax_f1, "wall_s": wall}


def speed_child(data: Path, times: int) -> None:
    src, tgt, src_mt, tgt_mt = [], [], [], []
    for name in TEST:
        item = load(data, name, "google")
        src += item["src"]
        tgt += item["tgt"]
        src_mt += item["src_mt"]
        tgt_mt += item["tgt_mt"]
    src, tgt, src_mt, tgt_mt = src * times, tgt * times, src_mt * times, tgt_mt * times
    start, cpu_start = time.perf_counter(), os.times()
    beads = align_sentences(src, tgt, src_lang="de", tgt_lang="fr", src_mt=src_mt, tgt_mt=tgt_mt)
    wall, cpu_end = time.perf_counter() - start, os.times()
    cpu = cpu_end.user + cpu_end.system - cpu_start.user - cpu_start.system
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "src": len(src), "tgt": len(tgt), "beads": len(beads),
                      "wall_s": wall, "cpu_s": cpu, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--speed", action="store_true", help="also run the speed test")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="speed runs per size (default 1)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4, 8], metavar="K",
                        help="speed test sizes, as copies of the test set (default 1 2 4 8)")
    parser.add_argument("--embed", type=Path, metavar="DIR",
                        help="give the aligner sentence embeddings, cached in DIR")
    parser.add_argument("--cross-script", action="store_true",
                        help="write the French side (and MT into French) in Cyrillic")
    parser.add_argument("--same-language", action="store_true",
                        help="align each system's MT into French with the French (no MT)")
    parser.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.same_language and args.cross_script:
        parser.error("--same-language and --cross-script exclude each other")
    if args.speed_child:
        speed_child(args.data, args.speed_child)
        return
    if args.same_language and not args.speed_only:
        print("| set | French version from | strict P | strict R | strict F1 | lax F1 | wall s |")
        print("|---|---|---|---|---|---|---|")
        for set_name, names in (("dev", ["dev"]), ("test", TEST)):
            for mt in ("google", "europarlfull", "europarllight"):
                r = run_set(args.data, names, mt, embed=args.embed, same_language=True)
                label = f"{mt} MT" + (" + e5" if args.embed else "")
                print(f"| {set_name} | {label} | {r['strict_p']:.3f} | {r['strict_r']:.3f} | "
                      f"{r['strict_f1']:.3f} | {r['lax_f1']:.3f} | {r['wall_s']:.2f} |",
                      flush=True)
    elif not args.speed_only:
        runs = [("test", TEST, "google"), ("test", TEST, None), ("dev", ["dev"], "google"),
                ("dev", ["dev"], None), ("test", TEST, "europarlfull"),
                ("test", TEST, "europarllight"), ("dev", ["dev"], "europarlfull"),
                ("dev", ["dev"], "SACunidir")]
        print("| set | MT | strict P | strict R | strict F1 | lax F1 | wall s |")
        print("|---|---|---|---|---|---|---|")
        for set_name, names, mt in runs:
            r = run_set(args.data, names, mt, embed=args.embed, cross_script=args.cross_script)
            label = ((mt or "none") + (" + e5" if args.embed else "")
                     + (", French in Cyrillic" if args.cross_script else ""))
            print(f"| {set_name} | {label} | {r['strict_p']:.3f} | {r['strict_r']:.3f} | "
                  f"{r['strict_f1']:.3f} | {r['lax_f1']:.3f} | {r['wall_s']:.2f} |", flush=True)
    if args.speed or args.speed_only:
        print("\n| copies | DE x FR sentences | wall s (best) | wall s (median) | CPU s (best) "
              "| peak MB (max) |")
        print("|---|---|---|---|---|---|")
        for times in args.copies:
            rs = [json.loads(subprocess.run([sys.executable, __file__, "--data", str(args.data),
                                             "--speed-child", str(times)], check=True,
                                            capture_output=True, text=True).stdout)
                  for _ in range(max(1, args.repeat))]
            walls = [r["wall_s"] for r in rs]
            print(f"| x{times} | {rs[0]['src']} x {rs[0]['tgt']} | {min(walls):.2f} | "
                  f"{statistics.median(walls):.2f} | {min(r['cpu_s'] for r in rs):.2f} | "
                  f"{max(r['peak_mb'] for r in rs):.0f} |", flush=True)


if __name__ == "__main__":
    main()
