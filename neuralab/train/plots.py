"""Figures with matplotlib: loss/metric curves, decision boundaries, prediction curves, gradient
norms and activation functions with their derivatives. Each checks its input and says what to
pass instead before it draws (a prediction drawn wrongly teaches the wrong lesson).

Figures are built with ``matplotlib.figure.Figure`` (no pyplot global state), so they can be
drawn from any thread and saved straight to PNG. Every legend has an explicit place: matplotlib's
``loc="best"`` searches for the emptiest corner at every draw, which is slow over many points
(and says so in a warning). Each is an ``InlineFigure``, which a notebook shows once, whether it
ends its cell or not (see ``inline_figure``).
"""
import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..nn.activations import Activation, Softmax, get as get_activation
from ..nn.checks import check_int
from ..nn.short_label import short_label
from ..nn.tables import column_names
from .history import History
from .inline_figure import DPI, InlineFigure, saved
from .monitor_layers import watched_weights
from .plot_inputs import (axis_names, check_function, check_model_columns, checked_path, class_names_of,
                          one_column, outputs, plot_data)

CLASS_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
METRIC_LABELS = {"r2": "R²"}
# The most characters of a legend entry (half of it in two columns): a legend wider than about 24
# pushed a 5-inch figure's axes to nothing. A title or an axis label takes no room from the axes,
# and a 55-character title fits: one is cut only where it would run off the figure (``short_label``)
LEGEND_CHARS, LABEL_CHARS = 24, 80


def class_colours(k):
    """One colour per class for ``k`` classes: class c has the same colour whatever ``k`` is, up to
    20 (matplotlib's tab10, then the light shades of tab20); beyond, ``k`` hues spread over a
    colour map, so that no two classes share one."""
    palette = CLASS_COLOURS + [matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["tab20"].colors[1::2]]
    if k <= len(palette):
        return palette[:k]
    return [matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["turbo"](np.linspace(0.05, 0.95, k))]


def _entries(ax, handles=None, ncol=1):
    """The handles and labels of a legend in ``ncol`` columns: ``handles`` (else the axes' own
    lines), each label cut to fit (``LEGEND_CHARS``)."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    else:
        labels = [handle.get_label() for handle in handles]
    return handles, [short_label(label, LEGEND_CHARS // ncol) for label in labels]


def _legend_outside(ax, handles=None, ncol=1, **kwargs):
    """The legend to the right of the axes, where it hides no data."""
    ax.legend(*_entries(ax, handles, ncol), ncol=ncol, loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize="small", **kwargs)


def _finished(fig, path, ax=None, title=None):
    """``fig`` with ``title`` over ``ax`` (if given), saved as a PNG to ``path`` (if given). The
    title and every axis label are cut to fit (``short_label``): they may be a 1,000-character
    class or column name."""
    if title:
        ax.set_title(short_label(title, LABEL_CHARS))
    for label in [text for axes in fig.axes for text in (axes.xaxis.label, axes.yaxis.label)]:
        label.set_text(short_label(label.get_text(), LABEL_CHARS))
    if path is not None:
        fig.savefig(path, dpi=DPI)
        saved(fig)
    return fig


def loss_curves(history, path=None, val_label="validation", loss_label="loss"):
    """Train vs validation loss (and accuracy or R², else the first other metric) per epoch.

    ``history`` is what ``fit`` returns (or its ``.history`` dict). An epoch that did not log a
    value (NaN: a callback that logs every few epochs) is skipped, so the logged ones join up.
    The loss is drawn on a log scale when it spans a factor of 10 or more (a linear axis would
    flatten all that follows the first drop). The x axis ticks whole epochs only (a 2-epoch run
    would otherwise get 1.25, 1.5, ...); the legend sits in the upper right of a falling curve,
    the lower right of a rising one (accuracy), away from where it ends. With an L1/L2 penalty
    (fit's "penalty" log), the train line is the data loss, "loss" minus "penalty", as "val_loss" is.
    ``loss_label`` labels the loss axis: what the loss is, in which units (a regression trained on
    its target standardised has a loss in those units, not in the target's)."""
    path = checked_path(path, "loss.png")
    h, epochs = _logged(history)
    penalised = "penalty" in h  # "loss" holds an L1/L2 penalty, "val_loss" none: the train line is the data loss too
    if penalised:
        h = {**h, "loss": np.subtract(h["loss"], h["penalty"])}
    metric = _shown_metric(h)
    panels = ["loss"] + ([metric] if metric else [])
    train_label = {key: "train" for key in panels} | ({"loss": "train, penalty aside"} if penalised else {})
    fig = InlineFigure(figsize=(5 * len(panels), 3.6), layout="constrained")
    for i, key in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), i + 1, sharex=fig.axes[0] if i else None)
        drawn = [_epoch_line(ax, epochs, h[name], label, colour)
                 for name, label, colour in ((key, train_label[key], "C0"), ("val_" + key, val_label, "C1")) if name in h]
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(epochs) == 1:  # else the axis spans 0.95 to 1.05, with no whole epoch to tick
            ax.set_xlim(epochs[0] - 1, epochs[0] + 1)
        ax.set_ylabel(loss_label if key == "loss" else METRIC_LABELS.get(key, key))
        finite = np.concatenate(drawn)
        positive = finite.size and finite.min() > 0
        if key == "loss" and positive and np.log10(finite.max()) - np.log10(finite.min()) >= 1:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        train = drawn[0]
        ax.legend(*_entries(ax), loc="lower right" if train.size and train[-1] > train[0] else "upper right")
    return _finished(fig, path)


