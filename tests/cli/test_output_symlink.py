"""`-o FILE` where FILE is a symbolic link writes through the link, as a shell redirect would."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from corpus.align.ladder import read_ladder
from corpus.cli.main import app


def test_align_pair_output_through_a_symlink(tmp_path: Path) -> None:
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("Il pleut.\nLe train part à 8 heures.\n", encoding="utf-8")
    tgt.write_text("It is raining.\nThe train leaves at 8.\n", encoding="utf-8")
    (tmp_path / "results").mkdir()
    target = tmp_path / "results" / "pair.ladder"
    target.write_text("old\n")
    link = tmp_path / "latest.ladder"
    link.symlink_to(target)
    result = CliRunner().invoke(app, ["align-pair", str(src), str(tgt), "--presegmented",
                                      "--src-lang", "fr", "--tgt-lang", "en", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.readlink() == target
    assert len(read_ladder(target)) == 2
