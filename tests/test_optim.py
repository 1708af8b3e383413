"""Optimizers against torch.optim: the same trajectories, dtypes kept, bad input refused."""
import copy
import glob
import os
import tracemalloc

import numpy as np
import pytest
import torch

from neuralab import optim
from neuralab.optim import blas
from neuralab.nn.checks import ArgumentTypeError
from neuralab.nn.parameter import Parameter

TORCH = {optim.SGD: torch.optim.SGD, optim.RMSProp: torch.optim.RMSprop,
         optim.Adam: torch.optim.Adam, optim.AdamW: torch.optim.AdamW}

CASES = [
    (optim.SGD, dict(lr=0.1)),
    (optim.SGD, dict(lr=0.05, weight_decay=0.1)),
    (optim.SGD, dict(lr=0.1, momentum=0.9)),
    (optim.SGD, dict(lr=0.1, momentum=0.5, dampening=0.5)),
    (optim.SGD, dict(lr=0.1, momentum=0.5, dampening=1.0)),    # b = μ b: the first gradient only
    (optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    (optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True)),
    (optim.SGD, dict(lr=0.02, momentum=0.8, nesterov=True, weight_decay=0.05)),
    (optim.RMSProp, dict()),
    (optim.RMSProp, dict(lr=0.001, alpha=0.9, eps=0.1)),
    (optim.RMSProp, dict(lr=0.01, centered=True, eps=0.01)),
    (optim.RMSProp, dict(lr=0.01, momentum=0.9, weight_decay=0.1)),
    (optim.RMSProp, dict(lr=0.003, alpha=0.8, centered=True, momentum=0.5, weight_decay=0.01, eps=0.05)),
    (optim.Adam, dict()),
    (optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=0.1)),
    (optim.Adam, dict(lr=0.01, betas=(0.0, 0.5), weight_decay=0.1)),
    (optim.Adam, dict(lr=0.05, amsgrad=True, eps=0.01)),
    (optim.Adam, dict(lr=0.01, amsgrad=True, weight_decay=0.05)),
    (optim.Adam, dict(lr=0.01, weight_decay=0.2, decoupled_weight_decay=True)),   # AdamW's rule
    (optim.AdamW, dict()),
    (optim.AdamW, dict(lr=0.01, weight_decay=0.1, eps=0.1)),
    (optim.AdamW, dict(lr=0.02, betas=(0.5, 0.9), amsgrad=True, weight_decay=0.3)),
]


def case_id(case):
    cls, kwargs = case
    return cls.__name__ + "".join(f"-{k}={v}" for k, v in kwargs.items())


def make_params(seed, dtype=np.float64):
    """Three parameters of random shapes, as neuralab Parameters and as torch leaf tensors."""
    rng = np.random.default_rng(seed)
    shapes = [tuple(rng.integers(1, 6, size=1)), tuple(rng.integers(1, 6, size=2)),
              tuple(rng.integers(1, 4, size=3))]
    arrays = [rng.standard_normal(s).astype(dtype) for s in shapes]
    ours = [Parameter(a.copy(), name=f"p{i}") for i, a in enumerate(arrays)]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    return ours, theirs


def random_gradients(seed, params, steps):
    """A fixed sequence of random gradients, one list (one array per parameter) per step."""
    rng = np.random.default_rng(seed + 1000)
    return [[rng.standard_normal(p.shape).astype(p.data.dtype) for p in params] for _ in range(steps)]


def set_gradients(ours, theirs, grads):
    for p, q, g in zip(ours, theirs, grads):
        p.grad[...] = g
        q.grad = torch.tensor(g)


def set_function_gradients(ours, theirs):
    """The gradients of f(θ) = Σ (sin(3θ) + θ²/2): by hand for ours, by autograd for torch's."""
    for p in ours:
        p.grad[...] = 3 * np.cos(3 * p.data) + p.data
    for q in theirs:
        q.grad = None
    sum((torch.sin(3 * q) + q ** 2 / 2).sum() for q in theirs).backward()


def assert_one_group(opt, dtype):
    """Every parameter, gradient and state array of ``opt`` in ``dtype``, in one flat group."""
    assert all(p.data.dtype == p.grad.dtype == dtype for p in opt.params)
    assert len(opt.state) == 1
    assert all(a.dtype == dtype for a in opt.state[0].values())


