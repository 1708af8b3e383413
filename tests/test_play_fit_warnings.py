"""The playground tells the learner what ``fit`` warned of as it started: a row of the test part
far past the training data (a missing-value marker such as 99999 in an uploaded CSV's test rows,
``train.checks.FarPastWarning``) went to the server's stderr, or, under filters that raise (as
pytest's), ended the training thread's fit with an "Error" that stopped training. The page now
receives it as a non-fatal ``error`` of kind "warning", in the words ``neuralab train`` prints
(the column by the CSV's header, the row as the file numbers it), once per build of the data,
and training goes on. Collecting it holds the process's warning filters only while fit starts."""
import json
import threading
import time
import warnings

import numpy as np
import pytest
from test_play_server import receive, server  # noqa: F401  (the server on a real socket)
from websockets.sync.client import connect

from neuralab import cli, data
from neuralab.play import protocol
from neuralab.play.session import Session
from neuralab.nn.user_line import Collected, warn


def _fw_send(session, message):
    return session.handle(protocol.parse(json.dumps(message)))


@pytest.fixture
def fw_session():
    s = Session()
    _fw_send(s, {"type": "hello"})
    yield s
    s.close()


def _fw_sensors(seed=5, m=120):
    """A CSV of three sensor columns and a yes/no label, with 99999 in the column "noise" at a row
    of the playground's test part (its split: half, seed 1, every class in both parts), and that
    row as the file numbers it (1 = the first under the header)."""
    rng = np.random.default_rng(seed)
    columns = dict(zip(("signal", "noise", "other"), rng.standard_normal((3, m))))
    labels = np.where(columns["signal"] > 0, "yes", "no")
    test = data.train_test_split(np.arange(m), (labels == "yes").astype(int), test_size=0.5, seed=1,
                                 stratify=True)[1]
    row = int(test[4])
    columns["noise"][row] = 99999
    text = "signal,noise,other,label\n" + "".join(
        f"{a:.6f},{b:.6f},{c:.6f},{y}\n" for a, b, c, y in zip(*columns.values(), labels))
    return text, row + 1


def _fw_events(session):
    """The events the training thread queued by the time the fit of the scene now installed has
    trained one batch (one step: fit has started, its warnings are said), taken."""
    _fw_send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle()
    events = list(session.events)
    session.events.clear()
    return events


def _fw_warnings(events):
    return [e["message"] for e in events if e["type"] == "error" and e.get("kind") == "warning"]


def test_a_marker_in_a_test_row_is_told_in_neuralab_trains_words_and_training_goes_on(
        fw_session, tmp_path, monkeypatch, capsys):
    text, row = _fw_sensors()
    replies = _fw_send(fw_session, {"type": "upload_csv", "text": text, "target": "label",
                                    "filename": "sensors.csv"})
    assert [r["type"] for r in replies] == ["scene"]   # no training row holds a marker: nothing to build-warn
    events = _fw_events(fw_session)
    (said,) = _fw_warnings(events)
    assert [e for e in events if e["type"] == "error"] == [
        {"type": "error", "message": said, "suggestion": "", "fatal": False, "kind": "warning"}]
    assert said.startswith(f"column 'noise' holds 99999 in row {row} of sensors.csv (the test part), far past")
    # what `neuralab train` prints of the same file split alike, word for word
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sensors.csv").write_text(text)
    assert cli.main(["train", "--data", "sensors.csv", "--target", "label", "--test-size", "0.5", "--seed", "1",
                     "--epochs", "1", "--quiet", "--out", "run"]) == 0
    printed = [line for line in capsys.readouterr().err.splitlines() if " far past " in line]
    assert printed == [f"warning: {said}"]
    # not fatal: the scene trains, and no error stops it
    _fw_send(fw_session, {"type": "control", "action": "step_epoch"})
    assert fw_session.wait_idle() and fw_session.epoch == 1
    assert not [e for e in fw_session.events if e["type"] == "error"]


def test_the_warning_is_said_once_per_build_of_the_data(fw_session):
    text, _ = _fw_sensors()
    _fw_send(fw_session, {"type": "upload_csv", "text": text, "target": "label"})
    first = _fw_warnings(_fw_events(fw_session))
    assert len(first) == 1 and "of the uploaded file (the test part)" in first[0]   # the page sent no name
    # a new optimizer starts fit again on the same data, which warns alike: nothing said again
    generation = fw_session.generation
    _fw_send(fw_session, {"type": "set_state", "state": {"hparams": {"optimizer": "adam"}}})
    assert fw_session.generation > generation
    assert _fw_warnings(_fw_events(fw_session)) == []
    # a reset builds the data again: said again
    _fw_send(fw_session, {"type": "control", "action": "reset"})
    assert _fw_warnings(_fw_events(fw_session)) == first
    # data without a far row: nothing
    _fw_send(fw_session, {"type": "set_state", "state": {"dataset": {"name": "iris"}}})
    assert _fw_warnings(_fw_events(fw_session)) == []


def test_another_threads_warnings_go_where_they_went_while_one_is_collected():
    # kept per thread: the filters are never touched (catch_warnings in a worker thread swapped
    # the process's, and undid a test's pytest.warns in the main thread when it swapped them back)
    def elsewhere():
        warn("a warning of another session's thread")

    with warnings.catch_warnings(record=True) as elsewhere_caught:
        warnings.simplefilter("always")
        with Collected() as said:
            warn("a warning of this thread", RuntimeWarning)
            other = threading.Thread(target=elsewhere)
            other.start()
            other.join()
            said.stop()   # from here on, this thread's go where they went too
            warn("after stop")
    assert [str(w) for w in said.caught] == ["a warning of this thread"]
    assert [type(w) for w in said.caught] == [RuntimeWarning]
    assert [str(w.message) for w in elsewhere_caught] == ["a warning of another session's thread", "after stop"]


def test_the_warning_reaches_the_page_after_the_scene_it_follows(server, monkeypatch):  # noqa: F811
    """The page clears its banner on each scene: fit's warning, queued by the training thread as
    soon as the new data trains, must not overtake the upload's scene reply (here made slow)."""
    scene = Session.scene

    def slow_scene(self):
        out = scene(self)
        if out["dataset"]["name"] == "csv":
            time.sleep(0.5)   # the training thread has queued its warning meanwhile
        return out

    monkeypatch.setattr(Session, "scene", slow_scene)
    address, _ = server
    text, row = _fw_sensors()
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello"}))
        receive(ws, "scene")
        ws.send(json.dumps({"type": "upload_csv", "text": text, "target": "label", "filename": "sensors.csv"}))
        seen = []
        deadline = time.monotonic() + 10
        while not (seen and seen[-1]["type"] == "error") and time.monotonic() < deadline:
            message = ws.recv(timeout=10)
            if isinstance(message, str) and json.loads(message)["type"] in ("scene", "error"):
                seen.append(json.loads(message))
    assert [m["type"] for m in seen][-2:] == ["scene", "error"]
    assert seen[-2]["dataset"]["name"] == "csv" and f"row {row} of sensors.csv" in seen[-1]["message"]
