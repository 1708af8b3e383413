"""A learnable array and the gradient of the loss with respect to it."""
import numpy as np

from .dtype import as_float_array


class _Data:
    """``Parameter.data``, always a float ndarray: assigning converts what is given as the
    constructor does (a list; integers and bools to the default dtype) and refuses what is not
    numbers, naming the parameter, here rather than deep inside forward (a list has no ``.T``)
    or the optimizer (NumPy cannot cast its float update into an integer array). Another shape
    is accepted: the optimizer, which knows the shape of its state, refuses it itself.

    It defines ``__set__`` only, so that reading ``p.data`` finds the array in the parameter's
    ``__dict__`` with no Python call: about 20 ns more than the plain slot it was, where a
    property would add 60 (a training step of a small MLP reads ``.data`` 17 times).
    """

    def __set__(self, p, value):
        p.__dict__["data"] = as_float_array(value, f"{p.name or 'parameter'}.data", finite=False)


class Parameter:
    """``data`` is the value, ``grad`` the accumulated dL/d(data) (same shape), ``name`` a label.

    Gradients accumulate (``+=``) across backward calls, as in autograd, so a parameter used twice
    gets both contributions; ``zero_grad`` clears them.

    Clearing is lazy, the way PyTorch's ``zero_grad(set_to_none=True)`` is: ``zero_grad`` only
    notes that the gradient is zero, and the first ``accumulate`` after it writes its result
    straight into ``grad`` — for a big weight matrix that saves a pass that fills zeros and a
    pass that adds the new gradient to them. Reading ``grad`` before then gives zeros, as it
    always has.

    Keep the parameter, not its array: an optimizer's first step gathers the values of all its
    parameters into one flat array and makes each ``data`` a view into it (see
    ``optim.Optimizer``), so an array taken before, ``w = layer.weight.data``, holds the old
    values and is not updated. Read ``layer.weight.data`` again when you need the weights;
    writing into it in place (``layer.weight.data[...] = w``) reaches the optimizer.

    >>> from neuralab import nn, optim
    >>> layer = nn.Dense(2, 1, bias=False, init="zeros")
    >>> w = layer.weight.data
    >>> opt = optim.SGD(layer.parameters(), lr=0.1)
    >>> layer.weight.grad[...] = 1.0
    >>> opt.step()
    >>> layer.weight.data                     # read again: the live weight
    array([[-0.1, -0.1]], dtype=float32)
    >>> w                                     # the array from before the first step
    array([[0., 0.]], dtype=float32)
    """

    data = _Data()

    __slots__ = ("_grad", "_zeroed", "name", "__dict__")  # __dict__ holds ``data``: see _Data

    def __init__(self, data, name=""):
        self.name = name
        self.data = data
        self._grad, self._zeroed = np.empty_like(self.data), True  # zero until the first accumulate

    @property
    def grad(self):
        if self._zeroed:
            self._grad.fill(0)
            self._zeroed = False
        return self._grad

    @grad.setter
    def grad(self, value):
        self._grad, self._zeroed = value, False

    def accumulate(self, fn, *args):
        """grad += fn(*args), for a NumPy function ``fn`` that takes ``out=`` (np.matmul,
        np.add.reduce, ...): right after ``zero_grad`` the result goes straight into ``grad``."""
        if self._zeroed:
            fn(*args, out=self._grad)
            self._zeroed = False
        else:
            self._grad += fn(*args)

    @property
    def shape(self):
        return self.data.shape

    @property
    def size(self):
        return self.data.size

    def zero_grad(self):
        self._zeroed = True

    def __repr__(self):
        return f"Parameter(name={self.name!r}, shape={self.data.shape}, dtype={self.data.dtype.name})"
