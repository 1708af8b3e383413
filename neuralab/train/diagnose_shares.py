"""The class shares a classifier was trained on, and what guessing by them scores: the loss and
accuracy of a classifier that has learnt nothing from its inputs (``diagnose_chance.py`` reads a run
against them; ``diagnose_curve.learnt_nothing`` and ``diagnose_overfitting`` read them too).

A classifier that ignores its inputs does best by predicting the share of each class among the
training targets (``Monitor.classes``, read in the last fit's first epoch), everywhere. Its
cross-entropy is then the entropy of those shares,

    cross-entropy (K classes, shares p_k):          H = -Σ_k p_k ln p_k
    binary cross-entropy (p = mean target, per column):   H = -(p ln p + (1 - p) ln(1 - p)),
                                                      averaged over the columns as the loss is

(ln 2 = 0.693 for two balanced classes), and its accuracy the share of the largest class (for a
binary output, max(p, 1 - p)). A classifier trained with MSE on targets that are all 0 or 1 (0/1
columns, or one-hot rows: the course's first networks) does best by predicting the same shares,
the mean of each column, and its loss is then the variance of the targets,

    MSE (p = mean target, per column):              V = p (1 - p), averaged over the columns

(0.25 for two balanced classes on one output, 2/9 for three balanced ones as one-hot rows).

Sample weights (fit's sample_weight, class_weight) change both: the best guess is then the
weighted shares, and the loss the weighted mean. The monitor sees the weights only as the loss
caches them, w_i / Σw within each batch, from which the weighted shares of the whole data cannot
be told: a fit that weighed its samples unequally has no loss of guessing here (None), rather
than the unweighted one (class_weight="balanced" raises the loss of guessing on 9:1 classes
from 0.325 to ln 2).
"""
import numpy as np

TOLD_APART = 0.25   # of the way from the largest class's share to 1: an accuracy past it learnt something


def chance_level(m):
    """(loss, majority) of the last fit's classes (see the module docstring): the loss of always
    predicting their shares, and the accuracy of always predicting the largest class; None when
    the loss was no cross-entropy nor MSE on 0/1 targets, no targets were read, or the samples
    weighed unequally."""
    classes = getattr(m, "classes", None)
    if not classes or not classes["samples"] or classes.get("weighted"):
        return None
    p = np.clip(np.asarray(classes["shares"], np.float64), 0, 1)
    majority = float(np.mean(np.maximum(p, 1 - p))) if classes["binary"] else float(p.max())
    if m.loss_name == "mse":
        return float(np.mean(p * (1 - p))), majority
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)          # 0 ln 0 = 0: a class never seen costs nothing
        if classes["binary"]:
            q = 1 - p
            qlogq = np.where(q > 0, q * np.log(q), 0.0)
            return float(np.mean(-(plogp + qlogq))), majority
    return float(-plogp.sum()), majority


def tells_classes_apart(accuracy, share):
    """Whether a training ``accuracy`` is more than a quarter of the way from ``share``, that of
    always answering the largest class, to 1 (50 % -> past 62.5 %): the classifier tells some of
    the classes apart, whatever its loss says."""
    return accuracy > share + (1 - share) * TOLD_APART
