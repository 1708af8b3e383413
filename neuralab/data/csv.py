"""``load_csv``: a CSV file with a header row -> ``Dataset``, with errors that point at the cell.

Feature columns must be numeric. The target column may hold numbers or category strings;
strings become class indices 0..K-1 in sorted order, with ``class_names`` kept. With
``task="auto"`` a numeric target of at most ``AUTO_MAX_CLASSES`` distinct integer values is a
classification target (its sorted values become classes 0..K-1), anything else is regression.
A target whose every value is a number once its comma is read as a decimal point ("8,6") or a
thousands separator ("201,000") is refused with ``task="auto"``, not read as text classes: it is
far more often a quantity, written as a spreadsheet shows it, than class names, which an explicit
``task="multiclass"`` (or "binary") keeps.

A missing value (an empty cell, or a marker such as "NA", see ``MISSING_VALUES``) is an error naming
its cell, never a value: neuralab does not guess a fill-in, and a marker read as a class would turn
a numeric target into text classes and silently change the task. A marker can also be a real class
("NA" for North America): ``na_values`` replaces the markers, and ``na_values=()`` reads them as text.
"""
import csv
import re

import numpy as np

from ..nn.checks import check_path
from ..nn.dtype import get_default_dtype
from .dataset import Dataset

AUTO_MAX_CLASSES = 20
# Missing in every column: pandas.read_csv's default na_values, the spellings of "no value" that
# spreadsheets (#N/A), R (NA), SQL exports (NULL), NumPy (nan) and old C runtimes (1.#QNAN) write.
# Case matters, as in pandas: "NA" and "null" are missing, "na" and "Null" are not.
MISSING_VALUES = frozenset({
    "", "NA", "N/A", "n/a", "#N/A", "#N/A N/A", "#NA", "<NA>", "NULL", "null",
    "NaN", "nan", "-NaN", "-nan", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN",
})
# Missing only in a column of numbers, where no cell can be a class name. Each is a real class name
# somewhere: "-" in +/- labels (UCI's credit-approval data), "None" as a level ("None", "Mild",
# "Severe"). pandas 2.0 added "None" to its list for every column and users whose "None" was a
# category lost it (pandas issue 52493), with keep_default_na=False as their way out; load_csv has
# that way out too (na_values=()), but leaves a text column's "None" a class without it, as it is
# more often a level than a marker there. "?" is UCI's marker, "-" a report's.
MISSING_IN_NUMBERS = MISSING_VALUES | {"None", "?", "-"}
TASKS = ("auto", "binary", "multiclass", "regression")
# Digits grouped in threes by commas, as spreadsheets format large numbers: 1,000, -12,345,678,
# 1,000.25. A first group of 0 is no grouping ("0,500" is a decimal comma).
THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?")


