"""``load_csv``: a CSV file with a header row -> ``Dataset``, with errors that point at the cell.

Feature columns must be numeric (the columns of text are named together). The target column may
hold numbers or category strings, read as classes or as a regression's values (``csv_target.py``).

A missing value (an empty cell, or a marker such as "NA", see ``MISSING_VALUES``) is an error naming
its cell, never a value: neuralab does not guess a fill-in, and a marker read as a class would turn
a numeric target into text classes and silently change the task. A marker can also be a real class
("NA" for North America): ``na_values`` replaces the markers, and ``na_values=()`` reads them as text.

A European spreadsheet writes "1,5" for one and a half, with ';' between cells: ``decimal=","``
reads it, and as no comma can then separate the cells, finds the ';' (or a tab, or '|') that
alone splits every line evenly, unless told. Excel may write a first line "sep=;" declaring the
delimiter: it is read as that, not as the header. A row of only delimiters (",,,", a
spreadsheet's empty row) is a blank line.

The file's lines become rows of cells in ``csv_rows.py``; which cells are numbers is in
``csv_cells.py``, and the errors that name a cell in ``csv_cell_checker.py``; the feature columns
become X in ``csv_features.py``; which columns hold text, and their error, in
``csv_text_columns.py``; ``one_hot``, ``ignore`` and ``missing`` in ``csv_one_hot.py``. A large file
of numbers is read by NumPy's parser instead of cell by cell (``csv_fast.py``), to the same result;
when its feature columns are not all numbers, each is read from the file's bytes
(``csv_columns.py``: a column of names or of "n/a", quotes that wrap whole cells too, as R and Excel
write them), or, where other quotes may hide a delimiter or a line break, only the few rows at fault
are read cell by cell (``csv_faults.py``), or, when they are many ("Smith, John" in a column of
names), the columns from blocks of records (``csv_quoted.py``), to the same error.
"""
import copy
import math

import numpy as np

from ..nn.checks import check_path
from ..nn.dtype import get_default_dtype
from .csv_cell_checker import CellChecker
from .csv_cells import comma_number, floats, plain_number, truth_cells, with_point
from .csv_columns import read_columns
from .csv_error import Advice, CsvError, CsvTypeError, PythonOnly
from .csv_fast import column_holds, column_texts, first_column_holding, holds_quote, read_numbers
from .csv_faults import MANY, rows_at_fault
from .csv_features import feature_indices, read_features
from .csv_one_hot import (check_ignore, check_missing, check_one_hot, drop_missing, looks_like_names,
                          one_hot_columns, refuse_empty_columns, refuse_names, refuse_unknown_columns)
from .csv_quoted import read_quoted_columns
from .csv_rows import LinesOnDemand, column_names, columns_or_delimiter, read_rows, refuse_row_index
from .csv_target import (AUTO_MAX_CLASSES, check_class_names, read_target,  # noqa: F401 (AUTO_MAX_CLASSES: read here)
                         target_problem)
from .csv_text_columns import refuse_text_columns, text_columns
from .csv_width import check_max_features, header_inputs, refuse_too_many_features
from .dataset import Dataset
from .identifier_columns import warn_rounded_whole_numbers

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


