"""Whether a run's loss was still falling as it ended, read off the epoch losses a ``Monitor`` kept:
the rules of a run cut short (``diagnose_progress``) and the one of saturated units
(``diagnose_gradients``), which is no problem in a run that learns with them, share these.

    data_loss      the epoch losses without an L1/L2 penalty (the data loss, as ``val_loss`` is)
    last_fifth     the loss fell in >= 80 % of the last fifth's epochs, and by >= 1 % over them
    still_falling  the mean over the last tenth of the epochs is >= 1 % below the mean over the
                   tenth before: at Adam's lr 0.01 a third of the epochs rise on their batches'
                   noise, so a run that learns fails ``last_fifth`` (a checkerboard on 2-32-1
                   sigmoid: 0.336 -> 0.301 -> 0.288 over epochs 140, 180, 200, rising in 9 of 40)
    learning_anyway  still falling, and below half the loss of guessing: saturated units are then a
                   note, as in a network that fits its data (that checkerboard at 89 %, 98 % after
                   1,000 epochs, was told to lower the lr and standardise: either ended at guessing's loss)
"""
import numpy as np

from .diagnose_curve import fits_the_data, initial_loss, task_metric
from .diagnose_loss import LEARNT
from .diagnose_shares import chance_level
from .diagnosis import metric_in_words
from .monitor_words import short_loss

FIFTH = 5             # the run's first and last 1/FIFTH of the epochs are compared
MIN_EPOCHS = 5        # logged epochs needed to compare them
STEADY = 0.8          # share of the last fifth's epochs in which the loss fell
STILL = 0.01          # relative fall from which the loss is still falling


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


def fifth_in_words(m, last, falling):
    """``last_fifth``'s losses and whether each epoch fell, in words: "from 1.27 to 1.02 over the last 4
    epochs (19.8% less, falling in 4 of 4 epochs)"."""
    epochs = f"{len(falling)} epochs" if len(falling) > 1 else "epoch"
    steadily = f", falling in {falling.sum()} of {len(falling)} epochs" if len(falling) > 1 else ""
    return (f"from {short_loss(m, last[0])} to {short_loss(m, last[-1])} over the last {epochs} "
            f"({(last[0] - last[-1]) / last[0]:.1%} less{steadily})")


def still_falling(loss):
    """(before, end): the means of the epoch losses over the tenth of the epochs before the last tenth
    and over the last tenth, when ``end`` is >= 1 % below ``before``; else None (levelled off)."""
    w = max(1, len(loss) // 10)
    before, end = float(loss[-2 * w:-w].mean()), float(loss[-w:].mean())
    return (before, end) if end <= (1 - STILL) * before else None


def learning_anyway(m):
    """How a network with saturated units learns all the same, in words, when it does: its training loss
    (a mean over the last tenth of the epochs) is below half the loss of always predicting the class
    shares (of the initial loss, for a regression), and >= 1 % below the tenth of the epochs before
    (``still_falling``); None otherwise, or when it fits its data (that is a note too). "its training
    loss is 0.0434 over the last tenth of the epochs (always predicting the class shares: 0.25), training
    R² 0.83, and still falling, 26.9% below the tenth before"."""
    loss, chance = data_loss(m), chance_level(m)
    falling = still_falling(loss) if loss is not None and fits_the_data(m) is None else None
    by_shares = chance is not None and chance[0] > 0
    reference = chance[0] if by_shares else initial_loss(m)
    if falling is None or reference is None or not falling[1] < LEARNT * reference:
        return None
    (before, end), metric = falling, task_metric(m, last=max(1, len(loss) // 10))
    scored = f", {metric_in_words(metric)}" if metric is not None else ""
    return (f"its training loss is {short_loss(m, end)} over the last tenth of the epochs "
            f"({'always predicting the class shares' if by_shares else 'at initialisation'}: "
            f"{short_loss(m, reference)}){scored}, and still falling, {(before - end) / before:.1%} below the tenth "
            f"before")
