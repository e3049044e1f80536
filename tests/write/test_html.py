"""The HTML review page: structure, escaping, and a real headless Chromium rendering it."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from corpus.errors import CorpusError
from corpus.model import AlignedCorpus, Alignment, Link, score_band
from corpus.write.base import get_writer
from corpus.write.html import HtmlWriter, direction, rows
from corpus.write.xmlsafe import xml_segment
from tests.write.conformance import LinkKey, WriterConformance, expected_links, non_blank
from tests.write.sample import make_document, sample_corpus

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--hide-scrollbars"]


def parse_page(path: Path) -> etree._Element:
    return lxml.html.parse(str(path)).getroot()


def newlines(text: str) -> str:
    """HTML parsing turns CR and CRLF into LF (so does every browser): compare after that."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_page_links(path: Path) -> list[LinkKey]:
    keys = []
    for section in parse_page(path).iterfind(".//section"):
        for row in section.iterfind(".//tr"):
            if "link" not in row.get("class", "").split():
                continue
            source, _, target = row.findall("td")
            keys.append(LinkKey(
                section.get("data-source"), section.get("data-target"),
                *(xml_segment(s.text_content() for s in cell.find_class("s"))
                  for cell in (source, target))))
    return keys


class TestHtmlConformance(WriterConformance):
    def make_writer(self) -> HtmlWriter:
        return HtmlWriter()

    def parse(self, path: Path) -> etree._ElementTree:
        return lxml.html.parse(str(path))

    def validate(self, path: Path) -> None:
        raw = path.read_bytes()
        assert raw.startswith(b"<!DOCTYPE html>"), raw[:40]
        page = parse_page(path)
        assert page.find("head/meta[@charset='utf-8']") is not None
        for element in page.iter():
            for attribute in ("src", "href"):
                value = element.get(attribute)
                assert value is None or value.startswith("#"), f"external resource {value!r}"
        assert page.find("body/script") is not None and page.find("head/style") is not None
        for cell in page.iterfind(".//td"):
            if "text" in cell.get("class", ""):
                assert cell.get("lang") and cell.get("dir") in {"ltr", "rtl"}

    def read_links(self, paths: list[Path]) -> list[LinkKey]:
        return [key for path in paths for key in read_page_links(path)]

    def check_round_trip(self, corpus: AlignedCorpus, paths: list[Path]) -> None:
        def normal(keys: Counter[LinkKey]) -> Counter[LinkKey]:
            return Counter({LinkKey(*(newlines(part) for part in key)): n
                            for key, n in keys.items()})

        got = normal(non_blank(self.read_links(paths)))
        want = normal(expected_links(corpus))
        assert got == want, f"missing: {want - got}\nunexpected: {got - want}"


def test_registry_gives_the_html_writer() -> None:
    assert isinstance(get_writer("html"), HtmlWriter)


def test_bands_and_directions() -> None:
    assert [score_band(s) for s in (1.0, 0.8, 0.79, 0.5, 0.49, 0.0, float("nan"))] == [
        "high", "high", "medium", "medium", "low", "low", "low"]
    assert [direction(code) for code in ("ar", "ara", "fa", "he", "fr", "en-GB", "ur")] == [
        "rtl", "rtl", "rtl", "rtl", "ltr", "ltr", "rtl"]


def test_rows_follow_reading_order_with_unaligned_sentences() -> None:
    ar_en = sample_corpus().alignments[1]
    assert [(r.source_ids, r.target_ids, r.score) for r in rows(ar_en)] == [
        (("000_ar.s1",), (), None),
        ((), ("003_en.s1",), None),
        (("000_ar.s2",), ("003_en.s2",), 0.81),
        (("000_ar.s3",), ("003_en.s3",), 0.35),
        ((), ("003_en.s4",), None),
        ((), ("003_en.s5",), None),
    ]
    every = [i for r in rows(ar_en) for i in (*r.source_ids, *r.target_ids)]
    assert Counter(every) == Counter(
        s.id for d in (ar_en.source, ar_en.target) for s in d.sentences)


