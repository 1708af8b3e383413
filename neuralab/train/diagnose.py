"""Diagnoses: what a ``Monitor`` recorded, turned into plain-language problems with remedies.

Each rule below reads the records and returns a ``Diagnosis`` naming its evidence (the
numbers it saw) and the course's remedies, or nothing. ``diagnose(monitor)`` runs them all;
a healthy run gives an empty ``Report``, whose text says "no problems found". The words
(titles, remedies and how each face applies them) are in ``remedies.py``.

    step_units            a hidden activation layer is a step function (named "<i>:Step"): its
                          derivative is 0, so no gradient reaches the weight layers before it,
                          whatever the data or the learning rate. Severe; vanishing gradients and a
                          learning rate too low are then not reported (this is why nothing moves)
    vanishing_gradients   median over the records of ‖dL/dW‖ first layer / ‖dL/dW‖ last layer
                          < 1e-2 (severe below 1e-4): the early layers barely learn
    exploding_gradients   that ratio > 1e2, or the total gradient norm grew more than 100-fold
                          from the first quarter of the records to the last
    dead_relus            in the last record, a ReLU layer has >= 50 % dead units (severe >= 90 %),
                          judged on a probe of at least 10 samples
    saturated_units       in the last record, >= 50 % of a hidden sigmoid/tanh layer's outputs are
                          in the flat tails (severe >= 90 %); the output layer may saturate, so it
                          is not judged
    exploding_activations at the first record (step 1: the initial weights, one step on), the scale
                          of the hidden activations, sqrt(mean² + std²) on the probe, grows >= 10-fold
                          from the first hidden activation layer to the last (severe when >= 100-fold,
                          or still >= 10-fold at the last record): the weights are too large for the
                          depth, and each layer multiplies the scale again. He/Xavier networks stay
                          below 7 at initialisation (widths 4 to 64, depths up to 10, 40 seeds each),
                          but a network that learns may raise the ratio above 10 (inputs scaled by
                          0.01, long training), which is why only the start is judged. Not reported
                          when the learning rate is too high and made the first step large: it
                          changed the weights by >= 30 % (median update ratio over the layers) with
                          a gradient smaller than the weights (median ‖dL/dW‖ / ‖W‖ < 1), so step 1
                          no longer shows the initial weights (a too-large initialisation gives
                          gradients 100 to 10^4 times the weights there, or none at all)
    no_gradient           after >= 20 steps and in >= 90 % of at least 3 records, the weight
                          gradients are 0 or negligible: ‖dL/dW‖·‖W‖ < 1e-6 x the loss (total norms;
                          to first order, no change of the weights as large as the weights could
                          move the loss by a millionth), while the loss did not fall to half its
                          initial value (a converged loss near 0 is no frozen one). Severe. Its
                          evidence names the causes the records show: an output sigmoid/tanh pinned
                          in its flat tails (BCE on a sigmoid at exactly 0 or 1 has a zero gradient),
                          dead units, exploding activations, a learning rate too high. Not reported
                          when severe dead ReLUs or saturated hidden units already explain it
    overfitting           the validation loss ends >= 10 % above its minimum, at least 3 epochs
                          (and a fifth of the run) after it, while the training loss went on
                          falling and is below it (both are moving averages over a tenth of the
                          epochs, so that one lucky epoch is no minimum)
    learning_rate_too_high  training diverged (NaN/inf); or the batch loss spiked: a median of w
                          consecutive entries > 10 x the median of all the entries before (w >= 3,
                          and both cover >= 32 samples); or the loss went up >= 25 % from start to end;
                          or the epoch loss oscillates: in the second half of the run it rises in
                          >= 1/3 of the epochs, by on average >= 25 % of its level, while staying
                          above a quarter of the initial loss (the wobbles of a loss that fell
                          4-fold are noise around a minimum, not a step size that fails)
    learning_rate_too_low after >= 20 steps, the loss fell steadily (in >= 2/3 of the epochs) but by
                          less than 1 % from start to end, and is still above half the initial
                          loss (not reported when severe vanishing gradients, dead or saturated
                          units, or no gradient already explain why it cannot move, nor when the
                          target is far from unit scale: the loss then measures the target's scale).
                          The remedy "Adam" is left out when the optimizer already adapts its step
                          size per parameter: Adam, AdamW and RMSProp divide it by a running RMS of
                          the gradient
    unscaled_target       the loss is MSE and the targets (those the monitor read in the last fit's
                          first epoch) have a root mean square sqrt(mean² + std²), over all their
                          entries, above 10 (severe above 100): a network starts with outputs of
                          order 1, and its output must travel that far before the loss says anything
                          about what it learnt (Adam moves each weight by about lr per step; SGD's
                          gradients grow with the target and overshoot). Reported when the run
                          diverged, or the loss is still >= half the targets' variance, the loss of
                          predicting their mean everywhere (a training R² <= 0.5). Small targets are
                          not judged: one-hot rows of many classes are small too, and a small target
                          gives a small loss, not a stuck one. ``neuralab train`` standardises a
                          regression target itself, so its monitor sees one of unit scale

"Start" and "end" of the loss are the first and last epoch losses after at least 2 epochs,
else the medians of the first and last fifth of the batch-loss series (when it has at least
50 entries; shorter runs get no verdict on the trend of their loss). The initial loss is the
median of the first batch losses covering at least 32 samples: the loss before training had
much effect (noisier, so it is only compared with generous factors).
"""
import bisect

