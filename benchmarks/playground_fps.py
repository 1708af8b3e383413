"""How fast the playground draws and trains: headless Chromium (Playwright, the system
``/usr/bin/chromium``) on a ``neuralab play`` server this script starts.

Two scenes:

- big: the spiral, 6 hidden layers of 8 tanh neurons, every neuron's heatmap drawn;
- default: circles, 4-2 tanh (the page's first scene).

For each, training is started with the page's play button and, after a warm-up, for
``--seconds``:

- drawn frames per second: the page store's ``frame`` events (``window.neuralab.on('frame')``,
  emitted once per frame drawn on requestAnimationFrame; the page says ``ready`` once a frame is
  drawn, and rests after a drawing over 50 ms: static/draw-loop.js); the
  page's own counts of frames received and drawn (``window.neuralab.stats``) are printed too
  (counted in the page: listening to the socket from Playwright would copy every frame to
  the driver and slow the machine being measured);
- training epochs per second: from the ``epoch`` of the drawn frames' headers over time;
- the same two rates for the server alone, with a raw WebSocket client that says ``ready`` as
  soon as a frame arrives (the ceiling the page could reach);
- the display's rate: animation frames per second of a blank page that asks for every one, the
  most frames any page can draw in this browser (headless Chromium paces them at about 60 Hz).

    .venv/bin/python benchmarks/playground_fps.py [--seconds 5] [--warmup 2] [--repeats 3]

Targets: big scene >= 30 fps and >= 150 epochs/s; default scene >= 60 fps. Not a test: it
prints, it does not assert.
"""
import argparse
import base64
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

BIG = {
    "dataset": {"name": "spiral", "n_samples": 400, "noise": 0.1, "train_ratio": 0.5, "seed": 1,
                "n_classes": 2},
    "features": ["x1", "x2"],
    "layers": [{"id": f"h{i + 1}", "type": "dense", "units": 8, "activation": "tanh"}
               for i in range(6)],
    "output": "auto",
    "hparams": {"optimizer": "adam", "lr": 0.01, "batch_size": 10, "l1": 0, "l2": 0,
                "dropout": 0, "schedule": None},
    "speed": None,   # as fast as the server trains (the page's default is 10 epochs a second)
}
FLAT_OUT = {"speed": None}   # the default page, trained as fast as it can

# Counts the page's animation frames (requestAnimationFrame callbacks that ran) so that the
# drawn-frame rate can be set against the display's; installed before the page's own scripts.
INIT_SCRIPT = """
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  window.__bench = { raf: 0 };
  window.requestAnimationFrame = (fn) => raf((t) => { window.__bench.raf++; return fn(t); });
})();
"""


