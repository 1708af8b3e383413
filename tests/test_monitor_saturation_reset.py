"""Saturated units behind weights that large steps grew, after the learning rate was lowered: a learner
in the playground trained a 2-8-8-1 sigmoid network at SGD's lr 10, was told "a lower learning rate",
lowered it to 0.1 and trained on; the units stayed in the tails (a lower step does not shrink grown
weights) and the evidence read "steps this large (lr 0.1) drive z into the tails". The evidence names
the lr the weights grew at, and fresh weights come first (↺ on the page), where the lr is lower already
or the weights were that large before the monitor's first step (the page keeps them through an edit of
the network, under a new monitor)."""
from pathlib import Path

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Callback, LambdaCallback, Monitor

FRESH = "start again from fresh weights"
HOW_FRESH = {"python": "nn.Layer.from_spec(model.to_spec())", "cli": "neuralab train again",
             "play": "reset the weights (↺), then press play"}


class _SrLowerLr(Callback):
    """Sets the optimizer's lr to ``lr`` at the start of epoch ``epoch``, within the same fit: what the
    playground's Learning rate box does to its running fit (``Session.set_state``: optimizer.lr = ...)."""

    def __init__(self, epoch, lr):
        self.epoch, self.lr = epoch, lr

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            self.params["optimizer"].lr = self.lr


def _sr_spiral():
    ds = data.load("spiral", n_samples=400, noise=0.1, seed=1)
    X, y = ds.X, ds.y.reshape(-1, 1).astype(np.float64)
    return X[:200], y[:200], X[200:], y[200:]


def _sr_fit(model, monitor, optimizer, epochs, callbacks=()):
    X, y, X_val, y_val = _sr_spiral()
    model.fit(X, y, loss="bce_logits", optimizer=optimizer, epochs=epochs, batch_size=10, verbose=0,
              validation_data=(X_val, y_val), metrics=["accuracy"], callbacks=[monitor, *callbacks], seed=0)


def _sr_saturated(monitor):
    report = monitor.report()
    assert "saturated_units" in report.names, report
    d = report[report.names.index("saturated_units")]
    assert d.severity != "info", d
    return d


@pytest.fixture(scope="module")
def sr_lowered_mid_run():
    """2-8-8-1 sigmoid at SGD's lr 10 for 100 epochs, then lr 0.1 for 100 more, in one fit: (the
    monitor's finding at epoch 100, the monitor at the end, the model)."""
    neuralab.seed(0)
    model = nn.MLP([2, 8, 8, 1], activation="sigmoid", output=None)
    monitor = Monitor()
    opt = optim.SGD(model.parameters(), lr=10)
    _sr_fit(model, monitor, opt, 100)
    before = _sr_saturated(monitor)
    _sr_fit(model, monitor, opt, 100, callbacks=[_SrLowerLr(0, 0.1)])
    return before, monitor, model


def test_while_the_large_lr_runs_the_lower_one_is_learning_rate_too_high_s_and_fresh_weights_come_first(
        sr_lowered_mid_run):
    before, _, _ = sr_lowered_mid_run
    # the loss oscillates at lr 10: Learning rate too high, reported beside it, says "lower the learning rate";
    # this finding points there, once, and keeps what lowering the lr alone would not do
    assert before.evidence.endswith("steps this large (lr 10) drive z into the tails. For the step size, see "
                                    "Learning rate too high")
    for face in ("python", "cli", "play"):
        advice = before.advice(face)
        # lowering the lr alone would leave the grown weights, and the units in the tails, as they are
        assert advice[0].startswith(FRESH) and HOW_FRESH[face] in advice[0], advice
        assert not any("lower" in r for r in advice), advice


def test_the_lr_lowered_after_the_weights_grew_is_not_blamed_and_fresh_weights_come_first(sr_lowered_mid_run):
    _, monitor, _ = sr_lowered_mid_run
    # each record keeps the lr of its step: 10 for the first fit, 0.1 after it was lowered
    assert len(monitor.lrs) == len(monitor.steps)
    assert monitor.lrs[0] == 10 and monitor.lrs[-1] == pytest.approx(0.1) and monitor.lr == pytest.approx(0.1)
    d = _sr_saturated(monitor)
    assert "(lr 0.1)" not in d.evidence, d.evidence
    assert "steps this large (lr 10) drive z into the tails" in d.evidence
    assert ("The learning rate was lowered since (lr fell from 10 to 0.1 at step 2,001), which leaves the weights "
            "as large as they grew") in d.evidence
    for face in ("python", "cli", "play"):
        advice = d.advice(face)
        assert advice[0].startswith(FRESH) and HOW_FRESH[face] in advice[0], advice
        assert not any(r.startswith("a lower learning rate") for r in advice), advice   # it is lower already


