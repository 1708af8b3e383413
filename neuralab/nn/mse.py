"""MSELoss, the mean squared error: the loss of regression."""

import numpy as np

from .loss import Loss


class MSELoss(Loss):
    """L = mean over samples and outputs of (ŷ - y)²;  dL/dŷ = 2 (ŷ - y) / (m · k).

    Where ŷ - y or its square is past the float range it is inf, the nearest value, as in torch.
    """

    name = "mse"
    grad_factor = 2.0

    def _forward(self, pred, target):
        with np.errstate(over="ignore"):
            return (pred - target) ** 2

    def _backward(self, pred, target):
        with np.errstate(over="ignore"):
            return pred - target                # ·2 with the scale: grad_factor
