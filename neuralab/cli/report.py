"""What ``neuralab train`` prints and draws: the metrics table, the numbers of metrics.json and
the predictions that the decision boundary and the prediction curve draw."""
import math
from typing import NamedTuple

import numpy as np

from .. import nn
from ..data.spread import SHARE, share_words
from ..nn.short_label import short_label
from ..train.checks import batch_size_of
from ..train.classification_metrics import confusion_matrix
from ..train.classification_report import report_from_confusion, report_text
from ..train.evaluate import PREDICT_BATCH_SIZE, evaluate_outputs, forward_in_batches
from ..train.metrics import r2 as r2_score

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
RARE = 0.5        # a class with at most this share of the most common class's test rows is rare
FOUND = 0.5       # a rare class whose recall is below this is barely found: --class-weight is the remedy
ENOUGH = 20       # test rows of the most common class from which a rare class is told from chance
CLASS_ROWS = 10   # the classes whose rows the run prints in full; of more, those of the lowest F1
FEWEST_ROWS = 5


class ClassSummary(NamedTuple):
    """What the run says of the classes of the test part: ``text``, its lines under the table,
    and, for metrics.json, ``majority_baseline`` and ``class_report`` (each class's scores)."""
    text: str
    majority_baseline: dict
    class_report: dict


def class_summary(matrix, class_names, weighted, uninformative=False, part="test"):
    """The ``ClassSummary`` of the test part's confusion ``matrix`` (rows true, columns
    predicted): whose precision, recall and F1 the table holds, each class's scores (a rare
    class's appear nowhere else: class 1 of fraud/legit is 'legit'), and the note that reads
    the accuracy against always answering the most common class, or, for a rare class,
    what --class-weight does (``weighted``: the run used it) or would do. Not when every feature
    held one value in the training rows (``uninformative``, ``dataset.constant_features``): the
    model gives every row the same answer, and a class weight only chooses which class that is.
    ``part``: the table's name of the rows scored, "test", or "all 4" for data too small to split,
    scored on the rows it trained on (``dataset.too_few_to_split``)."""
    report = report_from_confusion(matrix, class_names)
    share, common = majority_baseline(report)
    lines = [scores_note(class_names, common, share), class_rows(report, part)]
    rare = [] if uninformative else rare_classes(report)
    if weighted and rare:
        lines.append(weights_note(report, rare, share, common))
    else:
        lines += [note for note in (baseline_note(report["accuracy"], share, common, part == "test"),
                                    class_weight_hint(report, rare)) if note]
    # a tie has no most common class: "equally_common" lists the classes that share the top count
    baseline = {"class": common[0] if len(common) == 1 else None, "accuracy": share, "equally_common": list(common)}
    return ClassSummary("\n".join(lines), baseline, report)


def majority_baseline(report):
    """(share, names) of the most common class of the test part (``report``'s supports): the
    accuracy of a model that always answers it, the number to beat, and its name; the names
    of all the classes that are as common, when several are."""
    support = {name: row["support"] for name, row in report["classes"].items()}
    most = max(support.values())
    return most / sum(support.values()), tuple(name for name, count in support.items() if count == most)


def baseline_note(accuracy, share, names, test=True):
    """The line that reads the test accuracy against always answering the most common class
    (``names``, several when they are as common), when that is a number to know: the classes
    are imbalanced (its share is at least IMBALANCED: 0.97 of 97:3 data is no achievement), or
    the model does not beat it. None otherwise (balanced classes that the model beats: the
    table says enough). Not ``test``: the rows scored are those trained on (data too small to split)."""
    if not math.isfinite(accuracy) or (share < IMBALANCED and accuracy > share):
        return None
    verdict = "no better than" if accuracy <= share else f"{number(accuracy - share)} above"
    rows, scored = ("the test rows", "the test accuracy") if test else ("the rows", "the accuracy")
    if len(names) == 1:
        answer = f"always answering {_shown(names[0])}, the most common class ({share:.1%} of {rows}),"
    else:   # a tie: no class is the most common, and naming the first would say it is
        every = "the two classes" if len(names) == 2 else f"the {len(names)} classes"
        tied = every if round(share * len(names), 9) == 1 else " and ".join(map(_shown, names))
        answer = f"{tied} are equally common ({share:.1%} of {rows} each): always answering one"
    return f"note: {answer} scores {number(share)}; {scored} is {verdict} that"


def one_row_error(model, X, y, least=SHARE):
    """(k, share, R² without it) when one row k of (X, y) holds ``least`` (``spread.SHARE``) or
    more of the squared error Σ(y - ŷ)² of ``model``'s predictions (a target of 99999, a missing
    value's marker, among values near 1): the R² of the others says what the network learnt.
    None otherwise, and for fewer than 3 rows."""
    if len(y) < 3:
        return None
    pred = model.predict(X).reshape(len(y), -1).astype(np.float64)
    target = np.asarray(y, np.float64).reshape(len(y), -1)
    errors = ((target - pred) ** 2).sum(axis=1)
    k = int(np.argmax(errors))
    with np.errstate(invalid="ignore"):   # all 0: no error to hold, a share of NaN
        share = float(errors[k] / errors.sum())
    if not share >= least:
        return None
    others = np.arange(len(y)) != k
    return k, share, r2_score(pred[others], target[others])


