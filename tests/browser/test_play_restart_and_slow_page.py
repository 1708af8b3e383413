"""The playground on a slow machine, across server restarts, and its loss chart after many epochs
(a review that left the page open for ten minutes, in two tabs, through reloads, restarts and a
4x CPU throttle):

- a frame is asked for once the one before it is drawn, and a drawing that takes long is
  followed by a rest (draw-loop.js): the page drew frame after frame, and a click waited;
- a server that stopped is said plainly after a few seconds, with what to do, and the address a
  new `neuralab play` prints opens this page's network there; the page still finds the server
  started again at its own address;
- a new session at epoch 0, after a reconnection, a reload or Back, is said once in the notice line;
- while not connected, a press that needs the server is refused with a word and an edit is
  kept and said so: nothing is replayed when the server is back (a Pause and a Play were);
- the loss chart's x axis names its first epoch, and round ones between, not its last alone.
"""
import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from playwright.sync_api import expect

from conftest import ROOT
from playkit import relay, settle, stop_server
from test_play_page import open_page, wait_scene

RS_OFFLINE = re.compile(r"\boffline\b")   # (the body's class: the stage faded)
RS_TRAINED = "() => window.neuralab.frame && window.neuralab.frame.header.epoch >= 3"


def rs_free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def rs_own_server(port):
    """A `neuralab play` of this test's own on `port` (the session's server must not stop);
    stopped with Ctrl-C at the end, or earlier by `rs_stop`."""
    process = subprocess.Popen([sys.executable, "-m", "neuralab", "play", "--no-browser", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
        yield process
    finally:
        stop_server(process)


def rs_train_then_stop(page, port, process):
    """The page on the server ``process`` at ``port``, trained a while, then the server stopped:
    the page shows it is offline."""
    page.goto(f"http://127.0.0.1:{port}/")
    page.wait_for_function("() => window.neuralab && window.neuralab.frame")
    page.get_by_test_id("play").click()
    page.wait_for_function(RS_TRAINED)
    stop_server(process)
    expect(page.locator("body")).to_have_class(RS_OFFLINE)


def rs_forget_refused_sockets(console_errors):
    """The browser logs each failed try to reach a stopped server: no error of the page's."""
    console_errors[:] = [e for e in console_errors if "WebSocket connection to" not in e
                         and "ERR_CONNECTION_REFUSED" not in e]


def test_a_frame_is_asked_for_once_the_one_before_is_drawn(page, server):
    # each "ready" the page sends is logged with whether the frame on the page had been drawn by
    # then (the views' listeners run before this test's): asked for before, the next frame came
    # while this one was drawn, and a slow machine was always drawing
    page.add_init_script("""(() => {
        window.rsReady = [];
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (data) {
            if (data === '{"type":"ready"}' && window.neuralab && window.neuralab.frame)
                window.rsReady.push(window.neuralab.frame === window.rsDrawn);
            return send.call(this, data);
        };
    })()""")
    open_page(page, server)
    page.evaluate("""() => { window.rsDrawn = window.neuralab.frame;
        window.neuralab.on('frame', (f) => { window.rsDrawn = f; }); window.rsReady = []; }""")
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.rsReady.length >= 20")
    page.get_by_test_id("pause").click()
    asked = page.evaluate("window.rsReady")
    assert all(asked), f"{asked.count(False)} of {len(asked)} frames were asked for before the one before was drawn"
    # paused, no frame comes, and no drawing starts
    settle(page)
    drawn = page.evaluate("window.neuralab.stats.framesDrawn")
    page.wait_for_timeout(1000)   # (what must not come: a frame, a drawing)
    assert page.evaluate("window.neuralab.stats.framesDrawn") == drawn


def test_a_slow_drawing_is_followed_by_a_rest(page, server):
    # each drawing made 200 ms longer (a slow machine): the next one starts no sooner than the
    # rest after it allows, 200 + (200 − 50) ms after it, less the few ms of a running mean that
    # started at 0; drawn back to back, frames came every 200 to 230 ms, and a click waited
    open_page(page, server)
    page.evaluate("""() => { window.rsStarts = [];
        window.neuralab.on('frame', () => {
            window.rsStarts.push(performance.now());
            const until = performance.now() + 200;
            while (performance.now() < until) {}
        }); }""")
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.rsStarts.length >= 12", timeout=30_000)
    starts = page.evaluate("window.rsStarts")[5:12]   # (after the first few: the cost is a running mean)
    gaps = sorted(b - a for a, b in zip(starts, starts[1:]))
    assert gaps[0] >= 330, gaps
    assert page.evaluate("window.neuralab.drawing.cost") >= 190
    # a press holds the next drawing back by two drawings' time, at most 300 ms: what it changes
    # is painted first (drawn back to back, the next drawing came within 230 ms)
    pressed = page.evaluate("""() => { document.body.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true}));
                                       return performance.now(); }""")
    page.wait_for_function("(t) => window.rsStarts.some((s) => s > t)", arg=pressed)
    after = min(t for t in page.evaluate("window.rsStarts") if t > pressed)
    assert after - pressed >= 290, after - pressed
    page.get_by_test_id("pause").click()


def test_the_answer_to_pause_is_painted_before_the_frames_still_coming(page, server):
    # the server's answer to ❚❚ held back on its way (a slow machine: at 4x CPU throttling it took
    # up to 150 ms), while the frames made before the pause still come: none is drawn until the
    # answer shows, for 300 ms at most (draw-loop.js's awaiting); two drawings' hold had ended long
    # before, and the answer waited behind their drawings
    held = []

    def hold_paused(message):
        if isinstance(message, str) and json.loads(message).get("type") == "status" \
                and json.loads(message).get("state") == "paused":
            return held.append(message)
        return message
    sockets = relay(page, hold_paused)
    open_page(page, server, {"speed": None})   # (as fast as it trains: frames still on their way at the pause)
    page.evaluate("""() => { const n = window.neuralab, pause = document.querySelector('[data-testid="pause"]');
        window.rs = { starts: [] };
        n.on('frame', () => window.rs.starts.push(performance.now()));
        pause.addEventListener('pointerdown', () => { window.rs.press = performance.now(); window.rs.came = n.stats.framesReceived; });
        new MutationObserver(() => { if (window.rs.press && pause.getAttribute('aria-pressed') === 'true') {
            window.rs.shown = performance.now(); window.rs.cameBefore = n.stats.framesReceived; } })
          .observe(pause, { attributes: true, attributeFilter: ['aria-pressed'] }); }""")
    page.get_by_test_id("play").click()
    page.wait_for_function(RS_TRAINED)
    page.get_by_test_id("pause").click()
    for _ in range(500):                    # (the route's handlers run while the page waits)
        if held:
            break
        page.wait_for_timeout(20)
    page.wait_for_function("() => window.neuralab.stats.framesReceived > window.rs.came")
    sockets[0].send(held.pop())
    page.wait_for_function("() => window.rs.shown")
    rs = page.evaluate("window.rs")
    assert rs["cameBefore"] > rs["came"], "no frame came while the answer was held: nothing was tested"
    until = min(rs["shown"], rs["press"] + 300)
    drawn = [round(t - rs["press"]) for t in rs["starts"] if rs["press"] < t < until]
    assert not drawn, f"frames drawn {drawn} ms after the press, before its answer showed at {rs['shown'] - rs['press']:.0f} ms"


def test_a_stopped_server_is_said_plainly_and_a_new_address_opens_this_network(page, console_errors):
    port, other = rs_free_port(), rs_free_port()
    line, notice = page.locator("#connection"), page.get_by_test_id("notice")
    with rs_own_server(port) as first:
        rs_train_then_stop(page, port, first)
        expect(line).to_have_text("Reconnecting to the server…")
        # a press that needs the server is refused with a word, and sent later never
        page.get_by_test_id("pause").click()
        expect(notice).to_have_text("Training waits for the server, which this page does not reach: see the line above.")
        # an edit is kept, in the page and its link, and the line says so
        page.get_by_test_id("lr").fill("0.3")
        page.get_by_test_id("lr").press("Enter")
        expect(line).to_contain_text("Your changes are kept in this page and its link")
        assert page.evaluate("window.neuralab.state.hparams.lr") == 0.3
        # after a few seconds: what happened, and what to do
        expect(line).to_contain_text(f"The server at 127.0.0.1:{port} has stopped, or cannot be reached",
                                     timeout=10_000)
        expect(line).to_contain_text(f"neuralab play --port {port}")
        expect(line).to_contain_text("Your changes are kept")
        with rs_own_server(other):
            page.get_by_test_id("new-address").fill(f"http://127.0.0.1:{other}/")
            page.get_by_test_id("open-new-address").click()
            page.wait_for_url(f"http://127.0.0.1:{other}/#*")
            wait_scene(page, "s.state.hparams.lr === 0.3")
            expect(line).to_have_text("")
            page.goto("about:blank")   # before its server stops: no more tries to log
    rs_forget_refused_sockets(console_errors)


def test_a_server_back_at_its_address_is_a_new_session_said_once(page, console_errors):
    port = rs_free_port()
    notice = page.get_by_test_id("notice")
    with rs_own_server(port) as first:
        rs_train_then_stop(page, port, first)
        # a Pause then a Play clicked in vain, and an edit
        page.get_by_test_id("pause").click()
        page.get_by_test_id("play").click()
        page.get_by_test_id("lr").fill("0.1")
        page.get_by_test_id("lr").press("Enter")
    with rs_own_server(port):
        expect(page.locator("body")).not_to_have_class(RS_OFFLINE, timeout=15_000)
        expect(notice).to_have_text(
            "A new session of the server: training starts over from epoch 0 with the same network "
            "(the server was restarted, or the connection dropped; the link keeps the network, not its trained weights).")
        wait_scene(page, "s.state.hparams.lr === 0.1")
        # the new session has the edit, and does not play: the Play clicked in vain was not replayed
        page.wait_for_timeout(1000)   # (what must not come: a step)
        assert page.evaluate("window.neuralab.frame.header.epoch") == 0
        expect(page.get_by_test_id("play")).to_have_attribute("aria-pressed", "false")
        page.goto("about:blank")   # before its server stops: no more tries to log
    rs_forget_refused_sockets(console_errors)


def test_a_reload_after_training_says_training_starts_over(page, server):
    notice = page.get_by_test_id("notice")
    open_page(page, server)
    page.wait_for_timeout(500)                   # (what must not come: a notice)
    expect(notice).to_have_text("")              # a page opened anew: nothing started over
    page.reload()                                # nor a reload before any training
    page.wait_for_function("() => window.neuralab && window.neuralab.frame")
    page.wait_for_timeout(500)                   # (the same)
    expect(notice).to_have_text("")
    page.get_by_test_id("play").click()
    page.wait_for_function(RS_TRAINED)
    page.reload()
    expect(notice).to_have_text("A new session of the server: training starts over from epoch 0 with the same network "
                                "(the page was reloaded; the link keeps the network, not its trained weights).")
    page.get_by_test_id("play").click()
    page.wait_for_function(RS_TRAINED)
    page.goto("about:blank")
    page.go_back()
    expect(notice).to_contain_text("(the page was left and opened again;")


def test_the_loss_chart_names_its_first_epoch_and_round_ones_between(page, server):
    # the words drawn on the loss chart (fillText on its canvas), from its last drawing
    page.add_init_script("""(() => {
        const fill = CanvasRenderingContext2D.prototype.fillText, clear = CanvasRenderingContext2D.prototype.clearRect;
        CanvasRenderingContext2D.prototype.clearRect = function (...a) {
            if (this.canvas.dataset.testid === 'loss-chart') window.rsWords = [];
            return clear.apply(this, a);
        };
        CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
            if (this.canvas.dataset.testid === 'loss-chart' && this.textBaseline === 'alphabetic')
                window.rsWords.push([String(text), x, this.textAlign]);   // (the axis's words, not the ticks' of the loss)
            return fill.call(this, text, x, y, ...rest);
        };
    })()""")
    open_page(page, server, {"dataset": {"name": "xor", "n_samples": 40}})
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch >= 120", timeout=60_000)
    page.get_by_test_id("pause").click()
    settle(page)
    curves = page.evaluate("(() => { const c = window.neuralab.frame.arrays.curves; return [c[0], c[c.length - 5]]; })()")
    first, last = (int(e) for e in curves)
    words = page.evaluate("window.rsWords")
    axis = [w for w in words if w[0] == f"epoch {last}" or w[0].isdigit()]
    assert axis[0][0] == f"epoch {last}" and axis[0][2] == "right", words
    texts = [w[0] for w in axis]
    assert str(first) in texts, words                 # the start, left of the plot
    between = [int(t) for t in texts if t.isdigit() and t != str(first)]
    assert 1 <= len(between) <= 2 and all(first < e < last for e in between), words
    assert all(e % 10 == 0 for e in between), words   # round ones (a span of 120 epochs or more: steps of 10 or more)
