"""The quick reading of a large CSV of numbers: NumPy's parser in C (``np.loadtxt``) instead of
Python's ``csv`` module and a Python string per cell.

``load_csv``'s own reader keeps every cell as text until it knows what each column is, which
is what lets its errors name the cell at fault; for a file of 1,000,000 rows and 21 columns that
is about 30 s and 2.5 GB (pandas.read_csv: 1 s and 0.5 GB). A file whose feature cells are all
finite numbers needs none of that: ``np.loadtxt`` reads it in a few seconds, as float64, with
the target column handed to a converter that numbers its texts in order of appearance. With
``decimal=","`` each line reaches ``np.loadtxt`` with its two marks swapped, "1,5" as "1.5" and a
point as a comma, which is how ``load_csv``'s reader reads a cell (``csv_cells.SWAP_MARKS``).

A nameless column goes through a converter too, as the target does: its texts are what pandas'
row index is told by (refused as ``load_csv``'s reader refuses it), and a nameless column of
data is then read from them as that reader reads a feature (``floats``), "1_000" included,
which ``np.loadtxt`` refuses; after the header's last name ("a;t;" or "a;t;;"), a nameless
column that no row fills in is no column, as there, whether the rows end with those delimiters
too or all lack them (read then as if the header did too), and empty cells past the header's
last column, which a row may end with ("1,5;1;;" under "a;t;"), are no cells: such a file is
read again without the delimiters ending its lines (``_trimmed``).

This reader answers only for files it reads exactly as ``load_csv`` would, and returns None
otherwise: then ``load_csv`` reads the file its own way, which reports the problem (a missing or
non-numeric cell, a ragged row, an inf) in its usual words, naming the row. It stands aside for
a space, a quote or (with ``decimal=","``) a point as the delimiter, a missing-value marker that
reads as a number (na_values=["-999"]), and a target or nameless cell holding a quote (``csv``
and ``np.loadtxt`` read a quote after a space differently) or a line break (a quoted cell over two
lines: ``np.loadtxt`` reads the file's "\\r\\n" as "\\n", ``csv`` keeps it, and a Windows file's class
"a\\r\\nb" would be another class); ``np.loadtxt`` itself refuses the rest.

A named feature column whose first row holds true or false (in any case, as pandas'
``get_dummies`` writes its columns) goes through a converter too, and is read as 1 and 0 when
every cell is one of them (``_as_truths``), as ``load_csv``'s reader reads it; any other cell
leaves the file to that reader, which names it. A column ``ignore`` leaves out (a passenger's
name) goes through one that lets each text go (``_let_go``), as that reader never looks at it:
a file of numbers but for its names is still read here.
"""
import csv
import itertools
import math
import os

import numpy as np

from ..nn.dtype import all_finite
from .csv_cells import SWAP_MARKS, floats, is_number, plain_number, truth_cells, with_point
from .csv_rows import column_names, refuse_row_index
from .csv_trailing_columns import nameless_after
from .identifier_columns import past_exact


