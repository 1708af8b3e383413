"""The playground's layout, pictures and keyboard, checked in a real browser (found by the page's
audit): a phone gets one column with the header's buttons readable and a network panel that
scrolls sideways and says so (800 and 1440 px keep their columns); small hyper-parameters are
readable in their boxes and sent exactly; the gradient-norm labels of a deep network do not run
into each other; the ⤓ PNG picture holds the whole network and its output; neurons, weights and
palette blocks work from the keyboard with a short tab order.
"""
import base64
import re
import shutil

import pytest
from playwright.sync_api import expect

from playkit import download, encode_state, fail_on_console_errors, on_png, watched_tab
from playkit import shot as save_shot
from test_play_page import READY, open_page, settle, wait_scene
from test_play_page_fixes import RECORD_SENT, sent

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
# spiral, three classes, two dense blocks then BatchNorm and Dropout: wider than a phone
SPIRAL = {"dataset": {"name": "spiral", "n_samples": 800, "noise": 0.25, "seed": 2, "n_classes": 3},
          "features": ["x1", "x2", "x1^2", "sin(x1)"],
          "layers": [{"id": "h1", "type": "dense", "units": 6, "activation": "relu"},
                     {"id": "h2", "type": "dense", "units": 2, "activation": "tanh"},
                     {"id": "b1", "type": "batchnorm"}, {"id": "d1", "type": "dropout", "p": 0.2}],
          "hparams": {"optimizer": "adam", "lr": 0.01, "l2": 0.001, "schedule": "cosine:50:2"}}
TWELVE = {"layers": [{"id": f"h{i}", "type": "dense", "units": 2, "activation": "tanh"} for i in range(12)]}
PANELS = [".data", ".inspector-panel", ".network-panel", ".trace-panel", ".output-panel",
          ".gradients-panel", ".evaluation-panel"]


@pytest.fixture
def phone(browser, server, console_errors):
    """A tab on a phone-sized screen (390 × 844 CSS px, a mobile viewport, 2 device pixels per
    px); any console error or uncaught exception fails the test, as with ``page``."""
    context, pg = watched_tab(browser, console_errors, **PHONE)
    yield pg
    context.close()
    fail_on_console_errors(console_errors)


def boxes(page, selectors):
    return page.evaluate("""(sels) => sels.map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return {x: r.left, y: r.top, w: r.width, h: r.height};
    })""", selectors)


def contrast(page, testid):
    """The contrast ratio (WCAG) of an element's text against the header's background, and
    whether the element lies inside the header."""
    return page.evaluate("""(id) => {
        const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = (c) => {
            const [r, g, b] = rgb(c).map((v) => {
                v /= 255;
                return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const node = document.querySelector(`[data-testid="${id}"]`), header = document.querySelector('header.top');
        const a = lum(getComputedStyle(node).color), b = lum(getComputedStyle(header).backgroundColor);
        const n = node.getBoundingClientRect(), h = header.getBoundingClientRect();
        const cx = n.left + n.width / 2, cy = n.top + n.height / 2;
        return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
                inside: n.left >= h.left && n.right <= h.right && n.top >= h.top && n.bottom <= h.bottom,
                onTop: node.contains(document.elementFromPoint(cx, cy))};
    }""", testid)


