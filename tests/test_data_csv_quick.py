"""load_csv's quick readers (csv_fast.py for a file of numbers, csv_columns.py for the columns of
one that is not, csv_faults.py for the few rows at fault of one with quotes, csv_quoted.py for the
columns of one whose quotes hide a delimiter or a line break) answer as its
cell-by-cell reader does: the same data or the same error, on random files with bad cells of
every kind at random places, and on large files in a fraction of the memory."""
import tracemalloc

import numpy as np
import pytest

from neuralab.data import csv as csv_module
from neuralab.data import csv_cell_kinds, csv_columns, csv_faults, csv_quoted, load_csv
from neuralab.data.csv_cells import is_number

# Cells that np.loadtxt and load_csv may read differently, or that load_csv refuses: text,
# missing markers, non-finite numbers, numbers past float32, quotes, Unicode digits, Python's
# underscores, signs and spaces, hex, spreadsheet commas.
QUICK_BAD_CELLS = ["abc", "NA", "", "nan", "NaN", "inf", "-inf", "1e400", "1e39", '"5"', ' "5"', "1_000", "+5",
                  " 5 ", "0x10", "\u0661\u0662", "1,5", "1.234,5", "None", "?", "-", "#N/A", "1,000", "True",
                  "-999", "5 5", "\xa05", "0,25", "12,345,678", "1.#IND", '"1,5"', '"7"', "12.345.678", "-1.234,56"]
QUICK_BAD_TARGETS = ["", "NA", "inf", "Cat", "?", '"a,b"', ' "c"', "1.5", "abc", "nan", "7", '"two\nlines"',
                     '"say ""hi"""']


def _quick_number(rng, mark):
    """A random number as a spreadsheet or NumPy may write it, with the decimal mark ``mark``."""
    kind = rng.integers(4)
    text = (str(rng.integers(-50, 50)) if kind == 0 else f"{rng.normal():.4f}" if kind == 1
            else f"{rng.normal() * 1e5:.3e}" if kind == 2 else repr(float(rng.normal())))
    return text.replace(".", mark)


def _quick_random_file(rng):
    """(the bytes of a random CSV with a few bad cells, rows or lines, load_csv's keyword arguments)."""
    decimal = "," if rng.random() < 0.25 else "."
    delimiter = str(rng.choice([";", "\t", "|"] if decimal == "," else [",", ",", ";", "\t"]))
    n_features, n_rows = int(rng.integers(1, 7)), int(rng.integers(6, 40))
    # numbers written with the other mark than decimal's, as a European spreadsheet read with decimal="."
    mark = decimal if delimiter == "," or rng.random() < 0.85 else ",."[decimal == ","]
    names = [f"x{j}" for j in range(n_features)]
    names.insert(int(rng.integers(n_features + 1)), "y")
    if rng.random() < 0.15:
        names[int(rng.integers(len(names)))] = ""  # a nameless column, of data or (below) the row index
    target_kind = rng.integers(3)
    # whole numbers hold no decimal mark: the columns before the first that does read with either mark
    whole = rng.random(len(names)) < 0.3 if rng.random() < 0.5 else np.arange(len(names)) < rng.integers(len(names))
    rows = []
    for _ in range(n_rows):
        row = [str(rng.integers(-50, 50)) if whole[j] else _quick_number(rng, mark) for j in range(len(names))]
        row[names.index("y") if "y" in names else 0] = (
            str(rng.choice(["cat", "dog", "bird"])) if target_kind == 0 else str(rng.integers(3)) if target_kind == 1
            else _quick_number(rng, mark))
        rows.append(row)
    features = [j for j, name in enumerate(names) if name != "y"]
    if rng.random() < 0.1:  # a feature column of text (a name, a sex), most of whose cells are words
        j = int(rng.choice(features))
        for row in rows:
            row[j] = str(rng.choice(["male", "female", "1.5"], p=[0.4, 0.4, 0.2]))
    if rng.random() < 0.1:  # a column of true and false, as pandas' get_dummies writes one
        j = int(rng.choice(features))
        for row in rows:
            row[j] = str(rng.choice(["True", "False", "true", "FALSE"]))
    if rng.random() < 0.1:  # one of names in quotes that hide a delimiter, a line break or a quote
        j = int(rng.choice(features))
        for row in rows:
            row[j] = str(rng.choice([f'"Doe{delimiter} Jane"', '"two\r\nlines"', '"say ""hi"""', '" 1.5 "', "NA"]))
    for _ in range(int(rng.integers(0, 5))):  # bad cells anywhere, features or target
        i, j = int(rng.integers(n_rows)), int(rng.integers(len(names)))
        rows[i][j] = str(rng.choice(QUICK_BAD_TARGETS if names[j] == "y" else QUICK_BAD_CELLS))
    if rng.random() < 0.1:  # pandas' row index, perhaps with a row number wrong
        start, wrong = int(rng.integers(2)), int(rng.integers(2 * n_rows))
        names.insert(0, "")
        rows = [[str(start + i + (i == wrong))] + row for i, row in enumerate(rows)]
    if rng.random() < 0.08:  # delimiters ending the header's line, and all, some or no rows', maybe before numbers
        filled, lacking, nameless = rng.choice([0, 0, 0.1, 1]), rng.choice([0, 0.5, 1]), int(rng.choice([1, 1, 2]))
        names += [""] * nameless
        for row in rows:
            cells = [_quick_number(rng, mark) if rng.random() < filled else "" for _ in range(nameless)]
            while cells and cells[-1] == "" and rng.random() < lacking:
                cells.pop()
            row += cells
    lines = [delimiter.join(row) for row in rows]
    for _ in range(int(rng.integers(0, 3)) * (rng.random() < 0.3)):  # ragged rows, trailing delimiters, blank lines
        i = int(rng.integers(n_rows))
        lines[i] = str(rng.choice([lines[i] + delimiter + "7", lines[i] + delimiter, lines[i] + delimiter * 2,
                                   delimiter.join(lines[i].split(delimiter)[1:]), "", "  ", delimiter * 2]))
    first = ["sep=" + delimiter] if rng.random() < 0.1 else []
    end = "\r\n" if rng.random() < 0.2 else "\n"
    text = end.join(first + [delimiter.join(names)] + lines) + end
    options = {"delimiter": None if first or delimiter == "," else delimiter, "decimal": decimal,
               "task": str(rng.choice(["auto", "auto", "multiclass", "regression", "binary"])),
               "na_values": [None, None, (), ["?"], ["-999"]][rng.integers(5)]}
    data = (("\ufeff" if rng.random() < 0.1 else "") + text).encode()
    if rng.random() < 0.05:  # a byte that is not UTF-8 (a Latin-1 "é"), at the start of a random line
        starts = [k + 1 for k, byte in enumerate(data[:-1]) if byte == ord("\n")]
        k = int(rng.choice(starts))
        data = data[:k] + b"\xe9" + data[k:]
    return data, options


