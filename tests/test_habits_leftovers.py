"""The PyTorch and Keras habits two reviews found still ending in a bare Python error or a silent
surprise: each is answered in one line that names what to write here (and what it names works),
or, where a user would expect it, works as in torch (norm_type="inf", drop_last=True)."""
import warnings

import numpy as np
import pytest
import torch

import neuralab
from neuralab import data, nn, optim, train


def _model():
    return nn.MLP([2, 3, 1], rng=np.random.default_rng(0))


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


# -- 1. what goes where a list of neuralab Parameters goes --------------------------------------

@pytest.mark.parametrize("build, example", [
    (lambda ps: optim.SGD(ps, lr=0.1), r"optim\.SGD\(model\.parameters\(\)\)"),
    (lambda ps: train.clip_grad_norm_(ps, 1.0), r"clip_grad_norm_\(model\.parameters\(\), max_norm\)"),
])
def test_named_parameters_pairs_are_answered_with_parameters_and_the_way_named_works(build, example):
    model = _model()
    with pytest.raises(TypeError, match=r"^params\[0\] must be an nn\.Parameter, got a \(name, Parameter\) pair, "
                                        rf"as model\.named_parameters\(\) gives them: pass model\.parameters\(\), "
                                        rf"e\.g\. {example}, or the Parameters of the pairs, "
                                        r"\[p for _, p in model\.named_parameters\(\)\]$"):
        build(model.named_parameters())
    opt = optim.SGD([p for _, p in model.named_parameters()], lr=0.1)
    assert opt.params == model.parameters()


@pytest.mark.parametrize("build", [lambda ps: optim.Adam(ps), lambda ps: train.clip_grad_value_(ps, 1.0)])
def test_a_torch_modules_parameters_are_told_apart_from_neuralabs(build):
    module = torch.nn.Linear(2, 1)
    with pytest.raises(TypeError, match=r"^params\[0\] must be an nn\.Parameter, got torch's Parameter, a PyTorch "
                                        r"tensor, not a neuralab Parameter: pass a neuralab model's, e\.g\. "):
        build(module.parameters())
    with pytest.raises(TypeError, match=r"got ndarray$"):   # anything else: its type, as before
        build([np.zeros(3)])


# -- 2. arithmetic on a Parameter: torch's p -= lr * p.grad -------------------------------------

_STEP = r"p\.data -= lr \* p\.grad$"


def _step(p):
    p -= 0.1 * p.grad                       # torch's update, on the name p of this function alone


@pytest.mark.parametrize("operation, symbol", [
    (_step, "-"),
    (lambda p: p - 0.1 * p.grad, "-"), (lambda p: np.ones(p.shape) - p, "-"),
    (lambda p: np.float32(0.5) * p, r"\*"), (lambda p: p * 2, r"\*"), (lambda p: p + p, r"\+"),
    (lambda p: p / 2, "/"), (lambda p: np.ones((1, 2)) @ p, "@"), (lambda p: p ** 2, r"\*\*"), (lambda p: -p, "-"),
])
def test_arithmetic_on_a_parameter_is_refused_with_the_update_in_place(operation, symbol):
    model = _model()
    p = model[0].weight
    p.grad = np.ones(p.shape)
    before = p.data.copy()
    with pytest.raises(TypeError, match=rf"^cannot apply {symbol} to Parameter 'weight': a Parameter is not an "
                                        rf"array: p\.data is its values, a NumPy array, to compute with, and an "
                                        rf"update writes into it in place, {_STEP[:-1]}"
                                        + (r"; micrograd's alpha \* sum\(p\*p .*$" if "*" in symbol else "$")):
        operation(p)
    assert model[0].weight is p and np.array_equal(p.data, before)


def test_the_update_in_place_named_is_torchs_step_in_float64():
    model = nn.Dense(3, 2, rng=0).to(np.float64)
    w = torch.tensor(model.weight.data, requires_grad=True)
    grad = np.random.default_rng(1).normal(size=(2, 3))
    p = model.weight
    p.grad = grad
    p.data -= 0.1 * p.grad
    w.grad = torch.tensor(grad)
    with torch.no_grad():
        w -= 0.1 * w.grad
    np.testing.assert_allclose(p.data, w.detach().numpy(), rtol=0, atol=1e-15)
    # and a Parameter still compares as the object it is: found in a list, never equal to its array
    assert p in model.parameters() and (p == p.data) is False and (p.data == p) is False


# -- 3. torch's numel and training --------------------------------------------------------------

def test_numel_is_answered_with_size_which_is_torchs_numel():
    p = _model()[0].weight
    with pytest.raises(AttributeError, match=r"^Parameter has no numel\(\): p\.size is the number of values it "
                                             r"holds \(p\.data\.size\)$"):
        p.numel()
    assert p.size == torch.nn.Linear(2, 3).weight.numel() == 6


