"""How a metric reads its arguments: ``pred`` and ``y`` checked (numbers, one row per sample,
as many rows on each side, finite targets), and, for the metrics of classes (accuracy,
precision, recall, F1, the confusion matrix), the true and the predicted class of each sample.

The rules for classes are ``metrics``'s (see its docstring): one output is the probability (or,
with ``threshold`` 0, the logit) of class 1, K outputs are one score per class; ``y`` holds the
probability of class 1 for one output, class indices or one-hot rows for K.
"""
import numpy as np

from ..nn.dtype import all_finite, non_finite_words
from ..nn.labels import CLASS_INDICES, PROBABILITIES, is_text, mapping_hint
from ..nn.losses import binary_label_hint, row_sum_off


def checked_arrays(pred, y, of_classes):
    """``pred`` and ``y`` as numeric arrays with the same (non-zero) number of rows, for a metric
    of classes (accuracy) or, ``of_classes`` False, of a quantity (mse, mae, r2)."""
    pred, y = np.asarray(pred), np.asarray(y)
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
        raise ValueError(f"pred has {len(pred)} samples but y has {len(y)}")
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
    else:
        whole = labels.dtype.kind != "f" or np.array_equal(labels, np.round(labels))
        if 0 <= low and high < classes and whole:
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


def true_and_predicted(pred, y, threshold=0.5, metric="accuracy"):
    """(true, predicted, k): the class index of each sample in ``y`` and in ``pred``, as int64
    arrays of shape (m,), and the number of classes k (2 for one output, K for K outputs).

    One output: class 1 where pred ≥ ``threshold`` (0.5 for a probability, 0 for a logit), and
    where y > 1/2. K outputs: the argmax of each row of pred, and y's class index or the argmax
    of its one-hot (or probability) row. A prediction that is NaN is no class: its predicted
    class is -1, never right. Errors name ``metric``."""
    pred, y = checked_arrays(pred, y, of_classes=True)
    one_output = pred.ndim == 1 or (pred.ndim == 2 and pred.shape[1] == 1)
    if pred.ndim > 2:
        raise ValueError(f"pred must have shape (m,) or (m, classes), got {pred.shape}")
    k = 2 if one_output else pred.shape[1]
    if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
        labels = class_labels(y.reshape(-1), pred.shape, None if one_output else k, metric)
        true = (labels > 0.5) if one_output else labels
    elif y.ndim == 2 and y.shape[1] == k:
        true = _argmax_rows(_probability_rows(y, pred.shape, metric))
    else:
        raise ValueError(f"y must hold class indices, shape ({len(y)},), or one-hot rows, shape "
                         f"({len(y)}, {k}), for pred of shape {pred.shape}; got {y.shape}")
    if one_output:
        scores = pred.reshape(-1)
        guess, nan = (scores >= threshold), np.isnan(scores)
    else:
        guess = _argmax_rows(pred)
        # argmax picks a row's first NaN if it has one: no (m, K) array of np.isnan(pred)
        nan = np.isnan(pred[np.arange(len(pred)), guess])
    return true.astype(np.int64), np.where(nan, -1, guess).astype(np.int64), k


def _argmax_rows(pred, block=2 ** 18):
    """``pred.argmax(axis=1)``, a block of about ``block`` elements at a time when ``pred`` is not
    contiguous: NumPy copies such an array whole before its argmax, and ``fit`` checks the
    targets against a broadcast view of zeros as large as all the outputs (see ``check_target``)."""
    if pred.flags.c_contiguous:
        return pred.argmax(axis=1)
    step = max(1, block // max(1, pred.shape[1]))
    return np.concatenate([pred[i:i + step].argmax(axis=1) for i in range(0, len(pred), step)])
