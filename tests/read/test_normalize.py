import unicodedata

from corpus.read import normalize_text


def test_line_endings_become_newlines() -> None:
    assert normalize_text("a\r\nb\rc\u2028d\ne") == "a\nb\nc\nd\ne"


def test_xml_illegal_characters_are_dropped_but_tab_and_newline_kept() -> None:
    assert normalize_text("a\x00b\x07c\x1bd\tx\ny\ufffe\ufeffz\x85") == "abcd\tx\nyz\n"


def test_text_is_composed_to_nfc() -> None:
    decomposed = "e\u0301te\u0301"  # été written with combining acute accents
    assert normalize_text(decomposed) == "été"
    assert unicodedata.is_normalized("NFC", normalize_text(decomposed))


def test_arabic_tanween_and_text_are_untouched() -> None:
    text = "اجتماعًا خاصًا؟ نعم."
    assert normalize_text(text) == unicodedata.normalize("NFC", text)
