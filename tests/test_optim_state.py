"""Resuming training: the optimizers' and schedulers' state_dict / load_state_dict, against a run
that never stopped (bit for bit) and against torch's state_dict; bad states refused, changing
nothing; the warning for a scheduler stepped before the optimizer."""
import copy
import inspect
import json
import textwrap
import warnings

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as tls

from neuralab import nn, optim
from neuralab.nn.parameter import Parameter
from neuralab.optim import state as optim_state
from neuralab.train import LearningRateScheduler

TORCH = {optim.SGD: torch.optim.SGD, optim.RMSProp: torch.optim.RMSprop,
         optim.Adam: torch.optim.Adam, optim.AdamW: torch.optim.AdamW}

CASES = [
    (optim.SGD, dict(lr=0.1)),
    (optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    (optim.SGD, dict(lr=0.02, momentum=0.8, nesterov=True, weight_decay=0.05)),
    (optim.RMSProp, dict(lr=0.01)),
    (optim.RMSProp, dict(lr=0.003, alpha=0.8, centered=True, momentum=0.5, weight_decay=0.01, eps=0.05)),
    (optim.Adam, dict(lr=0.01)),
    (optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.05)),
    (optim.AdamW, dict(lr=0.02, betas=(0.5, 0.9), amsgrad=True, weight_decay=0.3)),
]
ADAMS = [case for case in CASES if issubclass(case[0], optim.Adam)]


def case_id(case):
    cls, kwargs = case
    return cls.__name__ + "".join(f"-{k}={v}" for k, v in kwargs.items())


# Schedulers stepped after every update; a list, stepped in order (several share an optimizer)
SCHEDULES = {
    "none": lambda o: [],
    "step": lambda o: [optim.StepLR(o, 3, 0.5)],
    "cosine-T_mult-2": lambda o: [optim.CosineAnnealingWarmRestarts(o, 2, 2, 0.001)],
    "warmup-then-step": lambda o: [optim.LinearWarmup(o, 4, 0.2, after=optim.StepLR(o, 3, 0.5))],
    "warmup-then-function": lambda o: [optim.LinearWarmup(o, 3, after=optim.cosine_warm_restarts(0.05, 4))],
    "warmup+step": lambda o: [optim.LinearWarmup(o, 5), optim.StepLR(o, 2, 0.7)],
}

N, M = 7, 9  # steps before the state is saved, and after it is loaded


# -- a small float64 model trained by the explicit loop ------------------------------------------

def data():
    rng = np.random.default_rng(5)
    return rng.standard_normal((40, 3)), rng.standard_normal((40, 2))


def model(seed):
    return nn.MLP([3, 6, 4, 2], activation="tanh", rng=np.random.default_rng(seed))


def train(net, opt, schedulers, steps, start=0, lrs=None):
    """``steps`` updates on batches 8 samples apart, from update ``start`` on; each scheduler
    steps after each update. ``lrs`` collects the lr of each update."""
    X, y = data()
    loss = nn.MSELoss()
    for k in range(start, start + steps):
        rows = slice(8 * k % 40, 8 * k % 40 + 8)
        loss(net.forward(X[rows], training=True), y[rows])
        net.backward(loss.backward())
        if lrs is not None:
            lrs.append(opt.lr)
        opt.step()
        opt.zero_grad()
        for scheduler in schedulers:
            scheduler.step()


def weights(net):
    return [p.data.copy() for p in net.parameters()]


def assert_same_state(ours, expected):
    """Two optimizer state dicts equal, arrays bit for bit and of one dtype."""
    assert ours.keys() == expected.keys()
    assert (ours["optimizer"], ours["t"], ours["param_groups"]) == \
           (expected["optimizer"], expected["t"], expected["param_groups"])
    assert ours["state"].keys() == expected["state"].keys()
    for i, entry in expected["state"].items():
        assert ours["state"][i].keys() == entry.keys()
        for name, value in entry.items():
            if isinstance(value, np.ndarray):
                assert ours["state"][i][name].dtype == value.dtype
                np.testing.assert_array_equal(ours["state"][i][name], value, strict=True)
            else:
                assert ours["state"][i][name] == value


def resumed(cls, kwargs, make_schedulers, saved_at, target="fresh", assign=False):
    """(weights, optimizer, schedulers) after N + M updates with a stop after ``saved_at``: the
    model, optimizer and schedulers are built again, the optimizer with its class's defaults
    (the state's options must win), loaded and trained on. ``target`` "stepped": the new
    optimizer has taken 3 updates of its own before loading. ``assign``: the weights go back by
    ``p.data = w`` (a replaced array: the optimizer gathers again) instead of in place."""
    net = model(0)
    opt = cls(net.parameters(), **kwargs)
    schedulers = make_schedulers(opt)
    train(net, opt, schedulers, saved_at)
    saved = weights(net), opt.state_dict(), [s.state_dict() for s in schedulers]

    net = model(1)                                        # other weights: the saved ones must win
    opt = cls(net.parameters())
    schedulers = make_schedulers(opt)
    if target == "stepped":
        train(net, opt, schedulers, 3, start=11)
    for p, w in zip(net.parameters(), saved[0]):
        if assign:
            p.data = w.copy()
        else:
            p.data[...] = w
    opt.load_state_dict(saved[1])
    for scheduler, state in zip(schedulers, saved[2], strict=True):
        scheduler.load_state_dict(state)
    train(net, opt, schedulers, N + M - saved_at, start=saved_at)
    return weights(net), opt, schedulers


