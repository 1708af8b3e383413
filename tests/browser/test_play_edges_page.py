"""The playground's rough edges, as a learner meets them: the notice line that pushed the page
down and back up, the gradient histograms' fixed axis (6e-8 .. 16, mostly empty, gradients past
it lost), links too close to click in a wide layer, a weight editor that stayed open, panels and
a trace that only a mouse could read, and number boxes that wrote the 0.0001 typed as "1e-4"."""
import math
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_page import open_page, scene, wait_scene


def edge_boxes(page, selectors):
    """The bounding box (x, y, w, h) of each selector's element, rounded to the pixel."""
    return page.evaluate("""(sels) => sels.map((s) => {
        const r = document.querySelector(s).getBoundingClientRect();
        return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
    })""", selectors)


def edge_focused(page):
    return page.evaluate("() => document.activeElement.dataset.testid || document.activeElement.tagName")


# -- 1. the notice line ---------------------------------------------------------------------------

def test_the_notice_line_moves_nothing_below_it(page, server):
    """A press refused at a limit (− with no hidden block left) says why in the notice line for
    4 s: the panels below stay where they were while it shows and after it has gone (they moved
    down by its height and back up)."""
    open_page(page, server, {"layers": []})
    panels = [".stage", "section.data", ".network-panel", ".output-panel", ".lower"]
    before = edge_boxes(page, panels)
    page.get_by_test_id("remove-layer").click(force=True)       # (aria-disabled: it says why)
    notice = page.get_by_test_id("notice")
    expect(notice).to_have_text("there is no hidden block to remove")
    expect(notice).to_be_visible()
    assert edge_boxes(page, panels) == before
    expect(notice).to_have_text("", timeout=8000)
    assert edge_boxes(page, panels) == before


# -- 2. the gradient histograms' axis -------------------------------------------------------------

EDGE_AXIS = "await import('/static/gradient-axis.js')"


def test_the_gradient_axis_grows_at_once_and_shrinks_only_after_a_while(page, server):
    """The axis (whole decades) takes in gradients past it at the next refresh, and keeps its
    width while the gradients stay within a narrower range, for 30 refreshes (3 s of training):
    it does not jump every epoch."""
    open_page(page, server)
    seen = page.evaluate(f"""async () => {{
        const {{ createGradientAxis }} = {EDGE_AXIS};
        const axis = createGradientAxis(), seen = [];
        seen.push(axis.fit([-6, -1]));
        seen.push(axis.fit([-9, -2]));          // smaller gradients: grown at once
        for (let k = 0; k < 29; k++) seen.push(axis.fit([-5, -2]));
        seen.push(axis.fit([-6, -2]));          // the 30th refresh within: shrunk to what they held
        seen.push(axis.fit([-5, 0]));           // larger: grown at once
        return seen.map((a) => a.join(','));
    }}""")
    assert seen[0] == "-6,-1" and seen[1] == "-9,-1"
    assert set(seen[2:31]) == {"-9,-1"}
    assert seen[31] == "-6,-2" and seen[32] == "-6,0"


def test_the_gradient_axis_fits_decades_and_keeps_where_most_gradients_are(page, server):
    """The data's decades (4 bins a decade), at least 3; past 12 decades, the 12 that hold the
    most gradients."""
    open_page(page, server)
    fitted = page.evaluate(f"""async () => {{
        const {{ fittedDecades }} = {EDGE_AXIS};
        const edges = Array.from({{ length: 337 }}, (_, k) => 10 ** ((k - 180) / 4));
        const counts = (bins) => {{ const c = new Float64Array(336); for (const [k, n] of bins) c[k] = n; return c; }};
        const bin = (e) => 180 + 4 * e;        // the first bin of decade e
        return [fittedDecades(counts([[bin(-9) + 1, 5], [bin(0) + 3, 2]]), edges),
                fittedDecades(counts([[bin(-3), 1]]), edges),
                fittedDecades(counts([[bin(-30), 1], [bin(-8), 50], [bin(2), 40]]), edges),
                fittedDecades(counts([]), edges)];
    }}""")
    assert fitted == [[-9, 1], [-4, -1], [-9, 3], None]


