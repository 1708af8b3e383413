"""The page's messages, as read, in a real browser: the error banner's words one paragraph (a
divergence's cause and advice stood in side-by-side columns of three short lines each at 1366 x 768,
"Training diverged." in two, "Reset the weights" in three: 3 long lines now; on a phone the banner
stuck at the top was 508 px of its 667, 211 now); the connection's line read out by a screen reader
(it had no live role) once per thing it says, not at each try; and the neuron panel's × saying
what Esc does on the whole screen (a browser there takes Esc to leave full screen: it said that
Esc closed the panel).
"""
import math

import pytest
from in_process_server import serving
from playkit import fail_on_console_errors, routed_sockets, watched_tab
from playwright.sync_api import expect
from test_play_enlarge import LEFT
from test_play_enlarge_editor_and_fit import open_tab
from test_play_enlarge_inspector import BESIDE
from test_play_enlarge_inspector import PLACE as INSPECTOR_PLACE
from test_play_enlarge_messages import ax_node
from test_play_enlarge_trace import enlarge
from test_play_error_banner_scroll import DIVERGING, NEXT_FRAMES
from test_play_page import DRAWN, READY, open_page
from test_projector_messages import QUIET, STATUS

from neuralab.play import registry as play_registry
from neuralab.play.server import create_app

# The banner's words as the browser laid them out: its lines, [left, top, right] each (the boxes of
# its text on one line, side by side: a line ends where the next box starts more than a space's
# width away, or on the next line down), the width of the banner's inside and what its buttons
# take of it (all in the window's pixels: the banner on the whole screen is zoomed).
LINES = """() => {
    const banner = document.getElementById('error'), words = banner.querySelector('.error-message').parentElement;
    const range = document.createRange();
    range.selectNodeContents(words);
    const boxes = [...range.getClientRects()].filter((r) => r.width > 0).sort((a, b) => a.top - b.top);
    const rows = [];
    for (const r of boxes) {
        const row = rows.find((w) => Math.abs(w.top - r.top) < 3);
        if (row) row.boxes.push(r); else rows.push({ top: r.top, boxes: [r] });
    }
    const lines = [];
    for (const row of rows) {
        let line = null;
        for (const r of row.boxes.sort((a, b) => a.left - b.left)) {
            if (line && r.left - line[2] < 6) line[2] = Math.max(line[2], r.right);
            else lines.push(line = [r.left, row.top, r.right]);
        }
    }
    const style = getComputedStyle(banner), zoom = banner.currentCSSZoom || 1;
    const inside = banner.getBoundingClientRect().width - (parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)) * zoom;
    const buttons = [...banner.querySelectorAll(':scope > button')].map((b) => b.getBoundingClientRect());
    return { lines, inside, buttons: buttons.map((b) => [b.left, b.top, b.right, b.bottom]),
             taken: buttons.reduce((sum, b) => sum + b.width + parseFloat(style.columnGap) * zoom, 0) };
}"""
# A button's words on one line: its height under two of its font's sizes, and its padding and border.
ONE_LINE = """(b) => { const s = getComputedStyle(b), px = (name) => parseFloat(s[name]);
    return b.getBoundingClientRect().height <= (2 * px('fontSize') + px('paddingTop') + px('paddingBottom')
        + px('borderTopWidth') + px('borderBottomWidth')) * (b.currentCSSZoom || 1); }"""


def banner_lines(page):
    """The banner's lines (LINES), checked to read as one paragraph: each starts at the left of the
    first, and there are no more of them than the words' length on the room beside the buttons
    takes (one more for a line a long word wrapped early)."""
    laid = page.evaluate(LINES)
    lines, room = laid["lines"], laid["inside"] - laid["taken"]
    starts = {round(line[0]) for line in lines}
    length = sum(right - left for left, _, right in lines)
    assert max(starts) - min(starts) <= 1, f"the words stand in columns, their lines starting at {sorted(starts)} px"
    assert len(lines) <= math.ceil(length / room) + 1, (
        f"{len(lines)} lines for {length:.0f} px of words on {room:.0f} px beside the buttons")
    return laid


@pytest.mark.parametrize(("screen", "enlarged"), [({"width": 1366, "height": 768}, False),
                                                  ({"width": 1920, "height": 1080}, False),
                                                  ({"width": 1920, "height": 1080}, True),
                                                  ({"width": 375, "height": 667}, False)],
                         ids=["1366x768", "1920x1080", "1920x1080-enlarged", "375x667"])
def test_a_divergence_reads_as_one_paragraph_beside_its_buttons(browser, server, console_errors, screen, enlarged):
    context, page = open_tab(browser, server, console_errors, screen, DIVERGING)
    try:
        if enlarged:
            enlarge(page)
        page.keyboard.press("Space")      # (plays from anywhere, the page or the whole screen)
        banner = page.get_by_test_id("error")
        expect(banner).to_contain_text("Training diverged.")
        page.evaluate(NEXT_FRAMES)
        laid = banner_lines(page)
        # its buttons each on one line, in the window, the × at the banner's right
        reset, close = page.get_by_test_id("error-reset"), banner.get_by_role("button", name="Dismiss this message")
        for button in (reset, close):
            assert button.evaluate(ONE_LINE), button.bounding_box()
        right = banner.bounding_box()["x"] + banner.bounding_box()["width"]
        assert right - 40 * (1.5 if enlarged else 1) < laid["buttons"][-1][2] <= min(right, screen["width"]), laid["buttons"]
        reset.click()
        expect(banner).to_be_hidden()
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_two_data_warnings_read_one_a_line_the_first_after_warning(page, server):
    open_page(page, server)
    for text in ["column 'a' holds 99999 in row 4 of flats.csv", "target column 'price' holds 99999 in row 7 of flats.csv"]:
        page.evaluate("(m) => window.neuralab.showError({ kind: 'warning', message: m, suggestion: 'mark it missing' })", text)
    lines = page.get_by_test_id("error").locator(".error-message > div")
    expect(lines).to_have_count(2)
    tops = [page.get_by_test_id("error").locator("strong").bounding_box()["y"]] + [lines.nth(k).bounding_box()["y"] for k in range(2)]
    assert abs(tops[0] - tops[1]) < 3 and tops[2] > tops[1] + 10, tops


