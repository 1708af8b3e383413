"""Reading a CSV's cells: which of them are numbers (also as a spreadsheet writes them, "1,000" or
"0,5", or as typeset text does, "−2.55"), with a decimal comma when the file says so
(``decimal=","``), and which read as dates (``is_date``), as numbers written with a unit
(``number_and_unit``) or as accounting negatives (``accounting_negative``), with the pandas line
that rewrites a column of them. ``csv_rows.py`` reads the file's rows, ``csv_cell_checker.py``
words the errors that name a cell, ``csv.py`` decides what the columns are."""
import re
from decimal import Decimal

import numpy as np

from .csv_error import Advice, PythonOnly, Said

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
# Numbers as typeset text writes them, which float reads once they are plain ASCII (``plain_number``):
# the minus sign U+2212 of tables copied from the web ("−2.55"), and digits grouped in threes by a
# no-break space (U+00A0), a narrow one (U+202F, French) or a thin one (U+2009, SI), "10 531". No
# decimal mark is either, so such a cell is plainly that number; pandas reads neither by default,
# and its C parser not even with thousands="\u202f". (A comma grouping, "1,250", may be 1.25 in the
# languages that write decimal commas: it is refused with a hint, ``csv_cell_checker.comma_hint``.)
MINUS = "\u2212"
GROUPING_SPACES = "\u00a0\u202f\u2009"
SPACE_GROUPED = re.compile(rf"[+-]?[1-9][0-9]{{0,2}}([{GROUPING_SPACES}][0-9]{{3}})+([.,][0-9]+)?")
TYPESET = np.array([ord(c) for c in MINUS + GROUPING_SPACES], dtype=np.uint32)
# An accounting negative, as spreadsheets' accounting format writes -80: "(80)", "(1,234.50)"
ACCOUNTING_NEGATIVE = re.compile(r"\((?P<number>[^()]+)\)")


def with_point(text, decimal):
    """The cell ``text`` as Python writes a number, with a point, when its decimal mark is ``decimal``."""
    return text if decimal == "." else text.translate(SWAP_MARKS)


def plain_number(text):
    """The cell ``text`` with a typeset number's characters made ASCII (see ``MINUS``): "−2.55" is
    "-2.55", "10 531" (a no-break space) is "10531"; any other text as it is."""
    if text.isascii():
        return text
    text = text.replace(MINUS, "-")
    return text.translate(dict.fromkeys(map(ord, GROUPING_SPACES))) if SPACE_GROUPED.fullmatch(text) else text


def floats(col, decimal="."):
    """``col`` (strings) as float64, or None when some cell is not a number; ``decimal`` is the
    decimal mark, "." or ",". A typeset number ("−2.55", ``plain_number``) reads as that number."""
    try:
        return (col if decimal == "." else np.char.translate(col, SWAP_MARKS)).astype(np.float64)
    except ValueError:
        pass
    col = np.ascontiguousarray(col)
    if col.dtype.kind != "U" or not col.size or not np.isin(col.view(np.uint32), TYPESET).any():
        return None
    texts, each = np.unique(col, return_inverse=True)  # each distinct text made plain once
    plain = np.array([plain_number(text) for text in texts.tolist()], dtype=str)
    try:
        values = (plain if decimal == "." else np.char.translate(plain, SWAP_MARKS)).astype(np.float64)
    except ValueError:
        return None
    return values[each].reshape(col.shape)


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
    number = Decimal(with_point(plain_number(text), decimal))
    return int(number) if number == number.to_integral_value() else float(number)


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
    return Said(f"write the numbers without their unit{'s' * (len(units) > 1)}", PythonOnly(
        "pandas", f" (with pandas: df[{names!r}] = df[{names!r}].replace({pattern!r}, '', regex=True).astype(float))"))


def accounting_negative(text):
    """The number the cell ``text`` writes as an accounting negative (``ACCOUNTING_NEGATIVE``), "-80" of
    "(80)" and "-1234.50" of "(1,234.50)", without its thousands separators; else None. Such a
    cell is a number, not a category or a name: its way in is a minus sign."""
    match = ACCOUNTING_NEGATIVE.fullmatch(text)
    number = match and match["number"].strip()
    if not number or not comma_number(number) or number[0] in "+-":
        return None
    return "-" + (number.replace(",", "") if THOUSANDS.fullmatch(number) else number)


def accounting_fix(columns):
    """The way in for ``columns``, [(a column of accounting negatives, its first such cell)]: write
    them with a minus sign, as one line of pandas does, which also drops any thousands separator
    ("(1,234.50)")."""
    names = [name for name, _ in columns]
    rules = {r"^\((.*)\)$": r"-\1", **({",": ""} if any("," in cell for _, cell in columns) else {})}
    return Said("write the negative numbers with a minus sign, -80 for (80)", PythonOnly(
        "pandas", f" (with pandas: df[{names!r}] = df[{names!r}].replace({rules!r}, regex=True).astype(float))"))


def plainly(text):
    """The cell ``text`` as the advice for a number written with a unit, as an accounting negative
    or grouped in thousands by commas writes it: "$221,900" -> "221900", "(1,234)" -> "-1234",
    "201,000" -> "201000"; any other text as it is."""
    written = number_and_unit(text)
    if written:
        return written[1]
    return accounting_negative(text) or (text.replace(",", "") if THOUSANDS.fullmatch(text) else text)


def grouped_in_thousands(filled):
    """The first cell of ``filled`` (a column's cells, none missing) that groups its digits in
    threes by commas ("1,651", ``THOUSANDS``) when every cell is a number without its commas and
    none is a decimal comma ("0,5", which would make "1,250" 1.25), else None: a column for
    ``thousands_fix``."""
    cells = np.unique(filled).tolist()
    first = next((cell for cell in filled.tolist() if THOUSANDS.fullmatch(cell)), None)
    if first is None or any(decimal_comma(cell) or not is_number(cell.replace(",", "")) for cell in cells):
        return None
    return first


def thousands_fix(columns):
    """The way in for ``columns``, [(a column of numbers grouped in thousands by commas, its first
    such cell)], all in one line of pandas: named together, a file of several would otherwise
    take a run each."""
    names = [name for name, _ in columns]
    return Said("write the numbers without their thousands separators", PythonOnly(
        "pandas", f" (with pandas: df[{names!r}] = df[{names!r}].replace(',', '', regex=True).astype(float), or "
        f"read the file with pd.read_csv(path, thousands=','))"))


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
    """Whether the cell ``text`` reads as a number (``float`` takes it, once ``plain_number`` has
    made a typeset one ASCII) with the decimal mark ``decimal``, "." or ","."""
    try:
        float(with_point(plain_number(text), decimal))
        return True
    except ValueError:
        return False


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
            where.fail(first[k], column, Said(f"{name!r} and {other!r} differ only in case, so they would be two "
                                              "classes: write each class one way, or if they are different classes, ",
                                              Advice("pass", "task", "multiclass")))
