"""The playground in a real browser (headless Chromium driven by Playwright): the default scene,
building a network by clicking and by dragging blocks, training on circles, the neuron panel,
a full trace checked against the engine, shared URLs, CSV upload (a two-column CSV on the plane),
drawn points (classes and values), the downloaded script (run) and the error banner.
Screenshots of the main views go to tests/browser/artifacts/.

The page exposes its store as ``window.neuralab`` (state, scene, frame): what the server last
sent is read from there; what the user sees is read from the elements (data-testid).
"""
import json
import math
import re
import subprocess
import sys

import numpy as np
import pytest
from playwright.sync_api import expect

import neuralab
from neuralab.play import protocol
from neuralab.play.views import THUMB_STEP

from playkit import decode_state, download, encode_state, engine_forward, settle
from playkit import shot as save_shot

READY = """() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }"""
# the page has drawn a frame of the current scene: for 2-D data, a map for every neuron
DRAWN = """() => {
    const s = window.neuralab;
    if (!(s && s.scene && s.frame)) return false;
    if (!s.scene.dataset.is_2d) return true;
    return s.scene.network.layers.every((l) => l.kind !== 'dense' ||
        (s.frame.arrays['units/' + (l.index + 1)] || s.frame.arrays['units/' + l.index] || {shape: [-1]}).shape[0] === l.units);
}"""


