import pytest

from corpus.read import identify_language
from corpus.read.langid import MIN_CONFIDENCE
from tests.conftest import SEEDS

# Short news-style sentences, written for these tests (not taken from the seeds).
SENTENCES: dict[str, list[str]] = {
    "ar": [
        "اجتمعت الشركات في سان فرانسيسكو.",
        "هل ستكون الانتخابات آمنة هذا العام؟",
        "قال المتحدث إن الاجتماع كان مثمرًا.",
        "أعلنت فيسبوك حذف مئات الحسابات.",
        "الطقس حار جدًا اليوم.",
        "ارتفعت الأسعار بنسبة 2.5 في المئة.",
        "وزارة الأمن الداخلي",
        "شكرًا لكم على الحضور",
    ],
    "fr": [
        "Les entreprises se sont réunies vendredi.",
        "Le gouvernement a publié un rapport.",
        "Il fait très chaud aujourd'hui.",
        "« C'est une menace pour la démocratie », a-t-il dit.",
        "La réunion aura lieu à Paris.",
        "Les prix ont augmenté de 2,5 %.",
        "Merci beaucoup pour votre aide",
        "Élections de mi-mandat",
    ],
    "en": [
        "The companies met on Friday.",
        "The government published a report.",
        "It is very hot today.",
        "‘This is a threat to democracy,’ he said.",
        "The meeting will take place in London.",
        "Prices rose by 2.5 percent.",
        "Thank you very much for your help",
        "Midterm elections",
    ],
    "de": [
        "Die Unternehmen trafen sich am Freitag.",
        "Die Regierung hat einen Bericht veröffentlicht.",
        "Es ist heute sehr heiß.",
        "Das ist eine Gefahr für die Demokratie, sagte er.",
        "Die Sitzung findet in Berlin statt.",
        "Die Preise stiegen um 2,5 Prozent.",
        "Vielen Dank für Ihre Hilfe",
        "Der Aufstieg zum Gipfel war steil.",
    ],
}


@pytest.mark.parametrize(("lang", "text"),
                         [(lang, text) for lang, texts in SENTENCES.items() for text in texts])
def test_short_sentences(lang: str, text: str) -> None:
    """Every sentence is either right or honestly undetermined, never another language."""
    code, confidence = identify_language(text)
    assert code in {lang, "und"}
    assert 0.0 <= confidence <= 1.0


def test_short_sentence_accuracy() -> None:
    results = [identify_language(t)[0] == lang for lang, ts in SENTENCES.items() for t in ts]
    assert sum(results) / len(results) >= 0.9


@pytest.mark.parametrize(("name", "lang"), [
    ("000_3f6b345396534631.txt", "ar"), ("001_98253ed06881f591.txt", "ar"),
    ("002_f3321088fa17899b.txt", "fr"), ("003_b2a5d163e2d1a4b6.txt", "en"),
    ("004_5c79676636db07d4.txt", "en"),
])
def test_seeds(name: str, lang: str) -> None:
    code, confidence = identify_language((SEEDS / name).read_text(encoding="utf-8"))
    assert code == lang
    assert confidence > 0.99


@pytest.mark.parametrize("text", ["", "   ", "2018", "OK", "HQ !", "13,466 — 2.5"])
def test_no_evidence_is_undetermined(text: str) -> None:
    assert identify_language(text) == ("und", 0.0)


def test_low_confidence_is_undetermined() -> None:
    code, confidence = identify_language("Facebook Twitter")
    assert code == "und"
    assert confidence < MIN_CONFIDENCE


def test_arabic_is_not_called_persian_and_persian_stays_persian() -> None:
    assert identify_language("شكرا")[0] in {"ar", "und"}
    assert identify_language("قال الرئيس إن الحكومة ستعمل على حل المشكلة.")[0] == "ar"
    assert identify_language("من امروز به کتابخانه رفتم و یک کتاب خواندم.")[0] == "fa"
