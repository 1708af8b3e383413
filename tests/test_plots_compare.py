"""plots.compare: the runs of an experiment (learning rates, optimizers, batch sizes) on one axis,
one colour per run, its validation curve dashed beside it; a run that diverged crossed at its end,
and the others still readable beside it."""
import contextlib
import math

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import DivergenceWarning, History, plots


def _compare_history(stop_reason=None, diverged=False, **logs):
    """A History of the epochs of ``logs`` ({name: one value per epoch}), as fit records them,
    stopped for ``stop_reason`` (a NaN or inf: ``diverged``)."""
    history = History()
    for epoch in range(len(next(iter(logs.values()), []))):
        history.append(epoch, {key: values[epoch] for key, values in logs.items() if not math.isnan(values[epoch])})
    history.stop_reason, history.diverged = stop_reason, diverged
    return history


def _compare_lines(ax):
    """{(colour, line style): y values} of the curves drawn (markers alone left out)."""
    return {(line.get_color(), line.get_linestyle()): line.get_ydata().tolist()
            for line in ax.lines if len(line.get_xdata()) and line.get_linestyle() != "None"}


def _compare_legend(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_each_run_is_a_colour_its_training_curve_solid_and_its_validation_curve_dashed():
    runs = {0.1: _compare_history(loss=[0.9, 0.5, 0.4], val_loss=[1.0, 0.6, 0.55]),
            "lr 0.01": _compare_history(loss=[0.9, 0.8, 0.7])}
    ax = plots.compare(runs).axes[0]
    first, second = "#1f77b4", "#ff7f0e"
    assert _compare_lines(ax) == {(first, "-"): [0.9, 0.5, 0.4], (first, "--"): [1.0, 0.6, 0.55],
                                  (second, "-"): [0.9, 0.8, 0.7]}
    assert all(line.get_xdata().tolist() == [1, 2, 3] for line in ax.lines if len(line.get_xdata()))
    # a label per run, as given (a number too), then the key to the two line styles
    assert _compare_legend(ax) == ["0.1", "lr 0.01", "training", "validation"]
    assert ax.get_yscale() == "linear"      # 0.4 to 1.0: no decade to span
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"


def test_without_validation_curves_the_legend_names_the_runs_only():
    ax = plots.compare({"SGD": _compare_history(loss=[0.7, 0.6]), "Adam": _compare_history(loss=[0.7, 0.3])}).axes[0]
    assert _compare_legend(ax) == ["SGD", "Adam"]


def test_values_spanning_a_decade_are_drawn_on_a_log_axis_but_a_score_never_is():
    runs = {"Adam": _compare_history(loss=[0.7, 0.01], accuracy=[0.05, 1.0]),
            "SGD": _compare_history(loss=[0.7, 0.6], accuracy=[0.05, 0.2])}
    assert plots.compare(runs).axes[0].get_yscale() == "log"
    assert plots.compare(runs, metric="accuracy").axes[0].get_yscale() == "linear"


def test_a_run_that_diverged_ends_with_a_cross_and_leaves_the_others_readable(tmp_path):
    X, y = data.load("moons", n_samples=200, noise=0.2, seed=0)
    runs = {}
    for lr in (0.1, 20.0):
        neuralab.seed(0)
        model = nn.MLP([2, 16, 1], activation="relu")
        with pytest.warns(DivergenceWarning) if lr > 1 else contextlib.nullcontext():
            runs[f"lr {lr:g}"] = model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=lr),
                                           epochs=8, verbose=0, seed=0)
    calm, diverged = runs["lr 0.1"], runs["lr 20"]
    assert diverged.stop_reason and 0 < len(diverged.epoch) < 8   # the run this test needs
    fig = plots.compare(runs, tmp_path / "lr.png", title="two learning rates")
    ax = fig.axes[0]
    assert (tmp_path / "lr.png").stat().st_size > 1000
    assert _compare_legend(ax) == ["lr 0.1", "lr 20 (diverged)"]
    cross = [line for line in ax.lines if line.get_marker() == "X" and len(line.get_xdata())]
    assert len(cross) == 1 and cross[0].get_xdata().tolist() == [len(diverged.epoch)]
    assert cross[0].get_color() == "#ff7f0e"
    # its loss of 1e12 and more is off the chart: lr 0.1's fall from 0.5 to 0.3 is not a strip at the
    # bottom of 30 decades, but spans a tenth of the view's 2.5 decades
    low, high = ax.get_ylim()
    assert low < min(calm["loss"]) and high <= 150 * calm["loss"][0] < min(diverged["loss"])
    edge = float(f"{100 * calm['loss'][0]:.2g}")   # 49: two decades above lr 0.1's first loss
    assert ax.get_yscale() == "log" and ax.get_ylabel() == f"loss (above {edge:g} off the chart)"
    assert [line.get_xdata().tolist() for line in ax.lines if line.get_marker() == "^"] == [[1, 2]]