import numpy as np

from ..optim import Adam, RMSProp
from .remedies import REMEDIES, Diagnosis, Report

VANISHING_RATIO = 1e-2      # first-layer / last-layer gradient norm
EXPLODING_RATIO = 1e2
GROWTH = 1e2                # total gradient norm, last quarter of the records / first quarter
DEAD = 0.5                  # fraction of dead units in a ReLU layer
SATURATED = 0.5             # fraction of saturated outputs in a hidden sigmoid/tanh layer
SEVERE_FRACTION = 0.9
MIN_PROBE = 10              # probe samples needed to call a unit dead
OVERFIT_RISE = 0.10         # validation loss above its minimum
OVERFIT_PATIENCE = 3        # epochs after the minimum (at least; a fifth of the run)
SPIKE = 10.0                # batch loss / its typical value before
WORSE = 0.25                # final loss above the initial loss
OSCILLATION = 0.25          # mean relative rise of the epoch loss when it rises
OSC_PROGRESS = 0.25         # oscillation counts while the loss stays above this x the initial loss
TOO_LOW_DROP = 0.01         # relative fall of the loss, first epoch to last
LEARNT = 0.5                # below this x the initial loss, a run has learnt something
MIN_STEPS = 20
MIN_SERIES = 50             # batch-loss entries needed to judge a 1-epoch run's trend
INITIAL_SAMPLES = 32        # samples whose median batch loss is the initial loss
ACT_GROWTH = 10.0           # activation scale, last hidden layer / first hidden layer, at step 1
FIRST_STEP = 0.3            # update ratio of the first step beyond which step 1 is no longer the start
FROZEN = 1e-6               # ‖dL/dW‖·‖W‖ / loss: below it, the gradient is negligible
FROZEN_SHARE = 0.9          # share of the records whose gradient is negligible
MIN_RECORDS = 3             # records needed to call a run frozen
TARGET_RMS = 10.0           # root mean square of the MSE targets beyond which they are far from unit scale
ADAPTIVE = (Adam, RMSProp)  # optimizers that adapt the step size per parameter (AdamW is an Adam)


def _diag(name, severe, evidence, without=()):
    """The diagnosis ``name``, with its remedies except those whose key is in ``without``."""
    remedies = [r for r in REMEDIES[name] if r.key not in without]
    return Diagnosis(name, "severe" if severe else "warning", evidence, remedies)


def _g(x):
    return f"{x:.3g}"


