"""What `neuralab train` says of a user's own CSV: a column that leaks the answer, the held-out
data named as the run's table names it, a regression's error in the target's units, and the
plot it cannot draw."""
import json
import math

import numpy as np
import pytest

import neuralab
from neuralab import cli
from neuralab.cli.leaks import class_ranges, correlations

LEAK_WORDS = "it leaks the answer"


def _passengers_csv_for_leak_test(path, with_boat, n=300):
    """Passengers whose survival follows age and fare with noise; ``with_boat`` adds the
    lifeboat number, known only after the outcome: above 0 exactly for the survivors."""
    rng = np.random.default_rng(0)
    age, fare = rng.uniform(1, 80, n).round(), rng.uniform(5, 200, n).round(2)
    survived = rng.random(n) < 1 / (1 + np.exp((age - 40) / 15 - (fare - 100) / 50))
    boat = np.where(survived, rng.integers(1, 16, n), 0)
    header = "age,fare," + ("boat," if with_boat else "") + "survived"
    lines = [header] + [f"{a:g},{f:g}," + (f"{b}," if with_boat else "") + ("yes" if s else "no")
                        for a, f, b, s in zip(age, fare, boat, survived)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _houses_csv_for_leak_test(path, with_thousands, n=200):
    """House prices that follow the area with noise; ``with_thousands`` adds the price again in
    thousands, computed from the target."""
    rng = np.random.default_rng(1)
    area, rooms = rng.uniform(40, 200, n).round(1), rng.integers(1, 8, n)
    price = 3000 * area + 10_000 * rooms + rng.normal(0, 60_000, n)
    header = "area,rooms," + ("price_k," if with_thousands else "") + "price"
    lines = [header] + [f"{a:g},{r}," + (f"{p / 1000:.0f}," if with_thousands else "") + f"{p:.0f}"
                        for a, r, p in zip(area, rooms, price)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _train_own_csv(tmp_path, capsys, csv, target, *options):
    assert cli.main(["train", "--data", str(csv), "--target", target, "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "run"), *options]) == 0
    return capsys.readouterr()


def test_a_column_that_alone_separates_the_classes_is_warned_of_before_training(tmp_path, capsys):
    # a walk-through's titanic with its lifeboat column: test accuracy 1.0 and not a word
    csv = _passengers_csv_for_leak_test(tmp_path / "titanic.csv", with_boat=True)
    err = _train_own_csv(tmp_path, capsys, csv, "survived").err
    leaks = [line for line in err.splitlines() if LEAK_WORDS in line]
    assert len(leaks) == 1 and leaks[0].startswith("warning: column 'boat' alone tells the classes apart")
    assert "'no' at 0, 'yes' from 1 to 15" in leaks[0] and "pass --ignore " in leaks[0]


def test_a_fair_csv_gets_no_leak_warning(tmp_path, capsys):
    for csv, target in ((_passengers_csv_for_leak_test(tmp_path / "titanic.csv", with_boat=False), "survived"),
                        (_houses_csv_for_leak_test(tmp_path / "houses.csv", with_thousands=False), "price")):
        assert LEAK_WORDS not in _train_own_csv(tmp_path, capsys, csv, target).err


def test_a_column_that_follows_a_regression_target_is_warned_of(tmp_path, capsys):
    csv = _houses_csv_for_leak_test(tmp_path / "houses.csv", with_thousands=True)
    leaks = [line for line in _train_own_csv(tmp_path, capsys, csv, "price").err.splitlines() if LEAK_WORDS in line]
    assert len(leaks) == 1  # not 'area', which follows the price too, with noise
    assert leaks[0].startswith("warning: column 'price_k' correlates with target column 'price' at r = 1.0000")


def test_a_few_rows_that_a_column_separates_by_chance_are_not_warned_of(tmp_path, capsys):
    # 8 training rows, 4 of each class: 1 column in 35 separates them by chance
    rows = ["x,y,label"] + [f"{i},{(7 * i) % 10},{'ab'[i >= 5]}" for i in range(10)]  # x separates them
    (tmp_path / "few.csv").write_text("\n".join(rows) + "\n")
    assert LEAK_WORDS not in _train_own_csv(tmp_path, capsys, tmp_path / "few.csv", "label").err


@pytest.mark.parametrize("x, expected", [
    ([5, 6, 1, 2, 9, 8], [(1, 1, 2), (0, 5, 6), (2, 8, 9)]),  # each class a range of its own
    ([5, 6, 1, 5, 9, 8], None),                               # a tie across two classes
    ([1, 6, 2, 5, 9, 8], None),                               # class 1 within class 0's range
])
def test_class_ranges_are_the_classes_own_ranges_or_none(x, expected):
    assert class_ranges(np.array(x, dtype=float)[:, None], np.array([0, 0, 1, 1, 2, 2])) == [expected]


def test_correlations_match_numpy_and_survive_values_near_the_float_range():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(50, 3)), rng.normal(size=50)
    X[:, 1] = 2 * y + 0.1 * X[:, 1]
    expected = [np.corrcoef(X[:, j], y)[0, 1] for j in range(3)]
    np.testing.assert_allclose(correlations(X * [1, 1e300, 1], y * 1e300), expected, rtol=1e-12)
    assert correlations(np.ones((50, 1)), y) == [0.0]  # a constant column relates to nothing


def _overfitting_run(tmp_path, capsys, *options):
    assert cli.main(["train", "--dataset", "moons", "--samples", "60", "--noise", "0.8", "--layers",
                     "auto,64,64,auto", "--epochs", "300", "--monitor", "--quiet", "--seed", "1",
                     "--out", str(tmp_path / "run"), *options]) == 0
    return capsys.readouterr().out


def test_the_monitor_names_the_held_out_data_as_the_table_does(tmp_path, capsys):
    # without early stopping the curves' held-out data is the test part: "validation loss rose" named
    # a part the run does not have
    out = _overfitting_run(tmp_path, capsys)
    # (its test loss ends 38,000 times its training loss: said as that gap, "the loss on the test part is ...")
    assert "the loss on the test part " in out and "validation loss rose" not in out and "validation loss is" not in out
    assert "the loss on the test part " in json.loads((tmp_path / "run" / "metrics.json").read_text())["diagnosis"]
    out = _overfitting_run(tmp_path, capsys, "--early-stopping", "30")  # a validation part held out
    assert "validation loss rose" in out and "test part" not in out


def test_a_regression_reports_its_rmse_in_the_target_s_units(tmp_path, capsys):
    csv = _houses_csv_for_leak_test(tmp_path / "houses.csv", with_thousands=False)
    out = _train_own_csv(tmp_path, capsys, csv, "price").out
    header = next(line.split() for line in out.splitlines() if line.split()[:1] == ["loss"])
    assert header == ["loss", "mse", "rmse", "mae", "r2"]
    results = json.loads((tmp_path / "run" / "metrics.json").read_text())["results"]
    for part in ("train", "test"):
        assert list(results[part]) == header and results[part]["rmse"] == math.sqrt(results[part]["mse"])
        row = next(line for line in out.splitlines() if line.startswith(part)).split()
        assert float(row[1 + header.index("rmse")]) == pytest.approx(results[part]["rmse"], rel=1e-6)


def test_classes_get_no_rmse(tmp_path, capsys):
    csv = _passengers_csv_for_leak_test(tmp_path / "titanic.csv", with_boat=False)
    _train_own_csv(tmp_path, capsys, csv, "survived", "--loss", "mse", "--output", "sigmoid")
    assert "rmse" not in json.loads((tmp_path / "run" / "metrics.json").read_text())["results"]["test"]


def test_a_regression_of_many_features_says_which_plot_it_skips(tmp_path, capsys):
    houses = _houses_csv_for_leak_test(tmp_path / "houses.csv", with_thousands=True)
    out = _train_own_csv(tmp_path, capsys, houses, "price").out
    assert "note: the prediction plot (a curve over 1 feature, a map over 2) needs at most 2 features" in out
    assert "decision-boundary" not in out
    titanic = _passengers_csv_for_leak_test(tmp_path / "titanic.csv", with_boat=True)
    assert "note: the decision-boundary plot needs 2 features" in _train_own_csv(tmp_path, capsys, titanic,
                                                                                   "survived").out


def test_the_leak_warning_gives_an_ignore_option_the_shell_reads_whole(tmp_path, capsys):
    # "leave it out of the file" where the ID warning named --ignore; a name with a space is quoted
    csv = _passengers_csv_for_leak_test(tmp_path / "titanic.csv", with_boat=True)
    csv.write_text(csv.read_text().replace("boat,", "life boat,", 1))
    err = _train_own_csv(tmp_path, capsys, csv, "survived").err
    (leak,) = [line for line in err.splitlines() if LEAK_WORDS in line]
    assert leak.endswith("pass --ignore 'life boat' to leave it out")


def _incomes_csv(path):
    """300 rows of age, height and income, N(0, 1) each, and a label that follows age with noise; one
    income of 1e6 (row 101 of the file, in the training part, not among the rows the Monitor probes)
    holds over 99.9 % of its column's spread: standardised, the other incomes end within 1e-4 of each
    other, which the monitor names (a lone value, not a spread far below unit scale to standardise)."""
    rng = np.random.default_rng(0)
    age, height, income = rng.standard_normal((3, 300))
    income[100] = 1e6
    label = (age + 0.8 * rng.standard_normal(300) > 0).astype(int)
    path.write_text("age,height,income,label\n" + "".join(f"{a:.6g},{h:.6g},{i:.6g},{c}\n"
                                                          for a, h, i, c in zip(age, height, income, label)))
    return path


def test_the_monitor_names_the_file_s_columns(tmp_path, capsys):
    # the network was fitted without the file's names: its findings said "column 2"
    out = _train_own_csv(tmp_path, capsys, _incomes_csv(tmp_path / "incomes.csv"), "label", "--monitor").out
    finding = next(line for line in out.splitlines() if "the warning before training named" in line)
    assert "column 'income' holds the value" in finding and "column 2" not in finding
    saved = neuralab.load(tmp_path / "run" / "model.npz")
    assert saved.feature_names == ("age", "height", "income")   # and the saved model keeps them, as before


def test_units_killed_at_a_large_rate_that_a_schedule_lowered_are_told_fresh_weights_at_the_lower_rate(
        tmp_path, capsys):
    # "leaky ReLU, a lower learning rate or He initialisation keep more units alive", after a --schedule that had
    # lowered the rate 100-fold: the dead units stay where the first step of lr 1 left them
    assert cli.main(["train", "--dataset", "moons", "--optimizer", "adam", "--lr", "1", "--schedule", "step:5:0.01",
                     "--epochs", "20", "--monitor", "--quiet", "--out", str(tmp_path / "run")]) == 0
    lines = capsys.readouterr().out.splitlines()
    dead = lines[lines.index("[info] Dead ReLU units") + 1]
    assert "with a gradient" in dead and "(lr 1). The learning rate was lowered since (lr fell from 1 to 0.01" in dead
    assert "which leaves them dead: only fresh weights bring them back" in dead
    assert "fresh weights at the lower learning rate" in dead and "a lower learning rate" not in dead
