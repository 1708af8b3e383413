"""Diagnoses: what a ``Monitor`` recorded, turned into plain-language problems with remedies.

Each rule reads the records and returns a ``Diagnosis`` naming its evidence (the
numbers it saw) and the course's remedies, or nothing. ``diagnose(monitor)`` runs them all;
a healthy run gives an empty ``Report``, whose text says "no problems found". A finding that
costs this run nothing (dead ReLUs in a network that fits its data anyway) is a note, of
severity "info", with no remedies, listed after the problems and not counted as one. The words
(titles, remedies and how each face applies them) are in ``remedies.py``.

The rules that read the loss curve and how training ended (learning rate too high, inputs the
network cannot compute with, a target far from unit scale) are in ``diagnose_loss.py``, which
also says what "start", "end" and "initial" loss mean; overfitting, which reads the validation
loss, is in ``diagnose_overfitting.py``; the one of a
loss that rose again after it had converged (Adam's steps that do not shrink) is in
``diagnose_late.py``; those that read the gradients and activations (step units, vanishing and
exploding gradients, dead ReLUs, saturated units, no gradient) are in ``diagnose_gradients.py``
(what the first steps show of the learning rate, and which ReLU units died, in
``diagnose_first_step.py``),
and those of the scale the weights started at (exploding activations, weights too small for the
depth, which vanishing gradients reports) in ``diagnose_scale.py``; the one
that reads the output layer (a sigmoid output pinned where its loss passes no gradient, on wrong
answers) is in ``diagnose_output.py``; the one of a hidden layer whose units started equal and
stayed so (init="zeros") is in ``diagnose_symmetry.py``; the one that reads the inputs the first
layer takes (columns far from unit scale, in a network that does not fit its data) is in
``diagnose_inputs.py``. The two rules here are reported only when none of the others explains
a loss that barely moves, or stays at the level of guessing, so they read them all; the loss of
guessing, and how close to it a run is, in ``diagnose_chance.py``. Rules read each other's findings: ``diagnose_cache.py``
has each computed once per report. A rule names a layer, or the held-out data, in the words of the
report it is for (``monitor_words.py``: the monitor's "1:Tanh", or names its reader gave).

    learning_rate_too_low after >= 20 steps, the loss fell steadily (in >= 2/3 of the epochs) but by
                          less than 10 % from start to end and less than 1 % over the second half
                          of the epochs (``second_half_fall``: the means of the last tenth of them
                          and of the tenth before the middle, as no_better_than_guessing judges it;
                          any run falls 1 % from its start at last: lr 1e-5 took
                          1,400 epochs), and is still above half the initial
                          loss (not reported when symmetric units, severe vanishing gradients,
                          dead or saturated units, an output pinned where the loss passes it no
                          gradient, or no gradient already explain why it cannot move, nor when the target is
                          far from unit scale: the loss then measures the target's scale, nor
                          when the inputs are: a column of σ 0.001 needs weights of 1000 to move
                          the loss, and standardising them is the remedy, not a larger step).
                          The remedy "Adam" is left out when the optimizer already adapts its step
                          size per parameter: Adam, AdamW and RMSProp divide it by a running RMS of
                          the gradient
    no_better_than_guessing  a classifier (a cross-entropy loss, or MSE on targets that are all 0
                          or 1: 0/1 columns or one-hot rows) whose training loss, after >= 20
                          epochs and >= 500 steps (or >= 100 epochs: a full batch takes one step
                          each), is still >= 0.97 x the loss of always predicting the class shares
                          (``diagnose_chance``: ln 2 for two balanced classes, or the targets'
                          variance for MSE, 0.25; none when fit weighed the samples unequally,
                          whose weighted shares the monitor cannot tell; the means over the last
                          tenth of the epochs), no longer falls (< 5 % over the second half of the
                          epochs, ``second_half_fall``) and, when fit logged an accuracy, scores at
                          most a quarter of the way from the largest class's share to 1 (logistic
                          regression on XOR or circles: 0.693, 50-58 %; a training R², 1 - loss /
                          variance, says no more than the loss does). Severe. Titled "barely better
                          than guessing" (the same remedies) when the accuracy on the validation
                          data is at least a fifth of the way from the largest class's share to 1
                          and the training one above that share (``diagnose_chance.guessing``: a
                          straight boundary on a noisy spiral, 57 % on the training points and
                          63.5 % on the playground's test points, read "no better than guessing").
                          Its remedies: a hidden layer and input features (x1·x2, x1², ...) for a
                          network without a hidden layer, which draws a straight boundary (its
                          evidence says so; its labels are not doubted: XOR's are fine); features
                          and a larger learning rate or Adam (not for a run on an adaptive optimizer
                          already) for one with them (a plateau: a sigmoid network at SGD's lr
                          0.03); and, when none helps, the labels may hold nothing the inputs tell
                          (random labels: 0.99). Between 0.9 and 0.97 x guessing's loss it is a
                          note, "barely better than guessing": the inputs may carry little about
                          the classes (two balanced classes 0.6σ apart, 2,000 samples: 61 % at
                          best, 0.94 ln 2),
                          which no remedy changes, or the network's boundary may not follow theirs
                          (logistic regression on a spiral, 0.94-0.96), which the evidence then
                          names. Neither when another rule names a problem (dead units, a step
                          size, ...: that report says why), nor for a model with Dropout, whose
                          epoch loss is that of a network with units dropped
"""
import numpy as np