def _grad_series(m):
    """(names, array (records, layers)) of the weight layers' gradient norms."""
    names = list(m.weights)
    if not names or not m.steps:
        return names, np.zeros((0, len(names)))
    return names, np.array([m.weights[n]["grad_norm"] for n in names], dtype=np.float64).T


def _depth_ratio(m):
    """Median over the records of ‖dL/dW‖ of the first layer / of the last one."""
    names, g = _grad_series(m)
    if len(names) < 2 or not len(g):
        return None
    ok = (g[:, -1] > 0) & np.isfinite(g[:, 0]) & np.isfinite(g[:, -1])
    if not ok.any():
        return None
    ratio = float(np.median(g[ok, 0] / g[ok, -1]))
    first, last = float(np.median(g[ok, 0])), float(np.median(g[ok, -1]))
    return ratio, names[0], names[-1], first, last, int(ok.sum())


def _position(name):
    """The layer's index in the model, from the monitor's name for it ("3:Step" -> 3)."""
    return int(name.split(":", 1)[0])


def step_units(m):
    steps = [n for n in m.activations if n in m.hidden and n.endswith(":Step")]
    names, g = _grad_series(m)
    before = [i for i, n in enumerate(names) if steps and _position(n) < _position(steps[-1])]
    if not before:  # no step, or only on the inputs, with nothing before it to train
        return None
    largest = f"; the largest gradient norm recorded for them is {_g(g[:, before].max())}" if len(g) else ""
    return _diag("step_units", True,
                 f"the hidden activation layer{'s' if len(steps) > 1 else ''} {', '.join(steps)} "
                 f"{'are step functions' if len(steps) > 1 else 'is a step function'}, whose derivative is 0: "
                 f"no gradient reaches {', '.join(names[i] for i in before)}, so they never learn{largest}")


def vanishing_gradients(m):
    found = _depth_ratio(m)
    if found is None or found[0] >= VANISHING_RATIO or step_units(m) is not None:
        return None  # a step's derivative is 0: its own report says so
    ratio, first, last, g_first, g_last, n = found
    times = f"{1 / ratio:.3g} times smaller" if ratio > 0 else "zero"
    return _diag("vanishing_gradients", ratio < VANISHING_RATIO ** 2,
                 f"the gradient norm of the first layer ({first}) is {_g(g_first)}, of the last "
                 f"({last}) {_g(g_last)}: {times} (median over {n} records)")


def exploding_gradients(m):
    found = _depth_ratio(m)
    if found is not None and found[0] > EXPLODING_RATIO:
        ratio, first, last, g_first, g_last, n = found
        return _diag("exploding_gradients", ratio > EXPLODING_RATIO ** 2,
                     f"the gradient norm of the first layer ({first}) is {_g(g_first)}, of the last "
                     f"({last}) {_g(g_last)}: {ratio:.3g} times larger (median over {n} records)")
    _, g = _grad_series(m)
    if len(g) < 4:
        return None
    total = np.sqrt((g ** 2).sum(axis=1))
    quarter = len(total) // 4
    start, end = float(np.median(total[:quarter])), float(np.median(total[-quarter:]))
    if start > 0 and end > GROWTH * start:
        return _diag("exploding_gradients", end > GROWTH ** 2 * start,
                     f"the total gradient norm grew from {_g(start)} (steps {m.steps[0]}-"
                     f"{m.steps[quarter - 1]}) to {_g(end)} (steps {m.steps[-quarter]}-{m.steps[-1]}), "
                     f"{end / start:.3g} times")
    return None


def dead_relus(m):
    worst = max(((s["dead"][-1], n) for n, s in m.activations.items() if s.get("dead")), default=None)
    if worst is None or worst[0] < DEAD or _probe_rows(m) < MIN_PROBE:
        return None
    layers = [f"{n} {s['dead'][-1]:.0%}" for n, s in m.activations.items()
              if s.get("dead") and s["dead"][-1] >= DEAD]
    return _diag("dead_relus", worst[0] >= SEVERE_FRACTION,
                 f"units that output 0 for every one of the {_probe_rows(m)} probe samples at step "
                 f"{m.steps[-1]}: " + ", ".join(layers))