def continuous(cls, kwargs, make_schedulers):
    net = model(0)
    opt = cls(net.parameters(), **kwargs)
    schedulers = make_schedulers(opt)
    train(net, opt, schedulers, N + M)
    return weights(net), opt, schedulers


def assert_same_run(ours, expected):
    (w, opt, schedulers), (w0, opt0, schedulers0) = ours, expected
    for a, b in zip(w, w0, strict=True):
        np.testing.assert_array_equal(a, b, strict=True)
    assert opt.lr == opt0.lr
    assert_same_state(opt.state_dict(), opt0.state_dict())
    assert [s.state_dict() for s in schedulers] == [s.state_dict() for s in schedulers0]


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_resumed_training_equals_continuous_training_bit_for_bit(case, schedule, float64):
    cls, kwargs = case
    expected = continuous(cls, kwargs, SCHEDULES[schedule])
    assert_same_run(resumed(cls, kwargs, SCHEDULES[schedule], N), expected)


@pytest.mark.parametrize("assign", [False, True], ids=["in-place", "assigned"])
@pytest.mark.parametrize("target", ["fresh", "stepped"])
@pytest.mark.parametrize("saved_at", [0, 1, N])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_state_from_before_or_after_the_first_step_loads_before_or_after_it(
        case, saved_at, target, assign, float64):
    cls, kwargs = case
    expected = continuous(cls, kwargs, SCHEDULES["warmup-then-step"])
    ours = resumed(cls, kwargs, SCHEDULES["warmup-then-step"], saved_at, target, assign)
    assert_same_run(ours, expected)


def test_the_state_of_an_optimizer_before_its_first_step(float64):
    opt = optim.Adam(model(0).parameters(), lr=0.01, betas=(0.8, 0.9))
    assert opt.state_dict() == {
        "optimizer": "Adam", "t": 0, "state": {},
        "param_groups": [{"lr": 0.01, "betas": [0.8, 0.9], "eps": 1e-8, "weight_decay": 0.0,
                          "amsgrad": False, "decoupled_weight_decay": False,
                          "params": [0, 1, 2, 3, 4, 5]}]}
    optim.StepLR(opt, 3)
    assert opt.state_dict()["param_groups"][0]["initial_lr"] == 0.01


# -- the state against torch's -------------------------------------------------------------------

def gradient_pattern(step, i):
    """Whether parameter i gets a gradient at ``step``: p1 misses some steps, p2 gets none."""
    return i == 0 or (i == 1 and step % 3 != 1)


def run_both(cls, kwargs, steps, start=0, ours=None, theirs=None, pattern=gradient_pattern):
    """Ours and torch's optimizer over three float64 parameters, ``steps`` updates of the
    gradients of Σ sin(3θ) + θ²/2 following ``pattern``."""
    if ours is None:
        rng = np.random.default_rng(3)
        arrays = [rng.standard_normal(s) for s in [(4,), (2, 3), (3,)]]
        ours = cls([Parameter(a.copy()) for a in arrays], **kwargs)
        theirs = TORCH[cls]([torch.tensor(a, requires_grad=True) for a in arrays], **kwargs)
    for step in range(start, start + steps):
        theirs.zero_grad()
        for i, (p, q) in enumerate(zip(ours.params, theirs.param_groups[0]["params"])):
            p.zero_grad()
            if pattern(step, i):
                p.grad = 3 * np.cos(3 * p.data) + p.data
                (torch.sin(3 * q) + q ** 2 / 2).sum().backward()
        ours.step()
        theirs.step()
    return ours, theirs


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_state_matches_torchs_state_dict(case):
    cls, kwargs = case
    ours, theirs = run_both(cls, kwargs, 8)
    state, reference = ours.state_dict(), theirs.state_dict()
    assert list(state["state"]) == [0, 1]                    # p2 never got a gradient: no entry
    assert state["state"][0]["step"] == 8 and state["state"][1]["step"] == 5
    for i, entry in state["state"].items():
        expected = reference["state"].get(i, {})             # torch's plain SGD keeps nothing
        assert set(entry) - {"step"} == set(expected) - {"step"}
        if "step" in expected:
            assert entry["step"] == int(expected["step"])
        for name in set(entry) - {"step"}:
            assert entry[name].dtype == np.float64 and entry[name].shape == ours.params[i].shape
            np.testing.assert_allclose(entry[name], expected[name].numpy(), rtol=0, atol=1e-10)
    group, torch_group = state["param_groups"][0], reference["param_groups"][0]
    for name, value in group.items():
        expected = torch_group[name]
        assert value == (list(expected) if isinstance(expected, tuple) else expected), name


