"""The trace under the enlarged network (trace.js, enlarge.js's besideEnlargedNetwork, enlarge.css),
in a real browser: a trace started on the page lit the enlarged network's links while its numbers
stood on the page, out of sight. Now, while a trace is on, its panel itself comes under the
network on the whole screen, a strip of larger words whose every number shows whole, the network
fitted to the room left; its buttons, its dots and the arrow keys step it there; Esc closes the
weight editor, then the neuron panel, then the trace (the panel back on the page), then leaves
full screen; leaving full screen by its button takes the panel back with the trace still on,
the focus on the Enlarge button.
"""
import pytest
from playkit import fail_on_console_errors
from playwright.sync_api import expect
from test_play_enlarge import LEFT, screen_shot
from test_play_enlarge_editor_and_fit import ON_LINK, ZOOM, open_tab
from test_play_enlarge_inspector import BESIDE as INSPECTOR_BESIDE
from test_play_enlarge_inspector import overlaps
from test_play_enlarge_network import (
    NETWORK_ENLARGED,
    assert_drawn_on_the_neurons,
    network_button,
    wait_drawn,
)

# Where the trace's panel stands: under the enlarged network (in the full-screen element) or on the
# page, in its column (its place among the column's panels).
PLACE = """() => {
    const panel = document.querySelector('.trace-panel');
    return document.fullscreenElement?.contains(panel) ? 'under the network'
        : `${panel.parentElement.className} ${[...panel.parentElement.children].indexOf(panel)}`;
}"""
UNDER = f"() => ({PLACE})() === 'under the network'"
# The step on show (its dot's number) and its title.
STEP = """() => [[...document.querySelectorAll('.dot-step')].findIndex((d) => d.getAttribute('aria-current') === 'step'),
                 document.querySelector('.trace-title')?.textContent]"""
# Every number of the step on show whose box is not whole on the screen: outside the window, or
# cut by a box between it and the screen that clips it (the equations' scrolling box); the trace
# panel's box, each neuron's, and the size of the numbers' words.
CLIPPED = """() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const cut = (v) => {
        const r = v.getBoundingClientRect();
        if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) return true;
        for (let p = v.parentElement; p; p = p.parentElement) {
            if (getComputedStyle(p).overflow === 'visible') continue;
            const c = p.getBoundingClientRect();
            if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5) return true;
        }
        return false;
    };
    const values = [...document.querySelectorAll('.trace-step .num.value')];
    return { count: values.length, clipped: values.filter(cut).map((v) => v.dataset.testid),
             inside: values.every((v) => document.fullscreenElement?.contains(v)),
             panel: box(document.querySelector('.trace-panel')),
             neurons: [...document.querySelectorAll('#network .neuron')].map((n) => [n.dataset.key, box(n)]),
             words: parseFloat(getComputedStyle(values[0]).fontSize) * (values[0].currentCSSZoom || 1) };
}"""
FOCUSED_NEURON = "() => !!document.activeElement?.matches('#network .neuron')"


def start_trace(page, step=0):
    """A trace of the page's sample, at step ``step``."""
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-dot-0")).to_be_visible()
    if step:
        page.get_by_test_id(f"trace-dot-{step}").click()
    page.wait_for_function(f"() => ({STEP})()[0] === {step}")


def enlarge(page):
    network_button(page).click()
    page.wait_for_function(NETWORK_ENLARGED)
    wait_drawn(page)


def assert_whole(page, screen):
    """Every number of the step on show is on the screen, whole, in the full-screen element; the
    trace's panel lies under no neuron; the numbers are as large on a projector's wall as 19 px
    at least of a screen 1920 px wide casts them (the page's are 12.5 px)."""
    seen = page.evaluate(CLIPPED)
    assert seen["count"] and seen["inside"] and not seen["clipped"], seen
    assert not [key for key, box in seen["neurons"] if overlaps(box, seen["panel"])], seen
    assert seen["words"] * 1920 / screen["width"] >= 19, seen
    return seen


@pytest.mark.parametrize("screen", [{"width": 1920, "height": 1080}, {"width": 1024, "height": 768}],
                         ids=["1920x1080", "1024x768"])
