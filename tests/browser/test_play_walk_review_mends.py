"""What a learner's walk through the playground found, mended: the output map in view beside
the network on a laptop's screen, the trace's update written so that its arithmetic reads right,
the dataset menu naming the task on show, the loss curve agreeing with the board after an edit,
what the training loss is measured on, a step counter, the first button to press, a Share that
moves nothing, and the small words."""
import re

import pytest
from playkit import settle
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene


def _rv_box(page, selector):
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return {x: r.left, y: r.top, w: r.width, h: r.height, right: r.right, bottom: r.bottom}; }""", selector)


def _rv_map_pixels(page):
    """A few hundred of the output map's pixels, as the screen shows them."""
    return page.evaluate("""() => { const c = document.querySelector('[data-testid=output-canvas]');
        const g = c.getContext('2d'), d = g.getImageData(0, 0, c.width, c.height).data, out = [];
        for (let i = 0; i < d.length; i += 4 * 997) out.push(d[i], d[i + 1], d[i + 2]);
        return out; }""")


@pytest.mark.parametrize("size", [(1024, 768), (1100, 800), (1200, 800)])
def test_the_output_map_stays_beside_the_network_on_a_laptop(page, server, size):
    """At 1200 px and less the output went under the data and the network, across the page: the
    map began at y 950 and grew to 966-1142 px square, below the screen and larger than it, and
    pressing play changed nothing in view. It stays beside the network, whole on the first
    screen, no larger than the window; pressing play repaints it there."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server)
    network, output = _rv_box(page, ".network-panel"), _rv_box(page, ".output-panel")
    canvas = _rv_box(page, "[data-testid=output-canvas]")
    assert output["x"] > network["right"] and output["y"] == network["y"], (network, output)
    assert canvas["bottom"] <= height and canvas["right"] <= width, canvas
    assert 240 <= canvas["w"] < min(width, height), canvas
    assert page.evaluate("() => document.documentElement.scrollWidth") == width
    expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()   # the default network fits
    for testid in ("loss-train", "acc-train", "loss-test", "acc-test"):    # the board's numbers whole
        number = _rv_box(page, f"[data-testid={testid}]")
        assert number["right"] <= output["right"] - 10, (testid, number, output)
    before = _rv_map_pixels(page)
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch >= 20")
    page.get_by_test_id("pause").click()
    settle(page)
    assert _rv_map_pixels(page) != before


def test_a_window_narrowed_to_a_laptops_lays_the_network_out_to_fit(page, server):
    """Narrowed from 1280 to 1024 px, the network scrolled sideways (and said so) where a page
    opened at 1024 px did not: the links' canvases of the wider layout kept its width."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, server)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.wait_for_function("() => document.querySelector('.network-panel').getBoundingClientRect().width < 520")
    # laid out again by a ResizeObserver: the links' canvases of the wider layout kept its width
    page.wait_for_function("() => { const n = document.getElementById('network'); return n.scrollWidth === n.clientWidth; }")
    expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()


def test_a_narrow_window_puts_the_output_right_under_the_network(page, server):
    """Where three columns do not fit (900 px), the output comes right under the network, before
    the trace, its map no taller than the window."""
    page.set_viewport_size({"width": 900, "height": 700})
    open_page(page, server)
    network, output = _rv_box(page, ".network-panel"), _rv_box(page, ".output-panel")
    trace = _rv_box(page, ".trace-panel")
    assert network["bottom"] < output["y"] < network["bottom"] + 20 and trace["y"] > output["bottom"]
    assert _rv_box(page, "[data-testid=output-canvas]")["h"] <= 700 - 100


TERM = re.compile(r"w\S+: (-?[\d.]+) − ([\d.e+-]+)·\((-?[\d.]+)\) = (-?[\d.]+)")


def test_the_traces_update_reads_right_to_its_last_digit(page, server):
    """The update printed the old weight to three digits and the new one to four: 1.02 −
    0.03·(−0.00587) = 1.019, a weight that went up read as one that went down. Each update is
    written to one number of places, the old and new weights alike, and old − η·g is the new
    weight to its last place shown, give or take the rounding of each number (the trace's numbers
    come to 6 significant digits), in the direction the step goes."""
    open_page(page, server)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-dot-0")).to_be_visible()
    page.get_by_test_id("trace-dot-" + str(page.locator(".dot-step").count() - 1)).click()
    panel = page.get_by_test_id("trace-panel")
    expect(panel.locator(".trace-title")).to_contain_text("Update")
    terms = [TERM.search(t) for t in panel.locator(".term").all_inner_texts()]
    assert terms and all(terms), panel.inner_text()
    for term in terms:
        old, lr, g, new = term.groups()
        places = len(new.split(".")[1]) if "." in new else 0
        unit, step = 10 ** -places, float(lr) * float(g)
        assert len(old.split(".")[1]) == places, term.group(0)
        assert abs(float(old) - step - float(new)) <= 1.1 * unit, term.group(0)
        if abs(step) >= 2 * unit:
            assert (float(new) - float(old)) * step < 0, term.group(0)


