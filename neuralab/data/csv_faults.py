"""The error of a large CSV that ``np.loadtxt`` could not read (``csv_fast.py``), from the few
rows at fault, without reading every cell as text.

A file of 1,000,000 rows with one bad cell ("abc", "NA", an empty cell, an inf, a ragged row)
took ``load_csv``'s own reader 15 s and 2.5 GB before its error named that cell; this takes 2.5 s
and 200 MB. It reads the file again in blocks of ``BLOCK_LINES`` lines through ``np.loadtxt``; a
block it refuses, or one holding a quote, is read as ``load_csv`` reads a file, through ``csv``,
and its rows at fault, those whose features that reader does not read as finite numbers, are
kept as text, with their lines. ``load_csv`` then checks those rows' cells as it checks the
whole file's. A file whose every line holds a quote (R's write.csv quotes each class name) is
so read by ``csv`` throughout: 8 s, still in 200 MB.

That finds what the whole file's check would, as every other row is one that ``load_csv`` reads
as finite numbers: which feature column fails first, at which cell, and how many missing values
it has, depend only on the rows at fault, and their numbers are the file's (``CellChecker.rows``).
Three things depend on the other rows too: a feature column is refused as text when most of its
cells are words, which the rows at fault cannot be when the other rows are at least as many
(checked here); the hint for a comma in a ';' file names ``decimal=","`` only if none of the
column's other cells holds a point, and a nameless column is pandas' row index only if all its
cells are the row numbers: ``load_csv`` reads those columns' texts (one pass over the file
each, ``csv_fast.column_holds`` and ``column_texts``), if the file holds no quote, which
``np.loadtxt`` may read otherwise. It reads the whole file for anything else: the target's
errors, which depend on every row, and a file of more rows at fault than ``MAX_ROWS_AT_FAULT``
(or than good rows), which would keep as many rows of text as that reader does: that answer,
``MANY``, lets ``load_csv`` read such a file's feature columns whole instead (``csv_quoted.py``).
"""
import csv
import itertools

import numpy as np

from .csv_cells import SWAP_MARKS, floats
from .csv_fast import finite_in, has_rows, loadtxt, reads_quickly
from .csv_rows import column_names, fitted_row, records

BLOCK_LINES = 1024
PIECE_LINES = 8  # a block np.loadtxt refuses is read again in pieces; the pieces it refuses, by csv
# Beyond, the rows at fault, kept as text, would come near the memory of the full read, whose work
# a file with problems throughout is (it names its text columns); a file whose rows at fault
# outnumber the good ones read so far, past the first FEW_ROWS_AT_FAULT, is likely such a file.
MAX_ROWS_AT_FAULT = 100_000
FEW_ROWS_AT_FAULT = 1000
MANY = "too many rows at fault"  # rows_at_fault's answer then: the columns are read whole (csv_quoted.py)


def rows_at_fault(path, names, target, delimiter, decimal, skip, in_numbers, dtype):
    """(the rows at fault, as an array of their stripped cells, each row's number in the file
    counting from 0, each row's line, the number of rows in the file), ``MANY`` when they are too
    many to keep (see the module), or None when there is none or the other rows may change
    ``load_csv``'s error otherwise; raises the error of the file's first ragged row, as
    ``load_csv`` would: read through the same text layer, in the same chunks, and at least as far
    as that reader reads before it meets the row, the file has shown any byte that is not UTF-8
    which that reader would meet first. The arguments are ``read_numbers``'.
    """
    # after a delimiter ending the header, whether the rows' last cells are a column depends on all
    if names[-1] == "" or not reads_quickly(delimiter, decimal, in_numbers):
        return None
    found = _Found(path, column_names(names), names.index(target), delimiter, decimal, dtype)
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            for _ in range(skip):
                file.readline()
            before = skip  # the lines read
            while block := list(itertools.islice(file, BLOCK_LINES)):
                before = found.read(block, file, before)  # raises at a ragged row
                if before is None:
                    return MANY
    except (UnicodeDecodeError, csv.Error):  # load_csv's reader words these itself
        return None
    if not found.rows:
        return None
    if len(found.rows) > found.good:
        return MANY
    return np.array(found.rows, dtype=str), np.array(found.numbers), found.lines, found.good + len(found.rows)


