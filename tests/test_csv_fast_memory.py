"""load_csv's quick reader (data/csv_fast.py) on a large file of numbers: the features go straight
from np.loadtxt's float64 table into X, in X's dtype; a float64 copy of them beside the table
(np.delete) and |X| (to find the columns float32 rounds) made its peak 4 times X's size, now 3."""
import tracemalloc
import warnings

import numpy as np

from neuralab.data import csv as csv_module
from neuralab.data import load_csv

ROWS = 60_000


def numbers_file(tmp_path):
    """ROWS rows: three features, the target, three more, and a nameless last column no row fills."""
    rng = np.random.default_rng(0)
    x = np.round(rng.normal(size=(ROWS, 6)), 4)
    lines = ["a,b,c,y,d,e,f,"] + [f"{r[0]},{r[1]},{r[2]},{('no', 'yes')[i % 2]},{r[3]},{r[4]},{r[5]}," for i, r in
                                 enumerate(x.tolist())]
    path = tmp_path / "numbers.csv"
    path.write_text("\n".join(lines) + "\n")
    return path, x


def test_the_quick_reader_holds_the_table_and_X_only(tmp_path, monkeypatch):
    path, x = numbers_file(tmp_path)
    peaks, read_numbers = [], csv_module.read_numbers

    def traced(*args, **kwargs):   # the reader's own peak: what load_csv does after is not its
        tracemalloc.start()
        try:
            return read_numbers(*args, **kwargs)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
    monkeypatch.setattr(csv_module, "read_numbers", traced)
    ds = load_csv(path, "y")
    # the table (8 columns of float64: 2.67 times X), X, and the target's texts and their codes
    # (0.67): 4.34 times X; 5.34 before, with a float64 copy of the features (2) in X's place
    assert len(peaks) == 1 and peaks[0] < 4.8 * ds.X.nbytes, f"the reader peaked at {peaks[0] / ds.X.nbytes:.2f} times X"
    assert list(ds.feature_names) == ["a", "b", "c", "d", "e", "f"]
    assert np.array_equal(ds.X, x.astype(np.float32))
    assert ds.X.flags.c_contiguous   # rows, as batches gather them (F-ordered when two columns were left out)
    assert np.array_equal(ds.y, np.arange(ROWS) % 2)


def test_a_column_float32_rounds_is_named_after_the_target(tmp_path):
    ids = 16_777_217 + 2 * np.arange(1000)   # past float32's exact whole numbers: rounded
    path = tmp_path / "ids.csv"
    path.write_text("a,y,count\n" + "".join(f"{i % 7},{i % 2},{n}\n" for i, n in enumerate(ids)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = load_csv(path, "y")
    said = [str(w.message) for w in caught]
    # counted from the column as the file writes it (float64), found after the target
    assert any("'count'" in text and "up to 16779215" in text and "1,000 distinct values read as 501" in text
               for text in said), said
    assert np.array_equal(ds.X[:, 1], ids.astype(np.float32))
