"""Three faults a review of the playground's upload found: a regression target of whole numbers
that float32 rounds into fewer, read without a word; a quote left open, named as a row's
missing cells; and a validation row "far past" training data whose values are all 0 (a bound of
-0, said "within ±-0")."""
import math
import warnings

import numpy as np
import pytest

from neuralab import cli, data, nn
from neuralab.data.identifier_columns import FLOAT64_KEEPS_THEM, RoundedWholeNumbersWarning
from neuralab.play.upload import parse_csv
from neuralab.train.far_past import FarPastWarning, far_past_training


# a regression target of whole numbers past 2**24

def _ids_text(n=100, start=12345678901234567, step=1000):
    return "x,z,id\n" + "".join(f"{i % 5},{i % 3},{start + i * step}\n" for i in range(n))


def _only_rounded(caught):
    return [w.message for w in caught if isinstance(w.message, RoundedWholeNumbersWarning)]


@pytest.mark.parametrize("ignore", [(), ("z",)], ids=["quick reader", "cell by cell"])
@pytest.mark.parametrize("task", ["regression", "auto"])
def test_a_regression_target_that_float32_rounds_into_fewer_values_is_warned_of(tmp_path, ignore, task):
    # 100 IDs of 17 digits read as one value: the network learnt a constant, without a word
    path = tmp_path / "ids.csv"
    path.write_text(_ids_text())
    with pytest.warns(RoundedWholeNumbersWarning) as caught:
        ds = data.load_csv(path, target="id", task=task, ignore=ignore)
    assert ds.task == "regression" and len(np.unique(ds.y)) == 1
    [warning] = _only_rounded(caught)
    assert (warning.column, warning.target, warning.identifier, warning.rows) == ("id", True, False, 100)
    assert str(warning) == warning.saying(FLOAT64_KEEPS_THEM, "pass ignore=['id']")
    assert str(warning).startswith("target column 'id': its whole numbers, up to 12345678901333568, are past "
                                   "16,777,216, up to which float32 holds every whole number, and its 100 distinct "
                                   "values read as 1 (")
    assert str(warning).endswith(f"so the network would learn the rounded values; {FLOAT64_KEEPS_THEM}")
    assert "ignore" not in str(warning)   # a target is not left out


def test_in_float64_the_target_keeps_its_values_apart_and_nothing_is_said(tmp_path, float64):
    path = tmp_path / "ids.csv"
    path.write_text(_ids_text())
    with warnings.catch_warnings():
        warnings.simplefilter("error", RoundedWholeNumbersWarning)
        ds = data.load_csv(path, target="id", task="regression")
    assert len(np.unique(ds.y)) == 100


@pytest.mark.parametrize("text, task", [
    (_ids_text(start=1000), "regression"),                        # within 2**24: exact in float32
    (_ids_text(n=40, start=7129300520, step=512), "regression"),  # past it, but 512 apart: none rounded together
    ("x,id\n" + "".join(f"{i},{12345678901234567 + i % 3 * 1000}\n" for i in range(30)), "auto"),  # 3 classes
])
def test_a_target_that_reads_as_the_file_writes_it_is_not_warned_of(tmp_path, text, task):
    path = tmp_path / "fine.csv"
    path.write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RoundedWholeNumbersWarning)
        data.load_csv(path, target="id", task=task)