def test_gradient_histograms_show_every_gradient_and_count_those_of_0(page, server):
    """A ReLU neuron whose weights and bias are 0 is dead: its weights' gradients are exactly 0,
    which a log axis cannot show. The histogram line says how many it leaves out; every other
    gradient lies on the axis, whose ends are the decades the gradients span (the fixed axis,
    6e-8 .. 16, ran past them by many decades)."""
    open_page(page, server, {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "relu"}],
                             "hparams": {"lr": 0.0001}})
    bias = page.evaluate("() => window.neuralab.frame.arrays['b/0'][0]")
    assert bias == 0
    for source in (0, 1):      # neuron 0 of hidden layer 1 gets weights of 0: z = 0, ReLU'(0) = 0
        page.evaluate(f"() => window.neuralab.send({{type: 'set_weight', layer: 0, to: 0, from: {source}, value: 0}})")
        page.wait_for_function(f"() => window.neuralab.frame.arrays['W/0'][{source}] === 0")
    page.get_by_test_id("step-batch").click()
    page.wait_for_function("() => window.neuralab.frame.header.step === 1")
    settle(page)
    off = page.get_by_test_id("hist-off-0")
    expect(off).to_have_text("2 of 8 off the axis: 2 are 0 or not finite")
    expect(page.get_by_test_id("hist-off-2")).to_have_text("1 of 4 off the axis: 1 is 0 or not finite")
    label = page.get_by_test_id("hist_g-0").get_attribute("aria-label")
    lo, hi = (edge_decade(m) for m in re.search(r"from (\S+) to (\S+) \(log scale\)", label).groups())
    gradients = page.evaluate("""() => Object.keys(window.neuralab.frame.arrays).filter((k) => k.startsWith('hist_g/'))
        .map((k) => Array.from(window.neuralab.frame.arrays[k]))""")
    edges = page.evaluate("() => window.neuralab.frame.header.hist_edges.g")
    held = [k for counts in gradients for k, n in enumerate(counts) if n]
    data_lo = math.floor(math.log10(edges[min(held)]) + 1e-9)
    data_hi = math.ceil(math.log10(edges[max(held) + 1]) - 1e-9)
    assert lo <= data_lo and data_hi <= hi, (label, data_lo, data_hi)
    assert hi - lo == max(3, data_hi - data_lo), (label, data_lo, data_hi)


def edge_decade(text):
    """An axis end as the page writes it ('1e-7', '0.1', '10') -> its decade."""
    return round(math.log10(float(text)))


# -- 3. a weight of a wide layer ------------------------------------------------------------------

def test_a_weight_of_a_wide_layer_opens_from_the_neuron_panel(page, server):
    """32 neurons after 32: the links between them lie a pixel apart, and a click rarely picks
    the one meant. The neuron panel's weights open the same editor; the weight set there is the
    one the frame then holds."""
    open_page(page, server, {"layers": [{"id": "h1", "type": "dense", "units": 32, "activation": "tanh"},
                                        {"id": "h2", "type": "dense", "units": 32, "activation": "tanh"}]})
    page.get_by_test_id("neuron-2-5").click()
    weight = page.get_by_test_id("inspect-w-7")
    expect(weight).to_be_visible()
    weight.click()
    editor = page.get_by_test_id("weight-editor")
    expect(editor).to_contain_text("W[5, 7] of hidden layer 2 (32 tanh)")
    expect(editor).to_be_in_viewport()
    page.get_by_test_id("weight-input").fill("0.75")
    page.get_by_test_id("weight-input").press("Enter")
    page.wait_for_function("() => window.neuralab.frame.arrays['W/2'][5 * 32 + 7] === 0.75")
    expect(editor).to_have_count(0)
    expect(page.get_by_test_id("inspect-w-7")).to_be_focused()      # back where it came from


