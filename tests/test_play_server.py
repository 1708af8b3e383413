"""The playground server on a real socket (uvicorn on 127.0.0.1, a free port), no browser."""
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import pytest
from in_process_server import asgi_get, serving
from play_decoder import decode
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from neuralab.play.protocol import parse
from neuralab.play.server import create_app
from neuralab.play.session import Session
from neuralab.play.socket_tasks import FRAMES_AHEAD, FRAMES_PER_SECOND


@pytest.fixture(scope="module")
def server():
    app = create_app()
    with serving(app, ws_max_size=8_000_000) as address:
        yield address, app


def health(address):
    with urllib.request.urlopen(f"http://{address}/health", timeout=5) as response:
        return json.loads(response.read())


def wait_for_sessions(address, n, timeout=10):
    deadline = time.monotonic() + timeout
    while health(address)["sessions"] != n and time.monotonic() < deadline:
        time.sleep(0.02)
    return health(address)["sessions"]


def receive(ws, kind, timeout=10):
    """The next message of ``kind`` ("frame" for binary frames, else a JSON type), skipping others."""
    deadline = time.monotonic() + timeout
    while True:
        message = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(message, bytes):
            if kind == "frame":
                return decode(message)
        else:
            message = json.loads(message)
            if message["type"] == kind:
                return message
            assert message["type"] != "error", message


def test_health_and_index(server):
    address, _ = server
    assert health(address) == {"status": "ok", "sessions": 0}
    try:
        with urllib.request.urlopen(f"http://{address}/", timeout=5) as response:
            assert response.status == 200
    except urllib.error.HTTPError as err:          # the front end is another helper's work
        assert err.code == 404


def test_hello_gets_a_scene_then_frames_when_ready(server):
    address, _ = server
    with connect(f"ws://{address}/ws") as ws:
        ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}}))
        scene = receive(ws, "scene")
        assert scene["dataset"]["name"] == "moons" and scene["status"]["state"] == "paused"
        header, arrays = receive(ws, "frame")
        assert header["type"] == "frame" and arrays["output"].shape == (64, 64)
        ws.send(json.dumps({"type": "control", "action": "play"}))
        assert receive(ws, "status")["state"] == "playing"
        steps = []
        for _ in range(3):
            ws.send(json.dumps({"type": "ready"}))
            header, arrays = receive(ws, "frame")
            steps.append(header["step"])
        assert steps == sorted(steps) and steps[-1] > 0 and arrays["curves"].shape[1] == 5
        with pytest.raises(TimeoutError):   # no ready, no frame: nothing queues
            ws.send(json.dumps({"type": "control", "action": "pause"}))
            receive(ws, "frame", timeout=0.5)


def test_each_ready_is_credit_for_one_frame_up_to_frames_ahead(server):
    """The page keeps FRAMES_AHEAD frames coming; more readies than that do not pile frames up."""
    address, _ = server
    with connect(f"ws://{address}/ws") as ws:
        ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}}))
        receive(ws, "scene")
        receive(ws, "frame")                       # the scene's own, unasked
        for _ in range(FRAMES_AHEAD + 3):          # paused: nothing changes, nothing is sent
            ws.send(json.dumps({"type": "ready"}))
        ws.send(json.dumps({"type": "control", "action": "play"}))
        steps = [receive(ws, "frame")[0]["step"] for _ in range(FRAMES_AHEAD)]
        assert steps == sorted(steps)
        with pytest.raises(TimeoutError):         # the extra readies bought nothing
            receive(ws, "frame", timeout=0.5)
        ws.send(json.dumps({"type": "ready"}))
        assert receive(ws, "frame")[0]["step"] > steps[-1]
        ws.send(json.dumps({"type": "control", "action": "pause"}))


