"""The scores of each class, scikit-learn's ``classification_report``: what one number hides when
the classes are imbalanced. On 97:3 data ('fraud' and 'legit'), class 1's precision, recall and
F1 are those of 'legit', near 1 whatever the model finds of the fraud; the report gives each
class its row.

For each class c, with TP, FP and FN counted as in ``classification_metrics``:

    precision_c = TP / (TP + FP)     recall_c = TP / (TP + FN)     F1_c = 2 TP / (2 TP + FP + FN)
    support_c   = TP + FN            the samples of class c in y

and over the classes:

    accuracy      Σ_c TP_c / m
    macro avg     the mean of each column over the classes present in y or in the predictions
                  (a rare class counts as much as a common one; the ``precision``, ``recall`` and
                  ``f1`` of three classes or more)
    weighted avg  Σ_c support_c · score_c / m (a class counts by its samples)

A ratio whose denominator is 0 is 0 (scikit-learn's ``zero_division=0``).
"""
import numpy as np

from ..nn.checks import checked_keywords
from ..nn.scikit_learn_habits import REPORT_KEYWORDS
from ..nn.short_label import short_label
from .classification_metrics import class_counts, class_scores, macro_average

SCORES = ("precision", "recall", "f1")
NAME_CHARS = 30   # of a class name in a row of the text: a CSV's class may be a sentence


@checked_keywords(REPORT_KEYWORDS)   # scikit-learn's target_names=, digits=
def classification_report(pred, y, class_names=None, threshold=0.5, output_dict=False):
    """(pred, y): the predictions first — scikit-learn's classification_report takes (y_true,
    y_pred), the other way round, and swapped, each class's precision and recall trade places.

    Each class's precision, recall, F1 and support (its samples in y), then the accuracy and
    the macro and weighted averages; as a table of text (``print`` it), or, with
    ``output_dict``, as the dict ``{"classes": {name: {"precision", "recall", "f1", "support"}},
    "accuracy": ..., "macro avg": {...}, "weighted avg": {...}}``. scikit-learn's dict holds the
    classes at the top level, and calls F1 "f1-score".

    pred, y, threshold  as for ``confusion_matrix``: one output is the probability of class 1
            (the logit with ``threshold`` 0), K outputs one score per class, or (m,) whole
            numbers the predicted class of each sample (then ``class_names`` gives the number of
            classes, when given)
    class_names  one name per class, in the order of the classes' numbers (``ds.class_names``,
            ``model.class_names``); their numbers "0", "1", ... by default

    Every class of the model has its row, a class absent from y and never predicted included
    (all 0, support 0; left out of the macro average).
    """
    class_names = None if class_names is None else list(class_names)   # a generator has no len
    n_classes = None if class_names is None else len(class_names)
    tp, predicted, support, k = class_counts(pred, y, threshold, "classification_report", n_classes)
    names = _class_names(class_names, k)
    report = scores_by_class(tp, predicted, support, names)
    return report if output_dict else report_text(report)


def report_from_confusion(matrix, class_names):
    """``classification_report``'s dict of the confusion ``matrix`` (rows true, columns predicted)
    whose classes are ``class_names``."""
    matrix = np.asarray(matrix)
    return scores_by_class(np.diag(matrix), matrix.sum(axis=0), matrix.sum(axis=1),
                           _class_names(class_names, len(matrix)))


def scores_by_class(tp, predicted, support, names):
    """The report's dict from each class's right answers ``tp``, predictions ``predicted``
    (TP + FP) and samples ``support`` (TP + FN)."""
    columns = class_scores(tp, predicted, support)
    m = int(support.sum())
    classes = {name: {**{score: float(columns[score][c]) for score in SCORES}, "support": int(support[c])}
               for c, name in enumerate(names)}
    macro = {score: macro_average(columns[score], predicted, support) for score in SCORES}
    weighted = {score: float(columns[score] @ support / m) for score in SCORES}
    return {"classes": classes, "accuracy": float(tp.sum() / m),
            "macro avg": {**macro, "support": m}, "weighted avg": {**weighted, "support": m}}


def report_text(report, classes=None, averages=True):
    """The table of ``report`` (``classification_report``'s dict), one row per class of
    ``classes`` (all by default, in their order), with the accuracy and averages rows under
    them unless ``averages`` is False."""
    rows = [(short_label(name, NAME_CHARS), report["classes"][name])
            for name in (report["classes"] if classes is None else classes)]
    if averages:
        rows += [("macro avg", report["macro avg"]), ("weighted avg", report["weighted avg"])]
    width = max(len(name) for name, _ in rows + [("accuracy", None)])
    lines = [f"{'':<{width}}" + "".join(f"{head:>11}" for head in (*SCORES, "support"))]
    for name, row in rows:
        if name == "macro avg":  # the accuracy first, under the f1 column, as scikit-learn prints it
            lines.append(f"{'accuracy':<{width}}{'':>22}{report['accuracy']:>11.4f}{row['support']:>11}")
        lines.append(f"{name:<{width}}" + "".join(f"{row[score]:>11.4f}" for score in SCORES)
                     + f"{row['support']:>11}")
    return "\n".join(lines)


def _class_names(class_names, k):
    """The k class names as texts (their numbers when None), checked to be one per class."""
    if class_names is None:
        return [str(c) for c in range(k)]
    names = [str(name) for name in class_names]
    if len(names) != k:
        raise ValueError(f"class_names has {len(names)} names but the predictions hold {k} classes "
                         f"({'one output, classes 0 and 1' if k == 2 else f'{k} outputs'}): give one "
                         f"name per class, in the order of their numbers")
    if len(set(names)) != k:
        raise ValueError(f"class_names names a class twice ({', '.join(map(repr, names))}): each "
                         f"class's row needs a name of its own")
    return names
