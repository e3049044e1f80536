import numpy as np
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


@pytest.mark.parametrize(("changes", "message"), [
    ({"max_bead": 2.5}, "max_bead must be a non-negative int, not 2.5"),
    ({"max_bead": True}, "max_bead must be a non-negative int, not True"),
    ({"max_bead": "3"}, "max_bead must be a non-negative int, not '3'"),
    ({"skip_cost": float("nan")}, "skip_cost must be a non-negative float, not nan"),
    ({"length_weight_no_mt": float("inf")}, "length_weight_no_mt must be"),
    ({"skip_cost_no_mt": -1.0}, "skip_cost_no_mt must be a non-negative float, not -1.0"),
    ({"reorder_window": -1}, "reorder_window must be a non-negative int"),
    ({"reorder_weak_link": -0.1}, "reorder_weak_link must be a non-negative float or None"),
    ({"skip_cost": 10**400}, "skip_cost must be a non-negative float"),
    ({"use_src_mt": 1}, "use_src_mt must be a bool, not 1"),
    ({"similarity_floor": 0.0}, "similarity floor must be above 0"),
    ({"reorder_min_probability": 2.0}, "probability at most 1"),
])
def test_values_the_search_cannot_use_are_refused(changes: dict, message: str) -> None:
    # A NaN cost failed deep in the search ("no path through the band"); max_bead=2.5 searched
    # other shapes; a negative cost made longer paths cheaper.
    with pytest.raises(ValueError, match=message):
        AlignSettings(**changes)
    assert AlignSettings(reorder_member_gain=None, skip_cost=3).skip_cost == 3
    assert AlignSettings(max_bead=np.int64(3)).max_bead == 3  # numpy's numbers are numbers
