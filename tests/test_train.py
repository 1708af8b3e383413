"""The fit loop: History, callbacks, metrics, reproducibility, divergence and bad input."""
import importlib
import warnings

import re

import numpy as np
import pytest

import neuralab
from neuralab import nn, optim
from neuralab.nn.random import default_rng
from neuralab.train import (Callback, DivergenceWarning, EarlyStopping, LambdaCallback, LearningRateScheduler,
                            Monitor, metrics)

fit_module = importlib.import_module("neuralab.train.fit")  # neuralab.train.fit is also the function


def _blobs(n=64, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = rng.standard_normal((n, 2)).astype(np.float32) + 2.5 * (2 * y[:, None] - 1)
    return X, y


def _model(seed=0, sizes=(2, 8, 1), output="sigmoid"):
    return nn.MLP(list(sizes), activation="tanh", output=output, rng=np.random.default_rng(seed))


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


def test_fit_returns_history_with_losses_metrics_and_validation():
    X, y = _blobs()
    model = _model()
    history = model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.05),
                        epochs=5, batch_size=16, validation_data=(X[:20], y[:20]), verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [0, 1, 2, 3, 4]
    assert all(len(v) == 5 for v in history.history.values())
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["val_accuracy"][-1] == model.evaluate(X[:20], y[:20])["accuracy"]
    assert history.stop_reason is None
    # Keras' history.params: the run's settings (there was no such attribute)
    assert {k: history.params[k] for k in ("epochs", "steps", "verbose")} == {"epochs": 5, "steps": 4, "verbose": 0}
    assert history.params["samples"] == len(X) == 4 * history.params["batch_size"]


def _bce(p, y):
    """Binary cross-entropy of the probabilities ``p`` (m, 1) for the labels ``y`` (m,), per sample, in float64."""
    p, y = p[:, 0].astype(np.float64), np.asarray(y, np.float64)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_history_reads_its_keys_as_the_dict_does():
    # "val_loss" in history raised KeyError: 0 (Python's old protocol, through __getitem__)
    X, y = _blobs(20)
    history = _model().fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0, validation_data=(X, y))
    assert "val_loss" in history and "val_mse" not in history
    assert repr(history) == "History(2 epochs: loss, accuracy, val_loss, val_accuracy)"
    one = _model().fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert repr(one) == "History(1 epoch: loss, accuracy)"          # was "1 epochs"
    assert repr(type(history)()) == "History(0 epochs)"             # was "History(0 epochs: )"
    assert list(history) == list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]


def test_recording_an_epoch_costs_the_same_late_in_a_long_run():
    # each append built a list of NaN as long as the run for every key (setdefault's default),
    # so a run of n epochs took time n²: the playground, left playing, slowed to half in 30 s
    import tracemalloc
    from neuralab.train import History
    history = History()
    for epoch in range(200_000):
        history.append(epoch, {"loss": 0.5, "accuracy": 0.9})
    tracemalloc.start()
    history.append(200_000, {"loss": 0.5, "accuracy": 0.9, "lr": 0.1})     # a key first logged now
    heavy = 0  # appends that allocated a list's worth (a list grows by reallocating now and then)
    for epoch in range(200_001, 200_021):
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        history.append(epoch, {"loss": 0.5, "accuracy": 0.9} if epoch % 2 else {"loss": 0.5, "lr": 0.1})
        heavy += tracemalloc.get_traced_memory()[1] - before > 1_000_000     # a 200,000-entry list is 1.6 MB
    tracemalloc.stop()
    assert heavy <= 2, heavy
    assert len(history["lr"]) == len(history["accuracy"]) == len(history.epoch) == 200_021
    assert history["lr"][-1] == 0.1 and np.isnan(history["lr"][-2]) and np.isnan(history["lr"][0])


def _fit_by_hand(model, X, y, opt, epochs, batch_size, seed, clip=None):
    """The README's explicit loop with BCE, shuffled as ``fit(seed=seed)`` shuffles; ``clip``
    runs between backward and the step. Gradients are cleared on the whole model, as fit does."""
    loss, rng = nn.BCELoss(), np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            loss(model.forward(X[idx], training=True), y[idx])
            model.backward(loss.backward())
            if clip is not None:
                clip()
            opt.step()
            model.zero_grad()


def test_fit_equals_the_explicit_loop():
    X, y = _blobs(50)
    a, b = _model(1), _model(1)
    opt_a = optim.SGD(a.parameters(), lr=0.1, momentum=0.9)
    a.fit(X, y, loss=nn.BCELoss(), optimizer=opt_a, epochs=3, batch_size=8, seed=7, verbose=0)

    _fit_by_hand(b, X, y, optim.SGD(b.parameters(), lr=0.1, momentum=0.9), epochs=3, batch_size=8, seed=7)
    for wa, wb in zip(_weights(a), _weights(b)):
        np.testing.assert_array_equal(wa, wb)


class _LinearLayer(nn.Layer):
    """z = x wᵀ, a layer of one's own: not a Sequential, so its backward also gives dL/dx."""

    def __init__(self):
        self.weight = nn.Parameter(np.random.default_rng(0).standard_normal((1, 3)))

    def forward(self, x, training=False):
        self.x = x
        return x @ self.weight.data.T

    def backward(self, grad_out):
        self.weight.grad += grad_out.T @ self.x
        return grad_out @ self.weight.data


def test_fit_trains_a_layer_of_ones_own():
    # one full-batch SGD step on the MSE: w ← w − η · 2/m (Xw − y)ᵀX
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((8, 3)), rng.standard_normal((8, 1))
    layer = _LinearLayer()
    w = layer.weight.data.copy()
    expected = w - 0.1 * 2 / len(X) * (X @ w.T - y).T @ X
    neuralab.train.fit(layer, X, y, loss="mse", optimizer=optim.SGD(layer.parameters(), lr=0.1),
                       epochs=1, batch_size="full", verbose=0)
    np.testing.assert_allclose(layer.weight.data, expected, rtol=1e-12)


def test_batches_of_32_by_default_and_callbacks_are_told_the_logged_names():
    X, y = _blobs(100)
    sizes, logged, keys = [], [], []

    class Watch(Callback):
        def on_train_begin(self, logs=None):
            logged.append(self.params["logged"])

        def on_batch_end(self, batch, logs=None):
            sizes.append(logs["size"])

        def on_epoch_end(self, epoch, logs=None):
            keys.append(list(logs))

    _model().fit(X, y, loss="bce", optimizer="sgd", epochs=1, validation_data=(X, y), verbose=0,
                 callbacks=Watch())
    assert sizes == [32, 32, 32, 4]                         # Keras's default batch size
    assert logged == keys == [["loss", "accuracy", "val_loss", "val_accuracy"]]


def test_a_gradient_left_from_before_fit_does_not_reach_its_first_update():
    X, y = _blobs(40)
    stale, clean = _model(1), _model(1)
    stale.forward(X, training=True)
    stale.backward(np.random.default_rng(2).standard_normal((40, 1)))   # never stepped
    for model in (stale, clean):
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1,
                  batch_size=8, seed=3, verbose=0)
    for a, b in zip(_weights(stale), _weights(clean)):
        np.testing.assert_array_equal(a, b)


def test_same_seed_same_result_bit_for_bit():
    X, y = _blobs()
    results = []
    for _ in range(2):
        neuralab.seed(123)
        model = nn.MLP([2, 8, 1], output="sigmoid")
        model.fit(X, y, loss="bce", optimizer="adam", epochs=3, verbose=0)
        results.append(_weights(model))
    neuralab.seed(124)
    other = nn.MLP([2, 8, 1], output="sigmoid")
    other.fit(X, y, loss="bce", optimizer="adam", epochs=3, verbose=0)
    for w1, w2 in zip(*results):
        np.testing.assert_array_equal(w1, w2)
    assert not np.array_equal(results[0][0], _weights(other)[0])


def _dropout_fit(seed, library_seed, **options):
    """A dropout network given its own weight generator, trained with ``fit(seed=seed, **options)``
    after ``neuralab.seed(library_seed)``: its weights after training, and the library generator's state."""
    X, y = _blobs()
    neuralab.seed(library_seed)
    model = nn.MLP([2, 16, 1], output="sigmoid", dropout=0.5, batchnorm=True, rng=np.random.default_rng(0))
    model.fit(X, y, loss="bce", optimizer="adam", epochs=3, batch_size=16, seed=seed,
              **{"verbose": 0, **options})
    return _weights(model) + [b.copy() for _, b in model.named_buffers()], default_rng().bit_generator.state


def test_fit_seed_fixes_the_dropout_masks_and_leaves_the_library_generator_alone():
    # the audit: with every seed given (MLP's rng, fit's seed), the dropout masks still came from
    # the library's generator, so two processes, or the same one after any other draw, trained
    # other weights, and fit moved that generator for the next model built
    reference, state = _dropout_fit(seed=5, library_seed=1)
    other_library, _ = _dropout_fit(seed=5, library_seed=2)
    # a callback that draws from the library's generator changes nothing in the fit either
    drawing = LambdaCallback(on_batch_end=lambda batch, logs: nn.Dense(2, 2))
    with_callback, _ = _dropout_fit(seed=5, library_seed=1, callbacks=[drawing])
    for a, b, c in zip(reference, other_library, with_callback, strict=True):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
    neuralab.seed(1)
    assert state == default_rng().bit_generator.state
    # unshuffled, two fit seeds differ by their masks only
    unshuffled, _ = _dropout_fit(seed=5, library_seed=1, shuffle=False)
    other_masks, _ = _dropout_fit(seed=6, library_seed=1, shuffle=False)
    assert not np.array_equal(unshuffled[0], other_masks[0])


