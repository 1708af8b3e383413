"""The rows of a ``neuralab train`` run's data named as the CSV file numbers them, and the words
that name them: a lone target of a held-out part (a marker of missing values such as 99999), a
row of the test part far past the training data, the one row that holds most of a part's squared
error, and the command's way out of a marker (--na-values, --missing drop)."""
import numpy as np

from ..data.dataset import row_in_file
from ..data.spread import SHARE, lone_values, marker_question, spread
from ..train.far_past import FAR, far_past_in_data, far_targets
from .report import one_row_error


def marker_remedy(value, args):
    """The command's way out of a marker of missing values ``value`` in a CSV: --na-values lists
    it (with the markers already given), --missing drop drops the rows that hold it."""
    listed = ",".join([*(args.na_values or ()), f"{value:.6g}"])
    return f"if it marks a missing value, --na-values {listed} --missing drop drops every row that holds it"


def lone_held_out_targets(ds, raw, targets, args):
    """{part: its warning}, before training, of a lone value among the targets of the held-out parts
    (``raw``'s validation part, which fit scores each epoch, and test part, the table's): the
    targets far past every training target that ``far_past.far_targets`` finds, as fit's warning
    does, when they are the copies of one value (a marker of missing values such as 99999). Said
    with the value and its row as the file holds them, and what to do, in place of fit's
    "targets in other units?", which is for a y_val left unscaled by its caller. The lone value is
    judged on the targets as the file holds them, not standardised as fit sees them: -999 among
    values 0..100 is a marker by its shape (``spread.marker_shaped``), which -60.2 is not."""
    scaled = [targets.forward(y.reshape(len(y), -1), training=False) for _, y in raw]
    said = {}
    for part, (X, y), seen in [*([("validation", raw[1], scaled[1])] if raw[1][1] is not raw[2][1] else []),
                               ("test", raw[2], scaled[2])]:
        if (found := far_targets(scaled[0], seen)) is None:
            continue
        far, bound, _ = found
        written = y.reshape(len(y), 1).astype(np.float64)
        mean = written.mean(axis=0)
        lone = next((f for f in lone_values(written, mean, *spread(written, mean))
                     if f.count == far and abs(seen[f.row, 0]) > FAR * bound), None)
        if lone is None:
            continue
        low, high, value = float(raw[0][1].min()), float(raw[0][1].max()), lone.value
        row = file_row(ds, X, lone.row, args, part, y_part=y) + (f" (the {part} part)" if args.data else "")
        where = row if lone.count == 1 else f"{lone.count} {part} rows, such as {row}"
        rows = ("that row" if lone.count == 1 else "those rows") + (" in the file" if args.data else "")
        target = f"target column {args.target!r}" if args.data else "the target"
        said[part] = (f"{target} holds {value:.6g} in {where}, far past every training target ({low:.6g} to "
                      f"{high:.6g}) and the {part} part's other targets ({marker_question(value, lone.negative_alone and low >= 0)}); the {part} "
                      f"scores count it as a target like any other: replace or drop {rows}"
                      + (f", or, {marker_remedy(value, args)}" if args.data else ""))
    return said


def one_test_row(model, ds, part_data, part, args, least=SHARE):
    """``report.one_row_error`` of ``model`` on the ``part`` (X, y) ``part_data``, with the row
    named as the file numbers it: what ``report.mean_baseline_note`` says instead of blaming the
    training. None when no one row holds ``least`` of the squared error."""
    X, y = part_data
    if (held := one_row_error(model, X, y, least)) is None:
        return None
    k, share, others = held
    in_file = f" (the {part} part)" if args.data else ""
    return file_row(ds, X, k, args, part, y_part=y) + in_file, float(y[k]), share, others


def far_past_in_file(found, ds, X_part, X_seen, part, args):
    """fit's warning of a row of X_val far past the training data (``far_past.FarPastWarning``,
    ``found`` its row, value and bound) in the command's terms (``far_past.far_past_in_data``):
    the column, the value the data holds (``X_part``, the ``part`` "validation" or "test"
    unscaled; ``X_seen``, as fit saw it) and the row as the CSV file numbers it. The caller says
    what to do about it."""
    in_file = f" (the {part} part)" if args.data else ""
    return far_past_in_data(found, ds.feature_names, X_part, X_seen,
                            lambda k: file_row(ds, X_part, k, args, part) + in_file)


def file_row(ds, X_part, k, args, part="training", y_part=None):
    """Row ``k`` of the ``part`` (the training part by default) as the CSV file numbers it
    (load_csv's "row N", the Nth row under the header): the split shuffled the rows, so it is
    found again by its values, and by its target ``y_part[k]`` when given. A row that the file
    holds more than once names each; a built-in dataset's has no file."""
    y = None if y_part is None else y_part[k]
    return (args.data and row_in_file(ds, X_part[k], args.data, y)) or f"a row of the {part} part"