def test_a_trace_on_shows_under_the_enlarged_network_whole_and_steps_there(browser, server, console_errors, screen):
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        home = page.evaluate(PLACE)
        enlarge(page)
        alone = float(page.evaluate(ZOOM))
        assert page.evaluate(PLACE) == home, "no trace on: the network alone"
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)

        start_trace(page, step=1)
        title = page.evaluate(STEP)[1]
        enlarge(page)
        page.wait_for_function(UNDER)
        page.wait_for_function(f"() => ({ZOOM})() < {alone}")     # the network fitted to the room left
        wait_drawn(page)
        assert page.evaluate(STEP) == [1, title], "the step on show when enlarged"
        assert page.evaluate("() => document.getElementById('network').scrollWidth <= document.getElementById('network').clientWidth")
        assert_drawn_on_the_neurons(page)
        screen_shot(page, f"enlarge-trace-{screen['width']}x{screen['height']}")

        # every step, stepped by next ▶ there, shows whole, the network's highlight following it;
        # the strip keeps its height (the network is not laid out again at each step)
        heights = set()
        steps = page.locator(".dot-step").count()
        for k in range(1, steps):
            page.wait_for_function(f"() => ({STEP})()[0] === {k}")
            seen = assert_whole(page, screen)
            heights.add(round(seen["panel"][3] - seen["panel"][1]))
            if k < steps - 1:
                page.get_by_test_id("trace-next").click()
        assert len(heights) == 1, heights
        page.get_by_test_id("trace-dot-0").click()
        page.wait_for_function(f"() => ({STEP})()[0] === 0")
        assert_whole(page, screen)
        page.get_by_test_id("trace-next").click()
        page.wait_for_function(f"() => ({STEP})()[0] === 1")
        assert page.evaluate("() => window.neuralab.highlight?.layer") is not None

        # Esc closes the trace and takes its panel back; the network takes the room again, and the
        # next Esc leaves full screen
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        expect(page.get_by_test_id("trace-panel")).to_have_text("Trace closed.")
        assert page.evaluate(NETWORK_ENLARGED) and page.evaluate("() => window.neuralab.highlight") is None
        page.wait_for_function(f"() => ({ZOOM})() === '{alone}'")
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
        expect(network_button(page)).to_be_focused()
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_the_trace_under_the_network_from_the_keyboard_and_back_to_the_page(browser, server, console_errors):
    screen = {"width": 1280, "height": 720}
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        home = page.evaluate(PLACE)
        start_trace(page)
        enlarge(page)      # (clicked: the button lets the focus go)
        page.wait_for_function(UNDER)

        # with the focus on no control, ← and → (a presenter's remote: Page Up and Down) step it
        for key, step in [("ArrowRight", 1), ("ArrowRight", 2), ("PageDown", 3), ("ArrowLeft", 2), ("PageUp", 1)]:
            page.keyboard.press(key)
            page.wait_for_function(f"() => ({STEP})()[0] === {step}")
        # next ▶ from the keyboard keeps the focus; the dots' arrow keys move along them
        page.get_by_test_id("trace-next").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => ({STEP})()[0] === 2")
        expect(page.get_by_test_id("trace-next")).to_be_focused()
        page.get_by_test_id("trace-dot-2").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({STEP})()[0] === 3")
        expect(page.get_by_test_id("trace-dot-3")).to_be_focused()
        assert_whole(page, screen)

        # another sample chosen there: the trace follows it at its step; "Trace sample" there
        # starts a trace of its own, and the panel stays
        first = page.get_by_test_id("trace-panel").text_content()
        page.get_by_test_id("trace-sample").fill("3")
        page.get_by_test_id("trace-sample").dispatch_event("change")
        expect(page.get_by_test_id("trace-panel")).not_to_have_text(first)
        assert page.evaluate(STEP)[0] == 3
        page.get_by_test_id("trace-start").click()
        page.wait_for_function(f"() => ({STEP})()[0] === 0")
        assert page.evaluate(UNDER)

        # × closes the trace there, the focus on the network; Esc then leaves full screen
        page.get_by_test_id("trace-stop").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        page.wait_for_function(FOCUSED_NEURON)
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)

        # full screen left by its button (or the browser's Esc) during a trace: the panel back on
        # the page, the trace still on at its step, the focus on the Enlarge button
        start_trace(page, step=2)
        enlarge(page)
        page.wait_for_function(UNDER)
        page.get_by_role("button", name="Back to the page").click()
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        expect(network_button(page)).to_be_focused()
        assert page.evaluate(STEP)[0] == 2
        page.get_by_test_id("trace-next").click()
        page.wait_for_function(f"() => ({STEP})()[0] === 3")
        page.evaluate("() => document.activeElement.blur()")
        page.keyboard.press("ArrowRight")    # (on the page, the arrows are the dots' alone)
        wait_drawn(page)
        assert page.evaluate(STEP)[0] == 3
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_esc_closes_the_weight_editor_then_the_neuron_panel_then_the_trace_then_full_screen(browser, server, console_errors):
    screen = {"width": 1920, "height": 1080}
    context, page = open_tab(browser, server, console_errors, screen)
    try:
        start_trace(page, step=1)
        enlarge(page)
        page.wait_for_function(UNDER)
        page.get_by_test_id("neuron-2-1").click()
        page.wait_for_function(INSPECTOR_BESIDE)
        wait_drawn(page)
        # the neuron panel at the network's right, the trace under both: none over another, nor
        # over a neuron
        seen = assert_whole(page, screen)
        inspector = page.evaluate("() => { const r = document.querySelector('.inspector-panel').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }")
        assert not overlaps(inspector, seen["panel"]) and inspector[3] <= screen["height"], (inspector, seen["panel"])
        assert not [key for key, box in seen["neurons"] if overlaps(box, inspector)], seen
        screen_shot(page, "enlarge-trace-and-neuron-1920x1080")

        x, y = page.evaluate(ON_LINK, ["link-2-1-0", 0.5])
        page.mouse.click(x, y)
        expect(page.get_by_test_id("weight-editor")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)
        assert page.evaluate(INSPECTOR_BESIDE) and page.evaluate(UNDER)
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => !({INSPECTOR_BESIDE})()")
        assert page.evaluate(UNDER) and page.evaluate(STEP)[0] == 1
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => !({UNDER})()")
        assert page.evaluate(NETWORK_ENLARGED)
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_a_trace_refused_under_the_network_says_why_there_and_its_x_takes_it_back(browser, server, console_errors):
    """The refusal's words stand where "Trace sample" was pressed (the banner that says them too
    is on the page, behind the screen); × stays there to close the panel, as Esc does."""
    context, page = open_tab(browser, server, console_errors, {"width": 1280, "height": 720})
    try:
        home = page.evaluate(PLACE)
        start_trace(page)
        enlarge(page)
        page.wait_for_function(UNDER)
        box = page.get_by_test_id("trace-sample")
        box.fill("100000")
        box.press("Enter")
        expect(box).to_have_attribute("aria-invalid", "true")
        page.get_by_test_id("trace-start").click()
        refused = page.get_by_test_id("trace-refused")
        expect(refused).to_contain_text("Cannot trace this sample: Training sample must be in 0..")
        assert page.evaluate(UNDER) and page.evaluate("() => window.neuralab.highlight") is None
        expect(page.locator(".dot-step")).to_have_count(0)
        assert refused.evaluate("(n) => document.fullscreenElement.contains(n)")
        expect(page.get_by_test_id("trace-stop")).to_be_enabled()
        page.get_by_test_id("trace-stop").click()
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        expect(page.get_by_test_id("trace-stop")).to_be_disabled()
        assert page.evaluate(NETWORK_ENLARGED)
        page.keyboard.press("Escape")
        page.wait_for_function(LEFT)

        # full screen left with the refusal's panel there: on the page, × is disabled again (no
        # trace to close)
        box.fill("1")
        box.press("Enter")
        start_trace(page)
        enlarge(page)
        page.wait_for_function(UNDER)
        box.fill("100000")
        box.press("Enter")
        page.get_by_test_id("trace-start").click()
        expect(page.get_by_test_id("trace-refused")).to_be_visible()
        page.get_by_role("button", name="Back to the page").click()
        page.wait_for_function(LEFT)
        page.wait_for_function(f"() => ({PLACE})() === '{home}'")
        expect(page.get_by_test_id("trace-stop")).to_be_disabled()
    finally:
        context.close()
    fail_on_console_errors(console_errors)
