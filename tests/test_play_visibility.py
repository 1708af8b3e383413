"""A playground page hidden (another tab in front): the server sends it no frames and its session
trains on slowly, so that the visible tabs of the server come first (forgotten tabs in a
classroom slowed everyone's); shown again, the page gets a whole frame at once. Counts and
bounds that hold on any machine, however loaded: a rest is a wait of at least its length."""
import json
import time

import pytest
import test_play_server
from session_kit import send, until
from test_play_server import receive, started_session
from websockets.sync.client import connect

from neuralab.play import hidden_pace, protocol
from neuralab.play.session import Session

server = test_play_server.server   # the fixture: an in-process server of this module's own


def test_the_visibility_message_is_checked_like_the_others():
    for page in protocol.VISIBILITY:
        assert protocol.parse(json.dumps({"type": "visibility", "page": page})) == {"type": "visibility", "page": page}
    for message, words in [({"type": "visibility", "page": "minimised"}, "page must be one of visible, hidden"),
                           ({"type": "visibility"}, "visibility is missing page"),
                           ({"type": "visibility", "page": "hidden", "since": 3}, "unknown field(s) since")]:
        with pytest.raises(protocol.ProtocolError, match=words.replace("(", r"\(").replace(")", r"\)")):
            protocol.parse(json.dumps(message))


def test_the_hidden_sessions_together_train_their_share_of_the_time(monkeypatch):
    lane, a, b = hidden_pace.Lane(), object(), object()
    assert 0.02 / (0.02 + lane.rest(a, 0.02)) == pytest.approx(hidden_pace.SHARE)
    # beside another that rests: each gets half (its rest of 380 ms has not ended)
    assert 0.02 / (0.02 + lane.rest(b, 0.02)) == pytest.approx(hidden_pace.SHARE / 2)
    lane.leave(a)   # shown again: the other has the share to itself
    assert 0.02 / (0.02 + lane.rest(b, 0.02)) == pytest.approx(hidden_pace.SHARE)
    # one that stopped training while hidden (paused) drops out SLACK after its rest's end
    monkeypatch.setattr(hidden_pace, "SLACK", 0.01)
    lane.rest(a, 1e-6)   # (a rest of microseconds)
    time.sleep(0.05)
    assert 0.02 / (0.02 + lane.rest(b, 0.02)) == pytest.approx(hidden_pace.SHARE)


def _cpu(thread):
    """The CPU time ``thread`` has used, in seconds."""
    return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))


def test_a_hidden_session_trains_on_at_its_share_of_the_time(monkeypatch):
    # (a hundredth, not the twentieth it is: a session trained unpaced on a machine whose other
    # work leaves it a tenth of a core must still use more than it may)
    monkeypatch.setattr(hidden_pace, "SHARE", 0.01)
    session = Session()
    try:
        send(session, {"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}})
        send(session, {"type": "control", "action": "play"})
        assert until(lambda: session.step > 0)
        cpu, began = _cpu(session.thread), time.monotonic()
        session.set_hidden(True)
        step = session.step
        assert until(lambda: session.step > step + 50)   # it trains on
        time.sleep(2)
        # each slice of training (SLICE of CPU time, and the batch that ends it) earns a rest of
        # (1/SHARE - 1) times its length, alone (longer beside others): over any stretch of time,
        # the thread trains at most SHARE of it, and the slice it is in
        used, took = _cpu(session.thread) - cpu, time.monotonic() - began
        assert used <= hidden_pace.SHARE * took + hidden_pace.SLICE + 0.02, f"{used:.3f} s of CPU in {took:.1f} s"
        assert session.playing   # playing, as the learner left it
    finally:
        session.close()


def test_a_rest_ends_at_once_when_the_page_is_shown(monkeypatch):
    monkeypatch.setattr(hidden_pace, "SHARE", 0.0005)   # a slice of 20 ms earns a rest of 40 s
    session = Session()
    try:
        send(session, {"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}})
        send(session, {"type": "control", "action": "play"})
        session.set_hidden(True)
        assert until(lambda: session._rest_until > time.monotonic())
        step = session.step
        time.sleep(0.5)
        assert session.step == step   # resting
        session.set_hidden(False)
        assert until(lambda: session.step > step + 10, timeout=10)
    finally:
        session.close()


def test_a_hidden_page_gets_no_frames_but_its_news_and_a_whole_frame_once_shown(server):
    address, app = server
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        session = started_session(ws, app)   # (its scene's frame taken: no credit left)
        ws.send(json.dumps({"type": "control", "action": "play"}))
        receive(ws, "status")
        ws.send(json.dumps({"type": "visibility", "page": "hidden"}))
        assert until(lambda: session.hidden)
        for _ in range(3):
            ws.send(json.dumps({"type": "ready"}))
        with pytest.raises(TimeoutError):   # playing, credit given: still no frame
            receive(ws, "frame", timeout=1.5)
        ws.send(json.dumps({"type": "control", "action": "pause"}))
        assert receive(ws, "status")["state"] == "paused"   # replies and events still go
        assert session.wait_idle()
        step = session.step
        ws.send(json.dumps({"type": "visibility", "page": "visible"}))
        header, arrays = receive(ws, "frame", timeout=5)   # unasked: the readies went while hidden
        assert header["step"] == step and "output" in arrays and "hist_w/0" in arrays


def test_a_page_shown_again_gets_its_frame_without_a_ready(server):
    address, app = server
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        started_session(ws, app)   # (its scene's frame taken: no credit left)
        ws.send(json.dumps({"type": "visibility", "page": "hidden"}))
        ws.send(json.dumps({"type": "visibility", "page": "visible"}))
        header, arrays = receive(ws, "frame", timeout=5)
        assert "output" in arrays   # whole, though nothing changed


def test_a_closed_hidden_session_leaves_the_lane():
    session = Session()
    send(session, {"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}})
    session.set_hidden(True)
    send(session, {"type": "control", "action": "play"})
    assert until(lambda: session in hidden_pace.LANE._resting)
    session.close()
    assert session not in hidden_pace.LANE._resting
    session.thread.join(10)
    assert not session.thread.is_alive()
