"""The network that ``neuralab train`` builds: its layer sizes from --layers, and the output
activation and loss that suit the task (--output, --loss)."""
import re

from ..spelling import did_you_mean
from .errors import CLIError

OUTPUTS = ("auto", "identity", "sigmoid", "softmax")
LOSSES = ("auto", "mse", "mae", "bce", "bce_logits", "cross_entropy")
# The library's hinge loss is not offered here: its labels are -1/+1 and its output a raw score,
# where the run's report reads classes 0/1 and probabilities (confusion matrices, the loss of
# guessing on the loss curve, the probability map): each would need a reading of its own.
REGRESSION = ("auto", "mse", "mae")   # the --loss values of a regression
HINGE_REFUSAL = ("neuralab train does not offer hinge: its labels are -1/+1 and its output a score, and "
                 "this report reads classes 0/1 and probabilities; for two classes use bce_logits, or "
                 "train it in Python: model.fit(X, 2 * y - 1, loss='hinge', metrics=['accuracy']); ")


def loss_suggestion(value):
    """The start of the refusal of --loss ``value``: why hinge is not offered, else the closest name."""
    return HINGE_REFUSAL if value in ("hinge", "hinge_loss") else did_you_mean(value, LOSSES)


# What people put between the sizes besides a comma: spaces, or one mark with spaces around it
# or not ("4-16-3", "4 16 3", "4x16x3", "4; 16; 3"). Not ".", a decimal point: "4,16.5,3" is a
# size that is not whole, not the sizes 16 and 5.
SEPARATOR = re.compile(r"\s*[,;:|/_*xX×–—-]\s*|\s+")


def positive_int(text):
    """The whole number ``text`` writes in ASCII digits, if it is one above 0, else None
    (``str.isdigit`` also takes "²", which ``int`` refuses, and "３２", which it reads as 32)."""
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else None


def plural(n, unit):
    """"1 epoch", "2 epochs": a count and its unit, in the singular for one."""
    return f"{n} {unit}{'' if n == 1 else 's'}"


def with_commas(text):
    """``text``'s sizes separated by commas, if it separates them (or some of them) by anything
    else SEPARATOR knows ("4-16-3" -> "4,16,3") and they are sizes --layers takes, else None: not
    "1,000" for "1_000" (a size of 1000, see ``digit_groups``), nor "0,10" for "0x10"."""
    pieces = re.split(r"(auto|[0-9]+)", text)  # the sizes at odd places, what separates them between
    sizes, between = pieces[1::2], pieces[2:-1:2]
    if (len(sizes) < 2 or pieces[0].strip() or pieces[-1].strip()
            or not all(SEPARATOR.fullmatch(s) for s in between) or all(s.strip() == "," for s in between)
            or not all(positive_int(s) or (s == "auto" and i in (0, len(sizes) - 1)) for i, s in enumerate(sizes))):
        return None
    return ",".join(sizes)


def digit_groups(text):
    """The number ``text`` writes with "_" between groups of three digits, as Python allows
    ("1_000": 1000), else None."""
    return int(text) if re.fullmatch(r"[1-9][0-9]{0,2}(_[0-9]{3})+", text) else None


def parse_layers(text, n_features, n_outputs, task="regression"):
    """The layer sizes [n0, ..., nL] that --layers ``text`` writes ("auto,16,16,auto"): 'auto'
    first is ``n_features``, 'auto' last ``n_outputs``; a size that is no positive integer, other
    separators than commas, or a first or last size that does not fit the data are refused with
    a ``CLIError`` that says the fix."""
    if (fixed := with_commas(text)) is not None:  # not "needs at least two sizes" for three
        form = fitting(fixed.split(","), n_features, n_outputs)
        raise CLIError(f"--layers {text!r}: the sizes are separated by commas, "
                       + (f"the inputs first and the outputs last, as in --layers {form} ('auto' first "
                          f"is the data's {plural(n_features, 'feature')}, last the "
                          f"{plural(n_outputs, 'output')} the task needs)" if form != fixed
                          else f"as in --layers {form}"))
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2:
        raise CLIError(f"--layers needs at least two sizes separated by commas (inputs and outputs), "
                       f"got {text!r}")
    if "" in parts:
        raise CLIError(f"--layers {text!r} has an empty size: one comma between two numbers")
    sizes = []
    for i, p in enumerate(parts):
        if p == "auto" and i in (0, len(parts) - 1):
            sizes.append(n_features if i == 0 else n_outputs)
        elif (size := positive_int(p)) is not None:
            sizes.append(size)
        elif (size := digit_groups(p)) is not None:
            fixed = ",".join(str(size) if at == i else q for at, q in enumerate(parts))
            raise CLIError(f"--layers: {p!r} is a size written with '_' between its digits; write it "
                           f"without them, as in --layers {fixed}")
        else:
            raise CLIError(f"--layers: {p!r} is not a positive integer"
                           + (" ('auto' is allowed only first or last)" if p == "auto" else ""))
    fix = f"--layers {fitting(parts, n_features, n_outputs)} ('auto' first and last takes them from the data)"
    if sizes[0] != n_features:
        raise CLIError(f"--layers starts with {plural(sizes[0], 'input')} but the data has "
                       f"{plural(n_features, 'feature')}: {fix}")
    if sizes[-1] != n_outputs:
        two_scores = task == "binary" and sizes[-1] == 2
        raise CLIError(f"--layers ends with {plural(sizes[-1], 'output')} but this task needs {n_outputs}"
                       + (" (the probability of class 1); for one score per class add --output softmax, "
                          "or use " if two_scores else ": ") + fix)
    return sizes


