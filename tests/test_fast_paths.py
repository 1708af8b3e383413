"""The faster forms that training runs at every batch give the numbers of the formulas they stand
for (benchmarks/configs_vs_torch.py measures the speed): the 2-norm of gradient clipping summed
directly, BatchNorm1d computed in place, the sigmoid and LeakyReLU's derivative without np.where."""
import numpy as np
import pytest
import torch
from torch_reference import assert_close, tensor

from neuralab import nn
from neuralab.train import clip_grad_norm_, grad_norm


def _fast_path_params(rng, dtype, scale):
    """Parameters of a small MLP's shapes whose gradients are ``scale`` times normal draws, and
    the float64 torch tensors of those gradients."""
    shapes = [(16, 20), (16,), (3, 16), (3,)]
    params = [nn.Parameter(np.zeros(shape, dtype)) for shape in shapes]
    for p in params:
        p.grad = (rng.standard_normal(p.shape) * scale).astype(dtype)
    return params, [tensor(p.grad) for p in params]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", [1e-30, 1.0, 1e30])
def test_the_2_norm_of_float32_and_float64_gradients_is_their_float64_norm(dtype, scale):
    # float32 gradients are summed in float64: their norm is as exact as a float64 model's
    params, grads = _fast_path_params(np.random.default_rng(0), dtype, scale)
    expected = torch.nn.utils.get_total_norm(grads).item()
    assert grad_norm(params) == pytest.approx(expected, rel=1e-12, abs=0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", [1.0, 1e30])
def test_clipping_by_the_2_norm_scales_by_torchs_coefficient_in_the_gradients_dtype(dtype, scale):
    params, grads = _fast_path_params(np.random.default_rng(0), dtype, scale)
    expected = torch.nn.utils.get_total_norm(grads).item()
    before = [p.grad.astype(np.float64) for p in params]
    assert clip_grad_norm_(params, 0.5 * expected) == pytest.approx(expected, rel=1e-12, abs=0)
    for p, old in zip(params, before):
        assert p.grad.dtype == dtype
        np.testing.assert_allclose(p.grad, old * (0.5 * expected / (expected + 1e-6)),
                                   rtol=4 * np.finfo(dtype).eps)


@pytest.mark.parametrize("scale", [1e-160, 1e153], ids=["squares underflow", "sum overflows"])
def test_float64_gradients_whose_direct_sum_of_squares_is_wrong_keep_their_norm(scale):
    """At 1e-160 each g_i² is a subnormal number that keeps a few digits, at 1e153 each is finite
    but their sum is past the float range: either way Σ g_i² taken directly is wrong, and the
    norm is ‖g / s‖ · s."""
    rng = np.random.default_rng(1)
    params, grads = _fast_path_params(rng, np.float64, 1.0)
    expected = torch.nn.utils.get_total_norm(grads).item() * scale
    for p in params:
        p.grad *= scale
    assert grad_norm(params) == pytest.approx(expected, rel=1e-12, abs=0)


def _torch_batchnorm(layer, training):
    twin = torch.nn.BatchNorm1d(layer.num_features, eps=layer.eps, momentum=layer.momentum).double()
    with torch.no_grad():
        for name in ("weight", "bias"):
            getattr(twin, name).copy_(tensor(getattr(layer, name).data))
        twin.running_mean.copy_(tensor(layer.running_mean))
        twin.running_var.copy_(tensor(layer.running_var))
    return twin.train(training)


@pytest.mark.parametrize("training", [True, False], ids=["training", "evaluation"])
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5)])
def test_batchnorm_in_place_matches_torch_and_leaves_input_and_delta_alone(float64, training, shape):
    rng = np.random.default_rng(2)
    layer = nn.BatchNorm1d(3)
    layer.weight.data = rng.uniform(0.5, 2.0, 3)
    layer.bias.data = rng.standard_normal(3)
    layer.running_mean, layer.running_var = rng.standard_normal(3), rng.uniform(0.5, 2.0, 3)
    twin = _torch_batchnorm(layer, training)
    x, delta = rng.standard_normal(shape) * 3 + 1, rng.standard_normal(shape)
    x_before, delta_before = x.copy(), delta.copy()
    xt = tensor(x, requires_grad=True)
    expected = twin(xt)
    expected.backward(tensor(delta))

    out = layer.forward(x, training=training)
    grad = layer.backward(delta)
    np.testing.assert_array_equal(x, x_before)  # the caller's batch and δ: not scratch space
    np.testing.assert_array_equal(delta, delta_before)
    assert_close(out, expected)
    assert_close(grad, xt.grad)
    assert_close(layer.weight.grad, twin.weight.grad)
    assert_close(layer.bias.grad, twin.bias.grad)
    assert_close(layer.running_mean, twin.running_mean)
    assert_close(layer.running_var, twin.running_var)


def _signs_and_edges(dtype, big=None):
    """Values of random signs (what a hidden layer gives, and what np.where branches badly on),
    with 0, -0, ±inf, NaN, ±``big`` (the dtype's largest number) and numbers whose sigmoid
    underflows."""
    z = np.random.default_rng(3).standard_normal(2000) * 10
    big = np.finfo(dtype).max if big is None else big
    z[:10] = [0.0, -0.0, np.inf, -np.inf, np.nan, big, -big, 200.0, -200.0, -1000.0]
    return z.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_matches_torch_in_its_dtype(dtype):
    z = _signs_and_edges(dtype)
    a = nn.sigmoid(z)
    assert a.dtype == dtype
    expected = torch.sigmoid(tensor(z)).numpy()  # in float64, of the same (rounded) inputs
    np.testing.assert_allclose(a, expected, rtol=4 * np.finfo(dtype).eps, atol=np.finfo(dtype).smallest_subnormal)
    np.testing.assert_array_equal(a[:5], [0.5, 0.5, 1.0, 0.0, np.nan])
    layer = nn.Sigmoid()
    np.testing.assert_array_equal(layer.forward(z, training=True), a)


@pytest.mark.parametrize("alpha", [0.01, -0.5, 1.5])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_leaky_relu_backward_matches_torch_in_its_dtype(alpha, dtype):
    """f'(z) is α at z ≤ 0 (at 0 as in torch) and at NaN (torch's z > 0 is false there), in z's
    dtype: δ_prev = δ ⊙ f'(z) is then torch's δ · α, with α rounded to that dtype."""
    z = _signs_and_edges(dtype, big=1e30)  # α·(-3e38) would overflow
    delta = np.random.default_rng(4).standard_normal(z.shape).astype(dtype)
    layer = nn.LeakyReLU(alpha)
    layer.forward(z, training=True)
    grad = layer.backward(delta)
    zt = torch.tensor(z, requires_grad=True)
    torch.nn.functional.leaky_relu(zt, alpha).backward(torch.tensor(delta))
    assert grad.dtype == layer.derivative(z).dtype == dtype
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=np.finfo(dtype).eps, atol=0)
    assert set(layer.derivative(z).tolist()) == {float(dtype(alpha)), 1.0}
