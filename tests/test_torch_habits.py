"""A PyTorch user's habits with models, optimizers and schedules: what does the same job here, or
a message that names it, where Python's bare TypeError or AttributeError said nothing."""
import json
import subprocess
import sys

import numpy as np
import pytest

import neuralab
from neuralab import nn, optim
from neuralab.train import ReduceLROnPlateau, clip_grad_norm_


def _model_and_optimizer():
    model = nn.MLP([2, 3, 1])
    return model, optim.SGD(model.parameters(), lr=0.1)


def test_zero_grad_takes_set_to_none_true_which_is_what_it_does():
    model, opt = _model_and_optimizer()
    for clear in (opt.zero_grad, model.zero_grad):
        model.forward(np.ones((2, 2)))
        model.backward(np.ones((2, 1)))
        assert all(p.has_grad for p in model.parameters())
        clear(set_to_none=True)
        assert not any(p.has_grad or p.grad.any() for p in model.parameters())
        with pytest.raises(ValueError, match=r"zero_grad\(set_to_none=False\).*call zero_grad\(\)"):
            clear(set_to_none=False)


def test_parameter_groups_and_a_lone_parameter_are_named():
    model, opt = _model_and_optimizer()
    with pytest.raises(AttributeError, match=r"SGD has no param_groups: its learning rate is optimizer\.lr"):
        opt.param_groups[0]["lr"] = 0.5
    assert opt.lr == 0.1
    with pytest.raises(TypeError, match=r"params\[0\] is a dict: there are no parameter groups here; build "
                                        r"one optimizer per group"):
        optim.Adam([{"params": model.parameters(), "lr": 0.01}])
    weight = model[0].weight
    with pytest.raises(TypeError, match=r"params is one Parameter: pass a list of them, \[p\]"):
        optim.SGD(weight, lr=0.1)
    with pytest.raises(TypeError, match=r"params is one Parameter"):
        clip_grad_norm_(weight, 1.0)


@pytest.mark.parametrize("name, way", [("ExponentialLR", r"StepLR\(opt, step_size=1, gamma=γ\)"),
                                       ("CosineAnnealingLR", r"CosineAnnealingWarmRestarts\(opt, T_0=epochs\)"),
                                       ("OneCycleLR", r"LinearWarmup\(opt, warmup_steps, after="),
                                       ("ReduceLROnPlateau", r"neuralab\.train\.ReduceLROnPlateau, a fit callback"),
                                       ("lr_scheduler", r"the schedulers are in neuralab\.optim itself")])
def test_torch_scheduler_names_point_to_what_does_their_job(name, way):
    with pytest.raises(AttributeError, match=rf"^neuralab\.optim has no {name}: use {way}"):
        getattr(optim, name)
    with pytest.raises(AttributeError, match="has no attribute 'Adagrad'"):
        optim.Adagrad  # noqa: B018 - any other name: Python's own message


def test_reduce_lr_on_plateau_given_the_optimizer_says_it_is_a_fit_callback():
    _, opt = _model_and_optimizer()
    with pytest.raises(TypeError, match=r"ReduceLROnPlateau is a fit callback: .*monitor='val_loss'.*"
                                        r"lower optimizer\.lr"):
        ReduceLROnPlateau(opt)


@pytest.mark.parametrize("name", ["eval", "train"])
def test_train_and_eval_say_the_mode_is_chosen_per_call_and_that_way_works(name):
    # AttributeError: 'Sequential' object has no attribute 'eval'
    model = nn.MLP([2, 8, 1], dropout=0.5)
    with pytest.raises(AttributeError, match=rf"^Sequential has no {name}\(\): the mode is chosen per call"):
        getattr(model, name)()
    with pytest.raises(AttributeError, match=r"^Dense has no eval\(\): .*model.forward\(x, training=True\)"):
        model[0].eval()
    x = np.random.default_rng(0).standard_normal((4, 2))
    np.testing.assert_array_equal(model(x), model.predict(x))     # evaluation: no dropout, as said
    assert not np.array_equal(model.forward(x, training=True), model(x))   # training: dropout
    with pytest.raises(AttributeError, match="^'Sequential' object has no attribute 'cuda'$"):
        model.cuda()      # anything else: Python's own message