def fitting(parts, n_features, n_outputs):
    """``parts``, the sizes of --layers as written, made to fit the data: a first size that is not
    the number of features becomes 'auto', a last that is not the number of outputs too; when
    neither fits, all of them are taken for hidden sizes, as Keras's habit of listing the hidden
    layers alone writes them ("16,16" -> "auto,16,16,auto")."""
    first = parts[0] in ("auto", str(n_features))
    last = parts[-1] in ("auto", str(n_outputs))
    if not (first or last):
        return ",".join(["auto", *parts, "auto"])
    return ",".join([parts[0] if first else "auto", *parts[1:-1], parts[-1] if last else "auto"])


def choose_head(task, n_classes, output, loss):
    """The output activation and loss that suit the task, unless the user chose them. A choice
    that does not fit the task is refused before one that does not fit the other choice, so
    that the advice given is one the next run accepts.

    A regression network learns the target standardised (mean 0, std 1, values of both signs)
    and the saved model maps its output back, so its output must be free to take any value: a
    bounded one (a sigmoid's (0, 1)) would reach only [mean, mean + std] of the target's units."""
    if task == "regression":
        if loss not in REGRESSION:
            raise CLIError(f"--loss {loss} is for classification; this dataset is a regression task: use mse or mae")
        if output not in ("auto", "identity"):
            raise CLIError(f"--output {output} bounds the network's output, but this dataset is a regression "
                           "task: the network learns the target standardised (mean 0, std 1) and must be free "
                           "to output any value; use --output identity, the default")
        return "identity", "mse" if loss == "auto" else loss
    if loss == "mae":   # the mean |ŷ - y| of a class number would rank the classes as quantities
        raise CLIError(f"--loss mae is for a regression, and this dataset's target is {n_classes} classes: "
                       f"leave --loss out for the loss of classes (or use cross_entropy)")
    binary = task == "binary"
    if loss in ("bce", "bce_logits") and not binary:
        raise CLIError(f"--loss {loss} is for two classes; this dataset has {n_classes}: use cross_entropy")
    if output == "auto":
        output = "sigmoid" if binary and loss != "cross_entropy" else "softmax"
    if loss == "auto":
        if output == "sigmoid" and not binary:
            raise CLIError(f"--output sigmoid gives each class its own yes/no probability; for one class "
                           f"out of {n_classes} use --output softmax (or --loss mse)")
        raw_scores = "bce_logits" if binary else "cross_entropy"  # identity's outputs are logits
        loss = {"sigmoid": "bce", "softmax": "cross_entropy"}.get(output, raw_scores)
    if loss == "bce" and output != "sigmoid":
        other = "cross_entropy" if output == "softmax" else "bce_logits"  # what takes this output's numbers
        raise CLIError(f"--loss bce takes probabilities: use it with --output sigmoid (or --loss {other})")
    if loss == "bce_logits" and output == "softmax":
        raise CLIError("--loss bce_logits takes one raw score (a logit): use it with --output identity or "
                       "sigmoid (or --loss cross_entropy)")
    if loss == "cross_entropy" and output == "sigmoid":
        raise CLIError("--loss cross_entropy takes one score per class: use it with --output softmax "
                       "(or identity, for raw scores)")
    return output, loss


def output_units(task, n_classes, output, loss):
    """The output layer's size: one unit per class, except for regression and for two classes
    given as one probability (sigmoid) or one score (identity, unless with cross-entropy)."""
    if task == "regression" or (task == "binary" and output != "softmax" and loss != "cross_entropy"):
        return 1
    return n_classes
