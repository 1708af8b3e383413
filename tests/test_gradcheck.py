"""gradcheck itself: it passes on correct layers and whole networks, and catches a wrong backward."""
import numpy as np
import pytest

from neuralab import nn
from neuralab.train import gradcheck

ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_each_activation_passes(activation):
    rng = np.random.default_rng(1)
    layer = nn.activations.get(activation)
    X = rng.standard_normal((4, 5))
    assert gradcheck(layer, None, X) < 1e-7


def test_dense_passes():
    layer = nn.Dense(5, 3, rng=np.random.default_rng(0))
    layer.bias.data[:] = np.random.default_rng(1).standard_normal(3)
    X = np.random.default_rng(2).standard_normal((6, 5))
    worst, errors = gradcheck(layer, None, X, details=True)
    assert set(errors) == {"input", "weight", "bias"}
    assert worst < 1e-7


@pytest.mark.parametrize("loss, output, target", [
    ("mse", None, "real"), ("bce", "sigmoid", "binary"), ("bce_logits", None, "binary"),
    ("cross_entropy", None, "labels"), ("mse", "softmax", "onehot"),
])
def test_whole_networks_pass(loss, output, target):
    rng = np.random.default_rng(3)
    k = 3 if target in ("labels", "onehot") else 1
    model = nn.MLP([4, 6, 5, k], activation="tanh", output=output, rng=rng)
    X = rng.standard_normal((7, 4))
    y = {"real": rng.standard_normal((7, 1)), "binary": rng.integers(0, 2, 7),
         "labels": rng.integers(0, 3, 7), "onehot": np.eye(3)[rng.integers(0, 3, 7)]}[target]
    assert gradcheck(model, loss, X, y) < 1e-6


def test_restores_weights_and_dtype():
    model = nn.MLP([3, 4, 2])
    before = [p.data.copy() for p in model.parameters()]
    gradcheck(model, None, np.random.default_rng(0).standard_normal((2, 3)))
    for p, b in zip(model.parameters(), before):
        assert p.data.dtype == np.float32 and p.grad.dtype == np.float32
        np.testing.assert_array_equal(p.data, b)
        assert not p.grad.any()


class _WrongTanh(nn.Tanh):
    def backward(self, grad_out):
        return grad_out * (1 - self.a)  # forgot the square


def test_catches_a_wrong_backward():
    model = nn.Sequential(nn.Dense(3, 4, rng=np.random.default_rng(0)), _WrongTanh(),
                          nn.Dense(4, 1, rng=np.random.default_rng(1)))
    assert gradcheck(model, None, np.random.default_rng(2).standard_normal((5, 3))) > 1e-2


def test_a_gradient_zero_in_exact_arithmetic_passes_and_buffers_are_restored():
    # batch normalisation removes the mean over the batch, so the bias before it has gradient 0:
    # both methods give rounding noise, which must not read as a 100 % error
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Dense(3, 4), nn.BatchNorm1d(4), nn.Tanh(), nn.Dense(4, 1))
    batchnorm = model[1]
    before = [batchnorm.running_mean.copy(), batchnorm.running_var.copy()]
    worst, errors = gradcheck(model, "mse", rng.standard_normal((8, 3)), rng.standard_normal((8, 1)),
                              training=True, details=True)
    assert worst < 1e-6 and errors["0.bias"] < 1e-6
    np.testing.assert_array_equal(batchnorm.running_mean, before[0])
    np.testing.assert_array_equal(batchnorm.running_var, before[1])
