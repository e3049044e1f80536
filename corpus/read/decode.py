"""Bytes → text: find the encoding of an article file, or say clearly why it is not text.

News archives mix UTF-8 (with or without BOM), UTF-16 from Windows tools (with or without BOM) and
legacy code pages, mostly Windows-1256 (Arabic) and Windows-1252/Latin-1 (French, English). The
order of checks goes from certain to heuristic: magic numbers of binary formats, byte-order marks,
a NUL-byte pattern for BOM-less UTF-16, UTF-8 (with a few damaged bytes replaced, and a warning),
then the legacy code pages: 1256 or 1252/Latin-1 when one of them plainly reads the bytes as text,
otherwise whatever code page the charset-normalizer detector finds.
"""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass

import regex

from corpus.errors import InputError, InputWarning

# Signatures of files that are commonly renamed or dropped into an input folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "executable"),
)

# (BOM, codec for the bytes after it, codec name reported: Python's name for "with BOM").
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# C0/C1 control characters that never occur in running text (tab, newline, CR, FF, VT allowed).
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# More than this share of control characters means the bytes are not text in that encoding.
MAX_CONTROL_SHARE = 0.01

# Valid non-ASCII UTF-8 characters per invalid byte from which a file is damaged UTF-8. A legacy
# file forms valid UTF-8 only by accident: at most 0.3 per invalid byte in GBK, Shift_JIS and
# EUC-KR articles, 0.01 in Arabic and Russian ones (the cases of tests/read/test_decode.py).
UTF8_MAJORITY = 1.0
# A Windows-1252 reading whose letters are more than this share non-ASCII is another script
# (Cyrillic, Greek, Hebrew: nearly all their letters fall on 0xC0-0xFF); French runs at 3-5 %.
MAX_ACCENTED_SHARE = 0.5
# The code-page heuristics and the detector read at most this many bytes, from the line where
# the first non-ASCII byte is: the decision takes bounded time on any file.
SAMPLE_BYTES = 1 << 14

_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
_C1_BYTE = re.compile(rb"[\x80-\x9f]")  # printable in Windows-1252, controls in Latin-1
_HIGH_BYTES = bytes(range(0x80, 0x100))
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")
# A Latin and an Arabic letter (or haraka) in one word, in either order. The letters between
# exclude the first one's script, so each start scans one run: linear time.
_MIXED_WORD = regex.compile(r"\p{Latin}[\p{L}\p{M}--\p{Latin}]*\p{scx=Arabic}"
                            r"|\p{scx=Arabic}[\p{L}\p{M}--\p{scx=Arabic}]*\p{Latin}", regex.V1)
# Two or more Arabic letters (or harakat) in a row: a word, not a stray accented capital.
_ARABIC_RUN = regex.compile(r"[\p{scx=Arabic}&&[\p{L}\p{M}]]{2,}", regex.V1)
_SYMBOL_IN_WORD = regex.compile(r"\p{L}[\p{S}\p{No}]\p{L}")  # Rz±d, og³osi³, d\ufffdue


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes and the name of the encoding that was used."""

    text: str
    encoding: str


def decode_bytes(data: bytes, path: str | None = None) -> Decoded:
    """Decode an article file's bytes, or raise `InputError` naming what the file really is.

    UTF-8 with a few invalid bytes is read with U+FFFD in their place and an `InputWarning`.
    """
    if not data:
        raise InputError("empty file", path)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({kind}), not text", path)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            # After a UTF-8 BOM, bytes that are not UTF-8 are damage, not another encoding.
            return _checked(data, codec, path, start=len(bom), name=name,
                            repair=codec == "utf-8")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(data, utf16, path)
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text", path)
    if _mostly_utf8(data):
        return _checked(data, "utf-8", path, repair=True)
    sample = _sample(data)
    return _checked(data, _legacy_encoding(data, sample) or _detected(sample, path), path)


def _checked(data: bytes, encoding: str, path: str | None, *, start: int = 0,
             name: str | None = None, repair: bool = False) -> Decoded:
    """Decode `data[start:]` strictly, or with `repair` replace the bytes that are not
    `encoding` by U+FFFD and warn; reject results full of control characters. Byte positions in
    messages count from the start of the file."""
    body = data[start:]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"at byte {start + exc.start}"
        if not repair:
            raise InputError(f"cannot decode as {encoding}: {exc.reason} {where}", path) from None
        text = body.decode(encoding, "replace")
        label = encoding.upper()
        warnings.warn(InputWarning(f"invalid {label} {where} in an otherwise {label} file: read "
                                   "with U+FFFD in place of the bad bytes (damaged file? re-save "
                                   f"it as {label})", path), stacklevel=3)
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"binary or undecodable file (control bytes when read as {encoding})",
                         path)
    return Decoded(text, name or encoding)


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by where its NUL bytes fall.

    Latin text in UTF-16 has a NUL as every high byte; Arabic text still has NUL high bytes on
    every space, digit and newline. So NULs gathered on one parity mean UTF-16 of that byte order.
    """
    if len(data) < 2 or len(data) % 2 or b"\x00" not in data:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2
    if odd > 0.1 * pairs and even == 0:
        return "utf-16-le"
    if even > 0.1 * pairs and odd == 0:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8, or UTF-8 with a few damaged bytes.

    A legacy code page forms valid multi-byte UTF-8 only by accident (an accented letter is
    followed by ASCII, Arabic letters are not continuation bytes), so a file with at least as
    many valid multi-byte characters as invalid bytes is UTF-8 with some damage (or a few
    characters pasted in another encoding): read as a code page it would be all mojibake.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        valid = data.decode("utf-8", "ignore")  # an invalid byte: dropped here, one escape below
        bad = len(data.decode("utf-8", "surrogateescape")) - len(valid)
        multibyte = len(valid) - len(valid.encode("ascii", "ignore"))
        return multibyte >= UTF8_MAJORITY * bad
    return True


