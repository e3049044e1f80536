"""The one check of a language code the user gives: `--lang`, `--src-lang`/`--tgt-lang`,
`translate --to`/`--from`, and `documents.<id>.lang` in `corpus.json`.

A code is a BCP 47 primary language subtag, as documents carry it: two letters from ISO 639-1,
or three letters (ISO 639-2/3, for languages without a two-letter code, such as `ckb`), any case
(`EN` is `en`). No region (`en-GB`): segmentation, identification and pairing work per language,
and `corpus align --regional-codes` writes the regional codes CAT tools want. A language without
its own segmenter or identifier is still accepted (it gets the generic Latin rules), so the list
is all of ISO 639-1, not the languages the detector knows; a typo such as `xx` or `english` is
refused before any file is read, instead of surfacing as every article failing or as
`xml:lang="xx"` in the outputs.
"""

from __future__ import annotations

from pathlib import Path

from corpus.errors import InputError

# Every ISO 639-1 code (184): the values of `nltk.langnames.iso639short` (nltk is a dependency,
# but importing that module imports all of nltk, seconds per run; a test keeps the two equal).
_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_CODES.split())
# What language identification answers when it settles on none (BCP 47's "undetermined"): a
# document tagged so is still read, paired and aligned, but it has no translation route.
UNDETERMINED = "und"


def language_code(value: object, name: str = "language", path: str | Path | None = None) -> str:
    """`value` as a lower-case language code, else an `InputError` naming `name` (the option or
    manifest key that gave it) and `path` (the file, if any).

    Three-letter codes are checked by their form only: no list of ISO 639-2/3 is installed.
    """
    code = value.strip().lower() if isinstance(value, str) else ""
    if code.isascii() and code.isalpha() and (code in ISO_639_1 or len(code) == 3):
        return code
    raise InputError(f"{name}: {value!r} is not a language code (ISO 639-1, e.g. en, fr, ar)",
                     path)
