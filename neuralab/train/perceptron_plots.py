"""``errors_per_epoch``: the mistakes a ``classic.Perceptron`` made in each epoch of its last
``fit``, one line per perceptron, for the course's first figure: on AND and OR the count falls to
0 and training stops (the convergence theorem), on XOR it never does.

A perceptron has no loss, only its rule's updates, one per mistake, so ``loss_curves`` and
``compare``, which draw a History, send it here.
"""
import numpy as np
from matplotlib.ticker import MaxNLocator

from .plot_inputs import checked_ax, checked_path
from .plot_style import class_colours, class_markers, figure_and_axes, finished, legend_outside, with_notes


def errors_per_epoch(perceptrons, path=None, title=None, ax=None):
    """The mistakes of each epoch, epoch 1 to the last that ran, of a fitted ``classic.Perceptron``
    (its ``errors_per_epoch``), or of several given as {label: perceptron}, one line each:

        mistakes in epoch e = #{samples i visited in epoch e : ŷ_i ≠ y_i}

    the number of updates w ← w + η (y − ŷ) x that epoch made. The axis starts at 0 and ticks whole
    mistakes. Each run's label (the title's note, for one alone) says how it ended: "converged at
    epoch k", the first epoch without a mistake, where ``fit`` stops; or "mistakes in all n"
    epochs, which is all a run can show: that no line separates the classes is the theorem's to
    say, not the curve's. ``title`` defaults to "perceptron: mistakes per epoch"; ``path`` saves
    the figure as a PNG; ``ax``: a matplotlib Axes of your own to draw into (``ax=ax[1]``: the
    mistakes under the decision boundary), which is then returned, its figure saved."""
    path = checked_path(path, "errors_per_epoch.png")
    own = checked_ax(ax, "errors_per_epoch") is None
    runs = perceptrons if isinstance(perceptrons, dict) else {None: perceptrons}
    if not runs:
        raise ValueError("errors_per_epoch has no perceptron to draw: give one, or {label: perceptron} of at "
                         "least one")
    counts = {label: _mistakes(label, run) for label, run in runs.items()}
    fig, ax = figure_and_axes(ax, (6.5, 4))
    endings = {}
    for colour, marker, (label, mistakes) in zip(class_colours(len(runs)), class_markers(len(runs)), counts.items()):
        epochs = np.arange(1, len(mistakes) + 1)
        endings[label] = (f"converged at epoch {len(mistakes)}" if mistakes[-1] == 0
                          else f"mistakes in all {len(mistakes)}")
        ax.plot(epochs, mistakes, marker=marker, color=colour,
                label="_run" if label is None else with_notes(label, [endings[label]]))
    ax.set_xlabel("epoch")
    ax.set_ylabel("mistakes in the epoch")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(integer=True))
    # from 0 whatever the counts (XOR's 3 and 4 would fill the axis), the markers at 0 whole
    top = max(1, max(int(mistakes.max()) for mistakes in counts.values()))
    ax.set_ylim(-0.06 * top, 1.06 * top)
    ax.grid(alpha=0.3)
    if isinstance(perceptrons, dict):
        legend_outside(ax)
    lines = [title or "perceptron: mistakes per epoch"] + ([] if isinstance(perceptrons, dict) else [endings[None]])
    return finished(fig, path, ax, "\n".join(lines), into=not own)


def _mistakes(label, run):
    """The mistakes per epoch of ``run``'s last fit, refused with the fix when it is no fitted
    Perceptron."""
    which = "" if label is None else f" for {label!r}"
    if not hasattr(run, "errors_per_epoch"):
        raise TypeError(f"errors_per_epoch draws a classic.Perceptron's mistakes per epoch, or {{label: "
                        f"perceptron}}, got {type(run).__name__}{which}; a History (what a network's fit "
                        f"returns) is drawn by plots.loss_curves(history) or plots.compare({{label: history}})")
    if not run.errors_per_epoch:
        raise ValueError(f"the perceptron{which} has no epoch to draw: call its fit(X, y) first")
    return np.asarray(run.errors_per_epoch, dtype=np.int64)
