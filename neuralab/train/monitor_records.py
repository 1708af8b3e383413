"""How the training ``Monitor`` takes its records (see ``monitor_data.py`` for what each one holds):
the norms, update ratios and histograms of every weight layer after a sampled step, the
statistics of every activation on the probe batch and of the inputs the first weight layer takes
from it, the probe's rows, the loss, the regression targets and the columns that may hold a lone value
(``monitor_lone_inputs.py``) read during the first epoch, the running
mean of the loss and its peak, and the thinning that keeps every series under ``max_records``
entries.

``MonitorRecording`` only holds these methods: ``Monitor`` inherits them, sets up the series
they fill (``Monitor.reset``, ``MonitorLayout._lay_out``) and calls them from its hooks.
"""
import math
import statistics

import numpy as np

from .input_range import add_rows, varying
from .monitor_lone_inputs import FIRST_ROWS, lone_inputs, suspects
from .layer_stats import (GRAD_LOG2_RANGE, Histogram, add_together, clamped_fraction, dead_fraction, first_inputs,
                          fixed_edges, input_columns, mean_std, norm, saturated_fraction, unit_spread)
from .early_stopping import EarlyStopping, restore, snapshot
from .target_stats import absolute_baselines, add_targets, regression_targets

TINY = 1e-300     # the least level of the loss whose logarithm is taken (a loss of 0 has none)


