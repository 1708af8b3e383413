"""Whether an array holds only finite numbers, in constant memory.

``np.isfinite(a).all()`` first builds a boolean array of a's shape: 750 MB for 1,000,000 MNIST
rows, 190 MB for the one-hot targets of 20,000 samples of 10,000 classes, at every check of
them. The smallest and largest values tell the same: min and max are NaN when any value is
(NaN propagates through both), and ±inf when an infinity is among the values.
"""
import numpy as np


def all_finite(a):
    """Whether the float array ``a`` (non-empty) holds no NaN and no ±inf."""
    return bool(np.isfinite(a.min()) and np.isfinite(a.max()))
