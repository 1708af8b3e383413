"""The page's messages on a projector (enlarge.js, enlarge.css), in a real browser: what a move of
their box into the enlarged panel, and back, says to a screen reader; how much of a short screen
they take there; and leaving full screen by the browser's own Esc.

A DOM node moved is a new node of Chromium's accessibility tree, and a new node of role alert, or
a new live region, is read out with the words it holds (ui/accessibility's AXEventGenerator: ALERT,
LIVE_REGION_CREATED): the banner's error, read when it came, was read again at each Enlarge and
each "Back to the page". What a screen reader gets is read here from Chromium's own tree (the
DevTools protocol): a region moved holding words already said is quiet (no alert, aria-live off)
until a new message comes, which it says as before.
"""
import pytest
from playkit import fail_on_console_errors
from playwright.sync_api import expect
from test_play_enlarge import LEFT, screen_shot
from test_play_enlarge_editor_and_fit import ON_LINK, open_tab
from test_play_enlarge_inspector import BESIDE
from test_play_enlarge_inspector import PLACE as INSPECTOR_PLACE
from test_play_enlarge_messages import FOCUSED, PLACE, SEEN, ax_node
from test_play_enlarge_network import network_button
from test_play_enlarge_trace import PLACE as TRACE_PLACE
from test_play_enlarge_trace import STEP, UNDER, enlarge, start_trace
from test_play_error_banner_scroll import DIVERGING, NEXT_FRAMES

ALERT = {"role": "alert", "ignored": False, "live": "assertive"}
STATUS = {"role": "status", "ignored": False, "live": "polite"}
# read where it is, never read out (Chromium names no live region for aria-live="off")
QUIET = {"role": "status", "ignored": False, "live": None}
HOME = "() => !document.fullscreenElement?.contains(document.querySelector('.page-messages'))"
# The share of the screen's height the page's messages take at its top, the panel under them.
SHARE = "() => document.querySelector('.page-messages').getBoundingClientRect().height / innerHeight"


def wait_said(page, selector):
    """Wait for the region of ``selector`` to say something new (its voice back: its aria-live
    the page's own again)."""
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('aria-live') !== 'off'", arg=selector)


def test_a_move_of_the_messages_reads_out_nothing_again_and_a_new_message_is_read_out(browser, server, console_errors):
    context, page = open_tab(browser, server, console_errors, {"width": 1280, "height": 720}, DIVERGING)
    banner, announcer, notice = page.get_by_test_id("error"), page.get_by_test_id("announcer"), page.get_by_test_id("notice")
    try:
        # a divergence on the page: the banner an alert, the pause said by the page's own words
        page.keyboard.press("Space")
        expect(banner).to_contain_text("Training diverged.")
        expect(announcer).to_contain_text("training diverged (see the message above)")
        assert ax_node(page, "#error") == ALERT and ax_node(page, "#announcer") == STATUS

        # the network enlarged: the banner there, shown and read where it is, but not read out again
        enlarge(page)
        assert page.evaluate(PLACE, "#error") == "on the whole screen"
        assert page.evaluate(SEEN, "#error")["shown"]
        assert ax_node(page, "#error") == QUIET and ax_node(page, "#announcer") == QUIET

        # a new divergence there is read out, as on the page
        page.get_by_test_id("error-reset").click()
        expect(banner).to_be_hidden()
        page.evaluate("() => document.activeElement.blur()")
        page.keyboard.press("Space")
        expect(banner).to_be_visible()
        wait_said(page, "#announcer")
        assert ax_node(page, "#error") == ALERT and ax_node(page, "#announcer") == STATUS

        # full screen left (the browser's Esc): on the page, still shown, not read out again
        page.evaluate("() => document.exitFullscreen()")
        page.wait_for_function(LEFT)
        page.wait_for_function(HOME)
        assert page.evaluate(SEEN, "#error")["shown"]
        assert ax_node(page, "#error") == QUIET and ax_node(page, "#announcer") == QUIET

        # the notice line too: a block's × on the page says what went; enlarged, its words stay
        # (with Undo) and are not said again; Undo takes it down, and the next notice is said
        page.get_by_test_id("remove-0").click()
        expect(notice).to_contain_text("Removed hidden block 1")
        assert ax_node(page, "#notice") == STATUS
        enlarge(page)
        assert page.evaluate(SEEN, "[data-testid=notice]")["shown"] and ax_node(page, "#notice") == QUIET
        page.get_by_test_id("notice-undo").click()
        expect(notice).to_be_empty()
        assert ax_node(page, "#notice") == STATUS
    finally:
        context.close()
    fail_on_console_errors(console_errors)