class MonitorRecording:
    """The measuring half of ``Monitor``: its records, probe, targets, loss series, thinning."""

    # -- measuring --------------------------------------------------------------------------
    def _step_changes(self):
        """{name: (‖W‖ before the step just taken, ‖dL/dW‖, ‖ΔW‖ / ‖W‖ before)} of every weight
        layer, from the copies of W made before the step (which become ΔW) and their norms. (‖W‖
        after it is the record's to take: the first steps, which are not all recorded, need only
        these.)"""
        changes = {}
        for name, params in self._params.items():
            before, norm_before = self._before[name], self._norms_before[name]
            for buf, p in zip(before, params):
                np.subtract(p.data, buf, out=buf)                  # buf = ΔW from here on
            delta = norm(before)
            changes[name] = (norm_before, norm([p.grad for p in params]),
                             delta / norm_before if norm_before > 0 else (0.0 if delta == 0 else float("inf")))
        return changes

    def _add_first_updates(self, changes):
        """Keep ‖ΔW‖ / ‖W‖ and ‖dL/dW‖ / ‖W‖ (‖W‖ before the step) of one of the first steps, and the
        learning rate it was taken at, read as its batch began (a schedule changes it later, and one
        stepped per batch may have set the next step's by now: the evidence quotes the step's own)."""
        lr = self._step_lr
        for name, (norm_before, grad, ratio) in changes.items():
            first = self.first_updates.setdefault(name, {key: [] for key in ("update_ratio", "grad_ratio", "lr")})
            first["update_ratio"].append(ratio)
            first["grad_ratio"].append(grad / norm_before if norm_before > 0 else float("inf"))
            first["lr"].append(lr)

    def _note_rate(self, lr):
        """Note that the coming step, t = step + 1, is taken at ``lr``, another rate than the step
        before's (``monitor_rates.py``). A schedule stepped per batch changes it at every step: at
        ``max_records`` changes every other is dropped (keeping the first), as records are, and of
        neighbours left at one rate the first kept."""
        self.lr_changes.append((self.step + 1, lr))
        if len(self.lr_changes) >= self.max_records:
            kept = self.lr_changes[::2]
            self.lr_changes[:] = [c for c, before in zip(kept, [None] + kept) if before is None or c[1] != before[1]]

    def _record(self, changes):
        self.steps.append(self.step)
        self.lrs.append(self._step_lr)     # the step's own, read as its batch began (NaN without an optimizer)
        optimizer = (self.params or {}).get("optimizer")
        self.lr = float(optimizer.lr) if optimizer is not None else None
        for name, params in self._params.items():
            stats, hists = self.weights[name], self.histograms[name]
            norm_before, grad, ratio = changes[name]
            self.start_norms.setdefault(name, norm_before)         # W before the first recorded step
            stats["weight_norm"].append(norm([p.data for p in params]))
            stats["grad_norm"].append(grad)
            stats["update_ratio"].append(ratio)
            if not hists:
                hists["weight"] = Histogram(fixed_edges(np.concatenate([p.data.ravel() for p in params]),
                                                        self.bins))
                hists["grad"] = Histogram(np.arange(GRAD_LOG2_RANGE[0], GRAD_LOG2_RANGE[1] + 1), "log2")
        # every layer's histograms in one pass each (``add_together``: a small network's are cheap,
        # its calls are not)
        for kind, arrays in (("weight", "data"), ("grad", "grad")):
            add_together([self.histograms[name][kind] for name in self._params],
                         [[getattr(p, arrays) for p in params] for params in self._params.values()], self._scratch)
        self._record_activations()
        if len(self.steps) >= self.max_records:
            self._thin()

    def _fill_probe(self):
        """Add rows of this batch's input (cached by the first layer) to the probe, until it
        has ``probe_size`` rows."""
        cached = getattr(self.watched[0][1], "a_prev", None) if self.watched else None
        if not isinstance(cached, np.ndarray):
            self._filling = False
            return
        have = 0 if self.probe is None else len(self.probe)
        rows = cached[:self.probe_size - have].copy()
        self.probe = rows if self.probe is None else np.concatenate([self.probe, rows])
        self._filling = len(self.probe) < self.probe_size

    def _read_inputs(self):
        """Add this batch's input to the first weight layer (its cached ``a_prev``: every training row
        once over the first epoch) to ``input_range``, until a column varies; none for a layer that
        caches none."""
        taken = first_inputs(self.model)
        if taken is None:
            self.input_range, self._reading_inputs = None, False
            return
        self.input_range = add_rows(self.input_range, taken)
        # inputs of which one column varies are no finding: the rest of the epoch need not be read
        # (MNIST's first batch: its first epoch paid a min and a max of every batch, 5 % of a step)
        self._reading_inputs = not varying(self.input_range).any()

    def _read_lone(self):
        """Gather this batch's input to the first weight layer (its cached ``a_prev``) of the columns
        that may hold a lone value (``monitor_lone_inputs``): every column of the first ``FIRST_ROWS``
        rows of the epoch, then only those chosen on them; none for a layer that caches none."""
        taken = first_inputs(self.model)
        if taken is None:
            self._lone_rows, self._reading_lone = [], False
        elif self._lone_columns is None:
            self._lone_rows.append(taken.copy())
            if sum(map(len, self._lone_rows)) >= FIRST_ROWS:
                self._choose_lone()
        else:
            self._lone_rows.append(taken[:, self._lone_columns])   # (a copy: the cache is the batch's)

    def _choose_lone(self):
        """Choose the columns to gather on the rows read so far, and keep only theirs; none chosen,
        there are no lone values (a squashed column is of a small spread in any rows but the value's)."""
        rows = np.concatenate(self._lone_rows)
        self._lone_columns = suspects(rows)
        self._lone_rows = [rows[:, self._lone_columns]] if len(self._lone_columns) else []
        self._reading_lone = bool(len(self._lone_columns))
        if not self._reading_lone:
            self.lone_inputs = []

    def _settle_lone(self, whole):
        """At the end of the first epoch (``whole``), or of a fit that ended within it: ``lone_inputs``
        from the rows gathered, which are dropped. Part of an epoch that shows no lone value leaves the
        last fit's as they were: its rows may not hold the one that does."""
        if self._lone_columns is None and self._lone_rows:   # an epoch of fewer rows than FIRST_ROWS
            self._choose_lone()
        found = lone_inputs(np.concatenate(self._lone_rows), self._lone_columns) if self._lone_rows else []
        if whole or found or self.lone_inputs is None:
            self.lone_inputs = found
        self._lone_rows, self._reading_lone = [], False

    def _read_targets(self):
        """Note this fit's loss in ``loss_name`` (fit sets ``model.loss`` after on_train_begin),
        and add this batch's targets, as the loss cached them, to ``target`` (MSE, MAE: whose rows
        are kept for ``_settle_targets``) and to ``classes`` (a cross-entropy, or MSE while every
        target read is 0 or 1)."""
        loss = getattr(self.model, "loss", None)
        self.loss_name = getattr(loss, "name", None) or None
        y = regression_targets(self.model)
        if y is not None:
            self._target_sums, self.target = add_targets(self._target_sums, y)
            if self.loss_name == "mae":
                self._target_rows.append(y)
        totals = class_totals(loss) if self._class_sums is not False else None
        if totals is None:
            # a loss of another kind, or MSE targets other than 0 and 1: no classes in this fit
            self._class_sums, self.classes = False, None
            self._reading_targets = y is not None     # else nothing to read
            return
        sums, samples, one_hot, weighted = totals
        if self._class_sums:
            before = self._class_sums
            sums, samples = before[0] + sums, before[1] + samples
            one_hot, weighted = one_hot and before[2], weighted or before[3]
        self._class_sums = (sums, samples, one_hot, weighted)
        self.classes = {"samples": samples, "shares": (sums / samples).tolist(), "binary": not one_hot,
                        "weighted": weighted}

    def _settle_targets(self):
        """As the targets' reading ends (the first epoch's end, or a fit's that ended within it): an
        MAE fit's baselines, exact over the rows read (``target_stats.absolute_baselines``), into
        ``target``; the rows are dropped."""
        if self._target_rows and self.target is not None:
            self.target.update(absolute_baselines(np.concatenate(self._target_rows)))
        self._target_rows = []

    def _probe_pass(self, note_inputs=True):
        """(name, its output a, {statistic: value}) of every watched activation layer, in order, the
        probe run forward in evaluation mode through the model's weights as they are now (the
        keys those of ``activations[name]``); a record's pass notes the inputs of the first weight
        layer (``note_inputs``: the start's leaves ``inputs`` the last record's)."""
        a = self.probe
        first_weights = next(iter(self._params), None) if note_inputs else None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for name, layer in self.watched:
                # what it computes with (after a Standardize in front): the same at every record
                # once the probe is complete, unless a layer in front learns or keeps statistics
                if name == first_weights and (self.inputs is None or self.inputs["rows"] != len(a)
                                              or not self._fixed_front):
                    self.inputs = input_columns(a)
                a = layer.forward(a, training=False)
                if name not in self.activations:
                    continue
                kind, keys = self.kinds[name], self.activations[name]
                mean, std = mean_std(a)
                stats = {"mean": mean, "std": std, "spread": unit_spread(a)}
                if kind in ("sigmoid", "tanh"):
                    stats["saturated"] = saturated_fraction(a, kind)
                elif kind == "relu":
                    stats["dead"] = dead_fraction(a)
                if "clamped" in keys:   # the output's sigmoid
                    stats["clamped"] = clamped_fraction(a)
                yield name, a, stats

    def _record_activations(self):
        if self.probe is None:
            return
        outputs = []   # (histogram, its activation layer's output), counted together at the end
        for name, a, stats in self._probe_pass():
            for key, value in stats.items():
                self.activations[name][key].append(value)
            hists = self.histograms[name]
            if not hists:
                edges = {"sigmoid": np.linspace(0, 1, self.bins + 1),
                         "tanh": np.linspace(-1, 1, self.bins + 1)}.get(self.kinds[name])
                hists["activation"] = Histogram(edges if edges is not None else fixed_edges(a, self.bins))
            outputs.append((hists["activation"], a.copy()))   # (a layer of your own may write into its input)
        if outputs:
            add_together(*zip(*outputs), self._scratch)

    def _keep_start(self):
        """At the start of the monitor's first fit, the statistics of every activation on the probe
        at the weights the model starts from, before any step (``start_activations``): now when the
        probe is given, else from a copy of every parameter and buffer taken now (``_start_state``)
        and run once the probe has collected its rows (``_take_start``)."""
        if not self.activations:
            return
        if self.probe is not None:
            self.start_activations = {name: stats for name, _, stats in self._probe_pass(note_inputs=False)}
        else:
            self._start_state = snapshot(self.model)

    def _take_start(self):
        """``start_activations`` from the starting weights copied by ``_keep_start``: the model's
        weights of now are copied aside while the probe runs through the starting ones, then put
        back (the probe's pass overwrites the layers' caches, as a record's does). None to take
        when the probe collected no rows."""
        start, self._start_state = self._start_state, None
        if self.probe is None:
            return
        now = snapshot(self.model)
        restore(self.model, start)
        try:
            self.start_activations = {name: stats for name, _, stats in self._probe_pass(note_inputs=False)}
        finally:
            restore(self.model, now)

    def _record_lists(self):
        yield self.steps
        yield self.lrs
        for group in (self.weights, self.activations):
            for stats in group.values():
                yield from stats.values()
        for hists in self.histograms.values():
            for h in hists.values():
                yield h.counts

    def _thin(self):
        """Drop every other record (keeping the first) and double the interval."""
        for values in self._record_lists():
            del values[1::2]
        self.every *= 2

    def _add_loss(self, value):
        if len(self.first_losses) < 32:
            self.first_losses.append(value)
        # the loss at this step as the spike rule reads it, the median of the last w batch losses:
        # each entry keeps the largest, so that thinning cannot average a jump away, and the
        # geometric mean, which pairs of entries keep exactly (a mean of logs), as its level
        self._recent.append(value)
        level = _window_median(self._recent)
        if level > self._peak:                       # (and where those w batches began)
            self._peak, self._peak_step = level, self.step - len(self._recent) + 1
        self._log_level += math.log(max(level, TINY))
        self._loss_sum += value
        self._loss_count += 1
        if self._loss_count < self.loss_every:
            return
        loss = self.loss
        loss["step"].append(self.step)
        loss["loss"].append(self._loss_sum / self._loss_count)
        loss["level"].append(math.exp(self._log_level / self._loss_count))
        loss["peak"].append(self._peak)
        loss["peak_step"].append(self._peak_step)
        self._loss_sum, self._loss_count, self._log_level, self._peak = 0.0, 0, 0.0, -math.inf
        if len(loss["loss"]) >= self.max_records:
            self._thin_loss()

    def _thin_loss(self):
        """Average neighbouring pairs of entries of ``loss`` (their levels geometrically), keep the
        larger peak of each pair, and double ``loss_every``."""
        values, steps, levels, peaks, peak_steps = (self.loss[k] for k in ("loss", "step", "level", "peak",
                                                                            "peak_step"))
        n = len(values) // 2 * 2
        if n < len(values):                      # an odd one out: back into the running window
            self._loss_sum, self._loss_count = values[-1] * self.loss_every, self.loss_every
            self._log_level = math.log(max(levels[-1], TINY)) * self.loss_every
            self._peak, self._peak_step = peaks[-1], peak_steps[-1]
        values[:] = [(a + b) / 2 for a, b in zip(values[0:n:2], values[1:n:2])]
        levels[:] = [math.sqrt(a * b) for a, b in zip(levels[0:n:2], levels[1:n:2])]   # (geometric means)
        # the larger peak, and its step; of equal peaks the first (max keeps the first of ties)
        larger = [max(pair, key=lambda peak_and_step: peak_and_step[0])
                  for pair in zip(zip(peaks[0:n:2], peak_steps[0:n:2]), zip(peaks[1:n:2], peak_steps[1:n:2]))]
        peaks[:], peak_steps[:] = [p for p, _ in larger], [s for _, s in larger]
        steps[:] = steps[1:n:2]
        self.loss_every *= 2