def saturated_units(m):
    layers = [(s["saturated"][-1], n) for n, s in m.activations.items()
              if s.get("saturated") and n in m.hidden]
    bad = [(f, n) for f, n in layers if f >= SATURATED]
    if not bad:
        return None
    text = ", ".join(f"{n} {f:.0%} (mean {m.activations[n]['mean'][-1]:.2f}, std "
                     f"{m.activations[n]['std'][-1]:.2f})" for f, n in bad)
    return _diag("saturated_units", max(bad)[0] >= SEVERE_FRACTION,
                 f"share of hidden outputs in the flat tails of sigmoid/tanh (|tanh| > 0.99, sigmoid "
                 f"< 0.01 or > 0.99) at step {m.steps[-1]}: {text}")


def _activation_growth(m, i):
    """(ratio, first, last, scale_first, scale_last, layers) at record ``i``: the scale
    sqrt(mean² + std²) of the last hidden activation layer over that of the first, ``layers``
    hidden activation layers apart; None when there are fewer than two of them or the first
    one's scale is 0 or not finite."""
    names = [n for n in m.activations if n in m.hidden and m.activations[n]["mean"]]
    if len(names) < 2:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        first, last = (float(np.hypot(m.activations[n]["mean"][i], m.activations[n]["std"][i]))
                       for n in (names[0], names[-1]))
    if not (np.isfinite(first) and np.isfinite(last) and first > 0):
        return None
    return last / first, names[0], names[-1], first, last, len(names) - 1


def _lr_made_the_first_step(m):
    """Whether the first step changed the weights by >= 30 % (median update ratio over the weight
    layers) with a gradient smaller than the weights (median ‖dL/dW‖ / ‖W‖ < 1): a large step
    made by a large learning rate, not by a large gradient."""
    first = [(w["update_ratio"][0], w["grad_norm"][0] / w["weight_norm"][0])
             for w in m.weights.values() if w["update_ratio"] and w["weight_norm"][0] > 0]
    if not first:
        return False
    update, gradient = np.median(first, axis=0)
    return bool(update >= FIRST_STEP and gradient < 1)


def exploding_activations(m):
    start = _activation_growth(m, 0)
    if start is None or start[0] < ACT_GROWTH:
        return None
    if _lr_made_the_first_step(m) and learning_rate_too_high(m) is not None:
        return None   # the first record shows weights that one step of a large lr has already changed
    ratio, first, last, s_first, s_last, layers = start
    end = _activation_growth(m, -1) if len(m.steps) > 1 else None
    still = end is not None and end[0] >= ACT_GROWTH
    later = "" if end is None else (f"; at step {m.steps[-1]} it is {end[0]:.3g}-fold"
                                    + (", training has not undone it" if still else ""))
    return _diag("exploding_activations", ratio >= ACT_GROWTH ** 2 or still,
                 f"at step {m.steps[0]} the scale of the hidden activations (sqrt(mean² + std²) on "
                 f"the probe) grows {ratio:.3g}-fold from {first} ({_g(s_first)}) to {last} "
                 f"({_g(s_last)}): {ratio ** (1 / layers):.3g} times per layer on average over the "
                 f"{layers} layers after the first{later}")


