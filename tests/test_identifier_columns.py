"""An identifier read as numbers (Kaggle's PassengerId): one test, ``identifier_columns``, for the
two faces that warn of it, `neuralab train --data` (its own tests: test_cli_identifier.py) and the
playground's upload, which says it with the data's warnings, each time the CSV is chosen."""
import numpy as np
import pytest
from session_kit import send

from neuralab.cli.leaks import warn_identifier_columns
from neuralab.data import Dataset
from neuralab.data.identifier_columns import identifier_columns
from neuralab.play.session import Session
from neuralab.play.upload import parse_csv

_IDC_EMPTY_AGES = (2, 9)


def _idc_dataset(**columns):
    """A Dataset of these feature columns (name: values), 12 rows, two classes."""
    X = np.column_stack([np.asarray(values, dtype=float) for values in columns.values()])
    return Dataset(X, np.arange(len(X)) % 2, "binary", 2, feature_names=tuple(columns))


@pytest.mark.parametrize("name", ["id", "PassengerId", "customer_id", "user id", "CustomerID", "userid", "ID_code"])
def test_a_column_named_as_an_identifier_with_a_different_whole_number_in_each_row_is_one(name):
    ds = _idc_dataset(**{name: range(101, 113), "age": [30, 41] * 6})
    assert identifier_columns(ds) == [name]


@pytest.mark.parametrize("name, values", [
    ("PassengerId", [1, 2, 3] * 4),               # repeated: a group, which may be a feature
    ("PassengerId", np.arange(12) + 0.5),         # not whole numbers
    ("paid", range(12)), ("idea", range(12)),     # "id" inside a word
    ("age", range(12)),                           # all different, but no identifier's name
])
def test_a_column_that_is_not_both_is_none(name, values):
    assert identifier_columns(_idc_dataset(**{name: values, "fare": np.linspace(5, 90, 12)})) == []


def _idc_kaggle(n=40):
    """Kaggle's Titanic columns that a learner keeps: PassengerId, Survived, Pclass, Sex, Age (empty
    in _IDC_EMPTY_AGES)."""
    rng = np.random.default_rng(2)
    rows = [f"{i + 1},{rng.integers(2)},{rng.integers(1, 4)},{rng.choice(['male', 'female'])},"
            f"{'' if i in _IDC_EMPTY_AGES else rng.integers(1, 80)}" for i in range(n)]
    return "PassengerId,Survived,Pclass,Sex,Age\n" + "\n".join(rows) + "\n"


def test_both_faces_name_the_same_columns_in_their_own_words(capsys):
    upload = parse_csv(_idc_kaggle(), "Survived", "titanic.csv", one_hot="auto", missing="drop")
    warn_identifier_columns(upload.dataset)
    assert capsys.readouterr().err == (
        "warning: column 'PassengerId' looks like an identifier (its name, and a different whole number in each of "
        "the 38 rows): the network would learn from a row's number, not from what the row measures; pass --ignore "
        "PassengerId to leave it out\n")
    assert upload.notes()[-1] == (
        "Column 'PassengerId' looks like an identifier (its name, and a different whole number in each of the 38 "
        "rows): the network would learn from a row's number, not from what the row measures; tick 'PassengerId' "
        'under Leave out and press "Use this CSV" again to leave it out.')
    assert len(upload.notes()) == 2 and upload.notes()[0].startswith("2 of the 40 rows were dropped")
    left_out = parse_csv(_idc_kaggle(), "Survived", one_hot="auto", missing="drop", ignore=["PassengerId"])
    assert not any("identifier" in note for note in left_out.notes())


def test_the_page_hears_the_csvs_warnings_with_each_scene_of_it_and_not_after():
    session = Session()
    try:
        send(session, {"type": "hello", "state": {}})

        def said(replies):
            scene, *warnings = replies
            assert all(w["kind"] == "warning" and w["scene_id"] == scene["scene_id"] for w in warnings)
            return [w["message"] for w in warnings]

        first = said(send(session, {"type": "upload_csv", "text": _idc_kaggle(), "target": "Survived",
                                    "one_hot": "auto", "missing": "drop"}))
        assert [text[:40] for text in first] == ["2 of the 40 rows were dropped for a miss",
                                                 "Column 'PassengerId' looks like an ident"]
        assert said(send(session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})) == []
        # chosen again from the Data menu, as the page sends it: said again, as at the upload
        assert said(send(session, {"type": "set_state", "state": {"dataset": {"name": "csv"}}})) == first
        # another split of it, and a reset, build its data again: the page clears its banner at each
        assert said(send(session, {"type": "set_state", "state": {"dataset": {"train_ratio": 0.7}}})) == first
        reset = send(session, {"type": "control", "action": "reset"})   # (a status first, or a scene)
        assert [w["message"] for w in reset[1:]] == first
    finally:
        session.close()
