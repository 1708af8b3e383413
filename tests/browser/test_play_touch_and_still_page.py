"""The playground by touch on a phone held either way, and for a learner who turned motion off
(from a review on 390 × 844 and 844 × 390 phones, an 810 × 1080 tablet and its side, and the
system's "reduce motion"): a swipe meant to scroll the page that began on the draw picker's slider
chose the value under the finger and turned the pen on, unlike the Data panel's other sliders; the
× of a warning banner left the box it was about marked; on a phone on its side ▶ and ❚❚ scrolled
away with the header; and with motion turned off a trace's links still ran, the only sign of the
way each pass goes."""
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_data_slider_touch import ds_point
from test_play_page import open_page, wait_scene
from test_play_tablet_touch import TOUCH, PHONE, TT_TRANSPORT, tt_overlap, tt_swipe, tt_tapped_through_to_the_foot
from test_play_upload import choose_file
from test_play_upload_warning_control_page import _uwc_marked, _uwc_passengers

PHONE_ON_ITS_SIDE = dict(TOUCH, viewport={"width": 844, "height": 390})
SMALL_PHONE_ON_ITS_SIDE = dict(TOUCH, viewport={"width": 568, "height": 320})
TABLET_ON_ITS_SIDE = dict(TOUCH, viewport={"width": 1080, "height": 810})


def test_a_swipe_that_begins_on_the_draw_pickers_slider_scrolls_and_chooses_nothing(context_tab):
    page = context_tab(PHONE)
    page.get_by_test_id("dataset-select").select_option("plane")
    wait_scene(page, "s.state.dataset.name === 'plane'")
    slider, box, pen = (page.get_by_test_id(t) for t in ("draw-value-slider", "draw-value", "draw-value-pen"))
    before = slider.input_value()
    slider.evaluate("(s) => s.scrollIntoView({ block: 'center' })")
    scrolled = page.evaluate("scrollY")
    x, y = ds_point(page, "draw-value-slider", 0.1)     # (off the thumb: where a finger would set it)
    tt_swipe(page, x, y, x + 4, y - 200)                # up, a little aslant, as a thumb scrolls the page
    page.wait_for_function("(y) => scrollY > y", arg=scrolled)
    expect(slider).to_have_value(before)
    expect(box).to_have_value(before)
    expect(pen).not_to_have_class(re.compile(r"\bon\b"))   # (on, the next tap on the map drew)
    assert page.evaluate("window.neuralab.drawValue") is None
    # a sideways drag of the thumb chooses a value, and with it a drawing, as a tap does
    low, high = (float(slider.get_attribute(end)) for end in ("min", "max"))
    x, y = ds_point(page, "draw-value-slider", (float(before) - low) / (high - low))
    tt_swipe(page, x, y, x + 80, y)
    expect(pen).to_have_class(re.compile(r"\bon\b"))
    chosen = float(slider.input_value())
    assert chosen > float(before)
    assert float(box.input_value()) == chosen == page.evaluate("window.neuralab.drawValue")
    page.touchscreen.tap(*ds_point(page, "draw-value-slider", 0.05))
    page.wait_for_function("(v) => window.neuralab.drawValue < v", arg=chosen)
    assert float(box.input_value()) == float(slider.input_value()) < float(before)


def test_a_warnings_x_takes_down_the_marks_it_put_on_the_form(page, server, tmp_path):
    """The banner's × took down the words but left 'PassengerId' marked (a menu it named stayed
    marked too), and the Leave out list built again for another target marked the box again, with
    nothing left on the page to say why."""
    open_page(page, server)
    choose_file(page, _uwc_passengers(tmp_path / "titanic.csv"))
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("tick 'PassengerId' under Leave out")
    assert _uwc_marked(page) == [["PassengerId", True]]
    # a warning of the same scene that names a menu marks it too (load_csv's advice to drop rows)
    page.evaluate("""() => window.neuralab.emit('warning', { type: 'error', kind: 'warning', fatal: false,
        message: 'Rows with a missing cell: choose "drop the row" for Missing cells.', suggestion: '',
        control: { name: 'missing' } })""")
    missing = page.get_by_test_id("csv-missing")
    expect(missing).to_have_attribute("aria-invalid", "true")
    banner.get_by_role("button", name="Dismiss this message").click()
    expect(banner).to_be_hidden()
    assert _uwc_marked(page) == []
    expect(missing).not_to_have_attribute("aria-invalid", "true")
    page.get_by_test_id("csv-target").select_option("f01")    # (the Leave out list built again)
    expect(page.get_by_test_id("csv-leave-out").get_by_label("survived", exact=True)).to_be_visible()
    assert _uwc_marked(page) == []
    # nothing else changed: the form stays open where the learner was, its box unticked
    expect(page.locator("details.csv")).to_have_attribute("open", "")
    expect(page.get_by_test_id("csv-leave-out").get_by_label("PassengerId", exact=True)).not_to_be_checked()


