"""The model over its data: a decision boundary over two features (or a map of the predicted
value, for regression); the prediction curve along one (``prediction_curve_plot``) shares this
module's reading of the data, key to the points and title. Each can show the test points beside
the training ones (``test=(X_test, y_test)``, TensorFlow Playground's "show test data"), marks
the points the model gets wrong, and says its score on each part in the title. Each draws into a
subplot of the learner's own when given it, ``ax=ax[0]``, or else a figure of its own.

Each class has a colour and a marker shape (``plot_style``): two colours that one reader in
twelve cannot tell apart still differ in shape. Past ``MOST_LEGEND_CLASSES`` classes the legend,
which would not fit, lists none, and the title says so. Past ``MOST_POINTS_DRAWN`` points a
random sample of them is drawn (``points_drawn``, and the title says how many); the scores and
the count of wrong answers are still those of every point.
"""
import numpy as np
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.ticker import ScalarFormatter

from ..nn.checks import check_bool, check_int
from ..nn.labels import plus_minus_one
from ..nn.tables import column_names
from .decision_confidence import confidence_bar, confidence_of, half_line
from .metrics import r2
from .plot_inputs import (axis_names, check_function, check_model_columns, checked_ax, checked_path,
                          class_names_of, one_column, outputs, plot_data, plot_dataset)
from .plot_style import (MOST_LEGEND_CLASSES, class_colours, class_markers, figure_and_axes, finished, legend_columns,
                         legend_outside, points_drawn)


