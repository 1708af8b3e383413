"""The network enlarged (enlarge.js's button, network.js's fitToScreen), in a real browser: on the
whole screen its columns grow to fill it, and the maps and links drawn over them follow, placed on
the grown boxes and holding the pixels they now show; a click on a neuron inspects that neuron;
back on the page, the layout is exactly the page's again. And two leftovers of the Enlarge button:
the output map's keyboard cursor keeps its size in CSS pixels where the map's pixels are capped
(points.js), and a panel hidden while it fills the screen (a classroom link's `hide`) leaves it.
"""
import re

import pytest
from playkit import fail_on_console_errors, watched_tab
from playwright.sync_api import expect
from test_play_enlarge import LEFT, backing, holds_what_it_shows, screen_shot
from test_play_output_keyboard import ring_drawn
from test_play_page import DRAWN, READY, choose_drawn, open_page, wait_scene

NETWORK_ENLARGED = "() => !!document.fullscreenElement?.classList.contains('network-panel')"

# The network's layout as drawn: each neuron's box, the maps canvas and the links' canvases (their
# place and size on the page, and their pixels), the columns' zoom.
LAYOUT = """() => {
    const rect = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
    const canvas = (c) => ({ style: c.getAttribute('style'), width: c.width, height: c.height });
    return {
        neurons: [...document.querySelectorAll('#network .neuron')].map((n) => [n.dataset.key, rect(n)]),
        maps: canvas(document.querySelector('[data-testid=maps]')),
        links: [...document.querySelectorAll('#network canvas.links-canvas')].map(canvas),
        zoom: document.querySelector('#network .columns').style.zoom,
    };
}"""

# Where the maps and links are drawn against the neurons, in CSS pixels of the page: for each
# neuron, its map's box (inside its placeholder's border) against the maps canvas's box and how
# opaque the canvas is at the map's centre; the link into it from input 0 (its hit path's end)
# against the neuron's left edge, at its middle's height.
PLACES = """() => {
    const maps = document.querySelector('[data-testid=maps]'), m = maps.getBoundingClientRect();
    const kx = maps.width / m.width, ky = maps.height / m.height, ctx = maps.getContext('2d');
    const root = document.getElementById('network').getBoundingClientRect();
    return [...document.querySelectorAll('#network .neuron')].map((n) => {
        // the placeholder's inside (its border, 1 CSS px of the columns' zoom, stays visible)
        const box = n.querySelector('.thumb'), o = box.getBoundingClientRect(), z = o.width / box.offsetWidth;
        const t = { left: o.left + box.clientLeft * z, top: o.top + box.clientTop * z, width: box.clientWidth * z, height: box.clientHeight * z };
        const r = n.getBoundingClientRect();
        const cx = t.left + t.width / 2 - m.left, cy = t.top + t.height / 2 - m.top;
        const alpha = ctx.getImageData(Math.round(cx * kx), Math.round(cy * ky), 1, 1).data[3];
        const [layer, unit] = n.dataset.key.split('-');
        const hit = document.querySelector(`[data-testid=link-${layer}-${unit}-0]`);
        const end = hit && hit.getAttribute('d').split(' ').pop().split(',').map(Number);
        return { key: n.dataset.key, thumb: [t.left, t.top, t.width], maps: [m.left, m.top, m.right, m.bottom], alpha,
                 end, left: [r.left - root.left, r.top + r.height / 2 - root.top] };
    });
}"""


def network_button(page):
    return page.get_by_role("button", name="Enlarge the network")


