"""load_csv: the happy paths, target encoding and every error message."""
import re
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import cli
from neuralab.cli.class_weights import class_weights
from neuralab.cli.errors import CLIError
from neuralab.data import csv_rows, load_csv
from neuralab.data.csv import MISSING_IN_NUMBERS, MISSING_VALUES


@pytest.fixture
def write(tmp_path):
    """Writes ``text`` to a new file table.csv, table1.csv, ... and returns its path."""
    def write(text, encoding="utf-8"):
        path = tmp_path / f"table{len(list(tmp_path.iterdir())) or ''}.csv"
        path.write_bytes(text.encode(encoding))
        return path
    return write


def test_string_target_in_the_middle(write):
    path = write("length,species,width\n1.5,setosa,2\n3,virginica,-4e-1\n2.25,setosa,0\n5,versicolor,1\n")
    d = load_csv(path, target="species")
    assert d.name == "table" and d.task == "multiclass" and d.n_classes == 3
    assert d.feature_names == ("length", "width")
    assert d.class_names == ("setosa", "versicolor", "virginica")
    assert d.X.dtype == np.float32 and d.y.dtype == np.int64
    np.testing.assert_array_equal(d.X, np.float32([[1.5, 2], [3, -0.4], [2.25, 0], [5, 1]]))
    assert d.y.tolist() == [0, 2, 0, 1]
    X, y = d
    assert X.shape == (4, 2)


def test_two_string_classes_are_binary(write):
    d = load_csv(write("a,label\n1,yes\n2,no\n3,yes\n"), "label")
    assert d.task == "binary" and d.class_names == ("no", "yes") and d.y.tolist() == [1, 0, 1]


def test_classes_that_differ_only_in_case_are_refused_with_task_auto(write):
    """Yes/no typed by hand and written by a program (NO, yes): auto read 4 classes; the row where
    a second spelling first appears is named. Asked for, they are 4 classes."""
    path = write("a,passed\n1,Yes\n2,NO\n3,yes\n4,No\n5,Yes\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'passed', row 3 (line 4): 'yes' and 'Yes' differ only in case, so they would be "
            f"two classes: write each class one way, or if they are different classes, pass task='multiclass'")
            + "$"):
        load_csv(path, "passed")
    d = load_csv(path, "passed", task="multiclass")
    assert d.class_names == ("NO", "No", "Yes", "yes") and d.y.tolist() == [2, 0, 3, 1, 2]


def test_a_target_of_true_and_false_in_any_case_is_two_classes_as_pandas_reads_one_bool(write):
    """True/False typed by hand and written by a program (FALSE, true): pandas reads one bool
    column, so auto and binary read False as 0 and True as 1; multiclass keeps each spelling."""
    pd = pytest.importorskip("pandas")
    path = write("a,passed\n1,True\n2,FALSE\n3,true\n4,False\n5,True\n")
    expected = pd.read_csv(path)["passed"].astype(int).tolist()
    for task in ("auto", "binary"):
        d = load_csv(path, "passed", task=task)
        assert d.task == "binary" and d.class_names == ("False", "True") and d.y.tolist() == expected
    d = load_csv(path, "passed", task="multiclass")
    assert d.class_names == ("FALSE", "False", "True", "true") and d.y.tolist() == [2, 0, 3, 1, 2]


def test_feature_columns_of_true_and_false_are_1_and_0_as_pandas_get_dummies_writes_them(write):
    """pd.get_dummies writes its 0/1 columns as True/False; read_csv reads them back as bool.
    Every reader of load_csv (this file goes past np.loadtxt to the column reader) reads them so."""
    pd = pytest.importorskip("pandas")
    frame = pd.get_dummies(pd.DataFrame({"area": [50.5, 80, 120, 65, 99], "town": list("abcab"),
                                         "price": [1, 2, 3, 1, 2]}), columns=["town"])
    assert frame["town_a"].dtype == bool  # pandas 2's default, which the user did not choose
    path = write(frame.to_csv(index=False).replace("False", "FALSE", 1).replace("True", "true", 1))
    d = load_csv(path, "price", task="regression")
    assert d.feature_names == ("area", "town_a", "town_b", "town_c")
    np.testing.assert_array_equal(d.X, pd.read_csv(path).drop(columns="price").to_numpy(dtype=np.float32))
    assert set(np.unique(d.X[:, 1:])) == {0, 1}


def test_a_column_mostly_of_true_and_false_names_its_other_cell_and_a_text_column_is_still_text(write):
    path = write("a,flag,y\n1,True,0\n2,False,1\n3,maybe,0\n4,TRUE,1\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'flag', row 3 (line 4): 'maybe' is neither true nor false, though 3 of the column's "
            f"4 values are, which are read as 1 and 0: fix or drop the row") + "$"):
        load_csv(path, "y")
    path = write("a,town,y\n1,east,0\n2,True,1\n3,west,0\n4,east,1\n")
    with pytest.raises(ValueError, match="column 'town', row 1 .*'east' is not a number; this column holds text"):
        load_csv(path, "y")
    # a column of numbers with a "True" and a word in two rows is a column of numbers, though those
    # two rows alone, where the quick reader finds the fault, would be mostly true and false
    odd = {20: "True", 40: "maybe"}
    path = write("a,flag,y\n" + "".join(f"{i},{odd.get(i, i % 2)},{i % 3 % 2}\n" for i in range(1, 50)))
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'flag', row 20 (line 21): 'True' is not a number (fix or drop the row)") + "$"):
        load_csv(path, "y")
    path = write("a,flag,y\n1,True,0\n2,,1\n3,False,0\n")  # a missing cell is missing, not a stray
    with pytest.raises(ValueError, match=re.escape("column 'flag', row 2 (line 3): empty cell (fill in or drop")):
        load_csv(path, "y")


