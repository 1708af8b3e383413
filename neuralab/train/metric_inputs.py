"""How a metric reads its arguments: ``pred`` and ``y`` checked (numbers, one row per sample,
as many rows on each side, finite targets), and, for the metrics of classes (accuracy,
precision, recall, F1, the confusion matrix), the true and the predicted class of each sample.

The rules for classes are ``metrics``'s (see its docstring): one output is the probability (or,
with ``threshold`` 0, the logit) of class 1, K outputs are one score per class; ``y`` holds the
probability of class 1 for one output, class indices or one-hot rows for K. ``pred`` may also
hold the predicted class of each sample, whole numbers ≥ 0 such as ``model.predict(X).argmax(1)``.

The order is (pred, y), the predictions first, as the losses take them (and torchmetrics);
scikit-learn's metrics take (y_true, y_pred), the other way round. Labels first and the model's
outputs second are refused (``refuse_swapped``); two arrays of class labels cannot be told apart.
"""
import numpy as np

from ..nn.checks import check_int
from ..nn.dtype import all_finite, non_finite_words
from ..nn.labels import CLASS_INDICES, PROBABILITIES, is_text, mapping_hint, plus_minus_one
from ..nn.losses import binary_label_hint, row_sum_off
from ..nn.shape_hints import targets_hint


def is_model(value):
    """Whether ``value`` is a model (one of neuralab's, scikit-learn's, Keras's: it predicts),
    given where arrays are expected."""
    return callable(getattr(value, "predict", None))


def checked_arrays(pred, y, of_classes, metric=None):
    """``pred`` and ``y`` as numeric arrays with the same (non-zero) number of rows, for a metric
    of classes (accuracy) or, ``of_classes`` False, of a quantity (mse, mae, r2); ``metric`` is
    the name the errors give it. A model given for ``pred`` is refused: scikit-learn's scorers
    take (model, X, y), a metric here what the model predicted (NumPy would read the model as
    an array of one object)."""
    if is_model(pred):
        raise TypeError(f"{metric or 'a metric'} takes the model's predictions, not the model: "
                        f"{metric or 'metric'}(model.predict(X), y)")
    pred, y = np.asarray(pred), np.asarray(y)
    if is_text(pred):   # what predict_classes gives a model that knows its class names
        raise TypeError("pred must hold numbers, got text labels, such as the class names that predict_classes "
                        "gives a model with class_names: give the metric the model's outputs, model.predict(X), "
                        "and y the class numbers 0..K-1")
    if is_text(y) and pred.dtype.kind in "biuf":
        raise TypeError(f"y must hold numbers, got text labels{_text_labels_hint(pred, y, of_classes)}")
    for name, a in (("pred", pred), ("y", y)):
        if a.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold numbers, got dtype {a.dtype}")
        if a.ndim == 0:
            raise ValueError(f"{name} must hold one row per sample, got the single value {a.item()!r}")
    if len(pred) == 0:
        raise ValueError("pred is empty: a metric needs at least one sample")
    if len(y) != len(pred):
        raise ValueError(f"pred has {len(pred)} samples but y has {len(y)}{targets_hint(y, len(pred))}")
    refuse_missing_targets(y, "y", "pred")
    return pred, y


def refuse_missing_targets(y, y_name, inputs, table=False):
    """Refuses targets ``y`` (called ``y_name``) that hold a NaN or ±inf, a target missing, with
    the first one's index and the way to leave those samples out of ``y`` and of their
    ``inputs`` (X, X_val or pred): a NaN target would make the loss NaN, and a fill-in is the
    user's choice to make; pandas' way when ``y`` came as a ``table`` (a Series: np.isfinite
    fails on a nullable Int64 one's pd.NA). The check keeps to constant memory (see
    ``all_finite``)."""
    if y.dtype.kind != "f" or not y.size or all_finite(y):
        return
    axes = tuple(range(1, y.ndim))   # a row of several targets is kept only if all are there
    if table:
        keep = f"{y_name}.notna()" + (".all(axis=1)" if axes else "")
    else:
        keep = f"np.isfinite({y_name})" + (f".all(axis={axes[0] if len(axes) == 1 else axes})" if axes else "")
    raise ValueError(f"{non_finite_words(y_name, y)}: to leave those samples out, "
                     f"keep = {keep}, then {inputs}[keep] and {y_name}[keep]")


def _text_labels_hint(pred, y, of_classes):
    """The end of the error refusing the text labels ``y``: how to map them to the classes that
    accuracy takes for predictions ``pred`` (``nn.labels``); mse, mae and r2 measure a quantity."""
    one_output = pred.ndim == 1 or (pred.ndim == 2 and pred.shape[1] == 1)
    hint = mapping_hint(y, PROBABILITIES if one_output else CLASS_INDICES,
                        more_than_two="give pred one column per class")
    return hint if of_classes else f": they are classes, which accuracy measures, not mse, mae or r2{hint}"


