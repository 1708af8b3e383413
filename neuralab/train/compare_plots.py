"""``compare``: the curves of several training runs on one axis, one colour per run, for the
experiments that change one thing and keep the rest (learning rates, optimizers, batch sizes,
initialisations): each run's History, labelled, as ``{"lr 0.1": history, "lr 0.01": other}``.

Drawn as ``loss_curves`` draws one run: the epochs from 1, NaN epochs skipped, the loss less its
L1/L2 penalty (what "val_loss" measures), a log axis over a decade or more, in plain numbers.
"""

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .history import History
from .plot_inputs import checked_ax, checked_path
from ..nn.short_label import short_label
from .plot_style import (METRIC_LABELS, class_colours, figure_and_axes, finished, legend_outside, plain_log_ticks,
                         with_notes)

# scores bounded to [0, 1] (R² to 1): a log axis would stretch their bottom, where nothing is read
BOUNDED = {"accuracy", "binary_accuracy", "precision", "recall", "f1", "r2"}


def compare(runs, path=None, metric="loss", title=None, ax=None):
    """One curve per training run: ``runs`` is {label: History} (what each ``fit`` returned; a
    label is any text or number, "lr 0.1" or 0.1), ``metric`` what is drawn ("loss", "accuracy",
    any name the Histories logged). Each run's training curve is solid and its validation curve
    ("val_" + metric, when the run logged one) dashed in the same colour, so that the gap between
    them reads as each run's overfitting.

    The y axis is logarithmic when the values span a factor of 10 or more (a linear one would
    flatten every curve below the first drop), except for scores bounded by 1 (accuracy, R²). On
    it, the view ends 100 times above the highest first value of the runs that did not diverge: a
    loss climbing to 1e37 left the others a strip at the bottom. What lies above is marked by
    triangles at the edge, and the axis label says so. A run that stopped early ends with a cross,
    and its label says why: "(diverged)" for a loss or weights that became NaN or inf,
    "(early stopping)", or "(stopped)" by another callback. A run that froze (``History.frozen``:
    every gradient exactly 0, a flat line that no step moves, as an output saturated by a step too
    large leaves it) says "(frozen)". The epoch whose weights an EarlyStopping kept
    (``History.best_epoch``) is starred on the run's validation curve (its training curve when it has
    none): the model after fit is that epoch's, not the one at the cross. A run that diverged in its first
    epoch logged nothing: it is in the legend, crossed, with no curve. A run whose curves equal an
    earlier run's, drawn exactly over them, says "(same as <label>)" in the legend. ``title`` defaults to
    what is drawn; ``path`` saves the figure as a PNG. ``ax``: a matplotlib Axes of your own to draw
    into (``fig, ax = plt.subplots(1, 2)``, then ``ax=ax[1]``: the loss beside the accuracy), which
    is then returned, its figure saved."""
    path = checked_path(path, "compare.png")
    own = checked_ax(ax, "compare") is None
    _check_runs(runs, metric)
    colours = class_colours(len(runs))
    fig, ax = figure_and_axes(ax, (6.5, 4))
    drawn, starts, dashed, missing, stops, seen, bests = [], [], False, [], [], [], []
    for colour, (label, history) in zip(colours, runs.items()):
        epochs, train, val = _curves(history, metric)
        if history.epoch and train is None:
            missing.append(str(label))
            continue
        ending = _ending(history)
        notes = [ending] if ending else []
        if history.frozen:   # a flat line, at a loss that no step can change: said, as a stop is
            notes.append("frozen")
        twin = _same_as(seen, (epochs, train, val))
        if twin is not None:   # drawn exactly over the earlier curve, which hides it: said in the legend
            notes.append(f"same as {short_label(twin, 8)}")
        seen.append((label, (epochs, train, val)))
        handle = ax.plot([], [], color=colour, marker="X" if ending else None, markersize=8,
                         label=with_notes(label, notes))[0]
        for values, style in ((train, "-"), (val, "--")):
            if values is not None:
                drawn.append(_run_line(ax, epochs, values, colour, style))
                if drawn[-1].size and ending != "diverged":
                    starts.append(drawn[-1][0])
                dashed = dashed or style == "--"
        best = _best_point(history, epochs, val if val is not None else train)
        if best is not None:
            bests.append((*best, colour))
        if ending and train is not None and np.isfinite(train).any():
            last = np.flatnonzero(np.isfinite(train))[-1]
            stops.append((epochs[last], train[last], colour))
        handle.set_linestyle("-" if len(epochs) else "none")
    values = np.concatenate(drawn) if drawn else np.empty(0)
    clipped, edge = "", np.inf
    if metric not in BOUNDED and values.size and values.min() > 0 and values.max() / values.min() >= 10:
        ax.set_yscale("log")
        # two decades above the highest first value of the runs that did not diverge (of all, if none)
        edge = 100 * max(starts or [line[0] for line in drawn if line.size])
        clipped = _runaway_clipped(ax, edge)
        plain_log_ticks(ax.yaxis)
    for epoch, value, colour in stops:   # where each run stopped, a cross (at the edge when off the chart)
        ax.plot(epoch, min(value, edge), "X", color=colour, markersize=9, markeredgecolor="k", label="_stop")
    for epoch, value, _, colour in bests:
        ax.plot(epoch, min(value, edge), "*", color=colour, markersize=14, markeredgecolor="k", label="_best")
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(_axis_label(runs, metric) + (f" ({clipped})" if clipped else ""))
    ax.grid(alpha=0.3)
    handles = [line for line in ax.lines if not line.get_label().startswith("_")]
    if dashed:   # the key to the line styles, once for every run
        handles += [Line2D([], [], color="grey", label="training"),
                    Line2D([], [], color="grey", linestyle="--", label="validation")]
    if bests:
        restored = " (restored)" if all(restored for _, _, restored, _ in bests) else ""
        handles.append(Line2D([], [], color="grey", marker="*", markersize=11, markeredgecolor="k", linestyle="none",
                              label=f"best epoch{restored}"))
    legend_outside(ax, handles)
    notes = [f"{metric} not logged by: {', '.join(missing)}"] if missing else []
    return finished(fig, path, ax, "\n".join([title or f"{metric} of {len(runs)} runs"] + notes), into=not own)


