"""CrossEntropyLoss: softmax and cross-entropy fused, the loss of classification into K classes."""

import numpy as np

from .checks import MAX_SIZE
from .labels import CLASS_INDICES, mapping_hint, plus_minus_one
from .loss import Loss, row_sum_off
from .softmax import Softmax, log_softmax


def _labels_hint(labels, k):
    """The end of the message refusing ``labels`` outside 0..k-1, for a model of k outputs: the
    mapping that numbers them from 0 (``nn.labels``), and the outputs they need if they are
    more than k classes. Whole numbers from 0 up are class indices already: only the outputs
    (or, past any layer's size, that they are no classes at all)."""
    hint = mapping_hint(labels, CLASS_INDICES, n_classes=k)
    needed = len(np.unique(labels)) if hint else int(labels.max()) + 1  # a Python int: no overflow
    if needed > MAX_SIZE:  # no layer has that many outputs: not class indices
        return (f"; {labels.max():g} is no class index (an output layer has at most {MAX_SIZE:,} "
                f"outputs): for a number to predict, use loss='mse'")
    if needed > k:
        hint += f"; the model has {k} outputs, one per class: for {needed} classes, give it {needed}"
    return hint


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

    def check_target(self, pred, target):
        """Labels as int64 (m,), or rows as floats (m, K); anything else is refused, naming the fix.

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
        if k == 1:
            raise ValueError(f"CrossEntropyLoss needs one output per class (2 for two classes), got "
                             f"predictions of shape {pred.shape}: a softmax over one output is always "
                             f"1, so nothing is learned; for one output, use bce_logits")
        target = np.asarray(target)
        if target.shape == (m, 1):  # labels as a column, as Keras's sparse categorical loss takes them
            target = target.reshape(m)
        if target.shape == (m,):
            if target.dtype.kind not in "biuf":
                raise TypeError(f"CrossEntropyLoss: labels must be numbers, got dtype {target.dtype}"
                                f"{mapping_hint(target, CLASS_INDICES, n_classes=k)}")
            if target.dtype.kind == "f" and not (np.isfinite(target).all()
                                                 and np.array_equal(target, np.round(target))):
                raise ValueError("CrossEntropyLoss: labels (one class index per sample) must be whole numbers")
            low, high = target.min(), target.max()
            if low < 0 or high >= k:  # checked before the cast, which could overflow
                raise ValueError(f"CrossEntropyLoss: labels must be in 0..{k - 1}, got values from "
                                 f"{low} to {high}{_labels_hint(target, k)}")
            return target.astype(np.int64)
        target = super().check_target(pred, target)
        low, high = target.min(), target.max()
        if low < 0 or high > 1:
            hint = ("; map -1/+1 rows to one-hot rows with (y + 1) / 2, or pass the labels "
                    "y.argmax(axis=1)") if plus_minus_one(target) else ""
            raise ValueError(f"CrossEntropyLoss: target rows must be one-hot or class "
                             f"probabilities, in [0, 1], got values from {low:g} to {high:g}{hint}")
        off = row_sum_off(target)
        if off is not None:
            raise ValueError(f"CrossEntropyLoss: each target row must sum to 1 (one class per "
                             f"sample, or probabilities over the classes), row {off[0]} sums to "
                             f"{off[1]:g}; for samples of several classes at once (multi-label), "
                             f"use bce_logits with one output per class")
        return target

    def _forward(self, pred, target):
        self.log_p = log_softmax(pred)
        if target.ndim == 1:
            return -self.log_p[np.arange(len(target)), target]
        # log_p is -inf where a logit is a float range below the largest (see log_softmax): a
        # class of target 0 there adds 0 to the sum, not 0 · -inf = NaN
        terms = np.multiply(target, self.log_p, out=np.zeros_like(self.log_p), where=target != 0)
        return -terms.sum(axis=1)

    def _backward(self, pred, target):
        grad = np.exp(self.log_p)
        if target.ndim == 1:
            grad[np.arange(len(target)), target] -= 1
            return grad
        return grad - target
