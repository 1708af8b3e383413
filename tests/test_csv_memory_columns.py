"""The memory of load_csv's cell-by-cell reader (a column of text that ignore leaves out or one_hot
reads): it held the cells as one 2-D array of text (4 bytes a character), as wide in every cell as
the file's longest, so that one name of 175 characters among numbers of 9 made a file of 500,000
rows take 9 GB; each column is now an array of its own width, of bytes when its cells are ASCII
(``csv_table.Table``). After the reader, X was built twice over, a list of its columns and their
stack; each column is now written into X in place."""
import tracemalloc

import numpy as np
import pytest

from neuralab.data import csv as csv_module
from neuralab.data import csv_rows, load_csv
from test_data_csv_memory import blocks_read_as_one

ROWS = 30_000
LONG_NAME = "Maximilian-Alexander von Something " * 5   # 175 characters


def _people(tmp_path, n_numbers=20, rows=ROWS, names=True):
    """``rows`` rows: ``n_numbers`` numbers of 9 characters ("-1.234567"), a name (row 8's 175
    characters long) unless not ``names``, a colour and a two-class label."""
    numbers = np.char.mod("%.6f", np.random.default_rng(0).normal(size=(rows, n_numbers)))
    name = [f",person{i}" if names else "" for i in range(rows)]
    name[7] = f",{LONG_NAME}" if names else ""
    path = tmp_path / "people.csv"
    path.write_text(",".join(f"f{j}" for j in range(n_numbers)) + ",name" * names + ",colour,y\n" + "".join(
        ",".join(r) + f"{name[i]},{('red', 'blue', 'green', 'grey')[i % 4]},{i % 2}\n"
        for i, r in enumerate(numbers.tolist())))
    return path, numbers.astype(np.float64)


def test_one_long_cell_widens_its_own_column_only(tmp_path, monkeypatch):
    path, x = _people(tmp_path)
    # the rows held as lists of strings before they become arrays: a fixed amount, not the file's
    monkeypatch.setattr(csv_rows, "ROWS_AT_ONCE", 1000)
    tracemalloc.start()
    try:
        ds = load_csv(path, "y", ignore=["name"], one_hot=["colour"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(ds.X[:, :20], x.astype(np.float32))
    assert ds.feature_names[20:] == ("colour_blue", "colour_green", "colour_grey", "colour_red")
    # the cells as bytes, the name's column 175 wide, and the rows held as lists: 4.5 times X; 197
    # times with one width for all the cells, 16 times with a column of text (4 bytes a character) each
    assert peak < 6 * ds.X.nbytes, f"load_csv peaked at {peak / ds.X.nbytes:.1f} times X"


def test_after_the_reader_X_is_built_once(tmp_path, monkeypatch):
    path, _ = _people(tmp_path, n_numbers=40, names=False)
    after, read_rows = [], csv_module.read_rows

    def traced(path, delimiter, decimal, header_only=False):   # from the moment the reader has read every row
        read = read_rows(path, delimiter, decimal, header_only)
        if not header_only:
            after.append(tracemalloc.get_traced_memory()[0])
            tracemalloc.reset_peak()
        return read
    monkeypatch.setattr(csv_module, "read_rows", traced)
    tracemalloc.start()
    try:
        ds = load_csv(path, "y", one_hot=["colour"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    grown = (peak - after[0]) / ds.X.nbytes
    # X, its one-hot columns, and one column at a time as text and as float64: 1.4 times X; 2.0 when
    # X's columns were listed, then stacked into X
    assert grown < 1.7, f"load_csv's memory grew by {grown:.2f} times X after the reader"


@pytest.mark.parametrize("options", [{"one_hot": ["city"]}, {"ignore": ["city"]}])
def test_a_column_with_text_in_some_blocks_reads_as_in_one(tmp_path, monkeypatch, options):
    # "Zürich" is no ASCII: its block's column is text, the others' bytes, joined as text
    path = tmp_path / "cities.csv"
    path.write_text("x,city,y\n" + "".join(f"{i / 8},{'Zürich' if i == 23 else ('Bern', 'Basel')[i % 2]},{i % 2}\n"
                                          for i in range(40)))
    blocks = blocks_read_as_one(path, monkeypatch, options)
    if "one_hot" in options:
        assert blocks.categories == {"city": ("Basel", "Bern", "Zürich")}


def test_a_cell_that_is_no_number_is_named_as_written(tmp_path, monkeypatch):
    # a cell of a column kept as bytes (ASCII) is named as text, as the file writes it
    path = tmp_path / "temps.csv"
    path.write_text("t,kind,y\n" + "".join(f"{'n.a.' if i == 31 else i / 4},{'Zürich' if i == 3 else 'ab'[i % 2]},"
                                           f"{i % 2}\n" for i in range(40)))
    monkeypatch.setattr(csv_rows, "ROWS_AT_ONCE", 7)
    with pytest.raises(ValueError, match=r"column 't', row 32 \(line 33\): 'n\.a\.' is not a number"):
        load_csv(path, "y", one_hot=["kind"])
