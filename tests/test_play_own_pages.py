"""The playground answers its own pages only, at this machine's addresses (play/origin_check.py):
a page of another site that the learner visits cannot drive a session through a WebSocket (the
browser lets it open one, and says its Origin), nor read the server through a DNS name that it
made point at 127.0.0.1 (its Host). Programs, which send no Origin, connect as before."""
import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from in_process_server import serving
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from neuralab.play.origin_check import host_refusal, machine_names, origin_refusal
from neuralab.play.server import create_app


@pytest.fixture(scope="module")
def server():
    """An in-process server on 127.0.0.1 (a free port), known by the name "classroom-pc" too."""
    app = create_app(names=("classroom-pc",))
    with serving(app) as address:
        yield int(address.rsplit(":", 1)[1]), app.state.registry


def _get(port, path, host):
    """(status, body, headers) of GET ``path`` asked for with ``Host: host``."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), err.headers


def _handshake(port, host, origin=None):
    """The status line of a WebSocket handshake on /ws with ``Host: host`` (and ``origin``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall((f"GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                   + (f"Origin: {origin}\r\n" if origin else "") + "\r\n").encode())
        return s.recv(100).split(b"\r\n")[0].decode()


def _scene(port, origin=None):
    """The scene a socket opened from a page of ``origin`` (None: a program) gets for its hello."""
    with connect(f"ws://127.0.0.1:{port}/ws", origin=origin, max_size=None) as ws:
        ws.send(json.dumps({"type": "hello", "state": {}}))
        while True:
            message = ws.recv(timeout=30)
            if isinstance(message, str):
                return json.loads(message)


def test_a_page_of_another_site_opens_no_session(server):
    port, registry = server
    for origin in ("http://evil.example", f"http://evil.example:{port}", f"http://127.0.0.1:{port + 1}", "null"):
        with pytest.raises(InvalidStatus) as refused:
            _scene(port, origin)
        assert refused.value.response.status_code == 403
        assert f"a page of {origin} may not use this playground" in refused.value.response.body.decode()
        assert len(registry) == 0


def test_the_servers_own_page_and_programs_get_their_session(server):
    port, _ = server
    for origin in (f"http://127.0.0.1:{port}", None):
        assert _scene(port, origin)["type"] == "scene"
    # the page opened as localhost or [::1] asking for 127.0.0.1: one host, the same port
    assert _handshake(port, f"127.0.0.1:{port}", f"http://localhost:{port}").endswith("101 Switching Protocols")
    assert _handshake(port, f"localhost:{port}", f"http://[::1]:{port}").endswith("101 Switching Protocols")


def test_a_dns_name_pointed_at_this_machine_is_refused(server):
    port, _ = server
    for path in ("/", "/health", "/static/app.js"):
        status, body, _ = _get(port, path, f"evil.example:{port}")
        assert status == 403
        assert body.startswith("this playground answers at its own address, not at 'evil.example:")
    assert _handshake(port, f"evil.example:{port}").endswith("403 Forbidden")
    # an address, localhost, or a name the server was given: answered
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"192.168.1.20:{port}", f"classroom-pc:{port}"):
        assert _get(port, "/health", host)[0] == 200


def test_the_page_runs_its_own_scripts_only(server):
    port, _ = server
    status, body, headers = _get(port, "/", f"127.0.0.1:{port}")
    assert status == 200 and '<script type="module" src="/static/app.js">' in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("host, origin, taken", [
    ("192.168.1.20:8000", "http://192.168.1.20:8000", True),     # a student's page on the class's server
    ("192.168.1.20:8000", "http://192.168.1.21:8000", False),    # a page of another machine's
    ("[::1]:8000", "http://127.0.0.1:8000", True),
    ("127.0.0.1:8000", "http://localhost:8001", False),
    ("127.0.0.1:8000", "file://", False),
    ("127.0.0.1:8000", "http://[::1", False),                    # (no address: refused, not a failure)
    ("CLASSROOM-PC:8000", "http://classroom-pc:8000", True),
])
def test_a_socket_is_taken_from_its_own_host_and_port(host, origin, taken):
    assert (origin_refusal(origin, host) is None) is taken


def test_the_names_a_server_answers_at():
    # neuralab play --host mybox.lan: the name it prints and opens (the command passes --host on)
    assert host_refusal("mybox.lan:8000", ("mybox.lan",)) is None
    assert host_refusal("mybox.lan:8000", ("0.0.0.0",)) is not None
    # on every address, this machine's own name, as students may type it
    name = socket.gethostname()
    assert host_refusal(f"{name}.local:8000", machine_names("0.0.0.0")) is None
    assert host_refusal(f"{name}:8000", machine_names("::")) is None
    assert host_refusal(f"{name}:8000", machine_names("127.0.0.1")) is not None
    for broken in ("127.0.0.1:80a", "[::1", "localhost:8000/path"):
        assert host_refusal(broken) is not None
    assert host_refusal("") is None   # (no Host: a program's, never a browser's)
    assert origin_refusal("http://127.0.0.1:8000", "") is not None


def test_a_class_server_answers_at_this_machines_name():
    # neuralab play --host 0.0.0.0, as a teacher starts it
    proc = subprocess.Popen([sys.executable, "-m", "neuralab", "play", "--no-browser", "--host", "0.0.0.0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(proc.stdout.readline().split("serving the playground at ")[1].split()[0].rsplit(":", 1)[1].rstrip("/"))
        for _ in range(200):
            with contextlib.suppress(OSError):
                if _get(port, "/health", f"127.0.0.1:{port}")[0] == 200:
                    break
            time.sleep(0.05)
        assert _get(port, "/health", f"{socket.gethostname()}.local:{port}")[0] == 200
        assert _get(port, "/health", f"evil.example:{port}")[0] == 403
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=15)
