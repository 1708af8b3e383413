"""Keras-style callbacks: EarlyStopping, LearningRateScheduler, ReduceLROnPlateau,
ModelCheckpoint and CSVLogger, driven both with constructed logs and by real ``fit`` runs."""
import csv
import inspect
import re

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim
from neuralab.train import Callback, LambdaCallback
from neuralab.train.checkpoint import ModelCheckpoint
from neuralab.train.csv_logger import CSVLogger
from neuralab.train.early_stopping import EarlyStopping
from neuralab.train.improvement import resolve_mode
from neuralab.train.lr_callbacks import LearningRateScheduler, ReduceLROnPlateau


def _noisy_regression():
    """12 noisy training points of sin(3x) and a clean validation curve: a big network first
    learns the curve, then the noise, so the validation loss falls and then rises."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (12, 1))
    y = np.sin(3 * X) + 0.4 * rng.standard_normal((12, 1))
    X_val = np.linspace(-1, 1, 40)[:, None]
    return X, y, X_val, np.sin(3 * X_val)


def _big_model(seed=1):
    return nn.MLP([1, 64, 64, 1], activation="tanh", rng=np.random.default_rng(seed))


def _blobs(n=40, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.standard_normal((n, 2)) + 1.5 * (2 * y[:, None] - 1)
    return X, y


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


def _drive(callback, values, monitor="val_loss", optimizer=None):
    """Feed ``values`` of ``monitor`` to ``callback`` as fit would, one epoch each, until it
    stops training; return the number of epochs run. The model's bias is each epoch's value,
    so a model a checkpoint saves tells which epoch it is (``_saved_value``)."""
    model = nn.MLP([2, 1])
    callback.set_context(model, {"optimizer": optimizer})
    model.stop_training = False
    callback.on_train_begin()
    epochs = 0
    for epoch, value in enumerate(values):
        model[0].bias.data[...] = value
        callback.on_epoch_end(epoch, {"loss": 1.0, monitor: value})
        epochs += 1
        if model.stop_training:
            break
    return epochs


# -- the shared "improved?" rule ---------------------------------------------------------------

@pytest.mark.parametrize("monitor, mode", [
    ("loss", "min"), ("val_loss", "min"), ("bce_loss", "min"), ("mse", "min"), ("val_mae", "min"),
    ("accuracy", "max"), ("val_accuracy", "max"), ("val_r2", "max"), ("val_binary_accuracy", "max"),
])
def test_auto_mode_from_the_name(monitor, mode):
    assert resolve_mode(monitor, "auto") == mode
    assert resolve_mode(monitor, "max") == "max"


def test_auto_mode_suggests_the_logged_name_for_keras_old_spelling():
    with pytest.raises(ValueError, match=r"'val_acc' should go down or up \(did you mean 'val_accuracy'\?\)"):
        EarlyStopping("val_acc")


def test_auto_mode_refuses_to_guess():
    with pytest.raises(ValueError, match="'f1'.*mode='min' or mode='max'"):
        resolve_mode("f1", "auto")
    assert EarlyStopping("f1", mode="max").mode == "max"


# -- EarlyStopping on constructed logs ---------------------------------------------------------

LOSSES = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75]


@pytest.mark.parametrize("values, kwargs, stopped_epoch, best_epoch", [
    (LOSSES, {"patience": 2}, 3, 1),              # epochs 2 and 3 do not beat 0.8: stop after 3
    (LOSSES, {"patience": 1}, 2, 1),
    (LOSSES, {"patience": 0}, 2, 1),              # 0 and 1 both stop at the first bad epoch
    (LOSSES, {"patience": 3}, None, 4),           # epoch 4 improves in time: runs to the end
    ([1.0, 0.75, 0.5], {"min_delta": 0.25}, 1, 0),  # 0.75 is not below 1.0 - 0.25
    ([1.0, 0.625, 0.5, 0.375], {"min_delta": 0.25, "patience": 1}, 2, 1),
    ([0.5, 0.7, 0.6, 0.65, 0.8], {"monitor": "val_accuracy", "patience": 2}, 3, 1),
    ([0.5, 0.7, 0.8], {"monitor": "val_accuracy", "mode": "min"}, 1, 0),
    ([0.9, 0.8, 0.7, 0.6], {"baseline": 0.5, "patience": 2}, 1, 1),  # improving, never reaching 0.5
    ([0.9, 0.8, 0.7, 0.6], {"baseline": 0.85, "patience": 2}, None, 3),
    # never at the end of the first epoch, as in Keras: there is no trend to judge yet
    ([0.9, 0.8, 0.7, 0.6], {"baseline": 0.85, "patience": 0}, None, 3),
    ([0.9, 0.8, 0.7, 0.6], {"baseline": 0.3, "patience": 1}, 1, 1),
    ([np.nan, 0.5, 0.4], {"patience": 0}, None, 2),
])
def test_early_stopping_stops_at_the_right_epoch(values, kwargs, stopped_epoch, best_epoch):
    stopper = EarlyStopping(**kwargs)
    epochs_run = _drive(stopper, values, monitor=stopper.monitor)
    assert epochs_run == (len(values) if stopped_epoch is None else stopped_epoch + 1)
    assert stopper.stopped_epoch == stopped_epoch
    assert stopper.best_epoch == best_epoch
    assert stopper.best == values[best_epoch]


def test_early_stopping_before_any_fit_has_nothing_recorded():
    # read before training (a notebook cell run out of order): no epoch, not an AttributeError
    for mode, worst in (("min", np.inf), ("max", -np.inf)):
        stopper = EarlyStopping(mode=mode)
        assert (stopper.best, stopper.best_epoch, stopper.stopped_epoch) == (worst, None, None)


def test_early_stopping_starts_afresh_at_each_fit():
    stopper = EarlyStopping(patience=0)
    assert _drive(stopper, [1.0, 2.0]) == 2
    assert _drive(stopper, [5.0, 4.0, 3.0]) == 3
    assert (stopper.best, stopper.best_epoch, stopper.stopped_epoch) == (3.0, 2, None)


# -- EarlyStopping in real training --------------------------------------------------------------

def test_early_stopping_ends_a_run_whose_validation_loss_rises_and_restores_the_best_weights():
    X, y, X_val, y_val = _noisy_regression()
    model = _big_model()
    snapshots = []
    record = LambdaCallback(on_epoch_end=lambda epoch, logs: snapshots.append(_weights(model)))
    stopper = EarlyStopping(patience=20)
    history = model.fit(X, y, loss="mse", optimizer=optim.Adam(model.parameters(), lr=0.01),
                        epochs=400, batch_size="full", validation_data=(X_val, y_val),
                        callbacks=[record, stopper], verbose=0, seed=0)
    val = history["val_loss"]
    assert stopper.stopped_epoch == len(val) - 1 < 399
    assert history.stop_reason.startswith("early stopping: val_loss has not improved for 20 epochs")
    assert stopper.stopped_epoch - stopper.best_epoch == 20
    assert stopper.best == val[stopper.best_epoch] == min(val) < val[-1]
    for restored, best in zip(_weights(model), snapshots[stopper.best_epoch]):
        np.testing.assert_array_equal(restored, best)
    assert model.evaluate(X_val, y_val)["loss"] == stopper.best


def test_without_restore_best_the_last_weights_stay():
    X, y, X_val, y_val = _noisy_regression()
    model = _big_model()
    stopper = EarlyStopping(patience=20, restore_best=False)
    history = model.fit(X, y, loss="mse", optimizer=optim.Adam(model.parameters(), lr=0.01),
                        epochs=400, batch_size="full", validation_data=(X_val, y_val),
                        callbacks=[stopper], verbose=0, seed=0)
    assert model.evaluate(X_val, y_val)["loss"] == history["val_loss"][-1] > stopper.best


class _RunningMean(nn.Layer):
    """Identity that keeps a running mean of its training inputs in a buffer (as BatchNorm
    keeps its running statistics), replacing the array at each update."""

    def __init__(self, n):
        self.running_mean = np.zeros(n)

    def forward(self, x, training=False):
        if training:
            self.running_mean = 0.5 * self.running_mean + 0.5 * x.mean(axis=0)
        return x

    def backward(self, grad_out):
        return grad_out

    def named_buffers(self, prefix=""):
        yield prefix + "running_mean", self.running_mean


def test_early_stopping_restores_buffers_too():
    X, y = _blobs()
    model = nn.Sequential(nn.Dense(2, 2, rng=np.random.default_rng(0)), _RunningMean(2),
                          nn.Dense(2, 1, rng=np.random.default_rng(1)), nn.Sigmoid())
    buffers = []
    record = LambdaCallback(
        on_epoch_end=lambda epoch, logs: buffers.append(model[1].running_mean.copy()))
    # min_delta=10 makes epoch 0 the only improvement: the best state is epoch 0's
    stopper = EarlyStopping("loss", patience=3, min_delta=10.0)
    model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.5), epochs=10,
              batch_size=8, callbacks=[record, stopper], verbose=0)
    assert stopper.best_epoch == 0 and stopper.stopped_epoch == 3
    assert not np.array_equal(buffers[0], buffers[3])
    np.testing.assert_array_equal(model[1].running_mean, buffers[0])


@pytest.mark.parametrize("make", [EarlyStopping, ReduceLROnPlateau,
                                  lambda: ModelCheckpoint("never-written.npz")])
def test_a_validation_quantity_fit_will_not_log_is_refused_before_any_update(make):
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    before = [p.data.copy() for p in model.parameters()]
    expected = r"monitors 'val_loss'.*logged: 'loss', 'accuracy'.*validation_data"
    with pytest.raises(ValueError, match=expected):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, callbacks=[make()], verbose=0)
    for p, b in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.data, b)
    with pytest.raises(ValueError, match=r"monitors 'val_acc'.*logged: 'loss', 'accuracy', 'val_loss', "
                                         r"'val_accuracy'$"):  # a typo: found at the first epoch's end
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, verbose=0, validation_data=(X, y),
                  callbacks=[EarlyStopping(monitor="val_acc", mode="max")])


def test_a_validation_quantity_another_callback_logs_can_be_watched():
    # Keras's way to stop on a metric fit does not compute: a callback before it logs "val_f1"
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")

    class F1(Callback):
        def on_epoch_end(self, epoch, logs=None):
            p = model.predict(X)[:, 0] >= 0.5
            logs["val_f1"] = 2 * np.sum(p & (y == 1)) / (p.sum() + (y == 1).sum())

    for validation in (None, (X, y)):
        history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, verbose=0,
                            validation_data=validation,
                            callbacks=[F1(), EarlyStopping(monitor="val_f1", mode="max", patience=5)])
        assert len(history["val_f1"]) == 3


def test_a_quantity_another_callback_logs_is_not_refused_before_training():
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    opt = optim.SGD(model.parameters(), lr=0.1)
    history = model.fit(X, y, loss="bce", optimizer=opt, epochs=3, verbose=0,
                        callbacks=[LearningRateScheduler(optim.StepLR(opt, 1, 0.5)),
                                   EarlyStopping(monitor="lr", mode="min", patience=5)])
    assert history["lr"] == [0.1, 0.05, 0.025]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"patience": -1}, ValueError, "patience"),
    ({"patience": 1.5}, TypeError, "patience"),
    ({"mode": "down"}, ValueError, "mode"),
    ({"min_delta": -0.1}, ValueError, "min_delta"),
    ({"min_delta": float("nan")}, ValueError, "min_delta"),
    ({"monitor": "f1"}, ValueError, "mode='min' or mode='max'"),
    ({"monitor": ""}, TypeError, "monitor"),
    ({"baseline": float("inf")}, ValueError, "baseline"),
])
def test_early_stopping_refuses_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        EarlyStopping(**kwargs)


@pytest.mark.parametrize("make, keyword, way", [
    (EarlyStopping, "restore_best_weights", "Keras's restore_best_weights is restore_best here"),
    (EarlyStopping, "verbose", "these callbacks print nothing: history.stop_reason says why"),
    (EarlyStopping, "patiense", "did you mean 'patience'?"),
    (ReduceLROnPlateau, "threshold", "torch's threshold is min_delta here, with threshold_mode"),
    (ReduceLROnPlateau, "eps", "torch's eps is ReduceLROnPlateau.EPS here"),
    (lambda **kw: ModelCheckpoint(**kw), "filepath", "Keras's filepath is path here"),
    (lambda **kw: ModelCheckpoint("best.npz", **kw), "save_weights_only", "the whole model is saved"),
    (CSVLogger, "filename", "Keras's filename is path here: CSVLogger('log.csv')"),   # path is required:
    (lambda **kw: CSVLogger("log.csv", **kw), "separator", "the file is comma-separated"),  # answered first
    (CSVLogger, "pth", "did you mean 'path'?"),
])
def test_keras_and_torch_keywords_of_the_callbacks_say_their_form_here(make, keyword, way):
    # Python said only "__init__() got an unexpected keyword argument 'restore_best_weights'"
    with pytest.raises(TypeError, match=rf"got an unexpected keyword argument '{keyword}' \({re.escape(way)}.*\); "
                                        rf"it takes "):
        make(**{keyword: 1})
    with pytest.raises(TypeError, match=r"^ModelCheckpoint\(\) needs path, the file to write the model to"):
        ModelCheckpoint()
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: 'path'"):
        CSVLogger()   # required, with no placeholder default
    assert inspect.signature(CSVLogger).parameters["path"].default is inspect.Parameter.empty


# -- LearningRateScheduler ------------------------------------------------------------------------

def _fit_with_scheduler(make_scheduler, per, epochs=4, n=40, batch_size=16):
    """Train with a scheduler callback; return (lr of every update, history, optimizer)."""
    X, y = _blobs(n)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    used = []
    record = LambdaCallback(on_batch_end=lambda batch, logs: used.append(optimizer.lr))
    history = model.fit(X, y, loss="bce", optimizer=optimizer, epochs=epochs, batch_size=batch_size,
                        callbacks=[record, LearningRateScheduler(make_scheduler(optimizer), per)],
                        verbose=0)
    return used, history, optimizer


def test_scheduler_per_epoch_follows_the_schedule():
    used, history, optimizer = _fit_with_scheduler(
        lambda o: optim.StepLR(o, step_size=2, gamma=0.5), "epoch")
    f = optim.schedules.step_decay(0.1, step_size=2, gamma=0.5)
    steps = 3  # 40 samples in batches of 16
    assert used == [f(epoch) for epoch in range(4) for _ in range(steps)]
    assert history["lr"] == [f(epoch) for epoch in range(4)] == [0.1, 0.1, 0.05, 0.05]
    assert optimizer.lr == f(4)


def test_scheduler_per_batch_follows_the_schedule():
    used, history, optimizer = _fit_with_scheduler(
        lambda o: optim.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2), "batch")
    f = optim.schedules.cosine_warm_restarts(0.1, T_0=5, T_mult=2)
    steps = 3
    assert used == [f(t) for t in range(4 * steps)]
    assert history["lr"] == [f(epoch * steps + steps - 1) for epoch in range(4)]
    assert optimizer.lr == f(4 * steps)


def test_scheduler_lr_reaches_later_callbacks():
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    seen = []
    model.fit(X, y, loss="bce", optimizer=optimizer, epochs=3, verbose=0, callbacks=[
        LearningRateScheduler(optim.StepLR(optimizer, step_size=1, gamma=0.5)),
        LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(logs["lr"]))])
    assert seen == [0.1, 0.05, 0.025]


def test_scheduler_refuses_bad_arguments():
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    other = optim.SGD(nn.MLP([2, 1]).parameters(), lr=0.1)
    with pytest.raises(ValueError, match="another optimizer"):
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
                  callbacks=[LearningRateScheduler(optim.StepLR(other, 1))], verbose=0)
    with pytest.raises(ValueError, match="per"):
        LearningRateScheduler(optim.StepLR(other, 1), per="step")
    with pytest.raises(TypeError, match=r"must have a step\(\) method .* or be a function of the epoch"):
        LearningRateScheduler(0.1)          # a function, optim.step_decay(0.1, 1), is taken (test_schedules)


# -- ReduceLROnPlateau against torch ------------------------------------------------------------

def _plateau_metrics(n=60, seed=0):
    """Falling stretches, flat stretches and bumps, with ties, as a validation loss does."""
    rng = np.random.default_rng(seed)
    drops = rng.choice([0.0, 0.0, 0.05, 0.2, -0.1], size=n)
    return list(np.round(3 - np.cumsum(drops), 2))


@pytest.mark.parametrize("kwargs", [
    {"patience": 0},
    {"patience": 2},
    {"patience": 2, "factor": 0.5, "cooldown": 3},
    {"patience": 1, "factor": 0.5, "min_lr": 0.02},
    {"patience": 3, "min_delta": 0.1, "cooldown": 1},
    {"patience": 10},
])
@pytest.mark.parametrize("mode", ["min", "max"])
def test_reduce_lr_on_plateau_matches_torch(kwargs, mode):
    values = _plateau_metrics()
    if mode == "max":
        values = [-v for v in values]
    optimizer = optim.SGD([nn.Parameter(np.zeros(1))], lr=0.1)
    callback = ReduceLROnPlateau(mode=mode, **kwargs)

    reference = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(
        reference, mode=mode, factor=kwargs.get("factor", 0.1), patience=kwargs["patience"],
        threshold=kwargs.get("min_delta", 1e-4), threshold_mode="abs",
        cooldown=kwargs.get("cooldown", 0), min_lr=kwargs.get("min_lr", 0.0))
    ours, expected = [], []
    callback.set_context(None, {"optimizer": optimizer})
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {"val_loss": value})
        ours.append(optimizer.lr)
        reference.step()
        theirs.step(value)
        expected.append(reference.param_groups[0]["lr"])
    assert ours == expected
    assert len(set(ours)) > 1  # the sequence does reduce the lr


def test_reduce_lr_on_plateau_acts_on_the_fit_optimizer():
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    lrs = []
    # no epoch improves by 10: after the first, every epoch is bad; patience 1, cooldown 1
    plateau = ReduceLROnPlateau("loss", factor=0.5, patience=1, min_delta=10.0, cooldown=1)
    model.fit(X, y, loss="bce", optimizer=optimizer, epochs=8, verbose=0, callbacks=[
        LambdaCallback(on_epoch_begin=lambda epoch, logs: lrs.append(optimizer.lr)), plateau])
    assert lrs == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]


def test_reduce_lr_on_plateau_logs_the_lr_of_each_epoch():
    # History had no "lr" while the plateau cut it from 0.1 to 0.025 (Keras logs it)
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    plateau = ReduceLROnPlateau("loss", factor=0.5, patience=1, min_delta=10.0, cooldown=1)
    history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=8,
                        verbose=0, callbacks=[plateau])
    assert history.history["lr"] == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"factor": 1.0}, ValueError, "factor"),
    ({"factor": 0}, ValueError, "factor"),
    ({"patience": -1}, ValueError, "patience"),
    ({"cooldown": -2}, ValueError, "cooldown"),
    ({"cooldown": 0.5}, TypeError, "cooldown"),
    ({"min_lr": -1e-3}, ValueError, "min_lr"),
    ({"min_delta": -1e-3}, ValueError, "min_delta"),
    ({"mode": "minimum"}, ValueError, "mode"),
])
def test_reduce_lr_on_plateau_refuses_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        ReduceLROnPlateau(**kwargs)


# -- ModelCheckpoint ----------------------------------------------------------------------------

def _fit_with_checkpoint(checkpoint, epochs=60):
    """Train the overfitting regression; return (history, predictions on X_val per epoch, X_val)."""
    X, y, X_val, y_val = _noisy_regression()
    model = _big_model()
    outputs = []
    record = LambdaCallback(on_epoch_end=lambda epoch, logs: outputs.append(model.predict(X_val)))
    history = model.fit(X, y, loss="mse", optimizer=optim.Adam(model.parameters(), lr=0.03),
                        epochs=epochs, batch_size="full", validation_data=(X_val, y_val),
                        callbacks=[record, checkpoint], verbose=0, seed=0)
    return history, outputs, X_val


def _improving_epochs(values):
    best, epochs = np.inf, []
    for epoch, value in enumerate(values):
        if value < best:
            best = value
            epochs.append(epoch)
    return epochs


def test_checkpoint_writes_only_on_improvement_and_the_file_is_that_epochs_model(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "model-{epoch}")
    history, outputs, X_val = _fit_with_checkpoint(checkpoint)
    improving = _improving_epochs(history["val_loss"])
    assert 1 < len(improving) < len(history.epoch)  # the test sees both kinds of epoch
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"model-{epoch + 1}.npz" for epoch in improving)
    for epoch in improving:
        loaded = neuralab.load(tmp_path / f"model-{epoch + 1}.npz")
        np.testing.assert_array_equal(loaded.predict(X_val), outputs[epoch])
    assert checkpoint.last_saved == tmp_path / f"model-{improving[-1] + 1}.npz"
    assert checkpoint.best == min(history["val_loss"])


def test_checkpoint_to_one_file_keeps_the_best_model(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "best.npz", monitor="val_r2")
    history, outputs, X_val = _fit_with_checkpoint(checkpoint)
    best_epoch = int(np.argmax(history["val_r2"]))
    assert [p.name for p in tmp_path.iterdir()] == ["best.npz"]
    loaded = neuralab.load(tmp_path / "best.npz")
    np.testing.assert_array_equal(loaded.predict(X_val), outputs[best_epoch])
    assert checkpoint.best == max(history["val_r2"])


def test_checkpoint_every_epoch_with_logged_values_in_the_name(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "runs" / "{epoch:02d}-{val_loss:.4f}.npz",
                                 save_best_only=False)
    history, outputs, X_val = _fit_with_checkpoint(checkpoint, epochs=4)
    names = [f"{epoch + 1:02d}-{val:.4f}.npz"
             for epoch, val in zip(history.epoch, history["val_loss"])]
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == names
    loaded = neuralab.load(tmp_path / "runs" / names[2])
    np.testing.assert_array_equal(loaded.predict(X_val), outputs[2])


def test_checkpoint_refuses_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="positional"):
        ModelCheckpoint(tmp_path / "model-{}.npz")
    with pytest.raises(ValueError, match="format string"):
        ModelCheckpoint(tmp_path / "model-{epoch.npz")
    with pytest.raises(TypeError, match="path"):
        ModelCheckpoint(3)
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    with pytest.raises(ValueError, match=r"'val_acc'.*not logged.*'accuracy'"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                  callbacks=[ModelCheckpoint(tmp_path / "{val_acc}", save_best_only=False)])
    with pytest.raises(ValueError, match="'val_loss'.*validation_data"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                  callbacks=[ModelCheckpoint(tmp_path / "m")])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["/dev/null", "/dev/stdout"])
def test_checkpoint_to_what_is_no_file_is_refused_before_training(path):
    # save refuses them (/dev/null.npz was written once): found at the first epoch's end, after
    # that epoch changed the weights, the run would be lost
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    before = model[0].weight.data.copy()
    with pytest.raises(ValueError, match=rf"{path} is a .*, not a file; name a model file"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                  callbacks=[ModelCheckpoint(path, save_best_only=False)])
    assert np.array_equal(model[0].weight.data, before)


def _two_fits(checkpoint, epochs, second_lr):
    """Fit one model twice through ``checkpoint``, the second fit going on from the first with
    the lr ``second_lr``; return (fit, epoch, val_loss, predictions on X_val) of every epoch."""
    X, y, X_val, y_val = _noisy_regression()
    model = _big_model()
    optimizer = optim.Adam(model.parameters(), lr=0.03)
    run = []
    for fit, (n, lr) in enumerate(zip(epochs, (0.03, second_lr))):
        optimizer.lr = lr
        record = LambdaCallback(on_epoch_end=lambda epoch, logs: run.append(
            (fit, epoch, logs["val_loss"], model.predict(X_val))))
        model.fit(X, y, loss="mse", optimizer=optimizer, epochs=n, batch_size="full",
                  validation_data=(X_val, y_val), callbacks=[record, checkpoint], verbose=0, seed=0)
    return run, X_val


@pytest.mark.parametrize("name", ["best.npz", "model-{epoch}.npz"])
@pytest.mark.parametrize("epochs, second_lr, second_fit_improves", [
    ((60, 5), 5.0, False),   # lr 5 ruins the model: every epoch of the second fit is worse
    ((3, 10), 0.03, True),   # the second fit gets worse at first, then beats the first
], ids=["second-fit-only-worse", "second-fit-improves"])
def test_checkpoint_keeps_its_best_across_fits_so_only_a_better_model_replaces_a_file(
        tmp_path, name, epochs, second_lr, second_fit_improves):
    # best was reset at each fit: the second fit's first epoch always overwrote the best model
    checkpoint = ModelCheckpoint(tmp_path / name)
    run, X_val = _two_fits(checkpoint, epochs, second_lr)
    expected, best, written = {}, np.inf, []  # file name -> predictions of the model it holds
    for fit, epoch, val_loss, outputs in run:
        if val_loss < best:
            best = val_loss
            expected[name.format(epoch=epoch + 1)] = outputs
            written.append((fit, epoch))
    second = [epoch for fit, epoch in written if fit == 1]
    assert bool(second) == second_fit_improves and 0 not in second  # the test sees the case
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    for file, outputs in expected.items():
        np.testing.assert_array_equal(neuralab.load(tmp_path / file).predict(X_val), outputs)
    assert checkpoint.best == best
    assert checkpoint.last_saved == tmp_path / name.format(epoch=written[-1][1] + 1)


def _saved_value(path):
    """The monitored value of the epoch whose model ``path`` holds, as ``_drive`` marks it
    (exact for values float32 holds exactly, as the tests' halves and quarters)."""
    return float(neuralab.load(path)[0].bias.data[0])


def test_checkpoint_starts_afresh_when_its_monitor_or_mode_is_changed(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "best.npz")
    _drive(checkpoint, [0.5, 0.375])
    checkpoint.monitor, checkpoint.mode = "val_accuracy", "max"
    _drive(checkpoint, [0.125, 0.25, 0.0625], monitor="val_accuracy")  # none beats 0.375 in "max"
    assert checkpoint.best == _saved_value(tmp_path / "best.npz") == 0.25


def test_checkpoint_initial_value_threshold_is_the_value_to_beat(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "m-{epoch}", initial_value_threshold=0.625)
    assert checkpoint.best == 0.625
    _drive(checkpoint, [0.875, 0.75, 0.5, 0.5625, 0.375])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m-3.npz", "m-5.npz"]
    assert [_saved_value(tmp_path / f"m-{e}.npz") for e in (3, 5)] == [0.5, 0.375]
    accuracy = ModelCheckpoint(tmp_path / "acc.npz", monitor="val_accuracy", initial_value_threshold=0.9)
    _drive(accuracy, [0.75, 0.875], monitor="val_accuracy")
    assert (accuracy.best, accuracy.last_saved) == (0.9, None)
    assert not (tmp_path / "acc.npz").exists()
    with pytest.raises(ValueError, match="save_best_only=True"):
        ModelCheckpoint(tmp_path / "m-{epoch}", save_best_only=False, initial_value_threshold=0.5)
    with pytest.raises(TypeError, match="initial_value_threshold"):
        ModelCheckpoint(tmp_path / "m.npz", initial_value_threshold="0.5")
    with pytest.raises(ValueError, match="initial_value_threshold"):
        ModelCheckpoint(tmp_path / "m.npz", initial_value_threshold=float("nan"))


# -- CSVLogger ------------------------------------------------------------------------------------

def _read_csv(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _fit_logged(callbacks, epochs=3):
    X, y = _blobs()
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    return model.fit(X, y, loss="bce", optimizer="adam", epochs=epochs, validation_data=(X, y),
                     callbacks=callbacks, verbose=0)


def test_the_lr_reaches_callbacks_listed_before_the_scheduler(tmp_path):
    # "lr" was added in the scheduler's own on_epoch_end: a CSVLogger before it had no lr
    # column, a ModelCheckpoint naming {lr} failed after the first epoch
    X, y = _blobs()
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    opt = optim.SGD(model.parameters(), lr=0.1)
    path = tmp_path / "log.csv"
    checkpoint = ModelCheckpoint(str(tmp_path / "m-{epoch}-{lr:g}.npz"), monitor="loss", save_best_only=False)
    history = model.fit(X, y, loss="bce", optimizer=opt, epochs=3, verbose=0,
                        callbacks=[CSVLogger(path), checkpoint, LearningRateScheduler(optim.StepLR(opt, 1, 0.5))])
    header, rows = _read_csv(path)
    assert "lr" in header and [float(row["lr"]) for row in rows] == history.history["lr"] == [0.1, 0.05, 0.025]
    assert sorted(f.name for f in tmp_path.glob("m-*")) == ["m-1-0.1.npz", "m-2-0.05.npz", "m-3-0.025.npz"]


def test_csv_logger_rows_match_history(tmp_path):
    path = tmp_path / "log.csv"
    history = _fit_logged([CSVLogger(path)])
    header, rows = _read_csv(path)
    assert header == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    assert [int(row["epoch"]) for row in rows] == history.epoch
    for key, values in history.history.items():
        assert [float(row[key]) for row in rows] == pytest.approx(values, rel=1e-7)


def test_csv_logger_rows_are_on_disk_after_each_epoch(tmp_path):
    path = tmp_path / "log.csv"
    counts = []
    _fit_logged([CSVLogger(path), LambdaCallback(on_epoch_end=lambda epoch, logs:
                                                counts.append(len(_read_csv(path)[1])))])
    assert counts == [1, 2, 3]


def test_csv_logger_overwrites_or_appends(tmp_path):
    path = tmp_path / "log.csv"
    _fit_logged([CSVLogger(path)])
    _fit_logged([CSVLogger(path)], epochs=2)
    assert [row["epoch"] for row in _read_csv(path)[1]] == ["0", "1"]
    _fit_logged([CSVLogger(path, append=True)])
    header, rows = _read_csv(path)
    assert header[0] == "epoch" and [row["epoch"] for row in rows] == ["0", "1", "0", "1", "2"]


def test_csv_logger_adds_a_column_for_a_key_that_appears_later(tmp_path):
    path = tmp_path / "log.csv"

    def late_key(epoch, logs):
        if epoch >= 1:
            logs["extra"] = 10.0 * epoch
    history = _fit_logged([LambdaCallback(on_epoch_end=late_key), CSVLogger(path)])
    header, rows = _read_csv(path)
    assert header == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "extra"]
    assert [row["extra"] for row in rows] == ["", "10.0", "20.0"]
    assert [float(row["loss"]) for row in rows] == pytest.approx(history["loss"], rel=1e-7)


def _csv_logger_epochs(path, epochs, append=False):
    """A CSVLogger at ``path`` through ``epochs`` ([logs of each epoch]), as fit drives it."""
    logger = CSVLogger(path, append=append)
    logger.on_train_begin()
    for epoch, logs in enumerate(epochs):
        logger.on_epoch_end(epoch, dict(logs))
    return path.read_bytes()


def test_csv_logger_adds_a_column_through_a_link_to_its_file(tmp_path):
    # the rewrite replaced the link with a file: the file it pointed at got no more rows
    (tmp_path / "real").mkdir()
    real, link = tmp_path / "real" / "log.csv", tmp_path / "link.csv"
    real.write_bytes(b"")
    link.symlink_to(real)
    _csv_logger_epochs(link, [{"loss": 0.5}, {"loss": 0.4, "lr": 0.1}])
    assert link.is_symlink() and real.read_bytes() == b"epoch,loss,lr\r\n0,0.5,\r\n1,0.4,0.1\r\n"


def test_csv_logger_starts_again_a_file_removed_during_training(tmp_path):
    # a new column after the file was removed failed fit, after the epoch's update
    path = tmp_path / "log.csv"
    logger = CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5})
    path.unlink()
    logger.on_epoch_end(1, {"loss": 0.4, "lr": 0.1})
    logger.on_epoch_end(2, {"loss": 0.3})
    assert path.read_bytes() == b"epoch,loss,lr\r\n1,0.4,0.1\r\n2,0.3,\r\n"