def load_csv(path, target, task="auto", delimiter=None, na_values=None, decimal=".", one_hot=None,
             missing="refuse", ignore=(), class_names=None, max_features=None):
    """Read ``path`` (UTF-8, header on the first line) and use column ``target`` as ``y``; with
    ``target=None`` every column is a feature and ``y`` is None: new rows to ``predict``.

    ``task`` is "auto", "binary", "multiclass" or "regression"; ``delimiter`` is the one
    character between cells: by default the one a first line "sep=X" declares (as Excel writes
    it; that line is skipped), else ',', or with ``decimal=","`` the one of ';', tab and '|'
    that alone splits the header and the first rows into as many cells. ``decimal`` is the
    numbers' decimal mark, "." or "," (pandas' ``decimal``): with "," the cell "1,5" is 1.5, a
    point is no number ("1.234" could be 1234), and the cells must be separated by another
    character, usually ';'. ``na_values`` says which cells are missing values, as pandas'
    ``na_values`` and ``keep_default_na`` do:

    - ``None`` (the default): the markers of ``MISSING_VALUES`` (pandas' defaults: "NA", "N/A",
      "NULL", "NaN", ...) in every column, and those of ``MISSING_IN_NUMBERS`` ("None", "?",
      "-" too) in a column of numbers.
    - a list, tuple or set of strings: exactly those markers, in every column, instead of both
      lists (pandas' ``keep_default_na=False, na_values=...``). ``na_values=()`` keeps a text
      class named "NA", "N/A" or "NULL"; ``na_values=["?"]`` keeps it and still reports "?".

    An empty cell is always missing, whatever ``na_values`` holds: it has no text to be a class
    or a number (pandas' ``keep_default_na=False`` would read it as the class ""). Cells are
    compared without the spaces around them, so markers are too. A marker that reads as a number
    marks every cell of that number, as pandas' does: "99999" marks "99999.0" and "9.9999e4" too.

    ``one_hot`` names feature columns of categories, such as ``["sex", "embarked"]``, or is "auto"
    for every column of text; each is read as one 0/1 column per category, named "sex_female",
    "sex_male", ... in sorted order, after the other features (pandas' ``get_dummies``, whose
    order this is); a missing cell there is 0 in all of them. The categories are kept in
    ``categories``, and ``one_hot=ds.categories`` encodes another file alike (``csv_one_hot.py``).
    ``ignore`` names columns to leave out, such as a passenger's name or ID. ``missing`` is
    "refuse" (an error naming the first missing cell) or "drop": rows with a missing feature or
    target cell are dropped, their numbers in the file kept in ``dropped_rows`` and each
    column's missing cells counted in ``missing_cells``. ``class_names`` (a trained model's, or
    ``ds.class_names``) numbers the target's classes as they do, whichever the file holds, and
    refuses another: new rows then score as the model's classes (``csv_target.py``).
    ``max_features`` (None: any number) is the most input columns X may have, 0/1 columns and
    all: a file that would make more is refused before X is built (``csv_width.py``).

    Blank lines, and rows of only delimiters, are skipped; a delimiter ending the header's line,
    the rows' or both adds no column when no row has a cell after it, and so does each of several
    ending the header ("a;t;;"); a cell there that fewer rows have than lack is refused as a stray
    cell, named by its row (pandas would read a column of missing values). A target read as classes
    keeps whole numbers exact (IDs of 17 digits stay distinct), named with the file's decimal
    mark ("1,5" with ``decimal=","``); a regression target is read as float64, then the default
    dtype, and so keeps 15 to 17 significant digits, as in pandas.

    Raises a ``CsvError`` (a ValueError; ``CsvTypeError``, a TypeError too, for an argument of
    the wrong type) naming the file, column, row and value for missing files, empty
    files, a missing header or target column (suggesting the delimiter when the header reads as
    one column), ragged rows, stray cells after the header's last name, missing values (with how
    many the column has), inf or non-numeric
    cells (every feature column of text in one message, the way to numbers of dates apart; a column
    of decimal commas suggests
    ``decimal=","``), and (with ``task="auto"``) a target of numbers written with commas, "8,6" or
    "201,000", or of numbers among a few words, rather than read as text classes; and for a
    ``decimal`` other than "." or ",", a ',' delimiter with ``decimal=","``, or a ``delimiter``
    other than the one the file's "sep=" line declares.

    >>> import pathlib, tempfile; folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "pets.csv"); _ = path.write_text("kg,kind\\n4.1,cat\\n30.5,dog\\n3.8,cat\\n")
    >>> pets = load_csv(path, target="kind"); folder.cleanup(); pets.y, pets.class_names   # classes 0..K-1, sorted
    (array([0, 1, 0]), ('cat', 'dog'))
    """
    if task not in TASKS:
        raise CsvError(Advice("named", "task", task), f" must be one of {', '.join(TASKS)}, got {task!r}")
    if target is not None and not isinstance(target, str):
        raise CsvTypeError(Advice("named", "target", target), " must be a column name (str), or None for a file of "
                           f"features alone, got {type(target).__name__}")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise CsvError(Advice("named", "delimiter", delimiter),
                       f" must be one character, such as ',' or ';', got {delimiter!r}")
    if decimal not in (".", ","):
        raise CsvError(Advice("named", "decimal", decimal),
                       f" must be '.' or ',', the mark before a number's fraction, got {decimal!r}")
    in_text, in_numbers = _missing_markers(na_values)
    one_hot, ignore = check_one_hot(one_hot), check_ignore(ignore)
    check_missing(missing)
    class_names, max_features = check_class_names(class_names, target), check_max_features(max_features)
    path = check_path(path, error=CsvError, type_error=CsvTypeError)
    names, skip, chosen = read_rows(path, delimiter, decimal, header_only=True)
    if target is None or target in names:   # else the reader below says the target is missing
        refuse_too_many_features(path, header_inputs(names, target, ignore), max_features)
    where = CellChecker(path, LinesOnDemand(path, chosen, skip), in_text, in_numbers, keep_hint=na_values is None,
                        decimal=decimal, delimiter=chosen)
    # the target's problem is named with the features' refusal, which comes first (csv_target.target_problem),
    # from the target's cells: the file's column, until the reader below has read them (target_cells, rebound)
    target_cells = lambda: column_texts(path, names.index(target), chosen, skip)  # noqa: E731
    if target in names:
        where.target_said = lambda: target_problem(target_cells(), target, "multiclass" if class_names else task, where)
    # else the reader below names what is wrong (there a nameless column is "column_3", so "" is none);
    # with one_hot, class_names or missing="drop" it reads every file, and with ignore one that is not
    # numbers but for ignore's columns, each of which must be named in the header (else refused below)
    quick = (target and target in names and len(names) > 1 and not one_hot and missing == "refuse"
             and class_names is None)
    if quick and set(ignore) <= set(names) - {"", target}:
        fast = read_numbers(path, names, target, chosen, decimal, skip, in_numbers, get_default_dtype(), ignore)
        if fast is not None:  # its features are the reader's below: a target refused is refused as there
            X, y, header, written = fast
            ds = _dataset(path, X, *read_target(y, target, task, where), header, target)
            warn_rounded_whole_numbers(X, written.get, ds.feature_names)
            return ds
    if quick and not ignore:  # the error of the features np.loadtxt did not read, from their columns alone
        read = (path, names, target, chosen, decimal, skip, in_numbers, get_default_dtype())
        columns = read_columns(*read)
        _refuse_columns_at_fault(columns, names, target, where)
        at_fault = _refuse_rows_at_fault(path, names, target, skip, where)
        _refuse_the_other_decimal_mark(path, names, target, skip, where)
        if columns is None and at_fault:  # quotes that hide a delimiter, say, and many rows at fault
            _refuse_columns_at_fault(read_quoted_columns(*read), names, target, where)
    header, rows, lines, delimiter = read_rows(path, delimiter, decimal)
    spelt = _numbers_marked(rows, in_numbers, decimal)   # "99999.0" for the marker "99999"
    where.in_text, where.in_numbers = in_text | spelt, in_numbers | spelt
    if target is not None and target not in header:
        raise CsvError(f"{path}: no target column {target!r}; ", columns_or_delimiter(header, delimiter, decimal, target))
    refuse_unknown_columns(one_hot, ignore, header, target, path)
    kept = [j for j, name in enumerate(header) if name not in ignore]
    header, cells = [header[j] for j in kept], rows[:, kept]   # ignore's columns let go, the others not copied
    del rows
    if len(header) < 1 + (target is not None):
        left = " besides the target" if target is not None else ""
        raise CsvError(f"{path}: needs at least one feature column{left}",
                       PythonOnly("ignored", " once ignore's columns are left out") if ignore else "")
    where.lines = lines
    target_cells = lambda: cells[:, header.index(target)]  # noqa: E731 (those missing="drop" leaves too)
    auto = one_hot == "auto"
    if auto:
        one_hot = dict.fromkeys(header[j] for j in text_columns(cells, header, feature_indices(header, target), where))
    refuse_names(cells, header, one_hot, where, auto)
    dropped, missing_cells = (), {}
    if missing == "drop":
        cells, where, dropped, missing_cells = drop_missing(cells, header, target, one_hot, where)
    encoded = {column: one_hot_columns(cells[:, header.index(column)], column, categories, where)
               for column, categories in one_hot.items()}
    made = {column: categories for column, (_, categories) in encoded.items()}
    refuse_too_many_features(path, len(feature_indices(header, target)) - len(made) + sum(map(len, made.values())),
                             max_features, made)
    X = read_features(cells, header, target, where, encoded=encoded)
    y = (None, None, None) if target is None else read_target(cells[:, header.index(target)], target,
                                                               task, where, class_names)
    ds = _dataset(path, X, *y, header, target, encoded, dropped_rows=dropped, missing_cells=missing_cells)
    numbers = [j for j in feature_indices(header, target) if header[j] not in encoded]  # X's first columns
    warn_rounded_whole_numbers(X, lambda k: floats(cells[:, numbers[k]], decimal), ds.feature_names)
    return ds