@pytest.mark.parametrize("every_parameter_gets_gradients", [False, True], ids=["missing-on", "all-get-gradients"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_resumed_run_with_missed_gradients_goes_on_as_torchs(case, every_parameter_gets_gradients):
    """Per-parameter step counts (p1 missed some updates, p2 all: 0, 2 and 6 behind t) survive
    the round trip, and go on as torch's whether the gradients keep missing or all arrive."""
    cls, kwargs = case
    ours, theirs = run_both(cls, kwargs, 6)
    fresh = cls([Parameter(p.data.copy()) for p in ours.params])
    fresh.load_state_dict(ours.state_dict())
    assert fresh._missed == ours._missed == [0, 2, 6]
    more = {"pattern": lambda step, i: True} if every_parameter_gets_gradients else {}
    run_both(cls, kwargs, 5 if every_parameter_gets_gradients else 7, start=6, ours=fresh, theirs=theirs, **more)
    for p, q in zip(fresh.params, theirs.param_groups[0]["params"]):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-12, atol=1e-14)


def test_options_and_counters_given_as_numpy_numbers_are_saved_as_plain_ones():
    # the docstring's recipe keeps all but the arrays as JSON, which refuses NumPy's scalars
    opt = optim.SGD([Parameter(np.zeros(2))], lr=np.float32(0.5), momentum=np.float64(0.25),
                    nesterov=np.bool_(True))
    scheduler = optim.StepLR(opt, step_size=np.int64(3), gamma=np.float32(0.5))
    group, options = opt.state_dict()["param_groups"][0], scheduler.state_dict()["options"]
    assert [type(group[name]) for name in ("lr", "momentum", "nesterov")] == [float, float, bool]
    assert [type(options[name]) for name in ("step_size", "gamma")] == [int, float]
    json.dumps(opt.state_dict()["param_groups"])
    json.dumps(scheduler.state_dict())


@pytest.mark.parametrize("name", ["step", "cosine", "warmup", "warmup-then-step"])
def test_scheduler_state_matches_torchs(name):
    ours_make, torch_make = {
        "step": (lambda o: optim.StepLR(o, 3, 0.5), lambda o: tls.StepLR(o, 3, 0.5)),
        "cosine": (lambda o: optim.CosineAnnealingWarmRestarts(o, 3, 2, 0.01),
                   lambda o: tls.CosineAnnealingWarmRestarts(o, 3, 2, 0.01)),
        "warmup": (lambda o: optim.LinearWarmup(o, 4, 0.25), lambda o: tls.LinearLR(o, 0.25, total_iters=4)),
        "warmup-then-step": (lambda o: optim.LinearWarmup(o, 4, after=optim.StepLR(o, 3, 0.5)),
                             lambda o: tls.SequentialLR(o, [tls.LinearLR(o, total_iters=4),
                                                            tls.StepLR(o, 3, 0.5)], milestones=[4])),
    }[name]
    p = Parameter(np.zeros(1))
    opt, ref = optim.SGD([p], lr=0.1), torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler, reference = ours_make(opt), torch_make(ref)
    for _ in range(7):
        p.grad = np.ones(1)
        opt.step()
        ref.step()
        scheduler.step()
        reference.step()
    state, expected = scheduler.state_dict(), reference.state_dict()
    assert state["last_epoch"] == expected["last_epoch"] == 7
    base_lrs = expected["base_lrs"] if "base_lrs" in expected else expected["_schedulers"][0]["base_lrs"]
    assert state["base_lr"] == base_lrs[0] == opt.initial_lr == 0.1     # SequentialLR: its schedulers'
    assert state["last_lr"] == pytest.approx(expected["_last_lr"][0], rel=1e-12, abs=0)
    if name == "warmup-then-step":                         # the scheduler after the warm-up
        inner, torch_inner = state["after"], expected["_schedulers"][1]
        assert inner["last_epoch"] == torch_inner["last_epoch"] == 3
        assert inner["last_lr"] == pytest.approx(torch_inner["_last_lr"][0], rel=1e-12, abs=0)
    initial_lrs = [o.state_dict()["param_groups"][0]["initial_lr"] for o in (opt, ref)]
    assert initial_lrs == [0.1, 0.1]


# -- the state holds what the rule reads, as copies ----------------------------------------------

@pytest.mark.parametrize("case", ADAMS, ids=case_id)
@pytest.mark.parametrize("change", [-2, +3])
def test_a_state_loaded_with_another_step_count_gives_another_trajectory(case, change, float64):
    """Adam's bias correction reads each parameter's step: a wrong one must show."""
    cls, kwargs = case
    expected = continuous(cls, kwargs, SCHEDULES["none"])
    net = model(0)
    opt = cls(net.parameters(), **kwargs)
    train(net, opt, [], N)
    state = opt.state_dict()
    opt.load_state_dict(state)                              # as it is: nothing changes
    train(net, opt, [], M, start=N)
    assert all(np.array_equal(a, b) for a, b in zip(weights(net), expected[0], strict=True))

    net, state = model(0), copy.deepcopy(state)
    for entry in state["state"].values():
        entry["step"] += change
    state["t"] += max(change, 0)
    opt = cls(net.parameters(), **kwargs)
    train(net, opt, [], N)
    opt.load_state_dict(state)
    train(net, opt, [], M, start=N)
    assert not any(np.array_equal(a, b) for a, b in zip(weights(net), expected[0], strict=True))


@pytest.mark.parametrize("case", [c for c in CASES if c[1].get("momentum") or c[0] is not optim.SGD],
                         ids=case_id)
def test_each_saved_buffer_is_read_back(case, float64):
    """Twice one buffer of one parameter changes its trajectory: every array is loaded (twice,
    not half: amsgrad's max(v_max, v) would forget a smaller v_max; but half of RMSProp's ḡ)."""
    cls, kwargs = case
    net = model(0)
    opt = cls(net.parameters(), **kwargs)
    train(net, opt, [], N)
    state, start = opt.state_dict(), weights(net)
    train(net, opt, [], M, start=N)
    expected = weights(net)
    for i, entry in state["state"].items():
        for name in set(entry) - {"step"}:
            changed = copy.deepcopy(state)
            changed["state"][i][name] *= 0.5 if name == "grad_avg" else 2   # s − ḡ² stays >= 0
            net = model(1)
            for p, w in zip(net.parameters(), start):
                p.data[...] = w
            opt = cls(net.parameters(), **kwargs)
            opt.load_state_dict(changed)
            train(net, opt, [], M, start=N)
            assert not np.array_equal(weights(net)[i], expected[i]), (i, name)


@pytest.mark.parametrize("case", CASES[1:], ids=case_id)
def test_a_saved_state_is_a_copy(case, float64):
    cls, kwargs = case
    net = model(0)
    opt = cls(net.parameters(), **kwargs)
    train(net, opt, [], N)
    state = opt.state_dict()
    kept = copy.deepcopy(state)
    arrays = [a for entry in state["state"].values() for a in entry.values() if isinstance(a, np.ndarray)]
    assert arrays and not any(np.shares_memory(a, b) for a in arrays for s in opt.state for b in s.values())
    train(net, opt, [], M, start=N)                         # later steps leave the saved state
    assert_same_state(state, kept)
    name = next(iter(kept["state"][0].keys() - {"step"}))
    assert not np.array_equal(opt.state_dict()["state"][0][name], kept["state"][0][name])
    other_net = model(1)                                    # and a loaded state is copied in
    other = cls(other_net.parameters(), **kwargs)
    other.load_state_dict(state)
    train(other_net, other, [], M, start=N)
    assert_same_state(state, kept)


def test_a_float32_state_loads_into_a_float64_optimizer():
    ours, _ = run_both(optim.Adam, {}, 3)
    state = ours.state_dict()
    for entry in state["state"].values():
        for name in ("exp_avg", "exp_avg_sq"):
            entry[name] = entry[name].astype(np.float32)
    fresh = optim.Adam([Parameter(p.data.copy()) for p in ours.params])
    fresh.load_state_dict(state)
    loaded = fresh.state_dict()["state"][0]["exp_avg"]
    assert loaded.dtype == np.float64
    np.testing.assert_array_equal(loaded, state["state"][0]["exp_avg"].astype(np.float64))


def test_a_float64_state_loads_into_a_model_converted_to_float64_after_some_steps():
    # the conversion is gathered at the next step: loading before it checks the state against
    # the new dtype, not the float32 the optimizer's arrays still have
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((2, 3)), rng.standard_normal(3)]
    saved = optim.Adam([Parameter(a.copy()) for a in arrays], lr=0.01)
    converted = optim.Adam([Parameter(a.astype(np.float32)) for a in arrays], lr=0.01)
    for opt in (saved, converted):
        for k in range(3):
            for i, p in enumerate(opt.params):
                p.grad = np.cos(p.data * (k + i + 1))
            opt.step()
    for p in converted.params:
        p.data = p.data.astype(np.float64)
    state = saved.state_dict()
    converted.load_state_dict(state)
    assert_same_state(converted.state_dict(), state)