@pytest.mark.parametrize("before, after", [
    # a header without its line break: the first row was glued onto it
    (b"epoch,loss", b"epoch,loss\r\n0,0.5\r\n1,0.4\r\n"),
    # a spreadsheet's BOM: "\ufeffepoch" was another column than "epoch"
    (b"\xef\xbb\xbfepoch,loss\r\n", b"\xef\xbb\xbfepoch,loss\r\n0,0.5\r\n1,0.4\r\n"),
])
def test_csv_logger_appends_to_a_file_a_spreadsheet_wrote(tmp_path, before, after):
    path = tmp_path / "log.csv"
    path.write_bytes(before)
    assert _csv_logger_epochs(path, [{"loss": 0.5}, {"loss": 0.4}], append=True) == after


def test_csv_logger_keeps_the_cells_of_rows_it_did_not_write_when_it_adds_a_column(tmp_path):
    # a row wider than the header, or a file given other columns, failed the rewrite with
    # "dict contains fields not in fieldnames: None"
    path = tmp_path / "log.csv"
    path.write_bytes(b"epoch,loss\r\n0,0.9,note\r\n")
    written = _csv_logger_epochs(path, [{"loss": 0.5}, {"loss": 0.4, "lr": 0.1}], append=True)
    assert written == b"epoch,loss,lr\r\n0,0.9,note\r\n0,0.5,\r\n1,0.4,0.1\r\n"   # no cell lost
    path.write_bytes(b"b,c,a\r\n1,2,3\r\n")                 # another file in its place, other columns
    logger = CSVLogger(path, append=True)
    logger.on_train_begin()
    path.write_bytes(b"x,y\r\n7,8\r\n")
    logger.on_epoch_end(0, {"loss": 0.5, "lr": 0.1})
    assert path.read_bytes() == b"x,y,b,c,a,epoch,loss,lr\r\n7,8,,,,,,\r\n,,,,,0,0.5,0.1\r\n"