def test_watching_a_run_does_not_change_it(capsys):
    # a progress bar, the monitor's probe passes, metrics and validation scores draw nothing
    quiet, _ = _dropout_fit(seed=5, library_seed=1, metrics=[])
    X_val, y_val = _blobs(20, seed=1)
    watched, _ = _dropout_fit(seed=5, library_seed=1, verbose=1, validation_data=(X_val, y_val),
                              callbacks=[Monitor(every=1), EarlyStopping(monitor="loss", patience=5)])
    for a, b in zip(quiet, watched, strict=True):
        np.testing.assert_array_equal(a, b)


def test_fit_seed_none_draws_the_masks_from_the_library_generator_and_only_inside_fit():
    X, y = _blobs()
    results = []
    for _ in range(2):
        neuralab.seed(123)
        model = nn.MLP([2, 16, 1], output="sigmoid", dropout=0.5)
        model.fit(X, y, loss="bce", optimizer="adam", epochs=2, verbose=0)
        results.append(_weights(model))
    for w1, w2 in zip(*results, strict=True):
        np.testing.assert_array_equal(w1, w2)

    class Boom(nn.Layer):  # fails in the training step, where fit's generator stands in
        def forward(self, x, training=False):
            if not training:  # fit's look at the output before training
                return x
            assert default_rng() is not library
            raise RuntimeError("boom")

    library = default_rng()
    with pytest.raises(RuntimeError, match="boom"):
        nn.Sequential(model, Boom()).fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0, seed=3)
    assert default_rng() is library  # and is put back when the step fails


def test_shuffle_is_fresh_every_epoch():
    X, y = _blobs(32)
    seen = []

    class Spy(nn.Layer):
        def forward(self, x, training=False):
            if training:
                seen.append(x[:, 0].copy())
            return x

        def backward(self, grad_out):
            return grad_out

    model = nn.Sequential(Spy(), nn.Dense(2, 1), nn.Sigmoid())
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, batch_size=32, verbose=0, seed=0)
    assert sorted(seen[0]) == sorted(seen[1]) and not np.array_equal(seen[0], seen[1])


def test_batch_size_full_and_one():
    X, y = _blobs(10)
    steps = []
    cb = LambdaCallback(on_batch_end=lambda batch, logs: steps.append(logs["size"]))
    model = _model()
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size="full", callbacks=[cb], verbose=0)
    assert steps == [10]
    steps.clear()
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=1, callbacks=[cb], verbose=0)
    assert steps == [1] * 10


def test_callback_hooks_order_and_stop_request():
    X, y = _blobs(20)
    calls = []

    class Recorder(Callback):
        def on_train_begin(self, logs=None):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            calls.append(f"epoch_begin {epoch}")

        def on_batch_begin(self, batch, logs=None):
            calls.append(f"batch_begin {batch}")

        def on_batch_end(self, batch, logs=None):
            calls.append(f"batch {batch}")

        def on_epoch_end(self, epoch, logs=None):
            calls.append(f"epoch_end {epoch} {sorted(logs)}")
            if epoch == 1:
                self.model.stop_training = True

        def on_train_end(self, logs=None):
            calls.append("train_end")

    model = _model()
    history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=10, batch_size=10,
                        callbacks=[Recorder()], verbose=0)
    batches = ["batch_begin 0", "batch 0", "batch_begin 1", "batch 1"]
    assert calls == ["train_begin", "epoch_begin 0", *batches, "epoch_end 0 ['accuracy', 'loss']",
                     "epoch_begin 1", *batches, "epoch_end 1 ['accuracy', 'loss']", "train_end"]
    assert len(history.epoch) == 2 and "callback" in history.stop_reason


def test_a_stop_request_ends_training_after_the_current_batch():
    batches, losses = [], []

    class StopAtSecondBatch(Callback):
        def on_batch_end(self, batch, logs=None):
            batches.append(batch)
            losses.append(logs["loss"])
            if batch == 1:
                self.model.stop_training = "enough"

    X, y = _blobs(64)
    model = _model()
    history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, batch_size=8, seed=0,
                        callbacks=[StopAtSecondBatch()], verbose=0)
    assert batches == [0, 1] and history.epoch == [0] and history.stop_reason == "enough"
    # the epoch's loss and accuracy are over the 16 samples of the two batches that ran
    assert history.history["loss"][0] == pytest.approx(np.mean(losses))
    assert history.history["accuracy"][0] in {k / 16 for k in range(17)}


@pytest.mark.parametrize("hook, epochs_run", [("on_train_begin", 0), ("on_epoch_begin", 1)])
def test_a_stop_asked_before_an_epoch_runs_none_of_its_batches(hook, epochs_run):
    batches = []

    class Stop(Callback):
        def on_train_begin(self, logs=None):
            if hook == "on_train_begin":
                self.model.stop_training = True

        def on_epoch_begin(self, epoch, logs=None):
            if hook == "on_epoch_begin" and epoch == 1:
                self.model.stop_training = True

        def on_batch_end(self, batch, logs=None):
            batches.append(batch)

    X, y = _blobs(32)
    model = _model()
    before = _weights(model)
    history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, batch_size=8, callbacks=[Stop()], verbose=0)
    assert len(batches) == 4 * epochs_run and len(history.epoch) == epochs_run
    assert history.stop_reason == f"stopped by a callback before epoch {epochs_run + 1}"
    if not epochs_run:
        for w, b in zip(_weights(model), before):
            np.testing.assert_array_equal(w, b)


def test_a_single_callback_needs_no_list():
    X, y = _blobs(20)
    seen = []
    _model().fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0,
                 callbacks=LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch)))
    assert seen == [0, 1]


def test_an_error_during_training_closes_the_progress_bar_and_propagates(monkeypatch):
    bars = []

    class Recorded(fit_module.ProgressBar):
        def __init__(self):
            super().__init__()
            bars.append(self)

    def fail(batch, logs):
        if batch == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(fit_module, "ProgressBar", Recorded)
    X, y = _blobs(40)
    with pytest.raises(KeyboardInterrupt):
        _model().fit(X, y, loss="bce", optimizer="sgd", epochs=2, batch_size=10, verbose=1,
                     callbacks=[LambdaCallback(on_batch_end=fail)])
    (bar,) = bars
    assert bar.bar.n == 1 and bar.bar.disable   # tqdm marks a closed bar disabled


@pytest.mark.skipif(not hasattr(BaseException, "add_note"), reason="exception notes are Python 3.11's")
def test_a_ctrl_c_says_under_its_traceback_what_the_model_kept():
    # a notebook's stop button printed a bare KeyboardInterrupt under fit's frames
    X, y = _blobs(40)
    model = _model()
    opt = optim.SGD(model.parameters(), lr=0.1)

    def interrupt(batch, logs):
        if opt.t == 7:       # in the second epoch, of 5 batches each
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as caught:
        model.fit(X, y, loss="bce", optimizer=opt, epochs=3, batch_size=8, verbose=0,
                  callbacks=[LambdaCallback(on_batch_end=interrupt)])
    assert len(model.history.epoch) == 1
    (note,) = caught.value.__notes__
    assert note.startswith("fit was interrupted after 7 updates, with 1 of 3 epochs complete: the model keeps "
                           "the weights of its last update")
    before = _weights(model)

    def at_once(batch, logs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as caught:
        model.fit(X, y, loss="bce", optimizer=opt, epochs=3, batch_size=8, verbose=0,
                  callbacks=[LambdaCallback(on_batch_begin=at_once)])
    assert caught.value.__notes__ == ["fit was interrupted before its first update: the model is as it "
                                      "was before this fit"]
    for a, b in zip(_weights(model), before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_an_optimizer_of_another_model_is_refused():
    X, y = _blobs(20)
    model, other = _model(), _model(1)
    before = _weights(model)
    with pytest.raises(ValueError, match="none of this model's parameters"):
        model.fit(X, y, loss="bce", optimizer=optim.SGD(other.parameters(), lr=0.1), epochs=1, verbose=0)
    with pytest.raises(TypeError, match="optimizer must be a neuralab Optimizer"):
        model.fit(X, y, loss="bce", optimizer=object(), epochs=1, verbose=0)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "other model's"])
def test_a_model_without_parameters_is_refused_in_its_own_words(optimizer):
    # the optimizer's "params is empty: pass the parameters" spoke of an argument never passed
    X, y = _blobs(20)
    model = nn.Sequential(nn.ReLU(), nn.Sigmoid(), nn.ReLU(), nn.Sigmoid())
    if optimizer == "other model's":
        optimizer = optim.SGD(_model().parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"^this model has no parameters to train \(its layers: ReLU, Sigmoid\): "
                                         r"add a layer with weights, such as nn.Dense"):
        model.fit(X, y[:, None], loss="bce", optimizer=optimizer, epochs=1, verbose=0)
    assert "optimizer" not in vars(model) and "history" not in vars(model)


def test_a_gradient_that_overflows_is_named_in_the_stop_reason():
    model = nn.Sequential(nn.Dense(1, 1, bias=False))
    model[0].weight.data[...] = 1e-19
    X, y = np.array([[3e19]], np.float32), np.zeros((1, 1), np.float32)
    # the loss, (3e19 · 1e-19)² = 9, is finite; dL/dW = 2 · 3 · 3e19 is too, but its square is not
    with pytest.warns(DivergenceWarning, match="the gradient overflowed"):
        history = model.fit(X, y, loss="mse", optimizer="sgd", epochs=1, verbose=0)
    assert history.stop_reason.startswith("the gradient overflowed")
    assert "at epoch 1, batch 1" in history.stop_reason
    assert model[0].weight.data[0, 0] == np.float32(1e-19)


