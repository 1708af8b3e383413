"""The diagnosis of overfitting: the validation loss rose again while the training loss went on
falling, or it ends far above the training loss, read off the epoch logs a ``Monitor`` recorded;
``diagnose.py`` runs it with the others.

    the gap               when no rise is a problem, the validation loss at the end (means over the
                          last tenth of the epochs, after >= 20) >= 3 x the training loss and, for a
                          classifier, above it by >= 0.15 x guessing's loss (a ratio of two tiny losses,
                          1e-3 against 1e-5 at 100 % on new points, is no problem), with either the
                          validation loss >= 1.5 x that of answers as sure as they are right (of a
                          classifier right a of the time that says so: -(a ln a + (1 - a) ln((1 - a) /
                          (K - 1))), K classes: the cross-entropy of its new points' answers, were it
                          no surer than its accuracy there) or the validation accuracy below the training accuracy by more than
                          twice chance (below). For a regression, its R² below the training R² by
                          >= 0.1 (under MAE at >= √3 x: 8 noisy sines that 1-64-64-1 tanh overfits,
                          R² 0.2 to 0.96 below training, ended 1.9 to 7.1 x, 6 of them under 3 x).
                          Severe when the task's metric trails beyond chance, else a warning:
                          the accuracies agree, and the gap is of a few new points answered wrong with
                          confidence, which the remedies lower. Measured on ``neuralab train``'s default
                          runs (300 epochs): iris, 1.29 against 0.001, 4.4 x the sure answers' 0.29
                          at 93.3 % (2 of 30 wrong), a warning; moons of 150 points at noise 0.4 on
                          2-32-32-32-1 ReLU, SGD at lr 0.1, 0.155 against 0.0008, 2.2 x, 98.7 %, a
                          warning. Silent: breast_cancer 0.141 against 4e-06 at 96.5 % (0.93 x the sure
                          answers'), digits a gap of 0.12 x guessing's, wine 0.075 x, checkerboard
                          0.45 against 0.21 (2.1 x), circles and gaussians (ratios 9 and 160 of losses
                          near 0, every test point right).

    overfitting           the validation loss ends >= 10 % above its minimum, at least 3 epochs
                          (and a fifth of the run) after it, while the training loss went on
                          falling and is below it (both are moving averages over a tenth of the
                          epochs, so that one lucky epoch is no minimum), and below 0.9 x the loss
                          of guessing by the class shares (``diagnose_chance.py``; else below the
                          initial loss): a network that learnt nothing has nothing to overfit with
                          (dead ReLUs at lr 10, 50 % accuracy, a validation loss wobbling above).
                          When fit logged the task's metric on the validation data (accuracy, or
                          R² for a regression), that decides, as it is what the learner cares about
                          (``held_out_fall``): severe when it fell from its best (moving means over
                          a tenth of the epochs) by more than chance moves it, else a note, without
                          remedies: the loss rose on a few answers grown confidently wrong, or right
                          ones less sure, at the same accuracy. Chance: a binomial standard
                          deviation, sqrt(p (1 - p) / n) for the best accuracy p counted on n
                          validation samples, and never less than 3 samples' worth, 3 / n (n from
                          fit's ``validation_samples``); for R², 0.01, a rise of the
                          validation MSE by 1 % of the target's variance. Wine (45 validation
                          samples) at 97.8 %, 1 wrong, the same 1 as at its lowest validation loss,
                          with the loss 0.037 -> 0.099, and ``neuralab train --dataset digits`` at
                          97.8 % read "severe", and every remedy advised lowered the accuracy. Without
                          a held-out metric, severe when the loss ends above twice its lowest, else a
                          warning. The evidence names the logged epochs each mean is of (after
                          thinning, one in every ``epoch_every``: the last logged is not always the
                          last run).
                          Its data augmentation is the one that suits the inputs (``input_kind``):
                          input noise for a table, shifted/rotated copies for images, as
                          ``neuralab train --augment`` does;
                          both in a few words when the monitor cannot tell. Dropout and a penalty
                          that the run has already are advised as more of them (``_stronger``), not
                          as dropout at p = 0.2 and L2(1e-3), which may be less than it has.
                          Early stopping is advised as the fit's EarlyStopping on the validation data
                          leaves room for (``Monitor.early_stopping``, from fit's callbacks): not at all
                          when it put back the weights of the lowest validation loss (the evidence
                          says so: a run at patience 30 was told "patience 20"), restore_best=True
                          when it stopped without them, a patience below the epochs since its best
                          when it never stopped. When the batch loss jumped (``rising_spike``) and the
                          whole run shows no rise, the epochs before the jump are read: one bad epoch
                          near the end lifts both moving means of the last epochs, and hid a rise the
                          epochs before it showed. Not when ``memorised`` (``diagnose_memorised``)
                          finds that nothing learnt holds on new data at all
"""
import bisect
import math

