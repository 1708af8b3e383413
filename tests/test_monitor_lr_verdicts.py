"""The Monitor's learning-rate and linear-model verdicts, read against what the runs learnt: ReLU
units killed by a large first step in a run that learnt what noisy data allow (it read "learning
rate too high"), random labels after large early steps (read "learning rate too high", severe, where
a tenth of the lr scored the same), an initial loss taken from 32 one-sample losses after 32
updates, logistic regression on two overlapping Gaussians, where a straight boundary is the best
there is, and the lr a scheduled first step was taken at."""
import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim
from neuralab.train import LearningRateScheduler, Monitor
from neuralab.train.diagnose_first_step import killing_step, large_step
from neuralab.train.diagnose_curve import initial_loss


def _lrv_fit(X, y, sizes, lr, seed, epochs=100, batch_size=32, optimizer="sgd", activation="relu", callbacks=()):
    """``sizes`` with a sigmoid output and BCE on (X, y), 3/4 of it for training and the rest held
    out: (monitor, history)."""
    order = np.random.default_rng(seed).permutation(len(X))
    n = int(0.75 * len(X))
    train, val = order[:n], order[n:]
    neuralab.seed(seed)
    model = nn.MLP(sizes, activation=activation, output="sigmoid")
    opt = (optim.Adam if optimizer == "adam" else optim.SGD)(model.parameters(), lr=lr)
    monitor = Monitor()
    history = model.fit(X[train], y[train], loss="bce", optimizer=opt, epochs=epochs, batch_size=batch_size,
                        validation_data=(X[val], y[val]), callbacks=[monitor, *(c(opt) for c in callbacks)],
                        verbose=0, metrics=["accuracy"])
    return monitor, history


def _lrv_data(name, noise, n=400):
    """400 points of ``name`` (data seed 0) as ``data.load`` gives them, the labels as a column."""
    d = data.load(name, n_samples=n, noise=noise, seed=0)
    return d.X, d.y.reshape(-1, 1).astype(np.float64)


# -- 1. units killed by large first steps, in a run that learnt ------------------------------------

@pytest.mark.parametrize("name, noise, sizes, optimizer, lr, seed", [
    ("gaussians", 3.0, [2, 32, 32, 1], "sgd", 0.3, 0),     # 85 % held out, as at lr 0.1
    ("circles", 0.6, [2, 32, 32, 1], "adam", 0.1, 3),      # 96 %: read two severe problems
])
def test_relus_killed_by_a_large_first_step_in_a_run_that_learnt_blame_no_learning_rate(name, noise, sizes,
                                                                                        optimizer, lr, seed):
    monitor, history = _lrv_fit(*_lrv_data(name, noise), sizes, lr, seed, optimizer=optimizer)
    assert killing_step(monitor) is not None and history.history["accuracy"][-1] > 0.8
    report = monitor.report()
    assert "learning_rate_too_high" not in report.names
    (dead,) = [d for d in report if d.name == "dead_relus"]
    assert dead.severity == "info" and dead.advice() == []
    assert "after a first step that changed the weights by" in dead.evidence      # the steps are still named
    assert f"training accuracy {history.history['accuracy'][-1]:.0%}" in dead.evidence


# -- 2. large early steps in a run that learnt nothing ---------------------------------------------

def test_large_steps_on_random_labels_name_both_causes_not_a_severe_learning_rate():
    X, y = _lrv_data("moons", 0.3)
    y = np.random.default_rng(0).permutation(y)            # labels that hold nothing
    monitor, history = _lrv_fit(X, y, [2, 8, 1], 1.0, 0, epochs=150)
    _, low = _lrv_fit(X, y, [2, 8, 1], 0.1, 0, epochs=150)
    assert large_step(monitor) is not None
    assert abs(low.history["accuracy"][-1] - history.history["accuracy"][-1]) < 0.1   # a tenth does no better
    (d,) = monitor.report()
    assert d.name == "learning_rate_too_high" and d.severity == "warning"
    assert "and the network has learnt nothing since" in d.evidence
    assert "or the labels hold nothing the inputs tell" in d.evidence
    advice = d.advice()
    assert advice[0].startswith("lower the learning rate") and advice[-1].startswith("if none of these helps, "
                                                                                       "check the labels")


def test_large_steps_that_left_answers_confidently_wrong_stay_a_severe_learning_rate():
    # 2-4-2-1 ReLU on moons x4 at SGD's lr 10: a first step of 48 %, a loss 6.2 times guessing's
    d = data.load("moons", n_samples=400, noise=0.1, seed=7)
    X, y = 4 * d.X[:200], d.y[:200].reshape(-1, 1).astype(np.float64)
    neuralab.seed(7)
    model = nn.MLP([2, 4, 2, 1], activation="relu", output="sigmoid")
    monitor = Monitor()
    history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=10), epochs=60, batch_size=10,
                        callbacks=[monitor], verbose=0, metrics=["accuracy"])
    assert history.history["loss"][-1] > 1.25 * np.log(2)
    (d,) = monitor.report()
    assert d.name == "learning_rate_too_high" and d.severity == "severe"
    assert "labels" not in d.evidence and not any("labels" in a for a in d.advice())


# -- 3. the initial loss at batch size 1 -----------------------------------------------------------

