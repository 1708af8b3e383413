"""load_csv of a file whose columns of text become many 0/1 columns (one_hot): each block of 0/1
columns was built, then copied into X beside it, twice X's memory at once; a 1 MB upload of 24
text columns made 1,374 of them and took 213 MB, to be refused by the playground's 1,024 inputs.
Now each column's categories are kept as one number a row and the 1s written into X itself."""
import tracemalloc

import numpy as np

from neuralab.data import load_csv

ROWS, COLUMNS = 4_000, 10


def text_file(tmp_path):
    """ROWS rows of a 0/1 target and COLUMNS columns of text of 90, 89, ... categories; column c0
    misses its cell in every 7th row (a missing category: 0 in each of its 0/1 columns)."""
    values = [[f"k{(i * (j + 3) + j) % (90 - j)}" for j in range(COLUMNS)] for i in range(ROWS)]
    for i in range(0, ROWS, 7):
        values[i][0] = ""
    path = tmp_path / "text.csv"
    path.write_text("y," + ",".join(f"c{j}" for j in range(COLUMNS)) + "\n"
                    + "".join(f"{i % 2}," + ",".join(row) + "\n" for i, row in enumerate(values)))
    return path, values


def test_the_0_1_columns_are_written_into_X_without_a_copy_beside_it(tmp_path):
    path, values = text_file(tmp_path)
    tracemalloc.start()
    try:
        ds = load_csv(path, "y", one_hot="auto")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # X, and the file's cells as strings (a tenth of X here): 2.1 times X before
    assert peak < 1.5 * ds.X.nbytes, f"load_csv peaked at {peak / ds.X.nbytes:.2f} times X"
    start = 0
    for j in range(COLUMNS):   # each row's 1 in its category's column, in the sorted order of the categories
        cells = np.array([row[j] for row in values])
        names = sorted(set(cells) - {""})
        assert ds.categories[f"c{j}"] == tuple(names)
        assert np.array_equal(ds.X[:, start:start + len(names)], cells[:, None] == np.array(names)[None, :])
        start += len(names)
    assert start == ds.n_features and not ds.X[::7, :len(ds.categories["c0"])].any()
