"""The course's claims, seen on the page by a learner who opens a teacher's link and reads only
what it shows (docs/playground.md, "The course's claims, as links"): the Gradients panel's
per-layer norms of a deep sigmoid network fade towards its first layer where a deep ReLU
network's do not, and the loss chart draws a learning rate too low as the crawl it is, a near-flat
line, where a rate that learns falls across the chart (an axis fitted to the curve's own range
drew both as steep). The claims' numbers on the board: test_play_course_claims.py; He against
small initial weights: test_play_initial_weights_page.py."""
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_lessons_page import CHART_WORDS, last_drawing
from test_play_page import open_page


def deep(activation, depth=7):
    """``depth`` hidden layers of 8 ``activation`` units, trained as fast as the server goes."""
    return {"layers": [{"id": f"h{i}", "type": "dense", "units": 8, "activation": activation}
                       for i in range(1, depth + 1)], "hparams": {"lr": 0.1}, "speed": None}


def gradient_bars(page):
    """The Gradients panel's ‖∂L/∂W‖ per layer as its bars' title writes them: {layer: norm}."""
    title = page.get_by_test_id("grad-norms").get_attribute("title")
    return {name: float(value) for name, value in re.findall(r"· ([^·:]+): ([-+.e\d]+)", title)}


def step_epochs(page, epochs):
    for epoch in range(1, epochs + 1):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(str(epoch))
    settle(page)


@pytest.mark.parametrize("activation, fades", [("sigmoid", True), ("relu", False)])
def test_a_deep_sigmoid_nets_first_layer_gets_a_gradient_far_below_its_last(page, server, activation, fades):
    open_page(page, server, deep(activation))
    step_epochs(page, 2)
    norms = gradient_bars(page)
    assert list(norms) == [f"hidden layer {i} (8 {activation})" for i in range(1, 8)] + ["output (1 sigmoid)"]
    first, last = norms[f"hidden layer 1 (8 {activation})"], norms["output (1 sigmoid)"]
    if fades:
        # each sigmoid layer multiplies δ by σ' ≤ 1/4: seven of them, a thousandth and less,
        # each layer's bar below the next
        assert first < last / 1000, norms
        assert list(norms.values()) == sorted(norms.values()), norms
        expect(page.get_by_test_id("diagnoses")).to_contain_text("Vanishing gradients")
    else:
        assert last / 10 < first < last * 10, norms
        expect(page.get_by_test_id("diagnoses")).not_to_contain_text("Vanishing gradients")


TRAIN_RGB = (43, 48, 54)   # the training curve's colour (curves.js CURVE_STYLES)


def curve_height(page):
    """The share of the loss chart's height that its training curve spans, in pixels drawn."""
    return page.evaluate("""(rgb) => {
        const c = document.querySelector('[data-testid="loss-chart"]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let top = c.height, bottom = -1;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i] === rgb[0] && d[i + 1] === rgb[1] && d[i + 2] === rgb[2] && d[i + 3] === 255) {
                const y = Math.floor(i / 4 / c.width);
                top = Math.min(top, y); bottom = Math.max(bottom, y);
            }
        }
        return bottom < 0 ? 0 : (bottom - top) / c.height;
    }""", list(TRAIN_RGB))


def train_to(page, epochs):
    page.get_by_test_id("play").click()
    page.wait_for_function(f"() => window.neuralab.frame.header.epoch >= {epochs}")
    page.get_by_test_id("pause").click()
    settle(page)


def ticks(page):
    """The loss chart's tick values, top to bottom, as it wrote them last."""
    return [float(w["text"]) for w in last_drawing(page, "loss-chart") if w["x"] == 2]


def test_a_learning_rate_too_low_crawls_flat_on_the_loss_chart_where_one_that_learns_falls(page, server):
    page.add_init_script(CHART_WORDS)
    open_page(page, server, {"hparams": {"lr": 0.001}, "speed": None})
    train_to(page, 40)
    # the learner: a loss from 0.72 to 0.69 filled the chart's height, as a run that learns does;
    # the log axis now spans at least a decade down from its top, the crawl a sliver under it
    top, *_, bottom = ticks(page)
    assert bottom <= top / 10 * 1.01, ticks(page)
    crawl = curve_height(page)
    assert 0 < crawl < 0.1, crawl

    page.get_by_test_id("lr").fill("0.3")
    page.get_by_test_id("lr").press("Enter")
    page.wait_for_function("() => window.neuralab.scene.state.hparams.lr === 0.3")
    page.get_by_test_id("reset").click()
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    train_to(page, 40)
    learns = curve_height(page)
    assert learns > 4 * crawl and learns > 0.3, (crawl, learns)

    # unticked, the axis is linear and reaches down to 0
    page.get_by_test_id("log-scale").uncheck()
    settle(page)
    assert ticks(page)[-1] == 0, ticks(page)