def test_an_update_that_overflows_stops_with_neuralab_s_warning_only():
    # the update ran outside fit's np.errstate: "overflow encountered in cast" and "invalid value
    # encountered in multiply" reached the user before the DivergenceWarning
    X, y = _blobs(40)
    model = _model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=1e300),
                            epochs=3, batch_size=10, verbose=0)
    assert [w.category for w in caught] == [DivergenceWarning] and history.stop_reason
    # the weights that overflowed are not "the last finite ones": the reason says so
    assert not all(np.isfinite(p.data).all() for p in model.parameters())
    assert history.stop_reason.startswith("the loss became nan at epoch 1, batch 2, with the weights "
                                          "holding inf or NaN; try a lower learning rate")


@pytest.mark.parametrize("loss, scaled", [("mse", "y"), ("mse", "X"), ("bce_logits", "X")])
def test_a_divergence_before_any_update_blames_the_data_not_the_learning_rate(loss, scaled):
    # a regression on targets in units of 1e20: the first batch's squared errors overflow
    # float32 with the starting weights, and "try a lower learning rate" sent the learner astray;
    # inputs in units of 1e20 overflow the gradient of any loss. Only what overflowed is named:
    # MSE's advice told to standardise the inputs too when only the targets were far from 0
    X, y = _blobs(40)
    X, y = (X, y * 1e20) if scaled == "y" else (X * 1e20, y)
    # weights of a fixed draw: with the library's unseeded generator, about 3 draws in 20 kept the
    # first batch's gradient finite, and the test failed at random
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    with pytest.warns(DivergenceWarning) as caught:
        history = model.fit(X, y, loss=loss, optimizer="adam", epochs=2, batch_size=10, verbose=0)
    assert caught[0].filename == __file__  # model.fit's line, not the library's
    assert history.stop_reason.split(" at ")[1] == (
        "epoch 1, batch 1; nothing was updated yet, so the learning rate is not the cause but "
        + ("the targets' scale: standardise them with a data.Standardizer on y (its inverse_transform "
           "brings the predictions back to y's units)" if scaled == "y" else
           "the data's scale: standardise the inputs with data.Standardizer"))


def test_an_error_mid_batch_puts_back_the_running_statistics_of_the_batch_before():
    # an augment's NaN at the third batch: BatchNorm's statistics are those after the second
    X, y = _blobs(40)
    calls = []

    def nan_at_third_batch(X_batch, rng):
        calls.append(1)
        return X_batch * np.nan if len(calls) == 3 else X_batch

    def model():
        return nn.Sequential(nn.Dense(2, 4, rng=np.random.default_rng(0)), nn.BatchNorm1d(4), nn.Tanh(),
                             nn.Dense(4, 1, rng=np.random.default_rng(1)), nn.Sigmoid())

    broken, two_batches = model(), model()
    with pytest.raises(ValueError, match="augment returned NaN"):
        broken.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=10, seed=3, verbose=0,
                   augment=nan_at_third_batch)
    stop = LambdaCallback(on_batch_end=lambda batch, logs: setattr(two_batches, "stop_training", batch == 1))
    two_batches.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=10, seed=3, verbose=0,
                    callbacks=stop)
    for (name, a), (_, b) in zip(broken.named_buffers(), two_batches.named_buffers()):
        np.testing.assert_array_equal(a, b, err_msg=name)


def test_progress_bar_shows_loss(capsys):
    X, y = _blobs(20)
    _model().fit(X, y, loss="bce", optimizer="sgd", epochs=2, batch_size=10, verbose=1)
    err = capsys.readouterr().err
    assert "epoch 2/2" in err and "loss=" in err and "accuracy=" in err
    _model().fit(X, y, loss="bce", optimizer="sgd", epochs=2, batch_size=10)   # verbose=1 by default
    out, err = capsys.readouterr()
    assert "epoch 2/2" in err and "loss=" in err and out == ""


def test_divergence_stops_with_message_and_keeps_finite_weights():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 3)) * 10
    y = rng.standard_normal((40, 1)) * 10
    model = nn.MLP([3, 16, 16, 1], activation="relu")
    with pytest.warns(DivergenceWarning, match=r"epoch \d+, batch \d+.*lower learning rate"):
        history = model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=10.0),
                            epochs=50, batch_size=8, verbose=0)
    assert "lower learning rate" in history.stop_reason and "inf or NaN" not in history.stop_reason
    assert all(np.isfinite(p.data).all() for p in model.parameters())
    assert len(history.epoch) < 50
    assert model.stop_training                                   # as a callback's stop leaves it
    assert not any(p.has_grad for p in model.parameters())      # no NaN gradient for a next step


def test_metrics_auto_for_regression_and_logits():
    X, y = _blobs(30)
    reg = nn.MLP([2, 4, 1])
    h = reg.fit(X, y.astype(float), loss="mse", optimizer="adam", epochs=1, verbose=0)
    assert {"mse", "mae", "r2"} <= set(h.history)
    logits = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    h = logits.fit(X, y, loss="bce_logits", optimizer="adam", epochs=1, verbose=0,
                   validation_data=(X, y))
    out = logits.predict(X)[:, 0]
    assert h.history["val_accuracy"][-1] == np.mean((out >= 0) == y)


def test_metric_functions():
    pred = np.array([[0.2, 0.8], [0.9, 0.1], [0.3, 0.7]])
    assert metrics.accuracy(pred, np.array([1, 0, 0])) == pytest.approx(2 / 3)
    assert metrics.accuracy(pred, np.eye(2)[[1, 0, 0]]) == pytest.approx(2 / 3)
    assert metrics.accuracy(np.array([[0.6], [0.4]]), np.array([1, 1])) == 0.5
    y = np.array([1.0, 2.0, 3.0])
    p = np.array([1.5, 2.0, 2.0])
    assert metrics.mse(p, y) == pytest.approx((0.25 + 1) / 3)
    assert metrics.mae(p, y) == pytest.approx(1.5 / 3)
    assert metrics.r2(p, y) == pytest.approx(1 - 1.25 / 2)
    assert metrics.r2(y, y) == 1.0


@pytest.mark.parametrize("X, message", [
    (np.ones((4, 3)), "X has 3 features but the model's first layer expects 2"),
    (np.ones((4, 1, 2)), r"samples of shape \(1, 2\) \(2 values\) .*\(flatten each sample"),
])
def test_predict_names_a_width_that_does_not_fit_as_fit_does(X, message):
    # it was Dense's own "expects inputs of shape (batch, 2)" or "must have 2 dimensions"
    with pytest.raises(ValueError, match=message):
        _model().predict(X)


def test_predict_in_batches_equals_one_pass():
    X, _ = _blobs(50)
    model = _model()
    np.testing.assert_allclose(model.predict(X, batch_size=7), model.predict(X), rtol=1e-6)