def encode_state(state):
    raw = json.dumps(state, separators=(",", ":")).encode("utf-8")
    return "#" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port):
    process = subprocess.Popen(
        [sys.executable, "-m", "neuralab", "play", "--no-browser", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONUNBUFFERED="1"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("neuralab play exited:\n" + process.stderr.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if json.loads(r.read())["status"] == "ok":
                    return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    sys.exit("neuralab play did not answer /health within 30 s")


def stop_server(process):
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stderr.close()


def measure(browser, url, name, seconds, warmup, heatmaps):
    """Open ``url``, press play, and after ``warmup`` seconds count for ``seconds``: frames the
    page drew (timestamped in the page, with their header's epoch), frames its socket received
    and animation frames."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.add_init_script(INIT_SCRIPT)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.get_by_test_id("play").wait_for(state="visible", timeout=20_000)
    page.locator("[data-testid^='neuron-']").first.wait_for(state="visible", timeout=20_000)
    page.wait_for_function("() => window.neuralab && window.neuralab.scene && window.neuralab.frame",
                           timeout=20_000)
    # the page's store emits 'frame' once per frame it draws (app.js drawFrame)
    page.evaluate("""() => { window.__bench.drawn = [];
        window.neuralab.on('frame', (f) => { window.__bench.drawn.push([performance.now(), f.header.epoch]); }); }""")
    if heatmaps:
        show_all_heatmaps(page)
    page.get_by_test_id("play").click()
    page.wait_for_timeout(warmup * 1000)      # (wait_for_timeout, not sleep: events keep flowing)
    snap = "() => ({t: performance.now(), raf: window.__bench.raf, n: window.__bench.drawn.length, " \
           "stats: {...window.neuralab.stats}})"
    s0 = page.evaluate(snap)
    page.wait_for_timeout(seconds * 1000)
    s1 = page.evaluate(snap)
    drawn = page.evaluate("(n) => window.__bench.drawn.slice(n)", s0["n"])[: s1["n"] - s0["n"]]
    page.get_by_test_id("pause").click()
    dt = (s1["t"] - s0["t"]) / 1000
    fps = len(drawn) / dt
    raf = (s1["raf"] - s0["raf"]) / dt
    epochs = ((drawn[-1][1] - drawn[0][1]) / ((drawn[-1][0] - drawn[0][0]) / 1000)
              if len(drawn) >= 2 and drawn[-1][0] > drawn[0][0] else float("nan"))
    rate = {key: (s1["stats"][key] - s0["stats"][key]) / dt for key in ("framesDrawn", "framesReceived")}
    page.close()
    return {"name": name, "fps": fps, "received": rate["framesReceived"], "raf": raf, "epochs": epochs,
            "drawn": rate["framesDrawn"], "errors": errors}


def display_rate(browser, seconds):
    """Animation frames per second of a blank page running a requestAnimationFrame loop."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_content("<p>display rate</p>")
    page.evaluate("() => { window.__ticks = 0; const tick = () => { window.__ticks++; "
                  "requestAnimationFrame(tick); }; requestAnimationFrame(tick); }")
    page.wait_for_timeout(500)
    snap = "() => ({t: performance.now(), n: window.__ticks})"
    s0 = page.evaluate(snap)
    page.wait_for_timeout(seconds * 1000)
    s1 = page.evaluate(snap)
    page.close()
    return (s1["n"] - s0["n"]) / ((s1["t"] - s0["t"]) / 1000)


def measure_server(ws_url, state, seconds, warmup):
    """The server alone (no browser): a raw WebSocket client that says ``ready`` as soon as each
    frame arrives, so frames/s is the server's ceiling and epochs/s its training speed while it
    makes those frames."""
    import struct
    from websockets.sync.client import connect
    with connect(ws_url, max_size=64 * 2**20) as ws:
        ws.send(json.dumps({"type": "hello", "state": state}))
        ws.send(json.dumps({"type": "control", "action": "play"}))
        log, start = [], time.perf_counter()
        while time.perf_counter() - start < warmup + seconds:
            data = ws.recv(timeout=10)
            if isinstance(data, bytes):
                (n,) = struct.unpack_from("<I", data, 0)
                header = json.loads(data[4:4 + n])
                ws.send('{"type": "ready"}')
                if time.perf_counter() - start >= warmup:
                    log.append((time.perf_counter(), header["epoch"]))
        ws.send(json.dumps({"type": "control", "action": "pause"}))
    if len(log) < 2:
        return float("nan"), float("nan")
    span = log[-1][0] - log[0][0]
    return (len(log) - 1) / span, (log[-1][1] - log[0][1]) / span


def show_all_heatmaps(page):
    """Turn every neuron's heatmap on, whatever switch the front end offers for it."""
    for testid in ("heatmaps-all", "show-heatmaps", "heatmaps"):
        switch = page.get_by_test_id(testid)
        if switch.count():
            if switch.get_attribute("type") == "checkbox":
                switch.check()
            else:
                switch.click()
            return True
    return False    # the maps are drawn on every neuron already


def median_of(runs):
    """One result per metric: the median over ``runs`` (dicts of the same keys), with its range."""
    out = dict(runs[0])
    for key in ("fps", "received", "raf", "epochs", "drawn"):
        values = sorted(r[key] for r in runs)
        out[key], out[key + "_range"] = statistics.median(values), (values[0], values[-1])
    servers = [r["server"] for r in runs]
    out["server"] = tuple(statistics.median(s[i] for s in servers) for i in range(2))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each measurement")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of training first")
    parser.add_argument("--repeats", type=int, default=3,
                        help="measure each scene this many times and print the medians (this VM's "
                             "speed drifts by 10-20 percent from one minute to the next)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}/"
    ws_url = f"ws://127.0.0.1:{port}/ws"
    runs = {"big": [], "default": []}
    displays = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.repeats):
                displays.append(display_rate(browser, args.seconds))
                big = measure(browser, base + encode_state(BIG), "big: spiral, 6 x 8 tanh, all heatmaps",
                              args.seconds, args.warmup, heatmaps=True)
                big["server"] = measure_server(ws_url, BIG, args.seconds, args.warmup)
                default = measure(browser, base + encode_state(FLAT_OUT), "default: circles, 4-2 tanh", args.seconds,
                                  args.warmup, heatmaps=False)
                default["server"] = measure_server(ws_url, FLAT_OUT, args.seconds, args.warmup)
                runs["big"].append(big)
                runs["default"].append(default)
            browser.close()
    finally:
        stop_server(server)

    print(f"headless Chromium {CHROMIUM}, {args.seconds:g} s per scene after {args.warmup:g} s of warm-up, "
          f"median of {args.repeats} runs [range], {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    big, default = median_of(runs["big"]), median_of(runs["default"])
    display = statistics.median(displays)
    print(f"display: {display:.1f} animation frames/s on a blank page [{min(displays):.1f}-{max(displays):.1f}] "
          "(the most frames a page can draw here)")
    targets = {big["name"]: (30, 150), default["name"]: (60, None)}

    def value(r, key):
        low, high = r[key + "_range"]
        return f"{r[key]:7.1f} /s   [{low:.1f}-{high:.1f}]"

    for r in (big, default):
        fps_target, ep_target = targets[r["name"]]
        print(f"\n{r['name']}")
        print(f"  frames drawn     {value(r, 'fps')}   (target >= {fps_target}; "
              f"{r['fps'] / display:.1%} of the display's frames)")
        print(f"  frames received  {value(r, 'received')}   (binary frames on the page's socket, "
              "window.neuralab.stats.framesReceived)")
        print(f"  page's own count {value(r, 'drawn')}   (window.neuralab.stats.framesDrawn)")
        print(f"  animation frames {value(r, 'raf')}   (requestAnimationFrame callbacks; the page asks "
              "for one per frame received)")
        target = f"(target >= {ep_target})" if ep_target else "(no target)"
        print(f"  training epochs  {value(r, 'epochs')}   {target}")
        fps, eps = r["server"]
        print(f"  server alone     {fps:7.1f} frames/s and {eps:.1f} epochs/s   (a raw WebSocket client, "
              "no browser)")
        errors = [e for run in runs[r["name"].split(":")[0]] for e in run["errors"]]
        if errors:
            print("  page errors: " + "; ".join(errors[:5]))


if __name__ == "__main__":
    main()