def _logged(history):
    """The lists of ``history`` (a History or its ``.history`` dict) and the 1-based epoch numbers."""
    logs = history.history if isinstance(history, History) else history
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


def decision_boundary(predict_classes, X, y, path=None, resolution=200, title=None, axes=None,
                      class_names=None):
    """Colour the plane by the class ``predict_classes(points)`` assigns, then draw (X, y);
    ``axes`` names the two features (a DataFrame's columns by default), ``class_names`` (one per
    class) labels the colours in the legend.

    ``predict_classes`` maps an (n, 2) array of points in the data's own coordinates to the
    model's prediction for each; with integer ``y`` (classes 0, 1, ...) that is read as:

        n class numbers (n,)                   drawn as they are
        n probabilities of class 1 in [0, 1]   class 1 where p ≥ 0.5 (model.predict of a sigmoid
                                               output, (n, 1), or predict_proba, (n,))
        n rows of one score per class (n, k)   the class of the highest score, arg max (softmax
                                               probabilities and logits alike)

    One value per point outside [0, 1] (a logit) is refused: its threshold is the model's to say.
    A DataFrame X whose columns are not those ``model.predict``'s model learned from (another
    order) is refused: the plane's points reach it as an array, read by position.
    With float ``y`` (regression) it returns values, drawn as a surface under the same colour
    scale as the targets: a point's colour matches the surface where the model fits it.
    """
    path = checked_path(path, "decision_boundary.png")
    check_function(predict_classes, "predict_classes", "model.predict")
    resolution = check_int(resolution, "resolution", minimum=2, maximum=2000)
    axes = axis_names(axes, column_names(X) or ("x1", "x2"))
    check_model_columns(predict_classes, X)
    dtype = X.dtype if isinstance(X, np.ndarray) and X.dtype.kind == "f" else np.dtype(np.float64)
    X, y = plot_data(X, y, 2, "a decision boundary")
    span = X.max(axis=0) - X.min(axis=0)
    # a feature with one value still gets a band of the plane to colour around it
    pad = np.where(span > 0, 0.1 * span, 0.1 * np.abs(X.min(axis=0)) + 0.5)
    # no further than X's dtype reaches: past a value near float32's largest (a missing-value
    # marker), the plane's edge would reach the model as inf
    limit = np.finfo(dtype).max
    lo, hi = np.maximum(X.min(axis=0) - pad, -limit), np.minimum(X.max(axis=0) + pad, limit)
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    values = outputs(predict_classes(np.column_stack([g1.ravel(), g2.ravel()])), g1.size, "predict_classes")
    fig = InlineFigure(figsize=(5, 4.6), layout="constrained")
    ax = fig.add_subplot()
    dots = dict(s=float(np.clip(2000 / len(X), 3, 40)), edgecolors="k", linewidths=0.3 if len(X) <= 2000 else 0)
    if y.dtype.kind in "iub":
        classes = _plane_classes(values, int(y.max()) + 1)
        k = max(int(classes.max()), int(y.max())) + 1
        names = class_names_of(class_names, k)
        colours = class_colours(len(names))
        scale = dict(cmap=ListedColormap(colours), vmin=-0.5, vmax=len(names) - 0.5)
        ax.pcolormesh(g1, g2, classes.reshape(g1.shape), alpha=0.35, shading="nearest", **scale)
        ax.scatter(X[:, 0], X[:, 1], c=y, **scale, **dots)
        _legend_outside(ax, handles=[Patch(color=c, label=name) for c, name in zip(colours, names)], title="class",
                        ncol=2 if len(names) > 12 else 1)
    else:
        values = one_column(values, "predict_classes")
        norm = Normalize(min(values.min(), y.min()), max(values.max(), y.max()))
        mesh = ax.pcolormesh(g1, g2, values.reshape(g1.shape), cmap="viridis", norm=norm, alpha=0.6,
                             shading="nearest")
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="viridis", norm=norm, **dots)
        fig.colorbar(mesh, ax=ax, label="prediction (plane), target (points)")
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    return _finished(fig, path, ax, title)


