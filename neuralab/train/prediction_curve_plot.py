"""A prediction curve: the model along the one feature of its data, where a decision boundary
(``decision_plots``) needs two. It shows the test points beside the training ones, rings the wrong
answers and says each part's score in the title as the decision boundary does, with the same key.
"""
import numpy as np

from ..nn.checks import check_int
from ..nn.tables import column_names
from .decision_confidence import class_probabilities
from .decision_plots import WRONG_MARK, legend_and_key, model_classes, plot_parts, point_key, score_title
from .metrics import r2
from .plot_inputs import (axis_names, check_function, checked_ax, checked_path, class_names_of, one_column, outputs,
                          plot_dataset)
from .plot_style import class_colours, figure_and_axes, finished, legend_outside, line_style, points_drawn


def prediction_curve(predict, X, y=None, path=None, resolution=400, title=None, axes=None, class_names=None,
                     test=None, ax=None):
    """The model along the one feature of the data, where a decision boundary needs two: for
    regression (float ``y``) the samples (x, y) and the predicted curve; for classes (integer
    ``y``) the predicted probability of each class (each its own line style), the samples marked
    along the bottom in their class's colour, a row per class, those the model gets wrong
    ringed in black. ``predict`` maps an (n, 1) array of points in the data's units to n values,
    or to probabilities: (n, classes), or for two classes the probability of class 1, (n,) or
    (n, 1) (a sigmoid output, predict_proba), whose class 0 gets 1 - p. ``axes`` names the
    feature (a DataFrame's column by default) and the target. ``test=(X_test, y_test)`` draws
    those samples too (hollow, or squares for regression) and puts each part's accuracy (R²) in
    the title; without it the title gives that of the samples drawn. A prediction that runs far past the targets (a diverged model's 1e12) is cut at
    the edge of a view that keeps the data readable, and its legend entry says so. Of more than
    ``MOST_POINTS_DRAWN`` samples a random few are drawn, as ``decision_boundary`` does. ``ax``: a
    matplotlib Axes of your own to draw into, as ``decision_boundary``'s (and returned). Returns the figure, else.
    A ``data.Dataset`` given alone is X and y, as ``decision_boundary`` reads it."""
    X, y, class_names = plot_dataset(X, y, class_names, "plots.prediction_curve(model.predict, ds)")
    class_names = model_classes(class_names, predict)
    path = checked_path(path, "prediction_curve.png")
    own = checked_ax(ax, "prediction_curve") is None
    check_function(predict, "predict", "model.predict")
    resolution = check_int(resolution, "resolution", minimum=2, maximum=100_000)
    axes = axis_names(axes, ((column_names(X) or ("x",))[0], "y"))
    parts = plot_parts(predict, X, y, test, 1, "a prediction curve")
    x = np.concatenate([X[:, 0] for X, _ in parts.values()])
    pad = 0.05 * np.ptp(x) or 0.5  # a feature with one value still gets a stretch of line around it
    line = np.linspace(x.min() - pad, x.max() + pad, resolution)
    values = outputs(predict(line[:, None]), resolution, "predict")
    fig, ax = figure_and_axes(ax, (6, 4))
    rows, drawn_note = points_drawn(parts)
    y = parts["train"][1]
    if y.dtype.kind in "iub":
        top = max(int(labels.max()) for _, labels in parts.values())
        probabilities = class_probabilities(values, top + 1)
        names = class_names_of(class_names, probabilities.shape[1])
        # a row per class under the curves: on one row, the marks of one class hid another's
        row = min(0.05, 0.3 / len(names))
        train_x, train_labels = (part[rows["train"]] for part in parts["train"])
        for k, (name, colour) in enumerate(zip(names, class_colours(len(names)))):
            ax.plot(line, probabilities[:, k], color=colour, label=name, linestyle=line_style(k))
            ax.plot(train_x[train_labels == k, 0], np.full(np.sum(train_labels == k), -row * (k + 1)), "|",
                    color=colour, markersize=8)
        predicted = {part: class_probabilities(outputs(predict(X), len(X), "predict"), top + 1).argmax(axis=1)
                     for part, (X, _) in parts.items()}
        wrong = {part: predicted[part] != labels for part, (_, labels) in parts.items()}
        for part, (X, labels) in parts.items():
            X, labels, crossed = X[rows[part]], labels[rows[part]], wrong[part][rows[part]]
            at = -row * (labels + 1)
            if part == "test":   # (scatters, after the lines: curve k and its marks stay ax.lines[2k:2k + 2])
                ax.scatter(X[:, 0], at, s=25, facecolors="none", linewidths=1,
                           edgecolors=[class_colours(len(names))[c] for c in labels])
            if crossed.any():   # ringed as decision_boundary rings them, the mark's colour seen inside
                ax.scatter(X[crossed, 0], at[crossed], marker=WRONG_MARK, facecolors="none", edgecolors="k", s=60,
                           linewidths=1.2)
        ax.set_ylim(-row * (len(names) + 1), 1.05)
        ax.set_ylabel("predicted probability")
        key = point_key(parts, regression=False, wrong=wrong, sampled=drawn_note is not None)
        classes_note = legend_and_key(fig, ax, own, ax.lines[::2], key, title="class")   # the curves, not the marks
        scores = {part: float(np.mean(predicted[part] == labels)) for part, (_, labels) in parts.items()}
        score_name = "accuracy"
    else:
        for part, (X, labels) in parts.items():
            X, labels = X[rows[part]], labels[rows[part]]
            ax.scatter(X[:, 0], labels, s=10 if part == "train" else 14, alpha=0.6, marker="o" if part == "train"
                       else "s", label=part if "test" in parts else "data")
        curve = one_column(values, "predict")
        targets = np.concatenate([labels for _, labels in parts.values()])
        low, high = targets.min(), targets.max()
        reach = (high - low) or 1.0
        off = (curve < low - reach) | (curve > high + reach)
        ax.plot(line, curve, color="k", label="prediction (off chart)" if off.any() else "prediction")
        if off.any():   # the view of the data, not of a curve at 8e12 that squashes it to a line
            ax.set_ylim(low - 0.5 * reach, high + 0.5 * reach)
        ax.set_ylabel(axes[1])
        legend_outside(ax)
        scores = {part: r2(one_column(outputs(predict(X), len(X), "predict"), "predict"), labels)
                  for part, (X, labels) in parts.items()}
        score_name = "R²"   # (train and test are named in the legend: no key below)
        classes_note = None
    ax.set_xlabel(axes[0])
    ax.grid(alpha=0.3)
    return finished(fig, path, ax, score_title(title, score_name, scores, parts, classes_note, drawn_note),
                    into=not own)
