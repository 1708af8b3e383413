"""What the diagnoses read off the loss curve: the initial loss, the start and end of the loss, the
epochs run, the task metric, and whether the network fits its training data. The rules that read
them are in ``diagnose_loss.py`` and the other ``diagnose_*.py`` modules.

"Start" and "end" of the loss are the first and last epoch losses after at least 2 epochs,
else the medians of the first and last fifth of the batch-loss series (when it has at least
50 entries; shorter runs get no verdict on the trend of their loss). The initial loss is the
loss of the first batches, those taken after at most 3 updates: the median of the first batch
losses that cover at least 32 samples when they are at most 4 batches (batches of 8 or more; a
first batch of 10 alone read 0.5 where the next three read 0.43 to 3.8), else the mean of the
first 4 (4 to 28 samples). Every batch's loss comes after an update per batch before it: at batch
size 1 the median of the first 32 one-sample losses, after 32 updates, read 0.026 where the mean
loss at initialisation was 0.61 (a tanh network on three Gaussians, SGD at lr 0.3), which made a
loss of 0.03 "worse" and a run at 100 % read "learning rate too high". Their mean, not their
median: most one-sample losses fall below it where a few samples start far wrong (the first alone
read 0.0027 in a ReLU network on XOR whose first epoch averaged 0.69). The updates between them
still pull it down (0.38 for 0.61 above), so it is only compared with generous factors.

The network *fits* its training data (``fits_the_data``, which rules read to tell a cost that
hurts from one that does not) when the task metric of the last logged epoch, the training R² or
accuracy, is >= 0.99; when fit logged neither, when the end loss is <= 1/100 of the initial loss
(it fell 100-fold). Never when the run diverged. A finding about how it learned (a spike it
recovered from, dead or saturated units, vanishing gradients) is then a note
(``problem_unless_it_fits``).
"""
import numpy as np

from ..nn.dropout import Dropout
from .diagnose_cache import once_per_report
from .diagnose_shares import chance_level, tells_classes_apart
from .diagnosis import metric_in_words, note, problem
from .monitor_words import short_loss

GUESSING = 0.9              # above this x the loss of guessing by the class shares, a classifier guesses
MIN_SERIES = 50             # batch-loss entries needed to judge a 1-epoch run's trend
WINDOW_SAMPLES = 32         # samples the initial loss, or a level of it (the spike rule's), covers
EARLY_BATCHES = 4           # the first batches whose losses are still the initial loss's
FIT = 0.99                  # training R² or accuracy from which a network fits its data
FIT_LOSS = 1e-2             # without either: the end loss / the initial loss below which it fits
FIT_METRICS = {"r2": "R²", "accuracy": "accuracy", "binary_accuracy": "binary accuracy"}


def _batch_size(m):
    return max(1, int((m.params or {}).get("batch_size") or WINDOW_SAMPLES))


