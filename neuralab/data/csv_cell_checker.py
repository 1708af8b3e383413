"""The errors that name a CSV's cell (file, column, row and line): one missing, not a number (with
what its comma, point, unit or parentheses may mean, and the way to a number), or out of range
(``CellChecker``). ``csv_cells.py`` tells which cells are numbers; ``csv.py`` decides what the
columns are."""
import numpy as np

from .csv_cells import (THOUSANDS, accounting_fix, accounting_negative, comma_number, decimal_comma, first_few,
                        floats, is_date, is_number, number_and_unit, points_grouping, with_point)
from .csv_error import Advice, CsvError, PythonOnly, Said
from .csv_rows import quote_hint


def comma_hint(text, col, as_written):
    """Why the cell ``text`` of ``col``, which is not a number, may hold a comma: as a thousands
    separator ("1,000", "12,345.5"), or as a decimal comma ("0,5", or "1.234,5" after points
    between thousands); "" when it reads as neither.

    "1,250" may be either: 1250 in English, 1.25 in the languages that write ';' between cells.
    Grouped in threes, it is read as thousands unless another cell of the column has a decimal
    comma that cannot be a grouping ("0,5"): told to write 1250, a user whose number is 1.25
    would make it a thousand times larger. When ``decimal=","`` reads the column as it is written
    (``as_written()``: a function, as it reads every cell, ``CellChecker.as_written``), it is named too.
    """
    if not comma_number(text):
        return ""
    read_as_written = (Said("; or ", Advice("pass", "decimal", ","), " to read the file's decimal commas")
                       if as_written() else "")
    if THOUSANDS.fullmatch(text) and (text.count(",") > 1 or "." in text  # 12,345,678, 1,000.5: not decimal
                                      or not any(decimal_comma(str(cell)) for cell in col)):
        return grouping_hint(text, ",", text.replace(",", ""), read_as_written)
    if points_grouping(text):  # "1.234,5": a decimal comma, which decimal="," reads only without the points
        return grouping_hint(text, ".", with_point(text.replace(".", ""), ","))
    return " (write decimals with a point: 0.5, not 0,5" + Said(read_as_written, ")")


def unit_hint(text):
    """The hint for the cell ``text`` that is a number written with a unit (``number_and_unit``):
    write it without; "" for any other text."""
    written = number_and_unit(text)
    return f" (a number with the unit {written[0]!r}: write it without, {written[1]})" if written else ""


def accounting_hint(text, column=None):
    """The hint for the cell ``text`` that is an accounting negative: write it with a minus sign,
    and, given its ``column``, the line that writes the column's so; "" for any other text."""
    number = accounting_negative(text)
    fix = "; " + accounting_fix([(column, text)]) if column else ""
    return Said(f" (a negative number in accounting format: write it {number}", fix, ")") if number else ""


def point_hint(text):
    """Why the cell ``text``, not a number with ``decimal=","``, may hold a point: "1.5" or
    "1.234,5" are numbers, but their point is neither that file's decimal mark nor read as a
    thousands separator (the way out for "1.234,5": "1234,5"); "" for any other text."""
    if points_grouping(text):
        return grouping_hint(text, ".", text.replace(".", ""))
    if "." in text and not is_date(text) and is_number(text.replace(".", ""), ","):  # "15.03.2024": no number
        return Said(" (with ", Advice("mention", "decimal", ","), " a number is written 1,5: a point is neither a "
                    "decimal mark nor a thousands separator)")
    return ""


def grouping_hint(text, mark, number, then=""):
    """The hint for the cell ``text`` whose ``mark`` ("," or ".") groups its digits in threes,
    which no decimal mark reads: write it as ``number``, without them."""
    name = "comma" if mark == "," else "point"
    what, them = ((f"{name}s look like thousands separators", "them") if text.count(mark) > 1
                  else (f"{name} looks like a thousands separator", "it"))
    return Said(f" (the {what}: write the number without {them}, {number}", then, ")")


def decimal_comma_numbers(col):
    """Whether every cell of ``col`` (none missing) reads as a number with a comma as its decimal
    mark, and some cell has that comma: a column that ``decimal=","`` reads as it is written."""
    cells = np.unique(col).tolist()
    return any("," in cell for cell in cells) and all(is_number(cell, ",") for cell in cells)


