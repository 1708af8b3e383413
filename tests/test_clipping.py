"""Gradient clipping by global norm and by value, against torch.nn.utils."""
import numpy as np
import pytest
import torch

from neuralab import nn, optim
from neuralab.train import clip_grad_norm_, clip_grad_value_, grad_norm


def _params_with_grads(seed, scale):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (4,), (2, 3)]
    params = [nn.Parameter(rng.standard_normal(s)) for s in shapes]
    for p in params:
        p.grad[...] = rng.standard_normal(p.shape) * scale
    return params


def _torch_params(params):
    out = []
    for p in params:
        t = torch.tensor(p.data, requires_grad=True)
        t.grad = torch.tensor(p.grad.copy())
        out.append(t)
    return out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("max_norm, scale", [(1.0, 5.0), (10.0, 0.1), (0.5, 1.0)])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 0.5, 3.0, float("inf")])
def test_clip_grad_norm_matches_torch(seed, max_norm, scale, norm_type):
    params = _params_with_grads(seed, scale)
    theirs = _torch_params(params)
    total = clip_grad_norm_(params, max_norm, norm_type=norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    assert total == pytest.approx(expected.item(), rel=1e-12)
    for p, t in zip(params, theirs):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-12)
    assert grad_norm(params, norm_type) <= max_norm * (1 + 1e-9)


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
def test_gradients_within_max_norm_are_left_as_they_are(norm_type):
    # torch's coefficient max_norm / (‖g‖ + 1e-6) is clamped to 1: it never scales gradients up
    params = _params_with_grads(0, 1.0)
    norm = np.linalg.norm(np.concatenate([p.grad.ravel() for p in params]), ord=norm_type)
    before, theirs = [p.grad.copy() for p in params], _torch_params(params)
    assert clip_grad_norm_(params, 1.5 * norm, norm_type=norm_type) == pytest.approx(norm, rel=1e-12)
    torch.nn.utils.clip_grad_norm_(theirs, 1.5 * norm, norm_type=norm_type)
    for p, t, old in zip(params, theirs, before):
        np.testing.assert_array_equal(p.grad, old)
        np.testing.assert_array_equal(t.grad.numpy(), old)


def test_grad_norm_is_the_2_norm_of_all_gradients_together_by_default():
    params = _params_with_grads(1, 3.0)
    expected = torch.nn.utils.get_total_norm([t.grad for t in _torch_params(params)])
    assert grad_norm(params) == pytest.approx(expected.item(), rel=1e-12)


@pytest.mark.parametrize("norm_type", [2.0, float("inf")])
def test_float32_gradients_are_clipped_in_float32_and_their_norm_is_a_float(norm_type):
    params = _params_with_grads(2, 5.0)
    for p in params:
        p.data, p.grad = p.data.astype(np.float32), p.grad.astype(np.float32)
    theirs = _torch_params(params)
    total = clip_grad_norm_(params, 1.0, norm_type=norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type=norm_type)
    assert type(total) is float and total == pytest.approx(expected.item(), rel=1e-6)
    for p, t in zip(params, theirs):
        assert p.grad.dtype == np.float32
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-6)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", [0, 1, 2], ids=["first", "middle", "last"])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf")])
def test_a_nan_or_inf_gradient_anywhere_gives_torchs_norm_and_leaves_the_gradients(norm_type, where, bad):
    """torch's norm is NaN (inf) too; it then multiplies every gradient by NaN (by 0, which makes
    its inf entries NaN; see the docstring). The inf-norm once took Python's max over the
    parameters, which skips a NaN that is not first; an inf entry once went through that
    multiplication by 0, with NumPy's "invalid value" warning."""
    params = _params_with_grads(0, 5.0)
    params[where].grad[0] = bad
    before = [p.grad.copy() for p in params]
    expected = torch.nn.utils.clip_grad_norm_(_torch_params(params), 1.0, norm_type=norm_type).item()
    assert not np.isfinite(expected)
    np.testing.assert_array_equal(grad_norm(params, norm_type), expected)  # NaN equals NaN here
    np.testing.assert_array_equal(clip_grad_norm_(params, 1.0, norm_type=norm_type), expected)
    for p, old in zip(params, before):
        np.testing.assert_array_equal(p.grad, old)


