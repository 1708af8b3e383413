"""A PyTorch user's habits with models, optimizers and schedules: what does the same job here, or
a message that names it, where Python's bare TypeError or AttributeError said nothing."""
import inspect
import json

import numpy as np
import pytest
import torch

import neuralab
from neuralab import nn, optim
from neuralab.train import ReduceLROnPlateau, clip_grad_norm_
from fresh_python import printed_by_fresh_python


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


@pytest.mark.parametrize("name, way", [("CosineAnnealingLR", r"CosineAnnealingWarmRestarts\(opt, T_0=epochs\)"),
                                       ("OneCycleLR", r"LinearWarmup\(opt, warmup_steps, after="),
                                       ("LinearLR", r"LinearWarmup\(opt, warmup_steps=total_iters, start_factor"),
                                       ("SequentialLR", r"LinearWarmup\(opt, warmup_steps, after=scheduler\)"),
                                       ("ReduceLROnPlateau", r"neuralab\.train\.ReduceLROnPlateau, a fit callback"),
                                       ("lr_scheduler", r"the schedulers in neuralab\.optim itself: optim\.StepLR")])
def test_torch_scheduler_names_point_to_what_does_their_job(name, way):
    with pytest.raises(AttributeError, match=rf"^neuralab\.optim has no {name}: use {way}"):
        getattr(optim, name)
    with pytest.raises(AttributeError, match="has no attribute 'Rprop'"):
        optim.Rprop  # noqa: B018 - any other name: Python's own message


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
    with pytest.raises(AttributeError, match="^'Sequential' object has no attribute 'evaluation'$"):
        model.evaluation()      # anything else: Python's own message


def test_save_and_load_keep_the_whole_model_and_state_dict_the_weights_by_name(tmp_path):
    # state_dict and load_state_dict were refused, pointing here; they are tested in test_nn_state_dict.py
    model = nn.MLP([2, 3, 1])
    path = model.save(tmp_path / "model.npz")
    x = np.ones((2, 2))
    np.testing.assert_array_equal(neuralab.load(path).predict(x), model.predict(x))
    layer = nn.Dense(2, 3)
    with pytest.raises(AttributeError, match=r"nn.Sequential\(layer\).save\(path\) for a single layer"):
        layer.save_weights(tmp_path / "layer.npz")
    nn.Sequential(layer).save(tmp_path / "layer.npz")
    np.testing.assert_array_equal(neuralab.load(tmp_path / "layer.npz").predict(x), layer(x))
    assert list(layer.state_dict()) == ["weight", "bias"]


def test_import_neuralab_reaches_every_subpackage_as_import_torch_reaches_torch_optim():
    # "module 'neuralab' has no attribute 'data'" after import neuralab; a fresh interpreter,
    # as this one imported them all already
    script = ("import sys, neuralab\n"
              "assert 'numpy' not in sys.modules and 'matplotlib' not in sys.modules\n"
              "assert {'load', 'seed', 'set_default_dtype', 'data'} <= set(dir(neuralab))\n"
              "X, y = neuralab.data.load('xor', n_samples=8, seed=0)\n"
              "model = neuralab.nn.MLP([2, 3, 1])\n"
              "opt = neuralab.optim.SGD(model.parameters(), lr=0.1)\n"
              "print(neuralab.train.gradcheck(model, neuralab.nn.MSELoss(), X, y) < 1e-3,"
              " type(neuralab.classic.Perceptron(2)).__name__, neuralab.io.load is neuralab.load)\n"
              "try:\n    neuralab.torch\nexcept AttributeError as err:\n    print(err)\n")
    assert printed_by_fresh_python(script) == ["True Perceptron True", "module 'neuralab' has no attribute 'torch'"]


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
    assert L + 1 == L.item() + 1 and 2 * L == 2 * L.item()      # arithmetic: a float's
    for value in (L, L + 1e-4, sum([L, L]) * 0.5):               # micrograd's data_loss + reg_loss too
        with pytest.raises(TypeError, match=r"has no backward: here backpropagation is written out, "
                                            r"model.backward\(loss.backward\(\)\)"):
            value.backward()
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


