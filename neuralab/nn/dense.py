"""The fully connected layer."""
import math

import numpy as np

from . import init as initializers
from .checks import check_bool, check_size, checked_keywords
from .dtype import as_float_array
from .habits import DENSE_KEYWORDS
from .layer import Layer
from .parameter import Parameter
from .random import check_generator

MAX_WEIGHTS = 100_000_000  # 400 MB in float32: refuses typos and crafted files, not real models
# The most values (parameters and buffers) a saved model may hold in all, which ``load`` checks
# before it reads any data: room for the largest Dense layer and as much again, yet a small
# crafted file of many such layers cannot make ``load`` take much more than 800 MB (1.6 GB in
# float64).
MAX_MODEL_VALUES = 2 * MAX_WEIGHTS


class Dense(Layer):
    """z = a_prev · Wᵀ + b — the course's z[l] = W[l] a[l-1] + b[l], with samples as rows.

    Shapes: a_prev (m, n_in), W (n_out, n_in), b (n_out,), z (m, n_out). W[j, i] is the weight
    from input i to unit j, the course's w_ji; one sample is a row, x of shape (1, n_in).

    To set the weights by hand, assign ``layer.weight.data`` and ``layer.bias.data`` (lists are
    taken): their shapes stay (n_out, n_in) and (n_out,), and another one is refused with the
    fix, e.g. the transpose W.T of a matrix written (n_in, n_out), as some textbooks write W.

    ``init`` draws W: a name from ``nn.init`` or a function (shape, rng) -> array, whose output
    is checked here (shape (n_out, n_in), finite numbers). b starts at 0, except with
    "torch_default", which draws it as torch.nn.Linear does (``nn.init.bias``).

    Backward, with δ = dL/dz of shape (m, n_out):
        dL/dW = δᵀ · a_prev        (n_out, n_in)
        dL/db = Σ over samples of δ (n_out,)
        δ_prev = dL/da_prev = δ · W (m, n_in)

    Two samples through one unit, W = [[1, -2]] and b = [0.5], then back with δ = [[1], [2]]:

    >>> import numpy as np
    >>> from neuralab import nn
    >>> layer = nn.Dense(2, 1)
    >>> layer.weight.data, layer.bias.data = [[1.0, -2.0]], [0.5]
    >>> layer(np.array([[3.0, 1.0], [0.0, 2.0]]))          # 1·3 - 2·1 + 0.5 and 1·0 - 2·2 + 0.5
    array([[ 1.5],
           [-3.5]])
    >>> layer.backward(np.array([[1.0], [2.0]]))           # δ_prev = δ · W: each δ_i times [1, -2]
    array([[ 1., -2.],
           [ 2., -4.]])
    >>> layer.weight.grad, layer.bias.grad                 # δᵀ · a_prev = 1·[3, 1] + 2·[0, 2]; Σ δ = 3
    (array([[3., 5.]], dtype=float32), array([3.], dtype=float32))

    z and δ_prev are computed with ``np.dot``: for 2-D arrays it is ``@`` (the same BLAS call, the
    same numbers) without the general machinery of ``np.matmul``, which costs a microsecond or two
    per call, much of a small layer's time (the playground's layers have 2 to 8 units). dL/dW
    keeps ``np.matmul``, whose ``out=`` also takes a float32 gradient of a float64 product.
    """

    @checked_keywords(DENSE_KEYWORDS)   # torch's device, Keras's kernel_initializer
    def __init__(self, in_features, out_features, bias=True, init="xavier_uniform", rng=None):
        self.in_features = check_size(in_features, "in_features")
        self.out_features = check_size(out_features, "out_features")
        if self.in_features * self.out_features > MAX_WEIGHTS:
            raise ValueError(f"Dense({self.in_features}, {self.out_features}) would hold "
                             f"{self.in_features * self.out_features:,} weights; at most {MAX_WEIGHTS:,}")
        bias = check_bool(bias, "bias")
        rng = check_generator(rng)   # one generator for the weights and the bias, from a seed too
        self.init = initializers.name_of(init)
        shape = (self.out_features, self.in_features)
        self.weight = Parameter(initializers.weight(init, shape, rng), "weight", fixed_shape=True)
        self.bias = Parameter(initializers.bias(init, shape, rng), "bias", fixed_shape=True) if bias else None

    optional_parameters = ("bias",)  # bias=False is a bias of None

    def forward(self, x, training=False):
        try:
            a_prev = as_float_array(x, "input of Dense", ndim=2, finite=False)
        except ValueError as err:
            raise ValueError(f"{err}{rows_hint(x, self.in_features)}") from None
        if a_prev.shape[1] != self.in_features:
            raise ValueError(f"Dense expects inputs of shape (batch, {self.in_features}), "
                             f"got {a_prev.shape}{rows_hint(a_prev, self.in_features)}")
        self.a_prev = a_prev
        z = np.dot(a_prev, self.weight.data.T)
        if self.bias is not None:
            z += self.bias.data
        return z

    skips_input_grad = True
    regularized = ("weight",)

    def backward(self, grad_out, input_grad=True):
        a_prev = self._cached("a_prev")
        delta = self._check_delta(grad_out, (a_prev.shape[0], self.out_features))
        self.weight.accumulate(np.matmul, delta.T, a_prev)        # dL/dW += δᵀ · a_prev
        if self.bias is not None:
            self.bias.accumulate(np.add.reduce, delta, 0)          # dL/db += Σ_i δ_i
        return np.dot(delta, self.weight.data) if input_grad else None

    def config(self):
        return {"in_features": self.in_features, "out_features": self.out_features,
                "bias": self.bias is not None, "init": self.init}

    def output_shape(self, input_shape):
        if tuple(input_shape) != (self.in_features,):  # what forward would refuse
            raise ValueError(f"Dense expects samples of shape ({self.in_features},), got "
                             f"{tuple(input_shape)}")
        return (self.out_features,)

    def __repr__(self):
        extra = "" if self.bias is not None else ", bias=False"
        return f"Dense({self.in_features}, {self.out_features}{extra})"