def _quick_outcome(path, target="y", **options):
    """What load_csv makes of ``path``: its dataset's arrays and names, or its error's words."""
    try:
        ds = load_csv(path, target, **options)
    except ValueError as err:
        return str(err)
    return ds.X.dtype, ds.X.tobytes(), ds.X.shape, ds.y.dtype, ds.y.tobytes(), ds.task, ds.class_names, ds.feature_names


def _quick_cell_by_cell(monkeypatch):
    """load_csv with its quick readers switched off: every cell read by Python's csv module."""
    monkeypatch.setattr(csv_module, "read_numbers", lambda *args: None)
    monkeypatch.setattr(csv_module, "rows_at_fault", lambda *args: None)
    monkeypatch.setattr(csv_module, "read_columns", lambda *args: None)
    monkeypatch.setattr(csv_module, "read_quoted_columns", lambda *args: None)


def test_random_files_with_bad_cells_read_as_the_cell_by_cell_reader_reads_them(tmp_path, monkeypatch):
    rng = np.random.default_rng(2024)
    path = tmp_path / "t.csv"
    quick, files = [], []
    for _ in range(300):
        data, options = _quick_random_file(rng)
        path.write_bytes(data)
        # blocks of a few lines, so that a small file has blocks np.loadtxt reads and blocks it does not,
        # and few rows at fault before the file is left to the full read
        monkeypatch.setattr(csv_faults, "BLOCK_LINES", int(rng.integers(1, 6)))
        monkeypatch.setattr(csv_faults, "PIECE_LINES", int(rng.integers(1, 4)))
        monkeypatch.setattr(csv_faults, "FEW_ROWS_AT_FAULT", int(rng.integers(1, 4)))
        monkeypatch.setattr(csv_faults, "MAX_ROWS_AT_FAULT", int(rng.integers(2, 8)))
        # blocks of a few bytes, and cells wider than a few bytes read one by one
        monkeypatch.setattr(csv_columns, "BLOCK_BYTES", int(rng.integers(1, 200)))
        monkeypatch.setattr(csv_cell_kinds, "WIDEST", int(rng.integers(1, 12)))
        monkeypatch.setattr(csv_quoted, "BLOCK_ROWS", int(rng.integers(1, 6)))  # records of quotes at block edges
        quick.append(_quick_outcome(path, **options))
        files.append((data, options))
    _quick_cell_by_cell(monkeypatch)
    for (data, options), answer in zip(files, quick):
        path.write_bytes(data)
        assert answer == _quick_outcome(path, **options), (data, options)


def _quick_big_lines(cell=None, column=None, row=9_000, whole=0, delimiter=","):
    """The lines of a CSV of 10,000 rows of 20 numbers and a text class, with ``cell`` in
    ``column`` of data row ``row`` (counting from 1; column None: a cell more), and a blank line
    in the middle, so that rows and lines are counted apart. The first ``whole`` columns hold
    whole numbers, without a decimal mark."""
    rng = np.random.default_rng(3)
    values = rng.standard_normal((10_000, 20)).round(6)
    values = np.column_stack([(values[:, :whole] * 100).round().astype(int).astype(object), values[:, whole:]])
    classes = np.array(["bird", "cat", "dog"])[rng.integers(0, 3, 10_000)]
    lines = [delimiter.join([f"x{j}" for j in range(20)] + ["label"])]
    lines += [delimiter.join([*map(str, row), c]) for row, c in zip(values.tolist(), classes)]
    if cell is not None:
        cells = lines[row].split(delimiter)
        if column is None:
            cells.append(cell)
        else:
            cells[column] = cell
        lines[row] = delimiter.join(cells)
    lines.insert(4_500, "")
    return lines


