"""The playground's ASGI app (Starlette) and its server (uvicorn).

    GET /            static/index.html          GET /static/...   the front end
    GET /health      {"status": "ok", "sessions": N}
    WS  /ws          one session per socket: JSON commands in, JSON replies and binary frames out

Each socket has two tasks: the receiver validates each message (``protocol.parse``), runs it on
the session in a worker thread and sends the replies; the sender sends the training thread's
events and, when the page has said ``ready`` since the last frame (or a ``scene`` was just sent),
a new binary frame, at most ``FRAMES_PER_SECOND`` times a second and only when something
changed; a frame of a scene that has since been replaced is dropped, never sent. Frames never
queue: the newest state wins. Closing the socket frees the session.
"""
import asyncio
import json
import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocketDisconnect

from . import frames, protocol
from .session import Registry

STATIC = Path(__file__).parent / "static"
FRAMES_PER_SECOND = 60
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
log = logging.getLogger(__name__)


class _Socket:
    """One WebSocket's sending side: every send goes through one lock (two tasks send)."""

    def __init__(self, websocket):
        self.websocket, self.lock = websocket, asyncio.Lock()

    async def json(self, message):
        async with self.lock:
            await self.websocket.send_text(json.dumps(frames.json_safe(message), allow_nan=False))

    async def frame(self, data):
        async with self.lock:
            await self.websocket.send_bytes(data)


def create_app(static_dir=STATIC, workers=32):
    """The Starlette app; ``app.state.registry`` holds the open sessions."""
    registry = Registry()
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="neuralab-play")
    static_dir = Path(static_dir)

    async def run(fn, *args):
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    async def index(request):
        page = static_dir / "index.html"
        if not page.is_file():
            return PlainTextResponse("the playground's front end is missing (static/index.html)", 404)
        return FileResponse(page)

    async def health(request):
        return JSONResponse({"status": "ok", "sessions": len(registry)})

    async def ws(websocket):
        await websocket.accept()
        session = registry.open()
        out = _Socket(websocket)
        ready = asyncio.Event()   # set by the page's "ready" and after each scene reply
        sender = asyncio.create_task(_send_frames(out, session, ready, run))
        try:
            await _receive(websocket, out, session, ready, run)
        finally:
            sender.cancel()
            registry.close(session)

    app = Starlette(routes=[
        Route("/", index),
        Route("/health", health),
        WebSocketRoute("/ws", ws),
        Mount("/static", StaticFiles(directory=static_dir, check_dir=False), name="static"),
    ])
    app.state.registry = registry
    return app


async def _receive(websocket, out, session, ready, run):
    """Answer every message until the socket closes; a refused message gets an error reply."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            if message.get("text") is None:
                raise protocol.ProtocolError("commands are JSON text frames, not binary")
            msg = protocol.parse(message["text"])
            if msg["type"] == "ready":
                ready.set()
                continue
            replies = await run(session.handle, msg)
        except protocol.ProtocolError as err:
            replies = [protocol.error(err, err.suggestion)]
        except (ValueError, TypeError) as err:
            replies = [protocol.error(err)]
        except Exception as err:  # a bug answers with an error; the socket stays open
            log.exception("playground message %r failed", (message.get("text") or "")[:200])
            replies = [protocol.error(f"the server failed on this message ({type(err).__name__}: {err})",
                                     "please report it; the session is still usable")]
        try:
            for reply in replies:
                await out.json(reply)
                if reply["type"] == "scene":
                    ready.set()   # a new scene's first frame goes without asking
        except (WebSocketDisconnect, RuntimeError):
            return


async def _send_frames(out, session, ready, run):
    """The sender: events as they come, frames when the page is ready and something changed."""
    seq, sent_version = 0, None
    while True:
        await asyncio.sleep(1 / FRAMES_PER_SECOND)
        try:
            while session.events:
                await out.json(session.events.popleft())
            if session.state is None or not ready.is_set() or not session.needs_frame(sent_version):
                continue
            version = session.version
            scene_id, data = await run(_encoded_frame, session, seq + 1)
            if scene_id != session.scene_id:
                continue
            seq, sent_version = seq + 1, version
            ready.clear()
            await out.frame(data)
        except (WebSocketDisconnect, RuntimeError):
            return
        except Exception:  # a frame that fails to build is logged; the next change tries again
            log.exception("playground frame failed")
            sent_version = session.version


def _encoded_frame(session, seq):
    header, arrays = session.frame(seq)
    return header["scene_id"], frames.encode(header, arrays)


def bind(host="127.0.0.1", port=0):
    """A listening socket on host:port (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def serve(sock, on_started=None):
    """Serve the playground on the bound socket ``sock`` until Ctrl-C (then return)."""
    import uvicorn
    config = uvicorn.Config(create_app(), log_level="warning", ws_max_size=4 * protocol.MAX_MESSAGE,
                            lifespan="off")
    server = uvicorn.Server(config)
    if on_started is not None:
        def watch():
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                on_started()
        threading.Thread(target=watch, daemon=True).start()
    server.run(sockets=[sock])
