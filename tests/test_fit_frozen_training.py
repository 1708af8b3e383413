"""fit says when training is frozen: every gradient exactly 0 and the loss where it was (the
course's "random large" init under a sigmoid output and BCE trained 3000 epochs at a loss of 50
without a word), and says nothing for a healthy run or a learning rate of 0."""
import functools
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor
from neuralab.train.frozen_training import FrozenTrainingWarning


def _large_init_model():
    neuralab.seed(0)
    return nn.MLP([2, 10, 5, 1], activation="relu", output="sigmoid", init=functools.partial(nn.init.normal, std=10.0))


def _circles():
    return data.load("circles", n_samples=400, noise=0.3, seed=1)


@pytest.mark.parametrize("batch_size", ["full", 32])
def test_large_init_under_sigmoid_and_bce_is_said_once_with_its_cause_and_cure(batch_size):
    X, y = _circles()
    model = _large_init_model()
    with pytest.warns(FrozenTrainingWarning) as caught:
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=20,
                            batch_size=batch_size, verbose=0, seed=0)
    assert history.history["loss"][0] == history.history["loss"][-1] == pytest.approx(50.0)   # frozen indeed
    frozen = [w for w in caught if w.category is FrozenTrainingWarning]
    assert len(frozen) == 1    # once, not at each of the 19 epochs after the first
    text = str(frozen[0].message)
    for words in ("exactly 0 or 1", "bce_logits", "smaller initial weights", "train.Monitor"):
        assert words in text
    # a line that names the problem and the fix, read at a glance; the evidence and the rest below it
    headline, *details = text.splitlines()
    assert headline.startswith("training is frozen") and "loss='bce_logits'" in headline and len(headline) < 200
    assert details and all(line.startswith("  ") for line in details)
    assert issubclass(FrozenTrainingWarning, UserWarning)


def test_the_advice_works_bce_logits_on_the_same_model_trains_without_the_warning():
    X, y = _circles()
    model = _large_init_model()
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=20,
                            batch_size="full", verbose=0, seed=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("lr", [0.1, 0.0])
def test_a_healthy_run_and_a_learning_rate_of_0_are_not_called_frozen(lr):
    # lr 0: the loss stays put too, but the gradients are not 0: the model could learn
    X, y = _circles()
    neuralab.seed(0)
    model = nn.MLP([2, 10, 5, 1], output="sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=lr), epochs=5,
                            batch_size=32, verbose=0, seed=0)
    if lr == 0:
        assert len(set(history.history["loss"])) == 1


def test_a_perfect_fit_with_nothing_left_to_learn_is_not_called_frozen():
    # outputs saturated at the right class: loss 0 and gradients 0, which is done, not frozen
    X = np.array([[-1.0], [1.0]] * 8, dtype=np.float32)
    y = np.array([0, 1] * 8)
    model = nn.Sequential(nn.Dense(1, 1), nn.Sigmoid())
    model.layers[0].weight.data[:] = 200.0
    model.layers[0].bias.data[:] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=4, batch_size=4, verbose=0, seed=0)
    assert history.history["loss"][-1] == 0.0


def test_with_a_monitor_attached_its_report_says_it_and_fit_does_not():
    # (the playground and `neuralab train --monitor` attach one; its no_gradient finding is this warning's)
    X, y = _circles()
    model = _large_init_model()
    monitor = Monitor()
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrozenTrainingWarning)
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=30,
                  batch_size=32, verbose=0, seed=0, callbacks=[monitor])
    assert "no_gradient" in [d.name for d in monitor.report()]
