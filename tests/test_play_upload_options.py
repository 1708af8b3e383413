"""The upload's Text columns and Missing cells menus and its Leave out boxes: load_csv's one_hot,
missing and ignore, checked in the ``upload_csv`` message, read by ``parse_csv``, kept in its
``Upload``, and named in the page's words when load_csv refuses a file without them (a
beginner's Titanic was refused with "pass one_hot=['sex', 'embarked']", which the page could
not do). The rows dropped are said after the scene, as the data's warnings are."""
import json
import re

import numpy as np
import pytest
from session_kit import send

from neuralab.data import load_csv
from neuralab.data.csv_error import Advice, CsvError, PythonOnly
from neuralab.play import protocol
from neuralab.play.session import Session
from neuralab.play.upload import in_page_terms, parse_csv

_UPO_EMPTY_AGES = (2, 6, 11)
_UPO_EMPTY_PORTS = (4,)


def _upo_titanic(n=60, identified=False):
    """A Titanic's text: class, sex, age (empty in _UPO_EMPTY_AGES), fare, port (empty in
    _UPO_EMPTY_PORTS), survived; ``identified`` puts a name and a ticket (one for each passenger)
    first."""
    rng = np.random.default_rng(5)
    lines = [("Name,Ticket," if identified else "") + "pclass,sex,age,fare,embarked,survived"]
    for i in range(n):
        age = "" if i in _UPO_EMPTY_AGES else str(int(rng.integers(1, 80)))
        port = "" if i in _UPO_EMPTY_PORTS else str(rng.choice(["S", "C", "Q"]))
        names = f'"Person, Mr. {i}",A/{1000 + i},' if identified else ""
        lines.append(f"{names}{rng.integers(1, 4)},{rng.choice(['male', 'female'])},{age},{rng.uniform(5, 90):.2f},"
                     f"{port},{rng.integers(2)}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def upo_session():
    s = Session()
    send(s, {"type": "hello", "state": {}})
    yield s
    s.close()


def _upo_refusal(session, **options):
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "upload_csv", "text": _upo_titanic(**options.pop("file", {})), "target": "survived",
                       **options})
    return str(refused.value)


def test_the_options_are_load_csvs_defaults_when_left_out_and_checked_when_sent():
    message = {"type": "upload_csv", "text": "a,y\n1,0\n", "target": "y"}
    left_out = protocol.parse(json.dumps(message))
    assert (left_out["one_hot"], left_out["missing"], left_out["ignore"]) == (None, "refuse", [])
    chosen = protocol.parse(json.dumps({**message, "one_hot": "auto", "missing": "drop", "ignore": ["a b", "c"]}))
    assert (chosen["one_hot"], chosen["missing"], chosen["ignore"]) == ("auto", "drop", ["a b", "c"])
    for wrong, said in (({"one_hot": ["sex"]}, "one_hot must be null .* or 'auto'"),
                        ({"missing": "fill"}, "missing must be one of refuse, drop"),
                        ({"ignore": "Name"}, "ignore must be a list"), ({"ignore": [3]}, "ignore.. must be text"),
                        ({"ignore": ["Name", "Name"]}, "ignore must name each column once"),
                        ({"fill": "mean"}, "unknown field")):
        with pytest.raises(protocol.ProtocolError, match=said):
            protocol.parse(json.dumps({**message, **wrong}))


def test_a_titanics_refusals_name_the_pages_choices_not_load_csvs_arguments(upo_session):
    said = _upo_refusal(upo_session)
    assert "choose 'one 0/1 column per category' for Text columns to read each category as a 0/1 column" in said
    assert f"'drop the row' for Missing cells leaves out the rows with a missing cell (age: {len(_UPO_EMPTY_AGES)})" in said
    said = _upo_refusal(upo_session, one_hot="auto")
    assert "or choose 'drop the row' for Missing cells to drop all rows with a missing cell" in said
    # names and tickets: "pass ignore=['Name', 'Ticket'] to leave them out" is the boxes of Leave out
    said = _upo_refusal(upo_session, file={"identified": True}, one_hot="auto", missing="drop")
    assert "tick 'Name', 'Ticket' under Leave out to leave them out" in said
    assert "more than 100 categories" in said
    said = _upo_refusal(upo_session, file={"identified": True})
    assert ("choose 'one 0/1 column per category' for Text columns to read each category as a 0/1 column of its own, "
            "and tick 'Name', 'Ticket' under Leave out to leave out the columns of names") in said
    assert not re.search(r"one_hot|missing=|ignore=|pass |\.csv", said), said


