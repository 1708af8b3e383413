"""Weight initialisers: functions of a shape (out, in) and a random generator.

    fan_in = n[l-1] (columns of W), fan_out = n[l] (rows of W)
    Xavier/Glorot (sigmoid, tanh):  Var(W) = 2 / (fan_in + fan_out)
    He/Kaiming (ReLU family):       Var(W) = 2 / fan_in
    LeCun (sigmoid, tanh, SELU):    Var(W) = 1 / fan_in
A uniform U(-a, a) has variance a²/3, so each uniform bound is sqrt(3 · Var). The normal ones
draw a plain normal N(0, Var), as torch.nn.init does; Keras's GlorotNormal and HeNormal draw a
truncated one (cut at 2σ and widened back to the same variance).

Keeping Var(z[l]) ≈ Var(z[l-1]) layer after layer is what stops activations (and gradients)
from shrinking to zero or blowing up with depth. Biases start at zero, as in Keras, except with
``torch_default``, which follows torch.nn.Linear, whose bias is drawn too (see ``bias``).

Ten ReLU layers of 256 units, a[l] = ReLU(W[l] a[l-1]), from inputs of scale 1 (the root mean
square of a[0]): each layer multiplies the scale by about std(W)·sqrt(fan_in / 2), which is 1
for He (the scale stays near 1) and 0.01·sqrt(128) = 0.11 for small N(0, 0.01²) weights (ten
layers shrink it to 0.11¹⁰ ≈ 3e-10):

>>> import numpy as np
>>> from neuralab import nn
>>> rng = np.random.default_rng(0)
>>> a0 = rng.standard_normal((500, 256)).astype(np.float32)
>>> def scale_after_ten_layers(init):
...     a = a0
...     for _ in range(10):
...         a = np.maximum(0, a @ init((256, 256), rng).T)
...     return float(np.sqrt(np.mean(a ** 2)))
>>> round(scale_after_ten_layers(nn.init.he_normal), 1), f"{scale_after_ten_layers(nn.init.normal):.0e}"
(1.2, '3e-10')
"""
import functools
import math
import numbers

import numpy as np

from ..spelling import as_python_name, closest
from .checks import ArgumentTypeError, check_number
from .dtype import as_float_array, get_default_dtype
from .parameter import transpose_hint
from .placeholders import inside_placeholders, placeholder
from .random import check_generator, default_rng


def _fans(shape):
    """fan_in, fan_out of a weight of ``shape`` (out, in, *kernel), as torch.nn.init counts them;
    a vector (n,) has n for both and a scalar 1, as in Keras (torch refuses fewer than 2 axes)."""
    fan_out = shape[0] if shape else 1
    fan_in = shape[1] if len(shape) > 1 else fan_out
    receptive = math.prod(shape[2:])  # kernels of convolutions: (out, in, kh, kw)
    return fan_in * receptive, fan_out * receptive  # >= 1: ``_as_shape`` refuses a size of 0


def _initialiser(draw):
    """``draw`` as a public initialiser: inside ``placeholders()`` it returns the placeholder of
    its shape, counted towards the block's ``max_values``, and draws nothing, however it is
    called: by name through ``get``, or directly, as a layer of your own may call
    ``nn.init.he_normal(shape)`` in its ``__init__`` while ``load`` rebuilds it."""
    @functools.wraps(draw)
    def initialiser(shape, *args, **kwargs):
        shape = _as_shape(shape)
        if inside_placeholders():
            return placeholder(shape)
        return draw(shape, *args, **kwargs)
    return initialiser


