"""``load_csv``'s target column -> (y, task, class_names).

The target column may hold numbers or category strings; strings become class indices 0..K-1 in
sorted order, with ``class_names`` kept. With ``task="auto"`` a numeric target of at most
``AUTO_MAX_CLASSES`` distinct integer values is a classification target (its sorted values become
classes 0..K-1), anything else is regression. Numbers read as classes are named as the file writes
a number, with its decimal mark: with ``decimal=","`` the class 1.5 is "1,5", as the user typed it.
A target whose every value is a number once its comma is read as a decimal point ("8,6") or a
thousands separator ("201,000"), or whose values are mostly numbers among a few words ("#DIV/0!",
"unknown"), or that is numbers written with a unit ("$7.36", "12 kg"), is refused with
``task="auto"``, not read as text classes: it is far more often a quantity, written as a
spreadsheet shows it, than class names, which an explicit ``task="multiclass"`` (or "binary") keeps. A target of true and false, in any case, is the two
classes "False" and "True" (0 and 1), as pandas reads one bool column from True, TRUE and true;
``task="multiclass"`` reads each spelling as a class of its own.

New rows are numbered as the model's classes (``class_names``, a trained model's or the training
Dataset's): numbered from the new file alone, a file without the first class would call the
second class 0, and ``evaluate`` would score a model against other classes than it learnt,
without a word. A class the model does not know is refused, naming its cell.
"""
import numpy as np

from ..nn.dtype import get_default_dtype
from .csv_cells import (accounting_fix, accounting_negative, comma_number, count_text_cells, first_few, floats,
                        is_number, number_and_unit, number_classes, number_text, plain_number, plainly,
                        refuse_classes_in_two_cases, truth_cells, unit_fix, with_point)
from .csv_error import Advice, CsvError, CsvTypeError, Said
from .csv_rows import quote_hint
from .csv_text_columns import ACCOUNTING, WITH_UNITS
from .identifier_columns import warn_rounded_whole_numbers

AUTO_MAX_CLASSES = 20


def check_class_names(class_names, target):
    """``load_csv``'s ``class_names`` as a tuple of texts, or None: a list or tuple of at least two
    distinct names (strings, or numbers as a target of numbers names them), with a ``target``."""
    if class_names is None:
        return None
    if target is None:
        raise CsvError("class_names numbers the target's classes, and target=None reads no target: leave "
                       "class_names out, or name the target column")
    if isinstance(class_names, np.ndarray):  # LabelEncoder().classes_, np.array(model.class_names)
        class_names = class_names.tolist()
    if not isinstance(class_names, (list, tuple)) or len(class_names) < 2 or any(
            isinstance(name, bool) or not isinstance(name, (str, int, float)) for name in class_names):
        raise CsvTypeError(f"class_names must be a list of at least two class names, such as model.class_names or "
                           f"ds.class_names, got {class_names!r}")
    names = tuple(str(name) for name in class_names)
    if len(set(names)) < len(names):
        raise CsvError(f"class_names names a class twice: {names!r}")
    return names


