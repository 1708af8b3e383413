"""The input features of 2-D data (TensorFlow Playground's x1, x2, x1², x2², x1·x2, sin x1, sin x2)
and the grid of the plane over which the views are drawn.

The features are defined once, in the layer ``nn.PlaneFeatures`` (``nn.plane_features.FEATURES``):
the downloaded model starts with that layer, and takes the points the network's inputs are made of."""
import numpy as np

from ..nn.plane_features import feature_columns

GRID = 64                      # the output map's resolution: GRID x GRID points of the plane
# each feature as the page's Features column labels it (static/features.js, FEATURE_LABEL)
LABELS = {"x1": "X₁", "x2": "X₂", "x1^2": "X₁²", "x2^2": "X₂²", "x1*x2": "X₁X₂", "sin(x1)": "sin(X₁)",
          "sin(x2)": "sin(X₂)"}


def transform(points, names):
    """(m, 2) points of the plane -> (m, len(names)) network inputs, one column per feature: what
    ``nn.PlaneFeatures(names)`` computes, without its checks (an empty drawing has no points)."""
    return feature_columns(points, names)


def labels(names, axes):
    """Each feature of ``names`` as the page labels it (static/features.js, ``featureLabel``): X₁²,
    sin(X₂), or, when the plane's ``axes`` are a two-column CSV's columns, of their names
    ('height²', 'height·weight'), so that what the server says of an input is what the learner
    reads beside it."""
    if tuple(axes or ("x1", "x2")) == ("x1", "x2"):
        return [LABELS[name] for name in names]
    return [LABELS[name].replace("X₁X₂", "X₁·X₂").replace("X₁", axes[0], 1).replace("X₂", axes[1], 1)
            for name in names]


def grid(size, dtype, extent):
    """The (size², 2) points of a size x size grid over ``extent`` (x1 from a to b, x2 from c to d:
    the scene's ``grid.extent``, ``plane_frame.py``): row i is x2 from d down to c, column j is x1
    from a to b (row-major, the order of the image the page draws)."""
    a, b, c, d = extent
    x1, x2 = np.meshgrid(np.linspace(a, b, size), np.linspace(d, c, size))
    return np.column_stack([x1.ravel(), x2.ravel()]).astype(dtype)
