"""Diagnoses that read the loss curve and how training ended: a learning rate too high, inputs the
network cannot compute with (a target far from unit scale is in ``diagnose_target.py``, overfitting,
which reads the validation loss, in ``diagnose_overfitting.py``).

Each rule reads the losses a ``Monitor`` recorded and returns a ``Diagnosis`` naming its evidence
and remedies, or nothing; ``diagnose.py`` runs them with the others.
What "start", "end" and "initial" loss mean, and when the network fits its data, is in
``diagnose_curve.py``.

    learning_rate_too_high  training diverged (NaN/inf) where a step too large can be the cause
                          (fit's divergence_cause "learning_rate": the weights had been updated, see
                          ``divergence.py``; right after a rise of the rate, named with it, and the
                          rate before it as the remedy, ``back_to``; else without what fit's warning
                          and stop reason advised, "try a lower learning rate (now 3)",
                          ``divergence.fit_advised``: clipping and a schedule); or the batch loss spiked: a median of w consecutive
                          batch losses > 10 x the median of those medians before (w >= 3, and
                          both cover >= 32 samples; after thinning, of each entry's geometric mean
                          of them, ``_spike``) to at least a tenth of the initial loss (a jump from
                          5e-6 to 1e-4 is noise around a minimum the run has found, not a
                          step size that fails; a note when the network fits its data anyway: it
                          recovered; a jump from below 1e-3 x the initial loss is ``late_rise``'s,
                          in ``diagnose_late.py``, and then this rule is silent; the evidence quotes
                          the rates of the steps it jumped at, back to a rise of the rate the loss
                          stayed up after, ``blamed_steps``, and after a rise its remedy is the rate
                          before it, ``back_to``); or the loss went
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
    inputs_out_of_range   training diverged on the data, which no learning rate fixes (severe): the
                          starting weights took the inputs past the float range before any update
                          (divergence_cause "inputs": standardise them), or the validation outputs
                          overflowed on a row of X_val far past every value of the training data
                          ("validation_row": fix or leave out that row). Its evidence is fit's stop
                          reason without fit's advice, which its remedy gives, fact then remedy
                          (``divergence.stop_fact``). Learning rate too high is then not reported for
                          the divergence; one on MSE targets whose squared errors overflowed
                          ("targets") is named by unscaled_target (``diagnose_target.py``)
"""
import bisect

import numpy as np

from .diagnose_cache import once_per_report
from .diagnose_curve import (WINDOW_SAMPLES, _batch_size, fits_the_data, has_dropout, initial_loss, learnt_nothing,
                             loss_trend, problem_unless_it_fits, task_metric)
from .diagnose_first_step import SEVERE_FRACTION, dead_in_words, dead_layers, first_step_in_words, killing_step
from .diagnosis import metric_in_words, problem
from .divergence import fit_advised, stop_fact
from .monitor_rates import epoch_start, last_change, raised_in, rates_in_words, rates_over
from .remedies import TITLES, Remedy
from .monitor_words import short_loss, short_ratio

SPIKE = 10.0                # batch loss / its typical value before
SPIKE_FLOOR = 0.1           # a spike must reach this x the initial loss
CONVERGED = 1e-3            # a loss below this x the initial loss has converged
WORSE = 0.25                # final loss above the initial loss
OSCILLATION = 0.25          # mean relative rise of the epoch loss when it rises
OSC_PROGRESS = 0.25         # oscillation counts while the loss stays above this x the initial loss
LEARNT = 0.5                # below this x the initial loss, a run has learnt something
MIN_STEPS = 20


def _samples_per_entry(m):
    return _batch_size(m) * m.loss_every


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


def jump_steps(m, step):
    """(first, last): the steps whose rate a jump of the loss that began at ``step`` (``_spike``'s) was
    taken at: its w batches (``spike_window``) and the epoch before them (at least 2w steps: a loss a
    raised rate throws up rises for a few steps before their median does)."""
    w = spike_window(m)
    return max(1, step - max(2 * w, int((m.params or {}).get("steps") or 1))), step + w - 1