import numpy as np

from ..nn.dropout import Dropout
from .diagnose_cache import once_per_report
from .diagnose_inputs import input_kind
from .diagnose_chance import GUESS_EPOCHS, validation_metric
from .diagnose_curve import GUESSING, epochs_run, initial_loss, task_metric
from .diagnose_loss import rising_spike
from .diagnose_memorised import memorised
from .diagnose_shares import chance_level
from .monitor_words import held_out_data, held_out_loss, short_loss, short_ratio
from .diagnosis import note, problem, short_number
from .remedies import Remedy

OVERFIT_RISE = 0.10         # validation loss above its minimum
OVERFIT_PATIENCE = 3        # epochs after the minimum (at least; a fifth of the run)
RAISED = 2.0                # an epoch loss this x the lowest before it is part of a jump
CHANCE_SIGMAS = 1           # a held-out accuracy's fall beyond this many binomial deviations is no chance
CHANCE_SAMPLES = 3          # nor one of these samples or fewer ("a few": 2 of 100 at 97 % was no fall)
R2_CHANCE = 0.01            # a held-out R² that fell by more than this fell (1 % of the target's variance)
GAP = 0.15                  # a validation loss above the training loss by this x guessing's loss is a gap that matters
GAP_TIMES = 3.0             # and at least this x the training loss (under MAE its square root, 1.73:
                            # absolute errors of one shape stand as the root of squared ones, RMS to MSE)
R2_GAP = 0.1                # for a regression: the validation R² below the training R² by this
OVERCONFIDENT = 1.5         # a validation loss this x that of answers as sure as they are right is overconfident
WIDE_CHANCES = 2            # or an accuracy below the training accuracy by this x what chance moves it
HELD_OUT_METRICS = {"val_accuracy": "accuracy", "val_binary_accuracy": "binary accuracy", "val_r2": "R²"}
AUGMENTATIONS = {"tables": "augment_noise", "images": "augment_images", None: "augment"}  # remedy keys


def _smooth(x, w):
    """Moving average over windows of ``w`` entries (len(x) - w + 1 values)."""
    return np.convolve(x, np.ones(w) / w, mode="valid")


@once_per_report
def overfitting(m):
    """The rise of the validation loss (``_risen``) when it is a problem, else the gap between the
    validation and training losses at the end of the run (``_gap``), else the rise's note, if any."""
    risen = _risen(m)
    if risen is not None and risen.severity != "info":
        return risen
    return _gap(m) or risen


def _learnt_nothing(m, end_train):
    """Whether the run has nothing to overfit with: a training loss ``end_train`` at 0.9 x guessing's
    or above (else its initial loss), or what it learnt holds on no new data (``memorised``)."""
    chance, initial = chance_level(m), initial_loss(m)
    learnt = GUESSING * chance[0] if chance is not None else initial     # a training loss below it
    # a validation loss rising at chance level is noise; memorised: that report says why, with its own remedies
    return (learnt is not None and end_train >= learnt) or memorised(m) is not None


