"""Figures with matplotlib: loss/metric curves, decision boundaries, prediction curves, gradient
norms, activation functions with their derivatives, the confusion matrix, the misclassified
images and a perceptron's mistakes per epoch. Each checks its input and says what to pass
instead before it draws (a prediction drawn wrongly teaches the wrong lesson).

Figures are built with ``matplotlib.figure.Figure`` (no pyplot global state), so they can be
drawn from any thread and saved straight to PNG. Each is an ``InlineFigure``, which a notebook
shows once, whether it ends its cell or not (see ``inline_figure``). The model over its data
is drawn in ``decision_plots`` and ``prediction_curve_plot``, the confusion matrix
in ``confusion_plot``, the misclassified images in ``image_grid``, a perceptron's mistakes in
``perceptron_plots``; what every figure shares (class colours and shapes, legends, ticks,
"stopped: ...") is in ``plot_style``.

The one-panel figures (``decision_boundary``, ``prediction_curve``, ``confusion_matrix``,
``gradient_norms``, ``compare``, ``layer_stats``, ``errors_per_epoch``) draw into a subplot of the
learner's own when given it, ``ax=ax[0]``, as scikit-learn's and seaborn's plots do; those of
several panels (``loss_curves``, ``activation_curves``) refuse ``ax=``, and are titled and saved
through the figure they return (``fig.suptitle(...)``, ``fig.savefig(...)``), or, in a notebook,
with ``plt.title`` and ``plt.savefig`` right after them (see ``inline_figure``).
"""
import matplotlib
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..nn.activations import Activation, Softmax, get as get_activation
from .compare_plots import compare  # noqa: F401 (plots.compare)
from .confusion_plot import confusion_matrix  # noqa: F401 (plots.confusion_matrix)
from .decision_plots import decision_boundary  # noqa: F401 (plots.decision_boundary)
from .history import History
from .image_grid import misclassified  # noqa: F401 (plots.misclassified)
from .inline_figure import InlineFigure
from .layer_plots import layer_stats  # noqa: F401 (plots.layer_stats)
from .perceptron_plots import errors_per_epoch  # noqa: F401 (plots.errors_per_epoch)
from .prediction_curve_plot import prediction_curve  # noqa: F401 (plots.prediction_curve)
from .monitor_layers import watched_weights
from .plot_inputs import checked_ax, checked_path, no_ax
from .plot_style import (LABEL_CHARS, LEGEND_CHARS, class_colours, clipped_view, figure_and_axes,  # noqa: F401
                         finished, legend_clear_of_data, legend_columns, legend_outside, line_style,
                         plain_log_ticks, stop_note, METRIC_LABELS, zero_level, zero_row)

# the R² axis starts at -1 at the lowest: an R² of -8 at the first epoch (or -1e26 after a
# divergence) flattened the plateau near 1 that the learner looks for
METRIC_FLOORS = {"r2": -1.0}


