"""Metrics: numbers people read, computed from predictions and targets (never differentiated).

    accuracy         fraction of samples whose predicted class is the true class
                     (one output: class 1 when the output ≥ threshold; K outputs: argmax);
                     with bce or bce_logits it is binary_accuracy (see ``resolve``); with
                     hinge, the share of scores whose sign is their label's, -1 or +1
    binary_accuracy  fraction of outputs on the right side of the threshold: each of K
                     independent yes/no outputs (multi-label) counts on its own, so it is
                     per-output accuracy, not the fraction of samples classified right
    precision        TP / (TP + FP): the share of the predictions of a class that are right
    recall           TP / (TP + FN): the share of the samples of a class that are found
    f1               2 TP / (2 TP + FP + FN), the harmonic mean of the two; all three are
                     class 1's for two classes, the macro average (the mean over the classes)
                     for more, class c's with pos_label=c (``classification_metrics``, with
                     ``confusion_matrix``; every class's at once: ``classification_report``)
    mse              mean (ŷ - y)²        mae  mean |ŷ - y|
    r2               1 - Σ(y - ŷ)² / Σ(y - ȳ)² for each output, averaged over the outputs
                     (1 is perfect, 0 is no better than predicting ȳ); an output whose targets
                     are constant scores 1 if predicted exactly, else 0 (scikit-learn's r2_score;
                     one sample is such a case, where scikit-learn gives NaN)

``pred`` and ``y`` hold one row per sample and have the same shape, except that one output
may be given as (m,) or (m, 1) on either side; for accuracy (and precision, recall, F1) ``y``
may also hold class indices, shape (m,) or (m, 1), for K outputs, and ``pred`` the predicted
class of each sample, whole numbers ≥ 0 (``pred.argmax(1)``; a float column (m, 1) is read so
only where y's classes reach past 1 and it stays among them: a model's one output is a score,
however whole). Targets must be finite. A
NaN prediction is never a correct class, and makes MSE, MAE and R² NaN.

Every metric takes (pred, y), the predictions first, as the losses do; scikit-learn's take
(y_true, y_pred), the other way round. For precision, recall, F1 and the confusion matrix the
order changes the numbers: labels first and the model's outputs second is refused, but two
arrays of class labels cannot be told apart (``metric_inputs.refuse_swapped``). A model given
first, as scikit-learn's scorers take it, (model, X, y), is told the call to write,
``mse(model.predict(X), y)`` (``_of_predictions``).

Accuracy (as precision, recall and F1) is for classes, so its ``y`` must hold them: for one
output (and for each output of binary accuracy) the probability of class 1, in [0, 1], as 0/1
labels or smoothed ones such as 0.1/0.9; for K outputs, class indices 0..K-1 or one-hot rows
(``metric_inputs`` reads them). Anything else is refused, naming MSE, MAE and R²: a quantity thresholded at 1/2, or compared with an argmax, gives a number that
looks like an accuracy and means nothing.

MSE, MAE and R² are computed in float64 whatever the predictions' dtype: they are read, not
differentiated, and a float32 network predicting in units of 1e20 has errors whose squares pass
float32's range (3e38) while their mean is an ordinary float64.
"""
import math
from functools import partial, wraps

import numpy as np

from ..nn.checks import checked_keywords
from ..nn.labels import plus_minus_one
from ..nn.losses import CLASSIFICATION_LOSSES, REGRESSION_LOSSES, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeLoss
from ..nn.scikit_learn_habits import ACCURACY_KEYWORDS, REGRESSION_SCORE_KEYWORDS
from ..nn.user_line import warn
from ..spelling import did_you_mean
from .classification_metrics import confusion_matrix, f1, precision, recall
# checks.py takes refuse_missing_targets from here, with score
from .metric_inputs import checked_arrays, class_labels, is_model, refuse_missing_targets, true_and_predicted


def _of_predictions(metric):
    """``metric`` refusing a model given first, in one line naming it (``checked_arrays``'s words):
    scikit-learn's scorers take (model, X, y), one argument more than ``mse(pred, y)`` takes, which
    Python refused by their count alone ("takes 2 positional arguments but 3 were given"), and
    ``binary_accuracy``'s third, its threshold, took y, for an error naming no metric."""
    @wraps(metric)
    def checked(*args, **keywords):
        if args and is_model(args[0]):
            checked_arrays(args[0], None, of_classes=False, metric=metric.__name__)   # raises, naming it
        return metric(*args, **keywords)
    return checked