def _quick_european(lines):
    """``lines`` as a European spreadsheet writes them: ';' between the cells, decimal commas."""
    return [line.replace(",", ";").replace(".", ",") for line in lines]


def _quick_row_index(lines):
    """``lines`` with the row index that pandas' to_csv writes first, under a nameless header cell."""
    return ["," + lines[0]] + [f"{i},{line}" for i, line in enumerate(line for line in lines[1:] if line)]


def _quick_nameless(lines, column):
    """``lines`` with the header cell of ``column`` empty: a column of data without a name."""
    names = lines[0].split(",")
    names[column] = ""
    return [",".join(names)] + lines[1:]


def _quick_quoted(lines):
    """``lines`` with each class name in double quotes, as R's write.csv writes text."""
    return lines[:1] + [f'{line.rpartition(",")[0]},"{line.rpartition(",")[2]}"' if line else line
                        for line in lines[1:]]


def _quick_r_style(lines):
    """``lines`` as R's write.csv writes them: the header's names and every cell that is not a
    number in double quotes."""
    return [",".join(cell if is_number(cell) else f'"{cell}"' for cell in line.split(",")) if line else line
            for line in lines]


def _quick_many_bad(lines, cell, column, every):
    """``lines`` with ``cell`` in ``column`` of every ``every``-th data row."""
    lines = list(lines)
    for k in [k for k, line in enumerate(lines) if k and line][every - 1::every]:
        cells = lines[k].split(",")
        cells[column] = cell
        lines[k] = ",".join(cells)
    return lines


def _quick_column(lines, column, cell):
    """``lines`` with ``cell(i)`` in ``column`` of the ``i``-th data row (counting from 0)."""
    data = [k for k, line in enumerate(lines) if k and line]
    lines = list(lines)
    for i, k in enumerate(data):
        cells = lines[k].split(",")
        cells[column] = cell(i)
        lines[k] = ",".join(cells)
    return lines


def _quick_trailing(lines, every_line=False, delimiter=",", nameless=1):
    """``lines`` whose header ends with ``nameless`` delimiters (as many nameless columns), as do,
    by one delimiter (``every_line``), the data lines that have no cell past the header's last name."""
    width = lines[0].count(delimiter) + 1
    return [lines[0] + delimiter * nameless] + [line + delimiter if every_line and line and
                                                line.count(delimiter) < width else line for line in lines[1:]]


def _quick_ending(lines, ending):
    """``lines`` whose data lines end with ``ending`` (delimiters, say: empty cells past the header's)."""
    return lines[:1] + [line + ending if line else line for line in lines[1:]]


def _quick_extra(lines, cell, every):
    """``lines`` (separated by commas) with ``cell`` after the last cell of every ``every``-th data row."""
    data = [k for k, line in enumerate(lines) if k and line][every - 1::every]
    return [line + "," + cell if k in data else line for k, line in enumerate(lines)]


QUICK_NAMES = tuple(f"x{j}" for j in range(20))
STRAY_WORDS = "remove that cell, or name the column in the header and fill it in"


