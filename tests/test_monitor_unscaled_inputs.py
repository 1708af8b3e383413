"""The training monitor names inputs far from unit scale when they hold a run back: reported on the
runs that do not fit their data, quiet on those that fit and where the inputs are standardised
(by hand, by a Standardize layer in front, by ``neuralab train``), and deferring to a report that
already says to standardise them."""
import json
import re

import numpy as np
import pandas as pd
import pytest

from neuralab import cli, data, nn, optim
from neuralab.nn.plane_features import FEATURES, feature_columns
from neuralab.play.protocol import GENERATED
from neuralab.train import Monitor
from neuralab.train.diagnose_inputs import far_columns, inputs_off_scale, unscaled_inputs
from neuralab.train.layer_stats import input_columns
from neuralab.train.diagnose_curve import fits_the_data

STANDARDISE = ("standardise the inputs (mean 0, std 1 per column), with the mean and std of the training "
               "part, which then transform the validation, test and new data too")


def _unscaled_moons(n=300):
    X, y = data.load("moons", n_samples=n, seed=0)
    return np.asarray(X, np.float32), np.asarray(y)


def _unscaled_run(X, y, *, loss="bce_logits", optimizer=optim.Adam, lr=0.01, epochs=40, model=None, **monitor):
    """A 2-16-1 (or ``model``) network fitted with ``loss``; its monitor (a record every 5 steps)."""
    if model is None:
        k = len(np.unique(y))
        model = nn.MLP([X.shape[1], 16, k if loss == "cross_entropy" else 1],
                       output="softmax" if loss == "cross_entropy" else "sigmoid", rng=np.random.default_rng(0))
    watch = Monitor(every=5, **monitor)
    model.fit(X, y, loss=loss, optimizer=optimizer(model.parameters(), lr=lr), epochs=epochs, verbose=0,
              callbacks=[watch], seed=0)
    return watch


def _unscaled_standardise(X):
    return data.Standardizer().fit_transform(X).astype(np.float32)


def test_moons_in_hundreds_is_reported_where_standardised_moons_fits():
    # the sweep's case: moons × 100 on BCE from the logits with Adam 0.01 ended at accuracy 0.86 and
    # the report said "no problems found"; standardised, the same run fits (accuracy 1.00)
    X, y = _unscaled_moons()
    frame = pd.DataFrame(X * 100, columns=["east_mm", "north_mm"])
    monitor = _unscaled_run(frame, y)
    report = monitor.report()
    assert report.names == ["unscaled_inputs"]
    (d,) = report
    assert d.severity == "warning" and d.title == "Inputs far from unit scale"
    mean, std = X.mean(axis=0) * 100, X.std(axis=0) * 100
    assert "the inputs 0 Dense takes (2 columns) hold columns" in d.evidence
    assert "far above unit scale (root mean square sqrt(μ² + σ²) >= 30): column 'east_mm'" in d.evidence
    assert "column 'north_mm'" in d.evidence
    said = re.search(r"does not fit its training data \(training accuracy (\d+\.\d)%\)", d.evidence)
    assert said and 80 <= float(said[1]) <= 95      # 87 to 90 % by BLAS kernel: well short of a fit (99 %)
    # the probe's μ and σ are those of 64 of the rows: of the data's order of magnitude
    np.testing.assert_allclose(monitor.inputs["std"], std, rtol=0.3)
    assert np.all(np.abs(np.array(monitor.inputs["mean"])) < np.abs(mean) + std / 2)
    assert d.advice() == [f"{STANDARDISE}: data.Standardizer"]        # a table: no word of pixels
    json.dumps(monitor.to_dict(), allow_nan=False)                    # the inputs' statistics stream too

    fitted = _unscaled_run(_unscaled_standardise(X), y)
    assert fits_the_data(fitted) is not None and fitted.report() == []