from .diagnose_cache import once_per_report, one_report
from .diagnose_chance import GUESSED, guessing
from .diagnose_gradients import (dead_relus, exploding_gradients, no_gradient, saturated_units, step_units,
                                 vanishing_gradients)
from .diagnose_inputs import unscaled_inputs
from .diagnose_late import ADAPTIVE, late_rise
from .diagnose_loss import (LEARNT, MIN_STEPS, initial_loss, inputs_out_of_range, learning_rate_too_high,
                            loss_trend, second_half_fall, unscaled_target)
from .diagnose_output import pinned_output
from .diagnose_overfitting import overfitting
from .diagnose_scale import exploding_activations
from .diagnose_symmetry import symmetric_units
from .remedies import SEVERITIES, Report, note, problem, short_number

TOO_LOW_DROP = 0.01         # relative fall of the loss over the second half of the epochs
TOO_LOW_TOTAL = 0.1         # relative fall of the loss, first epoch to last


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
    # judged over the second half too: any run falls 1 % from its first epoch at last (lr 1e-5, 1,400
    # epochs), and a slow loss is as slow as it was; under 3 epochs the whole run is that half
    drop, half = (start - end) / start, second_half_fall(epoch_loss)
    recent = half[0] if half is not None else drop
    if (not 0 <= drop < TOO_LOW_TOTAL or not recent < TOO_LOW_DROP
            or (initial is not None and end < LEARNT * initial)):
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
    since = (f", {recent:.2%} over the last {m.epochs_seen - m.epoch_logs['epoch'][half[1]]} epochs"
             if half is not None else "")
    return problem("learning_rate_too_low", False,
                   f"the loss fell only {drop:.2%} {span} ({short_number(start)} to "
                   f"{short_number(end)}{since}), steadily{lr}",
                   without=("adam",) if _adaptive(m) else ())


def _adaptive(m):
    """Whether the fit's optimizer adapts its step size per parameter (Adam, AdamW, RMSProp):
    then "Adam" is no remedy to give."""
    return isinstance((m.params or {}).get("optimizer"), ADAPTIVE)


@once_per_report
def no_better_than_guessing(m):
    found = guessing(m)
    others = (rule(m) for rule in RULES if rule is not no_better_than_guessing)
    if found is None or any(d is not None and d.severity != "info" for d in others):
        return None   # another report says why the loss cannot fall: dead units, a step size, ...
    evidence, ratio, above = found
    if ratio < GUESSED:   # it found a little: weak inputs, which nothing fixes, or a boundary of the wrong shape
        shape = ("the boundary this network draws does not follow theirs: without a hidden layer it is a "
                 "straight line, which a hidden layer or input features (products and squares of the "
                 "inputs) bend" if not m.hidden else
                 "this network has not found a boundary that follows theirs: more units may find it, or "
                 "a larger learning rate, if it sits on a plateau its steps are too small to leave")
        return note("barely_better_than_guessing",
                    f"{evidence}. The inputs may carry little about the classes, and then no network does "
                    f"much better, nor on new data; or {shape}")
    # without a hidden layer the boundary is a straight line, which no step size bends, and which
    # fails XOR whatever its labels hold; with them, a plateau (a sigmoid network at SGD's lr 0.03)
    # that a larger step may leave, or labels with nothing to learn
    without = ("hidden",) if m.hidden else ("lr", "adam", "labels")
    if not m.hidden:
        evidence += ("; this network has no hidden layer: its output is a linear function of its inputs, so "
                     "its boundary between the classes is straight (a line, a plane, ...) in the space of those "
                     "inputs")
    # the learner sees the accuracy: 57 % where guessing gives 50 % is a little better, not "no better"
    return problem("barely_better_than_guessing" if above else "no_better_than_guessing", True, evidence,
                   without=without + (("adam",) if _adaptive(m) and m.hidden else ()))


RULES = (learning_rate_too_high, late_rise, inputs_out_of_range, unscaled_target, symmetric_units,
         step_units, no_gradient, exploding_gradients, exploding_activations, vanishing_gradients,
         dead_relus, saturated_units, pinned_output, unscaled_inputs, overfitting, learning_rate_too_low,
         no_better_than_guessing)


def diagnose(monitor):
    """Run every rule on ``monitor``'s records; a ``Report`` with the severe problems first,
    the notes last."""
    with one_report(monitor):   # a finding that several rules read is computed once
        found = [d for d in (rule(monitor) for rule in RULES) if d is not None]
    found.sort(key=lambda d: SEVERITIES.index(d.severity))
    return Report(found)