def _legacy_encoding(data: bytes, sample: bytes) -> str | None:
    """Windows-1256, Windows-1252 or Latin-1 when one of them plainly reads `sample` (of `data`)
    as Arabic or Western text; None when neither does (another code page: ask the detector).

    Windows-1256 keeps the French lower-case accented letters where Windows-1252 has them, so
    French text reads the same in both; Arabic text, though, turns almost entirely into Arabic
    words under 1256. Bytes 0x80-0x9F are printable in 1252 but controls in Latin-1, so Latin-1
    is named only when none occur (then both decode identically).
    """
    if _plainly_arabic(sample.decode("cp1256")):
        return "cp1256"
    if _plainly_western(sample.decode("cp1252", "replace")):  # undefined bytes: U+FFFD
        # The undefined bytes then make the strict decode fail: "cannot decode as cp1252".
        return "cp1252" if _C1_BYTE.search(data) else "iso-8859-1"
    return None


def _plainly_arabic(text: str) -> bool:
    """Arabic words (two letters or more) hold at least half of the non-ASCII letters, and no
    word mixes Arabic and Latin letters (Russian, German or Czech read as 1256: `Maكnahmen`)
    nor holds a symbol. French `À` or Italian `È` alone turn into a one-letter Arabic word."""
    if _SYMBOL_IN_WORD.search(text) or _MIXED_WORD.search(text):
        return False
    arabic = sum(map(len, _ARABIC_RUN.findall(text)))
    return arabic > 0 and arabic >= 0.5 * _non_ascii_letters(text)


def _plainly_western(text: str) -> bool:
    """Few accented letters (Russian, Greek or Hebrew read as 1252 are nearly all accented) and
    no symbol inside a word (Polish ISO-8859-2 read as Latin-1: `Rz±d`)."""
    return (_non_ascii_letters(text) <= MAX_ACCENTED_SHARE * sum(map(str.isalpha, text))
            and not _SYMBOL_IN_WORD.search(text))


def _non_ascii_letters(text: str) -> int:
    return sum(map(str.isalpha, _NON_ASCII_CHAR.findall(text)))


def _detected(sample: bytes, path: str | None) -> str:
    """The code page charset-normalizer finds for `sample` (Cyrillic, Greek, CJK, Hebrew...).

    A maintained detector of every code page Python has a codec for, ranking decodings by how
    little mess and how much of a language they give. It is asked only here: between 1256, 1252
    and Latin-1 its guesses on short articles are not stable (English cp1252 came out as
    mac-iceland, a French sentence as cp1250).
    """
    from charset_normalizer import from_bytes  # 0.15 s to import: only for such files

    best = from_bytes(sample).best()
    if best is None:
        raise InputError("unknown encoding: not UTF-8, and no code page reads it as text "
                         "(re-save it as UTF-8)", path)
    return codecs.lookup(best.encoding).name


def _sample(data: bytes) -> bytes:
    """At most `SAMPLE_BYTES` from the start of the line with the first non-ASCII byte, cut
    after an ASCII byte: that ends a character in every ASCII-compatible encoding."""
    first = _NON_ASCII_BYTE.search(data)
    start = data.rfind(b"\n", 0, first.start()) + 1 if first else 0
    sample = data[start:start + SAMPLE_BYTES]
    if start + SAMPLE_BYTES < len(data):
        sample = sample.rstrip(_HIGH_BYTES) or sample
    return sample
