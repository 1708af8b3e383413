"""The column names load_csv reads from a CSV's text, which the upload panel's target list
(data.js's ``csvHeader``) must show: the browser tests compare the page's list with these."""
import csv
import io

from neuralab.data.csv_rows import SEP_LINE, LineError, column_names, read_rows, records
from neuralab.data.csv_trailing_columns import nameless_after


def load_csv_header(text, folder, delimiter=None):
    """The column names that load_csv's reader (``csv_rows.read_rows``) takes from ``text``,
    written to a file in ``folder``, with ``delimiter`` (by default its own: the one a first line
    "sep=X" declares, else ','): a nameless column named by its place ("column_3"), and those after
    the header's last name that no row fills in dropped. A file the reader refuses (no data rows,
    a header of numbers, a ragged row) is read record by record as it reads them
    (``records_header``): what the page lists before the server says what is wrong."""
    path = folder / "header.csv"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        return read_rows(path, delimiter, ".")[0]
    except ValueError:
        return records_header(text, delimiter)


def records_header(text, delimiter=None):
    """The column names of ``text`` from the records of load_csv's reader (``csv_rows.records``:
    Python's csv module, blank rows skipped), after a byte order mark and a "sep=X" line: the
    first record, without the nameless cells after its last name that no later record fills in. A
    quote left open, which the reader refuses, reads on to the end of the text, as csv reads it."""
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="")
    declared = SEP_LINE.fullmatch(lines.readline().rstrip("\r\n"))
    if not declared:
        lines.seek(0)
    delimiter = delimiter or (declared[1] or declared[2] if declared else ",")
    start = lines.tell()
    try:
        found = [row for row, _, _ in records(lines, delimiter, 0)]
    except LineError:   # a quote left open, which the server refuses: csv reads the rest into its cell, as the page
        lines.seek(start)
        found = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter, skipinitialspace=True)
                 if any(cell.strip() for cell in row)]
    names, *rows = found or [[]]
    named = len(names) - nameless_after(names)
    return [name for j, name in enumerate(column_names(names))
            if j < named or any(j < len(row) and row[j] for row in rows)]