def test_a_phone_gets_one_column_with_the_header_actions_readable(phone, server):
    phone.goto(server.url + "/" + encode_state(SPIRAL))
    phone.wait_for_function(READY)
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width == [390, 390], f"the page lays out {width[0]} px wide on a {width[1]} px screen"
    for testid in ("share-link", "download-model", "download-code", "download-png"):
        expect(phone.get_by_test_id(testid)).to_be_visible()
        seen = contrast(phone, testid)
        assert seen["inside"] and seen["onTop"], f"{testid} is not on the dark header: {seen}"
        assert seen["ratio"] >= 4.5, f"{testid}: contrast {seen['ratio']:.2f} with the header"
    # one column: every panel spans the screen (less the margins), one under the other
    panels = boxes(phone, PANELS)
    for name, b in zip(PANELS, panels):
        assert 12 <= b["x"] <= 16 and b["x"] + b["w"] <= 390 - 12, f"{name} is not in the column: {b}"
    tops = [b["y"] for b in panels]
    assert tops == sorted(tops) and all(a["y"] + a["h"] <= b["y"] for a, b in zip(panels, panels[1:]))
    # the network panel is usable: as wide as the column, it scrolls sideways and says so
    network = phone.get_by_test_id("network-scroll-hint")
    expect(network).to_be_visible()
    expect(network).to_contain_text("Scroll sideways")
    room = phone.evaluate("() => { const n = document.getElementById('network');"
                          " return [n.clientWidth, n.scrollWidth]; }")
    assert room[0] >= 330 and room[1] > room[0], room
    phone.get_by_test_id("unit-5-1").scroll_into_view_if_needed()   # a Dropout unit, far right
    expect(phone.get_by_test_id("unit-5-1")).to_be_in_viewport()
    assert phone.evaluate("() => document.documentElement.scrollWidth") == 390
    save_shot(phone, "layout-phone")


@pytest.mark.parametrize("width", [800, 1440])
def test_wider_screens_keep_their_columns(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, server)
    data, network, output = boxes(page, [".data", ".network-panel", ".output-panel"])
    assert page.evaluate("() => document.documentElement.scrollWidth") == width
    assert data["w"] in (200, 230) and data["x"] + data["w"] < network["x"] and data["y"] == network["y"]
    if width == 1440:    # data | network | output
        assert network["x"] + network["w"] < output["x"] and output["y"] == network["y"]
    else:                # data | network, the output below them across both
        assert output["x"] == data["x"] and output["y"] > network["y"] + network["h"]
    expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()   # the default network fits


def test_small_hyper_parameters_are_readable_and_sent_exactly(page, server):
    open_page(page, server, {"hparams": {"lr": 0.00003, "l1": 0.0005, "l2": 0.001}})
    shown = {"lr": "0.00003", "l1": "0.0005", "l2": "0.001"}     # as typed: plain decimals

    def readable():
        return page.evaluate("""(ids) => ids.map((id) => {
            const i = document.querySelector(`[data-testid="${id}"]`);
            return [id, i.value, i.scrollWidth <= i.clientWidth];
        })""", list(shown))

    assert readable() == [[k, v, True] for k, v in shown.items()]
    # typed in decimals, a value reaches the server exactly as typed and is shown whole
    for testid, typed, value, text in (("lr", "0.00025", 0.00025, "0.00025"), ("lr", "2.5e-3", 0.0025, "0.0025"),
                                       ("l2", "0.05", 0.05, "0.05"), ("l1", "0.00015", 0.00015, "0.00015")):
        page.get_by_test_id(testid).fill(typed)
        page.get_by_test_id(testid).press("Enter")
        wait_scene(page, f"s.state.hparams.{testid} === {value}")
        shown[testid] = text
        assert readable() == [[k, v, True] for k, v in shown.items()]
    # and the header still fits one row at 1400 px
    assert page.locator("header.top").bounding_box()["height"] < 70
    save_shot(page, "layout-hyper-parameters")