def mean_baseline_note(r2, found=None, one_row=None, target_warned=False):
    """The line that reads a regression's test R² against answering one number, the mean, for
    every row, when the model does no better: R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² is 0 for that
    constant and negative for answers further off, a run that learnt nothing the table shows as
    a number like any other. None otherwise. ``found``: the titles of the problems the training
    monitor found, [] for none, None when --monitor was not given. Only then does the note send
    the user to --monitor; a monitor that ran is quoted ("--monitor says which" stood above its
    "no problems found" on a 300-row CSV, and above its Overfitting where it guessed the rate).
    ``one_row()``: (the row in words, its target, the share of the squared error it holds, the
    R² of the other rows) when one test row holds most of it (``one_row_error``), else None;
    called only when the note is due: that row, not the training, then makes the R².
    ``target_warned``: a warning before training named a lone value of the training targets,
    which set the scale the network learnt them in: the note points back to it."""
    if not math.isfinite(r2) or r2 > 0:
        return None
    if one_row is not None and (held := one_row()) is not None:
        row, target, share, others = held
        return (f"note: the test R² of {number(r2)} is one row's: {row}, whose target is {target:.6g}, holds "
                f"{share_words(share)} of the test squared error; without it the test R² is {number(others)}")
    if target_warned:
        why = ("the training targets' lone value, which the warning before training named, holds their spread: fix "
               "or drop the rows it names, then train again")
    elif found is None:
        why = "a learning rate too high, or too few epochs? --monitor says which"
    elif found:
        why = f"the training monitor's findings below: {', '.join(found)}"
    else:
        why = ("the training monitor found no problem with the training itself: the inputs may carry too little "
               "of the target to predict it")
    return (f"note: answering the mean target for every row scores R² 0; the test R² of {number(r2)} is "
            f"{'no better than' if r2 > -0.01 else 'worse than'} that: the network learnt nothing that carries "
            f"to new rows ({why})")


def _shown(name):
    """A class's name as a note quotes it, cut to NAME_CHARS."""
    return repr(short_label(name, NAME_CHARS))


def rare_classes(report, limit=3):
    """The rare classes of the test part (at most RARE times as common as the most common one),
    in class order; of more than ``limit``, the ``limit`` of the lowest recall. None in a test
    part too small to tell (fewer than ENOUGH rows of the most common class: 12 test rows of
    10 digits hold 0 to 3 of each by chance)."""
    support = {name: row["support"] for name, row in report["classes"].items() if row["support"]}
    if max(support.values()) < ENOUGH:
        return []
    rare = [name for name, count in support.items() if count <= RARE * max(support.values())]
    kept = set(sorted(rare, key=lambda name: report["classes"][name]["recall"])[:limit])
    return [name for name in rare if name in kept]


def _found(report, names):
    """"10 of the 23 test rows of 'fraud' (recall 0.4348)": what the model finds of the classes
    ``names``, one after the other."""
    said = []
    for name in names:
        row = report["classes"][name]
        rows = "test rows" if not said else "rows"
        said.append(f"{round(row['recall'] * row['support'])} of the {row['support']} {rows} of {_shown(name)} "
                    f"(recall {number(row['recall'])})")
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def class_weight_hint(report, rare):
    """The line naming --class-weight when classes of ``rare`` are barely found (recall below
    FOUND): an unweighted loss is mostly the common class's, and a model that misses a rare one
    loses little by it. None otherwise."""
    missed = [name for name in rare if report["classes"][name]["recall"] < FOUND]
    if not missed:
        return None
    return (f"note: the model finds {_found(report, missed)}: train with --class-weight balanced, which "
            f"weighs each class's errors by how rare it is (a rare class then counts in the loss as much "
            f"as a common one), trading some accuracy for finding more of them")


def weights_note(report, rare, share, common):
    """The line of a run with --class-weight: what the weights bought, the ``rare`` classes
    found, and at what accuracy, where always answering the most common class finds none of
    them (an accuracy "no better than" that baseline is their expected price, not a failure)."""
    if not any(report["classes"][name]["recall"] for name in rare):
        return (f"note: with --class-weight the model still finds {_found(report, rare)}: weigh "
                f"{'it' if len(rare) == 1 else 'them'} more (--class-weight CLASS:W, W above the balanced "
                f"weight), or add features that tell {'it' if len(rare) == 1 else 'them'} apart")
    accuracy = report["accuracy"]
    side = "below" if accuracy < share else "above" if accuracy > share else "equal to"
    answer = f"always answering {' or '.join(map(_shown, common))}"
    return (f"note: with --class-weight the model finds {_found(report, rare)}, which {answer} never "
            f"does; the weights trade accuracy for it: the test accuracy is {number(accuracy)}, {side} "
            f"the {number(share)} of {answer}")


