"""The playground's page, from a learner reproducing TensorFlow Playground's lessons: the speed
menu, the training numbers of a network with dropout while it plays, one MSE for a regression
on the board and the chart, the charts' axes (whole epochs, a diverged R² on its axis, words
as large as the page's), the loss named, and a learning rate past its range refused in words."""
import time

import pytest
from playwright.sync_api import expect

from playkit import decode_frame, decode_state, relay, settle
from test_play_page import number, open_page, wait_scene

# every word a chart writes: {chart, text, x, y, font}
CHART_WORDS = """(() => {
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    window.__chartWords = [];
    CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
        const chart = this.canvas.dataset.testid;
        if (chart === 'loss-chart' || chart === 'accuracy-chart') {
            window.__chartWords.push({ chart, text: String(text), x, y, font: this.font });
        }
        return fillText.apply(this, arguments);
    };
})()"""


def last_drawing(page, chart):
    """The words of the last drawing of ``chart``: from its title (written first) on."""
    words = page.evaluate("(chart) => window.__chartWords.filter((w) => w.chart === chart)", chart)
    starts = [i for i, w in enumerate(words) if w["y"] == 14]
    assert starts, f"{chart} drew no title"
    return words[starts[-1]:]


def test_the_speed_menu_paces_play_and_a_link_keeps_it(page, server):
    # the learner: the default circles reached 100 % at epoch 69, 0.26 s after ▶
    open_page(page, server)
    menu = page.get_by_test_id("speed")
    expect(menu).to_have_value("10")                     # the default (test_play_pace_default.py)
    menu.select_option("3")
    wait_scene(page, "s.state.speed === 3")
    assert decode_state(page.evaluate("() => location.hash"))["speed"] == 3
    # paced, never faster than 3 epochs a second, however fast the machine (a slow one may
    # train fewer: no lower bound on the wall clock; test_play_lessons.py checks the rests)
    began = time.monotonic()
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch >= 3")
    page.get_by_test_id("pause").click()
    settle(page)
    elapsed = time.monotonic() - began
    assert 3 <= int(page.get_by_test_id("epoch").inner_text()) <= 3 * elapsed + 1
    page.reload()
    wait_scene(page, "s.state.speed === 3")
    expect(page.get_by_test_id("speed")).to_have_value("3")
    # the menu sits in the header, which still fits one row at 1400 px
    assert page.locator("header.top").bounding_box()["height"] < 70


def test_a_dropout_networks_training_numbers_hold_when_it_pauses(page, server):
    # the learner: 0.327 and 85 % while playing, 0.096 and 95 % once paused, for one network
    open_page(page, server, {"dataset": {"name": "circles", "noise": 0.3},
                             "layers": [{"id": "h1", "type": "dense", "units": 8, "activation": "tanh"}],
                             "hparams": {"dropout": 0.3, "lr": 0.1}, "speed": None})
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch > 300")
    playing = number(page.get_by_test_id("loss-train").inner_text())
    page.get_by_test_id("pause").click()
    settle(page)   # (the board follows the frame within 1/20 s)
    paused = number(page.get_by_test_id("loss-train").inner_text())
    # (an epoch's end at most 1/75 s before the pause: the same network, a few noisy steps on;
    # fit's means over the batches with dropout read 2.5 to 3.5 times the loss)
    assert playing == pytest.approx(paused, rel=0.4), (playing, paused)


def test_a_regressions_board_and_loss_chart_say_one_mse(page, server):
    # the learner: Test MSE 0.0124 on the board, ~0.047 on the chart (the standardised target's)
    page.add_init_script(CHART_WORDS)
    open_page(page, server, {"dataset": {"name": "plane"}})
    for epoch in (1, 2, 3):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(str(epoch))
    settle(page)
    curves = page.evaluate("() => Array.from(window.neuralab.frame.arrays.curves.slice(-5))")
    assert number(page.get_by_test_id("loss-test").inner_text()) == pytest.approx(curves[2], rel=5e-3)
    assert number(page.get_by_test_id("loss-train").inner_text()) == pytest.approx(curves[1], rel=5e-3)
    assert last_drawing(page, "loss-chart")[0]["text"] == "MSE (in the target's units, squared)"
    expect(page.get_by_test_id("loss-name")).to_have_text("MSE: mean squared error, in the target's units, squared")
    # (the board's title, which says how: σ² × the standardised target's MSE, is in units squared too)
    assert "MSE in the target's units, squared, as the loss chart" in page.locator(".metrics").get_attribute("title")