# Every text drawn on the gradient-norm chart, as the box it covers on the canvas (transforms
# such as a rotation included); the list starts again when the chart is cleared.
RECORD_CHART_TEXT = """(() => {
    const P = CanvasRenderingContext2D.prototype, fill = P.fillText, clear = P.clearRect;
    const ours = (ctx) => ctx.canvas.dataset && ctx.canvas.dataset.testid === 'grad-norms';
    P.clearRect = function (...a) { if (ours(this)) this.canvas.texts = []; return clear.apply(this, a); };
    P.fillText = function (text, x, y, ...rest) {
        if (ours(this)) {
            const m = this.measureText(text), t = this.getTransform();
            const xs = [], ys = [];
            for (const [u, v] of [[x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent],
                                  [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent]]) {
                for (const vv of [y - m.actualBoundingBoxAscent, y + m.actualBoundingBoxDescent]) {
                    const p = t.transformPoint(new DOMPoint(u, vv)); xs.push(p.x); ys.push(p.y);
                }
            }
            this.canvas.texts.push({text: String(text), x0: Math.min(...xs), x1: Math.max(...xs),
                                    y0: Math.min(...ys), y1: Math.max(...ys)});
        }
        return fill.call(this, text, x, y, ...rest);
    };
})()"""


def test_gradient_norm_labels_of_twelve_layers_stay_apart(page, server):
    page.add_init_script(RECORD_CHART_TEXT)
    open_page(page, server, TWELVE)
    page.wait_for_function("() => (window.neuralab.frame.arrays.grad_norm || []).length === 13")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.wait_for_function("() => { const c = document.querySelector('[data-testid=grad-norms]');"
                           " return (c.texts || []).length >= 2 * 13; }")
    canvas = page.get_by_test_id("grad-norms")
    texts = canvas.evaluate("(c) => ({texts: c.texts, w: c.width, h: c.height})")
    # too many bars for "hidden layer 12": each is labelled by its number, the output "out"
    labels = [t["text"] for t in texts["texts"] if re.fullmatch(r"\d+|out", t["text"])]
    assert labels[-13:] == [str(k) for k in range(1, 13)] + ["out"], labels
    expect(page.locator("#gradients")).to_contain_text("(bars by hidden layer number, then the output)")
    values = [t for t in texts["texts"] if not re.fullmatch(r"\d+|out|1e-?\d+", t["text"])]
    assert len(values) == 13, values
    for t in texts["texts"]:
        assert t["x0"] >= -0.5 and t["y0"] >= -0.5 and t["x1"] <= texts["w"] + 0.5 and t["y1"] <= texts["h"] + 0.5, (
            f"{t['text']!r} runs off the chart: {t}")
    for i, a in enumerate(texts["texts"]):
        for b in texts["texts"][i + 1:]:
            apart = (a["x1"] <= b["x0"] + 0.5 or b["x1"] <= a["x0"] + 0.5
                     or a["y1"] <= b["y0"] + 0.5 or b["y1"] <= a["y0"] + 0.5)
            assert apart, f"the labels {a['text']!r} and {b['text']!r} overlap: {a} {b}"
    path = save_shot(page, "layout-twelve-layers")
    canvas.screenshot(path=str(path.with_name("layout-grad-norms.png")))
    # the network is wider than its panel: a visible line says so, and its buttons scroll it
    hint = page.get_by_test_id("network-scroll-hint")
    expect(hint).to_be_visible()
    back, forth = hint.get_by_role("button").all()
    expect(back).to_be_disabled()
    forth.click()
    page.wait_for_function("() => document.getElementById('network').scrollLeft > 100")
    expect(back).to_be_enabled()
    back.click()
    page.wait_for_function("() => document.getElementById('network').scrollLeft === 0")
    # cut down to one hidden layer, it fits again: no scrolling, no hint (the links' svg kept
    # its old width, which the panel's scroll width counted, and the panel scrolled on)
    page.evaluate("() => window.neuralab.update((s) => { s.layers = s.layers.slice(0, 1); })")
    expect(hint).to_be_hidden()
    page.wait_for_function("() => { const n = document.getElementById('network');"
                           " return n.scrollWidth === n.clientWidth; }")