def test_evaluate_scores_every_sample_once_whatever_the_batch_size():
    # the mean over all samples, computed here from the weights: a mean of per-batch means would
    # count the last batch of 1 (50 = 7 · 7 + 1) as much as the others
    X, labels = _blobs(50)
    X = X.astype(np.float64)
    y = labels + (X[:, 0] > 3)
    model = _model(sizes=(2, 8, 3), output="softmax")
    W1, b1, W2, b2 = (p.data.astype(np.float64) for p in model.parameters())
    z = np.tanh(X @ W1.T + b1) @ W2.T + b2
    log_p = z - z.max(axis=1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    loss, accuracy = -log_p[np.arange(50), y].mean(), np.mean(z.argmax(axis=1) == y)
    for batch_size in (1, 7, 32, 50, 1000, "full", None):
        scores = model.evaluate(X, y, loss="cross_entropy", batch_size=batch_size)
        assert scores["loss"] == pytest.approx(loss, rel=1e-6) and scores["accuracy"] == accuracy


@pytest.mark.parametrize("kwargs, message", [
    ({"epochs": 0}, "epochs"),
    ({"epochs": 2.5}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": "half"}, "batch_size"),
    # None is predict's "all at once", Keras fit's 32: it trained on the whole set, silently
    ({"batch_size": None}, r"batch_size=None is ambiguous: .* \(32 by default, as in Keras\), or 'full'"),
    ({"loss": "huber"}, "unknown loss"),
    ({"optimizer": "lbfgs"}, "lbfgs"),
    ({"metrics": ["auc"]}, "unknown metric"),
    ({"validation_data": ([1, 2],)}, "validation_data"),
    ({"seed": -1}, "seed must be >= 0, got -1"),
    ({"seed": 2.5}, "seed must be an integer"),
])
def test_bad_arguments_leave_the_model_unchanged(kwargs, message):
    X, y = _blobs(20)
    model = _model()
    before = _weights(model)
    args = {"loss": "bce", "optimizer": "sgd", "epochs": 1, "verbose": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        model.fit(X, y, **args)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


@pytest.mark.parametrize("X, y, message", [
    (np.ones((5, 3)), np.zeros(5), "3 features but the model's first layer expects 2"),
    (np.ones((5, 2)), np.zeros(4), "5 samples but its targets have 4"),
    (np.ones(5), np.zeros(5), "shape"),
    (np.full((5, 2), np.nan), np.zeros(5), "NaN"),
    (np.ones((5, 2)), np.array([0, 1, 0, 1, np.inf]), "NaN or inf"),
    (np.ones((0, 2)), np.zeros(0), "empty"),
    (np.ones((5, 2)), np.zeros((5, 3)), "target shape"),
    (np.ones((5, 2)), 1.0, "one target per sample, got the single value 1.0"),
    # images for a Dense network: "X has 1 features" named the wrong problem
    (np.ones((5, 1, 2)), np.zeros(5), r"samples of shape \(1, 2\) \(2 values\) but the model's first "
                                      r"layer expects rows of 2 features \(flatten each sample: "
                                      r"np\.reshape\(X, \(len\(X\), -1\)\)\)"),
    (np.ones((5, 3, 3)), np.zeros(5), r"samples of shape \(3, 3\) \(9 values\) but the model's first "
                                      r"layer expects rows of 2 features$"),
])
def test_bad_data_is_refused_before_training(X, y, message):
    model = _model()
    before = _weights(model)
    with pytest.raises(ValueError, match=message):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


def test_a_missing_target_is_named_by_its_index_with_the_way_to_leave_it_out():
    # "y contains NaN or inf" named neither the sample nor a way out, where X's error named the index
    X, y = _blobs(20)
    y = y.astype(float)
    y[7] = np.nan
    model = _model()
    before = _weights(model)
    with pytest.raises(ValueError, match=re.escape("y contains NaN or inf (first at index (7,)): to leave those "
                                                   "samples out, keep = np.isfinite(y), then X[keep] and y[keep]")):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)
    keep = np.isfinite(y)                                        # the way it gives: 19 samples train
    assert model.fit(X[keep], y[keep], loss="bce", optimizer="sgd", epochs=1, verbose=0).params["samples"] == 19
    Y = np.c_[y, y]                                              # several targets a row: all must be there
    Y[[3, 7], [1, 0]] = [np.inf, 0.5]
    with pytest.raises(ValueError, match=re.escape("y contains NaN or inf (first at index (3, 1)): to leave "
                                                   "those samples out, keep = np.isfinite(y).all(axis=1), then")):
        _model(sizes=(2, 2), output=None).fit(X, Y, loss="mse", optimizer="sgd", epochs=1, verbose=0)
    with pytest.raises(ValueError, match=re.escape("y contains NaN or inf (first at index (7,)): to leave those "
                                                   "samples out, keep = np.isfinite(y), then pred[keep] and y[keep]")):
        metrics.accuracy(model.predict(X), y)


def test_labels_out_of_range_are_refused_before_training():
    X, y = _blobs(20)
    model = _model(sizes=(2, 5, 3), output=None)
    before = _weights(model)
    y = y.copy()
    y[-1] = 3  # only the last label is bad: the check must see the whole set, not one batch
    with pytest.raises(ValueError, match=r"labels must be in 0\.\.2"):
        model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, batch_size=4, verbose=0)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


@pytest.mark.parametrize("loss, output, forms", [
    ("cross_entropy", "softmax", (lambda c: c, lambda c: c[:, None], lambda c: np.eye(3)[c])),
    ("bce", "sigmoid", (lambda c: c % 2, lambda c: (c % 2)[:, None])),
    ("mse", None, (lambda c: c / 2, lambda c: (c / 2)[:, None])),
])
def test_targets_as_a_vector_a_column_or_one_hot_rows_train_alike(loss, output, forms):
    # Keras's sparse and categorical cross-entropy in one loss; a single output as (m,) or (m, 1)
    X, labels = _blobs(40)
    classes = labels + (X[:, 0] > 3)                     # 0, 1, 2
    width = 3 if loss == "cross_entropy" else 1
    runs = []
    for form in forms:
        model = _model(sizes=(2, 4, width), output=output)
        history = model.fit(X, form(classes), loss=loss, optimizer="adam", epochs=2, batch_size=8, seed=0,
                            verbose=0, validation_data=(X[:10], form(classes[:10])))
        runs.append((history.history, _weights(model), model.evaluate(X, form(classes))))
    for history, weights, scores in runs[1:]:
        assert history == runs[0][0] and scores == runs[0][2]
        for a, b in zip(weights, runs[0][1], strict=True):
            np.testing.assert_array_equal(a, b)


def test_a_fit_that_fails_before_its_first_update_leaves_what_the_last_fit_left():
    X, y = _blobs(20)
    fail = LambdaCallback(on_batch_begin=lambda batch, logs: 1 / 0)
    model = _model()
    with pytest.raises(ZeroDivisionError):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, callbacks=fail)
    with pytest.raises(ValueError, match="loss"):
        model.evaluate(X, y)                                 # as before any fit: no loss to use
    model.fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0)
    left = (model.loss, model.metrics, model.optimizer, model.history)
    with pytest.raises(ZeroDivisionError):
        model.fit(X, y, loss="mse", optimizer="sgd", metrics=["mse"], epochs=1, verbose=0, callbacks=fail)
    assert all(a is b for a, b in zip((model.loss, model.metrics, model.optimizer, model.history), left, strict=True))


def test_evaluate_needs_a_loss():
    X, y = _blobs(10)
    with pytest.raises(ValueError, match="loss"):
        _model().evaluate(X, y)
    assert set(_model().evaluate(X, y, loss="bce")) == {"loss", "accuracy"}


def test_evaluate_and_validation_score_a_float32_network_in_float64():
    # a target in units of 1e20: the errors' squares pass float32's range (3e38), the loss and
    # the metrics a user reads are ordinary numbers
    X = np.linspace(-1, 1, 40, dtype=np.float32).reshape(-1, 1)
    y = 3e20 * X[:, 0] + 1e20
    model = nn.Sequential(nn.Dense(1, 1, init="zeros"))
    scores = model.evaluate(X, y, loss="mse", metrics=["mse", "mae"])
    expected = float(np.mean(y.astype(np.float64) ** 2))
    assert scores["loss"] == pytest.approx(expected, rel=1e-6) and scores["mse"] == scores["loss"]
    # (validation targets in other units than the training ones, as fit warns, on purpose here)
    with pytest.warns(UserWarning, match="targets of y_val lie far past every training target"):
        history = model.fit(X, y / 1e20, loss="mse", optimizer="sgd", epochs=1, verbose=0,
                            validation_data=(X, y), metrics=["mse"])
    assert np.isfinite(history.history["val_loss"][0]) and history.history["val_loss"][0] > 1e39


def test_a_last_batch_too_small_for_batch_norm_joins_the_batch_before_it():
    X, y = _blobs(33)
    model = nn.MLP([2, 4, 1], batchnorm=True)
    seen = []

    class Sizes(Callback):
        def on_train_begin(self, logs=None):
            seen.append(self.params["steps"])

        def on_batch_end(self, batch, logs=None):
            seen.append(logs["size"])

    history = model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=2, batch_size=32,
                        verbose=0, callbacks=[Sizes()])
    assert seen == [1, 33, 33] and len(history.epoch) == 2   # one batch of 33 per epoch, not 32 + 1
    seen.clear()
    nn.MLP([2, 4, 1]).fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, batch_size=32,
                          verbose=0, callbacks=[Sizes()])
    assert seen == [2, 32, 1]                                 # without batch statistics: as before


@pytest.mark.parametrize("n, batch_size, match", [
    (33, 1, "BatchNorm1d needs at least 2 samples per training batch, got batch_size=1"),
    (1, 32, "BatchNorm1d needs at least 2 samples per training batch, and X has 1"),
])
def test_batches_too_small_for_batch_norm_are_refused_before_training(n, batch_size, match):
    model = nn.MLP([2, 4, 1], batchnorm=True)
    before = _weights(model)
    X, y = _blobs(n)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, batch_size=batch_size, verbose=0)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


def test_an_augmentation_that_changes_the_batch_shape_is_named_before_any_update():
    X, y = _blobs(40)
    model = _model()
    before = _weights(model)
    for bad, got in ((lambda xb, rng: xb[:-1], r"\(15, 2\)"), (lambda xb, rng: xb.tolist(), "list")):
        with pytest.raises(ValueError, match=r"augment must return an array of the batch's shape "
                                             r"\(16, 2\), got " + got):
            model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=16, verbose=0, augment=bad)
        for w, b in zip(_weights(model), before):
            np.testing.assert_array_equal(w, b)


def test_shuffle_must_be_a_bool_and_x_of_the_wrong_rank_is_named_by_its_own_shape():
    X, y = _blobs(20)
    with pytest.raises(TypeError, match="shuffle must be True or False, got str 'no'"):
        _model().fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, shuffle="no")
    with pytest.raises(ValueError, match=r"X of shape \(20, 2, 1\) does not fit the model"):
        _model().fit(X[:, :, None], y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"X_val of shape \(20, 2, 1\) does not fit the model"):
        _model().fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                     validation_data=(X[:, :, None], y))


def test_bad_validation_data_is_named_as_validation_data():
    # the messages said "y" (the training targets were fine) or gave the loss's words alone
    X, y = _blobs(20)
    y_nan = y[:5].astype(float)
    y_nan[0] = np.nan
    for X_val, y_val, error, match in (
            (X[:5], y_nan, ValueError, (r"^y_val contains NaN or inf \(first at index \(0,\)\): .* then "
                                        r"X_val\[keep\] and y_val\[keep\]$")),
            (X[:5], np.array(list("abcde")), TypeError, "^y_val must hold numbers"),
            (X[:5], np.full(5, 3.0), ValueError, r"^y_val: BCELoss: targets must be in \[0, 1\]"),
            (X[:5, 0], y[:5], ValueError, r"X_val must have one row per sample.*rows of 2 features")):
        model = _model()
        before = _weights(model)
        with pytest.raises(error, match=match):
            model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, validation_data=(X_val, y_val))
        for w, b in zip(_weights(model), before):
            np.testing.assert_array_equal(w, b)


