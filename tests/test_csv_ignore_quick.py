"""load_csv with ``ignore`` reads a file of numbers but for the columns it leaves out (names,
tickets) with its quick reader (csv_fast.py), which lets their texts go, as its cell-by-cell
reader reads it: the same data or the same error, whatever the columns left out hold (quotes
that hide a delimiter or a line break, missing cells, text), and a file that reader must read
(a column of text kept, a missing cell kept) is still left to it."""
import numpy as np
import pytest
from test_data_csv_quick import QUICK_BAD_CELLS, _quick_cell_by_cell, _quick_outcome, _quick_random_file

from neuralab.data import CsvError, load_csv
from neuralab.data import csv as csv_module

# what a column left out may hold: names, quotes around a delimiter, missing cells, numbers; and,
# now and then, what leaves the file to the cell-by-cell reader: a quote after a space (which csv
# and np.loadtxt split apart), a quote within a cell, a line break, a delimiter without quotes
IGNORED_CELLS = ["Smith", "Owen Braund", '"Doe{d} Jane"', "", "NA", "1.5", "inf", "A/5 21171", "é", '"7"']
ODD_CELLS = ['"two\r\nlines"', '"say ""hi"""', ' "x{d}y"', "Braund{d} Mr. Owen", '"left open']


def _with_names(rng):
    """(the bytes of a CSV of numbers with a column 'name' of IGNORED_CELLS, and a few ODD_CELLS,
    load_csv's options, which leave it out)."""
    d = str(rng.choice([",", ";", "\t"]))
    n_rows, n_features = int(rng.integers(5, 30)), int(rng.integers(1, 4))
    names = [f"x{j}" for j in range(n_features)] + ["y"]
    names.insert(int(rng.integers(len(names) + 1)), "name")
    rows = []
    for _ in range(n_rows):
        row = {f"x{j}": f"{rng.normal():.4f}" for j in range(n_features)}
        row["y"] = str(rng.integers(2))
        row["name"] = str(rng.choice(IGNORED_CELLS if rng.random() < 0.97 else ODD_CELLS)).format(d=d)
        rows.append([row[name] for name in names])
    if rng.random() < 0.3:   # a bad cell in a column kept: the error, from whichever reader
        rows[int(rng.integers(n_rows))][names.index("x0")] = str(rng.choice(QUICK_BAD_CELLS))
    text = "\n".join(d.join(row) for row in [names] + rows) + "\n"
    return text.encode(), {"delimiter": None if d == "," else d, "ignore": ["name"]}


def test_files_with_columns_left_out_read_as_the_cell_by_cell_reader_reads_them(tmp_path, monkeypatch):
    rng = np.random.default_rng(11)
    path = tmp_path / "t.csv"
    read_quickly, real = [], csv_module.read_numbers

    def counted(*args):
        read = real(*args)
        read_quickly.append(read is not None)
        return read
    monkeypatch.setattr(csv_module, "read_numbers", counted)
    quick, files = [], []
    for k in range(300):
        if k % 2:
            data, options = _with_names(rng)
        else:   # the quick reader's own random files, their first column (x0) and perhaps x1 left out
            data, options = _quick_random_file(rng)
            options["ignore"] = ["x0", "x1"][:int(rng.integers(1, 3))] if b"x1" in data else ["x0"]
        path.write_bytes(data)
        quick.append(_quick_outcome(path, **options))
        files.append((data, options))
    assert sum(read_quickly) > 80, sum(read_quickly)   # most files of names are read quickly
    _quick_cell_by_cell(monkeypatch)
    for (data, options), answer in zip(files, quick):
        path.write_bytes(data)
        assert answer == _quick_outcome(path, **options), (data, options)


@pytest.mark.parametrize("text, said", [
    # np.loadtxt reads the rest of the file into that cell, a table of one row as wide as the header
    ('a,y,name\n1,0,"Smith\n2,1,Jones\n3,0,Kim\n', r"line 2: a quote \(\"\) left open there runs its cell on"),
    # np.loadtxt reads a cell of any length, csv none past its limit
    ("a,name,y\n1," + "x" * 140_000 + ",0\n2,b,1\n3,c,0\n", r"line 2: a cell of more than 131,072 characters"),
], ids=["quote left open", "cell too long"])
def test_a_cell_left_out_that_the_reader_refuses_is_refused_as_it_refuses_it(tmp_path, text, said):
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CsvError, match=said):
        load_csv(path, "y", ignore=["name"])
