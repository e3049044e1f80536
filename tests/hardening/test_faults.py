"""Faults: SIGKILL mid-run, a truncated cache, a read-only work folder, two runs at once, and
hostile XML read back. Real `corpus translate` processes with tiny synthetic Argos packages."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.errors import InputError
from corpus.read import read_folder
from corpus.translate import install_from_file
from corpus.translate.synthetic import build_argosmodel
from corpus.write.tmx import read_tmx
from tests.conftest import SEEDS

DOCUMENTS = 60


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """en→fr, fr→en packages installed into a folder shared by this module's processes."""
    root = tmp_path_factory.mktemp("hardening-argos")
    lines = [s for d in read_folder(SEEDS).documents for s in d.sentence_texts()]
    folder = root / "packages"
    old = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(folder)
    try:
        for i, (a, b) in enumerate((("en", "fr"), ("fr", "en"))):
            install_from_file(build_argosmodel(root / f"{a}_{b}.argosmodel", a, b, lines, seed=i))
    finally:
        if old is None:
            del os.environ["ARGOS_PACKAGES_DIR"]
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = old
    return folder


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of small English articles, every sentence unique so that none is cached."""
    documents = read_folder(SEEDS).documents
    english = [s for d in documents if d.lang == "en" for s in d.sentence_texts()]
    rng = random.Random(6)
    folder = tmp_path_factory.mktemp("articles")
    for i in range(DOCUMENTS):
        sentences = [f"{s.rstrip('.')} in {1900 + rng.randrange(120)}." for s in
                     rng.sample(english, 3)]
        (folder / f"article {i:03d}.txt").write_text(" ".join(sentences) + "\n",
                                                     encoding="utf-8")
    return folder


def translate(articles: Path, work: Path, packages: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages)}
    return subprocess.Popen([sys.executable, "-m", "corpus", "translate", str(articles),
                             "--to", "fr", "--lang", "en", "-o", str(work), "-q",
                             "--threads", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err


def outputs(work: Path) -> dict[str, bytes]:
    """Translation files byte for byte; the manifest without its creation times."""
    files = {p.name: p.read_bytes() for p in sorted(work.glob("*.txt"))}
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["files"].values():
        record.pop("created", None)
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


@pytest.fixture(scope="module")
def clean_run(articles: Path, packages: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[dict[str, bytes], float, Path]:
    work = tmp_path_factory.mktemp("clean") / "work"
    began = time.perf_counter()
    code, err = finish(translate(articles, work, packages))
    assert code == 0, err
    return outputs(work), time.perf_counter() - began, work


def test_sigkill_at_random_points_then_resume_is_byte_identical(
        articles: Path, packages: Path, clean_run: tuple[dict[str, bytes], float, Path],
        tmp_path: Path) -> None:
    expected, seconds, _ = clean_run
    assert len(expected) == DOCUMENTS + 1
    work = tmp_path / "work"
    rng = random.Random(9)
    for _ in range(3):
        proc = translate(articles, work, packages)
        time.sleep(rng.uniform(0.3, 0.9) * seconds)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Whatever a killed run left is whole: no temporary files, every file complete.
        leftovers = [p.name for p in work.iterdir()
                     if p.suffix not in {".txt", ".json", ".sqlite3"} and p.name != "manifest.lock"
                     and not p.name.startswith("cache.sqlite3")] if work.exists() else []
        assert leftovers == []
        for name, data in (outputs(work) if (work / "manifest.json").exists() else {}).items():
            if name != "manifest.json":
                assert data == expected[name], name
    code, err = finish(translate(articles, work, packages))
    assert code == 0, err
    assert outputs(work) == expected


def test_truncated_cache_is_detected_reported_and_rebuilt(
        articles: Path, packages: Path, clean_run: tuple[dict[str, bytes], float, Path],
        tmp_path: Path) -> None:
    expected, _, clean_work = clean_run
    work = tmp_path / "work"
    shutil.copytree(clean_work, work)
    cache = work / "cache.sqlite3"
    for sidecar in work.glob("cache.sqlite3-*"):
        sidecar.unlink()
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 3])
    for path in work.glob("*.fr.txt"):  # force the translations to be redone from the cache
        path.unlink()
    code, err = finish(translate(articles, work, packages))
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("corpus: warning:")]
    assert len(warnings) == 1 and str(cache) in warnings[0] and "damaged" in warnings[0], err
    assert [p.name for p in work.glob("cache.sqlite3.corrupt-*")] != []
    assert outputs(work) == expected
    code, err = finish(translate(articles, work, packages))  # the rebuilt cache serves it all
    assert code == 0 and " 0 decoded" in err, err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: a read-only folder does not stop root from writing")
def test_read_only_work_folder_is_a_clear_error_and_earlier_outputs_stay(
        articles: Path, packages: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    code, err = finish(translate(articles, work, packages))
    assert code == 0, err
    before = outputs(work)
    shutil.rmtree(work / "cache.sqlite3", ignore_errors=True)
    next(work.glob("*.fr.txt")).unlink()
    work.chmod(0o555)
    try:
        code, err = finish(translate(articles, work, packages))
    finally:
        work.chmod(0o755)
    assert code != 0
    assert err.startswith("corpus: error: ") and err.count("\n") == 1
    after = outputs(work)
    assert all(after[name] == data for name, data in before.items() if name in after)


def test_two_processes_on_one_work_folder_both_finish(
        articles: Path, packages: Path, clean_run: tuple[dict[str, bytes], float, Path],
        tmp_path: Path) -> None:
    expected, _, _ = clean_run
    work = tmp_path / "work"
    first = translate(articles, work, packages)
    time.sleep(0.5)
    second = translate(articles, work, packages)
    (code1, err1), (code2, err2) = finish(first), finish(second)
    assert (code1, code2) == (0, 0), err1 + err2
    assert outputs(work) == expected
    # Each sentence was decoded by one of the two runs only: the other waited and took it from
    # the shared cache.
    decoded = [int(re.search(r"(\d+) decoded", err).group(1)) for err in (err1, err2)]
    distinct = {s for d in read_folder(articles, lang="en").documents for s in d.sentence_texts()}
    assert sum(decoded) == len(distinct), err1 + err2


XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file://{secret}">
<!ENTITY remote SYSTEM "http://203.0.113.1/x">]>
<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" o-tmf="x"
adminlang="en" creationtool="x" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>a &secret; b &remote;</seg></tuv></tu></body></tmx>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY l0 "ha">""" + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + """]>
<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" o-tmf="x"
adminlang="en" creationtool="x" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>&l9;</seg></tuv></tu></body></tmx>"""


def test_tmx_reader_resolves_no_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(XXE.format(secret=secret), encoding="utf-8")
    try:
        tmx = read_tmx(path)
    except InputError:
        return  # refusing the file is as good as not resolving it
    text = tmx.units[0].variants[0].text
    assert "TOP-SECRET" not in text


def test_tmx_reader_survives_billion_laughs(tmp_path: Path) -> None:
    path = tmp_path / "laughs.tmx"
    path.write_text(LAUGHS, encoding="utf-8")
    began = time.perf_counter()
    try:
        tmx = read_tmx(path)
    except InputError:
        return
    assert time.perf_counter() - began < 5
    assert len(tmx.units[0].variants[0].text) < 1_000_000
