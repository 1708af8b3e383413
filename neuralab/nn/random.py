"""One seeded random generator for everything that draws numbers: initialisation, shuffling, dropout.

``neuralab.seed(n)`` makes a whole run repeat bit for bit.
"""
import numpy as np

from .checks import check_int, check_type

_rng = np.random.default_rng()


def seed(value):
    """Reset the generator that initialisers, shuffling and dropout draw from."""
    global _rng
    _rng = np.random.default_rng(check_int(value, "seed", minimum=0))


def default_rng():
    """The library-wide generator (the one ``seed`` resets)."""
    return _rng


def check_generator(rng, name="rng"):
    """``rng`` if it is a ``np.random.Generator`` or None (which stands for the library's)."""
    return check_type(rng, name, (np.random.Generator, type(None)), "a numpy.random.Generator or None")


def as_rng(seed, name="seed"):
    """A generator: ``None`` -> the library-wide one (``neuralab.seed`` resets it),
    an int -> a fresh ``np.random.default_rng(seed)``, a Generator -> itself."""
    if seed is None:
        return default_rng()
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int(seed, name, minimum=0))