def shot(page, name):
    """A screenshot once the page has drawn the current scene."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(DRAWN)
    except PlaywrightTimeout:
        save_shot(page, f"NOT-DRAWN-{name}")
        seen = page.evaluate("""() => { const s = window.neuralab;
            return {layers: s.scene.network.layers.map((l) => l.kind + ':' + l.units),
                    frame: s.frame && s.frame.header.seq,
                    maps: s.frame && Object.keys(s.frame.arrays).filter((k) => k.startsWith('units/'))
                          .map((k) => k + ':' + s.frame.arrays[k].shape[0])}; }""")
        pytest.fail(f"the page never drew a frame of the current scene ({name}): {seen}")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    save_shot(page, name)


def open_page(page, server, state=None):
    """Load the playground (with ``state`` in the URL hash) and wait until the scene and a
    frame have been drawn."""
    page.goto(server.url + "/" + (encode_state(state) if state else ""))
    page.wait_for_function(READY)
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()


def choose_drawn(page):
    """Switch to "Draw your own (classes)" and wait for its empty scene; the output canvas."""
    page.get_by_test_id("dataset-select").select_option("drawn")
    wait_scene(page, "s.state.dataset.name === 'drawn' && s.dataset.n_train + s.dataset.n_test === 0")
    return page.get_by_test_id("output-canvas")


def choose_value_drawing(page, value):
    """Switch to "Draw your own (values)", wait for its empty scene and pick ``value`` (typed in
    its box, as a learner does) for the clicks and keys to draw."""
    page.get_by_test_id("dataset-select").select_option("drawn-regression")
    wait_scene(page, "s.state.dataset.name === 'drawn' && s.state.dataset.task === 'regression' "
                     "&& s.dataset.n_train === 0")
    box = page.get_by_test_id("draw-value")
    box.fill(str(value))
    box.press("Enter")


def scene(page):
    """The scene the server last sent (its normalised state, dataset and network)."""
    return page.evaluate("() => window.neuralab.scene")


def state(page):
    return page.evaluate("() => window.neuralab.scene.state")


def wait_scene(page, predicate_js):
    """Wait until the server's scene satisfies ``predicate_js`` (a JS expression of ``s``, the
    scene)."""
    page.wait_for_function(f"() => {{ const s = window.neuralab.scene; return !!(s && ({predicate_js})); }}")


def dense_units(sc):
    return [layer["units"] for layer in sc["network"]["layers"] if layer["kind"] == "dense"]


def canvas_colours(page, testid):
    """Number of distinct colours on a canvas (a drawn map has many; a blank one has one)."""
    return page.evaluate("""(id) => {
        const c = document.querySelector(`[data-testid="${id}"]`);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
    }""", testid)


def number(text):
    """A number as the page prints it ('0.1234', '1.234e-5', '–' for none)."""
    text = text.strip().replace("−", "-")
    if text in ("–", ""):
        return None
    return float(text)


def click_link(page, testid):
    """Click a weight's link where a user would: the middle of its curve (real mouse events, so
    whatever lies on top of the link gets the click)."""
    point = page.evaluate("""(id) => {
        const path = document.querySelector(`[data-testid="${id}"]`);
        const q = path.getPointAtLength(path.getTotalLength() / 2);
        const m = path.getScreenCTM();
        const x = q.x * m.a + q.y * m.c + m.e, y = q.x * m.b + q.y * m.d + m.f;
        const top = document.elementFromPoint(x, y);
        return {x, y, top: top ? (top.dataset.testid || String(top.className.baseVal ?? top.className)) : null};
    }""", testid)
    assert point["top"] == testid, (
        f"the link {testid} cannot be clicked: at its middle ({point['x']:.0f}, {point['y']:.0f}) "
        f"the element on top is {point['top']!r}")
    page.mouse.click(point["x"], point["y"])


def point_pixels(page, points, scale=None, n_classes=2):
    """For points [x1, x2, y] of the plane: the output map's pixel at each (over the part of the
    plane the scene shows, its ``grid.extent``), and the colour the point should have there (its
    class's; for regression, the diverging scale at y / scale)."""
    return page.evaluate("""async ([points, scale, k]) => {
        const { classColor, diverging, css } = await import('/static/colors.js');
        const c = document.querySelector('[data-testid="output-canvas"]');
        const ctx = c.getContext('2d');
        const probe = document.createElement('canvas').getContext('2d');
        const [a, b, lo, hi] = window.neuralab.scene.grid.extent;
        return points.map(([x1, x2, y]) => {
            const px = Math.round((x1 - a) / (b - a) * c.width), py = Math.round((hi - x2) / (hi - lo) * c.height);
            const d = ctx.getImageData(px, py, 1, 1).data;
            probe.fillStyle = scale === null ? classColor(y, k) : css(diverging(y / scale));
            const hex = probe.fillStyle;   // normalised to #rrggbb
            return {got: [d[0], d[1], d[2]], want: [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))};
        });
    }""", [points, scale, n_classes])


def assert_points_drawn(page, points, **colouring):
    for point, pixel in zip(points, point_pixels(page, points, **colouring)):
        assert max(abs(g - w) for g, w in zip(pixel["got"], pixel["want"])) <= 40, (
            f"the point {point} is not drawn in its colour: {pixel}")


def download_code(page, folder):
    """Click "⤓ Python"; the script saved in ``folder`` and its text."""
    path = download(page, "download-code", folder)
    return path, path.read_text()


def run_script(path):
    """Run a downloaded script in its folder (where its data file lies), as a user would."""
    done = subprocess.run([sys.executable, path.name], cwd=path.parent, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"the downloaded script failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert path.with_suffix(".npz").is_file(), "the script saves the trained model under its own name"


def upload_csv(page, path, target):
    page.locator("details.csv summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(path))
    expect(page.get_by_test_id("csv-upload")).to_be_enabled()
    page.get_by_test_id("csv-target").select_option(target)
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")


def test_default_scene(page, server):
    open_page(page, server)
    expect(page.get_by_test_id("dataset-select")).to_have_value("circles")
    sc = scene(page)
    assert sc["state"]["dataset"]["name"] == "circles"
    assert dense_units(sc) == [4, 2, 1]
    for testid in ("neuron-0-3", "neuron-2-1", "neuron-4-0", "layer-0", "layer-1", "play",
                   "output-canvas", "loss-test", "loss-train", "epoch"):
        expect(page.get_by_test_id(testid)).to_be_visible()
    expect(page.get_by_test_id("layer-2")).to_have_count(0)
    assert page.locator("[data-testid^='link-']").count() == 4 * 2 + 2 * 4 + 1 * 2
    assert canvas_colours(page, "output-canvas") > 20, "the output map is drawn"
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    assert number(page.get_by_test_id("loss-test").inner_text()) > 0
    # the URL holds the state the server normalised
    assert decode_state(page.evaluate("() => location.hash")) == sc["state"]
    shot(page, "01-default-scene")


# What the shared maps canvas holds at the placeholder of each neuron whose test id starts with
# the prefix given (inside it, 4 px in from its edges): {test id: [distinct colours, pixels not
# opaque]}. A drawn map has many colours and no see-through pixel.
NEURON_MAP_COLOURS = """(prefix) => {
    const maps = document.querySelector('[data-testid="maps"]');
    const m = maps.getBoundingClientRect(), sx = maps.width / m.width, sy = maps.height / m.height;
    const ctx = maps.getContext('2d');
    const out = {};
    for (const node of document.querySelectorAll(`[data-testid^="${prefix}"]`)) {
        const r = node.querySelector('.thumb').getBoundingClientRect();
        const d = ctx.getImageData(Math.round((r.left + 4 - m.left) * sx), Math.round((r.top + 4 - m.top) * sy),
                                   Math.round((r.width - 8) * sx), Math.round((r.height - 8) * sy)).data;
        const seen = new Set();
        let transparent = 0;
        for (let i = 0; i < d.length; i += 4) {
            seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            if (d[i + 3] < 255) transparent++;
        }
        out[node.dataset.testid] = [seen.size, transparent];
    }
    return out;
}"""


def test_every_neuron_shows_its_map_and_the_one_under_the_mouse_enlarges_it(page, server):
    """The maps are drawn on one canvas over the neurons' placeholders: each placeholder's
    place there holds a map (many colours, opaque), and hovering shows that map enlarged."""
    open_page(page, server)
    page.wait_for_function("() => window.neuralab.frame && window.neuralab.frame.arrays['units/1']")
    settle(page)
    colours = page.evaluate(NEURON_MAP_COLOURS, "neuron-")
    assert sorted(colours) == ["neuron-0-0", "neuron-0-1", "neuron-0-2", "neuron-0-3",
                               "neuron-2-0", "neuron-2-1", "neuron-4-0"]
    for testid, (n, transparent) in colours.items():
        assert n > 5 and transparent == 0, (testid, n, transparent)
    page.get_by_test_id("neuron-2-1").hover()
    zoom = page.get_by_test_id("neuron-2-1").locator("canvas.thumb-zoom")
    expect(zoom).to_be_visible()
    zoom.evaluate("(c) => Promise.all(c.getAnimations().map((a) => a.finished))")   # (it grows in 0.12 s)
    assert zoom.bounding_box()["width"] > 2 * page.get_by_test_id("neuron-2-1").locator(".thumb").bounding_box()["width"]
    page.get_by_test_id("output-canvas").hover()
    expect(page.locator("canvas.thumb-zoom")).to_have_count(0)
    # a card being dragged holds its maps itself (the browser makes the drag image and the card's
    # fading from its elements), and the shared canvas leaves their places out until the drop
    drag = """(event) => {
        const card = document.querySelector('[data-testid="layer-0"]');
        card.dispatchEvent(new DragEvent(event, {bubbles: true, dataTransfer: new DataTransfer()}));
        const maps = document.querySelector('[data-testid="maps"]'), m = maps.getBoundingClientRect();
        const thumbs = [...card.querySelectorAll('[data-testid^="neuron-"] .thumb')];
        const r = thumbs[0].getBoundingClientRect(), s = maps.width / m.width;
        const colours = thumbs.map((t) => {
            const copy = t.querySelector('canvas');
            if (!copy) return 0;
            const d = copy.getContext('2d').getImageData(0, 0, copy.width, copy.height).data;
            const seen = new Set();
            for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            return seen.size;
        });
        return {colours, opacity: getComputedStyle(card).opacity,
                alpha: maps.getContext('2d').getImageData(Math.round((r.left + 10 - m.left) * s),
                                                          Math.round((r.top + 10 - m.top) * s), 1, 1).data[3]};
    }"""
    dragged = page.evaluate(drag, "dragstart")
    assert len(dragged["colours"]) == 4 and min(dragged["colours"]) > 5, dragged
    assert dragged["opacity"] == "0.4" and dragged["alpha"] == 0, dragged
    dropped = page.evaluate(drag, "dragend")
    assert dropped["colours"] == [0, 0, 0, 0] and dropped["opacity"] == "1" and dropped["alpha"] == 255, dropped


def test_each_features_map_is_the_engines_over_the_plane(page, server):
    """The input column's maps are painted from the server's numbers (the frame's
    ``features/<name>``, nn.PlaneFeatures' formulas on the neuron maps' grid), not from a copy
    of the formulas in the page: each map's pixels are those of the engine's values painted as a
    neuron's map is (colours of its symmetric scale, drawn over its placeholder, faded when the
    feature is not an input)."""
    open_page(page, server, {"features": ["x1", "x1*x2", "sin(x1)"]})
    page.wait_for_function("() => window.neuralab.frame && window.neuralab.frame.arrays['units/1']")
    settle(page)
    sc = scene(page)
    ticks = np.linspace(-6, 6, sc["grid"]["size"])[::THUMB_STEP]      # the units/* maps' points
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    points = np.column_stack([x1.ravel(), x2.ravel()]).astype(np.float32)
    engine = {name: neuralab.nn.PlaneFeatures([name]).forward(points)[:, 0].tolist() for name in protocol.FEATURES}
    worst = page.evaluate("""async ([engine, g]) => {
        const { paintDiverging, symmetricScale } = await import('/static/colors.js');
        const root = document.getElementById('network'), maps = document.querySelector('[data-testid="maps"]');
        const dpr = window.devicePixelRatio || 1, box = root.getBoundingClientRect();
        const want = document.createElement('canvas');
        want.width = maps.width; want.height = maps.height;
        const ctx = want.getContext('2d');
        const region = (c, x, y, w, h) => c.getContext('2d').getImageData(
            Math.round((x - maps.x + 2) * dpr), Math.round((y - maps.y + 2) * dpr),
            Math.round((w - 4) * dpr), Math.round((h - 4) * dpr)).data;   // inside its rounded corners
        const out = {};
        for (const [name, values] of Object.entries(engine)) {
            const node = document.querySelector(`[data-testid="feature-${name}"]`), t = node.querySelector('.thumb');
            const r = t.getBoundingClientRect();
            const x = r.left - box.left + root.scrollLeft + t.clientLeft, y = r.top - box.top + root.scrollTop + t.clientTop;
            const w = t.clientWidth, h = t.clientHeight, v = Float32Array.from(values), map = document.createElement('canvas');
            paintDiverging(map, v, 0, g, g, 1 / symmetricScale(v), 0);
            ctx.setTransform(dpr, 0, 0, dpr, -maps.x * dpr, -maps.y * dpr);
            ctx.globalAlpha = node.classList.contains('active') ? 1 : 0.35;
            ctx.drawImage(map, x, y, w, h);
            const got = region(maps, x, y, w, h), expected = region(want, x, y, w, h);
            out[name] = 0;
            for (let i = 0; i < got.length; i++) out[name] = Math.max(out[name], Math.abs(got[i] - expected[i]));
        }
        return out;
    }""", [engine, sc["grid"]["thumb"]])
    assert sorted(worst) == sorted(protocol.FEATURES)
    assert all(diff <= 1 for diff in worst.values()), f"largest colour difference per feature map: {worst}"


def test_build_a_network_by_clicking(page, server):
    open_page(page, server)
    page.get_by_test_id("add-layer").click()
    expect(page.get_by_test_id("layer-2")).to_be_visible()
    wait_scene(page, "s.state.layers.length === 3")
    page.get_by_test_id("units-plus-0").click()
    page.get_by_test_id("units-plus-0").click()
    wait_scene(page, "s.state.layers[0].units === 6")
    expect(page.get_by_test_id("neuron-0-5")).to_be_visible()
    page.get_by_test_id("units-minus-1").click()
    wait_scene(page, "s.state.layers[1].units === 1")
    expect(page.get_by_test_id("neuron-2-1")).to_have_count(0)
    page.get_by_test_id("activation-2").select_option("relu")
    wait_scene(page, "s.state.layers[2].activation === 'relu'")
    sc = scene(page)
    # the new layer copies the last dense block (2 units, tanh), then became relu
    assert [(b["type"], b.get("units"), b.get("activation")) for b in sc["state"]["layers"]] == [
        ("dense", 6, "tanh"), ("dense", 1, "tanh"), ("dense", 2, "relu")]
    assert dense_units(sc) == [6, 1, 2, 1]
    relu = [layer for layer in sc["network"]["layers"] if layer["kind"] == "activation"]
    assert [a["activation"] for a in relu][:3] == ["tanh", "tanh", "relu"]
    shot(page, "02-built-by-clicking")
    page.get_by_test_id("remove-layer").click()
    wait_scene(page, "s.state.layers.length === 2")
    expect(page.get_by_test_id("layer-2")).to_have_count(0)


def test_build_a_network_by_dragging_blocks(page, server):
    open_page(page, server)
    first = page.get_by_test_id("layer-0")
    box = first.bounding_box()
    # a dropout block dropped on the left half of the first card goes before it
    page.get_by_test_id("palette-dropout").drag_to(
        first, target_position={"x": 4, "y": box["height"] / 2})
    wait_scene(page, "s.state.layers.length === 3")
    assert [b["type"] for b in state(page)["layers"]] == ["dropout", "dense", "dense"]
    expect(page.get_by_test_id("unit-0-0")).to_be_visible()      # the dropout column's units
    # a dense block dropped on the right half of the last card goes after it
    last = page.get_by_test_id("layer-2")
    box = last.bounding_box()
    page.get_by_test_id("palette-dense").drag_to(
        last, target_position={"x": box["width"] - 4, "y": box["height"] / 2})
    wait_scene(page, "s.state.layers.length === 4")
    sc = scene(page)
    assert [b["type"] for b in sc["state"]["layers"]] == ["dropout", "dense", "dense", "dense"]
    assert [layer["kind"] for layer in sc["network"]["layers"]][:1] == ["dropout"]
    assert dense_units(sc) == [4, 2, 2, 1]
    expect(page.get_by_test_id("layer-3")).to_be_visible()
    # a card dragged onto the left half of the first one moves to the front
    target = page.get_by_test_id("layer-0")
    box = target.bounding_box()
    page.get_by_test_id("layer-3").drag_to(target, target_position={"x": 4, "y": box["height"] / 2})
    wait_scene(page, "s.state.layers[0].type === 'dense'")
    assert [b["type"] for b in state(page)["layers"]] == ["dense", "dropout", "dense", "dense"]
    shot(page, "03-built-by-dragging")


def test_train_on_circles_until_the_test_loss_is_low(page, server):
    open_page(page, server)
    page.get_by_test_id("play").click()
    page.wait_for_function("""() => {
        const t = document.querySelector('[data-testid="loss-test"]').textContent;
        const v = parseFloat(t);
        return Number.isFinite(v) && v < 0.3;
    }""", timeout=45_000)
    page.get_by_test_id("pause").click()
    settle(page)
    epoch = int(page.get_by_test_id("epoch").inner_text())
    assert epoch > 0
    assert number(page.get_by_test_id("loss-test").inner_text()) < 0.3
    header = page.evaluate("() => window.neuralab.frame.header")
    assert header["epoch"] == epoch
    assert header["metrics"]["val_loss"] < 0.3
    # the weight and gradient histograms hold as many pixels as they show, so their bars and
    # labels are not stretched to the column's width
    hists = page.evaluate("""() => [...document.querySelectorAll('.hists canvas')].map((c) => [
        c.width, c.height, Math.round(c.clientWidth * devicePixelRatio),
        Math.round(c.clientHeight * devicePixelRatio)])""")
    assert len(hists) == 2 * 3      # weights and gradients of the three dense layers
    assert all(w == cw > 140 and h == ch for w, h, cw, ch in hists), hists
    shot(page, "04-trained-on-circles")
    settle(page)
    assert int(page.get_by_test_id("epoch").inner_text()) == epoch, "paused training stays paused"


def test_chart_ticks_are_labelled_apart(page, server):
    # after one epoch the loss spans a narrow range: its four ticks get the digits that tell
    # them apart, not four labels of which two read the same
    page.add_init_script("""(() => {
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        window.__ticks = [];
        CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
            if (this.canvas.dataset.testid === 'loss-chart' && x === 2) window.__ticks.push(text);
            return fillText.apply(this, arguments);
        };
    })()""")
    open_page(page, server)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.wait_for_function("() => window.__ticks.length >= 4")
    ticks = page.evaluate("() => window.__ticks.slice(-4)")
    assert len(set(ticks)) == 4, ticks
    values = [float(t) for t in ticks]
    assert values == sorted(values, reverse=True), ticks
    # each curve's one point is drawn, as a dot (a line needs two)
    assert page.evaluate("""(id) => {
        const c = document.querySelector(`[data-testid="${id}"]`);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const found = { train: false, test: false };
        for (let i = 0; i < d.length; i += 4) {
            const rgba = [d[i], d[i + 1], d[i + 2], d[i + 3]].join();
            if (rgba === '43,48,54,255') found.train = true;      // curves.js's CURVE_STYLES
            if (rgba === '138,147,156,255') found.test = true;
        }
        return found;
    }""", "loss-chart") == {"train": True, "test": True}
    assert page.evaluate("""async () => {
        const { fmtDistinct } = await import('/static/colors.js');
        return [fmtDistinct([0.73, 0.72333, 0.71667, 0.71]), fmtDistinct([1, 0.5, 0]),
                fmtDistinct([2, 2])];
    }""") == [["0.73", "0.723", "0.717", "0.71"], ["1", "0.5", "0"], ["2", "2"]]


def test_neuron_panel(page, server):
    open_page(page, server)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.get_by_test_id("neuron-0-1").click()
    inspector = page.get_by_test_id("inspector")
    expect(inspector).to_be_visible()
    expect(inspector).to_contain_text("hidden layer 1 (4 tanh) · neuron 1")
    expect(page.get_by_test_id("inspect-z")).to_be_visible()
    z = number(page.get_by_test_id("inspect-z").inner_text())
    a = number(page.get_by_test_id("inspect-a").inner_text())
    assert a == pytest.approx(math.tanh(z), abs=2e-4), "a = tanh(z) for the tanh layer"
    rows = inspector.locator("table.weights tbody tr")
    expect(rows).to_have_count(2)
    W = page.evaluate("() => Array.from(window.neuralab.frame.arrays['W/0'])")
    shown = [number(rows.nth(k).locator("td").nth(1).inner_text()) for k in range(2)]
    np.testing.assert_allclose(shown, [W[1 * 2 + 0], W[1 * 2 + 1]], rtol=1e-3, atol=1e-6)
    b = page.evaluate("() => window.neuralab.frame.arrays['b/0'][1]")
    assert number(page.get_by_test_id("inspect-bias").inner_text()) == pytest.approx(b, rel=1e-4, abs=1e-6)
    # each neuron's bias marker: 4 px wide plus 6 px per unit of |b| (at most 14), and its title,
    # once the mouse is on it, says the bias
    biases = page.evaluate("() => Array.from(window.neuralab.frame.arrays['b/0'])")
    markers = [page.get_by_test_id(f"neuron-0-{u}").locator(".bias") for u in range(len(biases))]
    widths = [m.bounding_box()["width"] for m in markers]
    np.testing.assert_allclose(widths, [min(4 + 6 * abs(v), 14) for v in biases], atol=0.2)
    markers[1].hover()
    assert number(markers[1].get_attribute("title").split("=")[1]) == pytest.approx(b, rel=1e-3, abs=1e-4)
    # z = w·x + b for the training sample shown
    x1, x2, _ = scene(page)["dataset"]["train"][0]
    assert z == pytest.approx(W[2] * x1 + W[3] * x2 + b, rel=1e-3, abs=1e-3)
    expect(page.get_by_test_id("inspector-map")).to_be_visible()
    assert canvas_colours(page, "inspector-map") > 5
    shot(page, "05-neuron-panel")


def test_trace_forward_and_backward_shows_the_engines_numbers(page, server):
    """Every number the trace shows equals neuralab's own forward and backward pass, recomputed
    here from the weights the page draws (to the 4 significant digits shown)."""
    replies = []

    def watch(ws):
        ws.on("framereceived", lambda payload: replies.append(json.loads(payload))
              if isinstance(payload, str) and '"type":"trace"' in payload.replace(" ", "") else None)

    page.on("websocket", watch)
    open_page(page, server)
    for epoch in ("1", "2"):  # a click while an epoch is being stepped only asks for its rest
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(epoch)
    settle(page)
    sample = 5
    page.get_by_test_id("trace-sample").fill(str(sample))
    page.get_by_test_id("trace-sample").dispatch_event("change")
    page.get_by_test_id("trace-start").click()
    panel = page.get_by_test_id("trace-panel")
    expect(panel.get_by_test_id("trace-value-input-0")).to_be_visible()
    assert len(replies) == 1, "one trace reply"
    trace = replies[0]
    sc = scene(page)
    arrays = page.evaluate("""() => Object.fromEntries(Object.entries(window.neuralab.frame.arrays)
        .filter(([k]) => k.startsWith('W/') || k.startsWith('b/'))
        .map(([k, v]) => [k, {shape: v.shape, data: Array.from(v)}]))""")
    arrays = {k: np.array(v["data"], dtype=np.float32).reshape(v["shape"]) for k, v in arrays.items()}
    x1, x2, label = sc["dataset"]["train"][sample]
    assert trace["input"] == pytest.approx([x1, x2], abs=1e-4)
    engine = engine_forward(sc["network"], arrays, np.array(trace["input"]), label)
    expected = expected_trace_values(sc, engine, trace["input"], label, arrays,
                                     sc["state"]["hparams"]["lr"])

    def check_shown(step):
        shown = {}
        values = panel.locator("[data-testid^='trace-value-']")
        for k in range(values.count()):
            v = values.nth(k)
            shown[v.get_attribute("data-testid")[len("trace-value-"):]] = number(v.inner_text())
        assert shown, f"step {step} shows no numbers"
        for key, value in shown.items():
            assert key in expected, f"step {step}: unexpected value {key}"
            want = expected[key]
            assert value == pytest.approx(want, rel=6e-4, abs=1e-9), \
                f"step {step}: {key} shows {value}, the engine computes {want}"
        return set(shown)

    seen = set()
    titles = []
    next_button = page.get_by_test_id("trace-next")
    step = 0
    while True:
        titles.append(panel.locator(".trace-title").inner_text())
        seen |= check_shown(step)
        if step == 3:
            expect(page.get_by_test_id("maps")).to_be_visible()   # the links give way, the maps stay
            shot(page, "06-trace-forward")
        if next_button.is_disabled():
            break
        next_button.click()
        step += 1
        expect(panel.locator(".trace-title")).not_to_have_text(titles[-1])
        assert step < 40, "the trace ends"
    shot(page, "07-trace-update")
    assert any(t.startswith("Loss") for t in titles), titles
    assert sum(t.startswith("Backward") for t in titles) == 3, titles
    assert sum(t.startswith("Update") for t in titles) == 3, titles
    # every number of the forward pass, the loss, the gradients and the update was shown
    for key in ("loss", "forward-0-z-3", "forward-4-a-0", "backward-0-gw-3-1", "backward-2-delta-1",
                "update-0-w-3-1", "update-4-w-0-1"):
        assert key in seen, f"{key} never shown; shown: {sorted(seen)}"
    # and backward, step by step to the start: the same numbers
    prev_button = page.get_by_test_id("trace-prev")
    while not prev_button.is_disabled():
        prev_button.click()
        step -= 1
        expect(panel.locator(".trace-title")).to_have_text(titles[step])
        check_shown(step)
    assert step == 0


def expected_trace_values(sc, engine, x, label, arrays, lr):
    """The engine's numbers under the page's names for them (trace-value-<name>)."""
    layers = sc["network"]["layers"]
    kinds = {layer["index"]: layer["kind"] for layer in layers}
    out = {"target": label, "loss": engine["loss"]}
    for k, v in enumerate(x):
        out[f"input-{k}"] = v
    last = None
    for i, (z, a) in engine["forward"].items():
        if kinds[i] == "dense":
            after = engine["forward"].get(i + 1) if kinds.get(i + 1) == "activation" else None
            a = after[1] if after is not None else a
        for j, v in enumerate(z):
            if kinds[i] == "dense":
                out[f"forward-{i}-z-{j}"] = v
        for j, v in enumerate(a):
            out[f"forward-{i}-a-{j}"] = v
        last = a
    for j, v in enumerate(last):
        out[f"output-{j}"] = v
    for i, (gw, gb) in engine["grads"].items():
        new = arrays[f"W/{i}"].astype(np.float64) - lr * gw
        for j in range(gw.shape[0]):
            out[f"backward-{i}-delta-{j}"] = gb[j]          # δ = ∂L/∂z = ∂L/∂b for one sample
            out[f"backward-{i}-gb-{j}"] = gb[j]
            for k in range(gw.shape[1]):
                out[f"backward-{i}-gw-{j}-{k}"] = gw[j, k]
                out[f"update-{i}-w-{j}-{k}"] = new[j, k]
    return out


def test_a_shared_url_gives_the_same_scene(page, server, browser):
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option("xor")
    wait_scene(page, "s.state.dataset.name === 'xor'")
    page.get_by_test_id("add-layer").click()
    wait_scene(page, "s.state.layers.length === 3")
    page.get_by_test_id("units-plus-2").click()
    wait_scene(page, "s.state.layers[2].units === 3")
    page.get_by_test_id("optimizer").select_option("adam")
    wait_scene(page, "s.state.hparams.optimizer === 'adam'")
    lr = page.get_by_test_id("lr")
    lr.fill("0.01")
    lr.press("Enter")
    lr.blur()
    wait_scene(page, "s.state.hparams.lr === 0.01")
    page.get_by_test_id("feature-x1^2").click()
    wait_scene(page, "s.state.features.includes('x1^2')")
    original = state(page)
    page.get_by_test_id("share-link").click()
    url = page.get_by_test_id("share-link").get_attribute("href")
    assert url.startswith(server.url + "/#"), url
    assert decode_state(url.split("#", 1)[1]) == original
    # a fresh tab (its own session) on the shared link
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        errors = []
        other.on("pageerror", lambda exc: errors.append(str(exc)))
        other.goto(url)
        other.wait_for_function(READY)
        again = state(other)
        assert again == original
        assert again["dataset"]["name"] == "xor"
        assert [b.get("units") for b in again["layers"]] == [4, 2, 3]
        assert again["hparams"]["optimizer"] == "adam" and again["hparams"]["lr"] == 0.01
        assert dense_units(scene(other)) == [4, 2, 3, 1]
        assert scene(other)["network"]["inputs"] == ["x1", "x2", "x1^2"]
        assert scene(other)["dataset"]["train"] == scene(page)["dataset"]["train"], "same points"
        expect(other.get_by_test_id("dataset-select")).to_have_value("xor")
        expect(other.get_by_test_id("optimizer")).to_have_value("adam")
        expect(other.get_by_test_id("neuron-4-2")).to_be_visible()
        shot(other, "08-shared-url")
        # and a reload of the same tab keeps the scene too
        other.reload()
        other.wait_for_function(READY)
        assert state(other) == original
        assert not errors, errors
    finally:
        context.close()


def test_upload_a_csv(page, server, tmp_path):
    rng = np.random.default_rng(3)
    x = rng.uniform(-3, 3, size=(80, 3))
    path = tmp_path / "mine.csv"
    lines = ["height,weight,age,kind"] + [
        f"{a:.3f},{b:.3f},{c:.3f},{'tall' if a + b > 0 else 'short'}" for a, b, c in x]
    path.write_text("\n".join(lines) + "\n")
    open_page(page, server)
    upload_csv(page, path, "kind")
    expect(page.get_by_test_id("csv-target").locator("option")).to_have_count(4)
    sc = scene(page)
    assert sc["dataset"]["n_train"] + sc["dataset"]["n_test"] == 80
    assert sc["dataset"]["feature_names"] == ["height", "weight", "age"]
    assert sorted(sc["dataset"]["class_names"]) == ["short", "tall"]
    assert sc["network"]["inputs"] == ["height", "weight", "age"]
    assert not sc["dataset"]["is_2d"]
    expect(page.get_by_test_id("dataset-info")).to_contain_text("3 inputs")
    expect(page.get_by_test_id("feature-age")).to_be_visible()
    page.wait_for_function(READY)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    shot(page, "09-csv-uploaded")
    # the script loads the uploaded file by its name, with the chosen target, and runs next to it
    script, text = download_code(page, tmp_path)
    assert 'data.load_csv("mine.csv", target="kind")' in text and "your_data" not in text
    run_script(script)
    # like the page's model file, the script's starts with the standardisation of the columns
    assert type(neuralab.load(script.with_suffix(".npz")).layers[0]).__name__ == "Standardize"


def test_upload_a_two_column_csv_draws_the_plane(page, server, tmp_path):
    """A CSV with two feature columns is shown like the generated data: its points (the columns
    standardised) on the plane with the decision regions behind them, axes named by the columns."""
    rng = np.random.default_rng(5)
    x = rng.normal([170, 70], [10, 12], size=(80, 2))
    path = tmp_path / "people.csv"
    lines = ["height,weight,build"] + [
        f"{a:.1f},{b:.1f},{'broad' if (a - 170) / 10 - (b - 70) / 12 > 0 else 'slim'}" for a, b in x]
    path.write_text("\n".join(lines) + "\n")
    open_page(page, server)
    upload_csv(page, path, "build")
    sc = scene(page)
    ds = sc["dataset"]
    assert ds["is_2d"] and ds["axes"] == ["height", "weight"] and sc["network"]["inputs"] == ["x1", "x2"]
    assert (ds["file"], ds["target"]) == ("people.csv", "build")
    points = ds["train"] + ds["test"]
    assert len(points) == 80 and max(abs(v) for p in points for v in p[:2]) < 6
    expect(page.get_by_test_id("dataset-info")).to_contain_text("people.csv")
    expect(page.get_by_test_id("feature-x1").locator(".feature-label")).to_have_text("height")
    expect(page.get_by_test_id("feature-x1*x2").locator(".feature-label")).to_have_text("height·weight")
    expect(page.get_by_test_id("output-canvas")).to_be_visible()
    shot(page, "09b-csv-two-columns")
    assert canvas_colours(page, "output-canvas") > 20, "the decision regions are drawn"
    # the training point farthest from the others is drawn in its class's colour
    P = np.array(ds["train"])[:, :2]
    gaps = np.linalg.norm(P[:, None] - P[None], axis=-1) + np.eye(len(P)) * 1e9
    lonely = ds["train"][int(gaps.min(axis=1).argmax())]
    assert_points_drawn(page, [lonely])
    # features of the plane work as for generated data: the script's model starts with the
    # nn.PlaneFeatures the server's does, and repeats the page's epoch from fresh weights (the
    # clicks kept the trained ones), so that it predicts what the page's model predicts
    page.get_by_test_id("feature-x1^2").click()
    wait_scene(page, "s.network.inputs.length === 3")
    page.get_by_test_id("feature-sin(x1)").click()
    wait_scene(page, "s.network.inputs.length === 4")
    assert scene(page)["network"]["plane_features"] == ["x1", "x2", "x1^2", "sin(x1)"]
    page.get_by_test_id("reset").click()
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    script, text = download_code(page, tmp_path)
    assert 'data.load_csv("people.csv", target="build")' in text and "epochs=1," in text
    assert "scaler.transform" in text and 'nn.PlaneFeatures(["x1", "x2", "x1^2", "sin(x1)"])' in text
    run_script(script)
    script.with_suffix(".npz").rename(tmp_path / "script.npz")
    pages = neuralab.load(download(page, "download-model", tmp_path))
    scripts = neuralab.load(tmp_path / "script.npz")
    assert [layer.to_spec() for layer in scripts.layers] == [layer.to_spec() for layer in pages.layers]
    np.testing.assert_allclose(scripts.predict(x.astype(np.float32)), pages.predict(x.astype(np.float32)),
                               rtol=1e-5, atol=1e-6)


def test_draw_points(page, server):
    open_page(page, server)
    canvas = choose_drawn(page)
    box = canvas.bounding_box()
    clicks = [(1, 0.25, 0.25), (0, 0.75, 0.75), (1, 0.2, 0.8), (0, 0.8, 0.3)]
    for n, (label, fx, fy) in enumerate(clicks, start=1):
        page.get_by_test_id(f"draw-class-{label}").click()
        canvas.click(position={"x": fx * box["width"], "y": fy * box["height"]})
        wait_scene(page, f"s.dataset.n_train + s.dataset.n_test === {n}")
    sc = scene(page)
    points = sorted(sc["dataset"]["train"] + sc["dataset"]["test"])
    want = sorted([(-6 + 12 * fx, 6 - 12 * fy, label) for label, fx, fy in clicks])
    assert len(points) == len(want)
    for (p1, p2, pl), (w1, w2, wl) in zip(points, want):
        assert (p1, p2) == pytest.approx((w1, w2), abs=0.1) and pl == wl
    assert sc["state"]["dataset"]["points"], "the drawn points are in the state (and the URL)"
    # the points are drawn: at each point the canvas has the colour of the point's class
    shot(page, "10-drawn-points")
    assert_points_drawn(page, want)


def test_draw_regression_points(page, server, tmp_path):
    """"Draw your own (values)": choose a value (box or slider), click the map, and the point
    has that value, coloured by it like any regression point; the script of the scene runs."""
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option("drawn-regression")
    wait_scene(page, "s.state.dataset.name === 'drawn' && s.state.dataset.task === 'regression' "
                     "&& s.dataset.n_train === 0")
    expect(page.get_by_test_id("draw-class-0")).to_have_count(0)
    canvas = page.get_by_test_id("output-canvas")
    box = canvas.bounding_box()
    clicks = [(1.0, 0.25, 0.25), (-1.0, 0.75, 0.75), (0.5, 0.2, 0.8), (-0.4, 0.8, 0.3)]
    for n, (value, fx, fy) in enumerate(clicks, start=1):
        if n % 2:
            number = page.get_by_test_id("draw-value")
            number.fill(str(value))
            number.press("Enter")
            number.blur()
        else:
            page.get_by_test_id("draw-value-slider").fill(str(value))
        canvas.click(position={"x": fx * box["width"], "y": fy * box["height"]})
        wait_scene(page, f"s.dataset.n_train === {n}")
    sc = scene(page)
    assert sc["dataset"]["task"] == "regression" and sc["state"]["dataset"]["task"] == "regression"
    assert sc["network"]["output"] == {"activation": "identity", "loss": "mse"}
    want = [[-6 + 12 * fx, 6 - 12 * fy, value] for value, fx, fy in clicks]
    got = sc["dataset"]["train"]
    assert [p[2] for p in got] == [value for value, _, _ in clicks]
    for p, w in zip(got, want):
        assert p[:2] == pytest.approx(w[:2], abs=0.1)
    expect(page.get_by_test_id("dataset-select")).to_have_value("drawn-regression")
    expect(page.locator(".legend")).to_contain_text("+1")
    shot(page, "10b-drawn-values")
    assert_points_drawn(page, got, scale=1.0)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    script, text = download_code(page, tmp_path)
    assert "x1, x2, value" in text and 'loss="mse"' in text
    run_script(script)


def test_drawing_on_a_regression_generator_keeps_its_points(page, server):
    open_page(page, server, {"dataset": {"name": "plane", "n_samples": 50}})
    expect(page.get_by_test_id("draw-class-0")).to_have_count(0)
    pen = page.get_by_test_id("draw-value-pen")
    number = page.get_by_test_id("draw-value")
    number.fill("-0.8")
    number.press("Enter")
    number.blur()
    expect(pen).to_have_class(re.compile(r"\bon\b"))
    shot(page, "10c-drawing-on-plane")
    page.get_by_test_id("output-canvas").click(position={"x": 20, "y": 20})
    wait_scene(page, "s.state.dataset.name === 'drawn' && s.dataset.n_train === 51")
    sc = scene(page)
    assert sc["state"]["dataset"]["task"] == "regression" and sc["dataset"]["train"][-1][2] == -0.8
    expect(page.get_by_test_id("dataset-select")).to_have_value("drawn-regression")
    expect(page.get_by_test_id("draw-value-pen")).to_have_count(0)   # a drawn set is always drawn on


def test_out_of_range_weight_shows_the_error_banner(page, server, console_errors):
    open_page(page, server)
    banner = page.get_by_test_id("error")
    expect(banner).to_be_hidden()
    click_link(page, "link-0-1-0")
    editor = page.get_by_test_id("weight-input")
    expect(editor).to_be_visible()
    editor.fill("1000")
    editor.press("Enter")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("value")
    shot(page, "11-error-banner")
    # an accepted weight: the link and the frame show it
    click_link(page, "link-0-1-0")
    editor.fill("1.5")
    editor.press("Enter")
    page.wait_for_function("() => window.neuralab.frame.arrays['W/0'][1 * 2 + 0] === 1.5")


def test_bad_schedule_shows_the_error_banner(page, server):
    open_page(page, server)
    before = state(page)
    schedule = page.get_by_test_id("schedule")
    schedule.fill("warp:9")
    schedule.press("Enter")
    schedule.blur()
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("schedule")
    shot(page, "12-error-banner-schedule")
    # the page does not keep a state the server refused: the URL still holds the scene shown,
    # so a reload (or the share link) gives that scene back
    assert decode_state(page.evaluate("() => location.hash")) == before
    page.reload()
    page.wait_for_function(READY)
    assert state(page) == before
    # and a later edit works
    page.get_by_test_id("add-layer").click()
    wait_scene(page, "s.state.layers.length === 3")
    assert state(page)["hparams"]["schedule"] is None


def test_a_url_with_a_refused_state_still_shows_a_scene(page, server):
    """A link whose state the server refuses (lr = 100) shows the error banner and the page
    still works, on the default scene, instead of staying empty."""
    page.goto(server.url + "/" + encode_state({"hparams": {"lr": 100}}))
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Learning rate must be in [1e-05, 10], got 100")   # the box's name
    page.wait_for_function(READY)
    assert state(page)["hparams"]["lr"] != 100
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()


def test_the_script_splits_as_the_page_did(page, server, tmp_path):
    """9 test samples cannot hold one of each of 10 classes: the page splits without stratifying,
    and so does the script (stratify=True would refuse that split)."""
    open_page(page, server, {"dataset": {"name": "gaussians", "n_classes": 10, "n_samples": 90,
                                         "train_ratio": 0.9}})
    page.wait_for_function(READY)
    assert scene(page)["dataset"]["stratified"] is False
    path, text = download_code(page, tmp_path)
    assert "train_test_split(" in text and "stratify" not in text
    run_script(path)


def test_download_the_code_and_a_picture(page, server, tmp_path):
    open_page(page, server)
    path, text = download_code(page, tmp_path)
    assert "neuralab" in text and "fit" in text and 'data.load("circles"' in text
    run_script(path)
    assert download(page, "download-png", tmp_path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_download_the_model(page, server, tmp_path):
    """The trained model downloads as a file neuralab.load reads back, with the page's weights."""
    open_page(page, server)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    model = download(page, "download-model", tmp_path)
    expect(page.get_by_test_id("error")).to_be_hidden()
    import neuralab
    net = neuralab.load(model)
    W = page.evaluate("() => Array.from(window.neuralab.frame.arrays['W/0'])")
    np.testing.assert_allclose(net.layers[0].weight.data.ravel(), W, rtol=1e-6)