def test_a_rounded_feature_and_target_are_each_warned_of_in_their_own_words(tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("id,price\n" + "".join(f"{7129300520 + 17 * i},{7129300520 + 3 * i}\n" for i in range(400)))
    with pytest.warns(RoundedWholeNumbersWarning) as caught:
        data.load_csv(path, target="price", task="regression")
    target, feature = sorted(_only_rounded(caught), key=lambda warning: warning.column != "price")
    assert (feature.column, feature.target, feature.identifier) == ("id", False, True)
    assert (target.column, target.target) == ("price", True)
    assert str(feature).endswith("pass ignore=['id'] to leave it out")


def test_the_command_line_and_the_page_say_the_target_s_warning_their_way(tmp_path, capsys):
    path = tmp_path / "ids.csv"
    path.write_text(_ids_text())
    assert cli.main(["train", "--data", str(path), "--target", "id", "--task", "regression", "--epochs", "1",
                     "--quiet", "--out", str(tmp_path / "run")]) == 0
    err = capsys.readouterr().err
    assert "warning: target column 'id': its whole numbers" in err and "--dtype float64" in err
    assert "set_default_dtype" not in err and "--ignore" not in err
    [note] = [note for note in parse_csv(_ids_text(), "id", task="regression").notes() if "'id'" in note]
    assert note.startswith("Target column 'id': its whole numbers")
    assert "neuralab train --data FILE --target id --dtype float64 keeps them apart" in note
    assert "Leave out" not in note and "set_default_dtype" not in note


# a quote left open

GOOD_ROWS = "".join(f"{i},{i},{i % 2}\n" for i in range(40))
LEFT_OPEN = ('a quote (") left open there runs its cell on to the end of the file: add the missing closing quote '
             'where the cell ends, or remove the opening one')


@pytest.mark.parametrize("text, line", [
    ('a,b,y\n1,"2,1\n' + GOOD_ROWS, 2),                          # the review's file: "2 fields, expected 3"
    ('a,b,y\n' + GOOD_ROWS + '1,"2,1\n', 42),                     # in the last row, taking in only its own ','
    ('a,b,y\n' + GOOD_ROWS + '1,2,"1\n' + GOOD_ROWS[:30], 42),   # in the target, a cell of three fields
    ('a,b,y\n' + GOOD_ROWS * 75 + '1,"2,1\n' + GOOD_ROWS * 75, 3002),  # past the quick reader's first blocks
    ('a,b,y\n1,"x\n2",1\n3,"4,0\n5,6,1', 4),                     # a closed one before it; no line end at the end
])
@pytest.mark.parametrize("target", ["y", None])
def test_a_quote_left_open_to_the_end_of_the_file_is_named_by_its_line(tmp_path, text, line, target):
    path = tmp_path / "open.csv"
    path.write_text(text)
    with pytest.raises(ValueError) as err:
        data.load_csv(path, target=target)
    assert str(err.value) == f"{path}, line {line}: {LEFT_OPEN}"


@pytest.mark.parametrize("before", [0, 40])
def test_with_decimal_commas_the_delimiter_is_still_found_before_a_quote_left_open(tmp_path, before):
    # the ';' was looked for in the rows csv read, which the quote's error left none of
    path = tmp_path / "semicolons.csv"
    path.write_text("a;b;y\n" + "".join(f"{i},5;{i};{i % 2}\n" for i in range(before)) + '1,5;"2;1\n'
                    + "".join(f"{i},5;{i};{i % 2}\n" for i in range(40)))
    with pytest.raises(ValueError) as err:
        data.load_csv(path, target="y", decimal=",")
    assert str(err.value) == f"{path}, line {before + 2}: {LEFT_OPEN}"


def test_a_cell_too_long_for_csv_says_the_same_of_a_quote_left_open(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('a,b,y\n1,"2,1\n' + GOOD_ROWS * 6000)
    with pytest.raises(ValueError, match=r", line 2: a cell of more than 131,072 characters, .*\(a quote \(\"\) "
                                         r"left open there runs its cell on to the end of the file\)$"):
        data.load_csv(path, target="y")


@pytest.mark.parametrize("rows, fields", [('1,"2,1\n3,4",0,0\n', 4), ('1,"2,1\n3"\n', 2)])
@pytest.mark.parametrize("before", [0, 3000])   # read by load_csv's reader, and by the rows at fault
def test_a_quote_closed_lines_later_that_makes_a_ragged_row_is_named(tmp_path, rows, fields, before):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,y\n" + GOOD_ROWS * (before // 40) + rows + GOOD_ROWS)
    with pytest.raises(ValueError) as err:
        data.load_csv(path, target="y")
    line = before + 2
    assert str(err.value) == (f"{path}, line {line}: {fields} fields, expected 3 like the header ('a', 'b', 'y'); "
                              f"a quote (\") opened on line {line} runs its cell on to line {line + 1}, over 1 line "
                              f"end and the ',' between cells: add the missing closing quote where the cell ends, "
                              f"or remove the opening one")


def test_a_quoted_note_over_two_lines_is_a_cell_and_its_ragged_row_lacks_cells(tmp_path):
    notes = "".join(f"{i},{i % 2},x\n" for i in range(40))
    path = tmp_path / "notes.csv"
    path.write_text('a,y,note\n1,0,"line one\nline two"\n' + notes + '2,1,"closed on the last line\nwithout a line end"')
    ds = data.load_csv(path, target="y", one_hot="auto")
    assert len(ds) == 42
    path.write_text('a,y,note\n1,"line one\nline two"\n' + notes)
    with pytest.raises(ValueError, match=r"line 2: 2 fields, expected 3 .*; fill in the row's missing cells, or "
                                         r"drop the row$"):
        data.load_csv(path, target="y", one_hot="auto")


# far past training data that is all 0

def test_training_values_all_0_judge_no_row_far_past():
    # every row of X_val was "far past" (|x| <= -0) a training part of one row, standardised
    assert far_past_training(np.zeros((1, 1), np.float32), np.array([[1e-3]], np.float32)) is None
    assert far_past_training(np.zeros((5, 3), np.float32), np.full((4, 3), 1e30, np.float32), rows=[2]) is None


@pytest.mark.parametrize("X", [np.array([[5.0, 1.0]]), np.array([[5.0, 0.0]] * 6)],
                         ids=["one training row", "constant columns"])
def test_training_values_in_their_own_units_are_a_bound_however_few(X):
    X_val = np.array([[5.5, 1.0], [-60.0, 0.5], [20.0, 0.0]])
    assert far_past_training(X, X_val) == (1, -60.0, 5.0)
    assert far_past_training(X, X_val[[0, 2]]) is None


@pytest.mark.parametrize("n_train", [1, 8])
def test_fit_on_standardised_constant_columns_warns_of_no_row_and_never_of_minus_0(n_train):
    rng = np.random.default_rng(0)
    X = np.tile([[5.0, 3.0]], (n_train, 1)).astype(np.float32)     # one row, or the same row 8 times
    X_val = (X[:1] + rng.normal(0, 0.01, (6, 2))).astype(np.float32)
    scaler = data.Standardizer().fit(X)
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(scaler.transform(X), np.ones(n_train, np.float32), loss="mse", optimizer="adam", epochs=1,
                  verbose=0, validation_data=(scaler.transform(X_val), np.ones(6, np.float32)))
    assert not [w for w in caught if isinstance(w.message, FarPastWarning)]
    assert not [w for w in caught if "-0" in str(w.message) or "±0" in str(w.message)]
    assert model.input_reach == 0 and math.copysign(1, model.input_reach) == 1   # saved as 0, not -0

