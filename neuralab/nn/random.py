"""One seeded random generator for everything that draws numbers: initialisation, shuffling, dropout.

``neuralab.seed(n)`` makes a whole run repeat bit for bit.
"""
import numpy as np

_rng = np.random.default_rng()


def seed(value):
    """Reset the generator that initialisers, shuffling and dropout draw from."""
    global _rng
    if not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"seed must be a non-negative integer, got {value!r}")
    _rng = np.random.default_rng(int(value))


def default_rng():
    """The library-wide generator (the one ``seed`` resets)."""
    return _rng