def _refuse_columns_at_fault(columns, names, target, where):
    """For a file that ``np.loadtxt`` did not read, raises the error of its feature columns from
    what ``csv_columns.read_columns`` (or ``csv_quoted.read_quoted_columns``) read of each, the
    ``columns``, as ``read_features`` raises it from all their cells, else returns for the file to be
    read otherwise: the text columns named together, else the first column's problem. A cell with
    a comma (with decimal="."), whose hint depends on every cell of its column
    (``CellChecker.as_written``), is left to the reading of every cell, and so is a file with a
    cell of true or false, which is a number in a column of them only (``csv_features.py``)."""
    if columns is None or any(column.truths for column in columns):
        return
    header = [name for name in column_names(names) if name != target]
    text = [name for name, column in zip(header, columns) if column.holds_text()]
    rows = columns[0].filled + columns[0].missing
    empty = [name for name, column in zip(header, columns) if not column.filled] if rows > 1 else []
    if not text:  # named first: missing="drop" would drop every row for them
        refuse_empty_columns(where.path, empty, rows)
    for name, column in zip(header, columns):  # in read_features' order, each as CellChecker.numbers checks it
        if text and name != text[0]:  # the text columns are named together, at the first's first word
            continue
        word = None if column.numbers else column.first_not_number  # the earlier of it and a missing cell first
        if column.first_missing and not text and (word is None or column.first_missing[0] < word[0]):
            row, line, cell = column.first_missing
            _one_cell(where, row, line).fail_missing(0, cell, name, column.missing_rows, column.missing,
                                                     word=word and (word[0] + 1, word[2]))
        if not column.numbers:
            row, line, cell = column.first_not_number
            if where.decimal == "." and comma_number(cell):
                return
            if text:
                firsts = [column.first_not_number[2] for name, column in zip(header, columns) if name in text]
                names = [name for name, column in zip(header, columns)
                         if name in text and looks_like_names(column.n_values(), column.filled)]
                missing = {name: column.missing for name, column in zip(header, columns)
                           if name not in text and column.missing and name not in empty}
                refuse_text_columns(np.array([cell]), text, firsts, names, _one_cell(where, row, line), (), missing,
                                    empty)
            also = where.missing_too(column.missing_rows, column.missing) if column.missing else ""
            _one_cell(where, row, line).not_a_number(np.array([cell]), name, also=also)
        if column.first_not_finite or column.first_too_large:
            row, line, cell = column.first_not_finite or column.first_too_large
            _one_cell(where, row, line).numbers(np.array([cell]), name, get_default_dtype())