def blamed_steps(m, step):
    """(first, last): the steps whose rates a jump of the loss that began at ``step`` is quoted with:
    its own (``jump_steps``), reaching back to a raise of the rate before them when the rate has held
    since and the loss has stayed up since (``_up_since``). A loss that rose after a raise, with no
    other change between, is the raise's however late its largest jump came: the converged circles
    of the playground (2-4-2-1 tanh, loss 0.026), raised from lr 0.03 to 10 at step 5,981, stayed up
    and jumped highest at step 6,023, two epochs on; quoted at "lr 10" alone, the finding said to
    lower the rate instead of going back to 0.03."""
    first, last = jump_steps(m, step)
    if len(rates_over(m, first, last)) != 1:       # the rate changed over the jump's own steps
        return first, last
    held = last_change(m, first)
    if held is None or held[0] < 2:
        return first, last
    t = held[0]
    rose = raised_in(rates_over(m, t - 1, t)) is not None
    return (t - 1, last) if rose and _up_since(m, t, step) else (first, last)


def _up_since(m, t, step):
    """Whether the loss has stayed above where a raise of the rate at step ``t`` found it until
    ``step``: every entry of the loss series wholly between them has a level (``Monitor.loss``)
    above that of the last entry before t. A loss that came back down since is not the raise's."""
    steps, levels = m.loss["step"], m.loss["level"]
    i = bisect.bisect_left(steps, t) - 1          # the last entry that ends before step t
    if i < 0:
        return False
    since = [levels[j] for j in range(i + 1, len(steps)) if steps[j - 1] >= t - 1 and steps[j] < step]
    return all(level > levels[i] for level in since)


def right_after(m, step, raised):
    """"right after" a raise (``raised_in``'s (before, after, t)) among the steps a jump of the loss
    at ``step`` was taken at (``jump_steps``), "after" one before them (``blamed_steps``)."""
    return "right after" if raised[2] >= jump_steps(m, step)[0] else "after"


def raised_before(m, step):
    """(before, after, t) of the largest rise of the learning rate in the steps a jump of the loss at
    ``step`` is blamed on (``blamed_steps``), None when it did not rise there."""
    return raised_in(rates_over(m, *blamed_steps(m, step)))


def back_to(raised):
    """{"lr": the remedy} of a loss thrown up after the rate rose (``raised_in``'s (before, after, t)):
    the rate before the rise, not a fraction of the rate now (lowered since, in the playground's box
    or by a schedule); None when it did not rise."""
    if raised is None:
        return None
    before, after, _ = raised
    return {"lr": Remedy(f"go back to {before:g}, the learning rate before it rose to {after:g}, or lower", "lr")}


def _rates_said(m, first, last):
    """The rate of steps ``first`` to ``last`` (``rates_in_words``) in parentheses after the evidence,
    " (lr 0.3)", " (lr rose from 0.03 to 10 at step 702)" ("" when the monitor noted none), and the
    remedy in place of a fraction of the rate when it rose over them (``back_to``)."""
    said = rates_in_words(m, first, last)
    return (f" ({said})" if said else ""), back_to(raised_in(rates_over(m, first, last)))


def converged_before(m, spike):
    """Whether the loss had converged before ``spike``: its level then was below 1e-3 x the
    initial loss (``late_rise`` names such a jump, not ``learning_rate_too_high``)."""
    initial = initial_loss(m)
    return spike is not None and initial is not None and spike[1] < CONVERGED * initial


