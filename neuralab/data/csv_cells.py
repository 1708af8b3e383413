"""Reading a CSV's cells: which of them are numbers (also as a spreadsheet writes them, "1,000" or
"0,5"), with a decimal comma when the file says so (``decimal=","``), and the errors that name the
cell (file, column, row and line) that is missing, is not a number or is out of range, and which
read as dates (``is_date``) or as numbers written with a unit (``number_and_unit``).
``csv_rows.py`` reads the file's rows, ``csv.py`` decides what its columns are."""
import re
from decimal import Decimal

import numpy as np

# Digits grouped in threes by commas, as spreadsheets format large numbers: 1,000, -12,345,678,
# 1,000.25. A first group of 0 is no grouping ("0,500" is a decimal comma).
THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?")
# A number written with a decimal comma, read by swapping the two marks: "1,5" becomes "1.5", and a
# point ("1.5", or the thousands point of "1.234,5") becomes a comma, which no number holds. pandas'
# decimal="," refuses a point too: read as a decimal mark, "1.234" would be a thousand times smaller.
SWAP_MARKS = str.maketrans(",.", ".,")
# The truth values, which pandas' read_csv reads as a bool column (it takes True, TRUE and true,
# and False's three; any case here): get_dummies writes its 0/1 columns so, and pandas' bool
# columns are written so by to_csv. A column of them is 1 and 0 (``csv.load_csv``).
TRUTHS = ("false", "true")
# A date as spreadsheets and databases write one: the year first, as ISO 8601 does ("2024-03-15",
# also with '/' or '.'), or last, after the day and month in either order ("15.03.2024",
# "03/15/2024", "15-03-2024"); maybe with a time ("2024-03-15T14:30:00Z", "3/15/2024 2:30 PM").
# The year has four digits: "1.2.10" is more likely a version than a date.
DATE = re.compile(r"(?:\d{4}(?P<mark>[-/.])(?P<a>\d{1,2})(?P=mark)(?P<b>\d{1,2})"
                  r"|(?P<c>\d{1,2})(?P<mark2>[-/.])(?P<d>\d{1,2})(?P=mark2)\d{4})"
                  r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?")
# The units a number may be written with, as spreadsheets format percentages and money ("-3.6%",
# "$-7.36", "1.234,50 €") and forms record measurements ("12 kg"): before or after the number,
# maybe with a space. Longest first, so that "ms" is not read as "s" after an "m".
CURRENCY_SIGNS = "$€£¥₹₽₩₺₪₫"
UNITS = sorted(["%", "‰", *CURRENCY_SIGNS, "kg", "g", "mg", "lb", "lbs", "oz", "km", "m", "cm", "mm", "mi",
                "ft", "in", "s", "ms", "min", "h", "hr", "°C", "°F", "kWh", "KB", "MB", "GB"], key=len, reverse=True)


def with_point(text, decimal):
    """The cell ``text`` as Python writes a number, with a point, when its decimal mark is ``decimal``."""
    return text if decimal == "." else text.translate(SWAP_MARKS)


def floats(col, decimal="."):
    """``col`` (strings) as float64, or None when some cell is not a number; ``decimal`` is the
    decimal mark, "." or ","."""
    try:
        return (col if decimal == "." else np.char.translate(col, SWAP_MARKS)).astype(np.float64)
    except ValueError:
        return None


def number_classes(col, decimal):
    """(the distinct numbers of ``col``, increasing, and each cell's index among them), with whole
    numbers compared exactly (``_exact_number``): "3" and "3.0" are one class, 12345678901234567
    and 12345678901234568 two. Each distinct text is read once."""
    texts, text_of_cell = np.unique(col, return_inverse=True)
    numbers = [_exact_number(text, decimal) for text in texts.tolist()]
    classes = sorted(set(numbers))  # a whole number is always an int, so 3 and 3.0 never meet here
    index = {number: k for k, number in enumerate(classes)}
    return classes, np.array([index[number] for number in numbers])[text_of_cell]


def number_text(number, decimal):
    """The ``number`` (an int or a float) as the file's cells write one: Python's shortest form, with
    the decimal mark ``decimal`` ("1,5" for 1.5 with decimal=","), for a class name or an error
    to show it as the user wrote it. ``with_point`` swaps the marks, so it writes them back too."""
    return with_point(str(number), decimal)


def _exact_number(text, decimal="."):
    """The number the cell ``text`` writes: an ``int`` when it is a whole number, exactly, else a
    float64. float64 keeps 15 to 17 significant digits (a 53-bit mantissa), so two IDs such as
    12345678901234567 and 12345678901234568 are one float, 1.2345678901234568e16, but two ints;
    "3", "3.0" and "3e0" are all 3."""
    number = Decimal(with_point(text, decimal))
    return int(number) if number == number.to_integral_value() else float(number)


def _comma_hint(text, col, as_written):
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
    read_as_written = "; or pass decimal=',' to read the file's decimal commas" if as_written() else ""
    if THOUSANDS.fullmatch(text) and (text.count(",") > 1 or "." in text  # 12,345,678, 1,000.5: not decimal
                                      or not any(decimal_comma(str(cell)) for cell in col)):
        return _grouping_hint(text, ",", text.replace(",", ""), read_as_written)
    if points_grouping(text):  # "1.234,5": a decimal comma, which decimal="," reads only without the points
        return _grouping_hint(text, ".", with_point(text.replace(".", ""), ","))
    return f" (write decimals with a point: 0.5, not 0,5{read_as_written})"


def is_date(text):
    """Whether the cell ``text`` reads as a date (``DATE``): with the year first, year-month-day
    (ISO 8601; "2024-13-05" is none); with the year last, of its other two numbers one can be the
    month (1 to 12) and the other the day (1 to 31), either way round (15.03.2024, 03/15/2024)."""
    match = DATE.fullmatch(text)
    if match is None:
        return False
    if match["a"]:
        return 1 <= int(match["a"]) <= 12 and 1 <= int(match["b"]) <= 31
    low, high = sorted(map(int, match.group("c", "d")))
    return 1 <= low <= 12 and 1 <= high <= 31


def number_and_unit(text):
    """(the unit, the number without it) of the cell ``text`` when it is a number written with one
    of ``UNITS`` ("-3.6%": ("%", "-3.6"); "$-7.36" and "-$7.36": ("$", "-7.36"); "$1,234.50":
    ("$", "1234.50"), without its thousands separators; "12 kg": ("kg", "12")), else None. Such
    a cell tells a number, not a category or a name: its way in is to drop the unit."""
    sign = text[:1] if text[:1] in "+-" else ""
    for unit in UNITS:
        if text.endswith(unit):
            number = text[:-len(unit)].rstrip()
        elif text[len(sign):].startswith(unit):
            number = sign + text[len(sign) + len(unit):].lstrip()
        else:
            continue
        if comma_number(number):   # (also "1,234.50" and "1.234,50": the unit is the problem at hand)
            return unit, number.replace(",", "") if THOUSANDS.fullmatch(number) else number
    return None


def _unit_hint(text):
    """The hint for the cell ``text`` that is a number written with a unit (``number_and_unit``):
    write it without; "" for any other text."""
    written = number_and_unit(text)
    return f" (a number with the unit {written[0]!r}: write it without, {written[1]})" if written else ""


def unit_fix(columns):
    """The way in for ``columns``, [(a column of numbers written with a unit, its first such
    cell)]: write them without their units, as one line of pandas does, which drops each unit
    (a sign in a character class: "$" alone is a regular expression's end of line) and any
    thousands separator ("$1,234.50") too."""
    cells = [(cell, *number_and_unit(cell)) for _, cell in columns]   # (cell, unit, number)
    units = {unit for _, unit, _ in cells}
    signs = sorted({unit for unit in units if len(unit) == 1}
                   | ({","} if any("," in cell and "," not in number for cell, _, number in cells) else set()))
    pattern = "|".join(([f"[{''.join(signs)}]"] if signs else []) + sorted(unit for unit in units if len(unit) > 1))
    names = [name for name, _ in columns]
    return (f"write the numbers without their unit{'s' * (len(units) > 1)} (with pandas: "
            f"df[{names!r}] = df[{names!r}].replace({pattern!r}, '', regex=True).astype(float))")


def _point_hint(text):
    """Why the cell ``text``, not a number with ``decimal=","``, may hold a point: "1.5" or
    "1.234,5" are numbers, but their point is neither that file's decimal mark nor read as a
    thousands separator (the way out for "1.234,5": "1234,5"); "" for any other text."""
    if points_grouping(text):
        return _grouping_hint(text, ".", text.replace(".", ""))
    if "." in text and not is_date(text) and is_number(text.replace(".", ""), ","):  # "15.03.2024": no number
        return (" (with decimal=',' a number is written 1,5: a point is neither a decimal mark nor a "
                "thousands separator)")
    return ""


def _grouping_hint(text, mark, number, then=""):
    """The hint for the cell ``text`` whose ``mark`` ("," or ".") groups its digits in threes,
    which no decimal mark reads: write it as ``number``, without them."""
    name = "comma" if mark == "," else "point"
    what, them = ((f"{name}s look like thousands separators", "them") if text.count(mark) > 1
                  else (f"{name} looks like a thousands separator", "it"))
    return f" (the {what}: write the number without {them}, {number}{then})"


def _decimal_comma_numbers(col):
    """Whether every cell of ``col`` (none missing) reads as a number with a comma as its decimal
    mark, and some cell has that comma: a column that ``decimal=","`` reads as it is written."""
    cells = np.unique(col).tolist()
    return any("," in cell for cell in cells) and all(is_number(cell, ",") for cell in cells)


def comma_number(text):
    """Whether ``text`` reads as a number once its comma is read as a thousands separator
    ("1,000") or as a decimal point ("0,5"), its points as thousands separators before a decimal
    comma ("1.234,5", ``points_grouping``), or reads as one already."""
    return bool(THOUSANDS.fullmatch(text)) or points_grouping(text) or is_number(text.replace(",", ".", 1))


def points_grouping(text):
    """Whether ``text`` groups its digits in threes by points, as German or Italian spreadsheets
    write large numbers, with a decimal comma or none: "1.234,5", "-12.345.678". It is
    ``THOUSANDS`` with the two marks swapped."""
    return bool(THOUSANDS.fullmatch(text.translate(SWAP_MARKS)))


def decimal_comma(text):
    """Whether ``text`` is a number with its comma read as a decimal point, and cannot be one
    grouped in threes ("0,5" and "3,14" are; "1,250" could be either)."""
    return "," in text and not THOUSANDS.fullmatch(text) and is_number(text.replace(",", ".", 1))


def is_number(text, decimal="."):
    """Whether the cell ``text`` reads as a number (``float`` takes it) with the decimal mark
    ``decimal``, "." or ","."""
    try:
        float(with_point(text, decimal))
        return True
    except ValueError:
        return False


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
    no such rows, as when the others are the rows ``missing="drop"`` left out.
    """

    def __init__(self, path, lines, in_text, in_numbers, keep_hint, decimal=".", delimiter=","):
        self.path, self.lines, self.rows, self.points = path, lines, None, None
        self.in_text, self.in_numbers, self.keep_hint = in_text, in_numbers, keep_hint
        self.decimal, self.delimiter = decimal, delimiter

    def row(self, i):
        """The row in the file, counting from 1, of the cells ``i`` (an index or an array of them)."""
        return (i if self.rows is None else self.rows[i]) + 1

    def fail(self, i, column, problem):
        raise ValueError(f"{self.path}: column {column!r}, row {self.row(i)} (line {self.lines[i]}): {problem}")

    def check_present(self, col, column, text=False):
        """Fails at the first cell of ``col`` that is missing: one of ``in_text`` if the column
        holds ``text``, else one of ``in_numbers``. When more cells are, it says how many and
        where: told one row at a time, a column with 177 gaps (Titanic's Age) would take 177 runs."""
        missing = np.flatnonzero(np.isin(col, list(self.in_text if text else self.in_numbers)))
        if len(missing):
            self.fail_missing(int(missing[0]), str(col[missing[0]]), column, self.row(missing[:4]), len(missing), text)

    def fail_missing(self, i, cell, column, rows, count, text=False):
        """Fails at the missing cell ``i``, whose text is ``cell``, the first of ``count`` missing
        cells of the column, the first (up to four) in the file's ``rows``, counting from 1; with
        the ways out: fill in or drop the row, or have ``load_csv`` drop every such row (``missing``)."""
        others = f"; the column has {count} missing values, in rows {first_few(rows)}" if count > 1 else ""
        fix = f"fill in or drop the row, or pass missing='drop' to drop all rows with a missing cell{others}"
        if cell == "":
            self.fail(i, column, f"empty cell ({fix})")
        marker = repr(cell)
        keep = f"; if {marker} is a class here, pass na_values=() to keep it" if text and self.keep_hint else ""
        self.fail(i, column, f"{marker} is a missing value ({fix}{keep})")

    def not_a_number(self, col, column, then=""):
        """Fails at the first cell of ``col`` that is neither a number nor missing (``in_numbers``),
        with what its comma (``_comma_hint``) or, with a decimal comma, its point (``_point_hint``)
        may mean, or its unit (``_unit_hint``), then ``then``; with none, the way out of a stray
        word: fix or drop its row."""
        i = self.first_not_number(col)
        text = str(col[i])
        filled = col[~np.isin(col, list(self.in_numbers))]
        hint = (_point_hint(text) if self.decimal == "," else
                _comma_hint(text, filled, lambda: self.as_written(filled, column))) or _unit_hint(text)
        if not (hint or then):  # a stray word among numbers ("ID00017", "#DIV/0!"): a row to mend
            hint = " (fix or drop the row)"
        self.fail(i, column, f"{text!r} is not a number{hint}{then}")

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
        return (self.delimiter != "," and _decimal_comma_numbers(filled)
                and (self.points is None or not self.points[column]))

    def numbers(self, col, column, dtype=np.float64, then=""):
        """``col`` as ``dtype``; no cell missing (``in_numbers``), every cell numeric (else the
        error says ``then`` after the cell's problem), finite, and finite in ``dtype`` too.

        ``dtype`` is the default float dtype for values that become data, float64 for values
        that only name classes. A number such as 1e39 is finite in float64 but overflows float32
        to inf: it is reported here, naming its cell, rather than as a NumPy overflow warning
        and then an inf that ``Dataset`` can only place by row.
        """
        self.check_present(col, column)
        values = floats(col, self.decimal)
        if values is None:
            self.not_a_number(col, column, then)
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


def truth_cells(col):
    """Whether each cell of ``col`` (stripped strings) is true or false, in any case (``TRUTHS``)."""
    return np.isin(np.char.lower(col.astype(str)), TRUTHS)


def holds_truths(filled):
    """Whether a column whose cells that are not missing are ``filled`` is one of true and false,
    perhaps with a stray cell: at least half of them are (``truth_cells``)."""
    truths = int(truth_cells(filled).sum())
    return truths > 0 and 2 * truths >= len(filled)


def first_few(values, n=3):
    """The first ``n`` of ``values``, comma-separated, with "…" when there are more."""
    return ", ".join(str(v) for v in values[:n]) + (", …" if len(values) > n else "")


def count_text_cells(filled):
    """How many of the cells ``filled`` (none missing) are text: not numbers, read with a comma
    too ("8,6" and "1,000" are numbers, written as a spreadsheet shows them)."""
    values, counts = np.unique(filled, return_counts=True)  # each distinct value read once
    return int(sum(count for value, count in zip(values.tolist(), counts) if not comma_number(value)))


def refuse_classes_in_two_cases(classes, first, column, where):
    """With task="auto", refuses text classes that differ only in case ("True" and "true", "Yes"
    and "yes"), naming the row where the second spelling first appears: one class written two
    ways, which would silently make a yes/no target one of 3 or 4 classes (pandas reads True,
    TRUE and true as one value). ``first``: the row where each class first appears."""
    seen = {}
    for k in np.argsort(first):  # the classes in the order they appear in the file
        name = str(classes[k])
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            where.fail(first[k], column, f"{name!r} and {other!r} differ only in case, so they would be two "
                                         f"classes: write each class one way, or if they are different "
                                         f"classes, pass task='multiclass'")
