"""What `corpus align` leaves in its output folder: one run's outputs and its record
(corpus-align.json), nothing stale, nothing read back as an article; pairs blocking left out are
counted and told."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import IO

import pytest

from corpus import outputs
from corpus.errors import CorpusError, InputError
from corpus.model import AlignedCorpus
from corpus.outputs import OUTPUT_MANIFEST, PENDING, Cleanup
from corpus.pair import PairSettings
from corpus.pipeline import OutputSettings, align_folder
from corpus.write import OutputFile
from corpus.write.xces import XcesWriter
from tests.conftest import SEEDS
from tests.pair.test_blocking import corpus

# Two reports of one climb with no name or number in common: across two languages without MT
# only their cognates tie them.
CLIMB = {"en": "The guide climbed the north face. Snow fell on the glacier all night.",
         "fr": "Le guide a gravi la face nord. La neige est tombée sur le glacier toute la nuit."}


def articles(folder: Path, texts: dict[str, str], langs: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    manifest = {"documents": {name: {"lang": lang} for name, lang in langs.items()}}
    (folder / "corpus.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def record(out: Path) -> dict:
    return json.loads((out / OUTPUT_MANIFEST).read_text(encoding="utf-8"))


def test_two_articles_sharing_no_name_or_number_are_compared(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", CLIMB, {"en": "en", "fr": "fr"})
    notes: list[str] = []
    report = align_folder(folder, tmp_path / "out", translate=False, on_note=notes.append)
    [decision] = report.decisions
    assert decision.counterpart
    assert report.comparisons.left_out == 0
    assert not any("never compared" in note for note in notes)
    assert record(tmp_path / "out")["pairs"]["compared"] == 1


def test_pairs_blocking_leaves_out_are_counted_and_told(tmp_path: Path) -> None:
    documents = corpus()
    folder = articles(tmp_path / "in", {d.id: d.text for d in documents},
                      {d.id: d.lang for d in documents})
    notes: list[str] = []
    report = align_folder(folder, tmp_path / "out", translate=False, formats=["tmx"],
                          pairing=PairSettings(max_candidates=1), on_note=notes.append)
    comparisons = report.comparisons
    assert comparisons.possible == 120 and comparisons.compared == len(report.decisions)
    assert comparisons.left_out == 120 - len(report.decisions) > 0
    assert f"{comparisons.left_out} of 120 document pair(s) never compared" in "\n".join(notes)
    assert record(tmp_path / "out")["pairs"]["left_out_by_blocking"] == comparisons.left_out


def seed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def test_a_rerun_leaves_only_its_own_outputs(tmp_path: Path) -> None:
    folder, out = seed_folder(tmp_path), tmp_path / "out"
    first = align_folder(folder, out, translate=False)
    assert sorted(record(out)["files"]) == sorted(p.name for p in first.files[:-1])
    assert first.files[-1] == out / OUTPUT_MANIFEST
    # Not the toolkit's, or no longer as it wrote them: kept.
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with (out / "review.html").open("a", encoding="utf-8") as handle:
        handle.write("<!-- checked by hand -->\n")
    for cache in ("translations", "embeddings"):
        (out / cache).mkdir()
        (out / cache / "kept.txt").write_text("cache", encoding="utf-8")
    # The pair 002-003 is no longer linked, and TEI and HTML are no longer asked for.
    (folder / "corpus.json").write_text(json.dumps({"pairs": {"forbid": [
        ["002_f3321088fa17899b", "003_b2a5d163e2d1a4b6"]]}}), encoding="utf-8")
    notes: list[str] = []
    second = align_folder(folder, out, translate=False, formats=["tmx", "xces"],
                          on_note=notes.append)
    written = {p.name for p in second.files}
    assert {p.name for p in out.iterdir()} == written | {"notes.txt", "review.html",
                                                         "translations", "embeddings"}
    assert {p.name for p in second.removed} == {
        "corpus.tei.xml", "002_f3321088fa17899b--003_b2a5d163e2d1a4b6.xces.xml"}
    assert (out / "translations" / "kept.txt").is_file()
    assert (out / "embeddings" / "kept.txt").is_file()
    assert "removed 2 file(s)" in "\n".join(notes)
    assert "kept review.html" in "\n".join(notes)
    assert sorted(record(out)["files"]) == sorted(written - {OUTPUT_MANIFEST})


def test_a_damaged_record_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / OUTPUT_MANIFEST).write_text('{"files": {"../elsewhere.txt": "0"}}', encoding="utf-8")
    with pytest.raises(InputError, match=r"corpus-align\.json: not a record of corpus align"):
        align_folder(SEEDS, out, translate=False)
    (out / OUTPUT_MANIFEST).write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the record of an earlier run"):
        align_folder(SEEDS, out, translate=False)
    assert [p.name for p in out.iterdir()] == [OUTPUT_MANIFEST]


def test_output_folder_must_not_be_the_input_folder(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", CLIMB, {"en": "en", "fr": "fr"})
    before = sorted(folder.iterdir())
    link = tmp_path / "link"
    link.symlink_to(folder)
    for out in (folder, link, folder / "."):
        with pytest.raises(InputError, match="the output folder is the input folder"):
            align_folder(folder, out, translate=False)
    assert sorted(folder.iterdir()) == before
    # A folder inside the input folder is fine: articles are read from the folder itself.
    for _ in range(2):
        report = align_folder(folder, folder / "out", translate=False)
        assert sorted(d.id for d in report.corpus.documents) == ["en", "fr"]
        assert not report.errors


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file in `out` (hidden temporaries included) and its bytes."""
    return {path.name: path.read_bytes() for path in out.iterdir()}


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), CorpusError("disk full")],
                         ids=["ctrl-c", "error"])
