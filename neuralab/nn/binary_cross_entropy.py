"""Binary cross-entropy, on probabilities (BCELoss) or fused with the sigmoid, on logits
(BCEWithLogitsLoss), and the check that their targets are in [0, 1]."""

import numpy as np

from .activations import Sigmoid, sigmoid
from .labels import PROBABILITIES, mapping_hint
from .loss import Loss, regression_hint

# BCELoss's floor on p(1 - p) in its gradient, as torch's: p exactly 0 or 1 stays finite (the
# training monitor counts the outputs below it: train/diagnose_output.py)
SLOPE_FLOOR = 1e-12


def binary_label_hint(target):
    """How to turn class labels that are not in [0, 1] into the probability of class 1, as the
    end of an error message (``nn.labels.mapping_hint``): "" when ``target`` holds no labels.
    More than two classes need one output each, and cross_entropy."""
    return mapping_hint(target, PROBABILITIES, more_than_two="give the model one output per class "
                                                             "and use cross_entropy with labels 0..K-1")


def regression_refusal(loss_name, target):
    """The refusal of targets that a binary cross-entropy (``loss_name``) was given but that look
    like a regression's: values past [0, 1] by more than a probability's rounding (1 + 1e-6) that
    ``regression_hint`` takes for quantities (y = 3.7 x + 0.2), the refusal sending them to mse.
    "" for anything else: probabilities of class 1, labels to map (-1/+1, 1/2: ``binary_label_hint``),
    what holds no numbers. ``fit`` reads it before the loss sees a prediction (``train.logits``):
    a model ending with Dense was told to end with Sigmoid, which then refused those targets."""
    try:
        target = np.asarray(target)
    except (TypeError, ValueError):   # rows of unequal lengths: the checks of the data say it
        return ""
    if target.dtype.kind not in "biuf" or not target.size:
        return ""
    outside = target[(target < 0) | (target > 1)]
    # past [0, 1] by more than a probability's rounding: quantities, or labels
    if not outside.size or np.isclose(outside, np.clip(outside, 0, 1)).all():
        return ""
    regression = regression_hint(target)
    return regression and f"{_not_probabilities(loss_name, target)}: {regression}"


def _not_probabilities(loss_name, target):
    """The start of every refusal of targets past [0, 1]."""
    return (f"{loss_name}: targets must be in [0, 1] (the probability of class 1), got values from "
            f"{target.min():g} to {target.max():g}")


class BinaryTargetLoss(Loss):
    """The base of the two binary cross-entropies: their targets are the probability of class 1."""

    targets = "numbers in [0, 1] (the probability of class 1)"

    def check_target(self, pred, target):
        """``target`` if every value is in [0, 1], the probability that the sample is of class 1.

        Any other value makes the loss meaningless: with y = -1 or 2, ℓ = -(y log p + (1 - y)
        log(1 - p)) has no minimum (it falls without bound as p moves to an end), so training
        reports ever smaller, negative losses while accuracy stalls, and nothing says why.
        """
        target = super().check_target(pred, target)
        low, high = target.min(), target.max()
        if low < 0 or high > 1:
            if refusal := regression_refusal(type(self).__name__, target):
                raise ValueError(refusal)
            raise ValueError(f"{_not_probabilities(type(self).__name__, target)}{binary_label_hint(target)}")
        return target

    def text_hint(self, target, pred):
        return binary_label_hint(target)