def load_csv(path, target, task="auto", delimiter=",", na_values=None):
    """Read ``path`` (UTF-8, header on the first line) and use column ``target`` as ``y``.

    ``task`` is "auto", "binary", "multiclass" or "regression"; ``delimiter`` is the one
    character between cells. ``na_values`` says which cells are missing values, as pandas'
    ``na_values`` and ``keep_default_na`` do:

    - ``None`` (the default): the markers of ``MISSING_VALUES`` (pandas' defaults: "NA", "N/A",
      "NULL", "NaN", ...) in every column, and those of ``MISSING_IN_NUMBERS`` ("None", "?",
      "-" too) in a column of numbers.
    - a list, tuple or set of strings: exactly those markers, in every column, instead of both
      lists (pandas' ``keep_default_na=False, na_values=...``). ``na_values=()`` keeps a text
      class named "NA", "N/A" or "NULL"; ``na_values=["?"]`` keeps it and still reports "?".

    An empty cell is always missing, whatever ``na_values`` holds: it has no text to be a class
    or a number (pandas' ``keep_default_na=False`` would read it as the class ""). Cells are
    compared without the spaces around them, so markers are too.

    Raises ``ValueError`` naming the file, column, row and value for missing files, empty
    files, a missing header or target column (suggesting the delimiter when the header reads as
    one column), ragged rows, missing values, inf or non-numeric cells, and (with ``task="auto"``)
    a target of numbers written with commas, "8,6" or "201,000", rather than read as text classes.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}, got {task!r}")
    if not isinstance(target, str):
        raise TypeError(f"target must be a column name (str), got {type(target).__name__}")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ValueError(f"delimiter must be one character, such as ',' or ';', got {delimiter!r}")
    in_text, in_numbers = _missing_markers(na_values)
    path = check_path(path)
    header, rows, lines = _read(path, delimiter)
    if target not in header:
        raise ValueError(f"{path}: no target column {target!r}; {_columns_or_delimiter(header, delimiter)}")
    if len(header) < 2:
        raise ValueError(f"{path}: needs at least one feature column besides the target {target!r}")

    cells = np.array(rows, dtype=str)
    where = _Where(path, lines, in_text, in_numbers, keep_hint=na_values is None)
    features = [j for j, name in enumerate(header) if name != target]
    X = np.column_stack([where.numbers(cells[:, j], header[j], get_default_dtype()) for j in features])
    y, task, class_names = _target(cells[:, header.index(target)], target, task, where)
    return Dataset(
        X=X,
        y=y,
        task=task,
        n_classes=None if class_names is None else len(class_names),
        feature_names=tuple(header[j] for j in features),
        class_names=class_names,
        name=path.stem,
    )


def _missing_markers(na_values):
    """(markers missing in a text column, markers missing in a column of numbers) for ``load_csv``'s
    ``na_values``; the empty cell is always one of them.

    A string is refused rather than read as a collection: ``na_values="NA"`` would otherwise mean
    the markers "N" and "A".
    """
    if na_values is None:
        return MISSING_VALUES, MISSING_IN_NUMBERS
    if not isinstance(na_values, (list, tuple, set, frozenset)):
        one = (f"; for the one marker {na_values!r}, pass [{na_values!r}]"
               if isinstance(na_values, str) else "")
        raise TypeError(f"na_values must be a list, tuple or set of strings, such as ['NA', '?'] "
                        f"(or None for the defaults), got {type(na_values).__name__} {na_values!r}{one}")
    for marker in na_values:
        if not isinstance(marker, str):
            raise TypeError(f"na_values must hold strings (the cells' text), got "
                            f"{type(marker).__name__} {marker!r}")
    markers = frozenset(marker.strip() for marker in na_values) | {""}
    return markers, markers


def _read(path, delimiter):
    """(header, rows of stripped cells, file line number of each row); blank lines skipped.

    A delimiter at the end of every line (as some spreadsheets write) ends the row and adds no
    column: lines that end with one while the header does not are trimmed, and a header that
    ends with one loses that last, nameless column if no row fills it in. A nameless column of
    row numbers is refused (``_refuse_row_index``).
    """
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a CSV file")
    if not path.is_file():
        raise ValueError(f"CSV file not found: {path}")
    header, rows, lines = None, [], []
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            reader = csv.reader(file, delimiter=delimiter, skipinitialspace=True)
            end = 0  # the line the last record ended on: a quoted cell may span several lines
            for row in reader:
                line, end = end + 1, reader.line_num  # the record's first line, where it starts
                row = [cell.strip() for cell in row]
                if not any(row) and len(row) <= 1:
                    continue
                if header is None:
                    header, names, trailing = _header(row, path), row, row[-1] == ""
                    continue
                if not trailing and len(row) == len(header) + 1 and row[-1] == "":
                    row = row[:-1]
                if len(row) != len(header):
                    guess = _delimiter_hint(header, delimiter)
                    raise ValueError(f"{path}, line {line}: {len(row)} fields, "
                                     f"expected {len(header)} like the header ({', '.join(header)})"
                                     + (f"; {guess}" if guess else ""))
                rows.append(row)
                lines.append(line)
    except UnicodeDecodeError as err:
        raise ValueError(f"{path} is not a UTF-8 text file: {err}") from None
    except csv.Error as err:
        raise ValueError(f"{path}: not a valid CSV file: {err}") from None
    if header is None:
        raise ValueError(f"{path} is empty: expected a header line of column names, then data rows")
    if not rows:
        raise ValueError(f"{path} has a header but no data rows")
    if trailing and not any(row[-1] for row in rows):
        header, rows = header[:-1], [row[:-1] for row in rows]
    _refuse_row_index(path, names[:len(header)], rows)
    return header, rows, lines


def _header(row, path):
    if all(is_number(cell) for cell in row):
        raise ValueError(f"{path} has no header: its first line ({', '.join(row)}) holds numbers; "
                         "add a first line with the column names")
    header = [name or f"column_{j + 1}" for j, name in enumerate(row)]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ValueError(f"{path}: duplicate column names in the header: {', '.join(duplicates)}")
    return header


def _refuse_row_index(path, names, rows):
    """Refuses a nameless column whose cells are the row numbers 0, 1, 2, ... (or 1, 2, 3, ...):
    the row index that pandas' ``df.to_csv()`` writes first, under an empty header cell, unless
    told ``index=False``. Read as a feature it is the row's place in the file, not a measurement:
    on data sorted by class (iris) it gives the label away, and the saved model then wants one
    input more than the real data has. Other nameless columns are data; a named column of row
    numbers is the user's own choice.
    """
    for j, name in enumerate(names):
        if name:
            continue
        cells = [row[j] for row in rows]
        for start in (0, 1):  # pandas' default index; R's write.csv and 1-based ids
            if cells == [str(start + i) for i in range(len(cells))]:
                shown = ", ".join(cells[:3]) + (", …" if len(cells) > 3 else "")
                raise ValueError(f"{path}: column {j + 1} has no name and holds the row numbers {shown}: it "
                                 f"looks like a row index written by pandas' to_csv, not a feature; save the "
                                 f"file with df.to_csv(..., index=False), or give the column a name in the "
                                 f"header to use it as a feature")


def _columns_or_delimiter(header, delimiter):
    """The columns, or the guess of ``_delimiter_hint``."""
    guess = _delimiter_hint(header, delimiter)
    if guess:
        return guess
    numbers = [name for name in header if is_number(name)]
    data_like = (f"; the first line looks like data ({', '.join(numbers[:3])} are numbers, not names): "
                 f"add a header line of column names" if numbers else "")
    return f"available columns: {', '.join(header)}{data_like}"


def _delimiter_hint(header, delimiter):
    """For a one-column header holding another usual delimiter, a guess that the file uses that
    one (a ';' file read with ',' has a single column 'a;b;label'); else None."""
    found = [d for d in ",;\t|" if d != delimiter and d in header[0]] if len(header) == 1 else []
    if not found:
        return None
    guess = max(found, key=header[0].count)
    return (f"the header has one column {header[0]!r}: is the file separated by {guess!r}? "
            f"pass delimiter={guess!r}")


def _floats(col):
    """``col`` (strings) as float64, or None when some cell is not a number."""
    try:
        return col.astype(np.float64)
    except ValueError:
        return None


def _comma_hint(text, col):
    """Why the cell ``text`` of ``col``, which is not a number, may hold a comma: as a thousands
    separator ("1,000", "12,345.5"), or as a decimal comma ("0,5"); "" when it reads as neither.

    "1,250" may be either: 1250 in English, 1.25 in the languages that write ';' between cells.
    Grouped in threes, it is read as thousands unless another cell of the column has a decimal
    comma that cannot be a grouping ("0,5"): told to write 1250, a user whose number is 1.25
    would make it a thousand times larger.
    """
    if not _comma_number(text):
        return ""
    if THOUSANDS.fullmatch(text) and (text.count(",") > 1 or "." in text  # 12,345,678, 1,000.5: not decimal
                                      or not any(_decimal_comma(str(cell)) for cell in col)):
        what, them = (("commas look like thousands separators", "them") if text.count(",") > 1
                      else ("comma looks like a thousands separator", "it"))
        return f" (the {what}: write the number without {them}, {text.replace(',', '')})"
    return " (write decimals with a point: 0.5, not 0,5)"


def _comma_number(text):
    """Whether ``text`` reads as a number once its comma is read as a thousands separator
    ("1,000") or as a decimal point ("0,5"), or reads as one already."""
    return bool(THOUSANDS.fullmatch(text)) or is_number(text.replace(",", ".", 1))


def _decimal_comma(text):
    """Whether ``text`` is a number with its comma read as a decimal point, and cannot be one
    grouped in threes ("0,5" and "3,14" are; "1,250" could be either)."""
    return "," in text and not THOUSANDS.fullmatch(text) and is_number(text.replace(",", ".", 1))


def is_number(text):
    """Whether the cell ``text`` reads as a number (``float`` takes it)."""
    try:
        float(text)
        return True
    except ValueError:
        return False


class _Where:
    """Turns a column of strings into numbers, or raises an error naming the cell.

    ``in_text`` and ``in_numbers`` are the missing-value markers of a text column and of a column
    of numbers. ``keep_hint``: a marker in a text column may be a class (with the default
    markers, "NA" may be North America), so its error says how to keep it; a caller who chose
    the markers already knows.
    """

    def __init__(self, path, lines, in_text, in_numbers, keep_hint):
        self.path, self.lines = path, lines
        self.in_text, self.in_numbers, self.keep_hint = in_text, in_numbers, keep_hint

    def fail(self, i, column, problem):
        raise ValueError(f"{self.path}: column {column!r}, row {i + 1} (line {self.lines[i]}): {problem}")

    def check_present(self, col, column, text=False):
        """Fails at the first cell of ``col`` that is missing: one of ``in_text`` if the column
        holds ``text``, else one of ``in_numbers``."""
        missing = np.isin(col, list(self.in_text if text else self.in_numbers))
        if missing.any():
            i = int(np.argmax(missing))
            if col[i] == "":
                self.fail(i, column, "empty cell (fill in or drop the row)")
            marker = repr(str(col[i]))
            keep = (f"; if {marker} is a class here, pass na_values=() to keep it"
                    if text and self.keep_hint else "")
            self.fail(i, column, f"{marker} is a missing value (fill in or drop the row{keep})")

    def not_a_number(self, col, column, then=""):
        """Fails at the first cell of ``col`` that is neither a number nor missing (``in_numbers``),
        with what its comma may mean (``_comma_hint``), then ``then``."""
        i = next(i for i, text in enumerate(col) if not is_number(text) and text not in self.in_numbers)
        text = str(col[i])
        self.fail(i, column, f"{text!r} is not a number{_comma_hint(text, col)}{then}")

    def numbers(self, col, column, dtype=np.float64):
        """``col`` as ``dtype``; no cell missing (``in_numbers``), every cell numeric,
        finite, and finite in ``dtype`` too.

        ``dtype`` is the default float dtype for values that become data, float64 for values
        that only name classes. A number such as 1e39 is finite in float64 but overflows float32
        to inf: it is reported here, naming its cell, rather than as a NumPy overflow warning
        and then an inf that ``Dataset`` can only place by row.
        """
        self.check_present(col, column)
        values = _floats(col)
        if values is None:
            self.not_a_number(col, column)
        if not np.isfinite(values).all():
            i = int(np.argmax(~np.isfinite(values)))
            self.fail(i, column, f"{str(col[i])!r} is not a finite number (fill in or drop the row)")
        with np.errstate(over="ignore"):  # an overflow is reported just below, with its cell
            cast = values.astype(dtype)
        if np.isinf(cast).any():
            i = int(np.argmax(np.isinf(cast)))
            name = np.dtype(dtype).name
            self.fail(i, column, f"{str(col[i])!r} is too large for {name}, the default dtype, whose "
                      f"largest value is {np.finfo(dtype).max:.4g}: rescale the column, or call "
                      f"neuralab.set_default_dtype(np.float64) before loading")
        return cast


def _refuse_one_value(values, column, where):
    """A target of one value in every row has nothing to teach, as classes (one class) or as a
    number (its spread is 0, so a regression's R² has nothing to explain)."""
    if len(values) < 2:
        value = f"{values[0]:g}" if isinstance(values[0], np.floating) else str(values[0])
        raise ValueError(f"{where.path}: target column {column!r} is {value!r} in every row: there is "
                         f"nothing to learn, whatever the task")


def _target(col, column, task, where):
    """(y, task, class_names) for the target column.

    The column holds text classes only if some cell that is not a missing marker is not a
    number: markers are left out before deciding, so "NA" among whole numbers is reported as
    missing instead of making the numbers (and "NA") class names. With ``task="auto"``, neither
    are numbers written with commas ("8,6", "201,000"): they are refused, naming the first.
    """
    filled = col[~np.isin(col, list(where.in_numbers))]
    if _floats(filled) is None and task != "regression":
        if task == "auto" and all(_comma_number(text) for text in filled):
            asked = "binary" if len(np.unique(filled)) <= 2 else "multiclass"
            where.not_a_number(col, column, f"; this target column holds numbers with commas and no text, so "
                                            f"it is not read as class names: if its values are class names, "
                                            f"pass task='{asked}'")
        where.check_present(col, column, text=True)
        broken = [i for i, text in enumerate(col) if is_number(text) and not np.isfinite(float(text))]
        if broken:  # "inf" or "NAN" among class names is a broken label, not a class
            i = broken[0]
            where.fail(i, column, f"{str(col[i])!r} is not a class (fill in or drop the row)")
        classes, y = np.unique(col, return_inverse=True)
        _refuse_one_value(classes, column, where)
        class_names = tuple(str(c) for c in classes)
    else:
        values = where.numbers(col, column)
        classes, y = np.unique(values, return_inverse=True)
        _refuse_one_value(classes, column, where)
        integral = np.array_equal(values, np.round(values))
        if task == "regression" or (task == "auto" and (not integral or len(classes) > AUTO_MAX_CLASSES)):
            return where.numbers(col, column, get_default_dtype()), "regression", None
        class_names = tuple(str(int(v)) if v == int(v) else str(v) for v in classes)
    if task == "binary" and len(classes) > 2:
        shown = ", ".join(class_names[:5]) + (", …" if len(class_names) > 5 else "")
        raise ValueError(f"task='binary' but target column {column!r} has {len(classes)} classes: {shown}")
    if task == "auto":
        task = "binary" if len(classes) <= 2 else "multiclass"
    return y.astype(np.int64), task, class_names
