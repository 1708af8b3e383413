"""Weight initialisers: functions of a shape (out, in) and a random generator.

    fan_in = n[l-1] (columns of W), fan_out = n[l] (rows of W)
    Xavier/Glorot (sigmoid, tanh):  Var(W) = 2 / (fan_in + fan_out)
    He/Kaiming (ReLU family):       Var(W) = 2 / fan_in
A uniform U(-a, a) has variance a²/3, so each uniform bound is sqrt(3 · Var).

Keeping Var(z[l]) ≈ Var(z[l-1]) layer after layer is what stops activations (and gradients)
from shrinking to zero or blowing up with depth.
"""
import math

import numpy as np

from .dtype import get_default_dtype
from .random import default_rng


def _fans(shape):
    fan_out = shape[0]
    fan_in = shape[1] if len(shape) > 1 else shape[0]
    receptive = math.prod(shape[2:])  # kernels of convolutions: (out, in, kh, kw)
    return fan_in * receptive, fan_out * receptive


def zeros(shape, rng=None):
    return np.zeros(shape, get_default_dtype())


def ones(shape, rng=None):
    return np.ones(shape, get_default_dtype())


def normal(shape, rng=None, std=0.01):
    return (rng or default_rng()).normal(0.0, std, shape).astype(get_default_dtype())


def uniform(shape, rng=None, limit=0.05):
    return (rng or default_rng()).uniform(-limit, limit, shape).astype(get_default_dtype())


def xavier_uniform(shape, rng=None):
    fan_in, fan_out = _fans(shape)
    return uniform(shape, rng, limit=math.sqrt(6.0 / (fan_in + fan_out)))


def xavier_normal(shape, rng=None):
    fan_in, fan_out = _fans(shape)
    return normal(shape, rng, std=math.sqrt(2.0 / (fan_in + fan_out)))


def he_uniform(shape, rng=None):
    fan_in, _ = _fans(shape)
    return uniform(shape, rng, limit=math.sqrt(6.0 / fan_in))


def he_normal(shape, rng=None):
    fan_in, _ = _fans(shape)
    return normal(shape, rng, std=math.sqrt(2.0 / fan_in))


def torch_default(shape, rng=None):
    """PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    fan_in, _ = _fans(shape)
    return uniform(shape, rng, limit=1.0 / math.sqrt(fan_in))


INITIALIZERS = {
    "zeros": zeros, "ones": ones, "normal": normal, "uniform": uniform,
    "xavier_uniform": xavier_uniform, "xavier_normal": xavier_normal,
    "glorot_uniform": xavier_uniform, "glorot_normal": xavier_normal,
    "he_uniform": he_uniform, "he_normal": he_normal,
    "kaiming_uniform": he_uniform, "kaiming_normal": he_normal,
    "torch_default": torch_default,
}

# The initialiser that keeps activations' variance steady for each hidden activation.
DEFAULT_FOR_ACTIVATION = {
    "relu": "he_uniform", "leaky_relu": "he_uniform",
    "sigmoid": "xavier_uniform", "tanh": "xavier_uniform", "identity": "xavier_uniform",
    "step": "xavier_uniform", "softmax": "xavier_uniform",
}


def get(name):
    """The initialiser called ``name``; ValueError listing the valid names otherwise."""
    if callable(name):
        return name
    try:
        return INITIALIZERS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown init {name!r}; choose one of: {', '.join(INITIALIZERS)}") from None
