"""load_csv's one_hot (a column of categories as one 0/1 column per category, as pandas' get_dummies
writes them) and missing="drop" (the rows with a missing cell left out, as pandas' dropna)."""
import io
import re

import numpy as np
import pytest

from neuralab.data import load_csv
from neuralab.data.csv_one_hot import MAX_CATEGORIES
from neuralab.data.dataset import row_in_file

# A titanic of 8 passengers: sex and embarked are text, age has 2 empty cells, embarked 1.
PASSENGERS = """pclass,sex,age,fare,embarked,survived
1,male,36,3.5,S,0
2,female,,22.9,C,1
3,female,38,3.9,Q,1
1,male,63,33.4,,0
3,male,,8.1,S,0
2,female,27,11.0,S,1
3,male,19,7.9,C,0
1,female,44,80.0,S,1
"""


@pytest.fixture
def write_one_hot_csv(tmp_path):
    """Writes ``text`` to a new file passengers.csv, passengers1.csv, ... and returns its path."""
    def write(text):
        path = tmp_path / f"passengers{len(list(tmp_path.iterdir())) or ''}.csv"
        path.write_text(text)
        return path
    return write


def test_each_named_column_becomes_one_0_1_column_per_sorted_category_after_the_others(write_one_hot_csv):
    # in one_hot's order, after the other features, as pd.get_dummies(df, columns=one_hot) puts them
    ds = load_csv(write_one_hot_csv(PASSENGERS), "survived", one_hot=["embarked", "sex"], missing="drop")
    assert ds.feature_names == ("pclass", "age", "fare", "embarked_C", "embarked_Q", "embarked_S", "sex_female",
                                "sex_male")
    assert ds.categories == {"embarked": ("C", "Q", "S"), "sex": ("female", "male")}
    # rows 2 and 5 miss their age; row 4 misses embarked, which is 0 in its three columns, and is kept
    np.testing.assert_array_equal(ds.X, np.float32([
        [1, 36, 3.5, 0, 0, 1, 0, 1],
        [3, 38, 3.9, 0, 1, 0, 1, 0],
        [1, 63, 33.4, 0, 0, 0, 0, 1],
        [2, 27, 11.0, 0, 0, 1, 1, 0],
        [3, 19, 7.9, 1, 0, 0, 0, 1],
        [1, 44, 80.0, 0, 0, 1, 1, 0]]))
    assert ds.y.tolist() == [0, 1, 0, 1, 0, 1]
    assert ds.dropped_rows.tolist() == [2, 5] and ds.missing_cells == {"age": 2}


def test_the_encoding_equals_pandas_get_dummies(write_one_hot_csv):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(3)
    n = 200
    frame = pd.DataFrame({"city": rng.choice(["Oslo", "Rome", "Bern", ""], n), "x": rng.normal(size=n).round(3),
                          "grade": rng.choice([1, 2, 10], n), "y": rng.integers(0, 2, n)})
    path = write_one_hot_csv(frame.to_csv(index=False))
    ds = load_csv(path, "y", one_hot=["city", "grade"])
    expected = pd.get_dummies(pd.read_csv(path).drop(columns="y"), columns=["city", "grade"])
    assert ds.feature_names == tuple(expected.columns)   # grade_1, grade_2, grade_10: sorted as numbers
    np.testing.assert_array_equal(ds.X, expected.to_numpy(dtype=np.float32))
    assert ds.categories == {"city": ("Bern", "Oslo", "Rome"), "grade": ("1", "2", "10")}


def test_codes_are_categories_as_numbers_1_and_1_0_being_one(write_one_hot_csv):
    ds = load_csv(write_one_hot_csv("pclass,y\n1,a\n2.0,b\n1.0,a\n10,b\n"), "y", one_hot=["pclass"])
    assert ds.feature_names == ("pclass_1", "pclass_2", "pclass_10")
    np.testing.assert_array_equal(ds.X, np.float32([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]))
    # a code the file writes otherwise is the category it was encoded with: "2.0" is "2"
    new = load_csv(write_one_hot_csv("pclass,y\n2,a\n10.0,b\n"), "y", one_hot=ds.categories)
    np.testing.assert_array_equal(new.X, np.float32([[0, 1, 0], [0, 0, 1]]))
    # "inf" is no number to sort by: the column's values are then text, sorted as text
    ds = load_csv(write_one_hot_csv("level,y\n2,a\ninf,b\n10,a\n"), "y", one_hot=["level"])
    assert ds.feature_names == ("level_10", "level_2", "level_inf")


