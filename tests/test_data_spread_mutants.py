"""neuralab.data.spread's warning of a lone value, what mutation testing found untested: each
test asserts a promise of the module's docstring that a small change of the code broke unseen
(a gap constant off by one, the "…" of a warning that lists only some of the columns)."""
import warnings

import numpy as np
import pytest

from neuralab import data
from neuralab.data.spread import LoneValue, LoneValueWarning, lone_value_words, spread

# ten values 0 and 1: mean 0.5, each 0.5 from it, so a value v lies (v - 0.5)/0.5 times further
# from them than any of them; every number here is exact in float32
_OTHERS = np.tile([0.0, 1.0], 5)


def _found(*columns):
    """The LoneValues ``Standardizer().fit`` warns of, for columns of float32 values."""
    X = np.stack(columns, axis=1).astype(np.float32)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data.Standardizer().fit(X)
    said = [w.message for w in caught if issubclass(w.category, LoneValueWarning)]
    return [f for message in said for f in message.found], [str(message) for message in said]


@pytest.mark.parametrize("value, said", [(50.5, True), (50.25, False)])
def test_a_lone_value_is_said_from_gap_times_the_others_reach(value, said):
    """GAP = 100: 50.5 lies exactly 100 times past values 0 and 1 (99.9% of the spread), 50.25
    only 99.5 times, as far as an honest heavy tail may reach."""
    found, _ = _found(np.r_[_OTHERS, value])
    assert [(f.row, f.value, f.count) for f in found] == ([(10, value, 1)] if said else [])


@pytest.mark.parametrize("value, said", [(5.5, True), (5.25, False)])
def test_three_copies_of_a_value_are_said_from_repeated_gap_times_the_others_reach(value, said):
    """REPEATED_GAP = 10: three copies of 5.5 lie exactly 10 times past values 0 and 1, and
    hold 96% of the spread; 5.25 lies 9.5 times past them."""
    found, _ = _found(np.r_[_OTHERS, [value] * 3])
    assert [(f.row, f.value, f.count) for f in found] == ([(10, value, 3)] if said else [])


def test_two_copies_of_a_value_need_the_gap_of_a_lone_one():
    """Two copies may be an honest pair: 5.5 twice, 10 times past the others, is not said."""
    assert _found(np.r_[_OTHERS, 5.5, 5.5]) == ([], [])


@pytest.mark.parametrize("columns, more", [(4, False), (5, True)])
def test_the_warning_ends_with_an_ellipsis_when_it_names_only_some_of_the_columns(columns, more):
    """The first column in full and three more by name: a fifth is "…", not left out unseen."""
    column = np.r_[_OTHERS, 50.5]
    found, said = _found(*[column] * columns)
    assert len(found) == columns and len(said) == 1
    assert said[0].endswith("X's column 3 (50.5 in row 10)" + (", …" if more else ""))


@pytest.mark.parametrize("value, said", [(999.4, False), (999.0, True)])
def test_a_far_value_with_a_share_below_share_is_said_only_when_written_as_a_marker(value, said):
    """Among 1,000,000 values on [-1, 1], one far value holds 75% of the spread and leaves the
    others theirs: 999 is a marker by its shape, 999.4 (which rounds to it) is a bad row only."""
    rng = np.random.default_rng(0)
    found, _ = _found(np.r_[rng.uniform(-1, 1, 1_000_000), value])
    assert [(f.value, round(f.share, 2)) for f in found] == ([(value, 0.75)] if said else [])


def test_a_lone_value_made_without_a_count_is_one_value_in_one_row():
    """LoneValue's count defaults to 1: the words name its row, not copies of it."""
    found = LoneValue(column=2, row=7, value=-999.0, share=0.95, width=0.5)
    words = lone_value_words([found], column=lambda j: f"column {j}", row=lambda k: f"row {k}")
    assert found.count == 1
    assert words.startswith("column 2 holds -999 in row 7, 95.0% of the column's spread")


def test_three_rows_are_enough_for_a_lone_value_to_be_said():
    """Only two values are too few (the one left has no spread to squash): 99999 beside 0 and 1 is."""
    found, _ = _found(np.array([0.0, 1.0, 99999.0]))
    assert [(f.row, f.value) for f in found] == [(2, 99999.0)]


def test_spread_of_many_f_ordered_columns_sums_128_values_at_once_as_numpy_does():
    """Past 2,048 columns a block holds fewer than 128 rows, and each column of an F-ordered X is
    summed pairwise: 128 values or fewer in one go, as NumPy sums them, bit for bit."""
    from test_standardizer_memory import whole_spread
    rng = np.random.default_rng(0)
    X = np.asfortranarray(rng.standard_normal((256, 4096)) * 10.0 ** rng.integers(-6, 7, (256, 4096)))
    mean = X.mean(axis=0)
    for got, want in zip(spread(X, mean), whole_spread(X, mean)):
        np.testing.assert_array_equal(got, want)