def _risen(m):
    """The overfitting finding of a validation loss that rose (``validation_rise``), or None."""
    n = len(m.epoch_logs["epoch"])
    found, cut = validation_rise(m.epoch_logs, n), None
    if found is None:   # a late jump of the training loss hides what the epochs before it showed
        cut = _before_spike(m)
        found = validation_rise(m.epoch_logs, cut[0]) if cut is not None else None
    if found is None:
        return None
    val_s, train_s, best, w, n = found
    end_val, end_train = float(val_s[-1]), float(train_s[-1])
    if _learnt_nothing(m, end_train):
        return None
    # after thinning the logs keep every epoch_every-th epoch: a mean over w of them spans more, and
    # the last kept is not the last run (the fit's own count, epochs_seen, is: 1,000, not 999)
    epochs, every = m.epoch_logs["epoch"], m.epoch_every
    held = held_out_fall(m, w, n)
    # said once, after all the numbers it is of: the losses', and the held-out score's after them
    over = f"means over {w} epochs{f', one in every {every} of {w * every}' if every > 1 else ''}"
    over = "" if w == 1 else f" ({over})" if held is None else f", all {over}"
    last = _epochs_of(epochs, n - 1, w)
    if cut is not None:
        last += f", before the training loss jumped around step {cut[1]}"
    else:
        last += _the_last(m)
    evidence = (f"{held_out_loss(m)} rose from {short_loss(m, val_s[best])} ({_epochs_of(epochs, best + w - 1, w)}) to "
                f"{short_loss(m, end_val)} ({last}, +{end_val / val_s[best] - 1:.0%}) while the training loss fell "
                f"from {short_loss(m, train_s[best])} to {short_loss(m, end_train)}")
    if held is not None and not held[0]:   # a rise in confidence (or a few rows' errors), not in mistakes: nothing to fix
        why = "a few rows' errors grew, not most" if m.epoch_logs.get("val_r2") else "confidence changed, not mistakes"
        return note("overfitting", f"{evidence}; but {held[1]}{over}: {why}; nothing to fix unless the score falls")
    severe = held is not None or end_val > 2 * val_s[best]
    return _remedied(m, severe, evidence + (f"; and {held[1]}" if held is not None else "") + over)


def _remedied(m, severe, evidence):
    """The overfitting problem of ``evidence``, its remedies for the run: the data augmentation that
    suits its inputs, more of the dropout and penalty it has (``_stronger``), and early stopping as its
    own EarlyStopping leaves room for (``_stopped_early``, whose words end the evidence)."""
    suits = AUGMENTATIONS[input_kind(m)]
    stopped, change = _stopped_early(m)
    without = [key for key in AUGMENTATIONS.values() if key != suits] + (["early_stopping"] if change is None else [])
    return problem("overfitting", severe, evidence + stopped, without=without,
                   instead={**_stronger(m), **(change or {})})


