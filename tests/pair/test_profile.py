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
    related, bridged = profiles.similarity(AR, EN)
    unrelated, _ = profiles.similarity(AR_OTHER, EN)
    assert not bridged
    assert related > 0.3 > unrelated == 0.0


def test_machine_translation_bridges_when_present() -> None:
    mt = MachineTranslation("ar2", "en", ("Wheat prices rose in the markets this week.",
                                          "Traders said the rain was late."))
    mt_good = MachineTranslation("ar", "en", ("Nathaniel Gleicher met Twitter staff in 2018.",
                                              "The FBI joined the talks."))
    profiles = Profiles([EN, AR, AR_OTHER], [mt, mt_good])
    good, bridged = profiles.similarity(AR, EN)
    bad, _ = profiles.similarity(AR_OTHER, EN)
    assert bridged
    assert good > 0.5 > bad


def test_same_language_compares_words() -> None:
    copy = build_document(EN.text, "copy", lang="en")
    score, bridged = Profiles([EN, copy]).similarity(EN, copy)
    assert not bridged and abs(score - 1.0) < 1e-9
