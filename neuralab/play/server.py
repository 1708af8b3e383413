"""The playground's ASGI app (Starlette) and its server (uvicorn).

    GET /            static/index.html          GET /static/...   the front end
    GET /health      {"status": "ok", "sessions": N}
    WS  /ws          one session per socket: JSON commands in, JSON replies and binary frames out

Only this machine's addresses and the server's own pages are answered (``origin_check``); a
socket past the registry's caps (``registry.MAX_SESSIONS``, per client address and IPv6 /64) gets a
``full`` message that the page shows, and is closed.

Each socket is served by its three tasks (``socket_tasks``): the receiver, the answerer of its
messages, and the sender of the training thread's events and of the frames; the socket's end
frees the session. The page and the front end's files carry ``nosniff`` (a file is run as a
script only when its type says it is one), the page its ``Content-Security-Policy`` too.
``serve`` turns permessage-deflate off (zlib on every frame cost more than the frame), closes a
connection slow to send its request (``header_timeout``) and lowers the GIL switch interval so
that the training thread cannot hold up a frame for 5 ms at a time.
"""
import asyncio
import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from . import protocol
from .origin_check import OwnPagesOnly, machine_names
from .registry import Registry, ServerFull
from .socket_tasks import run_socket

STATIC = Path(__file__).parent / "static"
SWITCH_INTERVAL = 0.001   # s: how long a thread may keep the GIL while another waits for it (Python's
                          # default, 5 ms, lets the training thread delay every frame hand-off by that)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# A browser takes a file for what its Content-Type says, never guessing from its bytes (a text
# served as text/plain does not run as a script), the front end's files as the page
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
# The page's own scripts only (it has no other, nor an inline one): a text the page shows that
# got into its HTML could run no script. The page may still be framed (a course's site shows it).
PAGE_HEADERS = {"Content-Security-Policy": "script-src 'self'; object-src 'none'; base-uri 'none'", **NOSNIFF}


class _StaticFiles(StaticFiles):
    """The front end's files (``/static/...``), each with ``NOSNIFF``."""

    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers.update(NOSNIFF)
        return response


def create_app(static_dir=STATIC, workers=32, served=None, names=()):
    """The Starlette app; ``app.state.registry`` holds the open sessions, each holding ``served``
    (``upload.served_csv``: the CSV of ``neuralab play --data``) from its start. It answers a
    Host of an IP address, localhost or one of ``names`` (``origin_check``)."""
    registry = Registry(served)
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="neuralab-play")
    static_dir = Path(static_dir)

    async def run(fn, *args):
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    async def index(request):
        page = static_dir / "index.html"
        if not page.is_file():
            return PlainTextResponse("the playground's front end is missing (static/index.html)", 404)
        return FileResponse(page, headers=PAGE_HEADERS)

    async def health(request):
        return JSONResponse({"status": "ok", "sessions": len(registry)})

    async def ws(websocket):
        await websocket.accept()
        try:
            session = registry.open(websocket.client and websocket.client.host)
        except ServerFull as full:   # said to the page, which tries again later (connection.js)
            await websocket.send_json({"type": "full", "message": str(full), "suggestion": full.suggestion})
            await websocket.close(1013)   # "try again later"
            return
        try:
            await run_socket(websocket, session, run)
        finally:
            registry.close(session)

    app = Starlette(routes=[
        Route("/", index),
        Route("/health", health),
        WebSocketRoute("/ws", ws),
        Mount("/static", _StaticFiles(directory=static_dir, check_dir=False), name="static"),
    ], middleware=[Middleware(OwnPagesOnly, names=names)])
    app.state.registry = registry
    return app


def bind(host="127.0.0.1", port=0):
    """A listening socket on host:port (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except BaseException:   # (a port in use, a host not this machine's: left open, the collector warned)
        sock.close()
        raise
    return sock


def connection_options():
    """uvicorn's options for the server's connections (``serve``'s, and a test's own server's)."""
    # (a class of uvicorn's: imported as serve imports uvicorn, when the server starts)
    from .header_timeout import HeaderTimeoutProtocol

    # no permessage-deflate: zlib on every ~200 kB frame of floats costs tens of milliseconds
    # (most of a frame's time) to save little; the socket is local
    return {"http": HeaderTimeoutProtocol, "ws_max_size": 4 * protocol.MAX_MESSAGE, "ws_per_message_deflate": False}


def serve(sock, on_started=None, served=None, names=()):
    """Serve the playground on the bound socket ``sock`` until Ctrl-C (then return); every page
    holds the CSV ``served``. It answers at the host ``names`` too, and on every address at this
    machine's own names (``create_app``, ``origin_check.machine_names``)."""
    import uvicorn
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = create_app(served=served, names=(*names, *machine_names(sock.getsockname()[0])))
    config = uvicorn.Config(app, log_level="warning", lifespan="off", **connection_options())
    server = uvicorn.Server(config)
    if on_started is not None:
        def watch():
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                on_started()
        threading.Thread(target=watch, daemon=True).start()
    server.run(sockets=[sock])
