"""load_csv's one_hot="auto" (every feature column of text, as pd.get_dummies(df) encodes them), the
first refusal of a file of text columns that names every way out at once (one_hot for categories,
ignore for names and identifiers), ignore itself, and missing="drop" and one_hot on random files."""
import re

import numpy as np
import pytest
from test_data_csv_quick import _quick_random_file

from neuralab.data import load_csv

# A titanic of 30 passengers: a name and a ticket for each (names or identifiers), a cabin for a
# few, sex and port as categories, an empty age in rows 3 and 7, an empty port in row 5.
AUTO_ROWS = 30


def _auto_titanic(path):
    rng = np.random.default_rng(1)
    lines = ["PassengerId,Name,Sex,Age,Ticket,Cabin,Embarked,Fare,Survived"]
    for i in range(AUTO_ROWS):
        age = "" if i in (2, 6) else str(int(rng.integers(1, 80)))
        port = "" if i == 4 else str(rng.choice(["S", "C", "Q"]))
        cabin = f"C{i}" if i % 3 == 0 else ""
        lines.append(f'{i + 1},"Person, Mr. {i}",{rng.choice(["male", "female"])},{age},A/{1000 + i},{cabin},{port},'
                     f'{rng.uniform(5, 90):.2f},{int(rng.integers(2))}')
    path.write_text("\n".join(lines) + "\n")
    return path


def test_auto_encodes_every_column_of_text_as_pandas_get_dummies_does(tmp_path):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(7)
    n = 120
    frame = pd.DataFrame({"city": rng.choice(["Oslo", "Rome", "Bern"], n), "x": rng.normal(size=n).round(3),
                          "size": rng.choice(["S", "M", "L", "XL"], n), "n": rng.integers(0, 5, n),
                          "flag": rng.choice([True, False], n), "y": rng.choice(["no", "yes"], n)})
    path = tmp_path / "shop.csv"
    frame.to_csv(path, index=False)
    ds = load_csv(path, "y", one_hot="auto")
    expected = pd.get_dummies(pd.read_csv(path).drop(columns="y"))   # the bool column is 1/0, no dummies
    assert ds.feature_names == tuple(expected.columns)
    np.testing.assert_array_equal(ds.X, expected.to_numpy(dtype=np.float32))
    assert ds.categories == {"city": ("Bern", "Oslo", "Rome"), "size": ("L", "M", "S", "XL")}
    # the categories kept encode new rows alike, a category absent there included
    new = tmp_path / "new.csv"
    new.write_text("city,x,size,n,flag,y\nRome,0.5,M,2,True,yes\nOslo,1,S,0,False,no\n")
    assert load_csv(new, "y", one_hot=ds.categories).X.tolist() == [[0.5, 2, 1, 0, 0, 1, 0, 1, 0, 0],
                                                                     [1, 0, 0, 0, 1, 0, 0, 0, 1, 0]]


