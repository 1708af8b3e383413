"""Activation functions as layers: a = f(z), and backward δ_z = δ_a ⊙ f'(z).

Each activation also exposes ``function(z)`` and ``derivative(z)`` on their own, for plots and
lessons (``Sigmoid().derivative(z)`` peaks at 0.25 — the root of vanishing gradients).

>>> from neuralab import nn
>>> z = [-1.0, 0.0, 1.0]
>>> nn.Sigmoid().function(z).round(4), nn.Sigmoid().derivative(z).round(4)  # σ' = σ(1 - σ) ≤ 1/4
(array([0.2689, 0.5   , 0.7311]), array([0.1966, 0.25  , 0.1966]))
>>> nn.Tanh().derivative(z).round(4)                                        # 1 - tanh²: 1 at z = 0
array([0.42, 1.  , 0.42])
>>> nn.ReLU().derivative(z), nn.LeakyReLU(alpha=0.1).derivative(z)          # at the kink z = 0: 0, α
(array([0., 0., 1.]), array([0.1, 0.1, 1. ]))
>>> a = nn.Softmax()([[1.0, 2.0, 3.0], [101.0, 102.0, 103.0]])             # row 2 = row 1 + 100
>>> a.round(4), a.sum(axis=1)                   # the same probabilities (shift-invariant), summing to 1
(array([[0.09  , 0.2447, 0.6652],
       [0.09  , 0.2447, 0.6652]]), array([1., 1.]))

Like NumPy's functions, ``forward``, ``function`` and ``derivative`` take any array-like: a list
of numbers is turned into an array (integers into the default float dtype), and text or None is
refused with a TypeError naming the input. A number gives a NumPy number, as ``np.tanh(0.5)``
does (the ``[()]`` below turns a 0-d result into one; any other array stays itself).

``sigmoid``, ``log_softmax`` and ``Softmax`` give no overflow warning for any finite input. They
do underflow on confident inputs: e^(-800), or e^(-110) in float32, rounds to 0, which is the
right answer (a probability of 0 in that dtype). Underflow is left to NumPy's setting, which
ignores it by default; under ``np.seterr(all="raise")`` it raises FloatingPointError, so use
``np.seterr(all="raise", under="ignore")`` to catch the real errors. (Ignoring it here with
``np.errstate`` would cost about a microsecond per call, on every training batch.)
"""
import functools

import numpy as np

from ..spelling import did_you_mean
from .checks import ArgumentTypeError, check_init_keywords, check_no_arguments, check_number, undefined_hook
from .habits import TORCH_LAYER_KEYWORDS, TORCH_LEAKY_RELU_KEYWORDS
from .layer import Layer
from .own_formulas import float_input as _array, use_own_formulas
from .softmax import Softmax, log_softmax  # noqa: F401 (nn.activations.log_softmax, as before)


def _number_as_vector(method):
    """``method(self, z)`` with z an array (``_array``: the method need not convert it again) and
    a number computed as the vector [z], given back as a NumPy number. NumPy 1 computed a number
    (a 0-d array) with a Python number in float64, whatever its own dtype (np.float32(0.5) - 1
    was a float64: value-based casting, which NumPy 2 replaced by NEP 50), while a vector keeps
    its float32 on both: without this, ``Sigmoid().function(np.float32(1))`` was a float64 there,
    and differed from the float32 of an array's element."""
    @functools.wraps(method)
    def on_vectors(self, z):
        z = _array(z)
        return method(self, z) if z.ndim else method(self, z.reshape(1))[0]
    return on_vectors


def _taking_array_likes(method):
    """``method(self, z)``, a class of your own's ``function`` or ``derivative``, given z as a
    float array (``_array``) and giving a NumPy number back for a number (see ``Activation``)."""
    @functools.wraps(method)
    def taking_array_likes(self, z):
        z = _array(z)
        out = method(self, z)
        return out[()] if z.ndim == 0 and isinstance(out, np.ndarray) else out
    return taking_array_likes


def _zero_row(z):
    """A row of zeros in z's dtype, to compare z with: NumPy vectorises maximum and minimum between
    two arrays but not against a scalar, and the row version is twice as fast."""
    return np.zeros(z.shape[-1:], z.dtype)


