"""The inputs a model's first weight layer takes, as fit's warnings judge their scale: the advice
after a divergence (``divergence.scale_first``) and the frozen-training warning (``frozen_training``)
say "standardise the inputs" only when these hold columns far from unit scale
(``input_scale.far_from_zero``), and each step of that layer's weights grows with them; the warning
of inputs far below unit scale as a whole (``tiny_inputs``), when they reach |x| <= 0.01 at most.

They are read on the data fit trained on, not on the last batch that layer took (its cached
``a_prev``): a batch of a few rows has a μ and σ of its own. Columns of 0 to 10 (μ 5, σ 2.9,
within 3σ of 0) sit "far from 0" (|μ| >= 5 and >= 3σ) over a batch of 3 rows of one seeded draw
(μ 6.31, σ 0.768), and over 2, 3, 4, 8, 16, 32 and 64 rows of uniform draws in 34 %, 24 %, 18 %,
6 %, 1 %, 0.04 % and 0 % of batches (N(5, 2.9): 35 % ... 0.13 % at 32 rows). So:

    the first weight layer runs first          all of X: μ and σ of each column in float64, σ by
    (``layer_stats.layers_before`` is [])      ``data.spread`` a block of rows at a time, with no
                                               float64 copy of X
    layers run before it, in a chain           up to SAMPLE rows of X, evenly spaced, run through
    (a Standardize, PlaneFeatures, Flatten)    those layers in evaluation mode: what it takes of X
    layers with parameters before it           nothing: their outputs grow with their own steps
    (a BatchNorm1d)                            (BatchNorm1d's γ and β, which a divergence took to
                                               1e17 where X held 1000 ± 3), not with X
    else                                       the rows it took last, when there are MIN_ROWS of
                                               them: a model of another kind holding it, or a
                                               layer of one's own before it, may do anything to x;
                                               a Dropout computes another thing in training

A few passes over X (or SAMPLE rows of it), once, on the way out of a divergence, at the first
frozen epoch or at the end of a run that does not fit its data: less than an epoch's work. None where nothing can be judged: inputs of more than
two axes (images, for a convolution), a layer of one's own that caches no ``a_prev``, too few rows.
"""
import numpy as np

from ..data.spread import spread
from .layer_stats import first_inputs, layers_before

SAMPLE = 8192    # rows of X run through the layers before the first weight layer: ample for μ and σ
MIN_ROWS = 32    # rows of a last batch from which its μ and σ are judged (see the module docstring)


def first_layer_columns(model, X):
    """{"rows", "mean", "std", "min", "max"} per column (float64) of the inputs ``model``'s first weight layer
    takes of the data ``X`` fit trained on (see the module docstring), or None."""
    front = layers_before(model)
    if front is not None and any(layer.parameters() for layer in front):
        return None
    if front is None or not all(map(_same_in_both_modes, front)):
        taken = first_inputs(model)
        return None if taken is None or len(taken) < MIN_ROWS else _columns(taken)
    rows = X
    if front:
        rows = X[::-(-len(X) // SAMPLE)]       # every k-th row: at most SAMPLE, spread over all of X
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for layer in front:
                rows = layer.forward(rows, training=False)
    return _columns(rows) if isinstance(rows, np.ndarray) and rows.ndim == 2 and len(rows) else None


def _same_in_both_modes(layer):
    """Whether ``layer`` is one of neuralab's, computing the same function in training and evaluation."""
    return type(layer).__module__.startswith("neuralab.") and not layer.trains_differently


def _columns(rows):
    """{"rows", "mean", "std", "min", "max"} of each column of ``rows``, in float64 without a float64
    copy (the min and max judge inputs far below unit scale as a whole, ``input_scale.tiny_reach``)."""
    mean = rows.mean(axis=0, dtype=np.float64)
    return {"rows": len(rows), "mean": mean, "std": spread(rows, mean)[0],
            "min": rows.min(axis=0).astype(np.float64), "max": rows.max(axis=0).astype(np.float64)}
