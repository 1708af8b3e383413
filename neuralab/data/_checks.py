"""Argument checks shared by the data modules: each raises a ValueError naming the parameter."""
import numbers

import numpy as np

from ..nn.checks import check_int
from ..nn.random import default_rng


def check_noise(noise, name="noise"):
    """``noise`` as a finite float >= 0."""
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not np.isfinite(noise):
        raise ValueError(f"{name} must be a finite number >= 0, got {noise!r}")
    if noise < 0:
        raise ValueError(f"{name} must be >= 0, got {noise}")
    return float(noise)


def as_rng(seed, name="seed"):
    """A generator: ``None`` -> the library-wide one (``neuralab.seed`` resets it),
    an int -> a fresh ``np.random.default_rng(seed)``, a Generator -> itself."""
    if seed is None:
        return default_rng()
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int(seed, name, minimum=0))
