"""The playground on a tablet and a phone, by touch alone (from a review on 820 × 1180, 1180 × 820
and 390 × 844 touch screens): a long press lifts a block's card, which the finger drags to its new
place, as the mouse drags it (a phone's network scrolling under it); a sideways swipe, a card
dragged or a finger across the map, no longer takes the browser back, away from the training; a
tap leaves no look of the mouse on what it tapped; the buttons pressed most are 44 px targets
under a finger, and the neuron panel's weights 24 px ones. Then: no box zooms iOS's page when it
gets the focus, a pull down does not reload it nor a double tap zoom it, the transport stays in a
bar at the foot of an upright screen, and the other actions, the boxes to tick and the sliders
grow under a finger.
"""
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_page import open_page

TOUCH = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
IPAD_PORTRAIT = dict(TOUCH, viewport={"width": 820, "height": 1180})
IPAD_LANDSCAPE = dict(TOUCH, viewport={"width": 1180, "height": 820})
PHONE = dict(TOUCH, viewport={"width": 390, "height": 844})
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def tt_swipe(page, x0, y0, x1, y1, steps=15, pressed=None, held=None):
    """A finger put down at (x0, y0), moved to (x1, y1) in ``steps`` moves and lifted (the
    browser's own touch events, as a touch screen sends them); ``pressed()``, if given, runs
    before it moves (a long press: until the card is lifted), ``held()`` before it is lifted."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    if pressed:
        pressed()
    for i in range(1, steps + 1):
        point = {"x": x0 + (x1 - x0) * i / steps, "y": y0 + (y1 - y0) * i / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    if held:
        held()
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


TT_THREE = {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
                       {"id": "d1", "type": "dropout", "p": 0.2},
                       {"id": "h2", "type": "dense", "units": 2, "activation": "relu"}]}


def tt_order(page):
    """The ids of the hidden blocks in the server's scene, in order."""
    return page.evaluate("() => window.neuralab.scene.state.layers.map((b) => b.id)")


def tt_wait_order(page, ids):
    page.wait_for_function("""(ids) => { const s = window.neuralab.scene;
        return !!s && JSON.stringify(s.state.layers.map((b) => b.id)) === JSON.stringify(ids); }""", arg=ids)


def tt_lifted(page, i):
    """Wait, the finger on it, until hidden block ``i``'s card is lifted (a long press)."""
    return lambda: expect(page.get_by_test_id(f"layer-{i}")).to_have_class(re.compile(r"\bdragging\b"))


def tt_card_point(page, i, across=0.5):
    """A point of hidden block ``i``'s card (its name, under its neurons: no link there), at
    ``across`` of its width."""
    box = page.get_by_test_id(f"layer-{i}").bounding_box()
    foot = page.locator(f"[data-testid=layer-{i}] .col-foot").bounding_box()
    return box["x"] + box["width"] * across, foot["y"] + foot["height"] / 2


def test_a_long_press_lifts_a_card_and_the_finger_drops_it_in_its_place(context_tab, server):
    """The mouse's drag of a card did nothing under a finger (a touch screen starts no HTML5 drag)
    but scroll, or go back. A long press lifts the card, faded with its maps; moved, the finger
    marks where it goes, the page holding still; lifted, the block is there."""
    page = context_tab(IPAD_LANDSCAPE)
    open_page(page, server, TT_THREE)
    settle(page)
    x0, y0 = tt_card_point(page, 0)
    # the last card's right half (after it), at the first card's foot: below the last one, which
    # has fewer neurons (the finger hides where a card ends: its column is enough)
    x1, y1 = tt_card_point(page, 2, across=0.6)[0], y0
    assert y1 > page.get_by_test_id("layer-2").bounding_box()["y"] + page.get_by_test_id("layer-2").bounding_box()["height"]
    before = page.evaluate("[scrollX, scrollY]")

    def marked():
        assert page.evaluate("() => document.querySelector('.dragging')?.dataset.testid") == "layer-0"
        assert page.evaluate("() => document.querySelector('.drop-after')?.dataset.testid") == "layer-2"
        # its maps fade with it: copies in its own placeholders (neuron-maps.js), off the shared canvas
        assert page.locator("[data-testid=layer-0] .thumb canvas").count() == 4
    tt_swipe(page, x0, y0, x1, y1, pressed=tt_lifted(page, 0), held=marked)
    tt_wait_order(page, ["d1", "h2", "h1"])
    assert page.evaluate("[scrollX, scrollY]") == before
    expect(page.locator(".dragging, .drop-before, .drop-after, .thumb canvas")).to_have_count(0)


