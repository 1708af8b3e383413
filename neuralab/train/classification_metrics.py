"""The confusion matrix, and precision, recall and F1 read from it: what an accuracy over
imbalanced classes hides (a model that always answers "no fraud" scores 0.97 on 97:3 data, and
finds none of the fraud).

For each class c, counting the samples by their true and predicted class:

    TP = true c, predicted c      FP = predicted c, true another      FN = true c, predicted another

    precision = TP / (TP + FP)    the share of the predictions of c that are right
    recall    = TP / (TP + FN)    the share of the samples of c that are found
    F1        = 2 · precision · recall / (precision + recall) = 2 TP / (2 TP + FP + FN)

Two classes (one output, or two): the numbers of class 1, the positive class (scikit-learn's
``average="binary"``, Keras's Precision and Recall). Three or more: the macro average, the mean
of each class's number over the classes present in y or in the predictions (scikit-learn's
``average="macro"``), so that a rare class counts as much as a common one. F1 is then the
mean of the classes' F1, not the F1 of the mean precision and recall. ``pos_label=c`` gives class
c's own number, for any number of classes: ``recall(pred, y, pos_label=0)`` is the share found
of class 0, the rare 'fraud' when 'legit' is class 1 (scikit-learn's ``pos_label`` for two
classes; ``classification_report`` gives every class's at once).

A ratio whose denominator is 0 (a class never predicted has no precision) is 0, without a
warning: scikit-learn's ``zero_division=0``. In ``fit`` an untrained model often predicts one
class only, every epoch, and a warning per epoch would bury the rest; a precision of 0 next to
an accuracy above chance says it as well.

``pred`` and ``y`` take the forms ``accuracy`` takes (see ``metrics``), in that order: the
predictions first, as the losses take them. scikit-learn's metrics take (y_true, y_pred), the
other way round: labels first and the model's outputs second is refused, but two arrays of class
labels cannot be told apart, and swapped they exchange precision and recall (``metric_inputs``).
``pred`` may be the model's outputs or its predicted classes, ``model.predict(X).argmax(1)``. A
NaN prediction is no class, so it is a miss of its true class (it lowers recall) and a false
positive of none.
"""
import numpy as np

from ..nn.checks import checked_keywords
from ..nn.labels import is_text
from ..nn.scikit_learn_habits import CLASS_SCORE_KEYWORDS, CONFUSION_KEYWORDS
from .metric_inputs import is_model, true_and_predicted

# One name, two functions: ``train.confusion_matrix`` counts, ``train.plots.confusion_matrix``
# draws the counts. A call meant for the other one (its arguments, or a model, which neither
# takes) is told the other's name and the call that does both, ``COUNT_THEN_DRAW``.
COUNT_THEN_DRAW = "plots.confusion_matrix(train.confusion_matrix(model.predict(X), y))"
_FIGURE_KEYWORDS = {name: f"{name} is plots.confusion_matrix's, which draws what this counts: "
                          f"plots.confusion_matrix(train.confusion_matrix(pred, y), {name}=...)"
                    for name in ("class_names", "title", "path", "ax")}
_NO_LABELS = ("train.confusion_matrix(pred, y) counts predictions against their labels; a matrix of counts is "
              "drawn by plots.confusion_matrix(counts)")


# scikit-learn's labels= and normalize=, and the figure's keywords
@checked_keywords({**CONFUSION_KEYWORDS, **_FIGURE_KEYWORDS}, missing=_NO_LABELS)
def confusion_matrix(pred, y, n_classes=None, threshold=0.5):
    """(pred, y): the predictions first — scikit-learn's confusion_matrix takes (y_true, y_pred),
    the other way round.

    The (k, k) integer array C whose C[i, j] counts the samples of true class i predicted as
    class j: rows are the true classes, columns the predicted ones, so the diagonal holds the
    right answers and row i sums to the samples of class i (the layout of scikit-learn's matrix
    too: only its arguments come the other way round).

    pred    (m,) or (m, 1): the probability of class 1 (class 1 where ≥ ``threshold``; 0 for
            logits); (m, K): one score, logit or probability per class (the argmax is the
            class); or (m,) whole numbers ≥ 0: the predicted class of each sample
            (``model.predict(X).argmax(1)``)
    y       (m,) or (m, 1): class indices (the probability of class 1 for one output), or
            (m, K) one-hot rows
    n_classes  k: None takes it from pred (2 for one output, K for K outputs); given, it must
            agree, a check that the predictions are of the classes meant. For predicted classes
            k is n_classes if given, else the larger of pred's and y's largest class + 1 (at
            least 2; K for one-hot y): give it when a class may be missing from both

    A sample predicted NaN has no column: its row sums to one less. To draw the matrix:
    ``plots.confusion_matrix(counts)`` (see the module's ``COUNT_THEN_DRAW``).
    """
    _refuse_the_figure_s_arguments(pred, y)
    true, guess, k = true_and_predicted(pred, y, threshold, "confusion_matrix", n_classes)
    if n_classes is not None and n_classes != k:
        holds = "one output, classes 0 and 1" if k == 2 and np.shape(pred)[1:] in ((), (1,)) else f"{k} outputs"
        raise ValueError(f"n_classes is {n_classes!r}, but pred of shape {np.shape(pred)} holds {k} classes "
                         f"({holds}): give pred one column per class, or leave n_classes out")
    return confusion_counts(true, guess, k)


