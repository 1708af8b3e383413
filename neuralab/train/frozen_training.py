"""Training that cannot move, said by ``fit`` itself: every gradient is exactly 0, so no update
changes the model, and epoch after epoch the loss stays where it is, without a word unless a
``train.Monitor`` was attached. (Layers left out of the optimizer on purpose are ``frozen.py``'s.)

The classic case is the course's "random large" initialisation, W ~ N(0, 10²), under a sigmoid
output and BCE: z is in the hundreds, σ(z) rounds to exactly 0 or 1, its slope σ(z)(1 - σ(z)) is
exactly 0, and BCE's log(0) is clamped at -100 (as torch's is): a loss of 50 on balanced classes,
3000 epochs long. A Monitor's no_gradient diagnosis tells the same, with the layers' records:
so fit says nothing when a Monitor watches (the playground's, ``neuralab train --monitor``), and
the tests of its diagnoses, which build frozen runs on purpose, hear it from the Monitor alone.
Either way the run's History records it, ``history.frozen``: ``neuralab train`` reads it there
to give no advice of its own on a flat loss (a larger learning rate) beside the one said.

``FrozenTraining`` watches for it at no per-batch cost: at each epoch's last batch, whether every
gradient of the optimizer's parameters is exactly 0 (one pass over the weights an epoch), and at
the epoch's end, whether its loss equals the previous epoch's, to rounding: shuffling changes the
order of the sums, and a float32 batch mean rounds by ~1e-7 of itself. Both, at a loss above 0
(a model that fits every sample exactly has nothing left to learn): ``history.frozen`` and a
``FrozenTrainingWarning``, once a fit. Its first line names the problem and the fix; the
evidence and what to try follow, indented, as a Monitor's finding is laid out.

Its fixes are ``Remedy`` objects (``remedies.py``), each said in Python and in ``neuralab train``'s
options from one place (``Frozen.text(face)``), and only those that fit the run (``_cause``):

    saturated outputs       train on the logits; standardise the inputs, when those the first
                            weight layer takes of X are far from unit scale (``input_scale``,
                            read by ``first_layer_inputs``, not on the last batch); smaller
                            initial weights, when a layer's are larger than LARGE times He's
                            σ = sqrt(2 / fan_in) and its init keeps no variance (ones, a std of
                            10); else a lower learning rate, whose steps grew them there, which
                            comes first, before the logits, when the rate is far above the
                            optimizer's usual one (``usual_learning_rates.lower_to_usual``: ``neuralab train
                            --lr 10`` on Adam, whose usual is 0.01, was told the logits first)
    constant inputs         every column of the X fit trained on holds one value: the network's
                            one output for every sample is already its best (a CSV of constant
                            features); all of X, not the last batch's rows: two rows alike
                            ending a batch of varied data read as constant inputs
    no hidden layer         z = W x + b with a zero gradient and no saturation: a linear model at
                            its lowest loss (logistic regression on XOR: ln 2), which a hidden
                            layer, not the start, changes
    a hidden layer's W = 0  init zeros: its units compute one output for every sample and no
                            gradient reaches them; a random start, not a smaller one
    else                    units dead or saturated in their flat tails: the inputs, the initial
                            weights or the learning rate, as for saturated outputs
"""
import math
from typing import NamedTuple

import numpy as np

from ..nn import init as initializers
from ..nn.activations import Sigmoid, Softmax
from ..nn.user_line import warn
from .first_layer_inputs import first_layer_columns
from .input_scale import far_from_zero
from .layer_stats import weight_layers
from .monitor import watched
from .remedies import REMEDIES, Remedy
from .usual_learning_rates import lower_to_usual

LARGE = 4.0   # a layer's root mean square weight over He's σ from which it started large
# the initialisers whose scale follows the layer's fans (Xavier, He, torch's): weights larger than
# theirs grew there by the steps; the others (zeros, ones, normal's fixed std, a function of
# one's own) may start them anywhere
KEEPS_VARIANCE = frozenset(initializers.INITIALIZERS) - {"zeros", "ones", "normal", "uniform"}

