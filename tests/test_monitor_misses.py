"""The Monitor's misses from a review by experiment: random labels memorised read "no problems", a run
stopped while its loss still fell in tiny steps read "no problems", a late jump of the loss hid the
overfitting the epochs before it showed, the first step's lr was read after a per-batch schedule had
set the next one, a run that stops early was told to use early stopping, and a training accuracy was
quoted as a bare 0.972."""
import json

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Callback, EarlyStopping, LearningRateScheduler, Monitor
from neuralab.train.diagnosis import metric_in_words


def _mm_moons(n=400, noise=0.2, seed=0):
    """Moons of ``n`` points, its first three quarters for training and the rest held out:
    (X, y, X_val, y_val), y as a (n, 1) column of 0/1."""
    ds = data.load("moons", n_samples=n, noise=noise, seed=seed)
    X, y = ds.X, ds.y.reshape(-1, 1).astype(np.float64)
    cut = 3 * n // 4
    return X[:cut], y[:cut], X[cut:], y[cut:]


def _mm_fit(layers, X, y, opt, lr, epochs, val=None, callbacks=(), seed=0):
    """A ReLU network of ``layers`` fitted with BCE on its logits: (monitor, history)."""
    neuralab.seed(seed)
    model = nn.MLP(layers, activation="relu", output=None)
    monitor = Monitor()
    history = model.fit(X, y, loss="bce_logits", optimizer=opt(model.parameters(), lr=lr), epochs=epochs,
                        validation_data=val, callbacks=[monitor, *callbacks], verbose=0, metrics=["accuracy"],
                        seed=seed)
    return monitor, history


# -- 1. random labels: learnt by heart, nothing that holds on new points ---------------------------

def test_random_labels_memorised_are_told_that_nothing_carries_to_new_data():
    # it read "no problems found" with the note "barely better than guessing", or "overfitting", whose
    # remedies assume there is something learnt to keep
    train, val = data.load("moons", seed=0), data.load("moons", seed=1)
    rng = np.random.default_rng(0)
    y = train.y[rng.permutation(len(train.y))].reshape(-1, 1).astype(np.float64)
    y_val = val.y[rng.permutation(len(val.y))].reshape(-1, 1).astype(np.float64)
    monitor, history = _mm_fit([2, 32, 32, 1], train.X, y, optim.Adam, 0.01, 200, val=(val.X, y_val))
    assert np.mean(history.history["accuracy"][-20:]) > 0.58 > 0.53 > np.mean(history.history["val_accuracy"][-20:])
    report = monitor.report()
    assert "memorised" in report.names and "overfitting" not in report.names
    assert "barely_better_than_guessing" not in report.names
    (d,) = [d for d in report if d.name == "memorised"]
    assert d.severity == "severe" and d.title == "Nothing learnt carries to new data"
    assert "the labels do not follow from the inputs" in d.evidence
    assert "on the validation data the loss is" in d.evidence and "where always predicting the larger" in d.evidence
    assert d.remedies[0].key == "labels"


def test_the_same_network_on_the_true_labels_is_not_told_it_memorised():
    X, y, X_val, y_val = _mm_moons()
    monitor, _ = _mm_fit([2, 32, 32, 1], X, y, optim.Adam, 0.01, 200, val=(X_val, y_val))
    assert "memorised" not in monitor.report().names


# -- 2. a run cut short while its loss still fell, in tiny steps -------------------------------------

def test_a_loss_still_falling_in_tiny_steps_is_told_to_raise_the_lr_or_train_longer():
    X, y, X_val, y_val = _mm_moons()
    monitor, history = _mm_fit([2, 16, 16, 1], X, y, optim.SGD, 1e-4, 50, val=(X_val, y_val))
    assert history.history["accuracy"][-1] < 0.8      # where moons allows 97 % and more
    report = monitor.report()
    assert report.names == ["still_improving"]
    (d,) = report
    assert d.severity == "warning" and "still falling when the run ended" in d.evidence
    assert "At SGD's lr 0.0001, each step changes" in d.evidence
    advice = d.advice()
    assert advice[0].startswith("raise the learning rate") and "optim.SGD(..., lr=...)" in advice[0]
    assert any(a.startswith("train for more epochs") for a in advice)
    assert "--lr" in d.advice("cli")[0]