def class_labels(labels, pred_shape, classes=None, metric="accuracy"):
    """``labels`` if they are classes for predictions of ``pred_shape``: with ``classes`` None,
    probabilities of class 1, in [0, 1]; else whole numbers in 0..classes-1. The error names
    ``metric``, the one that refuses them."""
    low, high = labels.min(), labels.max()
    if classes is None:
        if 0 <= low and high <= 1:
            return labels
        expected, hint = "in [0, 1] (the probability of class 1)", binary_label_hint(labels)
        if plus_minus_one(labels):   # mapped, a hinge loss's scores thresholded at 1/2 would count wrong
            hint += f" (for scores whose sign is the class, a hinge loss's: {metric}(pred > 0, y > 0))"
    else:
        if 0 <= low and high < classes and whole_numbers(labels):
            return labels
        expected = f"whole numbers in 0..{classes - 1} (class indices)"
        hint = mapping_hint(labels, CLASS_INDICES, n_classes=classes)
    raise ValueError(f"{metric} is for class labels: for pred of shape {pred_shape}, y must be "
                     f"{expected}, got values from {low:g} to {high:g}{hint}; for a quantity, "
                     f"use mse, mae or r2")


def _probability_rows(rows, pred_shape, metric):
    """``rows`` if each is one-hot or class probabilities: in [0, 1], summing to 1."""
    low, high = rows.min(), rows.max()
    off = None if low < 0 or high > 1 else row_sum_off(rows)
    if low < 0 or high > 1 or off is not None:
        got = f"values from {low:g} to {high:g}" if off is None else f"row {off[0]} summing to {off[1]:g}"
        raise ValueError(f"{metric} is for class labels: for pred of shape {pred_shape}, the rows of y "
                         f"must be one-hot or class probabilities (in [0, 1], summing to 1), got {got} "
                         f"(several classes per sample? binary_accuracy); for a quantity, use mse, mae "
                         f"or r2")
    return rows


# The most classes a metric counts when pred holds class indices: its confusion matrix is k × k
# (8 MB for 1,000 classes, ImageNet's), and a quantity read as classes would ask for terabytes.
MAX_CLASSES = 1000


def true_and_predicted(pred, y, threshold=0.5, metric="accuracy", n_classes=None):
    """(true, predicted, k): the class index of each sample in ``y`` and in ``pred``, as int64
    arrays of shape (m,), and the number of classes k (2 for one output, K for K outputs).

    (pred, y): the predictions first — scikit-learn's metrics take (y_true, y_pred), the other
    way round; labels first and the model's outputs second are refused (``refuse_swapped``).

    One output: class 1 where pred ≥ ``threshold`` (0.5 for a probability, 0 for a logit), and
    where y > 1/2. K outputs: the argmax of each row of pred, and y's class index or the argmax
    of its one-hot (or probability) row. A prediction that is NaN is no class: its predicted
    class is -1, never right. Errors name ``metric``.

    Predicted classes: a ``pred`` of whole numbers ≥ 0, shape (m,) (``pred.argmax(1)``) or
    integers of shape (m, 1), is the class of each sample (a model's (m, 1) float outputs are
    scores, however large and whole), and y holds class indices or one-hot rows. k is
    ``n_classes`` if given (``confusion_matrix``'s, or the number of ``class_names``), else y's
    columns for one-hot rows, else the larger of pred's and y's largest class + 1 (at least 2).
    Of two classes, pred 0/1 reads the same either way, so the threshold rule above reads it."""
    pred, y = checked_arrays(pred, y, of_classes=True, metric=metric)
    if pred.ndim > 2:
        raise ValueError(f"pred must have shape (m,) or (m, classes), got {pred.shape}")
    refuse_swapped(pred, y, metric)
    one_output = pred.ndim == 1 or (pred.ndim == 2 and pred.shape[1] == 1)
    if one_output and _holds_classes(pred, y, n_classes) and pred.min() >= 0:
        k = _number_of_classes(pred, y, n_classes)
        if k > 2 or pred.max() > 1:
            return _predicted_classes(pred.reshape(-1), y, k, metric, n_classes is not None)
    k = 2 if one_output else pred.shape[1]
    true = _true_classes(y, pred.shape, k, one_output, metric)
    if one_output:
        scores = pred.reshape(-1)
        guess, nan = (scores >= threshold), np.isnan(scores)
    else:
        guess = _argmax_rows(pred)
        # argmax picks a row's first NaN if it has one: no (m, K) array of np.isnan(pred)
        nan = np.isnan(pred[np.arange(len(pred)), guess])
    return true.astype(np.int64), np.where(nan, -1, guess).astype(np.int64), k


