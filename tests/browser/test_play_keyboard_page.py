"""The playground from the keyboard alone, checked in a real browser: the arrow keys move among a
wide layer's neurons as it is drawn (up and down its column, left and right to the neighbouring
layers), and a button that disables itself or goes with its block (the trace's
"◀ prev", "next ▶" and "×", a block's "×") leaves the focus on the next sensible control, not on
the page, where the next Tab started again from the top.
"""
import re

import pytest
from playwright.sync_api import expect

from test_play_limits_page import lim_open
from test_play_page import open_page, wait_scene


def kb_focused(page):
    """The test id of the element that has the focus ('BODY': none has)."""
    return page.evaluate("() => document.activeElement === document.body ? 'BODY' : document.activeElement.dataset.testid")


def kb_press(page, key, times=1):
    for _ in range(times):
        page.keyboard.press(key)


# Hidden layer 1 of 40 units shows its first 8 neurons in a column (its key: 0-unit); hidden
# layer 2 (2-unit) has 3, the output (4-0) one.
KB_WALK = [
    # down the column to its foot, where Down stays
    ("ArrowDown", 7, "neuron-0-7"), ("ArrowDown", 1, "neuron-0-7"),
    # the column's left: the layer's edge (the inputs are Tab stops of their own)
    ("ArrowUp", 1, "neuron-0-6"), ("ArrowLeft", 1, "neuron-0-6"), ("ArrowUp", 6, "neuron-0-0"),
    # along the top row and on to the next layer and the output, then back, level with each
    ("ArrowRight", 1, "neuron-2-0"), ("ArrowRight", 1, "neuron-4-0"), ("ArrowRight", 1, "neuron-4-0"),
    ("ArrowLeft", 1, "neuron-2-0"), ("ArrowLeft", 1, "neuron-0-0"), ("ArrowDown", 2, "neuron-0-2"),
]


# [the vertical middle of the neuron of this test id, then those of every neuron of its column on
# the screen]
KB_MIDDLES = """(testid) => {
    const middle = (n) => { const r = n.getBoundingClientRect(); return r.top + r.height / 2; };
    const node = document.querySelector(`[data-testid="${testid}"]`), left = node.getBoundingClientRect().left;
    const layer = [...document.querySelectorAll(`[data-testid^="${testid.replace(/\\d+$/, '')}"]`)];
    return [middle(node), ...layer.filter((n) => Math.abs(n.getBoundingClientRect().left - left) < 1).map(middle)];
}"""


def test_the_arrow_keys_walk_a_wide_layer_as_it_is_drawn(page, server):
    """The arrow keys move as the eye reads the network: Up and Down in a column (a layer of 40
    neurons shows its first 8), Left and Right to the neighbouring layer's neuron level with this
    one, or the nearest; the page's help says so. (In the days of a wide layer drawn in columns
    side by side, Down ran off the foot of one to the top of the next.)"""
    lim_open(page, server, [40, 3])
    page.get_by_test_id("neuron-0-0").focus()
    walked = []
    for key, times, _ in KB_WALK:
        kb_press(page, key, times)
        walked.append((key, times, kb_focused(page)))
    assert walked == KB_WALK
    # one tab stop among the neurons, the one the keys reached, and Enter inspects it
    expect(page.locator("#network .neuron[tabindex='0']")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("inspector-title")).to_contain_text("neuron 2")
    # each move across to another layer: the neuron reached is the one of its column nearest to
    # the level of the one it left
    for start, key, layer in (("neuron-2-1", "ArrowLeft", 0), ("neuron-0-5", "ArrowRight", 2)):
        page.get_by_test_id(start).focus()
        y = page.evaluate(KB_MIDDLES, start)[0]
        page.keyboard.press(key)
        reached = kb_focused(page)
        assert reached.startswith(f"neuron-{layer}-"), (start, reached)
        column = page.evaluate(KB_MIDDLES, reached)
        assert abs(column[0] - y) == min(abs(v - y) for v in column[1:]), (start, reached, y, column)
    expect(page.locator("footer")).to_contain_text("up and down a column, left and right to the next")


def test_the_trace_keeps_the_focus_on_its_buttons(page, server):
    """"next ▶" disabled itself at the trace's last step, "◀ prev" at its first and "×" as it
    closed the trace: the focus fell to the page, and the next Tab started from its top. At
    their ends "next ▶" and "◀ prev" keep it, say why they do nothing, and do nothing; "×" hands
    it to "Trace sample", which traces again."""
    lim_open(page, server, [3])
    start, prev, next_, stop = (page.get_by_test_id(f"trace-{b}") for b in ("start", "prev", "next", "stop"))
    title = page.locator(".trace-title")
    start.focus()
    page.keyboard.press("Enter")
    expect(title).to_have_text("Input: the sample enters the network")
    expect(prev).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Tab")
    expect(prev).to_be_focused()                   # (at the first step, focusable all the same)
    page.keyboard.press("Tab")
    expect(next_).to_be_focused()
    steps = page.locator(".dot-step").count()
    kb_press(page, "Enter", steps - 1)
    expect(page.locator(".dot-step").last).to_have_class(re.compile(r"\bon\b"))
    expect(next_).to_be_focused()
    expect(next_).to_have_attribute("aria-disabled", "true")
    expect(next_).to_have_attribute("title", "the last step: ◀ prev goes back, × closes the trace")
    last = title.inner_text()
    page.keyboard.press("Enter")
    expect(title).to_have_text(last)
    page.keyboard.press("Shift+Tab")
    expect(prev).to_be_focused()
    kb_press(page, "Enter", steps - 1)
    expect(title).to_have_text("Input: the sample enters the network")
    expect(prev).to_be_focused()
    expect(prev).to_have_attribute("title", "the first step: next ▶ goes on")
    kb_press(page, "Tab", 3)
    expect(stop).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("trace-panel")).to_have_text("Trace closed.")
    expect(start).to_be_focused()
    page.keyboard.press("Enter")                    # and it traces again
    expect(title).to_have_text("Input: the sample enters the network")