def _plane_classes(values, n_classes):
    """The class of each point from what predict_classes returned (see ``decision_boundary``)."""
    if values.ndim == 2 and values.shape[1] > 1:
        return values.argmax(axis=1)
    values = values.reshape(-1)
    if values.dtype.kind == "f" and not np.array_equal(values, np.round(values)):
        if n_classes > 2 or values.min() < 0 or values.max() > 1:
            raise ValueError(f"predict_classes returned values from {values.min():.3g} to {values.max():.3g}, "
                             "neither class numbers nor probabilities of class 1 (in [0, 1]): pass a "
                             "function that returns classes, for logits (no sigmoid at the output) "
                             "lambda points: (model.predict(points)[:, 0] > 0).astype(int)")
        return (values >= 0.5).astype(np.int64)
    if values.min() < 0:
        raise ValueError(f"predict_classes returned the class {values.min():g}: classes are numbered "
                         "0, 1, 2, ...; map -1/1 predictions to 0/1 with (p + 1) // 2")
    return values.astype(np.int64)


def prediction_curve(predict, X, y, path=None, resolution=400, title=None, axes=None, class_names=None):
    """The model along the one feature of the data, where a decision boundary needs two: for
    regression (float ``y``) the samples (x, y) and the predicted curve; for classes (integer
    ``y``) the predicted probability of each class, the samples marked along the bottom in their
    class's colour. ``predict`` maps an (n, 1) array of points in the data's units to n values,
    or to probabilities: (n, classes), or for two classes the probability of class 1, (n,) or
    (n, 1) (a sigmoid output, predict_proba), whose class 0 gets 1 - p. ``axes`` names the
    feature (a DataFrame's column by default) and the target."""
    path = checked_path(path, "prediction_curve.png")
    check_function(predict, "predict", "model.predict")
    resolution = check_int(resolution, "resolution", minimum=2, maximum=100_000)
    axes = axis_names(axes, ((column_names(X) or ("x",))[0], "y"))
    check_model_columns(predict, X)
    X, y = plot_data(X, y, 1, "a prediction curve")
    x = X[:, 0]
    pad = 0.05 * np.ptp(x) or 0.5  # a feature with one value still gets a stretch of line around it
    line = np.linspace(x.min() - pad, x.max() + pad, resolution)
    values = outputs(predict(line[:, None]), resolution, "predict")
    fig = InlineFigure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    if y.dtype.kind in "iub":
        probabilities = _class_probabilities(values, int(y.max()) + 1)
        names = class_names_of(class_names, probabilities.shape[1])
        for k, (name, colour) in enumerate(zip(names, class_colours(len(names)))):
            ax.plot(line, probabilities[:, k], color=colour, label=name)
            ax.plot(x[y == k], np.full((y == k).sum(), -0.05), "|", color=colour, markersize=8)
        ax.set_ylim(-0.1, 1.05)
        ax.set_ylabel("predicted probability")
        _legend_outside(ax, title="class")
    else:
        ax.scatter(x, y, s=10, alpha=0.6, label="data")
        ax.plot(line, one_column(values, "predict"), color="k", label="prediction")
        ax.set_ylabel(axes[1])
        _legend_outside(ax)
    ax.set_xlabel(axes[0])
    ax.grid(alpha=0.3)
    return _finished(fig, path, ax, title)


