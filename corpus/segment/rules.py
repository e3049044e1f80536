"""Pure rules over one line of text, expressed as cut positions.

A cut is an offset where a new sentence may start; a span is what lies between two cuts with its
surrounding whitespace left out. Working with cuts rather than strings is what keeps
segmentation lossless: rules can add or remove cuts, never characters.
"""

from __future__ import annotations

import itertools

import regex

_LINE = regex.compile(r"[^\n]+")

# A full stop, question mark or exclamation mark glued to the next Arabic word
# ("سان فرانسيسكو.وتعرضت"): the cut goes right after the mark. The mark must follow a letter,
# digit or closing quote/bracket, so "2.5" and ".NET" are left alone.
_GLUED_ARABIC = regex.compile(
    r"(?<=[\p{L}\p{M}\p{N}\p{Pf}\p{Pe}\"'][.!?؟۔]+)(?=(?=\p{Script=Arabic})\p{L})"
)
# Chinese and Japanese end a sentence with a full-width mark and start the next one without a
# space; closing quotes and brackets after the mark belong to the sentence that ends. The
# full-width full stop `．` (technical Japanese) is a decimal point before a digit.
# Letters of the scripts written without spaces (`join.py` leaves no space between them too).
CJK_LETTERS = r"\p{Han}\p{Hiragana}\p{Katakana}"
_CJK_CLOSING = "」』”’）)】〕〉》\"'"
_CJK_OPENING = "「『“‘（(【〔〈《\"'"
_CJK_END = regex.compile(
    rf"(?:[。！？｡]|．(?!\p{{N}})|[!?](?=[{_CJK_CLOSING}]*[{CJK_LETTERS}]))"
    rf"[。！？｡!?]*[{_CJK_CLOSING}]*")
# A number of one to three digits with a period, right before a cut (after its whitespace).
_ORDINAL_BEFORE = regex.compile(r"(?<![\p{N}.,])\p{N}{1,3}\.\s*$")
# The word and full stop right before a cut (after its whitespace): `p. `, `l’art. `.
_WORD_AND_STOP_BEFORE = regex.compile(r"([\p{L}\p{M}]+)\.\s*$")
# A list item's number alone before a cut: `1. ` or `2) ` opening its line.
_LIST_MARKER = regex.compile(r"\s*\p{N}{1,3}[.)]\s*$")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")
_ELLIPSIS_BEFORE_CAPITAL = regex.compile(
    r"(?<!\.)\.{3}[\p{Pe}\p{Pf}\"'»]*(?=\s+[\p{Ps}\p{Pi}\"'«]*\s*\p{Lu})")
# Opening punctuation that may precede the first letter of a sentence.
_OPENING = regex.compile(r"[\s\p{Ps}\p{Pi}\"'«‘“-]*")


def line_spans(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of `text`, each trimmed of surrounding whitespace."""
    spans = []
    for match in _LINE.finditer(text):
        start, end = trim(text, match.start(), match.end())
        if start < end:
            spans.append((start, end))
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink `start:end` so it neither begins nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def spans_from_cuts(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """Cut `text[start:end]` at `cuts` and trim each piece; empty pieces disappear."""
    bounds = [start, *sorted(c for c in set(cuts) if start < c < end), end]
    spans = []
    for left, right in itertools.pairwise(bounds):
        a, b = trim(text, left, right)
        if a < b:
            spans.append((a, b))
    return spans


def merge_marks_only(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of one line with each piece that holds no letter or digit joined to the piece
    before it (or, first on its line, to the one after): `He waited . . . Then` gave `.` and `.`
    as sentences. A line of marks alone (OCR debris) stays a segment of its own."""
    out: list[tuple[int, int]] = []
    carried: int | None = None  # start of marks-only pieces that open the line
    for start, end in spans:
        if not _LETTER_OR_DIGIT.search(text, start, end):
            if out:
                out[-1] = (out[-1][0], end)
            elif carried is None:
                carried = start
            continue
        out.append((start if carried is None else carried, end))
        carried = None
    if carried is not None:  # the whole line is marks
        out.append((carried, spans[-1][1]))
    return out


def ellipsis_cuts(text: str, start: int, end: int) -> list[int]:
    """Cuts after three full stops (and their closing marks) before a capital: `He waited...
    Then he left.` is two sentences, as with `…`, which Punkt already ends one on (it takes
    `...` for an ellipsis inside a sentence unless it has learnt the next word as a starter)."""
    return [m.end() for m in _ELLIPSIS_BEFORE_CAPITAL.finditer(text, start, end)]


def glued_arabic_cuts(text: str, start: int, end: int) -> list[int]:
    """Cuts between a sentence-final mark and an Arabic word written without a space."""
    return [m.start() for m in _GLUED_ARABIC.finditer(text, start, end)]


def cjk_cuts(text: str, start: int, end: int) -> list[int]:
    """Cuts after a Chinese or Japanese sentence-final mark (and its closing quotes)."""
    return [m.end() for m in _CJK_END.finditer(text, start, end)]


def quote_continues(text: str, cut: int, end: int) -> bool:
    """Whether a cut after a closing quote or bracket falls inside a longer sentence.

    「明日も晴れ？」と彼は聞いた。 and “好的。”他说。 are one sentence each: after a quoted
    sentence the text goes on unless a new quotation opens.
    """
    return (cut > 0 and text[cut - 1] in _CJK_CLOSING and cut < end
            and text[cut] not in _CJK_OPENING)


def starts_lowercase(text: str, cut: int, end: int) -> bool:
    """Whether the sentence that would start at `cut` begins with a lower-case letter.

    In cased scripts that means the previous full stop was not a sentence end
    ("réglementation. des législateurs"). Digits and uncased scripts do not count.
    """
    match = _OPENING.match(text, cut, end)
    position = match.end() if match else cut
    return position < end and text[position].islower()


def is_ordinal_before(text: str, cut: int, end: int, followers: frozenset[str]) -> bool:
    """Whether the cut separates an ordinal number from a word that follows ordinals.

    German writes ordinals with a period ("am 3. Oktober", "im 19. Jahrhundert"); Punkt sees a
    number ending a sentence.
    """
    word = _WORD.match(text, cut, end)
    return (word is not None and word.group().lower() in followers
            and _ORDINAL_BEFORE.search(text, max(0, cut - 8), cut) is not None)


def is_number_after_abbreviation(text: str, cut: int, end: int, words: frozenset[str]) -> bool:
    """Whether the cut separates an abbreviation that announces a number from that number:
    `No. 5`, `p. 12`, `ca. 1950`, `l’art. 3`; Punkt saw a full stop before a new sentence."""
    if cut >= end or not text[cut].isdigit():
        return False
    word = _WORD_AND_STOP_BEFORE.search(text, max(0, cut - 24), cut)
    return word is not None and word.group(1).lower() in words


def is_list_marker(text: str, cut: int) -> bool:
    """Whether all that precedes the cut on its line is a list item's number (`1. Collect…`)."""
    line_start = text.rfind("\n", 0, cut) + 1
    return _LIST_MARKER.fullmatch(text, line_start, cut) is not None


def is_single_letter_before(text: str, cut: int) -> bool:
    """Whether the word before the cut's full stop is one letter: an initial in a script
    without case (`ج. بوش`, `أ.د.`), which Punkt recognises only by its capital."""
    word = _WORD_AND_STOP_BEFORE.search(text, max(0, cut - 8), cut)
    return word is not None and len(word.group(1)) == 1
