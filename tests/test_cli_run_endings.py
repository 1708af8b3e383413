"""How ``neuralab train`` ends a run that ended badly or oddly, in the line a learner reads: a loss
still falling slowly when the epochs ran out (not converged), a test loss that rose above
guessing's while the training loss fell (overfitting), "lower the learning rate" said once, data
too small to split scored as what it is, and the gradient-norm legend naming the layers as
``summary()`` does. The default run of every built-in dataset says none of the first two."""
import csv
import json
import math

import numpy as np
import pytest

import neuralab
from neuralab import cli, nn, optim, train
from neuralab.cli.loss_warning import loss_warning, not_converged
from neuralab.cli.report import number
from neuralab.train import plots

BUILT_IN = ["and", "or", "xor_gate", "circles", "moons", "spiral", "gaussians", "checkerboard", "xor", "plane",
            "sine", "iris", "wine", "breast_cancer", "digits"]
NOT_CONVERGED = "warning: the training loss was still falling when the epochs ran out, and had fallen little ("
OVERFITTING = "(overfitting)"


def _run(capsys, tmp_path, *options):
    """(stdout, stderr, metrics.json, history.csv's columns) of ``neuralab train`` with ``options``."""
    out = tmp_path / "run"
    assert cli.main(["train", *options, "--quiet", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    with open(out / "history.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    history = {key: [float(row[key]) for row in rows] for key in rows[0]}
    return printed.out, printed.err, json.loads((out / "metrics.json").read_text()), history


@pytest.mark.parametrize("options, lr, usual", [(["--lr", "1e-5"], "1e-05", "0.01"),
                                                (["--optimizer", "sgd", "--lr", "0.001"], "0.001", "0.1")])
def test_a_run_still_falling_slowly_as_its_epochs_ran_out_is_told_it_has_not_converged(tmp_path, capsys, options,
                                                                                        lr, usual):
    # spiral at a rate far below the optimizer's usual one ended at 62 % test accuracy and said nothing
    _, err, report, history = _run(capsys, tmp_path, *options)
    loss = history["loss"]
    assert err.splitlines() == [
        f"{NOT_CONVERGED}{number(loss[0])} in the first epoch, {number(loss[-1])} in the last): training has not "
        f"converged; try more epochs (--epochs, now {report['epochs_trained']}) or a higher learning rate (--lr, now "
        f"{lr}), such as this optimizer's usual {usual}"]


def test_with_monitor_a_rate_too_low_is_the_report_s_to_advise(tmp_path, capsys):
    _, err, report, history = _run(capsys, tmp_path, "--lr", "1e-5", "--monitor")
    loss = history["loss"]
    assert err.splitlines() == [f"{NOT_CONVERGED}{number(loss[0])} in the first epoch, {number(loss[-1])} in the "
                                f"last): see the training monitor's findings below"]
    assert "--lr" in report["diagnosis"]


@pytest.mark.parametrize("dataset", BUILT_IN)
def test_a_default_run_says_nothing_of_convergence_and_only_iris_is_told_it_overfit(tmp_path, capsys, dataset):
    out, err, report, history = _run(capsys, tmp_path, "--dataset", dataset)
    assert "still falling" not in err and "did not fall" not in err and "stayed at" not in err
    # wine, breast cancer and digits overfit a little too, their test loss far below guessing's: loss.png shows it
    assert (OVERFITTING in out) == (dataset == "iris")
    if dataset == "iris":   # 0.0008 on the training part, 1.32 on the test part, at 93 % accuracy
        val = history["val_loss"]
        best = int(np.argmin(val))
        note = next(line for line in out.splitlines() if OVERFITTING in line)
        assert note.startswith(f"note: the test loss was lowest at epoch {best + 1} ({number(val[best])}) and rose "
                               f"to {number(report['results']['test']['loss'])}, above the {number(math.log(3))} of "
                               f"guessing the class shares, while the training loss fell")
        assert note.endswith("try --l2 1e-2, a penalty on large weights that keeps its answers less certain, or "
                             "--early-stopping 20, which keeps the weights of the epoch of lowest validation loss")


def test_the_advice_against_overfitting_brings_iris_s_test_loss_below_guessing_s(tmp_path, capsys):
    guessing = math.log(3)
    _, _, default, _ = _run(capsys, tmp_path, "--dataset", "iris")
    assert default["results"]["test"]["loss"] > guessing
    out, _, penalised, _ = _run(capsys, tmp_path, "--dataset", "iris", "--l2", "1e-2")
    assert OVERFITTING not in out and penalised["results"]["test"]["loss"] < guessing
    assert penalised["results"]["test"]["accuracy"] >= default["results"]["test"]["accuracy"]
    # early stopping keeps the weights of its best epoch, on a validation part of the training rows
    out, _, stopped, history = _run(capsys, tmp_path, "--dataset", "iris", "--early-stopping", "20")
    best = int(np.argmin(history["val_loss"]))
    assert f"(best {history['val_loss'][best]:.4g} after epoch {best + 1})" in out and OVERFITTING not in out
    assert stopped["epochs_trained"] == best + 1 + 20 and stopped["results"]["test"]["loss"] < guessing


def test_with_monitor_the_overfitting_is_the_report_s_to_say(tmp_path, capsys):
    out, _, report, _ = _run(capsys, tmp_path, "--dataset", "iris", "--monitor")
    assert OVERFITTING not in out and "Overfitting" in report["diagnosis"]


@pytest.mark.parametrize("monitor, where", [([], "the warning above"),
                                            (["--monitor"], "the training monitor's findings below")])
def test_a_rate_too_high_is_told_to_lower_it_by_one_finding_and_the_loss_line_keeps_its_fact(tmp_path, capsys,
                                                                                            monitor, where):
    _, err, report, history = _run(capsys, tmp_path, "--lr", "10", *monitor)
    loss = history["loss"]
    said = f"warning: the training loss did not fall ({number(loss[0])} in the first epoch, {number(loss[-1])} in the last)"
    assert f"{said}: see {where}" in err.splitlines()
    told = err if not monitor else report["diagnosis"]   # fit's frozen warning, or the Monitor's findings
    assert "training is frozen" in told and "lower" in told


def test_the_loss_line_keeps_its_advice_when_nothing_else_gave_it():
    adam = optim.Adam(nn.Dense(1, 1).parameters(), lr=10)
    assert loss_warning([38.88, 50.0, 50.0], adam, usual_lr=0.01).endswith(
        "try a lower learning rate (now 10), such as this optimizer's usual 0.01")
    assert loss_warning([38.88, 50.0, 50.0], adam, usual_lr=0.01, advised="see the warning above") == (
        "the training loss did not fall (38.8800 in the first epoch, 50.0000 in the last): see the warning above")


def test_not_converged_reads_the_pace_at_the_end_against_the_fastest():
    epochs = np.arange(300)
    assert not_converged(0.68 - 1e-4 * epochs)                        # a steady crawl: 3 % in 300 epochs
    fast_then = 0.61 + 0.07 * np.exp(-epochs / 30)                    # a fast fall, then a crawl at the end:
    assert not_converged(fast_then - 1.5e-4 * epochs)                 # 10 times slower than its fastest
    assert not not_converged(fast_then - 3e-5 * epochs)               # 30 times: levelled off
    rng = np.random.default_rng(0)
    floor = 0.4 + 0.3 * np.exp(-epochs / 10) + 0.002 * rng.standard_normal(300)
    assert not not_converged(floor)                                    # a noisy floor: levelled off
    assert not not_converged(0.68 * np.exp(-epochs / 100))             # fell 20-fold: it learnt
    assert not not_converged([0.68, 0.67, 0.66, 0.65])                 # too few epochs to tell a pace
    sgd = optim.SGD(nn.Dense(1, 1).parameters(), lr=0.001)
    crawl = list(0.68 - 1e-4 * epochs)
    assert loss_warning(crawl, sgd, usual_lr=0.1).startswith("the training loss was still falling")
    assert loss_warning(crawl, sgd, usual_lr=0.1, cut_short=True) is None   # early stopping, Ctrl-C: epochs left
    sgd.lr = 0.1   # at the usual rate, the epochs ran out
    assert loss_warning(crawl, sgd, usual_lr=0.1).endswith("try more epochs (--epochs, now 300)")


@pytest.mark.parametrize("gate", ["and", "xor_gate"])
def test_four_samples_are_scored_as_all_four_not_as_a_test_part(tmp_path, capsys, gate):
    out, _, report, _ = _run(capsys, tmp_path, "--dataset", gate)
    lines = out.splitlines()
    assert lines[0].startswith(f"neuralab train: {gate} (4 samples, binary)")
    assert lines[1] == "note: 4 samples are too few to hold out a test part: the network is trained and scored on all 4"
    rows = [line.split()[0] for line in lines[3:] if line.split()[0] in ("train", "test", "all")]
    assert rows == ["all"] and "each class (all 4):" in lines and "(test)" not in out
    assert report["results"]["train"] == report["results"]["test"]   # metrics.json keeps its keys


def test_the_gradient_norm_legend_names_each_layer_as_summary_does(tmp_path):
    neuralab.seed(0)
    X = np.random.default_rng(0).standard_normal((64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    model = nn.MLP([2, 16, 16, 1], output="sigmoid")
    monitor = train.Monitor(every=1)
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=2, callbacks=[monitor],
              verbose=0)
    labels = [line.get_label() for line in plots.gradient_norms(monitor, tmp_path / "g.png").axes[0].lines]
    assert labels == ["0 Dense(2, 16)", "2 Dense(16, 16)", "4 Dense(16, 1)"]   # summary()'s rows; the report's "0 Dense"
    assert list(monitor.weights) == ["0 Dense", "2 Dense", "4 Dense"]
