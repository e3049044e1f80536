"""Benchmark: `corpus` batched translation vs the argostranslate way, on a synthetic
Transformer-base en→fr package (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocabulary).

The weights are random, so the model never chooses to stop: every path gets the same output-length
cap, `ceil(ratio × source tokens) + 1` (ratio 1.1, a typical en→fr length ratio), so each does the
work of a real translation. Each measurement runs in its own process so peak memory (ru_maxrss) is
that path's alone.

    uv run python scripts/bench_translate.py [--sentences 500] [--baseline-sentences 60]
        [--repeat 3] [--only 0,1]

With `--device cuda` (a machine with an NVIDIA GPU) it runs the GPU comparison instead: raw
CTranslate2 batching (the whole text sorted by length, one `translate_batch` call per 64
sentences, the same per-batch decoding cap, float16) against `corpus translate`'s path on the
same device; the goal is ≥ 70 % of the raw throughput.

    uv run python scripts/bench_translate.py --device cuda --sentences 2560 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RATIO = 1.1


def news_sentences(count: int) -> list[str]:
    """English seed sentences, repeated with a marker so that none is a duplicate."""
    from corpus.read import read_folder

    base = [s for d in read_folder(REPO / "seeds").documents if d.lang == "en"
            for s in d.sentence_texts()]
    return [base[i % len(base)] + (f" ({i // len(base)})" if i >= len(base) else "")
            for i in range(count)]


def build(package_dir: Path) -> None:
    from corpus.read import read_folder
    from corpus.translate import install_from_file
    from corpus.translate.synthetic import TRANSFORMER_BASE, build_argosmodel

    lines = [s for d in read_folder(REPO / "seeds").documents for s in d.sentence_texts()]
    archive = build_argosmodel(package_dir.parent / "translate-en_fr.argosmodel", "en", "fr",
                               lines, shape=TRANSFORMER_BASE, seed=1)
    install_from_file(archive, package_dir)


def run_toolkit(package_dir: Path, count: int, beam: int, inter: int, intra: int,
                batch_tokens: int, spread: float, device: str) -> dict:
    from corpus.model import Document, Sentence
    from corpus.translate import TranslateSettings, installed_packages, translate_documents

    sentences = news_sentences(count)
    per_doc = 40
    documents = []
    for k in range(0, count, per_doc):
        part = sentences[k:k + per_doc]
        documents.append(Document(
            id=f"doc{k // per_doc:03d}", lang="en", text="\n".join(part), paragraphs=(),
            sentences=tuple(Sentence(f"s{i}", i, t, 0, 0, 0) for i, t in enumerate(part))))
    settings = TranslateSettings(beam_size=beam, inter_threads=inter, intra_threads=intra,
                                 max_batch_tokens=batch_tokens, batch_length_spread=spread,
                                 decoding_ratio=RATIO,
                                 decoding_extra=1, device=device)
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        report = translate_documents(documents, ["fr"], Path(work), settings,
                                     packages=installed_packages(package_dir))
        seconds = time.perf_counter() - started
    return {"sentences": report.translated, "seconds": seconds}


def run_argos_way(package_dir: Path, total: int, count: int, beam: int) -> dict:
    """What argostranslate does per call: tokenize, one `translate_batch` per sentence
    (beam 4, length penalty 0.2, replace_unknowns), default threads, decode."""
    import ctranslate2
    from argostranslate.package import Package

    package = Package(next(package_dir.iterdir()))
    translator = ctranslate2.Translator(str(package.package_path / "model"), device="cpu",
                                        inter_threads=1, intra_threads=0, compute_type="auto")
    every = news_sentences(total)
    sentences = every[::max(1, len(every) // count)][:count]  # same length mix as the corpus run
    started = time.perf_counter()
    for sentence in sentences:
        tokens = package.tokenizer.encode(sentence)
        result = translator.translate_batch(
            [tokens], replace_unknowns=True, max_batch_size=32, batch_type="tokens",
            beam_size=beam, num_hypotheses=1, length_penalty=0.2,
            max_decoding_length=math.ceil(RATIO * len(tokens)) + 1)
        package.tokenizer.decode(result[0].hypotheses[0])
    return {"sentences": len(sentences), "seconds": time.perf_counter() - started}


def run_raw_batched(package_dir: Path, count: int, beam: int, device: str) -> dict:
    """Plain CTranslate2 batching, the reference for the GPU goal: sort by length, 64 sentences a
    call, each call capped at its longest source's decoding length (as the toolkit caps)."""
    import ctranslate2
    from argostranslate.package import Package

    package = Package(next(package_dir.iterdir()))
    compute = "float16" if device == "cuda" else "int8"
    translator = ctranslate2.Translator(str(package.package_path / "model"), device=device,
                                        compute_type=compute)
    started = time.perf_counter()
    tokens = sorted((package.tokenizer.encode(s) for s in news_sentences(count)), key=len)
    for k in range(0, len(tokens), 64):
        batch = tokens[k:k + 64]
        results = translator.translate_batch(
            batch, beam_size=beam, length_penalty=0.2, replace_unknowns=True,
            max_decoding_length=math.ceil(RATIO * len(batch[-1])) + 1)
        for result in results:
            package.tokenizer.decode(result.hypotheses[0])
    return {"sentences": len(tokens), "seconds": time.perf_counter() - started}