def test_a_click_beside_a_thin_link_opens_its_editor(page, server):
    """A thin link (small |w|) is hit 5 px beside its curve (its hit path was 7 px wide: 3.5 px
    each side); the drawing is the same (the hit path is transparent)."""
    open_page(page, server)
    page.evaluate("() => window.neuralab.send({type: 'set_weight', layer: 4, to: 0, from: 0, value: 0.01})")
    page.wait_for_function("() => Math.abs(window.neuralab.frame.arrays['W/4'][0] - 0.01) < 1e-6")
    x, y = page.evaluate("""() => {
        const path = document.querySelector('[data-testid="link-4-0-0"]');
        const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM());
        return [p.x, p.y];
    }""")
    assert page.evaluate("(id) => getComputedStyle(document.querySelector(`[data-testid=${id}]`)).stroke",
                         "link-4-0-0") in ("transparent", "rgba(0, 0, 0, 0)")
    page.mouse.click(x, y + 5)
    expect(page.get_by_test_id("weight-editor")).to_contain_text("W[0, 0] of output")


# -- 4. the weight editor closes ------------------------------------------------------------------

def test_the_weight_editor_closes_on_escape_and_on_a_click_outside(page, server):
    """Escape closes the editor from its "set" button too (it closed only from its box), the focus
    back on the link that opened it; a click elsewhere on the page closes it (it stayed open)."""
    open_page(page, server)
    link = page.get_by_test_id("link-2-1-3")
    link.focus()
    page.keyboard.press("Enter")
    editor = page.get_by_test_id("weight-editor")
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    page.keyboard.press("Tab")                        # on to "set"
    expect(editor.get_by_role("button", name="set")).to_be_focused()
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(link).to_be_focused()
    link.click(force=True)
    expect(editor).to_be_visible()
    page.locator("footer.foot").click()
    expect(editor).to_have_count(0)
    # × from the keyboard gives the focus back too
    link.focus()
    page.keyboard.press("Enter")
    editor.get_by_role("button", name="close").focus()
    page.keyboard.press("Enter")
    expect(editor).to_have_count(0)
    expect(link).to_be_focused()


def test_the_weight_editor_of_a_weight_gone_closes_and_leaves_the_focus_in_the_network(page, server):
    """The network rebuilt without the edited weight (its neuron removed, here by a link pasted
    with 3 neurons): the editor closes, and the focus, which was in its box, goes to a neuron of
    the network, not to the page's start."""
    open_page(page, server)
    page.get_by_test_id("link-0-3-1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    page.evaluate("() => window.neuralab.update((s) => { s.layers[0].units = 3; })")
    wait_scene(page, "s.state.layers[0].units === 3")
    expect(page.get_by_test_id("weight-editor")).to_have_count(0)
    page.wait_for_function("() => (document.activeElement.dataset.testid || '').startsWith('neuron-')")


# -- 5. the Gradients and Evaluation panels from the keyboard -------------------------------------

def test_the_gradients_and_evaluation_panels_are_reached_by_tab(page, server):
    """Tab goes on from the last control above them through the gradient-norm chart, each
    layer's weight and gradient histograms, the diagnosis, then the confusion matrix and the
    misclassified examples; each shows its focus, and what its title tells the mouse is written
    at the panel's foot."""
    open_page(page, server)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.get_by_test_id("trace-sample").focus()
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        order.append(edge_focused(page))
    start = order.index("grad-norms")
    assert order[start:start + 10] == ["grad-norms", "hist_w-0", "hist_g-0", "hist_w-2", "hist_g-2", "hist_w-4",
                                       "hist_g-4", order[start + 7], "confusion", "misclassified"], order
    assert order[start + 7].startswith("diagnosis-"), order
    page.get_by_test_id("hist_g-2").focus()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    readout = page.locator(".gradients-panel .focus-readout")
    expect(readout).to_be_visible()
    expect(readout).to_contain_text(re.compile(r"gradients of hidden layer 2 \(2 tanh\): \|∂L/∂W\| from \S+ to \S+"))
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("hist_w-4")).to_be_focused()
    expect(readout).to_contain_text("weights of output (1 sigmoid)")


def test_the_first_layer_images_are_one_tab_stop_walked_by_the_arrow_keys(page, server):
    """Digits: the 16 first-layer images are one Tab stop; the arrow keys move along them and
    the panel's foot names the one the keyboard is on."""
    open_page(page, server, {"dataset": {"name": "digits"},
                             "layers": [{"id": "h1", "type": "dense", "units": 16, "activation": "relu"}]})
    figures = page.get_by_test_id("first-layer-images").locator("figure")
    expect(figures).to_have_count(16)
    assert figures.evaluate_all("(fs) => fs.map((f) => f.tabIndex)") == [0] + [-1] * 15
    figures.nth(0).focus()
    page.keyboard.press("ArrowRight")
    expect(figures.nth(1)).to_be_focused()
    expect(page.locator(".evaluation-panel .focus-readout")).to_have_text(re.compile(r"· neuron 1$"))
    page.keyboard.press("End")
    expect(figures.nth(15)).to_be_focused()
    assert figures.evaluate_all("(fs) => fs.filter((f) => f.tabIndex === 0).length") == 1


