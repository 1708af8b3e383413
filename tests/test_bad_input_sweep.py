"""Bad input found by a systematic sweep of the public API (every argument given None, text,
ragged lists, masked arrays, NaN, huge numbers, ...): each case raised a bare Python or NumPy
error, or succeeded with a meaningless result, or left the model changed. Each is refused here
with an error that names the argument and says what to do, before anything changes."""
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import L1, L2, EarlyStopping, ModelCheckpoint, clip_grad_norm_, gradcheck


def _data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2)).astype(np.float32)
    y = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    return X, y


def _trained(seed=0):
    """A model that one fit has trained, with its optimizer's state, and the data."""
    X, y = _data()
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(seed))
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=1,
              batch_size=8, verbose=0)
    return model, X, y


def _state(model):
    """Everything a refused call must leave as it was: weights, buffers, the optimizer's step
    count and moments, and what fit left on the model."""
    return ([p.data.copy() for p in model.parameters()], [b.copy() for _, b in model.named_buffers()],
            model.optimizer.t, [s.copy() for group in model.optimizer.state for s in group.values()],
            (model.loss, model.metrics, model.optimizer))


def _assert_same(before, after):
    weights, buffers, t, moments, attributes = before
    assert all(np.array_equal(a, b) for a, b in zip(weights, after[0]))
    assert all(np.array_equal(a, b) for a, b in zip(buffers, after[1]))
    assert t == after[2] and all(np.array_equal(a, b) for a, b in zip(moments, after[3]))
    assert all(a is b for a, b in zip(attributes, after[4]))


def _masked(values, index):
    """``values`` as a masked array hiding ``index``, with a wild number under the mask (what
    ``np.asarray`` would have read)."""
    out = np.ma.masked_array(np.array(values, dtype=float), mask=False)
    out.data[index] = 7.0 if np.ndim(index) == 0 else 1e30
    out.mask[index] = True
    return out


# -- masked arrays: np.asarray drops the mask, and the numbers under it were read as data -------

def test_fit_predict_and_evaluate_refuse_masked_inputs_and_targets():
    # fit trained on the 1e30 under the mask (with BatchNorm: an empty History, "diverged"),
    # predict and evaluate computed with it; a masked target was read as the number under it
    model, X, y = _trained()
    before = _state(model)
    bad_X = _masked(X, (1, 1))
    for call in (lambda: model.fit(bad_X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0),
                 lambda: model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0,
                                   validation_data=(bad_X, y)),
                 lambda: model.predict(bad_X), lambda: model.evaluate(bad_X, y)):
        with pytest.raises(ValueError, match=r"X(_val)? is a masked array with 1 masked value.*filled"):
            call()
    bad_y = np.ma.masked_array(y.astype(float), mask=np.arange(len(y)) == 0)
    with pytest.raises(ValueError, match=r"^y is a masked array with 1 masked value"):
        model.fit(X, bad_y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"^y_val is a masked array"):
        model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0, validation_data=(X, bad_y))
    with pytest.raises(ValueError, match=r"^y is a masked array"):
        model.evaluate(X, bad_y)
    _assert_same(before, _state(model))
    # nothing masked: the plain data, as before
    assert np.array_equal(model.predict(np.ma.masked_array(X)), model.predict(X))


def test_the_data_tools_and_losses_refuse_masked_arrays():
    X, y = _data()
    bad_X, bad_y = _masked(X, (1, 1)), np.ma.masked_array(y, mask=np.arange(len(y)) == 0)
    with pytest.raises(ValueError, match="X is a masked array"):
        data.Standardizer().fit(bad_X)
    scaler = data.Standardizer().fit(X)
    with pytest.raises(ValueError, match="X is a masked array"):
        scaler.transform(bad_X)
    with pytest.raises(ValueError, match="y is a masked array"):
        data.one_hot(bad_y)  # gave 8 columns for a hidden 7
    with pytest.raises(ValueError, match="X is a masked array"):
        data.train_test_split(bad_X, y)  # returned plain arrays, the mask dropped
    with pytest.raises(ValueError, match="y is a masked array"):
        data.batches(X, bad_y)
    pred = np.full((4, 1), 0.5, np.float32)
    with pytest.raises(ValueError, match="target is a masked array"):
        nn.MSELoss()(pred, _masked([0, 1, 1, 0], 0))
    with pytest.raises(ValueError, match="weight is a masked array"):
        nn.MSELoss()(pred, np.zeros(4), weight=_masked([1, 1, 1, 1], 0))



