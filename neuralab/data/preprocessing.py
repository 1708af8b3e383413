"""Getting data ready for training: split, one-hot encode, cut into mini-batches (standardisation
is standardizer.py)."""
import numbers

import numpy as np

from ..nn.checks import as_array, check_bool, check_int, check_keywords, checked_keywords
from ..nn.dtype import get_default_dtype
from ..nn.labels import NUMBER_BY_UNIQUE, is_text
from ..nn.random import as_rng, default_rng
from ..nn.scikit_learn_habits import ONE_HOT_KEYWORDS
from ..nn.tables import is_table
from .dataset import Dataset, scikit_learn_hint


def _same_length(X, y):
    X, y = as_array(X, "X"), as_array(y, "y")
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays with one row per sample, "
                         f"got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    return X, y


_OPTIONS = ("test_size", "seed", "stratify")


def n_test_samples(test_size, m):
    """The samples of m that a fraction ``test_size`` puts in the test part: ceil(test_size·m), at
    least 1 (what ``train_test_split`` takes, and what the playground's server counts a split's
    bytes by before building it)."""
    # 0.07·100 is 7.000000000000001: 7, not 8; and at least 1, as scikit-learn's ceil gives any
    # positive fraction (1e-12·100 rounds to 0: an empty test part)
    return max(1, int(np.ceil(round(test_size * m, 9))))


def train_test_split(X, y=None, *more, test_size=0.25, seed=None, stratify=False, **unexpected):
    """Shuffle and split into ``X_train, X_test, y_train, y_test``; ``more`` arrays of as many
    rows (sample weights, row ids) are split alike, their parts following in scikit-learn's
    order: ``train_test_split(X, y, w)`` gives ``X_train, X_test, y_train, y_test, w_train,
    w_test``. The options come by keyword only, as scikit-learn's do.

    ``test_size`` is a fraction in (0, 1) (the test part gets ceil(test_size·m) samples; a
    fraction that leaves no training sample is refused) or a number of samples in [1, m-1]. With ``stratify=True`` each class of ``y`` (class labels
    (m,), or one-hot rows (m, n_classes)) keeps its proportion in both parts as closely as whole
    samples allow, and every class is in both parts: each needs >= 2 samples, and each part at
    least one sample per class. ``stratify`` may also be an array of class labels, one per
    sample, in the same forms as ``y``: scikit-learn's ``stratify=y`` spelling, or a split of a
    regression ``y`` that keeps the proportions of some other grouping. ``stratify=None`` is
    scikit-learn's "no stratification", the same as False.
    ``seed``: None -> the library-wide generator, an int -> the same split every time.
    scikit-learn's ``random_state``, ``train_size`` and ``shuffle`` are refused with a TypeError
    that says what to write instead.
    A pandas DataFrame or Series comes back as one, its rows (index labels and all) split as
    scikit-learn splits them, so that a model fitted on ``X_train`` keeps its column names
    (``model.feature_names``); anything else comes back as a NumPy array.
    A ``Dataset`` given alone, ``train, test = train_test_split(ds, ...)``, comes back as two
    Datasets of the rows the split of ``ds.X, ds.y`` with the same options gives, its column and
    class names, categories and task kept, so that ``model.fit(train, ...)`` learns the names;
    ``stratify=True`` keeps the proportions of its classes.

    >>> import numpy as np
    >>> from neuralab import data
    >>> X, y = data.load("iris")                           # 50 flowers of each species
    >>> X_train, X_test, y_train, y_test = data.train_test_split(X, y, test_size=0.2, stratify=True, seed=0)
    >>> X_train.shape, X_test.shape, np.bincount(y_test)   # stratified: 10 of each in the test part
    ((120, 4), (30, 4), array([10, 10, 10]))
    >>> np.bincount(data.train_test_split(X, y, test_size=0.2, seed=0)[3])   # not: as the draw falls
    array([ 5, 13, 12])
    """
    if isinstance(X, Dataset):
        return _split_dataset(X, (y, *more), test_size, seed, stratify, unexpected)
    if y is None:
        raise TypeError("train_test_split needs X and y, the samples and their targets: "
                        "train_test_split(X, y, test_size=..., seed=...), or a Dataset alone, "
                        "train, test = train_test_split(ds, ...)")
    given = X, y, *more
    X, y = _same_length(X, y)
    m = len(X)
    check_keywords("train_test_split", unexpected, _OPTIONS, lambda name, value: _way_here(name, value, m))
    arrays = [X, y, *(_same_rows(a, m, position) for position, a in enumerate(more, start=3))]
    if m < 2:
        raise ValueError(f"train_test_split needs at least 2 samples, got {m}")
    test_size = _as_written(test_size)
    if isinstance(test_size, numbers.Real) and not isinstance(test_size, (bool, numbers.Integral)):
        if not 0 < test_size < 1:
            raise ValueError(f"test_size must be a fraction in (0, 1) or a sample count, got {test_size}")
        n_test = n_test_samples(test_size, m)
        if n_test > m - 1:  # as scikit-learn: refused, not quietly made smaller
            raise ValueError(f"test_size={test_size} of {m} samples puts ceil({test_size}·{m}) = {n_test} in "
                             f"the test part and leaves no training sample; use at most {(m - 1) / m:.4g} "
                             f"or a count up to {m - 1}")
    elif isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        n_test = check_int(test_size, "test_size", minimum=1, maximum=m - 1)
    else:
        raise ValueError(f"test_size must be a fraction in (0, 1) or a sample count, "
                         f"got {type(test_size).__name__} {test_size!r}")
    strata = _strata(stratify, y)
    rng = as_rng(seed)
    if strata is not None:
        test, train = _stratified(*strata, n_test, rng, test_size)
    else:
        order = rng.permutation(m)
        test, train = order[:n_test], order[n_test:]
    return tuple(part for came, array in zip(given, arrays, strict=True)
                 for part in (_rows(came, array, train), _rows(came, array, test)))


