"""The network enlarged (enlarge.js, network.js's fitToScreen), two leftovers, in a real browser:
the weight editor opened there is as large as the network's words and opens beside the link it
edits (at the screen's right edge, on its left), and works from the keyboard as on the page (Esc
closes it and leaves the network on the whole screen); and a network wider than the screen is
shrunk to fit it, down to a readable least scale, below which it scrolls.
"""
import pytest
from playkit import encode_state, fail_on_console_errors, watched_tab
from playwright.sync_api import expect
from test_play_enlarge import LEFT, screen_shot
from test_play_enlarge_network import NETWORK_ENLARGED, assert_drawn_on_the_neurons, network_button, wait_drawn
from test_play_page import DRAWN, READY, wait_scene

# The point at a share `t` of a link's curve (its hit path), in the page's pixels.
ON_LINK = """([id, t]) => {
    const path = document.querySelector(`[data-testid="${id}"]`);
    const p = path.getPointAtLength(path.getTotalLength() * t).matrixTransform(path.getScreenCTM());
    return [p.x, p.y];
}"""
# The editor's box and its number box's height, on the screen.
EDITOR_BOX = """() => {
    const r = document.querySelector('[data-testid=weight-editor]').getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width,
             input: document.querySelector('[data-testid=weight-input]').getBoundingClientRect().height };
}"""
INSIDE_THE_SCREEN = """() => {
    const r = document.querySelector('[data-testid=weight-editor]').getBoundingClientRect();
    return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
        && document.fullscreenElement.contains(document.querySelector('[data-testid=weight-editor]'));
}"""
ZOOM = "() => document.querySelector('#network .columns').style.zoom"
# the panel scrolls (a hint above it says so)
SCROLLS = "() => { const r = document.getElementById('network'); return r.scrollWidth > r.clientWidth; }"


def hidden_layers(n, units):
    return {"layers": [{"id": f"h{i}", "type": "dense", "units": units, "activation": "relu"} for i in range(n)]}


def open_tab(browser, server, console_errors, viewport, state=None):
    context, page = watched_tab(browser, console_errors, viewport=viewport)
    page.goto(server.url + "/" + (encode_state(state) if state else ""))
    page.wait_for_function(READY)
    page.wait_for_function(DRAWN)
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()
    wait_drawn(page)
    return context, page


@pytest.mark.parametrize("screen", [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}],
                         ids=["1280x720", "1920x1080"])
def test_the_weight_editor_enlarged_opens_beside_its_link_as_large_as_the_network(browser, server, console_errors, screen):
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        link = page.get_by_test_id("link-2-1-0")
        link.focus()
        page.keyboard.press("Enter")
        on_the_page = page.evaluate(EDITOR_BOX)
        page.keyboard.press("Escape")
        network_button(page).click()
        page.wait_for_function(NETWORK_ENLARGED)
        page.wait_for_function(f"() => ({ZOOM})() > 1")
        wait_drawn(page)
        scale = float(page.evaluate(ZOOM))

        # a click on a link: its editor 8 px (grown) below and right of the click, its words grown
        # as the network's, shown on the whole screen
        x, y = page.evaluate(ON_LINK, ["link-2-1-0", 0.5])
        page.mouse.click(x, y)
        expect(page.get_by_test_id("weight-editor")).to_contain_text("W[1, 0] of hidden layer 2")
        box = page.evaluate(EDITOR_BOX)
        assert box["input"] == pytest.approx(on_the_page["input"] * scale, rel=0.05), (on_the_page, box, scale)
        assert (box["left"] - x, box["top"] - y) == pytest.approx((8 * scale, 8 * scale), abs=1.5), (x, y, box)
        assert page.evaluate(INSIDE_THE_SCREEN)
        screen_shot(page, f"enlarge-weight-editor-{screen['width']}x{screen['height']}")
        page.get_by_test_id("weight-input").fill("0.5")
        page.get_by_test_id("weight-input").press("Enter")
        page.wait_for_function("() => { const W = window.neuralab.frame.arrays['W/2']; return W[1 * W.shape[1]] === 0.5; }")
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)

        # by the link at the screen's right edge: on the click's left, as wide as elsewhere
        x, y = page.evaluate(ON_LINK, ["link-4-0-1", 0.97])
        page.mouse.click(x, y)
        expect(page.get_by_test_id("weight-editor")).to_contain_text("W[0, 1] of output")
        edge = page.evaluate(EDITOR_BOX)
        assert page.evaluate(INSIDE_THE_SCREEN), edge
        assert edge["right"] == pytest.approx(x - 8 * scale, abs=1.5) and edge["width"] >= box["width"] - 1, (x, edge, box)
        page.mouse.click(5, screen["height"] - 5)       # a click elsewhere closes it
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)

        # from the keyboard, as on the page: Enter opens it at the link's middle, Esc closes it with
        # the focus back on the link, and the network stays on the whole screen
        link.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("weight-input")).to_be_focused()
        x, y = page.evaluate(ON_LINK, ["link-2-1-0", 0.5])
        box = page.evaluate(EDITOR_BOX)
        assert (box["left"] - x, box["top"] - y) == pytest.approx((8 * scale, 8 * scale), abs=2), (x, y, box)
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)
        expect(link).to_be_focused()
        assert page.evaluate(NETWORK_ENLARGED)
        # the browser's own way out (its Esc, F11) closes it too: it stood where the enlarged link was
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("weight-input")).to_be_focused()
        page.evaluate("() => document.exitFullscreen()")
        page.wait_for_function(LEFT)
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)
        expect(network_button(page)).to_be_focused()
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_network_wider_than_the_screen_is_shrunk_to_fit_it_down_to_a_readable_scale(browser, server, console_errors):
    """8 hidden layers on a 1024 x 640 screen were cut at the 7th (the columns never shrank): they
    fit it, drawn on their neurons, without scrolling. 12 would need a scale under 0.75 (words of
    11 px at 8): they keep that one and scroll, as on the page."""
    screen = {"width": 1024, "height": 640}
    context, page = open_tab(browser, server, console_errors, screen, hidden_layers(8, 6))
    try:
        network_button(page).click()
        page.wait_for_function(NETWORK_ENLARGED)
        page.wait_for_function(f"() => ({ZOOM})() !== '' && ({ZOOM})() < 1")
        wait_drawn(page)
        assert 0.75 < float(page.evaluate(ZOOM)) < 1
        assert not page.evaluate(SCROLLS)
        expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()
        expect(page.locator(".output-col .neuron")).to_be_in_viewport(ratio=1)
        assert_drawn_on_the_neurons(page)
        screen_shot(page, "enlarge-network-8-layers-1024x640")

        page.evaluate("(layers) => window.neuralab.update((s) => { s.layers = layers; })", hidden_layers(12, 6)["layers"])
        wait_scene(page, "s.state.layers.length === 12")
        page.wait_for_function(DRAWN)
        page.wait_for_function(f"() => ({ZOOM})() === '0.75'")
        wait_drawn(page)
        assert page.evaluate(SCROLLS)
        expect(page.get_by_test_id("network-scroll-hint")).to_be_visible()
        assert_drawn_on_the_neurons(page)

        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({ZOOM})() === ''")
    finally:
        context.close()
    fail_on_console_errors(console_errors)