def test_csv_logger_refuses_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match="path"):
        CSVLogger(None)
    with pytest.raises(TypeError, match="append"):
        CSVLogger(tmp_path / "log.csv", append="yes")


# -- audit: edge cases of History, EarlyStopping, LambdaCallback, files, the progress bar --------

@pytest.mark.parametrize("values", [[np.nan, np.nan], [np.inf, 1.0]])
def test_early_stopping_with_no_finite_value_explains_itself_instead_of_crashing(values):
    stopper = EarlyStopping(patience=0)
    model = nn.MLP([2, 1])
    stopper.set_context(model, {})
    model.stop_training = False
    stopper.on_train_begin()
    stopper.on_epoch_end(0, {"val_loss": values[0]})
    assert stopper.stopped_epoch is None and not model.stop_training  # never after the first epoch
    stopper.on_epoch_end(1, {"val_loss": values[0]})
    assert stopper.best_epoch is None and stopper.stopped_epoch == 1
    assert model.stop_training == ("early stopping: val_loss has not improved for 2 epochs "
                                   "(no value has improved on inf)")
    stopper.on_train_end()  # nothing to restore


def test_early_stopping_with_a_baseline_says_so():
    stopper = EarlyStopping(patience=2, baseline=0.5)
    assert _drive(stopper, [0.9, 0.8, 0.7]) == 2  # improving, but never below the baseline
    assert stopper.model.stop_training.startswith(
        "early stopping: val_loss has not improved, or not beaten the baseline 0.5, for 2 epochs")