class _Found:
    """The rows at fault found so far (``rows`` of cells, their ``numbers`` in the file and their
    ``lines``), and how many ``good`` rows were read."""

    def __init__(self, path, names, t, delimiter, decimal, dtype):
        self.path, self.names, self.t = path, names, t
        self.delimiter, self.decimal, self.dtype = delimiter, decimal, dtype
        self.rows, self.numbers, self.lines, self.good = [], [], [], 0

    def read(self, block, file, before):
        """Reads the lines ``block``, the first being the file's line ``before + 1``, and returns
        the lines read then, or None once the rows at fault are too many (see ``MAX_ROWS_AT_FAULT``).

        A block holding a quote, which may open a cell that spans lines or that ``np.loadtxt`` reads
        otherwise (after a space), is read record by record through ``csv`` as ``load_csv``'s reader
        reads it, until a record ends on its last line or past it, in the rest of the ``file``.
        """
        if any('"' in line for line in block):
            end = self._read_records(itertools.chain(block, file), before, len(block))
        else:
            self._read_lines(block, before)
            end = before + len(block)
        return end if len(self.rows) <= min(MAX_ROWS_AT_FAULT, max(FEW_ROWS_AT_FAULT, self.good)) else None

    def _read_lines(self, lines, before):
        """Reads ``lines``, which hold no quote, through ``np.loadtxt``; if it refuses one, in
        pieces of ``PIECE_LINES`` lines, and a piece it refuses record by record through ``csv``.
        Without a quote each line is one row, so a piece of lines is a piece of rows, whose data
        rows ``np.loadtxt`` counts as ``csv`` does (blank lines are skipped by both, rows of only
        spaces or delimiters refused by ``np.loadtxt``)."""
        good = self._numbers(lines)
        if good is not None:
            self.good += good
        elif len(lines) > PIECE_LINES:
            for start in range(0, len(lines), PIECE_LINES):
                self._read_lines(lines[start:start + PIECE_LINES], before + start)
        else:
            self._read_records(iter(lines), before, len(lines))

    def _read_records(self, lines, before, n):
        """Reads the records of the text ``lines``, the first being the file's line ``before + 1``,
        until one ends on the ``n``-th line or past it (or ``lines`` end), and returns the lines
        read then."""
        rows, at, end = [], [], before + n
        for row, line, end in records(lines, self.delimiter, before):
            rows.append(fitted_row(row, self.names, 0, self.path, line, self.delimiter))
            at.append(line)
            if end >= before + n:
                break
        if rows:
            self._sort(np.delete(np.array(rows, dtype=str), self.t, axis=1), rows, at)
        return end

    def _sort(self, features, rows, lines):
        """Counts the ``rows`` (of stripped cells) whose ``features`` (an array of those cells)
        ``load_csv``'s reader reads as numbers finite in ``dtype`` (``floats``) as good, and keeps
        the others, halving the rows until those are found; ``lines``: each row's line."""
        values = floats(features, self.decimal)
        if values is not None and finite_in(values, self.dtype) is not None:
            self.good += len(rows)
        elif len(rows) > 1:
            half = len(rows) // 2
            self._sort(features[:half], rows[:half], lines[:half])
            self._sort(features[half:], rows[half:], lines[half:])
        else:
            self.rows.append(rows[0])
            self.numbers.append(self.good + len(self.numbers))
            self.lines.append(lines[0])

    def _numbers(self, block):
        """How many data rows the lines ``block`` hold, or None when ``np.loadtxt`` refuses one, or
        one has another number of cells than the header or a feature not finite in ``dtype``."""
        if self.decimal == ",":
            block = [line.translate(SWAP_MARKS) for line in block]
        if not has_rows(block):  # blank lines: no row to read
            return 0
        try:
            table = loadtxt(block, {self.t: lambda cell: 0.0}, self.delimiter)
        except ValueError:
            return None
        if table.shape[1] != len(self.names) or finite_in(np.delete(table, self.t, axis=1), self.dtype) is None:
            return None
        return len(table)