def test_model_training_is_answered_as_train_and_eval_are():
    model = _model()
    with pytest.raises(AttributeError, match=r"^Sequential has no training: the mode is chosen per call, not "
                                             r"stored: model\(x\), predict") as refused:
        model.training
    assert (refused.value.name, refused.value.obj) == ("training", model)
    with pytest.raises(AttributeError) as as_eval:
        model.eval()
    assert str(refused.value).split(": ", 1)[1] == str(as_eval.value).split(": ", 1)[1]


# -- 4. seeding ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["manual_seed", "set_random_seed"])
def test_seeding_habits_are_answered_with_neuralab_seed_which_repeats_a_run(name):
    with pytest.raises(AttributeError, match=rf"^neuralab has no {name}: neuralab\.seed\(0\) seeds what neuralab "
                                             r"draws from: initial weights, fit's shuffling and dropout"):
        getattr(neuralab, name)
    runs = []
    for _ in range(2):
        neuralab.seed(0)
        X, y = data.moons(64, noise=0.2)
        model = nn.MLP([2, 8, 1], output="sigmoid", dropout=0.2)
        model.fit(X, y, loss="bce", optimizer="adam", epochs=2, batch_size=16, verbose=0)
        runs.append(_weights(model))
    assert all(np.array_equal(a, b) for a, b in zip(*runs))


# -- 5. gradient clipping: torch.nn.utils, and norm_type as a string ------------------------------

def test_nn_utils_is_answered_with_trains_clipping():
    with pytest.raises(AttributeError, match=r"^neuralab\.nn has no utils: gradient clipping is fit's: .*"
                                             r"train\.clip_grad_norm_\(params, 1\.0\)"):
        nn.utils.clip_grad_norm_
    assert callable(train.clip_grad_norm_) and callable(train.clip_grad_value_)


@pytest.mark.parametrize("norm_type", ["inf", "Inf", "2", "1.5"])
def test_norm_type_as_a_string_clips_as_torch_does(norm_type):
    grads = np.random.default_rng(0).normal(size=(2, 3)) * 3, np.random.default_rng(1).normal(size=3)
    ours = [nn.Parameter(np.zeros_like(g)) for g in grads]
    theirs = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, t, g in zip(ours, theirs, grads):
        p.grad, t.grad = g.copy(), torch.tensor(g)
    total = train.clip_grad_norm_(ours, 1.0, norm_type=norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type=norm_type)
    assert total == pytest.approx(float(expected), rel=1e-14)
    assert train.grad_norm(ours, norm_type) <= 1.0
    for p, t in zip(ours, theirs):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-14, atol=0)


@pytest.mark.parametrize("norm_type", ["fro", "-inf", "nan", ""])
def test_a_string_that_is_no_positive_norm_is_refused_and_nothing_clipped(norm_type):
    p = nn.Parameter(np.zeros(2))
    p.grad = np.array([30.0, 40.0])
    with pytest.raises(ValueError, match="norm_type must be a positive number or inf"):
        train.clip_grad_norm_([p], 1.0, norm_type=norm_type)
    assert p.grad.tolist() == [30.0, 40.0]


# -- 7. Keras's to_categorical, torch's drop_last ---------------------------------------------------

def test_data_to_categorical_is_answered_with_one_hot():
    with pytest.raises(AttributeError, match=r"^neuralab\.data has no to_categorical: .*data\.one_hot\(y\) makes "
                                             r"\(Keras's to_categorical\)$"):
        data.to_categorical
    assert data.one_hot(np.array([0, 2, 1])).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]


@pytest.mark.parametrize("m, batch_size", [(12, 4), (10, 4), (33, 32), (7, 1), (64, 64), (5, 5)])
def test_drop_last_leaves_out_the_short_batch_as_a_dataloader_does(m, batch_size):
    X, y = np.arange(m * 2, dtype=float).reshape(m, 2), np.arange(m)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(X)),
                                         batch_size=batch_size, shuffle=True, drop_last=True)
    ours = data.batches(X, y, batch_size, rng=0, drop_last=True)
    assert len(ours) == len(loader)
    for _ in range(2):
        sizes = [len(yb) for _, yb in ours]
        assert sizes == [len(xb) for (xb,) in loader] == [batch_size] * (m // batch_size)
    in_order = [yb.tolist() for _, yb in data.batches(X, y, batch_size, shuffle=False, drop_last=True)]
    assert sum(in_order, []) == list(range(m - m % batch_size))


def test_drop_last_lets_a_batchnorm_loop_train_where_the_batch_of_one_is_refused():
    X = np.random.default_rng(0).normal(size=(33, 2))
    y = X[:, :1] * 2
    model = nn.Sequential(nn.Dense(2, 4, rng=0), nn.BatchNorm1d(4), nn.ReLU(), nn.Dense(4, 1, rng=1))
    opt, loss = optim.SGD(model.parameters(), lr=0.1), nn.MSELoss()
    with pytest.raises(ValueError, match=r"BatchNorm1d expected more than 1 value per channel"):
        for xb, yb in data.batches(X, y, 32, rng=0):
            model.forward(xb, training=True)
    for _ in range(3):
        for xb, yb in data.batches(X, y, 32, rng=0, drop_last=True):
            loss(model.forward(xb, training=True), yb)
            model.backward(loss.backward())
            opt.step()
            opt.zero_grad()
    assert opt.t == 3


def test_drop_last_that_would_leave_no_batch_is_refused():
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match=r"^drop_last=True leaves no batch of batch_size=11 from the 10 samples of "
                                         r"X, and a loop over none trains on nothing: give a batch_size of at most 10$"):
        data.batches(X, batch_size=11, drop_last=True)
    with pytest.raises(ValueError, match="drop_last must be True or False"):
        data.batches(X, batch_size=2, drop_last="yes")
    assert len(data.batches(X, batch_size=10, drop_last=True)) == 1


