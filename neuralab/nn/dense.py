"""The fully connected layer."""
import numpy as np

from . import init as initializers
from .checks import check_bool, check_size, checked_keywords
from .dtype import as_float_array
from .habits import DENSE_KEYWORDS, DENSE_NEEDS
from .layer import Layer
from .parameter import Parameter
from .random import check_generator
from .shape_hints import rows_hint

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
    """

    @checked_keywords(DENSE_KEYWORDS, missing=DENSE_NEEDS)   # torch's device, Keras's kernel_initializer and Dense(8)
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
        self.a_prev = a_prev = self._check_input(x)
        # np.dot, here and for δ_prev: for 2-D arrays it is @ (the same BLAS call, the same
        # numbers) without the general machinery of np.matmul, which costs a microsecond or two
        # per call, much of a small layer's time (the playground's layers have 2 to 8 units)
        z = np.dot(a_prev, self.weight.data.T)                      # z = a_prev · Wᵀ + b
        if self.bias is not None:
            z += self.bias.data
        return z

    skips_input_grad = True
    regularized = ("weight",)

    def backward(self, grad_out, input_grad=True):
        a_prev = self._cached("a_prev")
        delta = self._check_delta(grad_out, (a_prev.shape[0], self.out_features))
        # dL/dW += δᵀ · a_prev and dL/db += Σ_i δ_i through accumulate, not add_grad: after
        # zero_grad, np.matmul and the sum write straight into the gradients, with no temporary
        # (np.matmul's out= also takes a float32 gradient of a float64 product)
        self.weight.accumulate(np.matmul, delta.T, a_prev)
        if self.bias is not None:
            self.bias.accumulate(np.add.reduce, delta, 0)           # dL/db += Σ_i δ_i
        return np.dot(delta, self.weight.data) if input_grad else None   # δ_prev = δ · W

    def _check_input(self, x):
        """x as the float array a_prev of shape (m, in_features), or an error that names the
        reshape that fixes it (``shape_hints.rows_hint``)."""
        try:
            a_prev = as_float_array(x, "input of Dense", ndim=2, finite=False)
        except ValueError as err:
            raise ValueError(f"{err}{rows_hint(x, self.in_features)}") from None
        if a_prev.shape[1] != self.in_features:
            raise ValueError(f"Dense expects inputs of shape (batch, {self.in_features}), "
                             f"got {a_prev.shape}{rows_hint(a_prev, self.in_features)}")
        return a_prev

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
