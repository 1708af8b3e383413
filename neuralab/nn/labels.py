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
"""
import numpy as np

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
