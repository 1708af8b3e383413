"""The output map from the keyboard, checked in a real browser: Tab reaches the plane, which says
what it shows and how to use it; the arrow keys (Shift: larger steps) move a cursor drawn on the
map and named in the status line; Enter and Space add a point of the chosen class there, as a
click does, or of the chosen value (the server's scene has it, and Space does not start
training); the focus ring and the cursor show, and a click leaves neither but moves the cursor. On a dataset that is not drawn on, Enter picks the training point at the cursor
(as a click does) or says why nothing happened, and adds no point.
"""
import math
import re

from playwright.sync_api import expect

from playkit import shot as save_shot
from test_play_page import choose_drawn, choose_value_drawing, open_page, scene, wait_scene
from test_play_page_fixes import RECORD_SENT, sent
from test_play_page_layout import focused, tab_until

CURSOR = re.compile(r"cursor \((-?[\d.]+), (-?[\d.]+)\)")


def status(page):
    return page.get_by_test_id("output-status").inner_text()


def cursor_shown(page):
    """The (x1, x2) the status line names as the cursor's place."""
    found = CURSOR.search(status(page))
    assert found, f"the status line names no cursor: {status(page)!r}"
    return float(found.group(1)), float(found.group(2))


def cursor_drawn(page, x1, x2):
    """How dark the map is on the cursor's four arms around (x1, x2) (a ring of radius 9 CSS px,
    arms 12 px long), and at the same places 40 CSS px to the right: at each arm's middle, the
    brightest channel of the darkest pixel of a 3 x 3 patch (near 0 on the cursor's ink, well
    above 100 on every colour of the map)."""
    return page.evaluate("""([x1, x2]) => {
        const c = document.querySelector('[data-testid="output-canvas"]');
        const ctx = c.getContext('2d'), s = c.width / c.getBoundingClientRect().width;   // device px per CSS px
        const px = (x1 + 6) / 12 * c.width / s, py = (6 - x2) / 12 * c.height / s, mid = 9 + 6;
        const darkest = (x, y) => { const d = ctx.getImageData(Math.round(x * s) - 1, Math.round(y * s) - 1, 3, 3).data;
            let m = 255; for (let i = 0; i < d.length; i += 4) m = Math.min(m, Math.max(d[i], d[i + 1], d[i + 2])); return m; };
        const arms = (ox) => [[mid, 0], [-mid, 0], [0, mid], [0, -mid]].map(([dx, dy]) => darkest(px + ox + dx, py + dy));
        return {at: arms(0), away: arms(40)};
    }""", [x1, x2])


# CSS pixels from the cursor's centre to the outside of its ring's white halo (points.js's
# CURSOR_REACH: a ring of radius 9, its halo 5 wide): the cursor keeps that far inside the map
CURSOR_REACH = 9 + 5 / 2


def cursor_limit(page, end, other_end):
    """Where the keys stop the cursor near the plane's end ``end`` of an axis from ``other_end``
    to ``end`` (the scene's extent): the last of the keys' steps (multiples of 0.25) at least
    ``CURSOR_REACH`` CSS pixels of the map inside it."""
    width = page.get_by_test_id("output-canvas").evaluate("c => c.clientWidth")
    limit = end - CURSOR_REACH / width * (end - other_end)
    return (math.floor if end > other_end else math.ceil)(limit / 0.25) * 0.25


def ring_drawn(page, x1, x2):
    """How dark the map is on the cursor's ring around (x1, x2) of the plane [-6, 6]², at its
    four points nearest the map's edges (9 CSS px from its centre): the brightest channel of
    the darkest pixel of a 3 x 3 patch (near 0 on the ring's ink), None off the map."""
    return page.evaluate("""([x1, x2]) => {
        const c = document.querySelector('[data-testid="output-canvas"]');
        const ctx = c.getContext('2d'), s = c.width / c.clientWidth;   // device px per CSS px
        const px = (x1 + 6) / 12 * c.clientWidth, py = (6 - x2) / 12 * c.clientWidth;
        const darkest = (x, y) => { const X = Math.round(x * s), Y = Math.round(y * s);
            if (X < 1 || Y < 1 || X > c.width - 2 || Y > c.height - 2) return null;
            const d = ctx.getImageData(X - 1, Y - 1, 3, 3).data;
            let m = 255; for (let i = 0; i < d.length; i += 4) m = Math.min(m, Math.max(d[i], d[i + 1], d[i + 2])); return m; };
        return [[9, 0], [-9, 0], [0, 9], [0, -9]].map(([dx, dy]) => darkest(px + dx, py + dy));
    }""", [x1, x2])


