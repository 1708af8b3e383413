"""A report, with fit's stop reason beside it, says each remedy once, and each finding keeps its fact.

Raw breast-cancer inputs (area in the hundreds) diverged under SGD with a Monitor: fit's stop reason
said "standardise the inputs with data.Standardizer first; then, if it still diverges, try a lower
learning rate", and below it "Inputs far from unit scale" said to standardise them again and "Dead ReLU
units" to lower the rate. A deep ReLU network under Adam at lr 1 was told a lower learning rate by both
"Learning rate too high" and "Dead ReLU units". Each finding alone keeps its whole remedy."""
import warnings

import numpy as np

import neuralab
from neuralab import data, nn, optim
from neuralab.train import DivergenceWarning, Monitor
from test_monitor_second_sweep import _sw2_fit

SCALE_INPUTS = "standardise the inputs"


def _raw_cancer(lr, epochs=5):
    """A 30-16-1 ReLU network on breast cancer as loaded (not standardised), MSE, SGD at ``lr``:
    (history, report)."""
    ds = data.load("breast_cancer")
    neuralab.seed(0)
    model = nn.MLP([ds.n_features, 16, 1], output=None)
    monitor = Monitor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        history = model.fit(ds.X, ds.y.reshape(-1, 1).astype(np.float32), loss="mse", seed=0, verbose=0,
                            optimizer=optim.SGD(model.parameters(), lr=lr), epochs=epochs, callbacks=[monitor])
    return history, monitor.report()


def _keys(d):
    return [getattr(r, "key", None) for r in d.remedies]


def test_raw_inputs_that_diverge_are_told_to_standardise_once_by_fit_s_line():
    history, report = _raw_cancer(1.0)
    assert history.diverged and f"{SCALE_INPUTS} with data.Standardizer first" in history.stop_reason
    assert "try a lower learning rate (now 1)" in history.stop_reason
    unscaled = report[report.names.index("unscaled_inputs")]
    # the fact stays: which columns, how much larger each step is, that this is why it diverged
    assert unscaled.severity == "severe" and "far above unit scale" in unscaled.evidence
    assert unscaled.evidence.endswith("which is why training diverged")
    # the remedy is fit's line's, said once
    assert "standardise" not in _keys(unscaled) and unscaled.advice() == []
    assert SCALE_INPUTS not in report.text()
    # and so is the lower rate: the finding that blames the rate keeps clipping and a schedule, the dead
    # units point to it
    too_high = report[report.names.index("learning_rate_too_high")]
    assert "lr" not in _keys(too_high) and "clip" in _keys(too_high)
    dead = report[report.names.index("dead_relus")]
    assert "lr" not in _keys(dead) and dead.evidence.endswith("For the step size, see Learning rate too high")
    assert "lower" not in report.text() and history.stop_reason.count("lower") == 1


def test_raw_inputs_without_a_divergence_are_told_to_standardise_by_the_finding():
    history, report = _raw_cancer(1e-4, epochs=20)
    assert not history.diverged and history.stop_reason is None
    unscaled = report[report.names.index("unscaled_inputs")]
    assert _keys(unscaled)[0] == "standardise" and unscaled.advice()[0].startswith(SCALE_INPUTS)


def _deep_relu_at_adam_s_lr_1(lr=1.0):
    """2-16-16-16-16-1 ReLU on moons under Adam at lr 1 (or ``lr``): a first step of ~240 % switches the units
    off."""
    ds = data.load("moons", n_samples=400, noise=0.1, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 16, 16, 16, 16, 1], output=None)
    monitor = Monitor()
    model.fit(ds.X, ds.y.reshape(-1, 1), loss="bce_logits", optimizer=optim.Adam(model.parameters(), lr=lr),
              epochs=50, callbacks=[monitor], verbose=0, seed=0)
    return monitor.report()


