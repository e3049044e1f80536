"""Where packages live is worked out without importing `argostranslate.settings`, which creates
folders under $HOME on import; it must still be the folder argostranslate itself uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

ARGOS_VARIABLES = ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                   "SNAP", "SNAP_USER_DATA")


def _environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ARGOS_VARIABLES}
    return {**env, "HOME": str(home), **extra}


def _python(code: str, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("setting", ["none", "settings-file", "xdg", "snap"])
def test_same_folder_as_argostranslate(tmp_path: Path, setting: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    extra: dict[str, str] = {}
    if setting == "settings-file":
        config = home / ".config" / "argos-translate"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(
            json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "configured")}), encoding="utf-8")
    elif setting == "xdg":
        extra = {"XDG_DATA_HOME": str(tmp_path / "data")}
    elif setting == "snap":
        extra = {"SNAP": str(tmp_path / "snap"), "SNAP_USER_DATA": str(tmp_path / "snapdata")}
    env = _environment(home, **extra)
    ours = _python("from corpus.translate import packages_dir; print(packages_dir())", env,
                   tmp_path)
    assert _files_under(home) == ([] if setting != "settings-file"
                                  else [".config", ".config/argos-translate",
                                        ".config/argos-translate/settings.json"])
    theirs = _python("from argostranslate import settings; print(settings.package_data_dir)",
                     env, tmp_path)
    assert ours == theirs


def test_empty_xdg_variable_means_unset(tmp_path: Path) -> None:
    """As the XDG spec says; argostranslate would make `argos-translate/` in the current folder."""
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    env = _environment(home, XDG_DATA_HOME="", XDG_CONFIG_HOME="")
    ours = _python("from corpus.translate import packages_dir; print(packages_dir())", env, cwd)
    assert ours == str(home / ".local" / "share" / "argos-translate" / "packages")
    assert _files_under(cwd) == []


def test_commands_without_models_leave_home_untouched(tmp_path: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    home.mkdir()
    env = _environment(home)
    for args in (["models", "list"], ["align", str(SEEDS), "-o", str(out)]):
        done = subprocess.run([sys.executable, "-m", "corpus", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert _files_under(home) == []
