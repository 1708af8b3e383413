"""What each cell of a CSV's feature column is, read from the file's bytes many cells at a time:
a missing value, a number or text, and whether its number is finite and fits the default dtype,
tallied per column into a ``Column``. ``csv_columns.py`` finds where the cells lie in a block
of the file's lines (``csv_quoted.py`` in a block of records), and hands each column's bounds here.

``load_csv``'s error of the features depends on each cell through four things only: whether it
is a missing marker (``M``), a number with the file's decimal mark (``P``: ``float`` takes it,
as NumPy's ``astype`` does), a number once its comma or the points of "1.234,5" are read as a
spreadsheet writes them (``C``, ``csv_cells.count_text_cells``), and its value in float64 and in
the default dtype. A cell of ASCII letters, digits and signs is told apart by a small automaton
over its bytes, the grammar of a plain decimal number ``[+-]?(d+.?d*|.d+)([eE][+-]?d+)?``
(``csv_bytes.NUMBER``); the others (a byte that is not ASCII, whose Unicode spaces ``str.strip``
removes, a comma, an underscore, "inf" or "nan", a value that may pass float32's range) are read
by the functions ``load_csv``'s reader reads them with, each distinct text once. Each column
then holds what the whole file's check reads from it (``Column``): its first cell missing, not a
number, not finite or too large, how many cells are missing and which, and how many of its
cells are text. A column's cells are one array of fixed-width byte strings (``cell_grid``),
``WIDEST`` bytes at most; a longer cell is read alone.
"""
from dataclasses import dataclass, field

import numpy as np

from .csv_bytes import (BYTE_MARKS, COMMA, EXPONENT, FOREIGN, LETTER, LOWER, NUMBER, ODD, POINT, SWAP, THOUSANDS,
                        WORD_LENGTHS, WORD_START, WORDS, accepts, as_cells)
from .csv_cells import TRUTHS, comma_number, floats, is_number, truth_cells
from .csv_one_hot import MAX_CATEGORIES

WIDEST = 40
TRUTH_BYTES = [truth.encode() for truth in TRUTHS]


@dataclass
class Column:
    """What ``load_csv``'s check of a feature column reads from its cells: each ``first_*`` the
    (row counting from 0, line, stripped text) of its first cell missing, neither a number nor
    missing, not finite in float64, or finite there but not in the default dtype; the rows of
    its first four missing cells and how many are; how many cells are ``filled`` (not missing)
    and ``text`` (filled and no number, with a comma either), and true or false (``truths``, any
    case: ``csv_cells.TRUTHS``); whether every cell is a number; the distinct ``values`` of its
    filled cells (as bytes), kept only up to MAX_CATEGORIES + 1, as many as tell a column of names
    from one of categories (``csv_text_columns.distinct_values``)."""
    first_missing: tuple = None
    first_not_number: tuple = None
    first_not_finite: tuple = None
    first_too_large: tuple = None
    missing_rows: list = field(default_factory=list)
    missing: int = 0
    filled: int = 0
    text: int = 0
    truths: int = 0
    numbers: bool = True
    values: set = field(default_factory=set)

    def holds_text(self):
        """Whether ``load_csv`` names this column among the text columns: some cell is no
        number, and more of its filled cells are text than not."""
        return not self.numbers and self.text > self.filled / 2

    def n_values(self):
        """How many distinct values its filled cells hold, counted up to MAX_CATEGORIES + 1."""
        return min(len(self.values), MAX_CATEGORIES + 1)


def cell_grid(data, first, last, widest):
    """(the bytes of the cells from ``first`` to ``last`` of ``data``, byte k of every cell in row
    k, padded with 0 past each cell's end and cut after ``widest``; those cells as fixed-width
    byte strings; each cell's length)."""
    length = last - first
    width = max(int(min(length.max(initial=0), widest)), 1)
    at = np.minimum(first + np.arange(width)[:, None], len(data) - 1)
    grid = np.where(np.arange(width)[:, None] < length, data[at], np.uint8(0))
    return grid, as_cells(grid), length


