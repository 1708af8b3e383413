"""What ``neuralab train`` prints and draws: the metrics table, the numbers of metrics.json and
the predictions that the decision boundary and the prediction curve draw."""
import math

import numpy as np

from .. import nn
from ..nn.short_label import short_label
from ..train.classification_metrics import confusion_matrix
from ..train.diagnose_late import ADAPTIVE
from ..train.diagnose_loss import CONVERGED
from ..train.remedies import HOW

# What the table adds to fit's accuracy for classes (fit logs accuracy alone, for a progress bar
# that stays one line): what an accuracy over imbalanced classes hides
CLASS_SCORES = ["precision", "recall", "f1"]


def metrics_table(rows):
    """The table the run prints: one line per (part, {metric: value}) of ``rows`` ("train",
    "test"), a column per metric of the first, each value as ``number`` writes it."""
    keys = [k for k in rows[0][1]]
    lines = ["".join([f"{'':<8}"] + [f"{k:>12}" for k in keys])]
    for name, values in rows:
        lines.append("".join([f"{name:<8}"] + [f" {number(values[k]):>11}" for k in keys]))
    return "\n".join(lines)


def with_rmse(values):
    """The {metric: value} scores of a part, with a regression's root mean squared error
    RMSE = √MSE next after its MSE: the typical error in the target's own units, where the MSE is
    in their square (a price's MSE of 3.8e+08 is an RMSE of 19,600). Scores without an MSE
    (classes') are returned as they are."""
    scores = {}
    for name, value in values.items():
        scores[name] = value
        if name == "mse":
            scores["rmse"] = math.sqrt(value)  # NaN and inf (a diverged run's) stay so
    return scores


NAME_CHARS = 60  # of a class name in the legend line: one may have 1,000 (model files keep them whole)


def class_legend(class_names, units, output, loss=None):
    """The line saying which class each output number stands for, when the classes have names of
    their own (a CSV's "yes" and "no" are coded 1 and 0 in sorted order); None when the names
    are the numbers themselves. One identity output is a logit with bce_logits (class 1 from 0),
    and with ``loss`` "mse" its fit of the 0/1 label (class 1 from 0.5), as the run thresholds it."""
    if all(name == str(i) for i, name in enumerate(class_names)):
        return None
    shown = [short_label(name, NAME_CHARS) for name in class_names]
    pairs = ", ".join(f"{i} = {name!r}" for i, name in enumerate(shown))
    if units == 1:
        if output == "sigmoid":
            return f"classes: {pairs}; the model outputs the probability of class 1, {shown[1]!r}"
        if loss == "mse":
            return (f"classes: {pairs}; the model outputs its fit of the 0/1 label: class 1, "
                    f"{shown[1]!r}, when it is ≥ 0.5")
        return f"classes: {pairs}; the model outputs the score (logit) of class 1, {shown[1]!r}"
    what = "probability" if output == "softmax" else "score"
    return f"classes: {pairs}; the model outputs one {what} per class, in this order"


IMBALANCED = 0.7  # the share of the most common class from which the run's table is read against it


def majority_baseline(y, class_names):
    """(share, name) of the most common class among the class indices ``y``: the accuracy of a
    model that always answers it, the number to beat."""
    counts = np.bincount(np.asarray(y, dtype=int), minlength=len(class_names))
    return float(counts.max() / len(y)), class_names[int(counts.argmax())]


def baseline_note(accuracy, share, name):
    """The line that reads the test accuracy against always answering the most common class,
    when that is a number to know: the classes are imbalanced (its share is at least
    IMBALANCED: 0.97 of 97:3 data is no achievement), or the model does not beat it. None
    otherwise (balanced classes that the model beats: the table says enough)."""
    if accuracy is None or not math.isfinite(accuracy) or (share < IMBALANCED and accuracy > share):
        return None
    verdict = ("no better than" if accuracy <= share else
               f"{number(accuracy - share)} above")
    return (f"note: always answering {name!r}, the most common class ({share:.1%} of the test rows), "
            f"scores {number(share)}; the test accuracy is {verdict} that")


def scores_note(class_names, baseline):
    """The line under the table that says whose precision, recall and F1 it holds: class 1's for
    two classes (which class that is depends on the labels' order, "no" < "yes"), the mean of
    the classes' for more. When class 1 is the common one of imbalanced classes (``baseline``,
    ``majority_baseline``'s), it says that they speak of it, not of the rare class."""
    if len(class_names) > 2:
        return f"precision, recall, f1: macro averages, the mean of the {len(class_names)} classes' own"
    shown = short_label(str(class_names[1]), NAME_CHARS)
    share, common = baseline
    what = ("here the common class; the rare one's recall is its share found, below"
            if share >= IMBALANCED and common == class_names[1] else "the positive class")
    return f"precision, recall, f1: those of class 1{'' if shown == '1' else f' ({shown!r})'}, {what}"