def refuse_swapped(pred, y, metric):
    """Refuses scikit-learn's order, (y_true, y_pred), given for (pred, y): ``pred`` holding
    labels (one column of whole numbers ≥ 0, or one-hot rows) and ``y`` the model's outputs,
    fractions of more than two values (probabilities in [0, 1] for one column; scores or
    probabilities, one per class, for K). Smoothed labels take two values (0.1 and 0.9) and stay
    targets; a column of fractions outside [0, 1] is a quantity (or logits), which
    ``class_labels`` refuses."""
    if y.dtype.kind != "f" or not pred.size or not y.size or whole_numbers(y):
        return
    low, high = y.min(), y.max()
    one_column = y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1)
    if (one_column and (low < 0 or high > 1)) or not np.any((y != low) & (y != high)):
        return
    one_hot = pred.ndim == 2 and pred.shape[1] > 1 and pred.max() <= 1 and np.all(pred.sum(axis=1) == 1)
    if pred.min() < 0 or not whole_numbers(pred) or not (pred.ndim == 1 or pred.shape[1] == 1 or one_hot):
        return
    raise ValueError(f"{metric} takes (pred, y), the predictions first, but pred holds whole numbers "
                     f"only (class labels?) and y fractions from {low:.3g} to {high:.3g} (the model's "
                     f"outputs?): scikit-learn's metrics take (y_true, y_pred), the other way round. "
                     f"Give the model's outputs first: {metric}(model.predict(X), y)")


def _holds_classes(pred, y, n_classes):
    """Whether the one column ``pred`` may hold predicted classes: whole numbers, (m,) as
    ``pred.argmax(1)`` gives them, or (m, 1). A column of floats is read as classes only where
    y's classes (or ``n_classes``) reach past 1 and pred's values stay among them (``np.round``
    of a three-class model's classes): a model's (m, 1) float outputs are scores however whole
    they are, and a diverged network's 5e20, whole in floating point, read as a class made 10²⁰
    classes and an error, where it is a score of class 1."""
    if not whole_numbers(pred):
        return False
    if pred.ndim == 2 and pred.dtype.kind == "f":
        if n_classes is not None:
            k = check_int(n_classes, "n_classes")
        elif y.ndim == 2 and y.shape[1] > 1:
            k = y.shape[1]
        else:
            k = float(np.max(y)) + 1 if y.size else 0
        return k > 2 and pred.size and float(pred.max()) < k
    return True


def whole_numbers(a):
    """Whether the array ``a`` holds whole numbers only: integers or bools, or finite floats
    without a fraction (3.0, not 2.5)."""
    if a.dtype.kind != "f":
        return True
    if a.size and not float(a.flat[0]).is_integer():   # a model's outputs: told at the first value
        return False
    return all_finite(a) and np.array_equal(a, np.round(a))


def _number_of_classes(pred, y, n_classes):
    """k for the predicted classes ``pred`` (see ``true_and_predicted``)."""
    if n_classes is not None:
        return check_int(n_classes, "n_classes")
    if y.ndim == 2 and y.shape[1] > 1:
        return y.shape[1]
    top_label = int(y.max()) if whole_numbers(y) else 0   # fractions: class_labels refuses them
    return max(2, int(pred.max()) + 1, top_label + 1)


def _predicted_classes(guess, y, k, metric, k_given):
    """(true, predicted, k) for the class indices ``guess`` (see ``true_and_predicted``); ``k_given``
    says whether k came from the caller (n_classes, class_names) rather than from y or the classes."""
    if k > MAX_CLASSES:
        raise ValueError(f"{metric} read pred as the class of each sample (whole numbers ≥ 0), which "
                         f"makes {k:,} classes, more than the {MAX_CLASSES:,} it counts: for a "
                         f"quantity, use mse, mae or r2")
    top = int(guess.max())
    if top >= k and k_given:
        raise ValueError(f"{metric} is given {k} classes, 0..{k - 1}, but pred holds class {top}: "
                         f"give the number of all the model's classes (n_classes, or one name per "
                         f"class in class_names)")
    if top >= k:   # k is y's columns
        raise ValueError(f"{metric} reads {k} classes from the one-hot rows of y, shape {y.shape}, "
                         f"but pred holds class {top}: give y one column per class of the model")
    true = _true_classes(y, guess.shape, k, False, metric)
    return true.astype(np.int64), guess.astype(np.int64), k


def _true_classes(y, pred_shape, k, one_output, metric):
    """The class of each sample in ``y``: for ``one_output``, where its probability of class 1 is
    over 1/2; else its class index, or the argmax of its one-hot (or probability) row of k."""
    if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
        labels = class_labels(y.reshape(-1), pred_shape, None if one_output else k, metric)
        return (labels > 0.5) if one_output else labels
    if y.ndim == 2 and y.shape[1] == k:
        return _argmax_rows(_probability_rows(y, pred_shape, metric))
    raise ValueError(f"y must hold class indices, shape ({len(y)},), or one-hot rows, shape "
                     f"({len(y)}, {k}), for pred of shape {pred_shape}; got {y.shape}")


def _argmax_rows(pred, block=2 ** 18):
    """``pred.argmax(axis=1)``, a block of about ``block`` elements at a time when ``pred`` is not
    contiguous: NumPy copies such an array whole before its argmax, and ``fit`` checks the
    targets against a broadcast view of zeros as large as all the outputs (see ``check_target``)."""
    if pred.flags.c_contiguous:
        return pred.argmax(axis=1)
    step = max(1, block // max(1, pred.shape[1]))
    return np.concatenate([pred[i:i + step].argmax(axis=1) for i in range(0, len(pred), step)])
