"""The diagnoses of a run that ended while its loss was still falling: in steps too small for the
problem, or slowly, from a plateau near the loss of guessing.

    still_improving       after >= 5 logged epochs, in a network that does not fit its training data
                          (``fits_the_data``), the epoch loss (the data loss, without an L1/L2 penalty)
                          over the last fifth of the epochs fell in >= 80 % of them, by >= 1 % of its
                          level, and by >= 20 % of what it fell over the first fifth (from the initial
                          loss): it had not levelled off, where a run that converged falls 20 to 100
                          times more slowly at its end than at its start; and its steps were small: the
                          median of ‖ΔW‖ / ‖W‖ over the weight layers, in the last 5 records of each, is
                          below 3e-4 (healthy runs step 1e-4 to 5e-3 of the weights, those that still
                          fall fast at the end 2e-3 and more: a spiral at Adam's lr 0.01, still
                          escaping its plateau at epoch 100, is not reported). A warning whose
                          remedies are a larger learning rate, more epochs and Adam (not for a run on
                          an adaptive optimizer). Not when the inputs or the MSE target are far from
                          unit scale (``unscaled_inputs``, ``unscaled_target``): their scale then sets
                          the pace, and standardising them is the remedy. ``learning_rate_too_low``
                          names a loss that barely moves at all.
    slow_plateau          a classifier with hidden layers, after >= 20 epochs, whose training loss (the mean
                          over the last tenth of the epochs) is still >= 0.9 x the loss of always
                          predicting the class shares (``diagnose_shares.chance_level``), yet fell >= 5 %
                          over the second half of the epochs (``second_half_fall``: "no better than
                          guessing" reads a loss that fell less), and by >= 1 % from the tenth of the
                          epochs before the last tenth to the last (means over each): it sits on a plateau near guessing's loss that it leaves
                          slowly. A warning (not when ``still_improving``, the small steps, names it):
                          more epochs, Adam (not for a run on an adaptive optimizer), ReLU (for sigmoid
                          and tanh hidden units) and more units. Measured: checkerboard (600 points, its
                          raw ±6 inputs) on 2-32-1 sigmoid at SGD's lr 0.1, 200 epochs: 0.694 -> 0.658,
                          62 % (read nothing); at Adam's lr 0.01, 89 % in 200 epochs and 98 % in 1,000;
                          2-32-32-1 ReLU, 96 % in 200.

Measured (moons, 300 points, noise 0.2, standardised, 2-16-16-1 ReLU, batches of 32): SGD at lr 1e-4,
50 epochs: 0.711 -> 0.637, 61 % (read "barely better than guessing", a note); at 200 epochs 79 % (read
nothing); a step ratio of 1e-5 and a last fifth falling at 0.37 and 0.42 of the first fifth's pace.
SGD at lr 1e-3, 50 epochs (86 %, 7e-5, 0.26) and Adam at lr 1e-4 (88 %, 1.7e-4, 0.34) are as slow.
Healthy runs of moons, circles, spiral and digits at Adam's 0.003 to 0.01 or SGD's 0.01 to 0.1 end at
0.05 of that pace or less.
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_inputs import unscaled_inputs
from .diagnose_late import ADAPTIVE
from .diagnose_chance import GUESS_EPOCHS, STALLED
from .diagnose_loss import (GUESSING, epochs_run, fits_the_data, has_dropout, initial_loss, second_half_fall,
                            task_metric, unscaled_target)
from .diagnose_shares import chance_level
from .remedies import metric_in_words, problem, short_number

FIFTH = 5             # the run's first and last 1/FIFTH of the epochs are compared
MIN_EPOCHS = 5        # logged epochs needed to compare them
STEADY = 0.8          # share of the last fifth's epochs in which the loss fell
STILL = 0.01          # relative fall over the last fifth from which the loss is still falling
PACE = 0.2            # last fifth's fall / first fifth's from which the loss has not levelled off
SMALL_STEPS = 3e-4    # median ‖ΔW‖ / ‖W‖ of the last records below which the steps are small
LAST_RECORDS = 5


def step_size(m):
    """The median over the weight layers of the median ‖ΔW‖ / ‖W‖ of their last 5 records; None
    without records."""
    per_layer = [np.median(s["update_ratio"][-LAST_RECORDS:]) for s in m.weights.values() if s["update_ratio"]]
    return float(np.median(per_layer)) if per_layer else None


def data_loss(m):
    """The epoch losses the monitor kept, without an L1/L2 penalty (the data loss); None when they are
    fewer than 5 or not all finite, or the run diverged."""
    loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    if len(loss) < MIN_EPOCHS or m.diverged or not np.isfinite(loss).all():
        return None
    if len(m.epoch_logs.get("penalty", ())) == len(loss):
        loss = loss - np.asarray(m.epoch_logs["penalty"], np.float64)
    return loss


def last_fifth(loss):
    """(last, falling, fall) of the epoch losses' last fifth (from the entry before it): the losses,
    whether each epoch fell, and the fall from its first to its last; None when the loss did not fall
    in >= 80 % of those epochs, by >= 1 %: it is no longer steadily falling."""
    last = loss[-(len(loss) // FIFTH) - 1:]
    falling, fall = np.diff(last) < 0, last[0] - last[-1]
    if falling.mean() < STEADY or not last[0] > 0 or fall < STILL * last[0]:
        return None
    return last, falling, fall


def _fifth_in_words(last, falling):
    epochs = f"{len(falling)} epochs" if len(falling) > 1 else "epoch"
    return (f"from {short_number(last[0])} to {short_number(last[-1])} over the last {epochs} "
            f"({(last[0] - last[-1]) / last[0]:.1%} less, falling in {falling.sum()} of {len(falling)} epochs)")


@once_per_report
def still_improving(m):
    loss = data_loss(m)
    if loss is None or fits_the_data(m) is not None:
        return None
    q, initial, steps, fifth = len(loss) // FIFTH, initial_loss(m), step_size(m), last_fifth(loss)
    if initial is None or steps is None or not steps < SMALL_STEPS or fifth is None:
        return None
    last, falling, last_fall = fifth
    first_fall = initial - loss[q - 1]
    if last_fall < PACE * max(first_fall, 0.0):
        return None     # levelled off: not a run cut short
    if unscaled_inputs(m) is not None or unscaled_target(m) is not None:
        return None     # their scale sets the pace: standardising them is the remedy
    optimizer = (m.params or {}).get("optimizer")
    lr = (f"at {type(optimizer).__name__}'s lr {m.lr:g}" if optimizer is not None and m.lr is not None
          else "at its learning rate")
    metric = task_metric(m)
    scored = f"; {metric_in_words(metric, 1)}" if metric is not None else ""
    epochs = f"{q} epochs" if q > 1 else "epoch"
    start = f"{short_number(initial)} at initialisation to {short_number(loss[q - 1])}"
    # a first fifth that rose (the first steps' noise at a small lr) has no pace to compare with
    pace = (f"{last_fall / first_fall:.0%} of what it fell over the first {epochs} ({start})" if first_fall > 0
            else f"where over the first {epochs} it did not fall ({start})")
    return problem("still_improving", False,
                   f"the training loss was still falling when the run ended: {_fifth_in_words(last, falling)}, "
                   f"{pace}{scored}. Its "
                   f"steps are small, {lr}: each changes the weights by {steps:.2g} of their norm (median "
                   f"‖ΔW‖ / ‖W‖ over the weight layers, last records), where 1e-3 is typical",
                   without=("adam",) if isinstance(optimizer, ADAPTIVE) else ())


@once_per_report
def slow_plateau(m):
    chance, loss = chance_level(m), data_loss(m)
    if (chance is None or loss is None or not m.hidden or chance[0] <= 0 or epochs_run(m) < GUESS_EPOCHS
            or has_dropout(m) or fits_the_data(m) is not None or still_improving(m) is not None):
        return None
    w = max(1, len(loss) // 10)
    # means over tenths of the epochs: at a plateau the batches' noise makes a third of the epochs rise
    before, end = float(loss[-2 * w:-w].mean()), float(loss[-w:].mean())
    if end < GUESSING * chance[0] or second_half_fall(loss)[0] < STALLED or not end <= (1 - STILL) * before:
        return None     # learnt something, or no longer falling: "no better than guessing" reads that
    optimizer = (m.params or {}).get("optimizer")
    metric = task_metric(m, last=w)
    scored = f", {metric_in_words(metric, 1)}" if metric is not None and metric[0] != "R²" else ""
    soft = any(m.kinds.get(n) in ("sigmoid", "tanh") for n in m.hidden)
    return problem("slow_plateau", False,
                   f"after {epochs_run(m)} epochs the training loss is {short_number(end)} (a mean over the last "
                   f"tenth of them), {end / chance[0]:.0%} of {short_number(chance[0])}, the loss of always "
                   f"predicting the class shares{scored}; and it is still falling, from {short_number(before)} "
                   f"over the tenth of the epochs before ({(before - end) / before:.1%} less): "
                   f"the network sits on a plateau near guessing's loss, which it leaves slowly. A pattern of many "
                   f"pieces needs many units bent into place at once"
                   + (", and sigmoid/tanh units pass little gradient where they flatten" if soft else ""),
                   without=(("adam",) if isinstance(optimizer, ADAPTIVE) else ()) + (() if soft else ("relu",)))
