"""Names written in Arabic meet their Latin spelling through consonant skeletons."""

from __future__ import annotations

import pytest

from corpus.align.transliterate import arabic_skeleton, latin_skeleton, name_keys


@pytest.mark.parametrize(("arabic", "latin"), [
    ("فيسبوك", "Facebook"),
    ("مايكروسوفت", "Microsoft"),
    ("أمازون", "Amazon"),
    ("كاليفورنيا", "California"),
    ("غليشر", "Gleicher"),
    ("ناثانيل", "Nathaniel"),
])
def test_a_name_has_one_skeleton_in_both_scripts(arabic: str, latin: str) -> None:
    assert arabic_skeleton(arabic) == latin_skeleton(latin)


def test_soft_and_hard_c_and_doubled_letters() -> None:
    assert latin_skeleton("Francisco") == "FRNSK"
    assert latin_skeleton("Twitter") == latin_skeleton("Twiter") == "TR"
    assert latin_skeleton("Phillips") == "FLBS"


def test_clitics_and_split_names_still_meet() -> None:
    arabic = name_keys("وفيسبوك اجتمعت مع سناب شات في سان فرانسيسكو")
    latin = name_keys("Facebook met Snapchat in San Francisco.")
    assert {"FSBK", "SNBST", "SNFRNSK"} <= arabic & latin


def test_short_skeletons_are_not_keys_and_unrelated_names_do_not_meet() -> None:
    assert name_keys("Apple and Google") == set()  # BL and GL: too short to trust
    assert not name_keys("فيسبوك") & name_keys("Microsoft")


def test_latin_pairs_only_for_adjacent_names() -> None:
    assert "SNFRNSK" in name_keys("San Francisco")
    assert "SNFRNSK" not in name_keys("San, Francisco")
