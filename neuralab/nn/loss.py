"""Loss, the base class every loss shares: L = mean over the batch of a per-sample loss ℓ_i,
and its gradient dL/dpred.

``loss(pred, target)`` returns L as a float (a ``LossValue``: ``L.item()`` works, ``L.backward()``
says how backpropagation goes here) and caches what ``loss.backward()`` needs, which
returns dL/dpred (same shape as ``pred``): the δ that starts backpropagation.

With per-sample weights w the mean becomes the weighted mean L = Σ w_i ℓ_i / Σ w_i, so weights
of all ones give the plain mean, scaling all weights changes nothing, and a weight of 0 drops its
sample from the loss and the gradient, even where its loss is inf or NaN.
Every loss is computed in a form that cannot overflow for finite inputs, except where the loss
itself is past the float range: then it is inf, as in PyTorch, without a warning.
Underflow is left to NumPy's setting, which ignores it by default: on a confident prediction
e^(z - max z) or e^(-|z|) rounds to 0, the right answer, which ``np.seterr(all="raise")`` turns
into a FloatingPointError; ``np.seterr(all="raise", under="ignore")`` does not (see
``nn.activations``).

The mean over the batch, kept from overflowing, is ``loss_mean``'s; the checks of labels and of
rows of class probabilities are ``labels``'s. The losses themselves are in ``mse``,
``binary_cross_entropy`` and ``cross_entropy``; ``losses`` finds them by name.
"""

import numpy as np

from .activations import Sigmoid, Softmax
from .checks import NO_ARGUMENTS, as_array, check_no_arguments
from .dtype import as_float_array, cast_numbers
from .labels import is_text, row_sum_off
from .loss_mean import mean_loss, scale_gradient
from .loss_value import LossValue
from .model_output import final_layer, is_model_output, output_model
from .sample_weight import check_sample_weight, weight_scale

# The activations that turn logits into probabilities: a loss that takes logits and applies one
# itself must not be given the output of either (see ``Loss.applies``).
PROBABILITY_OUTPUTS = (Sigmoid, Softmax)


# More distinct whole numbers than this are taken for quantities rather than classes, as
# ``neuralab train`` does (data/csv_target.py's AUTO_MAX_CLASSES)
MAX_CLASS_COUNT = 20


def regression_hint(target):
    """The start of the advice for targets that a classification loss was given but that look
    like quantities to predict (a regression): fractions, or more than ``MAX_CLASS_COUNT``
    distinct whole numbers. "" for what may be class labels. A sine's y in [-1, 1] with loss="bce"
    was told to use bce_logits or a Sigmoid, which then refused it for the range: mse comes first."""
    target = np.asarray(target)
    if target.dtype.kind not in "biuf" or not target.size or not np.isfinite(target).all():
        return ""
    whole = np.array_equal(target, np.round(target))
    values = np.unique(target)
    if whole and len(values) <= MAX_CLASS_COUNT:
        return ""
    what = (f"{len(values)} distinct values" if whole
            else f"fractions such as {target.flat[np.argmax(target != np.round(target))]:.4g}")
    return (f"the targets, {what}, look like quantities to predict (a regression), not classes: "
            f"use loss='mse', with no output activation (nn.MLP's default)")


def _narrowed(target, dtype, loss_name):
    """``target`` in the predictions' ``dtype``; a float64 target of finite values past float32's
    range (1e300 for a float32 model) is refused rather than turned into inf with a warning."""
    if target.dtype.itemsize <= np.dtype(dtype).itemsize:
        return target.astype(dtype, copy=False)
    with np.errstate(over="ignore"):
        narrowed = target.astype(dtype)
    if not np.isfinite(narrowed).all() and np.isfinite(target).all():
        raise ValueError(f"{loss_name}: the targets hold values past the range of the predictions' "
                         f"{np.dtype(dtype).name} (±{np.finfo(dtype).max:.3g}): rescale them (a "
                         f"Standardizer), or use a float64 model")
    return narrowed


# PyTorch's and Keras's loss options, and how to do the same here (``Loss.__init__``).
TORCH_KEYWORDS = {
    "weight": "weights here are per sample and given at each call, loss(pred, y, weight=w) with w "
              "of shape (m,); for class weights, give each sample its class's: "
              "w = class_weights[labels] (labels 0..K-1)",
    "pos_weight": "weight the samples of class 1 at each call: loss(pred, y, weight=np.where(y == 1, "
                  "pos_weight, 1.0)) for one output and 0/1 labels y of shape (m,), a mean over "
                  "Σw where torch's divides by m (its value is this one times Σw / m)",
    "label_smoothing": "pass smoothed targets, which the loss takes as they are: the probability rows "
                       "(1 - ε) * data.one_hot(y, n_classes=K) + ε / K for CrossEntropyLoss, "
                       "(1 - ε) * y + ε / 2 for the binary losses",
    "ignore_index": "give the samples to ignore a weight of 0 at each call, w = (y != ignore_index) "
                    "* 1.0, then loss(pred, np.where(w > 0, y, 0), weight=w): the mean over the others, "
                    "as torch's (fit takes the same w as sample_weight)",
    "reduction": "a loss here is torch's reduction='mean': the mean over the m samples for CrossEntropyLoss, "
                 "over the m samples and their k outputs, pred.size values, for the others. Torch's "
                 "reduction='sum' is that mean times m, or times pred.size, and so are its gradients: a "
                 "learning rate tuned for the sum is that many times too small here",
    "from_logits": "BCELoss takes probabilities, BCEWithLogitsLoss (bce_logits) logits; "
                   "CrossEntropyLoss always takes logits (fit gives it those before a Softmax output)",
}


