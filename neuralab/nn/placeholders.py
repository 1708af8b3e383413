"""Placeholders for weights that are about to be overwritten: inside a ``placeholders()`` block
every initialiser of ``nn.init`` returns ``np.empty`` of its shape and draws nothing.

For ``neuralab.load``, which builds a model from a file's spec and then overwrites every value
with the file's arrays, and for the dry run of ``MLP``'s sizes. An array from ``np.empty`` takes
address space but no memory until it is written, so a crafted spec of huge layers costs nothing
before the file's array headers refuse it."""
import contextlib
import contextvars
import math

import numpy as np

from .dtype import get_default_dtype


class TooManyValues(ValueError):
    """An initialiser inside ``placeholders(max_values)`` would take the block past that many
    values."""


class _Block:
    """The open ``placeholders()`` block: how many values its placeholders hold, and the most
    they may (None: no limit)."""

    def __init__(self, max_values):
        self.values, self.max_values = 0, max_values


_open_block = contextvars.ContextVar("placeholders", default=None)


@contextlib.contextmanager
def placeholders(max_values=None):
    """Inside this block every initialiser returns ``np.empty`` of its shape and draws nothing:
    each of ``nn.init``'s, called by name or directly (``nn.init.he_normal(shape)`` in a layer
    of your own), and a function of your own given as ``init=`` (``nn.init.get`` stands the
    placeholder in for it). A layer of your own that draws from a generator itself still draws.
    Any init name is accepted, since none runs: a model built with its own init function saves
    it as "custom", and loads all the same.

    Each placeholder still costs a page or two, though, and thousands of them add up: with
    ``max_values`` the initialisers keep a running total of the values they hand out and raise
    ``TooManyValues`` as soon as it passes ``max_values``. ``load`` passes ``MAX_MODEL_VALUES``,
    so a spec that declares too many values is refused while it is being built, before the
    placeholders of all its layers exist.
    """
    token = _open_block.set(_Block(max_values))
    try:
        yield
    finally:
        _open_block.reset(token)


def inside_placeholders():
    """Whether a ``placeholders()`` block is open (in this thread or task)."""
    return _open_block.get() is not None


def placeholder(shape, rng=None):
    """An uninitialised array of ``shape``, counted towards the open block's ``max_values``
    (handed out only inside ``placeholders()``; ``rng`` is taken, as an initialiser's, and
    unused)."""
    block = _open_block.get()
    block.values += math.prod(shape)
    if block.max_values is not None and block.values > block.max_values:
        raise TooManyValues(f"more than {block.max_values:,} values in parameters and buffers")
    return np.empty(shape, get_default_dtype())