def test_heavy_arrays_go_again_after_a_scene(server):
    """(Which frames leave them out is tested on the session.)"""
    address, _ = server
    with connect(f"ws://{address}/ws") as ws:
        ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}}))
        receive(ws, "scene")
        _, arrays = receive(ws, "frame")
        assert "output" in arrays
        ws.send(json.dumps({"type": "control", "action": "step_batch"}))
        receive(ws, "status")
        ws.send(json.dumps({"type": "ready"}))
        seen = receive(ws, "frame")[0]["heavy_seq"]
        ws.send(json.dumps({"type": "ready"}))
        ws.send(json.dumps({"type": "set_state", "state": {"hparams": {"lr": 0.1}}}))
        receive(ws, "scene")
        header, arrays = receive(ws, "frame")    # after a scene the page starts afresh
        assert "output" in arrays and header["heavy_seq"] >= seen


def test_malformed_messages_get_errors_and_the_socket_stays_usable(server):
    address, _ = server
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "control", "action": "play"}))
        assert "hello first" in receive(ws, "error")["message"]
        for bad in ["{nope", "[]", '{"type": "warp"}', '{"type": "ready", "x": 1}',
                    json.dumps({"type": "hello", "state": {"hparams": {"lr": 100}}}),
                    " " * 2_100_000]:
            ws.send(bad)
            reply = receive(ws, "error")
            assert reply["fatal"] is False and reply["message"]
        ws.send(b"\x00\x01")
        assert "text frames" in receive(ws, "error")["message"]
        ws.send(json.dumps({"type": "hello"}))
        assert receive(ws, "scene")["dataset"]["name"] == "circles"
        ws.send(json.dumps({"type": "trace", "sample": 0}))
        assert receive(ws, "trace")["loss"] > 0


def started_session(ws, app):
    """Say hello with a small moons scene on ``ws``, take its scene and first frame, and return
    the server's session for it (the only one open)."""
    ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}}))
    receive(ws, "scene")
    receive(ws, "frame")
    (session,) = app.state.registry._sessions
    return session


def test_a_frame_being_built_does_not_hold_up_other_sockets(server):
    """While one session's training thread builds a frame (here until another tab has its scene,
    or 10 s), the event loop that serves every socket goes on: that tab gets its scene meanwhile.
    (Timed against a 1 s build, the other tab's hello could take longer than its 0.5 s on a
    loaded machine, and a frame not yet being built after a 0.2 s sleep tested nothing.)"""
    address, app = server
    with connect(f"ws://{address}/ws") as slow_ws:
        slow = started_session(slow_ws, app)
        build, building, served = slow._build_frame, threading.Event(), threading.Event()

        def built_once_another_tab_is_served(*args):
            building.set()
            served.wait(10)
            return build(*args)

        slow._build_frame = built_once_another_tab_is_served
        slow_ws.send(json.dumps({"type": "control", "action": "play"}))
        receive(slow_ws, "status")
        slow_ws.send(json.dumps({"type": "ready"}))
        assert building.wait(10)                    # its frame is being built now
        with connect(f"ws://{address}/ws") as ws:
            ws.send(json.dumps({"type": "hello"}))
            receive(ws, "scene", timeout=5)         # (the build would end first: after 10 s)
        served.set()
        receive(slow_ws, "frame")
        slow_ws.send(json.dumps({"type": "control", "action": "pause"}))


def test_frames_come_when_the_training_thread_does_not_answer(server):
    """A frame request the training thread does not take within FRAME_WAIT is withdrawn and the
    frame built under the model lock instead, between two batches."""
    address, app = server
    with connect(f"ws://{address}/ws") as ws:
        started_session(ws, app)._serve_frame = lambda: None
        ws.send(json.dumps({"type": "control", "action": "play"}))
        receive(ws, "status")
        steps = []
        for _ in range(3):
            ws.send(json.dumps({"type": "ready"}))
            steps.append(receive(ws, "frame")[0]["step"])
        assert steps == sorted(steps) and steps[-1] > 0
        ws.send(json.dumps({"type": "control", "action": "pause"}))


def _get(app, path):
    """(status, body) of a GET of ``path``, straight through the ASGI app."""
    status, _, body = asgi_get(app, path)
    return status, body


def test_a_missing_front_end_is_named_not_a_bare_404(tmp_path):
    status, body = _get(create_app(static_dir=tmp_path), "/")
    assert (status, body.decode()) == (404, "the playground's front end is missing (static/index.html)")
    (tmp_path / "index.html").write_text("<p>page</p>")
    assert _get(create_app(static_dir=tmp_path), "/") == (200, b"<p>page</p>")


