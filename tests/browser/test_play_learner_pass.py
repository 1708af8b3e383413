"""What a learner met going through the playground once more (circles, a spiral with and without
hidden layers, a regression, Dropout, an uploaded CSV), each checked in a real browser: the
features of a CSV's columns read apart, the rate a schedule has reached shows without moving the
page, the epoch grows without breaking the header's row, the header's labels stand apart on its
one row, and the classroom menu opens on the screen.
"""
import itertools

import numpy as np
import pytest
from playwright.sync_api import expect

from test_play_page import open_page, upload_csv, wait_scene
from test_play_page_layout import HEADER_CLIPPED, HEADER_VALUES, contrast


def test_the_features_of_a_csvs_columns_read_apart(page, server, tmp_path):
    """Two columns named height_cm and body_temperature: every feature's label was cut at its end
    to "height…", so the square, the product and the sines of a column read alike. Each column's
    name is cut to a few characters now, the formula kept whole: the seven labels differ, none is
    clipped, each names itself whole in its title, and the maps still line up."""
    rng = np.random.default_rng(2)
    x = rng.normal([170, 37], [10, 0.5], size=(60, 2))
    path = tmp_path / "patients.csv"
    path.write_text("height_cm,body_temperature,ill\n"
                    + "".join(f"{a:.1f},{b:.2f},{int(b > 37)}\n" for a, b in x))
    open_page(page, server)
    upload_csv(page, path, "ill")
    wait_scene(page, "s.dataset.is_2d")
    labels = page.evaluate("""() => [...document.querySelectorAll('.feature')].map((f) => {
        const label = f.querySelector('.feature-label');
        return {text: label.textContent, title: label.title, clipped: label.scrollWidth > label.clientWidth,
                right: f.querySelector('.thumb').getBoundingClientRect().right};
    })""")
    named, said = zip(*(l["title"].split(": ", 1) for l in labels))
    assert list(named) == [
        "height_cm", "body_temperature", "height_cm²", "body_temperature²", "height_cm·body_temperature",
        "sin(height_cm)", "sin(body_temperature)"]
    # and each says it is of the column standardised: height_cm² is no square centimetres
    assert said[0].startswith("the network takes it standardised, (height_cm − 1")
    assert said[1].startswith("the network takes it standardised, (body_temperature − 3")
    assert said[4].startswith("of the standardised height_cm and body_temperature, (height_cm − 1")
    assert all(s.startswith("of the standardised ") and s.endswith(", a number without units") for s in said[2:])
    assert [l["text"] for l in labels] == [
        "height_cm", "body_tem…", "height_cm²", "body_tem…²", "height_cm·body_tem…", "sin(height_cm)", "sin(body_tem…)"]
    assert not [l for l in labels if l["clipped"]]
    assert max(l["right"] for l in labels) - min(l["right"] for l in labels) < 0.5


def test_the_rate_a_schedule_reached_shows_without_moving_the_page(page, server):
    """With a schedule, "now 0.015" appeared under the learning rate as a line of its own: the
    header grew 18 px when training began, moving the whole page, in grey hard to read on its dark
    blue. It hangs under the box now, readable, and the header and the boxes stay where they were."""
    open_page(page, server, {"hparams": {"schedule": "step:1:0.5"}})
    header = page.locator("header.top")
    before = header.bounding_box()["height"], page.get_by_test_id("lr").bounding_box()["y"]
    now = page.get_by_test_id("lr-now")
    expect(now).to_be_hidden()
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    expect(now).to_have_text("now 0.015")       # 0.03 halved after each epoch
    assert (header.bounding_box()["height"], page.get_by_test_id("lr").bounding_box()["y"]) == before
    assert contrast(page, "lr-now")["ratio"] >= 4.5


def test_the_header_keeps_one_row_as_the_epoch_grows(page, server):
    """A drawing of a few points trains thousands of epochs a second: the epoch's number grows to
    six and seven digits, and at 1280 px the header has to keep its one row (it broke in two when
    the speed menu took its own place), every control whole."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, server)
    epoch = page.get_by_test_id("epoch")
    for digits in ("0", "999999", "9999999"):
        epoch.evaluate("(node, text) => { node.textContent = text; }", digits)   # as a frame writes it
        assert page.locator("header.top").bounding_box()["height"] < 70, digits
        assert page.evaluate(HEADER_CLIPPED) == [], digits


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_headers_labels_stand_apart_on_one_row(page, server, width):
    """At 1280 px the labels wider than their boxes ran into the next ones, 4 px apart: "LEARNING
    RATE OPTIMIZER" and "BATCH SIZE L1" read as single labels. Each label's words end 8 px or more
    before the next label's begin, all on one line (the Epoch label sat 2 px lower), with the
    widest values shown whole, on the header's one row."""
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, server, HEADER_VALUES)
    words = page.evaluate("""() => [...document.querySelectorAll('header.top .field-label')].map((l) => {
        const range = document.createRange();
        range.selectNodeContents(l);
        const r = range.getBoundingClientRect();
        return [l.textContent, r.left, r.right, Math.round(r.top)];
    })""")
    assert len({top for *_, top in words}) == 1, words
    words.sort(key=lambda w: w[1])
    gaps = {f"{a[0]} | {b[0]}": b[1] - a[2] for a, b in itertools.pairwise(words)}
    assert "Learning rate | Optimizer" in gaps and "Batch size | L1" in gaps
    assert min(gaps.values()) >= 8, gaps
    assert page.locator("header.top").bounding_box()["height"] < 70
    assert page.evaluate(HEADER_CLIPPED) == []


@pytest.mark.parametrize("width", [1280, 1400, 390])
def test_the_classroom_menu_opens_on_the_screen(page, server, width):
    """The classroom menu (the arrow beside Share) opened under its arrow, 300 px wide, and ran
    60 px past the screen's right edge at 1280 px, its words cut: it stays on the screen now,
    wherever the header puts the arrow (a phone's too), and the page does not scroll sideways."""
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, server)
    page.get_by_test_id("classroom").locator("summary").click()
    panel = page.locator(".classroom-menu")
    expect(panel).to_be_visible()
    page.wait_for_function(f"""() => {{ const r = document.querySelector('.classroom-menu').getBoundingClientRect();
        return r.left >= 0 && r.right <= {width}; }}""", timeout=2000)
    assert page.evaluate("() => document.documentElement.scrollWidth") == width
    page.get_by_test_id("hide-optimizer").check()      # and it works where it opened
    wait_scene(page, "s.state.hide.includes('optimizer')")