# torch's classes and what builds their counterpart here with the keyword arguments given (the
# counterpart's other arguments as small as they go), for the walk over torch's signatures
def _torch_kw_parameter():
    return nn.Parameter(np.zeros(2), "w")


def _torch_kw_scheduler(cls, first):
    return lambda **k: cls(optim.SGD([_torch_kw_parameter()], lr=0.1), first, **k)


_TORCH_KW_COUNTERPARTS = {
    "Linear": (torch.nn.Linear, lambda **k: nn.Dense(2, 3, **k)),
    "Softmax": (torch.nn.Softmax, nn.Softmax),
    "ReLU": (torch.nn.ReLU, nn.ReLU),
    "LeakyReLU": (torch.nn.LeakyReLU, nn.LeakyReLU),
    "Dropout": (torch.nn.Dropout, nn.Dropout),
    "BatchNorm1d": (torch.nn.BatchNorm1d, lambda **k: nn.BatchNorm1d(4, **k)),
    "SGD": (torch.optim.SGD, lambda **k: optim.SGD([_torch_kw_parameter()], **k)),
    "Adam": (torch.optim.Adam, lambda **k: optim.Adam([_torch_kw_parameter()], **k)),
    "AdamW": (torch.optim.AdamW, lambda **k: optim.AdamW([_torch_kw_parameter()], **k)),
    "RMSprop": (torch.optim.RMSprop, lambda **k: optim.RMSprop([_torch_kw_parameter()], **k)),
    "StepLR": (torch.optim.lr_scheduler.StepLR, _torch_kw_scheduler(optim.StepLR, 2)),
    "CosineAnnealingWarmRestarts": (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts,
                                    _torch_kw_scheduler(optim.CosineAnnealingWarmRestarts, 2)),
    "LinearLR": (torch.optim.lr_scheduler.LinearLR, _torch_kw_scheduler(optim.LinearWarmup, 2)),
}


@pytest.mark.parametrize("name", list(_TORCH_KW_COUNTERPARTS))
def test_every_keyword_of_torch_s_class_is_taken_with_torch_s_default_or_answered(name):
    # walks torch's own signature, so that a keyword a new torch adds shows up here
    torch_class, build = _TORCH_KW_COUNTERPARTS[name]
    ours = build()
    taken = inspect.signature(type(ours).__init__).parameters
    for keyword, p in inspect.signature(torch_class).parameters.items():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if keyword in taken:      # the same name means the same option, with torch's default
            # (or None for one torch requires: a default only for an answer, T_max's for T_0,
            # and refused when left out, as test_a_cosine_schedule_without_t_0... shows)
            required_here = p.default is p.empty and taken[keyword].default is None
            assert taken[keyword].default == p.default or required_here, (name, keyword)
            continue
        value = None if p.default is p.empty else p.default
        with pytest.raises(TypeError, match=rf"^{type(ours).__name__}\(\) got an unexpected keyword argument "
                                            rf"'{keyword}' \(.+\); it takes") as caught:
            build(**{keyword: value})
        assert "did you mean" not in str(caught.value)     # an answer, not a guess at a typo