def test_layers_monitor_and_gradcheck_refuse_masked_arrays_and_ragged_rows():
    # as_float_array, where every array enters, dropped the mask: a layer called by hand, a
    # Standardize built from masked statistics, gradcheck's X and the Monitor's probe used the
    # numbers under it; a ragged X passed NumPy's "inhomogeneous shape" text through
    from neuralab.train import Monitor, gradcheck
    X, y = _data()
    bad_X = _masked(X, (1, 1))
    model = nn.MLP([2, 4, 1], output="sigmoid")
    for call in (lambda: model[0].forward(bad_X), lambda: nn.Standardize(2, mean=_masked([0, 0], 1), std=[1, 1]),
                 lambda: gradcheck(model.to(np.float64), nn.BCELoss(), bad_X, y),
                 lambda: model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                                   callbacks=[Monitor(probe=bad_X)])):
        with pytest.raises(ValueError, match=r"is a masked array with 1 masked value"):
            call()
    with pytest.raises(ValueError, match=r"^input of Dense holds rows of different lengths"):
        model[0].forward([[0.0, 1.0], [2.0]])

# -- ragged lists: NumPy's "setting an array element with a sequence ... inhomogeneous shape" --

@pytest.mark.parametrize("call", [
    lambda X, y, ragged: nn.MLP([2, 1], output="sigmoid").fit(X, ragged, loss="bce", optimizer="adam",
                                                               epochs=1, verbose=0),
    lambda X, y, ragged: data.train_test_split(X, ragged),
    lambda X, y, ragged: data.batches(X, ragged),
    lambda X, y, ragged: data.one_hot(ragged),
    lambda X, y, ragged: nn.MSELoss()(np.zeros((len(y), 1)), ragged),
])
def test_ragged_targets_are_refused_naming_them(call):
    X, y = _data()
    ragged = [[0]] * (len(y) - 1) + [[0, 1]]
    with pytest.raises(ValueError, match=r"^(y|target) holds rows of different lengths"):
        call(X, y, ragged)


def test_ragged_rows_for_gaussian_noise_are_refused_naming_x():
    with pytest.raises(ValueError, match="^X holds rows of different lengths"):
        data.GaussianNoise(0.1)([[1.0, 2.0], [3.0]], np.random.default_rng(0))


# -- numbers past the float range: np.isfinite(10**400) is "ufunc 'isfinite' not supported" ----

@pytest.mark.parametrize("call, name", [
    (lambda: L2(10**400), "L2 rate"),
    (lambda: L1(10**400), "L1 rate"),
    (lambda: data.GaussianNoise(10**400), "std"),
    (lambda: data.load("moons", noise=10**400), "noise"),
    (lambda: clip_grad_norm_(nn.Dense(2, 1).parameters(), 10**400), "max_norm"),
])
def test_integers_past_the_float_range_are_refused_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=f"^{name} must be a finite number"):
        call()


def test_fit_refuses_clip_values_past_the_float_range_before_training():
    model, X, y = _trained()
    before = _state(model)
    for keyword in ("clip_norm", "clip_value"):
        with pytest.raises(ValueError, match=rf"^{keyword} must be a finite number > 0, got 1\.00e\+400$"):
            model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0, **{keyword: 10**400})
    _assert_same(before, _state(model))


# -- fit's keywords -------------------------------------------------------------------------

@pytest.mark.parametrize("metrics", [True, False, 0, 2.5, ["accuracy", ["mse"]], [nn.MSELoss()],
                                     np.array(["accuracy"]), {"accuracy"}])