class Loss:
    """Base: ``loss(pred, target, weight)`` validates its input, then ``forward`` computes the
    losses and caches what ``backward`` needs.

    A subclass gives the math, two element-wise pieces, with k outputs per sample:
        ``_forward(pred, target)``   the loss of each output, ℓ_ij, whose mean over j is the
                                     per-sample loss ℓ_i (cross-entropy gives ℓ_i itself, k = 1)
        ``_backward(pred, target)``  dℓ_ij/dpred ÷ ``grad_factor``, a new array of pred's shape
                                     (MSE's ŷ - y: its grad_factor is the 2 of 2(ŷ - y))
    and the base's ``forward`` and ``backward``, which a training loop calls, turn them into the
    (weighted) mean L and
        dL/dpred = grad_factor · (w_i / Σw / k) · _backward(pred, target)
    where w_i / Σw is 1/m for the plain mean: MSE's 2(ŷ - y)/(m·k).

    ``targets``, a class attribute, is a phrase, not the target arrays: what the targets must be,
    in the words of the error that refuses text labels ("numbers").
    """

    name = ""

    # The activation the loss applies to its input itself, which it therefore takes as logits
    # (BCEWithLogitsLoss's Sigmoid, CrossEntropyLoss's Softmax); None for a loss of outputs.
    applies = None

    targets = "numbers"   # what the targets must be, in words (see above)

    # A constant factor of dℓ/dpred that ``backward`` applies with the 1/(m·k) scale instead of
    # ``_backward``: MSE's 2, so that 2(ŷ - y) cannot overflow where 2(ŷ - y)/(m·k) does not
    # (see the contract above).
    grad_factor = 1.0

    def __init__(self, *args, **kwargs):
        """A loss takes no arguments. PyTorch's and Keras's options are refused by name, with
        the way to the same thing here (``TORCH_KEYWORDS``), before Python's bare "takes no
        arguments"."""
        check_no_arguments(self, args, kwargs, TORCH_KEYWORDS)
    __init__.__signature__ = NO_ARGUMENTS   # help(nn.MSELoss) shows MSELoss(), as it is called

    def __call__(self, pred, target, weight=None):
        """L for the model's output ``pred`` and the ``target``; ``weight``: one non-negative
        number per SAMPLE, shape (m,), for the weighted mean Σ w_i ℓ_i / Σ w_i. Unlike the
        ``weight`` of PyTorch's CrossEntropyLoss, which holds one number per CLASS: class
        weights are the per-sample weights ``class_weights[labels]``."""
        if is_model_output(target) and not is_model_output(pred):
            # scikit-learn's metric(y_true, y_pred) order: backward would return dL/dy, and
            # training would climb the loss
            raise ValueError(f"{type(self).__name__}(pred, target): the model's output goes first, "
                             f"then the targets; here the second argument is the output of a "
                             f"model's last forward pass (targets that are another model's output "
                             f"on purpose, a teacher's, can be passed as a copy: "
                             f"loss(pred, teacher_out.copy()))")
        if self.applies is not None:
            self._refuse_probabilities(pred)
        pred = as_float_array(pred, "pred", ndim=(1, 2, 3, 4), finite=False)
        target = self.check_target(pred, as_array(target, "target"))
        if weight is None:
            return LossValue(self.forward(pred, target))
        weight = check_sample_weight(weight, pred.shape[0], "weight", "pred")
        return LossValue(self.forward(pred, target, weight_scale(weight, pred.dtype)))

    def _refuse_probabilities(self, pred):
        """Refuses a model's output that its last layer made probabilities (a Softmax or a
        Sigmoid) for this loss, which takes logits: it would apply its own activation on top,
        and the loss could not fall to 0 (PyTorch is silent there; ``fit`` and ``evaluate``
        give such a loss the logits before the last layer themselves)."""
        last = final_layer(output_model(pred))
        if isinstance(last, PROBABILITY_OUTPUTS):
            own = self.applies.__name__.lower()
            raise ValueError(
                f"{type(self).__name__} takes logits and applies a {own} itself, but pred is the "
                f"output of a model that ends with {type(last).__name__}: the loss would see the "
                f"{own} of probabilities. Give it the logits of the layers before: net = "
                f"model[:-1], then loss(net.forward(x, training=True), y) and "
                f"net.backward(loss.backward()) (fit and evaluate do this themselves); to apply "
                f"both on purpose, pass a copy: loss(out.copy(), y)")

    def forward(self, pred, target, scale=None):
        """L for a float array ``pred`` and a ``target`` that ``check_target`` returned, without
        checking them again (``fit`` checks all targets once, before training). ``scale``: the
        per-sample weights w_i / Σw, or None for the plain mean. (How the sum is kept from
        overflowing: ``loss_mean``.)"""
        self.pred, self.target = pred, target
        losses = self._forward(pred, target)                        # ℓ_ij
        if scale is None:   # the plain mean over samples and outputs: L = Σ ℓ_ij / (m k)
            self.scale = 1.0 / losses.size
        else:
            self.scale = scale / (losses.size // len(losses))      # w_i / Σw / k for each ℓ_ij
        return mean_loss(losses, self.scale)                        # L = Σ scale_ij ℓ_ij

    def backward(self):
        """dL/dpred for the last call, shape of ``pred``: grad_factor · scale · _backward."""
        if not hasattr(self, "pred"):
            raise RuntimeError(f"call the loss on (pred, target) before {type(self).__name__}.backward()")
        grad = self._backward(self.pred, self.target)    # dℓ/dpred ÷ grad_factor, a new array
        return scale_gradient(grad, self.scale * self.grad_factor)

    def check_target(self, pred, target):
        """Target as a float array of pred's shape; (m,) is accepted for pred (m, 1).

        Raises a ValueError naming the mismatch (a TypeError for text labels, with the way to
        the targets the loss takes: ``text_hint``); ``fit`` calls it on the whole dataset before
        training so that bad labels are refused before any weight changes.
        """
        target = as_array(target, "target")  # ragged and masked, named as such
        if is_text(target):
            raise TypeError(f"{type(self).__name__}: targets must be {self.targets}, got text "
                            f"labels{self.text_hint(target, pred)}")
        # integer targets straight to the predictions' dtype, one rounding and no overflow: a
        # float64 model's 16777217 is 16777216 through float32
        target = _narrowed(as_float_array(cast_numbers(target, pred.dtype, "biu"), "target"), pred.dtype,
                           type(self).__name__)
        m = pred.shape[0]
        if {target.shape, pred.shape} == {(m,), (m, 1)}:
            target = target.reshape(pred.shape)
        if target.shape != pred.shape:
            raise ValueError(f"{type(self).__name__}: target shape {target.shape} does not match "
                             f"prediction shape {pred.shape}{self._shape_hint(target, pred.shape)}")
        return target

    def text_hint(self, target, pred):
        """How to turn the text labels ``target`` into the targets this loss takes for the
        predictions ``pred``, as the end of its error message (``nn.labels``); "" when there is
        no one way."""
        return ""

    def _shape_hint(self, target, shape):
        """The likely cause of targets that do not fit predictions of ``shape`` (m, K), as the
        end of the message: one class label per sample for K outputs, which cross_entropy
        takes, one-hot rows narrower than K (``one_hot`` of a split that lacks a class), or
        one-hot rows of two classes for a single output, which wants the column of class 1."""
        if len(shape) != 2 or len(target) != shape[0]:
            return ""
        if (shape[1] == 1 and target.shape == (shape[0], 2) and ((target == 0) | (target == 1)).all()
                and row_sum_off(target) is None):
            return (" (one-hot rows of two classes for one output? it takes the column of class 1, "
                    "y[:, 1]; or give the model 2 outputs, nn.MLP([..., 2], output='softmax'), and use "
                    "loss='cross_entropy')")
        if shape[1] < 2:
            return ""
        m, k = shape
        if target.shape in ((m,), (m, 1)) and np.array_equal(target, np.round(target)):
            # the whole way, model and loss: "use cross_entropy" alone sent a Sigmoid model to
            # cross_entropy, which sent it to bce_logits, which sent it back here
            binary = ", or one output, nn.MLP([..., 1], output='sigmoid') with loss='bce'" if k == 2 else ""
            multi_label = f"{binary}; for {k} yes/no answers per sample, targets of shape ({m}, {k})"
            other = {"bce": multi_label, "bce_logits": multi_label,
                     "mse": f", or one-hot rows: data.one_hot(y, n_classes={k})"}.get(self.name, "")
            return (f" (one class label per sample, for {k} outputs? for one class out of {k}, "
                    f"end the model with Softmax or no activation, nn.MLP(..., output='softmax'), "
                    f"and use loss='cross_entropy', which takes labels 0..{k - 1}{other})")
        if (target.ndim == 2 and target.shape[1] < k and ((target == 0) | (target == 1)).all()
                and row_sum_off(target) is None):
            return (f" (one-hot rows of a set that lacks some of the {k} classes? "
                    f"data.one_hot(y, n_classes={k}) gives them all {k} columns)")
        return ""

    def __repr__(self):
        return f"{type(self).__name__}()"
