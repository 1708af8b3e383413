"""Argument checks shared by the data modules: each raises a ValueError naming the parameter."""
import numbers

import numpy as np


def check_noise(noise, name="noise"):
    """``noise`` as a finite float >= 0."""
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not np.isfinite(noise):
        raise ValueError(f"{name} must be a finite number >= 0, got {noise!r}")
    if noise < 0:
        raise ValueError(f"{name} must be >= 0, got {noise}")
    return float(noise)