def test_a_runaway_curve_is_clipped_with_triangles_at_the_edge():
    runs = {"lr 2": _compare_history(loss=[5.0, 1e6, 1e20], stop_reason="the loss became inf at epoch 4, batch 1; "
                                                                       "try a lower learning rate (now 2)",
                                     diverged=True),
            "lr 0.1": _compare_history(loss=[2.0, 0.5, 0.05])}
    ax = plots.compare(runs).axes[0]
    # two decades above the highest start of the runs that did not diverge, 2
    assert ax.get_yscale() == "log" and ax.get_ylim()[1] == pytest.approx(300)
    assert ax.get_ylabel() == "loss (above 200 off the chart)"
    above = [line for line in ax.lines if line.get_marker() == "^"]
    assert [line.get_xdata().tolist() for line in above] == [[2, 3]]
    cross = next(line for line in ax.lines if line.get_marker() == "X" and len(line.get_xdata()))
    assert cross.get_xdata().tolist() == [3] and cross.get_ydata().tolist() == [200.0]   # at the edge, seen


def test_how_a_run_stopped_is_said_in_its_label():
    runs = {"patient": _compare_history(loss=[0.5, 0.4], stop_reason="early stopping: val_loss has not improved"),
            "stopped": _compare_history(loss=[0.5, 0.45], stop_reason="stopped by a callback after epoch 2"),
            "overflow": _compare_history(loss=[0.5, 0.6], stop_reason="the last update of epoch 3 overflowed the "
                                                                      "weights; try a lower learning rate", diverged=True),
            "first epoch": _compare_history(stop_reason="the loss became nan at epoch 1, batch 3; try a lower "
                                                        "learning rate", diverged=True)}
    ax = plots.compare(runs).axes[0]
    # (a label that already says how its run ended is not told it again)
    assert _compare_legend(ax) == ["patient (early stopping)", "stopped", "overflow (diverged)",
                                   "first epoch (diverged)"]
    # the run that logged no epoch is in the legend, crossed, with no curve
    entry = next(line for line in ax.get_legend().get_lines() if line.get_label() == "first epoch (diverged)")
    assert entry.get_marker() == "X" and entry.get_linestyle() == "None"


def test_a_label_too_long_for_its_note_keeps_its_words_and_the_note_goes_below():
    # a teacher's runs named by their cure: "early stopping" read "earl…ng (early stopping)"
    runs = {"early stopping": _compare_history(loss=[0.5, 0.4], stop_reason="early stopping: val_loss has not "
                                                                          "improved for 3 epochs"),
            "dropout 0.3, patience 3": _compare_history(loss=[0.5, 0.45], stop_reason="early stopping: val_loss "
                                                                                     "has not improved")}
    assert _compare_legend(plots.compare(runs).axes[0]) == ["early stopping",
                                                            "dropout 0.3, patience 3\n(early stopping)"]