# The texts drawn on a canvas that is not on the page (where the picture is made), and the
# picture's own size when it is turned into a file.
RECORD_PICTURE = """(() => {
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
        if (!this.canvas.isConnected) {
            const t = this.getTransform(), p = t.transformPoint(new DOMPoint(x, y));
            (this.canvas.texts ||= []).push({text: String(text), x: p.x, y: p.y,
                                             right: p.x + this.measureText(text).width * t.a});
        }
        return fill.call(this, text, x, y, ...rest);
    };
    const toBlob = HTMLCanvasElement.prototype.toBlob;
    HTMLCanvasElement.prototype.toBlob = function (...a) {
        window.picture = {texts: this.texts || [], width: this.width, height: this.height};
        return toBlob.apply(this, a);
    };
})()"""


def test_the_picture_holds_the_whole_network_and_its_output(page, server, tmp_path):
    """⤓ PNG at 700 px, where the network scrolls: every column is drawn (BatchNorm and Dropout
    units too), with its activation, unit count and the class names; the output's numbers
    (fitted, not cut off), legend and map; the epoch and hyper-parameters; no empty panels."""
    page.add_init_script(RECORD_PICTURE)
    page.set_viewport_size({"width": 700, "height": 900})
    open_page(page, server, SPIRAL)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    png = download(page, "download-png", tmp_path)
    shutil.copyfile(png, save_shot(page, "layout-picture-page").with_name("layout-picture.png"))
    picture = page.evaluate("() => window.picture")
    texts = picture["texts"]
    words = {t["text"] for t in texts}
    lines = " | ".join(t["text"] for t in texts)
    assert "neuralab playground · Spiral · epoch 1" in words, lines   # (as the menu's sentences name it)
    assert any(t["text"].startswith("optimizer adam · learning rate 0.01 · batch size") and "L2 0.001" in t["text"]
               and "schedule cosine:50:2" in t["text"] for t in texts), lines
    for word in ("FEATURES", "X₁", "relu", "tanh", "6", "2", "neurons", "BatchNorm", "Dropout", "p", "0.2",
                 "OUTPUT", "SOFTMAX", "0", "1", "Test", "Training", "loss", "accuracy", "train", "test"):
        assert word in words, f"{word!r} is not in the picture: {lines}"
    for absent in ("DATA", "NEURON", "STEP", "Regenerate", "Trace", "Show", "+", "−", "×"):
        assert absent not in words, f"{absent!r} (a panel or a control) is in the picture: {lines}"
    for t in texts:
        assert 0 <= t["x"] and t["right"] <= picture["width"], f"{t['text']!r} is cut off: {t} of {picture['width']}"
    # the BatchNorm and Dropout units are drawn where the page has them (from the place of the
    # word "BatchNorm", in the picture and in the network), the Dropout's out of the panel's view
    dom = page.evaluate("""() => {
        const root = document.getElementById('network'), box = root.getBoundingClientRect();
        const at = (r) => [r.left - box.left + root.scrollLeft, r.top + r.height / 2 - box.top + root.scrollTop];
        const kind = [...root.querySelectorAll('.card-kind')].find((n) => n.textContent === 'BatchNorm');
        const range = document.createRange(); range.selectNodeContents(kind);
        return {view: root.clientWidth, word: at(range.getBoundingClientRect()),
                dots: [...root.querySelectorAll('.dot')].map((d) => { const r = d.getBoundingClientRect();
                    return [at(r)[0] + r.width / 2, at(r)[1]]; })};
    }""")
    word = next(t for t in texts if t["text"] == "BatchNorm")
    dx, dy = word["x"] - dom["word"][0], word["y"] - dom["word"][1]
    assert len(dom["dots"]) == 4 and dom["dots"][-1][0] > dom["view"], dom
    data = base64.b64encode(png.read_bytes()).decode()
    # each dot's ring (above and below its centre: the links come from the sides) and centre
    rings = page.evaluate("""async ([data, points]) => {
        const image = await createImageBitmap(await (await fetch('data:image/png;base64,' + data)).blob());
        const c = new OffscreenCanvas(image.width, image.height), ctx = c.getContext('2d');
        ctx.drawImage(image, 0, 0);
        const darkest = (x, y) => { const d = ctx.getImageData(Math.round(x) - 1, Math.round(y) - 1, 3, 3).data;
            let m = 255; for (let i = 0; i < d.length; i += 4) m = Math.min(m, d[i], d[i + 1], d[i + 2]); return m; };
        return points.map(([x, y]) => [darkest(x, y - 6), darkest(x, y + 6), darkest(x, y)]);
    }""", [data, [[x + dx, y + dy] for x, y in dom["dots"]]])
    for (top, bottom, centre), dot in zip(rings, dom["dots"]):
        assert top < 215 and bottom < 215 and centre > 230, f"no unit drawn at {dot}: {top}, {bottom}, {centre}"


