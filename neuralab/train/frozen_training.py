"""Training that cannot move, said by ``fit`` itself: every gradient is exactly 0, so no update
changes the model, and epoch after epoch the loss stays where it is, without a word unless a
``train.Monitor`` was attached. (Layers left out of the optimizer on purpose are ``frozen.py``'s.)

The classic case is the course's "random large" initialisation, W ~ N(0, 10²), under a sigmoid
output and BCE: z is in the hundreds, σ(z) rounds to exactly 0 or 1, its slope σ(z)(1 - σ(z)) is
exactly 0, and BCE's log(0) is clamped at -100 (as torch's is): a loss of 50 on balanced classes,
3000 epochs long. A Monitor's no_gradient diagnosis tells the same, with the layers' records:
so fit says nothing when a Monitor watches (the playground's, ``neuralab train --monitor``), and
the tests of its diagnoses, which build frozen runs on purpose, hear it from the Monitor alone.

``FrozenTraining`` watches for it at no per-batch cost: at each epoch's last batch, whether every
gradient of the optimizer's parameters is exactly 0 (one pass over the weights an epoch), and at
the epoch's end, whether its loss equals the previous epoch's, to rounding: shuffling changes the
order of the sums, and a float32 batch mean rounds by ~1e-7 of itself. Both, at a loss above 0
(a model that fits every sample exactly has nothing left to learn): a ``FrozenTrainingWarning``,
once a fit. Its first line names the problem and the fix; the evidence and what to try follow,
indented, as a Monitor's finding is laid out.
"""
import numpy as np

from ..nn.activations import Sigmoid, Softmax
from ..nn.user_line import warn
from .monitor import Monitor


class FrozenTrainingWarning(UserWarning):
    """fit's loss stays put and every gradient is exactly 0: nothing trains (``FrozenTraining``)."""


class FrozenTraining:
    """Per fit: ``last_batch`` at each epoch's last batch, before the gradients are cleared, then
    ``epoch_end`` with the epoch's loss; warns at most once, and never when one of ``callbacks``
    is a Monitor, whose report says it."""

    def __init__(self, net, params, callbacks=()):
        self.net, self.params = net, params
        self.previous, self.zero = None, False
        self.said = any(isinstance(cb, Monitor) for cb in callbacks)
        self.saturated = False

    def last_batch(self, out):
        """Note whether every gradient is exactly 0, and whether the batch's outputs ``out`` are
        all exactly 0 or 1 under a Sigmoid or Softmax output: the cause to name."""
        if self.said:
            return
        self.zero = all(not p.grad.any() for p in self.params)
        last = self.net.layers[-1] if getattr(self.net, "layers", None) else None
        self.saturated = self.zero and isinstance(last, (Sigmoid, Softmax)) and bool(np.isin(out, (0, 1)).all())

    def epoch_end(self, epoch, loss):
        """Warn when the epoch's ``loss`` equals the previous epoch's and the last batch's
        gradients were all exactly 0 (``last_batch``)."""
        previous, self.previous = self.previous, loss
        zero, self.zero = self.zero, False    # (an epoch whose last batch was skipped does not count)
        if self.said or previous is None or not zero or not loss > 0:
            return
        if abs(loss - previous) <= _tolerance(self.params) * abs(previous):
            self.said = True
            warn(FrozenTrainingWarning(frozen_words(epoch, loss, self.saturated)))


def _tolerance(params):
    """The relative change of an epoch's loss that is rounding, not learning: 1e-9 in float64
    (the order of the sums), ~1e-6 in float32 (each batch's mean rounds by its ε)."""
    dtype = params[0].data.dtype if params and params[0].data.dtype.kind == "f" else np.dtype(np.float64)
    return max(1e-9, 8 * float(np.finfo(dtype).eps))


def frozen_words(epoch, loss, saturated):
    """The warning's text: its first line the problem and the fix; then, indented as a Monitor's
    finding is (``Diagnosis.text``), what was seen at ``epoch`` (0-based) and why, what to try, and
    where the details are."""
    seen = (f"the loss stayed at {loss:.4g} from epoch {epoch} to epoch {epoch + 1} and every gradient of the "
            "last batch was exactly 0, so no update can change the model")
    if saturated:
        cause = "the outputs are saturated at exactly 0 or 1"
        fix = "train on the logits: loss='bce_logits' ('cross_entropy' for a Softmax)"
        why = (", where the output activation's slope is exactly 0 (and BCE's log of 0 is clamped at -100, as "
               "torch's is): no gradient flows back")
        tries = ["the logits: fit computes loss='bce_logits' from the layers before the output activation, "
                 "whose gradient p - y never vanishes",
                 "smaller initial weights: the default init, or a smaller std (z in the hundreds saturates any "
                 "sigmoid)"]
    else:
        cause, fix = "a layer passes no gradient back", "start from smaller initial weights or standardise the inputs"
        why, tries = " (dead ReLUs, a Step, units saturated in their flat tails)", []
    return "\n".join([f"training is frozen: every gradient is exactly 0 ({cause}); {fix}",
                      f"  evidence: {seen}; {cause}{why}",
                      *(["  try:"] + [f"    - {t}" for t in tries] if tries else []),
                      "  details: a train.Monitor: monitor = train.Monitor(); fit(..., callbacks=[monitor]); "
                      "print(monitor.report())"])
