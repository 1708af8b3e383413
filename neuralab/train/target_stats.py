"""The MSE targets as the training monitor reads them: their mean, std, min and max per output
column, kept in ``monitor.target`` for the diagnoses of a target far from unit scale (the mean and
std) and of a sigmoid output pinned in its tails (whether the targets are in [0, 1]).

``fit`` does not show callbacks the targets, so they are read as the probe's inputs are (see
``monitor.py``): from what the loss cached for its backward pass (``model.loss.target``), after
each batch of the first epoch. Sums are kept about the first batch's mean,
μ = y₀ + Σ(y − y₀)/m and σ² = Σ(y − y₀)²/m − (μ − y₀)², so that a mean far from 0 (3e6 ± 5e5)
costs σ no digits.
"""
import numpy as np

from ..nn.losses import MSELoss

TARGET_RMS = 10.0   # root mean square of MSE targets beyond which they are far from unit scale (diagnose_target.py)


def mse_targets(model):
    """The targets ``model``'s MSE loss cached for its backward pass, as float64 of shape
    (samples, columns); None for another loss or when it cached none."""
    loss = getattr(model, "loss", None)
    y = getattr(loss, "target", None)
    if not isinstance(loss, MSELoss) or not isinstance(y, np.ndarray) or not y.size:
        return None
    return y.reshape(len(y), -1).astype(np.float64)


def far_target_rms(model):
    """The root mean square sqrt(μ² + σ²) of the MSE targets ``model``'s loss cached (over all
    their entries) when it passes ``TARGET_RMS``, else None: the gradient of (ŷ - y)² grows with y,
    so that SGD's steps do too."""
    y = mse_targets(model)
    if y is None:
        return None
    with np.errstate(over="ignore"):
        rms = float(np.sqrt(np.mean(y * y)))
    return rms if rms > TARGET_RMS else None


def add_targets(sums, y):
    """Add the targets ``y`` (samples, columns) to ``sums`` = (y₀, m, Σ(y − y₀), Σ(y − y₀)², min y,
    max y) per column (None before the first batch, whose mean becomes y₀); return the new sums
    and the statistics so far, {"samples", "mean", "std", "min", "max"}."""
    if sums is None:
        sums = (y.mean(axis=0), 0, 0.0, 0.0, y.min(axis=0), y.max(axis=0))
    y0, m, s1, s2, low, high = sums
    with np.errstate(over="ignore", invalid="ignore"):
        d = y - y0
        m, s1, s2 = m + len(y), s1 + d.sum(axis=0), s2 + (d * d).sum(axis=0)
        shift = s1 / m
        std = np.sqrt(np.maximum(s2 / m - shift * shift, 0))
    low, high = np.minimum(low, y.min(axis=0)), np.maximum(high, y.max(axis=0))
    return (y0, m, s1, s2, low, high), {"samples": m, "mean": (y0 + shift).tolist(), "std": std.tolist(),
                                        "min": low.tolist(), "max": high.tolist()}
