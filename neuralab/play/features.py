"""The input features of 2-D data (TensorFlow Playground's x1, x2, x1², x2², x1·x2, sin x1, sin x2)
and the grid of the plane over which the views are drawn."""
import numpy as np

from .protocol import EXTENT

TRANSFORMS = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def transform(points, names):
    """(m, 2) points of the plane -> (m, len(names)) network inputs, one column per feature."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([TRANSFORMS[name](x1, x2) for name in names]).astype(points.dtype)


def grid(size, dtype):
    """The (size², 2) points of a size x size grid over [-6, 6]²: row i is x2 from +6 down to -6,
    column j is x1 from -6 to +6 (row-major, the order of the image the page draws)."""
    ticks = np.linspace(-EXTENT, EXTENT, size)
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()]).astype(dtype)