def _check_runs(runs, metric):
    """Refuse what ``compare`` cannot draw, naming what to pass instead."""
    if isinstance(runs, History) or isinstance(runs, (list, tuple)):
        raise TypeError("compare draws several runs, each under a label: {'lr 0.1': history, 'lr 0.01': "
                        "other_history}; one History alone is drawn by plots.loss_curves(history)")
    if not isinstance(runs, dict):
        raise TypeError(f"compare draws a dict of runs, {{label: History}}, got {type(runs).__name__}")
    if not runs:
        raise ValueError("compare has no run to draw: give at least one, {'lr 0.1': history}, the History "
                         "that fit returned")
    for label, history in runs.items():
        if hasattr(history, "errors_per_epoch"):
            raise TypeError(f"runs[{label!r}] is a Perceptron, which has no loss: its mistakes per epoch are "
                            f"drawn by plots.errors_per_epoch({{label: perceptron}})")
        if not isinstance(history, History):
            raise TypeError(f"runs[{label!r}] is a {type(history).__name__}: compare draws the History each "
                            f"fit returns, history = model.fit(...), as {{label: history}}")
    if not isinstance(metric, str):
        raise TypeError(f"metric is the name of a logged value, such as 'loss' or 'accuracy', got {metric!r}")
    if not any(metric in history for history in runs.values()):
        logged = sorted({key for history in runs.values() for key in history})
        which = f"they logged {', '.join(map(repr, logged))}" if logged else "none of them logged an epoch"
        raise ValueError(f"no run logged {metric!r}: {which}")