def test_metrics_of_the_wrong_kind_are_refused_before_training(metrics):
    # False and 0 trained with no metrics; 2.5 raised "'float' object is not iterable"; a nested
    # list "unhashable type: 'list'"
    model, X, y = _trained()
    before = _state(model)
    with pytest.raises(TypeError, match=r"^metrics must (be 'auto', a metric name or a list|list metric names)"):
        model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0, metrics=metrics)
    with pytest.raises(TypeError, match=r"^metrics must"):
        model.evaluate(X, y, metrics=metrics)
    _assert_same(before, _state(model))


def test_a_misspelt_metric_is_refused_with_the_nearest_name():
    model, X, y = _trained()
    with pytest.raises(ValueError, match="unknown metric 'acuracy'; did you mean 'accuracy'"):
        model.evaluate(X, y, metrics=["acuracy"])


@pytest.mark.parametrize("callbacks, expected", [
    (True, "bool"), (0, "int"), (np.array(3), "ndarray"),
    (EarlyStopping, r"the class EarlyStopping; pass an instance: EarlyStopping\(\.\.\.\)"),
    ([EarlyStopping], r"the class EarlyStopping; pass an instance"),
])
def test_callbacks_of_the_wrong_kind_are_refused_naming_them(callbacks, expected):
    # "'bool' object is not iterable", "iteration over a 0-d array", "'type' object is not iterable"
    model, X, y = _trained()
    before = _state(model)
    with pytest.raises(TypeError, match=f"^callbacks must be .*got {expected}"):
        model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0, callbacks=callbacks)
    _assert_same(before, _state(model))


def test_an_augment_of_the_batch_alone_is_refused_before_training():
    # "<lambda>() takes 1 positional argument but 2 were given", at the first batch
    model, X, y = _trained()
    before = _state(model)
    with pytest.raises(TypeError, match=r"augment must take two arguments.*augment\(X_batch, rng\)"):
        model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0, augment=lambda X: X)
    _assert_same(before, _state(model))


def test_an_augment_that_returns_nan_is_named_not_taken_for_a_divergence():
    # training stopped with "the loss became nan ...; try a lower learning rate"
    model, X, y = _trained()
    before = _state(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"augment returned NaN or inf \(first in row 0"):
            model.fit(X, y, loss="bce", optimizer=model.optimizer, epochs=1, verbose=0,
                      augment=lambda X, rng: X * np.nan)
    _assert_same(before, _state(model))


def test_a_fit_that_fails_before_its_first_update_leaves_the_last_fits_loss_and_optimizer():
    # model.loss became the failed call's: evaluate then scored with it, and a fresh model's
    # model.optimizer made a later divergence read as "after an update"
    model, X, y = _trained()
    before = _state(model)
    with pytest.raises(ValueError, match="augment must return an array of the batch's shape"):
        model.fit(X, y, loss="mse", optimizer="sgd", metrics=["mae"], epochs=1, verbose=0,
                  augment=lambda X, rng: X[:1])
    _assert_same(before, _state(model))
    fresh = nn.MLP([2, 1], output="sigmoid")
    with pytest.raises(ValueError, match="augment must return"):
        fresh.fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0, augment=lambda X, rng: None)
    assert not any(hasattr(fresh, name) for name in ("loss", "metrics", "optimizer"))


@pytest.mark.parametrize("make", [
    lambda: EarlyStopping(monitor="loss", restore_best="no"),
    lambda: ModelCheckpoint("model.npz", save_best_only=None),
    lambda: L2(1e-3, include_bias="yes"),
])
def test_yes_no_options_of_callbacks_and_penalties_take_only_true_or_false(make):
    # bool("no") is True: restore_best="no" restored the best weights
    with pytest.raises(TypeError, match="must be True or False"):
        make()


