"""The features of a point of the plane as a layer: TensorFlow Playground's inputs x1, x2, x1²,
x2², x1·x2, sin x1, sin x2, computed inside the model, so that a network trained on them takes
the points (x1, x2) themselves."""
from typing import Callable, NamedTuple

import numpy as np

from ..spelling import did_you_mean
from .checks import ArgumentTypeError
from .shape_hints import rows_hint
from .dtype import as_float_array
from .layer import Layer


class PlaneFeature(NamedTuple):
    """One feature f of the point (x1, x2): ``function(x1, x2)`` is f, ``gradient(x1, x2)`` the
    pair (∂f/∂x1, ∂f/∂x2), side by side so that each derivative can be checked against its
    function. ``lib`` is the library of sin and cos: NumPy here, torch in the exported module
    (``io.to_torch``), which computes these same lines."""

    function: Callable
    gradient: Callable


FEATURES = {
    #                      f(x1, x2)                                   (∂f/∂x1, ∂f/∂x2)
    "x1":      PlaneFeature(lambda x1, x2, lib=np: x1,          lambda x1, x2: (1, 0)),
    "x2":      PlaneFeature(lambda x1, x2, lib=np: x2,          lambda x1, x2: (0, 1)),
    "x1^2":    PlaneFeature(lambda x1, x2, lib=np: x1 * x1,     lambda x1, x2: (2 * x1, 0)),
    "x2^2":    PlaneFeature(lambda x1, x2, lib=np: x2 * x2,     lambda x1, x2: (0, 2 * x2)),
    "x1*x2":   PlaneFeature(lambda x1, x2, lib=np: x1 * x2,     lambda x1, x2: (x2, x1)),
    "sin(x1)": PlaneFeature(lambda x1, x2, lib=np: lib.sin(x1), lambda x1, x2: (np.cos(x1), 0)),
    "sin(x2)": PlaneFeature(lambda x1, x2, lib=np: lib.sin(x2), lambda x1, x2: (0, np.cos(x2))),
}


def feature_columns(points, names):
    """(m, 2) points -> (m, len(names)) columns, f(x1, x2) of each named feature in turn, in the
    points' dtype. No checks: ``PlaneFeatures.forward`` makes them first, and the playground
    computes its network inputs with it (an empty drawing's no points too)."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name].function(x1, x2) for name in names])


class PlaneFeatures(Layer):
    """a = [f_1(x1, x2), ..., f_k(x1, x2)]: each point of the plane, a row (x1, x2), becomes the
    features ``names`` in that order, chosen from x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)
    (``FEATURES``), as the playground feeds them to its network. Put first in a model, it lets
    the model take the points themselves: ``PlaneFeatures(["x1^2", "x2^2"])`` then a network
    that learned on the columns x1², x2².

    Shapes: x (m, 2), a (m, k) for k names, in x's dtype. Nothing is learned.
    Backward, the chain rule through each feature, with δ = dL/da of shape (m, k):
        δx1 = Σ_j ∂f_j/∂x1 · δ_j
        δx2 = Σ_j ∂f_j/∂x2 · δ_j        δ_prev = [δx1, δx2], of shape (m, 2)
    where ∂f/∂x1 is 1 for x1, 2·x1 for x1², x2 for x1·x2, cos x1 for sin x1, 0 for x2, x2², sin x2.
    """

    in_features = 2  # a point of the plane: fit and predict check X's width against it
    skips_input_grad = True

    def __init__(self, names):
        self.names = _check_names(names)

    def forward(self, x, training=False):
        try:  # NaN and inf refused too: a point of the plane is finite (and sin(inf) is NaN)
            points = as_float_array(x, "input of PlaneFeatures", ndim=2)
        except ValueError as err:
            raise ValueError(f"{err}{rows_hint(x, 2)}") from None
        if points.shape[1] != 2:
            raise ValueError(f"PlaneFeatures takes points of the plane, rows (x1, x2) of shape "
                             f"(batch, 2), got {points.shape}")
        self.a_prev = points
        return feature_columns(points, self.names)

    def backward(self, grad_out, input_grad=True):
        a_prev = self._cached("a_prev")
        delta = self._check_delta(grad_out, (len(a_prev), len(self.names)))
        if not input_grad:  # no parameters: the input gradient is all there is to compute
            return None
        x1, x2 = a_prev[:, 0], a_prev[:, 1]
        delta_prev = np.zeros(a_prev.shape, np.result_type(a_prev, delta))
        for j, name in enumerate(self.names):  # k ≤ 7 features, each a vectorised column
            d_x1, d_x2 = FEATURES[name].gradient(x1, x2)
            delta_prev[:, 0] += d_x1 * delta[:, j]     # δx1 += ∂f_j/∂x1 · δ_j
            delta_prev[:, 1] += d_x2 * delta[:, j]     # δx2 += ∂f_j/∂x2 · δ_j
        return delta_prev

    def output_shape(self, input_shape):
        if tuple(input_shape) != (2,):  # what forward would refuse
            raise ValueError(f"PlaneFeatures takes points of the plane, samples of shape (2,), "
                             f"got {tuple(input_shape)}")
        return (len(self.names),)

    def config(self):
        return {"names": list(self.names)}

    def __repr__(self):
        return f"PlaneFeatures({self.names!r})"


def _check_names(names):
    """``names`` as a list of distinct feature names of ``FEATURES``, or the error naming the
    problem and listing the valid names."""
    valid = ", ".join(FEATURES)
    if not isinstance(names, (list, tuple)):  # a str would be read letter by letter
        raise ArgumentTypeError(f"names must be a list of feature names, e.g. ['x1', 'x2', 'x1^2'] "
                                f"(valid names: {valid}), got {type(names).__name__} {names!r}")
    if not names:
        raise ValueError(f"names is empty: give at least one feature (valid names: {valid})")
    # plain str: NumPy's np.str_ (names taken from an array) showed as np.str_('x1') in the repr,
    # summary and spec, where the same model loaded from its file shows 'x1'
    names = [str(name) if isinstance(name, str) else name for name in names]
    for name in names:
        if not isinstance(name, str) or name not in FEATURES:
            # x1² and x1·x2, as the course writes them, are nearest to x1 in spelling, not to x1^2
            typed = name.replace("²", "^2").replace("·", "*") if isinstance(name, str) else name
            raise ValueError(f"unknown plane feature {name!r} in names; {did_you_mean(typed, FEATURES)}"
                             f"valid names: {valid}")
    twice = next((name for i, name in enumerate(names) if name in names[:i]), None)
    if twice is not None:
        raise ValueError(f"names holds {twice!r} twice: each feature is one column, name it once "
                         f"(valid names: {valid})")
    return names
