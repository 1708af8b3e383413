"""The error of a large CSV's feature columns, column by column, from the file's bytes: quick
when many of its rows are at fault (a column of names or ids, a column of "n/a"), where reading
the few rows at fault (``csv_faults.py``) has as many rows to keep as ``load_csv``'s own reader.

A file of 1,000,000 rows with a column of names took that reader 4.5 s and 915 MB, as it keeps
every cell as a Python string; this reads the file in blocks of ``BLOCK_BYTES`` as an array of
bytes. Without a quote each line is one row, and its cell k lies between the delimiters k - 1
and k: the cells' bounds are positions in the block, found by comparing its bytes with the
delimiter's and the line break's, and each column's cells are one array of fixed-width byte
strings (``csv_cell_kinds.cell_grid``).

The same holds for the quotes that R's write.csv and Excel put around a cell of text: a quote
that opens a cell (after the spaces that ``csv``'s ``skipinitialspace`` skips), whose next quote
closes it before any delimiter or line break and is followed only by ASCII spaces up to the
cell's end (``wraps_cells``). ``csv`` reads such a cell `` "x" `` as ``x ``: with both quotes
turned into spaces, the cell stripped of its spaces is the one ``load_csv``'s reader strips,
and a quoted number ("0.1") is a number, as in that reader. Any other quote (a delimiter, line
break or doubled quote between two, a quote in the middle of a cell: ``x"y"``, ``"x"y``, or
after a tab, which ``csv`` keeps as the cell's text) makes this step aside (``csv_quoted.py``).

What each cell is, a missing value, a number or text, is read from those bytes by
``csv_cell_kinds.py``, into a ``Column`` per feature column.

A nameless column is pandas' row index, refused as ``load_csv``'s reader refuses it, if its
cells are the row numbers, else a column of data. After the header's last name ("a;b;t;"), its
nameless columns are counted only, how many rows fill each in (``Blocks.stray``): none, and it
is no column; fewer than leave it empty, and those rows are refused (``csv_trailing_columns``);
an empty cell past the header's columns is no cell ("1;2;;" under "a;t;" or "a;t").
This answers only for a file without any other quote, a NUL byte, a lone "\\r" (a line break for
``csv``), a ragged row, a column past the header's last name that most rows fill in, a line of
only Unicode spaces, or a cell past ``csv``'s size limit, all of which ``load_csv``'s reader
words itself.
"""
import csv

import numpy as np

from .csv_cell_kinds import CellReader, Column, cell_grid
from .csv_fast import reads_quickly
from .csv_rows import refuse_row_index
from .csv_trailing_columns import nameless_after, stray_cells

BLOCK_BYTES = 1 << 20
ROW_NUMBER_DIGITS = 19  # no file has 10**19 rows
SPACES = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # the ASCII characters str.strip removes


def read_columns(path, names, target, delimiter, decimal, skip, in_numbers, dtype):
    """A ``Column`` for each feature column of the file past its first ``skip`` lines, in order,
    or None when the file is not one this reads as ``load_csv``'s reader does (see the module).
    The arguments are ``csv_fast.read_numbers``'."""
    if not reads_quickly(delimiter, decimal, in_numbers):
        return None
    reader = Blocks(names, names.index(target), delimiter, decimal, in_numbers, dtype)
    with open(path, "rb") as file:
        for _ in range(skip):
            if b"\r" in file.readline().replace(b"\r\n", b""):
                return None
        reader.line = skip
        block = b""
        while True:
            chunk = file.read(BLOCK_BYTES)
            block += chunk
            end = block.rfind(b"\n") + 1 if chunk else len(block)  # the last line may have no "\n"
            if not end and len(block) > csv.field_size_limit():
                return None   # a line longer than a cell may be, which load_csv's reader names (of 50 MB: 1.3 s here)
            if end and not reader.read(block, end):
                return None
            if not chunk:
                break
            block = block[end:]
    return reader.columns_of(path, names)


