"""The Data panel's sliders under a finger (from a review on a tablet): a swipe meant to scroll the
page that began on a slider also set it where the finger landed (the train ratio 0.5 → 0.25) and
built the data again. It scrolls the page only; a sideways drag of the thumb and a tap still set
the slider (slider-swipe.js)."""
import pytest
from playwright.sync_api import expect
from test_play_tablet_touch import IPAD_PORTRAIT, PHONE, tt_swipe


def ds_point(page, testid, across):
    """A point on slider ``testid``'s strip, at ``across`` of its width."""
    box = page.get_by_test_id(testid).bounding_box()
    return box["x"] + box["width"] * across, box["y"] + box["height"] / 2


@pytest.mark.parametrize("options, testid, key", [
    (IPAD_PORTRAIT, "train-ratio", "train_ratio"),
    (PHONE, "noise", "noise"),
], ids=["ipad-train-ratio", "phone-noise"])
def test_a_swipe_that_begins_on_a_slider_scrolls_and_sets_nothing(context_tab, options, testid, key):
    page = context_tab(options)
    slider = page.get_by_test_id(testid)
    before, readout = slider.input_value(), slider.locator("xpath=following-sibling::span[1]")
    shown = readout.inner_text()
    # every scene from here on, by its value of the slider's key: a change sent is a scene that says it
    page.evaluate("""(key) => { window.dsScenes = [];
        window.neuralab.on('scene', (s) => window.dsScenes.push(s.state.dataset[key])); }""", key)
    slider.evaluate("(s) => s.scrollIntoView({ block: 'center' })")
    scrolled = page.evaluate("scrollY")
    x, y = ds_point(page, testid, 0.2)       # (off the thumb: where a finger would set it)
    tt_swipe(page, x, y, x + 4, y - 200)     # up, a little aslant, as a thumb scrolls the page
    page.wait_for_function("(y) => scrollY > y", arg=scrolled)
    expect(slider).to_have_value(before)
    expect(readout).to_have_text(shown)   # (it said 25% while the finger scrolled)
    assert str(page.evaluate("(key) => window.neuralab.state.dataset[key]", key)) == before
    # a sideways drag of the thumb sets it; the first scene after the swipe is the drag's
    low, high = (float(slider.get_attribute(end)) for end in ("min", "max"))
    x, y = ds_point(page, testid, (float(before) - low) / (high - low))
    tt_swipe(page, x, y, x + 120, y)
    page.wait_for_function("() => window.dsScenes.length > 0")
    dragged = slider.input_value()
    assert float(dragged) > float(before)
    assert page.evaluate("window.dsScenes") == [float(dragged)]
    # and a tap, at its left end
    page.touchscreen.tap(*ds_point(page, testid, 0.05))
    page.wait_for_function("() => window.dsScenes.length > 1")
    assert page.evaluate("window.dsScenes") == [float(dragged), float(slider.input_value())]
    assert float(slider.input_value()) < float(before)
