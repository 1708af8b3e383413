"""A CSV file's lines -> its header and rows of cells, each with the line it starts on: the
delimiter a first line "sep=;" declares, blank rows skipped, a delimiter ending every line
trimmed (``csv_trailing_columns``), and the errors of a file whose rows are not a table (no
header, a ragged row, a row index written as a column), and of a file that is no CSV text
(``csv_file_kinds``). ``csv.py`` decides what the columns are."""
import csv
import itertools
import re
from collections import Counter

from ..spelling import did_you_mean
from .csv_cells import decimal_comma, first_few, is_number
from .csv_error import Advice, CsvError, CsvFileNotFoundError, PythonOnly, Said
from .csv_file_kinds import not_utf8, refuse_binary
from .csv_table import Table, block_columns
from .csv_trailing_columns import nameless_after, trailing_columns

# Excel's declaration of the delimiter, alone on the file's first line: sep=; (or "sep=;").
SEP_LINE = re.compile(r'sep=([^"\r\n])|"sep=([^"\r\n])"')
USUAL_DELIMITERS = ",;\t|"
# With decimal=",", the rows that show which other delimiter the file has (see _delimiters_that_split)
SNIFFED_ROWS = 1000
# Rows held as Python lists of strings at a time (~70 bytes a cell, 8 times an array of bytes' 9 for
# a cell of 9 characters) before they become arrays (``csv_table``): held as lists, a file's every
# row took 18 times the file's size (read_rows)
ROWS_AT_ONCE = 20_000
# What a quote (") that opens a cell and is never closed does: ``csv`` reads every line after it into that cell
LEFT_OPEN = 'a quote (") left open there runs its cell on to the end of the file'
LINE_END = re.compile(r"\r\n|\r|\n")


def read_rows(path, delimiter, decimal, header_only=False):
    """(header, rows of stripped cells as a ``csv_table.Table``, file line number of each row,
    delimiter); blank lines, and rows of only delimiters (",,,": what a spreadsheet writes for an
    empty row), are skipped. The delimiter is ``delimiter`` or the one the first line declares
    (``_choose_delimiter``).
    ``header_only``: (the header's cells as written, the lines up to its end, the delimiter).

    A delimiter at the end of every line (as some spreadsheets write) ends the row and adds no
    column: empty cells past the header's last column are trimmed, and a header that ends with
    one (or more) loses each nameless column after its last name that no row fills in, whether
    the rows end with the delimiters too, with more, or not (``fitted_row``, ``trailing_columns``).
    A nameless column of row numbers is refused (``refuse_row_index``). The rows become arrays, one
    per column, ``ROWS_AT_ONCE`` at a time (``csv_table.block_columns``).
    """
    if path.is_dir():
        raise CsvError(f"{path} is a folder, not a CSV file")
    if not path.is_file():
        raise CsvFileNotFoundError(f"CSV file not found: {path}")
    refuse_binary(path)
    header, rows, blocks, lines = None, [], [], []
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            first = file.readline()
            delimiter, declared = _choose_delimiter(path, first, delimiter, decimal)
            for row, line, end in records(file if declared else itertools.chain([first], file), delimiter, declared):
                if header is None:
                    header, names, trailing = _header(row, path, decimal), row, nameless_after(row)
                    if header_only:
                        return names, end, delimiter
                    continue
                rows.append(fitted_row(row, header, trailing, path, line, delimiter))
                lines.append(line)
                if len(rows) == ROWS_AT_ONCE:
                    blocks.append(block_columns(rows))
                    rows = []
    except UnicodeDecodeError:
        raise not_utf8(path) from None
    except LineError as err:
        raise _not_csv(path, err) from None
    if header is None:
        raise CsvError(f"{path} is empty: expected a header line of column names, then data rows")
    if not lines:
        raise CsvError(f"{path} has a header but no data rows")
    if rows:
        blocks.append(block_columns(rows))
    rows = Table.of_blocks(blocks)
    kept = trailing_columns(path, header, trailing, lambda j: rows[:, j].tolist(), lines)
    refuse_row_index(path, names, lambda j: rows[:, j].tolist())
    if len(kept) < len(header):
        header, rows = [header[j] for j in kept], rows[:, kept]
    return header, rows, lines, delimiter