def read_target(col, column, task, where, known=None):
    """(y, task, class_names) for the target column; ``known``: the classes to number it by
    (``check_class_names``), whichever of them the column holds (``_numbered_as``).

    The column holds text classes only if some cell that is not a missing marker is not a
    number: markers are left out before deciding, so "NA" among whole numbers is reported as
    missing instead of making the numbers (and "NA") class names. With ``task="auto"``, a column
    of numbers is not read as text classes either (``_refuse_numbers_as_classes``). With
    ``task="regression"``, a column mostly of words (as "auto" tells text classes) is refused
    with the way out: leaving that task out reads them as classes. A class that a misplaced quote
    ran on over a line end and the delimiter ("1\\n0,x") is refused (``_refuse_quotes_run_on``).

    Numbers are told apart exactly (``number_classes``): read as float64, two IDs of 17 digits
    would be one class. A regression's whole numbers that the default dtype rounds into fewer are
    warned of as a feature column's are (``warn_rounded_whole_numbers``). Class names, in the
    errors too, are quoted: joined by ", " alone, the classes "1,5" and "2" of a file of decimal
    commas would read as three.
    """
    if known:  # read as classes, two as task="binary" reads them; known=() there skips the refusals of the file's
        # classes (one class, more than two) that numbering by known ones makes none
        y, _, class_names = read_target(col, column, "binary" if len(known) == 2 else "multiclass", where, ())
        return _numbered_as(y, class_names, known, column, where), "binary" if len(known) == 2 else "multiclass", known
    missing = np.isin(col, list(where.in_numbers))
    filled = col[~missing]
    if task in ("auto", "binary") and len(filled) and truth_cells(filled).all():
        col = np.where(missing, col, np.where(np.char.lower(col.astype(str)) == "true", "True", "False"))
    text = floats(filled, where.decimal) is None
    if text and task != "regression":
        if task == "auto":
            _refuse_numbers_as_classes(col, filled, column, where)
        where.check_present(col, column, text=True)
        classes, first, y = np.unique(col, return_index=True, return_inverse=True)
        _refuse_quotes_run_on(classes, first, column, where)
        broken = [text for text in classes if is_number(text) and not np.isfinite(float(plain_number(text)))]
        if broken:  # "inf" or "NAN" among class names is a broken label, not a class
            i = int(np.argmax(np.isin(col, broken)))
            where.fail(i, column, f"{str(col[i])!r} is not a class (fill in or drop the row)")
        class_names = tuple(str(c) for c in classes)
        if task == "auto":
            refuse_classes_in_two_cases(classes, first, column, where)
        if known is None:
            _refuse_one_value(class_names, column, where)
    else:
        # told only that a word is no number, a user whose classes are words would not know the way out
        words = (Said("; this target column holds words: if they are class names, ", Advice("leave out", "task", "regression"))
                 if text and _words(count_text_cells(filled), len(filled)) and not _written_number(filled, column)
                 else "")
        values = where.numbers(col, column, then=words)  # finite numbers, or the error naming the cell
        if task in ("regression", "auto") and not np.array_equal(values, np.round(values)):
            # a fraction is no class: a regression, whose distinct values need no exact reading
            # (a float64 that is not whole reads as the text writes it, to the last digit kept)
            _refuse_one_value(tuple(number_text(v, where.decimal) for v in np.unique(values)[:2]), column, where)
            return where.numbers(col, column, get_default_dtype()), "regression", None
        classes, y = number_classes(col, where.decimal)
        class_names = tuple(number_text(c, where.decimal) for c in classes)
        if known is None:
            _refuse_one_value(class_names, column, where)
        if task == "regression" or (task == "auto" and not auto_reads_classes(classes)):
            y = where.numbers(col, column, get_default_dtype())
            # IDs of 17 digits, distinct as written, may read as one value in float32: said as a feature's are
            warn_rounded_whole_numbers(y[:, None], lambda k: values, (column,), target=True)
            return y, "regression", None
    if task == "binary" and len(classes) > 2 and known is None:
        # a target of numbers may be a quantity, for regression rather than classes
        quantity = "" if text else Said(" (or ", Advice("and", "task", "regression"), " if its values are quantities)")
        raise CsvError(f"{where.path}: ", Advice("mention", "task", "binary"), f" but target column {column!r} has "
                       f"{len(classes)} classes: {first_few([repr(name) for name in class_names], 5)}; ",
                       Advice("pass", "task", "multiclass"), quantity, ", or choose a target of two classes")
    if task == "auto":
        task = "binary" if len(classes) <= 2 else "multiclass"
    return y.astype(np.int64), task, class_names


def _refuse_quotes_run_on(classes, first, column, where):
    """Refuses a class that a misplaced quote made, a cell run on over a line end and the delimiter
    ("1\\n0,x", ``quote_hint``), at the first row of any (``first``: each of the ``classes``' first
    row), as a feature's cell is refused: read as a class of its own, it went by without a word."""
    # a class without a line end is none: its line, which the file may be read again for, is not looked up
    run_on = [(first[k], name, hint) for k, name in enumerate(classes.tolist())
              if ("\n" in name or "\r" in name) and (hint := quote_hint(name, where.lines[first[k]], where.delimiter))]
    if run_on:
        i, name, hint = min(run_on, key=lambda found: found[0])
        where.fail(i, column, f"{name!r} is not a class: {hint}")


def auto_reads_classes(classes):
    """Whether task="auto" reads a target of the distinct numbers ``classes`` (``number_classes``) as
    classes: at most AUTO_MAX_CLASSES of them, all whole (ints: 2**60 + 0.5 is whole as a float)."""
    return len(classes) <= AUTO_MAX_CLASSES and all(isinstance(c, int) for c in classes)


def _numbered_as(y, class_names, known, column, where):
    """The class indices ``y`` of the file's ``class_names`` as indices of ``known``, or the error
    at the first cell of a class that ``known`` lacks."""
    index = {name: k for k, name in enumerate(known)}
    unknown = [k for k, name in enumerate(class_names) if name not in index]
    if unknown:
        i = int(np.argmax(np.isin(y, unknown)))
        where.fail(i, column, f"{class_names[y[i]]!r} is not one of the classes class_names gives, "
                              f"{first_few([repr(name) for name in known], 10)}, so the model has no output for it: "
                              f"drop the row, or train again on data that holds it")
    return np.array([index[name] for name in class_names], dtype=np.int64)[y]


