"""A regression that overfits (60 noisy rows, 300 epochs at the defaults: the test loss lowest
early, then rising while the training loss falls) gets a note, as a classifier does: the epoch of
the lowest test loss, the test R² then and at the end, and --l2 to try, in place of the R² note's
"a learning rate too high, or too few epochs?". A run that does not overfit gets none."""
import csv
import types

import numpy as np
import pytest

from neuralab import cli
from neuralab.cli.overfitting import R2_FALL, regression_overfitting_note


def _noisy_csv(path, rows=60):
    """y = 5·x1 + 3·x2 + N(0, 4²), beside three columns of noise: more noise than a small network
    needs to learn y, and few rows to learn it from."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(rows, 5))
    y = 20 + 5 * X[:, 0] + 3 * X[:, 1] + rng.normal(0, 4, rows)
    path.write_text("x1,x2,x3,x4,x5,y\n" + "".join(",".join(f"{v:.4f}" for v in (*x, t)) + "\n"
                                                   for x, t in zip(X, y)))
    return str(path)


def _run(tmp_path, capsys, *options):
    out_dir = tmp_path / "run"
    code = cli.main(["train", "--quiet", "--seed", "0", "--out", str(out_dir), *options])
    out, err = capsys.readouterr()
    assert code == 0
    return out, err, out_dir


def test_an_overfitting_regression_gets_the_note_with_its_epoch_and_r2(tmp_path, capsys):
    out, err, run = _run(tmp_path, capsys, "--data", _noisy_csv(tmp_path / "noisy.csv"), "--target", "y")
    with open(run / "history.csv") as file:
        history = list(csv.DictReader(file))
    val = [float(row["val_loss"]) for row in history]
    best = int(np.argmin(val))
    notes = [line for line in out.splitlines() if line.startswith("note:") and "overfitting" in line]
    assert len(notes) == 1
    note = notes[0]
    r2_best, r2_end = float(history[best]["val_r2"]), float(history[-1]["val_r2"])
    assert note.startswith(f"note: the test loss (MSE) was lowest at epoch {best + 1} (test R² ")
    assert f"{r2_best:.4f}" in note and f"{r2_end:.4f}" in note and r2_best - r2_end >= R2_FALL
    assert note.endswith("try --l2 1e-1, a penalty on large weights that keeps its answers smooth (1e-2 may do "
                         "for a larger file)")
    # said once: not the R² note's learning rate and epochs, nor the loss warning's
    assert "learning rate" not in out and "answering the mean" not in out and "more epochs" not in err


def test_the_advised_l2_leaves_no_rise_to_note(tmp_path, capsys):
    out, err, _ = _run(tmp_path, capsys, "--data", _noisy_csv(tmp_path / "noisy.csv"), "--target", "y",
                       "--l2", "1e-1")
    assert "(overfitting)" not in out


@pytest.mark.parametrize("option", [("--monitor",), ("--early-stopping", "20")])
def test_the_monitor_and_early_stopping_say_it_their_own_way(tmp_path, capsys, option):
    out, err, _ = _run(tmp_path, capsys, "--data", _noisy_csv(tmp_path / "noisy.csv"), "--target", "y", *option)
    assert "note: the test loss (MSE)" not in out


@pytest.mark.parametrize("dataset", ["plane", "sine"])
def test_the_built_in_regressions_at_their_defaults_get_no_note(tmp_path, capsys, dataset):
    out, err, _ = _run(tmp_path, capsys, "--dataset", dataset)
    assert "(overfitting)" not in out + err


def _history(val_loss, val_r2, loss=None):
    loss = loss or list(np.geomspace(1, 1e-3, len(val_loss)))
    return types.SimpleNamespace(history={"loss": loss, "val_loss": val_loss, "val_r2": val_r2})


def test_a_rise_of_the_test_loss_with_little_r2_lost_gets_no_note():
    epochs = 100
    val = [0.5] * 10 + list(np.linspace(0.5, 0.02, 20)) + list(np.linspace(0.02, 0.04, epochs - 30))
    # the test MSE doubled from its lowest, but of a fit near perfect: R² 0.98 -> 0.96
    assert regression_overfitting_note(_history(val, [1 - v for v in val])) is None
    # the same rise from a test MSE of 0.3 -> 0.6: R² 0.7 -> 0.4
    worse = [v * 15 for v in val]
    note = regression_overfitting_note(_history(worse, [1 - v for v in worse]))
    assert note is not None and "lowest at epoch 30 (test R² 0.7000)" in note and "to a test R² of 0.4000 at the end" in note
