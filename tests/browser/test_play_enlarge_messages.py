"""The page's messages on the whole screen (enlarge.js's messagesOnTheWholeScreen, enlarge.css,
notice.js), in a real browser: only the enlarged panel shows there, and the error banner (a value
the server refused, a divergence) and the notice line (a block removed, with Undo) stood on the
page behind it, so a teacher at a projector saw nothing of them, and a screen reader heard nothing
(Chromium leaves all but the element on the whole screen out of what it reads). Now, whichever
panel is enlarged, they come to the screen's top (their words as large as the panel's, or as the
page's on a screen 800 px tall or less), the panel moved
down under them (the box being edited is not under the banner), and a screen reader hears them
there (their roles and live regions, and the page's own words, announcements.js); leaving full
screen puts them back in their place, working as before. And the
neuron panel beside the enlarged network, over a trace's strip on a screen 768 px tall, holds
whole (it scrolled by 44-74 px).
"""
import pytest
from playwright.sync_api import expect

from playkit import fail_on_console_errors, routed_sockets, watched_tab
from test_play_enlarge import LEFT, screen_shot
from test_play_enlarge_editor_and_fit import ON_LINK, open_tab
from test_play_enlarge_inspector import BESIDE, BOXES, overlaps
from test_play_enlarge_trace import UNDER, enlarge, start_trace
from test_play_enlarge_network import wait_drawn
from test_play_error_banner_scroll import DIVERGING, NEXT_FRAMES
from test_play_page import DRAWN, READY

# A message's place: in the element on the whole screen, or where the page keeps it (its box's
# parent and its place among the body's children).
PLACE = """(selector) => {
    const node = document.querySelector(selector);
    if (document.fullscreenElement?.contains(node)) return 'on the whole screen';
    const box = node.closest('.page-messages') || node;
    return `${box.parentElement.tagName} ${[...box.parentElement.children].indexOf(box)}`;
}"""
# An element's box on the screen, and whether it shows there: some of it in the window, and it the
# element seen at its middle (not under another) or inside that one.
SEEN = """(selector) => {
    const node = document.querySelector(selector), r = node.getBoundingClientRect();
    const x = Math.min(Math.max((r.left + r.right) / 2, 0), innerWidth - 1), y = Math.min(Math.max((r.top + r.bottom) / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    return { box: [r.left, r.top, r.right, r.bottom], shown: r.width > 0 && r.bottom > 0 && r.top < innerHeight
             && node.checkVisibility() && !!top && (node.contains(top) || top.contains(node)),
             words: parseFloat(getComputedStyle(node).fontSize) * (node.currentCSSZoom || 1) };
}"""
FOCUSED = "() => document.activeElement?.dataset.testid"