def no_gradient(m):
    names, g = _grad_series(m)
    if len(g) < MIN_RECORDS or m.step < MIN_STEPS or m.diverged or not m.loss["loss"]:
        return None
    w = np.array([m.weights[n]["weight_norm"] for n in names], dtype=np.float64).T
    loss = np.interp(m.steps, m.loss["step"], m.loss["loss"])     # the loss around each record
    with np.errstate(over="ignore", invalid="ignore"):
        g_total, w_total = np.sqrt((g ** 2).sum(axis=1)), np.sqrt((w ** 2).sum(axis=1))
        frozen = g_total * w_total <= FROZEN * loss
    initial = _initial_loss(m)
    trend = _loss_trend(m)
    end = trend[1] if trend is not None else float(m.loss["loss"][-1])
    if (frozen.mean() < FROZEN_SHARE or initial is None or not np.isfinite(end) or end <= 0
            or end < LEARNT * initial):
        return None       # gradients flow, or the loss fell (a converged loss has tiny gradients)
    if any(d is not None and d.severity == "severe" for d in (dead_relus(m), saturated_units(m))):
        return None       # the other report says why no gradient flows
    small = frozen & (g_total > 0)                 # frozen but not 0: the loss there is > 0
    if not small.any():
        how = "was exactly 0"
    else:
        worst = np.max(g_total[small] * w_total[small] / loss[small])
        how = f"was negligible (‖dL/dW‖·‖W‖ at most {_g(worst)} x the loss)"
    return _diag("no_gradient", True,
                 f"in {frozen.sum()} of the {len(frozen)} records (steps {m.steps[0]} to {m.steps[-1]}) "
                 f"the gradient of every weight layer {how}, and the loss did not fall ({_g(initial)} "
                 f"at initialisation, {_g(end)} at the end): nothing learns. Why: {_why_frozen(m)}")


def _why_frozen(m):
    """What the records show of why no gradient flows, in words."""
    causes = []
    outputs = [n for n in m.activations if n not in m.hidden and m.activations[n].get("saturated")]
    if outputs and m.activations[outputs[-1]]["saturated"][-1] >= SATURATED:
        s = m.activations[outputs[-1]]
        causes.append(f"the output {outputs[-1]} is pinned in its flat tails for {s['saturated'][-1]:.0%} "
                      f"of the probe (mean {s['mean'][-1]:.2f}), where its slope is 0")
    dead = [f"{n} {s['dead'][-1]:.0%}" for n, s in m.activations.items()
            if s.get("dead") and s["dead"][-1] >= DEAD]
    if dead:
        causes.append("dead ReLU units (" + ", ".join(dead) + ")")
    if exploding_activations(m) is not None:
        growth = _activation_growth(m, 0)
        causes.append(f"the hidden activations grow {growth[0]:.3g}-fold from {growth[1]} to {growth[2]} "
                      f"(see Exploding activations)")
    if learning_rate_too_high(m) is not None:
        causes.append("a step too large for the network (see Learning rate too high)")
    return ("; ".join(causes) if causes else
            "a saturated output (a sigmoid pinned at 0 or 1) or dead units pass no gradient back")


def _smooth(x, w):
    """Moving average over windows of ``w`` entries (len(x) - w + 1 values)."""
    return np.convolve(x, np.ones(w) / w, mode="valid")


