"""Helpers shared by the playground's browser tests and its benchmark: a raw WebSocket client
that speaks the protocol (docs/playground-protocol.md) and a binary-frame decoder."""
import base64
import json
import signal
import struct
import subprocess
import time

import numpy as np
import pytest

DTYPES = {"float32": np.float32, "float64": np.float64, "uint8": np.uint8,
          "uint32": np.uint32, "int32": np.int32}


def decode_frame(data):
    """A binary frame -> (header dict, {name: ndarray}), checking the layout the protocol
    promises: header length, padding to 4 bytes, each array 4-byte aligned and in bounds."""
    data = bytes(data)
    (n,) = struct.unpack_from("<I", data, 0)
    header = json.loads(data[4:4 + n].decode("utf-8"))
    start = 4 + n
    start += (-start) % 4
    assert start % 4 == 0
    body = memoryview(data)[start:]
    arrays = {}
    for name, spec in header.get("arrays", {}).items():
        dtype = np.dtype(DTYPES[spec["dtype"]]).newbyteorder("<")
        shape = tuple(spec["shape"])
        offset = spec["offset"]
        assert offset % 4 == 0, f"array {name} starts at {offset}, not a multiple of 4"
        count = int(np.prod(shape)) if shape else 1
        end = offset + count * dtype.itemsize
        assert end <= len(body), f"array {name} runs past the frame ({end} > {len(body)})"
        arrays[name] = np.frombuffer(body, dtype=dtype, count=count, offset=offset).reshape(shape)
    return header, arrays


def encode_state(state):
    """The URL hash the page keeps: '#' + base64url(JSON)."""
    raw = json.dumps(state, separators=(",", ":")).encode("utf-8")
    return "#" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_state(hash_):
    text = hash_[1:] if hash_.startswith("#") else hash_
    text += "=" * (-len(text) % 4)
    return json.loads(base64.urlsafe_b64decode(text.encode("ascii")).decode("utf-8"))


class Client:
    """A raw WebSocket session (the ``websockets`` sync client)."""

    def __init__(self, ws_url, max_size=64 * 2**20):
        from websockets.sync.client import connect
        # entered as a context manager (what websockets >= 17.1 asks for); left in close()
        self._connection = connect(ws_url, max_size=max_size, open_timeout=10, close_timeout=2)
        self.ws = self._connection.__enter__()
        self.last = None    # the newest frame received
        self.pending = []   # text messages received while waiting for a frame
        self.skipped = []   # text messages skipped while waiting for another type

    def close(self):
        self._connection.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, message):
        self.ws.send(message if isinstance(message, (str, bytes)) else json.dumps(message))

    def recv(self, timeout=10.0):
        """The next message: a dict for a text frame, (header, arrays) for a binary one. Like
        the page, the client says ``ready`` as soon as a frame has come, so the server's next
        frame shows the newest state whenever something changed."""
        data = self.ws.recv(timeout=timeout)
        if isinstance(data, bytes):
            self.last = decode_frame(data)
            self.send({"type": "ready"})
            return self.last
        return json.loads(data)

    def _next(self, deadline, what):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {what} within the time allowed")
        try:
            return self.recv(timeout=left)
        except TimeoutError:
            raise AssertionError(f"no {what} within the time allowed") from None

    def _drain(self):
        """Read what has already arrived, without waiting."""
        while True:
            try:
                msg = self.recv(timeout=0)
            except TimeoutError:
                return
            if not isinstance(msg, tuple):
                self.pending.append(msg)

    def expect(self, *types, timeout=10.0):
        """Read until a text message whose type is one of ``types`` (other text messages are
        kept in ``self.skipped``); fail on timeout."""
        for i, msg in enumerate(self.pending):
            if msg.get("type") in types:
                del self.pending[i]
                return msg
            self.skipped.append(msg)
        self.pending.clear()
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline, f"{types} message (skipped: {self.skipped[-5:]})")
            if isinstance(msg, tuple):
                continue
            if msg.get("type") in types:
                return msg
            self.skipped.append(msg)

    def request(self, message, *types, timeout=10.0):
        self.send(message)
        return self.expect(*types, timeout=timeout)

    def frame(self, timeout=10.0, where=None, fresh=False):
        """The newest frame (header, arrays) if ``where(header)`` holds for it, else the next one
        for which it does; with ``fresh``, a frame that comes after this call. (The server
        sends a frame only when something changed since the previous one.)"""
        if not fresh:
            self._drain()
            if self.last is not None and (where is None or where(self.last[0])):
                return self.last
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline, "frame")
            if isinstance(msg, tuple):
                if where is None or where(msg[0]):
                    return msg
            else:
                self.pending.append(msg)

    def settle(self, quiet=0.5, timeout=20.0):
        """The newest frame once frames have stopped coming for ``quiet`` seconds: the client
        says ``ready`` after each frame and the server sends one whenever something changed,
        so a quiet socket means a model that holds still. (Sleeping and reading what has come
        is not enough: the frame in flight may have been built before the last batches.)"""
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self.recv(timeout=quiet)
            except TimeoutError:
                return self.last
            if not isinstance(msg, tuple):
                self.pending.append(msg)
            if time.monotonic() > deadline:
                raise AssertionError(f"frames still coming after {timeout} s (last {self.last[0]})")