# The line's rewrites since count_writes, and whether it says what to do yet (1: "Reconnecting").
WRITES = "() => [window.lineWrites, document.getElementById('connection').textContent.includes('has stopped') ? 2 : 1]"


def count_writes(page):
    """Count the connection line's rewrites from now on (window.lineWrites)."""
    page.evaluate("""() => { window.lineWrites = 0; new MutationObserver((records) => { window.lineWrites += records.length; })
        .observe(document.getElementById('connection'), { childList: true }); }""")


def test_a_lost_connection_is_read_out_once_not_at_each_try_and_a_move_says_it_not_again(browser, server, console_errors):
    context, page = watched_tab(browser, console_errors, viewport={"width": 1280, "height": 720})
    sockets, down, tries = routed_sockets(page)   # (the test can drop the page's socket and refuse the next)
    try:
        page.goto(server.url + "/")
        page.wait_for_function(READY)
        page.wait_for_function(DRAWN)
        line = page.locator("#connection")
        assert ax_node(page, "#connection") == STATUS, "the connection's line is no live region"

        # lost on the whole screen: said there, once while the page tries again and again
        enlarge(page)
        count_writes(page)
        down.append(True)
        sockets[-1].close()
        expect(line).to_have_text("Reconnecting to the server…")
        page.wait_for_function("() => document.fullscreenElement?.contains(document.getElementById('connection'))")
        assert ax_node(page, "#connection") == STATUS
        # each failed try says nothing new: "Reconnecting" once, then (after 5 s) what to do, once
        said = []
        for _ in range(150):              # (its tries 0.5, 1.5, 3.5 and 7.5 s after the loss)
            page.wait_for_timeout(100)
            said.append(page.evaluate(WRITES))
            if len(tries) >= 4:
                break
        assert len(tries) >= 4 and said[-1] == [2, 2] and all(writes == words for writes, words in said), (len(tries), said)
        expect(line).to_contain_text("has stopped, or cannot be reached")

        # back to the page: the line moved with its words, not read out again; connected again, it empties
        page.get_by_role("button", name="Back to the page").click()
        page.wait_for_function(LEFT)
        page.wait_for_function("() => !document.fullscreenElement && document.querySelector('.page-messages').parentElement === document.body")
        expect(line).to_contain_text("has stopped")
        assert ax_node(page, "#connection") == QUIET
        down.clear()
        expect(line).to_have_text("", timeout=15_000)
        assert ax_node(page, "#connection") == STATUS
    finally:
        context.close()
    fail_on_console_errors(console_errors)


@pytest.fixture
def full_server(monkeypatch):
    """An in-process server that takes one session; its URL."""
    monkeypatch.setattr(play_registry, "MAX_SESSIONS", 1)
    with serving(create_app()) as address:
        yield address


def test_a_full_server_is_said_once_while_the_page_tries_twice_a_second(full_server, page):
    # (the page closed before the server: after it, the page's next try was a console error)
    from websockets.sync.client import connect
    with connect(f"ws://{full_server}/ws"):
        page.goto(f"http://{full_server}/")
        line = page.locator("#connection")
        expect(line).to_contain_text("No room for this page")
        count_writes(page)
        page.wait_for_timeout(3000)
        assert page.evaluate("() => window.lineWrites") == 0
        expect(line).to_contain_text("No room for this page")


def test_the_neuron_panels_close_says_what_esc_does_on_the_whole_screen(browser, server, console_errors):
    """Its × leaves the network alone on the screen; Esc, which a browser on a screen takes to leave
    full screen, takes the panel back to the page with it (here, as that browser does)."""
    context, page = open_tab(browser, server, console_errors, {"width": 1280, "height": 720})
    try:
        home = page.evaluate(INSPECTOR_PLACE)
        enlarge(page)
        page.get_by_test_id("neuron-2-0").click()
        page.wait_for_function(BESIDE)
        close = page.get_by_test_id("inspector-close")
        expect(close).to_be_visible()
        title = close.get_attribute("title")
        assert "the network alone" in title and "Esc: back to the page" in title, title
        close.click()
        page.wait_for_function(f"() => ({INSPECTOR_PLACE})() === '{home}'")
        assert page.evaluate("() => !!document.fullscreenElement")          # the network alone
        page.get_by_test_id("neuron-2-0").click()
        page.wait_for_function(BESIDE)
        page.evaluate("() => document.exitFullscreen()")                   # the browser's Esc
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({INSPECTOR_PLACE})() === '{home}'")
    finally:
        context.close()
    fail_on_console_errors(console_errors)