def assert_same(ours, theirs, rtol=1e-7, atol=1e-12):
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("gradient", ["random", "function"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_trajectory_matches_torch(case, gradient, seed):
    cls, kwargs = case
    ours, theirs = make_params(seed)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    grads = random_gradients(seed, ours, 30)
    for t in range(30):
        if gradient == "random":
            set_gradients(ours, theirs, grads[t])
        else:
            set_function_gradients(ours, theirs)
        grads_before = [p.grad.copy() for p in ours]
        opt.step()
        ref.step()
        assert opt.t == t + 1
        assert_same(ours, theirs)
        for p, g in zip(ours, grads_before):
            np.testing.assert_array_equal(p.grad, g)        # step reads the gradient, never changes it


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_step_allocates_no_parameter_sized_array(case):
    """The promise of optim.optimizer: updates in place, into the scratch arrays of init_state
    (a weight decay's ∇θ + λθ included), so memory stays flat however large the model."""
    cls, kwargs = case
    rng = np.random.default_rng(0)
    params = [Parameter(rng.standard_normal((300, 200))), Parameter(rng.standard_normal(200))]
    opt = cls(params, **kwargs)
    for _ in range(2):                                      # the first step allocates the state
        for p in params:
            p.grad[...] = rng.standard_normal(p.shape)
        tracemalloc.start()
        opt.step()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < sum(p.data.nbytes for p in params) / 10   # a few objects (< 1 kB), no array


def run_float32_steps(case, seed, steps=10):
    """``case``'s optimizer and torch's, each over float32 parameters, after ``steps`` steps of
    the same random gradients: (ours, theirs, opt, ref)."""
    cls, kwargs = case
    ours, theirs = make_params(seed, np.float32)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    for grads in random_gradients(seed, ours, steps):
        set_gradients(ours, theirs, grads)
        opt.step()
        ref.step()
    return ours, theirs, opt, ref


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_float32_stays_float32(case):
    ours, theirs, opt, ref = run_float32_steps(case, seed=3)
    for p in ours:
        assert p.data.dtype == np.float32 and p.grad.dtype == np.float32
    assert all(a.dtype == np.float32 for state in opt.state for a in state.values())
    assert_same(ours, theirs, rtol=1e-4, atol=1e-6)


ADAM_MEANS = {"m": "exp_avg", "v": "exp_avg_sq"}
RUNNING_MEANS = {optim.Adam: ADAM_MEANS, optim.AdamW: ADAM_MEANS,   # ours: torch's state name
                 optim.RMSProp: {"s": "square_avg", "g_avg": "grad_avg"}}


@pytest.mark.parametrize("case", [(optim.Adam, dict(betas=(0.9999, 0.999))),
                                  (optim.Adam, dict(betas=(0.999, 0.9999), weight_decay=0.1)),
                                  (optim.AdamW, dict(betas=(0.99999, 0.99999))),
                                  (optim.RMSProp, dict(alpha=0.9999, centered=True))], ids=case_id)
def test_float32_running_means_with_beta_near_one_match_torch(case):
    """m = β m + (1 − β) g with 1 − β rounded once to float32, as torch's m.lerp_(g, 1 − β): with
    β rounded first, 1 − β = 1 − 0.9999 in float32 is off by 1.7e-4 relative."""
    ours, theirs, opt, ref = run_float32_steps(case, seed=5)
    for name, torch_name in RUNNING_MEANS[case[0]].items():
        expected = np.concatenate([ref.state[q][torch_name].numpy().ravel() for q in theirs])
        np.testing.assert_allclose(opt.state[0][name], expected, rtol=1e-6,
                                   atol=1e-6 * np.abs(expected).max())


@pytest.mark.parametrize("case", [CASES[4], CASES[11], CASES[14], CASES[19]], ids=case_id)
def test_lr_set_mid_training_matches_torch(case):
    cls, kwargs = case
    ours, theirs = make_params(4)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    assert opt.lr == kwargs.get("lr", ref.param_groups[0]["lr"])
    for t, grads in enumerate(random_gradients(4, ours, 30)):
        if t in (10, 20):
            opt.lr = opt.lr * 0.3
            ref.param_groups[0]["lr"] *= 0.3
        set_gradients(ours, theirs, grads)
        opt.step()
        ref.step()
        assert_same(ours, theirs)
    assert opt.lr == pytest.approx(ref.param_groups[0]["lr"], rel=1e-15)


def test_zero_grad_and_params():
    ours, _ = make_params(5)
    opt = optim.SGD(iter(ours), lr=0.1)                     # any iterable of Parameters
    assert opt.params == ours and opt.t == 0 and opt.state == []
    for p in ours:
        p.grad[...] = 1.0
    opt.zero_grad()
    assert all(not p.grad.any() for p in ours)


def test_parameter_without_new_gradient_stays_put_after_zero_grad():
    """After zero_grad, a parameter no backward reached is not stepped with its last gradient
    (nor at all: see test_parameters_without_gradient_are_left_alone_as_torch_does)."""
    ours, _ = make_params(5)
    opt = optim.SGD(ours, lr=0.1)
    for p in ours:
        p.grad[...] = 1.0
    opt.step()
    opt.zero_grad()
    before = [p.data.copy() for p in ours]
    ours[0].accumulate(np.add, ours[0].data, 1.0)  # only the first gets a new gradient
    opt.step()
    np.testing.assert_allclose(ours[0].data, before[0] - 0.1 * (before[0] + 1.0))
    for p, b in zip(ours[1:], before[1:]):
        np.testing.assert_array_equal(p.data, b)


def test_defaults_are_torchs():
    ours, theirs = make_params(6)
    for cls in (optim.SGD, optim.RMSProp, optim.Adam, optim.AdamW):
        opt, ref = cls(ours), TORCH[cls](theirs)
        assert opt.lr == ref.defaults["lr"]
        for name in ("alpha", "eps", "weight_decay", "momentum", "dampening", "nesterov", "centered",
                     "betas", "amsgrad", "decoupled_weight_decay"):
            if name in ref.defaults:
                assert getattr(opt, name) == ref.defaults[name], (cls.__name__, name)
    assert optim.RMSprop is optim.RMSProp


@pytest.mark.parametrize("name, cls, options", [
    ("sgd", optim.SGD, dict(lr=0.01, momentum=0.0, nesterov=False)),
    ("momentum", optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=False)),
    ("Nesterov", optim.SGD, dict(lr=0.01, momentum=0.9, nesterov=True)),
    ("rmsprop", optim.RMSProp, dict(lr=0.01, alpha=0.99)),
    ("adam", optim.Adam, dict(lr=1e-3, weight_decay=0.0, decoupled_weight_decay=False)),
    ("adamw", optim.AdamW, dict(lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=True)),
])
def test_get(name, cls, options):
    ours, _ = make_params(7)
    opt = optim.get(name, ours)
    assert type(opt) is cls
    assert {k: getattr(opt, k) for k in options} == options
    assert optim.get(name, ours, lr=0.5).lr == 0.5
    assert optim.get(name, ours, 0.5, weight_decay=0.25).weight_decay == 0.25


def test_get_unknown_name_lists_the_valid_ones():
    ours, _ = make_params(8)
    with pytest.raises(ValueError, match="valid names: sgd, momentum, nesterov, rmsprop, adam, adamw, adagrad$"):
        optim.get("lbfgs", ours)


@pytest.mark.parametrize("name, meant", [("adma", "adam"), ("sdg", "sgd"), ("RMSProp_", "rmsprop")])
def test_get_unknown_name_suggests_the_nearest(name, meant):
    ours, _ = make_params(8)
    with pytest.raises(ValueError, match=f"unknown optimizer {name!r}; did you mean {meant!r}\\? valid names"):
        optim.get(name, ours)


@pytest.mark.parametrize("cls, lr", [(optim.SGD, 0.01), (optim.RMSProp, 0.01), (optim.Adam, 1e-3),
                                     (optim.AdamW, 1e-3)])
def test_get_takes_an_optimizer_class_with_the_defaults_of_its_name(cls, lr):
    # optimizer=optim.Adam, the class: SGD, which has no default lr, gets the 0.01 of "sgd"
    ours, _ = make_params(8)
    opt = optim.get(cls, ours)
    assert type(opt) is cls and opt.lr == lr and opt.params == ours
    assert optim.get(cls, ours, lr=0.5, weight_decay=0.25).weight_decay == 0.25
    with pytest.raises(ValueError, match="unknown optimizer <class 'int'>"):
        optim.get(int, ours)


@pytest.mark.parametrize("cls, kwargs, error, match", [
    (optim.SGD, dict(lr=-0.1), ValueError, "lr"),
    (optim.SGD, dict(lr=float("nan")), ValueError, "lr"),
    (optim.SGD, dict(lr="0.1"), TypeError, "lr"),
    (optim.SGD, dict(lr=0.1, momentum=1.0), ValueError, "momentum"),
    (optim.SGD, dict(lr=0.1, momentum=-0.5), ValueError, "momentum"),
    (optim.SGD, dict(lr=0.1, momentum=0.9, dampening=1.5), ValueError, "dampening"),
    (optim.SGD, dict(lr=0.1, nesterov=True), ValueError, "nesterov"),
    (optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.5, nesterov=True), ValueError, "nesterov"),
    (optim.SGD, dict(lr=0.1, weight_decay=-1e-4), ValueError, "weight_decay"),
    (optim.RMSProp, dict(alpha=1.0), ValueError, "alpha"),
    (optim.RMSProp, dict(eps=0.0), ValueError, "eps"),
    (optim.RMSProp, dict(momentum=1.2), ValueError, "momentum"),
    (optim.RMSProp, dict(weight_decay=float("inf")), ValueError, "weight_decay"),
    (optim.Adam, dict(betas=(0.9, 1.0)), ValueError, r"betas\[1\]"),
    (optim.Adam, dict(betas=(-0.1, 0.999)), ValueError, r"betas\[0\]"),
    (optim.Adam, dict(betas=0.9), TypeError, "betas"),
    (optim.Adam, dict(eps=-1e-8), ValueError, "eps"),
    (optim.AdamW, dict(lr=-1e-3), ValueError, "lr"),
    (optim.AdamW, dict(weight_decay=-0.01), ValueError, "weight_decay"),
    (optim.SGD, dict(lr=0.1, momentum=0.9, nesterov="false"), ArgumentTypeError, "nesterov"),
    (optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=1), ArgumentTypeError, "nesterov"),
    (optim.RMSProp, dict(centered="no"), ArgumentTypeError, "centered"),
    (optim.Adam, dict(amsgrad="False"), ArgumentTypeError, "amsgrad"),
    (optim.Adam, dict(decoupled_weight_decay=None), ArgumentTypeError, "decoupled_weight_decay"),
    (optim.AdamW, dict(amsgrad="True"), ArgumentTypeError, "amsgrad"),
])
def test_bad_options(cls, kwargs, error, match):
    ours, _ = make_params(9)
    with pytest.raises(error, match=match):
        cls(ours, **kwargs)


