"""Diagnoses: what a ``Monitor`` recorded, turned into plain-language problems with remedies.

Each rule reads the records and returns a ``Diagnosis`` naming its evidence (the
numbers it saw) and the course's remedies, or nothing. ``diagnose(monitor)`` runs them all;
a healthy run gives an empty ``Report``, whose text says "no problems found". A finding that
costs this run nothing (dead ReLUs in a network that fits its data anyway) is a note, of
severity "info", with no remedies, listed after the problems and not counted as one. The words
(titles, remedies and how each face applies them) are in ``remedies.py``.

The rules that read the loss curve and how training ended (learning rate too high, inputs the
network cannot compute with, a target far from unit scale, overfitting) are in
``diagnose_loss.py``, which also says what "start", "end" and "initial" loss mean; the one of a
loss that rose again after it had converged (Adam's steps that do not shrink) is in
``diagnose_late.py``; those that read the gradients and activations (step units, vanishing and
exploding gradients, dead ReLUs, saturated units, no gradient) are in ``diagnose_gradients.py``,
and those of the scale the weights started at (exploding activations, weights too small for the
depth, which vanishing gradients reports) in ``diagnose_scale.py``; the one
that reads the output layer (a sigmoid output pinned where its loss passes no gradient, on wrong
answers) is in ``diagnose_output.py``; the one of a hidden layer whose units started equal and
stayed so (init="zeros") is in ``diagnose_symmetry.py``; the one that reads the inputs the first
layer takes (columns far from unit scale, in a network that does not fit its data) is in
``diagnose_inputs.py``. The one rule here is reported only when none of the others
explains a loss that barely moves, so it reads them all. Rules read each other's findings:
``diagnose_cache.py`` has each computed once per report.

    learning_rate_too_low after >= 20 steps, the loss fell steadily (in >= 2/3 of the epochs) but by
                          less than 1 % from start to end, and is still above half the initial
                          loss (not reported when symmetric units, severe vanishing gradients,
                          dead or saturated units, an output pinned where the loss passes it no
                          gradient, or no gradient already explain why it cannot move, nor when the target is
                          far from unit scale: the loss then measures the target's scale, nor
                          when the inputs are: a column of σ 0.001 needs weights of 1000 to move
                          the loss, and standardising them is the remedy, not a larger step).
                          The remedy "Adam" is left out when the optimizer already adapts its step
                          size per parameter: Adam, AdamW and RMSProp divide it by a running RMS of
                          the gradient
"""
import numpy as np

from .diagnose_cache import once_per_report, one_report
from .diagnose_gradients import (dead_relus, exploding_gradients, no_gradient, saturated_units, step_units,
                                 vanishing_gradients)
from .diagnose_inputs import unscaled_inputs
from .diagnose_late import ADAPTIVE, late_rise
from .diagnose_loss import (LEARNT, MIN_STEPS, initial_loss, inputs_out_of_range, learning_rate_too_high,
                            loss_trend, overfitting, unscaled_target)
from .diagnose_output import pinned_output
from .diagnose_scale import exploding_activations
from .diagnose_symmetry import symmetric_units
from .remedies import SEVERITIES, Report, problem, short_number

TOO_LOW_DROP = 0.01         # relative fall of the loss, first epoch to last


@once_per_report
def learning_rate_too_low(m):
    trend = loss_trend(m)
    if trend is None or m.step < MIN_STEPS or m.diverged:
        return None
    start, end, span = trend
    epoch_loss = m.epoch_logs.get("loss", [])
    steady = len(epoch_loss) < 2 or (np.diff(epoch_loss) < 0).mean() >= 2 / 3  # not a wobble
    initial = initial_loss(m)
    if not (np.isfinite(start) and np.isfinite(end)) or start <= 1e-8 or not steady:
        return None
    drop = (start - end) / start
    if not 0 <= drop < TOO_LOW_DROP or (initial is not None and end < LEARNT * initial):
        return None  # moving, or it learnt before (a fast first epoch, then a plateau)
    blocked = [d for d in (symmetric_units(m), step_units(m), vanishing_gradients(m), dead_relus(m),
                           saturated_units(m), pinned_output(m), no_gradient(m))
               if d is not None and d.severity == "severe"]
    if blocked:  # the gradient cannot flow: a larger step would not help, the other report says why
        return None
    if unscaled_target(m) is not None:  # the loss measures how far the target is, not the step size
        return None
    if unscaled_inputs(m) is not None:  # the inputs' scale sets how fast it can move
        return None
    lr = f" at lr {m.lr:g}" if m.lr is not None else ""
    adaptive = isinstance((m.params or {}).get("optimizer"), ADAPTIVE)
    return problem("learning_rate_too_low", False,
                   f"the loss fell only {drop:.2%} {span} ({short_number(start)} to "
                   f"{short_number(end)}), steadily{lr}",
                   without=("adam",) if adaptive else ())


RULES = (learning_rate_too_high, late_rise, inputs_out_of_range, unscaled_target, symmetric_units,
         step_units, no_gradient, exploding_gradients, exploding_activations, vanishing_gradients,
         dead_relus, saturated_units, pinned_output, unscaled_inputs, overfitting, learning_rate_too_low)


def diagnose(monitor):
    """Run every rule on ``monitor``'s records; a ``Report`` with the severe problems first,
    the notes last."""
    with one_report(monitor):   # a finding that several rules read is computed once
        found = [d for d in (rule(monitor) for rule in RULES) if d is not None]
    found.sort(key=lambda d: SEVERITIES.index(d.severity))
    return Report(found)