def test_the_cli_trains_on_a_table_written_by_get_dummies(tmp_path, capsys):
    rng = np.random.default_rng(0)
    rows = ["area,price,town_east,town_west"] + [
        f"{area:.1f},{3000 * area + 20000 * east:.0f},{bool(east)},{not east}"
        for area, east in zip(rng.uniform(40, 200, 60), rng.integers(0, 2, 60))]
    (tmp_path / "houses.csv").write_text("\n".join(rows) + "\n")
    assert cli.main(["train", "--data", str(tmp_path / "houses.csv"), "--target", "price", "--epochs", "2",
                     "--quiet", "--out", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    assert neuralab.load(tmp_path / "out" / "model.npz").feature_names == ("area", "town_east", "town_west")


def test_numeric_targets_auto(write):
    d = load_csv(write("x,y\n1,0\n2,1\n3,1\n"), "y")
    assert d.task == "binary" and d.y.tolist() == [0, 1, 1] and d.class_names == ("0", "1")
    d = load_csv(write("x,y\n1,-1\n2,1\n3,-1\n"), "y")
    assert d.y.tolist() == [0, 1, 0] and d.class_names == ("-1", "1")
    d = load_csv(write("x,y\n1,3\n2,1.0\n3,2\n4,3\n"), "y")
    assert d.task == "multiclass" and d.y.tolist() == [2, 0, 1, 2] and d.class_names == ("1", "2", "3")
    d = load_csv(write("x,y\n1,0.5\n2,1.25\n3,2\n"), "y")
    assert d.task == "regression" and d.n_classes is None and d.class_names is None
    assert d.y.dtype == np.float32 and d.y.tolist() == [0.5, 1.25, 2]
    many = "x,y\n" + "".join(f"{i},{i}\n" for i in range(30))
    assert load_csv(write(many), "y").task == "regression"


def test_task_can_be_forced(write):
    path = write("x,y\n1,0\n2,1\n3,2\n")
    assert load_csv(path, "y", task="regression").y.tolist() == [0.0, 1.0, 2.0]
    assert load_csv(path, "y", task="multiclass").n_classes == 3
    d = load_csv(write("x,y\n1,0.5\n2,1.5\n"), "y", task="binary")
    assert d.task == "binary" and d.class_names == ("0.5", "1.5")
    assert load_csv(write("x,y\n1,a\n2,b\n"), "y", task="multiclass").task == "multiclass"
    with pytest.raises(ValueError, match="task='binary' but target column 'y' has 3 classes: '0', '1', '2'"):
        load_csv(path, "y", task="binary")
    with pytest.raises(ValueError, match=r"column 'y', row 2 \(line 3\): 'cat' is not a number"):
        load_csv(write("x,y\n1,2\n2,cat\n"), "y", task="regression")
    with pytest.raises(ValueError, match="task must be one of auto, binary, multiclass, regression"):
        load_csv(path, "y", task="classification")


@pytest.mark.parametrize("task", ["auto", "binary", "multiclass"])
def test_whole_number_classes_beyond_float64_digits_stay_distinct(write, task):
    """IDs of 17 digits, one apart, are one float64 (1.2345678901234568e16): they were merged into
    one class, then refused as "in every row". Read as classes they are compared exactly, sorted
    as integers, and named as written."""
    ids = ["12345678901234568", "12345678901234567", "-98765432109876543210", "12345678901234568"]
    path = write("x,code\n" + "".join(f"{i},{code}\n" for i, code in enumerate(ids)))
    if task == "binary":
        with pytest.raises(ValueError, match="task='binary' but target column 'code' has 3 classes"):
            load_csv(path, "code", task=task)
        return
    d = load_csv(path, "code", task=task)
    names = sorted(set(ids), key=int)
    assert d.task == "multiclass" and d.class_names == tuple(names)
    assert d.y.tolist() == [names.index(code) for code in ids]
    two = load_csv(write("x,code\n1,12345678901234567\n2,12345678901234568\n3,12345678901234567.0\n"), "code")
    assert two.task == "binary" and two.class_names == ("12345678901234567", "12345678901234568")
    assert two.y.tolist() == [0, 1, 0]


def test_a_regression_target_of_long_whole_numbers_is_read_as_floats(write):
    """A quantity keeps float64's 15 to 17 digits, as in pandas; only classes are exact."""
    values = [12345678901234567 + 10 ** 15 * i for i in range(30)]
    d = load_csv(write("x,amount\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values))), "amount")
    assert d.task == "regression" and d.y.dtype == np.float32
    np.testing.assert_array_equal(d.y, np.float32(values))


def test_a_fraction_past_float64s_digits_makes_the_target_a_quantity(write):
    """2**60 + 0.5 is whole as a float64 (2**60), but the text writes a fraction: no class."""
    d = load_csv(write("x,t\n1,1152921504606846976.5\n2,1152921504606846977\n3,1152921504606846976.5\n"), "t")
    assert d.task == "regression" and d.class_names is None


def test_tolerated_formatting(write):
    text = '\ufeff a , "b" ,t\r\n\r\n 1 ,"2.5", x \r\n3,4,y\r\n\n'
    d = load_csv(write(text), "t")
    assert d.feature_names == ("a", "b") and d.class_names == ("x", "y")
    np.testing.assert_array_equal(d.X, [[1, 2.5], [3, 4]])


@pytest.mark.parametrize("empty", [",,", ", , ", '"","",""', ",,,,"])
def test_a_row_of_only_delimiters_is_a_blank_line(write, empty):
    """A spreadsheet writes an empty row as ",,": skipped as a blank line is, before the header
    too, and the lines after it keep their numbers in errors; a row with one value is a row."""
    d = load_csv(write(f"{empty}\na,b,t\n1,2,x\n{empty}\n3,4,y\n{empty}\n"), "t")
    assert d.feature_names == ("a", "b") and d.class_names == ("x", "y")
    np.testing.assert_array_equal(d.X, [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match=r"column 'b', row 2 \(line 5\): 'abc' is not a number"):
        load_csv(write(f"a,b,t\n1,2,x\n{empty}\n\n3,abc,y\n"), "t")
    with pytest.raises(ValueError, match=r"column 'a', row 2 \(line 3\): empty cell"):
        load_csv(write("a,b,t\n1,2,x\n,,y\n"), "t")


def test_semicolon_delimiter_and_float64(write):
    neuralab.set_default_dtype(np.float64)
    try:
        d = load_csv(write("a;b;t\n1;0.1;0.5\n2;0.2;0.7\n"), "t", delimiter=";")
    finally:
        neuralab.set_default_dtype(np.float32)
    assert d.X.dtype == np.float64 and d.y.dtype == np.float64 and d.X[0, 1] == 0.1


def test_unnamed_header_cells_get_names(write):
    d = load_csv(write(",a,t\n5,1,x\n7,2,y\n"), "t")
    assert d.feature_names == ("column_1", "a")
    # row numbers out of order, from 2, or under a name are data, not pandas' row index
    assert load_csv(write(",a,t\n1,1,x\n0,2,y\n"), "t").X[:, 0].tolist() == [1, 0]
    assert load_csv(write(",a,t\n2,1,x\n3,2,y\n"), "t").X[:, 0].tolist() == [2, 3]
    assert load_csv(write("id,a,t\n0,1,x\n1,2,y\n"), "t").feature_names == ("id", "a")


@pytest.mark.parametrize("text, numbers", [
    (",sepal_length,species\n0,5.1,setosa\n1,4.9,setosa\n2,6.3,virginica\n3,5.8,virginica\n",
     "0, 1, 2, …"),                                                           # pandas' df.to_csv()
    ('"","x","y"\n"1",0.5,1\n"2",0.1,0\n', "1, 2"),                          # numbered from 1, quoted
    ("x,,y\n0.5,0,1\n0.1,1,0\n0.3,2,1\n", "0, 1, 2"),                       # not first
])
def test_a_nameless_column_of_row_numbers_is_refused_as_pandas_row_index(write, text, numbers):
    """pandas' to_csv writes the row index first, under an empty header cell: read as a feature,
    it gives away the label of class-sorted data (iris: train accuracy 1.0), and the saved model
    wants one input more than the real data has."""
    path = write(text)
    column = text.split("\n")[0].replace('"', "").split(",").index("") + 1
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column {column} has no name and holds the row numbers {numbers}: it looks like a "
            f"row index written by pandas' to_csv or R's write.csv, not a feature; save the file with "
            f"df.to_csv(..., index=False) or write.csv(..., row.names = FALSE), or give the column a name in "
            f"the header to use it as a feature")
            + "$"):
        load_csv(path, text.split("\n")[0].replace('"', "").split(",")[-1])


@pytest.mark.parametrize("text, target, message", [
    ("", "t", "is empty"),
    ("\n\n", "t", "is empty"),
    ("a,t\n", "t", "has a header but no data rows"),
    ("1,2\n3,4\n", "t", r"has no header: its first line \('1', '2'\) holds numbers"),
    ("a,b\n1,2\n", "label", "no target column 'label'; available columns: 'a', 'b'"),
    ("t\n1\n2\n", "t", "needs at least one feature column"),
    ("a,a,t\n1,2,3\n", "t", "the header gives the name 'a' to columns 1, 2, but columns are told apart"),
    ("a,b,t\n1,2,x\n3,4\n", "t", r"line 3: 2 fields, expected 3 like the header \('a', 'b', 't'\)"),
    # a quoted cell over three lines: the record's first line, not its last (line 5), is named
    ("a,b,t\n1,2,x\nBAD,\"multi\nline\nthree\",y\n4,5,z\n", "t", r"column 'a', row 2 \(line 3\): 'BAD'"),
    ("a,b,t\n1,2,x\n3,\"multi\nline\nthree\"\n4,5,z\n", "t", "line 3: 2 fields, expected 3"),
    ("a,b,t\n1,\"2\n\",x\n3,abc,y\n", "t", r"column 'b', row 2 \(line 4\): 'abc' is not a number"),
    ("a,b,t\n1,2,x\n3,4,y,5\n", "t", "line 3: 4 fields, expected 3"),
    ("a,b,t\n1,2,x\n3,abc,y\n", "t", r"column 'b', row 2 \(line 3\): 'abc' is not a number"),
    ("a,b,t\n1,2,x\n\n3,,y\n", "t", r"column 'b', row 2 \(line 4\): empty cell \(fill in or drop the row, or pass "
                                    r"missing='drop' to drop all rows with a missing cell\)"),
    ("a,b,t\n1,NaN,x\n", "t", r"column 'b', row 1 \(line 2\): 'NaN' is a missing value"),
    ("a,b,t\n1,NAN,x\n", "t", r"column 'b', row 1 \(line 2\): 'NAN' is not a finite number"),
    ("a,b,t\n1,2,x\n4,-inf,y\n", "t", r"column 'b', row 2 \(line 3\): '-inf' is not a finite number"),
    ("a,b,t\n1,2,x\n3,4,\n", "t", r"column 't', row 2 \(line 3\): empty cell"),
    ("a,t\n1,0.5\n2,nan\n", "t", r"column 't', row 2 \(line 3\): 'nan' is a missing value"),
    ("a,t\n1,x\n2,x\n", "t", r"target column 't' is 'x' in every row: there is nothing to learn, whatever the "
                             r"task; choose another target column, or add rows where it holds other values$"),
    ("a,t\n1,2.5\n2,2.5\n", "t", r"target column 't' is '2.5' in every row: there is nothing to learn"),
    ("a,t\n1,cat\n2,nan\n", "t", r"column 't', row 2 \(line 3\): 'nan' is a missing value"),
    ("a,t\n1,cat\n2,inf\n", "t", r"column 't', row 2 \(line 3\): 'inf' is not a class"),
])
def test_errors_point_at_the_problem(write, text, target, message):
    path = write(text)
    with pytest.raises(ValueError, match=message) as err:
        load_csv(path, target)
    assert str(path) in str(err.value)


# the way out of a missing cell that load_csv gives besides filling in or dropping its row
DROP_HINT = ", or pass missing='drop' to drop all rows with a missing cell"


def missing(path, column, row, marker, keep_hint=False, rows=()):
    """The whole error for a missing value, as an anchored regex; ``keep_hint``: with the way to
    keep the marker as a class, which a marker among text classes gets; ``rows``: every row of
    the column with a missing value, when there are more than ``row``."""
    keep = f"; if {marker!r} is a class here, pass na_values=() to keep it" if keep_hint else ""
    more = f"; the column has {len(rows)} missing values, in rows {', '.join(map(str, rows))}" if rows else ""
    return (rf"^{re.escape(str(path))}: column '{column}', row {row} \(line {row + 1}\): "
            rf"{re.escape(repr(marker))} is a missing value "
            rf"{re.escape(f'(fill in or drop the row{DROP_HINT}{more}{keep})')}$")


def test_the_missing_markers_are_pandas_defaults_and_none_dash_question_mark_in_numbers():
    """The list a pandas user knows (pandas.read_csv's default na_values), "None" for a number
    column only, and case matters as in pandas ("na" and "none" are text)."""
    assert MISSING_VALUES == {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
                              "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null"}
    assert MISSING_IN_NUMBERS == MISSING_VALUES | {"None", "-", "?"}


@pytest.mark.parametrize("marker", sorted(MISSING_IN_NUMBERS - {""}))
def test_a_missing_marker_in_a_feature_is_a_missing_value(write, marker):
    path = write(f"a,b,label\n1,2,x\n3,{marker},y\n")
    with pytest.raises(ValueError, match=missing(path, "b", 2, marker)):
        load_csv(path, "label")


def test_a_column_with_many_missing_values_says_how_many_and_where(write):
    """Kaggle's Titanic has 177 empty Age cells: named one per run, they would take 177 runs."""
    ages = ["22", "", "26", "", "", "35", "NA", "54"]
    path = write("age,survived\n" + "".join(f"{age},{i % 2}\n" for i, age in enumerate(ages)))
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'age', row 2 (line 3): empty cell (fill in or drop the row, or pass missing='drop' "
            f"to drop all rows with a missing cell; the column has "
            f"4 missing values, in rows 2, 4, 5, …)") + "$"):
        load_csv(path, "survived")


@pytest.mark.parametrize("task", ["auto", "regression", "binary", "multiclass"])
@pytest.mark.parametrize("marker", sorted(MISSING_IN_NUMBERS - {""}))
def test_a_missing_marker_in_a_numeric_target_is_a_missing_value_for_every_task(write, marker, task):
    """Before, "NA" made the column text, so auto read 0/1 as classes '0', '1', 'NA'."""
    path = write(f"x,y\n1,0\n2,1\n3,{marker}\n4,1\n5,{marker}\n")
    with pytest.raises(ValueError, match=missing(path, "y", 3, marker, rows=(3, 5))):
        load_csv(path, "y", task=task)


@pytest.mark.parametrize("marker", sorted(MISSING_VALUES - {""}))
def test_a_missing_marker_among_text_classes_is_a_missing_value(write, marker):
    """The audit's yes/no file with two "NA" labels trained as 3 classes, "NA" one of them."""
    path = write(f"x,label\n1,yes\n2,no\n3,{marker}\n4,yes\n5,{marker}\n")
    for task in ("auto", "binary", "multiclass"):
        with pytest.raises(ValueError, match=missing(path, "label", 3, marker, keep_hint=True, rows=(3, 5))):
            load_csv(path, "label", task=task)


@pytest.mark.parametrize("marker", ["NA", "N/A", "null", "None", "?", "-"])
def test_missing_markers_cannot_turn_a_quantity_into_classes(write, marker):
    """The audit's rating_na.csv: 30 whole-number values with two "NA" trained as 31 classes."""
    rows = [f"{i % 7},{i}" for i in range(30)]
    rows[10] = rows[20] = f"0,{marker}"
    path = write("x,score\n" + "\n".join(rows) + "\n")
    with pytest.raises(ValueError, match=missing(path, "score", 11, marker, rows=(11, 21))):
        load_csv(path, "score")
    rows[10], rows[20] = "0,10", "0,20"
    assert load_csv(write("x,score\n" + "\n".join(rows) + "\n"), "score").task == "regression"


@pytest.mark.parametrize("text, classes", [
    ("x,sign\n1,+\n2,-\n3,+\n", ("+", "-")),                        # UCI credit approval's labels
    ("x,damage\n1,None\n2,Severe\n3,Mild\n", ("Mild", "None", "Severe")),
    ("x,answer\n1,yes\n2,?\n3,no\n", ("?", "no", "yes")),
    ("x,level\n1,na\n2,none\n3,Null\n", ("Null", "na", "none")),     # case matters, as in pandas
])
def test_none_dash_and_question_mark_stay_classes_in_a_text_column(write, text, classes):
    """Where other cells are text, "None", "-" and "?" can be real classes: they are kept."""
    assert load_csv(write(text), text.split(",")[1].split("\n")[0]).class_names == classes


REGION = "x1,x2,region\n1,2,NA\n2,3,EU\n3,1,AS\n4,4,NA\n5,2,EU\n0,1,AS\n"  # the audit's region.csv


@pytest.mark.parametrize("name", ["NA", "N/A", "NULL", "null"])
def test_a_class_named_like_a_marker_is_kept_with_empty_na_values(write, name):
    """The audit's region.csv: "NA" is North America, a class, which the default markers refuse,
    naming the way out; na_values=() (pandas' keep_default_na=False) reads it as a class."""
    path = write(REGION.replace("NA", name))
    for default in ({}, {"na_values": None}):
        with pytest.raises(ValueError, match=missing(path, "region", 1, name, keep_hint=True, rows=(1, 4))):
            load_csv(path, "region", **default)
    d = load_csv(path, "region", na_values=())
    assert d.task == "multiclass" and d.class_names == tuple(sorted(("AS", "EU", name)))
    assert [d.class_names[k] for k in d.y] == [name, "EU", "AS", name, "EU", "AS"]


def test_empty_na_values_keeps_empty_cells_missing_and_markers_text(write):
    """With no markers an empty cell is still missing, and "NA" in a feature is text, not a number."""
    empty = (r"row 2 \(line 3\): empty cell \(fill in or drop the row, or pass missing='drop' to drop all rows with a "
             r"missing cell\)$")
    with pytest.raises(ValueError, match=f"column 'x', {empty}"):
        load_csv(write("x,label\n1,a\n,b\n"), "label", na_values=())
    with pytest.raises(ValueError, match=f"column 'label', {empty}"):
        load_csv(write("x,label\n1,NA\n2,\n"), "label", na_values=[])
    with pytest.raises(ValueError, match=r"column 'x', row 2 \(line 3\): 'NA' is not a number"):
        load_csv(write("x,label\n1,a\nNA,b\n"), "label", na_values=set())


@pytest.mark.parametrize("na_values", [["missing"], ("missing",), {"missing"}, frozenset({"missing"}),
                                       [" missing "]])
def test_na_values_replaces_the_default_markers(write, na_values):
    """Exactly the given markers are missing, in every column; the defaults ("NA", "?", "None")
    are then text. The caller chose the markers, so a text column's error has no hint."""
    d = load_csv(write("x,label\n1,NA\n2,?\n3,None\n4,NA\n"), "label", na_values=na_values)
    assert d.class_names == ("?", "NA", "None") and d.y.tolist() == [1, 0, 2, 1]
    path = write("x,label\n1,yes\n2,missing\n")
    with pytest.raises(ValueError, match=missing(path, "label", 2, "missing")):
        load_csv(path, "label", na_values=na_values)
    path = write("x,label\n1,yes\nmissing,no\n")
    with pytest.raises(ValueError, match=missing(path, "x", 2, "missing")):
        load_csv(path, "label", na_values=na_values)
    path = write("x,y\n1,0.5\n2,missing\n3,1\n")
    for task in ("auto", "regression", "binary"):
        with pytest.raises(ValueError, match=missing(path, "y", 2, "missing")):
            load_csv(path, "y", task=task, na_values=na_values)
    path = write("x,label\n1,yes\n2,\n")
    with pytest.raises(ValueError, match=r"column 'label', row 2 \(line 3\): empty cell"):
        load_csv(path, "label", na_values=na_values)
    with pytest.raises(ValueError, match=r"column 'x', row 1 \(line 2\): 'NA' is not a number"):
        load_csv(write("x,label\nNA,yes\n2,no\n"), "label", na_values=na_values)


@pytest.mark.parametrize("na_values, message", [
    ("NA", r"na_values must be a list, tuple or set of strings, such as \['NA', '\?'\] \(or None for "
           r"the defaults\), got str 'NA'; for the one marker 'NA', pass \['NA'\]$"),
    ("", r"na_values must be a list, tuple or set of strings.*got str ''; for the one marker '', "
         r"pass \[''\]$"),
    ({"NA": 1}, r"na_values must be a list, tuple or set of strings.*got dict \{'NA': 1\}$"),
    (iter(["NA"]), r"na_values must be a list, tuple or set of strings.*got list_iterator"),
    (0, r"na_values must be a list, tuple or set of strings.*got int 0$"),
    (["NA", 1], r"na_values must hold strings \(the cells' text\), got int 1$"),
    ([None], r"na_values must hold strings \(the cells' text\), got NoneType None$"),
    ((b"NA",), r"na_values must hold strings \(the cells' text\), got bytes b'NA'$"),
])
def test_bad_na_values(tmp_path, na_values, message):
    """A string would be read character by character ("NA" as the markers "N" and "A"): refused,
    before the file is read."""
    with pytest.raises(TypeError, match=message):
        load_csv(tmp_path / "nope.csv", "t", na_values=na_values)


@pytest.mark.parametrize("text, target, task, cell", [
    ("x,y\n1,2\n2,12 kg\n3,4\n4,5 kg\n", "y", "regression", r"column 'y', row 2 \(line 3\): '12 kg'"),
    ("a,y\n1,0\n12 kg,1\n", "y", "auto", r"column 'a', row 2 \(line 3\): '12 kg' is not a number"),
    ("a,y\n1,0\nNone kg,1\n", "y", "auto", r"column 'a', row 2 \(line 3\): 'None kg' is not a number"),
])
def test_text_that_is_not_a_marker_is_still_not_a_number(write, text, target, task, cell):
    """Only whole cells that are markers are missing; "12 kg" keeps the error that names it."""
    with pytest.raises(ValueError, match=cell):
        load_csv(write(text), target, task=task)


TITANIC = """PassengerId,Survived,Pclass,Name,Sex,Age,Fare,Cabin,Embarked
1,0,3,"Braund, Mr. Owen Harris",male,22,7.25,,S
2,1,1,"Cumings, Mrs. John Bradley",female,38,71.2833,C85,C
3,1,3,"Heikkinen, Miss. Laina",female,,7.925,,S
4,1,1,"Futrelle, Mrs. Jacques Heath",female,35,53.1,C123,S
"""


def test_feature_columns_of_text_are_named_together_with_the_fix(write):
    """Kaggle's Titanic: its four text columns in one message, at the first word of the first, before
    the missing ages; named one per run, they took four runs, and none said what to do."""
    path = write(TITANIC)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'Name', row 1 (line 2): 'Braund, Mr. Owen Harris' is not a number; this column "
            f"holds text, and so do columns 'Sex', 'Cabin', 'Embarked', but features must be numbers: pass "
            f"one_hot=['Name', 'Sex', 'Cabin', 'Embarked'] to read each category as a 0/1 column of its own, or "
            f"pass ignore=['Name', 'Sex', 'Cabin', 'Embarked'] to leave these columns out; and missing='drop' "
            f"leaves out the rows with a missing cell "
            f"(Age: 1)") + "$"):   # the missing age too: the run that follows the advice reads the file
        load_csv(path, "Survived")
    path = write("x,color,y\n1,red,0\n2,,1\n3,blue,0\n")
    with pytest.raises(ValueError, match=re.escape(
            "column 'color', row 1 (line 2): 'red' is not a number; this column holds text, but features must "
            "be numbers: pass one_hot=['color'] to read each category as a 0/1 column of its own, or pass "
            "ignore=['color'] to leave it out") + "$"):
        load_csv(path, "y")