@pytest.mark.parametrize("options", [PHONE_ON_ITS_SIDE, SMALL_PHONE_ON_ITS_SIDE], ids=["phone-844", "phone-568"])
def test_a_phone_on_its_side_keeps_the_transport_in_a_rail_beside_the_map(context_tab, options):
    """On a phone on its side ▶ and ❚❚ scrolled away with the header, and a bar at the foot would
    take a seventh of a 390 px screen from the map. They, the steps and the epoch stand in a rail
    down the right edge, none over another nor over the map, and the page, its end too, clear of it."""
    page = context_tab(options)
    width, height = options["viewport"]["width"], options["viewport"]["height"]
    page.get_by_test_id("output-canvas").evaluate("(n) => n.scrollIntoView({ block: 'center' })")
    top = page.locator("header.top").bounding_box()
    assert top["y"] + top["height"] < 0                      # (the header scrolled away)
    rail = page.locator(".top .transport").bounding_box()
    assert rail["x"] + rail["width"] == width and rail["y"] == 0 and rail["height"] == height, rail
    assert rail["width"] <= 80, rail                          # (the page keeps the rest)
    boxes = [page.get_by_test_id(testid).bounding_box() for testid in TT_TRANSPORT]
    for testid, box in zip(TT_TRANSPORT, boxes):
        assert rail["x"] <= box["x"] and box["x"] + box["width"] <= width, testid
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, testid
    assert not any(tt_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), boxes
    assert all(b["height"] >= 44 for b in boxes[:-1]), boxes   # (the buttons: 44 px targets still)
    page_right = page.locator("main.stage").bounding_box()
    assert page_right["x"] + page_right["width"] <= rail["x"], "the rail covers the page"
    map_box = page.get_by_test_id("output-canvas").bounding_box()
    assert map_box["height"] >= height - 120 - 1              # (as tall as style.css lets it be)
    foot = tt_tapped_through_to_the_foot(page)
    assert foot["x"] + foot["width"] <= rail["x"], "the rail covers the page's end"


def test_a_tablet_on_its_side_keeps_the_transport_in_its_header(context_tab):
    page = context_tab(TABLET_ON_ITS_SIDE)
    top = page.locator("header.top").bounding_box()
    for testid in TT_TRANSPORT:
        box = page.get_by_test_id(testid).bounding_box()
        assert top["y"] <= box["y"] and box["y"] + box["height"] <= top["y"] + top["height"], testid
    assert page.evaluate("[getComputedStyle(document.body).paddingRight, getComputedStyle(document.body).paddingBottom]") == ["0px", "0px"]


def _ts_traced_links(page):
    """The computed animation and arrowheads of the links of the layer a trace shows."""
    return page.evaluate("""() => [...new Set([...document.querySelectorAll('svg.links.tracing path.link.active')]
        .map((p) => { const s = getComputedStyle(p); return [s.animationName, s.markerStart, s.markerEnd].join(' '); }))]""")


def _ts_trace_to(page, phase):
    """Step the trace on until its title says ``phase`` ("Forward", "Backward")."""
    title = page.locator(".trace-title")
    while not title.inner_text().startswith(phase):
        page.get_by_test_id("trace-next").click()


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_with_motion_turned_off_a_trace_shows_its_way_by_arrowheads(context_tab, motion):
    page = context_tab({"viewport": {"width": 1400, "height": 900}, "reduced_motion": motion})
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-next")).to_be_enabled()
    for phase, still in (("Forward", 'none none url("#flow-arrow")'), ("Backward", 'none url("#flow-arrow") none')):
        _ts_trace_to(page, phase)
        moving = f"flow-{phase.lower()} none none"
        assert _ts_traced_links(page) == [still if motion == "reduce" else moving]
    # the arrowhead is drawn in each link's own colour (the backward pass's purple)
    assert page.evaluate("document.querySelector('#flow-arrow path').getAttribute('fill')") == "context-stroke"
    # a neuron's map under the mouse: at its enlarged size at once, not grown into it
    page.get_by_test_id("trace-stop").click()
    page.get_by_test_id("neuron-0-0").hover()
    zoom = page.locator(".thumb-zoom")
    expect(zoom).to_have_count(1)
    assert zoom.evaluate("(z) => getComputedStyle(z).animationName") == ("none" if motion == "reduce" else "zoom-in")


def test_with_motion_turned_off_the_pages_own_scrolls_jump(context_tab):
    """The network's ◀ ▶ (a phone's network is wider than the screen) glided it sideways; with motion
    turned off it is there at once."""
    page = context_tab(dict(PHONE, reduced_motion="reduce"))
    hint = page.get_by_test_id("network-scroll-hint")
    expect(hint).to_be_visible()
    settle(page)
    moved = hint.get_by_role("button", name="scroll the network right").evaluate(
        "(b) => { const root = document.getElementById('network'); b.click(); return root.scrollLeft; }")
    assert moved > 0