def _same_shape(pred, y, of_classes=False):
    """``pred`` and ``y`` of one shape; a single output may be (m,) on one side, (m, 1) on the other."""
    pred, y = checked_arrays(pred, y, of_classes)
    if y.shape != pred.shape:
        if pred.ndim <= 2 and y.ndim <= 2 and pred.size == y.size == len(pred):
            y = y.reshape(pred.shape)
        else:
            raise ValueError(f"pred has shape {pred.shape} but y has shape {y.shape}; "
                             f"they must match{'' if of_classes else _labels_hint(pred, y)}")
    return pred, y


def _labels_hint(pred, y):
    """The end of the error refusing targets ``y`` of another shape than ``pred`` for mse, mae or
    r2, when ``y`` holds one class index per sample for K outputs: the labels of cross_entropy,
    given to a metric that compares each output with a target of its own."""
    k = pred.shape[1] if pred.ndim == 2 else 0
    labels = y.reshape(-1) if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1) else None
    if k < 2 or labels is None or len(labels) != len(pred):
        return ""
    if not (labels.min() >= 0 and labels.max() < k and np.array_equal(labels, np.round(labels))):
        return ""
    return (f" (y holds one class label per sample, and this metric compares each of the {k} "
            f"outputs with a target of its own: one-hot rows, data.one_hot(y, n_classes={k}), or "
            f"'accuracy' for the labels)")


def score(metric_table, pred, y):
    """{name: fn(pred, y)} for each metric of ``metric_table`` (a ``resolve`` result). A metric
    that refuses (pred, y) is named in its error: a list of several, such as ["accuracy", "mse"],
    would otherwise leave the user to find which one "pred has shape (5, 2)" is about."""
    logs = {}
    for name, fn in metric_table.items():
        try:
            logs[name] = fn(pred, y)
        except (ValueError, TypeError) as err:
            if str(err).startswith(name):   # "accuracy is for class labels: ..." names it already
                raise
            raise type(err)(f"metric {name!r}: {err}") from None
    return logs


def _diff(pred, y):
    """ŷ - y in float64 (integers would overflow when squared, float32 squares past 1.8e19)."""
    pred, y = _same_shape(pred, y)
    return np.subtract(pred, y, dtype=np.float64)


@_of_predictions
def correct(pred, y, threshold=0.5):
    """How many samples are classified correctly (summable over batches)."""
    true, guess, _ = true_and_predicted(pred, y, threshold)
    return int((guess == true).sum())


@_of_predictions
@checked_keywords(ACCURACY_KEYWORDS)   # scikit-learn's normalize=, y_true=
def accuracy(pred, y, threshold=0.5):
    """(pred, y): the predictions first, the other way round from scikit-learn's accuracy_score.

    The share of samples classified right, (1/m) Σ [ŷ_i = y_i]: ŷ = argmax of the outputs, or,
    for one output, 1 where it is ≥ ``threshold``, or pred itself when it holds the predicted
    classes (whole numbers ≥ 0); a row with NaN is never right."""
    return correct(pred, y, threshold) / len(pred)


@_of_predictions
@checked_keywords(ACCURACY_KEYWORDS)   # scikit-learn's normalize=, y_true=
def binary_accuracy(pred, y, threshold=0.5):
    """Mean over every sample and output of [(ŷ ≥ threshold) = (y > 1/2)] (Keras's binary
    accuracy): what "accuracy" means for sigmoid outputs, whose K outputs are K yes/no answers.

    For K > 1 it is per-output (multi-label) accuracy, the fraction of the m·K answers that are
    right, not of the m samples: on one-hot rows of one class per sample, a model that answers
    no to every output scores (K - 1)/K (0.9 for 10 classes) and has no sample right."""
    pred, y = _same_shape(pred, y, of_classes=True)
    hit = (pred >= threshold) == (class_labels(y, pred.shape) > 0.5)
    return float((hit & ~np.isnan(pred)).mean())


@_of_predictions
@checked_keywords(REGRESSION_SCORE_KEYWORDS)   # scikit-learn's squared=, y_true=
def mse(pred, y):
    """Mean squared error, (1/(m·K)) Σ (ŷ - y)² over every sample and output."""
    return float(np.mean(_diff(pred, y) ** 2))


@_of_predictions
@checked_keywords(REGRESSION_SCORE_KEYWORDS)   # scikit-learn's squared=, y_true=
def rmse(pred, y):
    """Root mean squared error, √MSE: the typical error in the target's own units, where the MSE
    is in their square (a price's MSE of 3.8e+08 is an RMSE of 19,600). Keras's
    RootMeanSquaredError; NaN and inf (a diverged run's) stay so."""
    return math.sqrt(mse(pred, y))


