"""``Dataset``: features, targets and what they mean, in one object that unpacks as ``X, y``;
and what neuralab calls scikit-learn's names (``random_state`` is ``seed``), for the errors."""
import functools
import inspect
import math
import numbers
from dataclasses import dataclass, field, replace

import numpy as np

from ..nn.checks import check_keywords
from ..nn.dtype import all_finite, first_non_finite
from ..nn.tables import listed
from ..spelling import closest
from .checks import check_image_shape

TASKS = ("binary", "multiclass", "regression")


# torchvision's attributes of a dataset (datasets.FashionMNIST), and the fields that hold the same here
TORCHVISION_NAMES = {
    "classes": "ds.class_names is the tuple of class names, class_names[k] the name of label k",
    "class_to_idx": "ds.class_names.index(name) is the label of a class name",
    "data": "ds.X is the samples, one row each (an image flattened, ds.image_shape its shape), and ds.images "
            "the same as images, (m, 28, 28), pixels / 255",
    "targets": "ds.y is the labels, int64 0..n_classes-1",
}


@dataclass(eq=False)
class Dataset:
    """A dataset: ``X`` (m, n_features) and ``y`` (m,), with names for its columns and classes.

    ``y`` holds int64 class indices 0..n_classes-1 for "binary" and "multiclass" tasks and
    floats for "regression" (then ``n_classes`` and ``class_names`` are None). ``image_shape``
    is set when each row of ``X`` is a flattened image, e.g. (8, 8) for digits, and ``images`` then
    gives X in that shape. The constructor checks that the fields agree and raises a ValueError
    naming the first one that does not.

    A CSV read by ``load_csv`` also says how it was read: ``categories`` holds, for each column
    its ``one_hot`` encoded, the categories of its 0/1 columns ({"sex": ("female", "male")}; pass
    it as ``one_hot`` to encode new rows alike), ``dropped_rows`` the file's rows (counting from
    1) that ``missing="drop"`` left out, and ``missing_cells`` how many cells of each column were
    missing in them ({"age": 58}). A file of features alone (``load_csv(path, target=None)``), rows
    to ``predict``, has ``y`` None and ``task`` None.

    A Dataset is a named table, as a DataFrame is: ``model.fit(ds, ...)`` learns from its X and
    y and keeps its ``feature_names`` (and a classification's ``class_names``), and ``predict``,
    ``evaluate`` and ``data.Standardizer`` refuse a Dataset whose columns are others or in
    another order; ``ds[names]`` takes columns by name, ``ds.rows(index)`` samples, and
    ``data.train_test_split(ds)`` gives ``train, test`` Datasets.

        >>> from neuralab import data
        >>> X, y = data.load("moons", n_samples=10, seed=0)
        >>> X.shape, y.shape
        ((10, 2), (10,))
    """

    X: np.ndarray
    y: np.ndarray
    task: str | None
    n_classes: int | None = None
    feature_names: tuple = ()
    class_names: tuple | None = None
    name: str = ""
    image_shape: tuple | None = None
    categories: dict = field(default_factory=dict)
    dropped_rows: np.ndarray = ()
    missing_cells: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.y is None and self.task is not None:
            raise ValueError(f"a Dataset without targets (y=None, rows to predict) has task=None, got {self.task!r}")
        if self.y is not None and self.task not in TASKS:
            raise ValueError(f"task must be one of {', '.join(TASKS)}, got {self.task!r}")
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a str, got {self.name!r}")
        self.X = np.asarray(self.X)
        self.dropped_rows = np.asarray(self.dropped_rows, dtype=np.int64)
        if self.X.ndim != 2 or self.X.dtype.kind not in "biuf":
            raise ValueError(f"X must be a 2-D array of numbers (samples, features), "
                             f"got {self.X.dtype} of shape {self.X.shape}")
        _check_finite(self.X, "X")
        if self.y is not None:
            self._check_targets()
        elif self.n_classes is not None or self.class_names is not None:
            raise ValueError("n_classes and class_names must be None for a Dataset without targets (y=None)")
        self.feature_names = _names(self.feature_names or [f"x{i + 1}" for i in range(self.n_features)],
                                    self.n_features, "feature_names", "X has {} columns")
        if self.image_shape is not None:
            self.image_shape = check_image_shape(self.image_shape)
            if math.prod(self.image_shape) != self.n_features:
                raise ValueError(f"image_shape={self.image_shape} holds {math.prod(self.image_shape)} "
                                 f"pixels, but X has {self.n_features} columns")

    def _check_targets(self):
        self.y = np.asarray(self.y)
        if self.y.ndim != 1:
            raise ValueError(f"y must be 1-D, one target per sample, got shape {self.y.shape}")
        if len(self.X) != len(self.y):
            raise ValueError(f"X and y must have the same number of samples, "
                             f"got {len(self.X)} and {len(self.y)}")
        if self.task == "regression":
            self._check_regression()
        else:
            self._check_classes()

    def _check_regression(self):
        if self.n_classes is not None or self.class_names is not None:
            raise ValueError(f"n_classes and class_names must be None for a 'regression' task, "
                             f"got {self.n_classes!r} and {self.class_names!r}")
        if self.y.dtype.kind not in "iuf":
            raise ValueError(f"y must hold numbers for a 'regression' task, got dtype {self.y.dtype}")
        _check_finite(self.y, "y")

    def _check_classes(self):
        """n_classes an int (2 for "binary"), y int class indices below it, one name per class."""
        n = self.n_classes
        is_int = isinstance(n, numbers.Integral) and not isinstance(n, bool)
        if not is_int or n < 2 or (self.task == "binary" and n != 2):
            expected = "2" if self.task == "binary" else "an integer >= 2"
            raise ValueError(f"n_classes must be {expected} for a {self.task!r} task, got {n!r}")
        if self.y.dtype.kind not in "iu":
            raise ValueError(f"y must hold integer class indices for a {self.task!r} task, "
                             f"got dtype {self.y.dtype}")
        if len(self.y) and not 0 <= self.y.min() <= self.y.max() < n:
            raise ValueError(f"y must hold class indices 0..{n - 1} (n_classes={n}), "
                             f"found {self.y.min()}..{self.y.max()}")
        self.class_names = _names([str(k) for k in range(n)] if self.class_names is None else self.class_names,
                                  n, "class_names", "n_classes is {}")

    @property
    def n_features(self):
        """Number of columns of ``X``."""
        return self.X.shape[1]

    @property
    def images(self):
        """The samples as images, ``X`` of shape (m, *image_shape): (m, 28, 28) for MNIST, as
        Keras's ``load_data()`` gives them and as scikit-learn's ``load_digits().images`` does
        (with X's values: MNIST's pixels divided by 255). A view of X, not a copy; for a
        ``plt.imshow(ds.images[0])``, or a model that begins with ``nn.Flatten()``."""
        if self.image_shape is None:   # Python then asks __getattr__, whose error says why
            raise AttributeError("images")
        return self.X.reshape(len(self.X), *self.image_shape)

    def __len__(self):
        return len(self.X)

    def __iter__(self):
        """``X, y = dataset``."""
        yield self.X
        yield self.y

    def __getitem__(self, key):
        """``ds[names]``, a list of column names: the Dataset of those columns, in that order, as a
        DataFrame's ``df[names]`` (the fix the errors give for columns in another order than a
        model's, ``ds[list(model.feature_names)]``). Anything else is refused: ``ds[1]`` could
        be y, as the unpacking ``X, y = ds`` reads it (scikit-learn's ``return_X_y`` tuple), or
        sample 1, as ``len(ds)`` counts samples (a torch Dataset's ``ds[i]``), and a guess would
        hand one reader the other's array without a word."""
        if isinstance(key, (list, tuple)) and key and all(isinstance(name, str) for name in key):
            return self._columns(list(key))
        raise TypeError(f"a Dataset is not indexed, as ds[{key!r}] could mean y (X, y = ds unpacks it) or "
                        f"sample {key!r} (len(ds) counts samples): write X, y = data.load(...), or ds.X "
                        f"and ds.y, and ds.X[i], ds.y[i] for sample i (its columns are taken by name, ds[['a', 'b']])")

    def _columns(self, names):
        """The Dataset of the columns ``names`` of X (``ds[names]``); an image's pixels taken in
        another order or number are no image of ``image_shape`` any more."""
        if unknown := [name for name in names if name not in self.feature_names]:
            raise ValueError(f"the Dataset has no column {listed(unknown)}; its columns are "
                             f"{listed(self.feature_names)}")
        index = [self.feature_names.index(name) for name in names]
        same_pixels = index == list(range(self.n_features))
        return replace(self, X=self.X[:, index], feature_names=tuple(names),
                       image_shape=self.image_shape if same_pixels else None)

    def rows(self, index):
        """The Dataset of the samples ``index`` (an array of row numbers, or a mask), its names,
        classes and how its file was read kept: a part of it, as ``train_test_split`` cuts.
        (``row_in_file`` takes the whole Dataset: a part's rows are not the file's in order.)"""
        return replace(self, X=self.X[index], y=None if self.y is None else self.y[index])

    def __getattr__(self, name):
        """Only reached for an attribute the Dataset lacks: torchvision's names of its parts
        (``test_data.classes`` of the PyTorch quickstart) get the field that holds them here."""
        if name == "images":   # the property refused: a Dataset without image_shape
            raise AttributeError("Dataset has no images: its samples are rows of features, not images "
                                 "(image_shape is None); ds.X holds them", name=name, obj=self)
        if name in TORCHVISION_NAMES:
            raise AttributeError(f"Dataset has no {name}: {TORCHVISION_NAMES[name]}", name=name, obj=self)
        raise AttributeError(f"'Dataset' object has no attribute {name!r}", name=name, obj=self)

    def __array__(self, dtype=None, copy=None):
        """Refused: with ``__getitem__`` NumPy would read a Dataset as the sequence [X, y] and
        fail on its "inhomogeneous shape", so that fit(ds) spoke of a ragged list."""
        raise TypeError("a Dataset is not one array: pass its parts, ds.X and ds.y (X, y = ds)")

    def __repr__(self):
        classes = f", n_classes={self.n_classes}" if self.n_classes is not None else ""
        return (f"Dataset(name={self.name!r}, task={self.task!r}, samples={len(self)}, "
                f"features={self.n_features}{classes})")