def test_auto_leaves_a_file_of_numbers_as_it_is(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("a,b,y\n1,2,0\n3,4,1\n")
    ds = load_csv(path, "y", one_hot="auto")
    assert ds.categories == {} and ds.feature_names == ("a", "b") and ds.X.tolist() == [[1, 2], [3, 4]]


def test_the_first_refusal_of_a_titanic_names_categories_and_names_apart_and_its_advice_reads_the_file(tmp_path):
    path = _auto_titanic(tmp_path / "titanic.csv")
    with pytest.raises(ValueError, match=re.escape(
            "but features must be numbers: pass one_hot=['Sex', 'Cabin', 'Embarked'] to read each category as a 0/1 "
            "column of its own, and ignore=['Name', 'Ticket'] to leave out the columns of names or identifiers (a different "
            "value in most rows, or more than 100), which tell nothing about a new row; and missing='drop' leaves out "
            "the rows with a missing cell (Age: 2)") + "$"):
        load_csv(path, "Survived")
    # Cabin, 10 values in 10 rows, is no name yet (NAME_MIN_VALUES); with one_hot given every text column
    # but it, or "auto": the names are refused together, with the way out
    for one_hot, keep in ((["Name", "Sex", "Ticket", "Embarked"], ", and one_hot=['Sex', 'Embarked']"), ("auto", "")):
        with pytest.raises(ValueError, match=re.escape(
                f"{path}: columns 'Name' (30 distinct values in 30 rows), 'Ticket' (30 distinct values in 30 rows) "
                f"hold names or identifiers rather than categories (a different value in most rows, or more than "
                f"one_hot's 100), which tell nothing about a new row: pass ignore=['Name', 'Ticket'] to leave them "
                f"out{keep}") + "$"):
            load_csv(path, "Survived", one_hot=one_hot, missing="drop")
    ds = load_csv(path, "Survived", one_hot=["Sex", "Embarked"], ignore=["Name", "Ticket", "Cabin"], missing="drop")
    assert ds.feature_names == ("PassengerId", "Age", "Fare", "Sex_female", "Sex_male", "Embarked_C", "Embarked_Q",
                                "Embarked_S")
    assert ds.dropped_rows.tolist() == [3, 7] and len(ds) == AUTO_ROWS - 2


def test_a_column_of_categories_seen_few_times_each_is_no_name(tmp_path):
    # 20 distinct values in 30 rows: more than half, but not more than NAME_MIN_VALUES
    path = tmp_path / "few.csv"
    path.write_text("code,y\n" + "".join(f"c{i % 20},{i % 2}\n" for i in range(30)))
    assert len(load_csv(path, "y", one_hot="auto").categories["code"]) == 20
    path.write_text("code,y\n" + "".join(f"c{i % 21},{i % 2}\n" for i in range(30)))
    with pytest.raises(ValueError, match=r"column 'code' \(21 distinct values in 30 rows\) holds names"):
        load_csv(path, "y", one_hot="auto")


@pytest.mark.parametrize("ignore, message", [
    (["Tiket"], re.escape("ignore names the column 'Tiket', which the file does not have; did you mean 'Ticket'? its "
                          "feature columns are 'PassengerId', 'Name', 'Sex', 'Age', 'Ticket', 'Cabin', 'Embarked', "
                          "'Fare'") + "$"),
    (["Survived"], r"ignore names the target column 'Survived', but it is for feature columns \(it is what the model "
                   r"learns\): leave 'Survived' out$"),
    (["Sex"], "ignore names the column 'Sex', which one_hot names too: leave it out of one_hot to leave it out of the "
              "data, or out of the columns ignored to encode it$"),
])
def test_ignore_refuses_a_column_it_cannot_leave_out(tmp_path, ignore, message):
    with pytest.raises(ValueError, match=message):
        load_csv(_auto_titanic(tmp_path / "titanic.csv"), "Survived", one_hot=["Sex"], ignore=ignore)


def test_ignoring_every_feature_is_refused(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("name,y\nAnn,0\nBob,1\n")
    with pytest.raises(ValueError, match="needs at least one feature column besides the target once ignore's "
                                         "columns are left out$"):
        load_csv(path, "y", ignore=["name"])


@pytest.mark.parametrize("sep_line", ["", "sep=;\n"])
def test_decimal_commas_with_missing_drop_are_refused_with_the_way_out_not_a_crash(tmp_path, sep_line):
    path = tmp_path / "crash.csv"
    path.write_text(sep_line + "a;b;y\n1,5;1;0\n;2;1\n2,5;1;1\n3,5;2;0\n")
    line = 2 + bool(sep_line)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: column 'a', row 1 (line {line}): '1,5' is not a number (write decimals with a point: 0.5, not "
            f"0,5; or pass decimal=',' to read the file's decimal commas)") + "$"):
        load_csv(path, "y", delimiter=None if sep_line else ";", missing="drop")
    assert load_csv(path, "y", decimal=",", missing="drop").X.tolist() == [[1.5, 1], [2.5, 1], [3.5, 2]]


def test_semicolons_and_decimal_commas_read_with_no_option_name_both_options(tmp_path):
    path = tmp_path / "euro.csv"
    path.write_text("a;b;y\n1,5;1;0\n2,5;1;1\n")
    with pytest.raises(ValueError, match=re.escape(
            "is the file separated by ';'? pass delimiter=';' and decimal=',' (its numbers have decimal commas: "
            "'1,5')") + "$"):
        load_csv(path, "y")
    path.write_text("a;b;y\n1;1;0\n2;1;1\n")   # no decimal comma: the delimiter alone
    with pytest.raises(ValueError, match=re.escape("the header has one column 'a;b;y': is the file separated by ';'? "
                                                   "pass delimiter=';'") + "$"):
        load_csv(path, "x")


def test_random_files_read_with_missing_drop_one_hot_auto_or_no_target_fail_only_with_a_value_error(tmp_path):
    """No TypeError or IndexError from the cell that names a fault, whatever the file (a decimal comma in
    a ';' file, dropped rows and a column of comma numbers made ``CellChecker.as_written`` fail)."""
    rng = np.random.default_rng(0)
    extras = [{"missing": "drop"}, {"one_hot": "auto"}, {"one_hot": "auto", "missing": "drop"},
              {"one_hot": "auto", "target": None}]
    for k in range(400):
        data, options = _quick_random_file(rng)
        path = tmp_path / f"random{k}.csv"
        path.write_bytes(data)
        options = {**options, **extras[k % len(extras)]}
        target = options.pop("target", "y")
        if target is None:
            del options["task"]
        try:
            load_csv(path, target, **options)
        except ValueError:
            pass
