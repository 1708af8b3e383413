"""The error of a large CSV that ``np.loadtxt`` could not read (``csv_fast.py``), from the few
rows at fault, without reading every cell as text.

A file of 1,000,000 rows with one bad cell ("abc", "NA", an empty cell, an inf, a ragged row)
took ``load_csv``'s own reader 15 s and 2.5 GB before its error named that cell; this takes 2.5 s
and 200 MB. It reads the file again in blocks of ``BLOCK_LINES`` lines through ``np.loadtxt``; a
line it refuses, or whose features are not finite, is read as ``load_csv`` reads a file: cells as
text, with its line. ``load_csv`` then checks those rows' cells as it checks the whole file's.

That finds what the whole file's check would, as every other row is one that ``load_csv`` reads
as finite numbers: which feature column fails first, at which cell, and how many missing values
it has, depend only on the rows at fault, and their numbers are the file's (``_Where.rows``).
Two things depend on the other rows too: a feature column is refused as text when most of its
cells are words, which the rows at fault cannot be when the other rows are at least as many
(checked here); and the hint for a comma in a ';' file reads every cell of its column, so
``load_csv`` reads the whole file when a row at fault holds a comma. It does so for anything
else too: the target's errors, which depend on every row, and rows that ``np.loadtxt`` refuses
but ``load_csv`` reads ("1_000", a row of only delimiters).
"""
import csv
import itertools

import numpy as np

from .csv_cells import SWAP_MARKS
from .csv_fast import finite_in, has_rows, loadtxt, reads_quickly
from .csv_rows import _fitted_row, _records

BLOCK_LINES = 1024
MAX_ROWS_AT_FAULT = 1000  # beyond: a file with problems throughout, for the full read to describe


def rows_at_fault(path, names, target, delimiter, decimal, skip, in_numbers, dtype):
    """(the rows that ``np.loadtxt`` refuses, as an array of their stripped cells, each row's
    number in the file counting from 0, each row's line), or None when the other rows may change
    ``load_csv``'s error (see the module); raises the error of the file's first ragged row, as
    ``load_csv`` would: read through the same text layer, in the same chunks, and at least as far
    as that reader reads before it meets the row, the file has shown any byte that is not UTF-8
    which that reader would meet first. The arguments are ``read_numbers``'.

    Only a file without quotes is read so: there each line is one row, so a block of lines is a
    block of rows, whose data rows ``np.loadtxt`` counts as ``csv`` does (blank lines are skipped by
    both, and rows of only spaces or delimiters refused by ``np.loadtxt``). A block it refuses is
    halved until the lines at fault are found: about two blocks read again for each.
    """
    if not (all(names) and reads_quickly(delimiter, decimal, in_numbers)):  # a row index needs every row
        return None
    found = _Found(path, names, names.index(target), delimiter, decimal, dtype)
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            for _ in range(skip):
                file.readline()
            before = skip  # the lines read
            while block := list(itertools.islice(file, BLOCK_LINES)):
                if any('"' in line for line in block):
                    return None
                if not found.read(block, before):  # raises at a ragged row
                    return None
                before += len(block)
    except (UnicodeDecodeError, csv.Error):  # load_csv's reader words these itself
        return None
    if not found.rows or len(found.rows) > found.good:
        return None
    return np.array(found.rows, dtype=str), np.array(found.numbers), found.lines


class _Found:
    """The rows at fault found so far (``rows`` of cells, their ``numbers`` in the file and their
    ``lines``), and how many ``good`` rows ``np.loadtxt`` read."""

    def __init__(self, path, names, t, delimiter, decimal, dtype):
        self.path, self.names, self.t = path, names, t
        self.delimiter, self.decimal, self.dtype = delimiter, decimal, dtype
        self.rows, self.numbers, self.lines, self.good = [], [], [], 0

    def read(self, block, before):
        """Reads the lines ``block``, the first being the file's line ``before + 1``; False once
        more than ``MAX_ROWS_AT_FAULT`` rows are at fault."""
        good = self._numbers(block)
        if good is not None:
            self.good += good
            return True
        if len(block) > 1:
            half = len(block) // 2
            return self.read(block[:half], before) and self.read(block[half:], before + half)
        for row, line, _ in _records(block, self.delimiter, before):
            self.rows.append(_fitted_row(row, self.names, False, self.path, line, self.delimiter))
            self.numbers.append(self.good + len(self.numbers))
            self.lines.append(line)
        return len(self.rows) <= MAX_ROWS_AT_FAULT

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