class Activation(Layer):
    """An element-wise a = f(z). Subclasses give ``function`` and ``derivative``:
        forward:  z = x, kept as ``self.z``;  a = function(z)
        backward: δ_z = δ_a ⊙ derivative(z)
    Those of a class of your own get z as a float array: a list or a number given to them is
    converted first (integers into the default dtype), and a number gives a NumPy number back,
    so that ``Square().function([1, 2])`` is ``array([1., 4.])``, as a built-in's would be:

        class Square(nn.Activation):
            def function(self, z):
                return z ** 2
            def derivative(self, z):
                return 2 * z

    A subclass of a built-in activation (``class ReLU6(nn.ReLU)``) that overrides ``function``
    or ``derivative`` gets these two back in place of the built-in's faster ones, which do not
    call them (see ``own_formulas.use_own_formulas``); a forward it defines itself stays, and
    must then keep ``self.z`` for this backward (or define backward too)."""

    abstract = True
    name = ""
    keeps_shape = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("neuralab."):  # the built-ins convert z themselves
            for name in ("function", "derivative"):
                if name in cls.__dict__:
                    setattr(cls, name, _taking_array_likes(cls.__dict__[name]))
        use_own_formulas(cls, Activation.forward, Activation.backward)

    def __init__(self, *args, **unexpected):
        check_no_arguments(self, args, unexpected, TORCH_LAYER_KEYWORDS)   # torch's ReLU(inplace=True)

    def function(self, z):
        """a = f(z), element-wise: an array of z's shape (a NumPy number for a number), in z's
        floating dtype; z may be a number, a list or an array."""
        raise undefined_hook(self, "function(self, z)", "an activation of your own returns a = f(z), "
                             "element-wise (and derivative(z), f'(z), for backward)")

    def derivative(self, z):
        """f'(z), element-wise, as ``function`` takes and returns it; at a kink, the value the
        class docstring names (PyTorch's choice)."""
        raise undefined_hook(self, "derivative(self, z)", "an activation of your own returns f'(z), "
                             "element-wise, which backward multiplies δ_a by")

    def _input(self, x):
        return _array(x, f"input of {type(self).__name__}")

    def forward(self, x, training=False):
        self.z = self._input(x)
        return self.function(self.z)

    def backward(self, grad_out):
        try:
            z = self.z
        except AttributeError:
            raise self._no_z() from None
        return self._check_delta(grad_out, z.shape) * self.derivative(z)

    def _no_z(self):
        """The error of Activation's backward without ``self.z``: before any forward pass, or
        after a forward of your own that did not keep it."""
        if type(self).forward is Activation.forward:
            return self._backward_before_forward()
        return ValueError(f"{type(self).__name__}.backward is Activation's, δ ⊙ derivative(self.z), "
                          f"and {type(self).__name__}.forward has kept no self.z (or has not run "
                          f"yet): set self.z = z in forward, or define backward as well")


class Identity(Activation):
    """a = z;  f'(z) = 1. The output of a regression network."""

    name = "identity"

    def function(self, z):
        return _array(z)[()]

    def derivative(self, z):
        return np.ones_like(_array(z))[()]

    def backward(self, grad_out):
        """δ_prev = δ, which needs nothing from forward: a class of your own that overrides
        ``forward`` alone keeps working. δ is checked when Identity's own forward has run."""
        z = self.__dict__.get("z")
        return grad_out if z is None else self._check_delta(grad_out, z.shape)


class Step(Activation):
    """a = 1 if z ≥ 0 else 0 — Rosenblatt's threshold unit. f'(z) = 0 wherever it exists,
    which is why gradient descent cannot train it and the perceptron rule exists. At z = 0,
    where the jump leaves it undefined, ``derivative`` gives 0 too, the slope on either side."""

    name = "step"

    def function(self, z):
        z = _array(z)
        return (z >= 0).astype(z.dtype)

    def derivative(self, z):
        return np.zeros_like(_array(z))[()]


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), computed from e^(-|z|) so that no exponential overflows:
    σ(z) = 1 / (1 + e^(-|z|)) for z ≥ 0 and e^(-|z|) / (1 + e^(-|z|)) for z < 0."""
    z = _array(z)
    e = np.exp(-np.abs(z))
    # The numerator, 1 for z ≥ 0 and e for z < 0, as max(e, [z ≥ 0]) since e ≤ 1: np.where(z >= 0,
    # 1, e) branches per element, and on signs that look random (a hidden layer's) it took four
    # times as long as this whole function does.
    a = np.maximum(e, z >= 0, dtype=e.dtype)
    e += 1.0
    a /= e
    return a


class Sigmoid(Activation):
    """a = σ(z) = 1 / (1 + e^(-z));  f'(z) = σ(z)(1 - σ(z)) ≤ 1/4."""

    name = "sigmoid"

    @_number_as_vector
    def function(self, z):
        return sigmoid(z)

    @_number_as_vector
    def derivative(self, z):
        s = sigmoid(z)
        return s * (1 - s)

    def forward(self, x, training=False):
        self.a = sigmoid(self._input(x))
        return self.a

    def backward(self, grad_out):
        a = self._cached("a")
        return self._check_delta(grad_out, a.shape) * a * (1 - a)


