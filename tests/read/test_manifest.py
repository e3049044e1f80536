import pytest

from corpus.errors import InputError
from corpus.read import parse_manifest, read_manifest


def test_full_manifest_is_parsed() -> None:
    manifest = parse_manifest({
        "documents": {"a": {"lang": "ar"}, "b": {}},
        "pairs": {"force": [["a", "b"]], "forbid": [["a", "c"]]},
    })
    assert manifest.langs == {"a": "ar"}
    assert manifest.force_pairs == (("a", "b"),)
    assert manifest.forbid_pairs == (("a", "c"),)


def test_malformed_json_names_the_file(tmp_path) -> None:
    path = tmp_path / "corpus.json"
    path.write_text('{"documents": {"a": {"lang": "ar"},}}', encoding="utf-8")
    with pytest.raises(InputError, match="malformed JSON") as info:
        read_manifest(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize(("raw", "problem"), [
    ([], "must be a JSON object"),
    ({"docs": {}}, "unknown manifest key"),
    ({"documents": []}, "'documents' must be an object"),
    ({"documents": {"a": "ar"}}, "documents.a must be an object"),
    ({"documents": {"a": {"lang": "Arabic"}}}, "documents.a.lang: 'Arabic' is not a language"),
    ({"documents": {"a": {"lang": "xx"}}}, "documents.a.lang: 'xx' is not a language code"),
    ({"documents": {"a": {"lang": None}}}, "documents.a.lang: null is not a language code"),
    ({"documents": {"a": {"lang": True}}}, "documents.a.lang: true is not a language code"),
    ({"pairs": []}, "'pairs' must be an object"),
    ({"pairs": {"maybe": []}}, "unknown key"),
    ({"pairs": {"force": [["a"]]}}, "two different document ids"),
    ({"pairs": {"forbid": [["a", "a"]]}}, "two different document ids"),
])
def test_invalid_manifests_are_rejected(raw, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        parse_manifest(raw, "corpus.json")


def test_a_pair_both_forced_and_forbidden_names_the_manifest() -> None:
    """Either way round: a pair has no direction in the manifest."""
    with pytest.raises(InputError) as caught:
        parse_manifest({"pairs": {"force": [["b", "a"], ["c", "d"]],
                                  "forbid": [["a", "b"], ["d", "e"], ["d", "c"]]}},
                       "in/corpus.json")
    assert str(caught.value) == ("in/corpus.json: pairs.force and pairs.forbid both name the "
                                 "pair(s) a b, c d")


def test_check_documents_names_the_key_and_the_ids() -> None:
    manifest = parse_manifest({"documents": {"a": {"lang": "fr"}},
                               "pairs": {"force": [["a", "b"]], "forbid": [["x", "a"]]}})
    manifest.check_documents({"a", "b", "x"}, "in/corpus.json")
    with pytest.raises(InputError) as caught:
        manifest.check_documents({"a", "b"}, "in/corpus.json")
    assert str(caught.value) == "in/corpus.json: pairs.forbid: no document x in the folder"


def test_an_unknown_key_of_a_document_is_refused_in_one_line() -> None:
    """`language` for `lang` was ignored: the article's language was detected instead."""
    with pytest.raises(InputError) as caught:
        parse_manifest({"documents": {"a": {"language": "fr"}}}, "in/corpus.json")
    assert str(caught.value) == ("in/corpus.json: documents.a: unknown key(s): language "
                                 "(expected 'lang')")