def _split_dataset(ds, given, test_size, seed, stratify, unexpected):
    """``train, test``: the Datasets of the rows ``train_test_split(ds.X, ds.y, ...)`` puts in each
    part (``Dataset.rows``). Nothing may follow the Dataset, which holds its targets: an array
    there would be split beside it as ``more`` arrays are, out of sight of the two parts."""
    if any(part is not None for part in given):
        raise TypeError("train_test_split takes a Dataset alone, its targets with it, and returns train, test: "
                        "write train, test = train_test_split(ds, test_size=..., seed=...); to split other "
                        "arrays alike, split its parts, train_test_split(ds.X, ds.y, w, ...)")
    if ds.y is None and isinstance(stratify, (bool, np.bool_)) and stratify:   # an array of groups is taken
        raise ValueError("stratify=True keeps the proportions of the classes of y, and the Dataset holds no "
                         "targets (its y is None: rows to predict): split it with stratify=False")
    y = np.zeros(len(ds), dtype=np.int8) if ds.y is None else ds.y   # rows to predict: only their count
    train, test = train_test_split(np.arange(len(ds)), y, test_size=test_size, seed=seed,
                                   stratify=stratify, **unexpected)[:2]
    return ds.rows(train), ds.rows(test)


def _same_rows(given, m, position):
    """The array ``given`` as the argument at ``position`` (3 and on) of train_test_split, after
    X and y of ``m`` rows: one row per sample too. A number there is an option written without
    its keyword (scikit-learn's are keyword-only too), which would otherwise be split as an array."""
    if np.ndim(given) == 0:
        raise TypeError(f"train_test_split's argument {position} is {type(given).__name__} {given!r}, "
                        f"not an array to split: its options come by keyword, as test_size={given!r}, "
                        f"seed=... or stratify=...")
    array = as_array(given, f"train_test_split's argument {position}")
    if len(array) != m:
        raise ValueError(f"train_test_split's argument {position} must have one row per sample, {m} "
                         f"like X and y, got {len(array)}")
    return array


def _rows(given, array, index):
    """The rows ``index`` of what was ``given``: a table's own (``iloc``), else the array's."""
    return given.iloc[index] if is_table(given) else array[index]


def _as_written(x):
    """A NumPy float as the decimal it shows: np.float32(0.2) is 0.2, not the 0.20000000298 of
    its bits, whose ceil(0.20000000298·150) = 31 test samples would not be the 30 of 0.2."""
    return float(str(x)) if isinstance(x, np.floating) else x


def _way_here(name, value, m):
    """What to write instead of a keyword train_test_split does not take, when it is
    scikit-learn's: random_state -> seed, train_size -> test_size, shuffle."""
    hint = scikit_learn_hint(name, _OPTIONS)
    if name == "train_size" and isinstance(value, numbers.Real) and not isinstance(value, bool):
        if isinstance(value, numbers.Integral) and 1 <= value <= m - 1:
            hint += f", here test_size={m - value}"
        elif 0 < value < 1:
            hint += f", here test_size={round(1 - float(_as_written(value)), 9)}"
    elif name == "shuffle":
        hint = ("train_test_split always shuffles: leave shuffle out" if value is True or value is np.True_
                else "train_test_split always shuffles, so shuffle=False is not supported: to split "
                     "in order, slice the arrays, X[:n_train] and X[n_train:], y alike")
    return hint


