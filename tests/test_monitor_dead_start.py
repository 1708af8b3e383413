"""Two Monitor gaps: ReLU networks whose units one step of a learning rate too high switched off
(the report named the dead units and exploding activations, never the learning rate), and
classifiers trained with MSE, or with weighted samples, judged against the loss of guessing."""
import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor
from neuralab.train.diagnose_chance import chance_level
from neuralab.train.diagnose_first_step import first_step


def _dead_start_fit(kind, lr, seed, epochs=100):
    """The playground's default circles network with ReLU ("play": 2-4-2-1 on the plane's ±6 scale,
    logits) or 2-8-8-1 with a sigmoid output and BCE ("mlp"), SGD at ``lr``, batches of 10."""
    X, y = data.load("circles", n_samples=400, noise=0.1, seed=seed)
    y = y.reshape(-1, 1).astype(np.float64)
    neuralab.seed(seed)
    if kind == "play":
        X, y = 4 * X[:200], y[:200]             # the playground trains on half, drawn on [-6, 6]²
        model, loss = nn.MLP([2, 4, 2, 1], activation="relu"), "bce_logits"
    else:
        model, loss = nn.MLP([2, 8, 8, 1], activation="relu", output="sigmoid"), "bce"
    monitor = Monitor()
    model.fit(X, y, loss=loss, optimizer=optim.SGD(model.parameters(), lr=lr), epochs=epochs, batch_size=10,
              callbacks=[monitor], verbose=0, metrics=["accuracy"])
    return monitor


# -- dead units after a first step too large ---------------------------------------------------------

@pytest.mark.parametrize("kind, lr, seed", [("play", 10, 0), ("play", 10, 3), ("play", 30, 2), ("play", 1, 0),
                                            ("mlp", 10, 1)])
def test_relus_switched_off_by_a_first_step_too_large_name_the_learning_rate(kind, lr, seed):
    # the loss ended below its first epoch's, so "worse" did not fire; the report said "dead ReLU
    # units: leaky ReLU" (and "exploding activations: He initialisation" for play at seed 3)
    monitor = _dead_start_fit(kind, lr, seed)
    assert monitor.epoch_logs["accuracy"][-1] <= 0.55                    # it learnt nothing
    report = monitor.report()
    assert report.names[:2] == ["learning_rate_too_high", "dead_relus"]
    assert "exploding_activations" not in report.names
    cause, dead = report[0], report[1]
    assert cause.severity == "severe" and f"(lr {lr:g})" in cause.evidence
    # the step as the records hold it: ‖ΔW‖ / ‖W‖ of each weight layer at step 1, their median
    update = np.median([w["update_ratio"][0] for w in monitor.weights.values()])
    assert update >= 0.3 and monitor.steps[0] == 1
    said = f"{update:.0%}" if update < 10 else f"{update:.3g} times their norm"
    assert f"a first step that changed the weights by {said}" in cause.evidence
    assert "switched ReLU units off for good" in cause.evidence and "3 ReLU 100%" in cause.evidence
    assert cause.advice()[0].startswith("lower the learning rate")
    assert not any("clip" in r for r in cause.advice())          # the gradient was smaller than the weights
    assert f"after a first step that changed the weights by {said}" in dead.evidence
    # the lower rate is said once, by the finding that blames the rate: the dead units point to it
    assert dead.evidence.endswith("For the step size, see Learning rate too high")
    assert dead.advice()[0].startswith("leaky ReLU") and not any("lower" in r for r in dead.advice())


@pytest.mark.parametrize("lr", [0.03, 0.1, 0.3])
def test_a_network_that_learns_at_a_usual_learning_rate_has_no_first_step_to_blame(lr):
    for seed in range(2):
        monitor = _dead_start_fit("mlp", lr, seed, epochs=60)
        assert first_step(monitor) is None
        assert monitor.report().problems == []


def test_a_large_first_step_in_a_network_that_fits_is_no_problem():
    # lr 1 changed the weights by 49 % at step 1, and the network still learnt circles to 100 %:
    # dead units there are a note, and no learning rate is blamed
    monitor = _dead_start_fit("mlp", 1, 0, epochs=100)
    assert first_step(monitor) is not None and monitor.epoch_logs["accuracy"][-1] == 1
    report = monitor.report()
    assert report.problems == [] and "learning_rate_too_high" not in report.names


# -- MSE on classes, and weighted samples ------------------------------------------------------------

def _guess_fit(model, X, y, loss="mse", lr=0.1, epochs=60, metrics=("accuracy",), **weights):
    monitor = Monitor()
    model.fit(X, y, loss=loss, optimizer=optim.SGD(model.parameters(), lr=lr), epochs=epochs, batch_size=10,
              callbacks=[monitor], verbose=0, metrics=list(metrics), **weights)
    return monitor


