import json
import zipfile
from pathlib import Path

import pytest

from corpus.errors import InputError
from corpus.translate import install_from_file, installed_packages, packages_dir, remove_package
from corpus.translate.packages import find_packages, is_argos_language, unusable_folders


def test_install_list_and_argostranslate_sees_it(argosmodels) -> None:
    package = install_from_file(argosmodels["en", "fr"])
    assert (package.source, package.target, package.version) == ("en", "fr", "1.0")
    assert package.path.parent == packages_dir()
    assert [p.name for p in installed_packages()] == ["translate-en_fr"]
    assert package.size_bytes > 10_000
    from argostranslate.package import Package, get_installed_packages

    argos = Package(package.path)
    assert argos.tokenizer.encode("The news.")
    assert [(p.from_code, p.to_code) for p in get_installed_packages([packages_dir()])] == [
        ("en", "fr")]
    # no staging folders are left behind
    assert not [p for p in packages_dir().parent.iterdir() if p.name.startswith(".corpus")]


def test_reinstall_replaces_and_remove_deletes(argosmodels) -> None:
    install_from_file(argosmodels["en", "fr"])
    package = install_from_file(argosmodels["en", "fr"])
    assert len(installed_packages()) == 1
    remove_package(package)
    assert installed_packages() == []
    assert list(packages_dir().iterdir()) == []


def _rewrite(source: Path, target: Path, edit) -> Path:
    """Copy an .argosmodel, letting `edit(name, data)` rename/alter/drop (None) members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            result = edit(info.filename, src.read(info))
            if result is not None:
                dst.writestr(result[0], result[1])
    return target


def _metadata(change):
    def edit(name, data):
        if name.endswith("metadata.json"):
            meta = json.loads(data)
            change(meta)
            return name, json.dumps(meta)
        return name, data
    return edit


@pytest.mark.parametrize(("edit", "message"), [
    (lambda n, d: (n.replace("translate-en_fr-1_0/", "../"), d), "leaves its folder"),
    (lambda n, d: ("/" + n, d), "absolute path"),
    (lambda n, d: (n.replace("translate-en_fr-1_0/", "a/") if "model/" in n else n, d),
     "exactly one top folder"),
    (lambda n, d: None if n.endswith("metadata.json") else (n, d), "no translate-en_fr"),
    (lambda n, d: None if n.endswith("model.bin") else (n, d), "model/model.bin"),
    (lambda n, d: None if n.endswith("sentencepiece.model") else (n, d), "no tokenizer"),
    (lambda n, d: (n, b"{not json") if n.endswith("metadata.json") else (n, d),
     "not valid JSON"),
    (_metadata(lambda m: m.update(from_code="de")), "says de→fr"),
    (_metadata(lambda m: m.update(to_code="en")), "into itself"),
    (_metadata(lambda m: m.pop("to_code")), "no valid to_code"),
    (_metadata(lambda m: m.update(type="sbd")), "not a translation package"),
    (_metadata(lambda m: m.update(package_version={"major": 1})), "package_version that is not"),
    (_metadata(lambda m: m.update(target_prefix=5)), "target_prefix that is not a string"),
    (lambda n, d: (n.replace("translate-en_fr-1_0/", ".hidden/"), d), "is hidden"),
])
def test_refuses_bad_packages(argosmodels, tmp_path, edit, message) -> None:
    bad = _rewrite(argosmodels["en", "fr"], tmp_path / "translate-en_fr.argosmodel", edit)
    with pytest.raises(InputError, match=message) as caught:
        install_from_file(bad)
    assert str(bad) in str(caught.value)
    assert installed_packages() == []


def test_refuses_non_zip_and_missing_file(tmp_path) -> None:
    fake = tmp_path / "x.argosmodel"
    fake.write_bytes(b"PK not really")
    with pytest.raises(InputError, match="zip archive"):
        install_from_file(fake)
    with pytest.raises(InputError, match="no such file"):
        install_from_file(tmp_path / "absent.argosmodel")


def test_refuses_symlink_member(argosmodels, tmp_path) -> None:
    bad = tmp_path / "link.argosmodel"
    with zipfile.ZipFile(argosmodels["en", "fr"]) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        link = zipfile.ZipInfo("translate-en_fr-1_0/evil")
        link.external_attr = (0o120777 << 16)
        dst.writestr(link, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        install_from_file(bad)


def test_damaged_archive_is_one_error_and_leaves_nothing(argosmodels, tmp_path) -> None:
    """`is_zipfile` only reads the central directory: a member damaged inside (a flipped byte,
    a bad download) shows only when it is read, and was a BadZipFile traceback."""
    data = bytearray(argosmodels["en", "fr"].read_bytes())
    with zipfile.ZipFile(argosmodels["en", "fr"]) as zf:
        model = zf.getinfo("translate-en_fr-1_0/model/model.bin")
    start = model.header_offset + 30 + len(model.filename) + len(model.extra)
    for k in range(start + 1000, start + 1064):
        data[k] ^= 0xFF
    bad = tmp_path / "translate-en_fr.argosmodel"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputError, match="damaged archive") as caught:
        install_from_file(bad)
    assert str(bad) in str(caught.value)
    assert not packages_dir().exists() or list(packages_dir().iterdir()) == []
    assert not [p for p in packages_dir().parent.iterdir() if p.name.startswith(".corpus")]


def test_a_folder_without_a_model_is_not_installed(argosmodels) -> None:
    """A half-copied package (metadata, no model) used to be listed and, being newer, chosen
    over the sound one; translating then failed with a traceback."""
    good = install_from_file(argosmodels["en", "fr"])
    half = packages_dir() / "translate-en_fr-9_0"
    half.mkdir()
    (half / "metadata.json").write_text(json.dumps(
        {"from_code": "en", "to_code": "fr", "package_version": "9.0"}))
    assert installed_packages() == [good]
    assert unusable_folders() == [(half, "no model/model.bin")]


def test_find_packages_by_any_of_their_names(argosmodels) -> None:
    fr_en = install_from_file(argosmodels["fr", "en"])
    en_fr = install_from_file(argosmodels["en", "fr"])
    (packages_dir() / "leftover").mkdir()
    found = find_packages(["fr_en", "translate-fr_en", "en-fr", "leftover", "de_en"])
    assert found.packages == (fr_en, en_fr)  # each once, however many names pick it
    assert found.unusable == (packages_dir() / "leftover",)
    assert found.unknown == ("de_en",)
    assert find_packages([fr_en.path.name]).packages == (fr_en,)


def test_argos_language_codes() -> None:
    assert all(map(is_argos_language, ["en", "ast", "pt_BR", "zh-Hant"]))
    assert not any(map(is_argos_language, ["", "fr/x", "EN", "english", "en_"]))