def _gap(m):
    """The overfitting finding of a validation loss far above the training loss at the end of the run,
    whether or not it rose (see the module docstring), or None."""
    logs = m.epoch_logs
    val, train = _data_losses(logs, len(logs.get("val_loss", ())))
    if val is None or m.diverged or epochs_run(m) < GUESS_EPOCHS:
        return None     # too early: the test loss of a few epochs' weights says little
    w = max(1, len(val) // 10)                    # as the rise's: means over the last tenth of the epochs
    end_train, end_val = float(train[-w:].mean()), float(val[-w:].mean())
    times = math.sqrt(GAP_TIMES) if m.loss_name == "mae" else GAP_TIMES
    if not (np.isfinite(end_train) and np.isfinite(end_val)) or end_val < times * end_train:
        return None
    r2 = [np.asarray(logs.get(k) or [np.nan], np.float64)[-w:].mean() for k in ("r2", "val_r2")]
    chance, sure = chance_level(m), ""
    if np.isfinite(r2).all():                     # a regression: the gap in R², a share of the target's variance
        apart, metric = r2[0] - r2[1], f"its R² on {held_out_data(m)} is {r2[1]:.3f} against {r2[0]:.3f} in training"
        wide = severe = apart >= R2_GAP
    elif chance is not None and chance[0] > 0:    # a classifier: the gap in shares of guessing's loss
        apart, metric, held = _accuracy_gap(m, w)
        if apart is None:
            return None     # no accuracy logged: nothing tells a gap of mistakes from one of confidence alone
        honest = _honest_loss(m, held)
        over = bool(honest) and end_val >= OVERCONFIDENT * honest    # (every one right: none too sure)
        if over:
            sure = f", {end_val / honest:.2g} times the {short_number(honest)} of answers as sure as they are right"
        wide, severe = end_val - end_train >= GAP * chance[0] and (over or apart > WIDE_CHANCES), apart > 1
    else:
        return None     # no scale that tells a gap that matters from a ratio of two tiny losses
    if not wide or _learnt_nothing(m, end_train):
        return None
    epochs = _epochs_of(logs["epoch"], len(val) - 1, w) + _the_last(m)
    # within chance, the accuracies agree: the gap is of the few new points it answers wrong, with confidence
    why = "not the pattern" if severe else "and is confidently wrong on a few new points"
    return _remedied(m, severe, f"{held_out_loss(m)} is {short_ratio(end_val / end_train)} times the training loss: "
                                f"{short_loss(m, end_val)} against {short_loss(m, end_train)} ({epochs}){sure}; "
                                f"{metric}: the network fits its training data's noise, {why}")


def _accuracy_gap(m, w):
    """(apart, words, held): how far the accuracy on the validation data is below the training accuracy,
    as means over the last ``w`` logged epochs, in what chance moves it (``_chance``; 1: as far as
    chance), that in words, and the validation accuracy; (None, "", None) when fit logged none."""
    metric, held = task_metric(m, last=w), validation_metric(m, w)
    if metric is None or held is None or metric[0] == "R²":
        return None, "", None
    gap, samples = metric[1] - held, (m.params or {}).get("validation_samples")
    said = f"its {metric[0]} on {held_out_data(m)} is {held:.1%} against {metric[1]:.1%} in training"
    if not samples:   # a loop of one's own that gives no count to judge by: any gap counts
        return (math.inf if gap > 0 else 0.0), said, held
    chance = _chance(held, samples)
    apart = gap / chance - 1e-9     # (- rounding)
    return apart, (f"{said}, {_samples_apart(gap * samples, samples)} apart, "
                   f"{'beyond' if apart > 1 else 'within'} chance ({chance * samples:.1f})"), held


def _honest_loss(m, accuracy):
    """The cross-entropy of a classifier as sure as it is right: one that gives its answer the probability
    ``accuracy``, a, and shares the rest equally among the other K - 1 classes,
    -(a ln a + (1 - a) ln((1 - a) / (K - 1))); None for a loss that is no cross-entropy (MSE) or
    labels of several outputs at once (each its own yes/no: no single accuracy to be sure by)."""
    classes = m.classes or {}
    shares = classes.get("shares") or ()
    if m.loss_name == "mse" or (classes.get("binary") and len(shares) > 1):
        return None
    k = 2 if classes.get("binary") else len(shares)
    a = min(max(accuracy, 1e-12), 1.0)
    return float(-(a * math.log(a) + ((1 - a) * math.log((1 - a) / (k - 1)) if a < 1 else 0.0)))


def _data_losses(logs, n):
    """(val, train): the validation loss and the data loss of training (without an L1/L2 penalty, as
    val_loss has none) of the first ``n`` epochs of ``logs``, as arrays; (None, None) without them."""
    val, train = logs.get("val_loss", [])[:n], logs.get("loss", [])[:n]
    if not val or len(train) != len(val):
        return None, None
    val, train = np.asarray(val, np.float64), np.asarray(train, np.float64)
    if len(logs.get("penalty", ())) == len(logs["loss"]):  # "loss" holds an L1/L2 penalty
        train = train - np.asarray(logs["penalty"][:n], np.float64)
    return val, train


def _chance(p, samples):
    """How far chance moves an accuracy ``p`` counted on ``samples`` samples: a binomial standard
    deviation, sqrt(p (1 - p) / n), and never less than 3 samples' worth."""
    return max(CHANCE_SIGMAS * math.sqrt(p * (1 - p) / samples), CHANCE_SAMPLES / samples)


def _the_last(m):
    """", the last" after the epochs of the last mean, or ", the last logged of 1,000" after thinning."""
    return ", the last" if m.epoch_logs["epoch"][-1] + 1 == m.epochs_seen else f", the last logged of {m.epochs_seen}"


def held_out_fall(m, w, n):
    """(fell, words): whether the task's metric on the validation data (accuracy, or R² for a regression),
    as moving means over ``w`` of the first ``n`` logged epochs, fell from its best to its end by more than
    chance moves it (see the module docstring), and that in words; None when fit logged none. For an
    accuracy p counted on n samples, chance moves it by a binomial standard deviation, sqrt(p (1 - p) / n)."""
    key = next((k for k in HELD_OUT_METRICS if m.epoch_logs.get(k)), None)
    values = np.asarray(m.epoch_logs.get(key) or [], np.float64)[:n]
    if key is None or len(values) < w or not np.isfinite(values).all():
        return None
    name, smooth = HELD_OUT_METRICS[key], _smooth(values, w)
    best, end = float(smooth.max()), float(smooth[-1])
    fall, where = best - end, held_out_data(m)     # (means over the same epochs as the losses')
    if name == "R²":
        fell = fall > R2_CHANCE
        return fell, (f"its R² on {where} {'fell' if fell else 'held'}: {end:.3f} against {best:.3f} at best, "
                      f"{'beyond' if fell else 'within'} chance "
                      f"({R2_CHANCE:g}: the MSE up by 1 % of the target's variance)")
    samples = (m.params or {}).get("validation_samples")
    if not samples:   # a loop of one's own that gives no count to judge by: any fall counts
        return fall > 0, f"its {name} on {where} is {end:.1%}, against {best:.1%} at best"
    chance = _chance(best, samples)
    fell = fall > chance + 1e-9     # (+ rounding)
    # a mean over w epochs can lie between two counts of n samples (96.5 % of 75): said as one; the
    # evidence says once that its numbers are means over w epochs, the losses' and these
    apart = f"{_samples_apart(fall * samples, samples)} {'more wrong' if fell else 'apart'}"
    return fell, (f"its {name} on {where} {'fell' if fell else 'held'}: {end:.1%} against {best:.1%} at best, "
                  f"{apart}, {'beyond' if fell else 'within'} chance ({chance * samples:.1f})")


def _samples_apart(k, samples):
    """``k`` samples' worth (a fall of the accuracy times the ``samples`` counted), in words that read:
    "3 of its 45 samples", "about 2 of its 75 samples" (means of epochs fall between counts), "under
    one of its 75 samples" ("about 0 of its 75 samples apart" read oddly), "none of its 75 samples"."""
    whole = round(k)
    if abs(k - whole) < 0.05:
        return f"none of its {samples} samples" if whole == 0 else f"{whole} of its {samples} samples"
    if k < 1:
        return f"under one of its {samples} samples"
    return f"about {whole} of its {samples} samples"


def validation_rise(logs, n):
    """(val_s, train_s, best, w, n): the validation and training losses of the first ``n`` epochs
    of ``logs`` (a Monitor's ``epoch_logs``, or a History's ``history``: lists by name), smoothed over
    w of them, and the index of the lowest smoothed validation loss, when they show the rise the
    module docstring describes; else None. ``neuralab train`` judges its test loss by it too."""
    val, train = _data_losses(logs, n)
    if val is None:
        return None
    patience = max(OVERFIT_PATIENCE, len(val) // 5)
    if len(val) < patience + 2:
        return None
    if not (np.isfinite(val).all() and np.isfinite(train).all()):
        return None
    w = max(1, len(val) // 10)                       # smoothed, so that one lucky epoch is no minimum
    val_s, train_s = _smooth(val, w), _smooth(train, w)
    best = int(np.argmin(val_s))
    end_val, end_train = float(val_s[-1]), float(train_s[-1])
    if (len(val_s) - 1 - best < patience or end_val < val_s[best] * (1 + OVERFIT_RISE) + 1e-12
            or end_train >= train_s[best] or end_val <= end_train):
        return None
    return val_s, train_s, best, w, len(val)


def _before_spike(m):
    """(n, step): the logged epochs that ended before the batch loss jumped (``rising_spike``: > 10 x
    its level before) and the step where it did, or None without such a jump. One bad epoch near the
    end lifts both moving means of the last epochs, and hid a rise of the validation loss that the
    epochs before it showed (it read "learning rate too high" alone)."""
    spike, steps = rising_spike(m), (m.params or {}).get("steps")
    if spike is None or not steps:
        return None
    n = bisect.bisect_left(m.epoch_logs["epoch"], (spike[2] - 1) // steps)   # the epochs before the jump's
    loss = m.epoch_logs.get("loss", [])[:n]
    # the jump's largest step may come after its first: back to the first epoch of the rise, the first
    # whose loss is more than twice the lowest before it
    while n > 1 and loss[n - 1] > RAISED * min(loss[:n - 1]):
        n -= 1
    return n, spike[2]


def _epochs_of(epochs, i, w):
    """The logged epochs a moving mean over ``w`` entries ending at entry ``i`` is of, 1-based: "epoch 15",
    or "epochs 12 to 15"."""
    first, last = epochs[i - w + 1] + 1, epochs[i] + 1
    return f"epoch {last}" if w == 1 else f"epochs {first} to {last}"


def _stopped_early(m):
    """(words, change) for a run whose fit had an EarlyStopping on the validation data
    (``Monitor.early_stopping``): the words say what it did, and ``change`` is {"early_stopping": the
    change to it that would have helped}, or None when none would (it put back the weights of the
    lowest validation loss: the remedy is in place); ("", {}) without one, the remedy as it is."""
    stop = m.early_stopping
    if stop is None or not stop["monitor"].startswith("val_") or stop["best_epoch"] is None:
        return "", {}
    key, best, patience = stop["monitor"], stop["best_epoch"] + 1, stop["patience"]
    did = (f"EarlyStopping(patience={patience}) on {key} "
           + (f"stopped the run at epoch {stop['stopped_epoch'] + 1}" if stop["stopped_epoch"] is not None
              else f"did not stop the run, {m.epochs_seen - best} epochs after its lowest {key}"))
    if stop["restore_best"]:
        return (f". This run stops early already: {did}, and put back the weights of epoch {best}, those of its "
                f"lowest {key}; the remedies below lower that lowest loss itself"), None
    if stop["stopped_epoch"] is not None:   # with the weights of its last epoch
        return (f". {did}, with the weights of that epoch, not those of epoch {best}, its lowest {key}"), {
            "early_stopping": Remedy(f"EarlyStopping(patience={patience}, restore_best=True), which puts back "
                                     f"the weights of the lowest {key}")}
    # a key, so that each face says how: neuralab train's --early-stopping has a patience, no restore_best
    return f". {did}", {"early_stopping": Remedy(
        f"early stopping with a patience below {m.epochs_seen - best} epochs (this run's is {patience}), putting "
        f"back the weights of the lowest {key}", "patience")}


def _stronger(m):
    """{remedy key: the remedy in its place} for the overfitting remedies the run has already: its
    Dropout layers (the largest p), and its penalty on the weights, an L1/L2 penalty in fit (a
    "penalty" above 0 in its logs) or the optimizer's weight_decay (AdamW's 0.01 by default)."""
    model = getattr(m, "model", None)
    p = max((layer.p for layer in model.walk() if isinstance(layer, Dropout)), default=0) if model else 0
    stronger = {}
    if p > 0:
        stronger["dropout"] = Remedy(f"more dropout than this network's (p = {p:.3g} at most)", "more_dropout")
    decay = getattr((m.params or {}).get("optimizer"), "weight_decay", 0)
    if any(value > 0 for value in m.epoch_logs.get("penalty", ())):  # (NaN > 0 is False)
        stronger["l2"] = Remedy("a stronger penalty on the weights than this run's L1/L2", "stronger_penalty")
    elif decay > 0:
        stronger["l2"] = Remedy(f"a stronger penalty on the weights than this run's weight_decay={decay:.3g}",
                                "stronger_penalty")
    return stronger