DATE_WAY = ("but features must be numbers: pass ignore=['sold'] to leave it out, or write its values as numbers "
            "(e.g. the days since the first date, or the year and month in columns of their own)")


@pytest.mark.parametrize("cell, later, options", [
    ("2024-03-15", "2024-04-01", {}),
    ("2024-03-15T14:30:00Z", "2024-03-15T15:00:00Z", {}),
    ("2024-03-15 14:30", "2024-03-16 09:05", {}),
    ("15.03.2024", "16.03.2024", {}),
    ("03/15/2024", "12/31/2024", {}),
    ("15/03/2024 2:30 PM", "16/03/2024 9:05 AM", {}),
    ("15.03.2024", "16.03.2024", {"delimiter": ";", "decimal": ","}),
])
def test_a_feature_column_of_dates_is_refused_with_the_way_to_numbers_for_dates(write, cell, later, options):
    # it was told to write one 0/1 column per category, a way that makes no sense for dates
    delimiter = options.get("delimiter", ",")
    path = write(delimiter.join(["x", "sold", "y"]) + f"\n1{delimiter}{cell}{delimiter}a\n"
                 f"2{delimiter}NA{delimiter}b\n3{delimiter}{later}{delimiter}a\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'sold', row 1 (line 2): {cell!r} is not a number; this column holds dates, "
            f"{DATE_WAY}") + "$"):
        load_csv(path, "y", **options)


