"""Standardisation, x' = (x - μ) / σ per column (or per channel of images), with μ and σ from
the training data only."""
import math
from dataclasses import replace

import numpy as np

from ..nn.checks import checked_keywords
from ..nn.dtype import all_finite, as_float_array
from ..nn.scikit_learn_habits import STANDARDIZER_HABITS, STANDARDIZER_KEYWORDS
from ..nn.tables import check_columns, column_names, features, is_dataset
from ..nn.user_line import Collected, warn
from .checks import check_image_shape
from .spread import LoneValueWarning, lone_value_words, lone_values, rounding_only, spread


class Standardizer:
    """x' = (x - μ) / σ per column, with μ and σ from the training data only.

    σ = √(Σ (x - μ)² / m), ddof = 0, as scikit-learn's StandardScaler. A constant column gets
    σ = 1, so it becomes 0 instead of dividing by zero. Fitted on a DataFrame or a Dataset, it
    keeps the column names (``feature_names``) and refuses a DataFrame or Dataset of other
    columns, or in another order, as a model does: μ and σ are applied by position. An array is
    taken as it comes, read by position (scikit-learn warns of one after a fit on names).

    ``transform`` of a DataFrame gives an array (the numbers a model reads); of a Dataset, the
    Dataset with X standardised, its column and class names and targets kept, so that
    ``model.fit(scaler.transform(train), ...)`` learns the names and ``predict`` checks them.

    ``Standardizer(image_shape=(H, W))`` or ``(C, H, W)`` reads each row as a flattened image and
    gives every pixel of a channel one μ and σ, over all its pixels of all training images (as
    torchvision's ``Normalize(mean, std)`` per channel, MNIST's (0.1307,), (0.3081,)). Per pixel,
    a border pixel inked in few training images gets a tiny σ, and ink moved there by a shift
    (``ImageAugment``) or found there in a new image becomes a huge input. ``mean`` and ``std``
    still hold one value per column, the channel's repeated.

    >>> import numpy as np
    >>> from neuralab.data import Standardizer
    >>> X_train = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> scaler = Standardizer().fit(X_train)
    >>> scaler.mean, scaler.std
    (array([ 2., 20.]), array([ 1., 10.]))
    >>> scaler.transform(X_train)                          # each column now has mean 0 and std 1
    array([[-1., -1.],
           [ 1.,  1.]])
    >>> scaler.transform(np.array([[5.0, 20.0]]))          # test rows: the training μ and σ
    array([[3., 0.]])
    """

    @checked_keywords(STANDARDIZER_KEYWORDS)   # StandardScaler's with_mean, copy
    def __init__(self, image_shape=None):
        self.image_shape = None if image_shape is None else check_image_shape(image_shape)
        self.mean = None
        self.std = None
        self.feature_names = None   # the columns of the DataFrame or Dataset it was fitted on, checked after

    def __getattr__(self, name):
        """Only reached for an attribute it lacks: StandardScaler's (``mean_``, ``scale_``) gets
        what holds it here."""
        if name in STANDARDIZER_HABITS:
            raise AttributeError(f"Standardizer has no {name}: {STANDARDIZER_HABITS[name]}", name=name, obj=self)
        raise AttributeError(f"'Standardizer' object has no attribute {name!r}", name=name, obj=self)

    def fit(self, X, *targets):
        """Learn μ and σ of each column of ``X`` (m, n) (or of a 1-D ``X``, or of a Dataset's X);
        returns self. ``fit(X, y)``, scikit-learn's call, is refused (``_refuse_targets``).

        A column counts as constant when it holds one value, when σ rounds to 0 in X's dtype,
        or when σ ≤ m·ε·|μ| (ε of float64, where μ and σ are computed): a spread that small is
        the rounding of the sum of m values near μ, not data (a column holding 0.1 + 0.2 in some
        rows and 0.3 in others); σ would blow it up to ±1 (``spread.rounding_only``).

        Warns (``LoneValueWarning``) of a column whose spread one value holds, far past the
        others (``spread.lone_values``): a marker of missing values, such as 99999 among values
        near 1, makes σ alone and leaves the others, standardised, a hair apart. A value written
        as such a marker, all nines (-999 among values 0..100), is said whatever its share.
        """
        _refuse_targets("fit", targets)
        return self._fit(X)

    def _fit(self, X):
        names = column_names(X)
        X = as_float_array(features(X), "X", ndim=(1, 2))
        X, column_of = self._pooled(X)
        with np.errstate(over="ignore", invalid="ignore"):  # said below, in words
            mean = X.mean(axis=0, dtype=np.float64)
            std, reach, ties, low, high = spread(X, mean)
            mean_in_dtype, std_in_dtype = mean.astype(X.dtype), std.astype(X.dtype)
        huge = ~(np.isfinite(std_in_dtype) & np.isfinite(mean_in_dtype))
        if huge.any():
            raise ValueError(f"X's column {column_of(0, np.flatnonzero(np.atleast_1d(huge))[0])[1]} holds values too large to "
                             f"standardise: its mean or standard deviation passes the float range "
                             f"({np.finfo(X.dtype).max:.3g} in {X.dtype.name})")
        one_value = low == high  # whose float64 mean may still be a hair off it
        constant = one_value | rounding_only(std, mean, len(X)) | (std_in_dtype == 0)  # 0: float32 subnormals
        # warned before self changes: as an error (warnings.simplefilter("error")), it leaves the
        # scaler as it was, not fitted on data the caller was told to fix
        if found := [replace(f, row=row, column=column) for f in lone_values(X, mean, std, reach, ties, low, high)
                      for row, column in [column_of(f.row, f.column)]]:
            column = ((lambda j: f"X's column {names[j]!r}") if names is not None
                      else (lambda j: "X") if X.ndim == 1 else (lambda j: f"X's column {j}"))
            warn(LoneValueWarning(lone_value_words(found, column, lambda k: f"row {k}"), found))
        self.mean = self._per_column(np.where(one_value, X[0], mean_in_dtype))
        self.std = self._per_column(np.where(constant, 1, std_in_dtype).astype(X.dtype))
        self.feature_names = names
        return self

    def _per_column(self, values):
        """A channel's μ or σ given to each of its pixels' columns."""
        return values if self.image_shape is None else np.repeat(values, math.prod(self.image_shape[-2:]))

    def _pooled(self, X):
        """X as the columns whose μ and σ are learnt, and ``column_of(k, j)``: the row and
        column of X that hold value k of column j of them. Without ``image_shape``, X's own
        columns; with it, one column per channel holding every pixel of every image (m·H·W
        values, pixel p of image i at k = i·H·W + p), so a value warned of is named by its image
        and its pixel's column."""
        if self.image_shape is None:
            return X, lambda k, j: (k, j)
        if X.ndim != 2 or X.shape[1] != math.prod(self.image_shape):
            raise ValueError(f"X must have one flattened image of shape {self.image_shape} per row, "
                             f"{math.prod(self.image_shape)} columns, got shape {X.shape}")
        channels = self.image_shape[0] if len(self.image_shape) == 3 else 1
        pixels = X.shape[1] // channels
        pooled = X.reshape(len(X), channels, pixels).transpose(0, 2, 1).reshape(-1, channels)
        return pooled, lambda k, j: (k // pixels, j * pixels + k % pixels)

    def _check(self, X):
        """X checked against the fitted data. One column is taken as (m,) or (m, 1) whichever it
        was fitted on: a target y (m,) scaled for training comes back from ``predict`` as (m, 1),
        and ``inverse_transform`` keeps that shape."""
        if self.mean is None:
            raise ValueError("Standardizer is not fitted yet: call fit(X_train) first")
        check_columns(self.feature_names, X, learned="the Standardizer was fitted on",
                      owner="scaler")  # μ, σ by position
        X = features(X)   # a Dataset's X, its names checked just above
        if self.mean.size == 1:
            X = as_float_array(X, "X", ndim=(1, 2))
            if X.ndim == 1 or X.shape[1] == 1:
                return X
        X = as_float_array(X, "X", ndim=self.mean.ndim + 1)
        if X.shape[1:] != self.mean.shape:
            n = self.mean.shape[0]
            raise ValueError(f"X must have {n} column{'s' * (n != 1)} like the data fitted on, "
                             f"got shape {X.shape}")
        return X

    def transform(self, X):
        """(X - μ) / σ, in the dtype of ``X``; a Dataset comes back as one (see the class)."""
        return self._apply(X, lambda X: _in_place(np.divide, X - self.mean, self.std), "standardised values")

    def fit_transform(self, X, *targets):
        """``fit(X)`` then ``transform(X)``."""
        _refuse_targets("fit_transform", targets)
        return self._fit(X).transform(X)

    def __repr__(self):
        if self.mean is None:
            return "Standardizer(not fitted)"
        n = self.mean.size
        images = "" if self.image_shape is None else f", one μ and σ per channel of {self.image_shape} images"
        return f"Standardizer(fitted: {n} column{'s' * (n != 1)}{images}, {self.mean.dtype.name})"

    def inverse_transform(self, X):
        """X·σ + μ: back to the original units; a Dataset comes back as one."""
        return self._apply(X, lambda X: _in_place(np.add, X * self.std, self.mean), "values in the original units")

    def _apply(self, given, formula, what):
        """``formula`` on the checked values of ``given``, in their dtype: a Dataset's X in a copy
        of the Dataset, anything else as an array."""
        out = _in_dtype_of(self._check(given), formula, what)
        return replace(given, X=out) if is_dataset(given) else out


def _refuse_targets(method, targets):
    """Refuse ``scaler.fit(X, y)``: scikit-learn's transformers take y and ignore it (a Pipeline
    passes it), and a learner may mean y to be scaled too, which a second Standardizer does."""
    if targets:
        raise TypeError(f"Standardizer.{method} takes X alone, the inputs: it learns their μ and σ; targets to "
                        f"scale get a Standardizer of their own, y_scaler = data.Standardizer().fit(y_train)")


def fitted_saying(values, column, row, rows="rows", image_shape=None, remedy=None):
    """(scaler, said, warned): a Standardizer fitted on ``values``; what its fit warned of in
    words, kept (``nn.user_line.Collected``), not issued: a ``LoneValueWarning`` naming the column
    ``column(j)`` and the row ``row(k)`` as the caller's reader knows them, and what copies of
    a value were counted among (``rows``: ``neuralab train`` and the playground name a CSV's
    header, its row in the file, and "training rows"), any other in its own words; and the
    columns of ``values`` whose lone value it warned of, in order, which a caller that says the
    warning hands to ``Monitor.report(warned_columns=...)``, so that the monitor's finding of
    that value points back to it rather than saying it again. Images (``image_shape``) get one
    μ and σ per channel (their pixels' columns are named). ``remedy(value)``, when given, adds the
    caller's own way out for the first lone value (the command line's --na-values) to its words."""
    with Collected() as kept:
        scaler = Standardizer(image_shape).fit(values)
    said = [lone_value_words(w.found, column, row, rows) + (f"; {remedy(w.found[0].value)}" if remedy else "")
            if isinstance(w, LoneValueWarning) else str(w) for w in kept.caught]
    warned = sorted({f.column for w in kept.caught if isinstance(w, LoneValueWarning) for f in w.found})
    return scaler, said, tuple(warned)


def _in_place(operation, first, second):
    """``operation(first, second)`` written over ``first``, the new array the step before made,
    where it has the result's shape and dtype: (X - μ) / σ holds one X-sized array, not two."""
    if first.shape != np.broadcast_shapes(first.shape, np.shape(second)) or (
            np.result_type(first, second) != first.dtype):
        return operation(first, second)
    return operation(first, second, out=first)


def _in_dtype_of(X, formula, what):
    """``formula(X)`` in X's dtype. Where float32 overflows on the way (a value near its largest,
    3.4e38, minus a mean of the other sign) it is computed again in float64 and cast back; a
    result that X's dtype cannot hold is refused, naming the column, not returned as inf. The
    checks take constant memory (``all_finite``); the column at fault is looked for only then."""
    with np.errstate(over="ignore", invalid="ignore"):
        # cast before the check: μ and σ fitted on float64 give float64 values, finite where
        # float32 X cannot hold them (1 / 8e-41)
        out = formula(X).astype(X.dtype, copy=False)
        finite = all_finite(out)
        if X.dtype != np.float64 and not finite:
            out = formula(X.astype(np.float64)).astype(X.dtype)
            finite = all_finite(out)
    if finite:
        return out
    bad = ~np.isfinite(out).all(axis=0)   # (some column is, as out is not all finite)
    fix = "; use float64, X.astype(np.float64)" if X.dtype != np.float64 else ""
    raise ValueError(f"the {what} of X's column {np.flatnonzero(np.atleast_1d(bad))[0]} pass the "
                     f"{X.dtype.name} range (±{np.finfo(X.dtype).max:.3g}){fix}")
