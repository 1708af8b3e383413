"""Figures with matplotlib: loss/metric curves, decision boundaries and prediction curves.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot global state), so they can be
drawn from any thread and saved straight to PNG. Every legend has an explicit place: matplotlib's
``loc="best"`` searches for the emptiest corner at every draw, which is slow over many points
(and says so in a warning).
"""
import io

import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

DPI = 110
CLASS_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


class InlineFigure(Figure):
    """A Figure that a notebook shows as its picture: a cell ending with ``plots.loss_curves(h)``
    showed "<Figure size 1000x360 with 2 Axes>" in a kernel where pyplot, whose import registers
    the display of figures, had never been imported. Where it has, that display is used instead
    (it is registered for Figure, which this is), so the picture shows once."""

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()


def _legend_outside(ax, **kwargs):
    """The legend to the right of the axes, where it hides no data."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", **kwargs)


def _finished(fig, path, ax=None, title=None):
    """``fig`` with ``title`` over ``ax`` (if given), saved as a PNG to ``path`` (if given)."""
    if title:
        ax.set_title(title)
    if path is not None:
        fig.savefig(path, dpi=DPI)
    return fig


def loss_curves(history, path=None, val_label="validation"):
    """Train vs validation loss (and the first metric, if any) per epoch. The x axis ticks whole
    epochs only (a 2-epoch run would otherwise get 1.25, 1.5, ...); the legend sits in the upper
    right of a falling curve, the lower right of a rising one (accuracy), away from where it ends."""
    h = history.history
    metric = next((k for k in h if k not in ("loss", "lr") and not k.startswith("val_")), None)
    panels = ["loss"] + ([metric] if metric else [])
    fig = InlineFigure(figsize=(5 * len(panels), 3.6), layout="constrained")
    for i, key in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), i + 1)
        epochs = np.arange(1, len(h[key]) + 1)
        ax.plot(epochs, h[key], label="train")
        if "val_" + key in h:
            ax.plot(epochs, h["val_" + key], label=val_label)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(key)
        if key == "loss" and min(h[key]) > 0:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right" if h[key][-1] > h[key][0] else "upper right")
    return _finished(fig, path)


def decision_boundary(predict_classes, X, y, path=None, resolution=200, title=None, axes=("x1", "x2"),
                      class_names=None):
    """Colour the plane by the class ``predict_classes(points)`` assigns, then draw (X, y);
    ``axes`` names the two features, ``class_names`` (one per class) labels the colours in a legend.

    ``predict_classes`` maps an (n, 2) array of points in the data's own coordinates to n
    integer classes; for regression pass a function returning values instead (drawn as a
    surface) and float targets.
    """
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"a decision boundary needs 2-D inputs, got shape {X.shape}")
    span = X.max(axis=0) - X.min(axis=0)
    # a feature with one value still gets a band of the plane to colour around it
    pad = np.where(span > 0, 0.1 * span, 0.1 * np.abs(X.min(axis=0)) + 0.5)
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    values = np.asarray(predict_classes(np.column_stack([g1.ravel(), g2.ravel()]))).reshape(g1.shape)
    fig = InlineFigure(figsize=(5, 4.6), layout="constrained")
    ax = fig.add_subplot()
    y = np.asarray(y)
    if y.dtype.kind in "iub":
        k = int(max(values.max(), y.max())) + 1
        cmap = ListedColormap(CLASS_COLOURS[:k])
        ax.pcolormesh(g1, g2, values, cmap=cmap, vmin=-0.5, vmax=k - 0.5, alpha=0.35, shading="auto")
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap=cmap, vmin=-0.5, vmax=k - 0.5, s=12, edgecolors="k",
                   linewidths=0.3)
        if class_names is not None:
            _legend_outside(ax, handles=[Patch(color=CLASS_COLOURS[i], label=name)
                                         for i, name in enumerate(class_names)], title="class")
    else:
        mesh = ax.pcolormesh(g1, g2, values, cmap="viridis", alpha=0.6, shading="auto")
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="viridis", s=12, edgecolors="k", linewidths=0.3,
                   norm=mesh.norm)
        fig.colorbar(mesh, ax=ax)
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    return _finished(fig, path, ax, title)


def prediction_curve(predict, X, y, path=None, resolution=400, title=None, axes=("x", "y"), class_names=None):
    """The model along the one feature of the data, where a decision boundary needs two: for
    regression (float ``y``) the samples (x, y) and the predicted curve; for classes (integer
    ``y``) the predicted probability of each class, the samples marked along the bottom in their
    class's colour. ``predict`` maps an (n, 1) array of points in the data's units to n values,
    or to (n, classes) probabilities; ``axes`` names the feature and the target."""
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 1:
        raise ValueError(f"a prediction curve needs 1-feature inputs, shape (samples, 1), got shape {X.shape}")
    x, y = X[:, 0], np.asarray(y)
    pad = 0.05 * np.ptp(x) or 0.5  # a feature with one value still gets a stretch of line around it
    line = np.linspace(x.min() - pad, x.max() + pad, resolution)
    values = np.asarray(predict(line[:, None]))
    fig = InlineFigure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    if y.dtype.kind in "iub":
        names = class_names or [str(k) for k in range(values.shape[1])]
        for k, name in enumerate(names):
            colour = CLASS_COLOURS[k % len(CLASS_COLOURS)]
            ax.plot(line, values[:, k], color=colour, label=name)
            ax.plot(x[y == k], np.full((y == k).sum(), -0.05), "|", color=colour, markersize=8)
        ax.set_ylim(-0.1, 1.05)
        ax.set_ylabel("predicted probability")
        _legend_outside(ax, title="class")
    else:
        ax.scatter(x, y, s=10, alpha=0.6, label="data")
        ax.plot(line, values, color="k", label="prediction")
        ax.set_ylabel(axes[1])
        _legend_outside(ax)
    ax.set_xlabel(axes[0])
    ax.grid(alpha=0.3)
    return _finished(fig, path, ax, title)


def gradient_norms(monitor, path=None):
    """Each layer's gradient norm ‖dL/dW‖ over the training steps, on a log scale: lines that
    fall apart by orders of magnitude from the last layer to the first are vanishing gradients,
    lines that climb are exploding ones. ``monitor`` is a ``neuralab.train.Monitor`` after ``fit``."""
    if not monitor.weights or not monitor.steps:
        raise ValueError("the monitor has no records yet: pass it to fit(..., callbacks=[monitor]) first")
    fig = InlineFigure(figsize=(6, 3.8), layout="constrained")
    ax = fig.add_subplot()
    steps = np.asarray(monitor.steps)
    colours = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, len(monitor.weights)))
    for colour, (name, stats) in zip(colours, monitor.weights.items()):
        norms = np.asarray(stats["grad_norm"], dtype=np.float64)
        ax.plot(steps[:len(norms)], np.where(norms > 0, norms, np.nan), label=name, color=colour)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("gradient norm ‖dL/dW‖")
    ax.grid(alpha=0.3, which="both")
    _legend_outside(ax, ncol=2 if len(monitor.weights) > 6 else 1)
    return _finished(fig, path)