def ax_node(page, selector):
    """The browser's own accessibility node of ``selector`` (Chromium's, through the DevTools
    protocol): its role and properties, as a screen reader gets them."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
    finally:
        cdp.detach()
    return {"role": ax["role"]["value"], "ignored": ax["ignored"],
            "live": {p["name"]: p["value"]["value"] for p in ax.get("properties", [])}.get("live")}


def assert_on_the_screen(page, selector, words=12):
    """The message of ``selector`` shows on the screen, in the full-screen element, its words
    ``words`` px at least: on these screens 800 px tall or less, the page's 12 to 14 px (1.5
    times on a taller one: test_projector_messages)."""
    assert page.evaluate(PLACE, selector) == "on the whole screen"
    seen = page.evaluate(SEEN, selector)
    assert seen["shown"] and seen["words"] >= words, seen
    return seen


def test_a_refused_value_on_the_enlarged_network_shows_its_banner_there_over_nothing_edited(browser, server, console_errors):
    screen = {"width": 1280, "height": 720}
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        home = page.evaluate(PLACE, "[data-testid=error]")
        start_trace(page)
        enlarge(page)
        page.wait_for_function(UNDER)
        network_top = page.evaluate(SEEN, "#network")["box"][1]

        # a sample number past the data's, typed in the trace's box under the network: the banner
        # says it at the screen's top, the box (still focused) and the network moved down under it
        box = page.get_by_test_id("trace-sample")
        box.fill("100000")
        box.press("Enter")
        banner = page.get_by_test_id("error")
        expect(banner).to_contain_text("Training sample must be in 0..")
        page.evaluate(NEXT_FRAMES)
        seen = assert_on_the_screen(page, "[data-testid=error]", words=14)
        assert page.evaluate(FOCUSED) == "trace-sample"
        edited = page.evaluate(SEEN, "[data-testid=trace-sample]")
        assert edited["shown"] and not overlaps(edited["box"], seen["box"]), (edited, seen)
        assert page.evaluate(SEEN, "#network")["box"][1] >= network_top + seen["box"][3] - 1
        # its role kept: a screen reader hears it as the alert it is
        assert ax_node(page, "#error") == {"role": "alert", "ignored": False, "live": "assertive"}
        screen_shot(page, "enlarge-messages-refused-sample-1280x720")

        # corrected, the banner goes, and the panel takes the screen's top again; a refused
        # weight: its banner too, the link edited out from under it
        box.fill("1")
        box.press("Enter")
        expect(banner).to_be_hidden()
        page.wait_for_function(f"() => document.getElementById('network').getBoundingClientRect().top === {network_top}")
        x, y = page.evaluate(ON_LINK, ["link-0-1-0", 0.5])
        page.mouse.click(x, y)
        page.get_by_test_id("weight-input").fill("1000")
        page.get_by_test_id("weight-input").press("Enter")
        expect(banner).to_contain_text("1000")
        page.evaluate(NEXT_FRAMES)
        seen = assert_on_the_screen(page, "[data-testid=error]", words=14)
        assert page.evaluate(FOCUSED) == "link-0-1-0"
        link = page.evaluate(SEEN, "[data-testid=link-0-1-0]")
        assert not overlaps(link["box"], seen["box"]), (link, seen)
        assert page.locator(".network-panel .enlarge").evaluate(
            "(b, banner) => b.getBoundingClientRect().top >= banner.getBoundingClientRect().bottom", banner.element_handle())

        # full screen left: the banner back in its place on the page, still saying it, and the
        # page's room for it its own height again
        page.get_by_role("button", name="Back to the page").click()
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({PLACE})('[data-testid=error]') === '{home}'")
        expect(banner).to_contain_text("1000")
        page.evaluate(NEXT_FRAMES)
        assert page.evaluate("""() => getComputedStyle(document.documentElement).getPropertyValue('--error-banner-room')
            === `${Math.ceil(document.getElementById('error').getBoundingClientRect().height)}px`""")
        assert page.evaluate(SEEN, "#error")["shown"]
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_divergence_and_a_notice_show_on_whichever_panel_fills_the_screen(browser, server, console_errors):
    screen = {"width": 1280, "height": 720}
    context, page = open_tab(browser, server, console_errors, screen, DIVERGING)
    try:
        home = page.evaluate(PLACE, "[data-testid=notice]")
        # the output map enlarged: a divergence's banner at the screen's top, the map under it, its
        # "Reset the weights" pressed there
        page.locator("#output [data-testid=enlarge]").click()
        page.wait_for_function("() => document.fullscreenElement?.id === 'output'")
        map_top = page.evaluate(SEEN, "[data-testid=output-canvas]")["box"][1]
        page.keyboard.press("Space")
        banner = page.get_by_test_id("error")
        expect(banner).to_contain_text("Training diverged.")
        page.evaluate(NEXT_FRAMES)
        seen = assert_on_the_screen(page, "[data-testid=error]", words=14)
        canvas = page.evaluate(SEEN, "[data-testid=output-canvas]")
        assert canvas["box"][1] >= seen["box"][3] and canvas["box"][1] > map_top, (canvas, seen, map_top)
        # a screen reader hears the pause there too (Chromium reads nothing outside the element
        # on the whole screen: the page's words stood there)
        expect(page.get_by_test_id("announcer")).to_contain_text("training diverged (see the message above)")
        assert ax_node(page, "#announcer") == {"role": "status", "ignored": False, "live": "polite"}
        screen_shot(page, "enlarge-messages-diverged-output-1280x720")
        page.get_by_test_id("error-reset").click()
        expect(banner).to_be_hidden()
        page.get_by_role("button", name="Back to the page").click()
        page.wait_for_function(LEFT)

        # the network enlarged: a hidden block's × says what went in the notice line there, with
        # Undo, which the keyboard's focus is on; a screen reader hears it (a status, polite)
        enlarge(page)
        page.get_by_test_id("remove-0").click()
        notice = page.get_by_test_id("notice")
        expect(notice).to_contain_text("Removed hidden block 1")
        seen = assert_on_the_screen(page, "[data-testid=notice]")
        assert assert_on_the_screen(page, "[data-testid=notice-undo]")
        assert page.evaluate(FOCUSED) == "notice-undo"
        assert ax_node(page, "#notice") == {"role": "status", "ignored": False, "live": "polite"}
        back = page.evaluate(SEEN, ".network-panel > .enlarge")
        assert back["shown"] and not overlaps(back["box"], seen["box"]), (back, seen)
        screen_shot(page, "enlarge-messages-notice-network-1280x720")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("remove-1")).to_be_visible()       # the block back
        expect(notice).to_be_empty()

        # back to the page: the notice line in its place, and working there
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({PLACE})('[data-testid=notice]') === '{home}'")
        page.get_by_test_id("remove-0").click()
        expect(notice).to_contain_text("Removed hidden block 1")
        assert page.evaluate(SEEN, "[data-testid=notice]")["shown"]
        assert page.evaluate(SEEN, "[data-testid=notice]")["words"] == 12
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_lost_connection_is_said_at_the_top_of_the_enlarged_panel_and_a_refused_press_there(browser, server, console_errors):
    """The connection's line comes with the banner: "see the line above", which a press refused
    while the server is not reached says, is true on the whole screen too."""
    context, page = watched_tab(browser, console_errors, viewport={"width": 1280, "height": 720})
    sockets, down, _ = routed_sockets(page)   # (the test can drop the page's socket and refuse the next)
    try:
        page.goto(server.url + "/")
        page.wait_for_function(READY)
        page.wait_for_function(DRAWN)
        wait_drawn(page)
        enlarge(page)
        title_top = page.evaluate(SEEN, "#network-title")["box"][1]
        down.append(True)
        sockets[-1].close()
        line = page.locator("#connection")
        expect(line).to_have_text("Reconnecting to the server…")
        page.evaluate(NEXT_FRAMES)
        seen = assert_on_the_screen(page, "#connection")
        title = page.evaluate(SEEN, "#network-title")
        assert title["shown"] and title["box"][1] >= seen["box"][3], (title, seen)   # the panel moved down under it
        page.keyboard.press("Space")
        expect(page.get_by_test_id("notice")).to_have_text(
            "Training waits for the server, which this page does not reach: see the line above.")
        notice = assert_on_the_screen(page, "[data-testid=notice]")
        assert notice["box"][1] >= seen["box"][3] - 1, (notice, seen)
        screen_shot(page, "enlarge-messages-connection-lost-1280x720")

        # connected again: the line empty, the panel back at the screen's top
        down.clear()
        expect(line).to_have_text("", timeout=15_000)
        page.wait_for_function(f"() => document.getElementById('network-title').getBoundingClientRect().top === {title_top}")
    finally:
        context.close()
    fail_on_console_errors(console_errors)


@pytest.mark.parametrize("screen", [{"width": 1024, "height": 768}, {"width": 1280, "height": 720}], ids=["1024x768", "1280x720"])
def test_the_neuron_panel_over_a_trace_holds_whole_beside_the_network_on_a_screen_800_px_tall_or_less(browser, server, console_errors, screen):
    """Its map as large as the room under its numbers lets it be, or not drawn where that room is
    too small for one (the neuron's square in the network shows it)."""
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        start_trace(page, step=1)
        enlarge(page)
        page.wait_for_function(UNDER)
        for key in ["2-1", "4-0"]:
            page.get_by_test_id(f"neuron-{key}").click()
            page.wait_for_function(BESIDE)
            expect(page.get_by_test_id("inspector-title")).to_contain_text(f"neuron {key[-1]}")
            page.evaluate(NEXT_FRAMES)
            boxes = page.evaluate(BOXES)
            assert not boxes["scrolls"], boxes
            assert boxes["panel"][3] <= screen["height"] and (boxes["map"] == 0 or boxes["map"] >= 30), boxes
            screen_shot(page, f"enlarge-messages-neuron-{key}-and-trace-{screen['width']}x{screen['height']}")
    finally:
        context.close()
    fail_on_console_errors(console_errors)
