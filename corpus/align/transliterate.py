"""Consonant skeletons that let a name written in Arabic meet the same name in Latin script.

News in Arabic spells foreign names phonetically: فيسبوك is Facebook, مايكروسوفت is Microsoft,
سان فرانسيسكو is San Francisco. Without machine translation these names are the strongest anchors
between an Arabic article and its French or English counterpart, but they share no characters.
Both spellings reduce to nearly the same sequence of consonant *classes* once vowels (and the
Arabic letters that write them: ا و ي) are dropped and sounds that Arabic merges (p/b, v/f,
g/j, c/k/q) share a class: Facebook → FSBK, فيسبوك → FSBK. The classes are coarse on purpose;
short skeletons collide by chance, so only skeletons of `MIN_CONSONANTS` or more classes are keys.
"""

from __future__ import annotations

import itertools
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np
import regex

MIN_CONSONANTS = 3

_ARABIC_CLASSES = {
    "ب": "B", "پ": "B",
    "ت": "T", "ط": "T", "ث": "T",
    "د": "D", "ض": "D", "ذ": "D", "ظ": "D",
    "ج": "G", "غ": "G", "گ": "G",
    "ك": "K", "ق": "K", "خ": "K", "ک": "K",
    "س": "S", "ص": "S", "ش": "S", "ز": "S", "چ": "S", "ژ": "S",
    "ف": "F", "ڤ": "F",
    "ل": "L", "م": "M", "ن": "N", "ر": "R",
}
# Clitics written onto an Arabic word: "and", "the", "by/with the", "for the". A name can start
# with the same letters (فيسبوك), so the bare word is always kept as a key as well.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل")
# Latin digraphs before single letters; c and g follow the soft/hard rule of most European names.
_LATIN_DIGRAPHS = {"ph": "F", "th": "T", "sh": "S", "ch": "S", "ck": "K", "qu": "K", "gh": "G"}
_LATIN_SINGLE = {
    "b": "B", "p": "B", "t": "T", "d": "D", "g": "G", "j": "G", "k": "K", "q": "K",
    "s": "S", "z": "S", "f": "F", "v": "F", "l": "L", "m": "M", "n": "N", "r": "R",
    "x": "KS",
}
_SOFT_BEFORE = frozenset("eiy")
_ARABIC_WORD = regex.compile(r"\p{Script=Arabic}+")
_LATIN_NAME = regex.compile(r"\b\p{Lu}[\p{Script=Latin}\p{M}]+\b")


def _collapse(classes: str) -> str:
    """Merge runs of one class: doubled letters (tt) and Arabic shadda-free spellings agree."""
    out: list[str] = []
    for ch in classes:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def arabic_skeleton(word: str) -> str:
    """Consonant classes of an Arabic word (vowel letters, hamza, ع ح ه dropped)."""
    return _collapse("".join(_ARABIC_CLASSES.get(ch, "") for ch in word))


def latin_skeleton(word: str) -> str:
    """Consonant classes of a Latin-script word (vowels, h, w, y dropped; soft c is S)."""
    letters = "".join(ch for ch in unicodedata.normalize("NFD", word.casefold())
                      if "a" <= ch <= "z")
    out: list[str] = []
    i = 0
    while i < len(letters):
        pair = letters[i:i + 2]
        if pair in _LATIN_DIGRAPHS:
            out.append(_LATIN_DIGRAPHS[pair])
            i += 2
            continue
        ch = letters[i]
        if ch == "c":
            out.append("S" if letters[i + 1:i + 2] in _SOFT_BEFORE and i + 1 < len(letters)
                       else "K")
        else:
            out.append(_LATIN_SINGLE.get(ch, ""))
        i += 1
    return _collapse("".join(out))


def _arabic_forms(word: str) -> set[str]:
    forms = {word}
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.add(word[len(prefix):])
    return forms


def name_keys(text: str) -> set[str]:
    """Skeleton keys of the names a sentence may contain, in either script.

    Arabic: every word (with and without its clitics) and every pair of adjacent words, since
    Arabic often splits a name that Latin writes as one word (سناب شات / Snapchat). Latin: the
    capitalised words and adjacent pairs of them (San Francisco / سان فرانسيسكو, one Arabic
    word pair either way). Keys shorter than `MIN_CONSONANTS` classes are dropped.
    """
    keys: set[str] = set()
    arabic = _ARABIC_WORD.findall(text)
    for word in arabic:
        keys.update(arabic_skeleton(form) for form in _arabic_forms(word))
    for first, second in itertools.pairwise(arabic):
        keys.add(arabic_skeleton(first) + arabic_skeleton(second))
    names = list(_LATIN_NAME.finditer(text))
    keys.update(latin_skeleton(m.group()) for m in names)
    keys.update(latin_skeleton(a.group()) + latin_skeleton(b.group())
                for a, b in itertools.pairwise(names)
                if not text[a.end():b.start()].strip())
    return {key for key in keys if len(key) >= MIN_CONSONANTS}


def name_key_rows(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, 32-bit key) pairs of every sentence's name keys, rows sorted, for a vector channel.

    CRC-32 of the skeleton is a stable key: the same name gets the same key in every run.
    """
    rows: list[int] = []
    keys: list[int] = []
    for row, text in enumerate(texts):
        for key in sorted(name_keys(text)):
            rows.append(row)
            keys.append(zlib.crc32(key.encode("ascii")))
    return np.array(rows, dtype=np.int32), np.array(keys, dtype=np.uint32)