@pytest.mark.parametrize("name", ["xor", "circles"])
def test_a_straight_boundary_trained_with_mse_is_no_better_than_guessing(name):
    # the course's first network, a sigmoid unit trained with MSE: its loss stayed at 0.25, the
    # variance of 0/1 targets, at 42-58 % accuracy, and the report said "no problems found"
    X, y = data.load(name, n_samples=200, noise=0.1, seed=0)
    y = y.reshape(-1, 1).astype(np.float64)
    neuralab.seed(0)
    report = _guess_fit(nn.MLP([2, 1], output="sigmoid"), X, y).report()
    assert report.names == ["no_better_than_guessing"] and report[0].severity == "severe"
    assert "of 0.25, the loss of always predicting the class shares (class 1 50%)" in report[0].evidence
    assert "nn.MLP([2, 8, 1]" in report[0].advice()[0]
    # as one-hot rows of two columns under a softmax: the same guess, the same loss
    neuralab.seed(0)
    onehot = _guess_fit(nn.MLP([2, 2], output="softmax"), X, np.eye(2)[y[:, 0].astype(int)]).report()
    assert onehot.names == ["no_better_than_guessing"]
    assert "of 0.25, the loss of always predicting the class shares (50%, 50%)" in onehot[0].evidence
    # a training R² is the loss in other words (1 - loss / variance), no share of classes to compare
    neuralab.seed(0)
    r2 = _guess_fit(nn.MLP([2, 1], output="sigmoid"), X, y, metrics=("r2",)).report()
    assert r2.names == ["no_better_than_guessing"]
    assert "R²" not in r2[0].evidence and "largest class" not in r2[0].evidence
    # with a hidden layer it learns: nothing to say
    neuralab.seed(0)
    model = nn.MLP([2, 8, 1], activation="tanh", output="sigmoid")
    monitor = Monitor()
    model.fit(X, y, loss="mse", optimizer=optim.Adam(model.parameters(), lr=0.03), epochs=60, batch_size=10,
              callbacks=[monitor], verbose=0, metrics=["accuracy"])
    assert monitor.report().problems == []


@pytest.mark.parametrize("shares, one_hot", [([0.2], False), ([0.3, 0.9], False), ([0.5, 0.3, 0.2], True)])
def test_the_mse_of_guessing_is_torchs_mse_of_predicting_the_class_shares(shares, one_hot):
    # the best input-blind prediction is the mean of each column: its MSE is their variance p(1 - p)
    rng = np.random.default_rng(1)
    m, k = 400, len(shares)
    if one_hot:
        target = np.eye(k)[rng.choice(k, size=m, p=shares)]
    else:
        target = (rng.random((m, k)) < shares).astype(np.float64)
    monitor = _guess_fit(nn.Sequential(nn.Dense(3, k)), rng.normal(size=(m, 3)), target, epochs=1, metrics=())
    p = target.mean(axis=0)
    assert monitor.classes["shares"] == pytest.approx(p) and monitor.classes["binary"] == (not one_hot)
    t = torch.tensor(target)
    expected = torch.nn.functional.mse_loss(torch.tensor(p).expand(m, k), t).item()
    majority = p.max() if one_hot else np.maximum(p, 1 - p).mean()
    assert chance_level(monitor) == pytest.approx((expected, majority), rel=1e-9)
    # a regression's targets, or probabilities, are no classes: no loss of guessing
    soft = _guess_fit(nn.Sequential(nn.Dense(3, k)), rng.normal(size=(m, 3)), 0.5 * target + 0.25, epochs=1,
                      metrics=())
    assert soft.classes is None and chance_level(soft) is None


def test_weighted_samples_are_not_judged_against_the_unweighted_loss_of_guessing():
    # 9:1 classes weighted "balanced": the weighted loss of guessing is ln 2, not the 0.33 of the
    # unweighted shares, and logistic regression at 82 % accuracy (0.47) was "no better than guessing"
    rng = np.random.default_rng(0)
    y = (rng.random(400) < 0.1).astype(np.float64)
    X = rng.normal(size=(400, 2)) + y[:, None]
    neuralab.seed(0)
    weighted = _guess_fit(nn.MLP([2, 1]), X, y.reshape(-1, 1), loss="bce_logits", class_weight="balanced")
    assert weighted.epoch_logs["accuracy"][-1] > 0.8 and weighted.classes["weighted"]
    assert chance_level(weighted) is None and weighted.report().problems == []
    # weights that are all equal change nothing: the shares are those of the data
    neuralab.seed(0)
    equal = _guess_fit(nn.MLP([2, 1]), X, y.reshape(-1, 1), loss="bce_logits", sample_weight=np.full(400, 3.0))
    assert not equal.classes["weighted"] and equal.classes["shares"] == pytest.approx([y.mean()])
    assert chance_level(equal) is not None