class CellChecker:
    """Turns a column of strings into numbers, or raises an error naming the cell.

    ``in_text`` and ``in_numbers`` are the missing-value markers of a text column and of a column
    of numbers. ``keep_hint``: a marker in a text column may be a class (with the default
    markers, "NA" may be North America), so its error says how to keep it; a caller who chose
    the markers already knows. ``decimal`` is the numbers' decimal mark, "." or ",", and
    ``delimiter`` the character between the cells. ``lines[i]`` is the file line of the column's
    cell ``i``, and ``rows`` (an array) its row in the file when the columns hold only some of the
    file's rows (None: all of them, in order). When the others are numbers not read here (the
    rows at fault of ``csv_faults.py``), ``points[name]`` says whether those of column ``name``
    hold a decimal point (asked only of a column whose cells here hold a comma); ``points`` None:
    no such rows, as when the others are the rows ``missing="drop"`` left out. ``target_said()``:
    what a refusal of the features adds of the target's problem, read only then.
    """

    def __init__(self, path, lines, in_text, in_numbers, keep_hint, decimal=".", delimiter=","):
        self.path, self.lines, self.rows, self.points = path, lines, None, None
        self.in_text, self.in_numbers, self.keep_hint = in_text, in_numbers, keep_hint
        self.decimal, self.delimiter = decimal, delimiter
        self.target_said = lambda: ""   # what a refusal of the features says of the target too (csv.py sets it)

    def row(self, i):
        """The row in the file, counting from 1, of the cells ``i`` (an index or an array of them)."""
        return (i if self.rows is None else self.rows[i]) + 1

    def fail(self, i, column, problem):
        raise CsvError(f"{self.path}: column {column!r}, row {self.row(i)} (line {self.lines[i]}): ", problem)

    def check_present(self, col, column, text=False):
        """Fails at the first cell of ``col`` that is missing: one of ``in_text`` if the column
        holds ``text``, else one of ``in_numbers``. When more cells are, it says how many and
        where: told one row at a time, a column with 177 gaps (Titanic's Age) would take 177 runs."""
        missing = np.flatnonzero(np.isin(col, list(self.in_text if text else self.in_numbers)))
        if len(missing):
            self.fail_missing(int(missing[0]), str(col[missing[0]]), column, self.row(missing[:4]), len(missing), text)

    def fail_missing(self, i, cell, column, rows, count, text=False, word=None):
        """Fails at the missing cell ``i``, whose text is ``cell``, the first of ``count`` missing
        cells of the column, the first (up to four) in the file's ``rows``, counting from 1; with
        the ways out: fill in or drop the row, or have ``load_csv`` drop every such row (``missing``).
        ``word``: (its row, its text) of the column's first cell after it that is neither a number
        nor missing, named too: told of the missing cells alone, a run with missing='drop' would
        be refused for it next (``missing_first``)."""
        others = f"; the column has {count} missing values, in rows {first_few(rows)}" if count > 1 else ""
        fix = Said("fill in or drop the row, or ", Advice("pass", "missing", "drop"),
                   f" to drop all rows with a missing cell{others}")
        too = f"; row {word[0]} holds {word[1]!r}, which is not a number: fix or drop that row too" if word else ""
        if cell == "":
            self.fail(i, column, Said("empty cell (", fix, f"){too}"))
        marker = repr(cell)
        keep = (Said(f"; if {marker} is a class here, ", PythonOnly("keep marker", "pass na_values=() to keep it"))
                if text and self.keep_hint else "")
        self.fail(i, column, Said(f"{marker} is a missing value (", fix, keep, f"){too}"))

    @staticmethod
    def missing_too(rows, count):
        """The words after the problem of a column's first cell that is no number when ``count``
        of its cells after it are missing, the first (up to four) in the file's ``rows``: named
        too, so that the run that fixes the word is not refused for them next."""
        return Said(f"; the column also has {count} missing value{'s' * (count > 1)}, in row{'s' * (count > 1)} "
                    f"{first_few(rows)}: fill {'them' if count > 1 else 'it'} in, or ", Advice("pass", "missing", "drop"),
                    " to drop all rows with a missing cell")

    def not_a_number(self, col, column, then="", also=""):
        """Fails at the first cell of ``col`` that is neither a number nor missing (``in_numbers``),
        with what its comma (``comma_hint``) or, with a decimal comma, its point (``point_hint``)
        may mean, or its unit (``unit_hint``), or its parentheses (``accounting_hint``), then
        ``then``; with none, the way out of a stray word: fix or drop its row; then ``also``
        (``missing_too``)."""
        i = self.first_not_number(col)
        text = str(col[i])
        filled = col[~np.isin(col, list(self.in_numbers))]
        # a quote closed lines later in a row of as many fields as the header ("2,1\n0"): no number, and
        # no word of it to mend. Opened on the row's line, said so: a cell before it over lines too would
        # put it later, which the column's cells cannot tell
        if opened := quote_hint(text, self.lines[i], self.delimiter):
            self.fail(i, column, Said(f"{text!r} is not a number: {opened}", then, also))
        hint = (point_hint(text) if self.decimal == "," else
                comma_hint(text, filled, lambda: self.as_written(filled, column))) or unit_hint(text) \
            or accounting_hint(text, None if then else column)  # a column's fix, unless ``then`` gives it
        if not (hint or then):  # a stray word among numbers ("ID00017", "#DIV/0!"): a row to mend
            hint = " (fix or drop the row)"
        self.fail(i, column, Said(f"{text!r} is not a number", hint, then, also))

    def first_not_number(self, col):
        """The index of the first cell of ``col`` that is neither a number nor missing (``in_numbers``)."""
        return next(i for i, text in enumerate(col)
                    if not is_number(text, self.decimal) and text not in self.in_numbers)

    def as_written(self, filled, column):
        """Whether ``decimal=","`` reads the column ``column``, whose cells that are not missing
        are ``filled``, as it is written: the file's cells are not separated by commas, and every
        cell reads as a number with a decimal comma, some having one. The column's other rows,
        if ``filled`` is of some rows only, are numbers without a comma: read so unless one holds
        a point (``points``)."""
        return (self.delimiter != "," and decimal_comma_numbers(filled)
                and (self.points is None or not self.points[column]))

    def numbers(self, col, column, dtype=np.float64, then=""):
        """``col`` as ``dtype``; no cell missing (``in_numbers``), every cell numeric (else the
        error says ``then`` after the cell's problem), finite, and finite in ``dtype`` too.

        ``dtype`` is the default float dtype for values that become data, float64 for values
        that only name classes. A number such as 1e39 is finite in float64 but overflows float32
        to inf: it is reported here, naming its cell, rather than as a NumPy overflow warning
        and then an inf that ``Dataset`` can only place by row.

        A column with both missing cells and words ("n/a" in row 121, "unknown" in row 18) is
        refused at the earlier, naming the other too: the fix of one is not met by a refusal of
        the other in the next run.
        """
        missing = np.flatnonzero(np.isin(col, list(self.in_numbers)))
        values = floats(col, self.decimal) if not len(missing) else None
        words = values is None and (not len(missing) or floats(np.delete(col, missing), self.decimal) is None)
        word = self.first_not_number(col) if words else None
        if len(missing) and (word is None or missing[0] < word):
            self.fail_missing(int(missing[0]), str(col[missing[0]]), column, self.row(missing[:4]), len(missing),
                              word=None if word is None else (self.row(word), str(col[word])))
        if word is not None:
            also = self.missing_too(self.row(missing[:4]), len(missing)) if len(missing) else ""
            self.not_a_number(col, column, then, also)
        if values is None:
            values = floats(col, self.decimal)
        if not np.isfinite(values).all():
            i = int(np.argmax(~np.isfinite(values)))
            self.fail(i, column, f"{str(col[i])!r} is not a finite number (fill in or drop the row)")
        with np.errstate(over="ignore"):  # an overflow is reported just below, with its cell
            cast = values.astype(dtype)
        if np.isinf(cast).any():
            i = int(np.argmax(np.isinf(cast)))
            name = np.dtype(dtype).name
            self.fail(i, column, Said(f"{str(col[i])!r} is too large for {name}",
                                      PythonOnly("default dtype", ", the default dtype,"),
                                      f" whose largest value is {np.finfo(dtype).max:.4g}: rescale the column, or ",
                                      PythonOnly("float64", "call neuralab.set_default_dtype(np.float64) before loading")))
        return cast