class LineError(csv.Error):
    """A ``csv.Error`` (a cell past ``csv.field_size_limit()``, a NUL byte) in the record that
    starts on the file's line ``line``, which csv's own errors do not say."""

    def __init__(self, line, problem):
        super().__init__(f"line {line}: {problem}")
        self.line, self.problem = line, problem


def records(lines, delimiter, before):
    """The records of the text ``lines`` that are not blank, as (their cells without the spaces
    around them, the line the record starts on, the line it ends on: a quoted cell may span
    several), the first of ``lines`` being the file's line ``before + 1``. Raises ``LineError``,
    for a quote left open at the end of the text too (``csv`` reads the rest into its cell, no
    error: the reader is handed one blank line past the end, which a record still going on
    then takes in)."""
    ended = []

    def the_end():
        ended.append(True)
        yield "\n"
    reader = csv.reader(itertools.chain(lines, the_end()), delimiter=delimiter, skipinitialspace=True)
    end = before
    try:
        for row in reader:
            line, end = end + 1, reader.line_num + before
            if ended and row:  # the cell a quote opens takes in every line after it, and the blank one
                raise LineError(line + sum(_line_ends(cell) for cell in row[:-1]), LEFT_OPEN)
            row = [cell.strip() for cell in row]
            if any(row):
                yield row, line, end
    except LineError:   # the quote left open, above: a csv.Error too, already named by its line
        raise
    except csv.Error as err:   # named by the line its record starts on: a quote left open runs it on for lines
        raise LineError(end + 1, err) from None


def _line_ends(text):
    """How many line ends ``text`` holds ("\\r\\n" is one)."""
    return len(LINE_END.findall(text))


def _not_csv(path, err):
    """The error of the file at ``path`` that ``csv`` refused (``err``, a ``LineError``): a quote
    left open at the end of the file, or a cell longer than csv reads (``csv.field_size_limit()``,
    131,072 characters), which is no number and no category, but most likely a quote left open,
    which runs the cell on to the file's end, or a file that is no CSV."""
    if err.problem == LEFT_OPEN:
        return CsvError(f"{path}, line {err.line}: {LEFT_OPEN}: add the missing closing quote where the cell "
                        f"ends, or remove the opening one")
    if "field larger than field limit" in str(err.problem):
        return CsvError(f"{path}, line {err.line}: a cell of more than {csv.field_size_limit():,} characters, which "
                        f"is no number and no category: mend or remove the line ({LEFT_OPEN})")
    return CsvError(f"{path}, line {err.line}: not a valid CSV file: {err.problem}")


def fitted_row(row, header, trailing, path, line, delimiter):
    """The data row ``row`` of the file's line ``line``, or the error of a row of another number of
    fields than ``header``. When the lines end with different numbers of delimiters, the row is
    read as if they ended alike: without its empty cells past the header's last column (a row
    "1,5;1;;" under the header "a;t;", as a spreadsheet writes a range wider than its columns;
    a filled one there is a ragged row), and with empty cells under the header's last, nameless
    columns (``trailing`` of them, ``nameless_after``), as many as the row lacks (as pandas reads
    both with ``index_col=False``). Such a column goes if every row leaves it empty, is refused
    if fewer rows fill it in than not, else its empty cells are missing values, named as any
    other (``trailing_columns``)."""
    if len(row) > len(header) and not any(row[len(header):]):
        row = row[:len(header)]
    elif len(header) - trailing <= len(row) < len(header):
        row = row + [""] * (len(header) - len(row))
    if len(row) != len(header):
        raise _ragged_row(path, line, row, header, delimiter)
    return row