def read_numbers(path, names, target, delimiter, decimal, skip, in_numbers, dtype, ignore=(), trimmed=False):
    """(X in ``dtype``, the target column as the stripped texts of its cells, the column names as
    ``load_csv``'s reader names them, {k: X's column k in float64} of the columns that ``dtype``
    may round, ``past_exact``), or None when the file is not one this reader reads as
    ``load_csv``'s does (see the module); raises ``load_csv``'s error for pandas' row index
    (``refuse_row_index``).

    ``names`` are the header's cells as written, ``skip`` the number of lines up to the end of
    the header (with a "sep=" line and blank lines before it), ``in_numbers`` the markers of a
    missing number. ``ignore``: the named feature columns left out, neither read nor returned.
    ``trimmed``: the lines are read without the delimiters and spaces that end them, and
    ``names`` without the nameless ones after its last name (see ``_trimmed``).
    """
    if not reads_quickly(delimiter, decimal, in_numbers):
        return None
    t = names.index(target)
    # the target's and the nameless columns' texts -> their numbers in the table, in order of appearance
    texts = {j: {} for j, name in enumerate(names) if j == t or not name}
    ignored, odd = {j for j, name in enumerate(names) if name and name in ignore and j != t}, []
    try:
        if not has_rows(path, skip):  # a header alone: load_csv's reader says so
            return None
        truths = {j: {} for j in first_row_truths(path, skip, delimiter) if j not in texts and j not in ignored}
        converters = {j: _keep(codes, decimal) for j, codes in (texts | truths).items()} | dict.fromkeys(
            ignored, _let_go(odd))
        if decimal == "." and not trimmed:
            table = loadtxt(path, converters, delimiter, skip)
        else:
            with open(path, encoding="utf-8-sig") as file:
                lines = (line.translate(SWAP_MARKS) for line in file) if decimal == "," else file
                table = loadtxt(_trimmed(lines, delimiter) if trimmed else lines, converters, delimiter, skip)
    except ValueError:  # UnicodeDecodeError is a ValueError
        # perhaps rows without the header's last delimiter(s), or with empty cells past its last column
        if not trimmed and (names[-1] == "" or holds_any(path, [f"{delimiter}{end}".encode() for end in ENDS])):
            named = names[:len(names) - nameless_after(names)]
            return read_numbers(path, named, target, delimiter, decimal, skip, in_numbers, dtype, ignore, trimmed=True)
        return None
    if table.shape[1] != len(names) or odd or any('"' in text or "\n" in text
                                                  for codes in texts.values() for text in codes):
        return None
    # after the header's last name, a nameless column that no row fills in is no column; one that
    # only some rows fill in is refused or has missing values, which load_csv's reader names first
    trailing = range(len(names) - nameless_after(names), len(names))
    if any("" in texts[j] and len(texts[j]) > 1 for j in trailing):
        return None
    empty = [j for j in trailing if list(texts[j]) == [""]]
    columns = {j: _texts(codes, table[:, j]) for j, codes in texts.items()}
    refuse_row_index(path, names, lambda j, columns=columns: columns[j].tolist())  # deleted below
    if len(names) - len(empty) - len(ignored) < 2:  # the target alone, no feature: load_csv's reader says so
        return None
    for j in columns.keys() - {t} - set(empty):  # a nameless column of data
        values = _as_numbers(texts[j], table[:, j], decimal, in_numbers)
        if values is None:
            return None
        table[:, j] = values
    for j, codes in truths.items():
        values = _as_truths(codes, table[:, j], in_numbers)
        if values is None:
            return None
        table[:, j] = values
    y = columns[t]
    del texts, truths, converters, columns  # a nameless column's texts, as many as its cells: not alongside the features
    kept = [j for j in range(len(names)) if j != t and j not in empty and j not in ignored]
    # the features straight from the table into X: a float64 copy of them beside the table was
    # the largest array read_numbers held (4 times X's size at its peak, now 3)
    X = finite_in(table, dtype, kept)
    if X is None:
        return None
    # as the file writes them (a 10-digit ID), for the columns float32 rounds
    written = {k: table[:, kept[k]].copy() for k in past_exact(X)}
    return X, y, [name for j, name in enumerate(column_names(names)) if j not in {*empty, *ignored}], written


def column_texts(path, j, delimiter, skip):
    """The texts of column ``j`` of a file that ``read_numbers`` read, as ``load_csv``'s reader
    reads them, or None if one holds a quote (see the module) or the file changed meanwhile."""
    codes = {}
    try:
        numbers = loadtxt(path, {j: _keep(codes, ".")}, delimiter, skip, usecols=[j])
    except ValueError:
        return None
    return None if any('"' in text for text in codes) else _texts(codes, numbers[:, 0])


def column_holds(path, j, delimiter, skip, mark):
    """Whether a cell of column ``j`` of the file past its first ``skip`` lines holds ``mark``, or
    None when ``np.loadtxt`` does not read that column (a line of spaces, a file changed meanwhile)."""
    try:
        return bool(loadtxt(path, {j: lambda cell: mark in cell}, delimiter, skip, usecols=[j]).any())
    except ValueError:
        return None