def _refuse_the_figure_s_arguments(pred, y):
    """A TypeError for arguments meant for ``plots.confusion_matrix``, or for scikit-learn's
    ``from_estimator``: a model (its outputs are what is counted), or a matrix of counts with its
    class names (k, k) and k names, which the labels y are not: they are numbers."""
    if is_model(pred):
        raise TypeError("train.confusion_matrix counts predictions, not a model: train.confusion_matrix("
                        "model.predict(X), y) counts them, plots.confusion_matrix(counts) draws the counts")
    if np.ndim(y) == 1 and np.shape(pred) == (len(y),) * 2 and is_text(np.asarray(y, dtype=object)):
        raise TypeError("train.confusion_matrix(pred, y) counts predictions against their labels, and these look "
                        "like a matrix of counts and its class names: plots.confusion_matrix(counts, class_names) "
                        "draws them")


def confusion_counts(true, guess, k):
    """The confusion matrix of class indices ``true`` and ``guess`` (-1: no class, not counted)."""
    kept = guess >= 0
    return np.bincount(true[kept] * k + guess[kept], minlength=k * k).reshape(k, k)


def class_counts(pred, y, threshold, metric, n_classes=None):
    """(TP, predicted, support, k): per class, the right answers, the samples predicted as it
    (TP + FP) and the samples of it (TP + FN, with the NaN predictions among them). ``n_classes``
    is k for predicted classes (see ``true_and_predicted``)."""
    true, guess, k = true_and_predicted(pred, y, threshold, metric, n_classes)
    counts = confusion_counts(true, guess, k)
    return np.diag(counts), counts.sum(axis=0), np.bincount(true, minlength=k), k


def ratio(top, bottom):
    """top / bottom per class, 0 where bottom is 0 (scikit-learn's zero_division=0)."""
    return np.divide(top, bottom, out=np.zeros(len(top)), where=bottom > 0)


def class_scores(tp, predicted, support):
    """{"precision", "recall", "f1"}: each class's, as (k,) arrays, from its counts (``class_counts``)."""
    return {"precision": ratio(tp, predicted), "recall": ratio(tp, support), "f1": ratio(2 * tp, predicted + support)}


def macro_average(per_class, predicted, support):
    """The mean of ``per_class`` over the classes present in y or in the predictions (a class
    absent from both has no number to average)."""
    return float(per_class[(support > 0) | (predicted > 0)].mean())


def _score(name, pred, y, threshold, pos_label):
    """The precision, recall or F1 (``name``) of ``pred`` and ``y``: class ``pos_label``'s when
    given; else class 1's for two classes, the macro average for more."""
    tp, predicted, support, k = class_counts(pred, y, threshold, name)
    per_class = class_scores(tp, predicted, support)[name]
    if pos_label is not None:
        return float(per_class[_class_index(pos_label, k, name)])
    return float(per_class[1]) if k == 2 else macro_average(per_class, predicted, support)


def _class_index(pos_label, k, metric):
    """``pos_label`` if it is the number of one of the k classes, else the error that says what it is."""
    if isinstance(pos_label, (int, np.integer)) and not isinstance(pos_label, bool) and 0 <= pos_label < k:
        return int(pos_label)
    classes = "0 or 1" if k == 2 else f"0..{k - 1}"
    if isinstance(pos_label, str):
        raise ValueError(f"{metric}'s pos_label is the number of a class, {classes}, not its name "
                         f"{pos_label!r}: give its number, class_names.index({pos_label!r})")
    raise ValueError(f"{metric}'s pos_label must be the number of a class, {classes} here, got {pos_label!r}")


@checked_keywords(CLASS_SCORE_KEYWORDS)   # scikit-learn's average=, y_true=
def precision(pred, y, threshold=0.5, pos_label=None):
    """(pred, y): the predictions first — scikit-learn's precision_score takes (y_true, y_pred),
    the other way round, and swapped, precision and recall trade places.

    TP / (TP + FP): of the samples predicted as the class, the share that are of it. Class
    ``pos_label``'s; by default class 1's for two classes, the macro average for more; 0 for a
    class never predicted (see the module)."""
    return _score("precision", pred, y, threshold, pos_label)


@checked_keywords(CLASS_SCORE_KEYWORDS)   # scikit-learn's average=, y_true=
def recall(pred, y, threshold=0.5, pos_label=None):
    """(pred, y): the predictions first — scikit-learn's recall_score takes (y_true, y_pred), the
    other way round, and swapped, precision and recall trade places.

    TP / (TP + FN): of the samples of the class, the share predicted as it (its "hit rate",
    sensitivity). Class ``pos_label``'s; by default class 1's for two classes, the macro average
    for more (see the module)."""
    return _score("recall", pred, y, threshold, pos_label)


@checked_keywords(CLASS_SCORE_KEYWORDS)   # scikit-learn's average=, y_true=
def f1(pred, y, threshold=0.5, pos_label=None):
    """(pred, y): the predictions first — scikit-learn's f1_score takes (y_true, y_pred), the other
    way round.

    F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall: high only when
    both are. Class ``pos_label``'s; by default class 1's for two classes, the mean of the
    classes' F1 for more (see the module)."""
    return _score("f1", pred, y, threshold, pos_label)