@_of_predictions
@checked_keywords(REGRESSION_SCORE_KEYWORDS)   # scikit-learn's squared=, y_true=
def mae(pred, y):
    """Mean absolute error, (1/(m·K)) Σ |ŷ - y| over every sample and output."""
    return float(np.mean(np.abs(_diff(pred, y))))


@_of_predictions
@checked_keywords(REGRESSION_SCORE_KEYWORDS)   # scikit-learn's squared=, y_true=
def r2(pred, y):
    """Coefficient of determination, R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)², averaged over the outputs
    (scikit-learn's r2_score): 1 is a perfect fit, 0 the score of predicting the mean ȳ, and
    below 0 worse than that. A constant target scores 1 if predicted exactly, else 0."""
    pred, y = _same_shape(pred, y)
    pred = pred.reshape(len(pred), -1).astype(np.float64)  # (m, outputs)
    y = y.reshape(len(y), -1).astype(np.float64)
    residual = ((y - pred) ** 2).sum(axis=0)            # Σ(y - ŷ)², one per output
    total = ((y - y.mean(axis=0)) ** 2).sum(axis=0)     # Σ(y - ȳ)²
    varies = total > 0
    constant_score = np.where(np.isnan(residual), np.nan, (residual == 0).astype(np.float64))
    scores = np.where(varies, 1 - residual / np.where(varies, total, 1.0), constant_score)
    return float(scores.mean())


def by_signs(metric):
    """``metric`` for a hinge loss's raw scores s and labels y of -1 and +1, read by their signs
    as scikit-learn's SVM predicts: class +1 where s > 0, class -1 where s ≤ 0 (a NaN score is
    no class, never right). Accuracy and binary accuracy count each output by its sign, and so
    do precision, recall and F1 of one output (+1 is the positive class); of K outputs those
    three take the argmax of the scores, a one-vs-rest SVM's class."""
    name = metric.__name__

    @wraps(metric)
    def of_signs(pred, y):
        pred, y = checked_arrays(pred, y, of_classes=True, metric=name)
        if not plus_minus_one(y):
            raise ValueError(f"{name} with the hinge loss reads labels -1 and +1, got values from "
                             f"{y.min():g} to {y.max():g}")
        if metric is binary_accuracy or pred.size == len(pred):
            signs = (pred > 0).astype(np.float64)   # 1 for +1, 0 for -1: the classes accuracy counts
            signs[np.isnan(pred)] = np.nan
            pred = signs
        return metric(pred, (y > 0).astype(np.int64))
    return of_signs


METRICS = {"accuracy": accuracy, "binary_accuracy": binary_accuracy, "precision": precision, "recall": recall,
           "f1": f1, "mse": mse, "rmse": rmse, "mae": mae, "r2": r2}


# scikit-learn's names of its metric functions and scorers (cross_val_score's scoring=), which
# negate a loss so that greater is better: mse here is the loss itself
SCIKIT_LEARN_METRICS = {"accuracy_score": "accuracy", "precision_score": "precision", "recall_score": "recall",
                        "neg_mean_squared_error": "mse", "neg_root_mean_squared_error": "rmse",
                        "neg_mean_absolute_error": "mae"}
# Keras's metric names whose metric has another name here (the History keys are these names)
KERAS_METRICS = {"acc": "accuracy", "categorical_accuracy": "accuracy", "sparse_categorical_accuracy": "accuracy",
                 "mean_squared_error": "mse", "mean_absolute_error": "mae", "r2_score": "r2",
                 "f1_score": "f1", "root_mean_squared_error": "rmse", "RootMeanSquaredError": "rmse",
                 "MeanSquaredError": "mse", "MeanAbsoluteError": "mae", "R2Score": "r2"}


