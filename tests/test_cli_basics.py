import subprocess
import sys

from typer.testing import CliRunner

import corpus
from corpus.cli.main import app


def test_version_flag() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"corpus {corpus.__version__}"


def test_python_dash_m_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "corpus", "--help"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0
    assert "Usage" in proc.stdout


def test_import_has_no_side_effects(tmp_path) -> None:
    """Importing the package and the CLI must not create folders or import heavy modules."""
    code = ("import sys, corpus, corpus.cli.main; "
            "heavy = [m for m in ('ctranslate2','argostranslate','torch','stanza','lingua') "
            "if m in sys.modules]; print(heavy)")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True)
    assert proc.stdout.strip() == "[]"
    assert list(tmp_path.iterdir()) == []