def test_a_finger_that_moves_at_once_scrolls_and_moves_no_block(context_tab, server):
    """A swipe across the cards is a scroll (of the phone's network, sideways), as before."""
    page = context_tab(PHONE)
    open_page(page, server, TT_THREE)
    settle(page)
    page.get_by_test_id("layer-2").scroll_into_view_if_needed()
    page.eval_on_selector("#network", "(n) => { n.scrollLeft = n.scrollWidth; }")
    left = page.eval_on_selector("#network", "(n) => n.scrollLeft")
    x0, y = tt_card_point(page, 2)
    tt_swipe(page, x0, y, x0 + 150, y)
    page.wait_for_function("(left) => document.getElementById('network').scrollLeft < left", arg=left)
    page.wait_for_timeout(500)   # (what must not come: a move)
    assert tt_order(page) == ["h1", "d1", "h2"]


def test_a_card_dragged_past_a_phones_network_scrolls_it_and_drops_there(context_tab, server):
    """A phone shows a block or two of the network: the finger held past its right edge scrolls
    it on, and lifted there drops the block after the last one."""
    page = context_tab(PHONE)
    open_page(page, server, TT_THREE)
    settle(page)
    page.get_by_test_id("layer-0").scroll_into_view_if_needed()
    page.eval_on_selector("#network", "(n) => { n.scrollLeft = 0; }")
    x0, y = tt_card_point(page, 0)
    edge = page.eval_on_selector("#network", "(n) => n.getBoundingClientRect().right")
    assert page.get_by_test_id("layer-2").bounding_box()["x"] > edge   # (out of sight to begin with)

    def scrolled_to_the_end():
        page.wait_for_function("""() => { const n = document.getElementById('network');
            return n.scrollLeft + n.clientWidth >= n.scrollWidth - 1; }""")
    tt_swipe(page, x0, y, edge + 10, y, pressed=tt_lifted(page, 0), held=scrolled_to_the_end)
    tt_wait_order(page, ["d1", "h2", "h1"])


@pytest.mark.parametrize("options, start, end", [
    (IPAD_LANDSCAPE, "layer-0", "layer-1"),           # a card dragged onto the next, to reorder
    (IPAD_PORTRAIT, "output-canvas", "output-canvas"),  # a finger across the map, drawing
    (PHONE, "network", "network"),                    # the network scrolled back to its start
], ids=["card-dragged", "across-the-map", "network-at-its-start"])
def test_a_sideways_swipe_keeps_the_page(context_tab, options, start, end):
    """A swipe to the right that the page cannot scroll was the browser's Back: the page went
    back to the tab's blank page, and the training (an uploaded CSV's rows too) with it. (From
    one element's middle to the next one's right, or across one: its tenth to its nine tenths.)"""
    page = context_tab(options)
    page.get_by_test_id("neuron-0-0").scroll_into_view_if_needed()
    page.evaluate("() => { window.ttStillHere = true; }")
    a, b = page.locator(f"[data-testid={start}], #{start}").bounding_box(), page.locator(f"[data-testid={end}], #{end}").bounding_box()
    y = page.get_by_test_id("neuron-0-0").bounding_box()["y"] + 20 if start == "network" else a["y"] + a["height"] / 2
    x0 = a["x"] + (a["width"] * 0.1 if start == end else a["width"] / 2)
    x1 = b["x"] + b["width"] * 0.9
    assert x1 - x0 > 150, (a, b)
    tt_swipe(page, x0, y, x1, y)
    page.wait_for_timeout(800)   # (what must not come: a navigation, which begins at once)
    assert page.evaluate("() => window.ttStillHere === true"), f"the swipe left the page for {page.url}"
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()


# (computed styles of the tapped element, and of one of its kind the finger never reached)
TT_LOOKS = """([tapped, other, inner]) => [tapped, other].map((id) => {
    let n = document.querySelector(`[data-testid="${id}"]`);
    if (inner) n = n.querySelector(inner);
    const s = getComputedStyle(n);
    return [s.backgroundColor, s.borderTopColor];
})"""


