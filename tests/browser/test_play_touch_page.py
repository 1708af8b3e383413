"""The playground on a classroom's tablet, by finger alone (a touch screen that is not a phone:
1024 × 768 on its side, 768 × 1024 upright): a tap adds and removes a hidden block, a long press
drags a card to another place (its links drawn again between the new neighbours) and a palette
block into its place (a finger could only append one by a tap), taps draw points on the plane
and ▶ / ❚❚ train on them, a tap opens a neuron's panel and a weight's editor, the Classroom menu
opens and closes. And the notice line keeps a notice for the time to read it: a short one 4 s, a
long one longer, none for ever.
"""
import datetime
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_page import choose_drawn, open_page, wait_scene
from test_play_tablet_touch import tt_card_point, tt_lifted, tt_swipe, tt_wait_order

SCRATCH = "/tmp/s50/scratchH"
TABLET = {"has_touch": True, "is_mobile": False}
ON_ITS_SIDE = dict(TABLET, viewport={"width": 1024, "height": 768})
UPRIGHT = dict(TABLET, viewport={"width": 768, "height": 1024})
BOTH = pytest.mark.parametrize("options", [ON_ITS_SIDE, UPRIGHT], ids=["1024x768", "768x1024"])
TWO = {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
                  {"id": "h2", "type": "dense", "units": 2, "activation": "relu"}]}


def tp_shot(page, name):
    page.screenshot(path=f"{SCRATCH}/{name}.png")


def tp_layers(page):
    """The hidden blocks of the server's scene, as "type:units" (Dense) or "type"."""
    return page.evaluate("""() => window.neuralab.scene.state.layers.map(
        (b) => b.type === 'dense' ? `dense:${b.units}` : b.type)""")


def tp_links(page):
    """For each Dense layer of the scene: [weights it has (units × in), links drawn for them]."""
    return page.evaluate("""() => window.neuralab.scene.network.layers.filter((l) => l.kind === 'dense')
        .map((l) => [l.units * l.in, document.querySelectorAll(`[data-testid^="link-${l.index}-"]`).length])""")


def tp_center(page, selector):
    """Scroll ``selector``'s element to the middle of the screen (clear of an upright tablet's
    transport bar at its foot)."""
    page.locator(selector).first.evaluate("(n) => n.scrollIntoView({ block: 'center' })")


@BOTH
def test_a_tap_adds_a_hidden_block_and_another_removes_one(context_tab, options):
    page = context_tab(options)
    before = tp_layers(page)
    page.get_by_test_id("add-layer").tap()
    expect(page.get_by_test_id(f"layer-{len(before)}")).to_be_visible()
    assert tp_layers(page) == before + [before[-1]]        # (as wide as the last Dense block)
    page.get_by_test_id("remove-layer").tap()
    expect(page.get_by_test_id(f"layer-{len(before)}")).to_have_count(0)
    assert tp_layers(page) == before


@BOTH
def test_a_long_press_drags_a_card_to_another_place_and_its_links_form_again(context_tab, server, options):
    page = context_tab(options)
    open_page(page, server, TWO)
    settle(page)
    tp_center(page, "[data-testid=layer-0] .col-foot")
    x0, y0 = tt_card_point(page, 0)
    x1 = tt_card_point(page, 1, across=0.8)[0]            # the second card's right half: after it
    tt_swipe(page, x0, y0, x1, y0, pressed=tt_lifted(page, 0))
    tt_wait_order(page, ["h2", "h1"])
    # the links between the columns drawn again, each weight of the new order its own
    page.wait_for_function("""() => window.neuralab.scene.network.layers.filter((l) => l.kind === 'dense')
        .every((l) => document.querySelectorAll(`[data-testid^="link-${l.index}-"]`).length === l.units * l.in)""")
    assert [drawn for _, drawn in tp_links(page)] == [2 * 2, 4 * 2, 1 * 4]   # 2 → 2 → 4 → 1
    tp_shot(page, f"card-dragged-{options['viewport']['width']}")