def confusion_matrices(model, loss, parts):
    """{part: the confusion matrix of the model's predictions for (X, y), as lists}, for the
    (part, (X, y)) of ``parts``: row i counts the samples of class i by the class predicted."""
    threshold = 0.0 if _gives_logits(model, loss) else 0.5  # a logit, or a probability (or MSE's fit of 0/1)
    return {part: confusion_matrix(_outputs(model, X), y, threshold=threshold).tolist() for part, (X, y) in parts}


def class_recall(matrix, class_names):
    """{class name: the share of its test samples predicted as it} (recall), in class order, from
    the test part's confusion ``matrix``: what an accuracy over imbalanced classes hides, and
    what --class-weight moves."""
    return {str(name): row[c] / sum(row) for c, (name, row) in enumerate(zip(class_names, matrix)) if sum(row)}


def recall_line(recall):
    """The line that prints ``class_recall``."""
    return "share of each class found (test): " + ", ".join(f"{name!r} {number(share)}"
                                                            for name, share in recall.items())


RISE = 1 / CONVERGED   # a loss that fell by this from its first epoch, then rose by it again, rose late


def loss_warning(losses, optimizer):
    """The warning a run prints of its epochs' training ``losses``, or None. A loss that fell to
    a thousandth of its first epoch's, then rose a thousandfold again: a long run at a constant
    learning rate, whose Adam or RMSProp steps stay near lr as the gradients vanish (the
    Monitor's ``late_rise``, whose remedies it gives); "did not fall", which said "try a lower
    learning rate", was wrong of it, or silent when it ended below the first epoch. Else a loss
    that never fell below its first epoch's: a step too large jumps over every valley."""
    if len(losses) < 2:
        return None
    lowest = min(range(len(losses)), key=losses.__getitem__)
    if RISE * losses[lowest] < losses[0] and losses[-1] > RISE * losses[lowest] and RISE * losses[-1] > losses[0]:
        why = (f"with the gradients near 0, {type(optimizer).__name__}'s steps stay near the learning rate; "
               if isinstance(optimizer, ADAPTIVE) else "")
        return (f"the training loss fell to {number(losses[lowest])} (epoch {lowest + 1}), then rose again "
                f"to {number(losses[-1])} by the last epoch: {why}try a decaying learning rate "
                f"({HOW['cli']['decay']}) or fewer epochs ({HOW['cli']['epochs']} {lowest + 1}); --monitor says more")
    if not losses[-1] < losses[0]:
        return (f"the training loss did not fall ({number(losses[0])} in the first epoch, {number(losses[-1])} "
                f"in the last): try a lower learning rate (now {optimizer.lr:g})")
    return None


def number(value):
    """Four decimals; four significant digits where decimals would hide the value: the huge
    numbers of a diverged run, and the small ones of a target in small units (an error of 3e-9
    is not 0.0000)."""
    if value == 0 or not math.isfinite(value) or 1e-3 <= abs(value) < 1e6:
        return f"{value:.4f}"
    return f"{value:.4g}"


def json_safe(value):
    """``value`` with every NaN and inf (a diverged run's scores) as None: JSON has no such numbers."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _outputs(model, points):
    """The model's outputs for points of the data's space (a diverged model's overflow is no news)."""
    with np.errstate(all="ignore"):
        return model.predict(points.astype(nn.get_default_dtype()), batch_size=4096)


def _gives_logits(model, loss):
    """Whether the model outputs the logits its loss turns into probabilities (an identity
    output with bce_logits or cross_entropy), rather than the probabilities themselves."""
    last = model.layers[-1]
    return ((loss == "bce_logits" and not isinstance(last, nn.Sigmoid))
            or (loss == "cross_entropy" and not isinstance(last, nn.Softmax)))


def plane_predictor(model, task, loss):
    """Points of the plane (data coordinates) -> class (or value) predicted by the model."""
    threshold = 0.0 if _gives_logits(model, loss) else 0.5  # a logit, or a probability (or MSE's fit of 0/1 labels)

    def predict(points):
        out = _outputs(model, points)
        if task == "regression":
            return out[:, 0]
        return out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] >= threshold).astype(int)
    return predict


def curve_predictor(model, task, loss):
    """Points of the line (data of one feature, shape (n, 1)) -> the model's prediction: the value
    for regression, else the probability of each class, (n, classes). Logits go through the
    sigmoid or softmax their loss applies; one output, the probability of class 1, becomes two."""
    logits = _gives_logits(model, loss)

    def predict(points):
        out = _outputs(model, points).astype(np.float64)
        if task == "regression":
            return out[:, 0]
        if logits:
            out = np.exp(nn.log_softmax(out)) if out.shape[1] > 1 else nn.sigmoid(out)
        return out if out.shape[1] > 1 else np.column_stack([1 - out[:, 0], out[:, 0]])
    return predict