def output_shot(page, name):
    """A screenshot of the output map with room around it for the focus ring; its path."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    box = page.get_by_test_id("output-canvas").bounding_box()
    path = save_shot(page, name)   # the whole page, and the map's corner
    page.screenshot(path=str(path.with_name(name + "-map.png")),
                    clip={"x": box["x"] - 12, "y": box["y"] - 12, "width": box["width"] + 24, "height": box["height"] + 60})
    return path


def test_tab_arrows_and_enter_draw_a_point_on_the_output_map(page, server):
    open_page(page, server)
    page.evaluate(RECORD_SENT)
    choose_drawn(page)
    page.get_by_test_id("draw-class-1").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("draw-class-1")).to_have_class(re.compile(r"\bon\b"))
    # Tab reaches the map: one stop, a label that says what it shows and how to use it
    page.get_by_test_id("dataset-select").focus()
    tab_until(page, "output-canvas", 40)
    plane = page.get_by_test_id("output-canvas")
    me = focused(page)
    assert me["role"] == "application" and me["tabindex"] == "0"
    assert "decision regions" in me["label"] and "Arrow keys" in me["label"], me["label"]
    assert "Enter or Space adds a point of class 1" in me["label"], me["label"]
    # the focus ring shows (Tab, not a click, brought the focus)
    ring = page.evaluate("""() => { const c = document.activeElement, st = getComputedStyle(c);
        return {visible: c.matches(':focus-visible'), style: st.outlineStyle, width: parseFloat(st.outlineWidth), color: st.outlineColor}; }""")
    assert ring["visible"] and ring["style"] == "solid" and ring["width"] >= 2, ring
    assert cursor_shown(page) == (0.0, 0.0)
    # the arrows move the cursor by 0.25, by 1 with Shift; the status line and the map show it
    for key in ("ArrowRight", "ArrowRight", "Shift+ArrowRight", "Shift+ArrowDown", "ArrowUp", "ArrowUp"):
        page.keyboard.press(key)
    x1, x2 = cursor_shown(page)
    assert (x1, x2) == (1.5, -0.5)
    drawn = cursor_drawn(page, x1, x2)
    assert max(drawn["at"]) < 80 and min(drawn["away"]) > 120, drawn
    output_shot(page, "output-keyboard-cursor")
    # Enter adds a point of class 1 where the cursor is, as a click there would
    page.keyboard.press("Enter")
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 1")
    assert sent(page, "add_point")[-1] | {"scene_id": None} == {
        "type": "add_point", "x1": x1, "x2": x2, "label": 1, "scene_id": None}
    points = scene(page)["dataset"]["train"] + scene(page)["dataset"]["test"]
    assert points == [[x1, x2, 1]]
    expect(page.get_by_test_id("output-status")).to_have_text(f"added point ({x1:g}, {x2:g}), class 1")
    expect(plane).to_be_focused()
    # Space adds too (and does not start training); the cursor stops at the plane's edge, its
    # ring whole on the map
    for _ in range(9):
        page.keyboard.press("Shift+ArrowLeft")
    left = cursor_limit(page, -6, 6)
    assert cursor_shown(page) == (left, -0.5) and -6 < left <= -5.5   # a step, its ring inside
    page.keyboard.press(" ")
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 2")
    assert sorted(map(tuple, scene(page)["dataset"]["train"] + scene(page)["dataset"]["test"])) == [
        (left, -0.5, 1), (1.5, -0.5, 1)]
    assert not sent(page, "control")
    output_shot(page, "output-keyboard-added")
    # leaving the map hides the cursor and empties the status line
    page.keyboard.press("Tab")
    expect(plane).not_to_be_focused()
    expect(page.get_by_test_id("output-status")).to_have_text("")
    assert cursor_drawn(page, left, -0.5)["at"][0] > 120   # no cursor's arm right of the last point
    expect(page.get_by_test_id("error")).to_be_hidden()


def test_a_click_leaves_no_ring_and_the_keys_go_on_from_it(page, server):
    open_page(page, server)
    plane = choose_drawn(page)
    box = plane.bounding_box()
    plane.click(position={"x": 0.75 * box["width"], "y": 0.25 * box["height"]})   # (3, 3)
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 1")
    assert not page.evaluate("() => document.activeElement.matches(':focus-visible')")
    expect(page.get_by_test_id("output-status")).to_have_text("")
    page.keyboard.press("ArrowDown")
    x1, x2 = cursor_shown(page)
    assert abs(x1 - 3) < 0.1 and abs(x2 - 2.75) < 0.1, (x1, x2)
    page.keyboard.press("Enter")
    wait_scene(page, "s.dataset.n_train + s.dataset.n_test === 2")
    assert [x1, x2, 0] in scene(page)["dataset"]["train"] + scene(page)["dataset"]["test"]


def test_enter_on_a_generated_dataset_picks_a_point_and_adds_none(page, server):
    open_page(page, server)
    page.evaluate(RECORD_SENT)
    sc = scene(page)
    assert sc["dataset"]["is_2d"] and sc["dataset"]["name"] != "drawn"
    page.get_by_test_id("dataset-select").focus()
    tab_until(page, "output-canvas", 40)
    label = focused(page)["label"]
    assert "choose a class below to draw points" in label and "adds a point" not in label, label
    page.keyboard.press("Enter")
    train = sc["dataset"]["train"]
    d, best = min((p[0] ** 2 + p[1] ** 2, i) for i, p in enumerate(train))
    if d < 0.5:
        expect(page.get_by_test_id("output-status")).to_contain_text(f"picked training point {best} ")
        assert page.evaluate("() => window.neuralab.sample") == best
    else:
        expect(page.get_by_test_id("output-status")).to_have_text(
            "no training point near (0, 0); choose a class below to draw points")
    # far from every point: Enter says why nothing happened
    for _ in range(6):
        page.keyboard.press("Shift+ArrowUp")
        page.keyboard.press("Shift+ArrowRight")
    corner = cursor_limit(page, 6, -6)
    assert cursor_shown(page) == (corner, corner)
    assert min((p[0] - corner) ** 2 + (p[1] - corner) ** 2 for p in train) >= 0.5
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("output-status")).to_have_text(
        f"no training point near ({corner:g}, {corner:g}); choose a class below to draw points")
    assert not sent(page, "add_point") and not sent(page, "control")
    assert scene(page)["dataset"]["n_train"] == sc["dataset"]["n_train"]
    output_shot(page, "output-keyboard-generated")


def test_enter_adds_a_point_of_the_chosen_value(page, server):
    open_page(page, server)
    choose_value_drawing(page, 0.5)
    plane = page.get_by_test_id("output-canvas")
    plane.focus()
    label = plane.get_attribute("aria-label")
    assert "output value" in label and "adds a point of value 0.5" in label, label
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowLeft")
    assert cursor_shown(page) == (-0.25, 0.25)
    expect(page.get_by_test_id("output-status")).to_contain_text("the model says")
    page.keyboard.press("Enter")
    wait_scene(page, "s.dataset.n_train === 1")
    assert scene(page)["dataset"]["train"] == [[-0.25, 0.25, 0.5]]
    expect(page.get_by_test_id("output-status")).to_have_text("added point (-0.25, 0.25), value 0.5")


def test_the_cursor_stays_whole_on_the_map_at_its_edges(page, server):
    # the review: at the plane's edge the cursor sat on it, half of its ring off the map
    open_page(page, server)
    page.get_by_test_id("output-canvas").focus()
    for keys in (("Shift+ArrowRight", "Shift+ArrowUp"), ("Shift+ArrowLeft", "Shift+ArrowDown")):
        for _ in range(13):
            for key in keys:
                page.keyboard.press(key)
        x1, x2 = cursor_shown(page)
        end = cursor_limit(page, 6, -6) if keys[0] == "Shift+ArrowRight" else cursor_limit(page, -6, 6)
        assert (x1, x2) == (end, end) and 5.5 <= abs(end) < 6, (x1, x2)
        ring = ring_drawn(page, x1, x2)
        assert None not in ring and max(ring) < 80, ring   # all of its ring on the map, drawn
    output_shot(page, "output-keyboard-corner")


def test_a_click_below_the_map_after_the_keys_lands_on_its_button(page, server):
    # the review: leaving the map emptied its status line, whose 23 px went at mouse-down, so
    # the button under the pointer moved up before mouse-up and the click was lost
    open_page(page, server)
    page.get_by_test_id("output-canvas").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("output-status")).to_contain_text("cursor")
    button = page.get_by_test_id("draw-class-1")
    button.click()
    expect(button).to_have_class(re.compile(r"\bon\b"))
    expect(page.get_by_test_id("output-status")).to_have_text("")