def test_validation_data_that_is_neither_a_pair_nor_keras_s_triple_is_refused():
    # Keras's (X_val, y_val, sample_weight_val) is taken (tests/test_sample_weights.py), and a Dataset
    X, y = _blobs(40)
    model = _model()
    before = _weights(model)
    for other, got in (({"X": X}, "a dict"), ((X,), "a tuple of length 1")):
        with pytest.raises(ValueError, match=rf"^validation_data must be \(X_val, y_val\), \(X_val, y_val, "
                                             rf"sample_weight_val\) or a Dataset, got {got}$"):
            model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, validation_data=other)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


def test_divergence_keeps_finite_running_statistics():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 3)) * 10
    y = rng.standard_normal((40, 1)) * 10
    neuralab.seed(0)
    model = nn.MLP([3, 16, 16, 1], activation="relu", batchnorm=True)
    with pytest.warns(DivergenceWarning):
        model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=1e3),
                  epochs=50, batch_size=8, verbose=0)
    assert all(np.isfinite(b).all() for _, b in model.named_buffers())
    assert all(np.isfinite(p.data).all() for p in model.parameters())


def test_running_statistics_that_overflow_stop_training_and_are_put_back():
    # float32 inputs near 1e20: each batch's own statistics keep the loss finite, but the running
    # variance passed the float range; fit ran on, and predict gave one value for every input
    rng = np.random.default_rng(0)
    X = (rng.standard_normal((64, 2)) * 1e20).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.float32)
    neuralab.seed(0)
    model = nn.MLP([2, 4, 1], output="sigmoid", batchnorm=True)
    before = [b.copy() for _, b in model.named_buffers()]
    with pytest.warns(DivergenceWarning):
        history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, verbose=0)
    assert history.stop_reason == ("the running statistics overflowed (a BatchNorm's running variance past "
                                   "the float range) at epoch 1, batch 1; nothing was updated yet, so the "
                                   "learning rate is not the cause but the data's scale: standardise the "
                                   "inputs with data.Standardizer")
    for (_, b), b0 in zip(model.named_buffers(), before):
        np.testing.assert_array_equal(b, b0)


def test_an_error_inside_a_batch_leaves_weights_and_running_statistics_as_they_were():
    X, y = _blobs(40)
    neuralab.seed(0)

    class Logits(nn.Layer):   # a layer of one's own: fit cannot tell that it gives no probabilities
        keeps_shape = True

        def forward(self, x, training=False):
            return x

        def backward(self, grad_out, input_grad=True):
            return grad_out

    model = nn.Sequential(*nn.MLP([2, 4, 1], batchnorm=True).layers, Logits())
    before = _weights(model) + [b.copy() for _, b in model.named_buffers()]
    with pytest.raises(ValueError, match="use BCEWithLogitsLoss"):   # BCELoss, at the first batch
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=8, verbose=0)
    for w, b in zip(_weights(model) + [b for _, b in model.named_buffers()], before):
        np.testing.assert_array_equal(w, b)


def test_an_error_after_the_update_keeps_the_running_statistics_that_update_left():
    # Ctrl-C during validation or a failing on_epoch_end: the model is that of its last update
    X, y = _blobs(40)

    class Interrupt(Callback):
        def on_epoch_end(self, epoch, logs=None):
            raise KeyboardInterrupt

    models = []
    for callbacks in ([], [Interrupt()]):
        neuralab.seed(0)
        models.append(nn.MLP([2, 4, 1], output="sigmoid", batchnorm=True))
        try:
            models[-1].fit(X, y, loss="bce", optimizer="sgd", epochs=1, batch_size=8, verbose=0,
                           seed=0, callbacks=callbacks)
        except KeyboardInterrupt:
            pass
    done, interrupted = ([p.data for p in m.parameters()] + [b for _, b in m.named_buffers()] for m in models)
    for a, b in zip(done, interrupted, strict=True):
        np.testing.assert_array_equal(a, b)


# -- audit: a fused loss after its own activation, frozen layers, logs, state after errors ------

@pytest.mark.parametrize("output, loss, sizes", [("softmax", "cross_entropy", (2, 8, 3)),
                                                 ("sigmoid", "bce_logits", (2, 8, 1))])
def test_a_model_ending_with_the_activation_its_loss_applies_is_trained_on_its_logits(output, loss, sizes):
    # Keras's softmax output with categorical cross-entropy: before, the activation ran twice
    # (a loss stuck above ~0.55, and an accuracy of 0.5 read at the logit threshold 0)
    X, labels = _blobs(90)
    y = labels if output == "sigmoid" else labels + (X[:, 0] > 3)
    model, twin = _model(sizes=sizes, output=output), _model(sizes=sizes, output=output)
    history = model.fit(X, y, loss=loss, optimizer=optim.Adam(model.parameters(), lr=0.05), epochs=20,
                        batch_size=16, verbose=0, seed=1)
    by_hand = twin[:-1].fit(X, y, loss=loss, optimizer=optim.Adam(twin.parameters(), lr=0.05), epochs=20,
                            batch_size=16, verbose=0, seed=1)
    assert history.history == by_hand.history
    for a, b in zip(_weights(model), _weights(twin)):
        np.testing.assert_array_equal(a, b)
    assert history.history["accuracy"][-1] > 0.9 and history.history["loss"][-1] < 0.3
    probabilities = model.predict(X)
    assert probabilities.min() >= 0 and probabilities.max() <= 1   # the model still ends with its activation
    assert model.evaluate(X, y, loss=loss) == twin[:-1].evaluate(X, y, loss=loss)
    # an empty head after the activation computes nothing: the activation is still the last layer
    # (fit said it was "inside a nested Sequential" and to move it)
    headed = _model(sizes=sizes, output=output)
    headed.append(nn.Sequential(nn.Sequential()))
    assert headed.fit(X, y, loss=loss, optimizer=optim.Adam(headed.parameters(), lr=0.05), epochs=20,
                      batch_size=16, verbose=0, seed=1).history == history.history


def test_an_activation_a_fused_loss_applies_inside_a_nested_sequential_is_refused():
    X, y = _blobs(20)
    model = nn.Sequential(nn.Dense(2, 4), nn.Sequential(nn.Dense(4, 1), nn.Sigmoid()))
    with pytest.raises(ValueError, match="ends with a Sigmoid inside a nested Sequential.*move the Sigmoid"):
        model.fit(X, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0)


def test_frozen_layers_are_left_out_of_clipping_and_keep_no_gradient():
    X, y = _blobs(64)
    model, twin = _model(sizes=(2, 8, 8, 1)), _model(sizes=(2, 8, 8, 1))
    head, twin_head = model.layers[-2], twin.layers[-2]   # the last Dense; the rest is frozen
    opt = optim.SGD(head.parameters(), lr=0.5)
    model.fit(X, y, loss="bce", optimizer=opt, epochs=3, batch_size=8, verbose=0, seed=0, clip_norm=0.05)
    assert all(not p.grad.any() for p in model.parameters())
    # the same run, clipped by hand over the trained parameters only
    _fit_by_hand(twin, X, y, optim.SGD(twin_head.parameters(), lr=0.5), epochs=3, batch_size=8, seed=0,
                 clip=lambda: neuralab.train.clip_grad_norm_(twin_head.parameters(), 0.05))
    for a, b in zip(_weights(model), _weights(twin)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_an_error_in_the_middle_of_fit_leaves_no_gradient_behind():
    X, y = _blobs(40)
    model = _model()

    def interrupt(batch, logs):
        if batch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        model.fit(X, y, loss="bce", optimizer="adam", epochs=2, batch_size=4, verbose=0,
                  callbacks=[LambdaCallback(on_batch_end=interrupt)])  # the step's gradients still there
    assert all(not p.grad.any() for p in model.parameters())


def test_an_interrupt_leaves_the_weights_of_its_last_update_and_the_history_on_the_model():
    # Ctrl-C in a notebook: fit returns nothing, so its History was lost; Keras keeps model.history
    X, y = _blobs(40)
    kwargs = dict(loss="bce", optimizer="sgd", batch_size=8, seed=0, verbose=0)

    def interrupt(epoch, logs):
        if epoch == 2:
            raise KeyboardInterrupt

    interrupted, three = _model(), _model()
    with pytest.raises(KeyboardInterrupt):
        interrupted.fit(X, y, epochs=5, callbacks=LambdaCallback(on_epoch_end=interrupt), **kwargs)
    returned = three.fit(X, y, epochs=3, **kwargs)
    assert three.history is returned
    # the interrupt came in epoch 3's on_epoch_end: that epoch's updates ran, and its numbers are
    # kept beside them (they were lost, the History ending an epoch before the weights)
    assert interrupted.history.epoch == [0, 1, 2] and interrupted.history.history == returned.history
    for a, b in zip(_weights(interrupted), _weights(three), strict=True):
        np.testing.assert_array_equal(a, b)


def test_callbacks_none_is_no_callbacks_and_a_refused_start_leaves_the_model_as_it_was():
    X, y = _blobs(20)
    model = _model()
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, callbacks=None)
    assert isinstance(model.loss, nn.BCELoss)
    with pytest.raises(ValueError, match="val_loss"):
        model.fit(X, y, loss="mse", optimizer="sgd", epochs=1, verbose=0,
                  callbacks=[neuralab.train.EarlyStopping("val_loss")])
    assert isinstance(model.loss, nn.BCELoss)   # evaluate() still uses the last fit that ran


