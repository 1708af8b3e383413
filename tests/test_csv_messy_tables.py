"""The CSV loader and `neuralab train` on messy tables as learners download them (a review by
experiment): numbers as typeset text writes them ("−2.55", "10 531") read as numbers, accounting
negatives "(80)" told as numbers, not names; a 10-digit ID that float32 rounds warned of; a
column empty in every row, a column's words and missing cells, columns of thousands separators
and a header's duplicate names each refused in one message that names every fix; and the advice
of --early-stopping for a class of two rows."""
import re

import numpy as np
import pandas as pd
import pytest

from neuralab import cli
from neuralab.data import load_csv
from neuralab.data.identifier_columns import RoundedWholeNumbersWarning


def _messy_csv(tmp_path, text, name="messy.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _messy_train(tmp_path, capsys, path, target, *options):
    """``neuralab train`` on ``path`` in this process: (its exit status, what it printed to stderr)."""
    status = cli.main(["train", "--data", str(path), "--target", target, "--epochs", "1", "--quiet",
                       "--out", str(tmp_path / "run"), *options])
    return status, capsys.readouterr().err


def _messy_rows(n, cell):
    """``n`` rows "x,cell(i),label" of a feature x and a two-class label."""
    x = np.random.default_rng(0).normal(size=n).round(3)
    return "".join(f"{x[i]},{cell(i)},{i % 2}\n" for i in range(n))


@pytest.mark.parametrize("written, value", [
    ("\u22122.55", -2.55),            # U+2212, the minus sign of tables copied from the web
    ("10\u202f531", 10531.0),         # a narrow no-break space between groups of three (French)
    ("10\u00a0531.5", 10531.5),       # a no-break space
    ("\u22121\u00a0234\u00a0567", -1234567.0),
])
def test_a_typeset_number_reads_as_the_number_it_plainly_is(tmp_path, written, value):
    # half the rows held one, and the column was refused as names or identifiers, or "fix or drop the row"
    path = _messy_csv(tmp_path, "x,t,label\n" + _messy_rows(60, lambda i: written if i % 2 else i))
    ds = load_csv(path, "label")
    assert ds.X[1, 1] == np.float32(value) and ds.X[2, 1] == 2
    as_target = load_csv(_messy_csv(tmp_path, "x,t\n" + "".join(f"{i},{written if i % 2 else i + 0.5}\n"
                                                                  for i in range(30)), "target.csv"), "t")
    assert as_target.task == "regression" and as_target.y[1] == np.float32(value)


def test_digits_spaced_otherwise_are_no_number(tmp_path):
    # a no-break space is a thousands mark between groups of three digits only
    path = _messy_csv(tmp_path, "x,t,label\n" + _messy_rows(4, lambda i: "10\u00a053" if i == 1 else i))
    with pytest.raises(ValueError, match=re.escape("row 2 (line 3): '10\\xa053' is not a number (fix or drop the "
                                                   "row)")):
        load_csv(path, "label")


def test_accounting_negatives_are_told_as_numbers_with_the_line_that_reads_them(tmp_path, capsys):
    # '(80)' in half the rows was "a column of names or identifiers", the advice to leave out a real feature
    cell = lambda i: f"({i * 7})" if i % 3 else f"{i * 7}"   # noqa: E731  two rows in three
    path = _messy_csv(tmp_path, "x,profit,label\n" + _messy_rows(300, cell))
    with pytest.raises(ValueError) as refused:
        load_csv(path, "label")
    message = str(refused.value)
    assert "'(7)' is not a number (a negative number in accounting format: write it -7); this column holds " \
           "negative numbers in parentheses, as accounting formats write them" in message
    assert "names or identifiers" not in message and "ignore" not in message
    line = re.search(r"with pandas: (df\[.*\.astype\(float\))", message)[1]
    df = pd.read_csv(path)
    exec(line, {"df": df})
    assert df["profit"].tolist()[:4] == [0.0, -7.0, -14.0, 21.0] and df["profit"].tolist()[-1] == -2093.0
    few = _messy_csv(tmp_path, "x,profit,label\n" + _messy_rows(30, lambda i: "(5)" if i == 3 else i), "few.csv")
    with pytest.raises(ValueError, match=re.escape(
            "row 4 (line 5): '(5)' is not a number (a negative number in accounting format: write it -5; write the "
            "negative numbers with a minus sign, -80 for (80) (with pandas: df[['profit']] = df[['profit']]"
            ".replace({'^\\\\((.*)\\\\)$': '-\\\\1'}, regex=True).astype(float)))") + "$"):
        load_csv(few, "label")
    with pytest.raises(ValueError, match=r"'profit' \('\(7\)'\) holds negative numbers in parentheses"):
        load_csv(path, "label", one_hot="auto")
    # as the target: 201 classes with "class '(0)' has only 1 row", or with --task regression "holds words"
    target = _messy_csv(tmp_path, "x,profit\n" + "".join(f"{i},{cell(i)}\n" for i in range(300)), "target.csv")
    status, err = _messy_train(tmp_path, capsys, target, "profit")
    assert status == 2 and "this target column holds negative numbers in parentheses, as accounting formats " \
                           "write them, so it is not read as class names: write the negative numbers" in err
    status, err = _messy_train(tmp_path, capsys, target, "profit", "--task", "regression")
    assert status == 2 and "'(7)' is not a number (a negative number in accounting format: write it -7; write " \
                           "the negative numbers with a minus sign" in err
    assert "holds words" not in err


def _messy_ids(n=2000, city=True):
    """A King County table: a 10-digit house id 17 apart in each row, a size, a city and a price."""
    rng = np.random.default_rng(1)
    return f"id,sqft{',city' * city},price\n" + "".join(
        f"{7129300520 + 17 * i},{rng.integers(500, 4000)}{(',Kent', ',Renton')[i % 2] * city},"
        f"{rng.integers(1, 9) * 1000}\n" for i in range(n))


@pytest.mark.parametrize("city, options", [(False, {}), (True, {"one_hot": ["city"]})],
                         ids=["numbers, read by NumPy", "cell by cell"])
def test_a_ten_digit_id_that_float32_rounds_is_warned_of(tmp_path, city, options):
    # float32 read 2,000 distinct ids as 67 values, and identifier_columns (all values distinct) said nothing
    path = _messy_csv(tmp_path, _messy_ids(city=city))
    with pytest.warns(RoundedWholeNumbersWarning) as said:
        ds = load_csv(path, "price", **options)
    assert len(np.unique(ds.X[:, 0])) < 100
    assert str(said[0].message) == (
        "column 'id' looks like an identifier (its name, and a different whole number in each of the 2000 rows): "
        "the network would learn from a row's number, not from what the row measures; its whole numbers, up to "
        "7129334503, are past 16,777,216, up to which float32 holds every whole number, and its 2,000 distinct "
        "values read as 67 (float32's values near 7129334503 are 512 apart): pass ignore=['id'] to leave it out")


def _messy_counts():
    """A column of 50 distinct whole numbers past 2**24, 2 apart, which float32 rounds to 26 values."""
    return "count,label\n" + "".join(f"{16777217 + 2 * i},{i % 2}\n" for i in range(50))


def test_a_quantity_that_float32_rounds_is_warned_of_with_float64_the_way_to_keep_it(tmp_path):
    path = _messy_csv(tmp_path, _messy_counts())
    with pytest.warns(RoundedWholeNumbersWarning, match=r"^column 'count': .* its 50 distinct values read as 26 .*"
                                                        r"neuralab\.set_default_dtype\(np\.float64\) before loading"):
        load_csv(path, "label")


def test_in_float64_the_quantity_keeps_its_values_without_a_warning(tmp_path, float64):
    assert len(np.unique(load_csv(_messy_csv(tmp_path, _messy_counts()), "label").X)) == 50   # a warning errs here


def test_the_run_says_both_warnings_in_its_own_terms(tmp_path, capsys):
    status, err = _messy_train(tmp_path, capsys, _messy_csv(tmp_path, _messy_ids(), "ids.csv"), "price",
                               "--one-hot", "city", "--task", "regression")
    assert status == 0
    assert "warning: column 'id' looks like an identifier" in err and "pass --ignore id to leave it out" in err
    status, err = _messy_train(tmp_path, capsys, _messy_csv(tmp_path, _messy_counts()), "label")
    assert status == 0 and "warning: column 'count': " in err
    assert "--dtype float64 keeps them apart, or pass --ignore count to leave" in err


def test_early_stopping_with_a_class_of_two_rows_names_what_works(tmp_path, capsys):
    # "use a smaller --test-size": the stratified split takes one of the two to the test part at any size
    labels = ["cat"] * 40 + ["dog"] * 40 + ["ferret"] * 2
    path = _messy_csv(tmp_path, "w,animal\n" + "".join(f"{i},{label}\n" for i, label in enumerate(labels)))
    status, err = _messy_train(tmp_path, capsys, path, "animal", "--early-stopping", "3", "--test-size", "0.05")
    assert status == 2 and err == (
        "neuralab: error: --early-stopping: class 'ferret' has 2 rows in all, and a class needs 3, one for each of "
        "the training, validation and test parts: add rows of that class or remove its rows, or leave out "
        "--early-stopping\n")
    with open(path, "a") as file:   # the advice works: a third row of it
        file.write("90,ferret\n")
    assert _messy_train(tmp_path, capsys, path, "animal", "--early-stopping", "3")[0] == 0


@pytest.mark.parametrize("options", [{"ignore": ["city"]}, {"ignore": ["city"], "missing": "drop"},
                                     {"one_hot": ["city"]}, {"ignore": ["city"], "class_names": ["0", "1"]}])
def test_a_column_empty_in_every_row_is_named_with_ignore_first(tmp_path, options):
    # its first message said missing='drop', which then dropped every row
    rows = "".join(f"{i},7,,{('a', 'b')[i % 2]},{i % 2}\n" for i in range(30))
    path = _messy_csv(tmp_path, "x,const,empty,city,y\n" + rows)
    with pytest.raises(ValueError, match=re.escape(
            "column 'empty' has no value in any row (every cell is empty or a missing marker): pass "
            "ignore=['empty'] to leave it out")):
        load_csv(path, "y", **options)
    assert load_csv(path, "y", ignore=["empty", "city"]).feature_names == ("x", "const")


def test_an_empty_column_beside_text_columns_is_named_in_their_message_and_the_run_says_ignore(tmp_path, capsys):
    rows = "".join(f"{i},,{('a', 'b')[i % 2]},{i % 2}\n" for i in range(30))
    path = _messy_csv(tmp_path, "x,empty,city,y\n" + rows)
    status, err = _messy_train(tmp_path, capsys, path, "y")
    assert status == 2 and err.rstrip().endswith(
        "pass --one-hot city to read each category as a 0/1 column of its own, or pass --ignore city to leave it "
        "out; pass --ignore empty to leave out the column 'empty' with no value in any row")
    assert "--missing drop" not in err


def test_dates_are_left_out_with_ignore_in_each_one_s_terms(tmp_path, capsys):
    rows = "".join(f"{i},2024-01-{i % 28 + 1:02},{i % 2}\n" for i in range(30))
    path = _messy_csv(tmp_path, "x,day,y\n" + rows)
    with pytest.raises(ValueError, match=re.escape("pass ignore=['day'] to leave it out, or write its values as "
                                                   "numbers")):
        load_csv(path, "y")
    status, err = _messy_train(tmp_path, capsys, path, "y")
    assert status == 2 and "pass --ignore day to leave it out, or write its values as numbers" in err
    assert "from the file" not in err


def test_words_and_missing_cells_of_a_column_are_named_in_one_message_the_earliest_first(tmp_path):
    # 'n/a' in row 121 was named first; after missing='drop', 'unknown' in row 18 was refused anew
    cells = {17: "unknown", 120: "n/a", 150: "-"}
    path = _messy_csv(tmp_path, "bp,y\n" + "".join(f"{cells.get(i, 50 + i % 7)},{i % 2}\n" for i in range(200)))
    for options in ({}, {"class_names": ["0", "1"]}):   # the quick readers, and the one of every cell
        with pytest.raises(ValueError, match=re.escape(
                "column 'bp', row 18 (line 19): 'unknown' is not a number (fix or drop the row); the column also "
                "has 2 missing values, in rows 121, 151: fill them in, or pass missing='drop' to drop all rows "
                "with a missing cell") + "$"):
            load_csv(path, "y", **options)
    cells = {10: "n/a", 17: "unknown"}
    path = _messy_csv(tmp_path, "bp,z,y\n" + "".join(f"{cells.get(i, i)},1,{i % 2}\n" for i in range(40)), "b.csv")
    for options in ({}, {"ignore": ["z"]}):
        with pytest.raises(ValueError, match=re.escape(
                "column 'bp', row 11 (line 12): 'n/a' is a missing value (fill in or drop the row, or pass "
                "missing='drop' to drop all rows with a missing cell); row 18 holds 'unknown', which is not a "
                "number: fix or drop that row too") + "$"):
            load_csv(path, "y", **options)


def test_every_column_of_thousands_separators_is_named_in_one_message_with_one_line(tmp_path):
    # housing.csv took a run for "1,651" in sqft_living, then one for "8,021" in lot_size
    rows = "".join(f'{i},"{1000 + 37 * i:,}","{5000 + 91 * i:,}",{("a", "b")[i % 2]},{i % 2}\n' for i in range(40))
    path = _messy_csv(tmp_path, "x,sqft,lot,city,y\n" + rows)
    with pytest.raises(ValueError) as refused:
        load_csv(path, "y", one_hot=["city"])
    message = str(refused.value)
    assert message.startswith(f"{path}: column 'sqft', row 1 (line 2): '1,000' is not a number (the comma looks "
                              f"like a thousands separator: write the number without it, 1000); so does column "
                              f"'lot' ('5,000'): write the numbers without their thousands separators")
    df = pd.read_csv(path)
    exec(re.search(r"with pandas: (.*?), or read", message)[1], {"df": df})
    assert df["lot"].tolist()[:2] == [5000, 5091]
    assert pd.read_csv(path, thousands=",")["sqft"].dtype.kind == "i"   # the other way the message names


def test_duplicate_header_names_are_named_with_their_columns_and_the_fix(tmp_path):
    path = _messy_csv(tmp_path, "score,score,age,y\n1,2,3,0\n4,5,6,1\n")
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: the header gives the name 'score' to columns 1, 2, but columns are told apart by their names: "
            f"rename them in the header so that each name differs, such as 'score' and 'score_2'") + "$"):
        load_csv(path, "y")


