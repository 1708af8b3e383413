"""The memory of load_csv's cell-by-cell reader (a column of text with one_hot or ignore, or
missing="drop"): it held every row as a Python list of strings (about 70 bytes a cell) beside the
array of text they became, and with ignore a copy of that array too: 18 times a 42 MB file's size.
The rows become the table ``ROWS_AT_ONCE`` at a time, to the same data (``blocks_read_as_one``)."""
import tracemalloc

import numpy as np
import pytest

from neuralab.data import csv_rows, load_csv

MEM_ROWS = 60_000   # three of ROWS_AT_ONCE


def _mem_file(tmp_path, n=MEM_ROWS):
    """``n`` rows of four numbers of 8 characters ("-0.12345"), a colour and a two-class label."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4))
    path = tmp_path / "colours.csv"
    path.write_text("a,b,c,d,colour,y\n" + "".join(
        f"{x[i, 0]:.5f},{x[i, 1]:.5f},{x[i, 2]:.5f},{x[i, 3]:.5f},{('red', 'blue', 'green')[i % 3]},{i % 2}\n"
        for i in range(n)))
    return path


@pytest.mark.parametrize("options", [{"one_hot": ["colour"]}, {"ignore": ["colour"]},
                                     {"one_hot": ["colour"], "missing": "drop"}])
def test_a_file_read_cell_by_cell_holds_its_cells_as_text_once(tmp_path, options):
    path = _mem_file(tmp_path)
    tracemalloc.start()
    try:
        ds = load_csv(path, "y", **options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(ds) == MEM_ROWS
    # 71 bytes a cell: the array of text (32), and the blocks it was made of; 133 to 142 before
    assert peak < MEM_ROWS * 6 * 100, f"load_csv allocated {peak / (MEM_ROWS * 6):.0f} bytes per cell"


def _mem_awkward(tmp_path):
    """50 rows whose cells grow wider in later rows (a wider array for those blocks), a missing
    cell, and a header and rows ending with a delimiter: a nameless last column that no row fills
    in, which is no column (its cells left out in the array's memory too)."""
    lines = ["x,name,colour,z,y,"]
    for i in range(50):
        name = "Ann" if i < 20 else "Maximilian-Alexander" * (1 + i // 40)
        x = "" if i == 33 else f"{i / 7:.{1 + i // 10}f}"
        lines.append(f"{x},{name},{('red', 'blue')[i % 2]},{i * 1_000_003},{i % 3},")
    path = tmp_path / "awkward.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("options", [{"ignore": ["name"], "one_hot": ["colour"], "missing": "drop"},
                                     {"ignore": ["name", "colour"], "missing": "drop"},
                                     {"one_hot": "auto", "missing": "drop"}])
def test_rows_read_a_few_at_a_time_are_the_rows_read_at_once(tmp_path, monkeypatch, options):
    blocks_read_as_one(_mem_awkward(tmp_path), monkeypatch, options)


def blocks_read_as_one(path, monkeypatch, options):
    """The Dataset of ``path`` read 7 rows at a time, once checked equal to the one read at once."""
    whole = load_csv(path, "y", **options)
    monkeypatch.setattr(csv_rows, "ROWS_AT_ONCE", 7)
    blocks = load_csv(path, "y", **options)
    assert blocks.feature_names == whole.feature_names and blocks.categories == whole.categories
    np.testing.assert_array_equal(blocks.X, whole.X)
    np.testing.assert_array_equal(blocks.y, whole.y)
    np.testing.assert_array_equal(blocks.dropped_rows, whole.dropped_rows)
    assert blocks.missing_cells == whole.missing_cells
    return blocks