def test_mixed_dtypes_keep_each_parameters_dtype_and_resume_exactly():
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(3).astype(np.float32), rng.standard_normal((2, 2)),
              rng.standard_normal(2).astype(np.float32)]

    def run(opt, steps, start):
        for k in range(start, start + steps):
            for i, p in enumerate(opt.params):
                p.grad = np.cos(p.data * (k + i + 1))
            opt.step()

    reference = optim.Adam([Parameter(a.copy()) for a in arrays], lr=0.01)
    run(reference, N + M, 0)
    first = optim.Adam([Parameter(a.copy()) for a in arrays], lr=0.01)
    run(first, N, 0)
    state = first.state_dict()
    assert [state["state"][i]["exp_avg"].dtype for i in range(3)] == [np.float32, np.float64, np.float32]
    second = optim.Adam([Parameter(p.data.copy()) for p in first.params])
    second.load_state_dict(state)
    run(second, M, N)
    for p, q in zip(second.params, reference.params):
        np.testing.assert_array_equal(p.data, q.data, strict=True)


# -- bad states: a clear error, and the optimizer as it was --------------------------------------

def bad(change):
    """A function that spoils a copy of a state with ``change(state)``."""
    def spoil(state):
        state = copy.deepcopy(state)
        change(state)
        return state
    return spoil


def set_item(path, value):
    def change(state):
        *keys, last = path
        for key in keys:
            state = state[key]
        state[last] = value(state[last]) if callable(value) else value
    return change


def delete(path):
    def change(state):
        *keys, last = path
        for key in keys:
            state = state[key]
        del state[last]
    return change


def other_optimizer_state(cls, shapes=((4,), (2, 3), (3,)), dtype=np.float64):
    opt = cls([Parameter(np.ones(s, dtype=dtype)) for s in shapes], lr=0.01)
    for p in opt.params:
        p.grad = np.ones(p.shape, dtype=dtype)
    opt.step()
    return lambda state: opt.state_dict()