LOGITS_WHY = "from the layers before the output activation, whose gradient p - y never vanishes"
SIGMOID_TAILS = "(z in the hundreds saturates any sigmoid)"
LOGITS = Remedy("train on the logits", "logits",
                {"python": "loss='bce_logits' ('cross_entropy' for a Softmax)",
                 "cli": "--loss bce_logits (--loss cross_entropy with --output softmax)"})
ON_LOGITS = Remedy("the logits", "logits", {"python": f"fit computes loss='bce_logits' {LOGITS_WHY}",
                                            "cli": f"--loss bce_logits computes the loss {LOGITS_WHY}"})
SMALLER = Remedy("smaller initial weights", "init",
                 {"python": f"the default init, or a smaller std {SIGMOID_TAILS}",
                  "cli": f"the default init, --init left out {SIGMOID_TAILS}"})


def _remedy(diagnosis, key):
    """The Monitor's remedy of ``key`` for ``diagnosis`` (``remedies.REMEDIES``): the same words."""
    return next(r for r in REMEDIES[diagnosis] if r.key == key)


LOWER_LR, STANDARDISE = _remedy("no_gradient", "lr"), _remedy("no_gradient", "standardise")
# as neuralab train's own warning of --init zeros says it, before training
RANDOM_START = Remedy("start from random weights", "init",
                      {"python": "leave init out for the default (He for ReLU, Xavier for tanh/sigmoid)",
                       "cli": "leave --init out for the default"})
HIDDEN = Remedy("add a hidden layer", "hidden")
VARYING = Remedy("features that vary from sample to sample: nothing else can tell the samples apart")
# where a train.Monitor's report is, in each face's terms (the playground's always has one)
DETAILS = {"python": "a train.Monitor: monitor = train.Monitor(); fit(..., callbacks=[monitor]); "
                     "print(monitor.report())",
           "cli": "run again with --monitor"}


class Frozen(NamedTuple):
    """What a ``FrozenTrainingWarning`` says, by part: ``seen`` (the evidence), ``cause`` and
    ``why``, and the ``remedies`` (the headline's first), for ``text`` to say in a face's terms."""
    seen: str
    cause: str
    why: str
    remedies: tuple

    def text(self, face="python"):
        """The warning in the terms of ``face`` ("python", "cli": ``Remedy.in_terms``): its first
        line the problem and the fix; then, indented as a Monitor's finding is (``Diagnosis.text``),
        what was seen and why, what else to try, and where the details are. A remedy that face
        applies itself (``neuralab train`` standardises the inputs) is left out."""
        fix, *tries = [said for said in (r.in_terms(face) for r in self.remedies) if said is not None]
        return "\n".join([f"training is frozen: every gradient is exactly 0 ({self.cause}); {fix}",
                          f"  evidence: {self.seen}; {self.cause}{self.why}",
                          *(["  try:"] + [f"    - {t}" for t in tries] if tries else []),
                          *([f"  details: {DETAILS[face]}"] if face in DETAILS else [])])


class FrozenTrainingWarning(UserWarning):
    """fit's loss stays put and every gradient is exactly 0: nothing trains (``FrozenTraining``).
    ``frozen``: its parts (a ``Frozen``; None for a warning raised elsewhere with a text alone),
    whose ``text(face)`` says them in the command line's terms too."""

    def __init__(self, message, frozen=None):
        super().__init__(message)
        self.frozen = frozen

    def text(self, face="python"):
        return str(self) if self.frozen is None else self.frozen.text(face)


