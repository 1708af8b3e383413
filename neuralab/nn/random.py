"""One seeded random generator for everything that draws numbers: initialisation, shuffling, dropout.

``neuralab.seed(n)`` makes a whole run repeat bit for bit.

Who draws from what:

- the initialisers (``Dense``, ``MLP``) draw from their ``rng`` if given, else from the library's;
- ``fit(seed=s)`` draws everything its training steps need from one generator, seeded with ``s``
  (the library's for ``seed=None``): the order of the samples, the augmentation, and the dropout
  masks of layers without a generator of their own (and any draw from ``default_rng()`` in a
  forward pass), through ``drawing_from``; ``fit(seed=s)`` thus repeats whatever the library's
  generator holds, and leaves it as it was;
- a ``Dropout`` called outside ``fit``, and the data functions given ``seed=None``, draw from the
  library's generator; ``predict``, ``evaluate``, ``summary``, ``gradcheck`` (which puts back the
  generators it draws from), ``load``, ``save`` and the built-in callbacks draw nothing.
"""
import contextlib
import contextvars
import numbers

import numpy as np

from .checks import check_int, check_type

_rng = np.random.default_rng()
# The generator of the fit whose training step runs in this thread, if any (see drawing_from).
_fit_rng = contextvars.ContextVar("fit_rng", default=None)


def seed(value):
    """Reset the library-wide generator: initialisers without an ``rng``, ``fit(seed=None)``,
    dropout outside ``fit`` and the data functions given ``seed=None`` draw from it."""
    global _rng
    _rng = np.random.default_rng(check_int(value, "seed", minimum=0))


def default_rng():
    """The generator a draw without one of its own takes: inside ``drawing_from(rng)`` (a
    ``fit``'s training step) that ``rng``, otherwise the library-wide one (which ``seed`` resets)."""
    rng = _fit_rng.get()
    return _rng if rng is None else rng


@contextlib.contextmanager
def drawing_from(rng):
    """Inside this block, in this thread, ``default_rng()`` is ``rng``: ``fit`` runs its forward
    passes in it, so that its ``seed`` also fixes the dropout masks."""
    token = _fit_rng.set(rng)
    try:
        yield rng
    finally:
        _fit_rng.reset(token)


def check_generator(rng, name="rng"):
    """None (which stands for the library's generator), or a generator: ``rng`` itself, or a fresh
    ``np.random.default_rng(rng)`` for an integer seed, as NumPy and scikit-learn's ``random_state``
    take one. A caller that hands ``rng`` to several draws converts it once: a seed converted per
    layer would give every layer of one shape the same weights."""
    if rng is None or isinstance(rng, np.random.Generator):
        return rng
    check_type(rng, name, numbers.Integral, "an integer seed, a numpy.random.Generator or None")
    return np.random.default_rng(check_int(rng, name, minimum=0))


def as_rng(seed, name="seed"):
    """A generator: ``None`` -> the library-wide one (``neuralab.seed`` resets it),
    an int -> a fresh ``np.random.default_rng(seed)``, a Generator -> itself."""
    rng = check_generator(seed, name)
    return default_rng() if rng is None else rng
