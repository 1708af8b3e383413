"""The diagnosis of a hidden layer whose units started equal and stayed so: the symmetry that a
random initialisation exists to break (the course's first initialisation experiment, init="zeros").

    symmetric_units   at the last record, the units of a hidden weight layer (a Dense layer of >= 2
                      units with another weight layer after it) have the same weights and bias:
                      every row of W and every entry of b equal, up to 1e-4 of the largest. Units
                      that start equal (init="zeros", init="ones") compute the same z and get the
                      same gradient, so no step tells them apart, and the layer works as one unit;
                      with W = 0 (``Monitor.start_norms``) and ReLU, z = b = 0 for every sample,
                      where ReLU's slope is 0, so no gradient passes at all. Severe, unless the
                      network fits its data anyway (two blobs need one unit): then a note. The
                      dead units, vanishing or missing gradients and the flat loss that follow
                      from it are then not reported: their remedies (leaky ReLU, a lower or higher
                      learning rate) would not help, and a random start does.

A layer that started at 0 and whose units came apart (the random weights of the layer after it
give each unit its own gradient) learns: it is not reported.
"""
import numpy as np

from ..nn.dense import Dense
from .diagnose_cache import once_per_report
from .diagnose_curve import problem_unless_it_fits
from .monitor_words import named
from .diagnosis import MOST_LISTED

SAME = 1e-4     # spread of a weight over the units, relative to the largest |value|, below which they are equal


@once_per_report
def symmetric_units(m):
    layers = dict(m.watched)
    hidden = list(m.weights)[:-1]  # the last weight layer's units feed no other layer
    found = [(name, layers[name]) for name in hidden if m.steps and _units_alike(layers.get(name))]
    if not found:
        return None
    listed = _layers_in_words(m, found)
    zero = all(m.start_norms.get(name) == 0 for name, _ in found)
    relu = any(m.start_norms.get(name) == 0 and _activation_after(m, name) == "relu" for name, _ in found)
    why = (". With W = 0, z = 0 in front of the ReLUs, where their slope is 0: no gradient passes at all"
           if relu else "")
    return problem_unless_it_fits(
        m, "symmetric_units", True,
        f"{listed} started with {'every weight at 0' if zero else 'equal units'}, and at step "
        f"{m.steps[-1]} each of their units still has the same weights and bias: units that start "
        f"equal compute the same output and get the same gradient, so training never tells them "
        f"apart, and each layer works as a single unit{why}",
        "Data that one unit cannot separate need a random start.")


def _layers_in_words(m, found):
    """The ``found`` [(name, Dense layer)] in words, "0 Dense (16 units), 2 Dense (16 units)"; more than
    ``MOST_LISTED`` by their span, "0 Dense to 14 Dense (8 layers of 16 units)", as ``layers_listed`` says
    them (eight zero-initialised layers one by one ran to 506 characters)."""
    if len(found) <= MOST_LISTED:
        return ", ".join(f"{named(m, name)} ({layer.out_features} units)" for name, layer in found)
    units = sorted({layer.out_features for _, layer in found})
    each = f"{units[0]}" if len(units) == 1 else f"{units[0]} to {units[-1]}"
    return f"{named(m, found[0][0])} to {named(m, found[-1][0])} ({len(found)} layers of {each} units)"


def _activation_after(m, name):
    """The kind ("relu", "tanh", ...) of the activation that takes weight layer ``name``'s output,
    before the next weight layer (a BatchNorm1d may come between), or None."""
    names = [n for n, _ in m.watched]
    for after in names[names.index(name) + 1:]:
        if after in m.kinds:
            return m.kinds[after]
        if after in m.weights:
            return None
    return None


def _units_alike(layer):
    """Whether ``layer`` is a Dense layer of >= 2 units whose rows of W and entries of b are equal."""
    if not isinstance(layer, Dense) or layer.out_features < 2:
        return False
    arrays = [layer.weight.data] + ([layer.bias.data[:, None]] if layer.bias is not None else [])
    if not all(np.isfinite(a).all() for a in arrays):  # overflowed weights (a diverged run) are no start
        return False
    largest = max(float(np.abs(a).max()) for a in arrays)
    return all(float(np.ptp(a, axis=0).max()) <= SAME * largest for a in arrays)