BAD_STATES = [
    ("another class", lambda s: other_optimizer_state(optim.AdamW)(s), ValueError,
     r"state is the state of 'AdamW', not of Adam: .*load it into a AdamW"),
    ("SGD's", lambda s: other_optimizer_state(optim.SGD)(s), ValueError, r"state of 'SGD', not of Adam"),
    ("fewer parameters", lambda s: other_optimizer_state(optim.Adam, ((4,), (2, 3)))(s), ValueError,
     r"state holds 2 parameters, this optimizer 3"),
    ("other shapes", lambda s: other_optimizer_state(optim.Adam, ((4,), (3, 2), (3,)))(s), ValueError,
     r"state\['state'\]\[1\]\['exp_avg'\] has shape \(3, 2\), expected \(2, 3\), the shape of params\[1\]"),
    ("float64 into float32", "float32-target", TypeError,
     r"\['exp_avg'\] is float64, which does not cast safely to float32, the dtype of params\[0\]; "
     r"if losing that precision is meant, cast it: a\.astype\(np\.float32\)"),
    ("object array", bad(set_item(["state", 0, "exp_avg"], lambda a: a.astype(object))), TypeError,
     r"is object, which does not cast safely to float64"),
    ("complex array", bad(set_item(["state", 0, "exp_avg_sq"], lambda a: a + 0j)), TypeError,
     r"\['exp_avg_sq'\] is complex128, which does not cast safely"),
    ("a list", bad(set_item(["state", 1, "exp_avg"], lambda a: a.tolist())), TypeError,
     r"state\['state'\]\[1\]\['exp_avg'\] must be a NumPy array, got list"),
    ("NaN", bad(set_item(["state", 1, "exp_avg"], lambda a: np.where(a == a.flat[0], np.nan, a))),
     ValueError, r"state\['state'\]\[1\]\['exp_avg'\] holds NaN or inf"),
    ("inf", bad(set_item(["state", 0, "exp_avg_sq"], lambda a: np.full_like(a, np.inf))), ValueError,
     r"holds NaN or inf"),
    ("NaN lr", bad(set_item(["param_groups", 0, "lr"], float("nan"))), ValueError,
     r"state\['param_groups'\]\[0\]: lr must be a finite number >= 0, got nan"),
    ("bad beta", bad(set_item(["param_groups", 0, "betas"], [0.9, 1.5])), ValueError,
     r"state\['param_groups'\]\[0\]: betas\[1\] must be in \[0, 1\)"),
    ("NaN initial_lr", bad(set_item(["param_groups", 0, "initial_lr"], float("inf"))), ValueError,
     r"\['initial_lr'\] must be a finite number >= 0"),
    ("missing t", bad(delete(["t"])), ValueError, r"state misses 't'; the keys it takes are 'optimizer', 't', "),
    ("unknown key", bad(set_item(["epoch"], 3)), ValueError, r"state has unknown 'epoch'"),
    ("missing buffer", bad(delete(["state", 1, "exp_avg_sq"])), ValueError,
     r"state\['state'\]\[1\] misses 'exp_avg_sq'; the keys it takes are 'step', 'exp_avg', 'exp_avg_sq'"),
    ("a buffer of amsgrad", bad(set_item(["state", 0, "max_exp_avg_sq"], np.zeros(4))), ValueError,
     r"state\['state'\]\[0\] has unknown 'max_exp_avg_sq'"),
    ("missing option", bad(delete(["param_groups", 0, "eps"])), ValueError,
     r"state\['param_groups'\]\[0\] misses 'eps'"),
    ("missing step", bad(delete(["state", 0, "step"])), ValueError, r"state\['state'\]\[0\] misses 'step'"),
    ("step past t", bad(set_item(["state", 0, "step"], 5)), ValueError,
     r"state\['state'\]\[0\]\['step'\] must be an integer from 1 to state\['t'\] = 4, got 5"),
    ("step 0", bad(set_item(["state", 0, "step"], 0)), ValueError, r"\['step'\] must be an integer from 1"),
    ("step True", bad(set_item(["state", 0, "step"], True)), TypeError, r"\['step'\] must be an integer"),
    ("step 2.0", bad(set_item(["state", 0, "step"], 2.0)), TypeError, r"\['step'\] must be an integer"),
    ("negative t", bad(set_item(["t"], -1)), ValueError, r"state\['t'\] must be an integer >= 0"),
    ("position 3", bad(set_item(["state", 3], {"step": 1})), ValueError,
     r"state\['state'\] has the key 3: its keys are positions of parameters, integers from 0 to 2"),
    ("string position", bad(lambda s: s["state"].update({"0": s["state"].pop(0)})), ValueError,
     r"has the key '0'"),
    ("params", bad(set_item(["param_groups", 0, "params"], [1, 0, 2])), ValueError,
     r"\['params'\] must be the positions 0, 1, \.\.\. of the parameters"),
    ("two groups", bad(lambda s: s["param_groups"].append(dict(s["param_groups"][0]))), ValueError,
     r"state\['param_groups'\] must be a list of one dict"),
    ("not a dict", lambda s: [s], TypeError, r"state must be a dict, from Adam\.state_dict\(\), got list"),
    ("states as a list", bad(lambda s: s.update(state=list(s["state"].values()))), TypeError,
     r"^state\['state'\] must be a dict \{position: parameter state\}, got list$"),
    ("a state as a list", bad(set_item(["state", 1], lambda entry: list(entry.values()))), TypeError,
     r"^state\['state'\]\[1\] must be a dict, got list$"),
    ("torch's", lambda s: torch.optim.Adam([torch.zeros(1, requires_grad=True)]).state_dict(), ValueError,
     r"^state has no 'optimizer' and no 't': it is a torch optimizer's state_dict\(\), which a neuralab "
     r"optimizer does not load .*load what a neuralab Adam's state_dict\(\) gave, or start afresh$"),
]


