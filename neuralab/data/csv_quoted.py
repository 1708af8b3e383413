"""The error of a large CSV's feature columns when its quotes hide a delimiter, a line break or a
doubled quote ("Smith, John", a note over two lines, "a ""b"" c"), and many of its rows are at
fault: a column of quoted names, say.

``csv_columns.py`` reads the cells from the file's bytes only when each quote wraps a whole cell,
and ``csv_faults.py`` keeps the rows at fault only when they are few; such a file was left to
``load_csv``'s own reader, which keeps every cell as a Python string until the end (1,000,000
rows of four columns, one of quoted names: 6.6 s and 1.1 GB; 1.7 s and 42 MB here). Here the
file is read through the same ``csv`` reader as there (``csv_rows.records``), so its quotes,
line breaks and ragged rows are read the same way, but ``BLOCK_ROWS`` rows at a time: each
block's stripped cells are joined into bytes, a NUL after each cell, and ``csv_columns.Blocks``
reads every column from those bytes as it reads a line's cells, into the same ``Column`` of
what ``load_csv``'s check reads from each. The
cells are already what that reader strips, so none has the spaces or quotes a line's cells have
around them; a cell holding a NUL byte itself makes this step aside.
"""
import csv
import itertools

import numpy as np

from .csv_columns import Blocks
from .csv_fast import reads_quickly
from .csv_rows import column_names, fitted_row, records

BLOCK_ROWS = 1024


def read_quoted_columns(path, names, target, delimiter, decimal, skip, in_numbers, dtype):
    """A ``csv_cell_kinds.Column`` for each feature column of the file past its first ``skip``
    lines, in order, or None when this cannot tell them as ``load_csv``'s reader does (a byte
    that is not UTF-8, a cell ``csv`` refuses, a NUL byte, no rows): that reader then words the
    problem. Raises that reader's error of the first ragged row, met in the same order, and of
    pandas' row index. The arguments are ``csv_fast.read_numbers``'."""
    if names[-1] == "" or not reads_quickly(delimiter, decimal, in_numbers):
        return None  # after a delimiter ending the header, whether the last cells are a column depends on all
    header = column_names(names)
    reader = _Records(names, names.index(target), delimiter, decimal, in_numbers, dtype)
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            for _ in range(skip):
                file.readline()
            rows = records(file, delimiter, skip)
            while block := list(itertools.islice(rows, BLOCK_ROWS)):
                cells = [fitted_row(row, header, 0, path, line, delimiter) for row, line, _ in block]
                if not reader.read_cells(cells, [line for _, line, _ in block]):
                    return None
    except (UnicodeDecodeError, csv.Error):
        return None
    return reader.columns_of(path, names)


class _Records(Blocks):
    """``csv_columns.Blocks`` over blocks of rows of cells, as ``csv`` reads them."""

    def read_cells(self, rows, lines):
        """Reads ``rows`` (lists of stripped cells, as many as the header's), the file's rows
        from ``self.rows`` on, which start on its ``lines``; False when a cell holds a NUL byte,
        which here marks each cell's end."""
        block = "\0".join(itertools.chain.from_iterable(rows)).encode() + b"\0"
        data = np.frombuffer(block, dtype=np.uint8)
        ends = np.flatnonzero(data == 0)
        if len(ends) != len(rows) * self.n:
            return False
        starts = np.concatenate(([0], ends[:-1] + 1))
        numbers, lines = np.arange(len(rows)) + self.rows, np.array(lines)
        for j in self.index:  # stripped already: a byte that is not ASCII is in no row number
            self._row_numbers(j, data, True, starts[j::self.n], ends[j::self.n], numbers)
        for column, j in zip(self.columns, (j for j in range(self.n) if j != self.t)):
            self.cells.add(column, data, block, starts[j::self.n], ends[j::self.n], numbers, lines)
        self.rows += len(rows)
        return True