def _one_cell(where, row, line):
    """``where`` for a column of one cell, the file's row ``row`` (counting from 0) on its line ``line``."""
    at_fault = copy.copy(where)
    at_fault.rows, at_fault.lines = np.array([row]), [line]
    return at_fault


def _refuse_rows_at_fault(path, names, target, skip, where):
    """For a file that ``np.loadtxt`` did not read, raises the error of its features from the few
    rows at fault (``csv_faults.rows_at_fault``) when that is the error of the whole file, else
    returns whether some rows are at fault (too many to keep, holding true or false, or not telling
    the error alone) for the whole file to be read. None of those columns can be of text, as those
    rows are fewer than the others, which are numbers; a comma among them, in a file whose cells are
    not separated by commas, gets a hint that depends on the whole column
    (``csv_cell_checker.comma_hint``): on whether the other rows hold a decimal point there, which
    that column's texts alone tell (``column_holds``). A nameless column is pandas' row index
    (refused) or data only as all its rows say (``column_texts``), as ``load_csv``'s reader tells
    once it has read every row."""
    found = rows_at_fault(path, names, target, where.delimiter, where.decimal, skip, where.in_numbers,
                          get_default_dtype())
    if found is None or found is MANY:
        return found is MANY
    cells, rows, lines, n_rows = found
    if truth_cells(cells).any():  # whether a column of them is one of true and false, its other rows tell
        return True
    commas = [j for j, name in enumerate(names) if name != target and where.decimal == "."
              and where.delimiter != "," and np.char.count(cells[:, j], ",").any()]
    if (commas or not all(names)) and holds_quote(path):  # np.loadtxt may split its lines otherwise
        return True
    header = column_names(names)
    points = {header[j]: column_holds(path, j, where.delimiter, skip, ".") for j in commas}
    nameless = {j: column_texts(path, j, where.delimiter, skip) for j, name in enumerate(names) if not name}
    # column_texts reads a line of spaces or of delimiters as a row, which load_csv's reader skips
    if None in points.values() or any(texts is None or len(texts) != n_rows for texts in nameless.values()):
        return True
    refuse_row_index(path, names, lambda j: nameless[j].tolist())
    at_fault = copy.copy(where)
    at_fault.rows, at_fault.lines, at_fault.points = rows, lines, points
    read_features(cells, header, target, at_fault, refuse_text=False)