def test_a_message_the_scene_refuses_or_a_server_bug_answers_with_an_error_and_the_socket_goes_on(server):
    address, app = server
    with connect(f"ws://{address}/ws") as ws:
        session = started_session(ws, app)
        ws.send(json.dumps({"type": "inspect", "layer": 99, "unit": 0}))    # the scene's refusal
        reply = receive(ws, "error")
        assert reply["message"].startswith("layer must be in 0..") and reply["suggestion"] == ""
        assert reply["request"] == "inspect"             # the message it refuses: the page says where
        session.handle = lambda msg: {}["no such key"]                     # a bug
        ws.send(json.dumps({"type": "trace", "sample": 0}))
        reply = receive(ws, "error")
        assert reply["message"] == "the server failed on this message (KeyError: 'no such key')"
        assert reply["suggestion"] == "please report it; the session is still usable" and not reply["fatal"]
        assert reply["request"] == "trace"
        del session.handle
        ws.send(json.dumps({"type": "trace", "sample": 0}))
        assert receive(ws, "trace")["loss"] > 0


def test_a_divergence_reaches_the_page_without_being_asked(server):
    # the training thread's events (here: the run diverged, then paused) wake the sender
    address, app = server
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        layers = [{"id": str(i), "type": "dense", "units": 32, "activation": "relu"} for i in range(8)]
        ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "plane", "n_samples": 200},
                                                        "layers": layers, "hparams": {"lr": 10, "batch_size": 50}}}))
        receive(ws, "scene")
        ws.send(json.dumps({"type": "control", "action": "play"}))
        assert receive(ws, "status")["state"] == "playing"
        error = receive(ws, "error", timeout=20)
        assert error["kind"] == "diverged" and "Learning rate box" in error["suggestion"]
        assert receive(ws, "status")["state"] == "paused"


def test_a_frame_that_fails_to_build_is_logged_and_the_next_change_tries_again(server, caplog):
    address, app = server
    with connect(f"ws://{address}/ws") as ws:
        session = started_session(ws, app)
        session.frame_here = lambda *a: {}["no such array"]               # paused: the sender builds
        ws.send(json.dumps({"type": "control", "action": "step_batch"}))
        receive(ws, "status")
        # the step is done and measured (two changes): a frame asked for between them fails twice
        assert session.wait_idle()
        ws.send(json.dumps({"type": "ready"}))
        with pytest.raises(TimeoutError):          # no frame, and no retry at every interval either
            receive(ws, "frame", timeout=0.5)
        assert [r.getMessage() for r in caplog.records if r.name == "neuralab.play.socket_tasks"] == \
            ["playground frame failed"]
        del session.frame_here
        ws.send(json.dumps({"type": "control", "action": "step_batch"}))    # a change: a new frame
        assert receive(ws, "frame")[0]["step"] == 2


def test_a_frame_that_fails_while_the_page_s_view_changes_leaves_the_newer_view_s_frame_due(server):
    # the failure was pinned on the version read after it, so the change made while the failing
    # frame was built waited for yet another change
    address, app = server
    with connect(f"ws://{address}/ws") as ws:
        session = started_session(ws, app)
        build = session.frame_here

        def fails_as_the_view_changes(*args):
            session.frame_here = build
            session.version += 1                   # what the page sees changed meanwhile
            raise KeyError("no such array")

        session.frame_here = fails_as_the_view_changes
        ws.send(json.dumps({"type": "ready"}))
        ws.send(json.dumps({"type": "control", "action": "step_batch"}))
        # (the status is skipped, not waited for: the frame may come first, and was skipped then)
        assert receive(ws, "frame", timeout=5)[0]["step"] == 1


