"""The shared XML sanitising: what it removes, what it keeps, and ids that are always NCNames."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from corpus.write.xmlsafe import is_blank, safe_xml_id, xml_segment, xml_text

any_text = st.text(st.characters(exclude_categories=()))


def test_forbidden_characters_go_and_everything_else_stays() -> None:
    assert xml_text("a\x00b\x0bc\x1f\ud800\udfff\ufffe\uffff") == "abc"
    kept = "\t\n\r\u200f\u202b\x7f\x85😀]]>&<\"'"
    assert xml_text(kept) == kept
    assert xml_text("e\u0301") == "é"


def test_segments_and_blanks() -> None:
    assert xml_segment(["Un.", "Deux."]) == "Un. Deux."
    assert is_blank(" \x00\t\ufffe") and not is_blank(" x ")


@given(any_text)
def test_xml_text_always_serialises_and_round_trips(text: str) -> None:
    clean = xml_text(text)
    assert xml_text(clean) == clean
    assert unicodedata.is_normalized("NFC", clean)
    element = etree.Element("seg")
    element.text = clean
    assert (etree.fromstring(etree.tostring(element, encoding="utf-8")).text or "") == clean


@given(any_text)
def test_safe_xml_id_is_always_an_ncname(value: str) -> None:
    ident = safe_xml_id(value)
    etree.Element(ident)  # lxml refuses names that are not valid NCNames
    assert ident == safe_xml_id(value)


def test_safe_xml_id_examples() -> None:
    assert safe_xml_id("s1") == "s1"
    assert safe_xml_id("002_fr.s1") == "id-002_fr.s1"
    assert safe_xml_id("a b") != safe_xml_id("a_b")
