"""What the training ``Monitor`` records: each of its attributes (``monitor.weights``,
``monitor.activations``, ``monitor.loss``, ...), its math and when it is taken, and
``monitor_dict``, all of it as JSON (``Monitor.to_dict``). How a monitor is used, its probe
batch and the thinning that bounds every series are in ``monitor.py``; how the records are
taken, in ``monitor_records.py``.

What it records, and when
-------------------------
t counts optimizer steps across epochs (and across ``fit`` calls with the same model). A
*record* is taken right after the steps t = 1, 1 + every, 1 + 2·every, ... (evenly spaced
in t, so that thinning, in ``monitor.py``, stays exact, and never more often than ``every``
even when an epoch is a single batch; what each epoch ends with is in ``epoch_logs``). Each
record's t is in ``monitor.steps``, and the learning rate its step was taken at in
``monitor.lrs`` (NaN without an optimizer; ``monitor.lr`` is the optimizer's at the last record,
after its step): one lowered mid-run, as the playground's box does, leaves the steps before it
their own, so the weights a large one grew are not blamed on the lower one. The rate of every
step, records or not, is in ``monitor.lr_changes``: (t, lr) of each step t whose rate differs
from the step before's, the first step's too (``monitor_rates.py``), which the findings quote. For
each layer l that has weights W (which those are: ``monitor.py``), in ``monitor.weights[name]``:

    weight_norm    ‖W‖ = sqrt(Σ w²), after the step
    grad_norm      ‖dL/dW‖, the gradient that step used (penalties and clipping included)
    update_ratio   ‖ΔW‖ / ‖W‖ = ‖W_after − W_before‖ / ‖W_before‖   (W is copied before the
                   forward pass of sampled steps only; around 1e-3 is the usual healthy value)

and, once per layer, ``monitor.start_norms[name]``: ‖W‖ before the first step it recorded, the
weights training started from when the monitor watched from the first step (whatever set them:
an initialiser, a function or the user by hand). The first ``weight_norm`` is one step in, which
a large learning rate has already taken far from the start (``monitor.start_activations[name]``
holds each activation's statistics at those weights, the keys of ``activations``); and ``monitor.start_biases[name]``, of a
layer that has a bias b (a Dense layer's), the largest |b| before the first step the monitor saw (0
for biases that start at 0, as nn.Dense's do). And for each of the monitor's first
``FIRST_UPDATES`` (32) steps, whether sampled or not, in ``monitor.first_updates[name]``:
"update_ratio", ‖ΔW‖ / ‖W‖, and "grad_ratio", ‖dL/dW‖ / ‖W‖, both with ‖W‖ before the step (the
records see step 1 and then step 21, or 401 in the playground: large steps in between, which
switch ReLU units off, would go unseen), and "lr", the optimizer's learning rate after the step
(the one it took, unless a callback before the monitor changed it; NaN without an optimizer): a
schedule lowers it later, and the evidence of a step too large quotes the one it was taken at.

For each activation layer (ReLU, Sigmoid, Tanh, ...), in ``monitor.activations[name]``, from its
output a on the *probe batch* (``monitor.py``), run forward layer by layer in evaluation mode:

    mean, std      over all entries of a
    spread         sqrt(mean over units of Var over samples of a): how much a unit's output
                   varies with the input, without the offsets (biases) that differ between
                   units but not between samples (NaN over a probe of one row, the first
                   record's at batch size 1: nothing varies over it)
    saturated      Sigmoid and Tanh only: the fraction of entries in the flat tails —
                   tanh: |a| > 0.99, where f'(z) = 1 - a² < 0.02;  sigmoid: a < 0.01 or
                   a > 0.99, where f'(z) = a(1 - a) < 0.01
    dead           ReLU only: the fraction of units whose output is 0 for EVERY sample of the
                   probe batch (a dead unit passes no gradient, so nothing revives it)
    clamped        a Sigmoid after the last weight layer (the output) only: the fraction of
                   entries with a(1 - a) < 1e-12 in the training dtype (a exactly 0 or 1
                   included), where BCELoss clamps a(1 - a) and passes into z less than a - y
                   (see ``diagnose_output.py``)

and, per column of the input the first weight layer takes (the probe run through the layers
before it: a Standardize in front counts), {"rows", "mean", "std", "min", "max", "varied"} at
the last record, in ``monitor.inputs`` (read by the diagnosis of inputs far from unit scale;
computed once the probe is complete, and again at each record only when a layer before the first
weight layer holds Parameters or buffers, BatchNorm's running statistics, which training moves);
and the "min" and "max" of those columns over every training row the last ``fit`` gave that layer
in its first epoch (each row once: "rows" of them, fewer while that epoch runs, and no more once
a column varies, which settles it), read at each of its batches from the layer's cached input, in
``monitor.input_range`` (None for a layer that caches none): the diagnosis of inputs that never
vary judges by them, not by the probe's 64 rows, which
miss a value that differs in a few rows (``input_range.py``, which has its cost);
the values that hold one of those columns' spread over the rows of the first epoch (a marker of
missing values, standardised with the rest: 17.3 among values a hair apart), one dict each of its
"column", "value", "count", "share", "width", and the column's "rows", "mean", "std", "min", "max",
"varied" over them, in ``monitor.lone_inputs`` ([] when there are none; the rows gathered are
those of a few columns only, chosen on the first 32 rows: ``monitor_lone_inputs.py``), which the
finding of such a value reads (``diagnose_lone_inputs.py``);
and fixed-bin histograms in ``monitor.histograms[name]``: "weight" and "activation" over
linear bins from -R to R (from 0 to R when the first values were all >= 0) with R = twice the
largest |value| of the first record ([0, 1] for sigmoid, [-1, 1] for tanh), ``bins`` bins;
"grad" over |g| with one bin per octave, 2^-40 to 2^12 (gradients span many decades). Edges
never change, so records can be compared over time and streamed; values beyond the edges
count in the end bins, so every record's counts sum to the number of values.

Besides the records: every step's training loss, in ``monitor.loss`` ({"step", "loss", "level",
"peak", "peak_step"}; each entry is the mean over ``loss_every`` consecutive steps, its "peak" the
largest median of w consecutive batch losses ending in those steps, the height the spike rule
reads (``spike_window`` in ``diagnose_loss.py``: w >= 3 batches covering >= 32 samples),
"peak_step" the step at which those w batches began (the first, of equal medians), and "level"
the geometric mean of those medians over the entry's steps, the typical loss the spike rule
compares a peak with: a few hard batches far above the rest raise the mean, not the level, and
thinning leaves it as it was, the geometric mean of two entries being that of their steps); the
first 32 batch losses are also kept as they were in ``monitor.first_losses``), and each epoch's
logs ("loss", "val_loss", metrics, the learning rate "lr", and "penalty") in
``monitor.epoch_logs``, one value per recorded epoch in every list: NaN for a key a fit did not
log (val_loss without validation data), 0 for the penalty of a fit without one.

When the last ``fit`` stopped on a NaN or inf, ``monitor.diverged`` is True and
``monitor.divergence_cause`` says what its stop reason (``monitor.stop_reason``) blames: the
learning rate, or the data (see ``divergence.py``), which the diagnoses then name instead; for
a row of X_val, ``monitor.divergence_row`` is its (row, value, bound). When the fit's callbacks held an
``EarlyStopping``, ``monitor.early_stopping`` is what it watched and did ({"monitor", "patience",
"restore_best", "best_epoch", "stopped_epoch"}, epochs 0-based), else None.

The name of the last ``fit``'s loss ("bce", "bce_logits", "mse", ...: ``Loss.name``), read at its
first batch, in ``monitor.loss_name`` (None before it, or for a loss without a name). And, for a
regression loss (MSE or MAE), the targets of the last ``fit``'s first epoch (every sample once), per
output column, in ``monitor.target`` ({"samples", "mean", "std", "min", "max"}, and under MAE
"median", "mean_abs" and "median_deviation", its losses of an output of 0 and of the median; None
for other losses), which the diagnoses of a target far from unit scale and of a pinned output read;
how they are read is in ``target_stats.py``. For a cross-entropy ("bce", "bce_logits", "cross_entropy"), or MSE whose
targets are all 0 or 1 (a classifier trained with MSE: 0/1 columns or one-hot rows), the share of
each class in those targets, in ``monitor.classes`` ({"samples", "shares", "binary", "weighted"}:
the mean target per output column, the probability of class 1, for a binary cross-entropy or 0/1
columns; per class for the cross-entropy or one-hot rows; "weighted" when fit weighed the samples
unequally, which the shares do not: see ``class_totals`` in ``monitor_records.py``), from which
the loss of always guessing by those shares is computed.

Data are plain Python lists of floats (histogram counts: int64 arrays), ready to stream;
``to_dict()`` gives all of it as JSON-able lists.
"""
from .monitor_records import json_values