def test_a_tap_leaves_no_look_of_the_mouse(context_tab):
    """A tap left what it tapped as under a mouse until the next tap elsewhere: a grey box round
    a card touched, a dark edge on the tapped neuron (beside the panel's own outline), ▶ lit.
    Each looks as another of its kind that the finger never touched."""
    page = context_tab(IPAD_PORTRAIT)
    page.locator("[data-testid=layer-0] .col-foot").tap()   # (a card touched to drag it)
    card, other_card = page.evaluate(TT_LOOKS, ["layer-0", "layer-1", None])
    assert card == other_card, "the card touched keeps the look under a mouse"
    page.get_by_test_id("neuron-0-1").tap()
    expect(page.locator(".inspector-title")).to_contain_text("neuron 1")
    thumb, other_thumb = page.evaluate(TT_LOOKS, ["neuron-0-1", "neuron-0-2", ".thumb"])
    assert thumb == other_thumb, "the tapped neuron keeps the dark edge of a mouse over it"
    page.get_by_test_id("play").tap()
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "false")
    play, reset = page.evaluate(TT_LOOKS, ["play", "reset", None])
    # (its edge is lighter while it plays: .on)
    assert play[0] == reset[0], "▶, tapped, keeps the lighter look of a mouse over it"
    page.get_by_test_id("pause").tap()
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "true")


def test_a_mouse_still_lights_what_it_is_over(context_tab):
    """The looks under the mouse stay on the desktop."""
    page = context_tab(DESKTOP)
    before = page.evaluate(TT_LOOKS, ["layer-0", "layer-1", None])
    page.locator("[data-testid=layer-0] .col-foot").hover()   # (its name: above the links)
    card, other_card = page.evaluate(TT_LOOKS, ["layer-0", "layer-1", None])
    assert card != other_card and other_card == before[1]


# ↺ ▶ ❚❚ and the steps (the header's row), the network's + and −
TT_PRESSED_MOST = ["reset", "play", "pause", "step-batch", "step-epoch", "add-layer", "remove-layer"]


@pytest.mark.parametrize("options", [IPAD_PORTRAIT, PHONE], ids=["ipad", "phone"])
def test_the_buttons_pressed_most_are_44_px_under_a_finger(context_tab, options):
    """WCAG 2.5.5 and Apple's guidelines: 44 × 44 px. They were 32 × 27 (▶) and 28 × 28 (+);
    the header still fits the phone's width."""
    page = context_tab(options)
    for testid in TT_PRESSED_MOST:
        box = page.get_by_test_id(testid).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, f"{testid}: {box['width']:.1f} × {box['height']:.1f} px"
    assert page.evaluate("document.documentElement.scrollWidth") == options["viewport"]["width"]


def test_the_buttons_pressed_most_stay_compact_under_a_mouse(context_tab):
    page = context_tab(DESKTOP)
    for testid in TT_PRESSED_MOST:
        assert page.get_by_test_id(testid).bounding_box()["height"] < 44, testid


def test_the_neuron_panels_weights_are_24_px_targets_under_a_finger(context_tab):
    """Each weight of the neuron panel opens its editor: they were 15 px high, 17 px apart."""
    page = context_tab(PHONE)
    neuron = page.get_by_test_id("neuron-2-0")
    neuron.scroll_into_view_if_needed()
    neuron.tap()
    expect(page.locator("button.weight-button")).to_have_count(4)
    boxes = [b.bounding_box() for b in page.locator("button.weight-button").all()]
    assert all(b["height"] >= 24 and b["width"] >= 24 for b in boxes), boxes
    assert all(b["y"] - a["y"] - a["height"] >= 0 for a, b in zip(boxes, boxes[1:])), boxes
    # a tap at the lower edge of the second weight opens the second's editor
    second = boxes[1]
    page.touchscreen.tap(second["x"] + second["width"] / 2, second["y"] + second["height"] - 2)
    expect(page.get_by_test_id("weight-editor")).to_have_attribute("aria-label", "weight W[0, 1]")


# The boxes typed in and the menus, and the longest values the header's boxes hold
TT_LONGEST = {"lr": "0.00003", "l1": "0.00015", "l2": "0.00015", "batch-size": "1000", "schedule": "step:30:0.5"}
TT_BOXES = """() => [...document.querySelectorAll('input, select, textarea')].filter((n) => n.offsetParent
    && !['checkbox', 'range', 'file'].includes(n.type)).map((n) => [n.dataset.testid || n.name || n.outerHTML.slice(0, 60),
    parseFloat(getComputedStyle(n).fontSize)])"""


