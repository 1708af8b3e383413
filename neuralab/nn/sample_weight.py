"""Per-sample weights, one rule for every place that takes them: a loss's ``weight=``, ``fit``'s
``sample_weight`` and validation weights, ``evaluate``'s ``sample_weight``.

A weight w_i says how much sample i counts in the weighted mean L = Σ w_i ℓ_i / Σ w_i: 2 counts
it twice, 0 leaves it out. So the weights must be one finite, non-negative number per sample,
not all 0 (Σw = 0 leaves no mean to take).
"""
import numpy as np

from .checks import refuse_masked
from .dtype import as_float_array, cast_numbers


def check_sample_weight(weight, n, name="sample_weight", samples="X"):
    """``weight`` as float64 of shape (n,): one finite, non-negative number per sample of
    ``samples``, in its order, not all 0; (n, 1) is read as (n,), and a Series or a one-column
    DataFrame as its numbers. Float64 whatever the model's dtype: float32's 1/3 is 0.3333333433,
    a loss of 7.0000002 with weights of ones for a mean of 7 (``weight_scale`` casts the factors
    last)."""
    weight = as_float_array(cast_numbers(refuse_masked(weight, name), np.float64), name, ndim=(1, 2))
    if weight.ndim == 2 and weight.shape[1] == 1:
        weight = weight[:, 0]
    if weight.shape != (n,):
        raise ValueError(f"{name} must hold one weight per sample of {samples}, shape ({n},); "
                         f"got shape {weight.shape}")
    if (weight < 0).any():
        i = int(weight.argmin())
        raise ValueError(f"{name} must be non-negative (a weight of 0 leaves a sample out), got "
                         f"{weight[i]:g} for sample {i}")
    if not weight.any():
        raise ValueError(f"{name} is all zeros, so no sample would count: give the samples to "
                         f"learn from a positive weight")
    return weight


def weight_scale(weight, dtype):
    """The per-sample factors w_i / Σw that ``Loss.forward`` takes for the weighted mean
    L = Σ w_i ℓ_i / Σ w_i of float64 weights with a positive sum, in the predictions' ``dtype``.
    w / max w first: each is at most 1 and their sum at most m, where Σw of weights near the float
    range (1e308, or 2e38 in float32) overflows and w / Σw would be 0. ``fit`` scales each
    batch's weights with it, as a loss called with ``weight=`` does, bit for bit."""
    weight = weight / weight.max()
    return (weight / weight.sum()).astype(dtype)
