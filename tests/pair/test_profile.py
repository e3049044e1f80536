"""Document similarity: words within a language, anchors across, MT as a bridge."""

from __future__ import annotations

from corpus.model import MachineTranslation
from corpus.pair import Profiles
from corpus.read import build_document

EN = build_document("Nathaniel Gleicher met Twitter staff in San Francisco in 2018. "
                    "The FBI joined the talks.", "en", lang="en")
AR = build_document("التقى ناثانيل غليشر Gleicher بموظفي Twitter في عام 2018. "
                    "وانضم FBI إلى المحادثات.", "ar", lang="ar")
AR_OTHER = build_document("ارتفعت أسعار القمح في الأسواق هذا الأسبوع. "
                          "وقال التجار إن المطر تأخر.", "ar2", lang="ar")


def test_anchors_carry_names_and_numbers_across_scripts() -> None:
    profiles = Profiles([EN, AR, AR_OTHER])
    related = profiles.similarity(AR, EN)
    unrelated = profiles.similarity(AR_OTHER, EN)
    assert set(related) == {"anchors"}
    assert related["anchors"] > 0.3 > unrelated["anchors"] == 0.0


def test_machine_translation_bridges_when_present() -> None:
    mt = MachineTranslation("ar2", "en", ("Wheat prices rose in the markets this week.",
                                          "Traders said the rain was late."))
    mt_good = MachineTranslation("ar", "en", ("Nathaniel Gleicher met Twitter staff in 2018.",
                                              "The FBI joined the talks."))
    profiles = Profiles([EN, AR, AR_OTHER], [mt, mt_good])
    good = profiles.similarity(AR, EN)
    bad = profiles.similarity(AR_OTHER, EN)
    assert set(good) == {"anchors", "mt"}
    assert good["mt"] > 0.5 > bad["mt"]


def test_same_language_compares_words() -> None:
    copy = build_document(EN.text, "copy", lang="en")
    found = Profiles([EN, copy]).similarity(EN, copy)
    assert list(found) == ["same-language"] and abs(found["same-language"] - 1.0) < 1e-9
