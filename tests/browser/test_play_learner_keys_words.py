"""Small page defects a learner hit, each checked in a real browser: Space pauses training started
with Enter on ▶ (the focus left on ▶ swallowed it), "Trace sample" refuses while its box holds a
refused number (it traced the sample taken before, unnamed), and the loss chart's checkbox is
"log scale" (its "log loss" read as the name of a loss, beside "loss: binary cross-entropy").
"""
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_page import open_page, scene
from test_play_page_fixes import RECORD_SENT, sent

LKW_PLAYING = re.compile(r"(^|\s)playing(\s|$)")


def test_space_pauses_what_enter_on_play_started(page, server):
    """Enter on ▶ started training and left the focus on ▶, where Space pressed ▶ again: the
    footer's "Space: play / pause" could not pause. ▶ pressed from the keyboard hands the focus
    to ❚❚ (and ❚❚ to ▶), and Space on either plays or pauses; Space still presses the other
    buttons and inspects a neuron."""
    open_page(page, server)
    body, play, pause = page.locator("body"), page.get_by_test_id("play"), page.get_by_test_id("pause")
    expect(page.locator("footer")).to_contain_text("Space: play / pause")
    play.focus()
    page.keyboard.press("Enter")
    expect(body).to_have_class(LKW_PLAYING)
    expect(pause).to_be_focused()
    page.keyboard.press("Enter")
    expect(body).not_to_have_class(LKW_PLAYING)
    expect(play).to_be_focused()
    # Space on ▶ or ❚❚, whichever has the focus: play, then pause
    for button in (play, pause, play):
        button.focus()
        page.keyboard.press(" ")
        expect(body).to_have_class(LKW_PLAYING)
        page.keyboard.press(" ")
        expect(body).not_to_have_class(LKW_PLAYING)
        expect(button).to_be_focused()
    # a mouse click leaves the focus where the pointer put it
    play.click()
    expect(body).to_have_class(LKW_PLAYING)
    expect(play).to_be_focused()
    pause.click()
    expect(body).not_to_have_class(LKW_PLAYING)
    # Space on another button presses it (one epoch), on a neuron inspects it: neither plays
    settle(page)   # the frames of the epochs trained before the pause have all come
    epoch = int(page.get_by_test_id("epoch").inner_text())
    page.get_by_test_id("step-epoch").focus()
    page.keyboard.press(" ")
    expect(page.get_by_test_id("epoch")).to_have_text(str(epoch + 1))
    page.get_by_test_id("neuron-0-1").focus()
    page.keyboard.press(" ")
    expect(page.get_by_test_id("inspector-title")).to_contain_text("neuron 1")
    page.wait_for_timeout(300)   # (what must not come: training)
    expect(body).not_to_have_class(LKW_PLAYING)
    expect(page.get_by_test_id("epoch")).to_have_text(str(epoch + 1))


def test_trace_sample_refuses_while_its_box_holds_a_refused_number(page, server):
    """250 of 200 training samples was refused in the box (marked, the banner up), and "Trace
    sample" then traced the sample taken before without naming it. It traces nothing now and
    says why in the trace panel; a sample in range is traced, the one the box shows."""
    open_page(page, server)
    page.evaluate(RECORD_SENT)
    data = scene(page)["dataset"]
    last = data["n_train"] - 1
    box, start = page.get_by_test_id("trace-sample"), page.get_by_test_id("trace-start")
    box.fill("3")
    box.press("Enter")
    start.click()
    expect(page.get_by_test_id("trace-value-input-0")).to_be_visible()
    box.fill(str(last + 50))
    box.press("Enter")
    expect(box).to_have_attribute("aria-invalid", "true")
    words = f"Training sample must be in 0..{last}, got {last + 50}"
    expect(page.get_by_test_id("error").locator(".error-message")).to_have_text(words)
    start.click()
    expect(page.get_by_test_id("trace-refused")).to_have_text(f"Cannot trace this sample: {words}.")
    expect(page.locator(".trace-title")).to_have_count(0)
    expect(page.get_by_test_id("trace-next")).to_be_disabled()
    assert [m["sample"] for m in sent(page, "trace")] == [3]
    expect(box).to_have_value(str(last + 50))        # the box keeps what was typed, to correct
    box.fill("7")
    box.press("Enter")
    start.click()
    expect(page.get_by_test_id("trace-value-input-0")).to_be_visible()
    assert [m["sample"] for m in sent(page, "trace")] == [3, 7]
    shown = [float(page.get_by_test_id(f"trace-value-input-{k}").inner_text().replace("−", "-")) for k in (0, 1)]
    assert shown == pytest.approx(data["train"][7][:2], abs=1e-3)


def test_the_loss_charts_checkbox_is_log_scale_and_says_what_it_does(page, server):
    """"log loss" beside "loss: binary cross-entropy" read as a loss's name (log loss is
    cross-entropy); the box is "log scale" and its title says it draws the chart's axis on a
    logarithmic scale. Unticked, the chart's grid is even in the loss itself."""
    open_page(page, server)
    box = page.get_by_test_id("log-scale")
    label = page.locator("label", has=box)
    expect(label).to_have_text("log scale")
    for node in (box, label):
        expect(node).to_have_attribute("title", re.compile(r"logarithmic axis"))
    expect(page.locator("#curves")).not_to_contain_text("log loss")
    expect(box).to_be_checked()
