import pytest

from corpus.align import AlignSettings
from corpus.align.settings import DEFAULT_SETTINGS
from corpus.align.vectors import ngram_keys


@pytest.mark.parametrize("max_bead", [0, 5])
def test_max_bead_outside_the_known_shapes_is_refused(max_bead: int) -> None:
    # 5 once crashed in scoring: the merge refinement joined up to 6 sentences, 5 on one side.
    with pytest.raises(ValueError, match="max bead size must be between 1 and 4"):
        AlignSettings(max_bead=max_bead)


@pytest.mark.parametrize("changes", [{"band_width": 1}, {"band_width": 0},
                                     {"full_matrix_cells": 0}])
def test_search_sizes_that_cannot_work_are_refused(changes: dict[str, int]) -> None:
    # A band of one cell a row missed the lattice's last corner; no full-matrix cells divided
    # by zero.
    with pytest.raises(ValueError, match="band width must be at least 2"):
        AlignSettings(**changes)


def test_unknown_pair_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="pair kind must be one of auto, parallel, comparable"):
        AlignSettings(pair_kind="both")


def test_ngram_orders_the_keys_cannot_hold_are_refused() -> None:
    # Orders above 7 wrap in the keys' 3-bit order tag: 8 and 9 read as 0 and 1.
    _, keys = ngram_keys(["abcdefghij"], 3, 9)
    assert {0, 1} <= set((keys & 7).tolist())
    for changes in ({"ngram_high": 8}, {"ngram_low": 0}, {"ngram_low": 5},
                    {"direct_ngram_low": 0}, {"direct_ngram_low": 5}):
        with pytest.raises(ValueError, match="n-gram orders must satisfy"):
            AlignSettings(**changes)


def test_derived_settings_stay_valid() -> None:
    # Each is made by `dataclasses.replace`, which checks them again.
    for derived in (DEFAULT_SETTINGS.same_language(), DEFAULT_SETTINGS.comparable(0.1),
                    DEFAULT_SETTINGS.comparable(0.1, one_language=True),
                    DEFAULT_SETTINGS.without_mt(True), DEFAULT_SETTINGS.without_mt(False)):
        assert isinstance(derived, AlignSettings)