def test_a_run_that_froze_says_so_in_its_label():
    # a learning rate too large pins a sigmoid output at 0 or 1: a flat line at 48, every gradient
    # 0, which fit calls frozen; drawn without a word, it read as a run that merely learnt nothing
    X, y = data.load("moons", n_samples=120, noise=0.6, seed=0)
    runs = {}
    for lr in (10.0, 0.1):
        neuralab.seed(0)
        model = nn.MLP([2, 16, 16, 1], activation="relu", output="sigmoid")
        with pytest.warns(UserWarning) if lr == 10.0 else contextlib.nullcontext():
            runs[f"lr {lr}"] = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr),
                                         epochs=6, verbose=0, seed=0)
    assert runs["lr 10.0"].frozen and not runs["lr 0.1"].frozen
    ax = plots.compare(runs).axes[0]
    assert _compare_legend(ax) == ["lr 10.0 (frozen)", "lr 0.1"]
    # it ran every epoch: no cross, which marks a run that stopped
    assert not [line for line in ax.lines if line.get_label() == "_stop"]
    # drawn alone, it says so over its curves
    assert plots.loss_curves(runs["lr 10.0"]).get_suptitle().startswith("frozen: every gradient was exactly 0")
    assert plots.loss_curves(runs["lr 0.1"]).get_suptitle() == ""


def test_the_training_loss_is_drawn_without_its_penalty_as_the_validation_loss_is():
    runs = {"L2": _compare_history(loss=[1.0, 0.8], penalty=[0.1, 0.2], val_loss=[1.0, 0.7])}
    ax = plots.compare(runs).axes[0]
    assert _compare_lines(ax)[("#1f77b4", "-")] == pytest.approx([0.9, 0.6])
    assert ax.get_ylabel() == "loss (penalty left out)"


def test_a_run_that_did_not_log_the_metric_is_named_in_the_title():
    runs = {"with": _compare_history(loss=[0.5, 0.4], accuracy=[0.6, 0.7]), "without": _compare_history(loss=[0.5, 0.4])}
    ax = plots.compare(runs, metric="accuracy").axes[0]
    assert ax.get_title() == "accuracy of 2 runs\naccuracy not logged by: without"
    assert list(_compare_lines(ax).values()) == [[0.6, 0.7]]


@pytest.mark.parametrize("runs, metric, error, words", [
    ({}, "loss", ValueError, r"no run to draw: give at least one, \{'lr 0\.1': history\}"),
    ({"lr 0.1": [0.5, 0.4]}, "loss", TypeError, r"runs\['lr 0\.1'\] is a list: compare draws the History each fit"),
    ({0.1: {"loss": [0.5]}}, "loss", TypeError, r"runs\[0\.1\] is a dict"),
    ("history", "loss", TypeError, "a dict of runs, {label: History}, got str"),
    ({"a": _compare_history(loss=[0.5], val_loss=[0.6])}, "accuracy", ValueError,
     r"no run logged 'accuracy': they logged 'loss', 'val_loss'"),
    ({"a": History()}, "loss", ValueError, r"no run logged 'loss': none of them logged an epoch"),
])
def test_what_compare_cannot_draw_is_refused_with_the_fix(runs, metric, error, words):
    with pytest.raises(error, match=words):
        plots.compare(runs, metric=metric)


def test_one_history_or_a_list_of_them_is_told_to_take_labels_or_loss_curves():
    history = _compare_history(loss=[0.5, 0.4])
    for runs in (history, [history, history]):
        with pytest.raises(TypeError, match=r"each under a label: \{'lr 0\.1': history.*plots\.loss_curves\(history\)"):
            plots.compare(runs)


def test_loss_curves_given_several_runs_points_to_compare():
    # a teacher's {0.1: h1, 0.01: h2} was told "the History has no epoch to draw"
    runs = {0.1: _compare_history(loss=[0.5, 0.4]), 0.01: _compare_history(loss=[0.5, 0.45])}
    with pytest.raises(TypeError, match=r"loss_curves draws one run.*use plots\.compare\(\{'lr 0\.1': history"):
        plots.loss_curves(runs)
    assert plots.loss_curves({"loss": [0.5, 0.4]}).axes[0].lines[0].get_ydata().tolist() == [0.5, 0.4]  # still drawn