def wraps_cells(data, delimiter, space):
    """Whether each quote of ``data`` (whole lines) wraps a whole cell (see the module): pairing
    the quotes in order, none between an opening and its closing quote ends a cell, an opening
    one follows the cell's start and " " bytes only, a closing one precedes its end and bytes of
    ``space`` only (a table of 256 bools, the bytes str.strip removes but the delimiter)."""
    quotes = np.flatnonzero(data == ord('"'))
    if len(quotes) % 2:
        return False
    opens, closes = quotes[0::2], quotes[1::2]
    ends = np.flatnonzero((data == delimiter) | (data == 10))  # a line's "\r" comes before its "\n"
    if (np.searchsorted(ends, opens) != np.searchsorted(ends, closes)).any():
        return False
    blank, trailing = np.zeros(256, dtype=bool), space.copy()
    blank[ord(" ")], trailing[10] = True, False
    before, after = _past(data, opens - 1, -1, blank), _past(data, closes + 1, 1, trailing)
    edge = np.concatenate((data[np.maximum(before, 0)], data[np.minimum(after, len(data) - 1)]))
    at_edge = np.concatenate((before < 0, after >= len(data)))  # the block starts and ends a line
    return bool((at_edge | (edge == delimiter) | (edge == 10)).all())


def _past(data, at, step, skipped):
    """The first position of ``data`` from each of ``at`` on, by ``step`` (1 or -1), whose byte
    is not ``skipped`` (a table of 256 bools), or one past the data's edge."""
    at = at.copy()
    moving = np.arange(len(at))
    while len(moving):
        moving = moving[(at[moving] >= 0) & (at[moving] < len(data))]
        moving = moving[skipped[data[at[moving]]]]
        at[moving] += step
    return at


def _stripped(space, first, last):
    """The bounds ``first`` to ``last`` (arrays, changed in place) of cells without the spaces
    around them (``space``: whether each byte of the block is one), a step per space removed."""
    for edge, step in ((first, 1), (last, -1)):
        cells = np.flatnonzero(first < last)
        while len(cells):  # the cells whose byte at that edge is a space
            cells = cells[space[edge[cells] - (step < 0)]]
            edge[cells] += step
            cells = cells[first[cells] < last[cells]]
    return first, last


