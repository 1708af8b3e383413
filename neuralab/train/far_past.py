"""Values far past the training data: fit's warning, as it starts, of a row of X_val (or targets of
y_val) more than ``FAR`` times past every value of the training data (``far_past_training``,
``far_targets``), and its words for a reader who knows the data unscaled (``far_past_in_data``).
Such a row is a marker of missing values (-999, 99999) or data in other units (X standardised, X_val
not): its outputs are an extrapolation no training shaped, yet they count in val_loss. The same
bound serves ``input_reach`` (predict's inputs) and ``divergence`` (a stop those rows caused)."""
import dataclasses

import numpy as np

from ..data.spread import lone_values, marker_question, share_words, spread
from ..nn.user_line import warn


FAR = 10  # a value past FAR times every |x| of the training data is no measurement like them


def reach(X):
    """max |x| over X, in two passes (a min and a max) and without the copy |X| would make."""
    return max(-float(X.min()), float(X.max()))


def far_past_training(X, X_val, rows=None):
    """(row, value, bound) for the row of X_val (among ``rows``, all by default) holding the value
    furthest from 0, when |value| is more than ``FAR`` times every |x| of the training data X
    (``bound``): a marker of missing values (float32's largest, 3.4e38; -999 among values under
    10) or data in other units (pixels 0..255 where training had 0..1). None otherwise, and when
    every value of X is 0 (one training row, or columns constant in it, standardised), as
    ``input_reach.warn_inputs_far_past`` does: FAR times 0 is 0, past which every value of X_val
    but 0 would be "far", though X holds no spread to be far from."""
    bound = reach(X)
    return far_past(bound, X_val, rows) if bound > 0 else None


def far_past(bound, X_val, rows=None):
    """``far_past_training`` for a ``bound`` already known (a model's ``input_reach``). Reads
    X_val without copying it: a min and a max over all of it, and per row only when one is far."""
    if rows is None:
        if not reach(X_val) > FAR * bound:
            return None
        part = X_val
    else:
        part = X_val[rows]  # those whose outputs overflowed: few
    axes = tuple(range(1, part.ndim))
    high, low = part.max(axis=axes), part.min(axis=axes)  # per row, so that no |X_val| is made
    furthest = np.where(high >= -low, high, low)
    j = int(np.abs(furthest).argmax())
    if not abs(furthest[j]) > FAR * bound:
        return None
    return (j if rows is None else int(rows[j])), float(furthest[j]), bound


MARKER_QUESTION = "a marker of missing values, or data in other units?"


def far_past_words(row, value, bound):
    return (f"row {row} of X_val holds {value:.3g}, far past every value of the training data "
            f"(|x| <= {bound:.3g}): {MARKER_QUESTION}")


def far_past_in_data(found, names, X_part, X_seen, row):
    """fit's warning of a row of X_val far past the training data (``found``: its row, value and
    bound) in the terms of a reader who prepared the data and knows it unscaled: fit saw it
    standardised (``X_seen``), where its row and value mean nothing to them. Said with the
    column, ``names[j]`` for the largest |x| of the row as fit saw it, the value the data holds
    there (``X_part``, the part unscaled) and the row as ``row(k)`` names it ("row 17 of
    data.csv (the test part)"). The caller says what to do about it."""
    k, value, bound = found
    j = int(np.abs(X_seen[k]).argmax())
    return (f"column {names[j]!r} holds {X_part[k, j]:.6g} in {row(k)}, far past every value of the "
            f"training part ({value:.3g} standardised, as the network sees it, where the training part stays "
            f"within ±{bound:.3g}): {MARKER_QUESTION}")


class FarPastWarning(UserWarning):
    """A row of X_val far past the training data (``warn_far_past_training``). ``found`` is its
    (row, value, bound) from ``far_past_training``, for a caller that names the row its own way
    (the command line names the CSV file's row, and the value the file holds)."""

    def __init__(self, message, found):
        super().__init__(message)
        self.found = found


FIX_ROW = "Fix or leave out that row"  # after a stop: the row's outputs overflowed
FAR_PAST_FIX = "Its outputs, which count in val_loss, mean little: fix or leave out that row"


