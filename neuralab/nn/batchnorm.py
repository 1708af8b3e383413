"""Batch normalisation: each feature standardised over the batch, then scaled and shifted."""
import numpy as np

from . import init as initializers
from .checks import ArgumentTypeError, check_eps, check_number, checked_keywords, check_size
from .dtype import as_float_array
from .habits import TORCH_BATCHNORM_KEYWORDS
from .layer import Layer
from .parameter import Parameter
from .parameter_guard import BufferSlot
from .user_line import warn


def _feature_layout(ndim):
    """(axes the statistics run over, shape that lines a (C,) vector up with z's feature axis):
    ((0,), (C,)) for z (m, C) and ((0, 2), (C, 1)) for z (m, C, L)."""
    return (0,) + tuple(range(2, ndim)), (-1,) + (1,) * (ndim - 2)


def _warn_keras_momentum(momentum):
    """Keras's momentum is the weight of the old running statistics, 1 minus torch's and this
    layer's: its usual 0.99 (or 0.9, 0.999) written here keeps almost nothing of them, so the
    statistics evaluation uses are the last batch's. A torch-style value is rarely 0.5 or more
    (0.1 by default; 1, the last batch alone, is no Keras value: it would never move them)."""
    warn(f"BatchNorm1d(momentum={momentum:g}) weighs each new batch by {momentum:g} in the running "
         f"statistics (torch's convention, 0.1 by default), nearly the opposite of Keras's momentum, the "
         f"weight of the old ones: for Keras's momentum={momentum:g} pass momentum={round(1 - momentum, 12):g}")