def test_state_dict_points_to_save_and_load_and_that_way_works(tmp_path):
    model = nn.MLP([2, 3, 1])
    for name in ("state_dict", "load_state_dict"):
        with pytest.raises(AttributeError, match=rf"^Sequential has no {name}\(\): model.save\(path\) writes"):
            getattr(model, name)
    path = model.save(tmp_path / "model.npz")
    x = np.ones((2, 2))
    np.testing.assert_array_equal(neuralab.load(path).predict(x), model.predict(x))
    layer = nn.Dense(2, 3)
    with pytest.raises(AttributeError, match=r"nn.Sequential\(layer\).save\(path\) for a single layer"):
        layer.state_dict()
    nn.Sequential(layer).save(tmp_path / "layer.npz")
    np.testing.assert_array_equal(neuralab.load(tmp_path / "layer.npz").predict(x), layer(x))


def test_import_neuralab_reaches_every_subpackage_as_import_torch_reaches_torch_optim():
    # "module 'neuralab' has no attribute 'data'" after import neuralab; a fresh interpreter,
    # as this one imported them all already
    script = ("import sys, neuralab\n"
              "assert 'neuralab.train' not in sys.modules and 'matplotlib' not in sys.modules\n"
              "X, y = neuralab.data.load('xor', n_samples=8, seed=0)\n"
              "model = neuralab.nn.MLP([2, 3, 1])\n"
              "opt = neuralab.optim.SGD(model.parameters(), lr=0.1)\n"
              "print(neuralab.train.gradcheck(model, neuralab.nn.MSELoss(), X, y) < 1e-3,"
              " type(neuralab.classic.Perceptron(2)).__name__, neuralab.io.load is neuralab.load)\n"
              "try:\n    neuralab.torch\nexcept AttributeError as err:\n    print(err)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["True Perceptron True", "module 'neuralab' has no attribute 'torch'"]


def test_a_loss_value_answers_item_and_says_how_backward_goes_here():
    # a PyTorch loop: running_loss += loss.item(); loss.backward() ("'float' object has no
    # attribute 'item'", then "... no attribute 'backward'")
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(2, 3, rng=rng), nn.Tanh(), nn.Dense(3, 2, rng=rng))
    loss_fn = nn.CrossEntropyLoss()
    X, y = rng.standard_normal((8, 2)), rng.integers(0, 2, 8)
    L = loss_fn(model.forward(X, training=True), y)
    assert type(L.item()) is float and L.item() == L == loss_fn.forward(model(X), y)
    assert repr(L) == repr(L.item()) and json.dumps([L]) == json.dumps([L.item()])
    assert type(L + 1) is float and type(2 * L) is float         # arithmetic: plain floats
    with pytest.raises(TypeError, match=r"has no backward: here backpropagation is written out, "
                                        r"model.backward\(loss.backward\(\)\)"):
        L.backward()
    loss_fn(model.forward(X, training=True), y)
    model.backward(loss_fn.backward())                           # the way it names
    assert all(p.has_grad for p in model.parameters())
    with pytest.raises(AttributeError, match=r"^neuralab has no no_grad: there is no autograd to switch off"):
        neuralab.no_grad()