def test_dead_units_beside_a_learning_rate_too_high_point_to_it_for_the_lower_rate():
    report = _deep_relu_at_adam_s_lr_1()
    too_high = report[report.names.index("learning_rate_too_high")]
    dead = report[report.names.index("dead_relus")]
    assert too_high.severity != "info" and dead.severity != "info"
    assert "lr" in _keys(too_high) and "lr" not in _keys(dead)
    # the fact stays (the units, the step that switched them off, by its size and rate), then the pointer;
    # the step's measure and gradient are the finding's that blames the rate, and the paragraph stays short
    assert "ReLU" in dead.evidence and "after a first step that changed the weights by" in dead.evidence
    assert "(lr 1). With them the network learnt nothing" in dead.evidence and "‖ΔW‖" not in dead.evidence
    assert dead.evidence.endswith("For the step size, see Learning rate too high") and len(dead.evidence) < 400
    assert "leaky_relu" in _keys(dead)
    for face in ("python", "cli", "play"):
        assert report.text(face).count("lower") == 1


def test_dead_units_alone_keep_the_lower_rate_among_their_remedies():
    # momentum SGD at lr 1 (10 with momentum 0.9): the units died, and no finding blames the rate
    report = _sw2_fit("moons", [2, 16, 16, 1], lambda p, lr: optim.SGD(p, lr=lr, momentum=0.9), 1.0, 100, seed=1,
                      standardise=True)[0]
    assert report.names == ["dead_relus"]
    (dead,) = report
    assert _keys(dead)[0] == "lr" and "see Learning rate too high" not in dead.evidence
    assert dead.advice()[0].startswith("a lower learning rate")


def _sine_in_hundreds(lr):
    """A 1-16-1 ReLU network on sine, its inputs standardised and its targets 100 y + 500, MSE, SGD at
    ``lr``: (history, report)."""
    ds = data.load("sine")
    neuralab.seed(0)
    model = nn.MLP([1, 16, 1])
    monitor = Monitor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        history = model.fit(data.Standardizer().fit_transform(ds.X), 100 * ds.y.reshape(-1, 1) + 500, loss="mse",
                            optimizer=optim.SGD(model.parameters(), lr=lr), epochs=10, callbacks=[monitor],
                            verbose=0, seed=0)
    return history, monitor.report()


def test_targets_far_from_unit_scale_that_diverge_are_told_to_standardise_once_by_fit_s_line():
    history, report = _sine_in_hundreds(0.1)
    assert history.diverged and "standardise the targets with a data.Standardizer on y first" in history.stop_reason
    target = report[report.names.index("unscaled_target")]
    assert "root mean square of 5" in target.evidence and target.evidence.endswith("training diverged")
    assert target.remedies == [] and "standardise the target" not in report.text()
    # alone, at a rate that does not diverge, the finding gives its remedy
    history, report = _sine_in_hundreds(1e-4)
    assert not history.diverged and report.names == ["unscaled_target"]
    assert report[0].advice()[0].startswith("standardise the target (mean 0, std 1)")


def test_neuralab_train_tells_dead_units_beside_a_learning_rate_too_high_the_lower_rate_once(tmp_path, capsys):
    # --lr appeared under both findings: "lower the learning rate (divide it by 3 to 10): --lr" and "a lower
    # learning rate (one large step can switch a unit off for good): --lr"
    from neuralab import cli
    assert cli.main(["train", "--dataset", "spiral", "--layers", "auto,16,16,16,16,auto", "--optimizer", "adam",
                     "--lr", "0.3", "--epochs", "50", "--monitor", "--quiet", "--out", str(tmp_path / "run")]) == 0
    report = capsys.readouterr().out.split("Training monitor:")[1]
    too_high, dead = (next(part for part in report.split("\n\n[") if part.startswith(start))
                      for start in ("severe] Learning rate too high", "severe] Dead ReLU units"))
    assert "lower the learning rate (divide it by 3 to 10): --lr" in too_high
    assert "For the step size, see Learning rate too high" in dead and "--activation leaky_relu" in dead
    assert report.count("--lr") == 1 and report.count("lower") == 1
