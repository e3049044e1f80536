import codecs

import pytest

from corpus.errors import InputError, InputWarning
from corpus.read import decode_bytes, read_document

ARABIC = "عقدت مجموعة من أكبر شركات التكنولوجيا اجتماعًا خاصًا في سان فرانسيسكو.\nوتعرضت الشركات؟"
FRENCH = "Élections : « Où est-il ? » Mme Dupont a répondu, déçue, à l'État français.\nÇa va."
ENGLISH = "The firm’s “data” cost 13,466 dollars — about €2.5 million.\nHe said so."


@pytest.mark.parametrize(("text", "encoding", "data"), [
    (ARABIC, "utf-8", ARABIC.encode("utf-8")),
    (ARABIC, "utf-8-sig", codecs.BOM_UTF8 + ARABIC.encode("utf-8")),
    (ARABIC, "cp1256", ARABIC.encode("cp1256")),
    (FRENCH, "cp1252", (FRENCH + " Œuvre…").encode("cp1252")),
    (FRENCH, "iso-8859-1", FRENCH.encode("latin-1")),
    (ENGLISH, "cp1252", ENGLISH.encode("cp1252")),
    (ARABIC, "utf-16", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le")),
    (FRENCH, "utf-16", codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be")),
    (ARABIC, "utf-16-le", ARABIC.encode("utf-16-le")),
    (ARABIC, "utf-16-be", ARABIC.encode("utf-16-be")),
    (ENGLISH, "utf-16-le", ENGLISH.encode("utf-16-le")),
    (FRENCH, "utf-16-be", FRENCH.encode("utf-16-be")),
])
def test_each_encoding_is_detected_and_decoded(text: str, encoding: str, data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.startswith(text)


def test_french_in_cp1252_is_not_mistaken_for_arabic() -> None:
    """cp1256 keeps é/è/à at the cp1252 positions; capitals like È would turn Arabic."""
    text = "À Paris, l'équipe a gagné. Être ou ne pas être. Ève était là. Très bien."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding in {"cp1252", "iso-8859-1"}


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"abc\x00\x01\x02\x03\xff\xfe\x00\x10text", "binary"),
    (b"Caf\xe9 cr\xe8me br\xfbl\xe9e \x81 menu", "cannot decode as cp1252"),
    (bytes(range(1, 32)) * 4 + b"text", "control bytes"),
])
def test_bad_bytes_are_one_clear_error(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as info:
        decode_bytes(data, "bad.txt")
    assert str(info.value).startswith("bad.txt: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n  \xc2\xa0\n", "only whitespace"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
])
def test_bad_files_raise_input_error_naming_the_file(tmp_path, name, data, problem) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=problem) as info:
        read_document(path)
    assert info.value.path == str(path)


def test_missing_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.txt")


@pytest.mark.parametrize(("data", "text", "byte"), [
    # QA's two cases: a stray Latin-1 é in UTF-8 text; curly quotes in UTF-8 around a Latin-1 é.
    (b"Valid utf8 caf\xc3\xa9 and then bad \xe9 byte. More text here.\n",
     "Valid utf8 café and then bad \ufffd byte. More text here.\n", 30),
    (b"it\xe2\x80\x99s a caf\xe9 \xe2\x80\x9cquoted\xe2\x80\x9d text.\n",
     "it’s a caf\ufffd “quoted” text.\n", 12),
    (ARABIC.encode() * 5 + b"\xff" + ARABIC.encode(), ARABIC * 5 + "\ufffd" + ARABIC,
     len(ARABIC.encode()) * 5),
    (codecs.BOM_UTF8 + b"caf\xe9 " + FRENCH.encode(), "caf\ufffd " + FRENCH, 6),
], ids=["stray-latin-1", "curly-quotes", "arabic-0xff", "after-bom"])
def test_damaged_utf8_is_read_as_utf8_with_a_warning(data: bytes, text: str, byte: int) -> None:
    with pytest.warns(InputWarning) as caught:
        decoded = decode_bytes(data, "damaged.txt")
    assert decoded.text == text
    assert decoded.encoding in {"utf-8", "utf-8-sig"}
    [warning] = caught
    assert str(warning.message) == (
        f"damaged.txt: invalid UTF-8 at byte {byte} in an otherwise UTF-8 file: read with U+FFFD "
        "in place of the bad bytes (damaged file? re-save it as UTF-8)")


@pytest.mark.parametrize(("data", "message"), [
    (b"Caf\xe9 cr\xe8me br\xfbl\xe9e \x81 menu",
     "cannot decode as cp1252: character maps to <undefined> at byte 18"),
    # The position counts the BOM: it is a byte of the file.
    (codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8",
     "cannot decode as utf-16-le: unexpected end of data at byte 6"),
])
def test_error_positions_point_at_the_bad_byte(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data)
    assert info.value.message == message