def loss_curves(history, path=None, val_label="validation", loss_label="loss", early_stopping=None, chance=None,
                ax=None):
    """Train vs validation loss (and accuracy or R², else the first other metric) per epoch.

    ``history`` is what ``fit`` returns (or its ``.history`` dict). An epoch that did not log a
    value (NaN: a callback that logs every few epochs) is skipped, so the logged ones join up.
    The loss is drawn on a log scale when it spans a factor of 10 or more (a linear axis would
    flatten all that follows the first drop), ticked in plain numbers (0.6, 2, 0.05). The x axis
    ticks whole epochs only (a 2-epoch run would otherwise get 1.25, 1.5, ...); each legend sits
    in the corner its curves leave empty, else outside. With an L1/L2 penalty (fit's "penalty"
    log), the train line is the data loss, "loss" minus "penalty", as "val_loss" is.
    ``loss_label`` labels the loss axis: what the loss is, in which units (a regression trained on
    its target standardised has a loss in those units, not in the target's).

    The best epoch of the fit's ``EarlyStopping`` (``History.best_epoch``, or that of the
    ``early_stopping`` given) gets a dashed line, labelled "best (restored)" when its weights were
    put back: the model after fit is that epoch's, not the last one's. A History whose run stopped
    early (``stop_reason``: a divergence, early stopping) says so over the curves, "stopped: ...",
    and one that froze (``History.frozen``) "frozen: ...".
    An R² below -1 is left off its axis (marked at the
    edge, and the axis label says so): one runaway value would flatten the rest. A learning rate
    that changed (a schedule's "lr", logged by ``LearningRateScheduler``) gets a panel of its own,
    where a jump in the loss can be read against the step of the lr.

    ``chance``: the loss of a model that knows only how common each class is (``chance_loss(y)``
    of the training labels), drawn dotted across the loss panel: a curve that stays on it has
    learnt nothing from the inputs, one below it has.

    A figure of its own, one panel each for the loss, the metric and the lr: ``ax`` (a subplot
    to draw into) is refused. ``fig = plots.loss_curves(h)``, then ``fig.suptitle("my run")`` or
    ``fig.axes[0].set_title(...)``, and ``fig.savefig("loss.png")``."""
    path = checked_path(path, "loss.png")
    no_ax(ax, "loss_curves", "a panel each for the loss, the metric and a changing learning rate")
    if chance is not None and not (isinstance(chance, (int, float, np.floating)) and 0 <= chance < np.inf):
        raise ValueError(f"chance is the loss of guessing by the class frequencies, a number ≥ 0 "
                         f"(plots.chance_loss(y_train)), got {chance!r}")
    h, epochs = _logged(history)
    penalised = "penalty" in h  # "loss" holds an L1/L2 penalty, "val_loss" none: the train line is the data loss too
    if penalised:
        h = {**h, "loss": np.subtract(h["loss"], h["penalty"])}
    metric = _shown_metric(h)
    lr = np.asarray(h.get("lr", []), dtype=np.float64)
    scheduled = np.unique(lr[np.isfinite(lr)]).size > 1   # a schedule's lr, logged by LearningRateScheduler
    panels = ["loss"] + ([metric] if metric else []) + (["lr"] if scheduled else [])
    train_label = ({key: "train" for key in panels} | {"lr": "lr"}
                   | ({"loss": "train, penalty aside"} if penalised else {}))
    fig = InlineFigure(figsize=(5 * len(panels), 3.6), layout="constrained")
    best = _best_epoch(early_stopping, history, epochs)
    for i, key in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), i + 1, sharex=fig.axes[0] if i else None)
        drawn = [_epoch_line(ax, epochs, h[name], label, colour)
                 for name, label, colour in ((key, train_label[key], "C0"), ("val_" + key, val_label, "C1")) if name in h]
        if key == "loss" and chance is not None:
            # a point per epoch, so that the legend's search sees it cross the axes (one epoch: its view, ±1)
            across = epochs if len(epochs) > 1 else epochs[0] + np.array([-1, 1])
            ax.plot(across, np.full(len(across), float(chance)), color="grey", linestyle=":", linewidth=1.5,
                    label="chance (class shares)")
            drawn.append([chance])
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(epochs) == 1:  # else the axis spans 0.95 to 1.05, with no whole epoch to tick
            ax.set_xlim(epochs[0] - 1, epochs[0] + 1)
        label = loss_label if key == "loss" else METRIC_LABELS.get(key, key)
        finite = np.concatenate(drawn)
        positive = finite.size and finite.min() > 0
        if key in ("loss", "lr") and positive and np.log10(finite.max()) - np.log10(finite.min()) >= 1:
            ax.set_yscale("log")
            plain_log_ticks(ax.yaxis)
        clipped = clipped_view(ax, low=METRIC_FLOORS.get(key))
        ax.set_ylabel(f"{label} ({clipped})" if clipped else label)
        ax.grid(alpha=0.3)
        if best is not None:
            ax.axvline(best[0], color="k", linestyle="--", linewidth=1, label=best[1])
        if key != "lr" or best is not None:   # (the lr alone needs no legend: its axis names it)
            legend_clear_of_data(ax)
    if note := stop_note(getattr(history, "stop_reason", None)):
        fig.suptitle(note, fontsize="medium")
    elif getattr(history, "frozen", False):   # a flat line read as a run that merely learnt slowly
        fig.suptitle("frozen: every gradient was exactly 0, so no step could change the loss", fontsize="medium")
    return finished(fig, path)