def row_in_file(ds, x, file, y=None):
    """Where the sample ``x`` (with the target ``y``, when given) of ``ds`` lies in the CSV
    ``file`` it was read from, in words: "row 17 of data.csv", as ``load_csv`` numbers rows (the
    Nth under the header, counting the rows ``ds.dropped_rows`` too), or "one of the rows 5, 9 of
    data.csv" when several hold it; None when none does. A split shuffles the rows, so they are
    found again by their values."""
    same = (ds.X == x).reshape(len(ds.X), -1).all(axis=1)
    if y is not None:
        same &= ds.y == y
    in_file = np.delete(np.arange(1, len(ds) + len(ds.dropped_rows) + 1), ds.dropped_rows - 1)
    rows = in_file[np.flatnonzero(same)]
    if not len(rows):
        return None
    shown = ", ".join(map(str, rows[:3])) + (", …" if len(rows) > 3 else "")
    return f"row {shown} of {file}" if len(rows) == 1 else f"one of the rows {shown} of {file}"


def _check_finite(values, name):
    if values.size and not all_finite(values):
        row = first_non_finite(values)[0]
        raise ValueError(f"{name} holds NaN or inf (first in row {row})")


def _names(names, n, field, expected):
    """``names`` as a tuple of ``n``; ``expected`` says why, e.g. "X has {} columns"."""
    names = (names,) if isinstance(names, str) else tuple(names)
    if len(names) != n:
        raise ValueError(f"{field} has {len(names)} name{'' if len(names) == 1 else 's'}, "
                         f"but {expected.format(n)}")
    return names