def overfitting(m):
    logs = m.epoch_logs
    val, train, epochs = logs.get("val_loss", []), logs.get("loss", []), logs["epoch"]
    patience = max(OVERFIT_PATIENCE, len(val) // 5)
    if len(val) < patience + 2 or len(train) != len(val):
        return None
    val, train = np.asarray(val, np.float64), np.asarray(train, np.float64)
    if not (np.isfinite(val).all() and np.isfinite(train).all()):
        return None
    w = max(1, len(val) // 10)                       # smoothed, so that one lucky epoch is no minimum
    val_s, train_s = _smooth(val, w), _smooth(train, w)
    best = int(np.argmin(val_s))
    end_val, end_train = float(val_s[-1]), float(train_s[-1])
    if (len(val_s) - 1 - best < patience or end_val < val_s[best] * (1 + OVERFIT_RISE) + 1e-12
            or end_train >= train_s[best] or end_val <= end_train):
        return None
    over = f" (means over {w} epochs)" if w > 1 else ""
    return _diag("overfitting", end_val > 2 * val_s[best],
                 f"validation loss rose from {_g(val_s[best])} (epoch {epochs[best + w - 1] + 1}) to "
                 f"{_g(end_val)} (epoch {epochs[-1] + 1}, +{end_val / val_s[best] - 1:.0%}) while the "
                 f"training loss fell from {_g(train_s[best])} to {_g(end_train)}{over}")


def _batch_size(m):
    return max(1, int((m.params or {}).get("batch_size") or INITIAL_SAMPLES))


def _samples_per_entry(m):
    return _batch_size(m) * m.loss_every


def _initial_loss(m):
    """The loss at initialisation: the median of the first batch losses that cover at least
    32 samples (one batch of 32, or 32 batches of 1)."""
    first = m.first_losses[:-(-INITIAL_SAMPLES // _batch_size(m))]
    return float(np.median(first)) if first else None


def _loss_trend(m):
    """(start, end, span): the first and last epoch losses after at least 2 epochs, else the
    medians of the first and last fifth of the batch-loss series (when it has >= 50 entries);
    None when the run is too short to say."""
    epoch_loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    if len(epoch_loss) >= 2:
        return float(epoch_loss[0]), float(epoch_loss[-1]), f"over {len(epoch_loss)} epochs"
    values = np.asarray(m.loss["loss"], np.float64)
    if len(values) < MIN_SERIES:  # a few noisy batch losses say nothing about a trend
        return None
    part = len(values) // 5
    return float(np.median(values[:part])), float(np.median(values[-part:])), f"over {m.step} steps"


def _spike(m):
    """(peak, before, step) of the largest jump of the batch loss: the median of w consecutive
    entries against the median of all the entries before them, where w >= 3 entries and both
    cover at least 32 samples (so that a few hard batches are no spike)."""
    values = np.asarray(m.loss["loss"], np.float64)
    k = -(-INITIAL_SAMPLES // _samples_per_entry(m))       # entries that cover 32 samples
    w = max(3, k)
    if len(values) < k + w or not np.isfinite(values).all():
        return None
    local = np.median(np.lib.stride_tricks.sliding_window_view(values, w), axis=1)
    starts = np.arange(k, len(local))
    before = _prefix_medians(values, starts)
    ratio = local[starts] / np.maximum(before, 1e-300)
    j = int(np.argmax(ratio))
    return float(local[starts[j]]), float(before[j]), m.loss["step"][starts[j]]


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


def learning_rate_too_high(m):
    lr = f" (lr {m.lr:g})" if m.lr is not None else ""
    if m.diverged:
        last = f"; the last finite batch loss was {_g(m.loss['loss'][-1])}" if m.loss["loss"] else ""
        return _diag("learning_rate_too_high", True,
                     f"training diverged: {m.stop_reason or 'the loss became NaN or inf'}{last}")
    spike = _spike(m)
    if spike is not None and spike[0] > SPIKE * spike[1] > 0:
        peak, before, step = spike
        return _diag("learning_rate_too_high", peak > SPIKE ** 2 * before,
                     f"the batch loss jumped to {_g(peak)} around step {step}, {peak / before:.3g} "
                     f"times its typical value before ({_g(before)}){lr}")
    trend = _loss_trend(m)
    if trend is not None and m.step >= MIN_STEPS and trend[1] > trend[0] * (1 + WORSE):
        start, end, span = trend
        return _diag("learning_rate_too_high", end > 10 * start,
                     f"training made the loss worse: it went from {_g(start)} to {_g(end)} {span}{lr}")
    initial = _initial_loss(m)
    loss = np.asarray(m.epoch_logs.get("loss", []), np.float64)
    if len(loss) >= 6 and initial and np.isfinite(loss).all() and (loss > 0).all():
        half = loss[len(loss) // 2 - 1:]
        change = np.diff(half) / half[:-1]
        ups = change > 0
        progress = np.median(half) / initial      # a loss that fell 4-fold has a step size that works
        if ups.mean() >= 1 / 3 and change[ups].mean() >= OSCILLATION and progress >= OSC_PROGRESS:
            return _diag("learning_rate_too_high", change[ups].mean() >= 0.5,
                         f"the epoch loss oscillates: over the last {len(half)} epochs it rose in "
                         f"{ups.sum()} of {len(change)} (by {change[ups].mean():.0%} on average), "
                         f"between {_g(half.min())} and {_g(half.max())}, never far below its value "
                         f"at initialisation ({_g(initial)}){lr}")
    return None


def learning_rate_too_low(m):
    trend = _loss_trend(m)
    if trend is None or m.step < MIN_STEPS or m.diverged:
        return None
    start, end, span = trend
    epoch_loss = m.epoch_logs.get("loss", [])
    steady = len(epoch_loss) < 2 or (np.diff(epoch_loss) < 0).mean() >= 2 / 3  # not a wobble
    initial = _initial_loss(m)
    if not (np.isfinite(start) and np.isfinite(end)) or start <= 1e-8 or not steady:
        return None
    drop = (start - end) / start
    if not 0 <= drop < TOO_LOW_DROP or (initial is not None and end < LEARNT * initial):
        return None  # moving, or it learnt before (a fast first epoch, then a plateau)
    blocked = [d for d in (step_units(m), vanishing_gradients(m), dead_relus(m), saturated_units(m), no_gradient(m))
               if d is not None and d.severity == "severe"]
    if blocked:  # the gradient cannot flow: a larger step would not help, the other report says why
        return None
    if unscaled_target(m) is not None:  # the loss measures how far the target is, not the step size
        return None
    lr = f" at lr {m.lr:g}" if m.lr is not None else ""
    adaptive = isinstance((m.params or {}).get("optimizer"), ADAPTIVE)
    return _diag("learning_rate_too_low", False,
                 f"the loss fell only {drop:.2%} {span} ({_g(start)} to {_g(end)}), steadily{lr}",
                 without=("adam",) if adaptive else ())


def unscaled_target(m):
    t = m.target
    if not t or not t["samples"]:
        return None
    mean, std = np.array(t["mean"]), np.array(t["std"])
    mean_square = float(np.mean(mean ** 2 + std ** 2))   # the loss of an output of 0
    variance = float(np.mean(std ** 2))                   # the loss of predicting the mean
    if not mean_square > TARGET_RMS ** 2:
        return None
    trend = _loss_trend(m)
    end = trend[1] if trend is not None else float(m.loss["loss"][-1]) if m.loss["loss"] else None
    if not m.diverged and (end is None or not end >= LEARNT * variance):
        return None             # it explains most of the targets' spread: their scale did not stop it
    columns = [f"mean {_g(mu)}, std {_g(sd)}" for mu, sd in zip(mean, std)]
    if len(columns) > 1:
        columns = [f"column {j}: {c}" for j, c in enumerate(columns)]
    loss = ("training diverged" if m.diverged else
            f"the loss is still {_g(end)}, where predicting their mean everywhere gives {_g(variance)} "
            f"and an output of 0 {_g(mean_square)}")
    return _diag("unscaled_target", mean_square > TARGET_RMS ** 4,
                 f"the targets ({'; '.join(columns)}, over {t['samples']} samples) have a root mean "
                 f"square of {_g(np.sqrt(mean_square))}, where a network's outputs start near unit "
                 f"scale; {loss}")


RULES = (learning_rate_too_high, unscaled_target, step_units, no_gradient, exploding_gradients,
         exploding_activations, vanishing_gradients, dead_relus, saturated_units, overfitting,
         learning_rate_too_low)


def _probe_rows(m):
    return len(m.probe) if m.probe is not None else 0


def diagnose(monitor):
    """Run every rule on ``monitor``'s records; a ``Report`` with the severe problems first."""
    found = [d for d in (rule(monitor) for rule in RULES) if d is not None]
    found.sort(key=lambda d: d.severity != "severe")
    return Report(found)