def set_some_zero_gradients(ours, theirs):
    """The same random gradients for both, every other entry of which is exactly 0 (a dead ReLU
    unit's weights get such gradients)."""
    grads = random_gradients(9, ours, 1)[0]
    for g in grads:  # not the first: a gradient of zeros, assigned in place, would count as none
        g.flat[1::2] = 0.0
    set_gradients(ours, theirs, grads)


@pytest.mark.parametrize("cls", [optim.Adam, optim.AdamW, optim.RMSProp])
def test_an_eps_float32_cannot_hold_is_refused(cls):
    """eps=1e-300 is 0 in float32, the default dtype: an entry whose gradients were all 0 stepped
    by 0/0 = NaN, as torch's does, and fit blamed the learning rate. Refused in any dtype, as
    BatchNorm1d's eps (a model can be converted later); float32's smallest positive number is
    taken, and steps as torch's."""
    ours, theirs = make_params(9, np.float32)
    set_some_zero_gradients(ours, theirs)
    TORCH[cls](theirs, eps=1e-300).step()
    assert any(torch.isnan(q).any() for q in theirs)          # what a step would have done
    for eps in [1e-300, 1e39]:                                # 0 and inf in float32
        with pytest.raises(ValueError, match="eps must be a positive number float32 holds"):
            cls(ours, eps=eps)
    state = cls(ours).state_dict()
    state["param_groups"][0]["eps"] = 1e-300
    with pytest.raises(ValueError, match="eps must be a positive number float32 holds"):
        cls(ours).load_state_dict(state)
    for dtype in [np.float32, np.float64]:
        ours, theirs = make_params(9, dtype)
        opt, ref = cls(ours, eps=1.5e-45), TORCH[cls](theirs, eps=1.5e-45)
        set_some_zero_gradients(ours, theirs)
        opt.step()
        ref.step()
        assert all(np.isfinite(p.data).all() for p in ours)
        assert_same(ours, theirs, *((1e-6, 1e-7) if dtype is np.float32 else ()))


def test_switches_take_numpy_bools():
    ours, _ = make_params(9)
    assert optim.Adam(ours, amsgrad=np.True_).amsgrad is True
    assert optim.SGD(ours, 0.1, 0.9, nesterov=np.False_).nesterov is False
    assert optim.RMSProp(ours, centered=np.True_).centered is True


@pytest.mark.parametrize("params, error, match", [
    ([], ValueError, "params is empty"),
    ([np.zeros(3)], TypeError, r"params\[0\] must be an nn.Parameter"),
])
def test_bad_params(params, error, match):
    with pytest.raises(error, match=match):
        optim.Adam(params)


