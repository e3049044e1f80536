import subprocess
import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.errors import InputError
from corpus.segment import ArabicSegmenter, LatinSegmenter, get_segmenter, segment
from tests.conftest import SEEDS


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in segment(text, lang)]


def assert_lossless(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are ordered, trimmed, newline-free, and with the whitespace between them are text."""
    position = 0
    for start, end in spans:
        assert start < end
        assert text[position:start].strip() == ""
        chunk = text[start:end]
        assert chunk == chunk.strip() and "\n" not in chunk
        position = end
    assert text[position:].strip() == ""


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # Arabic full stop and question mark glued to the next word.
    ("ar", "في وسط مدينة سان فرانسيسكو.وتعرضت شركات التكنولوجيا للانتقادات.",
     ["في وسط مدينة سان فرانسيسكو.", "وتعرضت شركات التكنولوجيا للانتقادات."]),
    ("ar", "هل هذا صحيح؟لا، ليس صحيحًا. ربما؟ نعم.",
     ["هل هذا صحيح؟", "لا، ليس صحيحًا.", "ربما؟", "نعم."]),
    # Arabic comma never splits; Latin words and acronyms inside Arabic stay put.
    ("ar", "دعا ناثانيل غليشر Nathaniel Gleicher، مسؤول الأمن، الموظفين FBI."
           "وعقدت الوزارة DHS اجتماعًا.",
     ["دعا ناثانيل غليشر Nathaniel Gleicher، مسؤول الأمن، الموظفين FBI.",
      "وعقدت الوزارة DHS اجتماعًا."]),
    ("ar", "بلغ النمو 2.5 في المئة عام 2018.وقال المسؤول إن U.S. Steel ستشارك.",
     ["بلغ النمو 2.5 في المئة عام 2018.", "وقال المسؤول إن U.S. Steel ستشارك."]),
    # French quotes with the full stop inside and outside, abbreviations.
    ("fr", "Il a dit « C'est fini. » Puis il est parti. Elle a répondu « non ». Fin.",
     ["Il a dit « C'est fini. »", "Puis il est parti.", "Elle a répondu « non ».", "Fin."]),
    ("fr", "M. Macron a reçu Mme Dupont et le Dr. Martin, p.ex. pour parler. Le Pr. Dubois "
           "arrive le 3 janv. prochain. Apple Inc. Le groupe a refusé.",
     ["M. Macron a reçu Mme Dupont et le Dr. Martin, p.ex. pour parler.",
      "Le Pr. Dubois arrive le 3 janv. prochain.", "Apple Inc.", "Le groupe a refusé."]),
    # An opening guillemet followed by a space starts the next sentence, it does not close one.
    ("fr", "Il part. « Bonjour. » Fin.", ["Il part.", "« Bonjour. »", "Fin."]),
    ("de", "Er sagte „Hallo.“ Dann ging er. «Gut.» Ja.",
     ["Er sagte „Hallo.“", "Dann ging er.", "«Gut.»", "Ja."]),
    # A lower-case continuation after a full stop is not a new sentence.
    ("fr", "une menace de réglementation. des législateurs. Ensuite, rien.",
     ["une menace de réglementation. des législateurs.", "Ensuite, rien."]),
    # English curly quotes, abbreviations and numbers.
    ("en", "‘As I’ve mentioned, we are ready.’ Gleicher wrote. He said ‘no’. Then he left.",
     ["‘As I’ve mentioned, we are ready.’", "Gleicher wrote.", "He said ‘no’.",
      "Then he left."]),
    ("en", "The U.S. firm Acme Inc. had 13,466 views and 2.5 million users. Dr. Smith agreed.",
     ["The U.S. firm Acme Inc. had 13,466 views and 2.5 million users.", "Dr. Smith agreed."]),
    ("en", "Is it true? Yes! It is… Really.", ["Is it true?", "Yes!", "It is…", "Really."]),
    # Headlines and captions without a final full stop: one line, one segment at least.
    ("en", "Twitter HQ\n\nA dozen firms to meet\nBody text here. More text.\n  Caption  ",
     ["Twitter HQ", "A dozen firms to meet", "Body text here.", "More text.", "Caption"]),
    # German ordinals before a month or "Jahrhundert"; a year at a sentence end still splits.
    ("de", "Er kam am 3. Oktober an. Im 19. Jahrhundert war das so. Das war 1989. Dann kam er.",
     ["Er kam am 3. Oktober an.", "Im 19. Jahrhundert war das so.", "Das war 1989.",
      "Dann kam er."]),
    ("de", "Der Dr. Müller kam z.B. am Montag. Die Sitzung begann um 9 Uhr. Es regnete.",
     ["Der Dr. Müller kam z.B. am Montag.", "Die Sitzung begann um 9 Uhr.", "Es regnete."]),
    # Chinese and Japanese: no space after the mark; a quoted sentence inside a longer one stays
    # whole; a decimal point and a Latin-script "!" before a space are not CJK sentence ends.
    ("zh", "今天天气很好。我们去公园散步吧！他说：“好的。”价格是3.5元？是的",
     ["今天天气很好。", "我们去公园散步吧！", "他说：“好的。”价格是3.5元？", "是的"]),
    ("zh", "“走吧！”“好。”Hello! 你好!我们走吧",
     ["“走吧！”", "“好。”Hello! 你好!", "我们走吧"]),
    ("ja", "東京は晴れです。「明日も晴れ？」と彼は聞いた。そうですね！！",
     ["東京は晴れです。", "「明日も晴れ？」と彼は聞いた。", "そうですね！！"]),
    ("ja", "値は３．５です．あれは本です．", ["値は３．５です．", "あれは本です．"]),
    # An abbreviation that announces a number keeps it (a QA find: `No.` / `5 on the list.`),
    # also after an elided article; a number after a plain word's full stop still splits.
    ("en", "It was No. 5 on the list. See p. 12 for more. Born ca. 1950 here. Page 3. 12 came.",
     ["It was No. 5 on the list.", "See p. 12 for more.", "Born ca. 1950 here.", "Page 3.",
      "12 came."]),
    ("fr", "Voir p. 12. Voir l’art. 3 de la loi. Il y avait d’env. 300 personnes.",
     ["Voir p. 12.", "Voir l’art. 3 de la loi.", "Il y avait d’env. 300 personnes."]),
    # A numbered list item keeps its number.
    ("en", "The plan has three steps:\n1. Collect the data.\n2) Clean it. Then stop.",
     ["The plan has three steps:", "1. Collect the data.", "2) Clean it.", "Then stop."]),
    # Arabic initials (no case tells Punkt), English titles inside Arabic, the Urdu full stop.
    ("ar", "أ.د. محمد علي أستاذ في الجامعة. قال ج. بوش إن Mr. Brown وصل.",
     ["أ.د. محمد علي أستاذ في الجامعة.", "قال ج. بوش إن Mr. Brown وصل."]),
    ("ar", "أعلنت الأمم المتحدة ذلك۔ ثم رحب الجميع بالقرار۔ وانتهى۔وبدأ",
     ["أعلنت الأمم المتحدة ذلك۔", "ثم رحب الجميع بالقرار۔", "وانتهى۔", "وبدأ"]),
    # Three full stops before a capital end a sentence, as `…` does; before a lower-case word not.
    ("en", "He waited... Then he left. I think... maybe not. He said \"I am...\" Then nothing.",
     ["He waited...", "Then he left.", "I think... maybe not.", "He said \"I am...\"",
      "Then nothing."]),
    # A piece of marks alone joins its neighbour; a line of marks alone stays (OCR debris).
    ("en", "He waited . . . Then he left.\nHello. !!! ???\n- _-",
     ["He waited . . .", "Then he left.", "Hello. !!! ???", "- _-"]),
])
def test_tricky_cases(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected
    assert_lossless(text, segment(text, lang))


def test_glued_mark_cuts_without_inserting_characters() -> None:
    text = "انتهى الاجتماع.وبدأ النقاش"
    spans = segment(text, "ar")
    assert spans == [(0, 15), (15, len(text))]
    assert "".join(text[a:b] for a, b in spans) == text


def test_every_non_blank_line_gives_a_segment() -> None:
    text = "Title\n\n\xa0\nOne line\nAnother line without stop\n   \nLast."
    result = sentences(text, "en")
    assert result == ["Title", "One line", "Another line without stop", "Last."]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert segment("", "en") == []
    assert segment(" \n\t\n\xa0", "fr") == []


def test_registry_picks_the_script_family() -> None:
    assert isinstance(get_segmenter("ar"), ArabicSegmenter)
    assert isinstance(get_segmenter("fr"), LatinSegmenter)
    assert isinstance(get_segmenter("it"), LatinSegmenter)
    assert get_segmenter("FR").lang == "fr"
    for bad in ("f r", "french", "xx", "en-GB", ""):
        with pytest.raises(InputError, match="is not a language code"):
            get_segmenter(bad)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_segment_losslessly(path) -> None:
    text = path.read_text(encoding="utf-8")
    lang = "ar" if path.name[:3] in {"000", "001"} else "fr" if path.name[:3] == "002" else "en"
    spans = segment(text, lang)
    assert_lossless(text, spans)
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(spans) >= len(lines)


_ALPHABET = st.sampled_from([*"ab Z.?!؟،,«»‘’\"\n\t\xa0", "و", "ا", "É", "é", "1", "…",
                             *"中文。！？「」“”か"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(_ALPHABET, max_size=80),
       lang=st.sampled_from(["ar", "fr", "en", "de", "zh", "ja"]))
def test_round_trip_property(text: str, lang: str) -> None:
    spans = segment(text, lang)
    assert_lossless(text, spans)
    gaps = [text[:spans[0][0]]] if spans else []
    rebuilt = "".join(gaps)
    for i, (a, b) in enumerate(spans):
        following = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        rebuilt += text[a:b] + text[b:following]
    assert rebuilt == (text if spans else "")


def test_tanween_word_is_never_split() -> None:
    text = "عقدت الشركات اجتماعًا خاصًا. ثم انتهى."
    first = sentences(text, "ar")[0]
    assert regex.search(r"اجتماعًا خاصًا\.$", first)


def test_punkt_comes_without_nltk_and_leaves_nltk_whole() -> None:
    """Segmenting loads Punkt without nltk's package `__init__` (which imports scipy.stats, seconds
    of every command), and a later `import nltk` in the same process still gets all of nltk."""
    script = (
        "import sys\n"
        "from corpus.segment import segment\n"
        "assert segment('Hello there. This is Mr. Smith. Bye.', 'en') == "
        "[(0, 12), (13, 31), (32, 36)]\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'nltk']\n"
        "import nltk\n"
        "assert nltk.word_tokenize and nltk.tokenize.punkt.PunktSentenceTokenizer\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
