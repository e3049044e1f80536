"""Pure text features shared by the sentence aligner and document pairing.

Every function takes plain text and returns plain Python values, so they work for any script
(Latin, Arabic, ...) and can be reused for document-level similarity. Matching is done on a
*normalised* form: NFKC, case-folded, accents and Arabic diacritics stripped, digits of every
script written as ASCII digits (`٢٠١٨` is `2018`), anything that is not a letter, mark or digit
turned into a single space. That makes OCR noise, mixed case and tokenised punctuation
(`l' homme`, `( BO )`) compare equal to clean text, and a year in Arabic-Indic digits meet the
same year in a Latin-script text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex

_MARKS = regex.compile(r"\p{M}+")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_NON_ASCII_DIGIT = regex.compile(r"[\p{Nd}--[0-9]]", flags=regex.V1)
_NUMBER = regex.compile(r"\p{Nd}+(?:[.,'’\u202f\u00a0 ]\p{Nd}{3})*(?:[.,]\p{Nd}+)?")
# A name ends where Latin letters do, not at a word boundary: in Chinese or Japanese a name is
# written against the characters around it (`Facebook网络安全`), all of them word characters.
_LATIN_NAME = regex.compile(r"(?<![\p{Script=Latin}\p{M}\p{N}])"
                            r"(?:\p{Lu}[\p{Ll}\p{Lu}\p{M}'’-]{1,}|\p{Lu}{2,})"
                            r"(?![\p{Script=Latin}\p{M}\p{N}])")
_CASED = regex.compile(r"\p{LC}")
_LETTER = regex.compile(r"\p{L}")
_LATIN = regex.compile(r"^[\p{Script=Latin}\p{M}'’-]+$")
# Code point ranges of the scripts written without spaces between words: kana and the CJK
# ideographs (Unified, Extension A, Compatibility, Extensions B and later). In them a space-
# delimited "word" is a whole clause, which no other text shares; each character counts as a
# word instead (character unigrams, the usual baseline of Chinese and Japanese retrieval).
UNSPACED_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                   (0x20000, 0x3134F))
_TOKEN = regex.compile("[{0}]|[^\\s{0}]+".format(
    "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in UNSPACED_RANGES)))


def strip_marks(text: str) -> str:
    """Remove combining marks (accents, Arabic harakat) after canonical decomposition."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def _fold(text: str) -> str:
    folded = strip_marks(unicodedata.normalize("NFKC", text).casefold())
    # The regex module's Unicode may be newer than unicodedata's: unknown digits stay as they are.
    folded = _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), m.group())), folded)
    return _NON_WORD.sub(" ", folded)


def normalize(text: str) -> str:
    """Case-folded, mark-free text where every run of non-letters/digits is one space."""
    return _fold(text).strip()


def normalize_all(texts: Sequence[str]) -> list[str]:
    """`normalize` of every text, by a table of each distinct character's folded form.

    Folding works character by character: whatever NFKC composes, the NFD of `strip_marks`
    takes apart again and the marks go, so a text folds to its characters' folds joined
    (checked against `normalize` on random Unicode, tests/align/test_features.py). One
    `str.translate` a text is twice as fast as the three regex and normalisation passes, and
    the aligner normalises four sides of 8,000 sentences for one long document.
    """
    table = {ord(c): _fold(c) for c in set("".join(texts))}
    return [" ".join(t.translate(table).split()) for t in texts]


def tokens(text: str) -> list[str]:
    """Normalised word tokens (letters, marks and digits of any script); in Chinese and
    Japanese script every character is a token (`UNSPACED_RANGES`)."""
    return _TOKEN.findall(normalize(text))


def numbers(text: str) -> list[str]:
    """Numbers as digit strings: Arabic-Indic digits mapped to ASCII, thousands separators dropped.

    `1 000`, `1,000`, `1.000` and `١٠٠٠` all give `1000`; a decimal part is kept after a `.`.
    """
    out = []
    for match in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        digits = "".join(
            str(unicodedata.digit(ch)) if ch.isdigit() else ("." if ch in ".," else "")
            for ch in match.group()
        )
        parts = digits.split(".")
        if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
            digits = "".join(parts)  # grouping separators, not a decimal point
        elif len(parts) > 1:
            digits = "".join(parts[:-1]) + "." + parts[-1]
        out.append(digits)
    return out


def latin_names(text: str) -> list[str]:
    """Capitalised Latin-script words and acronyms (names survive translation, even into Arabic).

    The first word of a sentence is kept only when it is an acronym, because sentence-initial
    capitals say nothing, unless the sentence goes on in a script without case (Arabic,
    Chinese): there a capital is a name wherever it stands. Returned case-folded and mark-free.
    """
    found = []
    for index, match in enumerate(_LATIN_NAME.finditer(text)):
        word = match.group()
        if not _LATIN.match(word):
            continue
        if (index == 0 and match.start() == len(text) - len(text.lstrip()) and not word.isupper()
                and _goes_on_in_case(text, match.end())):
            continue
        found.append(strip_marks(word.casefold()))
    return found


def _goes_on_in_case(text: str, start: int) -> bool:
    """Whether the first letter from `start` on is one with case (or there is none)."""
    letter = _LETTER.search(text, start)
    return letter is None or bool(_CASED.match(letter.group()))


def cognate_keys(text: str, prefix: int = 4) -> list[str]:
    """Shared-prefix keys: the first `prefix` letters of longer words, numbers whole.

    German/French and French/English cognates (`Expedition`/`expédition`, `national`/`nationale`)
    meet on these keys once case and accents are gone.
    """
    keys = []
    for token in tokens(text):
        if token.isdigit():
            keys.append(token)
        elif len(token) >= prefix:
            keys.append(token[:prefix])
    return keys


def length_chars(text: str) -> int:
    """Length in non-space characters, the unit of the length model."""
    return len("".join(text.split()))  # str.split() splits exactly at str.isspace() characters