def scores_note(class_names, common, share):
    """The line under the table that says whose precision, recall and F1 it holds: class 1's for
    two classes (which class that is depends on the labels' order, "no" < "yes"), the mean of
    the classes' for more. When class 1 is the common one of imbalanced classes (``common``,
    ``share``: ``majority_baseline``'s), it says that they speak of it, not of the rare class."""
    if len(class_names) > 2:
        return f"precision, recall, f1: macro averages, the mean of the {len(class_names)} classes' own"
    shown = short_label(str(class_names[1]), NAME_CHARS)
    what = ("here the common class; the rare one's are in its row below"
            if share >= IMBALANCED and common == (str(class_names[1]),) else "the positive class")
    return f"precision, recall, f1: those of class 1{'' if shown == '1' else f' ({shown!r})'}, {what}"


def class_rows(report, part="test"):
    """Each class's precision, recall, F1 and support on the ``part`` scored (the test part), a row
    each; of more than CLASS_ROWS classes, the FEWEST_ROWS of the lowest F1 (metrics.json holds them all)."""
    names = list(report["classes"])
    if len(names) <= CLASS_ROWS:
        return f"each class ({part}):\n" + report_text(report, averages=False)
    lowest = set(sorted(names, key=lambda name: report["classes"][name]["f1"])[:FEWEST_ROWS])
    return (f"the {FEWEST_ROWS} classes of the lowest F1 ({part}), of {len(names)} "
            f"(all in metrics.json, \"class_report\"):\n"
            + report_text(report, [name for name in names if name in lowest], averages=False))


def evaluated_parts(model, loss, parts, metrics, classification):
    """({part: ``model.evaluate(X, y, loss=loss, metrics=metrics)``}, {part: the confusion matrix
    of the model's predictions, as lists} for classification, else None) of the (part, (X, y)) of
    ``parts``, from one forward pass over each part (a second pass cost as much as the first on
    1,000,000 rows). evaluate's outputs are the logits before a last Softmax or Sigmoid that the
    loss applies itself; the matrix counts the model's own outputs, as ``predict`` gives them:
    that activation applied to the logits a batch at a time. Row i counts the samples of class i
    by the class predicted."""
    threshold = 0.0 if _gives_logits(model, loss) else 0.5  # a logit, or a probability (or MSE's fit of 0/1)
    results, matrices = {}, {}
    for part, (X, y) in parts:
        results[part], pred, net = evaluate_outputs(model, X, y, loss=loss, metrics=metrics)
        if classification:
            outputs = pred if net is model else forward_in_batches(
                model[len(net.layers):], pred, batch_size_of(PREDICT_BATCH_SIZE, len(pred)))
            matrices[part] = confusion_matrix(outputs, y, threshold=threshold).tolist()
    return results, matrices if classification else None


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
        return model.predict(points.astype(nn.get_default_dtype(), copy=False), batch_size=4096)


def _gives_logits(model, loss):
    """Whether the model outputs the logits its loss turns into probabilities (an identity
    output with bce_logits or cross_entropy), rather than the probabilities themselves."""
    last = model.layers[-1]
    return ((loss == "bce_logits" and not isinstance(last, nn.Sigmoid))
            or (loss == "cross_entropy" and not isinstance(last, nn.Softmax)))


def plane_predictor(model, task, loss):
    """Points (rows of data in its own units: the plane of a decision boundary, a test part) ->
    the class (or value) predicted by the model."""
    threshold = 0.0 if _gives_logits(model, loss) else 0.5  # a logit, or a probability (or MSE's fit of 0/1 labels)

    def predict(points):
        out = _outputs(model, points)
        if task == "regression":
            return out[:, 0]
        return out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] >= threshold).astype(int)
    return predict


def curve_predictor(model, task, loss):
    """Points (rows of data in its own units: a line of one feature, (n, 1), or a plane, (n, 2))
    -> the model's prediction: the value for regression, else the probability of each class,
    (n, classes). Logits go through the sigmoid or softmax their loss applies; one output, the
    probability of class 1, becomes two."""
    logits = _gives_logits(model, loss)

    def predict(points):
        out = _outputs(model, points).astype(np.float64)
        if task == "regression":
            return out[:, 0]
        if logits:
            out = np.exp(nn.log_softmax(out)) if out.shape[1] > 1 else nn.sigmoid(out)
        return out if out.shape[1] > 1 else np.column_stack([1 - out[:, 0], out[:, 0]])
    return predict
