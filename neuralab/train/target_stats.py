"""A regression's targets (MSE or MAE) as the training monitor reads them: their mean, std, min and
max per output column, kept in ``monitor.target`` for the diagnoses of a target far from unit scale
(the mean and std) and of a sigmoid output pinned in its tails (whether the targets are in [0, 1]).

Those diagnoses weigh the loss against two baselines, the loss of an output of 0 and that of the
best constant output. Under MSE they are mean² + std² and the variance std² (the constant is the
mean), which the sums below give. Under MAE they are mean |y| and mean |y − median| (the constant
is the median), which no running sum gives: the first epoch's targets of an MAE fit are kept, and
``absolute_baselines`` computes both exactly from them as that epoch ends (a median of the rows
seen, not an estimate from the std, which a normal target's mean |y − median| = 0.80 σ gets right
only for normal targets).

``fit`` does not show callbacks the targets, so they are read as the probe's inputs are (see
``monitor.py``): from what the loss cached for its backward pass (``model.loss.target``), after
each batch of the first epoch. Sums are kept about the first batch's mean,
μ = y₀ + Σ(y − y₀)/m and σ² = Σ(y − y₀)²/m − (μ − y₀)², so that a mean far from 0 (3e6 ± 5e5)
costs σ no digits.
"""
import numpy as np

from ..nn.losses import REGRESSION_LOSSES, MSELoss

TARGET_RMS = 10.0   # root mean square of regression targets beyond which they are far from unit scale (diagnose_target.py)


def regression_targets(model):
    """The targets ``model``'s regression loss (MSE or MAE) cached for its backward pass, as
    float64 of shape (samples, columns); None for another loss or when it cached none."""
    loss = getattr(model, "loss", None)
    y = getattr(loss, "target", None)
    if not isinstance(loss, REGRESSION_LOSSES) or not isinstance(y, np.ndarray) or not y.size:
        return None
    return y.reshape(len(y), -1).astype(np.float64)


def far_target_rms(model):
    """The root mean square sqrt(μ² + σ²) of the MSE targets ``model``'s loss cached (over all
    their entries) when it passes ``TARGET_RMS``, else None: the gradient of (ŷ - y)² grows with y,
    so that SGD's steps do too. None under MAE, whose gradient sign(ŷ - y) does not grow with y."""
    if not isinstance(getattr(model, "loss", None), MSELoss) or (y := regression_targets(model)) is None:
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


def absolute_baselines(y):
    """{"median", "mean_abs", "median_deviation"} per column of the targets ``y`` (samples,
    columns): the constant that minimises the MAE, the MAE of an output of 0 (mean |y|) and that of
    the median everywhere (mean |y − median|), exact over the rows given."""
    with np.errstate(over="ignore", invalid="ignore"):
        median = np.median(y, axis=0)
        return {"median": median.tolist(), "mean_abs": np.abs(y).mean(axis=0).tolist(),
                "median_deviation": np.abs(y - median).mean(axis=0).tolist()}


def loss_baselines(target, loss_name):
    """(the loss of an output of 0, the loss of the best constant output) of the targets ``target``
    (``monitor.target``) under the loss ``loss_name``, averaged over the columns as the loss is:
    mean² + std² and std² under MSE; mean |y| and mean |y − median| under MAE (None before its
    first epoch's targets are settled)."""
    if loss_name == "mae":
        if "mean_abs" not in target:
            return None
        return float(np.mean(target["mean_abs"])), float(np.mean(target["median_deviation"]))
    mean, std = np.array(target["mean"]), np.array(target["std"])
    return float(np.mean(mean ** 2 + std ** 2)), float(np.mean(std ** 2))
