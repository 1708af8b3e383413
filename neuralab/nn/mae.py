"""L1Loss, the mean absolute error: the regression loss that an outlier pulls no harder than any
other sample."""

import numpy as np

from .loss import Loss


class L1Loss(Loss):
    """L = mean over samples and outputs of |ŷ - y|;  dL/dŷ = sign(ŷ - y) / (m · k).

    PyTorch's ``nn.L1Loss`` and Keras's ``MeanAbsoluteError`` (``loss="mae"``). Where MSE's
    gradient 2(ŷ - y) grows with the error, this one is ±1/(m·k) however far off a prediction is:
    a few wild targets move the model no more than the others, and the constant that minimises it
    is the targets' median, where MSE's is their mean. The price is the kink at ŷ = y: the
    gradient does not shrink as a prediction nears its target, so a fixed learning rate makes the
    last steps jump across it (a decaying one, or Adam's, settles). At the kink itself, ŷ = y
    exactly, the gradient is the subgradient 0, as torch's sign(0) = 0.

    Where ŷ - y is past the float range, |ŷ - y| is inf, as in torch, and its sign is still right.

    Two samples (m = 2) of two outputs (k = 2), one output exact:

    >>> from neuralab import nn
    >>> loss = nn.L1Loss()
    >>> loss([[1.0, 3.0], [2.0, 0.5]], [[0.0, 1.0], [2.0, 2.0]])   # (1 + 2 + 0 + 1.5) / 4
    1.125
    >>> loss.backward()                                           # sign(ŷ - y) / 4
    array([[ 0.25,  0.25],
           [ 0.  , -0.25]])
    """

    name = "mae"
    targets = "numbers (the quantity to predict)"

    def text_hint(self, target, pred):
        """Text labels are classes, which a regression loss does not take."""
        return "; mae is a regression loss: for classes use loss='cross_entropy' (or 'bce' for two)"

    def _forward(self, pred, target):
        with np.errstate(over="ignore"):
            return np.abs(pred - target)

    def _backward(self, pred, target):
        """dℓ_ij/dŷ_ij = sign(ŷ - y): +1 above the target, -1 below, 0 on it."""
        with np.errstate(over="ignore"):
            return np.sign(pred - target)
