"""The only negative value among values 0 or more is a marker's clue as strong as all nines
(data/spread.py): -500 written for "missing" among percentages lies only 7 to 11 times past them,
as far as honest heavy tails reach, and was trained on unsaid. It is named from MARKER_GAP times
the others' reach, with its clue, by Standardizer.fit and by ``neuralab train`` on a CSV; a
positive 500, or -500 beside another negative value, is not; honest columns holding one negative
value (temperatures, differences of counts) are not."""
import warnings
from statistics import NormalDist

import numpy as np
import pytest

from spreadsheets import SCORES_ROWS, scores_csv, split_rows

from neuralab import cli, data
from neuralab.data.spread import MARKER_GAP, LoneValueWarning

CLUE = "(the only negative value: a marker of missing values?)"


def _found(X):
    """The LoneValues that ``Standardizer().fit(X)`` warns of, and its words."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data.Standardizer().fit(X)
    said = [w.message for w in caught if issubclass(w.category, LoneValueWarning)]
    return [f for message in said for f in message.found], [str(message) for message in said]


def _percentages(m, seed):
    return np.random.default_rng(seed).integers(0, 101, m).astype(np.float64)


@pytest.mark.parametrize("m", [20, 200, 5000])
@pytest.mark.parametrize("count", [1, 2])
def test_minus_500_among_values_0_to_100_is_named_by_its_sign(m, count):
    x = _percentages(m, seed=m + count)
    rows = np.arange(count) * (m // 2) + 3
    x[rows] = -500
    found, said = _found(x.reshape(-1, 1))
    assert [(f.value, f.row, f.count, f.negative_alone) for f in found] == [(-500, 3, count, True)]
    assert len(said) == 1 and f"{CLUE}; fix or drop th" in said[0]


@pytest.mark.parametrize("m", [20, 200, 5000])
def test_without_the_clue_the_same_far_value_is_not_named(m):
    x = _percentages(m, seed=m)
    x[3] = 500                       # as far out, positive: a heavy tail's reach, not told apart
    assert _found(x.reshape(-1, 1)) == ([], [])
    x[3], x[4] = -500, -3            # negative, but not the only one
    assert _found(x.reshape(-1, 1)) == ([], [])


@pytest.mark.parametrize("value, said", [(-200.0, True), (-199.0, False)])
def test_the_only_negative_value_is_named_from_marker_gap_times_the_others_reach(value, said):
    """Among 20 values 0 and 100 (mean 50, reach 50), -200 lies exactly MARKER_GAP = 5 times past
    them and holds 54% of the spread, which SHARE and GAP would never say; -199 lies 4.98 times."""
    others = np.tile([0.0, 100.0], 10)
    assert (others.mean() - -200) / np.abs(others - others.mean()).max() == MARKER_GAP
    found, words = _found(np.r_[others, value].reshape(-1, 1))
    assert [(f.value, f.negative_alone) for f in found] == ([(value, True)] if said else [])
    assert all(CLUE in w for w in words)


@pytest.mark.parametrize("m", [30, 100])
def test_honest_columns_holding_one_negative_value_do_not_warn(m):
    """Seeded, 5,000 columns of each kind that hold exactly one negative value: temperatures (a
    normal law moved up until 1 value in m is negative) and differences of counts (Poisson 20 less
    Poisson 5) draw none (data/spread.py measured none from m = 30)."""
    rng = np.random.default_rng(m)
    cold = NormalDist().inv_cdf(1 / m)   # a normal law's quantile of 1/m, moved to 0 °C
    kinds = {"temperatures": lambda shape: 5 * (rng.standard_normal(shape) - cold),
             "differences of counts": lambda shape: (rng.poisson(20, shape) - rng.poisson(5, shape)).astype(float)}
    for kind, draw in kinds.items():
        columns = []
        while sum(c.shape[1] for c in columns) < 5000:
            X = draw((m, 20_000))
            columns.append(X[:, np.count_nonzero(X < 0, axis=0) == 1])
        X = np.concatenate(columns, axis=1)[:, :5000]
        found, _ = _found(X)
        assert found == [], kind


# -- neuralab train on a CSV whose target, values 0..100, holds -500 in one row ----------------


def _warnings(path, tmp_path, capsys):
    code = cli.main(["train", "--data", path, "--target", "y", "--quiet", "--seed", "0", "--epochs", "5",
                     "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 0
    return err, [line for line in err.splitlines() if line.startswith("warning:")]


def test_minus_500_in_the_test_part_is_named_as_a_marker_not_as_targets_in_other_units(tmp_path, capsys):
    row = split_rows(SCORES_ROWS)[0][2]
    path = scores_csv(tmp_path / "scores.csv", "-500", row)
    err, warned = _warnings(path, tmp_path, capsys)
    assert len(warned) == 1 and warned[0].startswith(
        f"warning: target column 'y' holds -500 in row {row + 1} of {path} (the test part), far past every "
        "training target (")
    assert CLUE in warned[0] and "--na-values -500 --missing drop drops every row that holds it" in warned[0]
    assert "other units" not in err and "y_val" not in err


def test_minus_500_in_the_training_part_is_named_before_training(tmp_path, capsys):
    row = split_rows(SCORES_ROWS)[1][5]
    path = scores_csv(tmp_path / "scores.csv", "-500", row)
    _, warned = _warnings(path, tmp_path, capsys)
    assert warned[0].startswith(f"warning: target column 'y' holds -500 in row {row + 1} of {path}, far past its "
                                f"other values, which training would take for a measurement {CLUE}; ")
    assert warned[0].endswith("if it marks a missing value, --na-values -500 --missing drop drops every row that "
                              "holds it")
