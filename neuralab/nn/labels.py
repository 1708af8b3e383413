"""Label sets, and how to turn one into the labels a model takes: the end of the error message
that refuses them, with the expression that does it.

A model takes one of three things:
    TWO_CLASSES    the classes 0 and 1               (the perceptron, logistic regression)
    PROBABILITIES  the probability of class 1, [0, 1] (bce, bce_logits, binary accuracy)
    CLASS_INDICES  the classes 0..K-1                 (cross_entropy, accuracy over K outputs)

A label set is the distinct values of y, if they are text or whole numbers (fractions are
quantities, not labels: no mapping is guessed for them). The codings people use map as:
    -1/+1       (y + 1) // 2   to classes (whole numbers stay whole: 0 and 1, not 0.0 and 1.0
                               for integer labels); (y + 1) / 2 to probabilities, which also
                               maps a target in [-1, 1] (a tanh output's) onto [0, 1]
    1..K        y - 1
    two others  (y == b).astype(int), which makes b the class 1 (text, 3/7, 0/2)
    any set     classes, y = np.unique(y, return_inverse=True) numbers them 0..K-1 in sorted
                order, the order ``data.load`` numbers a CSV's classes in
More than two labels are no two classes: the caller says what to do instead (another model,
another loss).

Also here, the checks of the targets of a classifier of K outputs: class labels
(``check_class_labels``) and rows of class probabilities (``check_probability_rows``,
``row_sum_off``).
"""
import numpy as np

from .checks import MAX_SIZE

TWO_CLASSES = "the classes 0 and 1"
PROBABILITIES = "the probability of class 1, in [0, 1]"
CLASS_INDICES = "the classes 0..K-1"

# The numbering of any label set 0..K-1, as a user pastes it (``train.checks`` continues it for
# the labels of a second set, with np.searchsorted)
NUMBER_BY_UNIQUE = "classes, y = np.unique(y, return_inverse=True)"


def is_text(y):
    """Whether the array ``y`` holds text: strings, or Python objects that are all str."""
    return y.dtype.kind in "US" or (y.dtype.kind == "O" and all(isinstance(v, str) for v in y.flat))


def plus_minus_one(y):
    """Whether the array ``y`` holds only -1 and +1: the labels of the perceptron, SVMs and tanh outputs."""
    return set(np.unique(y).tolist()) <= {-1, 1}


def label_set(y):
    """The distinct labels of the array ``y``, sorted, as Python values (2, not 2.0 or
    np.int64(2); 'yes', not np.str_('yes')); None if ``y`` holds no labels: numbers that are
    not whole (or not finite), or objects that are not all text."""
    if not is_text(y):
        if y.dtype.kind not in "biuf" or not np.isfinite(y).all() or not np.array_equal(y, np.round(y)):
            return None
        # ints print as typed (2, not 2.0); past 2**53 a float stays one, which y == compares exactly
        return [int(v) if abs(v) < 2**53 else float(v) for v in np.unique(y)]
    return [v.item() if isinstance(v, np.generic) else v for v in np.unique(y)]


def mapping_hint(y, target, more_than_two="", n_classes=None):
    """How to turn the labels ``y`` into ``target`` (one of the three above), as the end of an
    error message, "; map ... with <expression>"; "" when y holds no labels, is already what
    ``target`` takes, or nothing fits.

    ``more_than_two`` is the caller's advice for more than two labels and a two-class target
    ("train an nn.MLP with a softmax output"). ``n_classes`` is K for CLASS_INDICES, the
    model's outputs, if known: it tells labels 1..K (with some class absent) from others. For
    CLASS_INDICES whole numbers from 0 up are already classes, and get "": too few outputs for
    them is the caller's to say.
    """
    values = label_set(np.asarray(y))
    if not values:
        return ""
    if isinstance(values[0], (str, bytes)):
        return _text_hint(values, target, more_than_two)
    return _numbers_hint(values, target, more_than_two, n_classes)


def _numbers_hint(values, target, more_than_two, n_classes):
    """``mapping_hint`` for whole numbers ``values`` (sorted, distinct)."""
    k = 2 if target != CLASS_INDICES else n_classes or len(values)
    if target == CLASS_INDICES and values[0] >= 0 and not (values[0] >= 1 and values[-1] == k):
        return ""  # class indices already (1..K aside): the caller says when K outputs are too few
    if set(values) <= {0, 1}:
        return ""
    if plus_minus_one(np.asarray(values)):
        divide = "/" if target == PROBABILITIES else "//"
        return f"; map the labels -1/+1 to 0/1 with (y + 1) {divide} 2"
    if values[0] >= 1 and values[-1] == k:
        span = "1/2 to 0/1" if k == 2 else f"1..{k} to 0..{k - 1}"
        return f"; map the labels {span} with y - 1"
    if target == CLASS_INDICES:
        return f"; number the labels 0..K-1 with {NUMBER_BY_UNIQUE} (label k is then classes[k])"
    return _two_classes_hint(values, more_than_two)