class LinesOnDemand:
    """The file line of each data row, found when asked: for a reader that does not count lines
    (``np.loadtxt``), whose error then names one row. ``skip``: the lines up to the header's end."""

    def __init__(self, path, delimiter, skip):
        self.path, self.delimiter, self.skip = path, delimiter, skip

    def __getitem__(self, i):
        with open(self.path, newline="", encoding="utf-8-sig") as file:
            rows = records(itertools.islice(file, self.skip, None), self.delimiter, self.skip)
            return next(itertools.islice(rows, i, None))[1]


def _choose_delimiter(path, first, delimiter, decimal):
    """(the delimiter, 1 if the first line ``first`` declares it, as Excel's "sep=;", else 0).

    The file's declaration is the delimiter unless ``delimiter`` names another: then the two
    disagree, and reading with either would be a guess. A comma cannot also be the decimal mark:
    with ``decimal=","`` and neither, the file's delimiter is the one other usual delimiter that
    splits its first lines evenly, or, none doing so, the one that alone splits its header
    (``_delimiters_that_split``); none, or more than one, only the user can tell.
    """
    match = SEP_LINE.fullmatch(first.rstrip("\r\n"))
    declared = match and (match[1] or match[2])
    if declared and delimiter not in (None, declared):
        raise CsvError(f"{path}: its first line {first.strip()!r} declares {declared!r} between the cells, but ",
                       Advice("passed", "delimiter", delimiter), ": ", Advice("pass", "delimiter", declared),
                       PythonOnly("or default", ", or leave it out"))
    even, ragged = _delimiters_that_split(path) if decimal == "," and not (declared or delimiter) else ([], [])
    if even is None:  # a file of blank lines: read with ',', as no delimiter matters, the reader says it is empty
        return ",", 0
    found = [d for d in even if d != ","]
    if not even and len(ragged) == 1 and ragged != [","]:  # one splits the header: the reader names the ragged row
        found = ragged
    given, delimiter = delimiter, declared or delimiter or (found[0] if len(found) == 1 else ",")
    if delimiter == decimal:
        said = (f"its first line {first.strip()!r} declares ',' between the cells" if declared else
                Said(Advice("mention", "delimiter", ",")) if given else _no_delimiter_found(found, even))
        raise CsvError(f"{path}: ", Advice("mention", "decimal", ","), " reads '1,5' as one number, but ", said,
                       ": ", Advice("pass", "delimiter", ";"), " (or the character that separates the file's cells), "
                       "or, if its numbers have decimal points, ", Advice("leave out", "decimal", ","))
    return delimiter, 1 if declared else 0