class CellReader:
    """Reads the cells of a file's feature columns into their ``Column``, as ``load_csv``'s reader
    reads a cell with the ``decimal`` mark, the markers of a missing number (``in_numbers``)
    and the default ``dtype``."""

    def __init__(self, decimal, in_numbers, dtype):
        self.decimal, self.dtype = decimal, dtype
        self.in_numbers = in_numbers
        self.markers = np.array([marker.encode() for marker in in_numbers] + [b""])
        self.longest_marker = max(len(marker) for marker in self.markers)
        self.marker_letters = any((BYTE_MARKS[list(marker)] & LETTER).any() for marker in self.markers)

    def add(self, column, data, block, first, last, rows, lines):
        """Adds the cells of a column (bytes ``first`` to ``last`` of ``data``) to ``column``."""
        grid, cells, length = cell_grid(data, first, last, WIDEST)
        marks = np.bitwise_or.reduce(BYTE_MARKS[grid], axis=0)
        number = accepts(NUMBER, grid)  # with a decimal point
        comma_number = number.copy()
        commas = np.flatnonzero(marks & COMMA)
        if len(commas):  # a number once a comma is read as a thousands separator or the decimal mark
            written = grid[:, commas]
            comma_number[commas] = accepts(THOUSANDS, written)
            point = written.copy()
            point[np.argmax(written == ord(","), axis=0), np.arange(len(commas))] = ord(".")
            comma_number[commas] |= accepts(NUMBER, point)
        grouped = np.flatnonzero(~comma_number & (marks & (COMMA | POINT)).astype(bool))  # "1.234,5", "1.234.567"
        comma_number[grouped] |= accepts(THOUSANDS, SWAP[grid[:, grouped]])
        if self.decimal == ",":  # "1,5" is a number, and "1.5" none
            number_here = number & ~(marks & POINT).astype(bool)
            number_here[commas] = accepts(NUMBER, SWAP[grid[:, commas]])
        else:
            number_here = number
        # read by Python: not ASCII, an underscore, a word float takes, a value that may pass
        # float32's range, a cell too long for the grid
        odd = (marks & ODD).astype(bool) | (length > WIDEST)
        # a byte no number holds, between two that str.strip keeps (ASCII) and within the grid if a
        # marker is as long: text, and missing only as the markers' bytes say
        odd &= ~((marks & FOREIGN).astype(bool) & (grid[0] < 128) & (data[np.maximum(last - 1, 0)] < 128)
                 & ((length <= WIDEST) | (self.longest_marker <= WIDEST)))
        if not self.marker_letters:  # a letter str.strip keeps: text, and no marker
            odd &= ~(marks & LETTER).astype(bool)
        word = np.flatnonzero(~number_here & np.isin(length, WORD_LENGTHS) & WORD_START[grid[0]])
        odd[word] |= np.isin(as_cells(LOWER[grid[:, word]]), WORDS)
        large = np.flatnonzero(number_here & ((marks & EXPONENT).astype(bool) | (length >= 39)))
        written = grid[:, large]
        odd[large] |= ~(np.abs(as_cells(SWAP[written] if self.decimal == "," else written).astype(np.float64)) < 1e38)
        # no number is missing: reads_quickly leaves no marker but NaN's that reads as one
        missing = np.zeros(len(cells), dtype=bool)
        marker = np.flatnonzero(~number_here & (length <= self.longest_marker))
        missing[marker] = np.isin(cells[marker], self.markers)
        finite = np.ones(len(cells), dtype=bool)
        too_large = np.zeros(len(cells), dtype=bool)
        truth = np.zeros(len(cells), dtype=bool)
        maybe = np.flatnonzero(~number_here & np.isin(length, [len(truth) for truth in TRUTH_BYTES]))
        truth[maybe] = np.isin(as_cells(LOWER[grid[:, maybe]]), TRUTH_BYTES)
        texts = None
        if odd.any():
            odd_at = np.flatnonzero(odd)
            flags, texts = self._odd(block, first[odd_at], last[odd_at], cells[odd_at], length[odd_at] > WIDEST)
            missing[odd_at], number_here[odd_at], comma_number[odd_at], finite[odd_at], too_large[odd_at] = flags
            truth[odd_at] = truth_cells(texts)  # "True" between Unicode spaces, which str.strip removes
        if len(column.values) <= MAX_CATEGORIES:  # the cells as load_csv's reader strips them: odd ones as read
            plain, kept = ~missing & ~odd, MAX_CATEGORIES + 1  # more than kept would be as many Python objects
            column.values.update(np.unique(cells[plain & (length <= WIDEST)])[:kept].tolist())
            column.values.update(block[a:b].strip() for a, b in zip(first[plain & (length > WIDEST)][:kept].tolist(),
                                                                      last[plain & (length > WIDEST)][:kept].tolist()))
            if texts is not None:
                column.values.update(text.encode() for text in texts[~missing[odd_at]][:kept].tolist())
        column.truths += int(truth.sum())
        column.numbers &= bool(number_here.all())
        column.filled += int((~missing).sum())
        column.text += int((~missing & ~comma_number).sum())
        column.missing += int(missing.sum())

        def where(mask):
            i = int(np.argmax(mask))
            text = texts[np.searchsorted(odd_at, i)] if odd[i] else block[first[i]:last[i]].decode().strip()
            return int(rows[i]), int(lines[i]), text
        if missing.any():
            column.missing_rows += (rows[missing][:4 - len(column.missing_rows)] + 1).tolist()
            column.first_missing = column.first_missing or where(missing)
        if (~number_here & ~missing).any():
            column.first_not_number = column.first_not_number or where(~number_here & ~missing)
        if (number_here & ~finite).any():
            column.first_not_finite = column.first_not_finite or where(number_here & ~finite)
        if (number_here & too_large).any():
            column.first_too_large = column.first_too_large or where(number_here & too_large)

    def _odd(self, block, first, last, cells, long):
        """(missing, a number, one with a comma, finite, too large for the dtype: five arrays;
        the stripped texts) of the cells from ``first`` to ``last`` of ``block``, ``cells`` their
        fixed-width texts, or where ``long`` a part of them, each distinct text read once."""
        said = np.empty((len(cells), 6), dtype=object)
        distinct, each = np.unique(cells[~long], return_inverse=True)
        said[~long] = np.array([self._said(text.decode().strip()) for text in distinct.tolist()] or
                               np.empty((0, 6)), dtype=object).reshape(-1, 6)[each]
        said[long] = np.array([self._said(block[a:b].decode().strip())
                               for a, b in zip(first[long].tolist(), last[long].tolist())] or
                              np.empty((0, 6)), dtype=object).reshape(-1, 6)
        return said[:, :5].astype(bool).T, said[:, 5]

    def _said(self, text):
        """(missing, a number, one with a comma, finite, too large for the dtype, ``text``) of
        the stripped cell ``text``, as ``load_csv``'s reader reads it."""
        if not is_number(text, self.decimal):
            return text in self.in_numbers, False, comma_number(text), True, False, text
        value = floats(np.array([text]), self.decimal)
        with np.errstate(over="ignore"):
            cast = value.astype(self.dtype)
        finite = bool(np.isfinite(value).all())
        return text in self.in_numbers, True, comma_number(text), finite, finite and not np.isfinite(cast).all(), text