@pytest.mark.parametrize("target", ["fresh", "stepped"])
@pytest.mark.parametrize("name, spoil, error, match", BAD_STATES, ids=[case[0] for case in BAD_STATES])
def test_a_bad_state_is_refused_and_changes_nothing(name, spoil, error, match, target):
    dtype = np.float32 if spoil == "float32-target" else np.float64
    saved, _ = run_both(optim.Adam, dict(lr=0.01), 4)
    optim.StepLR(saved, 2)                                   # an initial_lr in the state
    state = saved.state_dict()
    bad_state = state if spoil == "float32-target" else spoil(state)
    params = [Parameter(p.data.astype(dtype)) for p in saved.params]
    opt = optim.Adam(params, lr=0.5, betas=(0.5, 0.6))
    if target == "stepped":
        for p in params:
            p.grad = np.ones(p.shape, dtype=dtype)
        opt.step()
    before, arrays = opt.state_dict(), [p.data for p in params]
    with pytest.raises(error, match=match):
        opt.load_state_dict(bad_state)
    assert_same_state(opt.state_dict(), before)
    assert (opt.lr, opt.betas, opt.initial_lr) == (0.5, (0.5, 0.6), None)
    assert all(p.data is a for p, a in zip(params, arrays))   # not even gathered
    if target == "stepped":
        opt.load_state_dict(state if dtype == np.float64 else before)   # a good one loads still


def test_an_option_refused_by_the_constructor_is_refused_with_its_message():
    opt = optim.SGD([Parameter(np.ones(2))], lr=0.1, momentum=0.9, nesterov=True)
    state = opt.state_dict()
    state["param_groups"][0]["momentum"] = 0.0
    with pytest.raises(ValueError, match=r"state\['param_groups'\]\[0\]: nesterov=True needs momentum > 0"):
        opt.load_state_dict(state)
    assert opt.momentum == 0.9


def test_an_optimizer_that_does_not_name_its_state_says_so():
    class Sign(optim.Optimizer):
        def init_state(self, p):
            return {"tmp": np.empty_like(p.data)}

        def update(self, p, state, t):
            p.data -= self.lr * np.sign(p.grad, out=state["tmp"])

    opt = Sign([Parameter(np.ones(2))], lr=0.1)
    with pytest.raises(TypeError, match=r"Sign has no STATE_NAMES: set it to \{name: saved name\}"):
        opt.state_dict()
    Sign.STATE_NAMES = {}
    assert opt.state_dict()["param_groups"] == [{"lr": 0.1, "params": [0]}]


class OwnSign(optim.Optimizer):
    """θ ← θ − η·sign(g) with a text option, ``rule``, and a number, ``scale``, kept or not
    under their own names (``keep``)."""

    STATE_NAMES = {}

    def __init__(self, params, lr, rule="sign", scale=1.0, keep=True):
        super().__init__(params, lr)
        self.rule, self.keep = rule, keep
        if keep:
            self.scale = scale

    def init_state(self, p):
        return {"tmp": np.empty_like(p.data)}

    def update(self, p, state, t):
        p.data -= self.lr * np.sign(p.grad, out=state["tmp"])


def test_an_optimizer_of_your_own_saves_a_text_option_and_must_keep_each_option():
    opt = OwnSign([Parameter(np.ones(2))], lr=0.1, rule="sign")
    assert opt.state_dict()["param_groups"] == [{"lr": 0.1, "rule": "sign", "scale": 1.0, "keep": True,
                                                  "params": [0]}]
    other = OwnSign([Parameter(np.ones(2))], lr=0.5, rule="other")
    other.load_state_dict(opt.state_dict())
    assert (other.lr, other.rule) == (0.1, "sign")
    forgetful = OwnSign([Parameter(np.ones(2))], lr=0.1, keep=False)
    with pytest.raises(TypeError, match=r"^OwnSign keeps no attribute scale: its state holds each option "
                                        r"of __init__, read from the attribute of that name$"):
        forgetful.state_dict()


# -- schedulers ----------------------------------------------------------------------------------

def scheduler_lrs(make, steps, hand=None, saved_at=None, jump=None):
    """The lr of ``steps`` updates under the schedulers ``make`` builds, stepped after each;
    ``hand``: {update: lr} set by hand after it; ``jump``: step(epoch) of a cosine instead of
    step() after that update, as {update: epoch}. With ``saved_at``, the optimizer and the
    schedulers are saved after that update and built again (the optimizer with another lr)."""
    p = Parameter(np.zeros(1))
    opt = optim.SGD([p], lr=0.1)
    schedulers, lrs = make(opt), []
    for k in range(steps):
        if k == saved_at:
            states = opt.state_dict(), [json.loads(json.dumps(s.state_dict())) for s in schedulers]
            opt = optim.SGD([p], lr=0.7)
            schedulers = make(opt)
            opt.load_state_dict(states[0])
            for scheduler, state in zip(schedulers, states[1], strict=True):
                scheduler.load_state_dict(state)
        p.grad = np.ones(1)
        lrs.append(opt.lr)
        opt.step()
        for scheduler in schedulers:
            scheduler.step(jump[k]) if jump and k in jump else scheduler.step()
        if hand and k in hand:
            opt.lr = hand[k]
    return lrs


SCHEDULER_RUNS = {
    **{name: (make, {}, None) for name, make in SCHEDULES.items() if name != "none"},
    "step-by-hand": (lambda o: [optim.StepLR(o, 4, 0.5)], {2: 0.3, 9: 0.02}, None),
    "warmup-then-step-by-hand": (lambda o: [optim.LinearWarmup(o, 5, after=optim.StepLR(o, 4, 0.5))],
                                 {3: 0.3, 11: 0.05}, None),
    "cosine-fractional": (lambda o: [optim.CosineAnnealingWarmRestarts(o, 3, 2)], {}, {1: 2.25, 6: 0.5}),
}


