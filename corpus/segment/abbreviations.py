"""Per-language Punkt parameters, written by hand instead of trained.

Training Punkt on one article did worse than not training (too little text to learn from), so
the parameters are lists a linguist can read and extend: abbreviations (lower case, without the
final period; a period after them never ends a sentence by itself) and sentence starters (words
that, capitalised after an abbreviation such as "Inc.", do start a new sentence).
Single letters followed by a period ("M. Macron", "J. Smith") are initials to Punkt already.
Closing punctuation is per language too: it is moved onto the sentence it closes, and French
"« " (opening, followed by a space) must not be, while German may close with "“" or "«".
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS_EN = "jan feb mar apr jun jul aug sep sept oct nov dec"
_ACRONYMS = "u.s u.s.a u.k u.n e.u d.c a.m p.m e.g i.e ph.d"

ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _words(
        "mr mrs ms dr prof sr jr st mt gen gov sen rep lt col sgt capt rev hon "
        "inc ltd corp co bros vs etc approx vol pp fig dept univ ave blvd "
        f"{_MONTHS_EN} {_ACRONYMS}"
    ),
    "fr": _words(
        "m mm mme mmes mlle mlles dr pr me mgr st ste cf etc ex p.ex c.-à-d j.-c av apr env "
        "bd boul art chap éd vol pp fig no nº tél inc cie "
        "janv fév févr avr juil sept oct nov déc "
        f"{_ACRONYMS}"
    ),
    "de": _words(
        "dr prof hr fr bzw ca d.h usw u.a z.b z.t vgl nr st abs bd evtl ggf inkl sog geb gegr "
        "mio mrd jh jan feb febr aug sept okt nov dez "
        f"{_ACRONYMS}"
    ),
    # Latin-script names and acronyms are common inside Arabic news text.
    "ar": _words(f"د أ.د ص.ب {_ACRONYMS} mr mrs ms dr prof inc corp co ltd"),
}

# Abbreviations that announce a number: a full stop after them is no sentence end when a digit
# follows (`No. 5`, `p. 12`, `ca. 1950`, `art. 3`), even where the word alone may end one.
NUMBER_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _words("no nos p pp ca c vol fig figs art arts sec ch chap para nr op"),
    "fr": _words("no nos nº p pp ca env vol fig art arts chap ch al n"),
    "de": _words("nr s ca vgl abs art bd kap ziff"),
    "ar": _words("no p pp"),
}

SENTENCE_STARTERS: dict[str, frozenset[str]] = {
    "en": _words(
        "the a an he she it they we i this that these those there his her their its our "
        "but and in on at for after when while if some many one"),
    "fr": _words(
        "le la les un une il elle ils elles nous on ce cette ces mais et en dans pour "
        "après lors selon"),
    "de": _words(
        "der die das ein eine er sie es wir ich dies diese aber und in im am nach als wenn"),
    "ar": frozenset(),
}

# Words that, after a number with a period, show the number is an ordinal ("am 3. Oktober").
ORDINAL_FOLLOWERS: dict[str, frozenset[str]] = {
    "de": _words("januar jänner februar märz april mai juni juli august september oktober "
                 "november dezember jahrhundert jahrhunderts mal"),
}

_CLOSING = "\"')]}’”»"
CLOSING_PUNCTUATION: dict[str, str] = {
    "en": _CLOSING,
    "fr": _CLOSING,
    "ar": _CLOSING,
    "de": _CLOSING + "“‘«",
}
