"""A page whose socket dropped and opened again is not a page reloaded: it still holds the file it
uploaded (its form lists the file's columns), and its hello says so (``has_file``). Before, both
were told what only a reloaded page needs ("choose titanic.csv again, tick 'PassengerId' under
Leave out ..."), and a socket that came back before the server saw it end found no upload kept
(its session still open) and was told "The server holds no copy of titanic.csv for this page (it
restarted, forgot it, ...)". Now a reconnect that finds everything held gets the words its upload
got, nothing more; a reload keeps its own words."""
import json

import pytest
from session_kit import send
from test_play_upload_warning_control import _uwc_passengers

from neuralab.play.field_checks import ProtocolError

UPLOAD = {"type": "upload_csv", "text": _uwc_passengers(), "target": "survived", "filename": "titanic.csv"}


def _warnings(replies):
    """The warnings among ``replies``, as the socket sends them (JSON): (message, suggestion, control)."""
    said = json.loads(json.dumps(replies))
    return [(m["message"], m.get("suggestion"), m.get("control")) for m in said
            if m["type"] == "error" and m.get("kind") == "warning"]


def _uploaded(registry):
    """A page's session that uploaded titanic.csv, its scene, and the warnings the upload got."""
    session = registry.open()
    send(session, {"type": "hello", "state": {}})
    replies = send(session, UPLOAD)
    return session, replies[0], _warnings(replies)


def _back(registry, scene, **has_file):
    """A new session of the page of ``scene``, greeted as the page greets it, and its replies."""
    session = registry.open()
    return session, send(session, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"],
                                   **has_file})


def test_a_reconnect_gets_its_upload_s_words_and_a_reload_its_own(play_registry):
    first, scene, uploaded = _uploaded(play_registry)
    assert [message for message, *_ in uploaded if "PassengerId" in message]   # (what the test is about)
    play_registry.close(first)
    again, replies = _back(play_registry, scene, has_file=True)
    assert again.data.file == "titanic.csv" and _warnings(replies) == uploaded
    play_registry.close(again)
    reloaded, replies = _back(play_registry, scene)
    [said] = [message for message, *_ in _warnings(replies) if "PassengerId" in message]
    assert "choose titanic.csv again, tick 'PassengerId' under Leave out" in said
    assert reloaded.data.file == "titanic.csv"


def test_a_socket_back_before_the_server_saw_it_end_finds_its_upload(play_registry):
    # the old session is still open: a network that changed, whose old socket the server has not
    # seen end yet (it sees it at a send or a ping that goes unanswered, half a minute later)
    first, scene, uploaded = _uploaded(play_registry)
    again, replies = _back(play_registry, scene, has_file=True)
    assert again.uploaded is first.uploaded and again.data.file == "titanic.csv"
    assert _warnings(replies) == uploaded   # no "The server holds no copy of titanic.csv"
    play_registry.close(first)               # seen at last: the page's session goes on
    assert send(again, {"type": "set_state", "state": {"dataset": {"train_ratio": 0.6}}})[0]["dataset"]["file"] \
        == "titanic.csv"
    play_registry.close(again)               # and its upload is kept for the page that comes back
    assert play_registry.kept.find(scene["upload"]["key"]) is first.uploaded


@pytest.mark.parametrize("value", ["yes", 1, None, [True]])
def test_a_hello_s_has_file_is_true_or_false(play_registry, value):
    first, scene, _ = _uploaded(play_registry)
    before = (first.scene_id, first.state, first.data)
    with pytest.raises(ProtocolError) as refused:
        send(first, {"type": "hello", "state": scene["state"], "upload": scene["upload"]["key"], "has_file": value})
    assert str(refused.value) == f"has_file must be true or false, got {value!r}"
    assert (first.scene_id, first.state, first.data) == before
