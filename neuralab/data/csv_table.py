"""A CSV's data rows held column by column (``Table``), each column an array as wide as its own
longest cell, and of bytes when its cells are ASCII. One 2-D array of text (4 bytes a character)
is as wide in every cell as the file's longest cell: cells of 9 characters took 36 bytes each,
four times the file, and a single name of 175 characters among them made 500,000 rows of 23
columns take 8 GB, 80 times the file. Column by column, a long cell widens its own column only,
and a column of ASCII (numbers, most names) takes a byte a character, about the file's own size.
``csv_rows.read_rows`` makes one."""
import numpy as np


class Table:
    """Rows of cells (stripped strings) as a list of 1-D arrays, one per column, read as a 2-D array
    of text is: ``table[:, j]`` is column j as text (str), ``table[i, j]`` a cell, ``table[:, [j,
    k]]`` and ``table[rows]`` (an index array) the Table of those columns or rows, without a copy
    of the columns kept; ``len(table)`` and ``table.shape`` as an array's. A column kept as bytes
    becomes text as it is asked for, one column at a time."""

    def __init__(self, columns):
        self.columns = columns

    @classmethod
    def of_blocks(cls, blocks):
        """The Table of ``blocks``, the rows in order as lists of column arrays (``block_columns``),
        which it empties: each column is joined, and its blocks freed, before the next, so that
        the blocks and the whole are not held at once. A column with a block of text (a cell
        that is not ASCII) is text throughout."""
        columns = []
        for j in range(len(blocks[0])):
            columns.append(np.concatenate([block[j] for block in blocks]))
            for block in blocks:
                block[j] = None
        return cls(columns)

    def __len__(self):
        return len(self.columns[0])

    @property
    def shape(self):
        return len(self), len(self.columns)

    def __getitem__(self, key):
        if not isinstance(key, tuple):   # rows
            return Table([column[key] for column in self.columns])
        rows, j = key
        if isinstance(j, list):
            return Table([self.columns[k][rows] for k in j])
        column = self.columns[j]
        return (column.astype(str) if column.dtype.kind == "S" else column)[rows]


def block_columns(rows):
    """The ``rows`` (lists of as many cells, at least one row) as a list of 1-D arrays, one per
    column, each as wide as its own longest cell: of bytes when its cells are ASCII, else of text."""
    return [_cells(cells) for cells in zip(*rows)]


def _cells(cells):
    """The strings ``cells`` as an array of bytes (a byte a character) if they are ASCII, else of text."""
    try:
        return np.array(cells, dtype=bytes)
    except UnicodeEncodeError:
        return np.array(cells, dtype=str)