def test_in_page_terms_says_each_advice_with_its_menus_words():
    def said(*parts):
        return in_page_terms(CsvError(*parts), "/f")
    assert said(Advice("pass", "one_hot", ["sex", "it's"]), " to read") == \
        "choose 'one 0/1 column per category' for Text columns to read"
    assert said("or ", Advice("pass", "missing", "drop"), " to drop") == "or choose 'drop the row' for Missing cells to drop"
    assert said(Advice("pass", "ignore", ["a]b", "Cabin"]), " to leave") == "tick 'a]b', 'Cabin' under Leave out to leave"
    assert said("/f: so ", Advice("mention", "missing", "drop"), " leaves none") == \
        "the uploaded file: so 'drop the row' for Missing cells leaves none"
    # the menus before them keep their words; Python's way back to a default is the menu's preselected choice
    assert said(Advice("pass", "delimiter", ";"), PythonOnly("or default", ", or leave it out")) == \
        "choose 'semicolon (;)' as the separator"
    assert said(Advice("leave out", "decimal", ",")) == "choose 'point (1.5)' as the decimal mark"
    assert said("but ", Advice("passed", "delimiter", ",")) == "but the separator 'comma (,)' was chosen"


def test_an_upload_with_the_choices_trains_on_the_0_1_columns_and_says_the_rows_dropped(upo_session, tmp_path):
    text = _upo_titanic(identified=True)
    scene, *warnings = send(upo_session, {"type": "upload_csv", "text": text, "target": "survived", "filename": "t.csv",
                                          "one_hot": "auto", "missing": "drop", "ignore": ["Name", "Ticket"]})
    (tmp_path / "t.csv").write_text(text)
    expected = load_csv(tmp_path / "t.csv", "survived", one_hot="auto", missing="drop", ignore=["Name", "Ticket"])
    encoded = ["pclass", "age", "fare", "sex_female", "sex_male", "embarked_C", "embarked_Q", "embarked_S"]
    assert scene["dataset"]["feature_names"] == scene["network"]["inputs"] == encoded == list(expected.feature_names)
    assert scene["dataset"]["n_train"] + scene["dataset"]["n_test"] == 60 - len(_UPO_EMPTY_AGES)
    assert [(w["type"], w["kind"], w["scene_id"]) for w in warnings] == [("error", "warning", scene["scene_id"])] * 2
    assert warnings[0]["message"] == (f"{len(_UPO_EMPTY_AGES)} of the 60 rows were dropped for a missing cell "
                                      f"(age: {len(_UPO_EMPTY_AGES)}); {60 - len(_UPO_EMPTY_AGES)} are left to train "
                                      f"and test on.")
    assert warnings[1]["message"].startswith(f"The rows missing a category (embarked: {len(_UPO_EMPTY_PORTS)}) were kept")
    held = upo_session.uploaded
    assert (held.one_hot, held.missing, held.ignore) == ("auto", "drop", ("Name", "Ticket"))
    # a rebuild (another split) reads the data the upload read, and says its warnings again: the
    # page clears the banner with each scene, and choosing the CSV again showed none
    scene, *again = send(upo_session, {"type": "set_state", "state": {"dataset": {"train_ratio": 0.7}}})
    assert scene["dataset"]["feature_names"] == encoded
    assert [w["message"] for w in again] == [w["message"] for w in warnings]
    assert scene["dataset"]["n_train"] + scene["dataset"]["n_test"] == 60 - len(_UPO_EMPTY_AGES)
    # an upload without a dropped row says nothing of one
    scene, *warnings = send(upo_session, {"type": "upload_csv", "text": "a,b,y\n" + "1,2,0\n3,4,1\n" * 5, "target": "y",
                                          "missing": "drop"})
    assert warnings == []


def test_parse_csv_keeps_the_choices_it_read_with():
    held = parse_csv(_upo_titanic(), "survived", one_hot="auto", missing="drop", ignore=["fare"])
    assert (held.one_hot, held.missing, held.ignore) == ("auto", "drop", ("fare",))
    assert "fare" not in held.dataset.feature_names and "sex_male" in held.dataset.feature_names
    assert len(held.dataset.dropped_rows) == len(_UPO_EMPTY_AGES)