def test_the_dataset_menu_keeps_naming_a_drawing_of_values(page, server):
    """"Uploaded CSV" with no file held opens the file chooser and puts the menu back: it put
    back "Draw your own (classes)" over a drawing of values, the scene still a regression."""
    open_page(page, server)
    menu = page.get_by_test_id("dataset-select")
    menu.select_option("drawn-regression")
    wait_scene(page, "s.state.dataset.name === 'drawn' && s.dataset.task === 'regression'")
    canvas = page.get_by_test_id("output-canvas")
    canvas.click(position={"x": 60, "y": 60})
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 1")
    with page.expect_file_chooser():
        menu.select_option("csv")
    expect(menu).to_have_value("drawn-regression")
    assert page.evaluate("() => window.neuralab.scene.dataset.task") == "regression"


def _rv_hello_and_train(c, epochs, state=None):
    c.request({"type": "hello", "state": state or {}}, "scene")
    for _ in range(epochs):
        c.request({"type": "control", "action": "step_epoch"}, "status")
        c.frame(where=lambda h, n=_ + 1: h["epoch"] == n and h["epoch_batches"] == 0)
    return c.settle()


def test_the_loss_chart_ends_where_the_board_stands_after_an_edit(client):
    """A weight edited after training: the board said the edited network's loss (1.12) while
    the chart still ended at the last epoch's (0.031). The chart's last point is the board's
    numbers now, at the header's epoch, after the epochs' own rows."""
    c = client()
    header, arrays = _rv_hello_and_train(c, 3)
    assert arrays["curves"].shape[0] == 3 and header["metrics_of"] == "epoch"
    c.request({"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": 9.0}, "scene")
    header, arrays = c.frame(where=lambda h: h["metrics_of"] == "weights")
    curves, m = arrays["curves"], header["metrics"]
    assert curves.shape[0] == 4 and list(curves[:, 0]) == [1, 2, 3, 3]
    assert curves[-1, 1:5] == pytest.approx([m["loss"], m["val_loss"], m["accuracy"], m["val_accuracy"]], rel=1e-6)
    assert abs(curves[-1, 1] - curves[-2, 1]) > 1e-3        # the edit shows: the chart moved


def test_a_long_runs_chart_ends_at_the_headers_epoch(client):
    """Past 400 rows the chart keeps every other epoch, and its last point (and its "epoch N"
    label) was one epoch behind the header's after an odd one."""
    c = client()
    c.request({"type": "hello", "state": {"hparams": {"batch_size": 1000}, "speed": None}}, "scene")
    c.request({"type": "control", "action": "play"}, "status")
    c.frame(timeout=60, where=lambda h: h["epoch"] > 420)
    c.request({"type": "control", "action": "pause"}, "status")
    header, _ = c.settle()
    if header["epoch"] % 2 == 0:
        c.request({"type": "control", "action": "step_epoch"}, "status")
    header, arrays = c.frame(where=lambda h: h["epoch"] % 2 == 1 and h["epoch_batches"] == 0)
    header, arrays = c.settle()
    curves = arrays["curves"]
    # (an odd epoch is no row kept once every other one goes)
    assert curves.shape[0] <= 400 and curves[-2, 0] < header["epoch"] == curves[-1, 0]
    assert curves[-1, 1] == pytest.approx(header["metrics"]["loss"], rel=1e-6)


def test_the_board_says_what_its_training_loss_is_of(page, server):
    """"Training loss" was the mean over an epoch's batches after ⇥ epoch and the loss of the
    weights now after a pause or a batch step, under one name: the board says which."""
    open_page(page, server)
    said = page.get_by_test_id("metrics-of")
    expect(said).to_have_text("training and test: the weights the map shows")
    page.get_by_test_id("step-epoch").click()
    expect(said).to_have_text("training: the mean over epoch 1’s batches")
    page.get_by_test_id("step-batch").click()
    expect(said).to_have_text("training and test: the weights the map shows")
    assert page.evaluate("() => window.neuralab.frame.header.metrics_of") == "weights"
    expect(page.locator(".metrics")).to_have_attribute("title", re.compile(r"on the training and the test points$"))


@pytest.mark.parametrize("dataset, words, points", [
    ({"name": "iris"}, "training and test: the weights now", "the training and the test"),
    ({"name": "drawn", "task": "classification", "points": [[x, y, int(x * y > 0)] for x in (-3, -1, 2, 4)
                                                              for y in (-2, 1, 3)]},
     "training: the weights the map shows", "the training")], ids=["no map", "no test part"])