class BatchNorm1d(Layer):
    """z̃ = γ ⊙ x̂ + β with x̂ = (z - μ) / √(σ² + ε), feature by feature, as ``torch.nn.BatchNorm1d``.

    Shapes: z (m, C), or (m, C, L) with the statistics of feature c over its m·L values;
    γ = ``weight`` (C,), starts at 1;  β = ``bias`` (C,), starts at 0. In an MLP it sits
    between z[l] = W[l] a[l-1] and the activation: a[l] = f(BN(z[l])).

    Training, over the n = m (or m·L) values of each feature in the batch:
        μ = (1/n) Σ z        σ² = (1/n) Σ (z - μ)²  (biased)        σ_ε = √(σ² + ε)
        running_mean ← (1 - momentum) · running_mean + momentum · μ
        running_var  ← (1 - momentum) · running_var  + momentum · σ² · n / (n - 1)  (unbiased)
    Evaluation: the same x̂ with μ, σ² replaced by ``running_mean``, ``running_var``, so a
    sample's output no longer depends on the rest of its batch.
    ``momentum`` is the weight of the new batch (PyTorch's convention; Keras' is 1 minus it). One
    in (0.5, 1) is warned of as a likely Keras value wherever it is written: the constructor, or a
    spec given to ``Layer.from_spec``; not when ``load`` reads a model file.

    Backward, with δ = dL/dz̃ and σ_ε = √(σ² + ε) (the layer's ``sigma_eps``):
        dL/dγ = Σ δ ⊙ x̂        dL/dβ = Σ δ        (sums over the n values of each feature)
        evaluation (μ, σ² are constants):   δ_prev = (γ / σ_ε) δ
        training (μ, σ² depend on every z of the batch: ∂x̂_i/∂z_j = (1[i=j] - 1/n - x̂_i x̂_j / n) / σ_ε):
            δ_prev = (γ / σ_ε) (δ - mean(δ) - x̂ ⊙ mean(δ ⊙ x̂))
                   = (γ / σ_ε) (δ - (dL/dβ + x̂ ⊙ dL/dγ) / n)
    The two subtracted terms are the paths through μ and through σ²: shifting a feature over the
    whole batch, or scaling it (up to ε), leaves x̂ unchanged, so δ_prev has no component along
    those directions. An all-ones δ therefore gives δ_prev = 0 in exact arithmetic, and in floating
    point zero up to rounding (of the order of γ/σ_ε times the dtype's machine epsilon, 2e-16 in
    float64 and 1e-7 in float32, not exactly 0).

    A training batch with one value per feature has σ² = 0 and x̂ = 0; it is refused, as in
    PyTorch. γ and β are not penalised by L1/L2 (``regularized`` is empty).

    Three samples of two features on different scales; for each, μ = 3 or 20, σ² = 8/3 or 200/3:

    >>> import numpy as np
    >>> from neuralab import nn
    >>> bn, z = nn.BatchNorm1d(2), np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 30.0]])
    >>> bn(z, training=True).round(4)        # γ = 1, β = 0: x̂, mean 0 and std 1 in each column
    array([[-1.2247, -1.2247],
           [ 0.    ,  0.    ],
           [ 1.2247,  1.2247]])
    >>> bn.running_mean, bn.running_var      # 0.9·0 + 0.1·μ, 0.9·1 + 0.1·σ² · 3/2 (unbiased)
    (array([0.3, 2. ], dtype=float32), array([ 1.3, 10.9], dtype=float32))
    >>> bn(z[1:2]).round(4)                  # evaluation: (3 - 0.3) / √1.3, (20 - 2) / √10.9, alone
    array([[2.368, 5.452]])

    ``running_mean`` and ``running_var`` are buffers: saved, not learned. Assigning one is
    checked (shape (C,), finite numbers, a variance ≥ 0) and stored in γ's dtype (``BufferSlot``).
    """

    running_mean = BufferSlot("one value per feature")
    running_var = BufferSlot("one variance ≥ 0 per feature")

    regularized = ()
    min_training_batch = 2
    trains_differently = True
    keeps_shape = True

    @checked_keywords(TORCH_BATCHNORM_KEYWORDS)   # torch's affine, device, ...
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        if momentum is None:
            raise ArgumentTypeError("momentum=None, torch's cumulative average of all batches, is not "
                                    "supported: the running statistics here are exponential averages; give "
                                    "momentum the weight of each new batch, a number in [0, 1] (0.1 by default)")
        self.num_features = check_size(num_features, "num_features")
        self.eps = check_eps(eps, "σ²")
        self.momentum = check_number(momentum, "momentum", lambda v: 0 <= v <= 1, "a number in "
                                     "[0, 1] (the weight of the new batch in the running statistics)")
        if 0.5 < self.momentum < 1:   # (at 0.5 the two conventions agree)
            _warn_keras_momentum(self.momentum)
        self.weight = Parameter(initializers.ones((self.num_features,)), "weight", fixed_shape=True)
        self.bias = Parameter(initializers.zeros((self.num_features,)), "bias", fixed_shape=True)
        self.running_mean = initializers.zeros((self.num_features,))
        self.running_var = initializers.ones((self.num_features,))

    def named_buffers(self, prefix=""):
        yield prefix + "running_mean", self.running_mean
        yield prefix + "running_var", self.running_var

    def check_buffer(self, name, value):
        """running_var must be ≥ 0: it is a variance (training only ever averages variances into
        it), and √(running_var + ε) of a value below -ε is NaN."""
        if name == "running_var" and not (value >= 0).all():
            raise ValueError(f"running_var must be ≥ 0 (it is a variance), got {value.min():g}: "
                             f"each feature's variance over the layer's inputs, or 1, where it starts")

    def forward(self, x, training=False):
        z = self._check_input(x, training)
        axes, per_feature = _feature_layout(z.ndim)
        if training:
            # z - μ once, for σ² and for x̂ (z.var would subtract its own mean again): the same
            # operations as NumPy's var, so the same numbers
            n = z.size // self.num_features
            mu = z.mean(axis=axes)
            centred = z - mu.reshape(per_feature)
            var = np.add.reduce(centred * centred, axis=axes) / n
            self._previous = self.running_mean.copy(), self.running_var.copy()  # C values each
            # The σ² of float64 inputs past a float32 buffer's range raises at the second
            # assignment under np.errstate(over="raise"), or under a warnings filter of "error"
            # with inf written: a failed pass moves neither statistic.
            try:
                self.running_mean[...] = (1 - self.momentum) * self.running_mean + self.momentum * mu
                self.running_var[...] = ((1 - self.momentum) * self.running_var
                                         + self.momentum * var * (n / (n - 1)))
            except BaseException:
                self.undo_running_update()
                raise
        else:
            var = self.running_var
            centred = z - self.running_mean.reshape(per_feature)
            self._previous = None
        self.training = training
        self.sigma_eps = np.sqrt(var + self.eps).reshape(per_feature)      # σ_ε = √(σ² + ε)
        self.x_hat = np.divide(centred, self.sigma_eps, out=centred)       # x̂ = (z - μ) / σ_ε
        z_tilde = self.weight.data.reshape(per_feature) * self.x_hat       # z̃ = γ ⊙ x̂ + β
        z_tilde += self.bias.data.reshape(per_feature)
        return z_tilde

    def undo_running_update(self):
        """Put back the running statistics the last forward pass moved (a training pass; an
        evaluation pass moves none), once: a Sequential whose forward pass fails in a later layer
        calls it, so that the failed pass leaves the model as it was."""
        previous = getattr(self, "_previous", None)  # None too before any forward pass
        if previous is not None:
            np.copyto(self.running_mean, previous[0])
            np.copyto(self.running_var, previous[1])
            self._previous = None

    def backward(self, grad_out):
        x_hat = self._cached("x_hat")
        delta = self._check_delta(grad_out, x_hat.shape)
        axes, per_feature = _feature_layout(delta.ndim)
        d_gamma, d_beta = (delta * x_hat).sum(axis=axes), delta.sum(axis=axes)
        self.weight.add_grad(d_gamma)                                      # dL/dγ += Σ δ ⊙ x̂
        self.bias.add_grad(d_beta)                                         # dL/dβ += Σ δ
        gamma_over_sigma_eps = self.weight.data.reshape(per_feature) / self.sigma_eps   # γ / σ_ε
        if not self.training:
            return gamma_over_sigma_eps * delta
        # δ_prev = (γ / σ_ε) (δ - (dL/dβ + x̂ ⊙ dL/dγ) / n), in place in one array of δ's shape
        # (written out, it made five); the operations and their order are those of the formula.
        # (A test of it needs a random δ: all ones gives 0 only up to rounding, see the docstring.)
        n = delta.size // self.num_features
        delta_prev = x_hat * d_gamma.reshape(per_feature)
        delta_prev += d_beta.reshape(per_feature)
        delta_prev /= n
        np.subtract(delta, delta_prev, out=delta_prev)
        delta_prev *= gamma_over_sigma_eps
        return delta_prev

    def _check_input(self, x, training):
        z = as_float_array(x, "input of BatchNorm1d", finite=False)
        if z.ndim not in (2, 3) or z.shape[1] != self.num_features:
            raise ValueError(f"BatchNorm1d expects inputs of shape (batch, {self.num_features}) or "
                             f"(batch, {self.num_features}, length), got {z.shape}")
        if training and z.size == self.num_features:
            raise ValueError(f"BatchNorm1d expected more than 1 value per channel when training, "
                             f"got input of shape {z.shape}")
        return z

    def output_shape(self, input_shape):
        shape = tuple(input_shape)
        if len(shape) not in (1, 2) or shape[0] != self.num_features:  # what forward would refuse
            raise ValueError(f"BatchNorm1d expects samples of shape ({self.num_features},) or "
                             f"({self.num_features}, length), got {shape}")
        return shape

    def config(self):
        return {"num_features": self.num_features, "eps": self.eps, "momentum": self.momentum}

    def __repr__(self):
        """``BatchNorm1d(8)``, with eps and momentum only where they differ from the defaults
        (a summary row stays as short as Dense's)."""
        extra = "".join(f", {k}={v!r}" for k, v, default in (("eps", self.eps, 1e-5), ("momentum", self.momentum, 0.1))
                        if v != default)
        return f"BatchNorm1d({self.num_features}{extra})"
