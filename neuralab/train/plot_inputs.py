"""The checks of what ``plots`` is given, before it draws: where to save, the function that
predicts, the data, axis and class names, and what the function returned. Each names what to
pass instead (a prediction drawn wrongly teaches the wrong lesson)."""
import os

import numpy as np
from matplotlib.axes import Axes

from ..nn import tables
from ..nn.checks import check_path, check_writable
from ..nn.tables import check_columns, model_columns
from .checks import targets_of_dataset


def checked_path(path, example):
    """``path`` as a ``pathlib.Path`` (None: the figure is not saved), refused before anything is
    drawn when it cannot be written: a folder (``example`` names a file in it), or a file in a
    folder that does not exist (matplotlib would say only "No such file or directory"). A path
    of another type is most often an argument given by position that landed in ``path``
    (``plots.confusion_matrix(pred, y, 3)``, whose third argument is ``path``): a TypeError,
    which tells to give it by name."""
    if path is None:
        return None
    if not isinstance(path, (str, os.PathLike)):
        shown = repr(path)   # an array's or a model's repr would run over many lines
        got = type(path).__name__ + (f" {shown}" if len(shown) <= 40 and "\n" not in shown else "")
        raise TypeError(f"path is the file to save the figure to, such as {example!r}, got {got}: "
                        f"meant for another argument? give that one by name")
    path = check_path(path)
    check_writable(path, example)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot save {path}: there is no folder {path.parent}; make it first: "
                                f"Path({str(path.parent)!r}).mkdir(parents=True)")
    return path


def check_function(function, name, example):
    """Refuses a ``function`` that cannot be called: most often the model's predictions for X,
    passed instead of the function that makes them."""
    if not callable(function):
        got = f"an array of shape {np.shape(function)}" if hasattr(function, "shape") else type(function).__name__
        raise TypeError(f"{name} must be a function of the points, such as {example}, got {got}: pass the "
                        "function itself, not what it returns")


def check_model_columns(function, X):
    """Refuse a DataFrame X whose columns are not those of the model whose method ``function``
    is (``model.predict``, which kept its DataFrame's ``feature_names``): the points of the plane
    go to it as an array, read by position, so X's columns in another order would draw the
    boundary of the swapped features under X's axis names, without a word."""
    check_columns(model_columns(getattr(function, "__self__", None)), X)


def plot_dataset(X, y, class_names, call):
    """What a plot reads of the data it is given, ``X, y``: a ``data.Dataset`` given alone (y
    None) is its features and its targets, as ``fit(ds)`` and ``evaluate(ds)`` read one
    (``checks.targets_of_dataset``), and its classes' names label the classes unless
    ``class_names`` does. Returns (X, y, class_names), X still the Dataset: its feature names name
    the axes (``tables.column_names``), and ``plot_data`` reads its features. ``call`` is the
    plot's call on a Dataset alone, for the errors."""
    if not tables.is_dataset(X):
        return X, y, class_names
    y = targets_of_dataset(X, y, call.partition("(")[0], call, "ds.X and y", "compare the predictions with")
    return X, y, X.class_names if class_names is None else class_names