def decision_boundary(predict_classes, X, y=None, path=None, resolution=200, title=None, axes=None,
                      class_names=None, test=None, probabilities=False, ax=None, legend=True):
    """Colour the plane by the class ``predict_classes(points)`` assigns, then draw (X, y), each
    class in its colour and marker shape; ``axes`` names the two features (a DataFrame's
    columns by default), and for regression may name the target too (a third name), and
    ``class_names`` (one per class; by default a Dataset's, else ``model.class_names`` when
    ``predict_classes`` is the method of a model that keeps them) labels the classes in the legend.
    ``test=(X_test, y_test)``
    draws those points too, hollow, and puts each part's accuracy (R² for regression) in the
    title; without it the title gives the accuracy of the points drawn. A point whose class the model gets wrong keeps its class's colour and marker, ringed in
    black (the key says so). Of more than
    ``MOST_POINTS_DRAWN`` points, a random sample is drawn (the same at every call), and the
    title says how many; the scores, and the count of wrong answers in the key, are of all.

    ``predict_classes`` maps an (n, 2) array of points in the data's own coordinates to the
    model's prediction for each; with integer ``y`` (classes 0, 1, ...) that is read as:

        n class numbers (n,)                   drawn as they are
        n probabilities of class 1 in [0, 1]   class 1 where p ≥ 0.5 (model.predict of a sigmoid
                                               output, (n, 1), or predict_proba, (n,))
        n rows of one score per class (n, k)   the class of the highest score, arg max (softmax
                                               probabilities and logits alike)

    One value per point outside [0, 1] (a logit) is refused: its threshold is the model's to say.

    Labels -1 and +1 (an SVM's, a perceptron's, micrograd's demo's, trained with ``nn.HingeLoss``)
    are the classes "-1" and "+1", and one value per point is then a score whose sign is the
    class: s > 0 is +1, as ``(scorei.data > 0)`` reads it (class numbers -1/+1 read alike).

    ``probabilities=True`` says that ``predict_classes`` returns probabilities (a sigmoid's p of
    class 1, or a softmax's row per point): each region is then shaded by the model's confidence,
    the probability of the class it predicts, pale where the model is unsure (near 1/k) and deep
    where it is sure, as the TensorFlow Playground shades its output, and for two classes the
    line p = 0.5 is drawn. It is a flag, not a guess from the values: scores per class may be
    logits, whose arg max is the class but whose largest is no probability, and an MSE fit of
    0/1 labels lies in [0, 1] without being one; and not a second function, which could only
    disagree with the first about the classes (they are read off the probabilities).

    A DataFrame X whose columns are not those ``model.predict``'s model learned from (another
    order) is refused: the plane's points reach it as an array, read by position.
    With float ``y`` (regression) it returns values, drawn as an opaque surface under the same
    colour scale as the targets: a point's colour matches the surface where the model fits it.

    ``ax``: a matplotlib Axes of your own to draw into (``fig, ax = plt.subplots(1, 2)``, then
    ``ax=ax[0]``), which is then returned (and the figure that holds it saved to ``path``), and
    the key to the points joins the legend of the classes. Returns the figure, else.
    ``legend=False`` draws neither: in a row of boundaries of one dataset (1, 2, 4, 16 hidden
    units), each its own legend of the same classes took a third of every panel; keep it on one.

    A ``data.Dataset`` given alone is X and y, with its names (``plot_inputs.plot_dataset``), as
    ``fit(ds)`` reads one: ``decision_boundary(model.predict, ds, test=(ds_test.X, ds_test.y))``.
    """
    X, y, class_names = plot_dataset(X, y, class_names, "plots.decision_boundary(model.predict, ds)")
    class_names = model_classes(class_names, predict_classes)
    signs = _sign_labels(y, test)
    if signs:   # -1/+1 as the classes 0/1, named so
        if probabilities:
            raise ValueError("probabilities=True reads a probability of class 1; with -1/+1 labels the model "
                             "gives a score whose sign is the class: leave probabilities out")
        y = (np.asarray(y) + 1) // 2
        test = None if test is None else (test[0], (np.asarray(test[1]) + 1) // 2)
        class_names = ["-1", "+1"] if class_names is None else class_names
    path = checked_path(path, "decision_boundary.png")
    own = checked_ax(ax, "decision_boundary") is None
    check_function(predict_classes, "predict_classes", "model.predict")
    resolution = check_int(resolution, "resolution", minimum=2, maximum=2000)
    legend = check_bool(legend, "legend")
    axes = axis_names(axes, column_names(X) or ("x1", "x2"), target=np.asarray(y).dtype.kind == "f")
    dtype = X.dtype if isinstance(X, np.ndarray) and X.dtype.kind == "f" else np.dtype(np.float64)
    parts = plot_parts(predict_classes, X, y, test, 2, "a decision boundary")
    if probabilities and parts["train"][1].dtype.kind == "f":
        raise ValueError("probabilities=True shades the regions of classes by the model's confidence; y holds "
                         "values (floats), a regression, whose map has no classes: leave probabilities out, "
                         "or give y as class numbers (y.astype(int))")
    every = np.concatenate([X for X, _ in parts.values()])
    span = every.max(axis=0) - every.min(axis=0)
    # a feature with one value still gets a band of the plane to colour around it
    pad = np.where(span > 0, 0.1 * span, 0.1 * np.abs(every.min(axis=0)) + 0.5)
    # no further than X's dtype reaches: past a value near float32's largest (a missing-value
    # marker), the plane's edge would reach the model as inf
    limit = np.finfo(dtype).max
    lo, hi = np.maximum(every.min(axis=0) - pad, -limit), np.minimum(every.max(axis=0) + pad, limit)
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    values = outputs(predict_classes(np.column_stack([g1.ravel(), g2.ravel()])), g1.size, "predict_classes")
    fig, ax = figure_and_axes(ax, (5, 4.6))
    rows, drawn_note = points_drawn(parts)
    drawn = sum(len(r) for r in rows.values())
    size = float(np.clip(2000 / drawn, 3, 40))
    dots = dict(s=size, edgecolors="k", linewidths=0.3 if drawn <= 2000 else 0)
    y = parts["train"][1]
    if y.dtype.kind in "iub":
        top = max(int(labels.max()) for _, labels in parts.values())
        classes = _plane_classes(values, top + 1, signs)
        k = max(int(classes.max()), top) + 1
        names = class_names_of(class_names, k)
        colours, markers = class_colours(len(names)), class_markers(len(names))
        scale = dict(cmap=ListedColormap(colours), vmin=-0.5, vmax=len(names) - 0.5)
        confidence = confidence_of(values, top + 1) if probabilities else None
        if confidence is None:
            ax.pcolormesh(g1, g2, classes.reshape(g1.shape), alpha=0.35, shading="nearest", **scale)
        else:   # shaded by the confidence: from nearly white at chance to 0.6, as an RGBA per cell (an
            # array of alphas, which matplotlib converts cell by cell, took 1.9 s of a 2.5 s figure)
            shade = np.array(scale["cmap"](classes.reshape(g1.shape).astype(np.intp)))  # integers index colours
            shade[..., 3] = (0.03 + 0.57 * confidence.strength).reshape(g1.shape)
            ax.pcolormesh(g1, g2, shade, shading="nearest")
        predicted = {part: _plane_classes(outputs(predict_classes(X), len(X), "predict_classes"), top + 1, signs)
                     for part, (X, _) in parts.items()}
        wrong = {part: predicted[part] != labels for part, (_, labels) in parts.items()}
        for part, (X, labels) in parts.items():
            X, labels = X[rows[part]], labels[rows[part]]
            if part == "train":
                points = ax.scatter(X[:, 0], X[:, 1], c=labels, **scale, **dots)
            else:   # hollow, in the class's colour: TensorFlow Playground's test points
                points = ax.scatter(X[:, 0], X[:, 1], s=size, facecolors="none", linewidths=1.2,
                                    edgecolors=[colours[c] for c in labels])
            _shapes(points, [markers[c] for c in labels])
        ringed = np.concatenate([X[rows[part]][wrong[part][rows[part]]] for part, (X, _) in parts.items()])
        if len(ringed):   # a ring around the point, whose colour and marker still say its true class (a
            # black × drawn over it hid it: half a 3-class spiral at 56 %); a line, not a scatter: the
            # plane and each part's points are ax.collections
            ax.plot(ringed[:, 0], ringed[:, 1], WRONG_MARK, **wrong_ring(np.sqrt(size)))
        boundary = confidence is not None and half_line(ax, g1, g2, confidence.p1)
        if confidence is not None:
            confidence_bar(fig, ax, confidence.chance)
        # each class's entry: its colour as a patch (the plane's), its marker shape on it (the points')
        handles = [(Patch(color=c, alpha=0.5, label=name), Line2D([], [], linestyle="none", marker=m, color=c,
                                                                   markeredgecolor="k", markersize=6))
                   for c, m, name in zip(colours, markers, names)]
        key = point_key(parts, regression=False, wrong=wrong, sampled=drawn_note is not None, boundary=boundary)
        classes_note = legend_and_key(fig, ax, own, handles if legend else [], key if legend else [], title="class",
                                handler_map={tuple: HandlerTuple(ndivide=None)})
        scores = {part: float(np.mean(predicted[part] == labels)) for part, (_, labels) in parts.items()}
        score_name = "accuracy"
    else:
        values = one_column(values, "predict_classes")
        targets = np.concatenate([labels for _, labels in parts.values()])
        norm = Normalize(min(values.min(), targets.min()), max(values.max(), targets.max()))
        # opaque: a point of the same colour as the surface under it is one the model fits (the
        # surface at alpha 0.6 was paler than every point drawn on it)
        mesh = ax.pcolormesh(g1, g2, values.reshape(g1.shape), cmap="viridis", norm=norm, shading="nearest")
        for part, (X, labels) in parts.items():
            X, labels = X[rows[part]], labels[rows[part]]
            ax.scatter(X[:, 0], X[:, 1], c=labels, cmap="viridis", norm=norm, marker="o" if part == "train" else "s",
                       **dots)
        bar = fig.colorbar(mesh, ax=ax, label=f"{axes[2] if len(axes) > 2 else 'target'}: predicted (surface), "
                                              "true (points)")
        plain = ScalarFormatter(useOffset=False)   # 25000000, not 2.5 under a "1e7" at the top
        plain.set_scientific(False)
        bar.formatter = plain
        bar.update_ticks()
        scores = {part: r2(one_column(outputs(predict_classes(X), len(X), "predict_classes"), "predict_classes"),
                           labels) for part, (X, labels) in parts.items()}
        score_name = "R²"
        classes_note = legend_and_key(fig, ax, own, [], point_key(parts, regression=True, wrong={}) if legend else [])
    ax.set_xlabel(axes[0])
    ax.set_ylabel(axes[1])
    return finished(fig, path, ax, score_title(title, score_name, scores, parts, classes_note, drawn_note),
                    into=not own)


WRONG_MARK = "o"   # a wrong answer's mark: a black ring around the point, drawn over it


def wrong_ring(size):
    """The style of the ring around a wrong answer whose point is ``size`` points across: hollow
    and larger, so that the point's colour and marker (its true class) show inside it."""
    return dict(linestyle="none", markersize=1.8 * size, markerfacecolor="none", markeredgecolor="k",
                markeredgewidth=1.2)


def model_classes(class_names, function):
    """``class_names``, or else those of the model whose method ``function`` is (``model.predict``
    of a model fitted on a Dataset keeps them as ``model.class_names``): the legend then says "cat"
    and "dog" for the classes of ``decision_boundary(model.predict, ds.X, ds.y)`` too, not 0 and 1."""
    if class_names is not None:
        return class_names
    return getattr(getattr(function, "__self__", None), "class_names", None)


def plot_parts(function, X, y, test, n_features, plot):
    """{"train": (X, y)} and, when ``test`` is given, {"test": (X_test, y_test)}, each checked by
    ``plot_data`` (and a DataFrame's columns against the model's, ``check_model_columns``); a
    test part must hold the same kind of target (classes or values) as y."""
    check_model_columns(function, X)
    parts = {"train": plot_data(X, y, n_features, plot)}
    if test is None:
        return parts
    if not (isinstance(test, (tuple, list)) and len(test) == 2):
        raise TypeError(f"test is the pair (X_test, y_test), got {type(test).__name__}"
                        f"{f' of {len(test)}' if isinstance(test, (tuple, list)) else ''}")
    check_model_columns(function, test[0])
    parts["test"] = plot_data(*test, n_features, plot)
    if (parts["test"][1].dtype.kind == "f") != (parts["train"][1].dtype.kind == "f"):
        raise TypeError("y and y_test must both hold classes (whole numbers) or both values (floats), "
                        f"got {parts['train'][1].dtype} and {parts['test'][1].dtype}")
    return parts


def _shapes(collection, markers):
    """Give each point of a scatter ``collection`` its own marker shape (a scatter takes one)."""
    paths = {m: MarkerStyle(m).get_path().transformed(MarkerStyle(m).get_transform()) for m in set(markers)}
    collection.set_paths([paths[m] for m in markers])


def point_key(parts, regression, wrong, sampled=False, boundary=False):
    """The legend's entries that say what each kind of point is: training, test (hollow, or a
    square for regression), and ringed (``wrong``: {part: whether each of its points is a
    wrong answer}, if some is), the model's wrong answers, counted in the entry when only a
    ``sampled`` few points are drawn; and the line p = 0.5 (``boundary``: drawn). Only what the
    figure shows: a figure of training points all right needs no key."""
    wrong = sum(int(answers.sum()) for answers in wrong.values())
    handles = []
    if "test" in parts:
        handles += [Line2D([], [], linestyle="none", marker="o", color="grey", markeredgecolor="k", label="train"),
                    Line2D([], [], linestyle="none", marker="s" if regression else "o", label="test",
                           color="grey" if regression else "none", markeredgecolor="k" if regression else "grey")]
    if wrong:
        handles.append(Line2D([], [], marker=WRONG_MARK, **wrong_ring(5),
                              label=f"wrong class, ringed ({wrong:,} in all)" if sampled else "wrong class, ringed"))
    if boundary:
        handles.append(Line2D([], [], color="k", linewidth=1.2, label="p = 0.5"))
    return handles


def legend_and_key(fig, ax, own, handles, key, **kwargs):
    """The legend of the classes (``handles``, one per class, none for regression) right of the
    axes, and the key to the points (``key``, ``point_key``) below the figure, when the figure
    is the plot's ``own``; in a subplot of the learner's figure, whose bottom is the other
    subplots', the key joins the legend. More classes than ``MOST_LEGEND_CLASSES`` are not
    listed (their legend would not fit beside the axes): returns the title's note that says so,
    else None."""
    note = None
    if len(handles) > MOST_LEGEND_CLASSES:
        note = f"{len(handles)} classes, too many for a legend: a colour each"
        handles = []
    ncol = legend_columns(len(handles))
    if not own:
        handles, key = handles + key, []
    if handles:
        legend_outside(ax, handles=handles, ncol=ncol, **kwargs)
    if key:
        fig.legend(handles=key, loc="outside lower center", ncol=len(key), fontsize="small", frameon=False)
    return note


def score_title(title, score_name, scores, parts, *notes):
    """``title``, then a line with the model's score: on each part when a test part is drawn
    ("accuracy: train 0.950, test 0.925"), where the train and test gap reads at a glance, else on
    the points drawn ("accuracy 0.950": a learner looks to the figure for a score, and an empty
    title gave none; not called "train", as they may be the test points); then each of ``notes``
    that is not None (what the figure leaves out)."""
    lines = [title] if title else []
    # (a diverged model's R² of -1.2e26 in 30 digits ran off the figure)
    said = {part: f"{score:.3f}" if abs(score) < 1000 else f"{score:.3g}" for part, score in scores.items()}
    if "test" in parts:
        lines.append(f"{score_name}: " + ", ".join(f"{part} {score}" for part, score in said.items()))
    elif said:
        lines.append(f"{score_name} {said['train']}")
    return "\n".join(lines + [note for note in notes if note]) or None


def _sign_labels(y, test):
    """Whether the class labels ``y``, and ``test``'s if given, are -1 and +1 (whole numbers, not
    the values of a regression), with -1 among them: the classes of a score's sign."""
    labels = [np.asarray(y)] + ([] if not isinstance(test, (tuple, list)) or len(test) != 2 else [np.asarray(test[1])])
    labels = [part[:, 0] if part.ndim == 2 and part.shape[1] == 1 else part for part in labels]
    return (all(part.dtype.kind in "iu" and part.size and plus_minus_one(part) for part in labels)
            and any((part == -1).any() for part in labels))


def _plane_classes(values, n_classes, signs=False):
    """The class of each point from what predict_classes returned (see ``decision_boundary``);
    ``signs``: the labels were -1/+1, so one value per point is a score, class 1 (+1) where > 0."""
    if values.ndim == 2 and values.shape[1] > 1:
        return values.argmax(axis=1)
    values = values.reshape(-1)
    if signs:
        return (values > 0).astype(np.int64)
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