# scikit-learn's spelling -> (neuralab's name, or None for "none here"; a note): the hints of
# data.load, the generators and train_test_split when they meet a name of scikit-learn's
_NOISE = "the standard deviation of the Gaussian noise, in the data's units"
SCIKIT_LEARN_NAMES = {
    "random_state": ("seed", ""),
    "n_points": ("n_samples", ""),
    "cluster_std": ("noise", _NOISE), "std": ("noise", _NOISE), "sigma": ("noise", _NOISE),
    "centers": ("n_classes", "the number of classes, whose centres neuralab places itself"),
    "train_size": ("test_size", "the other part, 1 - train_size or m - train_size samples"),
    "factor": (None, "circles has fixed radii, a disk of radius 2.5 inside a ring from 3.5 to 5"),
    "shuffle": (None, "a generator's rows come in class order, row i of class i % n_classes, "
                      "and train_test_split and data.batches shuffle them"),
    "return_X_y": (None, "a Dataset unpacks as X, y = data.load('iris'), as its tuple would"),
    "as_frame": (None, "pd.DataFrame(ds.X, columns=ds.feature_names) makes a table of the Dataset ds"),
    "blobs": ("gaussians", ""), "make_blobs": ("gaussians", ""),
    "make_moons": ("moons", ""), "make_circles": ("circles", ""),
}


def answering_scikit_learn(make):
    """``make``, a generator or a loader, refusing an option it does not take with a TypeError
    that names the one it does: ``moons(random_state=0)`` -> "scikit-learn's random_state:
    neuralab uses 'seed'", ``iris(return_X_y=True)`` -> what unpacks as X, y."""
    valid = list(inspect.signature(make).parameters)

    @functools.wraps(make)  # keeps the name, docstring and signature (load reads the signature)
    def checked(*args, **options):
        check_keywords(make.__name__, options, valid, lambda name, _: scikit_learn_hint(name, valid))
        return make(*args, **options)
    return checked


def scikit_learn_hint(name, valid):
    """The hint for ``name``, which is not among the ``valid`` names: neuralab's name for it if
    it is scikit-learn's (and among ``valid``), else the closest valid name; "" for none."""
    ours, note = SCIKIT_LEARN_NAMES.get(name, ("", ""))
    if ours is None:
        return f"scikit-learn's {name}: neuralab has none; {note}"
    if ours in valid:
        return f"scikit-learn's {name}: neuralab uses {ours!r}" + (f", {note}" if note else "")
    close = closest(name, valid)
    return f"did you mean {close[0]!r}?" if close else ""
