"""An upload's warning that a control of the upload form mends names that control in a field of its
own, the warning's ``control``, as a refusal's does (``upload.named_control``): the page opens the
form on it and marks the box, where it matched the words 'under Leave out' in the warning's text.
A warning no control mends (the rows dropped, a rounded target) carries none, and neither does the
server's CSV's (``neuralab play --data``), whose Leave out boxes its learner cannot tick."""
import json

import numpy as np
import pytest
from session_kit import send
from test_play_upload_rounded_ids import _rounded_ids_csv

from neuralab.data import load_csv
from neuralab.nn.user_line import Collected
from neuralab.play.session import Session
from neuralab.play.upload import served_csv


def _uwc_passengers(n=40):
    """Kaggle's PassengerId (1, 2, ...: a different whole number in every row), a class, a fare
    and whether the passenger survived."""
    rng = np.random.default_rng(3)
    return "PassengerId,pclass,fare,survived\n" + "".join(
        f"{i + 1},{rng.integers(1, 4)},{rng.uniform(5, 90):.2f},{rng.integers(2)}\n" for i in range(n))


def _uwc_warnings(replies, column):
    """The warnings among ``replies`` (as the socket sends them: JSON) whose words name ``column``."""
    said = [m for m in json.loads(json.dumps(replies)) if m["type"] == "error" and m.get("kind") == "warning"]
    return [m for m in said if repr(column) in m["message"]]


@pytest.mark.parametrize("text, target, task, column", [
    (_uwc_passengers(), "survived", "auto", "PassengerId"),            # an identifier column
    (_rounded_ids_csv("id"), "price", "regression", "id"),             # a ten-digit ID float32 rounds
    (_rounded_ids_csv("parcel"), "price", "regression", "parcel"),     # a rounded quantity, or an ID after all
])
def test_an_uploads_warning_names_the_leave_out_box_that_mends_it(greeted_session, text, target, task, column):
    replies = send(greeted_session, {"type": "upload_csv", "text": text, "target": target, "task": task})
    [warning] = _uwc_warnings(replies, column)
    assert f"tick {column!r} under Leave out" in warning["message"]
    assert warning["control"] == {"name": "ignore", "column": column}
    # ticked as it says: the column is left out, and no warning names it or its box again
    replies = send(greeted_session, {"type": "upload_csv", "text": text, "target": target, "task": task,
                                 "ignore": [column]})
    assert _uwc_warnings(replies, column) == []


def test_a_warning_no_control_of_the_form_mends_carries_none(greeted_session):
    # rows dropped for a missing cell (the learner chose that), and a target of ten-digit whole
    # numbers float32 rounds, which no box leaves out (neuralab train in float64 keeps them apart)
    prices = [f"{i % 7},{'' if i in (3, 9) else i % 5},{7129300520 + 17 * i}" for i in range(60)]
    replies = send(greeted_session, {"type": "upload_csv", "text": "size,age,price\n" + "\n".join(prices) + "\n",
                                 "target": "price", "task": "regression", "missing": "drop"})
    warnings = [m for m in replies if m["type"] == "error" and m.get("kind") == "warning"]
    assert any("were dropped" in m["message"] for m in warnings), warnings
    assert any("Target column 'price'" in m["message"] for m in warnings), warnings
    assert all("control" not in m for m in warnings), warnings


@pytest.mark.parametrize("text, target, task, column", [
    (_uwc_passengers(), "survived", "auto", "PassengerId"),
    (_rounded_ids_csv("id"), "price", "regression", "id"),
])
def test_the_served_csvs_warnings_name_no_box_its_learner_cannot_tick(tmp_path, text, target, task, column):
    path = tmp_path / "class.csv"
    path.write_text(text)
    with Collected() as said:
        ds = load_csv(path, target=target, task=task)
    session = Session(served=served_csv(ds, str(path), target, task=task, warned=said.caught))
    try:
        [warning] = _uwc_warnings(send(session, {"type": "hello", "state": {"dataset": {"name": "csv"}}}), column)
    finally:
        session.close()
    assert f"restart it with {column!r} in --ignore" in warning["message"] and "control" not in warning