def plot_data(X, y, n_features, plot):
    """X as a float64 (m, n_features) array of finite numbers and y as m targets, (m, 1) read as
    (m,); a Dataset's X is its features (``plot_dataset`` read its y)."""
    X = np.asarray(tables.features(X), dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != n_features:
        if X.ndim == 1 and n_features == 1:
            fix = "; a vector of m values is X.reshape(-1, 1)"
        elif X.ndim == 2 and n_features == 2:
            fix = f"; X has {X.shape[1]}: choose two, X[:, [0, 1]], and a model trained on those two"
        else:
            fix = ""
        raise ValueError(f"{plot} needs X of shape (samples, {n_features}), one column per feature, "
                         f"got shape {X.shape}{fix}")
    if len(X) == 0:
        raise ValueError(f"{plot} needs at least one sample; X has none")
    if not np.isfinite(X).all():
        row = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
        raise ValueError(f"X holds NaN or inf (row {row}): drop or fill those rows before plotting")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows and y has shape {y.shape}: give one target per row of X")
    if y.dtype.kind not in "biuf":
        raise TypeError(f"y must hold numbers (class numbers 0, 1, 2, ... or values), got {y.dtype}")
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError("y holds NaN or inf: drop those samples before plotting")
    if y.dtype.kind in "iu" and y.min() < 0:
        raise ValueError(f"y holds the class {y.min()}: classes are numbered 0, 1, 2, ...; "
                         "map -1/1 labels to 0/1 with (y + 1) // 2")
    return X, y


def checked_ax(ax, plot):
    """``ax``, the matplotlib Axes that ``plot`` draws into (None: a figure of its own), refused
    when it is not one Axes: the array of them that ``plt.subplots(1, 2)`` returns, most often."""
    if ax is None or isinstance(ax, Axes):
        return ax
    if isinstance(ax, (np.ndarray, list, tuple)):
        raise TypeError(f"ax is the one Axes that {plot} draws into, got {type(ax).__name__} of {np.size(ax)}: "
                        "pick one, ax=ax[0] (ax[0, 1] in a grid)")
    raise TypeError(f"ax is a matplotlib Axes for {plot} to draw into, such as one of "
                    f"plt.subplots(1, 2)[1], got {type(ax).__name__}")


def no_ax(ax, plot, panels):
    """Refuses ``ax`` for ``plot``, a figure of several panels (``panels`` says which) that one
    Axes cannot hold."""
    if ax is not None:
        raise TypeError(f"{plot} draws a figure of its own, {panels}, and takes no ax=; title or save it "
                        f"through the figure it returns: fig = plots.{plot}(...); fig.suptitle('my run'); "
                        "fig.savefig('figure.png')")


def axis_names(axes, default, target=False):
    """``axes`` as a tuple of as many names as ``default`` has, which it is when None; with
    ``target``, a third name may follow, the target's (a regression map's colour bar). An Axes
    (a subplot), or a list of them, is refused: ``ax=`` takes that."""
    if axes is None:
        return default
    if isinstance(axes, Axes) or (np.iterable(axes) and any(isinstance(a, Axes) for a in np.ravel(axes))):
        raise TypeError(f"ax= draws into a subplot of yours (ax=ax[0]), and axes= names the input columns "
                        f"on the plot's axes (axes={default}): give your subplot as ax=")
    if isinstance(axes, str) or len(axes) not in (len(default), len(default) + target):
        also = ", and may name the target after them" if target else ""
        raise ValueError(f"axes names the {len(default)} axes{also}, e.g. axes={default}, got {axes!r}")
    return tuple(axes)


def outputs(values, n, name):
    """What ``name`` returned for n points, as an array of n rows: (n,) or (n, k), finite."""
    values = np.asarray(values)
    if values.ndim not in (1, 2) or len(values) != n:
        raise ValueError(f"{name} returned shape {values.shape} for {n} points: it must return one "
                         "prediction per point (one row per row of its input)")
    if values.dtype.kind not in "biuf":
        raise TypeError(f"{name} must return numbers, got {values.dtype}")
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        raise ValueError(f"{name} returned NaN or inf for some points: has the model diverged? "
                         "Train it again with a lower learning rate")
    return values


def one_column(values, name):
    """(n,) or (n, 1) outputs as (n,); more columns are refused."""
    if values.ndim == 2 and values.shape[1] != 1:
        raise ValueError(f"{name} returned {values.shape[1]} values per point where one is drawn "
                         "(a regression's prediction, or a probability of class 1)")
    return values.reshape(-1)


def class_names_of(class_names, k):
    """One name per class: ``class_names`` (at least ``k`` of them: the classes seen are 0 to
    k - 1), or the class numbers."""
    if class_names is None:
        return [str(c) for c in range(k)]
    names = [str(name) for name in class_names]
    if len(names) < k:
        raise ValueError(f"class_names has {len(names)} name{'s' * (len(names) != 1)} for {k} classes "
                         f"(0 to {k - 1} are in y or the predictions): give one name per class")
    return names