def test_the_thresholds_on_hand_set_columns():
    # columns: large (root mean square 31), within it (29), off-centre (μ 5, σ 1.6), centred enough
    # (μ 5, σ 1.7), a spread in hundredths (σ 0.03), one a little larger (0.031), a faint pixel
    # (σ 0.003 but 0 in most rows), a one-hot class in 1 row of 64, a constant column of 0
    columns = {"rows": 64, "mean": [0.0, 0.0, 5.0, 5.0, 0.5, 0.5, 0.001, 1 / 64, 0.0],
               "std": [31.0, 29.0, 1.6, 1.7, 0.03, 0.031, 0.003, 0.124, 0.0],
               "varied": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 1 / 64, 0.0]}
    far = far_columns(columns)
    assert {kind: list(j) for kind, j in far.items()} == {"large": [0], "off_centre": [2], "small": [4]}
    stats = input_columns(np.array([[0.0, 2.0], [0.0, 4.0]]))
    assert stats == {"rows": 2, "mean": [0.0, 3.0], "std": [0.0, 1.0], "min": [0.0, 2.0], "max": [0.0, 4.0],
                     "varied": [0.0, 1.0]}


def test_a_column_far_from_unit_scale_two_ways_is_named_once():
    # μ 7, σ 0.02 is off-centre and of a tiny spread, μ 2000, σ 0.01 large, off-centre and tiny:
    # the evidence named each twice, once as small
    columns = {"rows": 64, "mean": [7.0, 2000.0, 0.5], "std": [0.02, 0.01, 0.02], "varied": [1.0, 1.0, 1.0]}
    far = far_columns(columns)
    assert {kind: list(j) for kind, j in far.items()} == {"large": [1], "off_centre": [0], "small": [2]}


@pytest.mark.parametrize("how, kind", [
    (lambda X: X * 0.001, "far below unit scale, all that vary (|x| <= 0.01): they span -0.00"),
    (lambda X: X * 0.01, "of a spread far below unit scale (σ <= 0.03): column "),   # the least σ first
    (lambda X: _unscaled_standardise(X) + 10, "far from 0 (|μ| >= 5 and >= 3σ): column 0 (μ")],
    ids=["thousandths", "hundredths", "shifted"])
def test_inputs_in_thousandths_or_far_from_0_are_reported_not_a_learning_rate_too_low(how, kind):
    # SGD at 0.01 on moons × 0.001 was told "learning rate too low: raise it": a column of σ 0.001
    # needs weights of 1000 before it moves z, and standardising is the remedy, not a larger step
    X, y = _unscaled_moons()
    report = _unscaled_run(how(X), y, optimizer=optim.SGD).report()
    assert report.names[0] == "unscaled_inputs" and "learning_rate_too_low" not in report.names   # the data first
    assert f"hold columns {kind}" in report[0].evidence


def test_a_run_that_fits_is_quiet_whatever_its_inputs():
    # iris, as loaded: sepal lengths near 5.8 with σ 0.8 sit far from 0, but setosa-or-not fits
    X, y = data.load("iris")
    X, y = np.asarray(X, np.float32), (np.asarray(y) == 0).astype(np.int64)
    monitor = _unscaled_run(X, y)
    assert list(far_columns(monitor.inputs)) == ["off_centre"]
    assert fits_the_data(monitor) is not None and monitor.report() == []