def _curves(history, metric):
    """(epochs from 1, the training values, the validation values) of ``metric`` in ``history``
    (None for one it did not log), float64 with NaN where an epoch logged none. The training loss
    is the data loss, "loss" minus an L1/L2 "penalty", as "val_loss" is."""
    epochs = np.asarray(history.epoch, dtype=np.int64) + 1
    train, val = (np.asarray(history[key], dtype=np.float64) if key in history else None
                  for key in (metric, "val_" + metric))
    if metric == "loss" and train is not None and "penalty" in history:
        train = train - np.nan_to_num(np.asarray(history["penalty"], dtype=np.float64))
    return epochs, train, val


def _same_as(seen, curves):
    """The label of the first run in ``seen`` [(label, (epochs, train, val))] whose curves are
    ``curves`` exactly (NaN epochs alike), or None. Two runs that trained alike (the same seed, a
    setting that changed nothing) draw one line over the other, and the legend's two entries
    looked like two results where the figure shows one."""
    for label, other in seen:
        if all((a is None and b is None) or (a is not None and b is not None and a.shape == b.shape
                                              and np.array_equal(a, b, equal_nan=True))
               for a, b in zip(curves, other)) and len(curves[0]):
            return label
    return None


def _run_line(ax, epochs, values, colour, style):
    """Draws ``values`` at their epochs, skipping those without a finite one (so that the logged
    ones join up), unlabelled: the run's legend entry stands for both of its lines. A few epochs
    get markers: one alone would be no line at all. Returns the values drawn."""
    kept = np.isfinite(values)
    ax.plot(epochs[kept], values[kept], color=colour, linestyle=style, label="_run",
            marker="o" if kept.sum() <= 30 else None, markersize=3)
    return values[kept]


def _runaway_clipped(ax, top):
    """Limit the log y view of ``ax`` to ``top`` when a curve climbs past it (a diverging run's
    loss to 1e37 left the others a strip at the bottom, where their differences are the lesson),
    each value above marked by a triangle at the edge in its curve's colour. Returns the words for
    the axis label, empty when nothing was above."""
    lines = [line for line in ax.lines if len(line.get_xdata())]
    if not any((np.asarray(line.get_ydata(), dtype=np.float64) > top).any() for line in lines):
        return ""
    low = min(np.asarray(line.get_ydata(), dtype=np.float64).min() for line in lines)
    ax.set_ylim(low / 1.5, top * 1.5)   # (the triangles at ``top`` inside the frame)
    for line in lines:
        x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata(), dtype=np.float64)
        above = y > top
        if above.any():
            ax.plot(x[above], np.full(above.sum(), top), "^", color=line.get_color(), markersize=6,
                    label="_above")
    return f"above {float(f'{top:.2g}'):g} off the chart"


def _best_point(history, epochs, values):
    """(epoch from 1, the value drawn there, whether its weights were restored) of the best epoch an
    EarlyStopping noted on ``history``, or None: none noted, or no finite value drawn at it."""
    best = history.best_epoch
    if best is None or values is None:
        return None
    at = np.flatnonzero(epochs == best + 1)
    if not at.size or not np.isfinite(values[at[0]]):
        return None
    return best + 1, values[at[0]], history.best_restored


def _ending(history):
    """How a run ended early, for its label: "diverged", "early stopping", "stopped"; None for a
    run that trained every epoch it was given."""
    reason = history.stop_reason
    if not reason:
        return None
    if history.diverged:
        return "diverged"
    return "early stopping" if reason.startswith("early stopping") else "stopped"


def _axis_label(runs, metric):
    """The y axis's name: the metric's ("R²" for r2), and for the loss, that an L1/L2 penalty a run's
    loss held is left out of its curve (``_curves``)."""
    if metric == "loss" and any("penalty" in history for history in runs.values()):
        return "loss (penalty left out)"
    return METRIC_LABELS.get(metric, metric)
