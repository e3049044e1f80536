"""Hostile translation packages through `corpus models install --file`: one error line naming the
file, nothing installed, nothing written outside the packages folder.

The library-level refusals (lying metadata, `../` and absolute members, symbolic links, missing
parts, not a zip) are tested one by one in tests/translate/test_packages.py; here the same
refusals go through the command, plus the truncated download none of those covers.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.cli.main import app
from corpus.translate import installed_packages, packages_dir
from corpus.translate.synthetic import build_argosmodel

LINES = ["The expedition reached the summit.", "Snow fell during the night.",
         "A rescue team arrived at dawn.", "The rope was frozen."] * 20


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-packages")
    return build_argosmodel(folder / "translate-en_fr.argosmodel", "en", "fr", LINES)


def install(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["models", "install", "--file", str(path)])
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()]


def rewrite(package: Path, target: Path, rename: dict[str, str] | None = None,
            metadata: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if metadata and info.filename.endswith("metadata.json"):
                data = json.dumps({**json.loads(data), **metadata}).encode()
            name = info.filename
            for old, new in (rename or {}).items():
                name = name.replace(old, new)
            dst.writestr(name, data)
    return target


def assert_refused(path: Path, message: str) -> None:
    code, lines = install(path)
    assert code != 0
    [line] = lines
    assert line.startswith("corpus: error: ") and str(path) in line and message in line
    assert installed_packages() == []


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_package_is_refused(package: Path, tmp_path: Path, keep: float) -> None:
    data = package.read_bytes()
    cut = tmp_path / "translate-en_fr.argosmodel"
    cut.write_bytes(data[:int(len(data) * keep)])
    assert_refused(cut, "zip archive")


def test_package_whose_metadata_lies_is_refused(package: Path, tmp_path: Path) -> None:
    liar = rewrite(package, tmp_path / "translate-en_fr.argosmodel", metadata={"from_code": "de"})
    assert_refused(liar, "says de→fr")


def test_package_escaping_its_folder_writes_nothing_outside(package: Path,
                                                             tmp_path: Path) -> None:
    evil = rewrite(package, tmp_path / "translate-en_fr.argosmodel",
                   rename={"translate-en_fr-1_0/": "../"})
    home = packages_dir().parent
    home.mkdir(parents=True, exist_ok=True)
    before = set(home.rglob("*"))
    assert_refused(evil, "leaves its folder")
    assert set(home.rglob("*")) - before <= {packages_dir()}  # at most the empty packages folder
    assert not packages_dir().exists() or list(packages_dir().iterdir()) == []
