"""Text and identifiers that every XML writer can emit safely.

XML 1.0 cannot carry C0 controls (except tab, LF, CR), lone surrogates or U+FFFE/U+FFFF, not even
as character references, and a Python `str` can hold all of them. lxml refuses such text with an
exception mid-stream, so every writer passes text through `xml_text` first: the forbidden
characters are dropped (the only lossy step, and the one the round-trip tests allow for) and the
result is NFC-normalised, which CAT tools assume when they match segments. Nothing is added: no
bidi marks, no whitespace changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from corpus.errors import InputError
from corpus.segment.join import join_sentences

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
# Everything outside XML 1.0's `Char` production.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ASCII NCName characters kept as they are; anything else is escaped by code point.
_UNSAFE_ID_CHAR = re.compile(r"[^A-Za-z0-9._-]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids, NFC-normalised."""
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", text))


def xml_segment(sentences: Iterable[str]) -> str:
    """One XML-safe segment from the sentences of one side of a link (`join_sentences`)."""
    return xml_text(join_sentences(sentences))


def is_blank(text: str) -> bool:
    """True when nothing but whitespace is left of `text` once made XML-safe."""
    return not xml_text(text).strip()


def safe_xml_id(value: str, prefix: str = "id-") -> str:
    """A valid ASCII NCName (`xml:id`) for `value`, stable across runs.

    Characters outside `[A-Za-z0-9._-]` become `_uHEX_`, so distinct ids stay distinct in
    practice; `prefix` is added when the result would not start with a letter or underscore
    (XML names may not start with a digit, `-` or `.`).
    """
    escaped = _UNSAFE_ID_CHAR.sub(lambda m: f"_u{ord(m.group()):x}_", value)
    if not escaped or not (escaped[0].isalpha() or escaped[0] == "_"):
        escaped = prefix + escaped
    return escaped


def parse_xml(path: Path, kind: str = "XML") -> etree._Element:
    """The root of an XML file we read back (TMX, XCES): no DTD, no entity expansion, no network,
    so a hostile file can neither fetch nor blow up; an unreadable one is an `InputError`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"cannot read {kind}: {exc}", path) from None
