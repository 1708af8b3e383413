"""The diagnosis of overfitting: the validation loss rose again while the training loss went on
falling, read off the epoch logs a ``Monitor`` recorded; ``diagnose.py`` runs it with the others.

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
from .diagnose_curve import GUESSING, initial_loss
from .diagnose_loss import rising_spike
from .diagnose_memorised import memorised
from .diagnose_shares import chance_level
from .monitor_words import held_out_data, held_out_loss, short_loss
from .diagnosis import note, problem
from .remedies import Remedy

OVERFIT_RISE = 0.10         # validation loss above its minimum
OVERFIT_PATIENCE = 3        # epochs after the minimum (at least; a fifth of the run)
RAISED = 2.0                # an epoch loss this x the lowest before it is part of a jump
CHANCE_SIGMAS = 1           # a held-out accuracy's fall beyond this many binomial deviations is no chance
CHANCE_SAMPLES = 3          # nor one of these samples or fewer ("a few": 2 of 100 at 97 % was no fall)
R2_CHANCE = 0.01            # a held-out R² that fell by more than this fell (1 % of the target's variance)
HELD_OUT_METRICS = {"val_accuracy": "accuracy", "val_binary_accuracy": "binary accuracy", "val_r2": "R²"}
AUGMENTATIONS = {"tables": "augment_noise", "images": "augment_images", None: "augment"}  # remedy keys


def _smooth(x, w):
    """Moving average over windows of ``w`` entries (len(x) - w + 1 values)."""
    return np.convolve(x, np.ones(w) / w, mode="valid")


@once_per_report
def overfitting(m):
    n = len(m.epoch_logs["epoch"])
    found, cut = validation_rise(m.epoch_logs, n), None
    if found is None:   # a late jump of the training loss hides what the epochs before it showed
        cut = _before_spike(m)
        found = validation_rise(m.epoch_logs, cut[0]) if cut is not None else None
    if found is None:
        return None
    val_s, train_s, best, w, n = found
    end_val, end_train = float(val_s[-1]), float(train_s[-1])
    chance, initial = chance_level(m), initial_loss(m)
    learnt = GUESSING * chance[0] if chance is not None else initial     # a training loss below it
    if learnt is not None and end_train >= learnt:
        return None   # it learnt nothing to overfit with: a validation loss rising at chance level is noise
    if memorised(m) is not None:
        return None   # it learnt nothing that holds on new data: that report says why, with its own remedies
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
        last += ", the last" if epochs[-1] + 1 == m.epochs_seen else f", the last logged of {m.epochs_seen}"
    evidence = (f"{held_out_loss(m)} rose from {short_loss(m, val_s[best])} ({_epochs_of(epochs, best + w - 1, w)}) to "
                f"{short_loss(m, end_val)} ({last}, +{end_val / val_s[best] - 1:.0%}) while the training loss fell "
                f"from {short_loss(m, train_s[best])} to {short_loss(m, end_train)}")
    if held is not None and not held[0]:   # a rise in confidence (or a few rows' errors), not in mistakes: nothing to fix
        why = "a few rows' errors grew, not most" if m.epoch_logs.get("val_r2") else "confidence changed, not mistakes"
        return note("overfitting", f"{evidence}; but {held[1]}{over}: {why}; nothing to fix unless the score falls")
    suits = AUGMENTATIONS[input_kind(m)]
    stopped, change = _stopped_early(m)
    without = [key for key in AUGMENTATIONS.values() if key != suits] + (["early_stopping"] if change is None else [])
    severe = held is not None or end_val > 2 * val_s[best]
    return problem("overfitting", severe, evidence + (f"; and {held[1]}" if held is not None else "") + over + stopped,
                   without=without, instead={**_stronger(m), **(change or {})})


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
    chance = max(CHANCE_SIGMAS * math.sqrt(best * (1 - best) / samples), CHANCE_SAMPLES / samples)
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
    val, train = logs.get("val_loss", [])[:n], logs.get("loss", [])[:n]
    patience = max(OVERFIT_PATIENCE, len(val) // 5)
    if len(val) < patience + 2 or len(train) != len(val):
        return None
    val, train = np.asarray(val, np.float64), np.asarray(train, np.float64)
    if len(logs.get("penalty", ())) == len(logs["loss"]):  # the data loss, as val_loss: "loss" holds an L1/L2 penalty
        train = train - np.asarray(logs["penalty"][:n], np.float64)
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