def test_a_standardize_layer_in_front_counts_as_standardised():
    # the raw moons × 100 given as the probe, the model standardising them itself: what the first
    # Dense layer computes with has unit scale, and the same run as the first test's fits
    X, y = _unscaled_moons()
    X = X * 100
    scaler = data.Standardizer().fit(X)
    mlp = nn.MLP([2, 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    model = nn.Sequential(nn.Standardize(2, mean=scaler.mean, std=scaler.std), *mlp.layers)
    monitor = _unscaled_run(X, y, model=model, probe=X[:64])
    assert np.abs(monitor.inputs["mean"]).max() < 0.5 and np.abs(np.array(monitor.inputs["std"]) - 1).max() < 0.3
    assert far_columns(monitor.inputs) == {} and monitor.report() == []


def test_it_defers_to_a_report_that_already_says_standardise():
    # BCE on the probabilities of moons × 100: the output is pinned on wrong answers, and that report
    # gives "standardise the inputs" among its remedies: the inputs are not reported twice
    X, y = _unscaled_moons()
    monitor = _unscaled_run(X * 100, y, loss="bce")
    report = monitor.report()
    assert far_columns(monitor.inputs) and fits_the_data(monitor) is None
    assert "pinned_output" in report.names and "unscaled_inputs" not in report.names
    assert any("standardise the inputs" in r for r in report[report.names.index("pinned_output")].advice())


def test_pixels_in_0_to_255_are_told_to_divide_by_255_and_pixels_in_0_to_1_are_quiet():
    X, y = data.load("digits")
    X, y = np.asarray(X, np.float32)[:600], np.asarray(y)[:600]           # 8×8 pixels in 0..16
    report = _unscaled_run(X * 255 / 16, y, loss="cross_entropy", lr=0.001, epochs=10).report()
    assert report.names == ["unscaled_inputs"]
    assert report[0].advice()[-1] == ("for pixel values, divide them by the largest one possible (255 for "
                                      "8-bit images): [0, 1] serves as well: X / 255.0")
    quiet = _unscaled_run(X / 16, y, loss="cross_entropy", lr=0.001, epochs=10)
    # 10 epochs at lr 0.001 end at 80 %, still climbing 3 points an epoch: that alone is said
    assert fits_the_data(quiet) is None and far_columns(quiet.inputs) == {} and quiet.report().names == ["cut_short"]


def test_neuralab_train_standardises_its_inputs_and_is_never_told_to(tmp_path, capsys):
    # wine as loaded has proline in the hundreds; neuralab train standardises it, so a run that
    # does not fit (2 epochs at a small learning rate) is not blamed on its inputs
    assert cli.main(["train", "--dataset", "wine", "--epochs", "2", "--lr", "0.0001", "--monitor",
                     "--quiet", "--seed", "0", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Training monitor:" in out and "Inputs far from unit scale" not in out
    # nor would its advice say to: the command standardises every input, pixels among them
    X, y = _unscaled_moons()
    (d,) = _unscaled_run(X * 100, y).report()
    assert d.advice("cli") == [] and "try:" not in d.text("cli")
    assert d.advice("play") == [f"{STANDARDISE}: in the ⤓ Python script, data.Standardizer"]   # no such control


@pytest.mark.parametrize("name", ["circles", "xor", "gaussians", "spiral", "moons", "checkerboard", "plane"])
def test_the_playgrounds_plane_features_are_within_unit_scale(name):
    # the page trains its 2-D data on features of the points, unstandardised: x1² of points within
    # ±6 reaches 36, the gaussians' x1² sits near 4 ± 1; none of it is far enough to be named
    assert name in GENERATED
    for noise in (0.0, 0.1, 1.0):
        for seed in range(3):
            X = data.load(name, n_samples=320, noise=noise, seed=seed).X
            features = feature_columns(np.asarray(X, np.float64), list(FEATURES))
            for probe in np.split(features, 5):                   # probes of 64 rows
                assert far_columns(input_columns(probe)) == {}, (noise, seed)


def test_inputs_constant_in_every_column_are_not_told_to_be_standardised():
    # a file of constant features (7 in every row): "far from 0 (|μ| >= 5 and >= 3σ), column 0 (μ 7, σ 0)", and
    # standardise them, which makes every column 0; nothing in them varies, so no scale mends the run
    _, y = _unscaled_moons(200)
    constant = _unscaled_run(np.full((200, 2), 7, np.float32), y, epochs=10)
    assert far_columns(constant.inputs) == {} and "unscaled_inputs" not in constant.report().names
    # one constant column beside columns that vary is named by its μ: each step grows with it
    X, _ = _unscaled_moons(200)
    beside = _unscaled_run(np.column_stack([_unscaled_standardise(X), np.full(200, 7, np.float32)]), y,
                           optimizer=optim.SGD, lr=1e-4, epochs=10)
    (d,) = [d for d in beside.report() if d.name == "unscaled_inputs"]
    assert "far from 0 (|μ| >= 5 and >= 3σ): column 2 (μ 7, σ 0)" in d.evidence


def test_a_probe_of_one_row_says_nothing_of_the_inputs_scale():
    # data of one row: over it every σ is 0, and 7 and 9 sat "far from 0 (|μ| >= 5 and >= 3σ)", of a root mean
    # square 5 or more (the columns a classifier at guessing's loss names first), as any value of 5 or more would
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    monitor = Monitor(every=1)
    model.fit(np.array([[7.0, 9.0]], np.float32), np.array([1.0], np.float32), loss="bce",
              optimizer=optim.SGD(model.parameters(), lr=1e-9), epochs=25, verbose=0, callbacks=[monitor], seed=0)
    assert monitor.inputs["rows"] == 1 and monitor.inputs["mean"] == [7.0, 9.0]
    assert far_columns(monitor.inputs) == {} and inputs_off_scale(monitor) is None and unscaled_inputs(monitor) is None