@pytest.mark.parametrize("scale", [1e200, 1e-200], ids=["huge", "tiny"])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, 0.5, float("inf")])
def test_the_norm_of_huge_or_tiny_float64_gradients_neither_overflows_nor_underflows(norm_type, scale):
    """Σ |g_i|^p of entries near 1e200 overflows (torch's norm is then inf and its clipping zeroes
    every gradient), and of entries near 1e-200 underflows to 0: the norm is scaled by max |g_i|.
    Expected: ‖s·u‖ = s·‖u‖, with ‖u‖ of entries near 1 computed by NumPy."""
    params = _params_with_grads(3, 1.0)
    unscaled = np.concatenate([p.grad.ravel() for p in params])
    for p in params:
        p.grad *= scale
    norm = scale * np.linalg.norm(unscaled, ord=norm_type)  # (Σ |u_i|^p)^(1/p) for any p > 0
    assert grad_norm(params, norm_type) == pytest.approx(norm, rel=1e-12, abs=0)  # approx's abs=1e-12 takes 0
    max_norm = 0.5 * norm
    before = [p.grad.copy() for p in params]
    assert clip_grad_norm_(params, max_norm, norm_type=norm_type) == pytest.approx(norm, rel=1e-12, abs=0)
    for p, old in zip(params, before):  # scaled by c / (‖g‖ + 1e-6), as any clipped gradient
        np.testing.assert_allclose(p.grad, old * (max_norm / (norm + 1e-6)), rtol=1e-12)


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
def test_clip_grad_norm_without_parameters_is_zero_like_torch(norm_type):
    expected = torch.nn.utils.clip_grad_norm_([], 1.0, norm_type=norm_type)
    assert clip_grad_norm_([], 1.0, norm_type=norm_type) == expected.item() == 0.0
    assert grad_norm([], norm_type) == 0.0


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("clip_value", [0.1, 1.0, 3.0])
def test_clip_grad_value_matches_torch(seed, clip_value):
    params = _params_with_grads(seed, 2.0)
    theirs = _torch_params(params)
    clip_grad_value_(params, clip_value)
    torch.nn.utils.clip_grad_value_(theirs, clip_value)
    for p, t in zip(params, theirs):
        np.testing.assert_array_equal(p.grad, t.grad.numpy())


@pytest.mark.parametrize("clip_value", [1e39, 1e300])
def test_a_clip_value_past_the_float32_range_clamps_float32_gradients_at_its_largest_number(clip_value):
    # np.clip cast 1e300 to float32 with NumPy's "overflow encountered in cast" warning, at
    # every batch of fit(clip_value=1e300); torch refuses the value. The clamp to [-v, v] is
    # torch's at the largest float32, 3.4e38: finite entries are kept, ±inf becomes ±3.4e38.
    params = _params_with_grads(0, 2.0)
    params[0].grad[0, :2] = np.inf, -np.inf
    for p in params:
        p.data, p.grad = p.data.astype(np.float32), p.grad.astype(np.float32)
    theirs = _torch_params(params)
    clip_grad_value_(params, clip_value)
    torch.nn.utils.clip_grad_value_(theirs, float(np.finfo(np.float32).max))
    for p, t in zip(params, theirs):
        assert p.grad.dtype == np.float32
        np.testing.assert_array_equal(p.grad, t.grad.numpy())
    assert params[0].grad[0, 0] == np.finfo(np.float32).max


def test_clipping_keeps_the_direction():
    params = _params_with_grads(0, 100.0)
    before = np.concatenate([p.grad.ravel() for p in params])
    clip_grad_norm_(params, 1.0)
    after = np.concatenate([p.grad.ravel() for p in params])
    np.testing.assert_allclose(after / np.linalg.norm(after), before / np.linalg.norm(before), rtol=1e-12)


