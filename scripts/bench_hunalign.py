"""hunalign's time on the speed benchmark's input, as a reference measured on the same machine.

    uv run python scripts/bench_hunalign.py --hunalign PATH [--repeat 3] [--data DIR]

The issue's speed target (x8 under 3 s) was set where hunalign took 4-5 s; wall times differ by
a factor of two between the VMs this project is measured on, so docs/BENCHMARKS.md reports
hunalign beside `bench_align.py --speed-only` on the same machine within minutes. hunalign is
not a dependency: build it from its repository (github.com/danielvarga/hunalign,
`src/hunalign`, `make`) and pass the binary. Input as the task's hunalign anchor: the google MT
of the German against the French (`-text`, an empty dictionary, no `-realign`), the seven test
articles concatenated x1, x2, x4, x8 as in `bench_align.py`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench_align import DEFAULT_DATA, TEST, load

SIZES = (1, 2, 4, 8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hunalign", type=Path, required=True, help="the hunalign binary")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = [load(args.data, name, "google") for name in TEST]
    mt = [line for item in items for line in item["src_mt"]]
    tgt = [line for item in items for line in item["tgt"]]
    print("| copies | MT x FR sentences | wall s (best) | wall s (median) | peak MB (max) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "null.dic").write_text("", encoding="utf-8")
        for times in SIZES:  # increasing, so the children's peak so far is this size's
            for name, lines in (("mt", mt), ("fr", tgt)):
                (folder / f"{name}.txt").write_text("\n".join(lines * times) + "\n",
                                                    encoding="utf-8")
            walls = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                subprocess.run([str(args.hunalign), "-text", "null.dic", "mt.txt", "fr.txt"],
                               cwd=folder, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                walls.append(time.perf_counter() - start)
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"| x{times} | {len(mt) * times} x {len(tgt) * times} | {min(walls):.2f} | "
                  f"{statistics.median(walls):.2f} | {peak_mb:.0f} |")


if __name__ == "__main__":
    main()