def _delimiters_that_split(path):
    """(the usual delimiters (``USUAL_DELIMITERS``: ',', ';' as a European spreadsheet writes, a
    tab, '|') that split the file's header into columns and each of its first ``SNIFFED_ROWS``
    rows into as many (``fitted_row``), those that split the header but not some row): with
    decimal commas ("1,5"), the file's delimiter is the one of the first that is not ',', or,
    when none splits every row, the one that alone splits the header, whose ragged row the
    reader then names by its line. A ragged row further on is reported as such too. (None, [])
    for a file without a line of text, empty: no delimiter can split it, and none is wanting."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        if not any(line.strip() for line in file):
            return None, []

    def splits(delimiter):
        """"even", "header" (a row is ragged, or a quote left open after the rows, which the reader
        names) or None (one column, no row, a file ``csv`` refuses)."""
        lines, left_open = [], False
        with open(path, newline="", encoding="utf-8-sig") as file:
            try:
                lines.extend(row for row, _, _ in itertools.islice(records(file, delimiter, 0), SNIFFED_ROWS + 1))
            except UnicodeDecodeError:  # the reader's own words: not UTF-8
                raise
            except LineError as err:
                if err.problem != LEFT_OPEN:
                    return None
                left_open = True
            except (ValueError, csv.Error):
                return None
        if not lines or len(lines[0]) < 2:
            return None
        try:
            for row in lines[1:]:
                fitted_row(row, lines[0], nameless_after(lines[0]), path, 0, delimiter)
        except ValueError:
            return "header"
        return "header" if left_open else "even"
    found = {delimiter: splits(delimiter) for delimiter in USUAL_DELIMITERS}
    return ([d for d, how in found.items() if how == "even"], [d for d, how in found.items() if how == "header"])


def _no_delimiter_found(found, even):
    """Why decimal=',' cannot read a file with no delimiter given: ``found``, the delimiters
    other than ',' that split its first lines evenly, are several, or there are none and ','
    does (``even``: all that do), or none does. Saying the cells are separated by ',' of a
    ';' file whose third line is ragged would send the user looking for a comma."""
    if len(found) > 1:
        return f"{' and '.join(map(repr, found))} each split the header and the first rows evenly"
    if "," in even:
        return "the cells are separated by ',', the default"
    return "no other delimiter, ';', '\\t' or '|', splits the header and the first rows evenly"


def _ragged_row(path, line, row, header, delimiter):
    """The error for a row whose number of fields is not the header's, with its likely cause: the
    file's delimiter is another (``delimiter_hint``), or a quote left open over line ends
    (``_quote_hint``), or, for a row of more fields, a cell holding
    the delimiter without quotes ("Smith, John" is two cells, "Smith" and "John"), else, for a row
    of fewer, cells left out."""
    # a header name holding the delimiter in quotes ("Price, EUR" in a ';' file read with ',')
    # splits the header in two, so only the row's one field shows the file's delimiter
    hint = (delimiter_hint(header, delimiter, row=row)
            or delimiter_hint(row, delimiter, "the row has one field", row=row) or _quote_hint(row, line, delimiter))
    if hint is None:
        hint = (f"a cell that holds {delimiter!r} must be in double quotes (\"Smith, John\"), and each column "
                f"needs a name in the header" if len(row) > len(header) else
                "fill in the row's missing cells, or drop the row")
    # the names quoted, not joined by ", ", which would split them anew on a file of other delimiters
    return CsvError(f"{path}, line {line}: {len(row)} field{'s' * (len(row) != 1)}, expected "
                    f"{len(header)} like the header ({first_few([repr(name) for name in header], 10)}); ", hint)


def _quote_hint(row, line, delimiter):
    """For a ragged ``row`` (starting on the file's line ``line``) with a cell that a misplaced
    quote ran on (``quote_hint``): what it says of the first; else None."""
    return next((hint for k, cell in enumerate(row)
                 if (hint := quote_hint(cell, line + sum(_line_ends(other) for other in row[:k]), delimiter))), None)


def quote_hint(cell, opened, delimiter):
    """For a ``cell`` that starts on the file's line ``opened``, runs on over a line end and holds
    ``delimiter``, as a misplaced quote makes it: the line where that quote opened, and how far
    it runs; else None (a quoted note of two lines may be a real cell)."""
    ends = _line_ends(cell)
    if not (ends and delimiter in cell):
        return None
    return (f"a quote (\") opened on line {opened} runs its cell on to line {opened + ends}, over {ends} line "
            f"end{'s' * (ends > 1)} and the {delimiter!r} between cells: add the missing closing quote where the "
            f"cell ends, or remove the opening one")


def _header(row, path, decimal):
    if all(is_number(cell, decimal) for cell in row):
        raise CsvError(f"{path} has no header: its first line ({first_few([repr(cell) for cell in row], 10)}) "
                       "holds numbers; add a first line with the column names")
    header = column_names(row)
    duplicates = sorted(name for name, count in Counter(header).items() if count > 1)  # one pass: 5,000 columns
    if duplicates:
        places = [f"{name!r} to columns {first_few([j + 1 for j, other in enumerate(header) if other == name], 5)}"
                  for name in duplicates]
        raise CsvError(f"{path}: the header gives the name {'; '.join(places[:5])}{'; …' * (len(places) > 5)}, "
                       f"but columns are told apart by their names: rename them in the header so that each name "
                       f"differs, such as {duplicates[0]!r} and {duplicates[0] + '_2'!r}")
    return header


def column_names(cells):
    """The header's ``cells`` as column names: a nameless column is named by its place, "column_3"."""
    return [name or f"column_{j + 1}" for j, name in enumerate(cells)]


def refuse_row_index(path, names, column):
    """Refuses a nameless column whose cells (``column(j)``, the list of column j's cells) are the
    row numbers 0, 1, 2, ... (or 1, 2, 3, ...): the row index that pandas' ``df.to_csv()`` (or
    R's ``write.csv``, from 1) writes first, under an empty header cell, unless told
    ``index=False`` (``row.names = FALSE``). Read as a feature it is the row's place in the file,
    not a measurement: on data sorted by class (iris) it gives the label away, and the saved model then wants one
    input more than the real data has. Other nameless columns are data; a named column of row
    numbers is the user's own choice.
    """
    for j, name in enumerate(names):
        if name:
            continue
        cells = column(j)
        for start in (0, 1):  # pandas' default index; R's write.csv and 1-based ids
            # the first cell tells most columns apart, without a list of a million row numbers
            if cells[:1] == [str(start)] and cells == [str(start + i) for i in range(len(cells))]:
                raise CsvError(f"{path}: column {j + 1} has no name and holds the row numbers "
                               f"{first_few(cells)}: it looks like a row index written by pandas' to_csv or "
                               f"R's write.csv, not a feature; save the file with df.to_csv(..., index=False) "
                               f"or write.csv(..., row.names = FALSE), or give the column a name in the "
                               f"header to use it as a feature")


def delimiter_hint(header, delimiter, what="the header has one column", row=None):
    """For a one-column header (or row, told by ``what``) holding another usual delimiter, a
    guess that the file uses that one (a ';' file read with ',' has a single column
    'a;b;label'); else None. When the cells of ``row`` (a data row as ``delimiter`` split it),
    split by the guess instead, hold a decimal comma ("1,5", ``decimal_comma``), decimal=','
    is named too: told of the delimiter alone, the learner would next be told of the commas."""
    found = [d for d in USUAL_DELIMITERS if d != delimiter and d in header[0]] if len(header) == 1 else []
    if not found:
        return None
    guess = max(found, key=header[0].count)
    cells = [] if row is None else delimiter.join(row).split(guess)
    commas = [cell.strip() for cell in cells if decimal_comma(cell.strip())] if delimiter == "," else []
    decimal = Said(" and ", Advice("and", "decimal", ","), f" (its numbers have decimal commas: {commas[0]!r})"
                   ) if commas else ""
    return Said(f"{what} {header[0]!r}: is the file separated by {guess!r}? ", Advice("pass", "delimiter", guess), decimal)


def target_hint(header, delimiter, target):
    """For a header without the column ``target`` whose name holds it between another usual
    delimiter ("b;Ziel" of a ';' file read with ',', its names split at the commas of "a,b"),
    a guess that the file uses that one; else None."""
    for name in header:
        found = [d for d in USUAL_DELIMITERS if d != delimiter and target in name.split(d)]
        if found:
            return Said(f"the column {name!r} holds {target!r}: is the file separated by {found[0]!r}? ",
                        Advice("pass", "delimiter", found[0]))
    return None


def columns_or_delimiter(header, delimiter, decimal, target):
    """The columns, after the closest name to ``target`` when one is close ("lbl" for "label"), or
    the guess of ``delimiter_hint`` (or ``target_hint``, of the ``target`` within a name).
    The names are quoted: joined by ", " alone, "0,5" of a file of decimal commas would read as two."""
    guess = delimiter_hint(header, delimiter) or target_hint(header, delimiter, target)
    if guess:
        return guess
    numbers = [repr(name) for name in header if is_number(name, decimal)]
    data_like = (f"; the first line looks like data ({', '.join(numbers[:3])} are numbers, not names): "
                 f"add a header line of column names" if numbers else "")
    return f"{did_you_mean(target, header)}available columns: {', '.join(map(repr, header))}{data_like}"