def warn_far_past_training(X, X_val, y=None, y_val=None):
    """Warn, as fit starts, of a row of X_val far past the training data (``far_past_training``):
    its outputs are an extrapolation no training shaped (or, past the float range, inf and a
    stop), and they weigh in "val_loss" and the validation metrics all the same. Several such
    rows are rather X_val in other units than X (X standardised, X_val not): said so, with the
    fix. And of validation targets ``y_val`` far past every training target ``y`` (y
    standardised, y_val in euros), by which val_loss, and what EarlyStopping keeps, mean little;
    when they are one value that alone holds y_val's spread (``far_targets``: a marker of missing
    values), of that value and its row instead."""
    found = far_past_training(X, X_val)
    if found is not None:
        row, value, bound = found
        far = int(np.count_nonzero(np.abs(X_val.reshape(len(X_val), -1)).max(axis=1) > FAR * bound))
        text = (f"{far_past_words(*found)} {FAR_PAST_FIX}" if far == 1 else
                f"{_how_many(far, len(X_val), 'rows')} of X_val hold values far past every value of the training "
                f"data (|x| <= {bound:.3g}), up to {value:.3g} in row {row}: markers of missing values, or "
                f"data in other units? {OTHER_UNITS.format(x='X', part='X_val')}")
        warn(FarPastWarning(text, found))
    if y is not None and y_val is not None and np.asarray(y).dtype.kind == "f":
        if (found := far_targets(y, y_val)) is not None:
            far, bound, lone = found
            text = (f"{lone_target_words(lone, bound, y_val)}. {VALIDATION_SCORES}" if lone is not None else
                    f"{_how_many(far, len(y_val), 'targets')} of y_val lie far past every training target (|y| <= "
                    f"{bound:.3g}), up to {reach(y_val):.3g}: targets in other units? "
                    f"{OTHER_UNITS.format(x='y', part='y_val')}")
            warn(FarTargetsWarning(text, lone))


def far_targets(y, y_val):
    """(far, bound, lone) for validation targets ``y_val`` of which ``far`` lie past ``FAR`` times
    every |y| of the training targets (``bound``), None when none do. Many such are y_val in
    other units (y standardised, y_val not); ``lone`` is the ``spread.LoneValue`` of y_val (its
    row, value and share of Σ(y - ȳ)² over y_val) when they are the copies of one value that
    ``spread.lone_values`` judges a lone value of y_val, as a marker of missing values (99999) is,
    else None. Its ``negative_alone`` (the clue "the only negative value") holds when the training
    targets of its column are all 0 or more too, as the command line's words have it (-999 among
    prices of both parts)."""
    bound = reach(y)
    if not (bound > 0 and reach(y_val) > FAR * bound):
        return None
    values = np.asarray(y_val).reshape(len(y_val), -1)
    far = int(np.count_nonzero(np.abs(values) > FAR * bound))
    mean = values.mean(axis=0, dtype=np.float64)
    lone = next((f for f in lone_values(values, mean, *spread(values, mean))
                 if f.count == far and abs(f.value) > FAR * bound), None)
    if lone is not None and lone.negative_alone:
        training = np.asarray(y).reshape(len(y), -1)[:, lone.column]
        lone = dataclasses.replace(lone, negative_alone=bool(training.min() >= 0))
    return far, bound, lone


def lone_target_words(lone, bound, y_val):
    """What a lone value of y_val (``far_targets``'s ``lone``, past every |y| <= ``bound`` of the
    training targets) is, and what to do about it: not y_val in other units, but one value."""
    column = f", output {lone.column}," if np.ndim(y_val) > 1 and np.shape(y_val)[1] > 1 else ""
    where = (f"row {lone.row} of y_val{column} holds" if lone.count == 1 else
             f"{lone.count} rows of y_val{column}, such as row {lone.row}, hold")
    return (f"{where} {lone.value:.6g}, far past every training target (|y| <= {bound:.3g}) and the other targets "
            f"of y_val, whose spread {'it holds' if lone.count == 1 else 'they hold'} ({share_words(lone.share)}): "
            f"{marker_question(lone.value, lone.negative_alone)} Fix or leave out {'that row' if lone.count == 1 else 'those rows'}")


class FarTargetsWarning(UserWarning):
    """Validation targets far past every training target (``warn_far_past_training``). ``lone``
    is ``far_targets``'s: the lone value they are, for a caller that names its row its own way
    (the command line says it before training, with the row of the file), or None."""

    def __init__(self, message, lone):
        super().__init__(message)
        self.lone = lone


def _how_many(count, total, things):
    return f"all {total} {things}" if count == total else f"{count} of the {total} {things}"


# what the warnings above say to do about a validation part in other units than the training data
VALIDATION_SCORES = "Until then the validation scores, and the epoch EarlyStopping keeps by them, mean little"
OTHER_UNITS = ("{part} must be prepared as {x} was: if {x} was standardised, with the same scaler, fitted on "
               "the training data (scaler.transform({part})). " + VALIDATION_SCORES)