@BOTH
def test_a_long_press_drags_a_palette_block_into_its_place(context_tab, server, options):
    """A mouse drops a palette block between two blocks; a finger could only tap it, appending
    it after the last. Held, it is lifted (faded), and dropped where the finger leaves it."""
    page = context_tab(options)
    open_page(page, server, TWO)
    settle(page)
    # the palette at the screen's top, the cards under it
    page.locator("#network-toolbar").evaluate("(n) => n.scrollIntoView({ block: 'start' })")
    item = page.get_by_test_id("palette-dropout").bounding_box()
    x1, y1 = tt_card_point(page, 0, across=0.8)            # the first card's right half: after it
    assert 0 < item["y"] and y1 < options["viewport"]["height"] - 60, (item, y1)
    before = page.evaluate("[scrollX, scrollY]")
    assert item["height"] >= 32                           # (a finger's target; it was 25 px)

    def marked():
        assert page.evaluate("() => document.querySelector('.drop-after')?.dataset.testid") == "layer-0"
        tp_shot(page, f"palette-lifted-{options['viewport']['width']}")
    tt_swipe(page, item["x"] + item["width"] / 2, item["y"] + item["height"] / 2, x1, y1,
             pressed=lambda: expect(page.get_by_test_id("palette-dropout")).to_have_class(re.compile(r"\bdragging\b")),
             held=marked)
    wait_scene(page, "s.state.layers.length === 3")
    assert tp_layers(page) == ["dense:4", "dropout", "dense:2"]
    assert page.evaluate("[scrollX, scrollY]") == before           # (the finger scrolled nothing)
    expect(page.locator(".dragging, .drop-before, .drop-after")).to_have_count(0)


def test_a_palette_block_lifted_and_let_go_off_the_network_adds_nothing(context_tab, server):
    page = context_tab(ON_ITS_SIDE)
    open_page(page, server, TWO)
    settle(page)
    item = page.get_by_test_id("palette-batchnorm").bounding_box()
    x, y = item["x"] + item["width"] / 2, item["y"] + item["height"] / 2
    tt_swipe(page, x, y, x, y - 60, pressed=lambda: expect(page.get_by_test_id("palette-batchnorm"))
             .to_have_class(re.compile(r"\bdragging\b")))
    expect(page.get_by_test_id("palette-batchnorm")).not_to_have_class(re.compile(r"\bdragging\b"))
    page.wait_for_timeout(500)                            # (what must not come: a new scene)
    assert tp_layers(page) == ["dense:4", "dense:2"]
    # a tap on it still appends it, as a click does
    page.get_by_test_id("palette-batchnorm").tap()
    wait_scene(page, "s.state.layers.length === 3")
    assert tp_layers(page) == ["dense:4", "dense:2", "batchnorm"]


@BOTH
def test_taps_draw_points_and_play_and_pause_train_on_them(context_tab, options):
    page = context_tab(options)
    canvas = choose_drawn(page)
    tp_center(page, "[data-testid=output-canvas]")
    box = canvas.bounding_box()
    for label, (fx, fy) in [(0, (0.25, 0.25)), (0, (0.3, 0.7)), (1, (0.75, 0.3)), (1, (0.7, 0.75))]:
        page.get_by_test_id(f"draw-class-{label}").tap()
        # (the class button may have scrolled the page: the canvas measured again)
        box = canvas.bounding_box()
        canvas.tap(position={"x": box["width"] * fx, "y": box["height"] * fy})
    wait_scene(page, "s.dataset.n_train === 4")
    labels = page.evaluate("() => window.neuralab.scene.dataset.train.map((p) => p[2])")
    assert sorted(labels) == [0, 0, 1, 1]
    tp_shot(page, f"drawn-{options['viewport']['width']}")
    page.get_by_test_id("play").tap()
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "false")
    page.wait_for_function("() => (window.neuralab.frame?.header.epoch ?? 0) >= 3")
    page.get_by_test_id("pause").tap()
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => !document.body.classList.contains('playing')")