@pytest.mark.parametrize("cell", ["1.2.10", "2024-03", "31.13.2024", "15.03.24", "March 15",
                                  "2024-13-05", "2024-31-12"])   # year first: year-month-day only
def test_a_column_of_text_that_reads_as_no_date_gets_the_way_of_categories(write, cell):
    path = write(f"x,v,y\n1,{cell},a\n2,{cell},b\n")
    with pytest.raises(ValueError, match=re.escape("this column holds text, but features must be numbers: pass "
                                                   "one_hot=['v'] to read each category as a 0/1 column") + ".*$"):
        load_csv(path, "y")


def test_columns_of_dates_and_of_text_are_named_each_with_its_way(write):
    path = write("x,name,sold,city,listed,y\n1,Ann,2024-03-15,Oslo,15.01.2024,a\n2,Bob,2024-03-16,Rome,16.01.2024,b\n")
    with pytest.raises(ValueError, match=re.escape(
            "column 'name', row 1 (line 2): 'Ann' is not a number; this column holds text, and so does column "
            "'city'; columns 'sold', 'listed' hold dates, but features must be numbers: pass one_hot=['name', "
            "'city'] to read each category as a 0/1 column of its own; pass ignore=['sold', 'listed'] to leave the "
            "dates out, or write them "
            "as numbers (e.g. the days since the first date, or the year and month in columns of their own)") + "$"):
        load_csv(path, "y")
    path = write("x,sold,name,y\n1,2024-03-15,Ann,a\n2,2024-03-16,Bob,b\n")
    with pytest.raises(ValueError, match=re.escape(
            "column 'sold', row 1 (line 2): '2024-03-15' is not a number; this column holds dates; column 'name' "
            "holds text, but features must be numbers: pass one_hot=['name']")
            + r".*pass ignore=\['sold'\] to leave the dates out, or write them as numbers"):
        load_csv(path, "y")


@pytest.mark.parametrize("text, target, cell", [
    ("a,b,label\n1e39,2,0\n3,4,1\n", "label", r"column 'a', row 1 \(line 2\): '1e39'"),
    ("a,b,label\n1,2,0\n3,-4e38,1\n", "label", r"column 'b', row 2 \(line 3\): '-4e38'"),
    ("a,b,y\n1,2,0.5\n3,4,1e39\n", "y", r"column 'y', row 2 \(line 3\): '1e39'"),  # a regression target
])
def test_a_number_too_large_for_float32_is_reported_at_its_cell(write, text, target, cell):
    """1e39 is finite (float64) but overflows float32: no NumPy warning (conftest makes it an
    error) and no "X holds NaN or inf", but the cell, the dtype and what to do."""
    path = write(text)
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}: {cell} is too large for float32, the "
                                         r"default dtype, whose largest value is 3\.403e\+38: rescale the "
                                         r"column, or call neuralab\.set_default_dtype\(np\.float64\)"):
        load_csv(path, target)


def test_numbers_beyond_float32_are_kept_in_float64_and_as_class_names(write, float64):
    d = load_csv(write("a,y\n1e39,0.5\n3,-1e300\n"), "y")
    assert d.X[0, 0] == 1e39 and d.y[1] == -1e300


def test_numbers_beyond_float32_can_name_classes(write):
    d = load_csv(write("a,label\n1,1e39\n2,0\n"), "label")  # class names are never cast to float32
    assert d.class_names == ("0", str(10 ** 39)) and d.y.tolist() == [1, 0]  # exact, not float64's 1e39


def test_a_missing_target_within_a_name_split_at_commas_suggests_the_delimiter(write):
    """A ';' file whose header quotes no name holding a comma ("a,b"), read with ',': its header
    is several columns, none the target, which stands after a ';' in one of them."""
    path = write("x;a,b;Ziel\n1;2,5;0\n3;4,5;1\n")  # each row splits at its decimal comma, as the header
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: no target column 'Ziel'; the column 'b;Ziel' holds 'Ziel': is the file separated by ';'? "
            f"pass delimiter=';'") + "$"):
        load_csv(path, "Ziel")
    assert load_csv(path, "Ziel", delimiter=";", decimal=",").feature_names == ("x", "a,b")


@pytest.mark.parametrize("text, delimiter, guess", [
    ("a;b;label\n1;2;x\n3;4;y\n", ",", ";"),
    ("a\tb\tlabel\n1\t2\tx\n3\t4\ty\n", ",", "\t"),
    ("a,b,label\n1,2,x\n3,4,y\n", ";", ","),
])
def test_a_missing_target_in_a_one_column_header_suggests_the_delimiter(write, text, delimiter, guess):
    path = write(text)
    header = re.escape(repr(text.split("\n")[0]))
    message = (rf"{re.escape(str(path))}: no target column 'label'; the header has one column {header}: "
               rf"is the file separated by {re.escape(repr(guess))}\? pass delimiter={re.escape(repr(guess))}")
    with pytest.raises(ValueError, match=message):
        load_csv(path, "label", delimiter=delimiter)
    assert load_csv(path, "label", delimiter=guess).feature_names == ("a", "b")


def test_a_ragged_row_under_a_one_column_header_suggests_the_delimiter(write):
    """A ';' file with decimal commas: read with ',', "1,5;2;x" is 2 fields under a header of 1,
    an error raised before the target column is looked for."""
    path = write("a;b;label\n1,5;2;x\n3;4;y\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}, line 2: 2 fields, expected 1 like the header ('a;b;label'); the header has one "
            f"column 'a;b;label': is the file separated by ';'? pass delimiter=';'")):
        load_csv(path, "label")
    with pytest.raises(ValueError, match=r"line 3: 2 fields, expected 3 like the header \('a', 'b', 'label'\); "
                                         r"fill in the row's missing cells, or drop the row$"):
        load_csv(write("a,b,label\n1,2,x\n3,y\n"), "label")  # a header of several columns: no guess


def test_a_row_of_more_fields_than_the_header_asks_for_quotes(write):
    """"Smith, John" without quotes is two cells, one more than the header names; a row of fewer
    fields gets no such hint, and one field is one field: cells left out, to fill in."""
    path = write("name,x,y\nDoe,2,1\nSmith, John,1,0\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}, line 3: 4 fields, expected 3 like the header ('name', 'x', 'y'); a cell that holds ',' must be "
            f"in double quotes (\"Smith, John\"), and each column needs a name in the header") + "$"):
        load_csv(path, "y")
    with pytest.raises(ValueError, match=r"line 3: 1 field, expected 2 like the header \('x', 'y'\); fill in the "
                                         r"row's missing cells, or drop the row$"):
        load_csv(write("x,y\n1,0\n2\n"), "y")


