"""Flatten: each sample's values in one row, so that images of (m, 28, 28) go into a Dense."""
import math

from .checks import NO_ARGUMENTS, check_no_arguments
from .dtype import as_float_array
from .habits import FLATTEN_KEYWORDS
from .layer import Layer
from .sequential import Sequential


class Flatten(Layer):
    """Flattens every axis after the first, the samples' (PyTorch's ``nn.Flatten()``, Keras's
    ``Flatten()``); no parameters, nothing learned:

        a = a_prev.reshape(m, d1·d2·…·dk)        a_prev: (m, d1, …, dk), a: (m, d1·…·dk)
        backward: δ_prev = δ.reshape(m, d1, …, dk)   each value's gradient back in its place

    The values are read in C order, row after row of an image, as ``data.load("mnist")`` lays
    out its 784 columns and NumPy's ``X.reshape(len(X), -1)`` does. A first layer ``Flatten()``
    lets a Dense network take images as they are, and predict one image given as a batch of one,
    ``np.expand_dims(image, 0)``. Rows (m, n) pass unchanged.

    >>> import numpy as np
    >>> from neuralab import nn
    >>> images = np.arange(12.0).reshape(2, 2, 3)             # 2 images of 2 × 3 pixels
    >>> flatten = nn.Flatten()
    >>> flatten(images)
    array([[ 0.,  1.,  2.,  3.,  4.,  5.],
           [ 6.,  7.,  8.,  9., 10., 11.]])
    >>> flatten.backward(np.ones((2, 6))).shape                # δ back in the images' shape
    (2, 2, 3)
    """

    keeps_values = True   # model.input_features() counts a sample's values through it

    def __init__(self, *args, **unexpected):
        check_no_arguments(self, args, unexpected, FLATTEN_KEYWORDS)   # Keras's input_shape, torch's start_dim
    __init__.__signature__ = NO_ARGUMENTS

    def forward(self, x, training=False):
        a_prev = as_float_array(x, "input of Flatten", finite=False)
        if a_prev.ndim < 2:
            raise ValueError(f"Flatten takes a batch, one sample per row of axis 0, got shape {a_prev.shape}: "
                             f"for one sample, add the batch axis, np.expand_dims(x, 0)")
        self.a_prev = a_prev   # its shape for backward; the batch itself for the Monitor's probe
        return a_prev.reshape(len(a_prev), -1)

    def backward(self, grad_out):
        shape = self._cached("a_prev").shape
        delta = self._check_delta(grad_out, (shape[0], math.prod(shape[1:])))
        return delta.reshape(shape)

    def output_shape(self, input_shape):
        return (math.prod(input_shape),)

    def config(self):
        return {}


def flattens_input(model):
    """Whether ``model`` begins with a Flatten, past layers that keep the shape (in nested
    Sequentials too): it takes samples of any shape holding ``model.input_features()`` values,
    images of (m, 28, 28) for 784, where another model takes rows."""
    if not isinstance(model, Layer):
        return False
    for layer in model.walk():   # depth first: a Sequential, then its first layer
        if isinstance(layer, Flatten):
            return True
        if not (layer.keeps_shape or isinstance(layer, Sequential)):
            return False
    return False