class Tanh(Activation):
    """a = tanh(z);  f'(z) = 1 - tanh²(z)."""

    name = "tanh"

    def function(self, z):
        return np.tanh(_array(z))

    @_number_as_vector
    def derivative(self, z):
        return 1 - np.tanh(z) ** 2

    def forward(self, x, training=False):
        self.a = np.tanh(self._input(x))
        return self.a

    def backward(self, grad_out):
        a = self._cached("a")
        return self._check_delta(grad_out, a.shape) * (1 - a * a)


class ReLU(Activation):
    """a = max(0, z);  f'(z) = 1 if z > 0 else 0 (0 at z = 0, as in PyTorch)."""

    name = "relu"

    def function(self, z):
        z = _array(z)
        return np.maximum(z, _zero_row(z))  # (against 0, NumPy 1 made a float32 number a float64)

    def derivative(self, z):
        z = _array(z)
        return (z > 0).astype(z.dtype)

    def forward(self, x, training=False):
        x = self._input(x)
        self.mask = x > 0
        return np.maximum(x, _zero_row(x))

    def backward(self, grad_out):
        mask = self._cached("mask")
        return self._check_delta(grad_out, mask.shape) * mask


class LeakyReLU(Activation):
    """a = z if z > 0 else α·z;  f'(z) = 1 if z > 0 else α (α at z = 0, as in PyTorch). Units
    never die completely. α is any number from -100 to 100 (``MAX_ALPHA``)."""

    name = "leaky_relu"
    # The largest |α| taken. torch takes any float, but a slope for z < 0 a hundred times that for
    # z > 0 is no longer a leak, and one near float32's largest (3.4e38) makes α·z inf for any
    # z < -1, and α itself inf in a float32 model's derivative: a typo or a crafted file.
    MAX_ALPHA = 100.0

    def __init__(self, alpha=0.01, **unexpected):
        check_init_keywords(self, unexpected, TORCH_LEAKY_RELU_KEYWORDS)   # torch's negative_slope, inplace
        self.alpha = check_number(alpha, "alpha", lambda v: abs(v) <= self.MAX_ALPHA,
                                  f"a number from -{self.MAX_ALPHA:g} to {self.MAX_ALPHA:g}, the slope for "
                                  f"z < 0 (torch's default 0.01; 0.01 to 0.3 is usual)")

    @_number_as_vector
    def function(self, z):
        # as α·min(z, 0) + max(z, 0): α multiplies only z ≤ 0, never a z > 0 whose output is z
        # itself (α = 2 would overflow at z = 3e38); and with no branch per element this is
        # faster than np.where
        zero = _zero_row(z)
        a = np.minimum(z, zero)
        a *= self.alpha
        a += np.maximum(z, zero)
        return a

    def derivative(self, z):
        z = _array(z)
        # f'(z) looked up in [α, 1] by z > 0: np.where(z > 0, 1.0, α) branches per element, and on
        # signs that look random (a hidden layer's) ran 5x slower (backward calls this every batch)
        return np.array([self.alpha, 1.0], z.dtype).take((z > 0).view(np.uint8))[()]

    def config(self):
        return {"alpha": self.alpha}


ACTIVATIONS = {cls.name: cls for cls in (Identity, Step, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax)}
ACTIVATIONS["linear"] = Identity


def check_name(value, argument="activation"):
    """``value`` if it names an activation; otherwise an error naming ``argument`` that lists the
    names and suggests the closest ("ReLU" -> 'relu')."""
    if isinstance(value, str) and value in ACTIVATIONS:
        return value
    choices = ", ".join(ACTIVATIONS)
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument}: expected a name such as 'relu', got {value!r}; "
                                f"choose one of: {choices}")
    raise ValueError(f"{argument}: unknown activation {value!r}; "
                     f"{did_you_mean(value, ACTIVATIONS)}choose one of: {choices}")


def get(name):
    """A new activation layer from its name ("relu", "tanh", ...)."""
    return ACTIVATIONS[check_name(name)]()