def rows_hint(x, n_features, name="x"):
    """" (the fix)" for an input ``x`` that is not rows of ``n_features``, for a layer or model
    that takes them. A vector of that many values is one sample, a row once reshaped, and a
    vector for a single feature a column; samples of several axes holding ``n_features`` values
    (8×8 images for 64 inputs) are flattened; an array of any other shape whose n_features values
    are all there is one sample (a 28×28 image for 784 inputs), a row once reshaped. A last axis
    of 3 or 4 whose other axes make the width is colour (RGB, or RGBA as ``plt.imread`` reads a
    PNG), for a model of grey pixels: converted to grey, then flattened. "" otherwise (a number,
    an empty input)."""
    try:
        shape = np.shape(x)
    except ValueError:  # a ragged nested list: the error says so already
        return ""
    if len(shape) == 1 and shape[0]:
        if n_features == 1:
            return f" (one feature per sample? make it a column: np.reshape({name}, (-1, 1)))"
        if shape[0] == n_features:
            return f" (one sample? make it a row: np.reshape({name}, (1, -1)))"
        return f" (samples are rows of {n_features} features: shape (samples, {n_features}))"
    if len(shape) == 2 and shape[1] == n_features:   # rows of the right width: another problem
        return ""
    if len(shape) > 2 and math.prod(shape[1:]) == n_features:
        return f" (flatten each sample: np.reshape({name}, (len({name}), -1)))"
    if len(shape) >= 2 and math.prod(shape) == n_features:
        sizes = " × ".join(map(str, shape))
        return (f" (one sample, an image of {sizes} = {n_features} values? make it one row: "
                f"np.reshape({name}, (1, -1)))")
    if len(shape) > 2 and shape[-1] in (3, 4):
        grey = f"{name}[..., :3].mean(axis=-1)"
        channels = ("3 colour channels (RGB)" if shape[-1] == 3 else
                    "4 colour channels (RGBA, as plt.imread reads a PNG)")
        if math.prod(shape[:-1]) == n_features:
            return (f" (one colour image? its last axis holds {channels}, and the model takes "
                    f"{n_features} grey values: convert it to grey and make it one row, "
                    f"np.reshape({grey}, (1, -1)))")
        if math.prod(shape[1:-1]) == n_features:
            return (f" (colour images? their last axis holds {channels}, and the model takes "
                    f"{n_features} grey values each: convert them to grey and flatten each, "
                    f"np.reshape({grey}, (len({name}), -1)))")
    return ""
