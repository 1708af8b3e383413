"""HingeLoss, the margin loss of support-vector machines: labels -1/+1 and a raw score."""

import numpy as np

from .labels import label_set, plus_minus_one
from .loss import Loss


class HingeLoss(Loss):
    """L = mean over samples and outputs of max(0, 1 - y·s), for labels y ∈ {-1, +1} and scores s
    (a last Dense with no activation);  dℓ/ds = -y where y·s < 1, else 0.

    A sample costs nothing once its score is on its label's side by a margin of 1 (y·s ≥ 1); inside
    the margin it pulls the score towards its label with a constant force, however far off it is.
    The class is the sign of the score: s > 0 is +1. The same loss as micrograd's demo,
    ``(1 + -yi*scorei).relu()``, Keras's ``Hinge`` and scikit-learn's ``hinge_loss``; at the kink,
    y·s = 1, the gradient is 0, as ReLU's is at 0.

    >>> from neuralab import nn
    >>> loss = nn.HingeLoss()
    >>> loss([[2.0], [0.5], [0.5]], [1, 1, -1])    # (0 + 0.5 + 1.5) / 3: past, inside, wrong side
    0.6666666666666666
    >>> loss.backward()                            # -y / 3 inside the margin, 0 past it
    array([[ 0.        ],
           [-0.33333333],
           [ 0.33333333]])
    """

    name = "hinge"
    targets = "-1 or +1 (the class of each score's sign)"

    def check_target(self, pred, target):
        """``target`` if it holds only -1 and +1, else a ValueError with the mapping to them: with
        y = 0, ℓ = 1 whatever the score, and the sample teaches nothing (0/1 labels would train
        class 0 to nothing at all)."""
        target = super().check_target(pred, target)
        if not plus_minus_one(target):
            labels = label_set(target)
            got = (f"the labels {', '.join(map(str, labels))}" if labels and len(labels) <= 5
                   else f"values from {target.min():g} to {target.max():g}")
            raise ValueError(f"{type(self).__name__}: targets must be -1 or +1, got {got}{_signs_hint(target)}")
        return target

    def _forward(self, pred, target):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.maximum(1 - target * pred, 0)

    def _backward(self, pred, target):
        """dℓ/ds = -y inside the margin (1 - y·s > 0), 0 past it."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.where(1 - target * pred > 0, -target, 0).astype(pred.dtype, copy=False)


def _signs_hint(target):
    """How to map two labels to -1/+1, as the end of the refusal: 0/1 with 2y - 1, any other
    two with the larger as +1; "" for what holds no two labels (quantities, one label, three)."""
    values = label_set(target)
    if not values or len(values) != 2:
        return ""
    if values == [0, 1]:
        return "; map the labels 0/1 to -1/+1 with y = 2 * y - 1"
    return f"; map the two labels to -1/+1 with y = np.where(y == {values[1]!r}, 1, -1)"