def _refuse_one_value(class_names, column, where):
    """A target of one value in every row has nothing to teach, as classes (one class) or as a
    number (its spread is 0, so a regression's R² has nothing to explain)."""
    if len(class_names) < 2:
        raise CsvError(f"{where.path}: target column {column!r} is {class_names[0]!r} in every row: there is "
                       f"nothing to learn, whatever the task; choose another target column, or add rows where "
                       f"it holds other values")


def _refuse_numbers_as_classes(col, filled, column, where):
    """With task="auto", a target column that is mostly numbers is refused rather than read as
    text classes because of the cells that do not read as numbers, naming the first: numbers
    written with commas ("8,6", "201,000"), or a few words among numbers (a spreadsheet's
    "#DIV/0!", an "unknown"), which would silently turn a price into as many classes as it has
    values. An explicit task="multiclass" (or "binary") reads every value as a class name.
    ``filled``: the cells of ``col`` that are not missing. So is a target of numbers written with a
    unit ("$7.36", "12 kg": its first cell that is not a number, as ``csv_text_columns.kind_of``
    tells a feature column), which would be as many classes as prices, with the line that drops it;
    and so is a target of accounting negatives ("(45)"), with the line that writes a minus sign."""
    n_text = count_text_cells(filled)
    asked = "binary" if len(np.unique(filled)) <= 2 else "multiclass"
    regression = _regression_too(filled, where)
    if written := _written_number(filled, column):
        what, fix = written
        where.not_a_number(col, column, Said(f"; this target column holds {what}, so it is not read as class names: ",
                                             fix, regression and ", and ", regression, "; if its values are class "
                                             "names, ", Advice("pass", "task", asked)))
    if _words(n_text, len(filled)):
        return
    marks = "commas" if where.decimal == "." else "points"  # the other mark than decimal's
    written_plainly = regression and Said(f"write the numbers without their {marks}, and ", regression, "; ")
    why, fix = ((f"this target column holds numbers with {marks} and no text", written_plainly) if n_text == 0 else
                (f"{len(filled) - n_text} of the {len(filled)} values of this target column are numbers",
                 "fix or drop the rows that are not numbers, or "))
    where.not_a_number(col, column, Said(f"; {why}, so it is not read as class names: ", fix,
                                         "if its values are class names, ", Advice("pass", "task", asked)))


def _regression_too(filled, where):
    """"pass task='regression'" and why, when the target's cells ``filled`` (none missing), once
    written as the advice writes them (``plainly``: "$221,900" as 221900), are numbers that
    task="auto" reads as classes (``auto_reads_classes``), else "": a small table's prices, told
    only to drop their unit, were refused in the next run as classes of one row each."""
    texts, values = [], set()
    for text in np.unique(filled).tolist():   # a price in each of a million rows: stopped at the 21st
        texts.append(plainly(text))
        if not is_number(texts[-1], where.decimal):
            return ""
        values.add(float(with_point(plain_number(texts[-1]), where.decimal)))   # fewer than the exact numbers
        if len(values) > AUTO_MAX_CLASSES:
            return ""
    classes, _ = number_classes(np.array(texts, dtype=str), where.decimal)
    return "" if not auto_reads_classes(classes) else Said(
        Advice("pass", "task", "regression"), f" (its {len(classes)} distinct whole numbers would otherwise be read as "
        f"{len(classes)} classes)")


def target_problem(col, column, task, where):
    """The words a refusal of the feature columns adds for the target ``column`` (its cells
    ``col``) when its numbers are written with a unit or as accounting negatives, which
    ``read_target`` refuses after the features: the run that follows the features' advice alone
    (leave out a King County table's dates) was refused for the target ("$221,900") next. ""
    for any other target, and for a task that reads it as class names."""
    if col is None or task not in ("auto", "regression"):
        return ""
    filled = col[~np.isin(col, list(where.in_numbers))]
    written = floats(filled, where.decimal) is None and _written_number(filled, column)
    if not written:
        return ""
    regression = _regression_too(filled, where) if task == "auto" else ""
    return Said(f"; and target column {column!r} holds {written[0]}: ", written[1], regression and ", and ", regression)


def _written_number(filled, column):
    """(what the target ``column`` holds, the way to plain numbers) when the first cell of
    ``filled`` that is not a number is one written with a unit (``number_and_unit``: "$7.36") or
    as an accounting negative (``accounting_negative``: "(45)"), else None."""
    first = next((cell for cell in filled.tolist() if not comma_number(cell)), "")
    if number_and_unit(first):
        return WITH_UNITS, unit_fix([(column, first)])
    if accounting_negative(first):
        return ACCOUNTING, accounting_fix([(column, first)])
    return None


def _words(n_text, n):
    """Whether a target's ``n`` cells (none missing), ``n_text`` of them text (``count_text_cells``),
    are words, class names perhaps with a number among them: at least as many text as numbers."""
    return n_text >= n / 2
