"""A playground app served by uvicorn in a thread of the test process, on a free port of
127.0.0.1: for tests that change the app or its registry (a cap, a budget) before serving it."""
import contextlib
import threading
import time

import uvicorn

from neuralab.play.server import bind


@contextlib.contextmanager
def serving(app, **config):
    """Serve ``app`` (``uvicorn.Config``'s other options: ``config``) until the block ends; yields
    its address, "127.0.0.1:PORT"."""
    sock = bind("127.0.0.1", 0)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", **config))
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