@pytest.mark.parametrize("press, widened, after", [
    ("remove-1", 4, "remove-0"),      # the last block: the one before
    ("remove-0", 3, "remove-0"),      # the first: the one after it
], ids=["last", "first"])
def test_a_blocks_remove_button_hands_the_focus_on(page, server, press, widened, after):
    """"×" removed its block and the focus with it: the next Tab started from the page's top. The
    focus goes to the notice line's Undo (Enter again puts the block back); when another edit
    takes Undo back, to the × that took the block's place, else to the one of the block before."""
    lim_open(page, server, [3, 2])
    page.get_by_test_id(press).focus()
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.layers.length === 1")
    expect(page.get_by_test_id("notice-undo")).to_be_focused()
    # another edit meanwhile (a neuron more: the hidden blocks are no longer those the removal left)
    page.evaluate("() => window.neuralab.update((s) => { s.layers[0].units += 1; })")
    wait_scene(page, f"s.state.layers[0].units === {widened}")
    expect(page.get_by_test_id("notice-undo")).to_have_count(0)
    expect(page.get_by_test_id(after)).to_be_focused()


def test_the_draw_pickers_buttons_keep_the_focus(page, server):
    """Enter on a class of the draw picker (or on "clear") built the picker again, and the focus
    fell to the page with the button it was on. The button of the new picker has it now, and the
    map, a few Shift+Tabs back, adds a point of that class at its cursor."""
    open_page(page, server)
    picked = page.get_by_test_id("draw-class-1")
    picked.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.neuralab.drawLabel === 1")
    expect(picked).to_have_class(re.compile(r"\bon\b"))     # (the picker built again)
    expect(picked).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("clear-points")).to_be_focused()
    page.keyboard.press("Enter")
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 0")
    expect(page.get_by_test_id("clear-points")).to_be_focused()
    passed = []
    while kb_focused(page) != "output-canvas" and len(passed) < 8:
        page.keyboard.press("Shift+Tab")
        passed.append(kb_focused(page))
    assert passed[-1] == "output-canvas", passed
    page.keyboard.press("Enter")
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 1")
    expect(page.get_by_test_id("output-status")).to_have_text("added point (0, 0), class 1")   # (a drawing's class)


@pytest.mark.parametrize("how", ["error", "classroom"])
def test_a_line_that_hides_itself_hands_the_focus_on(page, server, how):
    """The error banner's "×" and the classroom notice's "Show everything" hide the line they are
    on: the focus fell to the page with them. It goes on to the page below the line, the data
    panel's first control."""
    if how == "error":
        open_page(page, server)
        box = page.get_by_test_id("lr")
        box.fill("-5")
        box.press("Enter")
        line = page.get_by_test_id("error")
        button = line.get_by_title("dismiss")
    else:
        open_page(page, server, {"hide": ["optimizer"]})
        line = page.get_by_test_id("classroom-notice")
        button = page.get_by_test_id("show-everything")
    expect(line).to_be_visible()
    page.get_by_test_id("download-png").focus()     # the header's last control, and Tab goes on
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(line).to_be_hidden()
    expect(page.get_by_test_id("dataset-select")).to_be_focused()


def test_the_scroll_buttons_keep_the_focus_at_the_networks_ends(page, server):
    """On a phone a network of six layers scrolls sideways: "▶" pressed until the network's right
    end showed disabled itself, and the focus fell to the page. It keeps the focus there, says
    why it does nothing, and "◀" scrolls back."""
    page.set_viewport_size({"width": 390, "height": 800})
    lim_open(page, server, [3] * 6)
    back, forth = page.get_by_test_id("network-scroll-hint").get_by_role("button").all()
    forth.focus()
    at_end = "() => { const n = document.getElementById('network'); return n.scrollLeft >= n.scrollWidth - n.clientWidth - 1; }"
    ended = "() => { window.kpEnded = false; document.getElementById('network').addEventListener('scrollend', () => { window.kpEnded = true; }, {once: true}); }"
    for _ in range(10):
        page.evaluate(ended)
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.kpEnded")     # (a smooth scroll: read where it ends)
        if page.evaluate(at_end):
            break
    expect(forth).to_have_attribute("aria-disabled", "true")
    expect(forth).to_have_attribute("title", "the network's right end is in view")
    page.keyboard.press("Enter")
    expect(forth).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(back).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('network').scrollLeft < 400")
