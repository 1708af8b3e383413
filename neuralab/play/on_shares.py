"""What a neuron shows off the plane, where it has no map over it: the share of the training rows
it is on for (``on_shares``), so that a dead ReLU shows, and a classifier's output neuron's share
of the rows predicted its class."""
import numpy as np

from ..train.metric_inputs import true_and_predicted
from .forward_pass import dense_indices, evenly_spaced, forward_all

ON_ROWS = 2000                 # off the plane, the training rows a neuron's share "on" is measured on, at most
DRAWN_UNITS = 8                # the neurons of a hidden block the page draws (neurons.js's MAX_HIDDEN_UNITS)


def on_shares(model, X, y=None):
    """{"on/<dense index>": float32 (units drawn,)}: what a neuron off the plane, which has no map
    over it, shows instead, measured on the training rows ``X``.

    Each hidden dense layer: the share of the rows on which each of its first ``DRAWN_UNITS``
    neurons is on, z > 0,

        on_j = (1/m) Σ_i [z_ij > 0]        z = a_prev @ W.T + b, over m rows

    For a ReLU, z > 0 is a > 0: a neuron on for no row is dead (it outputs 0 and passes no
    gradient back, so it no longer learns), one on for every row is linear.

    The output layer, given the rows' classes ``y`` (a classifier): the share of the rows whose
    predicted class is each output neuron's, the class the confusion matrix counts each row as
    (``true_and_predicted``): K outputs, the argmax ŷ_i = argmax_j a_ij, on_j = (1/m) Σ_i [ŷ_i = j];
    one output (a sigmoid's p of class 1), the rows where a ≥ 0.5, predicted class 1 (the other
    rows are class 0's). None: no share for the output (a regression's, which has no classes).

    NaN for a neuron whose z (the output's a) is not finite on some row (a diverged network).
    Measured on at most ``ON_ROWS`` rows, evenly spaced over ``X`` (one forward pass of those
    rows, in evaluation mode); empty without rows."""
    if not len(X):
        return {}
    rows = evenly_spaced(len(X), ON_ROWS)
    outs = forward_all(model, X[rows])
    dense = dense_indices(model)
    on = {i: (outs[i][:, :DRAWN_UNITS], outs[i][:, :DRAWN_UNITS] > 0) for i in dense[:-1]}
    if y is not None:
        a = outs[-1]
        _, predicted, _ = true_and_predicted(a, y[rows])
        # one output is class 1's probability: its neuron stands for the rows predicted class 1
        classes = np.arange(a.shape[1]) + (a.shape[1] == 1)
        on[dense[-1]] = (a, predicted[:, None] == classes)
    shares = {}
    for i, (values, is_on) in on.items():
        share = np.count_nonzero(is_on, axis=0) / len(values)
        share[~np.isfinite(values).all(axis=0)] = np.nan
        shares[f"on/{i}"] = share.astype(np.float32)
    return shares