def _class_probabilities(values, n_classes):
    """(n, classes) probabilities from what predict returned (see ``prediction_curve``)."""
    values = values.astype(np.float64)
    if values.ndim == 2 and values.shape[1] > 1:
        if values.shape[1] < n_classes:
            raise ValueError(f"predict returned {values.shape[1]} probabilities per point, and y holds class "
                             f"{n_classes - 1}: return one probability per class")
        if values.min() < 0 or not np.allclose(values.sum(axis=1), 1, atol=1e-3):
            raise ValueError("predict returned scores that are not probabilities (≥ 0, each row summing to "
                             "1): apply the softmax to logits: "
                             "lambda points: np.exp(nn.log_softmax(model.predict(points)))")
        return values
    p = one_column(values, "predict")
    if n_classes > 2:
        raise ValueError(f"predict returned one value per point, and y holds {n_classes} classes: return one "
                         "probability per class, shape (points, classes)")
    if p.min() < 0 or p.max() > 1:
        raise ValueError(f"predict returned values from {p.min():.3g} to {p.max():.3g}, not probabilities of "
                         "class 1 (in [0, 1]): apply the sigmoid to logits: "
                         "lambda points: nn.sigmoid(model.predict(points))")
    return np.column_stack([1 - p, p])


def activation_curves(*activations, path=None, z_range=(-5, 5)):
    """Each activation's a = f(z) (left) and derivative f'(z) (right) over ``z_range``. Backward
    multiplies δ by f'(z): where it is near 0 (the flat tails of sigmoid and tanh, ReLU below 0)
    a unit passes almost no gradient back, and sigmoid's is never above 0.25. ``activations`` are
    element-wise activation layers (``nn.Tanh()``, ``nn.LeakyReLU(0.1)``) or their names."""
    path = checked_path(path, "activations.png")
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
    for layer, colour in zip(layers, class_colours(len(layers))):
        value_ax.plot(z, layer.function(z), color=colour, label=repr(layer))
        slope_ax.plot(z, layer.derivative(z), color=colour, label=repr(layer))
    for ax, name in ((value_ax, "a = f(z)"), (slope_ax, "f'(z)")):
        ax.set_xlabel("z")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
    _legend_outside(slope_ax)
    return _finished(fig, path)


def gradient_norms(monitor, path=None):
    """Each layer's gradient norm ‖dL/dW‖ over the training steps, on a log scale: lines that
    fall apart by orders of magnitude from the last layer to the first are vanishing gradients,
    lines that climb are exploding ones. ``monitor`` is a ``neuralab.train.Monitor`` after ``fit``.
    A layer the fit's optimizer left out is dashed and labelled frozen: backward still gives it
    a gradient, which no step uses."""
    path = checked_path(path, "gradient_norms.png")
    if not (hasattr(monitor, "weights") and hasattr(monitor, "steps")):
        raise TypeError(f"gradient_norms draws a Monitor's records, got {type(monitor).__name__}: pass the "
                        "Monitor given to fit(..., callbacks=[monitor])")
    if not monitor.weights or not monitor.steps:
        raise ValueError("the monitor has no records yet: pass it to fit(..., callbacks=[monitor]) first")
    fig = InlineFigure(figsize=(6, 3.8), layout="constrained")
    ax = fig.add_subplot()
    steps = np.asarray(monitor.steps)
    colours = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, len(monitor.weights)))
    frozen = _frozen_layers(monitor)
    for colour, (name, stats) in zip(colours, monitor.weights.items()):
        norms = np.asarray(stats["grad_norm"], dtype=np.float64)
        ax.plot(steps[:len(norms)], np.where(norms > 0, norms, np.nan), color=colour,
                label=f"{name} (frozen)" if name in frozen else name, ls="--" if name in frozen else "-")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("gradient norm ‖dL/dW‖")
    ax.grid(alpha=0.3, which="both")
    # two columns past 12 layers, as decision_boundary's classes: they halve each label's width
    _legend_outside(ax, ncol=2 if len(monitor.weights) > 12 else 1)
    return _finished(fig, path)


def _frozen_layers(monitor):
    """The names of the monitor's layers that the fit it watched left frozen
    (``model.frozen_parameters``, the parameters its optimizer did not hold): a frozen layer
    still gets its gradient dL/dW from backward, so its line looks like a training layer's, but
    no step uses it. The line is that of the layer's watched weights (``watched_weights``: a Dense
    layer's W, not its bias), so it is frozen when those are, though its bias trains."""
    frozen = {id(p) for p in getattr(getattr(monitor, "model", None), "frozen_parameters", ())}
    return {name for name, layer in getattr(monitor, "watched", ()) if name in monitor.weights
            and (params := watched_weights(layer)) and all(id(p) in frozen for p in params)}
