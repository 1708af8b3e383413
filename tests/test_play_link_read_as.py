"""A "csv" state says how its file was read (``dataset.read_as``: the target column and the
upload's options), so that a link comes back with the columns and target it was made with
(``link_csv``): it named the file alone, and a copy of that name read otherwise (another target,
text refused) opened under the link's network without a word."""
import json

import pytest
from session_kit import FARM, UPLOAD, send

from neuralab.play import protocol
from neuralab.play.protocol import ProtocolError

READ_AS = {"target": "kind", "task": "auto", "delimiter": None, "decimal": ".", "one_hot": None, "missing": "refuse",
           "ignore": []}


def _warnings(replies):
    return [r for r in replies if r.get("kind") == "warning"]


def test_the_state_of_an_upload_says_how_its_file_was_read_and_other_data_says_none(play_registry):
    session = play_registry.open()
    send(session, {"type": "hello", "state": {}})
    (scene,) = send(session, {**UPLOAD, "target": "size", "task": "regression", "ignore": ["kind"]})
    assert scene["state"]["dataset"]["read_as"] == {**READ_AS, "target": "size", "task": "regression",
                                                    "ignore": ["kind"]}
    scene = send(session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})[0]
    assert scene["state"]["dataset"]["read_as"] is None


def test_a_link_reading_its_file_otherwise_than_the_copy_held_says_so_and_names_how(play_registry):
    # a page that holds farm.csv read with the target 'kind' opens a link of farm.csv read with
    # the target 'size' (pasted into its address bar, or its socket reopened on it)
    first = play_registry.open()
    send(first, {"type": "hello", "state": {}})
    key = send(first, UPLOAD)[0]["upload"]["key"]
    play_registry.close(first)
    link = {"dataset": {"name": "csv", "file": "farm.csv", "read_as": {**READ_AS, "target": "size", "ignore": ["age"]}}}
    again = play_registry.open()
    replies = send(again, {"type": "hello", "state": link, "upload": key})
    scene, (warned,) = replies[0], _warnings(replies)
    assert scene["dataset"]["target"] == "kind" and scene["state"]["dataset"]["read_as"] == READ_AS
    assert warned["message"] == ("This link reads farm.csv with the target column 'size' (not 'kind'), Leave out "
                                 "'age' (not none): the copy the server holds for this page, read otherwise, is "
                                 "shown instead.")
    assert warned["suggestion"] == ('Open "Your own data (CSV)" under Data and choose farm.csv again: the form reads '
                                    'it as the link does.')
    # what a page still holding the file sends it again with, and another's form reads it with
    assert warned["lost"] == "farm.csv" and warned["read_as"] == link["dataset"]["read_as"]


def test_a_link_of_the_servers_csv_read_as_it_serves_it_opens_and_an_older_link_too(exam_registry):
    teacher = exam_registry.open()
    state = send(teacher, {"type": "hello", "state": {"dataset": {"name": "csv"}}})[0]["state"]
    assert state["dataset"]["read_as"]["target"] == "passed"
    for link in (state, {"dataset": {"name": "csv", "file": "exam.csv"}}):   # (an older link: no read_as)
        replies = send(exam_registry.open(), {"type": "hello", "state": link})
        assert replies[0]["dataset"]["target"] == "passed" and _warnings(replies) == []


def test_a_link_of_a_file_held_by_no_session_names_how_it_reads_it(play_registry):
    shared = {"dataset": {"name": "csv", "file": "farm.csv", "read_as": {**READ_AS, "missing": "drop"}}}
    replies = send(play_registry.open(), {"type": "hello", "state": shared})
    (warned,) = _warnings(replies)
    assert replies[0]["state"]["dataset"]["name"] == "circles" and replies[0]["state"]["dataset"]["read_as"] is None
    assert warned["message"].startswith("The server holds no copy of farm.csv for this page")
    assert warned["suggestion"] == ('Choose "Uploaded CSV" in the Data menu to upload farm.csv again: the form reads '
                                    'it as the link does.')
    assert warned["read_as"] == shared["dataset"]["read_as"]


@pytest.mark.parametrize("read_as, said", [
    ({"task": "auto"}, "dataset.read_as is missing target"),
    ({"target": "kind", "rows": FARM}, "dataset.read_as has unknown field(s) rows"),
    ({"target": "kind", "one_hot": "all"}, "dataset.read_as.one_hot must be null, 'auto' or a list of columns"),
    ({"target": "kind", "missing": "fill"}, "dataset.read_as.missing must be one of refuse, drop"),
    ({"target": "kind", "ignore": ["age", "age"]}, "dataset.read_as.ignore must name each column once"),
    ({"target": 5}, "dataset.read_as.target must be text")])
def test_a_states_read_as_is_checked_as_an_upload_is(read_as, said):
    message = {"type": "hello", "state": {"dataset": {"name": "csv", "file": "farm.csv", "read_as": read_as}}}
    with pytest.raises(ProtocolError, match=said.replace("(", r"\(").replace(")", r"\)")) as refused:
        protocol.parse(json.dumps(message))
    assert refused.value.field == "dataset.read_as"
