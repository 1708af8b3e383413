"""CrossEntropyLoss: softmax and cross-entropy fused, the loss of classification into K classes."""

import numpy as np

from .labels import check_class_labels, check_probability_rows
from .loss import Loss, regression_hint
from .softmax import Softmax, log_softmax


class CrossEntropyLoss(Loss):
    """Softmax and cross-entropy fused, on logits z of shape (m, K):
        ℓ = -Σ_k y_k log softmax(z)_k,   dℓ/dz = softmax(z) - y.
    With a label c_i per sample the sum has one term: ℓ_i = -log softmax(z_i)_(c_i), and the
    gradient is softmax(z_i) with 1 subtracted at c_i — no one-hot matrix needed.

    ``target`` is integer labels (m,) or (m, 1) in 0..K-1, or one-hot / probability rows (m, K).

    Two samples, K = 2: softmax([0, 0]) = [0.5, 0.5] and softmax([2, 0]) = [0.8808, 0.1192].

    >>> from neuralab import nn
    >>> loss, z = nn.CrossEntropyLoss(), [[0.0, 0.0], [2.0, 0.0]]
    >>> round(loss(z, [0, 1]), 4)                   # (-ln 0.5 - ln 0.1192) / 2 = (0.6931 + 2.1269) / 2
    1.41
    >>> loss.backward().round(4)                    # (p - y) / m
    array([[-0.25  ,  0.25  ],
           [ 0.4404, -0.4404]])
    >>> round(loss(z, [[1.0, 0.0], [0.0, 1.0]]), 4)  # the same labels as one-hot rows: the same loss
    1.41
    """

    name = "cross_entropy"
    applies = Softmax

    def _forward(self, pred, target):
        """ℓ_i = -Σ_k y_ik log p_ik, p = softmax(z): -log p_i,c_i for a label c_i."""
        self.log_p = log_softmax(pred)
        if target.ndim == 1:
            return -self.log_p[np.arange(len(target)), target]
        # log_p is -inf where a logit is a float range below the largest (see log_softmax): a
        # class of target 0 there adds 0 to the sum, not 0 · -inf = NaN
        terms = np.multiply(target, self.log_p, out=np.zeros_like(self.log_p), where=target != 0)
        return -terms.sum(axis=1)

    def _backward(self, pred, target):
        """dℓ_i/dz_i = p_i - y_i, with p = softmax(z) = e^(log p) from the log p forward kept."""
        p = np.exp(self.log_p)
        if target.ndim == 1:   # labels c_i: y_i is one-hot, so p - y is p less 1 at each c_i
            p[np.arange(len(target)), target] -= 1
            return p
        return p - target

    def check_target(self, pred, target):
        """Labels as int64 (m,), or rows as floats (m, K); anything else is refused, naming the fix
        (``labels.check_class_labels``, ``labels.check_probability_rows``).

        One output (K = 1) is refused whatever the target, though PyTorch accepts it: a softmax
        over one logit is 1, so ℓ = 0 and dℓ/dz = 0 for any weights, and training does nothing.
        Rows must be probabilities, in [0, 1] and summing to 1. With a y_k < 0, ℓ has no minimum
        (it falls without bound as z_k grows: -1/+1 rows drive iris's loss to -138 in 50 epochs);
        and ℓ = -Σ_k y_k z_k + (Σ_k y_k) log Σ_j e^(z_j) has the gradient (Σ_k y_k) softmax(z) - y,
        which is the softmax(z) - y that ``backward`` returns only when the row sums to 1.
        """
        if pred.ndim != 2:
            raise ValueError(f"CrossEntropyLoss expects logits of shape (batch, classes), got {pred.shape}")
        m, k = pred.shape
        target = np.asarray(target)
        regression = regression_hint(target) if target.ndim == 1 or target.shape == (m, 1) else ""
        if k == 1:
            raise ValueError(f"CrossEntropyLoss needs one output per class (2 for two classes), got "
                             f"predictions of shape {pred.shape}: a softmax over one output is always "
                             f"1, so nothing is learned; "
                             + (f"{regression}" if regression else "for one output, use bce_logits"))
        if regression and not _class_indices(target, k):   # 100 labels of 100 classes are labels
            raise ValueError(f"CrossEntropyLoss: labels (one class index per sample) must be whole numbers "
                             f"in 0..{k - 1}; {regression}, and one output")
        if target.shape == (m, 1):  # labels as a column, as Keras's sparse categorical loss takes them
            target = target.reshape(m)
        if target.shape == (m,):
            return check_class_labels(target, k, "CrossEntropyLoss")
        return check_probability_rows(super().check_target(pred, target), "CrossEntropyLoss")


def _class_indices(target, k):
    """Whether ``target`` holds whole numbers in 0..k-1 only, class labels for k outputs."""
    return bool(np.array_equal(target, np.round(target)) and target.min() >= 0 and target.max() < k)