@pytest.mark.parametrize("options", [PHONE, IPAD_PORTRAIT, IPAD_LANDSCAPE], ids=["phone", "ipad", "ipad-on-its-side"])
def test_a_box_that_gets_the_focus_does_not_zoom_ios(context_tab, options):
    """iOS zooms the page into a box or a menu whose words are under 16 px when it gets the focus,
    and leaves it zoomed (Chromium does not: its words' size is checked). They were 12 to 14 px;
    at 16 px the header's boxes still hold their longest values whole, a card's menu its longest
    activation, and the header and the cards the screen's width."""
    page = context_tab(options)
    small = [(name, size) for name, size in page.evaluate(TT_BOXES) if size < 16]
    assert not small, f"under 16 px: {small}"
    for testid, value in TT_LONGEST.items():
        box = page.get_by_test_id(testid)
        box.evaluate("(n, v) => { n.value = v; }", value)   # (shown, not sent)
        assert box.evaluate("(n) => n.scrollWidth <= n.clientWidth"), f"{value} cut in the {testid} box"
    # a card's menu as wide as its longest choice ("leaky_relu"), not cut by its max-width
    assert page.get_by_test_id("activation-0").evaluate("""(s) => { const w = s.getBoundingClientRect().width;
        s.style.maxWidth = 'none'; const whole = s.getBoundingClientRect().width; s.style.maxWidth = ''; return whole <= w + 0.5; }""")
    assert page.evaluate("document.documentElement.scrollWidth") == options["viewport"]["width"]
    top = page.locator("header.top").bounding_box()
    for part in page.locator("header.top .field, header.top .actions > *:visible").all():
        box = part.bounding_box()
        assert box["x"] >= top["x"] and box["x"] + box["width"] <= top["x"] + top["width"], box


def test_the_boxes_keep_their_size_under_a_mouse(context_tab):
    page = context_tab(DESKTOP)
    assert dict(page.evaluate(TT_BOXES))["lr"] < 16


def test_a_pull_down_keeps_the_page_and_a_pinch_still_zooms(context_tab):
    """A pull down at a phone's page top was its browser's refresh (the training lost), a double
    tap on ▶ or on the map iOS's zoom. Chromium does neither (it has no pull to refresh, and does
    not zoom a page as wide as the screen): the rules that stop them are checked, and that the page
    still scrolls under a finger and zooms under a pinch (WCAG 1.4.4)."""
    page = context_tab(PHONE)
    assert page.evaluate("getComputedStyle(document.documentElement).overscrollBehaviorY") in ("contain", "none")
    for selector in ["[data-testid=play]", "[data-testid=share-link]", "[data-testid=enlarge]", "[data-testid=output-canvas]",
                     "#network", "header.top", "[data-testid=dataset-select]"]:
        assert page.eval_on_selector(selector, "(n) => getComputedStyle(n).touchAction") == "manipulation", selector
    # the page's words: a double tap zooms them still, as a pinch does anywhere
    assert page.evaluate("[getComputedStyle(document.documentElement).touchAction, getComputedStyle(document.body).touchAction]") == ["auto", "auto"]
    viewport = page.get_attribute("meta[name=viewport]", "content")
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport, viewport
    title = page.locator("#inspector-title").bounding_box()   # (a finger on words, the neuron panel's title, up)
    x, y = title["x"] + 10, title["y"] + 5
    assert y > 320, title
    tt_swipe(page, x, y, x, y - 300)
    page.wait_for_function("() => scrollY > 100")
    cdp = page.context.new_cdp_session(page)
    map_box = page.get_by_test_id("output-canvas")
    map_box.scroll_into_view_if_needed()
    box = map_box.bounding_box()
    cdp.send("Input.synthesizePinchGesture", {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2, "scaleFactor": 2})
    page.wait_for_function("() => visualViewport.scale > 1.5")
    cdp.detach()


TT_TRANSPORT = ["reset", "play", "pause", "step-batch", "step-epoch", "epoch"]