FILL_IN = "; fill in the row's missing cells, or drop the row"


@pytest.mark.parametrize("delimiter, decimal", [("|", ","), (";", ","), (",", ".")])
def test_a_header_line_ending_with_a_delimiter_its_rows_lack_reads_as_pandas_does(write, delimiter, decimal):
    """A header "Preis;Ziel;" over rows "1,5;0", as some spreadsheets write it, was refused as
    ragged. pandas reads each row's missing last cell as empty, so the header's last, nameless
    column is empty throughout: it goes, as when the rows end with the delimiter too, or only
    some do, and decimal=',' finds the delimiter as in any file. Where a row fills that column
    in, a row that leaves it out has an empty cell there, a missing value named by its cell."""
    pd = pytest.importorskip("pandas")
    d, m = delimiter, decimal
    for rows in ([f"1{m}5{d}0", f"2{d}1", f"-3{m}25{d}0"], [f"1{m}5{d}0{d}", f"2{d}1", f"-3{m}25{d}0{d}"]):
        path = write(f"Preis{d}Ziel{d}\n" + "\n".join(rows) + "\n")
        ds = load_csv(path, "Ziel", decimal=decimal)
        assert ds.feature_names == ("Preis",) and ds.class_names == ("0", "1") and ds.y.tolist() == [0, 1, 0]
        frame = pd.read_csv(path, sep=delimiter, decimal=decimal).dropna(axis=1, how="all")
        assert list(frame.columns) == ["Preis", "Ziel"]
        np.testing.assert_array_equal(ds.X, frame[["Preis"]].to_numpy(np.float32))
    path = write(f"Preis{d}Ziel{d}\n1{m}5{d}0{d}7\n2{d}1\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'column_3', row 2 (line 3): empty cell (fill in or drop the row, or pass missing='drop' "
            f"to drop all rows with a missing cell)") + "$"):
        load_csv(path, "Ziel", decimal=decimal)
    path = write(f"Preis{d}Ziel{d}\n1{m}5{d}0\n2\n")  # two fields short is a row's cells left out
    with pytest.raises(ValueError, match=re.escape(
            f"{path}, line 3: 1 field, expected 3 like the header ('Preis', 'Ziel', 'column_3'){FILL_IN}") + "$"):
        load_csv(path, "Ziel", delimiter=delimiter, decimal=decimal)


STRAY_FIX = "or name the column in the header and fill it in"


def test_a_cell_few_rows_have_past_the_header_last_delimiter_is_named_as_stray(write):
    """A header "a;b;t;" over 3,000 rows without that last ';', one of which has a fourth cell
    ("1;2;0;7"): in pandas' terms the nameless column has one value and 2,999 missing ones, and
    load_csv told the user to fill in or drop 2,999 rows; the fault is the one cell, which the
    error now names. Filled in fewer rows than leave it empty, such a column is refused, naming
    the rows that fill it (counted, the first three shown); in as many, it is a column, whose
    empty cells are missing values."""
    rows = [f"{i % 7},5;{i % 3};{i % 2}" for i in range(3000)]
    rows[1499] = "1;2;0;7"
    path = write("a;b;t;\n" + "\n".join(rows) + "\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: row 1500 (line 1501) has a cell, '7', under the header's last, nameless column, which 2999 of "
            f"the 3000 rows leave empty: remove that cell, {STRAY_FIX}") + "$"):
        load_csv(path, "t", decimal=",")
    path = write('x,t,\n1,0,5\n2,1\n3,0, 6 \n4,1,\n5,0\n6,1,"8"\n7,0\n8,1,9\n9,0\n')
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: 4 rows have a cell under the header's last, nameless column, which 5 of the 9 rows leave empty: "
            f"rows 1, 3, 6, … (lines 2, 4, 7, …) hold '5', '6', '8', …; remove those cells, {STRAY_FIX}") + "$"):
        load_csv(path, "t")
    path = write("x,t,\n1,0,5\n2,1\n3,0,6\n4,1,\n5,0\n6,1,8\n7,0\n8,1,9\n")  # 4 of 8: a column
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'column_3', row 2 (line 3): empty cell (fill in or drop the row, or pass missing='drop' "
            f"to drop all rows with a missing cell; the column has 4 "
            f"missing values, in rows 2, 4, 5, …)") + "$"):
        load_csv(path, "t")


@pytest.mark.parametrize("rows", [["1,5;1", "2;0", "-3,25;1"], ["1,5;1;", "2;0;", "-3,25;1;"],
                                  ["1,5;1;;", "2;0", "-3,25;1;"]])
def test_every_nameless_column_after_the_header_last_name_that_no_row_fills_is_no_column(write, rows):
    """A header "a;t;;" over rows "1,5;1;" was refused as the empty cells of column_3. pandas
    (index_col=False) reads both nameless columns, empty throughout, as 'Unnamed' columns of NaN;
    load_csv's rule that a nameless column no row fills in is no column holds for each of them.
    One that every row fills is a feature named by its place, and the empty one before it goes;
    its row numbers are named by that place too."""
    pd = pytest.importorskip("pandas")
    path = write("a;t;;\n" + "\n".join(rows) + "\n")
    ds = load_csv(path, "t", decimal=",")
    frame = pd.read_csv(path, sep=";", decimal=",", index_col=False)
    assert list(frame.columns) == ["a", "t", "Unnamed: 2", "Unnamed: 3"] and frame.iloc[:, 2:].isna().all().all()
    assert ds.feature_names == ("a",) and ds.y.tolist() == frame["t"].tolist()
    np.testing.assert_array_equal(ds.X, frame[["a"]].to_numpy(np.float32))
    path = write("a;t;;\n1,5;1;;4\n2;0;;5\n")
    ds = load_csv(path, "t", decimal=",")
    frame = pd.read_csv(path, sep=";", decimal=",", index_col=False)
    assert ds.feature_names == ("a", "column_4")
    np.testing.assert_array_equal(ds.X, frame[["a", "Unnamed: 3"]].to_numpy(np.float32))
    path = write("a;t;;\n1;1;;0\n2;0;;1\n3;1;;2\n")
    with pytest.raises(ValueError, match=re.escape(f"{path}: column 4 has no name and holds the row numbers 0, 1, 2")):
        load_csv(path, "t", delimiter=";")


@pytest.mark.parametrize("header, rows", [("a;t;", ["1,5;1;;", "2;0;;", "-3,25;1;;"]),
                                          ("a;t;", ["1,5;1;;", "2;0", "-3,25;1;"]),
                                          ("a;t", ["1,5;1; ;;", "2;0;;", "-3,25;1"])])
def test_empty_cells_past_the_header_last_column_are_no_cells(write, header, rows):
    """A header "a;t;" over rows "1,5;1;;", one empty cell more than it has (a spreadsheet's range
    wider than its columns), was refused as ragged: the extra cells are empty, every row or some,
    and hold nothing to lose, so the rows read as pandas reads them with index_col=False (its
    default reads the first column as the index then, and every value one column to the left).
    A filled cell there is the ragged row it was, named by its line."""
    pd = pytest.importorskip("pandas")
    path = write(header + "\n" + "\n".join(rows) + "\n")
    ds = load_csv(path, "t", delimiter=";", decimal=",")
    with warnings.catch_warnings():  # pandas warns of the cells it drops, here all empty
        warnings.simplefilter("ignore")
        frame = pd.read_csv(path, sep=";", decimal=",", index_col=False)
    assert ds.feature_names == ("a",) and ds.y.tolist() == frame["t"].tolist() == [1, 0, 1]
    np.testing.assert_array_equal(ds.X, frame[["a"]].to_numpy(np.float32))
    path = write(header + "\n1,5;1;;7\n2;0;;\n")
    names = "('a', 't', 'column_3')" if header.endswith(";") else "('a', 't')"
    with pytest.raises(ValueError, match=re.escape(
            f"{path}, line 2: 4 fields, expected {names.count(',') + 1} like the header {names}; a cell that holds ';' "
            f"must be in double quotes")):
        load_csv(path, "t", delimiter=";", decimal=",")


def test_a_ragged_row_names_the_header_as_the_delimiter_splits_it(write):
    """Joined by ", ", the names of a ';' file's header "Price, EUR;kg;y" read as four columns,
    not the three its rows should have; quoted, they read as the file splits them. A wide header
    is named by its first ten columns."""
    path = write("Price, EUR;kg;y\n1;2;x\n3;y\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}, line 3: 2 fields, expected 3 like the header ('Price, EUR', 'kg', 'y'){FILL_IN}") + "$"):
        load_csv(path, "y", delimiter=";")
    names = [f"x{j}" for j in range(12)]
    with pytest.raises(ValueError, match=re.escape(
            f"line 3: 11 fields, expected 12 like the header ({', '.join(map(repr, names[:10]))}, …)"
            f"{FILL_IN}") + "$"):
        load_csv(write(",".join(names) + "\n" + ",".join("1" * 12) + "\n" + ",".join("1" * 11) + "\n"), "x0")


@pytest.mark.parametrize("delimiter", ["", ";;", 5, b";"])
def test_bad_delimiter(write, delimiter):
    with pytest.raises(ValueError, match=f"delimiter must be one character, such as ',' or ';', got {delimiter!r}"):
        load_csv(write("a,t\n1,2\n"), "t", delimiter=delimiter)