def test_the_initial_loss_at_batch_size_1_is_the_loss_before_training_moved(float64):
    # three Gaussians, 2-16-3 tanh, SGD at lr 0.3 in batches of 1: the median of the first 32
    # one-sample losses, after 32 updates, read 0.026 where the mean loss at initialisation was 0.61,
    # and a run at 100 % read "learning rate too high", severe
    d = data.load("gaussians", n_samples=400, noise=1.0, n_classes=3, seed=1)
    order = np.random.default_rng(1).permutation(400)
    X, y = d.X[order[:300]], d.y[order[:300]]
    neuralab.seed(1)
    model = nn.MLP([2, 16, 3], activation="tanh")
    at_start = torch.nn.functional.cross_entropy(torch.from_numpy(model.predict(X)), torch.from_numpy(y)).item()
    monitor = Monitor()
    history = model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=0.3), epochs=15,
                        batch_size=1, callbacks=[monitor], verbose=0, metrics=["accuracy"])
    assert history.history["accuracy"][-1] > 0.95
    assert at_start / 2 < initial_loss(monitor) < 2 * at_start
    assert "learning_rate_too_high" not in monitor.report().names


# -- 4. a straight boundary where it is the best there is, and one at a step too large -------------

def _lrv_overlapping(sigma, seed, lr):
    """Logistic regression on two Gaussian classes of σ ``sigma`` (centres 2√2 apart: a straight
    boundary is the best there is), 200 epochs of SGD at ``lr``: (monitor, history)."""
    d = data.load("gaussians", n_samples=1000, noise=sigma, n_classes=2, seed=seed)
    return _lrv_fit(d.X.astype(np.float64), d.y.reshape(-1, 1).astype(np.float64), [2, 1], lr, seed, epochs=200)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_straight_boundary_at_the_best_accuracy_there_is_is_only_a_note(seed):
    monitor, history = _lrv_overlapping(11, seed, 0.01)
    bayes = torch.distributions.Normal(0.0, 1.0).cdf(torch.tensor(2 * np.sqrt(2) / 11)).item()   # 60 %
    assert history.history["val_accuracy"][-1] > bayes - 0.05
    (d,) = monitor.report()
    assert d.name == "barely_better_than_guessing" and d.severity == "info" and d.advice() == []
    assert "A straight boundary may also be the best there is" in d.evidence


def test_a_model_without_hidden_layers_far_above_guessing_is_told_of_its_step_size():
    # SGD at lr 0.1 on inputs of σ 11: a loss 1.47 times guessing's, told "add a hidden layer"; lr 0.01
    # reaches 62 %
    monitor, _ = _lrv_overlapping(11, 2, 0.1)
    (d,) = monitor.report()
    assert d.name == "no_better_than_guessing" and d.severity == "severe"
    assert "steps too large for the scale of the inputs" in d.evidence
    advice = d.advice()
    assert advice[0].startswith("lower the learning rate") and advice[1].startswith("standardise the inputs")
    assert advice[2].startswith("a hidden layer")


# -- 5. the lr of a first step under a schedule ----------------------------------------------------

def test_a_first_step_under_a_schedule_is_quoted_at_the_lr_it_was_taken_at():
    X, y = _lrv_data("circles", 0.1, n=300)
    monitor, _ = _lrv_fit(X, y, [2, 4, 2, 1], 3.0, 0, epochs=40,
                          callbacks=[lambda opt: LearningRateScheduler(optim.StepLR(opt, step_size=10, gamma=0.5))])
    assert monitor.lr < 0.5 and large_step(monitor)[2] == 1      # the lr now, and that of the first step
    assert [s["lr"][0] for s in monitor.first_updates.values()] == [3.0] * 3
    assert monitor.to_dict()["first_updates"]["0 Dense"]["lr"][:2] == [3.0, 3.0]
    found = [d for d in monitor.report() if "a first step that changed the weights" in d.evidence]
    assert found and all("(lr 3)" in d.evidence and f"(lr {monitor.lr:g})" not in d.evidence for d in found)


# -- a learning rate of 0 ------------------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_a_run_at_lr_zero_is_a_severe_problem_that_asks_for_a_learning_rate(optimizer):
    # torch takes lr=0; every step then leaves the weights as they were and the loss stays put, and
    # the report said "no problems found"
    X, y = _lrv_data("moons", 0.2)
    monitor, history = _lrv_fit(X, y, [2, 8, 1], 0.0, seed=0, epochs=5, optimizer=optimizer)
    assert len(set(history["loss"])) == 1
    [found] = monitor.report().problems
    assert (found.name, found.severity) == ("learning_rate_too_low", "severe")
    assert found.evidence.startswith("every step was taken at lr 0, so none changed the weights: the loss stayed at")
    assert [r.key for r in found.remedies] == ["lr"] and "above 0" in found.remedies[0]


def test_a_warm_up_from_lr_zero_is_not_read_as_a_run_at_lr_zero():
    X, y = _lrv_data("moons", 0.2)
    warm_up = lambda opt: LearningRateScheduler(lambda epoch: 0.0 if epoch == 0 else 0.05)
    monitor, history = _lrv_fit(X, y, [2, 8, 1], 0.05, seed=0, epochs=30, optimizer="adam", callbacks=[warm_up])
    assert history["lr"][0] == 0.0 and history["loss"][-1] < history["loss"][0]
    assert "learning_rate_too_low" not in monitor.report().names
