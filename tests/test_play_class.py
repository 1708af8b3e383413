"""A class on one playground server: with two dozen sessions training at full speed, a student who
opens the page is answered, and a click takes effect, at once (every training thread took its
share of the GIL the event loop needs: a page took 13 to 30 s to open, a Pause up to a second);
once the sockets close, nothing of theirs trains on or holds a turn. Generous bounds, for a
machine that other work loads: a few seconds where the class took tens."""
import contextlib
import json
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import test_play_server
from session_kit import until
from test_play_server import play_command, receive
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from neuralab.play import socket_tasks
from neuralab.play import snapshots
from neuralab.play.server import STATIC
from neuralab.play.training_turns import TURNS, Turns

server = test_play_server.server   # the fixture: an in-process server of this module's own
CLASS = 24
SMALL = {"dataset": {"name": "moons", "n_samples": 200},
         "layers": [{"id": "h1", "type": "dense", "units": 6, "activation": "relu"}]}
READY = json.dumps({"type": "ready"})
_FRONT_END = [f"/static/{path.name}" for path in sorted(STATIC.iterdir()) if path.is_file()]   # (the page's modules import them all)


def _playing(address, sockets):
    """A student's socket, closed with ``sockets``, whose session trains at full speed."""
    ws = sockets.enter_context(connect(f"ws://{address}/ws", max_size=None, open_timeout=60))
    ws.send(json.dumps({"type": "hello", "state": SMALL}))
    receive(ws, "scene", timeout=60)
    ws.send(json.dumps({"type": "control", "action": "play"}))
    receive(ws, "status", timeout=60)
    return ws


def _draws(ws, stop):
    """A page: says ``ready`` for each frame it gets, until ``stop``."""
    with contextlib.suppress(ConnectionClosed):
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                if isinstance(ws.recv(timeout=0.5), bytes):
                    ws.send(READY)


def _get(address, path):
    with urllib.request.urlopen(f"http://{address}{path}", timeout=60) as response:
        return response.read()


def test_a_class_training_at_full_speed_leaves_a_new_page_and_its_clicks_answered_at_once():
    # the server as the teacher starts it (its own process, its GIL switch interval); its pages
    # in this one, each drawing every frame it gets
    stop = threading.Event()
    with play_command() as (address, _proc), contextlib.ExitStack() as sockets:
        pages = [threading.Thread(target=_draws, args=(_playing(address, sockets), stop), daemon=True)
                 for _ in range(CLASS - 1)]
        for page in pages:
            page.start()
        try:
            time.sleep(2)   # (the class at work)
            began = time.monotonic()
            # a page opens: its HTML and scripts, six at a time as a browser fetches them, a scene
            # and its first frame
            with ThreadPoolExecutor(6) as browser:
                list(browser.map(lambda path: _get(address, path), ["/", *_FRONT_END]))
            with connect(f"ws://{address}/ws", max_size=None, open_timeout=60) as ws:
                ws.send(json.dumps({"type": "hello", "state": SMALL}))
                receive(ws, "scene", timeout=60)
                receive(ws, "frame", timeout=60)
                opened = time.monotonic() - began
                ws.send(json.dumps({"type": "control", "action": "play"}))
                receive(ws, "status", timeout=60)
                ws.send(READY)
                receive(ws, "frame", timeout=60)
                began = time.monotonic()
                ws.send(json.dumps({"type": "control", "action": "pause"}))
                while receive(ws, "status", timeout=60)["state"] != "paused":
                    pass
                paused = time.monotonic() - began
        finally:
            stop.set()
            for page in pages:
                page.join(10)
    # (on this machine of 2 busy cores, before the turns to train: 13 s and 0.1 to 1 s; after: 1.4 s
    # and 0.01 s)
    assert opened < 5, f"a new page took {opened:.1f} s to open beside a class training"
    assert paused < 2, f"a Pause took {paused:.1f} s to be answered beside a class training"


def test_nothing_of_a_class_trains_on_or_holds_a_turn_once_its_sockets_close(server):
    address, app = server
    with contextlib.ExitStack() as sockets:
        for _ in range(6):
            _playing(address, sockets)
        sessions = set(app.state.registry._sessions)
        assert len(sessions) == 6
        assert until(lambda: all(s.step > 0 for s in sessions), timeout=60)
        # while they train, at most the slots' sessions hold a turn; the others wait in line
        holding, waiting = TURNS.counts()
        assert holding <= TURNS.slots and holding + waiting <= 6
    assert until(lambda: len(app.state.registry) == 0, timeout=30), "a closed socket's session stayed open"
    assert until(lambda: not any(s.thread.is_alive() for s in sessions), timeout=30), "a training thread ran on"
    assert all(TURNS.turn(s) is None for s in sessions), "a closed session held a turn or a place in line"


def test_the_pages_of_a_class_share_the_frames_a_page_alone_gets(monkeypatch):
    # each frame's views cost the time the sessions train in: 24 pages at 8 frames a second each
    # trained about half the steps they did at 3; they share FRAMES_IN_ALL, a page alone keeps 75
    turns = Turns(slots=2)
    monkeypatch.setattr(snapshots, "TURNS", turns)   # (whose refresh_interval the frames share)
    assert socket_tasks._frame_interval() == 1 / socket_tasks.FRAMES_PER_SECOND
    class_ = [object() for _ in range(25)]
    for session in class_:
        turns.ask(session, lambda: None)
    assert 25 / socket_tasks._frame_interval() == socket_tasks.FRAMES_IN_ALL   # (4 frames a second each)
    for session in class_[1:]:
        turns.leave(session)   # paused: the one left training gets its frames as alone
    assert socket_tasks._frame_interval() == 1 / socket_tasks.FRAMES_PER_SECOND