def focused(page):
    return page.evaluate("""() => { const a = document.activeElement;
        return {testid: a.getAttribute('data-testid'), role: a.getAttribute('role'),
                label: a.getAttribute('aria-label'), tabindex: a.getAttribute('tabindex')}; }""")


def tab_until(page, prefix, most):
    """Press Tab until an element whose test id starts with `prefix` has the focus: the test ids
    passed on the way."""
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        testid = focused(page)["testid"] or ""
        if testid.startswith(prefix):
            return passed
        passed.append(testid)
    raise AssertionError(f"{most} Tab presses never reached {prefix}*: {passed}")


def test_neurons_weights_and_blocks_work_from_the_keyboard(page, server):
    open_page(page, server)
    page.evaluate(RECORD_SENT)
    inspector = page.get_by_test_id("inspector")
    page.get_by_test_id("patience").focus()         # the last control of the network's toolbar (early stopping)
    # the inputs, then the first card's controls, then one neuron: no weight on the way
    passed = tab_until(page, "neuron-", 20)
    assert passed[:7] == [f"feature-{f}" for f in ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")]
    assert not [p for p in passed if p.startswith("link-")]
    assert focused(page) == {"testid": "neuron-0-0", "role": "button", "label": "hidden layer 1 (4 tanh) neuron 0", "tabindex": "0"}
    assert page.locator("#network [tabindex='0']").count() == 7 + 1   # the inputs and one neuron
    page.keyboard.press("Enter")
    expect(inspector).to_contain_text("hidden layer 1 (4 tanh) · neuron 0")
    # the arrow keys move between the neurons (the tab stop goes with the focus)
    for key, testid in (("ArrowDown", "neuron-0-1"), ("ArrowDown", "neuron-0-2"), ("ArrowRight", "neuron-2-1"),
                        ("ArrowRight", "neuron-4-0"), ("ArrowUp", "neuron-4-0"), ("ArrowLeft", "neuron-2-0"),
                        ("ArrowLeft", "neuron-0-0"), ("ArrowDown", "neuron-0-1"), ("ArrowDown", "neuron-0-2")):
        page.keyboard.press(key)
        assert focused(page)["testid"] == testid, key
    assert page.locator("#network .neuron[tabindex='0']").count() == 1
    page.keyboard.press(" ")                         # Space inspects it (and does not start training)
    expect(inspector).to_contain_text("hidden layer 1 (4 tanh) · neuron 2")
    expect(page.get_by_test_id("neuron-0-2")).to_have_class(re.compile(r"\bselected\b"))
    assert not sent(page, "control")
    save_shot(page, "layout-keyboard-neuron")
    # Tab goes to the weights into that neuron first, then on to the next card's controls
    passed = tab_until(page, "link-", 8)
    assert passed == []
    assert focused(page) == {"testid": "link-0-2-0", "role": "button", "tabindex": "0",
                             "label": "hidden layer 1 (4 tanh) weight from input x1 to neuron 2"}
    page.keyboard.press("Tab")
    assert focused(page)["testid"] == "link-0-2-1"
    page.keyboard.press("Tab")
    assert not (focused(page)["testid"] or "").startswith(("link-", "neuron-"))
    page.keyboard.press("Shift+Tab")
    assert focused(page)["testid"] == "link-0-2-1"
    # Enter opens the weight's editor; Enter there sets it, and the focus comes back to the link
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("weight-editor")).to_be_visible()
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    save_shot(page, "layout-keyboard-weight")
    # the window resized while the editor is open lays the links out again: the focus still comes
    # back to the link of that weight, not to the page
    link = "document.querySelector('[data-testid=\"link-0-2-1\"]')"
    page.evaluate(f"() => {{ window.oldLink = {link}; }}")
    page.set_viewport_size({"width": 1100, "height": 800})
    page.wait_for_function(f"() => {link} !== window.oldLink")
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    page.keyboard.type("1.25")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("weight-editor")).to_have_count(0)
    page.wait_for_function("() => window.neuralab.frame.arrays['W/0'][2 * 2 + 1] === 1.25")
    assert sent(page, "set_weight")[-1] | {"scene_id": None} == {
        "type": "set_weight", "layer": 0, "to": 2, "from": 1, "value": 1.25, "scene_id": None}
    expect(page.get_by_test_id("link-0-2-1")).to_be_focused()
    # an input and the palette blocks: Enter and Space do what a click does
    page.get_by_test_id("feature-x1^2").focus()
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.features.includes('x1^2')")
    expect(page.get_by_test_id("feature-x1^2")).to_be_focused()
    expect(page.get_by_test_id("feature-x1^2")).to_have_attribute("aria-pressed", "true")
    for key, kind, count in (("Enter", "dense", 3), (" ", "dropout", 4)):
        block = page.get_by_test_id(f"palette-{kind}")
        expect(block).to_have_attribute("role", "button")
        block.focus()
        page.keyboard.press(key)
        wait_scene(page, f"s.state.layers.length === {count} && s.state.layers[{count - 1}].type === '{kind}'")
    assert not sent(page, "control")
    expect(page.get_by_test_id("error")).to_be_hidden()