@pytest.mark.parametrize("saved_at", [0, 1, 4, 9])
@pytest.mark.parametrize("name", SCHEDULER_RUNS)
def test_resumed_schedulers_give_the_lrs_of_a_run_that_never_stopped(name, saved_at):
    make, hand, jump = SCHEDULER_RUNS[name]
    expected = scheduler_lrs(make, 20, hand, jump=jump)
    assert scheduler_lrs(make, 20, hand, saved_at, jump) == expected


def test_the_state_of_a_scheduler_is_its_counters_as_plain_numbers():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    scheduler = optim.LinearWarmup(opt, 4, 0.25, after=optim.CosineAnnealingWarmRestarts(opt, 3))
    state = scheduler.state_dict()
    assert state == {"scheduler": "LinearWarmup", "options": {"warmup_steps": 4, "start_factor": 0.25},
                     "last_epoch": 0, "fraction": 0, "base_lr": 0.1, "last_lr": 0.025, "anchor": [0.1, 1.0],
                     "after": {"scheduler": "CosineAnnealingWarmRestarts",
                               "options": {"T_0": 3, "T_mult": 1, "eta_min": 0.0},
                               "last_epoch": -1, "fraction": 0, "base_lr": 0.1, "last_lr": 0.1}}
    assert json.loads(json.dumps(state)) == state
    state["after"]["last_epoch"] = 5                         # a copy: the scheduler keeps its own
    assert scheduler.after.last_epoch == -1


def test_a_scheduler_loaded_from_another_base_lr_follows_the_saved_one():
    """The schedule is rebuilt from the state's base_lr, not the one the constructor found."""
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    cosine = optim.CosineAnnealingWarmRestarts(opt, 5)
    state = cosine.state_dict()
    other = optim.CosineAnnealingWarmRestarts(optim.SGD([Parameter(np.zeros(1))], lr=3.0), 5)
    other.load_state_dict(state)
    assert other.base_lr == 0.1 and other.schedule(2) == cosine.schedule(2)
    opt = optim.SGD([Parameter(np.zeros(1))], lr=3.0)
    warmup = optim.LinearWarmup(opt, 2, after=optim.StepLR(opt, 2, 0.5))
    saved = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    warmup.load_state_dict(optim.LinearWarmup(saved, 2, after=optim.StepLR(saved, 2, 0.5)).state_dict())
    assert [warmup.schedule(t) for t in range(6)] == pytest.approx([0.1 / 3, 0.2 / 3, 0.1, 0.1, 0.05, 0.05])


def spoiled(change):
    return lambda state: (change(state), state)[1]


BAD_SCHEDULER_STATES = [
    ("not a dict", lambda s: [s], TypeError, r"state must be a dict, from StepLR\.state_dict\(\), got list"),
    ("options as a list", spoiled(lambda s: s.update(options=[3, 0.5])), ValueError,
     r"^state is the state of StepLR with options \[3, 0\.5\], this is StepLR\(step_size=3, "
     r"gamma=0\.5\): build the scheduler as it was saved"),
    ("another class", lambda s: optim.CosineAnnealingWarmRestarts(
        optim.SGD([Parameter(np.zeros(1))], lr=0.1), 3).state_dict(), ValueError,
     r"state is the state of CosineAnnealingWarmRestarts\(T_0=3, T_mult=1, eta_min=0\.0\), this is "
     r"StepLR\(step_size=3, gamma=0\.5\): build the scheduler as it was saved"),
    ("other options", spoiled(lambda s: s["options"].update(step_size=4)), ValueError,
     r"state of StepLR\(step_size=4, gamma=0\.5\), this is StepLR\(step_size=3, gamma=0\.5\)"),
    ("missing key", spoiled(lambda s: s.pop("last_lr")), ValueError, r"state misses 'last_lr'"),
    ("unknown key", spoiled(lambda s: s.update(_step_count=3)), ValueError,
     r"state has unknown '_step_count'"),
    ("NaN last_lr", spoiled(lambda s: s.update(last_lr=float("nan"))), ValueError,
     r"state\['last_lr'\] must be a finite number >= 0"),
    ("negative base_lr", spoiled(lambda s: s.update(base_lr=-0.1)), ValueError, r"state\['base_lr'\]"),
    ("float last_epoch", spoiled(lambda s: s.update(last_epoch=2.0)), TypeError,
     r"state\['last_epoch'\] must be an integer >= -1"),
    ("last_epoch -2", spoiled(lambda s: s.update(last_epoch=-2)), ValueError, r"\['last_epoch'\] must be"),
    ("fraction 1", spoiled(lambda s: s.update(fraction=1.0)), ValueError,
     r"\['fraction'\] must be in \[0, 1\)"),
    ("anchor", spoiled(lambda s: s.update(anchor=[0.1])), ValueError,
     r"\['anchor'\] must be a pair \[lr, factor\]"),
    ("inf anchor", spoiled(lambda s: s.update(anchor=[0.1, float("inf")])), ValueError,
     r"state\['anchor'\]\[1\] must be a finite number >= 0"),
]


@pytest.mark.parametrize("name, spoil, error, match", BAD_SCHEDULER_STATES,
                         ids=[case[0] for case in BAD_SCHEDULER_STATES])
def test_a_bad_scheduler_state_is_refused_and_changes_nothing(name, spoil, error, match):
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    scheduler = optim.StepLR(opt, 3, 0.5)
    for _ in range(4):
        scheduler.step()
    bad_state = spoil(scheduler.state_dict())
    fresh = optim.StepLR(opt, 3, 0.5)
    before = fresh.state_dict(), opt.lr, fresh.schedule
    with pytest.raises(error, match=match):
        fresh.load_state_dict(bad_state)
    assert (fresh.state_dict(), opt.lr, fresh.schedule) == before