def monitor_dict(monitor):
    """Everything ``monitor`` recorded, as strict-JSON nested dicts of lists (``json_values``: inf
    and NaN as None; a histogram as its edges, scale and counts)."""
    def hist(h):
        return {"edges": h.edges.tolist(), "scale": h.scale, "counts": [c.tolist() for c in h.counts]}
    return {
        "every": monitor.every, "step": monitor.step, "steps": list(monitor.steps),
        "lrs": json_values(monitor.lrs),
        "lr_changes": [[t, *json_values([lr])] for t, lr in monitor.lr_changes],
        "weights": {n: {k: json_values(v) for k, v in s.items()} for n, s in monitor.weights.items()},
        "start_norms": dict(monitor.start_norms), "start_biases": dict(monitor.start_biases),
        "start_activations": {n: dict(zip(s, json_values(list(s.values())))) for n, s in monitor.start_activations.items()},
        "activations": {n: {k: json_values(v) for k, v in s.items()} for n, s in monitor.activations.items()},
        "histograms": {n: {k: hist(h) for k, h in hs.items()} for n, hs in monitor.histograms.items()},
        "loss": {k: json_values(v) for k, v in monitor.loss.items()}, "loss_every": monitor.loss_every,
        "first_losses": json_values(monitor.first_losses),
        "first_updates": {n: {k: json_values(v) for k, v in s.items()} for n, s in monitor.first_updates.items()},
        "epoch_logs": {k: json_values(v) for k, v in monitor.epoch_logs.items()},
        "diverged": monitor.diverged, "divergence_cause": monitor.divergence_cause,
        "divergence_row": None if monitor.divergence_row is None else list(monitor.divergence_row),
        "stop_reason": monitor.stop_reason, "early_stopping": monitor.early_stopping, "target": monitor.target, "classes": monitor.classes,
        "loss_name": monitor.loss_name,
        "inputs": monitor.inputs, "lone_inputs": monitor.lone_inputs,
        "input_range": None if monitor.input_range is None else {
            "rows": monitor.input_range["rows"],
            **{k: json_values(monitor.input_range[k].tolist()) for k in ("min", "max")}},
    }
