"""Generate a large near-parallel German-French corpus with known gold, for scale tests.

Material: the hand-aligned beads of the Text+Berg gold set (German-French, one sentence per
line) plus the seed articles. Each document pair draws beads at random from the whole pool,
then mutates them so that no two pairs are alike and the aligner meets the usual noise:

- numbers are replaced consistently on both sides (a strong, pair-specific cue);
- a sentence is dropped on one side (1-0 / 0-1 beads), two adjacent ones merged on one side
  (2-1 / 1-2), a seed sentence inserted on one side, a typo put into one side.

Output: `OUT/docs/<id>.txt` (one sentence per line, a blank line every few sentences),
`OUT/docs/corpus.json` (the language of every document, so identification can be skipped)
and `OUT/gold.jsonl`, one line per pair: `{"source", "target", "beads": [[[de...], [fr...]]]}`
with 0-based line numbers among the non-blank lines of each file. Deterministic for a --seed.

    uv run python scripts/make_large_corpus.py --docs 2000 --seed 1 --out /tmp/large
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEXTBERG = REPO.parent / "shared" / "bench" / "textberg" / "docs"
SEEDS = REPO / "seeds"

DROP, MERGE, INSERT, TYPO = 0.04, 0.04, 0.03, 0.05
PARAGRAPH = 6  # sentences per paragraph, on average
_NUMBER = re.compile(r"\d+")
_TOKENIZED_SPACE = re.compile(r" ([,.;:!?)])|([(]) ")


@dataclass(frozen=True)
class Bead:
    de: tuple[str, ...]
    fr: tuple[str, ...]


def detokenize(line: str) -> str:
    """Text+Berg is tokenized ("Berg , der"); articles are not."""
    return _TOKENIZED_SPACE.sub(lambda m: m.group(1) or m.group(2), line.strip())


def load_beads(folder: Path) -> list[Bead]:
    """Every gold bead with text on both sides, from every Text+Berg article."""
    beads = []
    for gold in sorted(folder.glob("*.defr")):
        de = (folder / f"{gold.stem}.de").read_text(encoding="utf-8").splitlines()
        fr = (folder / f"{gold.stem}.fr").read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            left, right = (ast.literal_eval(side) for side in line.split(":"))
            sides = ([detokenize(de[i]) for i in left], [detokenize(fr[i]) for i in right])
            if all(sides) and all(s for side in sides for s in side):
                beads.append(Bead(tuple(sides[0]), tuple(sides[1])))
    return beads


def load_seed_sentences(folder: Path) -> list[str]:
    """Lines of the seed articles, as foreign material to insert on one side."""
    lines = []
    for path in sorted(folder.glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if len(line.split()) >= 5]
    return lines


def renumber(text: str, numbers: dict[str, str]) -> str:
    return _NUMBER.sub(lambda m: numbers.setdefault(m.group(), m.group()), text)


def typo(text: str, rng: random.Random) -> str:
    """Delete or double one letter, as OCR and hurried typing do."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if not letters:
        return text
    i = rng.choice(letters)
    return text[:i] + text[i + 1:] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def make_pair(beads: list[Bead], seeds: list[str], size: int,
              rng: random.Random) -> tuple[list[str], list[str], list[list[list[int]]]]:
    """German lines, French lines and the gold beads (line numbers) of one document pair."""
    numbers = {str(n): str(rng.randrange(1, 10_000)) for n in range(2000)}
    de: list[str] = []
    fr: list[str] = []
    gold: list[list[list[int]]] = []
    for bead in rng.sample(beads, size):
        de_side = [renumber(s, numbers) for s in bead.de]
        fr_side = [renumber(s, numbers) for s in bead.fr]
        if rng.random() < TYPO:
            side = rng.choice((de_side, fr_side))
            side[0] = typo(side[0], rng)
        roll = rng.random()
        if roll < DROP:
            (de_side if rng.random() < 0.5 else fr_side).clear()
        elif roll < DROP + MERGE:
            side = rng.choice((de_side, fr_side))
            side[:] = [" ".join(side)]
        if not de_side and not fr_side:
            continue
        gold.append([list(range(len(de), len(de) + len(de_side))),
                     list(range(len(fr), len(fr) + len(fr_side)))])
        de += de_side
        fr += fr_side
        if seeds and rng.random() < INSERT:
            side, index = (de, 0) if rng.random() < 0.5 else (fr, 1)
            bead_sides: list[list[int]] = [[], []]
            bead_sides[index] = [len(side)]
            side.append(rng.choice(seeds))
            gold.append(bead_sides)
    return de, fr, gold


def with_paragraphs(lines: list[str], rng: random.Random) -> str:
    out = []
    for i, line in enumerate(lines):
        if i and rng.random() < 1 / PARAGRAPH:
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def doc_id(seed: int, index: int, lang: str) -> str:
    return hashlib.sha1(f"{seed}:{index}:{lang}".encode()).hexdigest()[:12]


def generate(out: Path, docs: int, seed: int, mean_sentences: int) -> dict[str, int]:
    """Write `docs` documents (docs // 2 pairs) and the gold file; return counts."""
    if not TEXTBERG.is_dir():
        raise SystemExit(f"make_large_corpus: error: {TEXTBERG}: Text+Berg data not found")
    rng = random.Random(seed)
    beads = load_beads(TEXTBERG)
    seeds = load_seed_sentences(SEEDS)
    folder = out / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    langs: dict[str, str] = {}
    sentences = 0
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold_file:
        for pair in range(docs // 2):
            size = rng.randint(mean_sentences // 2, mean_sentences * 3 // 2)
            de, fr, gold = make_pair(beads, seeds, min(size, len(beads)), rng)
            ids = doc_id(seed, pair, "de"), doc_id(seed, pair, "fr")
            for identifier, lang, lines in ((ids[0], "de", de), (ids[1], "fr", fr)):
                (folder / f"{identifier}.txt").write_text(with_paragraphs(lines, rng),
                                                          encoding="utf-8")
                langs[identifier] = lang
                sentences += len(lines)
            gold_file.write(json.dumps({"source": ids[0], "target": ids[1], "beads": gold})
                            + "\n")
    manifest = {"documents": {i: {"lang": lang} for i, lang in sorted(langs.items())}}
    (folder / "corpus.json").write_text(json.dumps(manifest, indent=0), encoding="utf-8")
    return {"documents": len(langs), "sentences": sentences, "pool_beads": len(beads)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents (two per pair)")
    parser.add_argument("--sentences", type=int, default=50, help="mean sentences per document")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    counts = generate(args.out, args.docs, args.seed, args.sentences)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