def _strata(stratify, y):
    """(the class of each sample, the classes, their counts) to stratify on, or None for a
    plain split.

    ``stratify`` is a bool (True: the classes of ``y``), None (scikit-learn's default: False)
    or the labels themselves. Its truth value is never taken: ``if stratify`` on an array is
    NumPy's "truth value of an array is ambiguous", and on a string such as "no" it is True.
    """
    if stratify is None or isinstance(stratify, (bool, np.bool_)):
        return _class_of_each_sample(y, "y") if stratify else None
    if np.ndim(stratify) == 0:
        raise TypeError(f"stratify must be True, False or an array of class labels, one per sample "
                        f"(like y), got {type(stratify).__name__} {stratify!r}")
    labels = np.asarray(stratify)
    if len(labels) != len(y):
        raise ValueError(f"stratify must hold one class label per sample, {len(y)} like X and y, "
                         f"got shape {labels.shape}")
    return _class_of_each_sample(labels, "the stratify array")


def _class_of_each_sample(labels, name):
    """The class to stratify on, from ``labels`` (``y`` or the ``stratify`` array, ``name`` in
    errors): the labels themselves (m,) or (m, 1), or the column of the 1 in each one-hot row
    (m, n_classes); with the sorted classes and their counts. A NaN or inf label is a missing
    one, not a class to keep in proportion; each class needs 2 samples, one for each part."""
    one_hot_rows = False
    if labels.ndim == 1 or labels.shape[1:] == (1,):
        labels = labels.reshape(len(labels))
    elif labels.ndim == 2 and np.isin(labels, (0, 1)).all() and (labels.sum(axis=1) == 1).all():
        labels, one_hot_rows = labels.argmax(axis=1), True
    else:
        raise ValueError(f"stratify needs {name} of class labels, shape (m,), or one-hot rows, shape "
                         f"(m, n_classes); {name} has shape {labels.shape} and its rows are not one-hot")
    if labels.dtype.kind in "fc" and not np.isfinite(labels).all():
        i = int(np.argmax(~np.isfinite(labels)))
        raise ValueError(f"stratify needs finite class labels; {name} holds {labels[i]} in row {i}")
    if labels.dtype == object:  # a pandas text column, a list mixing kinds: sortable labels or an error
        for i, label in enumerate(labels):
            if label is None or (isinstance(label, float) and not np.isfinite(label)):
                raise ValueError(f"stratify needs a class label in every row; {name} holds {label} in row {i}")
    try:
        classes, counts = np.unique(labels, return_counts=True)  # the one sort: _stratified reuses it
    except TypeError:  # objects of kinds that do not compare
        kinds = sorted({type(label).__name__ for label in labels})
        raise ValueError(f"stratify needs class labels of one kind; {name} mixes {', '.join(kinds)} "
                         f"(convert them, e.g. all to str)") from None
    if counts.min() < 2:
        # a regression target (or row ids): "class -1.13 has 1" would call it a class
        fraction = labels[labels != np.round(labels)] if labels.dtype.kind in "fc" else labels[:0]
        if fraction.size or (not one_hot_rows and len(labels) >= 10 and len(classes) >= 0.9 * len(labels)):
            looks = (f"{fraction[0]:.4g} is not a whole number" if fraction.size
                     else f"{len(classes)} distinct values in {len(labels)} samples")
            raise ValueError(f"stratify needs class labels, and {name} looks continuous ({looks}): "
                             f"split a regression target with stratify=False, or give stratify an "
                             f"array of the groups to keep in proportion")
        raise ValueError(f"stratify needs at least 2 samples of every class; "
                         f"class {_label(classes, counts.argmin())!r} has {counts.min()}")
    return labels, classes, counts


def _stratified(y, classes, counts, n_test, rng, test_size):
    """(test, train) indices: each class c gives its first k_c samples in a random order to the
    test part (k_c from ``_test_counts``); ``classes`` and ``counts`` (each >= 2) are
    ``_class_of_each_sample``'s."""
    k = _test_counts(n_test, counts, classes, test_size)
    order = rng.permutation(len(y))
    label = np.searchsorted(classes, y[order])
    by_class = np.argsort(label, kind="stable")   # shuffled order kept within each class
    rank = np.empty(len(y), dtype=int)
    rank[by_class] = np.arange(len(y)) - np.repeat(np.cumsum(counts) - counts, counts)  # 0, 1, ... per class
    is_test = rank < k[label]
    return order[is_test], order[~is_test]


