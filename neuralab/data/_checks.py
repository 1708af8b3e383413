"""Argument checks shared by the data modules: each raises a ValueError naming the parameter."""
import numbers

import numpy as np

from ..nn.random import default_rng


def check_int(value, name, minimum=1, maximum=None):
    """``value`` as an int in ``[minimum, maximum]``; bools and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f">= {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return value


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