def on_png(params, body):
    """JavaScript for ``page.evaluate``: an async function of ``params`` ("png", or "[png, ...]"),
    png a base64 PNG (a screenshot, a download), that draws it on a canvas and runs ``body`` with
    ``img`` (the image), ``canvas`` and ``g`` (its 2-D context, for getImageData) in scope."""
    return (f"async ({params}) => {{\n"
            "    const img = new Image();\n"
            "    img.src = 'data:image/png;base64,' + png;\n"
            "    await img.decode();\n"
            "    const canvas = document.createElement('canvas');\n"
            "    [canvas.width, canvas.height] = [img.width, img.height];\n"
            "    const g = canvas.getContext('2d');\n"
            f"    g.drawImage(img, 0, 0);\n{body}}}")


def relay(page, to_page):
    """Route the page's socket through the test: each message from the server reaches the page as
    ``to_page(message)`` returns it (a text message as a str, a frame as bytes), or not at all for
    None (held back, to be sent later on the page's socket). Returns the page's sockets, one per
    connection, as they open: ``sockets[0].send(message)`` lets a held message go."""
    sockets = []

    def route(ws):
        to_server = ws.connect_to_server()
        ws.on_message(to_server.send)

        def from_server(message):
            message = to_page(message)
            if message is not None:
                ws.send(message)
        to_server.on_message(from_server)
        sockets.append(ws)

    page.route_web_socket("**/ws", route)
    return sockets


def settle(page):
    """Wait until training has stopped and every view shows where: the page's frame stays the same
    for 300 ms, no frame waits to be drawn (draw-loop.js), and no view's paced redraw of the board,
    the curves or the histograms is due (pace.js). Read the page after this, never after a sleep:
    the frame that a pause brings (its metrics of the weights now) may have the same epoch and step
    as the one before it.

    (The predicate is synchronous and keeps its state in the page: ``wait_for_function`` takes a
    returned Promise, truthy, as the condition met, whatever it resolves to, so a settle that
    slept 300 ms in a Promise and resolved to false returned anyway, a fixed sleep.)"""
    page.evaluate("""async () => {
        window.playkitPacedDue = (await import('/static/pace.js')).pacedDue;
        window.playkitQuiet = { frame: undefined, since: 0 };
    }""")
    page.wait_for_function("""() => {
        const n = window.neuralab, quiet = window.playkitQuiet, now = performance.now();
        if (n.frame !== quiet.frame || !n.drawing.idle || window.playkitPacedDue()) {
            quiet.frame = n.frame;
            quiet.since = now;
            return false;
        }
        return now - quiet.since >= 300;
    }""", polling=50)


