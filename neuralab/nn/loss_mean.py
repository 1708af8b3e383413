"""The mean a loss takes over the batch, L = Σ_ij scale_ij ℓ_ij, and the same scale applied to
its gradient, dL/dpred = scale · dℓ/dpred, both kept from overflowing where the result fits
(``Loss.forward`` and ``Loss.backward``).

``scale`` is 1/(m·k), a float, for the plain mean over m samples of k outputs, or w_i / Σw / k,
an array of one factor per sample, for the mean weighted by w.
"""
import math

import numpy as np


def mean_loss(losses, scale):
    """L = Σ scale_ij ℓ_ij for the losses ℓ (m, ...) of a batch, as a Python float.

    The sums are in float64: float32 losses near their limit (3e38) have a representable mean
    whose float32 sum is not, and their float64 sum (at most 3.4e38 · m·k) cannot overflow.
    Float64 losses can: two of 1e308 sum past the range though their mean fits. There, and
    only when the result is inf, the sums are taken again on ℓ / 2^e with 2^e > m·k, which
    cannot overflow and, a power of 2 changing only the exponent, round as the unscaled sums
    would with an unbounded exponent; · 2^e then gives the mean, or inf where it is past the
    range, without a warning.
    """
    if losses.dtype.type is np.float32:   # no overflow possible: no np.errstate (1 µs a batch)
        return _scaled_sum(losses, scale)
    with np.errstate(over="ignore"):
        mean = _scaled_sum(losses, scale)
    if math.isinf(mean):  # an inf loss, or a sum past the range: summed again, scaled down
        e = losses.size.bit_length()
        with np.errstate(over="ignore", under="ignore"):  # under: ℓ ≪ the mean, negligible
            mean = _scaled_sum(np.ldexp(losses, -e), scale) * 2.0 ** e   # a Python float: inf, no error
    return mean


def _scaled_sum(losses, scale):
    """Σ scale_ij ℓ_ij, each sum taken in float64."""
    if type(scale) is float:
        return float(np.add.reduce(losses, axis=None, dtype=np.float64)) * scale
    # each sample's Σ_j ℓ_ij, and only those of weight > 0: a weight of 0 drops its sample
    # even where that loss is inf or NaN, which 0 · inf = NaN would not
    kept = scale > 0
    sums = np.add.reduce(losses.reshape(len(losses), -1)[kept], axis=1, dtype=np.float64)
    return float(sums @ scale[kept])


def scale_gradient(grad, scale):
    """dL/dpred = scale · ``grad``, in place on ``grad`` (the new array ``_backward`` returned),
    with ``scale`` the mean's, times the loss's ``grad_factor``."""
    if type(scale) is np.ndarray and scale.ndim:  # per-sample weights: one factor per row
        grad[scale == 0] = 0                       # dropped samples: 0, even where dℓ is inf
        scale = scale.reshape((-1,) + (1,) * (grad.ndim - 1))
    elif scale <= 1:   # the plain mean's factor, 1/(m·k) or 2/(m·k): at most 1, no overflow
        grad *= scale
        return grad
    # a factor above 1: MSE's 2/(m·k) with m·k = 1, or its 2 w_i / Σw / k for a sample of over
    # half the weight (per-sample factors are not checked: that pass costs what np.errstate
    # does). 2(ŷ - y) times it past the float range is inf, as in torch, without a warning
    with np.errstate(over="ignore"):
        grad *= scale
    return grad
