"""A regression target with a missing-value marker (99999 or -999 among values near 1) in one row.
`neuralab train` names the value, its row in the file and the remedy once, before training,
whether the row fell in the training part (the target's Standardizer) or the test part (fit's
check of y_val, which otherwise asked a Python user's question: "targets in other units? ...
scaler"); its R² note says that one test row holds the test error, rather than blaming the
learning rate. In Python, fit's warning of such a y_val names the lone value. Honest targets
(the built-in regressions, a log-normal tail) draw none of it."""
import re
import warnings

import numpy as np
import pytest

from spreadsheets import marked_target_csv, split_rows

from neuralab import cli, data, nn

M = 300


def _csv(path, marker=None, row=None, target=None):
    """a, b -> y = 3a - 2b + noise, with ``marker`` in y at ``row`` (0-based), or the targets ``target``."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (M, 2))
    y = 3 * X[:, 0] - 2 * X[:, 1] + 0.1 * rng.normal(size=M) if target is None else target(rng, X)
    return marked_target_csv(path, "a,b,y", X, y, marker, row)


def _train(path, tmp_path, capsys, monkeypatch, *options):
    """(what was said on stderr before training, stdout, stderr after) of a short run on ``path``."""
    before = []
    fit = nn.Sequential.fit
    monkeypatch.setattr(nn.Sequential, "fit", lambda self, *args, **kwargs: (
        before.append(capsys.readouterr().err), fit(self, *args, **kwargs))[1])
    assert cli.main(["train", "--data", path, "--target", "y", "--epochs", "40", "--quiet", "--seed", "0",
                     "--out", str(tmp_path / "run"), *options]) == 0
    out, err = capsys.readouterr()
    return before[0] if before else "", out, err


@pytest.mark.parametrize("marker", ["99999", "-999"])
def test_a_marker_in_the_test_part_is_named_before_training_and_the_r2_note_names_its_row(
        tmp_path, capsys, monkeypatch, marker):
    row = split_rows(M)[0][3]
    path = _csv(tmp_path / "lone_target.csv", marker, row)
    before, out, after = _train(path, tmp_path, capsys, monkeypatch)
    warned = [line for line in before.splitlines() if marker in line]
    assert len(warned) == 1 and warned[0].startswith(
        f"warning: target column 'y' holds {marker} in row {row + 1} of {path} (the test part), far past every "
        f"training target (")
    assert "a marker of missing values?" in warned[0] and "replace or drop that row in the file" in warned[0]
    assert f"--na-values {marker} --missing drop drops every row that holds it" in warned[0]
    assert marker not in after and "y_val" not in after and "other units" not in after   # said once, in CLI terms
    note = next(line for line in out.splitlines() if "R²" in line)
    said = re.fullmatch(rf"note: the test R² of (\S+) is one row's: row {row + 1} of {re.escape(path)} \(the test "
                        rf"part\), whose target is {marker}, holds over 99\.9% of the test squared error; without it "
                        rf"the test R² is (\S+)", note)
    assert said and float(said[1]) <= 0 < float(said[2])
    assert "learning rate" not in out


def test_a_marker_in_the_training_part_is_named_with_its_remedy_and_the_r2_note_points_back(
        tmp_path, capsys, monkeypatch):
    row = split_rows(M)[1][5]
    path = _csv(tmp_path / "lone_target.csv", "99999", row)
    before, out, after = _train(path, tmp_path, capsys, monkeypatch)
    warned = [line for line in before.splitlines() if "99999" in line]
    assert len(warned) == 1 and warned[0].startswith(
        f"warning: target column 'y' holds 99999 in row {row + 1} of {path}, over 99.9% of the column's spread")
    assert warned[0].endswith("; if it marks a missing value, --na-values 99999 --missing drop drops every row "
                              "that holds it")
    assert "99999" not in after
    note = next(line for line in out.splitlines() if "R²" in line)
    assert "the training targets' lone value, which the warning before training named" in note
    assert "learning rate" not in note


def test_the_advised_options_drop_the_marker_and_the_warnings_with_it(tmp_path, capsys, monkeypatch):
    row = split_rows(M)[0][3]
    path = _csv(tmp_path / "lone_target.csv", "99999", row)
    before, out, after = _train(path, tmp_path, capsys, monkeypatch, "--na-values", "99999", "--missing", "drop")
    assert "99999" not in before + after and "R²" not in out
    test_r2 = float(out.splitlines()[[line.split()[0] for line in out.splitlines()].index("test")].split()[-1])
    assert test_r2 > 0.9


def test_a_lone_validation_target_in_python_is_named_not_taken_for_other_units():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (M, 2))
    y = 3 * X[:, 0] - 2 * X[:, 1] + 0.1 * rng.normal(size=M)
    y[250] = 99999
    xs, ys = data.Standardizer().fit(X[:240]), data.Standardizer().fit(y[:240])
    y_val = ys.transform(y[240:])
    model = nn.MLP([2, 8, 1], rng=np.random.default_rng(0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(xs.transform(X[:240]), ys.transform(y[:240]), loss="mse", optimizer="adam", epochs=2, verbose=0,
                  validation_data=(xs.transform(X[240:]), y_val))
    said = [str(w.message) for w in caught]
    assert len(said) == 1 and said[0].startswith(
        f"row 10 of y_val holds {y_val[10]:.6g}, far past every training target (|y| <= ")
    assert "whose spread it holds (over 99.9%): a marker of missing values? Fix or leave out that row" in said[0]
    assert "other units" not in said[0] and "scaler" not in said[0]


@pytest.mark.parametrize("dataset", ["plane", "sine"])
def test_the_built_in_regressions_draw_no_lone_target_words(tmp_path, capsys, dataset):
    assert cli.main(["train", "--dataset", dataset, "--epochs", "5", "--quiet", "--out", str(tmp_path / "run")]) == 0
    out, err = capsys.readouterr()
    assert "holds" not in err and "one row's" not in out and "lone value" not in out


@pytest.mark.parametrize("seed", range(4))
def test_an_honest_heavy_tailed_target_draws_no_lone_target_words(tmp_path, capsys, monkeypatch, seed):
    def lognormal(rng, X):
        return np.exp(2 * X[:, 0] - X[:, 1] + np.random.default_rng(seed).normal(size=M))
    path = _csv(tmp_path / "prices.csv", target=lognormal)
    before, out, after = _train(path, tmp_path, capsys, monkeypatch)
    assert "holds" not in before + after and "one row's" not in out and "lone value" not in out


def test_the_python_warning_as_an_error_leaves_the_model_untrained():
    rng = np.random.default_rng(1)
    X, y = rng.uniform(-1, 1, (100, 2)), rng.normal(size=100)
    y_val = rng.normal(size=20)
    y_val[[2, 5, 9]] = -999.0   # three copies of one marker: named as such, not as other units
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    before = [p.data.copy() for p in model.parameters()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match=r"^3 rows of y_val, such as row 2, hold -999, far past every training "
                                              r"target .* whose spread they hold .*all nines: a marker of missing "
                                              r"values\? Fix or leave out those rows"):
            model.fit(X, y, loss="mse", optimizer="adam", epochs=2, verbose=0, validation_data=(X[:20], y_val))
    assert all(np.array_equal(p.data, q) for p, q in zip(model.parameters(), before))