class Blocks:
    """The feature columns' ``Column`` over the blocks read so far, the ``rows`` and the file's
    ``line``s read. ``csv_quoted.py`` reads the cells of blocks of records instead of lines."""

    def __init__(self, names, t, delimiter, decimal, in_numbers, dtype):
        # the columns up to the header's last name; a line may leave out the nameless ones after it
        self.trailing = nameless_after(names)
        self.n, self.t = len(names) - self.trailing, t
        self.delimiter = ord(delimiter)
        # of each of those nameless columns, how many rows fill it in, and the first four (row from 1, line, text)
        self.stray = [[0, []] for _ in range(self.trailing)]
        # of a nameless column, the first row numbers (0, 1) from which its cells are the row numbers
        self.index = {j: [0, 1] for j, name in enumerate(names[:self.n]) if not name}
        self.cells = CellReader(decimal, in_numbers, dtype)
        self.columns = [Column() for j in range(self.n) if j != t]
        self.rows = self.line = 0
        space = np.zeros(256, dtype=bool)
        space[list(SPACES)] = True
        space[self.delimiter] = False  # a tab delimiter ends a cell, whose spaces it does not join
        self.space = space

    def columns_of(self, path, names):
        """Each feature column's ``Column`` once the file is read (None: no rows, or a nameless
        column past the header's last name that most rows fill in, whose empty cells are missing
        values); refuses one that fewer rows fill in, as ``csv_trailing_columns`` does, then
        pandas' row index."""
        if not self.rows:
            return None
        for m, (filled, first) in enumerate(self.stray):
            if filled and filled < self.rows - filled:
                raise stray_cells(path, self.n + m, len(names), *zip(*first), filled, self.rows)
        if any(filled for filled, _ in self.stray):
            return None
        refuse_row_index(path, names[:self.n], lambda j: [str(start + i) for start in self.index[j][:1]
                                                          for i in range(min(self.rows, 4))])
        return self.columns

    def read(self, block, end):
        """Reads the lines of ``block`` up to its byte ``end`` (whole lines); False when the file is
        not one this reads."""
        data = np.frombuffer(block, dtype=np.uint8, count=end)
        returns = np.flatnonzero(data == 13)
        if b"\x00" in block or (data[np.minimum(returns + 1, end - 1)] != 10).any():
            return False
        if b'"' in block:
            if not wraps_cells(data, self.delimiter, self.space):
                return False
            block = block[:end].replace(b'"', b" ")  # see the module
            data = np.frombuffer(block, dtype=np.uint8)
        ascii = block.isascii()
        if not ascii:
            try:
                str(memoryview(block)[:end], "utf-8")
            except UnicodeDecodeError:
                return False
        breaks = np.flatnonzero(data == 10)
        ends = breaks if data[-1] == 10 else np.append(breaks, end)
        starts = np.concatenate(([0], breaks[:len(ends) - 1] + 1))
        lines = np.arange(len(ends)) + self.line + 1
        self.line += len(ends)
        if (ends - starts > csv.field_size_limit()).any():
            return False
        space = self.space[data]
        filled = ~space
        filled &= data != self.delimiter
        full = np.logical_or.reduceat(filled, starts)  # no line is empty: each ends with its "\n" or a byte
        if not ascii:
            filled &= data < 128
            if (full & ~np.logical_or.reduceat(filled, starts)).any():
                return False  # perhaps a line of Unicode spaces, a blank row to csv
        del filled
        starts, ends, lines = starts[full], ends[full], lines[full]
        delimiters = np.flatnonzero(data == self.delimiter)
        before = np.searchsorted(delimiters, starts)
        count = np.searchsorted(delimiters, ends) - before
        rows = np.arange(len(starts)) + self.rows
        # past the header's last name, a line may hold the cells of its nameless columns, and
        # empty cells past those (fitted_row)
        if (count < self.n - 1).any():
            return False
        longer = np.flatnonzero(count >= self.n)
        if len(longer):
            if not self._past_last_name(block, space, ascii, delimiters, before[longer] + self.n - 1,
                                        count[longer] - self.n, ends[longer], rows[longer], lines[longer]):
                return False
            ends[longer] = delimiters[before[longer] + self.n - 1]

        def bounds(j):  # of the cells of column j, without their spaces
            first = starts if j == 0 else delimiters[before + j - 1] + 1
            last = ends if j == self.n - 1 else delimiters[before + j]
            return _stripped(space, first.copy(), last.copy())
        for j in self.index:
            if not self._row_numbers(j, data, ascii, *bounds(j), rows):
                return False
        for column, j in zip(self.columns, (j for j in range(self.n) if j != self.t)):
            self.cells.add(column, data, block, *bounds(j), rows, lines)
        self.rows += len(starts)
        return True

    def _past_last_name(self, block, space, ascii, delimiters, after, more, ends, rows, lines):
        """Counts in ``stray`` the filled cells of the lines ``rows`` (on ``lines``, ending at
        ``ends``) past the header's last name: those after its delimiter ``delimiters[after]``
        and the ``more`` delimiters that follow it; False when one is filled and the header has
        no column there, past its nameless ones (a ragged row, which ``load_csv``'s reader names).
        ``space``: whether each byte of the block is one."""
        for m in range(int(more.max()) + 1):
            at = np.flatnonzero(more >= m)
            first, last = delimiters[after[at] + m] + 1, ends[at].copy()
            inner = np.flatnonzero(more[at] > m)
            last[inner] = delimiters[after[at][inner] + m + 1]
            first, last = _stripped(space, first, last)
            filled = np.flatnonzero(first < last)
            if len(filled) and not ascii:  # a cell of Unicode spaces, which str.strip removes, is empty
                filled = filled[np.array([bool(block[a:b].decode().strip()) for a, b in
                                          zip(first[filled].tolist(), last[filled].tolist())], dtype=bool)]
            if not len(filled):
                continue
            if m >= self.trailing:
                return False
            found = self.stray[m]
            found[0] += len(filled)
            found[1] += [(int(rows[at[i]]) + 1, int(lines[at[i]]), block[first[i]:last[i]].decode().strip())
                         for i in filled[:4 - len(found[1])].tolist()]
        return True

    def _row_numbers(self, j, data, ascii, first, last, rows):
        """Keeps in ``index[j]`` the first row numbers, 0 or 1, from which the cells of the
        nameless column ``j`` (bytes ``first`` to ``last`` of ``data``) so far are the row numbers
        ``rows``; False for a cell that may not be ASCII (``ascii``: whether the block is), which
        str.strip may make one."""
        grid, cells, length = cell_grid(data, first, last, ROW_NUMBER_DIGITS + 1)
        if not ascii and ((grid >= 128).any() or (length > ROW_NUMBER_DIGITS).any()):
            return False
        self.index[j] = [start for start in self.index[j]
                         if (length <= ROW_NUMBER_DIGITS).all() and (cells == (rows + start).astype("S")).all()]
        return True