@pytest.mark.parametrize("build, keyword, value, way", [
    (nn.Softmax, "dim", 1, r"torch's dim is axis here: Softmax\(axis=1\)"),
    (nn.LeakyReLU, "negative_slope", 0.1, r"torch's negative_slope is alpha here: LeakyReLU\(alpha=0.1\)"),
    (nn.ReLU, "inplace", True, r"never overwrite their input.*leave inplace out\); it takes no arguments$"),
    (nn.Dropout, "inplace", True, r"never overwrite their input.*; it takes p, rng$"),
    (lambda **k: nn.Dense(2, 3, **k), "device", "cpu", r"there is no device: leave it out"),
    (lambda **k: nn.Dense(2, 3, **k), "dtype", torch.float64,
     r"neuralab\.set_default_dtype\(np\.float64\) before building the layer, or layer\.to\(np\.float64\) after"),
    (lambda **k: nn.BatchNorm1d(8, **k), "affine", False,
     r"to keep them at 1 and 0, as affine=False does, leave bn\.parameters\(\) out of the optimizer"),
    (lambda **k: nn.BatchNorm1d(8, **k), "bias", False, r"leave bn\.bias out of the optimizer"),
    (lambda **k: nn.BatchNorm1d(8, **k), "track_running_stats", False,
     r"batch statistics in evaluation too, is not supported"),
    (lambda **k: optim.SGD(nn.Dense(2, 1).parameters(), lr=0.1, **k), "maximize", True,
     r"minimise: to maximise an objective J, minimise -J"),
    (lambda **k: optim.Adam(nn.Dense(2, 1).parameters(), **k), "foreach", True, r"one flat array"),
    (lambda **k: optim.AdamW(nn.Dense(2, 1).parameters(), **k), "fused", True, r"one flat array"),
    (lambda **k: optim.RMSprop(nn.Dense(2, 1).parameters(), **k), "capturable", True, r"CUDA graphs"),
    (lambda **k: optim.SGD(nn.Dense(2, 1).parameters(), lr=0.1, **k), "differentiable", True,
     r"no gradient through a step"),
])
def test_torch_keywords_of_layers_and_optimizers_name_the_way_here(build, keyword, value, way):
    # nn.Softmax(dim=1): "Softmax.__init__() got an unexpected keyword argument 'dim'", no more
    with pytest.raises(TypeError, match=rf"got an unexpected keyword argument '{keyword}' \(.*{way}"):
        build(**{keyword: value})


@pytest.mark.parametrize("build, keyword", [
    (nn.ReLU, "bias"), (nn.Dropout, "affine"), (nn.Tanh, "track_running_stats"),
    (lambda **k: nn.Dense(2, 3, **k), "dim"), (nn.Softmax, "negative_slope"),
])
def test_one_torch_layer_s_keyword_given_to_another_gets_python_s_words_alone(build, keyword):
    # ReLU(bias=False) was answered "(BatchNorm1d here always has β ...)": the way of another layer
    with pytest.raises(TypeError, match=rf"^\w+\(\) got an unexpected keyword argument '{keyword}'; it takes"):
        build(**{keyword: False})


def test_ways_named_for_dim_and_negative_slope_give_torch_s_results(float64):
    x = np.random.default_rng(0).standard_normal((3, 4, 5))
    np.testing.assert_allclose(nn.Softmax(axis=1)(x), torch.nn.Softmax(dim=1)(torch.tensor(x)).numpy(),
                               rtol=1e-12, atol=0)
    np.testing.assert_allclose(nn.LeakyReLU(alpha=0.1)(x),
                               torch.nn.LeakyReLU(negative_slope=0.1)(torch.tensor(x)).numpy(), rtol=0, atol=0)


@pytest.mark.parametrize("name, options", [("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {"lr": 0.1}),
                                           ("RMSprop", {"lr": 0.01, "momentum": 0.5})])
def test_minimising_minus_j_is_torch_s_maximize(float64, name, options):
    # the way the maximize answer names: -dJ/dθ given to a minimiser takes torch's steps
    grads = np.random.default_rng(1).standard_normal((4, 3))
    ours = nn.Parameter(np.ones(3), "w")
    theirs = torch.ones(3, dtype=torch.float64, requires_grad=True)
    ours_opt = getattr(optim, name)([ours], **options)
    theirs_opt = getattr(torch.optim, name)([theirs], maximize=True, **options)
    for g in grads:
        ours.grad = -g
        ours_opt.step()
        theirs.grad = torch.tensor(g)
        theirs_opt.step()
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12, atol=0)


