"""The input features of 2-D data (TensorFlow Playground's x1, x2, x1², x2², x1·x2, sin x1, sin x2)
and the grid of the plane over which the views are drawn.

The features are defined once, in the layer ``nn.PlaneFeatures`` (``nn.plane_features.FEATURES``):
the downloaded model starts with that layer, and takes the points the network's inputs are made of."""
import numpy as np

from ..nn.plane_features import feature_columns
from .protocol import EXTENT


def transform(points, names):
    """(m, 2) points of the plane -> (m, len(names)) network inputs, one column per feature: what
    ``nn.PlaneFeatures(names)`` computes, without its checks (an empty drawing has no points)."""
    return feature_columns(points, names)


def grid(size, dtype):
    """The (size², 2) points of a size x size grid over [-6, 6]²: row i is x2 from +6 down to -6,
    column j is x1 from -6 to +6 (row-major, the order of the image the page draws)."""
    ticks = np.linspace(-EXTENT, EXTENT, size)
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()]).astype(dtype)
