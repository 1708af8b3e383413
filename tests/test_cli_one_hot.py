"""`neuralab train --data` with --one-hot (columns of categories as 0/1 columns) and --missing drop:
a titanic of text columns and empty ages trains end to end, and without them is refused in one
line that names the options."""
import json
import re

import numpy as np
import pytest

import neuralab
from neuralab import cli
from neuralab.data import load_csv


def _titanic_csv_for_one_hot(path, n=300, empty_ages=58, empty_ports=4):
    """A titanic of ``n`` passengers: pclass, sex (male/female), age (``empty_ages`` empty cells),
    fare, embarked (S/C/Q, ``empty_ports`` empty), a name each and survived, which follows sex and
    class."""
    rng = np.random.default_rng(0)
    sex, pclass = rng.choice(["male", "female"], n), rng.integers(1, 4, n)
    age = rng.integers(1, 80, n).astype(str)
    age[rng.choice(n, empty_ages, replace=False)] = ""
    port = rng.choice(["S", "C", "Q"], n)
    port[np.flatnonzero(age != "")[:empty_ports]] = ""  # in rows that keep their age
    survived = (rng.random(n) < np.where(sex == "female", 0.75, 0.2) + 0.05 * (2 - pclass)).astype(int)
    fare = rng.uniform(5, 100, n).round(2)
    lines = ["pclass,sex,age,fare,embarked,name,survived"] + [
        f"{c},{s},{a},{f},{e},Passenger {i},{v}"
        for i, (c, s, a, f, e, v) in enumerate(zip(pclass, sex, age, fare, port, survived))]
    path.write_text("\n".join(lines) + "\n")
    return path


def _train_titanic(tmp_path, *options):
    csv = _titanic_csv_for_one_hot(tmp_path / "titanic.csv")
    return cli.main(["train", "--data", str(csv), "--target", "survived", "--epochs", "3", "--quiet",
                     "--out", str(tmp_path / "run"), *options])


def test_the_titanic_trains_with_one_hot_columns_and_its_rows_of_missing_ages_dropped(tmp_path, capsys):
    # --one-hot given twice takes both
    assert _train_titanic(tmp_path, "--one-hot", "sex", "--one-hot", "embarked", "--ignore", "name",
                          "--missing", "drop") == 0
    out = capsys.readouterr().out
    assert "note: dropped 58 of 300 rows with missing cells (age: 58)\n" in out
    assert "note: kept the rows with an empty category (embarked: 4), 0 in each of that column's 0/1 columns\n" in out
    assert "neuralab train: titanic (242 samples, binary), network 8-16-16-1" in out
    assert re.search(r"^train +\d\.\d{4} +\d\.\d{4}", out, re.M) and re.search(r"^test +\d\.\d{4}", out, re.M)
    run = tmp_path / "run"
    assert f"wrote model.npz, loss.png, confusion_matrix.png, history.csv, metrics.json to {run}/" in out
    assert all((run / name).stat().st_size for name in ("model.npz", "loss.png", "history.csv", "metrics.json"))
    metrics = json.loads((run / "metrics.json").read_text())
    features = ["pclass", "age", "fare", "sex_female", "sex_male", "embarked_C", "embarked_Q", "embarked_S"]
    assert metrics["features"] == features
    assert metrics["categories"] == {"sex": ["female", "male"], "embarked": ["C", "Q", "S"]}
    assert metrics["n_dropped_rows"] == 58 and metrics["missing_cells"] == {"age": 58}
    # the saved model takes new rows encoded with the categories that metrics.json keeps
    model = neuralab.load(run / "model.npz")
    assert list(model.feature_names) == features
    new = tmp_path / "new.csv"
    new.write_text("pclass,sex,age,fare,embarked,name,survived\n3,male,30,8.05,S,A,0\n1,female,40,80,Q,B,1\n")
    ds = load_csv(new, "survived", one_hot=metrics["categories"], ignore=["name"])
    assert ds.feature_names == tuple(features) and model.predict(ds.X).shape == (2, 1)


def test_one_hot_auto_encodes_every_column_of_text(tmp_path, capsys):
    assert _train_titanic(tmp_path, "--one-hot", "auto", "--ignore", "name", "--missing", "drop") == 0
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["categories"] == {"sex": ["female", "male"], "embarked": ["C", "Q", "S"]}


@pytest.mark.parametrize("options, words", [
    ((), "features must be numbers: pass --one-hot sex,embarked to read each category as a 0/1 column of its "
         "own, and --ignore name to leave out the column of names or identifiers (a different value in most rows, or "
         "more than 100), which tell nothing about a new row; and --missing drop leaves out the rows with a missing "
         "cell (age: 58)\n"),
    (("--one-hot", "sex", "--ignore", "name"), "is not a number; this column holds text, but features must be numbers: "
                                               "pass --one-hot sex,embarked to read each category"),
    (("--one-hot", "sex,embarked,name"), "column 'name' (300 distinct values in 300 rows) holds names or identifiers "
                                         "rather than categories (a different value in most rows, or more than the "
                                         "100 categories --one-hot takes), which tell nothing about a new row: pass "
                                         "--ignore name to leave it out, and --one-hot sex,embarked\n"),
    (("--one-hot", "auto"), "pass --ignore name to leave it out\n"),
    (("--one-hot", "auto,sex"), "--one-hot auto encodes every column of text, so the columns auto,sex name too many: "
                                "give auto alone, or the columns alone\n"),
    (("--one-hot", "sex", "--ignore", "nam"), "--ignore names the column 'nam', which the file does not have; did you "
                                              "mean 'name'?"),
    (("--one-hot", "sex,embarked", "--ignore", "name"),
     "empty cell (fill in or drop the row, or pass --missing drop to drop all rows with a missing cell; the column "
     "has 58 missing values"),
    (("--one-hot", "sexx,embarked"), "--one-hot names the column 'sexx', which the file does not have; did you mean "
                                     "'sex'?"),
    (("--one-hot", "survived"), "--one-hot names the target column 'survived', but it is for feature columns"),
])
def test_a_file_the_options_do_not_read_is_refused_in_one_line_naming_the_option(tmp_path, capsys, options, words):
    assert _train_titanic(tmp_path, *options) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("neuralab: error: ") and words in err
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("options, words", [
    (("--missing", "mean"), "argument --missing: invalid choice: 'mean'; choose from refuse, drop"),
    (("--one-hot", "sex,,embarked"), "argument --one-hot: needs column names separated by commas, such as "
                                     "sex,embarked, got 'sex,,embarked'"),
])
def test_an_option_value_argparse_refuses_is_one_line(tmp_path, capsys, options, words):
    with pytest.raises(SystemExit) as exit_:
        _train_titanic(tmp_path, *options)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and words in err


@pytest.mark.parametrize("option", [("--one-hot", "sex"), ("--missing", "drop"), ("--ignore", "name")])
def test_the_csv_options_go_with_data(tmp_path, capsys, option):
    assert cli.main(["train", "--dataset", "moons", "--epochs", "1", "--out", str(tmp_path / "run"), *option]) == 2
    assert capsys.readouterr().err == f"neuralab: error: {option[0]} goes with --data FILE.csv\n"

