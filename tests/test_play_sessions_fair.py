"""Sessions that share one server: a client that floods it with messages, or stops reading what it
is sent, neither takes the event loop from the other tabs nor keeps its session training unwatched
(a review that ran many tabs and misbehaving raw clients against one `neuralab play`)."""
import contextlib
import json
import socket
import threading
import time

import test_play_server
from test_play_server import receive
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from neuralab.play import socket_tasks

server = test_play_server.server   # the fixture: an in-process server of this module's own


def _flood(ws, message, stop):
    """Send ``message`` as fast as the socket takes it, until ``stop``."""
    while not stop.is_set():
        ws.send(message)


def test_a_client_flooding_the_server_leaves_other_tabs_their_frames(server):
    # a script sending "ready" in a loop took the event loop every socket shares:
    # another tab's frames fell from 75 a second to about 1, its training seemingly stopped
    address, _app = server
    sock = socket.create_connection(_host_port(address))
    stop = threading.Event()
    # (its socket shut, the flooder's connection ends with no close frame)
    with contextlib.suppress(ConnectionClosed), connect(f"ws://{address}/ws", sock=sock, max_size=None) as flooding:
        flooding.send(json.dumps({"type": "hello"}))
        receive(flooding, "scene")
        flooder = threading.Thread(target=_flood, args=(flooding, json.dumps({"type": "ready"}), stop), daemon=True)
        flooder.start()
        try:
            frames = _frames_in(address, 2)
        finally:
            stop.set()
            flooder.join(10)
            sock.shutdown(socket.SHUT_RDWR)   # (a close handshake would wait behind the messages not read yet)
    # (75 a second when alone; a loaded machine of 2 cores, the flooder and the test's own
    # threads included, still gives well over 10)
    assert frames >= 20, f"{frames} frames in 2 s beside a flooding client"


def _frames_in(address, seconds):
    """The frames a playing tab that draws each at once gets in ``seconds``."""
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello", "state": {"speed": None}}))   # (as fast as it trains)
        receive(ws, "scene")
        ws.send(json.dumps({"type": "control", "action": "play"}))
        receive(ws, "frame")
        start, frames = time.monotonic(), 0
        while time.monotonic() - start < seconds:
            ws.send(json.dumps({"type": "ready"}))
            receive(ws, "frame", timeout=5)
            frames += 1
    return frames


def test_a_page_that_stops_reading_has_its_session_freed(server, monkeypatch):
    # a page that no longer reads (a laptop shut, a network gone) held its socket open: the frame
    # the server was sending waited for room, the keepalive ping behind it, and the session
    # trained on, unwatched, until TCP gave up many minutes later
    address, app = server
    monkeypatch.setattr(socket_tasks, "SEND_TIMEOUT", 0.5)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)   # (filled by a frame or two)
    sock.connect(_host_port(address))
    registry = app.state.registry
    sessions = registry._sessions
    with registry._lock:   # (a flooder's, idle, is freed once the server has read its messages)
        others = set(sessions)
    with connect(f"ws://{address}/ws", sock=sock, max_size=None, max_queue=1, close_timeout=1) as ws:
        # big frames (six layers of 64 units), so that the server's buffers fill within a second
        wide = [{"id": f"h{i}", "type": "dense", "units": 64, "activation": "tanh"} for i in range(6)]
        ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}, "layers": wide,
                                                          "speed": None}}))
        receive(ws, "scene")
        with registry._lock:
            (session,) = sessions - others
        ws.send(json.dumps({"type": "control", "action": "play"}))
        deadline = time.monotonic() + 20
        while session in sessions and time.monotonic() < deadline:
            ws.send(json.dumps({"type": "ready"}))   # credit for frames it never reads
            time.sleep(0.005)
        assert session not in sessions, "the session of a page that stopped reading is still open"
        session.thread.join(10)
        assert not session.thread.is_alive()   # its training thread ended with it


def _host_port(address):
    host, port = address.split(":")
    return host, int(port)
