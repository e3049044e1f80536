"""Scale benchmark: run a `corpus` command on generated corpora of growing size, in a fresh
process each time, and report wall time, peak RSS and whether time grows linearly.

    uv run python scripts/bench_corpus.py --sizes 250,500,1000,2000
    uv run python scripts/bench_corpus.py --command "align {docs} -o {out} --no-translate"
    uv run python scripts/bench_corpus.py --blocking   # document pairing's blocking alone

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_large_corpus import generate

PEAK_LIMIT_MB = 1024
LINEAR_SLACK = 1.5  # marginal seconds per document may differ by this factor across sizes


def measure(argv: list[str]) -> tuple[int, float, float, str]:
    """Exit status, wall seconds and peak RSS (MB) of one child process."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - began, usage.ru_maxrss / 1024, err


def blocking_stage(folder: Path) -> tuple[int, int, float, float]:
    """Documents, candidate pairs, gold pairs among them (recall) and seconds for reading the
    corpus's profiles and blocking it, in this process (the aligner is not run)."""
    from corpus.pair import PairSettings, Profiles, candidate_pairs
    from corpus.read import read_folder

    documents = read_folder(folder / "docs").documents
    began = time.perf_counter()
    candidates = candidate_pairs(documents, Profiles(documents), PairSettings())
    seconds = time.perf_counter() - began
    with (folder / "gold.jsonl").open(encoding="utf-8") as gold_file:
        gold = {frozenset((pair["source"], pair["target"]))
                for pair in map(json.loads, gold_file)}
    found = sum(frozenset((c.source.id, c.target.id)) in gold for c in candidates)
    return len(documents), len(candidates), found / max(1, len(gold)), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="documents per corpus")
    parser.add_argument("--command", default="info {docs}", help="corpus subcommand template")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep corpora here (default: a temp folder)")
    parser.add_argument("--blocking", action="store_true",
                        help="time profiles + candidate blocking in-process, with gold recall")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.blocking:
        print(f"{'documents':>9}  {'candidates':>10}  {'gold recall':>11}  {'seconds':>8}")
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                folder = (args.work or Path(tmp)) / f"corpus-{size}"
                generate(folder, size, args.seed, 50)
                documents, candidates, recall, seconds = blocking_stage(folder)
                print(f"{documents:>9}  {candidates:>10}  {recall:>11.3f}  {seconds:>8.1f}")
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for size in sizes:
            folder = work / f"corpus-{size}"
            counts = generate(folder, size, args.seed, 50)
            command = args.command.format(docs=folder / "docs", out=folder / "out")
            code, seconds, peak, err = measure([sys.executable, "-m", "corpus",
                                                *shlex.split(command)])
            if code != 0:
                print(f"bench_corpus: error: `corpus {command}` exited {code}: "
                      f"{err.strip().splitlines()[-1] if err.strip() else ''}", file=sys.stderr)
                return 1
            rows.append((size, counts["sentences"], seconds, peak))
    print(f"command: corpus {args.command}")
    print(f"{'documents':>9}  {'sentences':>9}  {'seconds':>8}  {'ms/doc':>7}  {'peak MB':>8}")
    for size, sentences, seconds, peak in rows:
        print(f"{size:>9}  {sentences:>9}  {seconds:>8.1f}  {1000 * seconds / size:>7.1f}  "
              f"{peak:>8.0f}")
    # Marginal seconds per document between sizes: start-up (imports, models) is a constant.
    per_doc = [(b[2] - a[2]) / (b[0] - a[0]) for a, b in itertools.pairwise(rows)] or [1.0]
    print("marginal ms/doc: " + ", ".join(f"{1000 * r:.1f}" for r in per_doc))
    linear = max(per_doc) <= LINEAR_SLACK * max(min(per_doc), 1e-9)
    bounded = all(peak < PEAK_LIMIT_MB for *_, peak in rows)
    print(f"time per document within x{LINEAR_SLACK}: {'yes' if linear else 'NO'}; "
          f"peak under {PEAK_LIMIT_MB} MB: {'yes' if bounded else 'NO'}")
    return 0 if linear and bounded else 1


if __name__ == "__main__":
    sys.exit(main())
