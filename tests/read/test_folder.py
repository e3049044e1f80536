import json
import os

import pytest

from corpus.errors import InputError
from corpus.read import read_folder
from corpus.read.folder import article_files
from tests.conftest import SEEDS


def make_folder(tmp_path):
    (tmp_path / "a_en.txt").write_text("The meeting is on Friday. Everyone will come.\n",
                                       encoding="utf-8")
    (tmp_path / "b_fr.txt").write_bytes("La réunion a lieu vendredi. Tout le monde vient.\n"
                                        .encode("cp1252"))
    (tmp_path / "c_bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "d_empty.txt").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text("Hidden file text here.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("Nested file text here.", encoding="utf-8")
    return tmp_path


def test_bad_files_are_recorded_and_others_read(tmp_path) -> None:
    result = read_folder(make_folder(tmp_path))
    assert [d.id for d in result.documents] == ["a_en", "b_fr"]
    assert [d.lang for d in result.documents] == ["en", "fr"]
    assert [e.path for e in result.errors] == [str(tmp_path / "c_bad.txt"),
                                               str(tmp_path / "d_empty.txt")]
    assert result.manifest is None


def test_strict_raises_the_first_error(tmp_path) -> None:
    with pytest.raises(InputError, match="PNG image"):
        read_folder(make_folder(tmp_path), strict=True)


def test_manifest_language_overrides_detection(tmp_path) -> None:
    folder = make_folder(tmp_path)
    (folder / "corpus.json").write_text(json.dumps({
        "documents": {"a_en": {"lang": "de"}},
        "pairs": {"force": [["a_en", "b_fr"]]},
    }), encoding="utf-8")
    result = read_folder(folder)
    assert [d.lang for d in result.documents] == ["de", "fr"]
    assert result.manifest is not None
    assert result.manifest.force_pairs == (("a_en", "b_fr"),)
    assert "corpus" not in [d.id for d in result.documents]


def test_lang_argument_beats_the_manifest(tmp_path) -> None:
    folder = make_folder(tmp_path)
    (folder / "corpus.json").write_text('{"documents": {"a_en": {"lang": "de"}}}',
                                        encoding="utf-8")
    assert {d.lang for d in read_folder(folder, lang="en").documents} == {"en"}


def test_manifest_naming_an_absent_document_is_an_error(tmp_path) -> None:
    folder = make_folder(tmp_path)
    (folder / "corpus.json").write_text('{"documents": {"zz": {"lang": "de"}}}',
                                        encoding="utf-8")
    with pytest.raises(InputError, match="documents: no document zz in the folder"):
        read_folder(folder)


def test_duplicate_ids_report_the_second_file(tmp_path) -> None:
    (tmp_path / "a.md").write_text("First text is here.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Second text is here.", encoding="utf-8")
    result = read_folder(tmp_path)
    assert [d.source for d in result.documents] == [str(tmp_path / "a.md")]
    assert len(result.errors) == 1
    assert "duplicate document id 'a'" in str(result.errors[0])
    assert result.errors[0].path == str(tmp_path / "a.txt")


def test_ids_that_only_case_or_normalisation_tell_apart_are_refused(tmp_path) -> None:
    # Outputs are named after ids: on macOS and Windows these pairs would be one file.
    (tmp_path / "Report.txt").write_text("First text is here.", encoding="utf-8")
    (tmp_path / "report.txt").write_text("Second text is here.", encoding="utf-8")
    (tmp_path / "caf\u00e9.txt").write_text("Third text is here.", encoding="utf-8")
    (tmp_path / "cafe\u0301.txt").write_text("Fourth text is here.", encoding="utf-8")
    result = read_folder(tmp_path)
    assert len(result.documents) == 2 and len(result.errors) == 2
    assert all("only in letter case or Unicode normalisation" in str(e) for e in result.errors)


def test_folder_without_articles_is_an_error(tmp_path) -> None:
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    (tmp_path / "corpus.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="no article files"):
        read_folder(tmp_path)


def test_missing_folder_and_file_instead_of_folder(tmp_path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        read_folder(tmp_path / "absent")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder"):
        read_folder(tmp_path / "f.txt")


def test_seeds_folder() -> None:
    result = read_folder(SEEDS)
    assert result.errors == ()
    assert [d.lang for d in result.documents] == ["ar", "ar", "fr", "en", "en"]
    assert [d.id for d in result.documents] == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_a_bad_lang_is_refused_before_any_file_is_read(tmp_path) -> None:
    """Not once per file (every article failing to read), and not `''` read as no language."""
    folder = make_folder(tmp_path)
    for bad in ("english", "xx", ""):
        with pytest.raises(InputError, match=f"^lang: '{bad}' is not a language code"):
            read_folder(folder, lang=bad)


def test_a_bad_manifest_language_names_the_manifest(tmp_path) -> None:
    folder = make_folder(tmp_path)
    (folder / "corpus.json").write_text('{"documents": {"a_en": {"lang": "xx"}}}',
                                        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_folder(folder)
    assert caught.value.path == str(folder / "corpus.json")
    assert caught.value.message == ("documents.a_en.lang: 'xx' is not a language code "
                                    "(ISO 639-1, e.g. en, fr, ar)")


@pytest.mark.parametrize(("manifest", "line"), [
    ({"documents": {"zz": {"lang": "de"}, "a_en": {"lang": "en"}, "yy": {}}},
     "documents: no document yy, zz in the folder"),
    ({"pairs": {"force": [["a_en", "nope"]]}}, "pairs.force: no document nope in the folder"),
    ({"pairs": {"forbid": [["sub", ".hidden"]]}},
     "pairs.forbid: no document .hidden, sub in the folder"),
    # A file that is in the folder but cannot be read is a document: its own error says why.
    ({"pairs": {"force": [["a_en", "c_bad"]], "forbid": [["b_fr", "d_empty"]]}}, None),
], ids=["documents", "force", "forbid", "unreadable"])
def test_manifest_ids_are_checked_against_the_file_names_before_reading(
        tmp_path, monkeypatch, manifest: dict, line: str | None) -> None:
    folder = make_folder(tmp_path)
    (folder / "corpus.json").write_text(json.dumps(manifest), encoding="utf-8")
    if line is None:
        assert len(read_folder(folder).errors) == 2
        return

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("an article was read before the manifest was checked")

    monkeypatch.setattr("corpus.read.folder.read_document", never)
    with pytest.raises(InputError) as caught:
        read_folder(folder)
    assert str(caught.value) == f"{folder / 'corpus.json'}: {line}"


def test_a_folder_of_subfolders_names_them_in_its_error(tmp_path) -> None:
    """It said only "no article files in this folder" when the articles were one level down."""
    for sub in ("2021", "2020", ".git"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text("Some text here.", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    with pytest.raises(InputError) as caught:
        read_folder(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: no article files in this folder; 2 subfolder(s) skipped (2020, 2021): "
        "articles are read from the folder itself, not from its subfolders; 1 hidden or "
        "editor backup file(s) skipped")


def test_editor_backups_are_not_articles(tmp_path) -> None:
    """`a.txt~` was read as a second article, the same text as `a.txt`."""
    (tmp_path / "a.txt").write_text("The meeting is on Friday.", encoding="utf-8")
    for name in ("a.txt~", "#a.txt#", "a.txt.swp", ".a.txt.swp"):
        (tmp_path / name).write_text("The meeting is on Friday.", encoding="utf-8")
    (tmp_path / "#1 story.txt").write_text("A story.", encoding="utf-8")
    assert [p.name for p in article_files(tmp_path)] == ["#1 story.txt", "a.txt"]


def test_a_file_name_that_is_not_utf8_is_refused_naming_it(tmp_path) -> None:
    """`caf\\xe9.txt` beside `caf.txt`: TMX and TEI dropped the byte (two documents `caf`),
    XCES escaped it (`caf_udce9_`). Ids come from file names and go into every output."""
    (tmp_path / "caf.txt").write_text("The meeting is on Friday.", encoding="utf-8")
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_text("La r\u00e9union est vendredi.",
                                                        encoding="utf-8")
    (tmp_path / "x\x01.txt").write_text("Die Sitzung ist am Freitag.", encoding="utf-8")
    result = read_folder(tmp_path)
    assert [d.id for d in result.documents] == ["caf"]
    assert sorted(str(e) for e in result.errors) == [
        f"{tmp_path}/caf\\xe9.txt: file name is not valid UTF-8 (byte 0xE9): rename the file "
        "(its name is the document's id, written into every output)",
        f"{tmp_path}/x\\x01.txt: file name holds a control or noncharacter (U+0001): rename "
        "the file (its name is the document's id, written into every output)",
    ]
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_folder(tmp_path, strict=True)


def test_a_pipe_in_the_folder_is_reported_not_skipped_or_waited_on(tmp_path) -> None:
    for seed in SEEDS.glob("00[23]_*.txt"):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer
    result = read_folder(tmp_path)
    assert len(result.documents) == 2
    (error,) = result.errors
    assert str(error).endswith("pipe.txt: not a regular file (a pipe, socket or device)")