# Each visible control of the header: whether its text shows whole. A box's text is clipped when
# it is wider than the box (scrollWidth > clientWidth); a menu's scrollWidth is its box's, so it
# is measured as wide as it would be to show its longest choice (max-content) instead.
HEADER_CLIPPED = """() => [...document.querySelectorAll('header.top :is(input, select, button, .button, summary)')]
    .filter((c) => c.checkVisibility())
    .map((c) => {
        let needs = c.scrollWidth;
        if (c.tagName === 'SELECT') {
            const width = c.style.width;
            c.style.width = 'max-content';
            needs = c.getBoundingClientRect().width - (c.offsetWidth - c.clientWidth);
            c.style.width = width;
        }
        return [c.dataset.testid || c.textContent.trim(), c.value ?? '', needs, c.clientWidth];
    })
    .filter(([, , needs, room]) => needs > room + 0.5)"""
# the widest values the header shows: the longest optimizer, the largest batch, small rates
HEADER_VALUES = {"hparams": {"optimizer": "momentum", "batch_size": 1000, "lr": 0.00025, "l1": 0.00015,
                             "l2": 0.00015, "schedule": "cosine:50:2"}}


@pytest.mark.parametrize("width", [1280, 1400])
def test_the_header_fits_one_row_with_every_controls_text_whole(page, server, width):
    # the learner: at 1400 px the optimizer menu showed "momentu" and the batch box "100" of 1000
    # (its spin buttons took the room), and at 1280 px the header broke in two rows, L2 and the
    # schedule under the logo
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, server, HEADER_VALUES)
    assert page.evaluate(HEADER_CLIPPED) == []
    assert page.locator("header.top").bounding_box()["height"] < 70
    assert page.evaluate("() => document.documentElement.scrollWidth") == width


