"""load_csv's quick readers (csv_fast.py for a file of numbers, csv_faults.py for the few rows at
fault of one that is not) answer as its cell-by-cell reader does: the same data or the same error,
on random files with bad cells of every kind at random places, and on large files in a fraction
of the memory."""
import tracemalloc

import numpy as np
import pytest

from neuralab.data import csv as csv_module
from neuralab.data import csv_faults, load_csv

# Cells that np.loadtxt and load_csv may read differently, or that load_csv refuses: text,
# missing markers, non-finite numbers, numbers past float32, quotes, Unicode digits, Python's
# underscores, signs and spaces, hex, spreadsheet commas.
QUICK_BAD_CELLS = ["abc", "NA", "", "nan", "NaN", "inf", "-inf", "1e400", "1e39", '"5"', ' "5"', "1_000", "+5",
                  " 5 ", "0x10", "\u0661\u0662", "1,5", "1.234,5", "None", "?", "-", "#N/A", "1,000", "True",
                  "-999", "5 5", "\xa05"]
QUICK_BAD_TARGETS = ["", "NA", "inf", "Cat", "?", '"a,b"', ' "c"', "1.5", "abc", "nan", "7"]


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
    n_features, n_rows = int(rng.integers(1, 4)), int(rng.integers(6, 40))
    # numbers written with the other mark than decimal's, as a European spreadsheet read with decimal="."
    mark = decimal if delimiter == "," or rng.random() < 0.85 else ",."[decimal == ","]
    names = [f"x{j}" for j in range(n_features)]
    names.insert(int(rng.integers(n_features + 1)), "y")
    if rng.random() < 0.05:
        names[int(rng.integers(len(names)))] = ""  # a nameless column: the quick readers stand aside
    target_kind = rng.integers(3)
    rows = []
    for _ in range(n_rows):
        row = [_quick_number(rng, mark) for _ in names]
        row[names.index("y") if "y" in names else 0] = (
            str(rng.choice(["cat", "dog", "bird"])) if target_kind == 0 else str(rng.integers(3)) if target_kind == 1
            else _quick_number(rng, mark))
        rows.append(row)
    features = [j for j, name in enumerate(names) if name != "y"]
    if rng.random() < 0.1:  # a feature column of text (a name, a sex), most of whose cells are words
        j = int(rng.choice(features))
        for row in rows:
            row[j] = str(rng.choice(["male", "female", "1.5"], p=[0.4, 0.4, 0.2]))
    for _ in range(int(rng.integers(0, 5))):  # bad cells anywhere, features or target
        i, j = int(rng.integers(n_rows)), int(rng.integers(len(names)))
        rows[i][j] = str(rng.choice(QUICK_BAD_TARGETS if names[j] == "y" else QUICK_BAD_CELLS))
    if rng.random() < 0.1:  # pandas' row index, perhaps with a row number wrong
        start, wrong = int(rng.integers(2)), int(rng.integers(2 * n_rows))
        names.insert(0, "")
        rows = [[str(start + i + (i == wrong))] + row for i, row in enumerate(rows)]
    lines = [delimiter.join(row) for row in rows]
    for _ in range(int(rng.integers(0, 3)) * (rng.random() < 0.3)):  # ragged rows, trailing delimiters, blank lines
        i = int(rng.integers(n_rows))
        lines[i] = str(rng.choice([lines[i] + delimiter + "7", lines[i] + delimiter,
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
    """load_csv with both quick readers switched off: every cell read by Python's csv module."""
    monkeypatch.setattr(csv_module, "read_numbers", lambda *args: None)
    monkeypatch.setattr(csv_module, "rows_at_fault", lambda *args: None)


def test_random_files_with_bad_cells_read_as_the_cell_by_cell_reader_reads_them(tmp_path, monkeypatch):
    rng = np.random.default_rng(2024)
    path = tmp_path / "t.csv"
    quick, files = [], []
    for _ in range(300):
        data, options = _quick_random_file(rng)
        path.write_bytes(data)
        # blocks of a few lines, so that a small file has blocks np.loadtxt reads and blocks it does not
        monkeypatch.setattr(csv_faults, "BLOCK_LINES", int(rng.integers(1, 6)))
        quick.append(_quick_outcome(path, **options))
        files.append((data, options))
    _quick_cell_by_cell(monkeypatch)
    for (data, options), answer in zip(files, quick):
        path.write_bytes(data)
        assert answer == _quick_outcome(path, **options), (data, options)


def _quick_big_lines(cell=None, column=None, row=9_000):
    """The lines of a CSV of 10,000 rows of 20 numbers and a text class, with ``cell`` in
    ``column`` of data row ``row`` (counting from 1; column None: a cell more), and a blank line
    in the middle, so that rows and lines are counted apart."""
    rng = np.random.default_rng(3)
    values = rng.standard_normal((10_000, 20)).round(6)
    classes = np.array(["bird", "cat", "dog"])[rng.integers(0, 3, 10_000)]
    lines = [",".join([f"x{j}" for j in range(20)] + ["label"])]
    lines += [",".join([*map(str, row), c]) for row, c in zip(values.tolist(), classes)]
    if cell is not None:
        cells = lines[row].split(",")
        if column is None:
            cells.append(cell)
        else:
            cells[column] = cell
        lines[row] = ",".join(cells)
    lines.insert(4_500, "")
    return lines


def _quick_european(lines):
    """``lines`` as a European spreadsheet writes them: ';' between the cells, decimal commas."""
    return [line.replace(",", ";").replace(".", ",") for line in lines]


def _quick_row_index(lines):
    """``lines`` with the row index that pandas' to_csv writes first, under a nameless header cell."""
    return ["," + lines[0]] + [f"{i},{line}" for i, line in enumerate(line for line in lines[1:] if line)]


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
    (_quick_european(_quick_big_lines()), {"delimiter": ";", "decimal": ","}, None),
    (_quick_european(_quick_big_lines("abc", 4)), {"delimiter": ";", "decimal": ","},
     "column 'x4', row 9000 (line 9002): 'abc' is not a number"),
], ids=["text", "missing", "inf", "float32", "empty target", "ragged", "row index", "decimal commas",
        "decimal points", "decimal commas read", "decimal commas and text"])
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
    assert (quick[-1] == tuple(f"x{j}" for j in range(20))) if words is None else words in quick
    _quick_cell_by_cell(monkeypatch)
    assert _quick_outcome(path, "label", **options) == quick