def test_the_parameters_method_itself_is_refused_with_the_call_to_make():
    from neuralab import nn
    model = nn.MLP([2, 3, 1])
    with pytest.raises(TypeError, match=r"params is a method: call it, e.g. optim.SGD\(model.parameters\(\)"):
        optim.SGD(model.parameters, lr=0.1)


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adam])
def test_a_model_passed_as_params_is_named(cls):
    # a model is callable too: "params is a method" would send the reader the wrong way
    from neuralab import nn
    with pytest.raises(TypeError, match=rf"params is a model \(Sequential\), not its parameters: pass "
                                        rf"model.parameters\(\), e.g. optim.{cls.__name__}\(model.parameters\(\)\)"):
        cls(nn.MLP([2, 2]))


@pytest.mark.parametrize("params", [None, 3, True, 2.5])
def test_params_that_are_not_iterable_are_named_with_the_call_to_make(params):
    # "'NoneType' object is not iterable", from the optimizers and the clipping functions alike
    from neuralab.train import clip_grad_norm_, clip_grad_value_, grad_norm
    got = rf"got {type(params).__name__} {params!r}; call it as "
    calls = [(lambda: optim.SGD(params, lr=0.1), r"optim.SGD\(model.parameters\(\)\)"),
             (lambda: optim.get("adam", params), r"optim.Adam\(model.parameters\(\)\)"),
             (lambda: grad_norm(params), r"grad_norm\(model.parameters\(\)\)"),
             (lambda: clip_grad_norm_(params, 1.0), r"clip_grad_norm_\(model.parameters\(\), max_norm\)"),
             (lambda: clip_grad_value_(params, 1), r"clip_grad_value_\(model.parameters\(\), clip_value\)")]
    for call, example in calls:
        with pytest.raises(TypeError, match=r"^params must be an iterable of Parameters, e.g. "
                                            rf"model.parameters\(\), {got}{example}$"):
            call()


def test_a_generator_of_parameters_is_taken_and_its_own_errors_pass_through():
    # the TypeError that names a non-iterable params is not raised for a generator's own error
    ours, _ = make_params(5)
    assert optim.SGD((p for p in ours), lr=0.1).params == ours

    def broken():
        yield ours[0]
        raise TypeError("inside the generator")
    with pytest.raises(TypeError, match="^inside the generator$"):
        optim.SGD(broken(), lr=0.1)


@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop"])
def test_a_step_with_no_gradient_since_zero_grad_warns(name):
    # PyTorch's habit loss.backward(); opt.step() without model.backward(...): nothing reaches
    # the parameters, and the loop would train nothing, silently
    from neuralab import nn
    model = nn.MLP([2, 3, 1])
    opt = optim.get(name, model.parameters())
    X, y = np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)
    loss = nn.MSELoss()
    loss(model.forward(X, training=True), y)
    loss.backward()
    with pytest.warns(UserWarning, match=r"step\(\) with no gradient since zero_grad\(\).*model\.backward\(loss\.backward\(\)\)"):
        opt.step()
    model.backward(loss.backward())
    opt.step()   # a gradient arrived: no warning (the suite turns warnings into errors)
    opt.zero_grad()
    with pytest.warns(UserWarning, match="no gradient"):
        opt.step()


def test_repeated_parameter_refused():
    p = Parameter(np.zeros(3))
    with pytest.raises(ValueError, match="more than once"):
        optim.SGD([p, p], lr=0.1)


def trained(cls, kwargs):
    """An optimizer after 3 steps on random gradients, with its parameters."""
    ours, _ = make_params(10)
    opt = cls(ours, **kwargs)
    for grads in random_gradients(10, ours, 3):
        for p, g in zip(ours, grads):
            p.grad[...] = g
        opt.step()
    return opt


def snapshot(opt):
    return copy.deepcopy((opt.lr, opt.t, [p.data for p in opt.params], opt.state))


def assert_unchanged(opt, before):
    lr, t, data, state = before
    assert (opt.lr, opt.t) == (lr, t)
    for p, d in zip(opt.params, data):
        np.testing.assert_array_equal(p.data, d)
    for s, s0 in zip(opt.state, state, strict=True):
        assert s.keys() == s0.keys()
        for k in s:
            if k not in ("scratch", "g"):                   # Adam's scratch arrays: no state
                np.testing.assert_array_equal(s[k], s0[k])


@pytest.mark.parametrize("value, error", [(-0.1, ValueError), (float("inf"), ValueError),
                                          (None, TypeError), (True, TypeError)])
@pytest.mark.parametrize("case", [CASES[3], CASES[12]], ids=case_id)
def test_bad_lr_set_leaves_the_optimizer_unchanged(case, value, error):
    opt = trained(*case)
    before = snapshot(opt)
    with pytest.raises(error, match="lr"):
        opt.lr = value
    assert_unchanged(opt, before)
    opt.lr = 0                                              # zero is allowed: a frozen step
    opt.step()
    assert opt.t == before[1] + 1


@pytest.mark.parametrize("case", [CASES[3], CASES[12]], ids=case_id)
def test_gradient_of_wrong_shape_refused_before_any_update(case):
    opt = trained(*case)
    before = snapshot(opt)
    with pytest.raises(ValueError, match=r"p2.grad has shape \(1,\), expected \(1, 3, 3\)"):
        opt.params[-1].grad = np.ones((1,))                 # would broadcast silently
    assert opt.params[-1].grad.shape == (1, 3, 3) and opt.params[-1].has_grad   # it keeps its own
    assert_unchanged(opt, before)


STATEFUL_CASES = [CASES[2], CASES[6], CASES[11], CASES[15], CASES[19]]