def tt_in_view(page, testid):
    box = page.get_by_test_id(testid).bounding_box()
    return 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def tt_overlap(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("options", [PHONE, IPAD_PORTRAIT, dict(TOUCH, viewport={"width": 320, "height": 568})],
                         ids=["phone", "ipad", "phone-of-320"])
def test_the_transport_stays_in_reach_of_a_finger_upright(context_tab, options):
    """Upright, ▶ and ❚❚ scrolled away with the header while the learner watched the map below it.
    They and the epoch stay in a small bar at the screen's foot, none over another (on a phone of
    320 px the epoch on a tab over the bar); the page's end scrolls clear of them."""
    page = context_tab(options)
    page.get_by_test_id("output-canvas").evaluate("(n) => n.scrollIntoView({block: 'center'})")
    assert page.locator("header.top").bounding_box()["y"] + page.locator("header.top").bounding_box()["height"] < 0
    boxes = [page.get_by_test_id(testid).bounding_box() for testid in TT_TRANSPORT]
    assert all(tt_in_view(page, testid) for testid in TT_TRANSPORT), boxes
    assert not any(tt_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), boxes
    bar = page.locator(".transport").bounding_box()
    assert bar["height"] <= 64 and bar["y"] + bar["height"] == options["viewport"]["height"], bar
    bar_top = min(bar["y"], page.locator(".top .epoch").bounding_box()["y"])
    map_box = page.get_by_test_id("output-canvas").bounding_box()
    assert map_box["y"] + map_box["height"] <= bar_top, "the bar covers the map"
    foot = tt_tapped_through_to_the_foot(page)
    assert foot["y"] + foot["height"] <= bar_top + 0.5, "the bar covers the page's end"   # (a scroll's fraction of a px)


def tt_tapped_through_to_the_foot(page):
    """▶ and ❚❚ tapped where they stand (a bar, a rail), training between; then the page scrolled
    to its end: the box of its footer, which the transport must leave in view."""
    page.get_by_test_id("play").tap()
    page.wait_for_function("() => Number(document.querySelector('[data-testid=epoch]').textContent) > 0")
    page.get_by_test_id("pause").tap()
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "true")
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    return page.locator("footer.foot").bounding_box()


@pytest.mark.parametrize("options", [DESKTOP, IPAD_LANDSCAPE], ids=["mouse", "ipad-on-its-side"])
def test_the_transport_stays_in_the_header_under_a_mouse_and_on_its_side(context_tab, options):
    page = context_tab(options)
    top = page.locator("header.top").bounding_box()
    for testid in TT_TRANSPORT:
        box = page.get_by_test_id(testid).bounding_box()
        assert top["y"] <= box["y"] and box["y"] + box["height"] <= top["y"] + top["height"], testid
    assert page.evaluate("getComputedStyle(document.body).paddingBottom") == "0px"


def tt_box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_other_actions_and_boxes_grow_under_a_finger(context_tab):
    """Share, the downloads, the Classroom arrow and Enlarge were 27 and 24 px high: 44 px, as ▶.
    A box to tick was 13 px on a 21 px line, the Classroom menu's rows touching; a slider's thumb
    16 px on a 16 px strip. The box's label is its target, 32 px high and apart from the next (WCAG
    2.5.8's 24 px, and room); a finger put on a slider's strip 12 px off its line moves it."""
    page = context_tab(PHONE)
    for selector in ["[data-testid=share-link]", "[data-testid=download-model]", "[data-testid=download-code]",
                     "[data-testid=download-png]", "#classroom summary", "[data-testid=enlarge]"]:
        b = tt_box(page, selector)
        assert b["width"] >= 44 and b["height"] >= 44, f"{selector}: {b['width']:.1f} × {b['height']:.1f} px"
    page.locator("#classroom summary").tap()
    rows = [b.bounding_box() for b in page.locator(".hide-choice").all()]
    assert len(rows) > 10 and all(b["height"] >= 32 for b in rows), rows
    assert all(b["y"] - a["y"] - a["height"] >= 4 for a, b in zip(rows, rows[1:])), rows
    # a tap at the second row's lower edge ticks its box, not the next one's
    page.touchscreen.tap(rows[1]["x"] + 40, rows[1]["y"] + rows[1]["height"] - 2)
    expect(page.locator(".hide-choice input").nth(1)).to_be_checked()
    expect(page.locator(".hide-choice input").nth(2)).not_to_be_checked()
    page.locator("#classroom summary").tap()
    for testid in ["show-test", "discretize", "log-scale"]:
        box, label = page.get_by_test_id(testid), page.locator(f"label:has(> [data-testid={testid}])")
        assert box.bounding_box()["height"] >= 20 and label.bounding_box()["height"] >= 32, testid
    noise = page.get_by_test_id("noise")
    noise.scroll_into_view_if_needed()
    strip = noise.bounding_box()
    assert strip["height"] >= 28, strip
    page.touchscreen.tap(strip["x"] + strip["width"] * 0.8, strip["y"] + strip["height"] / 2 - 12)
    expect(noise).not_to_have_value("0.1")


def test_the_other_actions_and_boxes_stay_compact_under_a_mouse(context_tab):
    page = context_tab(DESKTOP)
    assert tt_box(page, "[data-testid=share-link]")["height"] < 44 and tt_box(page, "[data-testid=enlarge]")["height"] < 44
    assert tt_box(page, "[data-testid=show-test]")["height"] < 20 and tt_box(page, "[data-testid=noise]")["height"] < 28