def _rewrite_curves(page, change):
    """Route the page's socket so that each frame's ``curves`` pass through ``change`` (an
    in-place edit of the (k, 5) array) on their way to the page."""
    from neuralab.play import frames

    def changed(message):
        if isinstance(message, bytes):
            header, arrays = decode_frame(message)
            arrays = {k: v.copy() for k, v in arrays.items()}
            change(arrays["curves"])
            message = frames.encode({k: v for k, v in header.items() if k != "arrays"}, arrays)
        return message
    relay(page, changed)


def _after_a_divergence(curves):
    curves[:, 0] += 21620          # a long run
    curves[:, 3:5] = -4.2e25       # R² of a diverged run


def test_the_charts_write_whole_epochs_keep_r2_on_its_axis_and_read_at_the_pages_size(page, server):
    # the learner: "epoch 2.163e-" cut at the chart's edge; a diverged run's R² axis read
    # −4.2e+25, its labels over the loss chart's; words of 6 pixels on a 300-pixel chart
    page.add_init_script(CHART_WORDS)
    _rewrite_curves(page, _after_a_divergence)
    open_page(page, server, {"dataset": {"name": "plane"}})
    for epoch in (1, 2):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(str(epoch))
    settle(page)
    loss, r2 = last_drawing(page, "loss-chart"), last_drawing(page, "accuracy-chart")
    assert [w["text"] for w in loss if w["text"].startswith("epoch")] == ["epoch 21622"]
    assert r2[0]["text"] == "R²"
    ticks = [float(w["text"].replace("−", "-")) for w in r2 if w["x"] == 2]
    assert len(ticks) == 4 and max(ticks) == 1 and min(ticks) == -1, ticks
    for words in (loss, r2):
        assert {w["font"] for w in words} == {"12px system-ui, sans-serif"}
        title, top_tick = words[0], next(w for w in words if w["x"] == 2)
        assert top_tick["y"] - 6 > title["y"], (title, top_tick)   # (ticks are centred on their line)
    # each canvas holds as many pixels as it shows: its 12 px are 12 px on the screen
    sizes = page.evaluate("""() => [...document.querySelectorAll('canvas.curve')].map((c) => [
        c.width, Math.round(c.clientWidth * devicePixelRatio), c.height, Math.round(c.clientHeight * devicePixelRatio)])""")
    assert all(w == cw and h == ch for w, cw, h, ch in sizes), sizes


@pytest.mark.parametrize("state, words", [
    ({}, "loss: binary cross-entropy"),
    ({"dataset": {"name": "spiral", "n_classes": 3}}, "loss: cross-entropy"),
    ({"dataset": {"name": "gaussians", "n_classes": 3}, "output": "identity"}, "loss: mean squared error"),
])
def test_the_board_and_the_chart_name_the_loss(page, server, state, words):
    page.add_init_script(CHART_WORDS)
    open_page(page, server, state)
    expect(page.get_by_test_id("loss-name")).to_have_text(words)
    expect(page.get_by_test_id("loss-test-label")).to_have_text("Test loss")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    assert last_drawing(page, "loss-chart")[0]["text"] == words


def test_a_learning_rate_past_its_range_is_refused_in_words(page, server):
    # the learner: 100 typed became 10, and nothing said so
    open_page(page, server)
    box = page.get_by_test_id("lr")
    box.fill("100")
    box.press("Enter")
    expect(page.get_by_test_id("error")).to_contain_text("Learning rate must be in [1e-05, 10], got 100")
    expect(box).to_have_value("100")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("() => [window.neuralab.state.hparams.lr, window.neuralab.scene.state.hparams.lr]") == [0.03, 0.03]
    box.fill("3")
    box.press("Enter")
    wait_scene(page, "s.state.hparams.lr === 3")
    expect(box).not_to_have_attribute("aria-invalid", "true")
    assert box.input_value() == "3"
