"""The neuron panel beside the enlarged network (inspector.js, enlarge.css), in a real browser: on
the whole screen only the enlarged panel shows, and a neuron clicked there was ringed while its
numbers and map stood on the page, out of sight. Now the neuron panel itself comes beside the
network, whole and larger than on the page, the network fitted to the room left (no neuron
under it; on a phone upright, under the network); Esc closes it (the weight editor opened from it
first), the next Esc leaves full screen, and the panel is back in its place on the page. (A browser
with a screen leaves full screen on its own Esc at once: the panel comes back with it.)
"""
import re

import pytest
from playwright.sync_api import expect

from playkit import encode_state, fail_on_console_errors, watched_tab
from test_play_enlarge import LEFT, screen_shot
from test_play_enlarge_editor_and_fit import ZOOM, open_tab
from test_play_enlarge_network import NETWORK_ENLARGED, assert_drawn_on_the_neurons, network_button, wait_drawn
from test_play_page import DRAWN, READY, wait_scene

# Where the neuron panel stands: beside the enlarged network (in the full-screen element) or on the
# page, in its column (its place among the column's panels).
PLACE = """() => {
    const panel = document.querySelector('.inspector-panel');
    return document.fullscreenElement?.contains(panel) ? 'beside the network'
        : `${panel.parentElement.className} ${[...panel.parentElement.children].indexOf(panel)}`;
}"""
# The panel's box, whether it scrolls, each neuron's box, the sizes of its z and of its map.
BOXES = """() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const panel = document.querySelector('.inspector-panel');
    return { panel: box(panel), scrolls: panel.scrollHeight > panel.clientHeight + 1,
             neurons: [...document.querySelectorAll('#network .neuron')].map((n) => [n.dataset.key, box(n)]),
             z: document.querySelector('[data-testid=inspect-z]').getBoundingClientRect().height,
             map: document.querySelector('[data-testid=inspector-map]').getBoundingClientRect().width };
}"""
BESIDE = f"() => ({PLACE})() === 'beside the network'"


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def enlarge(page):
    network_button(page).click()
    page.wait_for_function(NETWORK_ENLARGED)
    wait_drawn(page)


@pytest.mark.parametrize("screen", [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}],
                         ids=["1280x720", "1920x1080"])