def test_predict_given_y_and_a_single_sample_say_what_to_do():
    X, _ = _blobs(10)
    model = _model()
    with pytest.raises(TypeError, match=r"predict takes X alone: predict\(X\)"):
        model.predict(X, np.zeros(10))
    with pytest.raises(ValueError, match=r"one sample\? make it a row: np\.reshape\(X, \(1, -1\)\)"):
        model.predict(X[0])
    with pytest.raises(ValueError, match=r"one sample\? make it a row: np\.reshape\(X, \(1, -1\)\)"):
        model.evaluate(X[0], [1], loss="bce")
    with pytest.raises(ValueError, match=r"one feature per sample\? make it a column: np\.reshape\(X, \(-1, 1\)\)"):
        nn.MLP([1, 3, 1]).predict(X[:, 0])


def test_verbose_2_prints_one_line_per_epoch_and_other_values_are_refused(capsys):
    X, y = _blobs(20)
    model = _model()
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, verbose=2, metrics=["accuracy"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    assert "loss " in lines[0] and "accuracy " in lines[0]
    for verbose in (3, -1, "yes", None):
        with pytest.raises(ValueError, match="verbose must be 0 .*, 1 .* or 2"):
            model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=verbose)


def test_verbose_2_shows_the_numbers_the_history_records(capsys):
    # every key, in the History's order, to 4 significant digits; "lr" is a callback's
    X, y = _blobs(40)
    history = _model().fit(X, y, loss="bce", optimizer="adam", epochs=3, batch_size=8, verbose=2,
                           validation_data=_blobs(20, seed=1),
                           callbacks=LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1)))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for i, line in enumerate(lines):
        shown = dict(item.split(" ") for item in line.split(": ", 1)[1].split(", "))
        assert list(shown) == list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]
        for key, text in shown.items():
            assert float(text) == pytest.approx(history[key][i], rel=5e-4, abs=1e-12)


def test_an_optimizer_built_before_a_layer_was_replaced_is_warned_about():
    # it kept updating the old layer's parameters, and the new layer never trained, silently
    X, y = _blobs(20)
    model = nn.MLP([2, 4, 1], output="sigmoid")
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    model.layers[0] = nn.Dense(2, 4)
    with pytest.warns(UserWarning, match=r"holds 2 parameters that are not this model's \(a layer replaced") as caught:
        model.fit(X, y, loss="bce", optimizer=optimizer, epochs=1, verbose=0)
    assert caught[0].filename == __file__
    frozen = optim.SGD(model.layers[2].parameters(), lr=0.1)   # some of the model's only: no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(X, y, loss="bce", optimizer=frozen, epochs=1, verbose=0)


@pytest.mark.parametrize("axis", [0, -2])
def test_a_softmax_over_the_batch_axis_before_cross_entropy_is_refused(axis):
    # before: fit stripped it and trained cross-entropy over the classes, while predict took the
    # softmax over the samples
    X, y = _blobs(20)
    model = nn.Sequential(nn.Dense(2, 3), nn.Softmax(axis=axis))
    before = _weights(model)
    for run in (lambda: model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0),
                lambda: model.evaluate(X, y, loss="cross_entropy")):
        with pytest.raises(ValueError, match=rf"Softmax\(axis={axis}\).*must be over the classes \(axis=-1\)"):
            run()
    for a, b in zip(_weights(model), before):
        np.testing.assert_array_equal(a, b)


def test_a_softmax_over_axis_1_of_2d_outputs_is_the_class_axis():
    X, y = _blobs(20)
    model = nn.Sequential(nn.Dense(2, 3, rng=np.random.default_rng(0)), nn.Softmax(axis=1))
    assert fit_module.logits_model(model, nn.losses.get("cross_entropy")).layers == model.layers[:1]
    model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0)


@pytest.mark.parametrize("output, loss, other", [("softmax", "bce_logits", "cross_entropy"),
                                                 ("sigmoid", "cross_entropy", "bce")])
def test_fit_refuses_the_other_probability_activation_before_a_loss_of_logits(output, loss, other):
    """A Softmax before bce_logits or a Sigmoid before cross-entropy cannot be stripped: the loss
    applied its own activation on top (iris with softmax and bce_logits reported an accuracy of
    1/3 for a model that classified 99 % of the samples)."""
    X, labels = _blobs(30)
    y = np.eye(3)[labels] if loss == "bce_logits" else labels
    model = _model(sizes=(2, 4, 3), output=output)
    before = _weights(model)
    activation = type(model.layers[-1]).__name__
    for run in (lambda: model.fit(X, y, loss=loss, optimizer="sgd", epochs=1, verbose=0),
                lambda: model.evaluate(X, y, loss=loss)):
        # keeping the activation takes the loss that suits it: bce for a Sigmoid, whose targets
        # are yes/no answers per output (not bce_logits, which would refuse these labels)
        with pytest.raises(ValueError, match=rf"ends with a {activation}, .* keep (the {activation}|it) and "
                                             rf"use loss='{other}'"):
            run()
    for a, b in zip(_weights(model), before):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("between", [(), (nn.Sequential(),)], ids=["adjacent", "an empty Sequential between"])
def test_fit_refuses_two_softmax_layers_before_cross_entropy(between):
    # an empty Sequential computes nothing: both Softmax layers are at the top level (fit said the
    # first was "inside a nested Sequential" and to move it there)
    X, y = _blobs(20)
    model = nn.Sequential(nn.Dense(2, 3), nn.Softmax(), *between, nn.Softmax())
    with pytest.raises(ValueError, match="ends with two Softmax layers.*leave out the one before the last"):
        model.fit(X, y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0)


@pytest.mark.parametrize("kwargs, hint", [
    ({"epoch": 3}, r"'epoch' \(did you mean 'epochs'\?\); it takes loss, optimizer, epochs, batch_size"),
    ({"batchsize": 8}, r"did you mean 'batch_size'\?"),
    ({"validation_split": 0.2}, r"validation_data=\(X_val, y_val\), e.g. from data.train_test_split"),
    ({"learning_rate": 0.1}, r"the learning rate is the optimizer's: fit\(..., optimizer=optim.Adam\(model.parameters\(\), lr=0.1\)\)"),
    # Keras's, which had no hint (initial_epoch, steps_per_epoch) or "did you mean 'validation_data'?"
    ({"initial_epoch": 2}, r"call fit again .* with optimizer=model.optimizer"),
    ({"steps_per_epoch": 5}, r"an epoch is one pass over X, in ceil\(len\(X\) / batch_size\) steps"),
    ({"validation_freq": 2}, r"'validation_freq' \(validation_data is scored whole after every epoch "
                             r"\(4096 rows a pass, as predict\); "),
    ({"validation_batch_size": 64}, r"to score it every k epochs or in other batches, leave it out"),
], ids=repr)
def test_fit_names_the_keyword_it_takes_for_a_typo_or_a_keras_keyword(kwargs, hint):
    X, y = _blobs(20)
    model = _model()
    before = _weights(model)
    args = {"loss": "bce", "optimizer": "sgd", "epochs": 1, "verbose": 0, **kwargs}
    with pytest.raises(TypeError, match=rf"fit\(\) got an unexpected keyword argument .*{hint}"):
        model.fit(X, y, **args)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)
    with pytest.raises(TypeError, match=r"evaluate\(\) got an unexpected keyword argument 'verbose' \(evaluate "
                                        r"and predict print nothing, as Keras's verbose=0 does: give verbose=0 or "
                                        r"leave it out\); it takes loss, metrics, batch_size"):
        model.evaluate(X, y, loss="bce", verbose=1)   # Keras's evaluate takes it, and shows a bar
    with pytest.raises(TypeError, match=r"'return_dict' \(evaluate always returns a dict"):
        model.evaluate(X, y, loss="bce", return_dict=True)


def _suggested(error, start, end):
    """The code an error's message suggests: the text from ``start`` up to ``end``."""
    message = str(error.value)
    return message[message.index(start):message.rindex(end)]


def test_the_callback_suggested_for_keras_s_validation_freq_runs_and_scores_every_k_epochs():
    X, y = _blobs(40)
    X_val, y_val = _blobs(20, seed=1)
    model = _model()
    with pytest.raises(TypeError) as refused:
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=4, verbose=0, validation_freq=2)
    code = _suggested(refused, "LambdaCallback(", "); it takes")
    suggested = eval(code, {"LambdaCallback": LambdaCallback, "model": model, "X_val": X_val, "y_val": y_val, "k": 2})
    losses = []   # the validation loss after each epoch, computed here from predict
    watch = LambdaCallback(on_epoch_end=lambda epoch, logs: losses.append(_bce(model.predict(X_val), y_val).mean()))
    history = model.fit(X, y, loss="bce", optimizer="sgd", epochs=4, verbose=0, seed=0, callbacks=[suggested, watch])
    val_loss = history["val_loss"]
    assert np.isnan(val_loss[0]) and np.isnan(val_loss[2])
    assert val_loss[1] == pytest.approx(losses[1], rel=1e-6) and val_loss[3] == pytest.approx(losses[3], rel=1e-6)


def test_the_weights_suggested_for_class_weight_in_evaluate_score_as_written():
    # fit takes class_weight; evaluate, as Keras's, takes the sample weights they stand for
    X, y = _blobs(40)
    model = _model()
    with pytest.raises(TypeError) as refused:
        model.evaluate(X, y, loss="bce", class_weight={0: 1.0, 1: 3.0})
    class_weights = np.array([1.0, 3.0])
    names = {"class_weights": class_weights, "labels": y, "model": model, "X": X, "y": y}
    code = _suggested(refused, "sample_weight=", "[labels]") + "[labels]"
    score = eval(f"model.evaluate(X, y, loss='bce', {code})", names)["loss"]
    weighted = np.sum(class_weights[y] * _bce(model.predict(X), y)) / np.sum(class_weights[y])
    assert score == pytest.approx(weighted, rel=1e-6)