def test_fit_clips_before_each_update():
    """One full-batch SGD step with clip_norm moves the weights by exactly lr · max_norm."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 3)) * 50, rng.standard_normal((20, 1)) * 50
    model = nn.MLP([3, 4, 1], rng=rng)
    before = np.concatenate([p.data.ravel() for p in model.parameters()])
    model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=1,
              batch_size="full", clip_norm=0.5, verbose=0)
    after = np.concatenate([p.data.ravel() for p in model.parameters()])
    assert np.linalg.norm(after - before) == pytest.approx(0.01 * 0.5, rel=1e-4)


def test_fit_clips_each_gradient_entry_by_value_before_each_update():
    """One full-batch SGD step with clip_value: w ← w − η · clamp(∂L/∂w, −v, v), by hand."""
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 3)) * 5, rng.standard_normal((20, 1)) * 5
    model = nn.MLP([3, 4, 1], rng=rng)
    loss = nn.MSELoss()
    loss(model.forward(X, training=True), y)
    model.backward(loss.backward())
    expected = [p.data - 0.01 * np.clip(p.grad, -0.05, 0.05) for p in model.parameters()]
    model.zero_grad()
    model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=1,
              batch_size="full", clip_value=0.05, verbose=0)
    for p, w in zip(model.parameters(), expected):
        np.testing.assert_allclose(p.data, w, rtol=1e-6)


def test_fit_with_a_clip_value_past_the_float32_range_trains_as_without_clipping():
    # it warned "overflow encountered in cast" at every batch (an error here)
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((20, 3)).astype(np.float32), rng.standard_normal((20, 1)).astype(np.float32)
    weights = []
    for clip in ({}, {"clip_value": 1e300}):
        model = nn.MLP([3, 4, 1], rng=np.random.default_rng(0))
        model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=2,
                  batch_size=8, seed=0, verbose=0, **clip)
        weights.append([p.data for p in model.parameters()])
    for ours, plain in zip(*weights):
        np.testing.assert_array_equal(ours, plain)


@pytest.mark.parametrize("kwargs", [{"clip_norm": 0}, {"clip_norm": -1.0}, {"clip_value": float("nan")},
                                    {"clip_value": "1"}])
def test_bad_clip_arguments(kwargs):
    model = nn.MLP([2, 3, 1])
    with pytest.raises(ValueError, match="clip"):
        model.fit(np.zeros((4, 2)), np.zeros(4), loss="mse", optimizer="sgd", epochs=1, verbose=0, **kwargs)
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm_(model.parameters(), 0.0)


@pytest.mark.parametrize("clip", [lambda ps: clip_grad_norm_(ps, 1.0), lambda ps: clip_grad_value_(ps, 1.0),
                                  grad_norm])
def test_a_model_or_anything_but_parameters_is_refused_as_the_optimizers_refuse_it(clip):
    # before: AttributeError: 'Dense' object has no attribute 'grad'
    model = nn.MLP([2, 3, 1])
    with pytest.raises(TypeError) as theirs:
        optim.SGD(model, lr=0.1)
    with pytest.raises(TypeError, match=r"params is a model \(Sequential\), not its parameters: pass model.parameters\(\)"):
        clip(model)
    assert str(theirs.value).split(", e.g.")[0] in str(pytest.raises(TypeError, clip, model).value)
    with pytest.raises(TypeError, match=r"params\[1\] must be an nn.Parameter, got Dense"):
        clip([model.parameters()[0], model[0]])
    with pytest.raises(TypeError, match="params is a method"):
        clip(model.parameters)
    # a Parameter twice was counted twice in the norm and scaled twice, as torch does; the
    # optimizers refused it already
    first = model.parameters()[0]
    first.grad[...] = 3.0
    with pytest.raises(ValueError, match=r"the same Parameter more than once \(params\[0\] and params\[2\]\)"):
        clip([first, model.parameters()[1], first])
    assert (first.grad == 3.0).all()
    with pytest.raises(ValueError, match=r"the same Parameter more than once \(params\[0\] and params\[2\]\)"):
        optim.SGD([first, model.parameters()[1], first], lr=0.1)


@pytest.mark.parametrize("norm_type", [0, -1.0, "fro", None, float("nan"), True])
def test_grad_norm_checks_norm_type_as_clip_grad_norm_does(norm_type):
    # before: grad_norm(ps, 0) divided by zero, "fro" failed inside NumPy
    params = _params_with_grads(0, 1.0)
    for call in (lambda: grad_norm(params, norm_type), lambda: clip_grad_norm_(params, 1.0, norm_type)):
        with pytest.raises(ValueError, match="norm_type must be a positive number or inf"):
            call()