def class_totals(loss):
    """(Σ over the batch of the target per output column, samples, one_hot, weighted) of what a
    binary cross-entropy ("bce", "bce_logits": the probability of class 1 per column), the
    cross-entropy (class indices, counted per class, or one-hot / probability rows) or MSE on
    targets that are all 0 or 1 (a classifier trained with MSE, as the course's first networks
    are) cached for its backward pass. ``one_hot``: the columns are the classes of one choice
    (the cross-entropy's; MSE's when each row holds a single 1 among 2 or more columns), not
    yes/no answers each. ``weighted``: the batch's samples weigh differently in its loss (fit's
    sample_weight or class_weight), which the loss caches only as w_i / Σw over the batch, so
    that the weighted shares of the whole data cannot be told from it. None for another loss,
    MSE targets other than 0 and 1, or none cached."""
    y = getattr(loss, "target", None)
    name = getattr(loss, "name", None)
    if name not in ("bce", "bce_logits", "cross_entropy", "mse") or not isinstance(y, np.ndarray) or not y.size:
        return None
    scale = getattr(loss, "scale", None)
    weighted = isinstance(scale, np.ndarray) and scale.size > 0 and scale.min() != scale.max()
    if name == "cross_entropy" and y.ndim == 1:     # class indices, one output per class
        return np.bincount(y, minlength=loss.pred.shape[1]).astype(np.float64), len(y), True, weighted
    y = y.reshape(len(y), -1)
    one_hot = name == "cross_entropy"
    if name == "mse":
        if not ((y == 0) | (y == 1)).all():
            return None                              # a regression's targets, or probabilities
        one_hot = y.shape[1] > 1 and bool((y.sum(axis=1) == 1).all())
    return y.sum(axis=0, dtype=np.float64), len(y), one_hot, weighted