def test_fit_and_evaluate_refuse_arguments_after_x_and_y_given_by_position():
    # Keras reads fit(x, y, 32, 10) as batch_size=32, epochs=10; Python said "Sequential.fit()
    # takes 3 positional arguments but 5 were given"
    X, y = _blobs(20)
    model = _model()
    before = _weights(model)
    with pytest.raises(TypeError, match=r"^fit takes X and y by position and the rest by name, got 32, 10 after "
                                        r"them: write fit\(X, y, loss=..., optimizer=..., epochs=...\); it takes "
                                        r"loss, optimizer, epochs, batch_size"):
        model.fit(X, y, 32, 10)
    with pytest.raises(TypeError, match=r"got 'bce', SGD after them"):
        model.fit(X, y, "bce", optim.SGD(model.parameters(), lr=0.1), epochs=1)
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)
    with pytest.raises(TypeError, match=r"^evaluate takes X and y by position .* it takes loss, metrics, batch_size, sample_weight$"):
        model.evaluate(X, y, "bce")


def test_keras_calls_of_fit_evaluate_and_predict_by_keyword_name_the_way_here():
    # fit(x=X, y=y) met "missing 1 required positional argument: 'X'", predict(X, verbose=0)
    # "unexpected keyword argument 'verbose'", metrics=["acc"] "unknown metric 'acc'"
    X, y = _blobs(20)
    model = _model()
    before = _weights(model)
    with pytest.raises(TypeError, match=r"^fit\(\) got an unexpected keyword argument 'x' \(X and y come first, "
                                        r"by position"):
        model.fit(x=X, y=y, loss="bce", optimizer="sgd", epochs=1)
    with pytest.raises(TypeError, match=r"^fit needs X, the samples as rows, and y, their targets, first and by "
                                        r"position: model.fit\(X, y, loss=..., ...\)"):
        model.fit(loss="bce", optimizer="sgd", epochs=1)
    with pytest.raises(TypeError, match=r"^predict\(\) got an unexpected keyword argument 'verbose' \(evaluate "
                                        r"and predict print nothing, as Keras's verbose=0 does: give verbose=0 "
                                        r"or leave it out\); it takes batch_size$"):
        model.predict(X, verbose=2)
    with pytest.raises(TypeError, match=r"^predict needs X, the samples as rows"):
        model.predict()
    with pytest.raises(ValueError, match=r"unknown metric 'acc'; Keras's 'acc' is 'accuracy' here"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, metrics=["acc"])
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)
    # batch_size by position stays; batches of 7 rows and one of 20 agree to rounding (a BLAS may
    # sum each row's products in another order for another number of rows: OpenBLAS's Prescott kernels)
    np.testing.assert_allclose(model.predict(X, 7), model.predict(X), rtol=1e-12, atol=0)


@pytest.mark.parametrize("quiet", [0, False], ids=repr)
def test_keras_quiet_evaluate_and_predict_are_taken_as_what_they_do(quiet, capsys):
    # Keras's MNIST tutorial, line for line: score = model.evaluate(x_test, y_test, verbose=0)
    X, y = _blobs(20)
    model = _model()
    assert model.evaluate(X, y, loss="bce", verbose=quiet) == model.evaluate(X, y, loss="bce")
    np.testing.assert_array_equal(model.predict(X, verbose=quiet), model.predict(X))
    np.testing.assert_array_equal(model.predict_classes(X, verbose=quiet), model.predict_classes(X))
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("name, way", [("compile", r"fit takes the loss and the optimizer, model.fit\(X, y, loss="),
                                       ("count_params", r"model.num_parameters\(\) counts them")])
def test_keras_model_methods_say_what_does_their_job(name, way):
    model = _model()
    with pytest.raises(AttributeError, match=rf"^Sequential has no {name}\(\): .*{way}"):
        getattr(model, name)()
    assert model.num_parameters() == sum(p.data.size for p in model.parameters())


def test_model_optimizer_goes_on_where_the_last_fit_stopped():
    # a name builds a new optimizer at each call (Adam's moments and step count start over);
    # the one fit used is model.optimizer, and passing it back continues the same run
    X, y = _blobs(40)
    kwargs = dict(loss="bce", batch_size=10, shuffle=False, verbose=0)
    once, twice = _model(), _model()
    once.fit(X, y, optimizer="adam", epochs=4, **kwargs)
    twice.fit(X, y, optimizer="adam", epochs=2, **kwargs)
    first = twice.optimizer
    assert isinstance(first, optim.Adam) and first.t == 8
    assert [id(p) for p in first.params] == [id(p) for p in twice.parameters()]
    twice.fit(X, y, optimizer=twice.optimizer, epochs=2, **kwargs)
    assert twice.optimizer is first and first.t == 16
    for w, expected in zip(_weights(twice), _weights(once), strict=True):
        np.testing.assert_array_equal(w, expected)
    twice.fit(X, y, optimizer="adam", epochs=1, **kwargs)   # a name again: a new one
    assert twice.optimizer is not first and twice.optimizer.t == 4


def test_inputs_and_targets_without_a_float_dtype_take_the_model_s():
    # a float64 model used under the float32 default (one loaded in a new session): integers
    # went through float32, 16777217 -> 16777216, and a perfect model scored a loss of 9
    neuralab.set_default_dtype(np.float64)
    try:
        model = nn.Sequential(nn.Dense(1, 1, init="zeros"))
    finally:
        neuralab.set_default_dtype(np.float32)
    model[0].weight.data[...] = 1.0
    np.testing.assert_array_equal(model.predict(np.array([[16777217]])), [[16777217.0]])
    assert model.evaluate(np.array([[16777217]]), np.array([16777217]), loss="mse", metrics=[]) == {"loss": 0.0}
    # a list has no dtype: it takes the model's, as integers do; arrays of floats keep theirs
    small = _model()
    assert small.predict([[0.5, 0.25]]).dtype == small.predict([[1, 2]]).dtype == np.float32
    assert small.predict(np.array([[0.5, 0.25]])).dtype == np.float64


def test_a_list_with_a_number_past_float32_s_range_is_refused_by_that_number():
    # a list takes a float32 model's dtype: 1e300 became inf, a FloatingPointError under
    # np.errstate(over="raise") and "X contains NaN or inf" otherwise, for an X without one
    model = _model()
    X = [[0.5, 1e300], [0.0, 0.0]]
    with pytest.raises(ValueError, match=r"X holds 1e\+300 \(at index \(0, 1\)\), past the range of "
                                         r"the model's float32 .* np.asarray\(X, dtype=np.float64\)"):
        model.predict(X)
    with pytest.raises(ValueError, match=r"X_val holds 1e\+300"):
        model.fit([[0.0, 0.0]], [0], loss="mse", optimizer="sgd", epochs=1, verbose=0,
                  validation_data=(X, [0, 0]))
    assert model.predict(np.asarray(X, dtype=np.float64))[0, 0] != 0  # as the message says


def test_a_1d_input_that_is_neither_one_sample_nor_one_feature_names_the_shape_to_give():
    # "a single feature? use X.reshape(-1, 1)" then failed with "X has 1 features but ... 2"
    with pytest.raises(ValueError, match=r"got shape \(5,\) \(samples are rows of 2 features: "
                                         r"shape \(samples, 2\)\)"):
        _model().predict(np.zeros(5))
    with pytest.raises(ValueError, match=r"one sample\? make it a row: np\.reshape\(X, \(1, -1\)\)"):
        _model().predict(np.zeros(2))
    with pytest.raises(ValueError, match=r"one feature per sample\? make it a column: np\.reshape\(X, \(-1, 1\)\)"):
        nn.MLP([1, 2, 1]).predict(np.zeros(5))


def test_a_divergence_at_the_first_batch_of_a_later_fit_does_not_claim_nothing_was_updated():
    # fit called again (a Keras habit): the weights an earlier fit trained are the starting ones,
    # so "nothing was updated yet, so the learning rate is not the cause" was false there
    X, y = _blobs(40)
    model = nn.MLP([2, 4, 1])
    model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=1, verbose=0)
    for p in model.parameters():
        p.data[...] = 3e18                               # as a step too large leaves them
    with pytest.warns(DivergenceWarning):
        history = model.fit(X, y, loss="mse", optimizer="sgd", epochs=1, verbose=0)
    assert "at epoch 1, batch 1" in history.stop_reason
    assert history.stop_reason.endswith("try a lower learning rate (now 0.01)")


@pytest.mark.parametrize("validation", [False, True])
def test_an_update_that_overflows_the_weights_last_stops_with_neuralab_s_warning_only(validation):
    # one batch in one epoch: no next batch looked at the weights its update overflowed, and fit
    # returned them without a word (with validation data, after NumPy's "invalid value encountered
    # in dot" from the validation pass, and a val_loss of nan)
    X, y = _blobs(40)
    model = _model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=1e300), epochs=1,
                            batch_size="full", verbose=0, validation_data=(X, y) if validation else None)
    assert [w.category for w in caught] == [DivergenceWarning]
    assert history.stop_reason == ("the last update of epoch 1 overflowed the weights (inf or NaN); "
                                   "try a lower learning rate (now 1e+300)")
    assert history.epoch == [] and not all(np.isfinite(p.data).all() for p in model.parameters())