def test_a_bad_state_of_the_scheduler_after_a_warmup_is_refused_before_any_change():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=0.1)
    warmup = optim.LinearWarmup(opt, 2, after=optim.StepLR(opt, 3, 0.5))
    for _ in range(5):
        warmup.step()
    state = warmup.state_dict()
    state["after"]["fraction"] = -0.5
    fresh = optim.LinearWarmup(opt, 2, after=optim.StepLR(opt, 3, 0.5))
    before = fresh.state_dict()
    with pytest.raises(ValueError, match=r"state\['after'\]\['fraction'\] must be in \[0, 1\)"):
        fresh.load_state_dict(state)
    assert fresh.state_dict() == before
    del state["after"]
    with pytest.raises(ValueError, match=r"state misses 'after'"):
        fresh.load_state_dict(state)


# -- scheduler.step() before optimizer.step() ----------------------------------------------------

ORDER_WARNING = (r"StepLR\.step\(\) was called before optimizer\.step\(\): the schedule's lr at step 0 "
                 r"\(0\.1\) was set but no update used it, and the updates now run one step ahead of "
                 r"the schedule\. Call scheduler\.step\(\) after optimizer\.step\(\)")


def one_parameter_sgd():
    p = Parameter(np.zeros(1))
    p.grad = np.ones(1)
    return optim.SGD([p], lr=0.1)


def test_scheduler_stepped_before_the_optimizer_warns_at_the_update_it_skews():
    opt = one_parameter_sgd()
    scheduler = optim.StepLR(opt, 1, 0.5)
    scheduler.step()                                        # torch's old order: the lr of step 0 is lost
    assert opt.lr == 0.05
    with pytest.warns(UserWarning, match=ORDER_WARNING) as record:
        opt.step()
    assert len(record) == 1 and record[0].filename == __file__
    scheduler.step()
    opt.step()                                              # once only


@pytest.mark.parametrize("make", [
    lambda o: optim.LinearWarmup(o, 3, after=optim.StepLR(o, 2, 0.5)),
    lambda o: optim.CosineAnnealingWarmRestarts(o, 4),
])
def test_the_warning_comes_once_whatever_the_scheduler(make):
    opt = one_parameter_sgd()
    scheduler = make(opt)
    with pytest.warns(UserWarning, match=r"\.step\(\) was called before optimizer\.step\(\)") as record:
        for _ in range(8):
            scheduler.step()
            opt.step()
    assert len(record) == 1


def test_no_warning_in_the_right_order_nor_for_a_scheduler_stepped_alone():
    opt = one_parameter_sgd()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheduler = optim.LinearWarmup(opt, 3, after=optim.StepLR(opt, 2, 0.5))
        for _ in range(8):
            opt.step()
            scheduler.step()
        plotted = one_parameter_sgd()                       # its values read, no training
        lrs = [optim.StepLR(plotted, 2, 0.5).get_last_lr()[0]]
        alone = optim.StepLR(plotted, 2, 0.5)
        for _ in range(5):
            alone.step()
            lrs.append(plotted.lr)
        assert lrs[:3] == [0.1, 0.1, 0.05]
        optim.StepLR(plotted, 2, 0.5)                       # built anew: the lr starts from step 0 again
        plotted.step()


def test_a_scheduler_loaded_mid_schedule_is_not_at_its_first_step():
    opt = one_parameter_sgd()
    scheduler = optim.StepLR(opt, 2, 0.5)
    for _ in range(3):
        opt.step()
        scheduler.step()
    fresh_opt = one_parameter_sgd()
    fresh = optim.StepLR(fresh_opt, 2, 0.5)
    fresh_opt.load_state_dict(opt.state_dict())
    fresh.load_state_dict(scheduler.state_dict())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fresh.step()                                        # as torch's restored _step_count: no check
        fresh_opt.step()


@pytest.mark.parametrize("per", ["epoch", "batch"])
def test_fit_with_a_scheduler_callback_never_warns(per, float64):
    X, y = data()
    net = model(0)
    opt = optim.Adam(net.parameters(), lr=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):                                  # a second fit goes on with it
            net.fit(X, y, loss="mse", optimizer=opt, epochs=3, batch_size=16, verbose=0, shuffle=False,
                    callbacks=[LearningRateScheduler(optim.LinearWarmup(opt, 2, after=optim.StepLR(opt, 2)),
                                                     per)])


# -- the docstring's files recipe works ----------------------------------------------------------

def test_the_docstrings_recipe_for_files_round_trips_a_state(tmp_path, float64):
    recipe = inspect.getdoc(optim_state).split("rest as JSON.\n\n")[1]
    save, load = textwrap.dedent(recipe).split("\n\n")
    net = model(0)
    opt = optim.RMSProp(net.parameters(), lr=0.01, momentum=0.5, centered=True)
    optim.StepLR(opt, 3)
    train(net, opt, [], N)
    saved = opt.state_dict()
    namespace = {"np": np, "json": json, "path": tmp_path / "optimizer.npz", "state": saved}
    exec(save, namespace)
    del namespace["state"]
    exec(load, namespace)
    loaded = namespace["state"]
    assert_same_state(loaded, saved)
    fresh = optim.RMSProp(model(1).parameters())
    fresh.load_state_dict(loaded)
    assert_same_state(fresh.state_dict(), saved)
