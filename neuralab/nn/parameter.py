"""A learnable array and the gradient of the loss with respect to it."""
import numpy as np

from .dtype import get_default_dtype


class Parameter:
    """``data`` is the value, ``grad`` the accumulated dL/d(data) (same shape), ``name`` a label.

    Gradients accumulate (``+=``) across backward calls, as in autograd, so a parameter used twice
    gets both contributions; ``zero_grad`` clears them.
    """

    __slots__ = ("data", "grad", "name")

    def __init__(self, data, name=""):
        data = np.asarray(data)
        if data.dtype.kind != "f":
            data = data.astype(get_default_dtype())
        self.data = data
        self.grad = np.zeros_like(data)
        self.name = name

    @property
    def shape(self):
        return self.data.shape

    @property
    def size(self):
        return self.data.size

    def zero_grad(self):
        self.grad[...] = 0

    def __repr__(self):
        return f"Parameter(name={self.name!r}, shape={self.data.shape}, dtype={self.data.dtype.name})"