class FrozenTraining:
    """Per fit of ``net`` on the inputs ``X``: ``last_batch`` at each epoch's last batch, before the
    gradients are cleared, then ``epoch_end`` with the epoch's loss. The first frozen epoch sets
    ``history.frozen`` and warns, unless one of ``callbacks`` is a Monitor, whose report says it."""

    def __init__(self, net, X, params, history, callbacks=(), optimizer=None):
        self.net, self.X, self.params, self.history, self.optimizer = net, X, params, history, optimizer
        self.previous, self.zero = None, False
        self.watched = watched(callbacks)
        self.saturated = False

    def last_batch(self, out):
        """Note whether every gradient is exactly 0, and whether the batch's outputs ``out`` are
        all exactly 0 or 1 under a Sigmoid or Softmax output: the cause to name."""
        if self.history.frozen:
            return
        self.zero = all(not p.grad.any() for p in self.params)
        last = self.net.layers[-1] if getattr(self.net, "layers", None) else None
        self.saturated = self.zero and isinstance(last, (Sigmoid, Softmax)) and bool(np.isin(out, (0, 1)).all())

    def epoch_end(self, epoch, loss):
        """Record the run frozen, and warn, when the epoch's ``loss`` equals the previous epoch's
        and the last batch's gradients were all exactly 0 (``last_batch``)."""
        previous, self.previous = self.previous, loss
        zero, self.zero = self.zero, False    # (an epoch whose last batch was skipped does not count)
        if self.history.frozen or previous is None or not zero or not loss > 0:
            return
        if abs(loss - previous) <= _tolerance(self.params) * abs(previous):
            self.history.frozen = True
            if self.watched:
                return
            frozen = Frozen(f"the loss stayed at {loss:.4g} from epoch {epoch} to epoch {epoch + 1} and every "
                            "gradient of the last batch was exactly 0, so no update can change the model",
                            *_cause(self.net, self.X, self.saturated, self.optimizer))
            warn(FrozenTrainingWarning(frozen.text(), frozen))


def _tolerance(params):
    """The relative change of an epoch's loss that is rounding, not learning: 1e-9 in float64
    (the order of the sums), ~1e-6 in float32 (each batch's mean rounds by its ε)."""
    dtype = params[0].data.dtype if params and params[0].data.dtype.kind == "f" else np.dtype(np.float64)
    return max(1e-9, 8 * float(np.finfo(dtype).eps))


def _cause(net, X, saturated, optimizer=None):
    """(cause, why, remedies) of a frozen ``net`` trained on ``X`` by ``optimizer`` (see the module
    docstring), ``saturated``: its outputs at exactly 0 or 1 under a Sigmoid or Softmax."""
    weighted = weight_layers(net)
    taken = first_layer_columns(net, X)
    scale = [STANDARDISE] if taken is not None and len(far_from_zero(taken)) else []
    large = any(_started_large(layer) for layer in weighted)
    # a rate far above the usual one is the cause to undo first, named with the rate to go back to
    lower = None if large else lower_to_usual(optimizer)
    first = () if lower is None else (lower,)
    if lower is None:
        scale.append(SMALLER if large else LOWER_LR)
    if saturated:
        return ("the outputs are saturated at exactly 0 or 1",
                (", where the output activation's slope is exactly 0 (and BCE's log of 0 is clamped at -100, as "
                 "torch's is): no gradient flows back"),
                (*first, ON_LOGITS, *scale) if first else (LOGITS, ON_LOGITS, *scale))
    if len(X) > 1 and not np.ptp(X, axis=0).any():   # one pass over X, once a fit
        return ("every input is the same in every sample",
                (": the network gives one output for every sample, and it is already the best single answer "
                 "(the classes' overall frequencies, or the target's mean)"), (VARYING,))
    if len(weighted) == 1:
        return ("the network, without a hidden layer, is at its lowest loss",
                (": a single weight layer computes a linear function of the inputs, and this is the best of "
                 "them on these data"), (HIDDEN,))
    zeros = next((k for k, layer in enumerate(weighted[:-1], 1) if not layer.weight.data.any()), None)
    if zeros is not None:
        return (f"every weight of hidden layer {zeros} is 0",
                (": its units compute one output for every sample, and no gradient reaches them (a ReLU's "
                 "slope at z = 0 is 0; weights of 0 after them pass back nothing)"), (RANDOM_START,))
    return ("a layer passes no gradient back", " (dead ReLUs, a Step, units saturated in their flat tails)",
            (*first, *scale))


def _started_large(layer):
    """Whether ``layer``'s weights are larger than LARGE times He's σ = sqrt(2 / fan_in) (root mean
    square) from an init that does not scale them by the fans (``KEEPS_VARIANCE``)."""
    W = layer.weight.data
    rms = math.sqrt(float(np.mean(np.square(W, dtype=np.float64))))
    return getattr(layer, "init", None) not in KEEPS_VARIANCE and rms > LARGE * math.sqrt(2 / W[0].size)
