"""The feature columns of a user's CSV that give the answer away. A column that alone tells the
classes apart in every training row, or follows a regression's target along a straight line,
was often recorded after the outcome or computed from it (the lifeboat a passenger left in, the
price again in thousands): the network learns it instead of the other columns, the test score
comes out near perfect, and says nothing of the rows the model will be given, which lack it.
An identifier read as numbers (PassengerId) leaks too: the network learns where a row sits in
the numbering, not what the row measures. Built-in datasets are not checked: generated data can
be separable on purpose."""
import math
import sys

import numpy as np

from ..data.csv_cells import first_few
from ..data.identifier_columns import identifier_columns, identifier_reason
from .errors import leave_out

# A column is warned of only when separating the classes as it does is this unlikely by chance:
# with a few training rows, almost any column separates them.
CHANCE = 1e-3
# |r| of a regression's feature with its target from which the feature is warned of, and the
# fewest training rows it needs: two unrelated normal columns of 5 rows pass it about once in
# 1,000 pairs (by simulation), of 6 once in 5,000.
CORRELATION = 0.99
MIN_ROWS = 6
SHOWN_CLASSES = 5  # the classes a warning lists the ranges of


def warn_identifier_columns(ds):
    """Warns about the feature columns of the user's CSV that are identifiers
    (``identifier_columns``: named as one, a different whole number in every row), with the
    option that leaves each out (``errors.leave_out``)."""
    for name in identifier_columns(ds):
        print(f"warning: {identifier_reason(name, len(ds))}; {leave_out(name)} to leave it out", file=sys.stderr)


def warn_leaking_columns(ds, X_train, y_train, target):
    """Warns, before training, of each feature column of ``ds`` (the user's CSV) whose training
    part ``X_train`` alone gives away the target ``y_train`` (class indices, or a regression's
    values): ``class_ranges`` for classes, ``correlations`` for a regression."""
    if ds.task == "regression":
        X, y = np.asarray(X_train, dtype=np.float64), np.asarray(y_train, dtype=np.float64)
        r = correlations(X, y) if len(X) >= MIN_ROWS else []
        found = [(j, f"correlates with target column {target!r} at r = {r[j]:.4f} in the training rows")
                 for j in np.flatnonzero(np.abs(r) > CORRELATION)]
    else:
        ranges = class_ranges(X_train, y_train) if _chance(y_train) < CHANCE else []
        found = [(j, f"alone tells the classes apart in every training row ({_ranges_text(held, ds.class_names)})")
                 for j, held in enumerate(ranges) if held is not None]
    for j, how in found:
        name = ds.feature_names[j]
        print(f"warning: column {name!r} {how}: if {name!r} is known only after the outcome (or is computed "
              f"from it), it leaks the answer: {leave_out(name)} to leave it out", file=sys.stderr)


def class_ranges(X, y):
    """For each column of ``X``: [(class, lowest, highest)] of its values over the rows of each
    class of ``y``, in increasing order, when the ranges do not overlap (a threshold between
    each two neighbours tells them apart: each class's highest value is below the next one's
    lowest); else None. One pass over the rows of each class, for all the columns at once."""
    classes = np.unique(y)
    low = np.stack([X[y == c].min(axis=0) for c in classes])  # (classes, columns)
    high = np.stack([X[y == c].max(axis=0) for c in classes])
    order = np.argsort(low, axis=0)
    apart = (np.take_along_axis(high, order[:-1], 0) < np.take_along_axis(low, order[1:], 0)).all(axis=0)
    return [[(int(classes[k]), float(low[k, j]), float(high[k, j])) for k in order[:, j]]
            if apart[j] and len(classes) > 1 else None for j in range(X.shape[1])]


def _chance(y):
    """The probability that labels ``y`` shuffled at random fall into ranges of their own along
    a column of distinct values: of the n! orders of the rows, K! · ∏ n_k! put each class's n_k
    rows together (ties only lower it)."""
    counts = np.bincount(np.asarray(y, dtype=int))
    counts = counts[counts > 0]
    log = math.lgamma(len(counts) + 1) + sum(math.lgamma(n + 1) for n in counts) - math.lgamma(counts.sum() + 1)
    return math.exp(log)


def correlations(X, y):
    """Pearson's r of each column of ``X`` with ``y``, r = Σ x̃ỹ / √(Σ x̃² Σ ỹ²) with x̃ = x - x̄,
    0 for a column (or target) of one value. Each is first divided by its largest magnitude, so
    that the squares of values near the float range do not overflow."""
    def centred(a):
        scale = np.abs(a).max(axis=0)
        a = a / np.where(scale > 0, scale, 1)
        return a - a.mean(axis=0)
    Xc, yc = centred(X), centred(y)
    spread = np.sqrt((Xc ** 2).sum(axis=0) * (yc ** 2).sum())
    return np.divide(Xc.T @ yc, spread, out=np.zeros(X.shape[1]), where=spread > 0)


def _ranges_text(held, class_names):
    """The classes' ranges of a column, as the warning lists them: "'no' at 0, 'yes' from 1 to 16"."""
    parts = [f"{class_names[c]!r} " + (f"at {low:g}" if low == high else f"from {low:g} to {high:g}")
             for c, low, high in held]
    return first_few(parts, SHOWN_CLASSES)