def initial_loss(m):
    """The loss at initialisation: the median of the first batch losses that cover at least 32
    samples, when they are at most 4 batches (batches of 8 or more); else the mean of the first 4
    (see the module docstring)."""
    batches = -(-WINDOW_SAMPLES // _batch_size(m))
    if batches > EARLY_BATCHES:   # batches of fewer than 8 samples: the mean of the first 4 of them
        first = m.first_losses[:EARLY_BATCHES]
        return float(np.mean(first)) if first else None
    first = m.first_losses[:batches]
    return float(np.median(first)) if first else None


@once_per_report
def loss_trend(m):
    """(start, end, span): the first and last epoch losses after at least 2 epochs, else the
    medians of the first and last fifth of the batch-loss series (when it has >= 50 entries);
    None when the run is too short to say."""
    epoch_loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    if len(epoch_loss) >= 2:
        return float(epoch_loss[0]), float(epoch_loss[-1]), f"over {epochs_run(m)} epochs"
    values = np.asarray(m.loss["loss"], np.float64)
    if len(values) < MIN_SERIES:  # a few noisy batch losses say nothing about a trend
        return None
    part = len(values) // 5
    return float(np.median(values[:part])), float(np.median(values[-part:])), f"over {m.step} steps"


def epochs_run(m):
    """The epochs the epoch logs span, from the first logged to the last that ended: after thinning
    they keep every ``epoch_every``-th epoch, and the last logged one is not the last (1,000
    epochs read as 999 from the entries)."""
    return m.epochs_seen - m.epoch_logs["epoch"][0]


def second_half_fall(loss):
    """(fall, middle): the relative fall of an epoch-loss series over its second half, (a - b) / a,
    a the mean of the tenth of its entries that ends at the middle entry (index ``middle``) and b
    the mean of its last tenth (one entry each below 20 entries: the middle one and the last), so
    that one lucky epoch neither ends a plateau nor hides it; None below 3 entries."""
    loss = np.asarray(loss, np.float64)
    if len(loss) < 3:
        return None
    w, middle = max(1, len(loss) // 10), (len(loss) - 1) // 2
    before, end = loss[max(0, middle - w + 1):middle + 1].mean(), loss[-w:].mean()
    return ((before - end) / before if before > 0 else 0.0), middle


@once_per_report
def fits_the_data(m):
    """How the network fits its training data, in words, when it does (see the module docstring):
    by the task's own measure, "training R² 0.99998", or else by its loss, "the training loss fell
    from 4 at initialisation to 1e-05"; None when it does not or the records cannot say."""
    if m.diverged:
        return None
    trend, initial = loss_trend(m), initial_loss(m)
    metric = task_metric(m)
    if not fits(metric, initial, trend and trend[1]):
        return None
    if metric is not None:       # it says so directly: the loss's fall beside it said it twice
        return metric_in_words(metric, 3 if metric[0] == "R²" else 1)   # R² 0.99998, accuracy 100.0%
    return f"the training loss fell from {short_loss(m, initial)} at initialisation to {short_loss(m, trend[1])}"


def fits(metric, initial, end):
    """Whether a network fits its training data (see the module docstring): by the task's ``metric``
    (``metric_in``'s (name, value)), >= FIT; without one, by its loss from ``initial`` to ``end``,
    fallen 100-fold (False where either is None). The monitor's judge (``fits_the_data``) and fit's
    warning of tiny inputs (``tiny_inputs``), which reads its History, share it."""
    if metric is not None:
        return metric[1] >= FIT
    return initial is not None and end is not None and initial > 0 and end <= FIT_LOSS * initial


def learnt_nothing(m):
    """Whether a classifier learnt nothing that its records show: its training loss ends >= 0.9 x the
    loss of guessing (``diagnose_shares.chance_level``) and fit logged no accuracy, or one at most a
    quarter of the way from the largest class's share to 1 (50 % -> 62.5 %). None when the monitor
    has no loss of guessing for the run (a regression, weighted samples) or no trend of its loss."""
    chance, trend, metric = chance_level(m), loss_trend(m), task_metric(m)
    if chance is None or trend is None:
        return None
    if metric is not None and metric[0] != "R²" and tells_classes_apart(metric[1], chance[1]):
        return False    # it tells some of the classes apart
    return trend[1] >= GUESSING * chance[0]


def task_metric(m, last=1):
    """(name, value) of the task's own measure of fit, the training R² or accuracy ("R²", 0.93), as
    the monitor's epoch logs hold it: at the last logged epoch, or the mean over the ``last`` logged
    epochs (an accuracy that wobbles from epoch to epoch); None when fit logged neither."""
    return metric_in(m.epoch_logs, last)


def metric_in(logs, last=1):
    """``task_metric`` of epoch ``logs`` ({name: a value per epoch}: the monitor's, or a
    ``History.history``): ("R²", 0.93) or ("accuracy", 0.42), None when they hold neither."""
    metric = next((k for k in FIT_METRICS if logs.get(k)), None)
    return None if metric is None else (FIT_METRICS[metric], float(np.mean(logs[metric][-last:])))


def problem_unless_it_fits(m, name, severe, evidence, when_it_matters, without=(), first=(), instead=None):
    """A finding about how the network learned (a spike of the loss it recovered from, dead or
    saturated units, vanishing gradients) is a problem (``problem``, severe or not), unless the
    network fits its training data anyway (``fits_the_data``): then it cost this run nothing, and
    it is a note, without remedies, saying so and ``when_it_matters``. XOR learnt to 100 % with
    70 % of its tanh outputs in the tails has sharp boundaries, not a problem; nor has a fitted
    network's first layer a gradient to pass on. ``without``: the keys of remedies already in
    place or without the evidence for them, ``first``: those to put first, ``instead``: remedies in
    the place of those of their keys (``problem``)."""
    fits = fits_the_data(m)
    if fits is None:
        return problem(name, severe, evidence, without, instead=instead, first=first)
    return note(name, f"{evidence}. The network fits its training data anyway ({fits}): nothing to fix. "
                      f"{when_it_matters}")


def ways_keep(ways):
    """The remedies ``ways`` of a note's "when it matters" as one subject: "leaky ReLU, a lower learning
    rate or He initialisation keep", "ReLU keeps" (a note names only those the run lacks)."""
    return f"{', '.join(ways[:-1])} or {ways[-1]} keep" if len(ways) > 1 else f"{ways[0]} keeps"


def has_dropout(m):
    """Whether the model has a Dropout layer of p > 0: its epoch loss is that of the network with
    units dropped, fresh masks each batch."""
    model = getattr(m, "model", None)
    return model is not None and any(isinstance(layer, Dropout) and layer.p > 0 for layer in model.walk())