def _as_shape(shape):
    """``shape`` as a tuple of sizes; an integer n is (n,), as NumPy reads it. Refused, naming
    it, unless every size is an integer >= 1 (NumPy's and math's own errors name no argument,
    and he_normal(5) met "'int' object is not subscriptable" where normal(5) drew 5 values).

    A size of 0 (a layer of 0 units or 0 inputs) gave an empty array, silently, and a fan of 0
    that he_normal divides by; torch.nn.init warns "Initializing zero-element tensors is a
    no-op". So is a shape of more values than a model may hold in all (``MAX_MODEL_VALUES``,
    which save and load refuse): NumPy tried to allocate them (MemoryError, or, within what the
    system promises, a draw that fills gigabytes of swap) or said "array is too big"."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    if not (isinstance(shape, (tuple, list)) and all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1 for n in shape)):
        empty = (": a size of 0 leaves nothing to draw (a layer needs at least one unit and one input)"
                 if isinstance(shape, (tuple, list)) and 0 in shape else "")
        raise ArgumentTypeError(f"shape must be a tuple of sizes (integers >= 1) such as (out, in), "
                                f"got {shape!r}{empty}")
    shape = tuple(int(n) for n in shape)
    from .dense import MAX_MODEL_VALUES  # here: dense.py, which holds the limit, imports this module
    if math.prod(shape) > MAX_MODEL_VALUES:
        raise ValueError(f"shape {shape} holds more than the {MAX_MODEL_VALUES:,} values a whole "
                         f"model may hold (save and load refuse more); use smaller layers")
    return shape


def _scale(value, name, role):
    """``value``, the scale of a draw (``normal``'s std, ``uniform``'s limit), if it is a finite
    number >= 0 (0 draws zeros, as torch.nn.init's normal_ with std=0 does) whose draws the
    default dtype holds: NumPy said "scale < 0", drew NaN for a NaN std, and overflowed into
    inf with a RuntimeWarning for a std of 1e300 in float32. Up to a tenth of the dtype's
    largest number: a normal draw exceeds ten σ with probability 1.5e-23."""
    largest = float(np.finfo(get_default_dtype()).max) / 10
    return check_number(value, name, lambda v: 0 <= v <= largest,
                        f"a number from 0 to {largest:.3g} ({role})")


def _generator(rng):
    """The generator to draw from: ``rng``, one seeded with it for an integer, or the library's for
    None. Anything else is refused (``rng or default_rng()`` once took a seed of 0 for None)."""
    rng = check_generator(rng)
    return default_rng() if rng is None else rng


@_initialiser
def zeros(shape, rng=None):
    """W = 0: every unit of a layer computes the same thing and gets the same gradient, so they
    stay equal (the symmetry a random start breaks); fine for a single unit (logistic regression)."""
    return np.zeros(shape, get_default_dtype())


@_initialiser
def ones(shape, rng=None):
    """W = 1 (BatchNorm's γ starts here); as ``zeros``, no symmetry is broken."""
    return np.ones(shape, get_default_dtype())


@_initialiser
def normal(shape, rng=None, std=0.01):
    """W ~ N(0, std²), std = 0.01 by default: small random weights, the classic start for a
    shallow network; in a deep one each layer multiplies the signal's scale by about
    std·sqrt(fan_in) (0.1 for 100 inputs), so it fades."""
    std = _scale(std, "std", "the standard deviation σ of W ~ N(0, σ²)")
    return _generator(rng).normal(0.0, std, shape).astype(get_default_dtype())


@_initialiser
def uniform(shape, rng=None, limit=0.05):
    """W ~ U(-limit, limit), limit = 0.05 by default: Var(W) = limit²/3."""
    limit = _scale(limit, "limit", "the bound a of W ~ U(-a, a)")
    return _generator(rng).uniform(-limit, limit, shape).astype(get_default_dtype())


@_initialiser
def xavier_uniform(shape, rng=None):
    """Glorot & Bengio (2010): W ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)), so that
    Var(W) = 2 / (fan_in + fan_out): for sigmoid and tanh. torch.nn.init.xavier_uniform_.

    >>> import numpy as np
    >>> from neuralab import nn
    >>> W = nn.init.xavier_uniform((100, 200), rng=np.random.default_rng(0))   # a = sqrt(6 / 300) = 0.1414
    >>> round(float(np.abs(W).max()), 3)                   # the largest |w| comes close to a
    0.141
    """
    fan_in, fan_out = _fans(shape)
    return uniform(shape, rng, limit=math.sqrt(6.0 / (fan_in + fan_out)))


@_initialiser
def xavier_normal(shape, rng=None):
    """Glorot & Bengio (2010): W ~ N(0, 2 / (fan_in + fan_out)): for sigmoid and tanh.
    torch.nn.init.xavier_normal_."""
    fan_in, fan_out = _fans(shape)
    return normal(shape, rng, std=math.sqrt(2.0 / (fan_in + fan_out)))


@_initialiser
def he_uniform(shape, rng=None):
    """He et al. (2015): W ~ U(-a, a), a = sqrt(6 / fan_in), so that Var(W) = 2 / fan_in: a ReLU
    zeroes half of z, and the factor 2 makes up for it. torch.nn.init.kaiming_uniform_ with
    nonlinearity="relu" (or its default, a=0).

    A LeakyReLU(α) keeps α·z of the other half, and its exact variance is 2 / ((1 + α²)·fan_in)
    (torch's kaiming_uniform_(a=α)); for MLP's α = 0.01 that is 0.01 % less, which this ignores."""
    fan_in, _ = _fans(shape)
    return uniform(shape, rng, limit=math.sqrt(6.0 / fan_in))


@_initialiser
def he_normal(shape, rng=None):
    """He et al. (2015): W ~ N(0, 2 / fan_in): for the ReLU family (see ``he_uniform`` for
    LeakyReLU). torch.nn.init.kaiming_normal_ with nonlinearity="relu".

    >>> import numpy as np
    >>> from neuralab import nn
    >>> W = nn.init.he_normal((100, 200), rng=np.random.default_rng(0))       # fan_in = 200
    >>> round(float(W.std()), 2), W.dtype                  # sqrt(2 / 200) = 0.1
    (0.1, dtype('float32'))
    """
    fan_in, _ = _fans(shape)
    return normal(shape, rng, std=math.sqrt(2.0 / fan_in))


@_initialiser
def lecun_normal(shape, rng=None):
    """LeCun et al. (1998): W ~ N(0, 1 / fan_in), so that Var(z) = Var(a_prev) for inputs of zero
    mean. It is Nielsen's ``default_weight_initializer`` in network2.py, np.random.randn(n_out,
    n_in) / np.sqrt(n_in) (whose biases are drawn from N(0, 1) too, where here they start at 0).
    Keras's LecunNormal draws a truncated normal of the same variance.

    >>> import numpy as np
    >>> from neuralab import nn
    >>> W = nn.init.lecun_normal((100, 400), rng=np.random.default_rng(0))    # fan_in = 400
    >>> round(float(W.std()), 2)                           # sqrt(1 / 400) = 0.05
    0.05
    """
    fan_in, _ = _fans(shape)
    return normal(shape, rng, std=math.sqrt(1.0 / fan_in))


@_initialiser
def lecun_uniform(shape, rng=None):
    """LeCun et al. (1998): W ~ U(-a, a), a = sqrt(3 / fan_in), so that Var(W) = 1 / fan_in."""
    fan_in, _ = _fans(shape)
    return uniform(shape, rng, limit=math.sqrt(3.0 / fan_in))


@_initialiser
def torch_default(shape, rng=None):
    """PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), Var = 1/(3·fan_in).
    A Dense layer given it draws its bias from the same U (see ``bias``), as torch does."""
    fan_in, _ = _fans(shape)
    return uniform(shape, rng, limit=1.0 / math.sqrt(fan_in))


INITIALIZERS = {
    "zeros": zeros, "ones": ones, "normal": normal, "uniform": uniform,
    "xavier_uniform": xavier_uniform, "xavier_normal": xavier_normal,
    "glorot_uniform": xavier_uniform, "glorot_normal": xavier_normal,
    "he_uniform": he_uniform, "he_normal": he_normal,
    "kaiming_uniform": he_uniform, "kaiming_normal": he_normal,
    "lecun_uniform": lecun_uniform, "lecun_normal": lecun_normal,
    "torch_default": torch_default,
}

# The initialiser that keeps activations' variance steady for each hidden activation (every
# name in nn.activations.ACTIVATIONS, so that MLP never falls back on one silently).
DEFAULT_FOR_ACTIVATION = {
    "relu": "he_uniform", "leaky_relu": "he_uniform",
    "sigmoid": "xavier_uniform", "tanh": "xavier_uniform", "identity": "xavier_uniform",
    "linear": "xavier_uniform", "step": "xavier_uniform", "softmax": "xavier_uniform",
}


def weight(init, shape, rng=None):
    """A layer's initial weight: ``init`` (a name or a function) drawn for ``shape`` (out, in).

    The built-in initialisers are right by construction. A function of the user's own is
    checked here, at construction, rather than by the first forward pass's NumPy alignment
    error: its output must be real, finite numbers of ``shape``. It is returned as a copy in the
    default dtype, as every parameter is created (a float64 ``np.full`` next to a float32
    bias would make the layer compute in float64), and so that two layers never share it.

    The function is given a generator, never None: ``rng``, one seeded with it, or the library's,
    which ``neuralab.seed`` seeds (the course's ``rng.standard_normal(shape) * 10`` met
    "'NoneType' object has no attribute 'standard_normal'" inside the learner's own function).
    """
    draw = get(init)
    if draw is placeholder or draw in INITIALIZERS.values():
        return draw(shape, rng)
    values = draw(shape, _generator(rng))
    values = as_float_array(values, "init's output")  # TypeError for text, ValueError for NaN
    if values.shape != tuple(shape):
        raise ValueError(f"init must return the weight's shape (out, in) = {tuple(shape)}, "
                         f"got shape {values.shape}{transpose_hint(shape, values.shape)}")
    return values.astype(get_default_dtype())


def bias(init, shape, rng=None):
    """The initial bias, shape (out,), of a layer whose weight of ``shape`` (out, in) ``init``
    draws: zeros, except after ``torch_default``, which draws it as torch.nn.Linear does,
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with the weight's fan_in, from the same generator."""
    if get(init) is not torch_default:  # inside ``placeholders()``, get gives the placeholder
        return zeros(shape[:1])
    fan_in, _ = _fans(shape)
    return uniform(shape[:1], rng, limit=1.0 / math.sqrt(fan_in))


CUSTOM = "custom"  # what a spec says for an init function of the user's own


def name_of(init):
    """The name a layer's spec stores for ``init``: its own name for a built-in initialiser
    (given by name or as the function), ``CUSTOM`` for any other function."""
    if isinstance(init, str):
        return init
    name = getattr(init, "__name__", None)
    return name if INITIALIZERS.get(name) is init else CUSTOM


def get(name):
    """The initialiser called ``name`` (or ``name`` itself if it is a function); ValueError
    listing the valid names otherwise. Inside ``placeholders()``, the placeholder for any of
    them, ``CUSTOM`` included."""
    custom = isinstance(name, str) and name == CUSTOM  # not name == CUSTOM: an array compares itself
    if custom and not inside_placeholders():
        raise ValueError(f"init {CUSTOM!r} was a function of the model's author, which a spec does "
                         f"not hold: load the saved model (its file holds the weights) or pass "
                         f"the function as init=")
    if not callable(name) and not custom:
        try:
            name = INITIALIZERS[name]
        except (KeyError, TypeError):
            shown = f"array of shape {name.shape}" if isinstance(name, np.ndarray) else repr(name)
            raise ValueError(f"unknown init {shown}; {init_suggestion(name)}choose one of: "
                             f"{', '.join(INITIALIZERS)}") from None
    return placeholder if inside_placeholders() else name


# What np.random.randn and Nielsen's network2.py call the draws that have other names here
_STANDARD_NORMAL = ("np.random.randn draws N(0, 1), Nielsen's large_weight_initializer: "
                    "init=functools.partial(nn.init.normal, std=1.0), as nn.init.normal's std is 0.01 by default")
OTHER_NAMES = {
    "randn": _STANDARD_NORMAL, "standard_normal": _STANDARD_NORMAL, "large_weight_initializer": _STANDARD_NORMAL,
    "default_weight_initializer": "Nielsen's default_weight_initializer, randn(n_out, n_in) / sqrt(n_in), is "
                                  "init='lecun_normal'",
    # Andrew Ng's course's initialisers (biases 0, as here)
    **{name: "the course's randn(n[l], n[l-1]) * 0.01 is init='normal' (nn.init.normal's std is 0.01)"
       for name in ("initialize_parameters", "initialize_parameters_deep")},
    "initialize_parameters_he": "the course's randn(n[l], n[l-1]) * sqrt(2 / n[l-1]) is init='he_normal'",
    "initialize_parameters_zeros": "the course's zeros are init='zeros'",
    "initialize_parameters_random": "the course's randn(n[l], n[l-1]) * 10 is "
                                    "init=functools.partial(nn.init.normal, std=10.0)",
}


def init_suggestion(name):
    """The start of an error message: "did you mean ...? " for a misspelt init name, how to
    start from weights of your own for numbers (init=W, init=0.5), or "". A family name ("he",
    "kaiming", "glorot", "xavier") gets both its members rather than one of them: uniform or
    normal is a choice, which Keras and PyTorch leave to the user too. Otherwise only a close
    spelling is suggested: "kaiming_uniform_" (PyTorch's function) and "HeNormal" (Keras's
    class) get the name they spell, "orthogonal" nothing. NumPy's and Nielsen's names for a
    draw that is here under another name get it (``OTHER_NAMES``)."""
    if not isinstance(name, str):
        try:
            weights_given = np.asarray(name).dtype.kind in "iuf"  # numbers: not None, nor a bool
        except (TypeError, ValueError):  # ragged lists
            weights_given = False
        return ("to start from weights of your own, assign them once the layer is built: "
                "layer.weight.data = W, of shape (out, in), or layer.weight.data[...] = 0.5; "
                if weights_given else "")
    key = as_python_name(name)
    if key in OTHER_NAMES:
        return f"{OTHER_NAMES[key]}; "
    close = [n for n in INITIALIZERS if n.startswith(key + "_")] or closest(key, INITIALIZERS, cutoff=0.8)
    return f"did you mean {' or '.join(map(repr, close))}? " if close else ""
