import shutil

import ctranslate2
from typer.testing import CliRunner

from corpus.cli.main import app
from tests.conftest import SEEDS

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_install_from_file_list_and_remove(argosmodels) -> None:
    for pair in (("fr", "en"), ("en", "ar")):
        result = invoke("models", "install", "--file", str(argosmodels[pair]))
        assert result.exit_code == 0, result.output
    listed = invoke("models", "list", "ar", "en", "fr")
    assert listed.exit_code == 0
    assert "translate-fr_en" in listed.stdout and "fr→en" in listed.stdout
    assert "fr→ar: fr>en>ar" in listed.stdout
    assert "install with: corpus models install ar en fr" in listed.stdout
    removed = invoke("models", "remove", "fr_en")
    assert removed.exit_code == 0
    assert "translate-fr_en" not in invoke("models", "list").stdout
    assert invoke("models", "remove", "de_en").exit_code == 2


def test_list_checks_its_languages_as_every_command_does() -> None:
    result = invoke("models", "list", "ar", "english")
    assert result.exit_code == 2
    assert result.stderr == ("corpus: error: LANG: 'english' is not a language code (ISO 639-1, "
                             "e.g. en, fr, ar)\n")


def test_list_names_folders_that_are_not_usable_packages(argosmodels) -> None:
    invoke("models", "install", str(argosmodels[("fr", "en")]))
    from corpus.translate import packages_dir

    (packages_dir() / "leftover").mkdir()
    listed = invoke("models", "list")
    assert listed.exit_code == 0 and "translate-fr_en" in listed.stdout
    assert listed.stderr == (f"corpus: warning: {packages_dir() / 'leftover'}: not a usable "
                             "translation package (no metadata.json); ignored (remove it with: "
                             "corpus models remove leftover)\n")
    removed = invoke("models", "remove", "leftover")
    assert removed.exit_code == 0, removed.output
    assert not (packages_dir() / "leftover").exists()
    listed = invoke("models", "list")
    assert listed.stderr == "" and "translate-fr_en" in listed.stdout


def test_install_takes_package_files_as_arguments(argosmodels) -> None:
    result = invoke("models", "install", str(argosmodels[("fr", "en")]))
    assert result.exit_code == 0, result.output
    assert "installed translate-fr_en" in result.stderr
    assert "translate-fr_en" in invoke("models", "list").stdout


def test_install_rejects_what_is_neither_code_nor_file(tmp_path) -> None:
    result = invoke("models", "install", "en", "fr/x")
    assert result.exit_code == 2
    assert result.stderr == "corpus: error: not a language code or .argosmodel file: 'fr/x'\n"
    # An empty argument is named too (it used to leave the message ending in ": ").
    result = invoke("models", "install", "")
    assert result.stderr == "corpus: error: not a language code or .argosmodel file: ''\n"
    result = invoke("models", "install", str(tmp_path / "none.argosmodel"))
    assert result.exit_code == 2 and "none.argosmodel: no such file" in result.stderr


def test_bad_package_file_is_one_line(tmp_path) -> None:
    bad = tmp_path / "x.argosmodel"
    bad.write_text("nope")
    result = invoke("models", "install", "--file", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("corpus: error: ") and result.stderr.count("\n") == 1


def test_install_without_network_says_what_to_do() -> None:
    result = invoke("models", "install", "ar", "en", "fr")
    assert result.exit_code == 3
    assert "cannot reach the Argos package index" in result.stderr
    assert "--file" in result.stderr and result.stderr.count("\n") == 1


def test_translate_folder_then_missing_model_exit_4(installed, tmp_path) -> None:
    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    work = tmp_path / "work"
    args = ["translate", str(corpus), "--to", "en,fr", "-o", str(work), "--quiet"]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert (work / "002_f3321088fa17899b.en.txt").exists()
    assert (work / "000_3f6b345396534631.fr.txt").exists()
    assert "from the cache" in result.stderr
    invoke("models", "remove", "en_ar")
    result = invoke("translate", str(corpus), "--to", "ar,en", "-o", str(work), "-q")
    assert result.exit_code == 4
    assert "missing packages: translate-en_ar" in result.stderr
    assert "install them with: corpus models install ar en fr" in result.stderr
    assert (work / "002_f3321088fa17899b.en.txt").exists()


def test_translate_text_and_device_errors(installed, monkeypatch) -> None:
    result = invoke("translate", "--text", "Le président a parlé.", "--from", "fr", "--to", "ar")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    result = invoke("translate", "--text", "x", "--from", "fr", "--to", "en", "--device", "cuda")
    assert result.exit_code == 3
    assert "no usable CUDA GPU" in result.stderr and result.stderr.count("\n") == 1
    result = invoke("translate", "--text", "x", "--from", "fr", "--to", "en", "--device", "tpu")
    assert result.exit_code == 2 and "device must be one of" in result.stderr
    result = invoke("translate", "--text", "x", "--from", "de", "--to", "en")
    assert result.exit_code == 3 and "corpus models install de en" in result.stderr