@pytest.mark.parametrize("task", ["auto", "binary", "multiclass"])
@pytest.mark.parametrize("before", [0, 3200])   # read cell by cell, and by the quick reader
def test_a_target_cell_that_a_misplaced_quote_ran_on_is_refused_not_a_class(tmp_path, before, task):
    # '"yes\n0,no"' became a third class, 'yes\n0,no', without a word: a feature's cell is refused so
    rows = "".join(f"{i},{i % 3},{('no', 'yes')[i % 2]}\n" for i in range(40))
    path = _messy_csv(tmp_path, "a,b,y\n" + rows * (before // 40) + '1,2,"yes\n0,no"\n' + rows)
    line = before + 2
    with pytest.raises(ValueError) as refused:
        load_csv(path, "y", task=task)
    assert str(refused.value) == (
        f"{path}: column 'y', row {before + 1} (line {line}): 'yes\\n0,no' is not a class: a quote (\") opened on "
        f"line {line} runs its cell on to line {line + 1}, over 1 line end and the ',' between cells: add the "
        f"missing closing quote where the cell ends, or remove the opening one")


def test_a_class_written_over_two_lines_without_the_delimiter_is_still_a_class(tmp_path):
    rows = "".join(f"{i},{i % 3},{('no', 'yes')[i % 2]}\n" for i in range(40))
    ds = load_csv(_messy_csv(tmp_path, 'a,b,y\n1,2,"not\nsure"\n' + rows), "y")
    assert ds.class_names == ("no", "not\nsure", "yes")