def test_history_lists_stay_aligned_with_epochs_when_a_key_is_logged_only_sometimes():
    def sometimes(epoch, logs):
        if epoch % 2:
            logs["extra"] = float(epoch)
    X, y = _blobs()
    history = nn.MLP([2, 1], output="sigmoid").fit(
        X, y, loss="bce", optimizer="sgd", epochs=4, verbose=0,
        callbacks=[LambdaCallback(on_epoch_end=sometimes)])
    assert history.epoch == [0, 1, 2, 3]
    assert all(len(values) == 4 for values in history.history.values())
    np.testing.assert_array_equal(history["extra"], [np.nan, 1.0, np.nan, 3.0])


def test_lambda_callback_refuses_a_hook_that_is_not_a_function():
    with pytest.raises(TypeError, match="on_epoch_end must be a function"):
        LambdaCallback(on_epoch_end=5)


@pytest.mark.parametrize("name, near", [("on_epoch_ends", " (did you mean 'on_epoch_end'?)"),
                                        ("on_train_batch_end", " (did you mean 'on_batch_end'?)"),  # Keras 3's
                                        ("on_step", "")])
def test_lambda_callback_refuses_a_hook_it_does_not_have_and_names_the_nearest(name, near):
    # a misspelt hook would otherwise never run, and the callback do nothing without a word
    with pytest.raises(ValueError) as error:
        LambdaCallback(on_epoch_end=print, **{name: print})
    assert str(error.value) == (f"LambdaCallback has no hook {name!r}{near}; its hooks are on_train_begin, "
                                "on_epoch_begin, on_batch_begin, on_batch_end, on_epoch_end, on_train_end")


