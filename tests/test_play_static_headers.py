"""The front end's files carry ``nosniff`` as the page does (server.py): a browser runs a file as a
script only when its Content-Type says it is one, never guessing from its bytes."""
import pytest
from in_process_server import asgi_get

from neuralab.play.server import create_app


@pytest.mark.parametrize("path", ["/static/app.js", "/static/style.css", "/"])
def test_the_page_and_its_files_are_not_sniffed(path):
    status, headers, _ = asgi_get(create_app(), path)
    assert status == 200 and headers["x-content-type-options"] == "nosniff"
    assert ("content-security-policy" in headers) is (path == "/")   # (the page's own, not its files')


def test_a_file_the_browser_holds_already_is_not_sniffed_either():
    app = create_app()
    _, headers, _ = asgi_get(app, "/static/app.js")
    status, again, _ = asgi_get(app, "/static/app.js", [(b"if-none-match", headers["etag"].encode())])
    assert status == 304 and again["x-content-type-options"] == "nosniff"
