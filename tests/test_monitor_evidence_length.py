"""The evidence of each finding on the course's standard runs stays short enough to read through:
what is wrong and the numbers that show it, then detail, no fact said twice. A 19-layer start
listed every layer (724 characters); the overfitting finding once ran to ~600.

The bound, 400 characters: the Diagnosis panel and the report print a finding's evidence as one
paragraph, and 400 is about four lines of a 100-column terminal, or 60 to 70 words, what a reader
takes in one go. The runs' longest findings (notes that also say why nothing needs fixing and when
it would) reached 450 to 720 before they were tightened; most problems now say theirs in under 300.
Four more ran past it on runs of their own: saturated units on raw inputs under weights drawn large
(410), a target around 1e18 whose squared errors overflowed (480: fit's advice quoted again), a jump
of the loss in a network that fits anyway (414) and a validation loss rising at a held-out accuracy
that holds (604)."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import DivergenceWarning, LambdaCallback, Monitor
from test_monitor import _fit, _fit_regression, _moons, _overfit, _plane, saturated_tanh
from test_monitor_misses import checkerboard_plateau
from test_monitor_second_sweep import _sw2_fit, wine_held_accuracy
from test_monitor_unscaled_inputs import _unscaled_moons, _unscaled_run
from test_monitor_tiny_inputs import _digits_divided_twice
from test_monitor_verdicts import _small_init, _verdict_fit, _verdict_moons

READABLE = 400


def _overfitting():
    return _overfit()[0]


def _dead_relus_at_a_large_rate():
    return _sw2_fit("moons", [2, 16, 16, 1], lambda p, lr: optim.SGD(p, lr=lr, momentum=0.9), 1.0, 100, seed=1,
                    standardise=True)[2]


def _sigmoid_depth():
    neuralab.seed(0)
    model = nn.MLP([2] + [16] * 10 + [1], activation="sigmoid")
    monitor = Monitor(every=5)
    _fit(model, *_moons(), monitor, optimizer=optim.SGD(model.parameters(), lr=0.1))
    return monitor


def _tiny_start(activation):
    """10 hidden layers drawn from N(0, 0.01²), the course's too-small start."""
    def run():
        neuralab.seed(0)
        model = nn.MLP([2] + [16] * 10 + [1], activation=activation, output="sigmoid", init=_small_init(0.01, 0))
        monitor = Monitor()
        _verdict_fit(model, *_verdict_moons(), optim.SGD(model.parameters(), lr=0.1), monitor, 20, loss="bce")
        return monitor
    return run


def _plateau():
    return checkerboard_plateau()[0]


def _too_small_a_rate():
    neuralab.seed(0)
    model = nn.MLP([2, 16, 16, 1], activation="relu")
    monitor = Monitor(every=5)
    _fit(model, *_moons(), monitor, optimizer=optim.SGD(model.parameters(), lr=1e-5))
    return monitor


def _unscaled_input():
    X, y = _unscaled_moons()
    return _unscaled_run(X * 100, y)


def _saturated_on_raw_inputs():
    """Moons as loaded (off centre) under tanh weights drawn 20 times Xavier's: both layers in the tails."""
    return saturated_tanh("raw", 20)


def _target_around_1e18():
    """A regression target of mean 3e18: its squared errors overflow before the first update."""
    X, y = _plane(scaled=False)
    with pytest.warns(DivergenceWarning):
        return _fit_regression(X, y * 1e18 + 3e18, lambda params: optim.SGD(params, lr=0.01))[1]


def _a_jump_it_recovered_from():
    """The plane fitted to R² 0.9997 by 2-16-16-1 leaky ReLU under momentum SGD, whose rate a callback
    raised from 0.01 to 0.1 after 20 epochs: the loss jumped 3,700-fold, then came back down."""
    X, y = data.load("plane", seed=0)
    X = data.Standardizer().fit_transform(X)
    neuralab.seed(0)
    model = nn.MLP([2, 16, 16, 1], activation="leaky_relu")
    sgd = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    monitor = Monitor()
    raise_rate = LambdaCallback(on_epoch_begin=lambda epoch, logs: setattr(sgd, "lr", 0.1 if epoch >= 20 else 0.01))
    model.fit(X, y, loss="mse", optimizer=sgd, epochs=100, batch_size=32, callbacks=[raise_rate, monitor], verbose=0)
    return monitor


def _held_out_accuracy_that_holds():
    return wine_held_accuracy()[0]


# each run, and the finding it stands for
RUNS = {"overfitting on few noisy points": (_overfitting, "overfitting"),
        "dead ReLUs at a large rate": (_dead_relus_at_a_large_rate, "dead_relus"),
        "sigmoid depth": (_sigmoid_depth, "vanishing_gradients"),
        "tiny initial weights, ReLU": (_tiny_start("relu"), "vanishing_gradients"),
        "tiny initial weights, tanh": (_tiny_start("tanh"), "vanishing_gradients"),
        "a plateau": (_plateau, "slow_plateau"),
        "a too small rate": (_too_small_a_rate, "learning_rate_too_low"),
        "an unscaled input": (_unscaled_input, "unscaled_inputs"),
        "pixels divided by 255 twice": (_digits_divided_twice, "unscaled_inputs"),
        "saturated units on raw inputs": (_saturated_on_raw_inputs, "saturated_units"),
        "a target around 1e18": (_target_around_1e18, "unscaled_target"),
        "a jump of the loss it recovered from": (_a_jump_it_recovered_from, "learning_rate_too_high"),
        "a held-out accuracy that holds": (_held_out_accuracy_that_holds, "overfitting")}


@pytest.mark.parametrize("run", RUNS)
def test_the_standard_runs_findings_read_through(run):
    make, expected = RUNS[run]
    report = make().report()
    assert expected in report.names                        # the run still shows what it stands for
    long = {d.name: (len(d.evidence), d.evidence) for d in report if len(d.evidence) > READABLE}
    assert not long, long
