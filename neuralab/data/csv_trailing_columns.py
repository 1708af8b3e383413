"""The nameless columns after a CSV header's last name, which a delimiter at the end of its lines
makes (the header "a;t;", as a spreadsheet writes a range wider than its columns): each goes when
no row fills it in, and is refused when fewer rows fill it in than leave it empty, as such a cell
is far more likely a stray one (a delimiter too many in a row) than a column that most rows lack;
else it is a column, whose empty cells are missing values. ``csv_rows.fitted_row`` reads a row
that leaves them out as if it ended with them."""
from .csv_cells import first_few
from .csv_error import CsvError


def nameless_after(names):
    """How many nameless cells end the header's ``names`` (as written) after its last name: the
    columns a row may leave out (``fitted_row``)."""
    return next((k for k, name in enumerate(reversed(names)) if name), len(names))


def trailing_columns(path, header, trailing, column, lines):
    """The columns of ``header`` kept, as a list of their indices: each of its ``trailing`` last,
    nameless columns (``nameless_after``) goes when no row fills it in, and is refused when fewer
    rows fill it in than leave it empty (``stray_cells``), as a cell there is far more likely a
    stray cell (one delimiter too many in a row) than a column that most rows lack; else it is
    a column, whose empty cells are missing values. ``column(j)``: the list of column j's cells
    in every row, ``lines`` the line of each row."""
    kept = list(range(len(header) - trailing))
    for j in range(len(header) - trailing, len(header)):
        cells = column(j)
        filled = [i for i, cell in enumerate(cells) if cell]
        if filled and len(filled) < len(cells) - len(filled):
            first = filled[:4]  # first_few shows three, and "…" after them if there are more
            raise stray_cells(path, j, len(header), [i + 1 for i in first], [lines[i] for i in first],
                              [cells[i] for i in first], len(filled), len(cells))
        if filled:
            kept.append(j)
    return kept


def stray_cells(path, j, n_columns, rows, lines, cells, filled, n_rows):
    """The error of the header's nameless column ``j`` (of ``n_columns``) after its last name,
    which ``filled`` of its ``n_rows`` rows fill in, fewer than leave it empty: the first (up to
    four) of those, ``rows`` (counting from 1), their ``lines`` and ``cells``, are where the fault
    is, not the many rows that leave the column empty (``trailing_columns``)."""
    column = "the header's last, nameless column" if j == n_columns - 1 else f"the header's nameless column {j + 1}"
    where = f"which {n_rows - filled} of the {n_rows} rows leave empty"
    fix = "or name the column in the header and fill it in"
    if filled == 1:
        return CsvError(f"{path}: row {rows[0]} (line {lines[0]}) has a cell, {cells[0]!r}, under {column}, "
                        f"{where}: remove that cell, {fix}")
    return CsvError(f"{path}: {filled} rows have a cell under {column}, {where}: rows {first_few(rows)} (lines "
                    f"{first_few(lines)}) hold {first_few([repr(cell) for cell in cells])}; remove those cells, "
                    f"{fix}")