def test_a_frame_of_a_scene_replaced_while_it_was_built_is_dropped(server):
    # the sender built a frame; before it went, another thread (the receiver's worker) installed
    # a new network: the page gets the new scene's frame, never the old one's
    address, app = server
    with connect(f"ws://{address}/ws") as ws:
        session = started_session(ws, app)
        build, built = session.frame_here, []

        def built_then_replaced(*args):
            built.append(build(*args))
            session.frame_here = build
            edit = {"type": "set_state", "state": {"layers": [{"id": "w", "type": "dense", "units": 7,
                                                               "activation": "relu"}]}}
            worker = threading.Thread(target=session.handle, args=(parse(json.dumps(edit)),))
            worker.start()
            worker.join()
            return built[-1]
        session.frame_here = built_then_replaced
        ws.send(json.dumps({"type": "control", "action": "step_batch"}))
        receive(ws, "status")
        ws.send(json.dumps({"type": "ready"}))
        header, arrays = receive(ws, "frame")
        assert built and built[0][0]["scene_id"] == header["scene_id"] - 1
        assert header["scene_id"] == session.scene_id and arrays["W/0"].shape == (7, 2)


def test_a_frame_built_while_a_scene_goes_out_is_built_again_whole(server):
    # the learning rate typed while training: its scene reply went out while a frame was being
    # built for a page that held the heavy arrays and features' maps; that frame, without them,
    # went after the scene, which had made the page let go of them, and the sender took it for
    # the scene's first frame: the features' maps stayed blank until the next scene
    address, app = server
    with connect(f"ws://{address}/ws") as ws:
        session = started_session(ws, app)
        session._serve_frame = lambda: None        # the frame is built by the sender's worker...
        build, asked, scene_seen = session.frame_here, threading.Event(), threading.Event()

        def built_once_the_scene_is_out(*args):    # ... once the scene has reached the page
            session.frame_here = build
            asked.set()
            assert scene_seen.wait(10)
            return build(*args)

        session.frame_here = built_once_the_scene_is_out
        ws.send(json.dumps({"type": "control", "action": "play"}))
        receive(ws, "status")
        ws.send(json.dumps({"type": "ready"}))
        assert asked.wait(10)
        ws.send(json.dumps({"type": "set_state", "state": {"hparams": {"lr": 0.1}}}))
        receive(ws, "scene")
        scene_seen.set()
        _header, arrays = receive(ws, "frame")
        assert "output" in arrays and "features/x1" in arrays
        ws.send(json.dumps({"type": "control", "action": "pause"}))


def _client(address, i, results):
    """One tab: its own dataset and first-layer width, so frames can be told apart."""
    name = ["circles", "xor", "spiral", "moons", "gaussians"][i % 5]
    n = 60 + 10 * i
    units = i + 1
    try:
        with connect(f"ws://{address}/ws", max_size=None) as ws:
            ws.send(json.dumps({"type": "hello", "state": {
                "dataset": {"name": name, "n_samples": n}, "features": ["x1", "x2", "x1*x2"][: 2 + i % 2],
                "layers": [{"id": "h", "type": "dense", "units": units, "activation": "relu"}]}}))
            scene = receive(ws, "scene", timeout=30)   # 20 training threads share 2 cores in CI
            ws.send(json.dumps({"type": "control", "action": "play"}))
            frames = [receive(ws, "frame", timeout=30)]
            for _ in range(3):
                ws.send(json.dumps({"type": "ready"}))
                frames.append(receive(ws, "frame", timeout=30))
            results[i] = (scene, frames)
    except Exception as err:  # noqa: BLE001 - reported by the test
        results[i] = err