def first_column_holding(path, mark, delimiter, skip, columns):
    """The first of ``columns`` (column numbers, increasing) in which a cell of the file past its
    first ``skip`` lines holds ``mark``, or None when none does or a line it reads holds a quote
    (which may hide a delimiter), or the file changed meanwhile: without, each line is one row,
    whose cell k follows k delimiters. It reads until a cell of the first of ``columns`` holds
    ``mark``."""
    wanted, first = set(columns), None
    try:
        with open(path, encoding="utf-8-sig") as file:
            for line in itertools.islice(file, skip, None):
                if '"' in line:
                    return None
                first = _first_holding(line, mark, delimiter, wanted, first)
                if first == columns[0]:
                    break
    except UnicodeDecodeError:
        return None
    return first


def _first_holding(line, mark, delimiter, wanted, first):
    """The first column of ``wanted`` whose cell in ``line`` holds ``mark``, if it comes before
    column ``first`` (None: any), else ``first``."""
    k = line.find(mark)
    while k >= 0:
        j = line.count(delimiter, 0, k)
        if first is not None and j >= first:
            return first
        if j in wanted:
            return j
        k = line.find(mark, k + 1)
    return first


def holds_quote(path):
    """Whether the file holds a double quote."""
    return holds_any(path, [b'"'])


def holds_any(path, needles):
    """Whether the file holds one of ``needles`` (byte strings) within one of its blocks of a
    MiB: one across two blocks may be missed, which only those who wait for a quicker
    reading would see (``read_numbers``)."""
    with open(path, "rb") as file:
        return any(needle in chunk for chunk in iter(lambda: file.read(1 << 20), b"") for needle in needles)


# the line breaks a delimiter may end a line before ("\r" finds "\r\n" too)
ENDS = ("\n", "\r")


def _trimmed(lines, delimiter):
    """The text ``lines`` without the delimiters and spaces that end them, those lines that hold
    no quote (which may open a cell going on to the next line) and a cell: the empty cells past
    the header's last column (``csv_rows.fitted_row``). A line whose last cells before are empty
    and named ("1;;" under "a;b;t") is shorter than the header then, which ``np.loadtxt``
    refuses, or all of them are, which ``read_numbers`` finds by their number of columns. A line
    of only delimiters, a blank row to ``load_csv``'s reader, stays a row of empty cells, which
    ``np.loadtxt`` refuses: blank, it would be no row here but one to ``column_texts``."""
    ending = delimiter + " \t\r\n"
    for line in lines:
        cells = line.rstrip(ending)
        yield line if '"' in line or not cells else cells


def _keep(codes, decimal):
    """A converter for ``np.loadtxt`` that numbers each text of a column in ``codes``, in order of
    appearance; with ``decimal=","``, the text as the file writes it: the swap undoes itself."""
    return lambda cell: codes.setdefault(with_point(cell, decimal).strip(), len(codes))


def _let_go(odd):
    """A converter for ``np.loadtxt`` of a column left out: 0 for every text, but one holding a
    quote or a line break, which ``csv`` may split otherwise (see the module), or longer than
    ``csv`` reads (``csv.field_size_limit()``), is kept in ``odd``, for the file to be read by
    ``load_csv``'s reader, which names it."""
    longest = csv.field_size_limit()

    def let_go(cell):
        if '"' in cell or "\n" in cell or len(cell) > longest:
            odd.append(cell)
        return 0.0
    return let_go


def _as_numbers(codes, numbers, decimal, in_numbers):
    """The column that ``_keep`` numbered ``numbers`` in ``codes``, each text read as ``load_csv``'s
    reader reads a feature's cell (``floats``, each distinct text once), as float64; None when one
    is missing (``in_numbers``) or no number, which that reader names by its cell."""
    distinct = np.array(list(codes), dtype=str)
    values = floats(distinct, decimal)
    if values is None or np.isin(distinct, list(in_numbers)).any():
        return None
    return values[numbers.astype(np.intp)]


def first_row_truths(path, skip, delimiter):
    """The columns whose cell in the file's first row past its first ``skip`` lines is true or
    false (``csv_cells.TRUTHS``, any case), read with ``delimiter``: none if that row holds a
    quote, which may hide a delimiter."""
    with open(path, encoding="utf-8-sig", errors="replace") as file:
        line = next((line for line in itertools.islice(file, skip, None) if line.strip()), "")
    if '"' in line:
        return []
    cells = np.array([cell.strip() for cell in line.split(delimiter)], dtype=str)
    return np.flatnonzero(truth_cells(cells)).tolist()