def _label(classes, i):
    """``classes[i]`` as the Python value a user wrote (numbers and text, also from an object array)."""
    return classes[[i]].tolist()[0]


def _test_counts(n_test, counts, classes, test_size):
    """k_c, the test samples of each class: its share n_test·count_c/m by the largest-remainder
    method, then kept within [1, count_c - 1] so that every class is in both parts; what that
    moves is given back one sample at a time by the class farthest from its share."""
    m, n_classes = counts.sum(), len(classes)
    share = n_test * counts / m
    k = np.floor(share).astype(int)
    k[np.argsort(k - share, kind="stable")[: n_test - k.sum()]] += 1
    for part, size, missing in (("training", m - n_test, k == counts), ("test", n_test, k == 0)):
        if size < n_classes:  # no room for one sample of each class
            others = f" (and {missing.sum() - 1} more)" if missing.sum() > 1 else ""
            # a count, and the fractions that give it (ceil(f·m) samples)
            fix = (f"a smaller test_size (at most {m - n_classes} samples, a fraction up to "
                   f"{(m - n_classes) / m:.4g})" if part == "training"
                   else f"a larger test_size (at least {n_classes} samples, a fraction above {(n_classes - 1) / m:.4g})")
            raise ValueError(f"test_size={test_size} leaves {size} {part} sample{'' if size == 1 else 's'} "
                             f"for {n_classes} classes: class {_label(classes, np.argmax(missing))!r}{others} "
                             f"would have none, and stratify puts every class in both parts: use {fix}")
    k = np.clip(k, 1, counts - 1)
    while step := np.sign(n_test - k.sum()):
        room = (k + step >= 1) & (k + step <= counts - 1)
        k[np.argmax(np.where(room, step * (share - k), -np.inf))] += step
    return k


MAX_ONE_HOT_CLASSES = 100_000  # more columns is a mistake, and gigabytes of zeros


@checked_keywords(ONE_HOT_KEYWORDS)   # scikit-learn's sparse_output, torch's num_classes
def one_hot(y, n_classes=None):
    """Class indices ``y`` (m,) -> (m, n_classes) rows of zeros with a 1 at each label,
    in the default float dtype. ``n_classes`` defaults to max(y) + 1. The indices may be
    integers, floats that are whole numbers, or bools (False -> 0, True -> 1). An empty ``y``
    gives (0, n_classes) when ``n_classes`` is given (as torch's one_hot does: an empty batch).

    >>> from neuralab import data
    >>> data.one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    """
    y = as_array(y, "y")
    if y.ndim != 1:
        column = ", y.ravel() for a column of them" if y.ndim == 2 and y.shape[1] == 1 else ""
        raise ValueError(f"y must be a 1-D array of class indices, got shape {y.shape}{column}")
    if y.size == 0:
        if n_classes is None:
            raise ValueError("y is empty: pass n_classes, which one_hot cannot read from no labels")
        return np.zeros((0, check_int(n_classes, "n_classes", maximum=MAX_ONE_HOT_CLASSES)),
                        dtype=get_default_dtype())
    if y.dtype == bool:  # a yes/no label (y = X[:, 0] > 0): False is class 0, True class 1
        y = y.astype(np.int64)
    if not np.issubdtype(y.dtype, np.integer):
        if not (np.issubdtype(y.dtype, np.floating) and np.isfinite(y).all()
                and np.array_equal(y, np.round(y))):
            text = f"; number text labels 0..K-1 first, {NUMBER_BY_UNIQUE}" if is_text(y) else ""
            raise ValueError(f"y must hold integer class indices (finite whole numbers), "
                             f"got dtype {y.dtype}{text}")
    lowest, top = y.min().item(), y.max().item()  # Python numbers: float16's range ends at 65504
    if lowest < 0:
        raise ValueError(f"class indices must be >= 0, got {lowest}")
    if top >= MAX_ONE_HOT_CLASSES:  # checked before the cast, which could overflow
        raise ValueError(f"class index {top} is beyond the {MAX_ONE_HOT_CLASSES:,} classes one_hot makes")
    y = y.astype(np.int64)
    n_classes = check_int(int(top) + 1 if n_classes is None else n_classes, "n_classes",
                          maximum=MAX_ONE_HOT_CLASSES)
    if top >= n_classes:
        raise ValueError(f"class index {top} is out of range for n_classes={n_classes}")
    out = np.zeros((len(y), n_classes), dtype=get_default_dtype())
    out[np.arange(len(y)), y] = 1
    return out