def test_twenty_sessions_train_at_once_each_with_its_own_state(server):
    address, app = server
    results = {}
    threads = [threading.Thread(target=_client, args=(address, i, results)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 20
    for i, result in results.items():
        assert not isinstance(result, Exception), f"client {i}: {result!r}"
        scene, frames = result
        n_features = 2 + i % 2
        assert scene["dataset"]["name"] == ["circles", "xor", "spiral", "moons", "gaussians"][i % 5]
        assert scene["dataset"]["n_train"] + scene["dataset"]["n_test"] == 60 + 10 * i
        assert scene["network"]["layers"][0]["units"] == i + 1
        assert "units/0" in frames[0][1]   # the first frame after a scene carries the heavy views
        for header, arrays in frames:
            assert arrays["W/0"].shape == (i + 1, n_features)
            # later frames carry them only when they were refreshed (at most 10 times a second,
            # so on a loaded machine several frames in a row may leave them out)
            assert arrays["units/0"].shape[0] == i + 1 if "units/0" in arrays else header["heavy_seq"] > 0
        assert frames[-1][0]["step"] > 0
    assert wait_for_sessions(address, 0) == 0
    assert len(app.state.registry) == 0


def test_closing_a_socket_frees_its_session(server):
    address, _app = server
    with connect(f"ws://{address}/ws") as ws:
        ws.send(json.dumps({"type": "hello"}))
        receive(ws, "scene")
        assert health(address)["sessions"] == 1
    assert wait_for_sessions(address, 0) == 0


def wait_for_health(address, timeout=10):
    """Wait until the server at ``address`` answers /health: uvicorn handles SIGINT from then on.
    (Before, the signal is Python's own, or ignored where the test runner was started with it
    ignored, as a background job of a script: the server then never stopped.)"""
    deadline = time.monotonic() + timeout
    while True:
        try:
            assert health(address)["status"] == "ok"
            return
        except OSError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


@contextlib.contextmanager
def play_command(preexec_fn=None, stderr=None, **env):
    """``neuralab play --no-browser`` in its own process (``env``: more environment variables;
    ``preexec_fn``: run in the child before it starts, as ``subprocess.Popen``'s; its stderr to
    the file ``stderr``, else a temporary one: a pipe nobody reads may fill and stall the server):
    yields (address, process) once it answers /health; stops it with Ctrl-C (SIGINT) afterwards
    and checks that it ended cleanly."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
    own = stderr is None
    stderr = tempfile.TemporaryFile("w+") if own else stderr
    proc = subprocess.Popen([sys.executable, "-m", "neuralab", "play", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=stderr, text=True, env=env, preexec_fn=preexec_fn)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line
        url = line.split("at ")[1].split()[0]
        address = url.removeprefix("http://").rstrip("/")
        wait_for_health(address)
        yield address, proc
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()   # (closes its stdout, however it ended: left open, a ResourceWarning failed the next test)
        stderr.seek(0)
        err = stderr.read()
        if own:
            stderr.close()
    assert proc.returncode == 0, err   # Ctrl-C is how the server stops: no 130 (test_play_command_exit.py)
    assert "Traceback" not in err


def test_play_command_prints_the_url_and_stops_on_sigint():
    with play_command():
        pass


def test_frames_never_exceed_the_rate_cap():
    """A client that says ready at once gets at most FRAMES_PER_SECOND frames a second (an upper
    bound only: a slow machine sends fewer). The server runs in its own process, as it does for
    the page, so that it could go faster than the cap."""
    with play_command() as (address, _), connect(f"ws://{address}/ws") as ws:
        ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "moons", "n_samples": 120}}}))
        receive(ws, "scene")
        ws.send(json.dumps({"type": "control", "action": "play"}))
        receive(ws, "frame")
        count, start = 0, time.monotonic()
        while time.monotonic() - start < 1.5:
            ws.send('{"type": "ready"}')
            while not isinstance(ws.recv(timeout=10), bytes):   # (a frame is not decoded: no time lost)
                pass
            count += 1
        # the pacing lets a late frame be followed by an early one: on a loaded machine a few come
        # in a burst (115 against 114.7 once); without a cap they would be several times as many
        assert count <= 1.05 * FRAMES_PER_SECOND * (time.monotonic() - start) + 2


def test_play_command_warns_about_other_hosts():
    proc = subprocess.Popen([sys.executable, "-m", "neuralab", "play", "--no-browser", "--host", "0.0.0.0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "http://0.0.0.0:" in line
        wait_for_health("127.0.0.1:" + line.split("0.0.0.0:")[1].split("/")[0])
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()   # (closes its pipes, however it ended: left open, the next test failed on them)
    assert "warning" in err and "no authentication" in err


# The page's credit (``ready``) counts at once, even while the server answers a slow message: it
# waited in the socket behind the answer, so no frame went until the answer did. Choosing Iris
# while training ran (its first load imported scikit-learn then: seconds with the training thread busy)
# froze the live view that long, the page still showing "playing": a monkey test took it for a stall.
# The edit here is answered once the page has had FRAMES_MEANWHILE frames (or after 10 s): timed
# instead (10 frames a second for 1.5 s), the count depended on the machine's load.
FRAMES_MEANWHILE = 15


def test_frames_go_on_while_an_edit_is_answered_slowly(server, monkeypatch):
    address, _ = server
    handle, enough = Session.handle, threading.Event()

    def slow_handle(self, msg):
        if msg["type"] == "set_state":
            enough.wait(10)
        return handle(self, msg)

    monkeypatch.setattr(Session, "handle", slow_handle)
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello"}))
        ws.send(json.dumps({"type": "control", "action": "play"}))
        while True:   # up to the play's status, as the page: a ready for each frame
            message = ws.recv(timeout=10)
            if isinstance(message, bytes):
                ws.send(json.dumps({"type": "ready"}))
            elif json.loads(message).get("state") == "playing":
                break
        ws.send(json.dumps({"type": "set_state", "state": {"hparams": {"lr": 0.1}}}))
        frames = 0
        while True:
            message = ws.recv(timeout=20)
            if isinstance(message, bytes):   # as the page does: one ready per frame received
                frames += 1
                ws.send(json.dumps({"type": "ready"}))
                if frames == FRAMES_MEANWHILE:
                    enough.set()
            elif json.loads(message)["type"] == "scene":
                break
    # the old scene's frames, at the page's pace, not the two credits it had
    assert enough.is_set() and frames >= FRAMES_MEANWHILE, frames


# A page that closes while its messages wait (a burst behind a slow answer, more than the inbox
# holds) left its session open and training for good: the answerer, finding the socket gone,
# stopped, while the receiver waited for room in the full inbox and never read the close.
def test_a_page_that_leaves_in_a_burst_of_messages_frees_its_session(server, monkeypatch):
    address, app = server
    handle = Session.handle

    def slow_handle(self, msg):
        if msg["type"] == "set_state":
            time.sleep(0.05)
        return handle(self, msg)

    monkeypatch.setattr(Session, "handle", slow_handle)
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        session = started_session(ws, app)
        ws.send(json.dumps({"type": "control", "action": "play"}))
        for i in range(200):   # faster than they are answered: the inbox fills, and reading waits
            ws.send(json.dumps({"type": "set_state", "state": {"hparams": {"lr": 0.001 * (i + 1)}}}))
    assert wait_for_sessions(address, 0) == 0
    session.thread.join(10)
    assert not session.thread.is_alive()   # the training thread ended with it


def test_a_reply_that_cannot_be_sent_closes_the_socket_not_its_answers(server, monkeypatch):
    # a bug in a reply (a value JSON cannot hold) ended the answerer alone: the page's later
    # messages were never answered and its frames stopped, the socket open; it closes, as when
    # one task answered everything, and the page says it lost the server
    address, app = server
    handle = Session.handle
    monkeypatch.setattr(Session, "handle", lambda self, msg: [{"type": "model", "data": object()}]
                        if msg["type"] == "download" else handle(self, msg))
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        started_session(ws, app)
        ws.send(json.dumps({"type": "download"}))
        with pytest.raises(ConnectionClosed):
            receive(ws, "model", timeout=5)
    assert wait_for_sessions(address, 0) == 0


def test_a_real_dataset_without_scikit_learn_is_refused_not_a_server_failure(tmp_path):
    # choosing Iris where scikit-learn cannot be imported answered "the server failed on this
    # message (ImportError: ...), please report it", with a traceback in the terminal
    (tmp_path / "sklearn").mkdir()
    (tmp_path / "sklearn" / "__init__.py").write_text("raise ImportError('scikit-learn is broken here')\n")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    with play_command(PYTHONPATH=path) as (address, _proc):   # (it checks that stderr holds no traceback)
        with connect(f"ws://{address}/ws") as ws:
            ws.send(json.dumps({"type": "hello", "state": {"dataset": {"name": "iris"}}}))
            error = json.loads(ws.recv(timeout=10))
    assert error["message"] == ("the 'iris' dataset is read from scikit-learn's bundled files: "
                                "pip install scikit-learn") and error["suggestion"] == "or choose another dataset"