def _refuse_the_other_decimal_mark(path, names, target, skip, where):
    """For a file whose numbers all read with the other decimal mark than ``where.decimal`` (a
    European spreadsheet's "1,5" read with decimal=".", or "1.5" with decimal=","), raises the
    error of its first feature column holding that mark, which names the fix, from that column's
    texts alone (``column_texts``); else returns for the whole file to be read. The columns
    without that mark read as numbers either way, those with it do not, and none is of text
    (``count_text_cells`` reads a number with either mark as one): the first column with the mark
    (``first_column_holding``) is where the whole file's reading fails too, at the same cell."""
    other = "," if where.decimal == "." else "."
    read = read_numbers(path, names, target, where.delimiter, other, skip, where.in_numbers, get_default_dtype())
    if read is None:
        return
    header = read[2]
    j = first_column_holding(path, other, where.delimiter, skip, feature_indices(header, target))
    texts = None if j is None else column_texts(path, j, where.delimiter, skip)
    if texts is not None:
        where.numbers(texts, header[j], get_default_dtype())


def _dataset(path, X, y, task, class_names, header, target, encoded=None, **dropped):
    """The Dataset of the file ``path``: its features X, and its target as ``csv_target.read_target``
    read it; ``encoded``: {column: (each row's category, categories)} of one_hot's columns, whose
    names become "column=category"; ``dropped``: the dropped_rows and missing_cells of missing="drop"."""
    encoded = encoded or {}
    names = [name for name in header if name != target and name not in encoded] + [
        f"{name}_{category}" for name, (_, categories) in encoded.items() for category in categories]
    return Dataset(X=X, y=y, task=task, n_classes=None if class_names is None else len(class_names),
                   feature_names=tuple(names), class_names=class_names,
                   name=path.stem, categories={name: categories for name, (_, categories) in encoded.items()},
                   **dropped)


def _numbers_marked(cells, markers, decimal):
    """The texts of ``cells`` (a ``csv_table.Table``) that read as the number a marker of
    ``markers`` reads as: "99999.0", "9.9999e4" or "099999" for the marker "99999". pandas' ``na_values``
    matches a number by its value, so a marker read from one file marks the same cells of a file
    that pandas wrote (it writes every number of a float column with a point, "99999.0"). A marker
    that is no finite number ("NA", "?", "nan") matches only its own text."""
    values = {_finite_value(marker, decimal) for marker in markers} - {None}
    if not values:
        return frozenset()
    marked = set()
    for j in range(cells.shape[1]):
        col = cells[:, j]
        numbers = floats(col, decimal)   # a column of numbers alone is compared in C, not cell by cell
        if numbers is not None:
            marked.update(np.unique(col[np.isin(numbers, list(values))]).tolist())
        else:
            marked.update(text for text in np.unique(col).tolist() if _finite_value(text, decimal) in values)
    return frozenset(marked)


def _finite_value(text, decimal):
    """The finite number the cell ``text`` reads as with the decimal mark ``decimal``, else None."""
    try:
        value = float(with_point(plain_number(text), decimal))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


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
        raise CsvTypeError(Advice("named", "na_values", na_values), " must be a list, tuple or set of strings, "
                           f"such as ['NA', '?'] (or None for the defaults), got {type(na_values).__name__} "
                           f"{na_values!r}{one}")
    for marker in na_values:
        if not isinstance(marker, str):
            raise CsvTypeError(Advice("named", "na_values", marker), " must hold strings (the cells' text), got "
                               f"{type(marker).__name__} {marker!r}")
    markers = frozenset(marker.strip() for marker in na_values) | {""}
    return markers, markers