def test_the_board_names_no_map_and_no_test_part_it_has_not(page, server, dataset, words, points):
    # "training and test: the weights the map shows" was said of iris, which has no map, and of a
    # drawing, which has no test part
    open_page(page, server, {"dataset": dataset})
    page.get_by_test_id("step-batch").click()
    expect(page.get_by_test_id("metrics-of")).to_have_text(words)
    expect(page.locator(".metrics")).to_have_attribute("title", re.compile(rf"\), on {points} points$"))


def test_a_batch_step_counts_in_the_header_and_moves_the_board(page, server):
    """⇥ batch changed nothing in view (the epoch stays 0): the header counts the steps beside the
    epoch, and the board shows the loss after the step. The count hangs in the header's own
    room: the header keeps its one row and height at 1280 px."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, server)
    steps, loss = page.get_by_test_id("step"), page.get_by_test_id("loss-train")
    expect(steps).to_have_text("step 0")
    height = page.locator("header.top").bounding_box()["height"]
    before = loss.inner_text()
    page.get_by_test_id("step-batch").click()
    expect(steps).to_have_text("step 1")
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    expect(loss).not_to_have_text(before)
    count, header = _rv_box(page, "[data-testid=step]"), _rv_box(page, "header.top")
    assert count["bottom"] <= header["bottom"] and header["h"] == height < 70


def _rv_background(page, testid):
    return page.get_by_test_id(testid).evaluate("(b) => getComputedStyle(b).backgroundColor")


def test_the_first_button_to_press_is_the_one_that_stands_out(page, server):
    """On a first view ❚❚ was orange (the paused state marked) and ▶ a small grey button: the
    orange one is the button that does what comes next, ▶ while paused, ❚❚ while playing."""
    open_page(page, server)
    orange = "rgb(207, 112, 18)"   # --orange-strong: the darker orange its white symbol reads on
    assert (_rv_background(page, "play"), _rv_background(page, "pause") != orange) == (orange, True)
    page.get_by_test_id("play").click()
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('[data-testid=pause]')).backgroundColor === '{orange}'")
    assert _rv_background(page, "play") != orange
    page.get_by_test_id("pause").click()
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('[data-testid=play]')).backgroundColor === '{orange}'")


@pytest.mark.parametrize("width", [1400, 1024])
def test_share_shows_its_link_without_moving_the_page(page, server, width):
    """Share put the link's box in the header's row, which wrapped: the page moved 57 px down.
    The box lies over the page under the buttons; nothing moves."""
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, server)
    before = [_rv_box(page, s) for s in ("header.top", ".stage", "[data-testid=share-link]")]
    page.get_by_test_id("share-link").click()
    box = page.locator("#share-url")
    expect(box).to_be_visible()
    assert box.input_value().startswith(server.url + "/#")
    assert [_rv_box(page, s) for s in ("header.top", ".stage", "[data-testid=share-link]")] == before
    assert _rv_box(page, "#share-url")["right"] <= width
    page.locator("#share-url").press("Tab")      # (leaving it closes it)
    expect(box).to_be_hidden()


def test_the_small_words_a_learner_met(page, server):
    """The dataset menu's names whole in the data column at 1024 px; the notice of data off the
    plane names the dataset as the menu does ("Iris", not "iris"); the schedule's placeholder
    reads as an example; turning off the only input says why nothing happens; the weights' and
    the gradients' histograms stand apart."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, server, {"features": ["x1"]})
    cut = page.evaluate("""() => { const s = document.querySelector('[data-testid=dataset-select]');
        const g = document.createElement('canvas').getContext('2d'); g.font = getComputedStyle(s).font;
        const room = s.clientWidth - 24;      // (the menu's arrow and padding)
        return [...s.options].filter((o) => g.measureText(o.text).width > room).map((o) => o.text); }""")
    assert cut == []
    expect(page.get_by_test_id("schedule")).to_have_attribute("placeholder", re.compile(r"^e\.g\. "))
    page.get_by_test_id("feature-x1").click()
    expect(page.get_by_test_id("notice")).to_have_text(
        "X₁ is the network’s only input: add another before you turn this one off.")
    assert page.evaluate("() => window.neuralab.scene.state.features") == ["x1"]
    rows = page.evaluate("""() => [...document.querySelectorAll('.hists .hist-row')].map((row) => {
        const [w, g] = row.querySelectorAll('canvas'); return g.getBoundingClientRect().left - w.getBoundingClientRect().right; })""")
    assert rows and min(rows) >= 30, rows
    page.get_by_test_id("dataset-select").select_option("breast_cancer")
    wait_scene(page, "s.state.dataset.name === 'breast_cancer'")
    expect(page.locator("#output .not2d")).to_have_text(re.compile(r"^Breast cancer: 30 inputs — no plane to draw"))