def child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(out.stdout.strip().splitlines()[-1])


RUNS = [  # (label, arguments); the first is the baseline the speed-ups are relative to
    ("argostranslate way, 1 sentence/call, beam 4", ["--stage", "argos"]),
    ("corpus, beam 4 (other settings: defaults)", ["--stage", "toolkit"]),
    ("corpus, beam 4, inter 1 × intra 2", ["--stage", "toolkit", "--inter", "1", "--intra", "2"]),
    ("corpus, beam 4, no length-spread cut", ["--stage", "toolkit", "--spread", "1000"]),
    ("corpus, beam 4, 512-token batches", ["--stage", "toolkit", "--batch-tokens", "512"]),
    ("corpus, beam 4, 1024-token batches", ["--stage", "toolkit", "--batch-tokens", "1024"]),
    ("corpus, beam 4, 4096-token batches", ["--stage", "toolkit", "--batch-tokens", "4096"]),
    ("corpus defaults (beam 2)", ["--stage", "toolkit", "--beam", "2"]),
    ("corpus, beam 1", ["--stage", "toolkit", "--beam", "1"]),
]
GPU_RUNS = [  # with --device cuda; the speed-up column is then the share of raw batching
    ("raw CTranslate2 batching, beam 4", ["--stage", "raw"]),
    ("corpus translate --device cuda, beam 4", ["--stage", "toolkit"]),
    ("corpus translate --device cuda, beam 2", ["--stage", "toolkit", "--beam", "2"]),
]


def main() -> None:
    from corpus.translate import TranslateSettings

    defaults = TranslateSettings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--baseline-sentences", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds over every path; the best rate of each is reported")
    parser.add_argument("--only", default="", help="comma-separated indices of RUNS to run")
    parser.add_argument("--stage", default="all")
    parser.add_argument("--packages", type=Path)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--inter", type=int, default=defaults.inter_threads)
    parser.add_argument("--intra", type=int, default=defaults.intra_threads)
    parser.add_argument("--batch-tokens", type=int, default=defaults.max_batch_tokens)
    parser.add_argument("--spread", type=float, default=defaults.batch_length_spread)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"],
                        help="cuda: the GPU comparison (raw CTranslate2 batching vs corpus)")
    a = parser.parse_args()
    if a.stage != "all":
        if a.stage == "build":
            build(a.packages)
            result = {}
        elif a.stage == "toolkit":
            result = run_toolkit(a.packages, a.sentences, a.beam, a.inter, a.intra,
                                 a.batch_tokens, a.spread, a.device)
        elif a.stage == "raw":
            result = run_raw_batched(a.packages, a.sentences, a.beam, a.device)
        else:
            result = run_argos_way(a.packages, a.sentences, a.baseline_sentences, a.beam)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result.update(peak_rss_mb=usage.ru_maxrss / 1024, cpu_s=usage.ru_utime + usage.ru_stime)
        print(json.dumps(result))
        return
    table = GPU_RUNS if a.device == "cuda" else RUNS
    runs = [table[int(i)] for i in a.only.split(",")] if a.only else table
    with tempfile.TemporaryDirectory() as tmp:
        packages = Path(tmp) / "packages"
        os.environ.update(ARGOS_PACKAGES_DIR=str(packages), XDG_DATA_HOME=f"{tmp}/data",
                          XDG_CACHE_HOME=f"{tmp}/cache", XDG_CONFIG_HOME=f"{tmp}/config")
        common = ["--packages", str(packages), "--sentences", str(a.sentences),
                  "--baseline-sentences", str(a.baseline_sentences), "--device", a.device]
        started = time.perf_counter()
        child(["--stage", "build", *common])
        print(f"built synthetic Transformer-base en→fr in {time.perf_counter() - started:.0f}s")
        best: dict[str, dict] = {}
        for round_ in range(a.repeat):  # rounds, so that a busy spell hits every path alike
            for label, extra in runs:
                r = child([*extra, *common])
                r["rate"] = r["sentences"] / r["seconds"]
                print(f"round {round_ + 1}: {label}: {r['rate']:.2f} sent/s", flush=True)
                if label not in best or r["rate"] > best[label]["rate"]:
                    best[label] = r
        baseline = best[runs[0][0]]["rate"]
        print(f"best of {a.repeat}:")
        print(f"{'path':<46} {'sent':>5} {'sec':>7} {'cpu s':>6} {'sent/s':>7} {'speed-up':>8} "
              f"{'peak MB':>8}")
        for label, _ in runs:
            r = best[label]
            print(f"{label:<46} {r['sentences']:>5} {r['seconds']:>7.1f} {r['cpu_s']:>6.0f} "
                  f"{r['rate']:>7.2f} {r['rate'] / baseline:>7.1f}× {r['peak_rss_mb']:>8.0f}")


if __name__ == "__main__":
    main()
