"""`neuralab train` as a user runs it: outputs, reproducibility, options and one-line errors."""
import csv
import io
import itertools
import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from neuralab import cli, data, load, nn, optim
from neuralab.cli.encoding import spell
from neuralab.cli.loss_warning import loss_warning
from neuralab.cli.report import class_legend, curve_predictor, number, plane_predictor
from neuralab.data.csv import AUTO_MAX_CLASSES
from neuralab.train import History, plots
from spreadsheets import imbalanced_csv


def run(*args):
    return subprocess.run([sys.executable, "-m", "neuralab.cli", *args], capture_output=True, text=True,
                          timeout=300)


def _cli_history_csv(folder):
    """The run's history.csv as {column: list of floats}, NaN for an empty cell."""
    with open(folder / "history.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {key: [float(row[key]) if row[key] else math.nan for row in rows] for key in rows[0]}


def test_default_run_writes_model_and_figures(tmp_path):
    out = tmp_path / "run"
    result = run("train", "--epochs", "150", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "spiral" in result.stdout and "2-16-16-1" in result.stdout
    assert "epoch 150/150" in result.stderr and "loss=" in result.stderr  # progress bar
    for line in ("train", "test"):
        assert any(row.startswith(line) for row in result.stdout.splitlines())
    assert f"to {out}/" in result.stdout
    for name in ("model.npz", "loss.png", "decision_boundary.png", "history.csv", "metrics.json"):
        assert (out / name).stat().st_size > 0
    for name in ("loss.png", "decision_boundary.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = json.loads((out / "metrics.json").read_text())
    assert report["results"]["test"]["accuracy"] > 0.9
    model = load(out / "model.npz")
    assert [layer.to_spec()["type"] for layer in model.layers][-1] == "Sigmoid"


def test_same_seed_gives_the_same_model_bit_for_bit(tmp_path, capsys):
    # every option that draws or watches, and a progress bar in one run only
    options = ["--dropout", "0.2", "--batchnorm", "--augment", "--early-stopping", "2", "--monitor"]
    models, reports = [], []
    for name, seed, quiet in (("a", "3", ["--quiet"]), ("b", "3", []), ("c", "4", ["--quiet"])):
        assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--seed", seed, *options, *quiet,
                         "--out", str(tmp_path / name)]) == 0
        with np.load(tmp_path / name / "model.npz") as arrays:  # closed: an open one warns when collected
            models.append({key: arrays[key] for key in arrays.files})
        reports.append(json.loads((tmp_path / name / "metrics.json").read_text()))
        del reports[-1]["command"]  # the one entry that names the folder and --quiet
    a, b, c = models
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    assert reports[0] == reports[1]
    assert not np.array_equal(a["1.weight"], c["1.weight"])  # 0 is the standardisation


@pytest.mark.parametrize("args", [
    ["--dataset", "iris", "--layers", "auto,8,auto", "--optimizer", "nesterov", "--lr", "0.05"],
    ["--dataset", "iris", "--loss", "mse", "--optimizer", "rmsprop"],
    ["--dataset", "sine", "--activation", "tanh", "--optimizer", "adamw", "--batch-size", "full"],
    ["--dataset", "moons", "--optimizer", "adagrad"],
    ["--dataset", "circles", "--loss", "bce_logits", "--output", "identity", "--optimizer", "sgd",
     "--batch-size", "1"],
    ["--dataset", "gaussians", "--optimizer", "momentum", "--activation", "leaky_relu"],
    ["--dataset", "spiral", "--samples", "300", "--noise", "0.3", "--layers", "2,8,8,1"],
    ["--dataset", "moons", "--dropout", "0.3", "--batchnorm", "--init", "xavier_normal"],
    ["--dataset", "circles", "--l1", "0.001", "--l2", "0.01", "--clip-norm", "1.0"],
    ["--dataset", "digits", "--augment", "--schedule", "warmup:1,step:1:0.5", "--layers", "auto,32,auto"],
    ["--dataset", "xor", "--augment", "--schedule", "cosine:1:2"],
])
def test_options(tmp_path, args):
    assert cli.main(["train", *args, "--epochs", "2", "--quiet", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "model.npz").exists()


def test_own_csv_data(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 3))
    labels = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no")
    rows = ["a,b,c,label"] + [f"{x[0]:.4f},{x[1]:.4f},{x[2]:.4f},{lab}" for x, lab in zip(X, labels)]
    path = tmp_path / "mine.csv"
    path.write_text("\n".join(rows) + "\n")
    result = run("train", "--data", str(path), "--target", "label", "--epochs", "20", "--quiet",
                 "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "3-16-16-1" in result.stdout
    assert not (tmp_path / "out" / "decision_boundary.png").exists()  # 3 features: no plane to draw


@pytest.mark.parametrize("head, last, units", [
    (["--loss", "cross_entropy"], "Softmax", 2),
    (["--output", "softmax"], "Softmax", 2),
    (["--output", "softmax", "--loss", "mse"], "Softmax", 2),
    (["--output", "identity", "--loss", "cross_entropy"], "Dense", 2),   # raw scores: no activation
    (["--output", "identity", "--loss", "bce_logits"], "Dense", 1),
    ([], "Sigmoid", 1),
])
def test_two_classes_get_one_output_per_class_when_the_head_asks_for_it(tmp_path, head, last, units):
    assert cli.main(["train", "--dataset", "moons", *head, "--epochs", "40", "--quiet", "--out", str(tmp_path)]) == 0
    model = load(tmp_path / "model.npz")
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    assert type(model.layers[-1]).__name__ == last and dense[-1].out_features == units
    assert json.loads((tmp_path / "metrics.json").read_text())["results"]["test"]["accuracy"] > 0.8


def test_a_regression_target_far_from_zero_is_learned_and_saved_in_its_units(tmp_path):
    # a price near 300,000: the network learns it standardised, the table and the saved model
    # are in its units (before, r² stayed near -20 and nothing said why)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 2))
    price = 300_000 + 50_000 * X[:, 0] - 20_000 * X[:, 1]
    rows = ["rooms,age,price"] + [f"{a:.5f},{b:.5f},{p:.2f}" for (a, b), p in zip(X, price)]
    (tmp_path / "houses.csv").write_text("\n".join(rows) + "\n")
    result = run("train", "--data", str(tmp_path / "houses.csv"), "--target", "price", "--epochs", "100",
                 "--quiet", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "the network learns the target standardised" in result.stdout
    report = json.loads((tmp_path / "out" / "metrics.json").read_text())["results"]
    assert report["test"]["r2"] > 0.95 and report["test"]["mae"] < 10_000
    model = load(tmp_path / "out" / "model.npz")
    assert [type(layer).__name__ for layer in model.layers][::len(model.layers) - 1] == ["Standardize", "Standardize"]
    pred = model.predict(X.astype(np.float32))[:, 0]
    assert np.abs(pred - price).mean() < 10_000
    # the saved model knows its columns: a table of them in another order is refused, not misread
    assert model.feature_names == ("rooms", "age")
    pd = pytest.importorskip("pandas")
    with pytest.raises(ValueError, match=r"in another order than those the model was trained on, 'rooms', 'age'"):
        model.predict(pd.DataFrame({"age": X[:, 1], "rooms": X[:, 0]}))


def test_a_regression_records_its_target_scaling_and_says_the_units_of_early_stopping(tmp_path, capsys):
    # history and the early-stopping line are in the standardised target's units, the table and
    # results in the target's: metrics.json holds the scaling between them, the line says both
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 2))
    price = 300_000 + 50_000 * X[:, 0] - 20_000 * X[:, 1] + 2_000 * rng.standard_normal(300)
    path = write_csv(tmp_path / "houses.csv", ["rooms", "age", "price"],
                     [(f"{a:.5f}", f"{b:.5f}", f"{p:.2f}") for (a, b), p in zip(X, price)])
    assert cli.main(["train", "--data", path, "--target", "price", "--epochs", "300", "--early-stopping", "3",
                     "--quiet", "--out", str(tmp_path / "es")]) == 0
    out = capsys.readouterr().out
    report = json.loads((tmp_path / "es" / "metrics.json").read_text())
    mean, std = report["target_mean"], report["target_std"]
    assert abs(mean - 300_000) < 10_000 and 40_000 < std < 70_000
    inverse = load(tmp_path / "es" / "model.npz").layers[-1]  # the output mapped back, y = a·σ + μ
    assert repr(inverse) == "Standardize(1, inverse=True)"
    assert inverse.std[0] == pytest.approx(std, rel=1e-6) and inverse.mean[0] == pytest.approx(mean, rel=1e-6)
    assert "standardised target" in report["history_units"] and "target_std²" in report["history_units"]
    assert "history.csv are in those units" in out
    line = next(line for line in out.splitlines() if line.startswith("training ended early: early stopping"))
    best, shown_std, in_units = re.search(r"best (\S+) after .*: (\S+) × (\S+)² = (\S+) in the target's units",
                                         line).group(1, 3, 4)
    assert "val_loss is the MSE of the standardised target" in line
    assert float(best) == pytest.approx(min(_cli_history_csv(tmp_path / "es")["val_loss"]), rel=1e-3)
    assert float(shown_std) == pytest.approx(std, rel=1e-6)
    assert float(in_units) == pytest.approx(float(best) * std ** 2, rel=2e-3) and float(in_units) > 1e5

    # without early stopping the test part is the validation part: history's last val_ scores,
    # scaled as history_units says, are the table's test scores of the saved (last) model
    assert cli.main(["train", "--data", path, "--target", "price", "--epochs", "20", "--quiet",
                     "--out", str(tmp_path / "all")]) == 0
    report = json.loads((tmp_path / "all" / "metrics.json").read_text())
    history, test, std = _cli_history_csv(tmp_path / "all"), report["results"]["test"], report["target_std"]
    assert history["val_mse"][-1] * std ** 2 == pytest.approx(test["mse"], rel=1e-3)
    assert history["val_loss"][-1] * std ** 2 == pytest.approx(test["loss"], rel=1e-3)
    assert history["val_mae"][-1] * std == pytest.approx(test["mae"], rel=1e-3)
    assert history["val_r2"][-1] == pytest.approx(test["r2"], abs=1e-3)


def test_a_regression_target_in_units_of_1e20_gets_a_finite_table(tmp_path):
    # float32 squares of errors near 1e20 overflow; the table scores in float64
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, 60)
    rows = ["x,y"] + [f"{a:.6f},{a * 1e20:.6e}" for a in x]
    (tmp_path / "big.csv").write_text("\n".join(rows) + "\n")
    result = run("train", "--data", str(tmp_path / "big.csv"), "--target", "y", "--task", "regression",
                 "--epochs", "5", "--quiet", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "inf" not in result.stdout.split("loss", 1)[1]
    report = json.loads((tmp_path / "out" / "metrics.json").read_text())["results"]
    for part in ("train", "test"):
        assert report[part]["loss"] == pytest.approx(report[part]["mse"], rel=1e-12) and 1e38 < report[part]["mse"] < 1e44


def test_a_run_records_which_class_each_output_number_is(tmp_path, monkeypatch, capsys):
    # "Yes" sorts before "no": coded 0 and 1, the model's output is the probability of "no".
    # Before, nothing the run wrote said so, nor the order of the columns around the target.
    legends = []
    real = plots.decision_boundary

    def recording(*args, **kwargs):
        fig = real(*args, **kwargs)
        legends.append([text.get_text() for text in fig.axes[0].get_legend().get_texts()])
        return fig

    monkeypatch.setattr(plots, "decision_boundary", recording)
    rng = np.random.default_rng(6)
    X = rng.standard_normal((60, 2))
    path = write_csv(tmp_path / "flags.csv", ["a", "flag", "b"],
                     [(f"{a:.3f}", "Yes" if a > 0 else "no", f"{b:.3f}") for a, b in X])
    assert cli.main(["train", "--data", path, "--target", "flag", "--epochs", "30", "--quiet",
                     "--out", str(tmp_path / "out")]) == 0
    assert "classes: 0 = 'Yes', 1 = 'no'; the model outputs the probability of class 1, 'no'" in capsys.readouterr().out
    report = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert (report["target"], report["features"], report["classes"]) == ("flag", ["a", "b"], ["Yes", "no"])
    assert legends == [["Yes", "no"]]
    model = load(tmp_path / "out" / "model.npz")
    assert ((model.predict(X.astype(np.float32))[:, 0] > 0.5) == (X[:, 0] <= 0)).mean() > 0.9


@pytest.mark.parametrize("args, legend", [
    (["--dataset", "iris"], "classes: 0 = 'setosa', 1 = 'versicolor', 2 = 'virginica'; the model outputs one "
                            "probability per class, in this order"),
    (["--dataset", "iris", "--output", "identity"], "one score per class, in this order"),
    (["--dataset", "circles"], "classes: 0 = 'outer', 1 = 'inner'; the model outputs the probability of "
                               "class 1, 'inner'"),
    (["--dataset", "spiral"], None),   # classes named 0 and 1: nothing to explain
])
def test_the_class_legend_says_what_the_outputs_are(tmp_path, capsys, args, legend):
    assert cli.main(["train", *args, "--epochs", "1", "--quiet", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (legend in out) if legend else "classes:" not in out


def test_a_loss_that_rose_again_after_it_converged_is_told_as_such():
    # a 100,000-epoch default run (Adam) fell to 5e-12, then rose to 1.25: it was told "did not
    # fall: try a lower learning rate"; one that rose to 0.3, below its first epoch, was told nothing
    params = nn.Dense(1, 1).parameters()
    adam, sgd = optim.Adam(params, lr=0.01), optim.SGD(params, lr=0.01)
    rose = loss_warning([0.68, 0.1, 1e-6, 5e-12, 0.5, 1.25], adam)
    assert rose == ("the training loss fell to 5e-12 (epoch 4), then rose again to 1.2500 by the last "
                    "epoch: with the gradients near 0, Adam's steps stay near the learning rate; try a decaying "
                    "learning rate (--schedule step:1:0.5, halving it within this run) or fewer epochs (--epochs 4); "
                    "--monitor says more")
    # the step fits the run: step:1000 in a run of 6 epochs changed nothing
    assert "--schedule step:250:0.5" in loss_warning([0.68, 1e-9] + [1e-12] * 997 + [0.5, 1.25], adam)
    assert loss_warning([0.68, 1e-11, 0.3], sgd).startswith("the training loss fell to 1e-11 (epoch 2), "
                                                           "then rose again to 0.3000 by the last epoch: try")
    assert loss_warning([0.68, 0.7], adam).startswith("the training loss did not fall (0.6800 in the first")
    assert loss_warning([0.68, 1e-9], adam) is None and loss_warning([0.68, 1e-9, 1e-7], adam) is None
    assert loss_warning([0.68], adam) is None


def test_the_class_legend_cuts_a_class_name_of_a_thousand_characters():
    # a model file keeps such a name whole; the line printed with the run's table need not
    long = "region " * 142 + "north"
    legend = class_legend(["south", long], 1, "sigmoid")
    assert len(legend) < 250 and "1 = 'region region" in legend and "…" in legend
    assert legend.endswith("north'")        # its end, which tells such names apart, kept


def test_the_advice_for_bce_on_softmax_outputs_is_accepted(tmp_path):
    assert cli.main(["train", "--dataset", "moons", "--output", "softmax", "--loss", "cross_entropy",
                     "--epochs", "1", "--quiet", "--out", str(tmp_path)]) == 0


@pytest.mark.parametrize("output, loss, says", [
    ("sigmoid", "bce", "the probability of class 1, 'yes'"),
    ("identity", "bce_logits", "the score (logit) of class 1, 'yes'"),
    # MSE's output is its fit of the 0/1 label, thresholded at 0.5 by the run: no logit
    ("identity", "mse", "its fit of the 0/1 label: class 1, 'yes', when it is ≥ 0.5"),
])
def test_the_class_legend_of_one_output_says_what_its_loss_makes_it(output, loss, says):
    assert class_legend(["no", "yes"], 1, output, loss) == f"classes: 0 = 'no', 1 = 'yes'; the model outputs {says}"


def test_constant_features_are_named_and_not_blamed_on_the_learning_rate(tmp_path, capsys):
    rng = np.random.default_rng(7)
    rows = [(f"{a:.3f}", 5, 1, "p" if i % 2 else "q") for i, a in enumerate(rng.standard_normal(40))]
    path = write_csv(tmp_path / "c.csv", ["x", "c", "d", "label"], rows)
    assert cli.main(["train", "--data", path, "--target", "label", "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    assert "warning: feature columns 'c', 'd' hold one value in every training row" in capsys.readouterr().err
    path = write_csv(tmp_path / "all.csv", ["c", "d", "label"], [(5, 1, "p" if i % 2 else "q") for i in range(40)])
    assert cli.main(["train", "--data", path, "--target", "label", "--epochs", "20", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "every feature holds one value in all 32 training rows" in err and "learning rate" not in err
    # built-in images have blank border pixels: no warning for those
    assert cli.main(["train", "--dataset", "digits", "--epochs", "1", "--quiet", "--out", str(tmp_path / "d")]) == 0
    assert "warning" not in capsys.readouterr().err


def test_monitor_leaves_features_of_one_value_to_the_warning_that_names_them_in_the_file(tmp_path, capsys):
    # --monitor said it twice: the warning before training, then its finding of inputs that never
    # vary, of the standardised columns ("column 0 (μ 0, σ 0)")
    path = write_csv(tmp_path / "all.csv", ["c", "d", "label"], [(5, 1, "p" if i % 2 else "q") for i in range(40)])
    assert cli.main(["train", "--data", path, "--target", "label", "--epochs", "3", "--quiet", "--monitor",
                     "--out", str(tmp_path / "o")]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("holds one value") == 1
    assert ("class frequencies; the inputs are every column of the file but --target's and --ignore's: check that "
            "those are the ones meant") in captured.err
    said = "Training monitor: nothing to diagnose while every feature holds one value (the warning above)"
    assert said in captured.out.splitlines() and "never vary" not in captured.out + captured.err
    assert json.loads((tmp_path / "o" / "metrics.json").read_text())["diagnosis"] == said


def test_a_feature_with_one_value_still_gets_a_coloured_plane():
    X = np.column_stack([np.linspace(-1, 1, 20), np.full(20, 5.0)])
    fig = plots.decision_boundary(lambda points: (points[:, 0] > 0).astype(int), X, (X[:, 0] > 0).astype(int))
    low, high = fig.axes[0].get_ylim()
    assert low <= 4.5 and high >= 5.5


def test_mnist_files_with_a_one_image_class_say_so_in_their_terms(tmp_path, capsys):
    from test_data_idx import make_mnist
    make_mnist(tmp_path / "mnist", n=15)   # labels 0..9 then 0..4: classes 5..9 have one image
    err = error_of(capsys, "--dataset", "mnist", "--data-dir", str(tmp_path / "mnist"), "--out", str(tmp_path / "o"))
    assert "class '5' has only 1 of the 15 images in" in err and "--samples" not in err


def test_the_plane_is_labelled_with_the_csv_columns(tmp_path, monkeypatch):
    labels = []
    real = plots.decision_boundary

    def recording(*args, **kwargs):
        fig = real(*args, **kwargs)
        labels.append((fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()))
        return fig

    monkeypatch.setattr(plots, "decision_boundary", recording)
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 2))
    rows = ["température,humidité,pluie"] + [f"{a:.4f},{b:.4f},{int(a + b > 0)}" for a, b in X]
    (tmp_path / "météo.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli.main(["train", "--data", str(tmp_path / "météo.csv"), "--target", "pluie", "--epochs", "2",
                     "--quiet", "--out", str(tmp_path / "out")]) == 0
    assert labels == [("température", "humidité")]


def test_a_csv_with_another_delimiter(tmp_path):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 2))
    rows = ["a;b;label"] + [f"{a:.4f};{b:.4f};{int(a > b)}" for a, b in X]
    (tmp_path / "semi.csv").write_text("\n".join(rows) + "\n")
    result = run("train", "--data", str(tmp_path / "semi.csv"), "--target", "label", "--quiet",
                 "--out", str(tmp_path / "a"))
    assert result.returncode == 2 and "is the file separated by ';'? pass --delimiter ';'" in result.stderr
    assert cli.main(["train", "--data", str(tmp_path / "semi.csv"), "--target", "label", "--delimiter", ";",
                     "--epochs", "2", "--quiet", "--out", str(tmp_path / "b")]) == 0


def test_a_csv_with_decimal_commas(tmp_path, capsys):
    """A German spreadsheet saved as CSV: "0,1234" between ';'. Without --decimal the one-line
    error names the cell and the option; with --decimal , the run trains the same model, bit for
    bit, as on the same numbers written with points, with or without --delimiter ';' (the only
    delimiter that splits every row); --decimal , on cells separated by ',' is refused, naming
    both options; --help says what --decimal is for."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 2))
    rows = [f"{a:.4f};{b:.4f};{int(a > b)}" for a, b in X]
    (tmp_path / "points.csv").write_text("a;b;label\n" + "\n".join(rows) + "\n")
    commas = tmp_path / "commas.csv"
    commas.write_text("a;b;label\n" + "\n".join(row.replace(".", ",") for row in rows) + "\n")
    args = ["--target", "label", "--delimiter", ";", "--epochs", "3", "--quiet"]
    result = run("train", "--data", str(commas), *args, "--out", str(tmp_path / "refused"))
    assert result.returncode == 2 and result.stdout == ""
    first = rows[0].split(";")[0].replace(".", ",")
    assert result.stderr == (f"neuralab: error: {commas}: column 'a', row 1 (line 2): {first!r} is not a number "
                             f"(write decimals with a point: 0.5, not 0,5; or pass --decimal ',' to read the file's "
                             f"decimal commas)\n")
    assert cli.main(["train", "--data", str(tmp_path / "points.csv"), *args, "--out", str(tmp_path / "p")]) == 0
    assert cli.main(["train", "--data", str(commas), *args, "--decimal", ",", "--out", str(tmp_path / "c")]) == 0
    found = [arg for arg in args if arg not in ("--delimiter", ";")]
    assert cli.main(["train", "--data", str(commas), *found, "--decimal", ",", "--out", str(tmp_path / "f")]) == 0
    trained = [load(tmp_path / run_dir / "model.npz").parameters() for run_dir in ("p", "c", "f")]
    assert len(trained[0]) == len(trained[1]) == len(trained[2]) > 0
    for p, c, f in zip(*trained):
        np.testing.assert_array_equal(p.data, c.data)
        np.testing.assert_array_equal(p.data, f.data)
    capsys.readouterr()
    separated = tmp_path / "separated.csv"  # the points file with ',' between its cells
    separated.write_text((tmp_path / "points.csv").read_text().replace(";", ","))
    assert error_of(capsys, "--data", str(separated), "--target", "label", "--decimal", ",", "--out",
                    str(tmp_path / "o"), at_once=True) == (
        f"neuralab: error: {separated}: --decimal ',' reads '1,5' as one number, but the cells are separated by ',', "
        f"the default: pass --delimiter ';' (or the character that separates the file's cells), or, if its "
        f"numbers have decimal points, leave out --decimal")
    assert "1,5" in run("train", "--help").stdout.split("--decimal CHAR")[-1].split("--task")[0]


def test_a_loss_that_does_not_fall_is_pointed_out(tmp_path):
    # lr 1e10 saturates the sigmoid: no NaN, no divergence stop, but nothing learned either
    result = run("train", "--lr", "1e10", "--epochs", "5", "--quiet", "--out", str(tmp_path / "high"))
    assert result.returncode == 0
    assert "warning: the training loss did not fall" in result.stderr and "(now 1e+10)" in result.stderr
    result = run("train", "--epochs", "5", "--quiet", "--out", str(tmp_path / "fine"))
    assert result.returncode == 0 and "did not fall" not in result.stderr   # (5 epochs: "has not converged")


def test_the_saved_model_takes_data_in_its_own_units(tmp_path):
    # Features a thousand times apart: the network learns on standardised inputs, and the saved
    # model starts with that standardisation, so it predicts from the CSV's raw values.
    rng = np.random.default_rng(1)
    X = rng.standard_normal((200, 2)) * [1000.0, 0.001] + [5000.0, 0.0]
    labels = (X[:, 0] - 5000 > 1e6 * X[:, 1]).astype(int)
    rows = ["income,rate,label"] + [f"{a:.3f},{b:.7f},{c}" for (a, b), c in zip(X, labels)]
    (tmp_path / "raw.csv").write_text("\n".join(rows) + "\n")
    assert cli.main(["train", "--data", str(tmp_path / "raw.csv"), "--target", "label", "--epochs", "60",
                     "--quiet", "--out", str(tmp_path / "out")]) == 0
    model = load(tmp_path / "out" / "model.npz")
    assert isinstance(model.layers[0], nn.Standardize)
    accuracy = ((model.predict(X)[:, 0] >= 0.5) == labels).mean()
    report = json.loads((tmp_path / "out" / "metrics.json").read_text())["results"]
    assert accuracy > 0.9
    assert accuracy == pytest.approx((160 * report["train"]["accuracy"] + 40 * report["test"]["accuracy"]) / 200)


@pytest.mark.parametrize("args, message", [
    (["--dataset", "spirals"], "spiral"),
    (["--dataset", "iris", "--noise", "0.1"], "noise"),
    (["--dataset", "moons", "--samples", "0"], "--samples must be between 1 and"),
    (["--dataset", "moons", "--classes", "3"], "unknown option '--classes' for dataset 'moons'; "
                                               "valid options: --samples, --noise, --seed"),
    (["--dataset", "gaussians", "--classes", "1"], "--classes must be between 2 and"),
    (["--schedule", "step:0"], "--schedule step:0: SIZE must be"),
    (["--layers", "3,16,1"], "2 features"),
    (["--layers", "auto,0,auto"], "positive integer"),
    (["--layers", "auto,16,4"], "needs 1"),
    (["--batch-size", "0"], "--batch-size"),
    (["--epochs", "0"], "--epochs"),
    (["--test-size", "1.5"], "--test-size"),
    (["--data", "missing.csv", "--target", "y"], "missing.csv"),
    (["--data", "x.csv"], "--target"),
    (["--dataset", "sine", "--loss", "bce"], "--loss"),
    (["--dropout", "1.5"], "dropout must"),
    (["--l2", "-1"], "--l2 must be"),
    (["--schedule", "linear:3"], "unknown schedule"),
    (["--early-stopping", "-1"], "--early-stopping must be"),
    (["--clip-norm", "0"], "--clip-norm must be"),
    (["--batchnorm", "--batch-size", "1"], "BatchNorm1d needs at least 2"),
    (["--dataset", "iris", "--loss", "bce", "--output", "sigmoid"], "two classes"),
    (["--dataset", "moons", "--output", "sigmoid", "--loss", "cross_entropy"], "--output softmax"),
    (["--dataset", "sine", "--output", "softmax"], "regression task"),
    (["--dataset", "moons", "--data", "x.csv", "--target", "y"], "keep one"),
    (["--lr", "abc"], "argument --lr: invalid float value"),       # argparse's own, in one line too
    (["--optimizer", "lbfgs"], "argument --optimizer: invalid choice"),
])
def test_errors_are_one_line(tmp_path, capsys, args, message):
    assert message in error_of(capsys, "--out", str(tmp_path / "o"), *args)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("option, value, meant", [
    ("--activation", "ReLU", "relu"), ("--activation", "Leaky-ReLU", "leaky_relu"), ("--loss", "MSE", "mse"),
    ("--output", "Sigmoid", "sigmoid"), ("--task", "Regression", "regression"), ("--dtype", "Float64", "float64"),
])
def test_a_name_the_library_reads_in_one_case_only_is_refused_with_the_one_meant(tmp_path, capsys, option, value,
                                                                                    meant):
    # argparse listed the choices but not the one meant, as nn.MLP(activation="ReLU") and
    # nn.losses.get("MSE") name it
    err = error_of(capsys, "--out", str(tmp_path / "o"), option, value, at_once=True)
    assert err.startswith(f"neuralab: error: argument {option}: invalid choice: {value!r}; did you mean {meant!r}? "
                          f"choose from ")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("value, meant", [("He", "'he_uniform' or 'he_normal'"),
                                          ("xavier", "'xavier_uniform' or 'xavier_normal'")])
def test_an_init_family_is_answered_with_both_its_members_as_the_library_does(tmp_path, capsys, value, meant):
    # --init He listed the choices and suggested nothing, where nn.MLP(init="He") names both
    err = error_of(capsys, "--out", str(tmp_path / "o"), "--init", value, at_once=True)
    assert err.startswith(f"neuralab: error: argument --init: invalid choice: {value!r}; did you mean {meant}? ")


def test_an_optimizer_named_in_any_case_is_read_as_optim_get_reads_it(tmp_path, capsys):
    # optim.get("Adam") is Adam, but `--optimizer Adam` was an invalid choice
    out = tmp_path / "o"
    assert cli.main(["train", "--epochs", "1", "--quiet", "--optimizer", "Adam", "--out", str(out)]) == 0
    assert ", adam lr=0.01, " in capsys.readouterr().out
    assert (out / "model.npz").exists()


def test_help_explains_every_option():
    result = run("train", "--help")
    assert result.returncode == 0
    for option in ("--dataset", "--data", "--target", "--layers", "--activation", "--output", "--loss",
                   "--optimizer", "--lr", "--batch-size", "--samples", "--noise", "--dropout",
                   "--batchnorm", "--l1", "--l2", "--delimiter", "--early-stopping", "--schedule", "--clip-norm",
                   "--augment", "--init", "--monitor", "--epochs", "--seed", "--test-size", "--out",
                   "--quiet"):
        assert option in result.stdout
    assert "(default: None)" not in result.stdout and "(default: False)" not in result.stdout
    assert "(default: adam)" in result.stdout


def test_a_run_diverging_in_its_first_epoch_ends_with_one_line_not_a_traceback(tmp_path):
    # (no epoch ended: there are no weights to keep, see test_cli_lifecycle.py for a late divergence)
    out = tmp_path / "diverged"
    result = run("train", "--dataset", "plane", "--optimizer", "sgd", "--lr", "50", "--quiet",
                 "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("neuralab: error: training diverged:") and "lower learning rate" in result.stderr
    assert len(result.stderr.splitlines()) == 1   # no NumPy warnings
    assert not out.exists()


@pytest.mark.parametrize("output, loss, expected", [
    (nn.Identity, "mse", 0),          # MSE fits the labels 0 and 1: 0.3 is nearer 0
    (nn.Identity, "bce_logits", 1),   # a logit of 0.3 is a probability above one half
    (nn.Sigmoid, "bce", 1),           # sigmoid(0.3) > 0.5
])
def test_the_decision_boundary_cuts_the_output_where_its_loss_puts_the_classes(output, loss, expected):
    model = nn.Sequential(nn.Dense(2, 1), output())
    model[0].weight.data[...] = 0
    model[0].bias.data[...] = 0.3
    predict = plane_predictor(model, "binary", loss)
    assert predict(np.zeros((3, 2))).tolist() == [expected] * 3


def test_metrics_json_says_the_history_loss_holds_the_penalty_and_logs_its_part(tmp_path):
    assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--l2", "0.01", "--quiet",
                     "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "metrics.json").read_text())
    history = _cli_history_csv(tmp_path)
    assert len(history["penalty"]) == 3 and all(p > 0 for p in history["penalty"])
    assert report["history_units"] == ("as results: the network learns the classes as they are; loss also holds "
                                       "the --l1/--l2 penalty, which results' loss does not: penalty is its part "
                                       "(loss - penalty is the data loss)")


def test_early_stopping_holds_out_validation_data_and_keeps_the_best(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "moons", "--noise", "0.3", "--layers", "auto,64,64,auto",
                     "--epochs", "300", "--early-stopping", "3", "--quiet", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "metrics.json").read_text())
    assert report["stop_reason"].startswith("early stopping: val_loss has not improved for 3 epochs")
    # classes are learned as they are: history is in results' units, and the line says nothing more
    assert f"training ended early: {report['stop_reason']}\n" in capsys.readouterr().out
    assert report["history_units"].startswith("as results")
    assert report["target_mean"] is None and report["target_std"] is None
    val_loss = _cli_history_csv(tmp_path)["val_loss"]
    assert len(val_loss) == report["epochs_trained"] < 300 and min(val_loss) < val_loss[-1]


def test_schedule_is_recorded_per_epoch(tmp_path):
    assert cli.main(["train", "--dataset", "moons", "--epochs", "6", "--schedule", "step:2:0.5",
                     "--quiet", "--out", str(tmp_path)]) == 0
    lrs = _cli_history_csv(tmp_path)["lr"]
    assert lrs == pytest.approx([0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025])


def test_monitor_prints_a_diagnosis_and_saves_the_gradient_figure(tmp_path):
    result = run("train", "--dataset", "moons", "--layers", "auto,8,8,8,8,8,8,8,8,auto",
                 "--activation", "sigmoid", "--init", "normal", "--epochs", "20", "--monitor",
                 "--quiet", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "vanishing gradients" in result.stdout.lower()
    assert "instead of sigmoid/tanh: --activation relu" in result.stdout  # advice in the options' terms
    assert "nn.MLP" not in result.stdout
    assert (tmp_path / "gradient_norms.png").read_bytes()[:4] == b"\x89PNG"
    assert "vanishing" in json.loads((tmp_path / "metrics.json").read_text())["diagnosis"].lower()


def test_the_monitor_of_an_image_dataset_is_told_its_images(tmp_path, capsys, monkeypatch):
    # the Monitor advises shifted/rotated copies for images and input noise for tables (its own
    # tests); the command must tell it which (digits on a tenth of its rows was the test here, but
    # its held-out accuracy never falls, so the Monitor rightly calls that overfitting a note)
    from neuralab.cli import train as train_command
    told = []

    class MonitorTellingItsImagesForCliTest(train_command.Monitor):
        def __init__(self, **options):
            told.append(options.get("image_shape"))
            super().__init__(**options)
    monkeypatch.setattr(train_command, "Monitor", MonitorTellingItsImagesForCliTest)
    for dataset in ("digits", "moons"):
        assert cli.main(["train", "--dataset", dataset, "--epochs", "1", "--monitor", "--quiet",
                         "--out", str(tmp_path / dataset)]) == 0
    assert told == [(8, 8), None]


@pytest.mark.parametrize("gate", ["and", "or", "xor_gate"])
def test_the_logic_gates_train_on_their_four_points(tmp_path, capsys, gate):
    assert cli.main(["train", "--dataset", gate, "--layers", "auto,4,auto", "--quiet", "--out", str(tmp_path / gate)]) == 0
    assert ("note: 4 samples are too few to hold out a test part: the network is trained and scored on all 4"
            in capsys.readouterr().out)
    report = json.loads((tmp_path / gate / "metrics.json").read_text())
    assert report["results"]["train"] == report["results"]["test"]


def test_classes_and_data_dir_reach_their_datasets(tmp_path):
    from test_data_idx import make_mnist
    make_mnist(tmp_path / "mnist", n=60)
    make_mnist(tmp_path / "mnist", n=10, prefix="t10k")
    assert cli.main(["train", "--dataset", "mnist", "--data-dir", str(tmp_path / "mnist"), "--epochs", "1",
                     "--quiet", "--out", str(tmp_path / "m")]) == 0
    assert cli.main(["train", "--dataset", "gaussians", "--classes", "4", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "g")]) == 0
    assert load(tmp_path / "g" / "model.npz").layers[-1].to_spec()["type"] == "Softmax"  # 4 classes
    result = run("train", "--dataset", "mnist", "--data-dir", str(tmp_path / "nowhere"), "--quiet")
    assert result.returncode == 2 and "MNIST --data-dir not found" in result.stderr


def test_a_bad_out_folder_is_refused_before_training(tmp_path, capsys):
    (tmp_path / "a_file").write_text("in the way")
    for out, message in ((tmp_path / "a_file", f"--out {tmp_path}/a_file: {tmp_path}/a_file is a file, not a folder"),
                         (tmp_path / "a_file" / "run", f"--out {tmp_path}/a_file/run: {tmp_path}/a_file is a file"),
                         ("", "--out needs a folder name")):
        # nothing trained, nothing printed (the header comes after the folder is made)
        assert error_of(capsys, "--out", str(out)).startswith(f"neuralab: error: {message}")
    assert (tmp_path / "a_file").read_text() == "in the way"


def error_of(capsys, *args, at_once=False):
    """The one-line error of ``neuralab train *args``, run in this process (faster than ``run``);
    ``at_once``: it comes before anything is printed (nothing loaded, no header, no training)."""
    try:
        code = cli.main(["train", "--epochs", "1", "--quiet", *args])
    except SystemExit as exit:  # argparse's own errors: the same one line, then SystemExit(2)
        code = exit.code
    assert code == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and err.startswith("neuralab: error: "), err
    assert out == "" or not at_once, out
    return err.strip()


def test_a_target_spread_below_float32s_range_is_refused_before_training(tmp_path, capsys):
    # it trained, then failed to save with "std contains NaN or inf (first at index (0,))" and a
    # RuntimeWarning: the inverse of the target's standardisation, 1/σ, overflowed
    path = tmp_path / "tiny.csv"
    path.write_text("a,b,t\n" + "".join(f"{i},{i * i % 7},{(i % 9) * 1e-40 + 1e-44}\n" for i in range(40)))
    err = error_of(capsys, "--data", str(path), "--target", "t", "--out", str(tmp_path / "run"))
    assert "is below the smallest normal float32" in err and "rescale them" in err
    assert err.endswith("or work in float64: --dtype float64")     # the command line's way, not Python's
    assert not (tmp_path / "run").exists()


def test_dtype_float64_trains_what_float32_cannot_and_is_the_runs_alone(tmp_path, capsys):
    path = tmp_path / "tiny.csv"
    target = [(i % 9) * 1e-40 + 1e-44 for i in range(40)]
    path.write_text("a,b,t\n" + "".join(f"{i},{i * i % 7},{t!r}\n" for i, t in enumerate(target)))
    assert cli.main(["train", "--data", str(path), "--target", "t", "--epochs", "5", "--quiet",
                     "--dtype", "float64", "--out", str(tmp_path / "run")]) == 0
    assert nn.get_default_dtype() is np.float32      # the next run in this process starts from float32
    out = capsys.readouterr().out
    model = load(tmp_path / "run" / "model.npz")
    assert {p.data.dtype for p in model.parameters()} == {np.dtype(np.float64)}
    X = np.column_stack([np.arange(40.0), np.arange(40.0) ** 2 % 7])
    assert 1e-41 < model.predict(X).std() < 1e-39      # in the target's units, not rounded to 0
    # the printed numbers say so too: a table of four decimals showed mean 0.0000, std 0.0000
    assert 0.5 * np.std(target) < float(re.search(r"std (\S+)\)", out)[1]) < 2 * np.std(target)
    assert " 0.0000" not in out.split("\n", 3)[-1]    # the table: each error in e-notation


@pytest.mark.parametrize("value, shown", [(0.12345, "0.1235"), (0.0, "0.0000"), (1.0, "1.0000"),
                                          (2.5e-9, "2.5e-09"), (-0.00012344, "-0.0001234"),
                                          (3e7, "3e+07"), (float("nan"), "nan")])
def test_the_printed_numbers_keep_small_values_digits(value, shown):
    assert number(value) == shown


@pytest.mark.parametrize("args, advice, not_advice", [
    # the task is checked first: no advice that the next run would refuse
    (["--dataset", "sine", "--loss", "bce"], "use mse", "--output sigmoid"),
    (["--dataset", "sine", "--output", "softmax", "--loss", "bce"], "use mse", "--output sigmoid"),
    (["--dataset", "iris", "--loss", "bce"], "use cross_entropy", "--output sigmoid"),
    # the user chose an output, not a loss: the error is about the output
    (["--dataset", "iris", "--output", "sigmoid"], "--output softmax", "--loss bce "),
    # one logit is not two softmax probabilities (it was a shape error from the loss, after the header)
    (["--dataset", "moons", "--output", "softmax", "--loss", "bce_logits"], "--output identity", "shape"),
    # softmax probabilities are cross_entropy's (bce_logits, advised before, is refused with softmax)
    (["--dataset", "moons", "--output", "softmax", "--loss", "bce"], "--loss cross_entropy", "bce_logits"),
    (["--dataset", "moons", "--output", "identity", "--loss", "bce"], "--loss bce_logits", "cross_entropy"),
])
def test_head_errors_advise_a_choice_that_works(tmp_path, capsys, args, advice, not_advice):
    err = error_of(capsys, *args, "--out", str(tmp_path))
    assert advice in err and not_advice not in err


@pytest.mark.parametrize("dataset, loss, units", [("moons", "bce_logits", 1), ("iris", "cross_entropy", 3)])
def test_raw_scores_get_the_tasks_cross_entropy_by_default(tmp_path, capsys, dataset, loss, units):
    # --help: "auto = binary cross-entropy for 2 classes, cross-entropy for more" (not MSE)
    assert cli.main(["train", "--dataset", dataset, "--output", "identity", "--epochs", "60", "--quiet",
                     "--out", str(tmp_path)]) == 0
    assert f"relu/identity on standardised inputs, {loss}," in capsys.readouterr().out
    model = load(tmp_path / "model.npz")
    assert isinstance(model.layers[-1], nn.Dense) and model.layers[-1].out_features == units
    assert json.loads((tmp_path / "metrics.json").read_text())["results"]["test"]["accuracy"] > 0.85


def write_csv(path, header, rows):
    path.write_text(",".join(header) + "\n" + "".join(",".join(map(str, row)) + "\n" for row in rows),
                    encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("args, message", [
    (["--samples", "50"], "--samples is for the built-in datasets"),
    (["--noise", "0.1"], "--noise is for the built-in datasets"),
    (["--classes", "3"], "--classes is for the built-in datasets"),
    (["--data-dir", "."], "--data-dir is for the built-in datasets"),
])
def test_options_of_the_built_in_datasets_are_refused_with_a_csv(tmp_path, capsys, args, message):
    path = write_csv(tmp_path / "d.csv", ["a", "b", "label"], [(i, i % 3, i % 2) for i in range(30)])
    assert message in error_of(capsys, "--data", path, "--target", "label", *args, "--out", str(tmp_path / "o"))


@pytest.mark.parametrize("args", [["--delimiter", ";"], ["--task", "regression"], ["--target", "y"],
                                  ["--na-values", "NA"], ["--na-values", ""], ["--decimal", ","]])
def test_csv_options_are_refused_with_a_built_in_dataset(tmp_path, capsys, args):
    assert f"{args[0]} goes with --data FILE.csv" in error_of(capsys, "--dataset", "moons", *args,
                                                              "--out", str(tmp_path))


def test_a_class_named_na_is_kept_with_an_empty_na_values(tmp_path, capsys):
    regions = ["NA", "EU", "AS"] * 10  # North America, Europe, Asia
    path = write_csv(tmp_path / "region.csv", ["x1", "x2", "region"], [(i, i % 7, r) for i, r in enumerate(regions)])
    err = error_of(capsys, "--data", path, "--target", "region", "--out", str(tmp_path / "o"))
    assert "'NA'" in err and "--na-values ''" in err and "na_values" not in err
    assert cli.main(["train", "--data", path, "--target", "region", "--na-values", "", "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    assert "(30 samples, multiclass)" in capsys.readouterr().out
    assert load(tmp_path / "o" / "model.npz").layers[-1].to_spec()["type"] == "Softmax"
    assert load(tmp_path / "o" / "model.npz").forward(np.zeros((1, 2))).shape == (1, 3)


class Loaded(Exception):
    """Raised by a stand-in loader with the keyword arguments it was given, which cli.main lets through."""


@pytest.mark.parametrize("given, na_values", [(None, None), ("", ()), ("?", ("?",)), ("NA, ?,", ("NA", " ?")),
                                              # argparse took a value beginning with "-" for an option unless it
                                              # read as a negative number: "expected one argument"
                                              ("-999,99999", ("-999", "99999")), ("-", ("-",))])
def test_na_values_reach_load_csv_as_a_tuple_of_markers(tmp_path, monkeypatch, given, na_values):
    def load_csv(*args, **kwargs):
        raise Loaded(kwargs)
    monkeypatch.setattr(data, "load_csv", load_csv)
    option = [] if given is None else ["--na-values", given]
    with pytest.raises(Loaded) as loaded:
        cli.main(["train", "--data", "d.csv", "--target", "label", *option, "--out", str(tmp_path / "o")])
    assert loaded.value.args[0]["na_values"] == na_values


@pytest.mark.parametrize("option", ["--na-val", "--na"])
def test_an_abbreviated_option_takes_a_value_beginning_with_a_dash(tmp_path, monkeypatch, option):
    # argparse takes "--na-val" for --na-values; its value "-999,99999" was joined only to the
    # full name, so the abbreviation said "--na-values: expected one argument"
    def load_csv(*args, **kwargs):
        raise Loaded(kwargs)
    monkeypatch.setattr(data, "load_csv", load_csv)
    with pytest.raises(Loaded) as loaded:
        cli.main(["train", "--data", "d.csv", "--target", "label", option, "-999,99999", "--out", str(tmp_path / "o")])
    assert loaded.value.args[0]["na_values"] == ("-999", "99999")


def test_nothing_after_the_double_dash_is_joined(capsys):
    # after "--" no token is an option's value: argparse names what follows as the user typed it
    with pytest.raises(SystemExit):
        cli.main(["train", "--epochs", "3", "--", "--lr", "-5"])
    assert "unrecognized arguments: -- --lr -5" in capsys.readouterr().err


@pytest.mark.parametrize("after", ["--epochs", "-h"])
def test_an_option_is_never_taken_for_a_value(capsys, after):
    # only a value beginning with a single "-" that names no option is joined: "--lr --epochs 3"
    # still says that --lr lacks its value (tests/test_cli_odd_input.py: in what words)
    with pytest.raises(SystemExit):
        cli.main(["train", "--lr", after, "3"])
    assert f"--lr needs a number, but got the option {after}" in capsys.readouterr().err


@pytest.mark.parametrize("values, noted", [
    (range(1, 11), True),     # a quality rated 1 to 10: the case the note is for
    (range(0, 4), True),      # four codes: as often a count (0 to 3 children) as classes
    ((3, 5, 7), True),        # gaps
    ((0, 1), False),          # two values: a yes/no, whatever the numbers
    ((-1, 1), False),
    ((2, 4), False),
    ((0, 1, 2), False),       # codes from 0 or 1 of at most three classes (iris, wine)
    ((1, 2, 3), False),
])
def test_auto_mode_notes_numbers_it_read_as_classes(tmp_path, capsys, values, noted):
    values = list(values)
    path = write_csv(tmp_path / "d.csv", ["a", "b", "grade"],
                     [(i % 7, i % 5, values[i % len(values)]) for i in range(100)])
    assert cli.main(["train", "--data", path, "--target", "grade", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    note = (f"note: target column 'grade' holds {len(values)} distinct whole numbers, from {values[0]} to "
            f"{values[-1]}, so it was read as {len(values)} classes (at most {AUTO_MAX_CLASSES} are); if it is "
            "a quantity, --task regression predicts it as a number\n")
    assert (note in out) == noted, out
    if noted:  # printed under --quiet, as the other notes, next to the header that says the task
        assert out.splitlines()[1] == note.strip()


@pytest.mark.parametrize("values", [(0, 1, -999), (0, 9999)])
def test_auto_mode_notes_a_target_class_written_as_a_missing_value_marker(tmp_path, capsys, values):
    # a 0/1 target with -999 in some rows trained as 3 classes, noted only as numbers that might
    # be a quantity (--task regression), and 0/9999 as two classes without a word
    path = write_csv(tmp_path / "d.csv", ["a", "b", "survived"],
                     [(i % 7, i % 5, values[i % len(values)]) for i in range(60)])
    assert cli.main(["train", "--data", path, "--target", "survived", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    assert (f"note: target column 'survived' holds {values[-1]}, all nines, read as a class of its own "
            f"({len(values)} classes): a marker of missing values? fix or drop its rows, or pass --na-values "
            f"{values[-1]} to be told which they are\n") in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--target", "grade", "--task", "multiclass"], ["--target", "animal"],
                                  ["--dataset", "digits"], ["--dataset", "gaussians", "--classes", "5"]])
def test_no_note_on_classes_the_user_chose_or_that_are_text_or_built_in(tmp_path, capsys, args):
    targets = {"grade": [i % 10 + 1 for i in range(100)],
               "animal": [["cat", "dog", "eel", "fox"][i % 4] for i in range(100)]}
    data = [] if "--dataset" in args else ["--data", write_csv(tmp_path / "d.csv", ["a", "b", args[1]], [
        (i % 7, i % 5, value) for i, value in enumerate(targets[args[1]])])]
    assert cli.main(["train", *data, *args, "--epochs", "1", "--quiet", "--out", str(tmp_path / "o")]) == 0
    assert "read as" not in capsys.readouterr().out


def test_task_makes_a_whole_number_target_a_regression(tmp_path, capsys):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((100, 2))
    path = write_csv(tmp_path / "scores.csv", ["a", "b", "score"],
                     [(f"{a:.3f}", f"{b:.3f}", int(round(5 + 3 * a))) for a, b in X])
    assert cli.main(["train", "--data", path, "--target", "score", "--task", "regression", "--epochs", "100",
                     "--quiet", "--out", str(tmp_path / "o")]) == 0
    assert "(100 samples, regression)" in capsys.readouterr().out
    assert json.loads((tmp_path / "o" / "metrics.json").read_text())["results"]["test"]["r2"] > 0.8


def test_task_regression_on_a_target_of_words_says_to_leave_it_out(tmp_path, capsys):
    """Told only that 'cat' is not a number, a user who asked for a regression by mistake would
    not know the way out: the column holds words, which are classes without --task regression."""
    path = tmp_path / "pets.csv"
    path.write_text("kg,kind\n4.1,cat\n30.5,dog\n3.8,cat\n25,dog\n")
    assert error_of(capsys, "--data", str(path), "--target", "kind", "--task", "regression", "--out",
                    str(tmp_path / "r"), at_once=True) == (
        f"neuralab: error: {path}: column 'kind', row 1 (line 2): 'cat' is not a number; this target column "
        f"holds words: if they are class names, leave out --task")
    assert cli.main(["train", "--data", str(path), "--target", "kind", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "c")]) == 0


@pytest.mark.parametrize("args, message", [
    (["--lr", "-1"], "--lr must be"),
    (["--seed", "-1"], "--seed must be"),
    (["--dropout", "1"], "--dropout must be a dropout probability"),
    (["--layers", "auto,10000000000,auto"], "--layers"),
    (["--dataset", "moons", "--batchnorm", "--batch-size", "1"], "per training batch, got --batch-size=1"),
    (["--dataset", "iris", "--test-size", "0.01"], "--test-size=0.01 leaves 2 test samples"),
])
def test_library_errors_name_the_options(tmp_path, capsys, args, message):
    err = error_of(capsys, *args, "--out", str(tmp_path))
    assert message in err and "batch_size" not in err and "test_size" not in err and "sizes[" not in err


@pytest.mark.parametrize("args, message", [
    # digits Python counts as digits but int() refuses ("²") or reads as ASCII ("３２")
    (["--layers", "2,²,1"], "--layers: '²' is not a positive integer"),
    (["--layers", "auto,３２,auto"], "--layers: '３２' is not a positive integer"),
    (["--batch-size", "²"], "--batch-size must be a positive integer or 'full', got '²'"),
    (["--batch-size", "３２"], "--batch-size must be a positive integer or 'full', got '３２'"),
    # two outputs for two classes is a valid network, with a softmax
    (["--dataset", "moons", "--layers", "2,8,2"], "--layers ends with 2 outputs but this task needs 1 (the "
                                                  "probability of class 1); for one score per class add --output softmax"),
    (["--dataset", "iris", "--layers", "auto,8,1"], "--layers ends with 1 output but this task needs 3"),
    (["--dataset", "iris", "--layers", "1,8,auto"], "--layers starts with 1 input but the data has 4 features"),
])
def test_layer_and_batch_sizes_are_read_as_the_user_means_them(tmp_path, capsys, args, message):
    assert message in error_of(capsys, *args, "--out", str(tmp_path))


def test_split_errors_name_the_classes_and_the_option_that_holds_out(tmp_path, capsys):
    names = ["cat", "dog"] * 20 + ["zebra"] * 2
    path = write_csv(tmp_path / "zoo.csv", ["a", "b", "animal"], [(i, i % 7, n) for i, n in enumerate(names)])
    err = error_of(capsys, "--data", path, "--target", "animal", "--early-stopping", "3", "--out", str(tmp_path))
    assert "--early-stopping" in err and "'zebra'" in err and "class 2" not in err
    path = write_csv(tmp_path / "zoo1.csv", ["a", "b", "animal"], [(i, i % 7, n) for i, n in enumerate(names[:-1])])
    err = error_of(capsys, "--data", path, "--target", "animal", "--out", str(tmp_path))
    assert "'zebra'" in err and "class 2" not in err
    # the validation split's fraction is not the user's --test-size: no "test_size=0.2" for --test-size 0.95
    err = error_of(capsys, "--dataset", "iris", "--test-size", "0.95", "--early-stopping", "3", "--out", str(tmp_path))
    assert "--early-stopping" in err and "0.2 leaves" not in err
    assert "'virginica'" in error_of(capsys, "--dataset", "iris", "--test-size", "0.01", "--out", str(tmp_path))


def test_layers_with_an_empty_size_say_so(tmp_path, capsys):
    assert "empty" in error_of(capsys, "--layers", "auto,8,auto,", "--out", str(tmp_path))
    assert "needs at least two sizes" in error_of(capsys, "--layers", "5", "--out", str(tmp_path))


@pytest.mark.parametrize("layers, fixed", [
    ("4-16-3", "4,16,3"), ("4 16 3", "4,16,3"), ("4x16x3", "4,16,3"), ("4;16;3", "4,16,3"),
    ("auto - 16 - auto", "auto,16,auto"), ("4,16 8,3", "4,16,8,3"),
])
def test_layers_separated_by_other_marks_than_commas_are_shown_with_commas(tmp_path, capsys, layers, fixed):
    """"4-16-3" is three sizes, not one that is too few: the advice is the line the next run takes."""
    err = error_of(capsys, "--dataset", "iris", "--layers", layers, "--out", str(tmp_path / "o"))
    assert err == (f"neuralab: error: --layers {layers!r}: the sizes are separated by commas, "
                   f"as in --layers {fixed}")
    assert cli.main(["train", "--dataset", "iris", "--layers", fixed, "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0


def test_help_says_which_datasets_take_classes():
    help_text = " ".join(cli._build_parser()._subparsers._group_actions[0].choices["train"].format_help().split())
    assert "--classes K number of classes of spiral or gaussians" in help_text
    assert "--task" in help_text


def test_metrics_json_records_the_command_given_to_main(tmp_path):
    argv = ["train", "--dataset", "moons", "--epochs", "1", "--quiet", "--out", str(tmp_path)]
    assert cli.main(argv) == 0
    assert json.loads((tmp_path / "metrics.json").read_text())["command"] == argv


def test_a_rerun_in_the_same_folder_leaves_no_figure_of_the_run_before(tmp_path):
    out = str(tmp_path)
    assert cli.main(["train", "--dataset", "moons", "--epochs", "5", "--monitor", "--quiet", "--out", out]) == 0
    assert (tmp_path / "gradient_norms.png").exists() and (tmp_path / "decision_boundary.png").exists()
    assert cli.main(["train", "--dataset", "iris", "--epochs", "5", "--quiet", "--out", out]) == 0
    assert not (tmp_path / "gradient_norms.png").exists()      # iris has no monitor,
    assert not (tmp_path / "decision_boundary.png").exists()   # nor a plane to draw
    (tmp_path / "notes.txt").write_text("mine")
    # diverges in its first epoch: it writes nothing, and leaves the folder as it was
    assert cli.main(["train", "--dataset", "plane", "--optimizer", "sgd", "--lr", "50", "--quiet", "--out", out]) == 2
    assert (tmp_path / "loss.png").exists() and (tmp_path / "notes.txt").read_text() == "mine"


def test_a_bounded_output_is_refused_for_regression(tmp_path, capsys):
    # the network learns the target standardised: a sigmoid could only reach [mean, mean + std]
    err = error_of(capsys, "--dataset", "sine", "--output", "sigmoid", "--out", str(tmp_path), at_once=True)
    assert "regression" in err and "standardised" in err and "--output identity" in err


def test_a_class_of_one_row_is_explained_in_the_command_lines_terms(tmp_path, capsys):
    ages = [23] + [24 + i % 14 for i in range(59)]  # a quantity, read as 15 classes; '23' once
    path = write_csv(tmp_path / "age.csv", ["a", "b", "age"], [(i, i % 7, age) for i, age in enumerate(ages)])
    err = error_of(capsys, "--data", path, "--target", "age", "--out", str(tmp_path / "o"))
    assert "target column 'age' was read as 15 classes" in err and f"at most {AUTO_MAX_CLASSES}" in err
    assert "class '23' has only 1 row" in err and "pass --task regression" in err and "stratify" not in err
    assert not (tmp_path / "o").exists()  # refused before the output folder is made
    names = ["cat", "dog"] * 20 + ["rare"]  # text: a quantity it cannot be
    path = write_csv(tmp_path / "rare.csv", ["a", "b", "animal"], [(i, i % 7, n) for i, n in enumerate(names)])
    err = error_of(capsys, "--data", path, "--target", "animal", "--out", str(tmp_path / "o"))
    assert "class 'rare' has only 1 row" in err and "--task regression" not in err and "remove" in err
    path = write_csv(tmp_path / "p.csv", ["a", "b", "price"], [(i, i % 7, 100 + i % 25 + 0.5) for i in range(30)])
    err = error_of(capsys, "--data", path, "--target", "price", "--task", "multiclass", "--out", str(tmp_path / "o"))
    assert "--task multiclass makes target column 'price' 25 classes" in err and "--task regression" in err
    err = error_of(capsys, "--dataset", "gaussians", "--samples", "11", "--classes", "10", "--out", str(tmp_path))
    assert "has only 1 of the 11 samples" in err and "more --samples" in err and "stratify" not in err
    # the split's other refusals do not speak of "stratify" either
    assert "stratify" not in error_of(capsys, "--dataset", "iris", "--test-size", "0.01", "--out", str(tmp_path))


def test_mnist_is_trained_on_its_training_files_and_tested_on_its_t10k_files(tmp_path, capsys):
    from test_data_idx import make_mnist
    make_mnist(tmp_path / "mnist", n=60)
    make_mnist(tmp_path / "mnist", n=20, prefix="t10k")
    assert cli.main(["train", "--dataset", "mnist", "--data-dir", str(tmp_path / "mnist"), "--epochs", "2",
                     "--quiet", "--out", str(tmp_path / "m")]) == 0
    assert "mnist (60 samples + 20 test samples, multiclass)" in capsys.readouterr().out
    test_images = data.load("mnist", directory=tmp_path / "mnist", kind="test")
    scored = load(tmp_path / "m" / "model.npz").evaluate(test_images.X, test_images.y, metrics=["accuracy"],
                                                          loss="cross_entropy")
    report = json.loads((tmp_path / "m" / "metrics.json").read_text())["results"]["test"]
    assert report["accuracy"] == pytest.approx(scored["accuracy"])
    # early stopping holds its validation part out of the training images
    assert cli.main(["train", "--dataset", "mnist", "--data-dir", str(tmp_path / "mnist"), "--epochs", "2",
                     "--early-stopping", "0", "--quiet", "--out", str(tmp_path / "e")]) == 0
    assert "(60 samples + 20 test samples" in capsys.readouterr().out


def mnist_split_run(tmp_path, capsys, out, *args):
    """What a run on tmp_path/mnist prints, which tests on a split of its 60 training images."""
    assert cli.main(["train", "--dataset", "mnist", "--data-dir", str(tmp_path / "mnist"), "--epochs", "1",
                     "--quiet", *args, "--out", str(tmp_path / out)]) == 0
    printed = capsys.readouterr().out
    assert "mnist (60 samples, multiclass)" in printed and "test samples" not in printed
    return printed


def test_mnist_with_test_size_splits_its_training_images(tmp_path, capsys):
    from test_data_idx import make_mnist
    make_mnist(tmp_path / "mnist", n=60)
    make_mnist(tmp_path / "mnist", n=20, prefix="t10k")
    printed = mnist_split_run(tmp_path, capsys, "m", "--test-size", "0.5")
    assert "note: --test-size 0.5 splits the training images of mnist; its t10k test files are not used" in printed
    full = data.load("mnist", directory=tmp_path / "mnist")
    _, X_test, _, y_test = data.train_test_split(full.X, full.y, test_size=0.5, seed=0, stratify=True)
    scored = load(tmp_path / "m" / "model.npz").evaluate(X_test, y_test, metrics=["accuracy"], loss="cross_entropy")
    report = json.loads((tmp_path / "m" / "metrics.json").read_text())["results"]["test"]
    assert report["accuracy"] == pytest.approx(scored["accuracy"])


@pytest.mark.parametrize("kept", [(), ("t10k-labels-idx1-ubyte",)])
def test_mnist_without_its_t10k_files_splits_its_training_images(tmp_path, capsys, monkeypatch, kept):
    from neuralab.data import idx
    from test_data_idx import make_mnist
    make_mnist(tmp_path / "mnist", n=60)
    make_mnist(tmp_path / "mnist", n=20, prefix="t10k", gz=True)
    missing = sorted({"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} - set(kept))
    for stem in missing:
        (tmp_path / "mnist" / (stem + ".gz")).unlink()
    events = []  # the files looked for and the files read, in order
    monkeypatch.setattr(idx, "_existing", lambda d, stem, find=idx._existing: events.append(stem) or find(d, stem))
    monkeypatch.setattr(idx, "load_idx", lambda path, read=idx.load_idx: events.append(Path(path).name) or read(path))
    printed = mnist_split_run(tmp_path, capsys, "m")
    assert (f"note: the t10k test files of mnist were not found in {tmp_path / 'mnist'} ({' and '.join(missing)} "
            "missing), so the test part is 20% of the training images") in printed
    notes = [line for line in printed.splitlines()  # besides the baseline of 60 random images
             if line.startswith("note:") and "always answering" not in line]
    assert len(notes) == 1 and "decision-boundary" not in printed   # images are shown as images
    # looked for before anything is read, and never read
    looked = len(list(itertools.takewhile(lambda stem: stem.startswith("t10k"), events)))   # torchvision's folders too
    assert set(events[:looked]) == {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}
    assert "train-images-idx3-ubyte" in events and not any(e.startswith("t10k") for e in events[looked:])
    # --test-size chooses the split
    printed = mnist_split_run(tmp_path, capsys, "t", "--test-size", "0.3")
    assert "note: --test-size 0.3 splits" in printed and "not found" not in printed


@pytest.mark.parametrize("args, message", [
    (["--lr", "0"], "--lr must be a finite number > 0, got 0.0"),
    (["--lr", "nan"], "--lr must be"),
    (["--clip-norm", "0"], "--clip-norm must be"),
    (["--dropout", "1"], "--dropout must be a dropout probability"),
    (["--l2", "-1"], "--l2 must be a finite number >= 0"),
    (["--l1", "nan"], "--l1 must be a finite number >= 0"),
    (["--early-stopping", "-1"], "--early-stopping must be"),
    (["--epochs", "0"], "--epochs must be"),
    (["--test-size", "1"], "--test-size must be"),
])
def test_options_with_a_range_are_checked_before_the_data_is_loaded(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.setattr(data, "load", lambda *a, **k: pytest.fail("the data was loaded"))
    err = error_of(capsys, *args, "--out", str(tmp_path / "o"), at_once=True)
    assert message in err and "rate" not in err and not (tmp_path / "o").exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no folder can be made")
def test_an_out_folder_that_cannot_be_created_is_refused_before_training(capsys):
    err = error_of(capsys, "--dataset", "moons", "--out", "/proc/neuralab-run", at_once=True)
    assert "--out /proc/neuralab-run: cannot create the folder" in err


@pytest.mark.parametrize("name", ["model.npz", "loss.png", "gradient_norms.png", "history.csv", "metrics.json"])
def test_a_folder_in_the_way_of_an_output_file_is_refused_before_training(tmp_path, capsys, name):
    (tmp_path / name).mkdir()
    err = error_of(capsys, "--dataset", "moons", "--monitor", "--out", str(tmp_path), at_once=True)
    assert f"--out {tmp_path}: {tmp_path / name} is a folder in the way" in err and f"{name}/{name}" not in err


@pytest.mark.parametrize("args, message, not_message", [
    (["--schedule", "cosine:0"], "--schedule cosine:0: T0 must be an integer >= 1", "T_0"),
    (["--schedule", "step:2:0"], "--schedule step:2:0: GAMMA must be", "gamma"),
    (["--dataset", "mnist", "--data-dir", ".", "--samples", "100"], "valid options: --data-dir", "kind"),
])
def test_errors_use_the_names_the_user_typed(tmp_path, capsys, args, message, not_message):
    err = error_of(capsys, *args, "--out", str(tmp_path))
    assert message in err and not_message not in err


@pytest.mark.parametrize("unknown, near", [(["--learning-rate", "0.1"], "; did you mean --lr?"),
                                           (["--epocs", "1"], "; did you mean --epochs?"),
                                           (["--colour"], " (see")])
def test_an_unknown_option_points_to_the_commands_help_and_the_nearest_option(tmp_path, capsys, unknown, near):
    with pytest.raises(SystemExit) as exit:
        cli.main(["train", *unknown, "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert exit.value.code == 2 and len(err.strip().splitlines()) == 1 and not any(tmp_path.iterdir())
    assert f"unrecognized arguments: {' '.join(unknown)}{near}" in err and "(see neuralab train --help)" in err


def test_help_shows_defaults_of_zero_and_says_what_the_edge_values_mean():
    help_text = " ".join(cli._build_parser()._subparsers._group_actions[0].choices["train"].format_help().split())
    for option in ("--seed SEED", "--dropout P", "--l1 RATE", "--l2 RATE"):
        start = help_text.index(option, help_text.index("options:"))  # its entry, not the usage line
        assert "(default: 0" in help_text[start:help_text.index(" --", start + 3)], option
    assert "(0 or 1: stop at the first epoch that does not improve)" in help_text
    assert "'\\t' or 'tab'" in help_text and "t10k" in help_text and "not for mnist" not in help_text
    assert "'' for none, to keep a class named NA" in help_text


@pytest.mark.parametrize("delimiter", ["\\t", "tab", "\t"])
def test_a_tab_delimiter_can_be_typed(tmp_path, capsys, delimiter):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 2))
    rows = ["a\tb\tlabel"] + [f"{a:.4f}\t{b:.4f}\t{int(a > b)}" for a, b in X]
    (tmp_path / "t.tsv").write_text("\n".join(rows) + "\n")
    assert cli.main(["train", "--data", str(tmp_path / "t.tsv"), "--target", "label", "--delimiter", delimiter,
                     "--epochs", "2", "--quiet", "--out", str(tmp_path / "o")]) == 0


def test_an_empty_delimiter_is_refused(tmp_path, capsys):
    path = write_csv(tmp_path / "d.csv", ["a", "b", "label"], [(i, i % 3, i % 2) for i in range(30)])
    err = error_of(capsys, "--data", path, "--target", "label", "--delimiter", "", "--out", str(tmp_path / "o"),
                   at_once=True)
    assert "argument --delimiter: needs one character, such as ',' or ';' (or 'tab'), got ''" in err
    assert not (tmp_path / "o").exists()


# -- the audit of `neuralab train`: each test fails without its fix ---------------------------

@pytest.mark.parametrize("args, reason", [
    # bce: was "BCELoss: ... NaN"; mse: was a table of nan, rc 0; then cross_entropy and bce_logits
    *[(args + ["--lr", "1e30"], "the loss became nan at epoch 1, batch 2")
      for args in (["--dataset", "moons", "--optimizer", "sgd"], ["--dataset", "sine"], ["--dataset", "iris"],
                   ["--dataset", "moons", "--output", "identity"])],
    # NumPy's overflow warnings leaked; at 1e300 the update itself overflows the weights (float32's
    # range ends near 3e38)
    (["--dataset", "moons", "--lr", "1e300"], "the loss became nan at epoch 1, batch 2, with the weights holding "
                                              "inf or NaN"),
    # the one update of the run overflowed them, or took its outputs past the float range: no batch
    # came after to say so, and NumPy's warnings came from the validation pass
    (["--dataset", "moons", "--lr", "1e300", "--batch-size", "full", "--epochs", "1"],
     "the last update of epoch 1 overflowed the weights (inf or NaN)"),
    (["--dataset", "sine", "--optimizer", "sgd", "--lr", "1e20", "--batch-size", "full", "--epochs", "1"],
     "the outputs for the test part overflowed (inf or NaN) after epoch 1"),   # fit's X_val, as the run calls it
])
def test_a_run_whose_weights_overflow_says_so_in_one_line_and_writes_nothing(tmp_path, capsys, args, reason):
    out = tmp_path / "runs" / "diverged"
    with np.errstate(all="warn", under="ignore"):  # NumPy's defaults, a user's: a warning that leaks fails the test
        err = error_of(capsys, "--epochs", "3", *args, "--out", str(out))
    assert err == (f"neuralab: error: training diverged: {reason}; try a lower learning rate (now "
                   f"{float(args[args.index('--lr') + 1]):g}); the model's weights or outputs went past the "
                   f"float range (NaN or inf), so nothing was written")
    assert not (tmp_path / "runs").exists()  # the folders the run made are gone
    out.mkdir(parents=True)                   # a folder that was there stays, as it was
    error_of(capsys, "--epochs", "3", *args, "--out", str(out))
    assert out.is_dir() and not any(out.iterdir())


def test_runs_started_in_the_same_second_get_folders_of_their_own(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(time, "strftime", lambda fmt, *a: "20250101-120000")
    for _ in range(3):
        assert cli.main(["train", "--dataset", "xor", "--epochs", "1", "--quiet"]) == 0
    assert "to runs/xor-20250101-120000-3/" in capsys.readouterr().out
    runs = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert runs == ["xor-20250101-120000", "xor-20250101-120000-2", "xor-20250101-120000-3"]
    assert all((tmp_path / "runs" / name / "model.npz").exists() for name in runs)


@pytest.mark.parametrize("task", [[], ["--task", "regression"], ["--task", "binary"], ["--task", "multiclass"]])
def test_a_constant_target_is_refused_whatever_the_task(tmp_path, capsys, task):
    path = write_csv(tmp_path / "const.csv", ["x", "y"], [(i, 5) for i in range(30)])
    err = error_of(capsys, "--data", path, "--target", "y", *task, "--out", str(tmp_path / "o"))
    assert f"{path}: target column 'y' is '5' in every row: there is nothing to learn" in err
    assert not (tmp_path / "o").exists()


def test_a_csv_with_pandas_row_index_is_refused_in_one_line(tmp_path, capsys):
    """iris written by df.to_csv(): its row numbers, sorted by class, would give the label away."""
    rows = [(i, f"{5 + i % 7 / 10:.1f}", f"{3 + i % 5 / 10:.1f}", "setosa" if i < 10 else "virginica")
            for i in range(20)]
    path = write_csv(tmp_path / "iris.csv", ["", "sepal_length", "sepal_width", "species"], rows)
    err = error_of(capsys, "--data", path, "--target", "species", "--out", str(tmp_path / "o"), at_once=True)
    assert err == (f"neuralab: error: {path}: column 1 has no name and holds the row numbers 0, 1, 2, …: it "
                   f"looks like a row index written by pandas' to_csv or R's write.csv, not a feature; save the file "
                   f"with df.to_csv(..., index=False) or write.csv(..., row.names = FALSE), or give the column a "
                   f"name in the header to use it as a feature")
    assert not (tmp_path / "o").exists()


def test_library_advice_reads_as_typed_on_a_command_line(tmp_path, capsys):
    path = write_csv(tmp_path / "three.csv", ["x", "y"], [(i, i % 3) for i in range(30)])
    err = error_of(capsys, "--data", path, "--target", "y", "--task", "binary", "--out", str(tmp_path / "o"))
    assert "--task binary but target column 'y' has 3 classes" in err and "--task=" not in err
    assert err.endswith("pass --task multiclass (or --task regression if its values are quantities), or choose a "
                        "target of two classes")


@pytest.mark.parametrize("test_size, advice", [("0.999", "use at most 0.995"),
                                               ("0.001", "use a larger --test-size (a fraction above 0.005)")])
def test_test_size_advice_names_only_fractions(tmp_path, capsys, test_size, advice):
    err = error_of(capsys, "--dataset", "moons", "--test-size", test_size, "--out", str(tmp_path / "o"))
    assert err.endswith(advice) and "count" not in err and "samples," not in err


def test_a_step_activation_is_warned_about_and_diagnosed_as_such(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "moons", "--activation", "step", "--epochs", "20", "--monitor",
                     "--quiet", "--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    warning, = err.strip().splitlines()
    assert warning.startswith("warning: gradient descent cannot train step units") and "perceptron" in warning
    assert warning.endswith("use --activation relu")
    assert "Step units" in out and "--activation relu" in out
    assert "sigmoid/tanh" not in out and "Vanishing" not in out


@pytest.mark.parametrize("args, task", [(["--dataset", "sine"], "regression"),
                                        (["--data", "CSV", "--target", "y"], "binary")])
def test_data_of_one_feature_gets_a_prediction_curve(tmp_path, capsys, args, task):
    path = write_csv(tmp_path / "one.csv", ["x", "y"], [(i / 10, int(i > 20)) for i in range(40)])
    args = [path if a == "CSV" else a for a in args]
    assert cli.main(["train", *args, "--epochs", "3", "--quiet", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert f"{task}), network 1-16-16-1" in out and "wrote model.npz, loss.png, prediction_curve.png, " in out
    # the playground trains on raw coordinates: the header says this run's inputs are not
    scaled = "on standardised inputs and target, mse" if task == "regression" else "on standardised inputs, bce"
    assert scaled in out
    assert (tmp_path / "o" / "prediction_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_data_of_more_features_says_why_it_has_no_decision_boundary(tmp_path, capsys):
    assert cli.main(["train", "--dataset", "iris", "--epochs", "1", "--quiet", "--out", str(tmp_path)]) == 0
    assert "note: the decision-boundary plot needs 2 features and iris has 4: skipped\n" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["confusion_matrix.png", "history.csv", "loss.png",
                                                          "metrics.json", "model.npz"]


def test_the_prediction_curve_shows_probabilities_of_each_class():
    model = nn.Sequential(nn.Dense(1, 1))
    model[0].weight.data[...] = 1
    model[0].bias.data[...] = 0
    predict = curve_predictor(model, "binary", "bce_logits")   # a logit of 0 and of 2
    np.testing.assert_allclose(predict(np.array([[0.0], [2.0]])), [[0.5, 0.5], [0.1192, 0.8808]], atol=1e-4)
    X = np.linspace(-3, 3, 30)[:, None]
    fig = plots.prediction_curve(predict, X, (X[:, 0] > 0).astype(int), class_names=["no", "yes"])
    assert [line.get_label() for line in fig.axes[0].lines][::2] == ["no", "yes"]
    assert fig.axes[0].get_ylabel() == "predicted probability"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, which takes no new file")
def test_an_out_folder_that_takes_no_file_is_refused_before_training(capsys):
    err = error_of(capsys, "--dataset", "moons", "--out", "/proc", at_once=True)
    assert "--out /proc: cannot create a file in this folder" in err


def test_every_legend_has_a_place_of_its_own(tmp_path, monkeypatch):
    # loc="best" searches the figure for room at every draw, slow enough on a busy machine for a
    # UserWarning: "Creating legend with loc="best" can be slow with large amounts of data"
    from matplotlib.legend import Legend
    monkeypatch.setattr(Legend, "_find_best_position", lambda *a: pytest.fail("a legend with loc='best'"))
    assert cli.main(["train", "--dataset", "moons", "--epochs", "2", "--monitor", "--quiet",
                     "--out", str(tmp_path / "m")]) == 0
    assert cli.main(["train", "--dataset", "sine", "--epochs", "2", "--quiet", "--out", str(tmp_path / "s")]) == 0


def test_the_loss_curve_ticks_whole_epochs():
    history = History()
    for epoch in range(2):
        history.append(epoch, {"loss": 1.0 - epoch / 2, "accuracy": 0.5 + epoch / 4})
    for ax in plots.loss_curves(history).axes:
        assert all(tick == int(tick) for tick in ax.get_xticks())


def test_help_says_what_unset_options_default_to_and_the_header_counts_in_words(tmp_path, capsys):
    help_text = " ".join(cli._build_parser()._subparsers._group_actions[0].choices["train"].format_help().split())
    for option in ("--samples N", "--noise STD", "--classes K"):
        start = help_text.index(option, help_text.index("options:"))
        assert "(default: the dataset's own)" in help_text[start:help_text.index(" --", start + 3)], option
    for option in ("--early-stopping PATIENCE", "--schedule TEXT", "--clip-norm MAX"):
        start = help_text.index(option, help_text.index("options:"))
        assert "(default: off" in help_text[start:help_text.index(" --", start + 3)], option
    assert "a map of the predicted value for a regression; for 1, a prediction curve" in help_text
    start = help_text.index("--epochs EPOCHS", help_text.index("options:"))
    assert "(default: 300, fewer for a training part of more than" in help_text[start:help_text.index(" --", start + 3)]
    assert cli.main(["train", "--dataset", "xor", "--epochs", "1", "--quiet", "--out", str(tmp_path)]) == 0
    assert ", batch 32, 1 epoch\n" in capsys.readouterr().out


def test_an_imbalanced_run_is_read_against_always_answering_the_most_common_class(tmp_path, capsys):
    # labels unrelated to the inputs, 1 row in 37 "fraud": the model answers "ok" everywhere and
    # its test accuracy, 0.97, read as a success, with no baseline anywhere
    csv = imbalanced_csv(tmp_path / "imb.csv", every=37)
    assert cli.main(["train", "--data", str(csv), "--target", "label", "--epochs", "20", "--quiet",
                     "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    report = json.loads((tmp_path / "out" / "metrics.json").read_text())
    share = report["majority_baseline"]["accuracy"]
    assert report["majority_baseline"]["class"] == "ok" and 0.9 < share < 1
    assert (f"note: always answering 'ok', the most common class ({share:.1%} of the test rows), "
            f"scores {share:.4f}; the test accuracy is") in out
    # balanced classes that the model beats: recorded, not said
    assert cli.main(["train", "--dataset", "iris", "--epochs", "60", "--quiet", "--out", str(tmp_path / "iris")]) == 0
    assert "always answering" not in capsys.readouterr().out
    report = json.loads((tmp_path / "iris" / "metrics.json").read_text())
    assert report["majority_baseline"]["accuracy"] < 0.5 < report["results"]["test"]["accuracy"]


def _streams_in(monkeypatch, encoding):
    """sys.stdout and sys.stderr in ``encoding``, as PYTHONIOENCODING makes them, or Windows for
    output redirected to a file (cp1252); ``_written`` reads what the command wrote to one."""
    streams = [io.TextIOWrapper(io.BytesIO(), encoding=encoding) for _ in range(2)]
    monkeypatch.setattr(sys, "stdout", streams[0])
    monkeypatch.setattr(sys, "stderr", streams[1])
    return streams


def _written(stream):
    stream.flush()
    return stream.buffer.getvalue().decode(stream.encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_to_a_stream_without_the_symbols_spells_them_out(tmp_path, monkeypatch, encoding):
    # --help (λ·Σ|w|) and the Monitor's report (‖W‖) raised UnicodeEncodeError: the report after
    # training, before the run's files were written
    out, err = _streams_in(monkeypatch, encoding)
    with pytest.raises(SystemExit) as exit:
        cli.main(["train", "--help"])
    assert exit.value.code == 0, _written(err)
    assert re.search(r"L1 penalty lambda[·*]sum \|w\| on the weights", _written(out))   # (cp1252 has ·)
    out, err = _streams_in(monkeypatch, encoding)
    # a rate far too low: its finding gives the step as ‖ΔW‖ / ‖W‖
    assert cli.main(["train", "--epochs", "20", "--optimizer", "sgd", "--lr", "0.0001", "--monitor", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0, _written(err)
    diagnosis = json.loads((tmp_path / "o" / "metrics.json").read_text())["diagnosis"]  # UTF-8: as it is
    lacking = {c for c in diagnosis if not _cli_stream_encodes(c, encoding)}
    assert "Training monitor" in _written(out) and lacking, "the report holds no symbol to spell out"
    # every symbol the stream lacks spelled as the command spells it (σ, Δ, ², not ‖ alone)
    assert "".join(spell(c) if c in lacking else c for c in diagnosis) in _written(out)


def _cli_stream_encodes(char, encoding):
    """Whether a stream in ``encoding`` can hold ``char``."""
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_output_to_a_stream_that_cannot_be_reconfigured_is_written_as_it_is(tmp_path, monkeypatch):
    # a notebook's stdout has no reconfigure(); the command ran there as in a terminal
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert cli.main(["train", "--dataset", "xor", "--quiet", "--out", str(tmp_path / "o")]) == 0, err.getvalue()
    assert out.getvalue().startswith("neuralab train: xor") and f"to {tmp_path / 'o'}/" in out.getvalue()


def test_the_symbols_spelled_in_ascii():
    text = "‖W‖ σ δ ≥ x² ŷ μ₁ — ε λ Ω Λ"
    assert "".join(spell(c) if ord(c) > 127 else c for c in text) == ("||W|| sigma delta >= x^2 y mu1 -- epsilon "
                                                                      "lambda Omega Lambda")
    # a path in decomposed form, as macOS writes file names: the accent is a mark of its own
    assert "".join(spell(c) if ord(c) > 127 else c for c in "runs/cafe\u0301") == "runs/cafe"


def _rare_yes_csv(path):
    """400 'no' and 40 'yes', the 'yes' shifted: a rare class that an unweighted model misses often."""
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(0, 1, (400, 2)), rng.normal(1.2, 1, (40, 2))]
    labels = ["no"] * 400 + ["yes"] * 40
    path.write_text("a,b,answer\n" + "".join(f"{a:.4f},{b:.4f},{t}\n" for (a, b), t in zip(X, labels)))
    return path


def test_class_weight_weighs_the_rare_class_and_the_run_shows_each_class_found(tmp_path, capsys):
    csv = _rare_yes_csv(tmp_path / "imbalanced.csv")
    found = {}
    for name, option in [("none", []), ("balanced", ["--class-weight", "balanced"]), ("yes:5", ["--class-weight", "yes:5"]),
                         ("1:5", ["--class-weight", "1:5"])]:
        out = tmp_path / name.replace(":", "-")
        assert cli.main(["train", "--data", str(csv), "--target", "answer", "--epochs", "100", "--quiet",
                         "--out", str(out), *option]) == 0
        printed = capsys.readouterr().out
        report = json.loads((out / "metrics.json").read_text())
        found[name] = {label: row["recall"] for label, row in report["class_report"]["classes"].items()}
        rows = [line.split()[:3] for line in printed.splitlines()]
        assert all([label, f"{row['precision']:.4f}", f"{row['recall']:.4f}"] in rows
                   for label, row in report["class_report"]["classes"].items())
    assert found["balanced"]["yes"] > found["none"]["yes"] + 0.2      # 0.62 -> 1.0 here
    assert found["yes:5"] == found["1:5"]                               # a class by its label or number
    assert found["yes:5"]["yes"] > found["none"]["yes"]


@pytest.mark.parametrize("option, message", [
    ("maybe:5", r"--class-weight names the class 'maybe', which the data does not have; its classes are 'no', 'yes'"),
    ("yes:x", r"--class-weight yes:x: the weight must be a finite number >= 0 \(0 leaves the class out\), got 'x'"),
    ("yes", r"--class-weight takes 'balanced' or CLASS:WEIGHT pairs separated by commas, e.g. yes:5"),
    # the library's "class_weight's weights must be non-negative" named no option
    ("yes:-1", r"--class-weight yes:-1: the weight must be a finite number >= 0 \(0 leaves the class out\), got '-1'"),
    ("no:nan", r"--class-weight no:nan: the weight must be a finite number >= 0"),
    ("1:2,yes:3", r"--class-weight weighs the class 'yes' twice \('1:2,yes:3'\): give each class once"),
    # the library's "class_weight gives every sample a weight of 0 ... a class of y" named no option
    ("no:0,yes:-0", r"--class-weight no:0,yes:-0 leaves every class out \(each weighs 0\), so no training row "
                    r"would count: give a class a positive weight"),
])
def test_class_weight_errors_are_one_line(tmp_path, capsys, option, message):
    csv = _rare_yes_csv(tmp_path / "imbalanced.csv")
    assert cli.main(["train", "--data", str(csv), "--target", "answer", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o"), "--class-weight", option]) == 2
    err = capsys.readouterr().err
    assert re.search(message, err) and err.count("\n") == 1, err
    assert cli.main(["train", "--dataset", "sine", "--epochs", "1", "--quiet", "--out", str(tmp_path / "s"),
                     "--class-weight", "balanced"]) == 2
    assert "--class-weight weighs classes, and this target is a regression" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["balanced", "yes:5"])
def test_class_weight_with_mse_is_refused_in_the_commands_terms(tmp_path, capsys, option):
    # the library's refusal spoke of MSELoss and of sample_weight, which the command has not
    csv = _rare_yes_csv(tmp_path / "imbalanced.csv")
    assert cli.main(["train", "--data", str(csv), "--target", "answer", "--epochs", "1", "--quiet", "--loss", "mse",
                     "--out", str(tmp_path / "m"), "--class-weight", option]) == 2
    assert capsys.readouterr().err == ("neuralab: error: --class-weight weighs classes in --loss bce, bce_logits or "
                                       "cross_entropy, not mse: leave it out or choose one of those\n")
    assert not (tmp_path / "m").exists()


def test_ctrl_c_during_training_exits_130_in_one_line_and_leaves_no_folder(tmp_path, capsys, monkeypatch):
    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(nn.Sequential, "fit", interrupted)
    assert cli.main(["train", "--dataset", "xor", "--quiet", "--out", str(tmp_path / "runs" / "x")]) == 130
    out, err = capsys.readouterr()
    assert err == "neuralab: interrupted\n" and out.startswith("neuralab train: xor")
    assert not (tmp_path / "runs").exists()   # made for the run, removed with it


def test_a_network_too_large_for_the_memory_is_refused_in_one_line(tmp_path, capsys, monkeypatch):
    def too_large(*args, **kwargs):  # what NumPy raises for --layers auto,100000,100000,auto
        raise MemoryError("Unable to allocate 37.3 GiB for an array with shape (100000, 100000) and data type float32")
    monkeypatch.setattr(nn, "MLP", too_large)
    err = error_of(capsys, "--layers", "auto,100000,100000,auto", "--out", str(tmp_path / "o"), at_once=True)
    assert err == ("neuralab: error: not enough memory (Unable to allocate 37.3 GiB for an array with shape "
                   "(100000, 100000) and data type float32); try smaller layers or fewer samples")
    assert not (tmp_path / "o").exists()


def test_a_regression_too_small_for_early_stopping_s_validation_part_says_so(tmp_path, capsys):
    err = error_of(capsys, "--dataset", "sine", "--samples", "10", "--test-size", "0.9", "--early-stopping", "2",
                   "--out", str(tmp_path / "o"), at_once=True)
    # no classes to name; it said "the 1 training samples are"
    assert err == ("neuralab: error: --early-stopping: 1 training sample is too few to hold out 20% for "
                   "validation; use a smaller --test-size or leave out --early-stopping")
    assert not (tmp_path / "o").exists()


def test_a_single_sample_is_spoken_of_in_the_singular(tmp_path, capsys):
    # "1 samples are too few", "in all 1 training rows"
    assert cli.main(["train", "--dataset", "sine", "--samples", "1", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "one")]) == 0
    captured = capsys.readouterr()
    assert "note: 1 sample is too few to hold out a test part: the network is trained and scored on it" in captured.out
    assert "warning: every feature holds one value in the one training row, so" in captured.err


def test_a_marker_that_squashes_a_column_is_said_before_training_naming_the_csv_column_and_row(
        tmp_path, capsys, monkeypatch):
    """A CSV's missing-value marker in a training row (99999 among values near 1) makes the
    column's σ, and standardised, its other values end a hair apart: said with the library's
    words (data/spread.py), the column by its header, the row as the file numbers it (the split
    shuffled the rows), before training starts."""
    rng = np.random.default_rng(5)
    m = 120
    signal, noise, other = rng.standard_normal((3, m))
    labels = np.where(signal > 0, "yes", "no")
    ds = data.load_csv(write_csv(tmp_path / "probe.csv", ["signal", "noise", "other", "label"],
                                 zip(signal, noise, other, labels)), target="label")
    X_train = data.train_test_split(np.arange(m), ds.y, test_size=0.2, seed=0, stratify=True)[0]
    row = int(X_train[7])  # a training row, as the command splits with --seed 0
    signal[row] = 99999
    path = write_csv(tmp_path / "sensors.csv", ["signal", "noise", "other", "label"], zip(signal, noise, other, labels))
    said_before_training = []
    fit = nn.Sequential.fit
    monkeypatch.setattr(nn.Sequential, "fit", lambda self, *args, **kwargs: (
        said_before_training.append(capsys.readouterr().err), fit(self, *args, **kwargs))[1])
    assert cli.main(["train", "--data", path, "--target", "label", "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    lines = said_before_training[0].splitlines()
    assert len(lines) == 1 and re.fullmatch(
        rf"warning: column 'signal' holds 99999 in row {row + 1} of {re.escape(path)}, over 99\.9% of the column's "
        r"spread: standardised, its other values end within 0\.00\d+ of each other \(all nines: a marker of missing "
        r"values\?\); "
        r"fix or drop that row, or, if the value is real, transform the column first \(.*\); if it marks a missing "
        r"value, --na-values 99999 --missing drop drops every row that holds it", lines[0])
    assert "holds" not in capsys.readouterr().err  # said once


def test_a_marker_in_many_rows_is_counted_among_the_training_rows_and_one_named(tmp_path, capsys):
    # each copy of 99999 held its own part of the column's spread and nothing was said, while
    # standardised the other values ended within 0.0002 of each other and the column was lost
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 2))
    y = (X[:, 0] > 0).astype(int)
    marked = rng.choice(300, 30, replace=False)
    X[marked, 0] = 99999
    path = write_csv(tmp_path / "sensors.csv", ["a", "b", "label"], ((f"{a:.6g}", f"{b:.6g}", c) for (a, b), c in zip(X, y)))
    in_training = data.train_test_split(np.arange(300), y, test_size=0.2, seed=0, stratify=True)[0]
    count = len(set(in_training) & set(marked))
    assert cli.main(["train", "--data", path, "--target", "label", "--epochs", "1", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    (line,) = [line for line in capsys.readouterr().err.splitlines() if " holds " in line]
    said = re.fullmatch(rf"warning: column 'a' holds 99999 in {count} training rows, such as row (\d+) of "
                        rf"{re.escape(path)}, over 99\.9% of the column's spread: .* fix or drop those rows, .*", line)
    assert said and int(said[1]) - 1 in marked


def test_a_marker_in_a_regression_target_names_the_target_column(tmp_path, capsys):
    rng = np.random.default_rng(6)
    rows = [(f"{a:.3f}", f"{b:.3f}", f"{3 + a:.3f}") for a, b in rng.standard_normal((9, 2))]
    rows[4] = (*rows[4][:2], "99999")  # 9 rows: too few to split, every row trains
    path = write_csv(tmp_path / "prices.csv", ["rooms", "age", "price"], rows)
    assert cli.main(["train", "--data", path, "--target", "price", "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    assert f"warning: target column 'price' holds 99999 in row 5 of {path}, over 99.9% of" in capsys.readouterr().err


@pytest.mark.parametrize("delimiter, typed", [(";", "';'"), ("\t", "tab")])
def test_a_file_of_another_delimiter_whose_header_quotes_a_comma_is_asked_about_it(tmp_path, capsys, delimiter, typed):
    # read with ',', the quoted "Price, EUR" split the header in two: no one-column header to
    # give the file's delimiter away, and the error said nothing of it
    path = tmp_path / "prices.csv"
    path.write_text("\n".join(delimiter.join(row) for row in [("x", '"Price, EUR"', "y"), ("1", "2", "0"),
                                                                 ("3", "4", "1"), ("5", "6", "0")]) + "\n")
    err = error_of(capsys, "--data", str(path), "--target", "y", "--out", str(tmp_path / "o"))
    assert err.endswith(f"; the row has one field {delimiter.join('120')!r}: is the file separated by "
                        f"{delimiter!r}? pass --delimiter {typed}"), err


def test_a_marker_in_a_regression_target_names_its_row_among_rows_of_the_same_features(tmp_path, capsys):
    # rows 1 and 2 share their feature, as a learner's rounded hours often do: only row 1 holds
    # the marker, so it is named alone (the features alone said 'one of the rows 1, 2')
    path = write_csv(tmp_path / "hours.csv", ["hours", "score"],
                     [("1", "99999"), ("1", "8.75"), ("2", "9.5"), ("2", "7.25"), ("3", "8")])
    assert cli.main(["train", "--data", path, "--target", "score", "--epochs", "2", "--quiet",
                     "--out", str(tmp_path / "o")]) == 0
    assert f"warning: target column 'score' holds 99999 in row 1 of {path}, over 99.9% of" in capsys.readouterr().err


def test_a_misspelt_target_column_is_answered_with_the_closest_name(tmp_path, capsys):
    # the suggestion comes from load_csv's message, so the command line gives it too
    path = tmp_path / "table.csv"
    path.write_text("a,b,label\n1,2,0\n3,4,1\n5,6,0\n")
    assert error_of(capsys, "--data", str(path), "--target", "lbl", "--out", str(tmp_path / "run"), at_once=True) == (
        f"neuralab: error: {path}: no target column 'lbl'; did you mean 'label'? available columns: 'a', 'b', 'label'")