class BCELoss(BinaryTargetLoss):
    """Binary cross-entropy on probabilities p = ŷ ∈ [0, 1]:
        ℓ = -(y log p + (1 - y) log(1 - p)),   dℓ/dp = (p - y) / (p (1 - p)).
    As in PyTorch, each log is clamped at -100 and p(1 - p) at 1e-12, so p = 0 or 1 stays finite.

    Predictions outside [0, 1] are refused on every call, as PyTorch does: they are almost
    always logits from a network without a sigmoid output, and the logs would give NaN, which
    ``fit`` would report as divergence. Targets outside [0, 1] are refused too (as in PyTorch).

    >>> from neuralab import nn
    >>> loss = nn.BCELoss()
    >>> round(loss([0.5, 0.9], [1.0, 0.0]), 4)     # (-ln 0.5 - ln(1 - 0.9)) / 2 = (0.6931 + 2.3026) / 2
    1.4979
    >>> loss.backward().round(4)                   # (p - y) / (p (1 - p)) / m: -0.5/0.25/2, 0.9/0.09/2
    array([-1.,  5.])
    """

    name = "bce"

    def check_target(self, pred, target):
        """Also refuses predictions that hold NaN, with that message rather than the range one:
        this runs on direct calls and in ``evaluate`` with the real predictions (``fit`` passes
        zeros, and ``forward`` lets NaN through to its divergence handling)."""
        if np.isnan(pred.min()):  # min propagates NaN: one pass, no temporary mask
            raise ValueError("BCELoss: the predictions contain NaN (did training diverge?)")
        return super().check_target(pred, target)

    def forward(self, pred, target, scale=None):
        """L, after checking that pred is in [0, 1] — here, not in ``check_target``, because
        ``fit`` checks targets once against a stand-in prediction and then calls only this.
        Two reductions over a (batch, k) array: negligible next to the logs. Comparisons with
        NaN are false, so a NaN prediction passes, and ``fit`` stops it as divergence."""
        if pred.min() < 0 or pred.max() > 1:
            raise ValueError("BCELoss expects probabilities in [0, 1]; for raw scores (logits) "
                             "use BCEWithLogitsLoss")
        return super().forward(pred, target, scale)

    def _forward(self, pred, target):
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(pred), -100)
            log_1mp = np.maximum(np.log1p(-pred), -100)
        return -(log_1mp + target * (log_p - log_1mp))   # -(y log p + (1 - y) log(1 - p))

    def _backward(self, pred, target):
        return (pred - target) / np.maximum(pred * (1 - pred), SLOPE_FLOOR)


class BCEWithLogitsLoss(BinaryTargetLoss):
    """Sigmoid and binary cross-entropy fused, on logits z:
        ℓ = log(1 + e^z) - z·y,   dℓ/dz = σ(z) - y,
    computed as ℓ = max(z, 0) - z·y + log(1 + e^(-|z|)), the same number (log(1 + e^z) =
    max(z, 0) + log(1 + e^(-|z|))) without its cancellation: where the prediction is confidently
    right (z ≫ 0 with y = 1, z ≪ 0 with y = 0), max(z, 0) - z·y is exactly 0 and the tiny
    log(1 + e^(-|z|)) keeps all its digits, while log(1 + e^z) - z rounds 9.36e-14 to 9.24e-14 at
    z = 30, and to 0 from z = 36. Nothing overflows for finite z: e^(-|z|) ≤ 1, and
    max(z, 0) - z·y is z(1 - y) or -z·y, at most |z|.

    Targets outside [0, 1] are refused. PyTorch accepts them here (it checks only in BCELoss),
    but y is the probability of class 1: with -1/+1 labels the loss goes negative and training
    chases it, so a refusal that names the fix is worth more than torch's silence.

    >>> from neuralab import nn
    >>> loss = nn.BCEWithLogitsLoss()
    >>> round(loss([0.0, 0.0], [1.0, 0.0]), 4)     # σ(0) = 0.5 for both: -ln 0.5 = ln 2
    0.6931
    >>> loss.backward()                            # (σ(z) - y) / m, no division by p (1 - p)
    array([-0.25,  0.25])
    """

    name = "bce_logits"
    applies = Sigmoid

    def _forward(self, pred, target):
        return np.maximum(pred, 0) - pred * target + np.log1p(np.exp(-np.abs(pred)))

    def _backward(self, pred, target):
        return sigmoid(pred) - target
