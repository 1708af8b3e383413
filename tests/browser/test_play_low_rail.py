"""A phone on its side keeps ↺ ▶ ❚❚, the steps and the epoch in a rail down the screen's right
edge (test_play_touch_and_still_page). On a screen under 300 px high (640 × 280, 740 × 260) the
rail's 44 px buttons ran under the epoch, which lay over ⇥ epoch. Now the buttons share the height
above the epoch, and the numbers of a long training fit the rail."""
import pytest
from playwright.sync_api import expect

from test_play_tablet_touch import TOUCH, tt_overlap

# what the rail holds, from its top: the buttons, the epoch's label, its number and the steps
ITEMS = ["reset", "play", "pause", "step-batch", "step-epoch", "epoch-label", "epoch", "step"]
BOXES = """() => {
    const item = (id) => id === 'epoch-label' ? document.querySelector('.top .epoch .field-label')
        : document.querySelector(`[data-testid="${id}"]`);
    return Object.fromEntries(%s.map((id) => { const e = item(id), r = e.getBoundingClientRect();
        return [id, { x: r.x, y: r.y, width: r.width, height: r.height, whole: e.scrollWidth <= e.clientWidth + 0.5 }]; }));
}""" % ITEMS


@pytest.mark.parametrize("size", [(640, 280), (740, 260)], ids=["640x280", "740x260"])
def test_the_rail_holds_its_buttons_and_numbers_apart_on_a_low_screen(context_tab, size):
    width, height = size
    page = context_tab(dict(TOUCH, viewport={"width": width, "height": height}))
    rail = page.locator(".top .transport").bounding_box()
    assert rail["x"] + rail["width"] == width and rail["y"] == 0 and rail["height"] == height, rail
    # a long training's numbers: seven digits of epochs, the steps past five digits cut to 123k,
    # and the longest the steps read whole
    for epoch, step, said in ((1234567, 123456, "step 123k"), (99999, 99999, "step 99999")):
        page.evaluate("""([epoch, step]) => { const n = window.neuralab;
            n.frame = { ...n.frame, header: { ...n.frame.header, epoch, step } }; n.emit('frame', n.frame); }""",
                      [epoch, step])
        expect(page.get_by_test_id("epoch")).to_have_text(str(epoch))
        expect(page.get_by_test_id("step")).to_have_text(said)
        boxes = page.evaluate(BOXES)
        for name, box in boxes.items():
            assert rail["x"] <= box["x"] and box["x"] + box["width"] <= width, (name, box, rail)
            assert 0 <= box["y"] and box["y"] + box["height"] <= height, (name, box)
            assert box["whole"], (name, box)
        placed = list(boxes.values())
        assert not any(tt_overlap(a, b) for i, a in enumerate(placed) for b in placed[i + 1:]), boxes
    # the buttons shrank to share the room, not to a size a finger misses (WCAG 2.5.8's 24 px)
    assert all(boxes[name]["height"] >= 32 for name in ITEMS[:5]), boxes
    page_right = page.locator("main.stage").bounding_box()
    assert page_right["x"] + page_right["width"] <= rail["x"], "the rail covers the page"
    # and they still do what they say where they stand
    page.get_by_test_id("step-epoch").tap()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
