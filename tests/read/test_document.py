import codecs

import pytest

from corpus.errors import InputError
from corpus.read import build_document, read_document
from corpus.read.document import find_paragraphs, is_heading
from tests.conftest import SEEDS

FRENCH = ("Les géants de la tech se réunissent\n\n"
          "M. Gleicher a écrit « Bonjour. » Puis il a convoqué une réunion.\r\n"
          "La réunion aura lieu vendredi.\r\n\r\n"
          "Une menace de réglementation. des législateurs.\n")


def test_document_from_cp1252_file_with_crlf(tmp_path) -> None:
    path = tmp_path / "article_fr.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    doc = read_document(path)
    assert doc.id == "article_fr"
    assert doc.source == str(path)
    assert doc.encoding == "iso-8859-1"  # no byte in 0x80-0x9F: both code pages agree
    assert doc.lang == "fr" and doc.lang_confidence > 0.9
    assert "\r" not in doc.text
    assert doc.title == "Les géants de la tech se réunissent"
    assert [p.is_heading for p in doc.paragraphs] == [True, False, False]
    assert [s.text for s in doc.sentences] == [
        "Les géants de la tech se réunissent",
        "M. Gleicher a écrit « Bonjour. »",
        "Puis il a convoqué une réunion.",
        "La réunion aura lieu vendredi.",
        "Une menace de réglementation. des législateurs.",
    ]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 1, 1, 2]


def test_sentence_ids_and_offsets_point_into_the_text(tmp_path) -> None:
    path = tmp_path / "ar1.txt"
    text = "عنوان المقال\n\nانتهى الاجتماع.وبدأ النقاش؟ نعم.\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    doc = read_document(path, doc_id="x")
    assert doc.encoding == "utf-16"
    assert [s.id for s in doc.sentences] == ["x.s1", "x.s2", "x.s3", "x.s4"]
    assert [s.index for s in doc.sentences] == [0, 1, 2, 3]
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
    assert doc.sentences[1].text == "انتهى الاجتماع."


def test_lang_argument_skips_detection(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Twitter HQ\n", encoding="utf-8")
    doc = read_document(path, lang="en")
    assert (doc.lang, doc.lang_confidence) == ("en", 1.0)
    assert read_document(path, lang=" EN").lang == "en"
    for bad in ("english", "xx", "en-GB", ""):
        with pytest.raises(InputError, match=f"lang: '{bad}' is not a language code"):
            read_document(path, lang=bad)


def test_short_ambiguous_text_is_undetermined() -> None:
    doc = build_document("OK 2018\n", "d")
    assert doc.lang == "und"
    assert len(doc.sentences) == 1  # still segmented, with the default rules


def test_whitespace_only_text_is_rejected() -> None:
    with pytest.raises(InputError, match="only whitespace"):
        build_document(" \n\xa0\n", "d")


def test_paragraphs_one_per_line_without_blank_lines() -> None:
    text = "First line.\nSecond line.\nThird"
    assert [(p.start, p.end) for p in find_paragraphs(text)] == [(0, 11), (12, 24), (25, 30)]


def test_paragraphs_are_blocks_between_blank_lines() -> None:
    text = "Head\n \nLine one.\nLine two.\n\n\n Last. \n"
    paragraphs = find_paragraphs(text)
    assert [text[p.start:p.end] for p in paragraphs] == ["Head", "Line one.\nLine two.", "Last."]
    assert [p.is_heading for p in paragraphs] == [True, False, False]


@pytest.mark.parametrize(("line", "heading"), [
    ("Twitter HQ", True),
    ("شركات التكنولوجيا يناقشون كيفية حماية الانتخابات", True),
    ("WHAT ARE THE CLAIMS?", False),
    ("A full sentence ends with a stop.", False),
    ("Gleicher wrote:", False),
    (" ".join(["word"] * 30), False),
])
def test_heading_rule(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


@pytest.mark.parametrize(("name", "lang", "title", "sentences"), [
    ("000_3f6b345396534631.txt", "ar", "شركات التكنولوجيا يناقشون كيفية حماية الانتخابات", 7),
    ("001_98253ed06881f591.txt", "ar", None, 11),
    ("002_f3321088fa17899b.txt", "fr", None, 8),
    ("003_b2a5d163e2d1a4b6.txt", "en", "Twitter HQ", 17),
])
def test_seed_documents(name: str, lang: str, title: str | None, sentences: int) -> None:
    doc = read_document(SEEDS / name)
    assert doc.lang == lang
    assert doc.title == title
    assert len(doc.sentences) == sentences
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)


def test_seed_000_glued_sentences_are_split() -> None:
    doc = read_document(SEEDS / "000_3f6b345396534631.txt")
    assert doc.sentences[1].text.endswith("في وسط مدينة سان فرانسيسكو.")
    assert doc.sentences[2].text.startswith("وتعرضت شركات التكنولوجيا الأمريكية")


ARTICLE_AR = ("اجتماع شركات التكنولوجيا\n\n"
              "عقدت الشركات اجتماعًا في سان فرانسيسكو.وتعرضت للانتقادات.\n")
ARTICLE_FR = "Réunion des géants\n\nM. Gleicher a écrit « Bonjour. » Les élections approchent.\n"


@pytest.mark.parametrize(("text", "lang", "codec", "bom", "encoding"), [
    (ARTICLE_AR, "ar", "utf-8", b"", "utf-8"),
    (ARTICLE_AR, "ar", "utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    (ARTICLE_AR, "ar", "cp1256", b"", "cp1256"),
    (ARTICLE_AR, "ar", "utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    (ARTICLE_AR, "ar", "utf-16-be", b"", "utf-16-be"),
    (ARTICLE_FR, "fr", "cp1252", b"", "iso-8859-1"),
    (ARTICLE_FR.replace("Bonjour.", "Bonjour — œuvre."), "fr", "cp1252", b"", "cp1252"),
    (ARTICLE_FR, "fr", "latin-1", b"", "iso-8859-1"),
    (ARTICLE_FR, "fr", "utf-16-le", b"", "utf-16-le"),
    (ARTICLE_FR, "fr", "utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
])
def test_files_in_every_encoding(tmp_path, text, lang, codec, bom, encoding) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + text.replace("\n", "\r\n").encode(codec))
    doc = read_document(path)
    assert (doc.encoding, doc.lang) == (encoding, lang)
    assert doc.text == text
    assert doc.title == text.split("\n")[0]
    assert len(doc.sentences) == 3


def test_a_paragraph_of_millions_of_characters_is_found_without_running_out_of_memory() -> None:
    # Matching the paragraph a character at a time raised MemoryError from about 7.5M.
    text = "Line of a long report without any blank line.\n" * 200_000 + "\n\nThe end."
    paragraphs = find_paragraphs(text)
    assert [(p.start, p.end) for p in paragraphs] == [(0, len(text) - 11), (len(text) - 8,
                                                                          len(text))]
