"""A missing-value marker that reads as a number marks every cell of that number, as pandas'
na_values does: --na-values 99999 drops the "99999.0" that pandas writes in a float column, and
"9.9999e4" or "099999" too; a marker of text ("NA", "?") marks its own text alone."""
import numpy as np
import pytest

from neuralab import cli
from neuralab.data import CsvError, load_csv

ROWS = [1.5, 2.0, 3.25, 4.0, 5.5, 6.0, 7.75, 8.0]


def _csv(path, cells, decimal="."):
    """a, y with the target cells ``cells`` (strings) and a = 0, 1, 2, ..."""
    sep = ";" if decimal == "," else ","
    path.write_text(f"a{sep}y\n" + "".join(f"{a}{sep}{cell}\n" for a, cell in enumerate(cells)))
    return path


@pytest.mark.parametrize("written", ["99999.0", "99999", "9.9999e4", "099999", "99999.000", "+99999"])
def test_a_numeric_marker_marks_each_spelling_of_its_number(tmp_path, written):
    cells = [str(v) for v in ROWS]
    cells[2] = written
    ds = load_csv(_csv(tmp_path / "f.csv", cells), "y", na_values=["99999"], missing="drop")
    assert list(ds.dropped_rows) == [3] and ds.missing_cells == {"y": 1}
    assert np.allclose(ds.y, [v for i, v in enumerate(ROWS) if i != 2])


@pytest.mark.parametrize("marker", ["99999.0", "99999", " 99999 "])
def test_the_marker_may_be_written_either_way_too(tmp_path, marker):
    cells = [str(v) for v in ROWS]
    cells[0] = "99999"
    ds = load_csv(_csv(tmp_path / "f.csv", cells), "y", na_values=[marker], missing="drop")
    assert list(ds.dropped_rows) == [1]


def test_a_nearby_number_is_not_the_marker(tmp_path):
    cells = [str(v) for v in ROWS]
    cells[4] = "99999.5"
    ds = load_csv(_csv(tmp_path / "f.csv", cells), "y", na_values=["99999"], missing="drop")
    assert list(ds.dropped_rows) == [] and ds.y.max() == pytest.approx(99999.5)


def test_a_marker_with_a_decimal_comma_reads_with_the_files_mark(tmp_path):
    cells = [str(v).replace(".", ",") for v in ROWS]
    cells[1] = "-999,0"
    ds = load_csv(_csv(tmp_path / "f.csv", cells, decimal=","), "y", decimal=",", na_values=["-999"], missing="drop")
    assert list(ds.dropped_rows) == [2]


def test_a_text_marker_marks_its_text_alone(tmp_path):
    # "?" and "NA" are no numbers: a class written "NA." or "?!" is text of its own
    path = tmp_path / "f.csv"
    path.write_text("a,y\n" + "".join(f"{a},{c}\n" for a, c in enumerate(["cat", "NA", "dog", "NA.", "cat", "?"])))
    ds = load_csv(path, "y", na_values=["NA", "?"], missing="drop")
    assert list(ds.dropped_rows) == [2, 6] and ds.class_names == ("NA.", "cat", "dog")


def test_refused_as_missing_in_the_files_own_words(tmp_path):
    cells = [str(v) for v in ROWS]
    cells[5] = "99999.0"
    with pytest.raises(CsvError, match=r"column 'y', row 6 \(line 7\): '99999\.0' is a missing value"):
        load_csv(_csv(tmp_path / "f.csv", cells), "y", na_values=["99999"])


def test_a_pandas_written_marker_is_dropped_by_the_advised_options(tmp_path, capsys):
    # pandas writes a float column's 99999 as "99999.0"; the warning's advice must drop it
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 120)
    y = 5 * x + rng.normal(0, 1, 120)
    y[7] = 99999.0
    path = tmp_path / "pandas_written.csv"
    path.write_text("x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(x.tolist(), y.tolist())))
    assert "99999.0" in path.read_text()
    code = cli.main(["train", "--data", str(path), "--target", "y", "--epochs", "3", "--quiet",
                     "--out", str(tmp_path / "run"), "--na-values", "99999", "--missing", "drop"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "note: dropped 1 of 120 rows with missing cells (y: 1)" in out + err
    assert "99999" not in out + err