@pytest.mark.parametrize("module, name, way", [
    ("nn", "Linear", r"nn.Dense\(in_features, out_features\) is torch's nn.Linear"),
    ("nn", "Module", r"nn.Layer is torch's nn.Module: subclass it with forward\(x, training=False\)"),
    ("nn", "functional", r"nn.ReLU\(\).function\(z\)"),
    ("nn", "NLLLoss", "nn.CrossEntropyLoss takes the logits"),
    ("nn", "Conv2d", r"the layers here are dense ones .* X.reshape\(len\(X\), -1\)"),
    ("data", "DataLoader", r"data.batches\(X, y, batch_size=32\)"),
    ("data", "random_split", r"data.train_test_split\(X, y, test_size=0.2, seed=0\)"),
    ("data", "make_moons", r"data.moons\(n_samples, noise, seed\)"),
    ("data", "load_digits", r"data.digits\(\), or data.load\('digits'\)"),
])
def test_torch_and_scikit_learn_names_of_the_modules_say_their_form_here(module, name, way):
    package = getattr(neuralab, module)
    with pytest.raises(AttributeError, match=rf"^neuralab.{module} has no {name}: .*{way}"):
        getattr(package, name)
    with pytest.raises(AttributeError, match=rf"^module 'neuralab.{module}' has no attribute 'Nonsense'$"):
        package.Nonsense  # noqa: B018 - any other name: Python's own message


def test_the_ways_named_for_torch_and_scikit_learn_names_work():
    X, y = neuralab.data.moons(n_samples=40, noise=0.1, seed=0)
    model = nn.Sequential(*[nn.Dense(2, 4), nn.ReLU(), nn.Dense(4, 2)])     # what add() points to
    with pytest.raises(AttributeError, match=r"^Sequential has no add\(\): a Sequential is built with its layers"):
        model.add(nn.Dense(2, 2))
    for X_batch, y_batch in neuralab.data.batches(X, y, batch_size=32):    # DataLoader's job
        model.forward(X_batch, training=True)
    np.testing.assert_array_equal(nn.ReLU().function(np.array([-1.0, 2.0])), [0.0, 2.0])
    X_iris, _ = neuralab.data.iris()
    assert X_iris.shape == (150, 4)


@pytest.mark.parametrize("name, way", [("requires_grad_", r"frozen by leaving its parameters out of the optimizer"),
                                       ("numpy", r"p\.data is the values, already a NumPy array"),
                                       ("detach", r"p\.data\.copy\(\)"), ("item", r"p\.data\.item\(\)")])
def test_a_parameter_answers_torch_tensor_habits_with_the_way_here(name, way):
    # p.requires_grad_(False), p.numpy(): "'Parameter' object has no attribute ..."
    p = nn.Dense(2, 3).weight
    with pytest.raises(AttributeError, match=rf"^Parameter has no {name}\(\): .*{way}"):
        getattr(p, name)
    with pytest.raises(AttributeError, match=r"^'Parameter' object has no attribute 'nonsense'$"):
        p.nonsense
    with pytest.raises(AttributeError, match=r"^Sequential has no requires_grad_\(\): a layer is frozen"):
        nn.MLP([2, 3]).requires_grad_(False)
    # what the way says: the last layer alone trains
    model = nn.MLP([2, 4, 1])
    first = model[0].weight.data.copy()
    model.fit(np.ones((8, 2)), np.ones(8), loss="mse", optimizer=optim.SGD(model[-1].parameters(), lr=0.1),
              epochs=2, verbose=0)
    np.testing.assert_array_equal(model[0].weight.data, first)


def test_parameter_groups_in_an_iterator_or_given_to_clipping_are_named_too():
    # a generator of groups passes the list check of the optimizer; clipping has no other check
    model, _ = _model_and_optimizer()
    groups = ({"params": model.parameters(), "lr": lr} for lr in (0.01, 0.1))
    with pytest.raises(TypeError, match=r"^params\[0\] is a dict: there are no parameter groups here; "
                                        r"build one optimizer per group"):
        optim.SGD(groups, lr=0.1)
    with pytest.raises(TypeError, match=r"^params\[0\] is a dict: there are no parameter groups here"):
        clip_grad_norm_([{"params": model.parameters()}], 1.0)