def batches(X, y=None, batch_size=32, shuffle=True, rng=None, drop_last=False):
    """The mini-batches ``(X_batch, y_batch)`` of (X, y) (just ``X_batch`` when ``y`` is None), as
    a ``Batches`` to loop over once per epoch, as one loops over a PyTorch DataLoader.

    One pass visits every sample exactly once; the last batch may be smaller. With
    ``drop_last=True``, the DataLoader's option, a pass leaves out the m mod batch_size samples
    that would make it (others each pass, when shuffled): a layer that trains on batch
    statistics (BatchNorm1d) cannot take a batch of 1, and a few samples' μ and σ undo the
    epoch's other steps. A batch_size above the m samples would then leave no batch, and a
    loop over none trains on nothing: it is refused. With ``shuffle``
    each pass is in a fresh order, a permutation from ``rng`` (None -> the library-wide
    generator, looked up at each pass; an int -> a generator seeded once, so that the passes
    differ yet repeat from run to run) and batches are copies; without it they are views, in
    order. The arguments are checked here, before any pass. A ``Dataset`` given alone is its X
    and y, as a DataLoader takes a torch dataset: ``data.batches(training_data, batch_size=64)``.

    >>> import numpy as np
    >>> from neuralab import data
    >>> X, y = np.arange(20).reshape(10, 2), np.arange(10)
    >>> loader = data.batches(X, y, batch_size=4, rng=0)
    >>> len(loader), [y_batch.tolist() for X_batch, y_batch in loader]   # the last batch is smaller
    (3, [[4, 6, 2, 7], [3, 5, 9, 0], [8, 1]])
    >>> [y_batch.tolist() for X_batch, y_batch in loader]                # the next epoch: a new order
    [[2, 9, 3, 6], [0, 4, 8, 7], [5, 1]]
    """
    dataset = X if isinstance(X, Dataset) and y is None else None
    if dataset is not None:
        X, y = dataset
    X = as_array(X, "X")
    if y is not None:
        X, y = _same_length(X, y)
    elif X.ndim == 0:
        raise ValueError(f"X must be an array with one row per sample, got shape {X.shape}")
    if len(X) == 0:
        raise ValueError(f"X is empty (shape {X.shape}): there is nothing to batch")
    batch_size = check_int(batch_size, "batch_size")
    shuffle = check_bool(shuffle, "shuffle")
    drop_last = check_bool(drop_last, "drop_last")
    if drop_last and batch_size > len(X):
        raise ValueError(f"drop_last=True leaves no batch of batch_size={batch_size} from the {len(X)} "
                         f"samples of X, and a loop over none trains on nothing: give a batch_size of at "
                         f"most {len(X)}")
    return Batches(X, y, batch_size, shuffle, None if rng is None else as_rng(rng, "rng"), drop_last, dataset)


class Batches:
    """The mini-batches ``batches`` returns: ``for xb, yb in loader`` runs one pass (an epoch),
    and every new loop another, in a new order when shuffled. A generator would run one pass
    only: the next epoch's loop would find it empty and train on nothing, silently.
    ``len(loader)`` is the number of batches in a pass. ``loader.dataset`` is the Dataset it was
    made of, as a DataLoader's (``len(loader.dataset)``, the PyTorch quickstart's sample count)."""

    def __init__(self, X, y, batch_size, shuffle, rng, drop_last, dataset=None):
        self.X, self.y, self.batch_size, self.shuffle, self.rng = X, y, batch_size, shuffle, rng
        self.drop_last = drop_last
        if dataset is not None:
            self.dataset = dataset

    def __len__(self):
        return len(self.X) // self.batch_size if self.drop_last else -(-len(self.X) // self.batch_size)

    def __getattr__(self, name):   # only reached for a missing attribute: a dataset not given
        if name == "dataset":      # len(dataloader.dataset), the PyTorch quickstart's sample count
            raise AttributeError("these batches were made of arrays, not of a Dataset: loader.X and loader.y are "
                                 "the arrays it batches, len(loader.X) the number of samples (len(loader) the "
                                 "number of batches)", name=name, obj=self)
        raise AttributeError(f"'Batches' object has no attribute {name!r}", name=name, obj=self)

    def __iter__(self):
        order = None
        if self.shuffle:
            rng = default_rng() if self.rng is None else self.rng
            order = rng.permutation(len(self.X))
        end = len(self.X) - len(self.X) % self.batch_size if self.drop_last else len(self.X)
        for start in range(0, end, self.batch_size):
            rows = slice(start, start + self.batch_size) if order is None else order[start:start + self.batch_size]
            yield self.X[rows] if self.y is None else (self.X[rows], self.y[rows])