def chance_loss(y):
    """The cross-entropy of a model that knows nothing of its inputs but how common each class
    is in ``y`` (class numbers, or one-hot rows), p_c, and predicts those frequencies for every
    sample: its loss is their entropy,

        H = −Σ_c p_c · ln p_c       (ln 2 = 0.693 for two balanced classes, ln k for k)

    the binary cross-entropy of two classes too. A loss curve that stays at it has learnt
    nothing from the inputs (``loss_curves(..., chance=...)`` draws it)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = y.argmax(axis=1)
    y = y.reshape(-1)
    if y.size == 0 or y.dtype.kind not in "biuf" or not np.array_equal(y, np.round(y)) or y.min() < 0:
        raise ValueError("chance_loss needs the class numbers of the training samples (0, 1, 2, ...) or their "
                         "one-hot rows, at least one")
    p = np.bincount(y.astype(np.int64)) / y.size
    p = p[p > 0]   # (a class absent from y adds 0 · ln 0 = 0)
    return float(-(p * np.log(p)).sum())


def _best_epoch(early_stopping, history, epochs):
    """(x, label) of the dashed line at the best epoch, 1-based as the axis, of ``early_stopping``
    or else the one the History noted (``History.best_epoch``), or None: no EarlyStopping, none of
    its epochs improved, or that epoch is no longer among those kept."""
    if early_stopping is None:
        best, restored = getattr(history, "best_epoch", None), getattr(history, "best_restored", False)
    elif not hasattr(early_stopping, "best_epoch"):
        raise TypeError(f"early_stopping is the EarlyStopping given to fit, got {type(early_stopping).__name__}")
    else:   # (restored at the end of fit whether it stopped early or ran every epoch)
        best, restored = early_stopping.best_epoch, early_stopping.restore_best
    if best is None or best + 1 not in epochs:
        return None
    return best + 1, "best (restored)" if restored else "best"


def _logged(history):
    """The lists of ``history`` (a History or its ``.history`` dict) and the 1-based epoch numbers."""
    logs = history.history if isinstance(history, History) else history
    if isinstance(logs, dict) and any(isinstance(run, History) for run in logs.values()):
        raise TypeError("loss_curves draws one run, a History; to draw several runs on one figure, one "
                        "curve each, use plots.compare({'lr 0.1': history, 'lr 0.01': other_history})")
    if hasattr(history, "errors_per_epoch") or (isinstance(logs, dict) and any(
            hasattr(run, "errors_per_epoch") for run in logs.values())):   # ({label: perceptron}, as compare takes)
        raise TypeError("a Perceptron has no loss: its mistakes per epoch are drawn by "
                        "plots.errors_per_epoch(perceptron), or plots.errors_per_epoch({'and': p1, 'xor': p2})")
    if not isinstance(logs, dict):
        # a list is what the classic models keep (LogisticRegression.loss_history): say how to draw it
        raise TypeError(f"loss_curves draws a History (what fit returns) or its .history dict, "
                        f"got {type(history).__name__}; for a list of losses, one per epoch (a "
                        f"classic.LogisticRegression's loss_history), give {{'loss': the_list}}")
    if len(logs.get("loss", ())) == 0:
        raise ValueError("the History has no epoch to draw: train for at least one epoch first (a fit "
                         "interrupted or diverged in its first epoch records none)")
    n = len(logs["loss"])
    uneven = next((key for key, values in logs.items() if len(values) != n), None)
    if uneven:
        raise ValueError(f"history[{uneven!r}] has {len(logs[uneven])} values and history['loss'] {n}: "
                         "give one value per epoch in every list (NaN for an epoch without one)")
    epochs = np.asarray(history.epoch) + 1 if isinstance(history, History) else np.arange(1, n + 1)
    return logs, epochs


def _shown_metric(h):
    """The metric the second panel shows: accuracy or R² if logged, else the first other metric
    that is not the loss itself (the MSE of an MSE loss), else None."""
    metrics = [k for k in h if k not in ("loss", "lr", "penalty") and not k.startswith("val_")]
    preferred = [k for k in metrics if k in ("accuracy", "r2")]
    others = [k for k in metrics if not np.allclose(h[k], h["loss"], equal_nan=True)]
    return (preferred + others + [None])[0]


def _epoch_line(ax, epochs, values, label, colour):
    """Draws ``values`` (one per epoch) at their epochs, skipping the epochs without a finite one;
    returns the values drawn. A few epochs get markers: one alone would be no line at all."""
    values = np.asarray(values, dtype=np.float64)
    kept = np.isfinite(values)
    ax.plot(epochs[kept], values[kept], label=label, color=colour,
            marker="o" if kept.sum() <= 30 else None, markersize=3)
    return values[kept]


def activation_curves(*activations, path=None, z_range=(-5, 5), ax=None):
    """Each activation's a = f(z) (left) and derivative f'(z) (right) over ``z_range``. Backward
    multiplies δ by f'(z): where it is near 0 (the flat tails of sigmoid and tanh, ReLU below 0)
    a unit passes almost no gradient back, and sigmoid's is never above 0.25. ``activations`` are
    element-wise activation layers (``nn.Tanh()``, ``nn.LeakyReLU(0.1)``) or their names. A
    figure of its own, of two panels: ``ax`` is refused."""
    path = checked_path(path, "activations.png")
    no_ax(ax, "activation_curves", "a panel for f(z) and one for f'(z)")
    layers = [get_activation(a) if isinstance(a, str) else a for a in activations]
    other = next((a for a in layers if not isinstance(a, Activation)), None)
    if not layers or other is not None:
        why = " (softmax is not: its derivative is a matrix per sample)" if isinstance(other, Softmax) else ""
        raise TypeError("activation_curves draws element-wise activations, such as nn.Sigmoid() or 'relu', "
                        f"got {'none' if not layers else repr(other)}{why}")
    lo, hi = z_range
    if not lo < hi:
        raise ValueError(f"z_range is (lowest z, highest z), e.g. (-5, 5), got {z_range!r}")
    z = np.linspace(lo, hi, 1001)  # odd: a range symmetric about 0 has 0, where ReLU's kink is, on the grid
    fig = InlineFigure(figsize=(10, 3.6), layout="constrained")
    value_ax, slope_ax = fig.subplots(1, 2, sharex=True)
    for k, (layer, colour) in enumerate(zip(layers, class_colours(len(layers)))):
        # a line style each, as well as a colour: LeakyReLU is drawn over ReLU for z > 0
        value_ax.plot(z, layer.function(z), color=colour, label=repr(layer), linestyle=line_style(k))
        slope_ax.plot(z, layer.derivative(z), color=colour, label=repr(layer), linestyle=line_style(k))
    for panel, name in ((value_ax, "a = f(z)"), (slope_ax, "f'(z)")):
        panel.set_xlabel("z")
        panel.set_ylabel(name)
        panel.grid(alpha=0.3)
    legend_outside(slope_ax)
    return finished(fig, path)


def gradient_norms(monitor, path=None, ax=None):
    """Each layer's gradient norm ‖dL/dW‖ over the training steps, on a log scale: lines that
    fall apart by orders of magnitude from the last layer to the first are vanishing gradients,
    lines that climb are exploding ones. ``monitor`` is a ``neuralab.train.Monitor`` after ``fit``.

    A norm of exactly 0 (a layer of dead ReLUs passes no gradient at all) has no place on a log
    axis: it is drawn on a row of its own at the bottom, ticked "0", below a dotted break, so the
    line is seen to drop to nothing rather than to stop. The x axis spans every step the fit
    took, and a few records get markers (three points joined by lines drew a meaningless V).
    The top axis counts epochs, as the loss curves do. A layer the fit's optimizer left out is
    dashed and labelled frozen: backward still gives it a gradient, which no step uses. Each line is
    named as ``model.summary()`` lists its layer, "0 Dense(2, 16)": the Monitor's report calls it
    "0 Dense", and its sizes tell the Dense layers apart ("0 Dense, 2 Dense" did not). A fit that
    stopped early says so in the title. ``ax``: a matplotlib Axes of your own to draw into
    (``fig, ax = plt.subplots(1, 2)``, then ``ax=ax[1]``), which is returned, its figure saved."""
    path = checked_path(path, "gradient_norms.png")
    own = checked_ax(ax, "gradient_norms") is None
    if not (hasattr(monitor, "weights") and hasattr(monitor, "steps")):
        raise TypeError(f"gradient_norms draws a Monitor's records, got {type(monitor).__name__}: pass the "
                        "Monitor given to fit(..., callbacks=[monitor])")
    if not monitor.weights or not monitor.steps:
        raise ValueError("the monitor has no records yet: pass it to fit(..., callbacks=[monitor]) first")
    fig, ax = figure_and_axes(ax, (6, 3.8))
    steps = np.asarray(monitor.steps)
    norms = {name: np.asarray(stats["grad_norm"], dtype=np.float64) for name, stats in monitor.weights.items()}
    zero = zero_level(np.concatenate(list(norms.values())))   # the row of exact zeros
    colours = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, len(norms)))
    frozen = _frozen_layers(monitor)
    marker = "o" if len(steps) <= 30 else None
    layers = dict(getattr(monitor, "watched", ()))
    for colour, (name, values) in zip(colours, norms.items()):
        label = _summary_name(name, layers.get(name))
        ax.plot(steps[:len(values)], np.where(values == 0, zero, values), color=colour, marker=marker, markersize=3,
                label=f"{label} (frozen)" if name in frozen else label, ls="--" if name in frozen else "-")
    ax.set_yscale("log")
    plain_log_ticks(ax.yaxis)
    if any((values == 0).any() for values in norms.values()):
        zero_row(ax, zero)
    # every step of the fit (monitor.step counts them), not only up to the last nonzero record
    ax.set_xlim(0, max(getattr(monitor, "step", 0), steps[-1]) + 1)
    ax.set_xlabel("step (one batch)")
    epochs = getattr(monitor, "epochs_seen", 0)
    if epochs and monitor.step:   # the loss curves count epochs: the same run on their scale, on top
        per_epoch = monitor.step / epochs
        ax.secondary_xaxis("top", functions=(lambda s: s / per_epoch, lambda e: e * per_epoch)).set_xlabel("epoch")
    ax.set_ylabel("gradient norm ‖dL/dW‖")
    ax.grid(alpha=0.3, which="major")
    # two columns past 12 layers, as decision_boundary's classes: they halve each label's width
    legend_outside(ax, ncol=legend_columns(len(monitor.weights)))
    note = stop_note(getattr(monitor, "stop_reason", None))
    return finished(fig, path, ax, "gradient norm per layer" + (f"\n{note}" if note else ""), into=not own)


def _summary_name(name, layer):
    """The Monitor's ``name`` of ``layer`` ("0 Dense": its row in ``model.summary()`` and its class)
    as that row writes it, "0 Dense(2, 16)"; the name itself for records set by hand, of no layer."""
    return name if layer is None else f"{name.split(' ', 1)[0]} {layer!r}"


def _frozen_layers(monitor):
    """The names of the monitor's layers that the fit it watched left frozen
    (``model.frozen_parameters``, the parameters its optimizer did not hold): a frozen layer
    still gets its gradient dL/dW from backward, so its line looks like a training layer's, but
    no step uses it. The line is that of the layer's watched weights (``watched_weights``: a Dense
    layer's W, not its bias), so it is frozen when those are, though its bias trains."""
    frozen = {id(p) for p in getattr(getattr(monitor, "model", None), "frozen_parameters", ())}
    return {name for name, layer in getattr(monitor, "watched", ()) if name in monitor.weights
            and (params := watched_weights(layer)) and all(id(p) in frozen for p in params)}