@pytest.mark.parametrize("lines, options, words", [
    (_quick_big_lines("abc", 4), {}, "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_big_lines("NA", 4), {}, "column 'x4', row 9000 (line 9002): 'NA' is a missing value"),
    (_quick_big_lines("inf", 7), {}, "column 'x7', row 9000 (line 9002): 'inf' is not a finite number"),
    (_quick_big_lines("1e39", 19), {}, "column 'x19', row 9000 (line 9002): '1e39' is too large for float32"),
    (_quick_big_lines("", 20), {}, "column 'label', row 9000 (line 9002): empty cell"),
    (_quick_big_lines("7"), {}, "line 9002: 22 fields, expected 21"),
    (_quick_row_index(_quick_big_lines()), {}, "column 1 has no name and holds the row numbers 0, 1, 2, …"),
    (_quick_european(_quick_big_lines()), {"delimiter": ";"},
     ("column 'x0', row 1 (line 2): '2,040919' is not a number (write decimals with a point: 0.5, not 0,5; or "
      "pass decimal=','")),
    ([line.replace(",", ";") for line in _quick_big_lines()], {"delimiter": ";", "decimal": ","},
     "column 'x0', row 1 (line 2): '2.040919' is not a number (with decimal=',' a number is written 1,5"),
    (_quick_european(_quick_big_lines()), {"delimiter": ";", "decimal": ","}, QUICK_NAMES),
    (_quick_european(_quick_big_lines("abc", 4)), {"delimiter": ";", "decimal": ","},
     "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_big_lines("1,5", 4, whole=5, delimiter=";"), {"delimiter": ";"},
     "column 'x4', row 9000 (line 9002): '1,5' is not a number (write decimals with a point: 0.5, not 0,5; or pass "
     "decimal=','"),
    (_quick_big_lines("1,5", 4, delimiter=";"), {"delimiter": ";"},
     "column 'x4', row 9000 (line 9002): '1,5' is not a number (write decimals with a point: 0.5, not 0,5)"),
    (_quick_european(_quick_big_lines(whole=10)), {"delimiter": ";"},
     "column 'x10', row 1 (line 2): '0,225787' is not a number (write decimals with a point: 0.5, not 0,5; or "
     "pass decimal=','"),
    (_quick_big_lines(whole=10, delimiter=";"), {"delimiter": ";", "decimal": ","},
     "column 'x10', row 1 (line 2): '0.225787' is not a number (with decimal=','"),
    (_quick_nameless(_quick_big_lines(), 2), {}, ("x0", "x1", "column_3", *QUICK_NAMES[3:])),
    ([line + "," if line else line for line in _quick_big_lines()], {}, QUICK_NAMES),
    (_quick_nameless(_quick_big_lines("abc", 4), 2), {}, "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_row_index(_quick_big_lines("abc", 4)), {}, "column 1 has no name and holds the row numbers 0, 1, 2, …"),
    (_quick_quoted(_quick_big_lines("abc", 4)), {}, "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_many_bad(_quick_big_lines(), "NA", 4, 5), {},
     "column 'x4', row 5 (line 6): 'NA' is a missing value (fill in or drop the row, or pass missing='drop' "
     "to drop all rows with a missing cell; the column has 2000 missing "
     "values, in rows 5, 10, 15, …)"),
    (_quick_column(_quick_big_lines(), 3, lambda i: f"person{i}"), {},
     "column 'x3', row 1 (line 2): 'person0' is not a number; this column holds text, but features must be numbers"),
    (_quick_column(_quick_big_lines(), 3, lambda i: str(i) if i % 3 == 0 else f"A{i}"), {},
     "column 'x3', row 2 (line 3): 'A1' is not a number; this column holds text, but"),
    (_quick_column(_quick_big_lines(), 3, lambda i: str(i) if i % 2 == 0 else f"A{i}"), {},
     "column 'x3', row 2 (line 3): 'A1' is not a number"),
    (_quick_column(_quick_big_lines(), 6, lambda i: ["n/a", "?", "", "0.5", "1.5"][i % 5]), {},
     ("column 'x6', row 1 (line 2): 'n/a' is a missing value (fill in or drop the row, or pass missing='drop' "
      "to drop all rows with a missing cell; the column has 6000 missing "
      "values, in rows 1, 2, 3, …)")),
    (_quick_column(_quick_column(_quick_column(_quick_big_lines(), 2, lambda i: ["n/a", "1"][i % 2]), 7,
                                 lambda i: f"name {i}"), 11, lambda i: ["yes", "no", "NA"][i % 3]), {},
     "column 'x7', row 1 (line 2): 'name 0' is not a number; this column holds text, and so does column 'x11', but"),
    ([line.replace(",", ";").replace(".", ",") for line in _quick_column(_quick_big_lines(), 6, lambda i: [
        "n/a", "?", "", "0.5"][i % 4])], {"delimiter": ";", "decimal": ","},
     "column 'x6', row 1 (line 2): 'n/a' is a missing value (fill in or drop the row, or pass missing='drop' "
     "to drop all rows with a missing cell; the column has 7500 missing"),
    ([line.replace(",", " ,\t") for line in _quick_column(_quick_big_lines(), 3, lambda i: f"person{i}")], {},
     "column 'x3', row 1 (line 2): 'person0' is not a number; this column holds text, but features must be numbers"),
    (_quick_column(_quick_big_lines(), 6, lambda i: ["inf", "1e39", "0.5"][i % 3]), {},
     "column 'x6', row 1 (line 2): 'inf' is not a finite number"),
    (_quick_column(_quick_big_lines(), 6, lambda i: ["1e39", "-1e39", "0.5"][i % 3]), {},
     "column 'x6', row 1 (line 2): '1e39' is too large for float32"),
    (_quick_row_index(_quick_column(_quick_big_lines(), 3, lambda i: f"person{i}")), {},
     "column 1 has no name and holds the row numbers 0, 1, 2, …"),
    (_quick_nameless(_quick_column(_quick_big_lines(), 3, lambda i: f"person{i}"), 2), {},
     "column 'x3', row 1 (line 2): 'person0' is not a number; this column holds text, but features must be numbers"),
    (_quick_r_style(_quick_column(_quick_big_lines(), 3, lambda i: f"person{i}")), {},
     "column 'x3', row 1 (line 2): 'person0' is not a number; this column holds text, but features must be numbers"),
    (_quick_r_style(_quick_column(_quick_big_lines(), 6, lambda i: ["n/a", "?", "0.5"][i % 3])), {},
     "column 'x6', row 1 (line 2): 'n/a' is a missing value (fill in or drop the row, or pass missing='drop' "
     "to drop all rows with a missing cell; the column has 6667 missing"),
    (_quick_column(_quick_big_lines(), 3, lambda i: f'"Smith, John {i}"'), {},
     ("column 'x3', row 1 (line 2): 'Smith, John 0' is not a number; this column holds text, but features must be "
      "numbers")),
    (_quick_column(_quick_big_lines(), 5, lambda i: f"{i % 28 + 1}.{i % 12 + 1}.2024 {i % 24}:30"), {},
     "column 'x5', row 1 (line 2): '1.1.2024 0:30' is not a number; this column holds dates, but features must be"),
    (_quick_column(_quick_column(_quick_big_lines(), 7, lambda i: f"2024-{i % 12 + 1:02}-{i % 28 + 1:02}"), 3,
                   lambda i: f'"Smith, John {i}"'), {},
     ("column 'x3', row 1 (line 2): 'Smith, John 0' is not a number; this column holds text; column 'x7' holds "
      "dates, but features must be numbers")),
    (_quick_column(_quick_big_lines(), 3, lambda i: f'"note\r\n{i}"' if i % 3 else f'"{i}, say ""hi"""'), {},
     "column 'x3', row 1 (line 2): '0, say \"hi\"' is not a number; this column holds text, but features must be"),
    (_quick_column(_quick_big_lines(), 6, lambda i: ['"n/a"', '"1,5"', "0.5", '"Doe, Jane"'][i % 4]), {},
     "column 'x6', row 1 (line 2): 'n/a' is a missing value (fill in or drop the row, or pass missing='drop' "
     "to drop all rows with a missing cell; the column has 2500 missing"),
    (_quick_trailing(_quick_big_lines("7")), {},
     f"row 9000 (line 9002) has a cell, '7', under the header's last, nameless column, which 9999 of the 10000 rows "
     f"leave empty: {STRAY_WORDS}"),
    (_quick_trailing(_quick_big_lines("7"), every_line=True), {},
     f"row 9000 (line 9002) has a cell, '7', under the header's last, nameless column, which 9999 of the 10000 rows "
     f"leave empty: {STRAY_WORDS}"),
    (_quick_trailing(_quick_european(_quick_big_lines("7")), delimiter=";"), {"decimal": ","},
     f"row 9000 (line 9002) has a cell, '7', under the header's last, nameless column, which 9999 of the 10000 rows "
     f"leave empty: {STRAY_WORDS}"),
    (_quick_trailing(_quick_extra(_quick_big_lines(), '"7"', 1000)), {},
     "10 rows have a cell under the header's last, nameless column, which 9990 of the 10000 rows leave empty: rows "
     "1000, 2000, 3000, … (lines 1001, 2001, 3001, …) hold '7', '7', '7', …; remove those cells, or name the column "
     "in the header and fill it in"),
    (_quick_trailing(_quick_big_lines("7"), every_line=True, nameless=2), {},
     f"row 9000 (line 9002) has a cell, '7', under the header's nameless column 22, which 9999 of the 10000 rows "
     f"leave empty: {STRAY_WORDS}"),
    (_quick_trailing(_quick_big_lines("abc", 4)), {}, "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_ending(_quick_big_lines("abc", 4), ",,"), {},
     "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_ending(_quick_trailing(_quick_european(_quick_big_lines("abc", 4)), delimiter=";"), ";;"),
     {"decimal": ","}, "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
    (_quick_ending(_quick_big_lines("7"), ",,"), {}, "line 9002: 24 fields, expected 21"),
    (_quick_trailing(_quick_column(_quick_big_lines(), 3, lambda i: f"person{i}"), every_line=True, nameless=2), {},
     "column 'x3', row 1 (line 2): 'person0' is not a number; this column holds text, but features must be numbers"),
], ids=["text", "missing", "inf", "float32", "empty target", "ragged", "row index", "decimal commas",
        "decimal points", "decimal commas read", "decimal commas and text", "a comma in whole numbers",
        "a comma in decimals", "decimal commas from the 11th column", "decimal points from the 11th column",
        "nameless column", "a delimiter ending every line", "nameless column and text", "row index and text",
        "quotes and text", "2000 rows at fault", "a column of names", "ids, most of them text",
        "ids, half of them text", "a column mostly missing", "three columns at fault",
        "a column mostly missing with decimal commas", "names among spaces and tabs", "inf in many rows",
        "float32's range passed in many rows", "row index and names", "nameless column and names",
        "R's write.csv: names in quotes", "R's write.csv: a column mostly missing, in quotes",
        "names holding the delimiter in quotes", "dates and times", "names in quotes and dates",
        "line breaks and doubled quotes in quotes",
        "a column mostly missing, among quoted delimiters", "a stray cell past the header's last delimiter",
        "a stray cell past the delimiter ending every line", "a stray cell with decimal commas",
        "ten stray cells in quotes", "a stray cell past two nameless columns", "a header's last delimiter and text",
        "empty cells past the header's and text", "empty cells past the header's last delimiter and text",
        "a cell past the header's among empty ones",
        "a header's two last delimiters and names"])
def test_a_large_csv_is_read_or_refused_in_little_memory_as_the_cell_by_cell_reader_does(
        tmp_path, monkeypatch, lines, options, words):
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        quick = _quick_outcome(path, "label", **options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(lines) * 21 * 40, f"load_csv allocated {peak / (len(lines) * 21):.0f} bytes per cell"
    assert quick[-1] == words if isinstance(words, tuple) else words in quick
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path, "label", **options) == quick


@pytest.mark.parametrize("european", [False, True])
def test_a_header_ending_with_a_delimiter_its_rows_lack_is_read_quickly(tmp_path, monkeypatch, european):
    """A header "x0;...;label;" over rows without that last delimiter (refused as ragged before)
    is read by np.loadtxt as the file without it, to the cell-by-cell reader's data, and so is a
    header ending with two over rows ending with one or two: the nameless columns after its last name,
    which no row fills in, are no columns (the one before the last was kept, its empty cells
    missing values); and rows ending with more delimiters than the header, all or some (refused
    as ragged before: "1,5;1;;" under "a;t;"), or with one a single row has."""
    lines = _quick_big_lines()[:2_001]  # 2,000 rows
    lines = _quick_european(lines) if european else lines
    delimiter, options = (";", {"decimal": ","}) if european else (",", {})
    read_rows, whole = csv_module.read_rows, []
    monkeypatch.setattr(csv_module, "read_rows", lambda path, delimiter, decimal, header_only=False: (
        whole.append(not header_only) or read_rows(path, delimiter, decimal, header_only)))
    path = tmp_path / "trailing.csv"
    files = [[lines[0] + delimiter, *lines[1:]],
             [lines[0] + delimiter, *lines[1:1_000], lines[1_000] + delimiter, *lines[1_001:]],
             [lines[0] + delimiter * 2, *(line + delimiter if line else line for line in lines[1:])],
             [lines[0] + delimiter * 2, *(line + delimiter * 2 if line else line for line in lines[1:])],
             [lines[0] + delimiter, *(line + delimiter * 2 if line else line for line in lines[1:])],
             [lines[0], *(line + delimiter * 3 if line else line for line in lines[1:])],
             [lines[0] + delimiter, *lines[1:1_000], lines[1_000] + delimiter * 2, *lines[1_001:]]]
    quick = []
    for k, text in enumerate(files):
        path.write_text("\n".join(text) + "\n")
        whole.clear()
        quick.append(_quick_outcome(path, "label", **options))
        assert not any(whole), f"file {k} read cell by cell"
    assert quick[0][-1] == QUICK_NAMES and quick[1:] == [quick[0]] * (len(files) - 1)
    _quick_cell_by_cell(monkeypatch)
    for text, answer in zip(files, quick):
        path.write_text("\n".join(text) + "\n")
        assert _quick_outcome(path, "label", **options) == answer


def test_a_cell_of_unicode_spaces_past_the_header_last_delimiter_is_empty(tmp_path, monkeypatch):
    # str.strip removes a no-break space, which the bytes' reader does not take for a space: the
    # cell is empty, as load_csv's reader reads it, and the nameless column no column, not refused
    path = tmp_path / "spaces.csv"
    path.write_text("x,y,\n1,a,\xa0\n2,b\n3,a\n")
    quick = _quick_outcome(path)
    assert quick[-1] == ("x",)
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path) == quick


def test_a_line_of_spaces_is_no_row_of_pandas_row_index_among_rows_at_fault(tmp_path, monkeypatch):
    # np.loadtxt reads the line "  " as a row of the nameless column, load_csv's reader skips it: the
    # column 1, 2, 3 is the row index, refused before the 'NA' of row 3
    path = tmp_path / "index.csv"
    path.write_text(",x,y\n1,0.5,a\n  \n2,1.5,b\n3,NA,a\n4,2.5,b\n5,3.5,a\n")
    quick = _quick_outcome(path)
    assert "column 1 has no name and holds the row numbers 1, 2, 3, …" in quick
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path) == quick


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_a_class_quoted_over_two_lines_of_a_windows_file_keeps_its_line_break(tmp_path, monkeypatch, end):
    # np.loadtxt reads the file's line breaks as "\n", csv keeps them: the quick reader made the
    # class "c\nd" of the cell load_csv's reader reads as "c\r\nd"
    path = tmp_path / "windows.csv"
    path.write_bytes(end.join(["x0,x1,y", "0.5,1,a", "1.5,2,b", f'2.5,3,"c{end}d"', "3.5,4,a", ""]).encode())
    quick = _quick_outcome(path)
    assert quick[-2] == ("a", "b", f"c{end}d")
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path) == quick