def test_weights_whose_validation_outputs_overflow_stop_training_with_neuralab_s_warning_only():
    # finite weights (3.7e21) that take the outputs past float32's range: the validation pass
    # raised NumPy's overflow warning and recorded a val_loss of inf
    X = np.linspace(-2, 2, 40, dtype=np.float32).reshape(-1, 1)
    y = np.sin(2 * X[:, 0])
    model = nn.MLP([1, 16, 16, 1], rng=np.random.default_rng(0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=1e20), epochs=3,
                            batch_size="full", verbose=0, validation_data=(X, y))
    assert [w.category for w in caught] == [DivergenceWarning]
    assert history.stop_reason == ("the outputs for the validation data overflowed (inf or NaN) after epoch 1; "
                                   "try a lower learning rate (now 1e+20)")
    assert history.epoch == [] and all(np.isfinite(p.data).all() for p in model.parameters())


def test_a_validation_value_far_past_the_training_data_is_named_as_the_cause_not_the_learning_rate():
    # float32's largest number as a marker of a missing value in X_val: its outputs overflow at
    # any weights, and the stop reason told the user to lower a learning rate of 0.001
    X, y = _blobs(40)
    X = X.astype(np.float32)
    X_val, y_val = X.copy(), y.copy()
    X_val[7, 1] = np.finfo(np.float32).max
    model = nn.Sequential(nn.Dense(2, 1))
    model[0].weight.data[...] = [[1.0, 2.0]]   # twice the marker: past float32's range
    bound = float(np.abs(X).max())
    far = (f"row 7 of X_val holds 3.4e+38, far past every value of the training data (|x| <= {bound:.3g}): "
           f"a marker of missing values, or data in other units?")
    with pytest.warns(UserWarning, match=re.escape(f"{far} Its outputs, which count in val_loss, mean little: "
                                                   f"fix or leave out that row")) as start:
        with pytest.warns(DivergenceWarning):
            history = model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=3, verbose=0,
                                validation_data=(X_val, y_val))
    assert start[0].filename == __file__  # model.fit's line: the warning is fit's, as it starts
    assert history.stop_reason == (f"the outputs for the validation data overflowed (inf or NaN) after epoch 1; "
                                   f"{far} Fix or leave out that row")


def test_a_validation_value_far_past_the_training_data_is_warned_of_when_its_outputs_stay_finite():
    # a missing-value marker in X_val that a sigmoid output squashes to 0 or 1: nothing overflows
    # at the end, val_loss is a number, and the only sign was NumPy's "overflow encountered in dot"
    # from fit's one-row shape probe (a FloatingPointError where NumPy errors raise)
    X, y = _blobs(40)
    X = X.astype(np.float32)
    X_val = X[:10].copy()
    X_val[0, 1] = np.finfo(np.float32).max
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    with pytest.warns(UserWarning, match=r"^row 0 of X_val holds 3.4e\+38, far past every value"):
        history = model.fit(X, y, loss="bce", optimizer="adam", epochs=2, verbose=0,
                            validation_data=(X_val, y[:10]))
    assert history.stop_reason is None and np.isfinite(history.history["val_loss"]).all()
    X_val[0, 1] = 9.9 * np.abs(X).max()      # within 10 times the training data's reach: no word
    model.fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0, validation_data=(X_val, y[:10]))


def test_an_augment_that_is_no_function_is_refused_before_training():
    X, y = _blobs(40)
    model = _model()
    before = _weights(model)
    with pytest.raises(TypeError) as error:   # the command line's --augment, written as a flag
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, augment=True)
    assert str(error.value) == ("augment must be a function (X_batch, rng) -> X_batch, such as "
                                "data.GaussianNoise(0.1), got True")
    for w, b in zip(_weights(model), before):
        np.testing.assert_array_equal(w, b)


def test_a_compiled_augment_whose_signature_python_cannot_read_trains_as_its_python_twin():
    # a function compiled to C (ctypes here; pybind11 and Cython's builtins alike) has no signature
    # for inspect: fit cannot check its arguments beforehand, and must not refuse it for that
    import ctypes
    import inspect

    calls = []

    def jitter(X_batch, rng):
        calls.append(len(X_batch))
        return X_batch + rng.normal(0, 0.1, X_batch.shape).astype(X_batch.dtype)

    compiled = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.py_object, ctypes.py_object)(jitter)
    with pytest.raises(ValueError):
        inspect.signature(compiled)
    X, y = _blobs(40)
    models = [_model(), _model()]
    for model, augment in zip(models, (compiled, jitter)):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=2, batch_size=16, seed=1, verbose=0, augment=augment)
    assert calls == [16, 16, 8] * 4
    for a, b in zip(*map(_weights, models)):
        np.testing.assert_array_equal(a, b)


def test_a_divergence_with_an_augment_of_finite_values_blames_the_learning_rate():
    # the augmented batch is looked at once the loss is NaN: finite, the augment is not the cause
    X, y = _blobs(40)
    model = _model()
    with pytest.warns(DivergenceWarning):
        history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=1e300), epochs=3,
                            batch_size=10, verbose=0, augment=lambda X_batch, rng: X_batch * 1.01)
    assert history.stop_reason.startswith("the loss became nan at epoch 1, batch 2, with the weights holding "
                                          "inf or NaN; try a lower learning rate")


def test_fz_a_fit_that_fails_before_its_first_update_keeps_the_last_stop_request():
    # fit set model.stop_training = False before anything could fail, and a failure put back
    # every attribute fit sets but that one: the last fit's early-stopping reason was lost
    model = _model()
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]), np.array([0, 1, 1])
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=5, verbose=0,
              callbacks=[EarlyStopping(monitor="loss", patience=0, min_delta=10)])
    reason = model.stop_training
    assert reason.startswith("early stopping")

    def fails(logs=None):
        raise RuntimeError("a callback's own error")

    with pytest.raises(RuntimeError, match="a callback's own error"):  # before any update
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                  callbacks=[LambdaCallback(on_train_begin=fails)])
    assert model.stop_training == reason
    with warnings.catch_warnings():  # a warning as an error, as under pytest's -W error
        warnings.simplefilter("error")
        with pytest.raises(Warning, match="far past every value of the training data"):  # as fit starts
            model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, validation_data=(X * 1e6, y))
    assert model.stop_training == reason


def test_fz_targets_whose_squared_errors_pass_float64_s_range_are_said_in_neuralab_s_words():
    # under np.errstate(all="raise") (as here) checking the targets against the MSE metric
    # squared them: a FloatingPointError from NumPy before fit's divergence warning could say
    # "the targets' scale"; evaluate's MSE metric raised it too, where its loss is inf
    model = _model(output=None)
    X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1e200, -1e200])
    with pytest.warns(DivergenceWarning, match="the targets' scale"):
        model.fit(X, y, loss="mse", optimizer="sgd", epochs=1, verbose=0)
    scores = model.evaluate(X, y, loss="mse", metrics=["mse", "mae"])
    assert scores["loss"] == scores["mse"] == np.inf and scores["mae"] == pytest.approx(1e200)


def _gradients_past_a_refused_fit(refused_call, batch=1):
    """The gradients of a forward(training=True) on ``batch`` samples whose backward comes after
    ``refused_call(model)`` (which must raise), next to a twin's without it; or the error of that
    backward."""
    rng = np.random.default_rng(3)
    x, target = rng.normal(size=(batch, 2)), rng.integers(0, 2, batch)
    model, twin = (nn.MLP([2, 3, 2], rng=np.random.default_rng(1)) for _ in range(2))
    loss = nn.CrossEntropyLoss()
    for net in (twin, model):
        loss(net.forward(x, training=True), target)
        if net is model:
            with pytest.raises((ValueError, TypeError)):
                refused_call(model)
        net.backward(loss.backward())
    return [(p.grad, q.grad) for p, q in zip(model.parameters(), twin.parameters())]


@pytest.mark.parametrize("mistake", [{"optimizer": "adamm"}, {"verbose": 3}, {"clip_norm": -1.0},
                                     {"shuffle": "yes"}, {"seed": -1}, {"epochs": 0}])
def test_fit_refuses_a_mistyped_option_before_its_forward_passes(mistake):
    # fit learns the output's shape from a pass of one sample, which replaces the layers' caches:
    # an option refused for itself came after it, and the backward of a pass waiting for it
    # was refused too ("a forward pass ran between forward(training=True) and backward")
    X, y = np.random.default_rng(0).normal(size=(6, 2)), np.array([0, 1, 1, 0, 1, 0])
    options = {"loss": "cross_entropy", "optimizer": "sgd", "epochs": 1, "verbose": 0, **mistake}
    for mine, theirs in _gradients_past_a_refused_fit(lambda model: model.fit(X, y, **options), batch=4):
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("mistake", [{"class_weight": {7: 1.0}}, {"labels": 2},
                                     {"labels": 2, "validation_data": True}])
def test_a_fit_refused_after_its_one_sample_passes_leaves_none_of_them_to_differentiate(mistake):
    # a refusal that needs the outputs' shape (a class_weight or label that is no class) comes
    # after fit's passes of one sample; the second of them read as an evaluation pass to
    # differentiate, so the backward of a user's pass of one sample silently returned the
    # gradients of fit's first sample of X: it is refused now, as after a refused predict
    X, y = np.random.default_rng(0).normal(size=(6, 2)), np.array([0, 1, 1, 0, 1, 0])
    labels = np.where(np.arange(6) == 5, mistake.get("labels", 0), y)
    options = {"loss": "cross_entropy", "optimizer": "sgd", "epochs": 1, "verbose": 0,
               "class_weight": mistake.get("class_weight"),
               "validation_data": (X, y) if mistake.get("validation_data") else None}
    with pytest.raises(ValueError, match="replaced the values backward needs"):
        _gradients_past_a_refused_fit(lambda model: model.fit(X, labels, **options))
