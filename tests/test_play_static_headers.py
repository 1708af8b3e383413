"""The front end's files carry ``nosniff`` as the page does (server.py): a browser runs a file as a
script only when its Content-Type says it is one, never guessing from its bytes."""
import asyncio

import pytest

from neuralab.play.server import create_app


def _get(app, path, headers=()):
    """(status, headers) of GET ``path`` at 127.0.0.1, asked of the ASGI ``app`` itself."""
    sent = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000"), *headers], "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8000)}

    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():   # the request, then nothing: the client stays until the response is sent
        if requests:
            return requests.pop()
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], {k.decode().lower(): v.decode() for k, v in sent[0]["headers"]}


@pytest.mark.parametrize("path", ["/static/app.js", "/static/style.css", "/"])
def test_the_page_and_its_files_are_not_sniffed(path):
    status, headers = _get(create_app(), path)
    assert status == 200 and headers["x-content-type-options"] == "nosniff"
    assert ("content-security-policy" in headers) is (path == "/")   # (the page's own, not its files')


def test_a_file_the_browser_holds_already_is_not_sniffed_either():
    app = create_app()
    _, headers = _get(app, "/static/app.js")
    status, again = _get(app, "/static/app.js", [(b"if-none-match", headers["etag"].encode())])
    assert status == 304 and again["x-content-type-options"] == "nosniff"