@pytest.mark.parametrize("first", ["sep=;", '"sep=;"', "\ufeffsep=;"])
@pytest.mark.parametrize("delimiter", [None, ";"])
def test_excel_sep_line_declares_the_delimiter(write, first, delimiter):
    """Excel's "sep=;" first line (quoted by some writers, after a BOM) is the delimiter, not the
    header; an error in a later row still names the file's line."""
    d = load_csv(write(f"{first}\r\na;b;label\r\n1;2.5;x\r\n3;-4;y\r\n"), "label", delimiter=delimiter)
    assert d.feature_names == ("a", "b") and d.class_names == ("x", "y")
    np.testing.assert_array_equal(d.X, [[1, 2.5], [3, -4]])
    with pytest.raises(ValueError, match=r"column 'b', row 2 \(line 4\): 'abc' is not a number"):
        load_csv(write(f"{first}\na;b;label\n1;2;x\n3;abc;y\n"), "label", delimiter=delimiter)


def test_a_tab_can_be_declared_and_only_the_first_line_declares(write):
    assert load_csv(write("sep=\t\na\tlabel\n1\tx\n2\ty\n"), "label").feature_names == ("a",)
    path = write("a,label\nsep=;,x\n2,y\n")  # "sep=;" as a cell of a later line is data
    with pytest.raises(ValueError, match=r"column 'a', row 1 \(line 2\): 'sep=;' is not a number"):
        load_csv(path, "label")


def test_a_delimiter_other_than_the_declared_one_is_refused(write):
    """pandas would read "sep=;" as the header; Excel reads the file with ';'. Passed another
    delimiter, the two disagree: refused, naming both."""
    path = write("sep=;\na;label\n1;x\n2;y\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: its first line 'sep=;' declares ';' between the cells, but delimiter=',' was passed: "
            f"pass delimiter=';', or leave it out") + "$"):
        load_csv(path, "label", delimiter=",")


@pytest.mark.parametrize("text", [
    "x1,label,x2,\n0.1,no,-0.4,\n-0.1,yes,1.2,\n0.3,no,0.5,\n",   # every line ends with a comma
    "x1,label,x2\n0.1,no,-0.4,\n-0.1,yes,1.2,\n0.3,no,0.5\n",     # data lines only, some of them
])
def test_a_delimiter_at_the_end_of_the_lines_adds_no_column(write, text):
    ds = load_csv(write(text), "label")
    assert ds.feature_names == ("x1", "x2") and ds.class_names == ("no", "yes")
    np.testing.assert_allclose(ds.X, [[0.1, -0.4], [-0.1, 1.2], [0.3, 0.5]], rtol=1e-6)


def test_a_nameless_last_column_with_values_is_kept(write):
    with pytest.raises(ValueError, match="column 'column_3', row 2 .*empty cell"):
        load_csv(write("x1,label,\n0.1,no,7\n-0.1,yes,\n"), "label")


POINT = "write decimals with a point: 0.5, not 0,5"
OR_DECIMAL = "; or pass decimal=',' to read the file's decimal commas"


def test_a_file_without_header_or_with_decimal_commas_gets_a_hint(write):
    with pytest.raises(ValueError, match=r"no target column 'label'; available columns: '0\.5', '-1\.2', 'a'; the "
                                         r"first line looks like data \('0\.5', '-1\.2' are numbers, not names\): add "
                                         r"a header"):
        load_csv(write("0.5,-1.2,a\n0.1,0.3,b\n"), "label")
    with pytest.raises(ValueError, match=re.escape(f"'0,5' is not a number ({POINT}{OR_DECIMAL})")):
        load_csv(write("x;y\n0,5;1\n1,5;0\n"), "y", delimiter=";")


@pytest.mark.parametrize("cell, written", [
    ("1,000", "1000"), ("-12,345", "-12345"), ("1,000.25", "1000.25"), ("12,345.5", "12345.5"),
    ("12,345,678", "12345678"),
])
def test_a_thousands_separator_is_named_as_such(write, cell, written):
    separators = "commas look like thousands separators" if cell.count(",") > 1 else \
        "comma looks like a thousands separator"
    with pytest.raises(ValueError, match=re.escape(
            f"column 'x', row 2 (line 3): {cell!r} is not a number (the {separators}: write the number "
            f"without {'them' if cell.count(',') > 1 else 'it'}, {written})") + "$"):
        load_csv(write(f'x,y\n5,1\n"{cell}",0\n'), "y")


@pytest.mark.parametrize("text, delimiter, hint", [
    ("x;y\n3,14;1\n", ";", POINT + OR_DECIMAL),                 # not in threes
    ('x,y\n"0,500",1\n', ",", POINT),                           # no one writes 500 as 0,500
    ("x;y\n1,250;1\n0,5;0\n", ";", POINT + OR_DECIMAL),         # 1.25 in a column of decimal commas
])
def test_a_decimal_comma_is_not_taken_for_a_thousands_separator(write, text, delimiter, hint):
    """decimal=',' is suggested too, except in a file whose cells a comma separates, where it is refused."""
    with pytest.raises(ValueError, match=re.escape(f"is not a number ({hint})") + "$"):
        load_csv(write(text), "y", delimiter=delimiter)


def comma_target(path, row, cell, hint, task="multiclass", written=""):
    """The whole error for a target of numbers written with commas, as an anchored regex; ``written``:
    the way to write them as numbers a regression reads."""
    return re.escape(f"{path}: column 'preis', row {row} (line {row + 1}): {cell!r} is not a number ({hint}); "
                     f"this target column holds numbers with commas and no text, so it is not read as class "
                     f"names: {written}if its values are class names, pass task='{task}'") + "$"


@pytest.mark.parametrize("text, delimiter, row, cell, hint, classes, written", [
    # decimal commas in a ';' file; the first cell that is not a number is named, and "NA" among
    # them is not reported first as a missing class
    ("m2;preis\n40;2\n50;8,6\n60;NA\n70;9,1\n", ";", 2, "8,6", POINT + OR_DECIMAL, None, ""),
    # thousands separators, quoted in a ',' file: 3 whole numbers, which auto would read as classes once
    # written without the commas, so the way to write them names task='regression' too
    ('m2,preis\n40,"201,000"\n50,"1,250,000"\n60,"99,500"\n', ",", 1, "201,000",
     "the comma looks like a thousands separator: write the number without it, 201000",
     ("1,250,000", "201,000", "99,500"), "write the numbers without their commas, and pass task='regression' (its "
                                         "3 distinct whole numbers would otherwise be read as 3 classes); "),
])
def test_a_target_of_numbers_with_commas_is_refused_not_read_as_text_classes(
        write, text, delimiter, row, cell, hint, classes, written):
    path = write(text)
    with pytest.raises(ValueError, match=comma_target(path, row, cell, hint, written=written)):
        load_csv(path, "preis", delimiter=delimiter)
    if classes:  # asked for explicitly, they are classes
        d = load_csv(path, "preis", task="multiclass", delimiter=delimiter)
        assert d.task == "multiclass" and d.class_names == classes


def test_labels_that_read_as_decimal_commas_need_the_task_asked(write):
    """"1,2" and "3,4" may be category labels: auto refuses them as numbers, the error names the
    task that keeps them, and that task does."""
    path = write("x;preis\n1;1,2\n2;3,4\n3;1,2\n")
    with pytest.raises(ValueError, match=comma_target(path, 1, "1,2", POINT + OR_DECIMAL, task="binary")):
        load_csv(path, "preis", delimiter=";")
    d = load_csv(path, "preis", task="binary", delimiter=";")
    assert d.class_names == ("1,2", "3,4") and d.y.tolist() == [0, 1, 0]


def test_decimal_comma_reads_a_european_spreadsheet(write, float64):
    """A German or French spreadsheet saved as CSV: "1,5" with ';' between cells. decimal=','
    reads each cell as the same number its point spelling is (pandas' decimal=','), features and
    a regression target alike; "sep=;" and exponents too."""
    rng = np.random.default_rng(7)
    values = rng.standard_normal((30, 3)) * [1, 1e3, 1e-4]
    points = [[f"{v:.6g}" for v in row] for row in values]
    text = "a;b;price\n" + "".join(";".join(row).replace(".", ",") + "\n" for row in points)
    for file in (text, "sep=;\n" + text):
        d = load_csv(write(file), "price", delimiter=None if file.startswith("sep") else ";", decimal=",")
        expected = np.array([[float(cell) for cell in row] for row in points])
        assert d.task == "regression" and d.feature_names == ("a", "b")
        np.testing.assert_array_equal(d.X, expected[:, :2])
        np.testing.assert_array_equal(d.y, expected[:, 2])
    d = load_csv(write("x;t\n1,5;ja\n-2;nein\n0,25;ja\n"), "t", delimiter=";", decimal=",")
    assert d.X[:, 0].tolist() == [1.5, -2, 0.25] and d.class_names == ("ja", "nein")


POINT_RULE = "with decimal=',' a number is written 1,5: a point is neither a decimal mark nor a thousands separator"
NUMBERS_WITH_POINTS = "this target column holds numbers with points and no text"


@pytest.mark.parametrize("cell, hint", [
    ("1.5", POINT_RULE),
    # a German price: a number whose way out is to drop its points, not a word among numbers
    ("1.234,5", "the point looks like a thousands separator: write the number without it, 1234,5"),
    ("-12.345.678", "the points look like thousands separators: write the number without them, -12345678"),
])
def test_a_point_is_not_a_number_with_decimal_comma(write, cell, hint):
    """pandas' decimal=',' refuses them too: a point in "1.234" may group thousands, and read as a
    decimal mark it would make the number a thousand times smaller."""
    path = write(f"x;t\n2,5;a\n{cell};b\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'x', row 2 (line 3): {cell!r} is not a number ({hint})") + "$"):
        load_csv(path, "t", delimiter=";", decimal=",")
    path = write(f"x;t\n1;2,5\n2;{cell}\n3;2,5\n")  # a target of numbers is refused, not read as 2 classes
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 't', row 2 (line 3): {cell!r} is not a number ({hint}); {NUMBERS_WITH_POINTS}, so it "
            f"is not read as class names: ") + ".*" + re.escape("pass task='binary'") + "$"):
        load_csv(path, "t", delimiter=";", decimal=",")