def _as_truths(codes, numbers, in_numbers):
    """The column that ``_keep`` numbered ``numbers`` in ``codes`` as 1 (true) and 0 (false), as
    float64; None when one of its texts is neither, or a missing marker (na_values=["false"]),
    which ``load_csv``'s reader names by its cell."""
    distinct = np.array(list(codes), dtype=str)
    if not truth_cells(distinct).all() or np.isin(distinct, list(in_numbers)).any():
        return None
    return (np.char.lower(distinct) == "true").astype(np.float64)[numbers.astype(np.intp)]


def _texts(codes, numbers):
    """The column of texts that ``_keep`` numbered ``numbers`` in ``codes``."""
    return np.array(list(codes), dtype=str)[numbers.astype(np.intp)]


def reads_quickly(delimiter, decimal, in_numbers):
    """Whether ``np.loadtxt`` can read a file of this delimiter, decimal mark and missing markers
    as ``load_csv``'s reader does, if it reads it at all (see the module)."""
    return (delimiter not in ' "' and (decimal == "." or delimiter not in ".,")
            and not any(is_number(marker, decimal) and not math.isnan(float(with_point(plain_number(marker), decimal)))
                        for marker in in_numbers))


def loadtxt(lines, converters, delimiter, skip=0, usecols=None):
    """The table of the file (path) or the text ``lines`` past its first ``skip`` lines (its
    columns ``usecols``, or all), as float64, the columns of ``converters`` (a dict) through
    theirs; raises ``np.loadtxt``'s ValueError. Of lines without a row it only warns ("Empty
    input file"): callers check ``has_rows`` first, since turning that warning into an error
    would swap the process's warning filters, which every thread shares (the playground reads
    uploads in worker threads)."""
    if isinstance(lines, os.PathLike):   # opened here: NumPy reads a file named .gz or .bz2 as compressed
        with open(lines, encoding="utf-8-sig") as file:
            return loadtxt(file, converters, delimiter, skip, usecols)
    try:
        return np.loadtxt(lines, dtype=np.float64, delimiter=delimiter, comments=None, quotechar='"',
                          skiprows=skip, converters=converters, encoding="utf-8-sig", ndmin=2, usecols=usecols)
    except ValueError as err:
        # NumPy turns anything a converter raises into a ValueError, a Ctrl-C (KeyboardInterrupt)
        # or a MemoryError too, which the callers would take for a file to read another way
        if isinstance(err.__cause__, (KeyboardInterrupt, MemoryError)):
            raise err.__cause__ from None
        raise


def has_rows(lines, skip=0):
    """Whether the file (path) or the list of text ``lines`` holds a line that is not blank past
    its first ``skip`` lines: one ``np.loadtxt`` reads as a row, or refuses."""
    if isinstance(lines, list):
        return any(line.strip() for line in lines[skip:])
    with open(lines, encoding="utf-8-sig") as file:
        return any(line.strip() for line in itertools.islice(file, skip, None))


def finite_in(features, dtype, columns=None):
    """``features`` (float64) as ``dtype``, only its ``columns`` (increasing column numbers; None:
    all), or None if a value there is not finite in either: a NaN ("nan" is a missing marker) or
    an inf, which ``load_csv``'s reader names by its cell. Each run of neighbouring columns is
    cast into its place in X, with no copy of them in float64 on the way."""
    runs = []   # [start, stop) of each run of neighbouring columns
    for j in range(features.shape[1]) if columns is None else columns:
        if runs and runs[-1][1] == j:
            runs[-1][1] = j + 1
        else:
            runs.append([j, j + 1])
    if not all(all_finite(features[:, start:stop]) for start, stop in runs):
        return None
    X = np.empty((len(features), sum(stop - start for start, stop in runs)), dtype)
    at = 0
    with np.errstate(over="ignore"):  # past float32's range: load_csv's reader names the cell
        for start, stop in runs:
            X[:, at:at + stop - start] = features[:, start:stop]
            at += stop - start
    return X if all_finite(X) else None
