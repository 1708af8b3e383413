"""The forward pass the page's views are drawn from: each layer's output for some inputs, in
evaluation mode (``forward_all``), a unit's value as the page shows it (``shown_units``), the
dense layers, whose weights the page draws (``dense_indices``), and the rows a view is measured
on when there are many (``evenly_spaced``).

    a[0] = X,   a[l] = layer_l(a[l-1])   for l = 1..L   (no dropout; BatchNorm's running statistics)
"""
import numpy as np

from .. import nn

ACTIVATIONS = (nn.Activation, nn.Softmax)   # layers whose output is their units' a (a Dense layer's is z)


def forward_all(model, X):
    """Each layer's output for inputs X, in evaluation mode: [a[1], ..., a[L]]."""
    outs = []
    for layer in model.layers:
        X = layer.forward(X, training=False)
        outs.append(X)
    return outs


def dense_indices(model):
    """The indices of the model's Dense layers, those with weights, in order."""
    return [i for i, layer in enumerate(model.layers) if isinstance(layer, nn.Dense)]


def shown_units(model, data, i, a):
    """The values ``a`` of layer ``i``'s units as the page shows them: a regression's output
    in the target's units, y = σ·a + μ, like the output map and the board (the network's own
    numbers elsewhere: hidden units have no units to map back to)."""
    return data.in_target_units(a) if i == len(model.layers) - 1 else a


def evenly_spaced(n, most):
    """At most ``most`` row indices of 0..n − 1, evenly spaced, the first and the last included."""
    return np.unique(np.linspace(0, n - 1, min(n, most)).round().astype(np.int64))