# -- 8. save under another library's file name ------------------------------------------------------

@pytest.mark.parametrize("name, what", [("m.keras", "a Keras model file"), ("m.h5", r"an HDF5 file \(Keras's\)"),
                                        ("m.weights.h5", r"an HDF5 file \(Keras's\)"), ("m.pt", "a PyTorch file")])
def test_saving_under_a_keras_or_torch_name_warns_of_the_file_written(tmp_path, name, what):
    model = _model()
    given = tmp_path / name
    with pytest.warns(UserWarning, match=rf"^saved to {tmp_path / name}\.npz, neuralab's own format \(a NumPy "
                                         rf"\.npz archive\), not {what} as the name {name} says; "
                                         rf"neuralab\.load\('.*{name}'\) reads it back \(name it "
                                         rf"{given.stem}\.npz to say what it is\)$") as caught:
        written = model.save(given)
    assert len(caught) == 1 and caught[0].filename == __file__
    assert written == tmp_path / f"{name}.npz" and sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.npz"]
    X = np.random.default_rng(0).normal(size=(5, 2)).astype(np.float32)
    assert np.array_equal(neuralab.load(given).predict(X), model.predict(X))


@pytest.mark.parametrize("name, written", [("model", "model.npz"), ("m.npz", "m.npz"), ("m.json", "m.json.npz")])
def test_saving_under_any_other_name_says_nothing(tmp_path, name, written):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _model().save(tmp_path / name) == tmp_path / written


# -- 9. optimizers: built with no parameters, and named but not here ---------------------------------

@pytest.mark.parametrize("cls", [optim.SGD, optim.Adam, optim.AdamW, optim.RMSProp, optim.Adagrad])
def test_an_optimizer_built_with_no_params_says_what_to_pass(cls):
    name = cls.__name__
    with pytest.raises(TypeError, match=rf"^optim\.{name}\(\) needs params, the parameters it updates: build it "
                                        rf"after the model, opt = optim\.{name}\(model\.parameters\(\)\), and give "
                                        r"it to fit\(\.\.\., optimizer=opt\) or step it in a loop of your own$"):
        cls(lr=0.01)
    with pytest.raises(TypeError, match=r"lr=0\.1\)"):   # Keras's keyword is answered first, as before
        cls(learning_rate=0.1)
    model = _model()
    assert cls(params=model.parameters()).params == cls(model.parameters()).params == model.parameters()


@pytest.mark.parametrize("name, kind, way", [("nadam", "NAdam", r"optim\.Adam \(NAdam is Adam with Nesterov momentum\)"),
                                             ("Adamax", "Adamax", r"optim\.Adam: Adamax is Adam"),
                                             ("adadelta", "Adadelta", r"optim\.RMSProp"),
                                             ("radam", "RAdam", r"optim\.Adam with a warm-up")])
def test_fit_with_an_optimizer_neuralab_lacks_says_so_and_lists_its_own(name, kind, way):
    model = _model()
    before = _weights(model)
    X, y = np.ones((8, 2)), np.zeros((8, 1))
    with pytest.raises(ValueError, match=rf"^unknown optimizer '{name}': neuralab has no {kind}; use {way}.*; "
                                         r"valid names: sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad$") as refused:
        model.fit(X, y, loss="mse", optimizer=name, epochs=1, verbose=0)
    assert "did you mean" not in str(refused.value)
    assert all(np.array_equal(a, b) for a, b in zip(before, _weights(model)))
    with pytest.raises(ValueError, match=r"^unknown optimizer 'adma'; did you mean 'adam'\? valid names"):
        optim.get("adma", model.parameters())     # a misspelling is still one


@pytest.mark.parametrize("device", ["cpu", "cuda:0", "mps"])
def test_a_torch_device_given_to_to_is_told_there_is_none_and_the_model_is_unchanged(device):
    model = nn.MLP([2, 3, 1], rng=0)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError, match=rf"^dtype must be np\.float32 or np\.float64, got '{device}', a torch "
                                        r"device: neuralab computes with NumPy on the CPU, so there is no device"):
        model.to(device)
    assert all(p.data.dtype == b.dtype and np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    assert model.to("float64")[0].weight.data.dtype == np.float64   # a dtype's name still works