# -- 6. the trace's steps from the keyboard -------------------------------------------------------

def test_the_trace_steps_are_buttons_walked_by_the_arrow_keys(page, server):
    """Each dot is a button named by its step ("step 3 of 14: Forward · ..."), the one on show the
    Tab stop; the arrow keys, Home and End go to another step, the focus with them."""
    open_page(page, server)
    page.get_by_test_id("trace-start").click()
    dots = page.locator(".trace-progress .dot-step")
    expect(dots.first).to_have_attribute("aria-current", "step")
    n = dots.count()
    assert n > 5
    labels = dots.evaluate_all("(ds) => ds.map((d) => [d.tagName, d.getAttribute('aria-label'), d.title])")
    for k, (tag, label, title) in enumerate(labels):
        assert tag == "BUTTON" and label == f"step {k + 1} of {n}: {title}"
    page.get_by_test_id("trace-stop").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("trace-dot-0")).to_be_focused()
    title = page.locator(".trace-title")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("trace-dot-1")).to_be_focused()
    expect(page.get_by_test_id("trace-dot-1")).to_have_attribute("aria-current", "step")
    expect(title).to_have_text(labels[1][2])
    page.keyboard.press("End")
    expect(page.get_by_test_id(f"trace-dot-{n - 1}")).to_be_focused()
    expect(title).to_have_text(labels[-1][2])
    page.keyboard.press("Home")
    expect(title).to_have_text(labels[0][2])
    assert dots.evaluate_all("(ds) => ds.filter((d) => d.tabIndex === 0).length") == 1


# -- 7. number boxes in plain decimals ------------------------------------------------------------

@pytest.mark.parametrize("testid, key, value, text", [
    ("lr", "lr", 0.0001, "0.0001"), ("lr", "lr", 0.00003, "0.00003"), ("l2", "l2", 0.0003, "0.0003"),
    ("l1", "l1", 0.00005, "0.00005"), ("dropout", "dropout", 0.05, "0.05"),
])
def test_number_boxes_show_plain_decimals(page, server, testid, key, value, text):
    """A learner typed 0.0001 and read back "1e-4": each box shows plain decimals down to 1e-6,
    opened from a link and after "1e-4" typed in (which it still takes)."""
    open_page(page, server, {"hparams": {key: value}})
    box = page.get_by_test_id(testid)
    expect(box).to_have_value(text)
    assert box.evaluate("(b) => b.scrollWidth <= b.clientWidth"), "the value shows whole"
    box.fill(f"{value * 10:e}")                     # e.g. "1.000000e-03"
    box.press("Enter")
    wait_scene(page, f"Math.abs(s.state.hparams.{key} - {value * 10}) < 1e-12")
    expect(box).to_have_value(re.compile(r"^0\.[0-9]+$"))
    assert scene(page)["state"]["hparams"][key] == pytest.approx(value * 10)


def test_the_weight_editor_and_dropout_card_show_plain_decimals(page, server):
    """The weight editor opened on a weight of 0.00025 shows 0.00025 (it showed 2.500e-4), and a
    Dropout block's p of 0.05 shows 0.05."""
    open_page(page, server, {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
                                        {"id": "d1", "type": "dropout", "p": 0.05}]})
    expect(page.get_by_test_id("dropout-p-1")).to_have_value("0.05")
    page.evaluate("() => window.neuralab.send({type: 'set_weight', layer: 0, to: 1, from: 0, value: 0.00025})")
    page.wait_for_function("() => Math.abs(window.neuralab.frame.arrays['W/0'][2] - 0.00025) < 1e-9")
    page.get_by_test_id("link-0-1-0").click(force=True)
    expect(page.get_by_test_id("weight-input")).to_have_value("0.00025")