def resolve(metrics, loss):
    """Name -> function for ``metrics``: a name, a list of names, or "auto" to choose from the
    loss (accuracy for the classification losses and hinge, MSE/MAE/R² for mse and mae).

    With the binary cross-entropies "accuracy" is ``binary_accuracy``, as in Keras (the same
    number for one output; for several sigmoid outputs, the argmax of independent yes/no
    answers would mean nothing), thresholded at 0 for logits. For K > 1 outputs that is
    per-output (multi-label) accuracy, which ``warn_per_output_accuracy`` says when the targets
    are one class per sample.

    Precision, recall and F1 read the classes as accuracy does, thresholded at 0 for
    bce_logits too.

    With hinge they read the signs of the scores and the labels -1/+1 (``by_signs``): accuracy
    is the share of outputs whose score has their label's sign, as an SVM's predictions count.

    "binary_accuracy" with cross_entropy is refused: its outputs are the logits of one class out
    of K, which a threshold of 1/2 on each reads as nothing ("accuracy" is their argmax).
    """
    if isinstance(metrics, str) and metrics == "auto":
        if isinstance(loss, (*CLASSIFICATION_LOSSES, HingeLoss)):
            metrics = ["accuracy"]
        elif isinstance(loss, REGRESSION_LOSSES):
            metrics = ["mse", "mae", "r2"]
        else:
            metrics = []
    elif isinstance(metrics, str):
        metrics = [metrics]
    elif metrics is None:
        metrics = []
    elif not isinstance(metrics, (list, tuple)):  # a bool or 0 would read as "none", 5 as nothing
        raise TypeError(f"metrics must be 'auto', a metric name or a list of names ({', '.join(METRICS)}; "
                        f"[] for none), got {type(metrics).__name__} {metrics!r}")
    resolved = {}
    for name in metrics:
        if not isinstance(name, str):  # [["accuracy"]] failed as "unhashable type: 'list'"
            raise TypeError(f"metrics must list metric names ({', '.join(METRICS)}), got "
                            f"{type(name).__name__} {name!r}")
        name = str(name)  # a NumPy string's key would print as np.str_('accuracy')
        if name not in METRICS:
            hint = (f"Keras's {name!r} is {KERAS_METRICS[name]!r} here; " if name in KERAS_METRICS else
                    f"scikit-learn's {name!r} is {SCIKIT_LEARN_METRICS[name]!r} here; " if name in SCIKIT_LEARN_METRICS
                    else did_you_mean(name, METRICS))
            raise ValueError(f"unknown metric {name!r}; {hint}choose from: {', '.join(METRICS)}")
        fn = METRICS[name]
        if name == "binary_accuracy" and isinstance(loss, CrossEntropyLoss):
            raise ValueError("binary_accuracy scores each output as a yes/no answer of its own, but "
                             "cross_entropy's outputs are the logits of one class out of K: use "
                             "metrics=['accuracy'], the fraction of samples whose largest output is "
                             "their class (for several classes per sample, train one sigmoid output "
                             "per class with bce_logits)")
        if name == "accuracy" and isinstance(loss, (BCELoss, BCEWithLogitsLoss, HingeLoss)):
            fn = binary_accuracy
        # A logit of 0 is a probability of 1/2: threshold raw scores at 0.
        if fn in (accuracy, binary_accuracy, precision, recall, f1) and isinstance(loss, BCEWithLogitsLoss):
            fn = partial(fn, threshold=0.0)
        elif fn in (accuracy, binary_accuracy, precision, recall, f1) and isinstance(loss, HingeLoss):
            fn = by_signs(fn)
        resolved[name] = fn
    return resolved


def warn_per_output_accuracy(metric_table, n_outputs, y):
    """Warns when "accuracy" is binary accuracy over ``n_outputs`` > 1 outputs (a bce loss) and
    the targets ``y`` are one-hot rows, one class per sample: it then counts every output a
    model answers no to as right (0.9 for 10 classes, with no sample classified right), which
    the name "accuracy" does not say. Multi-label targets, or the name binary_accuracy, are what
    the number is for: no warning."""
    fn = metric_table.get("accuracy")
    if getattr(fn, "func", fn) is not binary_accuracy or n_outputs < 2:
        return
    y = np.asarray(y)
    one_hot = (y.ndim == 2 and y.shape[1] == n_outputs and ((y == 0) | (y == 1)).all()
               and (y.sum(axis=1) == 1).all())
    if not one_hot:
        return
    warn(f"with a binary cross-entropy, 'accuracy' is binary accuracy: the fraction of the "
         f"{n_outputs} outputs of each sample on the right side of 1/2, each a yes/no answer of "
         f"its own (multi-label), but y holds one-hot rows, one class per sample, where "
         f"answering no to all scores {(n_outputs - 1) / n_outputs:.2g}. For the fraction of "
         f"samples whose class is the largest output, end the model with Softmax and use "
         f"loss='cross_entropy'; metrics=['binary_accuracy'] keeps this number under its "
         f"own name; in fit, callbacks=[train.CorrectCount(X_val, y_val)] counts the samples "
         f"whose largest output is their class, as Nielsen's evaluate does")