def wait_drawn(page):
    """Two animation frames: the layout a resize asked for is done."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def assert_drawn_on_the_neurons(page):
    """Each neuron's map lies inside the maps canvas and is painted at its centre; the link into
    it ends at its left edge, at its middle (within a pixel)."""
    for p in page.evaluate(PLACES):
        x, y, w = p["thumb"]
        assert p["maps"][0] - 0.5 <= x and x + w <= p["maps"][2] + 0.5, p
        assert p["maps"][1] - 0.5 <= y and y + w <= p["maps"][3] + 0.5, p
        assert p["alpha"] > 200, f"no map drawn on neuron {p['key']}: {p}"
        if p["end"]:
            assert p["end"] == pytest.approx(p["left"], abs=1), p


@pytest.mark.parametrize("screen, ratio", [({"width": 1280, "height": 720}, 1), ({"width": 1920, "height": 1080}, 2)],
                         ids=["1280x720", "1920x1080-ratio-2"])
def test_the_network_enlarged_grows_to_the_screen_and_comes_back_as_it_was(browser, server, console_errors, screen, ratio):
    """At a pixel ratio of 2 on a 1920 x 1080 screen the maps canvas would need 3,400 pixels a
    side: it holds 2,560 (enlarge.js's cap), and the maps are drawn where the neurons are all the same."""
    context, page = watched_tab(browser, console_errors, viewport=screen, device_scale_factor=ratio)
    try:
        page.goto(server.url + "/")
        page.wait_for_function(READY)
        enlarge_and_come_back(page, screen)
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def enlarge_and_come_back(page, screen):
    """The network enlarged on ``screen``, used there, and back on the page."""
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()
    wait_drawn(page)
    before = page.evaluate(LAYOUT)
    assert before["zoom"] == "" and len(before["links"]) >= 2
    button = network_button(page)
    expect(button).to_have_attribute("title", "show the network on the whole screen, for a projector (Esc comes back)")
    button.click()
    page.wait_for_function(NETWORK_ENLARGED)
    page.wait_for_function(f"() => document.querySelector('[data-testid=maps]').width > {before['maps']['width'] * 1.3}")
    wait_drawn(page)
    big = page.evaluate(LAYOUT)
    scale = float(big["zoom"])
    # the columns as large as the screen lets them grow: at 1280 x 720 half as large again, and
    # every neuron by as much; the panel does not scroll
    assert scale >= (1.4 if screen["width"] == 1280 else 2), big["zoom"]
    for (key, small), (key2, grown) in zip(before["neurons"], big["neurons"]):
        assert key == key2 and grown[2] == pytest.approx(small[2] * scale, abs=0.5), (key, small, grown)
    assert page.evaluate("() => { const r = document.getElementById('network'); "
                         "return r.scrollWidth <= r.clientWidth && r.scrollHeight <= r.clientHeight; }")
    # the canvases drawn sharp at their new size, and on the neurons
    canvases = [backing(page, "maps")] + [page.locator("#network canvas.links-canvas").nth(i).evaluate(
        "(c) => ({ width: c.width, height: c.height, css_w: c.getBoundingClientRect().width, "
        "css_h: c.getBoundingClientRect().height, dpr: window.devicePixelRatio })") for i in range(len(big["links"]))]
    assert all(holds_what_it_shows(b) for b in canvases), canvases
    assert_drawn_on_the_neurons(page)
    screen_shot(page, f"enlarge-network-{screen['width']}x{screen['height']}")
    if screen["width"] == 1920:
        assert backing(page, "maps")["width"] == 2560, "the maps canvas at the cap"

    # a click on a neuron, enlarged, inspects it; the mouse over it shows its map enlarged
    # (the second hidden layer is dense layer 2, its tanh layer 3)
    page.get_by_test_id("neuron-2-1").click()
    expect(page.get_by_test_id("inspector-title")).to_have_text(re.compile(r"^hidden layer 2 .*· neuron 1\s*$"))
    assert page.evaluate("() => window.neuralab.selected") == {"layer": 2, "unit": 1, "act": 3}
    expect(page.get_by_test_id("neuron-2-1")).to_have_class("neuron selected")
    page.get_by_test_id("neuron-0-2").hover()
    expect(page.locator("[data-testid=neuron-0-2] canvas.thumb-zoom")).to_be_visible()
    # a block's + and − change the network, enlarged: the new one is fitted and drawn on its neurons
    for units in (5, 4):
        page.get_by_test_id(f"units-{'plus' if units == 5 else 'minus'}-0").click()
        wait_scene(page, f"s.state.layers[0].units === {units}")
        page.wait_for_function(DRAWN)
        expect(page.locator("[data-key^='0-']")).to_have_count(units)
        wait_drawn(page)
        assert_drawn_on_the_neurons(page)
    assert page.evaluate(NETWORK_ENLARGED)

    # the first Esc closes the neuron panel the click brought beside the network
    # (test_play_enlarge_inspector.py), the second leaves full screen
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.fullscreenElement.querySelector('.inspector-panel')")
    page.keyboard.press("Escape")
    page.wait_for_function(LEFT)
    page.wait_for_function(f"() => document.querySelector('[data-testid=maps]').width === {before['maps']['width']}")
    wait_drawn(page)
    after = page.evaluate(LAYOUT)
    assert after == before, "back on the page, the network is laid out exactly as before"
    assert page.evaluate("() => document.activeElement === document.querySelector('.network-panel [data-testid=enlarge]')")
    assert_drawn_on_the_neurons(page)


def test_the_keyboard_cursor_keeps_its_size_on_a_large_dense_screen(browser, server, console_errors):
    """At a pixel ratio of 4 on a 1920 x 1080 screen the map enlarged is 1032 CSS pixels wide, held
    in 2560 pixels (enlarge.js's cap): its cursor's ring is still 9 CSS pixels from its centre."""
    context, pg = watched_tab(browser, console_errors, viewport={"width": 1920, "height": 1080}, device_scale_factor=4)
    try:
        pg.goto(server.url + "/")
        pg.wait_for_function(READY)
        canvas = choose_drawn(pg)
        pg.get_by_role("button", name="Enlarge the output map").click()
        pg.wait_for_function("() => document.fullscreenElement?.id === 'output'")
        pg.wait_for_function("() => document.querySelector('[data-testid=output-canvas]').width === 2560")
        assert canvas.evaluate("(c) => c.clientWidth") * 4 > 2560 * 1.5
        canvas.focus()
        pg.keyboard.press("ArrowRight")
        expect(pg.get_by_test_id("output-status")).to_contain_text("cursor (0.25, 0)")
        wait_drawn(pg)
        ring = ring_drawn(pg, 0.25, 0)
        assert all(v is not None and v < 80 for v in ring), f"no ring 9 CSS px from the cursor: {ring}"
        pg.keyboard.press("Escape")
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_panel_hidden_while_it_fills_the_screen_leaves_it(page, server):
    open_page(page, server)
    page.get_by_role("button", name="Enlarge the loss curves").click()
    page.wait_for_function("() => document.fullscreenElement?.id === 'curves'")
    # the teacher's "hide the loss curves", as a classroom link's scene brings it
    page.get_by_test_id("hide-curves").evaluate("(box) => box.click()")
    wait_scene(page, "(s.state.hide || []).includes('curves')")
    page.wait_for_function(LEFT)
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()
    expect(page.get_by_role("button", name="Enlarge the loss curves")).to_be_hidden()