def shot(page, name):
    """Save a screenshot of the page as ``tests/browser/artifacts/<name>.png``."""
    from pathlib import Path
    artifacts = Path(__file__).resolve().parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    path = artifacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def engine_forward(network, arrays, x, target):
    """neuralab's own forward and backward pass for one sample, in float64, with the weights
    of a frame (``W/<i>``, ``b/<i>``): {"forward": {index: (z, a)}, "loss": L,
    "grads": {index: (∂L/∂W, ∂L/∂b)}} for the dense layers (and activation layers' (z, a))."""
    import neuralab
    from neuralab import nn

    previous = neuralab.get_default_dtype()
    neuralab.set_default_dtype(np.float64)
    try:
        layers = network["layers"]
        model, owners = [], []      # neuralab layers, and the protocol index each belongs to
        for k, spec in enumerate(layers):
            i = spec["index"]
            if spec["kind"] == "dense":
                w = arrays[f"W/{i}"].astype(np.float64)
                dense = nn.Dense(w.shape[1], w.shape[0])
                dense.weight.data[...] = w
                dense.bias.data[...] = arrays[f"b/{i}"].astype(np.float64)
                model.append(dense)
                owners.append((i, "dense"))
                follows = layers[k + 1]["kind"] if k + 1 < len(layers) else None
                if spec.get("activation") and follows != "activation":
                    model.append(nn.activations.get(spec["activation"]))
                    owners.append((i, "activation-of-dense"))
            elif spec["kind"] == "activation":
                model.append(nn.activations.get(spec["activation"]))
                owners.append((i, "activation"))
            elif spec["kind"] == "dropout":
                continue                # identity outside training
            else:
                raise NotImplementedError(f"engine_forward: {spec['kind']}")
        a = np.asarray(x, dtype=np.float64)[None, :]
        forward = {}
        for layer, (i, role) in zip(model, owners):
            out = layer.forward(a, training=False)
            if role == "dense":
                forward[i] = (out[0].copy(), out[0].copy())
            elif role == "activation-of-dense":
                forward[i] = (forward[i][0], out[0].copy())
            else:
                forward[i] = (a[0].copy(), out[0].copy())
            a = out
        output = network["output"]
        if output["activation"] == "softmax":
            # cross-entropy takes the logits: leave the final softmax out of the backward pass
            model.pop()
            owners.pop()
            loss = nn.CrossEntropyLoss()
            value = loss(_logits(forward, owners), np.array([int(target)]))
            grad = loss.backward()
        elif output["activation"] == "sigmoid":
            loss = nn.BCELoss()
            value = loss(a, np.array([[float(target)]]))
            grad = loss.backward()
        else:
            loss = nn.MSELoss()
            value = loss(a, np.array([[float(target)]]))
            grad = loss.backward()
        for layer in reversed(model):
            grad = layer.backward(grad)
        grads = {}
        for layer, (i, role) in zip(model, owners):
            if role == "dense":
                grads[i] = (layer.weight.grad.copy(), layer.bias.grad.copy())
        return {"forward": forward, "loss": float(value), "grads": grads}
    finally:
        neuralab.set_default_dtype(previous)


def _logits(forward, owners):
    """The output layer's z (what the final softmax was applied to)."""
    i, role = owners[-1]
    z, a = forward[i]
    return (a if role == "activation" else z)[None, :]


def download(page, testid, folder):
    """Click the download button ``testid``; the path of the file saved in ``folder``."""
    with page.expect_download() as info:
        page.get_by_test_id(testid).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def watched_tab(browser, console_errors, **context_options):
    """(context, page): a new browser context of ``context_options`` (a phone's viewport, a touch
    screen) and its page, whose console errors and uncaught exceptions go to ``console_errors``;
    the test ends with ``fail_on_console_errors``."""
    context = browser.new_context(**context_options)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    return context, pg


def fail_on_console_errors(console_errors):
    """Fail the test if the page logged errors (a test that provokes one removes it first)."""
    if console_errors:
        pytest.fail("the page logged errors:\n" + "\n".join(console_errors), pytrace=False)


def stop_server(process, timeout=10):
    """Stop a `neuralab play` subprocess as a learner does, with Ctrl-C; killed if it has not
    ended within ``timeout`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def keyed_twice_down(page, menu, shown):
    """Two ↓ on the closed ``menu`` (a locator), which then shows ``shown``, and a wait long
    enough for a scene to come had the keys applied anything (a keyed choice waits for Enter or
    for the focus to leave: keyed-select.js)."""
    from playwright.sync_api import expect
    menu.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(menu).to_have_value(shown)
    page.wait_for_timeout(600)


def routed_sockets(page):
    """Route the page's sockets through the test, which forwards them to the server; returns
    (sockets, down, tries): closing the last of ``sockets`` with ``down`` non-empty is the server
    gone, each try of the page refused (and counted in ``tries``) until ``down`` is emptied."""
    sockets, down, tries = [], [], []

    def route(ws):
        if down:
            tries.append(True)
            ws.close()
            return
        to_server = ws.connect_to_server()
        ws.on_message(to_server.send)
        to_server.on_message(ws.send)
        sockets.append(ws)
    page.route_web_socket("**/ws", route)
    return sockets, down, tries
