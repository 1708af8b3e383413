"""A page whose upload finds the server's memory for uploads taken (upload_held) says so in one
line, in the page's words, and keeps its data; once the tab holding the memory closes, the same
upload goes through."""
import json
from types import SimpleNamespace

import pytest
from in_process_server import serving
from playwright.sync_api import expect
from test_play_page import open_page, scene, wait_scene
from test_play_upload_held import _uh_prices_file
from websockets.sync.client import connect

from neuralab.play.server import create_app
from neuralab.play.upload import parse_csv
from neuralab.play.upload_kept import held_bytes


@pytest.fixture
def tight_server(tmp_path):
    """An in-process server whose uploads' memory takes one upload of prices.csv; (URL, the file)."""
    path = _uh_prices_file(tmp_path)
    app = create_app()
    app.state.registry.held.limit = held_bytes(parse_csv(path.read_text(), "price"), in_session=True) * 3 // 2
    with serving(app) as address:
        yield SimpleNamespace(url=f"http://{address}"), path   # (as open_page takes it)


# (the server set up before the page: it stops after the page has closed, whose next try would log an error)
def test_an_upload_past_the_server_s_memory_is_refused_in_one_line_and_the_page_keeps_its_data(tight_server, page):
    server, path = tight_server
    with connect(server.url.replace("http", "ws") + "/ws") as other:   # another tab holds the memory
        other.send(json.dumps({"type": "hello", "state": {}}))
        other.send(json.dumps({"type": "upload_csv", "text": path.read_text(), "target": "price"}))
        while True:   # (its frames are binary)
            reply = other.recv(timeout=30)
            if isinstance(reply, str) and json.loads(reply).get("state", {}).get("dataset", {}).get("name") == "csv":
                break
        open_page(page, server)
        page.locator("details.csv summary").click()
        page.get_by_test_id("csv-input").set_input_files(str(path))
        page.get_by_test_id("csv-target").select_option("price")
        page.get_by_test_id("csv-upload").click()
        error = page.get_by_test_id("error")
        expect(error).to_contain_text("the server holds too much uploaded data just now (")
        expect(error).to_contain_text("upload a smaller file, or ask whoever runs the server to have the tabs no "
                                      "longer used closed; this page keeps its data")
        assert scene(page)["state"]["dataset"]["name"] == "circles"
    page.get_by_test_id("csv-upload").click()   # the other tab closed: its memory is free
    wait_scene(page, "s.state.dataset.name === 'csv'")
    assert scene(page)["state"]["dataset"]["file"] == "prices.csv"