DATE_WORDS = ("but features must be numbers: pass ignore=['sold'] to leave it out, or write its values as numbers "
              "(e.g. the days since the first date, or the year and month in columns of their own)")
TEXT_WORDS = ("but features must be numbers: pass one_hot=['{0}'] to read each category as a 0/1 column of its own, "
              "or pass ignore=['{0}'] to leave it out")  # .format(the column's name)


@pytest.mark.parametrize("text, options, words", [
    ("name,x,y\nAnn,1,a\n17,2,b\nBob,3,a\n", {},
     f"column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text, {TEXT_WORDS.format('name')}"),
    ("id,x,y\nA1,1,a\n17,2,b\n", {}, "column 'id', row 1 (line 2): 'A1' is not a number"),
    ("name,y\n,a\nNA,b\nAnn,a\n7,b\nBob,a\n", {},
     f"column 'name', row 3 (line 4): 'Ann' is not a number; this column holds text, {TEXT_WORDS.format('name')}"),
    ("x,z,y\nn/a,1,a\n?,2,b\n,3,a\n1.5,4,b\nNaN,5,a\n", {},
     ("column 'x', row 1 (line 2): 'n/a' is a missing value (fill in or drop the row, or pass missing='drop' "
      "to drop all rows with a missing cell; the column has 4 missing "
      "values, in rows 1, 2, 3, …)")),
    ("x,z,y\n1,1,a\n?,2,b\n,3,a\n", {},
     ("column 'x', row 2 (line 3): '?' is a missing value (fill in or drop the row, or pass missing='drop' "
      "to drop all rows with a missing cell; the column has 2 missing values, "
      "in rows 2, 3)")),
    ("x,name,city,y\nNA,Ann,Oslo,a\n1,Bob,Rome,b\n", {},
     ("column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text, and so does column 'city', but "
      "features must be numbers: pass one_hot=['name', 'city'] to read each category as a 0/1 column of its own, or "
      "pass ignore=['name', 'city'] to leave these columns out; and missing='drop' leaves out the rows with a "
      "missing cell (x: 1)")),
    ("\ufeffx\tname\ty\r\n 1 \t\xa0Ann \ta\r\n\r\n2\t  Bob\tb\r\n", {"delimiter": "\t"},
     f"column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text, {TEXT_WORDS.format('name')}"),
    ("x;name;y\n1,5;Ann;a\n2,5;Bob;b\n", {"delimiter": ";", "decimal": ","},
     f"column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text, {TEXT_WORDS.format('name')}"),
    ("x,z,y\n1,inf,a\n2,abc,b\n", {}, "column 'z', row 2 (line 3): 'abc' is not a number"),
    ("x,z,y\n1,inf,a\n2,1e39,b\n", {},
     "column 'z', row 1 (line 2): 'inf' is not a finite number (fill in or drop the row)"),
    ("x,z,y\n1,1_000,a\n2,1e39,b\n", {}, "column 'z', row 2 (line 3): '1e39' is too large for float32"),
    ("x,z,y\n 1 ,NA,a\n\t2\t,3,b\n", {},
     "column 'z', row 1 (line 2): 'NA' is a missing value (fill in or drop the row, or pass missing='drop' "
     "to drop all rows with a missing cell)"),
    ("x,z,y\r\n1,2,a,\r\n , ,\r\n3,?,b\r\n", {}, "column 'z', row 2 (line 4): '?' is a missing value"),
    ("y,x,z\na,1,NA,\nb,2,3,\n", {}, "column 'z', row 1 (line 2): 'NA' is a missing value (fill in or drop the row, "
                                     "or pass missing='drop' to drop all rows with a missing cell)"),
    ("x,,y\n1,Ann,a\n2,Bob,b\n", {},
     f"column 'column_2', row 1 (line 2): 'Ann' is not a number; this column holds text, "
     f"{TEXT_WORDS.format('column_2')}"),
    (",name,y\n1,Ann,a\n2,Bob,b\n", {},
     "column 1 has no name and holds the row numbers 1, 2: it looks like a row index"),
    ("x,name,y\n1,\u3000无,a\n2,张伟,b\n3,Иван,a\n", {"na_values": ["无"]},
     f"column 'name', row 2 (line 3): '张伟' is not a number; this column holds text, {TEXT_WORDS.format('name')}"),
    ("x,z,y\n\xa0N/A,1,a\n2,2,b\n", {},
     "column 'x', row 1 (line 2): 'N/A' is a missing value (fill in or drop the row, or pass missing='drop' "
     "to drop all rows with a missing cell)"),
    ("x,sold,y\n1,2024-03-15,a\n2,NA,b\n3,2024-04-01,a\n", {},
     f"column 'sold', row 1 (line 2): '2024-03-15' is not a number; this column holds dates, {DATE_WORDS}"),
    ("x;sold;y\n1,5;15.03.2024 14:30;a\n2,5;16.03.2024 09:05;b\n", {"delimiter": ";", "decimal": ","},
     f"column 'sold', row 1 (line 2): '15.03.2024 14:30' is not a number; this column holds dates, {DATE_WORDS}"),
    ("x,name,sold,y\n1,Ann,03/15/2024,a\n2,Bob,03/16/2024,b\n", {},
     ("column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text; column 'sold' holds dates, but "
      "features must be numbers: pass one_hot=['name'] to read each category as a 0/1 column of its own; pass "
      "ignore=['sold'] to leave the dates out, or write them as numbers (e.g. the days since the first date, or the year and month in "
      "columns of their own)")),
    (",x,y,\n0,1,a,\n1,2,b,7\n2,3,a,\n3,4,b,\n", {},
     f"row 2 (line 3) has a cell, '7', under the header's last, nameless column, which 3 of the 4 rows leave empty: "
     f"{STRAY_WORDS}"),
], ids=["text among numbers", "half text", "text after missing", "missing of many markers", "missing",
        "two text columns", "tabs, spaces and a BOM", "decimal commas", "a word", "inf", "past float32",
        "spaces around numbers", "a delimiter ending a line, a row of delimiters", "a delimiter ending each line",
        "a nameless column of names", "pandas' row index and names", "a marker in Chinese after an ideographic space",
        "a marker after a no-break space", "dates", "dates and times with decimal commas", "text and dates",
        "a stray cell before pandas' row index"])
