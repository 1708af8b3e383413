"""How many pages one server serves (registry.py): a class of 30 with two tabs each always gets
in, however many sockets a script on one machine opens; a page past the caps is told why (a
``full`` message, then the socket closes with 1013, "try again later") and holds no session."""
import contextlib
import json
import time
from pathlib import Path

import pytest
from in_process_server import serving
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from neuralab.play import registry as play_registry
from neuralab.play.registry import Registry, ServerFull
from neuralab.play.server import create_app


@contextlib.contextmanager
def _opened(registry):
    """``registry``, each of its sessions closed at the end."""
    opened = []
    real_open = registry.open
    registry.open = lambda address=None: opened.append(real_open(address)) or opened[-1]
    try:
        yield opened
    finally:
        for session in opened:
            registry.close(session)


def test_a_class_of_30_gets_in_past_a_script_opening_sockets_on_one_machine():
    registry = Registry()
    with _opened(registry) as opened:
        taken = 0
        with pytest.raises(ServerFull) as full:
            while True:   # a script's loop, on one machine of the class's network
                registry.open("192.168.1.66")
                taken += 1
        assert str(full.value) == (f"this computer already has {taken} pages of it open, the most the server serves "
                                   "to one computer")
        for student in range(30):
            for _tab in range(2):
                registry.open(f"192.168.1.{100 + student}")
        for _tab in range(5):   # the teacher's, on the server's machine
            registry.open("127.0.0.1")
        assert len(registry) == len(opened) == taken + 65


def test_a_class_of_30_behind_one_address_gets_in():
    registry = Registry()   # (a school's network, whose machines reach the server through one router)
    with _opened(registry):
        for _tab in range(2 * 30):
            registry.open("203.0.113.7")
        assert len(registry) == 60


def test_past_the_cap_in_all_a_page_is_refused_until_one_closes(monkeypatch):
    # (this machine's own pages, its browser's or a proxy's, count against the cap in all only)
    monkeypatch.setattr(play_registry, "MAX_SESSIONS", 3)
    monkeypatch.setattr(play_registry, "MAX_SESSIONS_PER_ADDRESS", 1)
    registry = Registry()
    with _opened(registry) as opened:
        for address in ("127.0.0.1", "::1", "127.0.0.1"):
            registry.open(address)
        with pytest.raises(ServerFull, match="^the server already serves 3 pages, the most it takes at once$"):
            registry.open("10.0.0.3")
        assert len(registry) == 3
        registry.close(opened.pop(0))
        registry.open("10.0.0.3")
        assert len(registry) == 3


@pytest.fixture
def small_server(monkeypatch):
    """An in-process server that takes two sessions; (its port, its registry)."""
    monkeypatch.setattr(play_registry, "MAX_SESSIONS", 2)
    app = create_app()
    with serving(app) as address:
        yield int(address.rsplit(":", 1)[1]), app.state.registry


def _scene(ws):
    ws.send(json.dumps({"type": "hello", "state": {}}))
    while not isinstance(message := ws.recv(timeout=30), str):
        pass
    return json.loads(message)


def test_a_page_past_the_cap_is_told_why_and_gets_in_once_a_tab_closes(small_server):
    port, registry = small_server
    url = f"ws://127.0.0.1:{port}/ws"
    with connect(url, max_size=None) as first, connect(url, max_size=None) as second:
        assert _scene(first)["type"] == _scene(second)["type"] == "scene"
        with connect(url, max_size=None) as third:
            said = json.loads(third.recv(timeout=30))
            assert said == {"type": "full", "message": "the server already serves 2 pages, the most it takes at once",
                            "suggestion": "close a tab you no longer use; this page tries again every few seconds"}
            with pytest.raises(ConnectionClosed):
                third.recv(timeout=30)
            assert third.close_code == 1013
        assert len(registry) == 2
    deadline = time.monotonic() + 10
    while len(registry) and time.monotonic() < deadline:
        time.sleep(0.02)
    with connect(url, max_size=None) as again:
        assert _scene(again)["type"] == "scene"


def test_the_teachers_page_says_the_caps():
    said = (Path(__file__).parents[1] / "docs" / "playground.md").read_text()
    assert (f"It serves at most {play_registry.MAX_SESSIONS} pages at once, and at most "
            f"{play_registry.MAX_SESSIONS_PER_ADDRESS} to one computer") in " ".join(said.split())