@pytest.mark.parametrize("replaced", ["data", "grad"])
@pytest.mark.parametrize("case", STATEFUL_CASES, ids=case_id)
def test_float64_array_assigned_mid_training_is_cast_and_training_goes_on(case, replaced):
    """A float64 array (NumPy's default) put in place of a float32 parameter's ``data`` or
    ``grad`` after the first step: the next step gathers again in float32 and keeps every
    buffer (momentum, moments), as torch's ``p.copy_(new)`` does."""
    cls, kwargs = case
    ours, theirs = make_params(11, np.float32)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    new = np.random.default_rng(12).standard_normal(ours[1].shape)        # float64
    for t, grads in enumerate(random_gradients(11, ours, 20)):
        set_gradients(ours, theirs, grads)
        if t in (5, 12) and replaced == "data":
            ours[1].data = new * t
            with torch.no_grad():
                theirs[1].copy_(torch.tensor(new * t))
        if t in (5, 12) and replaced == "grad":
            ours[1].grad = grads[1].astype(np.float64)
        opt.step()
        ref.step()
        assert_same(ours, theirs, rtol=1e-4, atol=1e-6)
    assert_one_group(opt, np.float32)


def torch_copy(opt, cls, kwargs, dtype):
    """A torch optimizer at the point ``opt`` has reached: its parameters' values and its state
    (one flat group, cut back into parameters) in ``dtype``, where ``opt`` should go on from."""
    theirs = [torch.tensor(p.data, dtype=dtype, requires_grad=True) for p in opt.params]
    ref = TORCH[cls](theirs, **kwargs)
    (state,) = opt.state
    ends = np.cumsum([p.size for p in opt.params])[:-1]
    for name in state.keys() & opt.STATE_NAMES.keys():   # our names -> torch's; the rest is scratch
        for q, a in zip(theirs, np.split(state[name], ends)):
            ref.state[q][opt.STATE_NAMES[name]] = torch.tensor(a.reshape(q.shape), dtype=dtype)
    if cls is not optim.SGD:
        for q in theirs:
            ref.state[q]["step"] = torch.tensor(float(opt.t))
    return theirs, ref


@pytest.mark.parametrize("case", STATEFUL_CASES, ids=case_id)
def test_model_converted_to_float64_mid_training_goes_on_in_float64(case):
    """Every parameter's data replaced by its float64 copy (the model converted): the group
    takes float64 and so does its state, and training goes on as torch does from the same
    weights and state in float64. A float32 continuation would be ~1e-7 off."""
    cls, kwargs = case
    ours, _ = make_params(14, np.float32)
    opt = cls(ours, **kwargs)
    grads = random_gradients(14, ours, 20)
    for g in grads[:8]:
        for p, g_p in zip(ours, g):
            p.grad[...] = g_p
        opt.step()
    for p in ours:
        p.data = p.data.astype(np.float64)
    theirs, ref = torch_copy(opt, cls, kwargs, torch.float64)
    for g in grads[8:]:
        set_gradients(ours, theirs, [g_p.astype(np.float64) for g_p in g])
        opt.step()
        ref.step()
        assert_same(ours, theirs, rtol=1e-12, atol=1e-14)
    assert_one_group(opt, np.float64)


@pytest.mark.parametrize("case", [CASES[2], CASES[11], CASES[16]], ids=case_id)
def test_mixed_dtypes_converted_to_one_keep_their_groups_and_state(case):
    """A model of float32 and float64 parameters whose float32 one is converted to float64: both
    groups are float64 now, each with its own state, and training follows torch's, whose
    parameter and state are converted alike."""
    cls, kwargs = case
    ours, theirs = make_params(15)
    ours[0].data, ours[0].grad = ours[0].data.astype(np.float32), ours[0].grad.astype(np.float32)
    theirs[0] = torch.tensor(ours[0].data, requires_grad=True)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    for t, grads in enumerate(random_gradients(15, ours, 20)):
        if t == 8:
            ours[0].data = ours[0].data.astype(np.float64)
            with torch.no_grad():
                theirs[0].data = theirs[0].data.double()
            ref.state[theirs[0]] = {k: v if k == "step" else v.double()
                                    for k, v in ref.state[theirs[0]].items()}
        set_gradients(ours, theirs, [g.astype(np.float64) for g in grads] if t >= 8 else grads)
        opt.step()
        ref.step()
        assert_same(ours, theirs, rtol=1e-5, atol=1e-6)
    assert all(p.data.dtype == p.grad.dtype == np.float64 for p in ours)
    assert len(opt.state) == 2
    assert all(a.dtype == np.float64 for state in opt.state for a in state.values())


def test_integer_array_assigned_to_a_whole_group_is_cast():
    """A parameter holds floats: integers given to every member of a group are cast to the
    group's dtype, not taken as a conversion."""
    p = Parameter(np.zeros(3, np.float32))
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    p.grad[...] = 1.0
    opt.step()
    p.data = np.arange(3)
    opt.step()
    assert p.data.dtype == np.float32 and opt.state[0]["v"].dtype == np.float32
    np.testing.assert_allclose(p.data, np.arange(3) - 0.1 * 1.9)


