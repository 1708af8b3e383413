"""MSELoss, the mean squared error: the loss of regression."""

import numpy as np

from .labels import CLASS_INDICES, PROBABILITIES, mapping_hint
from .loss import Loss


class MSELoss(Loss):
    """L = mean over samples and outputs of (ŷ - y)²;  dL/dŷ = 2 (ŷ - y) / (m · k).

    Where ŷ - y or its square is past the float range it is inf, the nearest value, as in torch.

    Two samples (m = 2) of two outputs (k = 2), only the first sample off:

    >>> from neuralab import nn
    >>> loss = nn.MSELoss()
    >>> loss([[1.0, 3.0], [2.0, 2.0]], [[0.0, 1.0], [2.0, 2.0]])   # (1² + 2² + 0 + 0) / 4
    1.25
    >>> loss.backward()                                           # 2 (ŷ - y) / 4
    array([[0.5, 1. ],
           [0. , 0. ]])
    """

    name = "mse"
    grad_factor = 2.0
    targets = "numbers (the quantity to predict, or one-hot rows for classes)"

    def text_hint(self, target, pred):
        """Text labels are classes: for one output, mapped to 0/1; for K outputs, numbered
        0..K-1 and given as one-hot rows (the course trains a softmax with MSE so), though
        cross_entropy is the loss of classes."""
        if pred.ndim == 1 or pred.shape[1] == 1:
            return mapping_hint(target, PROBABILITIES, more_than_two="give the model one output per "
                                "class and MSE the one-hot rows of the labels numbered 0..K-1")
        numbering = mapping_hint(target, CLASS_INDICES)
        return (f"{numbering}, then give MSE their one-hot rows, data.one_hot(y); for classes, "
                f"loss='cross_entropy' takes the numbered labels themselves") if numbering else ""

    def _forward(self, pred, target):
        with np.errstate(over="ignore"):
            return (pred - target) ** 2

    def _backward(self, pred, target):
        """dℓ_ij/dŷ_ij = 2(ŷ - y), returned as ŷ - y: ``Loss.backward`` multiplies it by
        ``grad_factor`` = 2 and the mean's 1/(m·k) in one scale, dL/dŷ = 2(ŷ - y)/(m·k), so that
        2(ŷ - y) is never formed on its own (it can overflow where the scaled value does not)."""
        with np.errstate(over="ignore"):
            return pred - target