def test_forward_refuses_a_training_flag_that_is_not_true_or_false():
    # training="no" ran a training pass (dropout on, running statistics moved)
    model = nn.MLP([2, 4, 1], batchnorm=True, dropout=0.5)
    running = [b.copy() for _, b in model.named_buffers()]
    for flag in ("no", None, 1, np.array([True])):
        with pytest.raises(TypeError, match="^training must be True or False"):
            model.forward(np.ones((4, 2)), training=flag)
    assert all(np.array_equal(a, b) for a, b in zip(running, [b for _, b in model.named_buffers()]))
    assert model.forward(np.ones((4, 2)), training=np.True_).shape == (4, 1)


# -- meaningless results ----------------------------------------------------------------------

@pytest.mark.parametrize("eps", [3, 0.5, 1e-300, 1e-12])
def test_gradcheck_refuses_a_step_that_cannot_measure_a_slope(eps):
    # a correct backward gave errors of 0.56 (eps=3) and 1.0 (eps=1e-300): a "wrong gradient"
    model = nn.MLP([2, 3, 1], activation="tanh", rng=np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((4, 2))
    with pytest.raises(ValueError, match=r"eps must be a positive number from 1e-10 to 0\.01"):
        gradcheck(model, None, X, eps=eps)


def test_cross_entropy_does_not_suggest_a_model_of_a_trillion_classes():
    # "for 1000000000001 classes, give it 1000000000001"
    with pytest.raises(ValueError, match=r"got values from 0 to 1000000000000; 1e\+12 is no class "
                                         r"index .* use loss='mse'") as err:
        nn.CrossEntropyLoss()(np.zeros((3, 3)), np.array([0, 10**12, 2]))
    assert "give it" not in str(err.value)
    with pytest.raises(ValueError, match="for 6 classes, give it 6"):  # a plausible count still
        nn.CrossEntropyLoss()(np.zeros((3, 3)), np.array([0, 5, 2]))


@pytest.mark.parametrize("weight, says", [
    (np.array([1.0, -1.0, 1.0, 1.0]), r"weight must be non-negative .*got -1 for sample 1$"),
    (np.zeros(4), "weight is all zeros, so no sample would count"),
    (np.ones(3), r"weight must hold one weight per sample of pred, shape \(4,\); got shape \(3,\)$"),
])
def test_a_bad_loss_weight_says_what_is_wrong_with_it(weight, says):
    # every case said "got shape (4,)", the right shape; the words are fit's sample_weight's
    with pytest.raises(ValueError, match="^" + says):
        nn.MSELoss()(np.zeros((4, 1)), np.zeros(4), weight=weight)


def test_one_hot_of_float16_labels_does_not_overflow():
    # comparing float16 labels with 100,000 classes warned "overflow encountered in cast"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert data.one_hot(np.array([0, 2, 1], dtype=np.float16)).shape == (3, 3)


# -- paths ----------------------------------------------------------------------------------

def test_an_empty_path_is_refused_not_read_as_the_current_folder(tmp_path, monkeypatch):
    # save("") raised pathlib's "PosixPath('.') has an empty name"; load("") "Is a directory: '.'"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="^path is empty"):
        nn.Sequential(nn.Dense(2, 1)).save("")
    with pytest.raises(ValueError, match="^path is empty"):
        neuralab.load("")
    with pytest.raises(IsADirectoryError, match="cannot save to /: / is a folder"):
        nn.Sequential(nn.Dense(2, 1)).save("/")
    assert not any(tmp_path.iterdir())


def test_loading_a_folder_says_to_name_the_file_in_it(tmp_path):
    with pytest.raises(IsADirectoryError, match=r"cannot load .*: it is a folder; give the model file"):
        neuralab.load(tmp_path)


def test_a_long_file_name_is_saved_though_its_temporary_twin_would_be_too_long(tmp_path):
    # the temporary file ".<name>.<32 hex>.tmp" passed the 255 characters a name may have
    path = tmp_path / ("m" * 250 + ".npz")
    assert nn.Sequential(nn.Dense(2, 1)).save(path) == path
    assert isinstance(neuralab.load(path), nn.Sequential)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