def test_the_categories_kept_encode_a_new_file_with_the_same_columns(write_one_hot_csv):
    train = load_csv(write_one_hot_csv(PASSENGERS), "survived", one_hot=["sex", "embarked"], missing="drop")
    # new rows without a passenger of Queenstown (Q) still get its column, full of 0
    new = load_csv(write_one_hot_csv("pclass,sex,age,fare,embarked,survived\n2,male,30,9.5,C,0\n1,female,50,60,S,1\n"),
                   "survived", one_hot=train.categories)
    assert new.feature_names == train.feature_names
    np.testing.assert_array_equal(new.X, np.float32([[2, 30, 9.5, 0, 1, 1, 0, 0], [1, 50, 60, 1, 0, 0, 0, 1]]))
    # a category the model never saw has no column: refused at its cell, as scikit-learn's OneHotEncoder does
    path = write_one_hot_csv("pclass,sex,age,fare,embarked,survived\n2,male,30,9.5,C,0\n1,female,50,60,X,1\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'embarked', row 2 (line 3): 'X' is not one of the categories one_hot gives this "
            f"column, 'C', 'Q', 'S', so a model trained on those has no column for it: drop the row, or train "
            f"again on data that holds it") + "$"):
        load_csv(path, "survived", one_hot=train.categories)


def test_without_options_the_text_and_the_missing_cells_are_refused_with_the_option_that_reads_them(
        write_one_hot_csv):
    path = write_one_hot_csv(PASSENGERS)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'sex', row 1 (line 2): 'male' is not a number; this column holds text, and so does "
            f"column 'embarked', but features must be numbers: pass one_hot=['sex', 'embarked'] to read each "
            f"category as a 0/1 column of its own, or pass ignore=['sex', 'embarked'] to leave these columns out; and "
            f"missing='drop' leaves out the rows with a missing cell (age: 2)") + "$"):
        load_csv(path, "survived")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'embarked', row 1 (line 2): 'S' is not a number; this column holds text, but features "
            f"must be numbers: pass one_hot=['sex', 'embarked'] to read each category")):
        load_csv(path, "survived", one_hot=["sex"])
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'age', row 2 (line 3): empty cell (fill in or drop the row, or pass missing='drop' to "
            f"drop all rows with a missing cell; the column has 2 missing values, in rows 2, 5)") + "$"):
        load_csv(path, "survived", one_hot=["sex", "embarked"])


@pytest.mark.parametrize("one_hot, message", [
    (["sexx"], re.escape("one_hot names the column 'sexx', which the file does not have; did you mean 'sex'? its "
                         "feature columns are 'pclass', 'sex', 'age', 'fare', 'embarked'") + "$"),
    (["survived"], "one_hot names the target column 'survived', but it is for feature columns"),
    ({"sex": ["male", "male"]}, r"one_hot\['sex'\] names the category 'male' twice: give each category once$"),
])
def test_a_column_or_category_one_hot_cannot_use_is_refused_by_name(write_one_hot_csv, one_hot, message):
    with pytest.raises(ValueError, match=message):
        load_csv(write_one_hot_csv(PASSENGERS), "survived", one_hot=one_hot, missing="drop")


@pytest.mark.parametrize("options, message", [
    ({"one_hot": "sex"}, r"one_hot must be 'auto' \(every column of text\), a list of column names.*got str 'sex'; "
                         r"for the one column 'sex', pass \['sex'\]$"),
    ({"ignore": "sex"}, r"ignore must be a list of column names, such as \['Name', 'Ticket'\], got str 'sex'; for the "
                        r"one column 'sex', pass \['sex'\]$"),
    ({"ignore": [None]}, "ignore must name columns by their header's text"),
    ({"one_hot": [3]}, "one_hot must name columns by their header's text"),
    ({"one_hot": {"sex": "male"}}, r"one_hot\['sex'\] must be a non-empty list of the column's categories"),
    ({"one_hot": {"sex": [None]}}, r"one_hot\['sex'\] must hold the categories' text \(or numbers\), got NoneType"),
])
def test_one_hot_of_the_wrong_type_is_refused_with_its_right_form(write_one_hot_csv, options, message):
    with pytest.raises(TypeError, match=message):
        load_csv(write_one_hot_csv(PASSENGERS), "survived", **options)


