"""The loss of guessing: what a classifier scores when it has learnt nothing from its inputs.

The loss and accuracy of always predicting the class shares, and how they are computed, are in
``diagnose_shares.py`` (``chance_level``). A loss near that of guessing after many steps says the
network found nothing in the inputs that tells the classes apart, however much the loss fell from
where its random start put it: logistic regression on XOR falls from 1.3 to 0.693 and stays there.
``no_better_than_guessing`` (``diagnose.py``) reports it, and overfitting requires a loss below it.

``guessing`` reads a run against it (``diagnose.py`` says when that is a problem): a loss that no
longer falls, within a few percent of guessing's, at an accuracy little above the largest class's.
Between 0.9 and 0.97 of it a network did find something, the little that weakly informative
inputs hold (two balanced classes 0.6σ apart: 61 % at best, a loss of 0.94 ln 2), or the little a
boundary of the wrong shape catches (logistic regression on a spiral, 0.94-0.96); at 0.97 and
above it found nothing (logistic regression on XOR or circles, 1.0; random labels, 0.99).
"""
import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_curve import GUESSING, epochs_run, has_dropout, second_half_fall, task_metric
from .diagnose_shares import chance_level, tells_classes_apart
from .monitor_words import held_out_data
from .diagnosis import metric_in_words, short_number

GUESSED = 0.97              # at or above this x the loss of guessing, a classifier found nothing
GUESS_EPOCHS = 20           # epochs before a loss at the level of guessing is judged
GUESS_STEPS = 500           # and optimizer steps, or
GUESS_LONG = 100            # epochs (a full batch takes one step each: 200 of them had long converged)
STALLED = 0.05              # a loss that fell less than this over the second half of the epochs
ABOVE = 0.2                 # a validation accuracy this far from the largest class's share to 1 is above guessing's


def shares_in_words(m):
    """The class shares as the evidence quotes them: "class 1 50%" (binary), "33%, 33%, 34%"."""
    classes = m.classes
    shares = classes["shares"]
    if classes["binary"]:
        return ", ".join(f"class 1 {p:.0%}" for p in shares[:4]) + (", ..." if len(shares) > 4 else "")
    return ", ".join(f"{p:.0%}" for p in shares[:6]) + (", ..." if len(shares) > 6 else "")


@once_per_report
def guessing(m):
    """(evidence, ratio, above) when the classifier's training loss, after >= 20 epochs and >= 500 steps
    (or >= 100 epochs), no longer falls (< 5 % over the second half of the epochs,
    ``second_half_fall``) at >= 0.9 x the loss of guessing (``ratio``: the mean over its last
    tenth of epochs / guessing's), and fit logged no accuracy or one, over those epochs, at most a
    quarter of the way from the largest class's share to 1 (for a network with hidden layers: a
    straight boundary that leaves 0.9 of guessing's loss has caught little of a curved one, however
    its training points fall: 66 to 68 % on those of circles, 60 % on the held-out ones, where
    linear fits of moons end at 0.35 of it); else None. ``above``: the accuracy on
    the validation data (the playground's test points) is at least a fifth of the way there (50 %
    -> 60 %) and the training one above that share: it found a little that holds on new data, and
    the learner sees it (a linear model on a spiral, noise 0.5: 56 to 58 % on the training data, 63
    to 67 % on the test data, where "no better than guessing" read as a contradiction). Not from the
    training accuracy alone: a straight boundary scores 52 to 64 % on the training points of XOR and
    circles (200 of them) by their quirks, 46 to 55 % on the test ones. Not for a model with
    Dropout, whose epoch loss is that of a network with units dropped, nor when the samples weighed
    unequally (``chance_level``)."""
    chance, logs = chance_level(m), m.epoch_logs
    loss = np.asarray(logs.get("loss", []), np.float64)
    if chance is None or m.diverged or len(loss) < 3 or not np.isfinite(loss).all() or chance[0] <= 0:
        return None
    epochs = epochs_run(m)
    if epochs < GUESS_EPOCHS or (m.step < GUESS_STEPS and epochs < GUESS_LONG):
        return None   # too early to tell a plateau it may still leave from guessing
    if has_dropout(m):
        return None   # the epoch loss is the dropped-out network's: it may guess where the whole one does not
    if len(logs.get("penalty", ())) == len(loss):
        loss = loss - np.asarray(logs["penalty"], np.float64)   # the data loss, which guessing is judged on
    w = max(1, len(loss) // 10)
    end, metric = float(loss[-w:].mean()), task_metric(m, last=w)
    if metric is not None and metric[0] == "R²":
        metric = None   # 1 - loss / the targets' variance: the loss, in other words, not a share of classes
    if end < GUESSING * chance[0] or second_half_fall(loss)[0] >= STALLED:
        return None   # below guessing's loss, or still falling
    if metric is not None and tells_classes_apart(metric[1], chance[1]) and m.hidden:
        return None   # it tells some of the classes apart
    larger = "larger" if len(m.classes["shares"]) <= 2 or m.classes["binary"] else "largest"
    held = validation_metric(m, w) if metric is not None else None
    said = (f"; {metric_in_words(metric)} over those epochs, where always predicting the "
            f"{larger} class scores {chance[1]:.0%}" if metric is not None else "")
    if held is not None:
        said += f", and {held:.0%} on {held_out_data(m)} (held out from training) over those epochs"
    ratio = end / chance[0]
    above = held is not None and metric[1] > chance[1] and held >= chance[1] + (1 - chance[1]) * ABOVE
    return (f"after {epochs} epochs the training loss is {short_number(end)} (a mean over the last tenth of "
            f"them), {ratio:.0%} of {short_number(chance[0])}, the loss of always predicting the class shares "
            f"({shares_in_words(m)}) whatever the input, and it no longer falls{said}"), ratio, above


def validation_metric(m, last):
    """The mean over the ``last`` logged epochs of the accuracy on
    the validation data ("val_accuracy" beside the training "accuracy" ``task_metric`` reads), or None
    when fit logged none."""
    key = next((f"val_{k}" for k in ("accuracy", "binary_accuracy") if m.epoch_logs.get(k)), None)
    values = np.asarray(m.epoch_logs.get(key) or [], np.float64)[-last:]
    return float(values.mean()) if len(values) and np.isfinite(values).all() else None