def test_a_batchnorm_left_out_of_the_optimizer_is_torch_s_affine_false(float64):
    rng = np.random.default_rng(2)
    model = nn.Sequential(nn.Dense(3, 4, rng=rng), nn.BatchNorm1d(4), nn.Dense(4, 1, rng=rng))
    bn = model[1]
    trained = [p for p in model.parameters() if not any(p is q for q in bn.parameters())]
    X, y = rng.standard_normal((16, 3)), rng.standard_normal(16)
    with pytest.warns(UserWarning, match=r"BatchNorm1d\(4\) is frozen .* its running statistics move"):
        model.fit(X, y, loss="mse", optimizer=optim.SGD(trained, lr=0.1), epochs=3, batch_size=8, verbose=0)
    theirs = torch.nn.BatchNorm1d(4, affine=False, dtype=torch.float64).eval()
    theirs.running_mean[:], theirs.running_var[:] = torch.tensor(bn.running_mean), torch.tensor(bn.running_var)
    z = rng.standard_normal((5, 4))
    np.testing.assert_allclose(bn(z), theirs(torch.tensor(z)).detach().numpy(), rtol=1e-12, atol=1e-15)
    assert not np.array_equal(bn.running_mean, 0)      # it did train


def test_batchnorm_momentum_none_is_torch_s_cumulative_average_and_not_supported():
    with pytest.raises(TypeError, match=r"^momentum=None, torch's cumulative average of all batches, is not "
                                        r"supported: .* a number in \[0, 1\] \(0\.1 by default\)$"):
        nn.BatchNorm1d(8, momentum=None)


def test_an_activation_given_a_positional_argument_still_says_it_takes_none():
    with pytest.raises(TypeError, match=r"^ReLU\(\) takes no arguments$"):
        nn.ReLU(True)


@pytest.mark.parametrize("name, build, keyword, way", [
    ("StepLR", lambda o, **k: optim.StepLR(o, 2, gamma=0.5, **k), "last_epoch",
     r"to resume one, build it as before and load what its state_dict\(\) gave"),
    ("CosineAnnealingWarmRestarts", lambda o, **k: optim.CosineAnnealingWarmRestarts(o, T_0=3, **k), "verbose",
     r"schedulers print nothing: scheduler\.get_last_lr\(\)"),
    ("LinearWarmup", lambda o, **k: optim.LinearWarmup(o, start_factor=0.5, **k), "total_iters",
     r"torch's total_iters is warmup_steps here: LinearWarmup\(opt, warmup_steps=5\)"),
    ("LinearWarmup", lambda o, **k: optim.LinearWarmup(o, 3, start_factor=1.0, **k), "end_factor",
     r"another end is not supported"),
])
def test_torch_scheduler_keywords_are_answered_before_the_optimizer_s_lr_changes(name, build, keyword, way):
    # StepLR(opt, 2, last_epoch=-1): "StepLR.__init__() got an unexpected keyword argument ..."
    _, opt = _model_and_optimizer()
    with pytest.raises(TypeError, match=rf"^{name}\(\) got an unexpected keyword argument '{keyword}' \(.*{way}"):
        build(opt, **{keyword: 0.5})
    assert (opt.lr, opt.initial_lr) == (0.1, None)       # as it was: a scheduler built records initial_lr


def test_a_warm_up_without_its_steps_says_it_needs_them():
    # warmup_steps has a default only for total_iters' answer: left out, it said "got NoneType None"
    _, opt = _model_and_optimizer()
    with pytest.raises(TypeError, match=r"^LinearWarmup\(\) needs warmup_steps, the number of steps the lr "
                                        r"rises over, e\.g\. LinearWarmup\(opt, warmup_steps=5\)$"):
        optim.LinearWarmup(opt, start_factor=0.5)
    assert (opt.lr, opt.initial_lr) == (0.1, None)
    optim.LinearWarmup(opt, warmup_steps=5, start_factor=0.5)    # the way it names
    assert opt.lr == pytest.approx(0.05)


