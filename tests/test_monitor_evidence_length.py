"""The evidence of each finding on the course's standard runs stays short enough to read through:
what is wrong and the numbers that show it, then detail, no fact said twice. A 19-layer start
listed every layer (724 characters); the overfitting finding once ran to ~600.

The bound, 400 characters: the Diagnosis panel and the report print a finding's evidence as one
paragraph, and 400 is about four lines of a 100-column terminal, or 60 to 70 words, what a reader
takes in one go. The runs' longest findings (notes that also say why nothing needs fixing and when
it would) reached 450 to 720 before they were tightened; most problems now say theirs in under 300."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor
from test_monitor import _fit, _moons, _overfit
from test_monitor_misses import checkerboard_plateau
from test_monitor_second_sweep import _sw2_fit
from test_monitor_unscaled_inputs import _unscaled_moons, _unscaled_run
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


# each run, and the finding it stands for
RUNS = {"overfitting on few noisy points": (_overfitting, "overfitting"),
        "dead ReLUs at a large rate": (_dead_relus_at_a_large_rate, "dead_relus"),
        "sigmoid depth": (_sigmoid_depth, "vanishing_gradients"),
        "tiny initial weights, ReLU": (_tiny_start("relu"), "vanishing_gradients"),
        "tiny initial weights, tanh": (_tiny_start("tanh"), "vanishing_gradients"),
        "a plateau": (_plateau, "slow_plateau"),
        "a too small rate": (_too_small_a_rate, "learning_rate_too_low"),
        "an unscaled input": (_unscaled_input, "unscaled_inputs")}


@pytest.mark.parametrize("run", RUNS)
def test_the_standard_runs_findings_read_through(run):
    make, expected = RUNS[run]
    report = make().report()
    assert expected in report.names                        # the run still shows what it stands for
    long = {d.name: (len(d.evidence), d.evidence) for d in report if len(d.evidence) > READABLE}
    assert not long, long