def test_a_lone_value_is_frozen_and_hashable():
    """What a warning found cannot be changed by accident, and can be kept in a set."""
    found = LoneValue(column=0, row=1, value=999.0, share=0.5, width=1.0)
    assert found in {found}
    with pytest.raises(AttributeError):
        found.row = 2


def test_spread_of_more_columns_than_a_block_holds_values_is_numpy_s_bit_for_bit():
    """Past SPREAD_BLOCK columns a block is still one row, not none."""
    from test_standardizer_memory import whole_spread
    X = np.random.default_rng(0).standard_normal((3, 2 ** 18 + 1)).astype(np.float32)
    mean = X.mean(axis=0, dtype=np.float64)
    for got, want in zip(spread(X, mean), whole_spread(X, mean)):
        np.testing.assert_array_equal(got, want)



def test_marker_shaped_values_are_all_nines_from_999_to_fifteen_nines():
    """The largest all-nines value float64 holds exactly, 10¹⁵ - 1, is one; 10¹⁶ - 1, which float64
    rounds to 10¹⁶, a value no file writes for a missing one, is not."""
    from neuralab.data.spread import marker_shaped
    assert marker_shaped(np.array([999.0, -999_999_999_999_999.0, 1e16, 99.0])).tolist() == [True, True, False, False]



def _close_values_layouts():
    """Values of one magnitude (where, unlike values of many, every order of the sum shows in the
    last bits), in the layouts NumPy sums differently: C-ordered rows, two columns, F-ordered
    columns, a single strided column, a strided view."""
    X = np.random.default_rng(0).standard_normal((5_000, 6)) + 3.0
    for dtype in (np.float32, np.float64):
        Y = X.astype(dtype)
        yield from (Y, Y[:, :2], np.asfortranarray(Y), Y[:, 0], Y[::3, ::2])


@pytest.mark.parametrize("block", [7, 1000])
def test_spread_by_blocks_sums_close_values_in_numpy_s_order_bit_for_bit(monkeypatch, block):
    """Blocks of rows or pairwise halves (size // 2 less its remainder by 8, as NumPy splits)
    give the whole array's σ, s and ties exactly, whatever the layout."""
    from test_standardizer_memory import whole_spread
    from neuralab.data import spread as spread_module
    monkeypatch.setattr(spread_module, "SPREAD_BLOCK", block)
    for X in _close_values_layouts():
        mean = X.mean(axis=0, dtype=np.float64)
        for got, want in zip(spread(X, mean), whole_spread(X, mean)):
            assert np.array_equal(got, want), (X.shape, X.strides, X.dtype)


def test_copies_holding_exactly_share_of_the_spread_are_said_as_holding_it():
    """share ≥ SHARE, the bound included: 64 in 9 of 169 rows holds 9·16/160 = 0.9 of Σ(x - μ)²
    exactly (every number here is exact), 10.6 times past the others' reach."""
    column = np.array([64.0] * 9 + [-10.0] * 60 + [-2.0] * 44 + [2.0] * 56)
    found, said = _found(column)
    assert [(f.value, f.count, f.share) for f in found] == [(64.0, 9, 0.9)]
    assert "in 9 rows, such as row 0, 90.0% of the column's spread: standardised" in said[0]


def test_a_share_of_exactly_99_9_percent_is_said_as_it_is():
    """"over 99.9%" is for shares that 99.9% would round down."""
    def words(share):
        return lone_value_words([LoneValue(column=0, row=3, value=1e30, share=share, width=0.0)],
                                lambda j: f"column {j}", lambda k: f"row {k}")
    assert "holds 1e+30 in row 3, 99.9% of the column's spread" in words(0.999)
    assert "holds 1e+30 in row 3, over 99.9% of the column's spread" in words(0.9991)


def test_a_spread_of_exactly_m_epsilons_of_the_mean_is_rounding():
    """rounding_only: σ ≤ m·ε·|μ|, the bound included (2ε beside a mean of 1 over 2 values)."""
    from neuralab.data.spread import rounding_only
    eps = np.finfo(np.float64).eps
    assert rounding_only(2 * eps, 1.0, 2)
    assert not rounding_only(np.nextafter(2 * eps, 1.0), 1.0, 2)


def test_a_lone_value_below_the_others_is_said_as_one_above_them():
    """The farthest value from the mean μ ≈ 991, 900 among values 1000 and 1001, not the largest."""
    found, _ = _found(np.array([1000.0, 1001.0] * 5 + [900.0]))
    assert [(f.row, f.value, f.count) for f in found] == [(10, 900.0, 1)]