def test_a_run_stopped_while_writing_leaves_the_previous_run_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    # TMX and TEI were written whole, then the XCES writer stopped on its second file: those
    # used to be renamed in one by one, next to the old review page and the old record.
    out = tmp_path / "out"
    align_folder(SEEDS, out, translate=False, output=OutputSettings(min_score=0.95))
    before = snapshot(out)
    real = XcesWriter.write_file
    calls: list[str] = []

    def stops(self: XcesWriter, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        calls.append(output.name)
        if len(calls) == 2:
            raise failure
        real(self, corpus, output, handle)

    monkeypatch.setattr(XcesWriter, "write_file", stops)
    with pytest.raises(type(failure)):
        align_folder(SEEDS, out, translate=False)
    assert len(calls) == 2
    assert snapshot(out) == before


def test_a_run_stopped_among_the_renames_keeps_the_old_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    align_folder(SEEDS, out, translate=False, output=OutputSettings(min_score=0.95))
    before = snapshot(out)

    def stops(plan: Cleanup) -> Cleanup:
        raise KeyboardInterrupt

    # Killed after the new outputs were renamed in, before the stale ones went and the record.
    monkeypatch.setattr(outputs, "remove_earlier_outputs", stops)
    with pytest.raises(KeyboardInterrupt):
        align_folder(SEEDS, out, translate=False, formats=["tmx", "xces"])
    monkeypatch.undo()
    left = snapshot(out)
    # Nothing removed yet and no temporaries; a file under a new name (`corpus.tmx`: linked
    # across documents only without --min-score) is listed only in the pending list.
    assert left.keys() == before.keys() | {"corpus.tmx", PENDING}
    assert "corpus.tmx" in json.loads(left[PENDING])["files"]
    assert left[OUTPUT_MANIFEST] == before[OUTPUT_MANIFEST]
    assert left["fr-en.tmx"] != before["fr-en.tmx"] and left["review.html"] == before["review.html"]
    # The next run removes, by the old record, what it lists and this run does not write; what
    # the stopped run renamed in is known by its pending list, so it is replaced, not moved
    # aside as the user's (no `NAME.~1~`), and the pending list goes with the new record.
    report = align_folder(SEEDS, out, translate=False, formats=["tmx", "xces"])
    assert {"corpus.tei.xml", "review.html"} <= {path.name for path in report.removed}
    assert not report_backups(out)
    assert snapshot(out).keys() == {*record(out)["files"], OUTPUT_MANIFEST} == {
        path.name for path in report.files}


def report_backups(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir() if path.name.endswith("~"))


def test_an_output_edited_since_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    """A QA find: a run without TMX kept the edited fr-en.tmx (changed since), and the next run
    with TMX overwrote it silently. A user's own file of an output's name is kept the same way."""
    out = tmp_path / "out"
    align_folder(SEEDS, out, translate=False)
    edited = (out / "fr-en.tmx").read_bytes() + b"<!-- corrected in a CAT tool -->\n"
    (out / "fr-en.tmx").write_bytes(edited)
    align_folder(SEEDS, out, translate=False, formats=["tei"])
    (out / "review.html").write_text("my own notes", encoding="utf-8")
    report = align_folder(SEEDS, out, translate=False, formats=["tmx", "html"])
    assert (out / "fr-en.tmx.~1~").read_bytes() == edited
    assert (out / "review.html.~1~").read_text(encoding="utf-8") == "my own notes"
    assert b"corrected in a CAT tool" not in (out / "fr-en.tmx").read_bytes()
    assert {"fr-en.tmx", "review.html"} <= {path.name for path in report.files}
    # A second backup of the same name gets the next number.
    (out / "fr-en.tmx").write_bytes(edited)
    align_folder(SEEDS, out, translate=False, formats=["tmx", "html"])
    assert (out / "fr-en.tmx.~2~").read_bytes() == edited