def test_csv_logger_creates_missing_folders(tmp_path):
    path = tmp_path / "runs" / "today" / "log.csv"
    history = _fit_logged([CSVLogger(path)])
    assert [int(row["epoch"]) for row in _read_csv(path)[1]] == history.epoch


def test_checkpoint_every_epoch_needs_no_mode_for_an_unknown_monitor(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "m-{epoch}", monitor="anything", save_best_only=False)
    _fit_logged([checkpoint], epochs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m-1.npz", "m-2.npz"]


@pytest.mark.parametrize("path", ["m-{loss:d}", "m-{loss[0]}", "m-{epoch.x}"])
def test_checkpoint_path_that_cannot_be_filled_in_is_a_clear_error(tmp_path, path):
    with pytest.raises(ValueError, match="cannot be filled in"):
        _fit_logged([ModelCheckpoint(tmp_path / path, monitor="loss")], epochs=1)


def test_progress_bar_without_stderr_stays_hidden(monkeypatch):
    import sys
    monkeypatch.setattr(sys, "stderr", None)  # pythonw, a closed stream, some service managers
    X, y = _blobs()
    history = nn.MLP([2, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="sgd", epochs=2,
                                                   verbose=1)
    assert history.epoch == [0, 1]


def test_progress_bar_shows_numpy_numbers_and_huge_counts():
    import io
    from neuralab.train import ProgressBar
    out = io.StringIO()
    bar = ProgressBar(file=out)
    bar.set_context(None, {"epochs": 10**12, "steps": 10**6})
    bar.on_train_begin()
    bar.on_epoch_begin(0)
    bar.on_batch_end(0)
    bar.on_epoch_end(0, {"loss": np.float32(0.25), "big": 1e300, "lr": np.float64(1e-3),
                         "count": 7, "flag": True, "name": "x"})
    bar.on_train_end()
    text = out.getvalue()
    assert "epoch 1/1000000000000" in text
    assert "loss=0.25" in text and "big=1e+300" in text and "lr=0.001" in text and "count=7" in text
    assert "flag" not in text and "name" not in text



def test_the_progress_bar_redraws_at_its_own_pace_not_once_per_epoch():
    # `neuralab train`'s 300 short epochs wrote 300 redraws into a log or a pipe
    import io
    from neuralab.train import ProgressBar
    out = io.StringIO()
    X, y = _blobs()
    nn.MLP([2, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="sgd", epochs=300, verbose=0,
                                         callbacks=[ProgressBar(file=out)])
    redraws = out.getvalue().split("\r")
    assert len(redraws) < 50            # tqdm's pace, 10 a second (plus the first and the last)
    assert redraws[-1].startswith("epoch 300/300: 100%") and "loss=" in redraws[-1]

def test_checkpoint_to_a_folder_is_refused_rather_than_written_beside_it(tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    with pytest.raises(ValueError, match="names a folder"):
        ModelCheckpoint(str(folder) + "/")
    with pytest.raises(ValueError, match="is a folder"):
        _fit_logged([ModelCheckpoint(folder, monitor="loss")], epochs=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["runs"]  # no runs.npz


@pytest.mark.parametrize("make, message", [
    (lambda d: CSVLogger(d / "runs"), r"'.*runs' is a folder; name a file inside it"),
    (lambda d: ModelCheckpoint(d / "runs", monitor="loss"), r"'.*runs' is a folder"),
    (lambda d: ModelCheckpoint(d / "m", monitor="loss"), r"'.*m\.npz' is a folder"),  # save appends .npz
    (lambda d: CSVLogger(d / "a-file" / "log.csv"), r"cannot be written: .*a-file' is a file, not a folder"),
    (lambda d: ModelCheckpoint(d / "a-file" / "m-{epoch}", monitor="loss"), r"is a file, not a folder"),
    (lambda d: ModelCheckpoint(d / "m-{val_loss:.3f}.npz", save_best_only=False),
     r"names 'val_loss', which is not logged; available: 'epoch', 'loss', 'accuracy' \(validation .*validation_data"),
    (lambda d: ModelCheckpoint(d / "m-{loss:d}", monitor="loss"), "cannot be filled in"),
])
def test_a_file_path_training_cannot_write_is_refused_before_any_update(tmp_path, make, message):
    # before, each failed at the first epoch's end, with that epoch's updates made
    (tmp_path / "runs").mkdir()
    (tmp_path / "m.npz").mkdir()
    (tmp_path / "a-file").write_text("")
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    before = _weights(model)
    with pytest.raises(ValueError, match=message):
        model.fit(X, y, loss="bce", optimizer="adam", epochs=5, verbose=0, callbacks=[make(tmp_path)])
    for a, b in zip(_weights(model), before):
        np.testing.assert_array_equal(a, b)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "m.npz", "runs"]


def test_a_path_field_another_callback_logs_is_not_refused_before_training(tmp_path):
    # as with monitor: "val_f1" may come from a callback of the user's, even without validation data
    X, y = _blobs()
    model = nn.MLP([2, 1], output="sigmoid")
    f1 = LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(val_f1=0.5))
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0,
              callbacks=[f1, ModelCheckpoint(tmp_path / "m-{epoch}-{val_f1}", save_best_only=False)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m-1-0.5.npz", "m-2-0.5.npz"]


def test_a_file_path_in_a_folder_without_write_permission_is_refused_before_training(tmp_path, monkeypatch):
    import os
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # tests may run as root, who may write anywhere
    X, y = _blobs()
    for make in (lambda: CSVLogger(tmp_path / "log.csv"), lambda: ModelCheckpoint(tmp_path / "m.npz", monitor="loss")):
        with pytest.raises(ValueError, match="cannot be written: no permission to write in"):
            nn.MLP([2, 1], output="sigmoid").fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                                                 callbacks=[make()])


def test_callbacks_schedulers_and_a_standardizer_show_their_settings_at_a_prompt():
    # each showed "<neuralab.train.early_stopping.EarlyStopping object at 0x7f...>" in a notebook
    from neuralab import data
    from neuralab.train import ProgressBar
    opt = optim.SGD(nn.MLP([2, 1]).parameters(), lr=0.1)
    shown = {
        EarlyStopping(patience=5, restore_best=False): "EarlyStopping(patience=5, mode='min', restore_best=False)",
        EarlyStopping("val_accuracy"): "EarlyStopping(monitor='val_accuracy', mode='max')",
        ReduceLROnPlateau(factor=0.5, threshold_mode="rel"): "ReduceLROnPlateau(factor=0.5, mode='min', threshold_mode='rel')",
        ModelCheckpoint("best-{epoch}.npz"): "ModelCheckpoint(path='best-{epoch}.npz', mode='min')",
        CSVLogger("log.csv", append=True): "CSVLogger(path='log.csv', append=True)",
        LearningRateScheduler(optim.StepLR(opt, 10, gamma=0.5), per="batch"):
            "LearningRateScheduler(scheduler=StepLR(step_size=10, gamma=0.5), per='batch')",
        LearningRateScheduler(optim.step_decay): "LearningRateScheduler(scheduler=step_decay)",
        ProgressBar(): "ProgressBar()",
        optim.LinearWarmup(opt, 3, after=optim.CosineAnnealingWarmRestarts(opt, 5, eta_min=1e-4)):
            "LinearWarmup(warmup_steps=3, after=CosineAnnealingWarmRestarts(T_0=5, eta_min=0.0001))",
        data.Standardizer(): "Standardizer(not fitted)",
        data.Standardizer().fit(np.zeros((4, 3), np.float32)): "Standardizer(fitted: 3 columns, float32)",
    }
    for thing, text in shown.items():
        assert repr(thing) == text


class OwnWeighted(Callback):
    """A callback of one's own with an array setting (and an array default)."""

    def __init__(self, weights=np.ones(2)):
        self.weights = weights


def test_a_callback_of_your_own_shows_an_array_setting_that_is_not_its_default():
    # an array compares element by element, which says neither "same" nor "different": shown
    assert repr(OwnWeighted()) == "OwnWeighted()"
    assert repr(OwnWeighted(np.array([1.0, 2.0]))) == "OwnWeighted(weights=array([1., 2.]))"
    assert repr(OwnWeighted(np.ones(3))) == "OwnWeighted(weights=array([1., 1., 1.]))"


def test_a_lookup_without_a_readable_signature_is_a_schedule_of_the_epoch():
    # a list's __getitem__ is a built-in Python reads no signature of: taken as f(epoch)
    lrs = [0.1, 0.05, 0.01]
    model = nn.MLP([2, 1])
    seen = []
    X = np.random.default_rng(0).standard_normal((8, 2)).astype(np.float32)
    model.fit(X, X[:, :1], loss="mse", optimizer=optim.SGD(model.parameters(), lr=1.0), epochs=3,
              batch_size=8, verbose=0,
              callbacks=[LearningRateScheduler(lrs.__getitem__),
                         LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(logs["lr"]))])
    assert seen == lrs


def test_fz_a_fit_refused_before_its_first_update_leaves_the_schedule_s_lr_unset():
    # a schedule function sets the lr as each epoch begins; an augment returning the wrong shape
    # then refused the first batch, and the optimizer kept that lr: lr * 0.5 again at every retry
    model = nn.MLP([2, 1], rng=np.random.default_rng(0))
    sgd = optim.SGD(model.parameters(), lr=0.1)
    X, y = np.random.default_rng(1).normal(size=(6, 2)), np.zeros(6)
    schedule = LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    with pytest.raises(ValueError, match="augment must return an array of the batch's shape"):
        model.fit(X, y, loss="mse", optimizer=sgd, epochs=2, verbose=0, callbacks=[schedule],
                  augment=lambda X_batch, rng: X_batch[:1])
    assert sgd.lr == 0.1 and sgd.t == 0
    history = model.fit(X, y, loss="mse", optimizer=sgd, epochs=2, verbose=0, callbacks=[schedule])
    assert history["lr"] == [0.05, 0.025]
