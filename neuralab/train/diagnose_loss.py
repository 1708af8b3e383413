"""Diagnoses that read the loss curve and how training ended: a learning rate too high, inputs the
network cannot compute with, a target far from unit scale (overfitting, which reads the
validation loss, is in ``diagnose_overfitting.py``).

Each rule reads the losses a ``Monitor`` recorded and returns a ``Diagnosis`` naming its evidence
and remedies, or nothing; ``diagnose.py`` runs them with the others.

    learning_rate_too_high  training diverged (NaN/inf) where a step too large can be the cause
                          (fit's divergence_cause "learning_rate": the weights had been updated, see
                          ``divergence.py``); or the batch loss spiked: a median of w consecutive
                          batch losses > 10 x the median of those medians before (w >= 3, and
                          both cover >= 32 samples; after thinning, of each entry's geometric mean
                          of them, ``_spike``) to at least a tenth of the initial loss (a jump from
                          5e-6 to 1e-4 is noise around a minimum the run has found, not a
                          step size that fails; a note when the network fits its data anyway: it
                          recovered; a jump from below 1e-3 x the initial loss is ``late_rise``'s,
                          in ``diagnose_late.py``, and then this rule is silent); or the loss went
                          up >= 25 % from start (or from the initial loss, when lower) to end;
                          or the epoch loss oscillates: in the second half of the run it rises in
                          >= 1/3 of the epochs, by on average >= 25 % of its level, while staying
                          above a quarter of the initial loss (the wobbles of a loss that fell
                          4-fold are noise around a minimum, not a step size that fails), in a
                          model without Dropout (its epoch loss is that of a network with units
                          dropped, other ones each batch: 40 points, p = 0.5, wobbled by 40 %);
                          or, when none of these shows, the first step was one the learning rate
                          made too large, >= 30 % of the weights, or one of the first 32 steps was
                          and the units were dead by the next record (``diagnose_first_step``),
                          and ReLU layers end with >= 50 % of their units dead in a network that
                          does not fit its data and, a classifier, learnt nothing (``learnt_nothing``:
                          a loss >= 0.9 x guessing's, an accuracy at most a quarter of the way from the
                          largest class's share to 1; severe at >= 90 % dead): those steps switched
                          them off for good (2-4-2-1 and 2-8-8-1 ReLU networks on circles at SGD's lr 10, 50 %
                          accuracy, a loss below its first epoch's; the report named only the dead
                          units and exploding activations, whose remedies are leaky ReLU and an
                          initialisation; on the plane at lr 3, a first step of 15 % and then steps
                          of 186 %, only the dead units). Not for a run that learnt what noisy data
                          allow (2-32-32-1 on Gaussians of σ 3 at SGD's lr 0.3, 85 % held out as at
                          lr 0.1, read it): ``dead_relus`` notes their units. When none shows either,
                          ``steps_too_large`` (``diagnose.py``) reads such steps in a network that
                          learnt nothing
    inputs_out_of_range   training diverged on the data, which no learning rate fixes (severe; its
                          evidence is fit's stop reason): the starting weights took the inputs past
                          the float range before any update (divergence_cause "inputs": standardise
                          them), or the validation outputs overflowed on a row of X_val far past
                          every value of the training data ("validation_row": fix or leave out that
                          row). Learning rate too high is then not reported for the divergence; one
                          on MSE targets whose squared errors overflowed ("targets") is named by
                          unscaled_target
    unscaled_target       the loss is MSE and the targets (those the monitor read in the last fit's
                          first epoch) have a root mean square sqrt(mean² + std²), over all their
                          entries, above 10 (severe above 100): a network starts with outputs of
                          order 1, and its output must travel that far before the loss says anything
                          about what it learnt (Adam moves each weight by about lr per step; SGD's
                          gradients grow with the target and overshoot). Reported when the run
                          diverged, or the loss is still >= half the targets' variance, the loss of
                          predicting their mean everywhere (a training R² <= 0.5); a divergence counts
                          when a step too large or the targets' own squared errors caused it, not the
                          inputs (inputs_out_of_range). Small targets are not judged: one-hot rows of
                          many classes are small too, and a small target gives a small loss, not a
                          stuck one. ``neuralab train`` standardises a regression target itself, so
                          its monitor sees one of unit scale

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
import bisect

import numpy as np

from ..nn.dropout import Dropout
from .diagnose_cache import once_per_report
from .diagnose_first_step import SEVERE_FRACTION, dead_in_words, dead_layers, first_step_in_words, killing_step
from .diagnose_shares import chance_level, tells_classes_apart
from .remedies import metric_in_words, note, problem, short_number

SPIKE = 10.0                # batch loss / its typical value before
SPIKE_FLOOR = 0.1           # a spike must reach this x the initial loss
CONVERGED = 1e-3            # a loss below this x the initial loss has converged
WORSE = 0.25                # final loss above the initial loss
OSCILLATION = 0.25          # mean relative rise of the epoch loss when it rises
OSC_PROGRESS = 0.25         # oscillation counts while the loss stays above this x the initial loss
LEARNT = 0.5                # below this x the initial loss, a run has learnt something
GUESSING = 0.9              # above this x the loss of guessing by the class shares, a classifier guesses
MIN_STEPS = 20
MIN_SERIES = 50             # batch-loss entries needed to judge a 1-epoch run's trend
WINDOW_SAMPLES = 32         # samples the initial loss, or a level of it (the spike rule's), covers
EARLY_BATCHES = 4           # the first batches whose losses are still the initial loss's
TARGET_RMS = 10.0           # root mean square of the MSE targets beyond which they are far from unit scale
FIT = 0.99                  # training R² or accuracy from which a network fits its data
FIT_LOSS = 1e-2             # without either: the end loss / the initial loss below which it fits
FIT_METRICS = {"r2": "R²", "accuracy": "accuracy", "binary_accuracy": "binary accuracy"}


def _batch_size(m):
    return max(1, int((m.params or {}).get("batch_size") or WINDOW_SAMPLES))


def _samples_per_entry(m):
    return _batch_size(m) * m.loss_every


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
    """How the network fits its training data, in words ("the training loss fell from 4 at
    initialisation to 1e-05, training R² 0.99998"), when it does (see the module docstring);
    None when it does not or the records cannot say."""
    if m.diverged:
        return None
    trend, initial = loss_trend(m), initial_loss(m)
    loss = (f"the training loss fell from {short_number(initial)} at initialisation to {short_number(trend[1])}"
            if trend is not None and initial is not None else None)
    metric = task_metric(m)
    if metric is not None:       # the task's own measure says it directly
        said = metric_in_words(metric, 3)
        return ", ".join(filter(None, (loss, said))) if metric[1] >= FIT else None
    if loss is not None and initial > 0 and trend[1] <= FIT_LOSS * initial:
        return loss
    return None


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
    metric = next((k for k in FIT_METRICS if m.epoch_logs.get(k)), None)
    return None if metric is None else (FIT_METRICS[metric], float(np.mean(m.epoch_logs[metric][-last:])))


def problem_unless_it_fits(m, name, severe, evidence, when_it_matters, without=(), first=()):
    """A finding about how the network learned (a spike of the loss it recovered from, dead or
    saturated units, vanishing gradients) is a problem (``problem``, severe or not), unless the
    network fits its training data anyway (``fits_the_data``): then it cost this run nothing, and
    it is a note, without remedies, saying so and ``when_it_matters``. XOR learnt to 100 % with
    70 % of its tanh outputs in the tails has sharp boundaries, not a problem; nor has a fitted
    network's first layer a gradient to pass on. ``without``: the keys of remedies already in
    place or without the evidence for them, ``first``: those to put first (``problem``)."""
    fits = fits_the_data(m)
    if fits is None:
        return problem(name, severe, evidence, without, first=first)
    return note(name, f"{evidence}. The network fits its training data anyway ({fits}), so nothing "
                      f"needs fixing here. {when_it_matters}")


def spike_window(m):
    """w, the number of consecutive batch losses whose median is the level of the loss at a step
    for the spike rule: at least 3, and enough to cover 32 samples (so that a few hard batches are
    no spike). The monitor keeps, per entry of its loss series, the largest such median over the
    entry's steps (``Monitor.loss["peak"]``), so that thinning cannot average a brief jump away."""
    return max(3, -(-WINDOW_SAMPLES // _batch_size(m)))


def _spike(m):
    """(peak, before, step) of the largest jump of the batch loss: the largest median of w
    consecutive batch losses (``spike_window``) in an entry of the loss series against the median
    of the entries' levels before those w batches (``Monitor.loss["level"]``: the geometric mean of
    those medians over the entry's steps), which cover at least 32 samples too; ``step`` is where
    the w batches began. At one step per entry this is a median of w batch losses against the
    median of those before. After thinning, a jump of a few steps still shows at full height in its
    entry's peak, where the entry's mean dilutes it, and the level before is as it was, geometric
    means of pairs being those of their steps: the entries' means, which it replaces, rose above it
    when a few hard batches were far above the rest (batches of 8 on breast_cancer: a mean 3 times
    the median), and a 27-fold jump read as 9.5-fold at 4 steps per entry, unreported."""
    values = np.asarray(m.loss["level"], np.float64)
    k = -(-WINDOW_SAMPLES // _samples_per_entry(m))       # entries that cover 32 samples
    span = -(-spike_window(m) // m.loss_every)              # entries w batches reach back over
    if len(values) < k + span or not np.isfinite(values).all():
        return None
    peaks = np.asarray(m.loss["peak"], np.float64)
    ends = np.arange(k + span - 1, len(values))
    before = _prefix_medians(values, ends - span + 1)
    ratio = peaks[ends] / np.maximum(before, 1e-300)
    j = int(np.argmax(ratio))
    return float(peaks[ends[j]]), float(before[j]), m.loss["peak_step"][ends[j]]


def _prefix_medians(values, ends):
    """median(values[:i]) for every i of the increasing ``ends``, from one sorted list that
    grows as i does (a median per prefix from scratch would cost O(n² log n))."""
    seen, medians = [], []
    for i in ends:
        for v in values[len(seen):i].tolist():
            bisect.insort(seen, v)
        half = len(seen) // 2
        medians.append(seen[half] if len(seen) % 2 else (seen[half - 1] + seen[half]) / 2)
    return np.array(medians)


@once_per_report
def rising_spike(m):
    """(peak, before, step) of the largest jump of the batch loss (``_spike``) when it counts: more
    than 10 x its level before, to at least a tenth of the initial loss; else None."""
    spike, initial = _spike(m), initial_loss(m)
    if (spike is not None and spike[0] > SPIKE * spike[1] > 0
            and (initial is None or spike[0] >= SPIKE_FLOOR * initial)):
        return spike
    return None


def converged_before(m, spike):
    """Whether the loss had converged before ``spike``: its level then was below 1e-3 x the
    initial loss (``late_rise`` names such a jump, not ``learning_rate_too_high``)."""
    initial = initial_loss(m)
    return spike is not None and initial is not None and spike[1] < CONVERGED * initial


@once_per_report
def learning_rate_too_high(m):
    lr = f" (lr {m.lr:g})" if m.lr is not None else ""
    if m.diverged and m.divergence_cause == "learning_rate":
        last = f"; the last finite batch loss was {short_number(m.loss['loss'][-1])}" if m.loss["loss"] else ""
        return problem("learning_rate_too_high", True,
                       f"training diverged: {m.stop_reason or 'the loss became NaN or inf'}{last}")
    spike, initial = rising_spike(m), initial_loss(m)
    if converged_before(m, spike):  # a step size that worked for thousands of steps: see late_rise
        return None
    if spike is not None:
        peak, before, step = spike
        return problem_unless_it_fits(m, "learning_rate_too_high", peak > SPIKE ** 2 * before,
                                      f"the batch loss jumped to {short_number(peak)} around step {step}, "
                                      f"{peak / before:.3g} times its typical value before "
                                      f"({short_number(before)}){lr}",
                                      "A jump is a step too large for where the weights were: training "
                                      "recovered here, but with a larger learning rate or on harder data it "
                                      "may not; if it recurs, lower the learning rate or clip the gradients")
    trend = loss_trend(m)
    if trend is not None and m.step >= MIN_STEPS:
        start, end, span = trend
        # from the lower of the first epoch's loss and the initial one: a first epoch at lr 10 ended
        # 3 times above the initial loss, and a loss that stayed there had not become "worse"
        before = (f"{short_number(initial)} at initialisation (the first epoch's {short_number(start)})"
                  if initial is not None and initial < start else short_number(start))
        start = min(start, initial) if initial is not None else start
        if end > start * (1 + WORSE):
            return problem("learning_rate_too_high", end > 10 * start,
                           f"training made the loss worse: it went from {before} to {short_number(end)} "
                           f"{span}{lr}")
    loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    if len(loss) >= 6 and initial and np.isfinite(loss).all() and (loss > 0).all() and not has_dropout(m):
        half = loss[len(loss) // 2 - 1:]
        change = np.diff(half) / half[:-1]
        ups = change > 0
        progress = np.median(half) / initial      # a loss that fell 4-fold has a step size that works
        if ups.mean() >= 1 / 3 and change[ups].mean() >= OSCILLATION and progress >= OSC_PROGRESS:
            return problem("learning_rate_too_high", change[ups].mean() >= 0.5,
                           f"the epoch loss oscillates: over the last {len(half)} epochs it rose in "
                           f"{ups.sum()} of {len(change)} (by {change[ups].mean():.0%} on average), "
                           f"between {short_number(half.min())} and {short_number(half.max())}, never far "
                           f"below its value at initialisation ({short_number(initial)}){lr}")
    # a loss that neither jumped nor rose: the first step may have switched the units off at once
    return _units_killed_by_large_steps(m)


def _units_killed_by_large_steps(m):
    """The finding of a first step, or early steps, too large that left ReLU units dead, in a network
    that does not fit its data (see the module docstring); None otherwise."""
    step, dead = killing_step(m), dead_layers(m)
    if step is None or not dead or fits_the_data(m) is not None or learnt_nothing(m) is False:
        return None   # (a run that learnt what noisy data allow, with units dead: ``dead_relus`` names them)
    trend, initial, metric = loss_trend(m), initial_loss(m), task_metric(m)
    since = ", ".join(filter(None, (
        f"the training loss is {short_number(trend[1])}"
        + (f" ({short_number(initial)} at initialisation)" if initial is not None else "")
        if trend is not None else None,
        metric_in_words(metric) if metric is not None else None)))
    # the gradient was smaller than the weights: clipping it would not have made the step smaller
    return problem("learning_rate_too_high", max(f for _, f in dead) >= SEVERE_FRACTION,
                   f"{first_step_in_words(m, step)} switched ReLU units off for good (a dead unit passes no "
                   f"gradient back, so nothing revives it): {dead_in_words(m, dead, step)}"
                   + (f"; since then {since}" if since else ""), without=("clip",))


# the divergences the data caused that ``inputs_out_of_range`` names, each with the remedy it keeps
INPUT_CAUSES = {"inputs": "standardise", "validation_row": "drop_row"}


@once_per_report
def inputs_out_of_range(m):
    keep = INPUT_CAUSES.get(m.divergence_cause) if m.diverged else None
    if keep is None:
        return None
    return problem("inputs_out_of_range", True,
                   f"training diverged on the data, not on a step too large: {m.stop_reason}",
                   without=[key for key in INPUT_CAUSES.values() if key != keep])


@once_per_report
def unscaled_target(m):
    t = m.target
    if not t or not t["samples"]:
        return None
    mean, std = np.array(t["mean"]), np.array(t["std"])
    mean_square = float(np.mean(mean ** 2 + std ** 2))   # the loss of an output of 0
    variance = float(np.mean(std ** 2))                   # the loss of predicting the mean
    if not mean_square > TARGET_RMS ** 2:
        return None
    trend = loss_trend(m)
    end = trend[1] if trend is not None else float(m.loss["loss"][-1]) if m.loss["loss"] else None
    # a divergence the inputs caused says nothing of the targets; a step too large, that they can
    # make (large gradients), or their own squared errors overflowing, does
    diverged = m.diverged and m.divergence_cause in ("learning_rate", "targets")
    if not diverged and (end is None or not end >= LEARNT * variance):
        return None             # it explains most of the targets' spread: their scale did not stop it
    columns = [f"mean {short_number(mu)}, std {short_number(sd)}" for mu, sd in zip(mean, std)]
    if len(columns) > 1:
        columns = [f"column {j}: {c}" for j, c in enumerate(columns)]
    loss = (f"training diverged on their squared errors: {m.stop_reason}" if m.divergence_cause == "targets"
            else "training diverged" if diverged else
            f"the loss is still {short_number(end)}, where predicting their mean everywhere gives "
            f"{short_number(variance)} and an output of 0 {short_number(mean_square)}")
    return problem("unscaled_target", mean_square > TARGET_RMS ** 4,
                   f"the targets ({'; '.join(columns)}, over {t['samples']} samples) have a root mean "
                   f"square of {short_number(np.sqrt(mean_square))}, where a network's outputs start near "
                   f"unit scale; {loss}")


def has_dropout(m):
    """Whether the model has a Dropout layer of p > 0: its epoch loss is that of the network with
    units dropped, fresh masks each batch."""
    model = getattr(m, "model", None)
    return model is not None and any(isinstance(layer, Dropout) and layer.p > 0 for layer in model.walk())
