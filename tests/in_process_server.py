"""A playground app served by uvicorn in a thread of the test process, on a free port of
127.0.0.1: for tests that change the app or its registry (a cap, a budget) before serving it. Its
connections are the server's own (``server.connection_options``: the header deadline, no deflate)."""
import asyncio
import contextlib
import threading
import time

import uvicorn

from neuralab.play.server import bind, connection_options


@contextlib.contextmanager
def serving(app, **config):
    """Serve ``app`` until the block ends, with ``neuralab play``'s connection options, or those of
    ``config`` (``uvicorn.Config``'s) in their place; yields its address, "127.0.0.1:PORT"."""
    sock = bind("127.0.0.1", 0)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", **{**connection_options(), **config}))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"127.0.0.1:{sock.getsockname()[1]}"
    finally:
        srv.should_exit = True
        thread.join(10)


def asgi_get(app, path, headers=()):
    """(status, headers as a dict of lower-case names, body) of a GET of ``path`` asked of the
    ASGI ``app`` itself, at 127.0.0.1 (``headers``: more, as (name, value) bytes)."""
    sent = []

    async def receive():   # no body, no disconnect: the app stops waiting once it answered
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000"), *headers], "server": ("127.0.0.1", 8000),
             "client": ("127.0.0.1", 50000)}
    # in a thread of its own: this one may hold a running loop (Playwright's sync API leaves one
    # for the rest of the session), where asyncio.run refuses to start another
    worker = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))
    worker.start()
    worker.join(30)
    return (sent[0]["status"], {k.decode().lower(): v.decode() for k, v in sent[0]["headers"]},
            b"".join(m.get("body", b"") for m in sent[1:]))