def test_a_run_at_a_working_lr_is_not_told_it_stopped_while_improving():
    X, y, X_val, y_val = _mm_moons()
    monitor, _ = _mm_fit([2, 16, 16, 1], X, y, optim.SGD, 0.1, 100, val=(X_val, y_val))
    assert monitor.report().names == []


# -- 3. a sigmoid network on a checkerboard ---------------------------------------------------------

def checkerboard_plateau():
    """(monitor, history) of a 2-32-1 sigmoid network on a checkerboard at SGD's lr 0.1 for 200
    epochs: a slow plateau."""
    ds = data.load("checkerboard", n_samples=800, seed=0)
    X, X_val, y, y_val = data.train_test_split(ds.X, ds.y.reshape(-1, 1).astype(np.float64), test_size=0.25, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 32, 1], activation="sigmoid", output=None)
    monitor = Monitor()
    history = model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=200,
                        validation_data=(X_val, y_val), callbacks=[monitor], verbose=0, seed=0)
    return monitor, history


def test_a_sigmoid_network_leaving_a_plateau_slowly_is_told_so():
    # 2-32-1 sigmoid on a checkerboard at SGD's lr 0.1: 62 % after 200 epochs, its loss still creeping
    # down from guessing's, read "no problems found"; Adam at lr 0.01 reaches 89 % in as many epochs
    monitor, history = checkerboard_plateau()
    assert history.history["accuracy"][-1] < 0.7
    (d,) = monitor.report()
    assert d.name == "slow_plateau" and d.severity == "warning"
    assert "still falling" in d.evidence and "sigmoid/tanh units pass little gradient" in d.evidence
    assert [r.key for r in d.remedies][:3] == ["more_epochs", "adam", "relu"]


# -- 4. inputs far from unit scale, at guessing's loss ------------------------------------------------

@pytest.mark.parametrize("scale", [1, 8])
def test_inputs_far_from_unit_scale_at_guessings_loss_are_named_first(scale):
    # XOR times 8 under logistic regression ended at 1.17 x guessing's loss, and read "no better than
    # guessing" with a hidden layer and features as its remedies, nothing of the scale
    ds = data.load("xor", n_samples=300, noise=0.1, seed=0)
    neuralab.seed(0)
    model = nn.MLP([2, 1], output=None)
    monitor = Monitor()
    model.fit(scale * ds.X, ds.y.reshape(-1, 1).astype(np.float64), loss="bce_logits", epochs=100, verbose=0,
              optimizer=optim.SGD(model.parameters(), lr=0.01), callbacks=[monitor], metrics=["accuracy"], seed=0)
    (d,) = monitor.report()
    assert d.name == "no_better_than_guessing"
    keys = [r.key for r in d.remedies]
    if scale == 8:
        assert keys[0] == "standardise" and "hidden" in keys
        assert "its inputs are far from unit scale: column 0 (μ" in d.evidence
    else:    # XOR's own points, |x| up to 5.3: a straight line is the whole story
        assert keys[0] == "hidden" and "standardise" not in keys and "unit scale" not in d.evidence


# -- 5. one bad epoch near the end ---------------------------------------------------------------------

class _MMOneBadEpoch(Callback):
    """Multiplies the lr by ``factor`` for epoch ``at`` alone."""

    def __init__(self, at, factor):
        self.at, self.factor = at, factor

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at:
            self.params["optimizer"].lr *= self.factor

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.at:
            self.params["optimizer"].lr /= self.factor


def _mm_overfit(callbacks=(), epochs=200):
    """A 2-64-64-1 network on 90 noisy moons, 400 others held out: it overfits within 50 epochs. (Of 30
    held out at noise 0.5 it never lost one, where the loss's rise alone made it a problem: now a note.)"""
    X, y, _, _ = _mm_moons(n=120, noise=0.7)
    held = data.load("moons", n_samples=400, noise=0.7, seed=1)
    y_val = held.y.reshape(-1, 1).astype(np.float64)
    return _mm_fit([2, 64, 64, 1], X, y, optim.Adam, 0.02, epochs, val=(held.X, y_val), callbacks=callbacks)