@pytest.mark.parametrize("case", [CASES[0], CASES[2], CASES[12]], ids=case_id)
def test_mixed_dtypes_from_the_start_get_a_group_each(case):
    """Parameters of two dtypes before the first step: each keeps its own dtype."""
    cls, kwargs = case
    ours, theirs = make_params(13)
    ours[0].data, ours[0].grad = ours[0].data.astype(np.float32), ours[0].grad.astype(np.float32)
    theirs[0] = torch.tensor(ours[0].data, requires_grad=True)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    for grads in random_gradients(13, ours, 10):
        set_gradients(ours, theirs, grads)
        opt.step()
        ref.step()
    assert [p.data.dtype for p in ours] == [np.float32, np.float64, np.float64]
    assert len(opt.state) == 2                              # one flat group per dtype
    assert_same(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", [CASES[2], CASES[12]], ids=case_id)
def test_data_of_another_shape_refused_before_any_update(case):
    """The state holds one entry per element of each parameter: a resized parameter has none."""
    opt = trained(*case)
    before = snapshot(opt)
    opt.params[1].data = opt.params[1].grad = np.zeros(opt.params[1].shape + (2,))
    with pytest.raises(ValueError, match=r"params\[1\].data has shape .*new optimizer"):
        opt.step()
    lr, t, data, state = before
    assert opt.t == t
    for p, d in zip(opt.params[::2], data[::2]):
        np.testing.assert_array_equal(p.data, d)
    opt.params[1].data, opt.params[1].grad = data[1], np.ones(data[1].shape)  # back: it trains on
    opt.step()
    assert opt.t == t + 1


SGD_CASES = [case for case in CASES if case[0] is optim.SGD]


@pytest.fixture(params=["blas", "numpy"])
def update_route(request, monkeypatch):
    """SGD's update through NumPy's OpenBLAS (at every size), or in NumPy as where it is absent."""
    if request.param == "blas":
        monkeypatch.setattr(blas, "MIN_SIZE", 0)
    else:
        monkeypatch.setattr(blas, "ROUTINES", {})
    return request.param


@pytest.mark.parametrize("case", SGD_CASES, ids=case_id)
def test_sgd_matches_torch_by_either_update_route(case, update_route):
    cls, kwargs = case
    ours, theirs = make_params(7)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    for grads in random_gradients(7, ours, 30):
        set_gradients(ours, theirs, grads)
        opt.step()
        ref.step()
    assert_same(ours, theirs)


def test_numpys_openblas_is_found():
    """NumPy's wheels ship OpenBLAS; the fast update must find it where they do."""
    here = os.path.dirname(np.__file__)
    shipped = glob.glob(os.path.join(here, os.pardir, "numpy.libs", "*openblas*")) + \
        glob.glob(os.path.join(here, ".dylibs", "*openblas*"))
    assert bool(blas.ROUTINES) == bool(shipped)
    if shipped:
        assert set(blas.ROUTINES) == {np.dtype(np.float32), np.dtype(np.float64)}


def strided(a):
    """A non-contiguous view holding the values of ``a``."""
    b = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), a.dtype)
    b[..., ::2] = a
    return b[..., ::2]


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
@pytest.mark.parametrize("layout", ["contiguous", "strided x", "strided y", "2-d"])
def test_add_scaled_adds_c_times_g_to_theta_in_place(dtype, layout, update_route):
    rng = np.random.default_rng(3)
    shape = (7, 5) if layout == "2-d" else (35,)
    x, y = (rng.standard_normal(shape).astype(dtype) for _ in range(2))
    expected = (y.astype(np.float64) - 0.3 * x.astype(np.float64)).astype(dtype)
    if layout == "strided x":
        x = strided(x)
    if layout == "strided y":
        y = strided(y)
    assert (x.flags.c_contiguous and y.flags.c_contiguous) == (layout in ("contiguous", "2-d"))
    target = y
    blas.add_scaled(y, -0.3, x)
    assert y is target and y.dtype == dtype
    np.testing.assert_allclose(y, expected, rtol={np.float16: 2e-3}.get(dtype, 1e-6))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_add_scaled_on_a_network_sized_array(dtype):
    """At its default threshold, as in training: a quarter million weights."""
    rng = np.random.default_rng(4)
    x, y = (rng.standard_normal(250_000).astype(dtype) for _ in range(2))
    expected = y - dtype(0.01) * x
    blas.add_scaled(y, -0.01, x)
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-7)


def test_add_scaled_with_mixed_dtypes_works_in_numpy(update_route):
    y = np.ones(4, np.float32)
    blas.add_scaled(y, 2.0, np.arange(4.0))                        # float64 x: not a BLAS call
    np.testing.assert_array_equal(y, [1, 3, 5, 7])
    assert y.dtype == np.float32


# --- parameters that got no gradient since zero_grad (torch: p.grad is None) ---------------------

def give_gradient(p, g, how):
    """Give ``p`` the gradient ``g`` as backward does (accumulate), by assignment, or in place
    into the zeros a read gives."""
    if how == 0:
        p.accumulate(np.positive, g)
    elif how == 1:
        p.grad = g.copy()
    else:
        p.grad[...] = g


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_parameters_without_gradient_are_left_alone_as_torch_does(case, seed):
    """Each step, a random subset of the parameters gets a gradient: torch skips the others
    (no momentum, no moments, no weight decay) and counts steps per parameter (Adam's bias
    correction); the third parameter's first gradient comes at step 4, and step 6 reaches none."""
    cls, kwargs = case
    ours, theirs = make_params(seed)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    rng = np.random.default_rng(seed)
    reached = rng.random((30, 3)) < 0.6
    reached[:3, 2], reached[5] = False, False
    reached[6:9] = True                                     # all reached, counts uneven
    for t, grads in enumerate(random_gradients(seed, ours, 30)):
        opt.zero_grad()
        for i, (p, q, g) in enumerate(zip(ours, theirs, grads)):
            if reached[t, i]:
                give_gradient(p, g, how=(t + i) % 3)
            q.grad = torch.tensor(g) if reached[t, i] else None
        if reached[t].any():
            opt.step()
        else:
            with pytest.warns(UserWarning, match="no gradient"):
                opt.step()
        ref.step()
        assert opt.t == t + 1                               # t counts the calls of step()
        assert_same(ours, theirs)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_step_that_reaches_no_parameter_is_not_counted_as_theirs(case):
    """Steps 1 and 3 reach none (they warn): every count is then one or two behind t, alike
    for all, and Adam's bias correction and SGD's first momentum step follow those counts."""
    cls, kwargs = case
    ours, theirs = make_params(4)
    opt, ref = cls(ours, **kwargs), TORCH[cls](theirs, **kwargs)
    for t, grads in enumerate(random_gradients(4, ours, 12)):
        opt.zero_grad()
        if t in (0, 2):
            for q in theirs:
                q.grad = None
            with pytest.warns(UserWarning, match="no gradient"):
                opt.step()
        else:
            set_gradients(ours, theirs, grads)
            opt.step()
        ref.step()
        assert_same(ours, theirs)