def test_page_has_a_section_per_pair_with_summary_colours_and_mt(tmp_path: Path) -> None:
    corpus = sample_corpus()
    (path,) = HtmlWriter().write(corpus, tmp_path)
    assert path.name == "review.html"
    page = parse_page(path)
    sections = page.xpath(".//section[not(contains(@class, 'cross'))]")
    assert [(s.get("data-source"), s.get("data-target"), s.get("data-relation"))
            for s in sections] == [("002_fr", "003_en", "parallel"),
                                   ("000_ar", "003_en", "comparable"),
                                   ("000_ar", "002_fr", "comparable")]
    fr_en = sections[0]
    summary = {dt.text_content(): dd.text_content()
               for dt, dd in zip(fr_en.iterfind(".//dt"), fr_en.iterfind(".//dd"), strict=True)}
    assert summary["links"] == "4" and summary["source linked"] == "5 / 6"
    assert summary["unaligned"] == "1 source, 1 target"
    assert summary["mean score"] == f"{(0.91 + 0.97 + 0.88 + 0.42) / 4:.2f}"
    assert summary["low-confidence links"] == "1"
    classes = [r.get("class") for r in fr_en.iterfind(".//tbody/tr")]
    assert classes == ["link high", "link high", "link high", "link low", "unaligned",
                       "unaligned"]
    first = fr_en.find(".//tbody/tr/td")
    assert (first.get("lang"), first.get("dir")) == ("fr", "ltr")
    arabic = sections[1].find(".//tbody/tr/td")
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    # MT: the alignment's own bridge first, then the corpus MT layer, on hover and inline.
    meeting = fr_en.find(".//span[@data-id='002_fr.s2']")
    assert meeting.get("title") == "Facebook and Twitter organised a meeting on Friday."
    ar_fr_span = sections[2].find(".//span[@data-id='000_ar.s2']")
    assert ar_fr_span.get("title") == "[fr] عقدت فيسبوك وتويتر اجتماعًا يوم الجمعة."
    (inline,) = ar_fr_span.getparent().find_class("mt")
    assert (inline.get("lang"), inline.get("dir")) == ("fr", "ltr")
    hostile = fr_en.find(".//span[@data-id='002_fr.s5']")
    assert hostile.text_content().startswith("Texte hostile : Tom & Jerry <b>bold</b> ]]>")
    assert hostile.find("b") is None, "text must never become markup"
    (cross,) = page.xpath(".//section[contains(@class, 'cross')]")
    (row,) = cross.iterfind(".//tbody/tr")
    score, *cells = row.findall("td")
    assert score.text_content() == "0.79"
    assert [(c.get("lang"), c.get("dir"), c.text_content().strip()) for c in cells] == [
        ("ar", "rtl", "عقدت فيسبوك وتويتر اجتماعًا يوم الجمعة."),
        ("fr", "ltr", "Facebook et Twitter ont organisé une réunion vendredi."),
        ("en", "ltr", "Facebook and Twitter held a meeting on Friday.")]
    footer = page.find(".//footer")
    assert corpus.signature in footer.text_content()


def test_pairs_without_links_still_show_every_sentence(tmp_path: Path) -> None:
    fr = make_document("f", "fr", ["Un.", "Deux."])
    ar = make_document("a", "ar", ["واحد."])
    corpus = AlignedCorpus(documents=(fr, ar), alignments=(Alignment(fr, ar, ()),),
                           signature="s", created="2026-11-22T10:00:00Z")
    (path,) = HtmlWriter().write(corpus, tmp_path)
    section = parse_page(path).find(".//section")
    assert [r.get("class") for r in section.iterfind(".//tbody/tr")] == ["unaligned"] * 3
    assert "mean score–" in section.find(".//dl").text_content().replace("\n", "")


def test_sentences_and_names_are_bidi_isolates(tmp_path: Path) -> None:
    # Seen in Chromium: an override (U+202E) left open in the first sentence of a 1-2 link
    # mirrored the second sentence too, and an Arabic id or a title with such a control
    # reordered the " (ar) ↔ …" / " · en" around it. Now each sentence and each inline MT is
    # `unicode-bidi: isolate` (CSS) and each document name its own `bdi`.
    ar = make_document("خبر 2", "ar", ["الجملة 12."], title="عنوان \u202e")
    en = make_document("doc (en)", "en", ["First \u202esentence.", "Second sentence."])
    link = Link(("خبر 2.s1",), ("doc (en).s1", "doc (en).s2"), 0.9)
    mt = {"doc (en).s1": "الأولى \u202e", "doc (en).s2": "الثانية 2"}
    corpus = AlignedCorpus((ar, en), (Alignment(ar, en, (link,), target_mt=mt),),
                           "s", "2026-11-22T10:00:00Z")
    (path,) = HtmlWriter().write(corpus, tmp_path)
    page = parse_page(path)
    css = page.find("head/style").text
    assert re.search(r"(^|\n)span\.s, \.mt span \{ unicode-bidi: isolate; \}", css)
    (inline,) = page.find_class("mt")
    assert [span.text for span in inline.iter("span")] == list(mt.values())
    section = page.find(".//section")
    assert [b.text for b in section.find("h2").iter("bdi")] == ["خبر 2", "doc (en)"]
    assert [b.text for b in page.find(".//nav").iter("bdi")] == ["خبر 2", "doc (en)"]
    assert [[b.text for b in th.iter("bdi")] for th in section.iterfind(".//th")] == [
        ["عنوان \u202e"], [], ["doc (en)"]]
    assert section.find("h2").text_content().strip() == "خبر 2 (ar) ↔ doc (en) (en) parallel"