def _text_hint(values, target, more_than_two):
    """``mapping_hint`` for text ``values`` (sorted, distinct)."""
    if target == CLASS_INDICES:
        return f"; number the labels 0..K-1 with {NUMBER_BY_UNIQUE} (label k is then classes[k])"
    return _two_classes_hint(values, more_than_two)


def _two_classes_hint(values, more_than_two):
    """Two labels of no coding made 0 and 1 by naming the one to be 1 (the larger, as np.unique
    would number them); more than two get the caller's advice; one label gets nothing, as no
    one can say which class it is."""
    if len(values) > 2:
        return (f"; the labels make {len(values)} classes: for more than two, {more_than_two}"
                if more_than_two else "")
    if len(values) < 2:
        return ""
    one = values[1]
    return f"; map the two labels to 0/1 with (y == {one!r}).astype(int), which makes {one!r} the class 1"


def check_class_labels(labels, k, loss_name):
    """``labels`` (m,), one class per sample, as int64 in 0..k-1 for a model of k outputs;
    otherwise a TypeError (not numbers) or ValueError (fractions, values outside 0..k-1) that
    names the fix, starting with ``loss_name``."""
    if labels.dtype.kind not in "biuf":
        raise TypeError(f"{loss_name}: labels must be numbers, got dtype {labels.dtype}"
                        f"{mapping_hint(labels, CLASS_INDICES, n_classes=k)}")
    if labels.dtype.kind == "f" and not (np.isfinite(labels).all()
                                         and np.array_equal(labels, np.round(labels))):
        raise ValueError(f"{loss_name}: labels (one class index per sample) must be whole numbers")
    low, high = labels.min(), labels.max()
    if low < 0 or high >= k:  # checked before the cast, which could overflow
        raise ValueError(f"{loss_name}: labels must be in 0..{k - 1}, got values from "
                         f"{low} to {high}{_class_labels_hint(labels, k)}")
    return labels.astype(np.int64)


def _class_labels_hint(labels, k):
    """The end of the message refusing ``labels`` outside 0..k-1, for a model of k outputs: the
    mapping that numbers them from 0, and the outputs they need if they are more than k
    classes. Whole numbers from 0 up are class indices already: only the outputs (or, past any
    layer's size, that they are no classes at all)."""
    hint = mapping_hint(labels, CLASS_INDICES, n_classes=k)
    needed = len(np.unique(labels)) if hint else int(labels.max()) + 1  # a Python int: no overflow
    if needed > MAX_SIZE:  # no layer has that many outputs: not class indices
        return (f"; {labels.max():g} is no class index (an output layer has at most {MAX_SIZE:,} "
                f"outputs): for a number to predict, use loss='mse'")
    if needed > k:
        hint += f"; the model has {k} outputs, one per class: for {needed} classes, give it {needed}"
    return hint


def check_probability_rows(rows, loss_name):
    """``rows`` (m, K), one-hot or class probabilities: each in [0, 1] and summing to 1; otherwise
    a ValueError, starting with ``loss_name``, that names the fix (-1/+1 rows, several classes
    per sample)."""
    low, high = rows.min(), rows.max()
    if low < 0 or high > 1:
        hint = ("; map -1/+1 rows to one-hot rows with (y + 1) / 2, or pass the labels "
                "y.argmax(axis=1)") if plus_minus_one(rows) else ""
        raise ValueError(f"{loss_name}: target rows must be one-hot or class "
                         f"probabilities, in [0, 1], got values from {low:g} to {high:g}{hint}")
    off = row_sum_off(rows)
    if off is not None:
        raise ValueError(f"{loss_name}: each target row must sum to 1 (one class per "
                         f"sample, or probabilities over the classes), row {off[0]} sums to "
                         f"{off[1]:g}; for samples of several classes at once (multi-label), "
                         f"use bce_logits with one output per class")
    return rows


def row_sum_off(rows):
    """(i, sum) for the first row of ``rows`` (m, K) whose sum is not 1, or None when each is 1.

    Probabilities computed in float32 (a softmax, a division by the row's sum) sum to 1 within
    the rounding of a K-term float32 sum, at most K · 6e-8 (6e-4 for 10,000 classes); the
    mistakes this is for miss by far more: two classes marked (2), label smoothing without its
    1/K (1 + ε(K - 1)), a row of zeros (0), a regression target.
    """
    sums = rows.sum(axis=1, dtype=np.float64)
    wrong = np.abs(sums - 1) > 1e-3
    if not wrong.any():
        return None
    i = int(wrong.argmax())
    return i, float(sums[i])
