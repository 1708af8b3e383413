"""A page opened on a server that serves as many pages as it takes (registry.MAX_SESSIONS) says so
under the header, with what to do, instead of "the server has stopped"; once a tab closes it gets
its session by itself, the link's network unchanged."""
import contextlib

import pytest
from in_process_server import serving
from playkit import encode_state
from playwright.sync_api import expect
from test_play_page import READY, scene
from websockets.sync.client import connect

from neuralab.play import registry as play_registry
from neuralab.play.server import create_app

LINK = {"layers": [{"id": "h1", "type": "dense", "units": 5, "activation": "relu"}]}


@pytest.fixture
def full_server(monkeypatch):
    """An in-process server that takes two sessions; its URL."""
    monkeypatch.setattr(play_registry, "MAX_SESSIONS", 2)
    with serving(create_app()) as address:
        yield address


# (full_server before page: set up first, it stops last, after the page has closed; stopped
# first, the page's next try to reach it logged a console error at the test's end)
def test_a_page_on_a_full_server_says_so_and_gets_in_once_a_tab_closes(full_server, page):
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