def test_a_cosine_schedule_given_t_max_or_without_t_0_names_t_0():
    # CosineAnnealingWarmRestarts(opt, T_max=10), CosineAnnealingLR's habit, said only that T_0
    # was missing; the way named, T_0=10, is torch's CosineAnnealingLR(T_max=10) until the restart
    _, opt = _model_and_optimizer()
    with pytest.raises(TypeError, match=r"^CosineAnnealingWarmRestarts\(\) got an unexpected keyword argument "
                                        r"'T_max' \(T_max is torch's CosineAnnealingLR's.*this scheduler's "
                                        r"period is T_0.*CosineAnnealingWarmRestarts\(opt, T_0=10\)"):
        optim.CosineAnnealingWarmRestarts(opt, T_max=10)
    with pytest.raises(TypeError, match=r"^CosineAnnealingWarmRestarts\(\) needs T_0, the steps to its first "
                                        r"restart, e\.g\. CosineAnnealingWarmRestarts\(opt, T_0=10\)$"):
        optim.CosineAnnealingWarmRestarts(opt, eta_min=0.01)
    assert (opt.lr, opt.initial_lr) == (0.1, None)
    ours = optim.CosineAnnealingWarmRestarts(opt, T_0=10, eta_min=0.01)
    weight = torch.zeros(1, requires_grad=True)
    theirs = torch.optim.lr_scheduler.CosineAnnealingLR(torch.optim.SGD([weight], lr=0.1), T_max=10, eta_min=0.01)
    lrs = []
    for _ in range(10):
        lrs.append((opt.lr, theirs.get_last_lr()[0]))
        ours.step(), theirs.optimizer.step(), theirs.step()
    np.testing.assert_allclose(*zip(*lrs), rtol=1e-12)


def test_a_torch_optimizer_given_to_fit_is_named_with_neuralab_s_own():
    # fit(optimizer=torch.optim.SGD(...)) said "got SGD": torch's, and what to pass, unsaid
    model = nn.MLP([2, 3, 1])
    before = [p.data.copy() for p in model.parameters()]
    X, y = np.random.default_rng(0).standard_normal((8, 2)), np.arange(8) % 2
    torch_params = torch.nn.Linear(2, 1).parameters()
    for given, way in ((torch.optim.SGD(torch_params, lr=0.1), (r"optim\.SGD\(model\.parameters\(\), lr=0\.1\), "
                                                              r"or its name, optimizer='sgd'$")),
                       (torch.optim.RMSprop, (r"optim\.RMSProp\(model\.parameters\(\)\), or its name, "
                                              r"optimizer='rmsprop'$")),
                       (torch.optim.ASGD, (r"neuralab has no ASGD: pass one of its optimizers by name, "
                                              r"sgd, .*, or built, optim\.Adam\(model\.parameters\(\)\)$"))):
        with pytest.raises(TypeError, match=r"^optimizer must be a neuralab Optimizer or its name, got torch's "
                                            r"\w+, a PyTorch optimizer, which updates torch tensors, not a neuralab "
                                            r"model's arrays.*" + way):
            model.fit(X, y, loss="bce_logits", optimizer=given, epochs=1, verbose=0)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
    model.fit(X, y, loss="bce_logits", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=1, verbose=0)


def test_cross_entropy_s_ignore_index_is_answered_with_weights_of_zero_that_give_torch_s_loss(float64):
    with pytest.raises(TypeError, match=r"^CrossEntropyLoss\(\) got an unexpected keyword argument 'ignore_index' "
                                        r"\(give the samples to ignore a weight of 0 at each call"):
        nn.CrossEntropyLoss(ignore_index=-100)
    rng = np.random.default_rng(0)
    z, y = rng.standard_normal((6, 3)), np.array([0, 2, -100, 1, -100, 2])
    w = (y != -100) * 1.0                       # the way the message gives
    loss = nn.CrossEntropyLoss()
    ours = loss(z, np.where(w > 0, y, 0), weight=w)
    logits = torch.tensor(z, requires_grad=True)
    theirs = torch.nn.CrossEntropyLoss(ignore_index=-100)(logits, torch.tensor(y))
    theirs.backward()
    assert float(ours) == pytest.approx(theirs.item(), rel=1e-12)
    np.testing.assert_allclose(loss.backward(), logits.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_neuralab_save_names_model_save():
    # torch.save(model, path): "module 'neuralab' has no attribute 'save'"
    with pytest.raises(AttributeError, match=r"^neuralab has no save: model\.save\(path\) writes the model"):
        neuralab.save  # noqa: B018
