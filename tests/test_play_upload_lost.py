"""A page back on a new session whose server no longer keeps its upload (restarted, or let it go)
is told "The server holds no copy of farm.csv for this page"; the warning names that file
(``lost``), so that a page that still holds it sends it again by itself (static/data.js) instead
of asking the learner to choose it again. The resend is an upload like any other: the budget and
every check apply."""
import json

import pytest
from session_kit import UPLOAD, greeted, room_for_one_upload, send

from neuralab.play.registry import Registry
from neuralab.play.upload_held import UploadsFull
from neuralab.play.upload_kept import held_bytes


def _said(replies):
    """``replies`` as the socket sends them (JSON)."""
    return json.loads(json.dumps(replies))


def _lost_warnings(replies):
    return [m for m in _said(replies) if m["type"] == "error" and m.get("kind") == "warning" and "no copy" in m["message"]]


def _uploaded_then_lost(**has_file):
    """A page's scene of farm.csv, and the replies to its hello on a server started anew (no key kept)."""
    first = greeted(Registry())
    scene = send(first, UPLOAD)[0]
    restarted = Registry()
    session = restarted.open()
    replies = send(session, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"], **has_file})
    return restarted, session, replies, [first, session]


def test_the_warning_of_a_lost_upload_names_its_file_and_the_page_s_resend_is_taken():
    registry, session, replies, sessions = _uploaded_then_lost(has_file=True)
    try:
        [lost] = _lost_warnings(replies)
        assert lost["lost"] == "farm.csv" and lost["scene_id"] == session.scene_id
        assert session.uploaded is None and session.state["dataset"]["name"] != "csv"
        scene = send(session, UPLOAD)[0]
        assert (scene["dataset"]["file"], scene["upload"]["served"]) == ("farm.csv", False)
        assert scene["upload"]["key"] and registry.held.total() > 0
    finally:
        for s in sessions:
            s.close()


def test_a_link_naming_no_file_and_a_kept_upload_without_room_name_none():
    # an older link's state names no file: the page cannot tell which file it lacked
    session = greeted(Registry(), {"dataset": {"name": "csv"}})
    try:
        replies = send(session, {"type": "hello", "state": {"dataset": {"name": "csv"}}, "upload": "gone"})
        [lost] = _lost_warnings(replies)
        assert "lost" not in lost
    finally:
        session.close()
    # kept, but the open sessions' uploads leave it no room: sent again, it would be refused alike
    registry = Registry()
    room_for_one_upload(registry)
    first, other = greeted(registry), greeted(registry)
    try:
        scene = send(first, UPLOAD)[0]
        registry.close(first)
        send(other, UPLOAD)                       # the budget's room, taken by another page
        back = registry.open()
        replies = _said(send(back, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"],
                                    "has_file": True}))
        [full] = [m for m in replies if m.get("kind") == "warning"]
        assert full["message"].startswith("The server holds too much uploaded data just now") and "lost" not in full
        back.close()
    finally:
        first.close()
        other.close()


def test_a_resend_past_the_budget_is_refused_and_the_session_keeps_its_data():
    registry, session, replies, sessions = _uploaded_then_lost(has_file=True)
    room_for_one_upload(registry)
    other = greeted(registry)
    try:
        send(other, UPLOAD)
        before = session.data
        with pytest.raises(UploadsFull, match="the server holds too much uploaded data just now"):
            send(session, UPLOAD)
        assert session.data is before and session.uploaded is None
    finally:
        other.close()
        for s in sessions:
            s.close()


def test_an_upload_let_go_past_the_kept_budget_is_named_lost_too():
    registry = Registry()
    first, other = greeted(registry), greeted(registry)
    scene = send(first, UPLOAD)[0]
    registry.kept.limit = held_bytes(first.uploaded)   # room for one kept upload
    registry.close(first)
    send(other, UPLOAD)
    registry.close(other)                              # kept in its place: the first let go
    back = registry.open()
    try:
        replies = send(back, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"], "has_file": True})
        assert [m["lost"] for m in _lost_warnings(replies)] == ["farm.csv"]
    finally:
        back.close()
