"""A page opened on a server that serves as many pages as it takes (registry.MAX_SESSIONS) says so
under the header, with what to do, instead of "the server has stopped"; once a tab closes it gets
its session by itself, the link's network unchanged."""
import contextlib
import threading
import time

import pytest
import uvicorn
from playwright.sync_api import expect
from websockets.sync.client import connect

from playkit import encode_state
from test_play_page import READY, scene

from neuralab.play import registry as play_registry
from neuralab.play.server import bind, create_app

LINK = {"layers": [{"id": "h1", "type": "dense", "units": 5, "activation": "relu"}]}


@pytest.fixture
def full_server(monkeypatch):
    """An in-process server that takes two sessions; its URL."""
    monkeypatch.setattr(play_registry, "MAX_SESSIONS", 2)
    sock = bind("127.0.0.1", 0)
    srv = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.01)
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    srv.should_exit = True
    thread.join(10)


def test_a_page_on_a_full_server_says_so_and_gets_in_once_a_tab_closes(page, full_server):
    # the class's two tabs: one stays, one closes
    with connect(f"ws://{full_server}/ws"), contextlib.ExitStack() as leaving:
        leaving.enter_context(connect(f"ws://{full_server}/ws"))
        page.goto(f"http://{full_server}/{encode_state(LINK)}")
        line = page.locator("#connection")
        expect(line).to_have_text("No room for this page: the server already serves 2 pages, the most it takes at "
                                  "once (close a tab you no longer use; this page tries again every few seconds).")
        page.wait_for_timeout(6000)   # past the 5 s after which a server that does not answer "has stopped"
        expect(line).to_contain_text("No room for this page")
        expect(page.locator("body")).to_have_class("offline")
        leaving.close()
        page.wait_for_function(READY, timeout=15000)
        expect(line).to_be_empty()
        expect(page.locator("body")).not_to_have_class("offline")
        assert scene(page)["state"]["layers"][0]["units"] == 5
