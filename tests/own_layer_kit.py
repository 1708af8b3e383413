"""One layer of a learner's own for the tests of own layers: y = a ⊙ x, a Parameter per feature."""
import numpy as np

from neuralab import nn


class KitGain(nn.Layer):
    """y = a ⊙ x (a per feature, 1 at the start, in ``dtype``, the default dtype if None):
    dL/da = Σ_batch δ ⊙ x, dL/dx = δ ⊙ a."""
    keeps_shape = True

    def __init__(self, n=2, dtype=None):
        self.n = n
        self.a = nn.Parameter(np.ones(n, dtype=dtype or nn.get_default_dtype()), "a")

    def forward(self, x, training=False):
        self.x = x
        return x * self.a.data

    def backward(self, grad_out):
        self.a.grad += (grad_out * self.x).sum(axis=0)
        return grad_out * self.a.data

    def config(self):
        return {"n": self.n}