def test_a_neuron_clicked_on_the_enlarged_network_shows_its_panel_beside_it(browser, server, console_errors, screen):
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        home = page.evaluate(PLACE)
        page.get_by_test_id("neuron-2-1").click()
        expect(page.get_by_test_id("inspect-z")).to_have_text(re.compile(r"\d"))
        on_the_page = page.evaluate(BOXES)
        enlarge(page)
        assert page.evaluate(PLACE) == home, "enlarging alone leaves the neuron panel on the page"
        alone = float(page.evaluate(ZOOM))

        page.get_by_test_id("neuron-2-1").click()
        page.wait_for_function(BESIDE)
        expect(page.get_by_test_id("inspector-title")).to_contain_text("hidden layer 2")
        expect(page.get_by_test_id("inspector-title")).to_contain_text("neuron 1")
        page.wait_for_function(f"() => ({ZOOM})() < {alone}")     # the network fitted to the room left
        wait_drawn(page)
        big = page.evaluate(BOXES)
        # the panel on the screen, whole (its map too: nothing to scroll), under no neuron, its
        # numbers larger than on the page, its map as large at least (on a screen 720 px tall, the
        # room under the numbers holds no larger one)
        assert 0 <= big["panel"][0] and big["panel"][2] <= screen["width"] and big["panel"][3] <= screen["height"], big
        assert not big["scrolls"], big
        assert not [key for key, box in big["neurons"] if overlaps(box, big["panel"])], big
        assert big["z"] >= 1.2 * on_the_page["z"] and big["map"] >= 0.95 * on_the_page["map"], (on_the_page, big)
        assert page.evaluate("() => { const r = document.getElementById('network'); return r.scrollWidth <= r.clientWidth; }")
        assert_drawn_on_the_neurons(page)
        screen_shot(page, f"enlarge-inspector-{screen['width']}x{screen['height']}")

        # Esc closes it and the network takes the whole room again; the next Esc leaves full screen
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        assert page.evaluate(NETWORK_ENLARGED)
        page.wait_for_function(f"() => ({ZOOM})() === '{alone}'")
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")   # (fullscreenchange: a frame after LEFT)
        expect(network_button(page)).to_be_focused()
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_the_panel_beside_the_network_works_from_the_keyboard_and_stays_closed_when_closed(browser, server, console_errors):
    context, page = open_tab(browser, server, console_errors, {"width": 1280, "height": 720})
    try:
        home = page.evaluate(PLACE)
        enlarge(page)
        neuron = page.get_by_test_id("neuron-0-0")
        neuron.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(BESIDE)
        expect(neuron).to_be_focused()
        expect(page.get_by_test_id("inspect-w-1")).to_be_visible()

        # a weight's editor opened from it: Esc closes the editor, then the panel (the focus back on
        # the neuron), then leaves full screen
        page.get_by_test_id("inspect-w-1").click()
        expect(page.get_by_test_id("weight-input")).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)
        assert page.evaluate(BESIDE)
        expect(page.get_by_test_id("inspect-w-1")).to_be_focused()
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        assert page.evaluate(NETWORK_ENLARGED)
        expect(neuron).to_be_focused()

        # the same neuron clicked again opens it again; its × closes it
        neuron.click()
        page.wait_for_function(BESIDE)
        page.get_by_test_id("inspector-close").click()
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        expect(neuron).to_be_focused()

        # open, it follows the network's edits; closed, an edit does not open it again
        neuron.click()
        page.wait_for_function(BESIDE)
        page.get_by_test_id("units-plus-0").click()
        wait_scene(page, "s.state.layers[0].units === 5")
        page.wait_for_function(DRAWN)
        assert page.evaluate(BESIDE)
        expect(page.get_by_test_id("inspector-title")).to_contain_text("hidden layer 1")
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        page.get_by_test_id("units-minus-0").click()
        wait_scene(page, "s.state.layers[0].units === 4")
        page.wait_for_function(DRAWN)
        wait_drawn(page)
        assert page.evaluate(PLACE) == home
        assert page.evaluate(NETWORK_ENLARGED)

        # full screen left while it is open (the button, the browser's own Esc): back on the page
        page.get_by_test_id("neuron-2-0").click()
        page.wait_for_function(BESIDE)
        page.get_by_role("button", name="Back to the page").click()
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")   # (fullscreenchange: a frame after LEFT)
        expect(page.get_by_test_id("inspector-title")).to_contain_text("hidden layer 2")
        expect(page.get_by_test_id("inspector-close")).to_be_hidden()
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_neuron_panel_a_classroom_link_hides_stays_hidden_on_the_whole_screen(browser, server, console_errors):
    """Hidden, it is not there to close: the first Esc leaves full screen."""
    context, page = watched_tab(browser, console_errors, viewport={"width": 1280, "height": 720})
    try:
        page.goto(server.url + "/" + encode_state({"hide": ["inspector"]}))
        page.wait_for_function(READY)
        expect(page.get_by_test_id("neuron-0-0")).to_be_visible()
        enlarge(page)
        page.get_by_test_id("neuron-0-0").click()
        expect(page.get_by_test_id("inspector")).to_be_hidden()
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_on_a_phone_upright_the_panel_comes_under_the_enlarged_network(browser, server, console_errors):
    """At the network's right, a column 360 px wide left a 412 px wide screen's network no room."""
    screen = {"width": 412, "height": 915}
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        enlarge(page)
        page.get_by_test_id("neuron-2-1").click()
        page.wait_for_function(BESIDE)
        expect(page.get_by_test_id("inspect-z")).to_have_text(re.compile(r"\d"))
        wait_drawn(page)
        big = page.evaluate(BOXES)
        network = page.evaluate("() => { const r = document.getElementById('network'); const b = r.getBoundingClientRect();"
                                " return { bottom: b.bottom, sideways: r.scrollWidth > r.clientWidth }; }")
        assert big["panel"][1] >= network["bottom"] and big["panel"][3] <= screen["height"], (big, network)
        assert not network["sideways"] and not [key for key, box in big["neurons"] if overlaps(box, big["panel"])], big
        assert big["map"] >= 120, big
        assert_drawn_on_the_neurons(page)
        screen_shot(page, "enlarge-inspector-412x915")
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => ({PLACE})() !== 'beside the network'")
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
    finally:
        context.close()
    fail_on_console_errors(console_errors)