@pytest.mark.parametrize(("screen", "words"), [({"width": 1920, "height": 1080}, 21), ({"width": 1280, "height": 800}, 14),
                                               ({"width": 1024, "height": 768}, 14)], ids=["1920x1080", "1280x800", "1024x768"])
def test_a_divergence_on_the_whole_screen_leaves_the_panel_most_of_it(browser, server, console_errors, screen, words):
    """The banner of a divergence (its cause and its advice, the longest the page shows) takes at
    most 15 % of the screen's height, its words 1.5 times the page's 14 px on a screen taller than
    800 px, as the page's on a shorter one (at 1.5 times there, 18 % of 1280 x 800, 26 % of 1024 x 768)."""
    context, page = open_tab(browser, server, console_errors, screen, DIVERGING)
    try:
        enlarge(page)
        page.keyboard.press("Space")
        expect(page.get_by_test_id("error")).to_contain_text("Training diverged.")
        page.evaluate(NEXT_FRAMES)
        seen = page.evaluate(SEEN, "#error")
        assert seen["shown"] and seen["words"] >= words, seen
        assert page.evaluate(SHARE) <= 0.15, (page.evaluate(SHARE), seen)
        title = page.evaluate(SEEN, "#network-title")
        assert title["shown"] and title["box"][1] >= seen["box"][3], (title, seen)   # the panel under it
        screen_shot(page, f"projector-divergence-{screen['width']}x{screen['height']}")
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_the_browsers_own_esc_on_the_whole_screen_puts_everything_back_as_back_to_the_page_does(browser, server, console_errors):
    """A browser on a screen takes Esc on the whole screen for itself, and leaves full screen at
    once (headless Chromium hands it to the page): whatever was open there, the trace under the
    network (the focus on its next ▶), the neuron panel beside it, the weight editor, the banner,
    comes back to the page, the trace still on at its step, the focus on the network's Enlarge."""
    context, page = open_tab(browser, server, console_errors, {"width": 1280, "height": 720})
    try:
        homes = [page.evaluate(TRACE_PLACE), page.evaluate(INSPECTOR_PLACE), page.evaluate(PLACE, "#error")]
        start_trace(page, step=2)
        enlarge(page)
        page.wait_for_function(UNDER)
        page.get_by_test_id("neuron-2-1").click()
        page.wait_for_function(BESIDE)
        box = page.get_by_test_id("trace-sample")
        box.fill("100000")
        box.press("Enter")
        expect(page.get_by_test_id("error")).to_contain_text("Training sample must be in 0..")
        page.get_by_test_id("trace-next").focus()

        page.evaluate("() => document.exitFullscreen()")
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({TRACE_PLACE})() === '{homes[0]}' && ({INSPECTOR_PLACE})() === '{homes[1]}'")
        page.wait_for_function(f"() => ({PLACE})('#error') === '{homes[2]}'")
        expect(network_button(page)).to_be_focused()
        expect(network_button(page)).to_have_text("Enlarge the network")
        assert page.evaluate(STEP)[0] == 2 and page.evaluate("() => window.neuralab.highlight?.layer") is not None
        assert page.evaluate(SEEN, "#error")["shown"]
        page.get_by_test_id("trace-next").click()              # the trace goes on, on the page
        page.wait_for_function(f"() => ({STEP})()[0] === 3")

        # the weight editor open on the enlarged network (the focus in its box): it closes
        box.fill("1")
        box.press("Enter")
        enlarge(page)
        x, y = page.evaluate(ON_LINK, ["link-0-1-0", 0.5])
        page.mouse.click(x, y)
        expect(page.get_by_test_id("weight-input")).to_be_focused()
        page.evaluate("() => document.exitFullscreen()")
        page.wait_for_function(LEFT)
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)
        expect(network_button(page)).to_be_focused()
        assert page.evaluate(STEP)[0] == 3 and page.evaluate(FOCUSED) == "enlarge"
    finally:
        context.close()
    fail_on_console_errors(console_errors)