@pytest.mark.parametrize("decimal, hint", [
    (",", "the point looks like a thousands separator: write the number without it, 29038,23"),
    (".", "the point looks like a thousands separator: write the number without it, 29038.23"),
])
def test_a_column_of_numbers_with_points_between_thousands_is_not_text(write, decimal, hint):
    """A German export's prices, "29.038,23": with either decimal mark a column of them is numbers
    that neither reads, with the way out, not text to remove or to encode as 0/1 columns; and a
    target of them is refused with task='auto', not read as one class per price."""
    rows = ["29.038,23", "1.043,59", "5.069,00", "-2.500,10"]
    path = write("Preis;Menge;Ziel\n" + "".join(f"{price};{k};{k % 2}\n" for k, price in enumerate(rows)))
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'Preis', row 1 (line 2): '29.038,23' is not a number ({hint})") + "$"):
        load_csv(path, "Ziel", delimiter=";", decimal=decimal)
    with pytest.raises(ValueError, match=re.escape(f"'29.038,23' is not a number ({hint}); this target column "
                                                   f"holds numbers with")):
        load_csv(path, "Preis", delimiter=";", decimal=decimal)


@pytest.mark.parametrize("text", ["", "\ufeff", "\r\n\n  \n"])
def test_decimal_comma_says_an_empty_file_is_empty(write, text):
    """With no delimiter given, decimal=',' looks for the one that splits the lines; a file of no
    line of text was said to have none, "pass delimiter=';'", which only led to "is empty"."""
    path = write(text)
    with pytest.raises(ValueError, match=re.escape(f"{path} is empty: expected a header line of column names")):
        load_csv(path, "y", decimal=",")


def test_decimal_comma_classes_and_headerless_files(write):
    d = load_csv(write("x;t\n1;2,0\n2;1\n3;2\n"), "t", delimiter=";", decimal=",")  # "2,0" is 2
    assert d.task == "binary" and d.class_names == ("1", "2") and d.y.tolist() == [1, 0, 1]
    with pytest.raises(ValueError, match=r"has no header: its first line \('1,5', '2', '0,25'\) holds numbers"):
        load_csv(write("1,5;2;0,25\n1;2;3\n"), "t", delimiter=";", decimal=",")


def test_decimal_comma_names_number_classes_as_the_file_writes_them(write):
    """With decimal=',' a target of numbers read as classes was named with points, '-1203.661'
    for the file's '-1203,661', in class_names and in the errors that quote a class: they are
    written with the file's mark now, still sorted as numbers (-1203,661 < 5,5 < 10, where text
    would put '10' before '5,5'), and as the same numbers with points name them with decimal='.'."""
    cells = ["5,5", "-1203,661", "10", "5,50", "-1203,661"]
    path = write("a;y\n" + "".join(f"{i};{cell}\n" for i, cell in enumerate(cells)))
    d = load_csv(path, "y", task="multiclass", decimal=",")
    assert d.class_names == ("-1203,661", "5,5", "10") and d.y.tolist() == [1, 0, 2, 1, 0]
    points = write("a,y\n" + "".join(f"{i},{cell.replace(',', '.')}\n" for i, cell in enumerate(cells)))
    assert load_csv(points, "y", task="multiclass").class_names == ("-1203.661", "5.5", "10")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: task='binary' but target column 'y' has 3 classes: '-1203,661', '5,5', '10'; pass "
            f"task='multiclass' (or task='regression' if its values are quantities)")):
        load_csv(path, "y", task="binary", decimal=",")
    one = write("a;y\n1;-1203,661\n2;-1203,6610\n")
    for task in ("auto", "regression", "multiclass"):  # one value, as a regression's or as a class
        with pytest.raises(ValueError, match=re.escape(f"{one}: target column 'y' is '-1203,661' in every row")):
            load_csv(one, "y", task=task, decimal=",")


def test_a_missing_target_lists_the_columns_quoted_and_tells_decimal_commas_from_names(write):
    """The header's names are quoted ('0,5', not 0,5 among names joined by ", "), and with
    decimal=',' a first line of numbers such as '0,5' is told to be data, as '0.5' is with '.'."""
    path = write("0,5;-1,2;a\n0,1;0,3;b\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: no target column 'label'; available columns: '0,5', '-1,2', 'a'; the first line looks "
            f"like data ('0,5', '-1,2' are numbers, not names): add a header line of column names") + "$"):
        load_csv(path, "label", decimal=",")


def test_the_cli_weighs_classes_named_with_decimal_commas(write):
    """--class-weight names a class as the run shows it: '1,5' with --decimal , is one class, not
    the pieces '1' and '5:3' of the pairs' commas; a pair of the class numbers still reads."""
    ds = load_csv(write("m2;preis\n1;1,5\n2;2,5\n3;1,5\n4;12,5\n"), "preis", task="multiclass", decimal=",")
    assert ds.class_names == ("1,5", "2,5", "12,5")
    assert class_weights("1,5:3, 12,5:0,1:2", ds) == {0: 3.0, 2: 0.0, 1: 2.0}
    with pytest.raises(CLIError, match=re.escape("takes 'balanced' or CLASS:WEIGHT pairs separated by commas, "
                                                 "e.g. 12,5:5, got '1,5'")):
        class_weights("1,5", ds)


def test_the_cli_says_a_class_of_one_row_of_decimal_commas_may_be_a_quantity(tmp_path, capsys):
    """--decimal , with classes named '1,5': the class of one row is refused with the way out of
    a target of numbers, --task regression, as for classes named '1.5'."""
    path = tmp_path / "preise.csv"
    path.write_text("m2;preis\n" + "".join(f"{i};{'1,5' if i < 6 else '2,5' if i < 11 else '3,5'}\n"
                                          for i in range(12)))
    args = ["train", "--data", str(path), "--target", "preis", "--decimal", ",", "--task", "multiclass",
            "--epochs", "1", "--quiet", "--out", str(tmp_path / "out")]
    assert cli.main(args) == 2
    assert capsys.readouterr().err == (
        "neuralab: error: --task multiclass makes target column 'preis' 3 classes; class '3,5' has only 1 row, but "
        "a class needs 2 to appear in both the training and test parts: if preis is a quantity, pass --task "
        "regression; otherwise add rows of that class or remove its row\n")


@pytest.mark.parametrize("text, delimiter, said", [
    ("a,t\n1,x\n", None, "the cells are separated by ',', the default"),
    ("a,t\n1,x\n", ",", "delimiter=','"),
    ("sep=,\na,t\n1,x\n", None, "its first line 'sep=,' declares ',' between the cells"),
])
def test_decimal_comma_needs_another_delimiter(write, text, delimiter, said):
    path = write(text)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: decimal=',' reads '1,5' as one number, but {said}: pass delimiter=';' (or the character "
            f"that separates the file's cells), or, if its numbers have decimal points, leave out decimal=','") + "$"):
        load_csv(path, "t", delimiter=delimiter, decimal=",")


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_decimal_comma_reads_a_file_that_one_other_delimiter_splits_evenly(write, delimiter):
    """With decimal=',' no comma separates the cells: a file that ';' (a tab, '|') alone splits
    into as many cells on every line, quotes and a delimiter ending a line as the reader reads
    them, is read as with that delimiter passed, not refused."""
    text = 'a;b;y\n1,5;2,0;ja\n-2;"3,25";"nein; nie"\n\n0,5;1;ja;\n'.replace(";", delimiter)
    path = write(text)
    found, told = load_csv(path, "y", decimal=","), load_csv(path, "y", delimiter=delimiter, decimal=",")
    assert found.X.tolist() == [[1.5, 2], [-2, 3.25], [0.5, 1]] == told.X.tolist()
    assert found.class_names == ("ja", f"nein{delimiter} nie") == told.class_names
    assert found.y.tolist() == [0, 1, 0] == told.y.tolist() and found.feature_names == ("a", "b")


@pytest.mark.parametrize("text, said", [
    # ',' between the cells: no other delimiter
    ("a,b,y\n1.5,2,0\n", "the cells are separated by ',', the default"),
    # ';' and a tab both split every line into three cells
    ("a;b\tc;y\n1;2\t3;0\n4;5\t6;1\n", "';' and '\\t' each split the header and the first rows evenly"),
    # ';' splits every line into two cells, a tab into three
    ("a;1\tb\ty\n1,5;1\t2\tx\n3;1\t4\ty\n", "';' and '\\t' each split the header and the first rows evenly"),
    # one column: no delimiter splits the header; the cells are not separated by ',', which said
    # so sent the user looking for one
    ("y\n1,5\n2\n", "no other delimiter, ';', '\\t' or '|', splits the header and the first rows evenly"),
])
def test_decimal_comma_still_refuses_a_file_whose_delimiter_it_cannot_tell(write, text, said):
    """The error says why no delimiter was found: the cells separated by ',' only where ',' does
    split every line evenly."""
    path = write(text)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: decimal=',' reads '1,5' as one number, but {said}: "
            f"pass delimiter=';' (or the character that separates the file's cells), or, if its numbers have "
            f"decimal points, leave out decimal=','") + "$"):
        load_csv(path, "y", decimal=",")


