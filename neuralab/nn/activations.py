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
from .checks import (NO_ARGUMENTS, ArgumentTypeError, check_no_arguments, check_number, checked_keywords,
                     undefined_hook)
from .habits import ACTIVATION_NAMES, TORCH_LAYER_KEYWORDS, TORCH_LEAKY_RELU_KEYWORDS
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
    """An element-wise activation a = f(z), as a layer. A class of your own gives the two formulas:
        forward:  a = function(z), with z, the layer's input, kept as ``self.z``
        backward: δ_z = δ_a ⊙ derivative(z)

        class Square(nn.Activation):
            def function(self, z):
                return z ** 2
            def derivative(self, z):
                return 2 * z

    Both get z as a float array (a list or a number is converted first, integers into the
    default dtype) and give a NumPy number back for a number, as a built-in's do:
    ``Square().function([1, 2])`` is ``array([1., 4.])``. A subclass of a built-in activation
    (``class ReLU6(nn.ReLU)``) that overrides ``function`` or ``derivative`` is trained with
    them; one that defines its own ``forward`` keeps ``self.z`` for this backward (or defines
    backward too)."""

    abstract = True
    name = ""
    keeps_shape = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("neuralab."):  # the built-ins convert z themselves
            for name in ("function", "derivative"):
                if name in cls.__dict__:
                    setattr(cls, name, _taking_array_likes(cls.__dict__[name]))
        # The built-ins' forward and backward compute from their own formulas, without calling
        # function and derivative: a subclass that overrides either gets Activation's generic
        # pair back, which does (own_formulas.use_own_formulas).
        use_own_formulas(cls, Activation.forward, Activation.backward)

    def __init__(self, *args, **unexpected):
        if type(self) is Activation and args and isinstance(args[0], str):   # Keras's Activation("relu")
            this = f"nn.{ACTIVATIONS[args[0]].__name__}()" if args[0] in ACTIVATIONS else "a layer of nn.ACTIVATIONS"
            raise TypeError(f"nn.Activation is the base class of the activations: Keras's Activation({args[0]!r}) "
                            f"is {this} here, a layer of its own after the Dense")
        check_no_arguments(self, args, unexpected, TORCH_LAYER_KEYWORDS)   # torch's ReLU(inplace=True)
    # help(nn.ReLU) shows ReLU(): *args and **unexpected only catch torch's ReLU(inplace=True)
    __init__.__signature__ = NO_ARGUMENTS

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
        """The layer's input x as z, a float array (``x`` is forward's argument, as in every layer)."""
        return _array(x, f"input of {type(self).__name__}")

    def forward(self, x, training=False):
        """a = f(z) for z = x, the layer's input, kept as ``self.z`` for backward; ``training``
        changes nothing in an activation."""
        self.z = self._input(x)
        return self.function(self.z)

    def backward(self, grad_out):
        """δ_z = δ_a ⊙ f'(z): dL/dz, the gradient for the layer below, from ``grad_out`` = δ_a =
        dL/da, of the shape of forward's output."""
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
    """The identity, the output of a regression network (its output layer adds no activation):

        a = z;  f'(z) = 1, so backward passes δ on unchanged

    >>> Identity()([-2.0, 0.0, 2.0])                 # nn.Identity(), or activation="identity"
    array([-2.,  0.,  2.])
    """

    name = "identity"

    def function(self, z):
        return _array(z)[()]

    def derivative(self, z):
        return np.ones_like(_array(z))[()]

    def backward(self, grad_out):
        """δ_z = δ_a, passed on unchanged. It needs nothing from forward, so a class of your own
        that overrides ``forward`` alone keeps working; δ is checked when Identity's own forward
        has run."""
        z = self.__dict__.get("z")
        return grad_out if z is None else self._check_delta(grad_out, z.shape)


class Step(Activation):
    """Rosenblatt's threshold unit:

        a = 1 if z ≥ 0 else 0;  f'(z) = 0 wherever it exists

    so no gradient passes it: gradient descent cannot train the layers below, which is why the
    perceptron rule exists (``classic.Perceptron``). At z = 0, where the jump leaves the
    derivative undefined, ``derivative`` gives 0 too, the slope on either side.

    >>> Step()([-2.0, 0.0, 2.0])                     # nn.Step(), or activation="step"
    array([0., 1., 1.])
    """

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
    """The logistic sigmoid, which squashes any z into (0, 1), a probability:

        a = σ(z) = 1 / (1 + e^(-z))
        f'(z) = σ(z)(1 - σ(z)) ≤ 1/4, so backward is δ_z = δ_a ⊙ a(1 - a)

    The slope of at most 1/4 shrinks δ at every sigmoid layer it flows back through: the
    vanishing gradients of deep sigmoid networks. Computed without overflow for any finite z.

    >>> Sigmoid()([-2.0, 0.0, 2.0]).round(3)         # nn.Sigmoid(), or activation="sigmoid"
    array([0.119, 0.5  , 0.881])
    """

    name = "sigmoid"

    @_number_as_vector
    def function(self, z):
        return sigmoid(z)

    @_number_as_vector
    def derivative(self, z):
        s = sigmoid(z)
        return s * (1 - s)

    def forward(self, x, training=False):
        """a = σ(z), kept for backward, which needs only a."""
        z = self._input(x)
        self.a = sigmoid(z)
        return self.a

    def backward(self, grad_out):
        """δ_z = δ_a ⊙ a(1 - a), from ``grad_out`` = δ_a and the a forward kept."""
        a = self._cached("a")
        return self._check_delta(grad_out, a.shape) * a * (1 - a)


