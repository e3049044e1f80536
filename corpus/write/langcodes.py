"""Language codes as CAT tools want them in TMX `srclang` / `xml:lang`.

OmegaT and translate-toolkit match languages by their shortest BCP 47 form (`ar`, `fr`, `en`), so
that is the default. Trados and memoQ map TMX languages to locales and ask the user (or fail) on a
bare `ar`, so an option turns each code into a regional one (`ar-SA`, `fr-FR`, `en-US`); a user
mapping overrides the built-in table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from corpus.errors import CorpusError

# Three-letter ISO 639-2/3 codes (bibliographic and terminological) that have a two-letter form.
_SHORTEST = {
    "ara": "ar", "fra": "fr", "fre": "fr", "eng": "en", "deu": "de", "ger": "de", "spa": "es",
    "ita": "it", "por": "pt", "rus": "ru", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko",
    "nld": "nl", "dut": "nl", "tur": "tr", "fas": "fa", "per": "fa", "heb": "he", "hin": "hi",
    "urd": "ur", "pol": "pl", "ukr": "uk", "ell": "el", "gre": "el", "swe": "sv", "ces": "cs",
    "cze": "cs", "ron": "ro", "rum": "ro", "hun": "hu", "fin": "fi", "dan": "da", "nor": "no",
    "ind": "id", "vie": "vi", "tha": "th", "cat": "ca", "bul": "bg",
}
# The locale a CAT tool most likely expects for a bare language (largest or reference variety).
REGIONAL = {
    "ar": "ar-SA", "fr": "fr-FR", "en": "en-US", "de": "de-DE", "es": "es-ES", "it": "it-IT",
    "pt": "pt-PT", "ru": "ru-RU", "zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR", "nl": "nl-NL",
    "tr": "tr-TR", "fa": "fa-IR", "he": "he-IL", "hi": "hi-IN", "ur": "ur-PK", "pl": "pl-PL",
    "uk": "uk-UA", "el": "el-GR", "sv": "sv-SE", "cs": "cs-CZ", "ro": "ro-RO", "hu": "hu-HU",
    "fi": "fi-FI", "da": "da-DK", "no": "nb-NO", "id": "id-ID", "vi": "vi-VN", "th": "th-TH",
    "ca": "ca-ES", "bg": "bg-BG",
}
_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def shortest(code: str) -> str:
    """The shortest BCP 47 form of `code` in canonical case (`FRA` -> `fr`, `en_us` -> `en-US`)."""
    tag = code.strip().replace("_", "-")
    if not _TAG.fullmatch(tag):
        raise CorpusError(f"not a language code: {code!r}")
    language, *rest = tag.split("-")
    language = _SHORTEST.get(language.lower(), language.lower())
    subtags = [
        s.upper() if len(s) == 2 and s.isalpha() else s.title() if len(s) == 4 else s.lower()
        for s in rest
    ]
    return "-".join([language, *subtags])


def tmx_language(code: str, regional: bool = False,
                 mapping: Mapping[str, str] | None = None) -> str:
    """The code to write for `code`: shortest form, or its regional locale when asked.

    `mapping` (shortest code -> code to write) wins over everything; `regional` only changes bare
    language codes that the built-in table knows, and leaves the rest alone.
    """
    short = shortest(code)
    if mapping and short in mapping:
        return shortest(mapping[short])
    if regional:
        return REGIONAL.get(short, short)
    return short
