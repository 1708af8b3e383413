"""The error banner leaves the page where the learner put it. It moves the box being edited out
from under itself (test_play_phone_and_contrast), and only that: it brought the focused control
into view from anywhere, whenever it grew, so a divergence took a learner watching the Gradients
back to ▶ at the page's top, and a window narrowed and widened again after a refused weight
(which is what a full-page screenshot on a slow machine does) left the page scrolled, the link
just clicked above the screen, where the next click on it missed.
"""
from playwright.sync_api import expect

from test_play_page import click_link, open_page

DIVERGING = {"dataset": {"name": "plane"}, "hparams": {"lr": 10}}   # diverges in epoch 1
# a frame laid out and drawn after this one: the banner's ResizeObserver has answered its growth
NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# where the element of this selector stands in the window: [top, bottom]
ON_SCREEN = "(selector) => { const r = document.querySelector(selector).getBoundingClientRect(); return [r.top, r.bottom]; }"


def test_a_divergence_leaves_the_page_where_the_learner_scrolled(page, server):
    open_page(page, server, DIVERGING)
    page.get_by_test_id("play").focus()       # (Tabbed to ▶)
    page.mouse.move(700, 600)
    page.mouse.wheel(0, 2000)                 # down to the Gradients, to watch them train
    page.wait_for_function("() => scrollY > 0 && scrollY === document.documentElement.scrollHeight - innerHeight")
    watched = page.evaluate(ON_SCREEN, "#gradients-title")
    page.keyboard.press("Space")              # plays, from anywhere
    expect(page.get_by_test_id("error")).to_contain_text("Training diverged.")
    page.evaluate(NEXT_FRAMES)
    assert page.evaluate("() => document.activeElement.dataset.testid") == "play"
    play_top, play_bottom = page.evaluate(ON_SCREEN, "[data-testid=play]")
    assert play_bottom <= 0, f"the page went back up to ▶ (at {play_top:.0f} px), away from the Gradients"
    top, _ = page.evaluate(ON_SCREEN, "#gradients-title")
    height = page.evaluate("() => innerHeight")
    assert 0 < top < height, f"the Gradients went from {watched[0]:.0f} px to {top:.0f} px, off the screen"


def test_a_window_narrowed_and_widened_after_a_refused_weight_leaves_its_link_to_click(page, server):
    open_page(page, server)
    click_link(page, "link-0-1-0")
    editor = page.get_by_test_id("weight-input")
    editor.fill("1000")
    editor.press("Enter")
    expect(page.get_by_test_id("error")).to_be_visible()
    page.evaluate(NEXT_FRAMES)
    # a phone's width wraps the banner's words to a second line: it grows, the link far below it
    page.set_viewport_size({"width": 375, "height": 667})
    page.evaluate(NEXT_FRAMES)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.evaluate(NEXT_FRAMES)
    assert page.evaluate("() => scrollY") == 0, "the page scrolled by itself"
    click_link(page, "link-0-1-0")
    editor.fill("1.5")
    editor.press("Enter")
    page.wait_for_function("() => window.neuralab.frame.arrays['W/0'][1 * 2 + 0] === 1.5")