def test_adam_leaves_a_parameter_without_gradient_where_it_is():
    p, q = Parameter(np.ones(2)), Parameter(np.ones(2))
    a = optim.Adam([p, q], lr=0.1)
    p.grad = np.array([1., 2.])
    q.grad = np.array([3., 4.])
    a.step()
    a.zero_grad()
    q_after_one = q.data.copy()                             # [0.9, 0.9], up to ε
    p.grad = np.array([1., 2.])
    a.step()                                                # q got no gradient this step
    np.testing.assert_array_equal(q.data, q_after_one)      # was [0.833, 0.833]
    q.grad = np.array([3., 4.])                             # its 2nd update: t = 2 in its bias correction
    a.step()
    theirs = [torch.ones(2, dtype=torch.float64, requires_grad=True) for _ in range(2)]
    ref = torch.optim.Adam(theirs, lr=0.1)
    for grads in ([[1., 2.], [3., 4.]], [[1., 2.], None], [[1., 2.], [3., 4.]]):
        for r, g in zip(theirs, grads):
            r.grad = None if g is None else torch.tensor(g, dtype=torch.float64)
        ref.step()
    assert_same([p, q], theirs)


def recorded_updates(opt):
    """The (size, t) of every ``update`` call ``opt.step()`` makes from now on, in a list."""
    calls, update = [], opt.update
    opt.update = lambda p, state, t: (calls.append((p.data.size, t)), update(p, state, t))
    return calls


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adam])
def test_one_update_per_group_while_every_parameter_gets_a_gradient(cls):
    """The fast path: one update over each dtype's flat array. A step some parameters miss
    updates the stretches that got one; after it, Adam's counts differ, so its stretches stay
    apart by count, and so do SGD's (the first momentum step is count 1)."""
    ours, _ = make_params(16)                               # sizes 4, 8, 9
    opt = cls(ours, lr=0.1, **({"momentum": 0.9} if cls is optim.SGD else {}))
    calls = recorded_updates(opt)
    sizes = [p.size for p in ours]
    for p in ours:
        p.grad[...] = 1.0
    opt.step()
    assert calls == [(sum(sizes), 1)]
    opt.zero_grad()
    ours[0].grad = np.ones(ours[0].shape)
    ours[2].grad = np.ones(ours[2].shape)
    opt.step()
    assert calls[1:] == [(sizes[0], 2), (sizes[2], 2)]
    for p in ours:
        p.grad[...] = 1.0
    opt.step()
    assert calls[3:] == [(sizes[0], 3), (sizes[1], 2), (sizes[2], 3)]
    assert opt.t == 3


def test_a_read_is_not_a_gradient():
    """The loop that forgot model.backward but printed a gradient's norm: reading gives zeros,
    and the step still warns and moves nothing (momentum and weight decay included)."""
    from neuralab import nn
    model = nn.MLP([2, 3, 1])
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.1)
    X, y = np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)
    loss = nn.MSELoss()
    loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    opt.step()
    opt.zero_grad()
    before = [p.data.copy() for p in model.parameters()]
    assert np.linalg.norm(model.parameters()[0].grad) == 0.0
    assert not any(p.has_grad for p in model.parameters())
    with pytest.warns(UserWarning, match="no gradient since zero_grad"):
        opt.step()
    for p, b in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.data, b)


def test_a_change_in_place_counts_by_its_content():
    p = Parameter(np.ones(3))
    p.grad *= 0.5                                           # clipping a gradient that never came
    assert not p.has_grad
    p.grad += np.array([0.0, 1.0, 0.0])                     # BatchNorm's backward, a penalty
    assert p.has_grad
    p.zero_grad()
    p.grad[...] = 2.0
    assert p.has_grad
    p.zero_grad()
    p.grad = np.zeros(3)                                    # a gradient of zero: assigned, it counts
    assert p.has_grad
    opt = optim.SGD([p], lr=0.1, weight_decay=0.5)
    opt.step()
    np.testing.assert_allclose(p.data, 0.95)


def test_grads_finite_looks_only_at_the_gradients_the_step_uses():
    p, q = Parameter(np.ones(3)), Parameter(np.ones(2))
    opt = optim.Adam([p, q])
    q.grad = np.full(2, np.nan)                             # the gradient of a diverged batch
    assert not opt.grads_finite()
    opt.zero_grad()                                         # lazy: the NaN stays in q's array
    p.grad = np.ones(3)
    assert opt.grads_finite()
    opt.step()
    np.testing.assert_array_equal(q.data, 1.0)
    assert np.isfinite(p.data).all()
    r = Parameter(np.ones(3, np.float32))
    r.grad = np.full(3, 3e19, np.float32)                   # finite, but ‖g‖² passes float32's range:
    assert not optim.Adam([r]).grads_finite()               # divergence all the same, said without a warning


# --- Parameter.grad assignment ---------------------------------------------------------------------

def test_grad_set_to_none_clears_it_and_backward_goes_on():
    from neuralab import nn
    layer = nn.Dense(2, 1)
    x, delta = np.ones((3, 2), np.float32), np.ones((3, 1), np.float32)
    layer.forward(x)
    layer.backward(delta)
    layer.weight.grad = None                                # PyTorch's idiom for clearing
    assert not layer.weight.has_grad and not layer.weight.grad.any()
    layer.forward(x)
    layer.backward(delta)                                   # was: None + float, a TypeError
    np.testing.assert_allclose(layer.weight.grad, [[3.0, 3.0]])
    p = Parameter(np.zeros(3, np.float32))
    p.data = np.zeros((2, 2))                               # replaced, another shape and dtype
    p.grad = None
    assert p.grad.shape == (2, 2) and p.grad.dtype == np.float64


def test_a_resized_parameter_has_no_gradient_until_a_backward_of_its_new_shape():
    # its gradient kept the old shape: p.grad read (3,) for data of (2, 2), and the next
    # backward failed with NumPy's "operands could not be broadcast together"
    for had_gradient in (False, True):
        p = Parameter(np.ones(3))
        if had_gradient:
            p.grad = np.ones(3)
        p.data = np.ones((2, 2))
        assert not p.has_grad and p.grad.shape == (2, 2) and not p.grad.any()
        p.accumulate(np.add.reduce, np.full((5, 2, 2), 0.5), 0)  # a backward's dL/dp = Σ over 5 samples
        np.testing.assert_array_equal(p.grad, np.full((2, 2), 2.5))
        assert p.has_grad