def test_a_tap_opens_a_neurons_panel_and_a_weights_editor(context_tab):
    page = context_tab(UPRIGHT)
    tp_center(page, "[data-testid=neuron-0-1]")
    page.get_by_test_id("neuron-0-1").tap()
    inspector = page.get_by_test_id("inspector")
    expect(inspector).to_contain_text("neuron 1")
    page.get_by_test_id("inspect-w-0").tap()
    editor = page.get_by_test_id("weight-editor")
    expect(editor).to_be_visible()
    page.get_by_test_id("weight-input").fill("1.5")
    editor.get_by_role("button", name="set").tap()
    expect(editor).to_have_count(0)
    expect(page.get_by_test_id("inspect-w-0")).to_have_text(re.compile(r"^1\.50*$"))
    # a tap on a link of the network opens that weight's editor too
    tp_center(page, "[data-testid=link-0-1-0]")
    page.evaluate("""() => { const hit = document.querySelector('[data-testid="link-0-1-0"]');
        const p = hit.getPointAtLength(hit.getTotalLength() / 2), m = hit.getScreenCTM();
        window.tpLinkMiddle = [p.x * m.a + m.e, p.y * m.d + m.f]; }""")
    x, y = page.evaluate("window.tpLinkMiddle")
    page.touchscreen.tap(x, y)
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("W[1, 0]")
    # no gray box over the links or the map at a tap (the browser's tap highlight): they answer it
    assert page.evaluate("""() => ['.network canvas', '[data-testid=output-canvas]'].map(
        (s) => getComputedStyle(document.querySelector(s)).webkitTapHighlightColor)""") == ["rgba(0, 0, 0, 0)"] * 2
    tp_shot(page, "weight-editor-768")
    editor.get_by_role("button", name="close").tap()
    expect(editor).to_have_count(0)


def test_a_tap_opens_the_classroom_menu_and_a_tap_elsewhere_closes_it(context_tab):
    page = context_tab(ON_ITS_SIDE)
    menu = page.get_by_test_id("classroom")
    menu.locator("summary").tap()
    expect(menu).to_have_attribute("open", "")
    expect(page.get_by_test_id("hide-architecture")).to_be_visible()
    tp_shot(page, "classroom-open-1024")
    page.locator("#network-title").tap()
    expect(menu).not_to_have_attribute("open", "")


# -- the notice line: a notice for the time it takes to read ------------------------------------

SHORT = "there is no hidden block to remove"
# a page reloaded on a drawing with Early stop on: the two notices addNotice joins (connection.js,
# controls.js)
LONG = ("A new session of the server: training starts over from epoch 0 with the same network (the page was "
        "reloaded; the link keeps the network, not its trained weights). Early stop is on, but this drawing has "
        "no test points to watch: it will not stop training (the setting is kept for data with a test part).")


def tp_notice_shown_for(page, text, step_ms=500, longest_ms=30_000):
    """Show ``text`` in the notice line under the page's clock (installed: the test drives it);
    the time (ms, to ``step_ms``) until it is taken down."""
    page.evaluate("async (text) => (await import('/static/notice.js')).showNotice(text)", text)
    notice = page.get_by_test_id("notice")
    expect(notice).to_have_text(text)
    waited = 0
    while notice.text_content() and waited < longest_ms:
        page.clock.run_for(step_ms)
        waited += step_ms
    return waited


def test_a_short_notice_is_shown_4_s_and_a_long_one_until_read(context_tab):
    page = context_tab(ON_ITS_SIDE)
    start = datetime.datetime(2026, 1, 5, 9, 0, 0)
    page.clock.install(time=start)
    page.clock.pause_at(start + datetime.timedelta(seconds=10))   # (the page's time goes as the test says)
    assert tp_notice_shown_for(page, SHORT) == 4000
    long_ms = tp_notice_shown_for(page, LONG)
    # at 20 characters a second at least (a fast reader's pace), and not for ever
    assert len(LONG) / 20 * 1000 <= long_ms <= 20_000, long_ms
    # a paragraph is not kept longer than a long notice (a bound at the top)
    assert tp_notice_shown_for(page, LONG * 3) <= 20_000