@once_per_report
def learning_rate_too_high(m):
    if m.diverged and m.divergence_cause == "learning_rate":
        last = f"; the last finite batch loss was {short_loss(m, m.loss['loss'][-1])}" if m.loss["loss"] else ""
        # fit's stop reason, "<what>; <advice>", advises what this finding's remedies do: its what alone
        what = stop_fact(m.stop_reason) or "the loss became NaN or inf"
        # the rate now, which the advice named; a rise just before is the cause, and its undoing the remedy
        raised = raised_before(m, m.step)
        rate = rates_in_words(m, m.step, m.step)
        at = f" at {rate}" if rate and not raised else ""
        after = f"; it diverged {right_after(m, m.step, raised)} the {rates_in_words(m, *blamed_steps(m, m.step))}" if raised else ""
        # fit's warning said "try a lower learning rate (now 3)" already: the other remedies here, that
        # one once (the rate before a rise, which fit cannot know, is said here)
        return problem("learning_rate_too_high", True, f"training diverged{at}: {what}{last}{after}",
                       without=() if raised else fit_advised(m.stop_reason), instead=back_to(raised))
    spike, initial = rising_spike(m), initial_loss(m)
    if converged_before(m, spike):  # a step size that worked for thousands of steps: see late_rise
        return None
    if spike is not None:
        peak, before, step = spike
        said, instead = _rates_said(m, *blamed_steps(m, step))
        return problem_unless_it_fits(m, "learning_rate_too_high", peak > SPIKE ** 2 * before,
                                      f"the batch loss jumped to {short_loss(m, peak)} around step {step}, "
                                      f"{short_ratio(peak / before)} times its typical value before, "
                                      f"{short_loss(m, before)}{said}",
                                      "Should a jump recur and training not recover, lower the learning rate or "
                                      "clip the gradients",
                                      instead=instead)
    trend = loss_trend(m)
    if trend is not None and m.step >= MIN_STEPS:
        start, end, span = trend
        # from the lower of the first epoch's loss and the initial one: a first epoch at lr 10 ended
        # 3 times above the initial loss, and a loss that stayed there had not become "worse"
        before = (f"{short_loss(m, initial)} at initialisation (the first epoch's {short_loss(m, start)})"
                  if initial is not None and initial < start else short_loss(m, start))
        start = min(start, initial) if initial is not None else start
        if end > start * (1 + WORSE):
            said, instead = _rates_said(m, 1, m.step)
            return problem("learning_rate_too_high", end > 10 * start,
                           f"training made the loss worse: it went from {before} to {short_loss(m, end)} "
                           f"{span}{said}", instead=instead)
    loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    if len(loss) >= 6 and initial and np.isfinite(loss).all() and (loss > 0).all() and not has_dropout(m):
        half = loss[len(loss) // 2 - 1:]
        change = np.diff(half) / half[:-1]
        ups = change > 0
        progress = np.median(half) / initial      # a loss that fell 4-fold has a step size that works
        if ups.mean() >= 1 / 3 and change[ups].mean() >= OSCILLATION and progress >= OSC_PROGRESS:
            said, instead = _rates_said(m, epoch_start(m, m.epoch_logs["epoch"][len(loss) // 2 - 1]), m.step)
            return problem("learning_rate_too_high", change[ups].mean() >= 0.5,
                           f"the epoch loss oscillates: over the last {len(half)} epochs it rose in "
                           f"{ups.sum()} of {len(change)} (by {change[ups].mean():.0%} on average), "
                           f"between {short_loss(m, half.min())} and {short_loss(m, half.max())}, never far "
                           f"below its value at initialisation ({short_loss(m, initial)}){said}", instead=instead)
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
        f"the training loss is {short_loss(m, trend[1])}"
        + (f" ({short_loss(m, initial)} at initialisation)" if initial is not None else "")
        if trend is not None else None,
        metric_in_words(metric) if metric is not None else None)))
    # the gradient was smaller than the weights: clipping it would not have made the step smaller
    return problem("learning_rate_too_high", max(f for _, f in dead) >= SEVERE_FRACTION,
                   # (why no gradient revives them is Dead ReLU units', reported beside it: this stays a paragraph)
                   f"{first_step_in_words(m, step)} switched ReLU units off for good: {dead_in_words(m, dead, step)}"
                   + (f"; since then {since}" if since else ""), without=("clip",))


SEE_RATE = f"see {TITLES['learning_rate_too_high']}"   # where another finding points for the step size


def lower_rate_said(m):
    """Whether the report says "a lower learning rate" where it blames the rate: Learning rate too high
    is reported as a problem, with that remedy or, after a divergence, beside fit's stop reason, which
    says it in the finding's place (``divergence.fit_advised``). Another finding that would advise it
    too (dead ReLU units, no gradient) then leaves it out and points there (``SEE_RATE``), so that the
    report says it once."""
    d = learning_rate_too_high(m)
    return (d is not None and d.severity != "info"
            and ("lr" in fit_advised(m.stop_reason) or any(getattr(r, "key", None) == "lr" for r in d.remedies)))


# the divergences the data caused that ``inputs_out_of_range`` names, each with the remedy it keeps
INPUT_CAUSES = {"inputs": "standardise", "validation_row": "drop_row"}


@once_per_report
def inputs_out_of_range(m):
    keep = INPUT_CAUSES.get(m.divergence_cause) if m.diverged else None
    if keep is None:
        return None
    # fit's stop reason without its advice, which the remedy below gives: the fact, then the remedy
    before = ", before the first update" if m.divergence_cause == "inputs" else ""
    return problem("inputs_out_of_range", True,
                   f"training diverged on the data, not on a step too large: "
                   f"{stop_fact(m.stop_reason, m.divergence_cause)}{before}",
                   without=[key for key in INPUT_CAUSES.values() if key != keep])