def test_grad_assigned_an_array_like_is_converted_as_data_is():
    from neuralab import nn
    layer = nn.Dense(2, 1, bias=False, init="zeros")
    opt = optim.SGD(layer.parameters(), lr=0.1)
    layer.weight.grad = [[1.0, 2.0]]                        # was: 'list' has no attribute 'shape'
    assert isinstance(layer.weight.grad, np.ndarray) and layer.weight.has_grad
    opt.step()
    np.testing.assert_allclose(layer.weight.data, [[-0.1, -0.2]])
    assert layer.weight.data.dtype == np.float32
    layer.weight.grad = [[1, 2]]                            # integers: the default dtype
    assert layer.weight.grad.dtype.kind == "f"


@pytest.mark.parametrize("value, error, match", [
    (np.ones((2, 1)), ValueError, r"weight.grad has shape \(2, 1\), expected \(1, 2\) \(the shape of weight.data\)"),
    ([1.0, 2.0, 3.0], ValueError, r"weight.grad has shape \(3,\)"),
    ("1.0", TypeError, "weight.grad must be an array of real numbers"),
    ([[1.0, None]], TypeError, "weight.grad"),
])
def test_grad_assigned_a_bad_value_is_refused_by_name(value, error, match):
    from neuralab import nn
    layer = nn.Dense(2, 1, bias=False)
    with pytest.raises(error, match=match):
        layer.weight.grad = value
    assert not layer.weight.has_grad and layer.weight.grad.shape == (1, 2)


class _Half(optim.Optimizer):
    """Defines update but not init_state."""

    def update(self, p, state, t):
        p.data -= self.lr * p.grad


@pytest.mark.parametrize("cls", [optim.Optimizer, _Half])
def test_get_refuses_the_abstract_base_by_name_without_an_lr(cls):
    # optim.get(optim.Optimizer, params), which model.fit(..., optimizer=optim.Optimizer) calls,
    # raised "Optimizer.__init__() missing 1 required positional argument: 'lr'"
    from neuralab import nn
    ours, _ = make_params(8)
    base = r" \(optim.Optimizer is their base class, which steps nothing\)" if cls is optim.Optimizer else ""
    message = (rf"^{cls.__name__} does not define init_state and update, the two methods of an "
               rf"optimizer{base}: use optim.SGD, optim.Adam, ... \(or their names in optim.get")
    with pytest.raises(TypeError, match=message):
        optim.get(cls, ours)
    model = nn.MLP([2, 1])
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError, match=message):
        model.fit(np.zeros((4, 2)), np.zeros((4, 1)), loss="mse", optimizer=cls, epochs=1, verbose=0)
    for p, data in zip(model.parameters(), before):
        np.testing.assert_array_equal(p.data, data)


@pytest.mark.parametrize("cls", [optim.Optimizer, _Half])
def test_the_abstract_base_and_a_class_without_update_or_init_state_are_refused(cls):
    # optim.get(optim.Optimizer, ...) was accepted; its first step raised a bare NotImplementedError
    ours, _ = make_params(8)
    for make in (lambda: optim.get(cls, ours, lr=0.1), lambda: cls(ours, lr=0.1)):
        with pytest.raises(TypeError, match=f"{cls.__name__} does not define init_state.*SGD"):
            make()


def test_an_optimizer_shows_its_lr_parameter_count_and_step_count():
    params = [Parameter(np.ones(3)), Parameter(np.ones(2))]
    opt = optim.SGD(params, lr=0.05)
    assert repr(opt) == "SGD(lr=0.05, 2 parameters, t=0)"
    for p in params:
        p.grad = np.ones(p.shape)
    opt.step()
    opt.lr = 1e-4
    assert repr(opt) == "SGD(lr=0.0001, 2 parameters, t=1)"


@pytest.mark.parametrize("found", ["nothing", "not a library", "a library without axpy"])
def test_without_numpys_openblas_the_updates_fall_back_to_numpy(monkeypatch, tmp_path, found):
    # NumPy built against MKL or Accelerate, or another layout: no routine, and no error
    import ctypes.util
    paths = {"nothing": [],
             "not a library": [str((tmp_path / "libopenblas.so").resolve())],
             "a library without axpy": [ctypes.util.find_library("m") or "libm.so.6"]}[found]
    (tmp_path / "libopenblas.so").write_text("not a shared object")
    monkeypatch.setattr(blas.glob, "glob", lambda pattern: paths if "numpy.libs" in pattern else [])
    assert blas._load() == {}


@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop"])
def test_fz_an_update_that_overflows_gives_torch_s_inf_and_a_whole_step(name):
    # under np.errstate(all="raise") (as here) g² of a float32 gradient of 1e30 raised a
    # FloatingPointError halfway through the step: t counted it, some moments held it, and for
    # Adam some weights had moved and others not
    grad = np.array([1e30, 1.0, -2.0], np.float32)
    ours = [Parameter(np.array([0.5, -0.5, 1.0], np.float32)), Parameter(np.ones(2, np.float32))]
    theirs = [torch.tensor(p.data.copy(), requires_grad=True) for p in ours]
    options = {"sgd": {"lr": 1e10, "momentum": 0.9}, "adam": {"lr": 0.1}, "rmsprop": {"lr": 0.1}}[name]
    opt = optim.get(name, ours, **options)
    reference = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[name](
        theirs, **options)
    for step in range(2):
        for p, t, g in zip(ours, theirs, (grad, np.full(2, 3e38, np.float32))):
            p.grad = g.copy()
            t.grad = torch.from_numpy(g.copy())
        opt.step()
        reference.step()
        assert opt.t == step + 1
        for p, t in zip(ours, theirs):
            np.testing.assert_array_equal(p.data, t.detach().numpy())
