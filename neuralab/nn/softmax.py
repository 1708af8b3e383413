"""Softmax, a_k = e^(z_k) / Σ_j e^(z_j), and its logarithm: a vector of scores, one per class,
turned into probabilities that sum to 1. Not element-wise like the activations in
``activations``, though MLP and the playground name it among them ("softmax").
"""
import numpy as np

from .checks import check_int, checked_keywords
from .habits import TORCH_SOFTMAX_KEYWORDS
from .layer import Layer
from .own_formulas import float_input as _array, use_own_formulas


def log_softmax(z, axis=-1):
    """log softmax(z) = z - max z - log Σ e^(z - max z) along ``axis``: no log of 0, and no
    overflow warning for any finite z.

    Logits further apart than the float range (±3e38 in float32) give a z - max z below it: that
    rounds to -inf, the nearest value to the exact one, whose e^ is 0 as it should be, so the
    subtraction runs with overflow warnings off. Such a -inf is the log-probability of a class
    with probability 0 in that dtype; ``CrossEntropyLoss`` weights it by 0 where the target does.

    The work happens on a copy with ``axis`` swapped to the front, returned as a view in z's axis
    order. NumPy reduces along the last axis one row at a time, which for 10 classes and 128
    samples is 128 tiny loops; along the first axis of a contiguous array it is one vector
    operation per class over all samples at once. This runs on every training batch of a
    classifier.
    """
    z = _array(z)
    s = np.array(z.swapaxes(axis, 0), order="C")
    with np.errstate(over="ignore"):
        s -= np.maximum.reduce(s, axis=0)
    s -= np.log(np.add.reduce(np.exp(s), axis=0))
    return s.swapaxes(0, axis)


def softmax(z, axis=-1):
    """softmax(z)_k = e^(z_k) / Σ_j e^(z_j) along ``axis``, as e^(log_softmax(z)): probabilities
    that sum to 1, for any finite z. The function of the ``Softmax`` layer; of the raw scores of a
    model trained with ``cross_entropy`` (which ends without a Softmax), it gives what
    scikit-learn's ``predict_proba`` and torch's ``softmax(model(x), dim=1)`` give.

    >>> softmax([[1.0, 2.0, 3.0]]).round(3)          # nn.softmax(model.predict(X))
    array([[0.09 , 0.245, 0.665]])
    """
    return np.exp(log_softmax(z, axis))


class Softmax(Layer):
    """Scores, one per class, turned into probabilities that sum to 1, along ``axis``:

        a_k = e^(z_k) / Σ_j e^(z_j)      (computed after subtracting max z: no overflow)

    Not element-wise: each a_k depends on every z_j, through the Jacobian
        J = ∂a/∂z = diag(a) - a aᵀ,  J_kj = ∂a_k/∂z_j = a_k (1[k=j] - a_j)
    so backward, the chain rule δ_z,j = Σ_k J_kj δ_a,k, is
        δ_z = Jᵀ δ_a  (= J δ_a, J being symmetric) = a ⊙ (δ_a - Σ_k a_k δ_a,k)
    Paired with cross-entropy the product collapses to δ_z = a - y, which is why
    ``CrossEntropyLoss`` takes the logits z and fuses the two (a model trained with it ends
    without a Softmax).

    >>> Softmax()([1.0, 2.0, 3.0]).round(3)          # nn.Softmax(axis=-1), or output="softmax"
    array([0.09 , 0.245, 0.665])
    """

    name = "softmax"
    keeps_shape = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        use_own_formulas(cls, _jacobian_forward, _jacobian_backward)

    @checked_keywords(TORCH_SOFTMAX_KEYWORDS)   # torch's dim
    def __init__(self, axis=-1):
        self.axis = check_int(axis, "axis", minimum=None)  # its range depends on the input

    def function(self, z):
        z = _array(z)
        if not -z.ndim <= self.axis < z.ndim:  # else NumPy's AxisError from deep in log_softmax
            hint = ("; softmax turns a vector of scores, one per class, into probabilities: give "
                    "it all of them, e.g. [2.0, 1.0, 0.1]") if z.ndim == 0 else ""
            raise ValueError(f"Softmax(axis={self.axis}): the input has no axis {self.axis}, "
                             f"its shape is {z.shape}{hint}")
        return softmax(z, self.axis)

    def derivative(self, z):
        """The Jacobian da/dz of each softmax along ``axis``, J[..., i, j] = da_i/dz_j =
        a_i (1[i=j] - a_j), shape (..., K, K): the other axes of z, then ``axis`` twice."""
        a = np.moveaxis(self.function(z), self.axis, -1)
        return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def forward(self, x, training=False):
        """a = softmax(z) along ``axis``, kept for backward, which needs only a."""
        z = _array(x, "input of Softmax")
        self.a = self.function(z)
        return self.a

    def backward(self, grad_out):
        """δ_z = a ⊙ (δ_a - Σ_k a_k δ_a,k) along ``axis``: Jᵀ δ_a without building J, from
        ``grad_out`` = δ_a and the a forward kept."""
        a = self._cached("a")
        delta = self._check_delta(grad_out, a.shape)
        return a * (delta - (delta * a).sum(axis=self.axis, keepdims=True))

    def config(self):
        return {"axis": self.axis}


def _jacobian_forward(self, x, training=False):
    """A subclass of Softmax's forward when it gives ``function`` or ``derivative`` of its own (see
    ``own_formulas.use_own_formulas``): a = function(z), z kept for backward."""
    self.z = _array(x, f"input of {type(self).__name__}")
    self.a = self.function(self.z)
    return self.a


def _jacobian_backward(self, grad_out):
    """Its backward, through the Jacobian J = ``derivative(z)``, J[..., i, j] = da_i/dz_j with the
    axis moved last:  δ_z = Jᵀ δ_a, δ_z,j = Σ_i J_ij δ_a,i."""
    z = self._cached("z")
    delta = np.moveaxis(self._check_delta(grad_out, z.shape), self.axis, -1)
    delta_z = np.einsum("...ij,...i->...j", self.derivative(z), delta)
    return np.moveaxis(delta_z, -1, self.axis)
