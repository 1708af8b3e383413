"""The confusion matrix as a figure: which classes the model takes for which, as scikit-learn's
``ConfusionMatrixDisplay`` and TensorBoard draw it.

Row i is the true class i, column j the class predicted, and cell (i, j) counts the samples of
class i predicted as j: the diagonal holds the right answers, every other cell a kind of mistake.
Each cell is shaded by its share of its row, count(i, j) / Σ_j count(i, j), the recall of class
i on the diagonal: shaded by the counts themselves, the 3 errors of a class of 10 samples would
be as pale as the 3 errors of a class of 1,000, and a rare class's misses would not show.
"""
import os

import numpy as np

from ..nn.checks import checked_keywords
from ..nn.short_label import short_label
from .classification_metrics import COUNT_THEN_DRAW, is_model
from .plot_inputs import checked_ax, checked_path, class_names_of
from .plot_style import figure_and_axes, finished

NAME_CHARS = 14   # of a class name on an axis: ten of them side by side still fit
WRITTEN = 30      # the most classes whose counts are written in their cells: past it, shading alone
# The keywords of train.confusion_matrix, which counts what this draws (one name, two functions)
_COUNTING_KEYWORDS = {
    "y": f"y is train.confusion_matrix's, which counts what this draws: {COUNT_THEN_DRAW}",
    **{name: f"{name} is train.confusion_matrix's, which counts what this draws: "
             f"plots.confusion_matrix(train.confusion_matrix(pred, y, {name}=...))"
       for name in ("n_classes", "threshold")},
}


@checked_keywords(_COUNTING_KEYWORDS)
def confusion_matrix(matrix, class_names=None, path=None, title=None, ax=None):
    """Draw ``matrix`` (k, k), rows the true class and columns the predicted one (what
    ``neuralab.train.confusion_matrix(outputs, y)`` returns, or the lists of a run's
    metrics.json), each cell holding its count and shaded by its share of its row (see the
    module). ``class_names`` (one per class) label the axes, each true class with its number of
    samples, "setosa (12)"; the title says the accuracy, the share of the counts on the
    diagonal. Past ``WRITTEN`` (30) classes the cells are too small for their counts, and are
    shaded only. ``ax``: a matplotlib Axes of your own to draw into (``fig, ax =
    plt.subplots(1, 2)``, then ``ax=ax[1]``), which is then returned, its figure saved to ``path``
    if given. Returns the figure, else, saved to ``path`` if given."""
    _refuse_what_is_counted(matrix, class_names, path)
    path = checked_path(path, "confusion_matrix.png")
    own = checked_ax(ax, "confusion_matrix") is None
    counts = _counts(matrix)
    k = len(counts)
    names = [short_label(name, NAME_CHARS) for name in class_names_of(class_names, k)]
    totals = counts.sum(axis=1)
    # a class with no samples has no shares: its row stays white (0), not 0 / 0
    shares = np.divide(counts, totals[:, None], out=np.zeros(counts.shape), where=totals[:, None] > 0)
    # half an inch per class, 10 classes get cells their counts fit in; at most 16 inches (1,760 pixels)
    side = min(max(4.0, 2.5 + 0.5 * k), 16.0)
    fig, ax = figure_and_axes(ax, (side + 1, side))
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    fontsize = "medium" if k <= 6 else "small" if k <= 12 else "x-small"
    for i, j in np.ndindex(counts.shape if k <= WRITTEN else (0, 0)):
        # white on the dark cells, black on the pale ones: the count stays readable on both
        ax.text(j, i, f"{counts[i, j]:d}", ha="center", va="center", fontsize=fontsize,
                color="white" if shares[i, j] > 0.6 else "black")
    tilted = max(map(len, names)) * k > 40   # names that would run into each other side by side
    ax.set_xticks(range(k), names, rotation=45 if tilted else 0, ha="right" if tilted else "center")
    ax.set_yticks(range(k), [f"{name} ({total:d})" for name, total in zip(names, totals)])
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class (samples)")
    fig.colorbar(image, ax=ax, shrink=0.8, label="share of the true class's samples")
    total = int(totals.sum())
    right = int(np.trace(counts))
    score = f"accuracy {right / total:.3f} ({right} of {total} right)" if total else "no samples"
    lines = [title, score, f"{k} classes: the cells are shaded, too small for their counts" if k > WRITTEN else None]
    return finished(fig, path, ax, "\n".join(line for line in lines if line), into=not own)


def _refuse_what_is_counted(matrix, class_names, path):
    """A TypeError for the arguments of what counts the cells, before any other check: a model
    (scikit-learn's ``ConfusionMatrixDisplay.from_estimator(model, X, y)``), or predictions,
    (m,) or (m, k) with m ≠ k, and as many labels, numbers: train.confusion_matrix's (pred, y,
    n_classes), whose y lands in ``class_names`` and n_classes in ``path``. Checked one argument
    at a time, a learner heard of the path first ("give that one by name") and, that fixed, of a
    matrix not square: the answer is the call that counts them, with that n_classes and path."""
    if is_model(matrix):
        raise TypeError(f"plots.confusion_matrix draws counts, not a model: {COUNT_THEN_DRAW} is scikit-learn's "
                        f"ConfusionMatrixDisplay.from_estimator(model, X, y)")
    if class_names is None:
        return
    try:
        shape, labels = np.shape(matrix), np.asarray(class_names)
    except (TypeError, ValueError):   # ragged rows: the matrix's (or the names') own check says it
        return
    predictions = len(shape) == 1 or (len(shape) == 2 and shape[0] != shape[1])
    if not predictions or labels.ndim not in (1, 2) or labels.dtype.kind not in "biuf" or len(labels) != shape[0]:
        return
    n_classes = f", {path}" if isinstance(path, int) and not isinstance(path, bool) else ""
    saved = f", path={str(path)!r}" if isinstance(path, (str, os.PathLike)) else ""
    raise TypeError(f"plots.confusion_matrix draws counts, not predictions and their labels: count them first, "
                    f"plots.confusion_matrix(train.confusion_matrix(pred, y{n_classes}){saved})")


def _counts(matrix):
    """``matrix`` as a (k, k) array of whole, non-negative counts, or a ValueError saying why not."""
    try:
        counts = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"matrix must be a square table of counts (rows true class, columns predicted), "
                        f"got {type(matrix).__name__}: make it with {COUNT_THEN_DRAW}") from None
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or counts.size == 0:
        raise ValueError(f"matrix must be square, one row and one column per class, got shape {counts.shape}: "
                         f"count the predictions first, {COUNT_THEN_DRAW}")
    if not np.isfinite(counts).all() or (counts < 0).any() or (counts != np.round(counts)).any():
        raise ValueError("matrix must hold counts, whole numbers ≥ 0: give the counts themselves, not shares "
                         "of them (the figure shades each cell by its share of its row)")
    return counts.astype(np.int64)