def test_a_small_csv_with_a_column_at_fault_is_refused_in_words_naming_its_cell(tmp_path, monkeypatch, text,
                                                                                   options, words):
    path = tmp_path / "small.csv"
    path.write_bytes(text.encode())
    quick = _quick_outcome(path, **options)
    assert quick.startswith(f"{path}: {words}")
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path, **options) == quick


@pytest.mark.parametrize("text, answers, words", [
    ('"x","name","y"\n"1.5","Ann","a"\n" 2 ", "Bob" ,"b"\n', True,
     f"column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text, {TEXT_WORDS.format('name')}"),
    ('x,z,y\n"1e3","NA",a\n"",3,b\n"  ","7",a\n', True,
     ("column 'x', row 2 (line 3): empty cell (fill in or drop the row, or pass missing='drop' "
      "to drop all rows with a missing cell; the column has 2 missing values, in rows "
      "2, 3)")),
    ('x,z,y\n"1e3","  n/a",a\n"","",""\n"-.5"  ,"?"\t,b\n', True,   # both of its rows' cells are missing
     "column 'z' has no value in any row (every cell is empty or a missing marker): pass ignore=['z'] to leave it out"),
    ('x,z,y\n1,"5"x,a\n2,abc,b\n', False, "column 'z', row 1 (line 2): '5x' is not a number"),
    ('x,z,y\n1,x"5",a\n2,abc,b\n', False, "column 'z', row 1 (line 2): 'x\"5\"' is not a number"),
    ('x,z,y\n1,\t"5",a\n2,abc,b\n', False, "column 'z', row 1 (line 2): '\"5\"' is not a number"),
    ('x,z,y\n1,"a""b",a\n2,abc,b\n', False, "column 'z', row 1 (line 2): 'a\"b' is not a number"),
    ('x,z,y\n"1,2",a\n2,abc,b\n', False, ", line 2: 2 fields, expected 3 like the header ('x', 'z', 'y')"),
    ('x,z,y\n1,abc,"a\nb",2,c\n', False, ", line 2: 5 fields, expected 3 like the header ('x', 'z', 'y')"),
], ids=["quoted numbers and text, quoted names", "quoted missing markers", "spaces around quotes",
        "a letter after the closing quote", "a quote in the middle", "a quote after a tab", "a doubled quote",
        "a delimiter in quotes", "a line break in quotes"])
