"""What reading the class's CSV warned of (``neuralab play --data``: an ID of ten digits that
float32 rounds) reached only the teacher's terminal: a student's page that opened on the file was
told nothing, where an upload of the same file says it on its page. Now the served file carries
``load_csv``'s warnings (``upload.served_csv``'s ``warned``), said on each page that opens on it
as an upload's are, in the same words, with its scene (not again with a scene of an edit), but the
fix: a page cannot tick the served file's Leave out boxes, whoever runs the server passes --ignore."""
import json

import pytest
from in_process_server import serving
from test_play_upload_rounded_ids import _rounded_ids_csv
from websockets.sync.client import connect

from neuralab.data import load_csv
from neuralab.nn.user_line import Collected
from neuralab.play.server import create_app
from neuralab.play.upload import served_csv

LINK = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 3}}
UPLOAD = {"type": "upload_csv", "target": "price", "task": "regression", "filename": "houses.csv"}


@pytest.fixture(scope="module")
def address(tmp_path_factory):
    """A server of houses.csv, read as ``neuralab play --data houses.csv --target price --task
    regression`` reads it: what load_csv warned of kept, not printed."""
    path = tmp_path_factory.mktemp("class") / "houses.csv"
    path.write_text(_rounded_ids_csv())
    with Collected() as said:
        ds = load_csv(path, target="price", task="regression")
    assert said.caught, "the file no longer makes load_csv warn: the test tests nothing"
    with serving(create_app(served=served_csv(ds, str(path), "price", task="regression", warned=said.caught)),
                 ws_max_size=8_000_000) as where:
        yield where


def _answers(ws, *messages):
    """The JSON messages ``ws`` gets for ``messages``, up to the reply of a download sent after them
    (every reply and warning of theirs comes before it); frames are skipped."""
    for message in (*messages, {"type": "download"}):
        ws.send(json.dumps(message))
    got = []
    while not got or got[-1]["type"] != "model":
        message = ws.recv(timeout=60)
        if not isinstance(message, bytes):
            got.append(json.loads(message))
    return got


def _warnings(messages):
    return [m["message"] for m in messages if m["type"] == "error" and m.get("kind") == "warning"]


def test_a_page_opening_on_the_served_csv_is_told_its_warnings_as_an_upload_of_it_is(address):
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        uploaded = _warnings(_answers(ws, {"type": "hello"}, {**UPLOAD, "text": _rounded_ids_csv()}))
    assert any("'id'" in text and "float32" in text for text in uploaded), uploaded
    for _page in range(2):   # every student's page, each once
        with connect(f"ws://{address}/ws", max_size=None) as ws:
            opened = _answers(ws, {"type": "hello", "state": LINK})
            assert opened[0]["type"] == "scene" and opened[0]["dataset"]["file"] == "houses.csv"
            # in an upload's words but the fix: the served file's Leave out boxes cannot be ticked
            assert _warnings(opened) == [text.replace("tick 'id' under Leave out and press \"Use this CSV\" again",
                                                      "ask whoever runs the server to restart it with 'id' in --ignore") for text in uploaded]
            edit = {"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": 0.5}
            assert _warnings(_answers(ws, edit, {"type": "control", "action": "pause"})) == []
