"""Dropout: during training, each unit is switched off with probability p."""
from .checks import check_number, checked_keywords
from .dtype import as_float_array
from .habits import DROPOUT_KEYWORDS
from .layer import Layer
from .random import check_generator, default_rng


def dropout_probability(value, name):
    """``value`` as a float in [0, 1); an error naming ``name`` otherwise (1 would drop everything)."""
    return check_number(value, name, lambda v: 0 <= v < 1, "a dropout probability in [0, 1)")


class Dropout(Layer):
    """Inverted dropout, as in PyTorch. Any input shape; a_prev and a have the same shape.

    Training, with a fresh mask for every forward pass:
        mask ~ Bernoulli(1 - p), element-wise    (1 keeps a unit, 0 drops it)
        a = a_prev ⊙ mask / (1 - p)
    Evaluation (``training=False``):  a = a_prev.
    Backward, with the same mask:  δ_prev = δ ⊙ mask / (1 - p)  (the identity in evaluation).

    The course's original form (Srivastava et al., 2014) does not scale during training and
    scales at test time instead:
        training: a = a_prev ⊙ mask           test: a = (1 - p) · a_prev
    Both give each unit, at test time, its expected training value: E[mask] = 1 - p, so
    E[a_prev ⊙ mask] = (1 - p) a_prev (original) and E[a_prev ⊙ mask / (1 - p)] = a_prev
    (inverted). The two networks differ only by a factor (1 - p) that the next layer's
    weights absorb; the inverted form puts it in training so that prediction is untouched.

    >>> import numpy as np
    >>> from neuralab import nn
    >>> dropout = nn.Dropout(p=0.5, rng=np.random.default_rng(0))
    >>> dropout(np.ones((2, 4)), training=True)        # each kept unit scaled by 1 / (1 - p) = 2
    array([[2., 0., 0., 0.],
           [2., 2., 2., 2.]])
    >>> round(float(dropout(np.ones((1000, 100)), training=True).mean()), 2)   # E[a] = a_prev
    1.0
    >>> dropout(np.ones((1, 4)))                       # evaluation: the identity
    array([[1., 1., 1., 1.]])

    ``rng`` is the generator masks are drawn from (or an integer seed of one); None means
    ``nn.random.default_rng()``, looked up at every forward pass: in ``fit``, the fit's generator (its ``seed``), elsewhere
    the library's, so ``neuralab.seed(n)`` makes the masks repeat. A generator of its own is no
    part of the layer's spec: a saved and loaded Dropout, or one rebuilt from the spec, draws
    from ``default_rng()`` (PyTorch's state_dict keeps no generator either).
    """

    keeps_shape = True

    @checked_keywords(DROPOUT_KEYWORDS)   # torch's inplace, the course's keep_prob
    def __init__(self, p=0.5, rng=None):
        self.p = dropout_probability(p, "p")
        self.rng = check_generator(rng)

    @property
    def trains_differently(self):
        return self.p > 0  # p = 0 drops nothing: training and evaluation are the identity

    def forward(self, x, training=False):
        a_prev = as_float_array(x, "input of Dropout", finite=False)
        self.a_shape = a_prev.shape  # for backward's check of δ: in evaluation there is no mask
        if not training or self.p == 0:
            self.mask = None
            return a_prev
        rng = self.rng if self.rng is not None else default_rng()
        self.mask = rng.random(a_prev.shape) >= self.p  # True with probability 1 - p
        return a_prev * self.mask / (1 - self.p)

    def backward(self, grad_out):
        a_shape, mask = self._cached("a_shape"), self.mask  # forward sets both
        delta = self._check_delta(grad_out, a_shape)
        return delta if mask is None else delta * mask / (1 - self.p)

    def config(self):
        return {"p": self.p}