def test_a_missing_option_other_than_refuse_or_drop_is_refused(write_one_hot_csv):
    with pytest.raises(ValueError, match="missing must be 'refuse' .* or 'drop' .*, got 'mean'$"):
        load_csv(write_one_hot_csv(PASSENGERS), "survived", missing="mean")


def test_a_column_of_more_categories_than_one_hot_takes_is_refused_with_the_count(write_one_hot_csv):
    names = "\n".join(f"{i},passenger {i},{i % 2}" for i in range(MAX_CATEGORIES + 1))
    path = write_one_hot_csv("x,name,y\n" + names + "\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'name' ({MAX_CATEGORIES + 1} distinct values in {MAX_CATEGORIES + 1} rows) holds names "
            f"or identifiers rather than categories (a different value in most rows, or more than one_hot's "
            f"{MAX_CATEGORIES}), which tell nothing about a new row: pass ignore=['name'] to leave it out instead "
            f"of one_hot") + "$"):
        load_csv(path, "y", one_hot=["name"])
    with pytest.raises(ValueError, match="column 'x' has 101 categories .* it reads as numbers, a quantity perhaps"):
        load_csv(path, "y", one_hot=["x"])
    path = write_one_hot_csv("x,city,y\n1,,0\n2,NA,1\n")
    with pytest.raises(ValueError, match=re.escape("column 'city' has no category to one-hot encode: every cell is "
                                                   "missing; remove it from one_hot and pass ignore=['city']")):
        load_csv(path, "y", one_hot=["city"])


def test_dropping_counts_the_rows_and_each_column_missing_cells(write_one_hot_csv):
    # row 2: a and b missing; row 3: the target; row 5: NA in b; the text target's "None" is a class
    path = write_one_hot_csv("a,b,t\n1,2,x\n,,y\n3,4,\n5,6,None\n7,NA,x\n8,9,y\n")
    ds = load_csv(path, "t", missing="drop")
    assert ds.dropped_rows.tolist() == [2, 3, 5]
    assert ds.missing_cells == {"a": 1, "b": 2, "t": 1}
    np.testing.assert_array_equal(ds.X, np.float32([[1, 2], [5, 6], [8, 9]]))
    assert ds.class_names == ("None", "x", "y") and ds.y.tolist() == [1, 0, 2]


def test_a_file_without_missing_cells_reads_alike_with_and_without_drop(write_one_hot_csv):
    # missing="drop" takes the cell-by-cell reader; the quick readers read the same file without it
    rng = np.random.default_rng(0)
    out = io.StringIO()
    np.savetxt(out, np.column_stack([rng.normal(size=(300, 3)), rng.integers(0, 3, 300)]), fmt="%.6g",
               delimiter=",", header="a,b,c,label", comments="")
    path = write_one_hot_csv(out.getvalue())
    plain, dropped = load_csv(path, "label"), load_csv(path, "label", missing="drop")
    np.testing.assert_array_equal(plain.X, dropped.X)
    np.testing.assert_array_equal(plain.y, dropped.y)
    assert len(dropped.dropped_rows) == 0 and dropped.missing_cells == {} and dropped.categories == {}


def test_a_file_whose_every_row_misses_a_cell_is_refused_with_the_counts(write_one_hot_csv):
    path = write_one_hot_csv("a,b,t\n,2,x\n3,,y\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: every row has a missing cell (a: 1, b: 1), so missing='drop' leaves none")):
        load_csv(path, "t", missing="drop")


def test_errors_after_dropping_name_the_row_as_the_file_numbers_it(write_one_hot_csv):
    path = write_one_hot_csv("a,b,t\n1,,x\n2,3,y\n4,abc,x\n5,6,y\n")
    with pytest.raises(ValueError, match=re.escape("column 'b', row 3 (line 4): 'abc' is not a number")):
        load_csv(path, "t", missing="drop")


def test_a_sample_is_found_in_the_file_at_its_row_counting_the_rows_dropped(write_one_hot_csv):
    path = write_one_hot_csv("a,b,t\n1,,x\n2,3,y\n,5,x\n6,7,x\n")
    ds = load_csv(path, "t", missing="drop")
    assert row_in_file(ds, np.float32([6, 7]), "f.csv") == "row 4 of f.csv"
    assert row_in_file(ds, np.float32([2, 3]), "f.csv") == "row 2 of f.csv"
