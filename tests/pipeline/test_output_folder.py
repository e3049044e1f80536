"""What `corpus align` tells of its run: pairs blocking left out are counted and told."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.pair import PairSettings
from corpus.pipeline import align_folder
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


def test_two_articles_sharing_no_name_or_number_are_compared(tmp_path: Path) -> None:
    folder = articles(tmp_path / "in", CLIMB, {"en": "en", "fr": "fr"})
    notes: list[str] = []
    report = align_folder(folder, tmp_path / "out", translate=False, on_note=notes.append)
    [decision] = report.decisions
    assert decision.counterpart
    assert report.comparisons.left_out == 0
    assert not any("never compared" in note for note in notes)


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
