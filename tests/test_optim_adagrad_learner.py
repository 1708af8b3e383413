"""optim.Adagrad against torch.optim.Adagrad: the same 30-step float64 trajectories, defaults,
options, per-parameter step counts and a state that resumes bit for bit."""
import numpy as np
import pytest
import torch

from neuralab import optim
from neuralab.nn.parameter import Parameter


def _adagrad_pair(seed, **options):
    """Three float64 parameters of random shapes as neuralab's and torch's, with an Adagrad each."""
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(shape) for shape in [(4,), (3, 2), (2, 2, 3)]]
    ours = [Parameter(a.copy(), name=f"p{i}") for i, a in enumerate(arrays)]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    return ours, theirs, optim.Adagrad(ours, **options), torch.optim.Adagrad(theirs, **options)


def _adagrad_steps(ours, theirs, opt, torch_opt, steps, seed, skip=()):
    """``steps`` updates from the same random gradients (of scales 1e-3 to 1e3); a parameter
    whose index is in ``skip`` gets no gradient at odd steps (torch's grad None)."""
    rng = np.random.default_rng(seed)
    for step in range(steps):
        for i, (p, t) in enumerate(zip(ours, theirs)):
            if i in skip and step % 2:
                t.grad = None
                continue
            g = rng.standard_normal(p.data.shape) * 10.0 ** rng.integers(-3, 4)
            p.grad[...] = g
            t.grad = torch.tensor(g)
        opt.step()
        torch_opt.step()
        opt.zero_grad()
        torch_opt.zero_grad()


@pytest.mark.parametrize("options", [{}, {"lr": 0.5}, {"lr": 0.1, "lr_decay": 0.05},
                                     {"lr": 0.1, "weight_decay": 0.2},
                                     {"lr": 0.2, "initial_accumulator_value": 0.3, "eps": 1e-3},
                                     {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05,
                                      "initial_accumulator_value": 0.1}],
                         ids=lambda options: ",".join(f"{k}={v}" for k, v in options.items()) or "defaults")
def test_adagrad_follows_torchs_trajectory_for_30_steps(float64, options):
    ours, theirs, opt, torch_opt = _adagrad_pair(0, **options)
    _adagrad_steps(ours, theirs, opt, torch_opt, 30, seed=1)
    for p, t in zip(ours, theirs):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-13, atol=1e-15)


def test_adagrad_has_torchs_defaults_and_the_name_adagrad_in_get():
    ours, _, opt, torch_opt = _adagrad_pair(0)
    theirs = {k: torch_opt.defaults[k] for k in ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")}
    assert {k: getattr(opt, k) for k in theirs} == theirs
    assert type(optim.get("Adagrad", ours)) is optim.Adagrad and optim.get("adagrad", ours, lr=0.3).lr == 0.3


def test_adagrads_lr_decay_counts_each_parameters_own_updates(float64):
    # a parameter that missed steps decays its lr by its own count, as torch's state["step"]
    ours, theirs, opt, torch_opt = _adagrad_pair(2, lr=0.3, lr_decay=0.2)
    _adagrad_steps(ours, theirs, opt, torch_opt, 11, seed=3, skip={1})
    for p, t in zip(ours, theirs):
        np.testing.assert_allclose(p.data, t.detach().numpy(), rtol=1e-13, atol=1e-15)
    assert [entry["step"] for entry in opt.state_dict()["state"].values()] == [11, 6, 11]


def test_adagrads_state_has_torchs_names_and_resumes_bit_for_bit(float64):
    ours, theirs, opt, torch_opt = _adagrad_pair(4, lr=0.2, lr_decay=0.01)
    _adagrad_steps(ours, theirs, opt, torch_opt, 5, seed=5)
    saved = opt.state_dict()
    torch_saved = torch_opt.state_dict()
    np.testing.assert_allclose(saved["state"][1]["sum"], torch_saved["state"][1]["sum"].numpy(), rtol=1e-14)
    resumed = optim.Adagrad([Parameter(p.data.copy(), name=p.name) for p in ours])
    resumed.load_state_dict(saved)
    assert resumed.lr == 0.2 and resumed.lr_decay == 0.01
    for opt_now, params in ((opt, ours), (resumed, resumed.params)):
        for p, g in zip(params, [np.full(p.data.shape, 0.5) for p in ours]):
            p.grad[...] = g
        opt_now.step()
    for p, q in zip(ours, resumed.params):
        np.testing.assert_array_equal(p.data, q.data)


def test_adagrad_keeps_a_float32_parameter_float32():
    p = Parameter(np.ones(3, np.float32))
    p.grad[...] = [1.0, -2.0, 3.0]
    optim.Adagrad([p], lr=0.1).step()
    assert p.data.dtype == np.float32
    np.testing.assert_allclose(p.data, [0.9, 1.1, 0.9], rtol=1e-6)


@pytest.mark.parametrize("options, message", [
    ({"lr_decay": -0.1}, r"lr_decay must be a finite number >= 0"),
    ({"initial_accumulator_value": -1.0}, r"initial_accumulator_value must be a finite number >= 0"),
    ({"eps": 0.0}, r"eps must be a positive number float32 holds"),
    ({"epsilon": 1e-7}, r"unexpected keyword argument 'epsilon' \(ε is eps here, as in torch: eps=1e-10\)"),
    ({"learning_rate": 0.1}, r"\(the learning rate is lr here, as in torch: optim\.Adagrad\(model\.parameters\(\), "
                             r"lr=0\.1\)\)"),
])
def test_adagrads_bad_options_are_refused_by_name(options, message):
    with pytest.raises((TypeError, ValueError), match=message):
        optim.Adagrad([Parameter(np.ones(2))], **options)