def test_cells_in_quotes_are_read_from_the_bytes_only_when_quotes_wrap_them_whole(tmp_path, monkeypatch, text,
                                                                                  answers, words):
    # R's write.csv and Excel wrap a cell of text in quotes, which csv strips: such a file is read
    # from its bytes; a quote that csv reads otherwise leaves the file to load_csv's reader
    path = tmp_path / "quoted.csv"
    path.write_bytes(text.encode())
    read_columns, read = csv_module.read_columns, []
    monkeypatch.setattr(csv_module, "read_columns", lambda *args: read.append(read_columns(*args)) or read[-1])
    quick = _quick_outcome(path)
    assert quick.startswith(f"{path}{words}" if words.startswith(",") else f"{path}: {words}")
    assert (read[0] is not None) == answers
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path) == quick


def test_a_ctrl_c_while_the_quick_reader_reads_stops_the_reading(tmp_path, monkeypatch):
    """NumPy's loadtxt turns what a converter raises into a ValueError, a Ctrl-C too: the quick
    reader took it for a file to read another way, and the run went on reading it cell by cell."""
    from neuralab.data import csv_fast

    def interrupted(codes, decimal):
        def convert(text):
            raise KeyboardInterrupt
        return convert

    path = tmp_path / "flowers.csv"
    path.write_text("a,b,species\n" + "".join(f"{i},{i % 3},{'xyz'[i % 3]}\n" for i in range(30)))
    monkeypatch.setattr(csv_fast, "_keep", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_csv(path, target="species")


def test_a_file_with_true_and_false_columns_is_read_by_the_quick_reader(tmp_path, monkeypatch):
    rng = np.random.default_rng(5)
    path = tmp_path / "dummies.csv"
    rows = [f"{rng.normal():.4f},{rng.choice(['True', 'False'])},{rng.choice(['true', 'FALSE'])},{i % 2}"
            for i in range(200)]
    path.write_text("\n".join(["x,sex_male,smoker,y", *rows]) + "\n")
    _quick_cell_by_cell(monkeypatch)
    slow = _quick_outcome(path)
    monkeypatch.undo()
    monkeypatch.setattr(csv_module, "read_rows", _quick_refuse_slow_reading(csv_module.read_rows))
    assert _quick_outcome(path) == slow
    ds = load_csv(path, "y")
    assert set(np.unique(ds.X[:, 1:])) == {0.0, 1.0}
    assert ds.X[:, 1].tolist() == [float(row.split(",")[1] == "True") for row in rows]


def _quick_refuse_slow_reading(read_rows):
    """``read_rows`` that reads the header only: a reading of every row fails the test."""
    def header_only(path, delimiter, decimal, header_only=False):
        assert header_only, "the file was read cell by cell"
        return read_rows(path, delimiter, decimal, header_only=True)
    return header_only