class Tanh(Activation):
    """The hyperbolic tangent, which squashes any z into (-1, 1), centred on 0:

        a = tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)) = 2σ(2z) - 1
        f'(z) = 1 - tanh²(z) ≤ 1, so backward is δ_z = δ_a ⊙ (1 - a²)

    >>> Tanh()([-2.0, 0.0, 2.0]).round(3)            # nn.Tanh(), or activation="tanh"
    array([-0.964,  0.   ,  0.964])
    """

    name = "tanh"

    def function(self, z):
        return np.tanh(_array(z))

    @_number_as_vector
    def derivative(self, z):
        return 1 - np.tanh(z) ** 2

    def forward(self, x, training=False):
        """a = tanh(z), kept for backward, which needs only a."""
        z = self._input(x)
        self.a = np.tanh(z)
        return self.a

    def backward(self, grad_out):
        """δ_z = δ_a ⊙ (1 - a²), from ``grad_out`` = δ_a and the a forward kept."""
        a = self._cached("a")
        return self._check_delta(grad_out, a.shape) * (1 - a * a)


class ReLU(Activation):
    """The rectified linear unit:

        a = max(0, z);  f'(z) = 1 if z > 0 else 0 (0 at z = 0, as in PyTorch)

    so backward is δ_z = δ_a ⊙ [z > 0]: δ passes unchanged where the unit was active. A unit
    whose z stays below 0 for every sample gets no gradient again ("dead"; see ``LeakyReLU``).

    >>> ReLU()([-2.0, 0.0, 2.0])                     # nn.ReLU(), or activation="relu"
    array([0., 0., 2.])
    """

    name = "relu"

    def function(self, z):
        z = _array(z)
        return np.maximum(z, _zero_row(z))  # (against 0, NumPy 1 made a float32 number a float64)

    def derivative(self, z):
        z = _array(z)
        return (z > 0).astype(z.dtype)

    def forward(self, x, training=False):
        """a = max(0, z); the mask [z > 0] is kept for backward."""
        z = self._input(x)
        self.mask = z > 0
        return np.maximum(z, _zero_row(z))

    def backward(self, grad_out):
        """δ_z = δ_a ⊙ [z > 0], from ``grad_out`` = δ_a and the mask forward kept."""
        mask = self._cached("mask")
        return self._check_delta(grad_out, mask.shape) * mask


class LeakyReLU(Activation):
    """A ReLU with a slope α for z < 0, so that no unit dies completely:

        a = z if z > 0 else α·z;  f'(z) = 1 if z > 0 else α (α at z = 0, as in PyTorch)

    ``alpha`` is α, any number from -100 to 100 (``MAX_ALPHA``); torch's negative_slope.

    >>> LeakyReLU(alpha=0.1)([-2.0, 0.0, 2.0])       # nn.LeakyReLU(0.1), or "leaky_relu" (0.01)
    array([-0.2,  0. ,  2. ])
    """

    name = "leaky_relu"
    # The largest |α| taken. torch takes any float, but a slope for z < 0 a hundred times that for
    # z > 0 is no longer a leak, and one near float32's largest (3.4e38) makes α·z inf for any
    # z < -1, and α itself inf in a float32 model's derivative: a typo or a crafted file.
    MAX_ALPHA = 100.0

    @checked_keywords(TORCH_LEAKY_RELU_KEYWORDS)   # torch's negative_slope, inplace
    def __init__(self, alpha=0.01):
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
    hint = f"{ACTIVATION_NAMES[value]}; " if value in ACTIVATION_NAMES else did_you_mean(value, ACTIVATIONS)
    raise ValueError(f"{argument}: unknown activation {value!r}; {hint}choose one of: {choices}")


def get(name):
    """A new activation layer from its name ("relu", "tanh", ...)."""
    return ACTIVATIONS[check_name(name)]()
