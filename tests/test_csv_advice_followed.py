"""The advice of load_csv, neuralab train and the playground's upload about a CSV, followed literally,
step by step, ends in a run that reads the file (a review: a house-price table whose target is
written "$221,900" was refused a run later).

Told to write its 12 prices without the '$', a small table was read as 12 classes next, one row
each, and refused; a King County table's date column was refused first, with no word of its price,
which the run that left the dates out was refused for. Columns of categories alone are left out
with ignore, as dates and empty columns are ("or remove these columns from the file" had no
argument to follow)."""
import re

import numpy as np
import pytest
from test_data_csv_quick import _quick_cell_by_cell

from neuralab import cli
from neuralab.data import load_csv
from neuralab.play.protocol import ProtocolError
from neuralab.play.upload import parse_csv

pd = pytest.importorskip("pandas")

PRICES = [221900, 538000, 180000, 604000, 510000, 1225000, 257500, 291850, 229500, 323000, 662500, 468000]
REGRESSION_TOO = ("and pass task='regression' (its 12 distinct whole numbers would otherwise be read as 12 "
                  "classes)")


def _houses(tmp_path, date=False):
    """A small house-price table, its price written as dollars with a thousands comma ("$221,900"),
    with a King County date column ("20140904T000000", no date load_csv reads) if ``date``."""
    rows = [f"{1000 + 97 * i},{1 + i % 4},{f'2014{5 + i % 7:02}{1 + i:02}T000000,' * date}\"${price:,}\""
            for i, price in enumerate(PRICES)]
    path = tmp_path / "houses.csv"
    path.write_text(f"sqft,bedrooms,{'date,' * date}price\n" + "\n".join(rows) + "\n")
    return path


def _follow_the_pandas_line(message, path):
    """What a learner does with the message's "with pandas: df[...] = ..." line: read the file, run
    the line, write the file back (without pandas' row index, which load_csv refuses)."""
    line = re.search(r"with pandas: (df\[.*?\.astype\(float\))\)", message)[1]
    df = pd.read_csv(path)
    exec(line, {"df": df})
    df.to_csv(path, index=False)


def test_a_small_tables_dollar_prices_are_read_by_following_the_advice(tmp_path):
    path = _houses(tmp_path)
    with pytest.raises(ValueError, match=r"'\$221,900' is not a number") as refused:
        load_csv(path, "price")
    message = str(refused.value)
    assert f"astype(float)), {REGRESSION_TOO}; if its values are class names, pass task='multiclass'" in message
    _follow_the_pandas_line(message, path)
    ds = load_csv(path, "price", task="regression")
    assert ds.task == "regression" and ds.feature_names == ("sqft", "bedrooms")
    np.testing.assert_array_equal(ds.y, np.float32(PRICES))
    assert load_csv(path, "price").task == "multiclass"   # the reason the advice names the task


def test_the_command_lines_advice_for_dollar_prices_leads_to_a_run(tmp_path, capsys):
    path = _houses(tmp_path)
    train = ["train", "--data", str(path), "--target", "price", "--epochs", "1", "--quiet", "--out",
             str(tmp_path / "run")]
    assert cli.main(train) == 2
    err = capsys.readouterr().err
    assert ", and pass --task regression (its 12 distinct whole numbers would otherwise be read as 12 classes)" in err
    _follow_the_pandas_line(err, path)
    assert cli.main([*train, "--task", "regression"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("reader", ["quick", "cell by cell"])
def test_a_refusal_of_the_features_names_the_targets_dollars_too(tmp_path, monkeypatch, reader):
    if reader == "cell by cell":
        _quick_cell_by_cell(monkeypatch)
    path = _houses(tmp_path, date=True)
    with pytest.raises(ValueError, match="column 'date', row 1") as refused:
        load_csv(path, "price")
    message = str(refused.value)
    assert message.endswith(
        "or pass ignore=['date'] to leave it out; and target column 'price' holds numbers written with a unit: write "
        "the numbers without their unit (with pandas: df[['price']] = df[['price']].replace('[$,]', '', "
        f"regex=True).astype(float)), {REGRESSION_TOO}"), message
    _follow_the_pandas_line(message, path)
    ds = load_csv(path, "price", task="regression", ignore=["date"])
    np.testing.assert_array_equal(ds.y, np.float32(PRICES))


def test_a_target_read_as_classes_is_not_named_with_the_features(tmp_path):
    """task='multiclass' reads "$221,900" as a class name: the features' refusal says nothing of it."""
    with pytest.raises(ValueError, match="column 'date'") as refused:
        load_csv(_houses(tmp_path, date=True), "price", task="multiclass")
    assert "target column" not in str(refused.value)


def test_the_page_names_the_task_menu_for_dollar_prices(tmp_path):
    with pytest.raises(ProtocolError) as refused:
        parse_csv(_houses(tmp_path).read_text(), "price")
    assert ", and choose 'a number' as the task (its 12 distinct whole numbers" in str(refused.value)


CATEGORIES = "x,color,size,y\n" + "".join(f"{i},{('red', 'blue')[i % 2]},{'SML'[i % 3]},{i % 2}\n" for i in range(30))


def test_columns_of_categories_are_left_out_with_the_ignore_the_refusal_names(tmp_path, capsys):
    path = tmp_path / "colors.csv"
    path.write_text(CATEGORIES)
    with pytest.raises(ValueError) as refused:
        load_csv(path, "y")
    assert str(refused.value).endswith(
        "pass one_hot=['color', 'size'] to read each category as a 0/1 column of its own, or pass "
        "ignore=['color', 'size'] to leave these columns out")
    assert load_csv(path, "y", ignore=["color", "size"]).feature_names == ("x",)
    train = ["train", "--data", str(path), "--target", "y", "--epochs", "1", "--quiet", "--out", str(tmp_path / "run")]
    assert cli.main(train) == 2
    assert capsys.readouterr().err.rstrip().endswith(
        "pass --one-hot color,size to read each category as a 0/1 column of its own, or pass --ignore color,size "
        "to leave these columns out")
    assert cli.main([*train, "--ignore", "color,size"]) == 0


def test_the_page_ticks_the_leave_out_boxes_of_columns_of_categories():
    with pytest.raises(ProtocolError) as refused:
        parse_csv(CATEGORIES, "y")
    said = str(refused.value)
    assert said.endswith("choose 'one 0/1 column per category' for Text columns to read each category as a 0/1 "
                         "column of its own, or tick 'color', 'size' under Leave out to leave these columns out")
    assert refused.value.control == {"name": "one_hot"}   # the advice's first control, where the focus goes
    assert parse_csv(CATEGORIES, "y", ignore=["color", "size"]).dataset.feature_names == ("x",)
