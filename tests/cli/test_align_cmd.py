"""`corpus align` end to end through the real entry point, and the published `tmx/` example."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from corpus.write.tmx import read_tmx
from tests.conftest import REPO, SEEDS

PUBLISHED = REPO / "tmx"


def run_corpus(*args: str, cwd: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "corpus", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, cwd=cwd,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess,
                                                                 Path]:
    out = tmp_path_factory.mktemp("align") / "out"
    return run_corpus("align", str(SEEDS), "-o", str(out)), out


def test_align_seeds_writes_every_format(seed_run: tuple) -> None:
    proc, out = seed_run
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in out.iterdir()}
    assert {"ar-fr.tmx", "ar-en.tmx", "fr-en.tmx", "en-en.tmx", "corpus.tei.xml",
            "review.html"} <= names
    assert any(n.endswith(".xces.xml") for n in names)
    fr_en = read_tmx(out / "fr-en.tmx")
    assert fr_en.header["srclang"] == "fr" and fr_en.units


def test_align_prints_pairing_table_and_says_it_went_without_mt(seed_run: tuple) -> None:
    proc, _ = seed_run
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["doc_a", "doc_b", "langs"]
    rows = {(r[0][:3], r[1][:3]): r for r in (line.split("\t") for line in lines[1:11])}
    assert len(rows) == 10
    assert rows["001", "003"][-1] == "unrelated"
    assert rows["000", "002"][-1] == "comparable"
    assert rows["002", "003"][2] == "fr-en"
    assert rows["002", "003"][-1] in ("parallel", "comparable")
    assert "links; linked" in proc.stdout
    assert "aligning without machine translation" in proc.stderr
    assert "install with: corpus models install ar en fr" in proc.stderr


def test_bad_file_among_good_is_reported_and_the_rest_aligned(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    proc = run_corpus("align", str(folder), "-o", str(tmp_path / "out"), "--formats", "tmx")
    assert proc.returncode == 2
    assert "broken.txt" in proc.stderr and "(skipped)" in proc.stderr
    # Said as soon as the folder is read, before the long work, not after it.
    lines = proc.stderr.splitlines()
    skipped = next(i for i, line in enumerate(lines) if "(skipped)" in line)
    assert skipped < next(i for i, line in enumerate(lines) if "machine translation" in line)
    assert (tmp_path / "out" / "fr-en.tmx").exists()
    strict = run_corpus("align", str(folder), "-o", str(tmp_path / "out2"), "--strict")
    assert strict.returncode == 2
    assert strict.stderr.strip().splitlines()[-1].startswith("corpus: error: ")
    assert "broken.txt" in strict.stderr
    assert not (tmp_path / "out2").exists()


def test_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    proc = run_corpus("align", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"corpus: error: {tmp_path / 'nope'}: "
                                                "no such folder"]


@pytest.mark.parametrize(("value", "problem"), [("nan", "not a number"),
                                               ("1.5", "1.5 is not a score from 0 to 1"),
                                               ("-1", "-1 is not a score from 0 to 1")])
def test_min_score_outside_the_scores_is_one_line_error(tmp_path: Path, value: str,
                                                        problem: str) -> None:
    # NaN was refused as "less than or equal to 1".
    proc = run_corpus("align", str(SEEDS), "-o", str(tmp_path / "out"), "--min-score", value)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"corpus: error: Invalid value for '--min-score': {problem} (see ")
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_the_input_folder_is_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    proc = run_corpus("align", str(folder), "-o", str(folder), "--formats", "tmx")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"corpus: error: {folder}: the output folder is the input folder; its outputs would be "
        "read as articles (or overwrite them): choose another -o"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_article_named_like_an_output_is_one_line_error_before_writing(tmp_path: Path) -> None:
    # `corpus.tei.txt` gives the XCES sentence file `corpus.tei.xml`, which replaced the TEI
    # corpus silently (written later, same name).
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(SEEDS / "002_f3321088fa17899b.txt", folder / "corpus.tei.txt")
    shutil.copy(SEEDS / "003_b2a5d163e2d1a4b6.txt", folder / "en.txt")
    proc = run_corpus("align", str(folder), "-o", str(out), "--formats", "tei,xces")
    assert proc.returncode == 2
    # Said right after reading: before, after the MT note and all the aligning.
    assert proc.stderr.strip().splitlines() == [
        f"corpus: error: {out / 'corpus.tei.xml'}: two outputs of this run could be written to "
        "this file (tei; xces, named after 'corpus.tei'): rename an article so that they differ"]
    assert not out.exists() or list(out.iterdir()) == []


def test_a_format_named_twice_is_written_once(tmp_path: Path) -> None:
    proc = run_corpus("align", str(SEEDS), "-o", str(tmp_path), "--formats", "tmx,tmx")
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert f"{len(written)} file(s) written" in proc.stderr.splitlines()[-1]


def test_regional_codes_and_min_score(tmp_path: Path) -> None:
    proc = run_corpus("align", str(SEEDS), "-o", str(tmp_path), "--formats", "tmx",
                      "--regional-codes", "--min-score", "0.99")
    assert proc.returncode == 0, proc.stderr
    tmx = read_tmx(tmp_path / "fr-en.tmx")
    assert tmx.header["srclang"] == "fr-FR"
    assert all(float(u.prop("x-score")) >= 0.99 for u in tmx.units)
    assert "under --min-score dropped" in proc.stdout


def published_epoch() -> str:
    """The committed creation time of tmx/ (read back from the TMX header) as SOURCE_DATE_EPOCH."""
    stamp = read_tmx(PUBLISHED / "fr-en.tmx").header["creationdate"]
    moment = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    return str(int(moment.timestamp()))


def test_published_example_is_up_to_date(tmp_path: Path) -> None:
    """`uv run corpus align seeds/ -o tmx/` (MT-free) made exactly what is committed in tmx/.

    The run is repeated at the committed creation time (SOURCE_DATE_EPOCH, read back from the
    TMX header), so every byte must match.
    """
    committed = sorted(p.name for p in PUBLISHED.iterdir() if p.is_file())
    assert "fr-en.tmx" in committed, "tmx/ not generated: run `uv run corpus align seeds/ -o tmx/`"
    out = tmp_path / "tmx"
    proc = run_corpus("align", "seeds/", "-o", str(out), cwd=REPO,
                      env={"SOURCE_DATE_EPOCH": published_epoch()})
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == committed
    stale = [name for name in committed
             if (out / name).read_bytes() != (PUBLISHED / name).read_bytes()]
    assert not stale, (f"tmx/ is out of date ({', '.join(stale)}); regenerate with "
                       "`uv run corpus align seeds/ -o tmx/`")


def test_outputs_do_not_depend_on_how_the_folder_is_named(tmp_path: Path) -> None:
    """The seeds by their absolute path, from another folder, give the published bytes: the TEI
    header recorded each article's path as typed (`/home/…/seeds/000_….txt`)."""
    out = tmp_path / "tmx"
    proc = run_corpus("align", str(SEEDS.resolve()), "-o", str(out), "--formats", "tei",
                      cwd=tmp_path, env={"SOURCE_DATE_EPOCH": published_epoch()})
    assert proc.returncode == 0, proc.stderr
    assert (out / "corpus.tei.xml").read_bytes() == (PUBLISHED / "corpus.tei.xml").read_bytes()
