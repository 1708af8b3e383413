"""The page while it does not reach the server (connection.js): the box for a new address keeps
what the learner types in it, its focus and caret, when the line under the header says more (an
edit made meanwhile is kept); and the controls show that nothing trains, until the next session
says where it stands."""
import re

from playwright.sync_api import expect

from playkit import routed_sockets
from test_play_page import READY

NEXT = re.compile(r"\bnext\b")   # (the transport button that changes what holds, in orange)


def test_the_new_address_box_keeps_what_is_typed_when_the_line_says_more(page, server):
    sockets, down, _ = routed_sockets(page)
    page.goto(server.url + "/")
    page.wait_for_function(READY)
    down.append(True)
    sockets[-1].close()
    line = page.locator("#connection")
    expect(line).to_contain_text("has stopped, or cannot be reached", timeout=15_000)
    box = page.get_by_test_id("new-address")
    box.press_sequentially("http://127.0.0.1:8731/")
    page.evaluate("() => document.querySelector('[data-testid=\"new-address\"]').setSelectionRange(17, 17)")
    # an edit that leaves the focus where it is (a link pasted in another tab's address bar, a
    # keyed choice applied): the line adds that it is kept
    page.evaluate("() => window.neuralab.update((s) => { s.hparams.lr = 0.3; })")
    expect(line).to_contain_text("Your changes are kept in this page and its link")
    assert box.input_value() == "http://127.0.0.1:8731/"
    assert page.evaluate("""() => { const box = document.activeElement;
        return [box.dataset.testid, box.selectionStart, box.selectionEnd]; }""") == ["new-address", 17, 17]
    # and an edit made with the mouse, which takes the focus: the text is there when it comes back
    page.get_by_test_id("l2").fill("0.01")
    page.get_by_test_id("l2").press("Enter")
    assert box.input_value() == "http://127.0.0.1:8731/"


def test_the_controls_say_nothing_trains_while_the_page_does_not_reach_the_server(page, server):
    sockets, down, _ = routed_sockets(page)
    page.goto(server.url + "/")
    page.wait_for_function(READY)
    play, pause, body = page.get_by_test_id("play"), page.get_by_test_id("pause"), page.locator("body")
    play.click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch >= 2")
    expect(pause).to_have_class(NEXT)
    down.append(True)
    sockets[-1].close()
    expect(page.locator("#connection")).to_have_text("Reconnecting to the server…")
    # ❚❚ stood highlighted, ▶ pressed, as if the page still trained
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(play).to_have_attribute("aria-pressed", "false")
    expect(play).to_have_class(NEXT)
    expect(pause).not_to_have_class(NEXT)
    expect(body).not_to_have_class(re.compile(r"\bplaying\b"))
    # connected again: a new session, paused at epoch 0, whose statuses the controls follow
    down.clear()
    expect(page.locator("#connection")).to_have_text("", timeout=15_000)
    page.wait_for_function("() => window.neuralab.frame.header.epoch === 0")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    expect(pause).to_have_class(NEXT)
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