@pytest.mark.parametrize("sniffed", [2, 3])
def test_decimal_comma_reports_a_ragged_row_by_its_line(write, monkeypatch, sniffed):
    """The delimiter is told from the first rows (SNIFFED_ROWS): one that splits every one of them
    evenly, or, a ragged row among them, the one that alone splits the header; that row is then
    reported by its line, as with delimiter=';' (it was "no delimiter splits the first rows
    evenly", which left the user looking for the row)."""
    monkeypatch.setattr(csv_rows, "SNIFFED_ROWS", sniffed)
    path = write("a;b;y\n1,5;2;0\n3;4,5;1\n5;1\n")
    ragged = f"{path}, line 4: 2 fields, expected 3 like the header ('a', 'b', 'y'){FILL_IN}"
    with pytest.raises(ValueError, match=re.escape(ragged) + "$"):
        load_csv(path, "y", decimal=",")
    with pytest.raises(ValueError, match=re.escape(ragged) + "$"):
        load_csv(path, "y", delimiter=";", decimal=",")


@pytest.mark.parametrize("decimal", [";", "", ",,", None, 0])
def test_bad_decimal(tmp_path, decimal):
    with pytest.raises(ValueError, match=re.escape(
            f"decimal must be '.' or ',', the mark before a number's fraction, got {decimal!r}") + "$"):
        load_csv(tmp_path / "nope.csv", "t", decimal=decimal)


@pytest.mark.parametrize("text, hint", [
    ("x;y\n0,5;1\nabc;0\n", POINT),                               # a word: not a column of numbers
    ("x;y\n1,250;1\n2,500;0\n", "the comma looks like a thousands separator: write the number without "
                                "it, 1250" + OR_DECIMAL),          # 1250 or 1.25: both named
])
def test_decimal_comma_is_suggested_for_a_column_of_decimal_commas_only(write, text, hint):
    cell = text.split("\n")[1].split(";")[0]
    with pytest.raises(ValueError, match=re.escape(f"column 'x', row 1 (line 2): {cell!r} is not a number ({hint})")
                       + "$"):
        load_csv(write(text), "y", delimiter=";")


def test_a_text_target_with_commas_is_still_classes(write):
    """Only a column of numbers is refused: one text cell ("Smith, John") makes every cell a class,
    "8,6" and "201,000" too."""
    with pytest.raises(ValueError, match="this target column holds numbers with commas"):
        load_csv(write("x;preis\n1;8,6\n2;201,000\n"), "preis", delimiter=";")
    d = load_csv(write('x,preis\n1,"Smith, John"\n2,"8,6"\n3,"201,000"\n4,"Smith, John"\n'), "preis")
    assert d.task == "multiclass" and d.class_names == ("201,000", "8,6", "Smith, John")
    assert d.y.tolist() == [2, 1, 0, 2]


@pytest.mark.parametrize("text, row, cell, numbers, task, classes", [
    # a price computed in a spreadsheet, one formula failed: 4 classes, one per price, before
    ("m2,price\n40,201.5\n50,#DIV/0!\n60,310.25\n70,99.9\n", 2, "#DIV/0!", "3 of the 4", "multiclass",
     ("#DIV/0!", "201.5", "310.25", "99.9")),
    # 0/1 with two "unknown": a binary target silently became 3 classes
    ("m2,price\n1,0\n2,1\n3,unknown\n4,0\n5,1\n6,unknown\n", 3, "unknown", "4 of the 6", "multiclass",
     ("0", "1", "unknown")),
    ("m2,price\n1,0\n2,n.a.\n3,0\n", 2, "n.a.", "2 of the 3", "binary", ("0", "n.a.")),
])
def test_a_target_of_numbers_with_a_few_words_is_refused_not_read_as_text_classes(
        write, text, row, cell, numbers, task, classes):
    """A word among numbers made every value a class name: refused with task="auto", naming the
    word; asked for, every value is a class, in the sorted order of their text."""
    path = write(text)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'price', row {row} (line {row + 1}): {cell!r} is not a number; {numbers} values of "
            f"this target column are numbers, so it is not read as class names: fix or drop the rows that "
            f"are not numbers, or if its values are class names, pass task='{task}'") + "$"):
        load_csv(path, "price")
    d = load_csv(path, "price", task=task)
    assert d.class_names == classes
    assert [d.class_names[k] for k in d.y] == [line.split(",")[1] for line in text.splitlines()[1:]]
    with pytest.raises(ValueError, match=f"row {row} .*: {cell!r} is not a number \\(fix or drop the row\\)$"):
        load_csv(path, "price", task="regression")  # a stray word in a quantity: its row to mend


@pytest.mark.parametrize("text, classes", [
    ("x,kind\n1,cat\n2,dog\n3,7\n", ("7", "cat", "dog")),    # more words than numbers
    ("x,kind\n1,cat\n2,7\n", ("7", "cat")),                    # as many
])
def test_a_target_of_words_with_a_number_among_them_is_still_classes(write, text, classes):
    assert load_csv(write(text), "kind").class_names == classes


def test_task_regression_on_a_target_of_words_says_to_leave_it_out(write):
    """A column mostly of words (as task="auto" tells text classes) refused as a regression's
    numbers says the way out; one mostly of numbers is pinned above without it."""
    path = write("x,kind\n1,cat\n2,dog\n3,7\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'kind', row 1 (line 2): 'cat' is not a number; this target column holds words: if "
            f"they are class names, leave out task='regression'") + "$"):
        load_csv(path, "kind", task="regression")
    assert load_csv(path, "kind").class_names == ("7", "cat", "dog")


def test_the_cli_refuses_a_target_of_decimal_commas_in_one_line(tmp_path, capsys):
    """`neuralab train` on a ';' file whose target has decimal commas: one line naming the cell and
    the option that keeps the values as classes; with that option it trains."""
    rows = "".join(f"{i};{('1,5', '2,5', '3,5')[i % 3]}\n" for i in range(30))
    path = tmp_path / "eu.csv"
    path.write_text("m2;preis\n" + rows)
    args = ["train", "--data", str(path), "--target", "preis", "--delimiter", ";", "--epochs", "1", "--quiet"]
    assert cli.main([*args, "--out", str(tmp_path / "auto")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"neuralab: error: {path}: column 'preis', row 1 (line 2): '1,5' is not a number (write "
                   f"decimals with a point: 0.5, not 0,5; or pass --decimal ',' to read the file's decimal "
                   f"commas); this target column holds numbers with commas and no "
                   f"text, so it is not read as class names: if its values are class names, pass --task "
                   f"multiclass\n")
    assert cli.main([*args, "--task", "multiclass", "--out", str(tmp_path / "classes")]) == 0


def test_binary_with_many_values_lists_a_few(write):
    text = "x,y\n" + "".join(f"{i},{i * 1.5}\n" for i in range(300))
    path = write(text)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: task='binary' but target column 'y' has 300 classes: '0', '1.5', '3', '4.5', '6', …; pass "
            f"task='multiclass' (or task='regression' if its values are quantities), or choose a target of two "
            f"classes") + "$"):
        load_csv(path, "y", task="binary")
    path = write("x;t\n1;ja\n2;nein\n3;vielleicht\n")  # words are no quantity
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: task='binary' but target column 't' has 3 classes: 'ja', 'nein', 'vielleicht'; pass "
            f"task='multiclass', or choose a target of two classes") + "$"):
        load_csv(path, "t", task="binary", delimiter=";")


def test_missing_file_and_bad_arguments(tmp_path, write):
    with pytest.raises(ValueError, match="CSV file not found: .*nope.csv"):
        load_csv(tmp_path / "nope.csv", "t")
    with pytest.raises(ValueError, match=f"{tmp_path} is a folder, not a CSV file"):
        load_csv(tmp_path, "t")
    with pytest.raises(TypeError, match="target must be a column name"):
        load_csv(write("a,t\n1,2\n"), 1)
    with pytest.raises(TypeError, match=r"path must be a path \(str or pathlib.Path\), got NoneType None"):
        load_csv(None, "t")


def test_not_utf8(write):
    with pytest.raises(ValueError, match="is not UTF-8 text: line 2 holds the byte 0xe9"):
        load_csv(write("a,t\n1,\xe9t\xe9\n", encoding="latin-1"), "t")
    # past the first 8 KB read, within the rows that tell decimal=',' the delimiter: not "pass delimiter=';'"
    with pytest.raises(ValueError, match="is not UTF-8 text: line 802 holds the byte 0xe9"):
        load_csv(write("a;t\n" + "1,5;category\n" * 800 + "2;\xe9t\xe9\n", encoding="latin-1"), "t", decimal=",")


@pytest.mark.parametrize("target, suggested", [("lbl", "label"), ("Label", "label"), ("specie", "species"),
                                               ("price", None)])
def test_a_missing_target_suggests_the_closest_column(write, target, suggested):
    # "no target column 'lbl'" listed the columns without pointing at 'label', where unknown names
    # elsewhere get "did you mean"
    path = write("sepal,species,label\n1,a,0\n2,b,1\n")
    with pytest.raises(ValueError) as err:
        load_csv(path, target)
    hint = f"did you mean {suggested!r}? " if suggested else ""
    assert str(err.value) == (f"{path}: no target column {target!r}; {hint}available columns: "
                              f"'sepal', 'species', 'label'")