def test_links_to_unknown_sentences_are_refused(tmp_path: Path) -> None:
    corpus = sample_corpus()
    fr_en = corpus.alignments[0]
    wrong_side = dataclasses.replace(fr_en, links=(Link(("003_en.s1",), ("003_en.s2",), 0.5),))
    with pytest.raises(CorpusError, match="not in document '002_fr'"):
        HtmlWriter().write(dataclasses.replace(corpus, alignments=(wrong_side,)), tmp_path)
    assert not list(tmp_path.iterdir())


# -- a real browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    found = os.environ.get("CORPUS_CHROMIUM") or next(
        (shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    if found is None:
        reason = "chromium not found: run scripts/ci/install_chromium.sh"
        if os.environ.get("CORPUS_REQUIRE_CONSUMERS") == "1":
            pytest.fail(reason + "; CORPUS_REQUIRE_CONSUMERS=1 makes this a failure")
        pytest.skip(reason)
    return found


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = sample_corpus()
    fr_en = corpus.alignments[0]
    # A wider corpus than the sample: an unaligned run and a low-confidence 1-2 link.
    extra = dataclasses.replace(fr_en, links=(*fr_en.links[:2],
                                              Link(("002_fr.s6",), ("003_en.s4", "003_en.s5"),
                                                   0.2)))
    corpus = dataclasses.replace(corpus, alignments=(*corpus.alignments, extra))
    (path,) = HtmlWriter().write(corpus, tmp_path_factory.mktemp("review"))
    return path


def test_chromium_renders_a_non_blank_page(chromium: str, page: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "review.png"
    run_chromium(chromium, tmp_path / "profile", "--window-size=1280,1600",
                 f"--screenshot={shot}", page.as_uri())
    with Image.open(shot) as image:
        assert image.size == (1280, 1600)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
        top = rgb.crop((0, 0, 1280, 400)).getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200, "the page looks blank"
    # The score bands are painted: some pixels are clearly green and some clearly red.
    assert any(g > r + 60 and g > b + 20 for _, (r, g, b) in top), "no green (high) score"
    assert any(r > g + 80 and r > b + 80 for _, (r, g, b) in top), "no red (low) score"


def test_chromium_sees_arabic_right_to_left_and_runs_the_filter(
    chromium: str, page: Path, tmp_path: Path
) -> None:
    def dump(url: str) -> etree._Element:
        result = run_chromium(chromium, tmp_path / "profile", "--dump-dom", url)
        return lxml.html.fromstring(result.stdout)

    dom = dump(page.as_uri())
    assert dom.get("data-ready") == "1", "the page script did not run"
    cells = dom.xpath("//td[@lang] | //th[@lang]")
    assert cells and all(c.get("data-computed-dir") for c in cells)
    for cell in cells:
        want = "rtl" if cell.get("lang") == "ar" else "ltr"
        assert cell.get("data-computed-dir") == want, lxml.html.tostring(cell)[:200]
    assert any(c.get("lang") == "ar" for c in cells)
    assert not dom.xpath("//tr[@hidden]"), "everything is shown by default"
    shown = [e.text_content() for e in dom.find_class("visible-rows")]
    assert shown == ["6 / 6", "6 / 6", "8 / 8", "7 / 7"]

    doubtful = dump(page.as_uri() + "?max=0.5")
    hidden = doubtful.xpath("//tr[@hidden]")
    assert hidden and all(float(r.get("data-score")) > 0.5 for r in hidden)
    assert doubtful.xpath("//tr[contains(@class, 'multilink')]")[0].get("hidden") is not None
    visible_links = doubtful.xpath(
        "//tr[contains(concat(' ', @class, ' '), ' link ') and not(@hidden)]")
    assert sorted(float(r.get("data-score")) for r in visible_links) == [0.2, 0.35, 0.42]
    assert doubtful.find_class("visible-rows")[0].text_content() == "3 / 6"
