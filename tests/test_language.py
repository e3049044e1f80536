"""`corpus.language.language_code`: the one check of every language code a user gives."""

from __future__ import annotations

import pytest

from corpus.errors import InputError
from corpus.language import ISO_639_1, language_code


def test_the_list_is_nltks_iso_639_1_table() -> None:
    """The copy must stay the installed nltk's table (imported here only: it costs seconds)."""
    from nltk.langnames import iso639short

    assert frozenset(iso639short.values()) == ISO_639_1
    assert len(ISO_639_1) == 184


@pytest.mark.parametrize(("value", "code"), [
    ("en", "en"), ("FR", "fr"), (" ar ", "ar"), ("fi", "fi"), ("zu", "zu"), ("ckb", "ckb"),
    ("und", "und"),
])
def test_codes_are_accepted_in_lower_case(value: str, code: str) -> None:
    assert language_code(value, "--lang") == code


@pytest.mark.parametrize("value", ["english", "xx", "zz", "qq", "e", "", " ", "en-GB", "en_US",
                                   "zh-Hant", "e1", "ñu", "fran", 3, None])
def test_anything_else_is_one_line_naming_the_option(value: object) -> None:
    with pytest.raises(InputError) as caught:
        language_code(value, "--src-lang")
    assert str(caught.value) == (f"--src-lang: {value!r} is not a language code (ISO 639-1, "
                                 "e.g. en, fr, ar)")


def test_a_file_is_named_first() -> None:
    with pytest.raises(InputError) as caught:
        language_code("xx", "documents.a.lang", "in/corpus.json")
    assert caught.value.path == "in/corpus.json"
    assert str(caught.value).startswith("in/corpus.json: documents.a.lang: 'xx' is not")