def test_a_late_jump_of_the_loss_does_not_hide_the_overfitting_before_it():
    monitor, history = _mm_overfit([_MMOneBadEpoch(195, 30.0)])
    assert history.history["loss"][196] > 100 * history.history["loss"][190]      # the jump
    report = monitor.report()
    assert {"learning_rate_too_high", "overfitting"} <= set(report.names)
    (d,) = [d for d in report if d.name == "overfitting"]
    assert "before the training loss jumped around step" in d.evidence
    assert "to 195, before" in d.evidence                                       # the epochs before it


# -- 6. the lr the first step used -----------------------------------------------------------------------

@pytest.mark.parametrize("scheduler_first", [True, False])
def test_the_first_steps_lr_is_the_one_it_used_whatever_the_order_of_the_callbacks(scheduler_first):
    # a LearningRateScheduler stepped per batch, listed before the monitor, set step 2's lr before
    # the monitor read step 1's: the evidence quoted 0.3 for a first step taken at lr 30
    X, y, _, _ = _mm_moons()
    neuralab.seed(0)
    model = nn.MLP([2, 16, 16, 1], activation="relu", output=None)
    opt = optim.SGD(model.parameters(), lr=30.0)
    schedule, monitor = LearningRateScheduler(optim.StepLR(opt, step_size=1, gamma=0.01), per="batch"), Monitor()
    model.fit(X, y, loss="bce_logits", optimizer=opt, epochs=2, verbose=0, seed=0,
              callbacks=[schedule, monitor] if scheduler_first else [monitor, schedule])
    assert monitor.first_updates["0 Dense"]["lr"][:3] == pytest.approx([30.0, 0.3, 0.003])


# -- 7. a run that stops early already -------------------------------------------------------------------

def test_a_run_that_stops_early_and_keeps_its_best_weights_is_not_told_to_stop_early():
    stop = EarlyStopping(patience=30)
    monitor, history = _mm_overfit([stop])
    assert stop.stopped_epoch is not None and len(history.epoch) < 200
    assert monitor.early_stopping == {"monitor": "val_loss", "patience": 30, "restore_best": True,
                                      "best_epoch": stop.best_epoch, "stopped_epoch": stop.stopped_epoch}
    assert json.loads(json.dumps(monitor.to_dict()))["early_stopping"]["patience"] == 30
    (d,) = monitor.report()
    assert d.name == "overfitting"
    assert "early_stopping" not in [r.key for r in d.remedies]
    assert all("EarlyStopping" not in a for a in d.advice())
    assert (f"This run stops early already: EarlyStopping(patience=30) on val_loss stopped the run at epoch "
            f"{stop.stopped_epoch + 1}, and put back the weights of epoch {stop.best_epoch + 1}") in d.evidence


def test_a_run_that_stopped_early_without_its_best_weights_is_told_to_restore_them():
    stop = EarlyStopping(patience=30, restore_best=False)
    monitor, _ = _mm_overfit([stop])
    (d,) = monitor.report()
    (remedy,) = [a for a in d.advice() if "EarlyStopping" in a]
    assert remedy.startswith("EarlyStopping(patience=30, restore_best=True)")
    assert f"not those of epoch {stop.best_epoch + 1}" in d.evidence


def test_a_run_without_early_stopping_is_still_told_of_it():
    monitor, _ = _mm_overfit(epochs=120)
    (d,) = monitor.report()
    assert monitor.early_stopping is None
    assert any("EarlyStopping(patience=20)" in a for a in d.advice())


# -- 8. numbers with their names and units ---------------------------------------------------------------

def test_a_task_metric_is_quoted_with_its_name_and_unit():
    assert metric_in_words(("accuracy", 0.972), 1) == "training accuracy 97.2%"
    assert metric_in_words(("binary accuracy", 0.5)) == "training binary accuracy 50%"
    # an R² is no share of anything: "training R² 93%" read as one
    assert metric_in_words(("R²", 0.93)) == "training R² 0.93"
    assert metric_in_words(("R²", 0.999871), 3) == "training R² 0.99987"
    # a diverged regression's R² far below 0 ran to 13 digits: "training R² -1086697673.899"
    assert metric_in_words(("R²", -1086697673.8987), 1) == "training R² -1.09e+09"
    assert metric_in_words(("R²", -999.5)) == "training R² -999.50"