def test_a_rate_typed_after_the_last_record_is_not_quoted_as_the_one_that_left_the_weights():
    # lowered to 0.1 at epoch 100 (step 2,001), then 0.3 typed 5 steps before the end, after the last record
    # (step 3,981): the evidence read "The learning rate is now 0.1", no longer the rate, and no record
    # shows what 0.3 does
    neuralab.seed(0)
    model = nn.MLP([2, 8, 8, 1], activation="sigmoid", output=None)
    monitor = Monitor()
    opt = optim.SGD(model.parameters(), lr=10)
    typed = LambdaCallback(on_batch_end=lambda batch, logs: setattr(opt, "lr", 0.3) if monitor.step == 3995 else None)
    _sr_fit(model, monitor, opt, 200, callbacks=[_SrLowerLr(100, 0.1), typed])
    assert monitor.lr_changes == [(1, 10), (2001, 0.1), (3996, 0.3)] and monitor.steps[-1] < 3996
    d = _sr_saturated(monitor)
    assert ("The learning rate was lowered since (lr fell from 10 to 0.1 at step 2,001), which leaves the weights "
            "as large as they grew") in d.evidence
    assert "to 0.3" not in d.evidence and "is now" not in d.evidence


def test_a_second_fit_with_a_new_optimizer_at_a_lower_lr_is_read_alike():
    # the playground's other way: under a schedule, a new lr makes a new optimizer and a new fit, which
    # the same monitor goes on recording (its records continue: same model, same layers)
    neuralab.seed(0)
    model = nn.MLP([2, 8, 8, 1], activation="sigmoid", output=None)
    monitor = Monitor()
    _sr_fit(model, monitor, optim.SGD(model.parameters(), lr=10), 100)
    _sr_fit(model, monitor, optim.SGD(model.parameters(), lr=0.1), 100)
    d = _sr_saturated(monitor)
    assert "steps this large (lr 10) drive z into the tails" in d.evidence and "(lr 0.1)" not in d.evidence
    assert d.advice("play")[0] == ("start again from fresh weights: units in the flat tails pass too little gradient "
                                   "for any step size to shrink the weights that put them there: reset the weights "
                                   "(↺), then press play")


def test_records_without_learning_rates_quote_none(sr_lowered_mid_run):
    # records kept without the lr of each step (``lr_changes``: a monitor's state put together by hand)
    # cannot tell which lr grew the weights: the evidence names none, and it is not the last record's either
    _, monitor, _ = sr_lowered_mid_run
    kept = monitor.lr_changes
    try:
        monitor.lr_changes = []
        d = _sr_saturated(monitor)
    finally:
        monitor.lr_changes = kept
    assert "steps this large drive z into the tails" in d.evidence and "(lr" not in d.evidence
    assert d.advice()[0].startswith("a lower learning rate")       # nothing says the lr is lower already


def test_a_new_monitor_over_weights_grown_before_puts_fresh_weights_first(sr_lowered_mid_run):
    # the playground starts a new Monitor at each edit of the network, and keeps the trained weights
    _, _, model = sr_lowered_mid_run
    monitor = Monitor()
    _sr_fit(model, monitor, optim.SGD(model.parameters(), lr=0.1), 30)
    d = _sr_saturated(monitor)
    assert "the weights that compute their z were already large before the first step recorded" in d.evidence
    assert "‖W‖ in times Xavier's norm: " in d.evidence and "grew from before" not in d.evidence
    for face in ("python", "cli", "play"):
        advice = d.advice(face)
        assert advice[0].startswith(FRESH) and HOW_FRESH[face] in advice[0], advice
        assert not any(r.startswith("a lower learning rate") for r in advice), advice
    # (the page's Initial weights on auto draw every block at Xavier's or He's scale: no
    # initialisation to advise there; on another choice, the menu's auto)
    assert not any("Xavier" in r for r in d.advice("play", done=("init", "xavier")))
    assert any(r.endswith("the Initial weights menu above the network: auto (Xavier for tanh and sigmoid)")
               for r in d.advice("play"))
    assert any(r.endswith('init="xavier_uniform"') for r in d.advice("python"))


def test_fresh_weights_in_python_are_the_same_layers_drawn_anew():
    # what the Python advice says to run gives the same layers with other weights
    neuralab.seed(0)
    model = nn.MLP([2, 8, 8, 1], activation="sigmoid", output=None)
    fresh = nn.Layer.from_spec(model.to_spec())
    assert fresh.to_spec() == model.to_spec()
    assert not np.allclose(fresh.layers[0].weight.data, model.layers[0].weight.data)


def test_the_pages_reset_button_is_the_one_the_advice_names():
    controls = (Path(neuralab.__file__).parent / "play" / "static" / "controls.js").read_text()
    assert "testid: 'reset', title: 'reset the weights'" in controls and "'↺')" in controls