def test_a_narrower_header_puts_its_buttons_under_the_controls(page, server):
    page.set_viewport_size({"width": 1100, "height": 900})
    open_page(page, server, HEADER_VALUES)
    assert page.evaluate(HEADER_CLIPPED) == []
    schedule, share, png = (page.get_by_test_id(t).bounding_box() for t in ("schedule", "share-link", "download-png"))
    assert share["y"] > schedule["y"] + schedule["height"], "Share stays beside the controls"
    assert abs(png["x"] + png["width"] - (1100 - 12)) <= 1, "the buttons keep to the right"
    assert page.evaluate("() => document.documentElement.scrollWidth") == 1100


def test_the_speed_menu_has_its_own_labelled_place_in_the_header(page, server):
    """The speed menu sat inside the Epoch label (the header read "EPOCH max 0"): it is a field of
    its own now, labelled "Speed", and the epoch's label is the word Epoch alone."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, server, {**HEADER_VALUES, "speed": 30})
    speed = page.get_by_test_id("speed")
    assert speed.locator("xpath=ancestor::label[1]").locator(".field-label").text_content() == "Speed"
    expect(page.get_by_role("combobox", name="Speed", exact=True)).to_have_value("30")   # (its accessible name)
    epoch = page.get_by_test_id("epoch").locator("xpath=..")
    assert epoch.locator(".field-label").text_content() == "Epoch"
    assert epoch.locator("select").count() == 0
    assert page.evaluate(HEADER_CLIPPED) == []
    assert page.locator("header.top").bounding_box()["height"] < 70


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_headers_boxes_line_up(page, server, width):
    """The L1 and L2 boxes (in a smaller font) sat 3 px lower than the other boxes of their row,
    the menus 2 px: every box and menu of the header has one top and one bottom now, and so do
    their labels."""
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, server, HEADER_VALUES)
    rows = page.evaluate("""() => [...document.querySelectorAll('header.top .field')].map((f) => {
        const box = f.querySelector('input, select').getBoundingClientRect();
        const label = f.querySelector('.field-label').getBoundingClientRect();
        return [f.querySelector('input, select').dataset.testid, box.top, box.bottom, label.top];
    })""")
    assert {testid for testid, *_ in rows} >= {"speed", "lr", "optimizer", "batch-size", "l1", "l2", "schedule"}
    for column in (1, 2, 3):
        values = [row[column] for row in rows]
        assert max(values) - min(values) < 0.5, rows


# the pixels of a link (blue or orange) among the grey and black of a label's text on white
SATURATED = on_png("png", """\
    const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) n++;
    return n;
""")


def test_a_layers_name_stays_readable_over_a_wide_layers_links(page, server):
    """A 64-unit layer's links to the next layer were drawn over that layer's name ("hidden layer
    2", its "h" lost under them): the name is drawn above the links, on the panel's white, so no
    link's colour shows through its letters. (A wide layer shows its first 8 neurons now, and a
    card is 101 px wide since it holds ◀ ▶: the links run under the end of a name where a layer
    of one neuron sits between two of 8, its links fanning out to their lowest neurons; with 2
    neurons between two of 64 they no longer reached it.)"""
    layers = [{"id": f"h{i}", "type": "dense", "units": units, "activation": "relu"}
              for i, units in enumerate((8, 1, 8))]
    page.set_viewport_size({"width": 800, "height": 900})
    open_page(page, server, {"layers": layers})
    settle(page)
    name = page.get_by_test_id("col-name-2")
    expect(name).to_have_text("hidden layer 2")
    box = name.bounding_box()
    # the links do run there: the canvas they are drawn on is painted under the name
    painted = page.evaluate("""(b) => [...document.querySelectorAll('canvas.links-canvas')].reduce((n, canvas) => {
        const r = canvas.getBoundingClientRect(), k = canvas.width / r.width;
        const d = canvas.getContext('2d').getImageData((b.x - r.left) * k, (b.y - r.top) * k, b.width * k, b.height * k).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 128) n++;
        return n;
    }, 0)""", box)
    assert painted > 20, "the links no longer run under the name: the test shows nothing"
    png = base64.b64encode(page.screenshot(clip=box)).decode()
    assert page.evaluate(SATURATED, png) == 0
