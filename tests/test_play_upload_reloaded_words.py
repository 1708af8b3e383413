"""A page reloaded comes back to its own upload (upload_kept) but holds no copy of the file: its
form lists no columns until the file is chosen again (static/data.js, ``showHeld``). Its upload's
warnings said "tick 'PassengerId' under Leave out and press "Use this CSV" again", which that page
cannot do; they say to choose the file again first (``upload.leave_out``), with the same control,
the Leave out box that mends it once the file is chosen."""
import json

import pytest
from session_kit import send
from test_play_upload_rounded_ids import _rounded_ids_csv
from test_play_upload_warning_control import _uwc_passengers

from neuralab.play.registry import Registry

CASES = [(_uwc_passengers(), "survived", "auto", "PassengerId"),      # an identifier column
         (_rounded_ids_csv("id"), "price", "regression", "id"),        # a ten-digit ID float32 rounds
         (_rounded_ids_csv("parcel"), "price", "regression", "parcel")]   # a rounded quantity, or an ID


@pytest.fixture
def registry():
    registry = Registry()
    yield registry
    for session in list(registry._sessions):
        registry.close(session)


def _warned(replies, column):
    """The one warning among ``replies`` (as the socket sends them: JSON) that names ``column``."""
    said = [m for m in json.loads(json.dumps(replies)) if m["type"] == "error" and m.get("kind") == "warning"]
    [warning] = [m for m in said if repr(column) in m["message"]]
    return warning


def _reloaded(registry, upload):
    """A page that sent ``upload``, then was reloaded: its new session, and the replies to its hello."""
    first = registry.open()
    send(first, {"type": "hello", "state": {}})
    scene = send(first, upload)[0]
    registry.close(first)   # (its upload kept for the page that comes back)
    again = registry.open()
    return again, send(again, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"]})


@pytest.mark.parametrize("text, target, task, column", CASES)
def test_a_reloaded_page_is_told_to_choose_the_file_again_before_ticking(registry, text, target, task, column):
    upload = {"type": "upload_csv", "text": text, "target": target, "task": task, "filename": "titanic.csv"}
    page, replies = _reloaded(registry, upload)
    assert page.data.file == "titanic.csv"   # (back on its own upload)
    warning = _warned(replies, column)
    assert f'choose titanic.csv again, tick {column!r} under Leave out and press "Use this CSV" to leave' \
        in warning["message"]
    assert "again to leave it out" not in warning["message"]
    assert warning["control"] == {"name": "ignore", "column": column}
    # a feature toggled: the page still holds no copy of the file
    toggled = send(page, {"type": "set_state", "state": {"features": ["x1", "x2", "x1^2"]}})
    assert _warned(toggled, column)["message"] == warning["message"]
    # the file chosen again and sent: the page holds it, and its boxes are there to tick
    sent = _warned(send(page, upload), column)
    assert f"tick {column!r} under Leave out" in sent["message"] and "choose titanic.csv" not in sent["message"]
    assert sent["control"] == warning["control"]


def test_a_file_sent_without_its_name_is_the_file_to_choose_again(registry):
    text, target, task, column = CASES[0]
    _, replies = _reloaded(registry, {"type": "upload_csv", "text": text, "target": target, "task": task})
    assert 'choose the file again, tick \'PassengerId\' under Leave out and press "Use this CSV"' in \
        _warned(replies, column)["message"]