def json_values(values):
    """``values`` as a list that strict JSON can hold: an inf or NaN becomes None (null). A ratio to
    weights that start at 0 has no scale (‖ΔW‖ / ‖W‖, ‖dL/dW‖ / ‖W‖: inf), and a key an epoch did not
    log is NaN; ``json.dumps`` wrote them as Infinity and NaN, which JSON parsers refuse."""
    return [None if isinstance(v, float) and not math.isfinite(v) else v for v in values]


def _window_median(window):
    """The median of the last w batch losses: of 3 (the spike rule's window at batches of 11 or
    more) by two or three comparisons, 0.08 µs where statistics.median, which sorts a copy, took
    0.18 µs at every step (and min/max calls 0.34 µs)."""
    if len(window) != 3:
        return statistics.median(window)
    a, b, c = window
    if a > b:
        a, b = b, a
    return a if c < a else b if c > b else c


def stopping_of(callbacks):
    """The first EarlyStopping among the fit's ``callbacks`` (its on_train_end logs'), as it ended:
    {"monitor", "patience", "restore_best", "best_epoch", "stopped_epoch"} (epochs 0-based, None
    when none improved or it did not stop); None without one. Read at the fit's end: the
    overfitting advice then says the run stops early already, rather than "use early stopping"."""
    stop = next((cb for cb in callbacks if isinstance(cb, EarlyStopping)), None)
    if stop is None:
        return None
    return {"monitor": stop.monitor, "patience": stop.patience, "restore_best": stop.restore_best,
            "best_epoch": stop.best_epoch, "stopped_epoch": stop.stopped_epoch}
