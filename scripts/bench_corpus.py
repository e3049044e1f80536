"""Scale benchmark: run a `corpus` command on generated corpora of growing size, in a fresh
process each time, and report wall and CPU time, peak RSS and whether time grows linearly.
For `align`, the pairing table on stdout is checked against the gold pairs: counterpart pairs
written, gold pairs among them (recall) and the others (extra).

    uv run python scripts/bench_corpus.py --sizes 250,500,1000,2000
    uv run python scripts/bench_corpus.py --command "align {docs} -o {out} --no-translate" \
        --repeat 3
    uv run python scripts/bench_corpus.py --blocking   # pairing's blocking and screens alone

`{docs}` is the generated folder, `{out}` a fresh output folder. Targets (issue 6): for 2,000
documents (~100,000 sentences) peak RSS under 1 GB and time per document roughly constant.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_large_corpus import generate

PEAK_LIMIT_MB = 1024
LINEAR_SLACK = 1.5  # marginal seconds per document may differ by this factor across sizes


@dataclass(frozen=True)
class Run:
    """One child process: exit status, wall and CPU (user + sys) seconds, peak RSS."""

    code: int
    wall: float
    cpu: float
    peak_mb: float
    stdout: str
    stderr: str


def measure(argv: list[str]) -> Run:
    """Run `argv` to the end; stdout goes through a temporary file (it can be large)."""
    began = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, text=True)
        err = proc.stderr.read() if proc.stderr else ""
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        text = out.read()
    return Run(os.waitstatus_to_exitcode(status), time.perf_counter() - began,
               usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text, err)


def read_gold(folder: Path) -> set[frozenset[str]]:
    with (folder / "gold.jsonl").open(encoding="utf-8") as gold_file:
        return {frozenset((pair["source"], pair["target"])) for pair in map(json.loads, gold_file)}


def counterparts(pairing_table: str) -> set[frozenset[str]]:
    """Pairs decided parallel or comparable in `corpus align`'s pairing table (stdout)."""
    found = set()
    for line in pairing_table.splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) < 9:
            break  # the blank line after the table
        if not fields[8].startswith("unrelated"):
            found.add(frozenset(fields[:2]))
    return found


def blocking_stage(folder: Path) -> tuple[int, int, int, float, float, float]:
    """Documents, candidate pairs, pairs passing both screens (those `corpus align` would
    sentence-align), gold recall of the candidates and of the screened pairs, and seconds for
    profiles, blocking and screens in this process after reading (the aligner is not run)."""
    from corpus.pair import PairSettings, Profiles, candidate_pairs
    from corpus.pair.decide import screen_candidates
    from corpus.read import read_folder

    documents = read_folder(folder / "docs").documents
    settings = PairSettings()
    began = time.perf_counter()
    profiles = Profiles(documents)
    candidates = candidate_pairs(documents, profiles, settings)
    screened = [c for c, m, clear in screen_candidates(candidates, profiles, settings)
                if clear and m.similarity >= m.limit * settings.screen]
    seconds = time.perf_counter() - began
    gold = read_gold(folder)

    def recall(pairs: list) -> float:
        return sum(frozenset((c.source.id, c.target.id)) in gold for c in pairs) / max(1, len(gold))

    return (len(documents), len(candidates), len(screened), recall(candidates), recall(screened),
            seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="documents per corpus")
    parser.add_argument("--command", default="info {docs}", help="corpus subcommand template")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per size; the one with the least CPU time is reported")
    parser.add_argument("--work", type=Path, help="keep corpora here (default: a temp folder)")
    parser.add_argument("--blocking", action="store_true",
                        help="time profiles + candidate blocking in-process, with gold recall")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.blocking:
        print(f"{'documents':>9}  {'candidates':>10}  {'screened':>8}  {'recall':>6}  "
              f"{'screened recall':>15}  {'seconds':>7}")
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                folder = (args.work or Path(tmp)) / f"corpus-{size}"
                generate(folder, size, args.seed, 50)
                documents, candidates, screened, recall, kept, seconds = blocking_stage(folder)
                print(f"{documents:>9}  {candidates:>10}  {screened:>8}  {recall:>6.3f}  "
                      f"{kept:>15.3f}  {seconds:>7.1f}")
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for size in sizes:
            folder = work / f"corpus-{size}"
            counts = generate(folder, size, args.seed, 50)
            command = args.command.format(docs=folder / "docs", out=folder / "out")
            runs = [measure([sys.executable, "-m", "corpus", *shlex.split(command)])
                    for _ in range(args.repeat)]
            failed = [r for r in runs if r.code != 0]
            if failed:
                err = failed[0].stderr.strip()
                print(f"bench_corpus: error: `corpus {command}` exited {failed[0].code}: "
                      f"{err.splitlines()[-1] if err else ''}", file=sys.stderr)
                return 1
            run = min(runs, key=lambda r: r.cpu)  # a shared machine only ever adds time
            gold, found = read_gold(folder), counterparts(run.stdout)
            rows.append((size, counts["sentences"], run, len(found), len(found & gold), len(gold)))
            print(f"done: {size} documents, CPU " + ", ".join(f"{r.cpu:.1f}" for r in runs)
                  + " s", file=sys.stderr, flush=True)
    print(f"command: corpus {args.command} (best of {args.repeat} by CPU time)")
    print(f"{'documents':>9}  {'sentences':>9}  {'wall s':>7}  {'CPU s':>7}  {'CPU ms/doc':>10}  "
          f"{'peak MB':>7}  {'pairs':>5}  {'gold found':>10}  {'extra':>5}")
    for size, sentences, run, pairs, hits, gold_pairs in rows:
        print(f"{size:>9}  {sentences:>9}  {run.wall:>7.1f}  {run.cpu:>7.1f}  "
              f"{1000 * run.cpu / size:>10.1f}  {run.peak_mb:>7.0f}  {pairs:>5}  "
              f"{f'{hits}/{gold_pairs}':>10}  {pairs - hits:>5}")
    # Marginal CPU seconds per document between sizes: start-up (imports, models) is a constant,
    # and CPU time is what a shared machine does not inflate.
    per_doc = [(b[2].cpu - a[2].cpu) / (b[0] - a[0]) for a, b in itertools.pairwise(rows)] or [1.0]
    print("marginal CPU ms/doc: " + ", ".join(f"{1000 * r:.1f}" for r in per_doc))
    linear = max(per_doc) <= LINEAR_SLACK * max(min(per_doc), 1e-9)
    bounded = all(row[2].peak_mb < PEAK_LIMIT_MB for row in rows)
    print(f"time per document within x{LINEAR_SLACK}: {'yes' if linear else 'NO'}; "
          f"peak under {PEAK_LIMIT_MB} MB: {'yes' if bounded else 'NO'}")
    return 0 if linear and bounded else 1


if __name__ == "__main__":
    sys.exit(main())
