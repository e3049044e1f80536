"""Coverage-guided fuzzing of the readers with atheris (not run in CI).

Feeds arbitrary bytes through what a user's file goes through: `decode_bytes` → `normalize_text`
→ `build_document` (paragraphs, segmentation; the language is fixed so Lingua is not fuzzed),
and arbitrary JSON-ish text through the manifest parser, and arbitrary bytes through the TMX
reader. A finding is any exception other than `CorpusError`, or a broken invariant: sentences
that are not the text at their offsets, or non-space text missing from the sentences.

    uv pip install atheris   # into the venv only; not a project dependency
    uv run python scripts/fuzz_readers.py -max_total_time=300 -rss_limit_mb=2048 /tmp/fuzz

Arguments after the script name go to libFuzzer (a corpus folder keeps interesting inputs).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from corpus.errors import CorpusError
    from corpus.read import build_document, decode_bytes, normalize_text, parse_manifest
    from corpus.write.tmx import read_tmx

LANGS = ("ar", "fr", "en", "de")


def check_document(data: bytes, lang: str) -> None:
    text = normalize_text(decode_bytes(data, "fuzz.txt").text)
    document = build_document(text, "fuzz", lang=lang)
    for sentence in document.sentences:
        if document.text[sentence.start:sentence.end] != sentence.text:
            raise RuntimeError(f"sentence {sentence.id} is not the text at its offsets")
    covered = "".join("".join(s.text for s in document.sentences).split())
    if covered != "".join(text.split()):
        raise RuntimeError("segmentation lost or altered text")


def check_manifest(data: bytes) -> None:
    try:
        raw = json.loads(data.decode("utf-8", "replace"))
    except (json.JSONDecodeError, RecursionError):
        return
    parse_manifest(raw, "corpus.json")


def check_tmx(data: bytes, tmp: Path) -> None:
    tmp.write_bytes(data)
    read_tmx(tmp)


def test_one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    mode, payload = data[0] % 6, data[1:]
    try:
        if mode < 4:
            check_document(payload, LANGS[mode])
        elif mode == 4:
            check_manifest(payload)
        else:
            check_tmx(payload, Path(tempfile.gettempdir()) / "fuzz_readers.tmx")
    except CorpusError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
