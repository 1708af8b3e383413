"""The playground on a phone, and its text readable (from a review on 375 × 667 and 414 × 896
touch screens): a tapped neuron's Neuron panel comes into view; a refused value's reason shows at
the screen's top, clear of the box being edited; the small controls are 24 px targets, 4 px apart,
under a finger (and as small as before under a mouse); a tap leaves no enlarged map over the
neighbours; the faded texts reach WCAG AA contrast.
"""
import pytest
from playwright.sync_api import expect


PHONE_375 = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True,
             "device_scale_factor": 2}
PHONE_414 = dict(PHONE_375, viewport={"width": 414, "height": 896})
TABLET_768 = dict(PHONE_375, viewport={"width": 768, "height": 1024})
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def _pc_box(page, selector):
    """The viewport box of the first element matching ``selector``."""
    return page.eval_on_selector(selector, """(n) => { const r = n.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, w: r.width, h: r.height}; }""")


@pytest.mark.parametrize("options", [PHONE_375, PHONE_414], ids=["375", "414"])
def test_a_tapped_neuron_shows_its_neuron_panel(context_tab, options):
    """The Neuron panel, above the network on a phone, grew by the neuron's numbers and map and
    pushed the tapped neuron off the screen's bottom: the learner saw the panel's lower half.
    After a tap, the panel's top (its heading, then its map) is on the screen."""
    page = context_tab(options)
    neuron = page.get_by_test_id("neuron-0-1")
    neuron.scroll_into_view_if_needed()
    neuron.tap()
    expect(page.locator(".inspector-title")).to_contain_text("neuron 1")
    expect(page.locator("canvas.inspector-map")).to_be_visible()
    page.wait_for_function("""() => ['.inspector-panel', '.inspector-title', 'canvas.inspector-map'].every((s) => {
        const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })""")


def test_a_tapped_neuron_moves_nothing_where_the_panel_stands_beside_it(context_tab):
    """At 768 px the Neuron panel is in the column beside the network: a tap scrolls nothing."""
    page = context_tab(TABLET_768)
    neuron = page.get_by_test_id("neuron-0-1")
    neuron.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    neuron.tap()
    expect(page.locator(".inspector-title")).to_contain_text("neuron 1")
    page.wait_for_timeout(400)   # (a smooth scroll would have begun)
    assert page.evaluate("scrollY") == before


def _pc_refuse_dropout(page):
    field = page.get_by_test_id("dropout")
    field.tap()
    field.fill("5")
    page.keyboard.press("Enter")
    banner = page.locator("#error")
    expect(banner).to_contain_text("Dropout")
    return field


def test_a_refused_value_says_why_on_the_screen(context_tab):
    """Dropout 5 typed far down a phone's page: the reason showed 265-300 px above the screen,
    an orange outline alone at the box. The banner stays at the screen's top, the box in view."""
    page = context_tab(PHONE_375)
    page.get_by_test_id("dropout").scroll_into_view_if_needed()
    page.evaluate("scrollBy(0, 200)")   # the box low on the screen, the header far above
    field = _pc_refuse_dropout(page)
    banner, box = _pc_box(page, "#error"), field.bounding_box()
    assert banner["top"] == 0 and banner["h"] > 20, banner
    assert banner["bottom"] <= box["y"] and box["y"] + box["height"] <= 667, (banner, box)


def test_the_banner_does_not_cover_the_box_being_edited(context_tab):
    """The box at the screen's top when its value is refused moves out from under the banner."""
    page = context_tab(PHONE_375)
    page.eval_on_selector("[data-testid=dropout]", "(n) => { n.scrollIntoView({block: 'start'}); scrollBy(0, -4); }")
    assert page.get_by_test_id("dropout").bounding_box()["y"] < 40
    field = _pc_refuse_dropout(page)
    page.wait_for_function("""() => { const b = document.getElementById('error').getBoundingClientRect();
        const f = document.querySelector('[data-testid=dropout]').getBoundingClientRect();
        return b.top === 0 && f.top >= b.bottom; }""")
    assert field.evaluate("(n) => n === document.activeElement")


# a card's +, − and ×, its activation menu, the class buttons under the map, the scroll hint's
# arrows, the Classroom arrow
SMALL_CONTROLS = ["[data-testid=units-plus-0]", "[data-testid=units-minus-0]", "[data-testid=remove-0]",
                  "[data-testid=activation-0]", "[data-testid=draw-class-0]", "[data-testid=draw-class-1]",
                  ".scroll-hint button", ".scroll-hint button:last-child", "[data-testid=classroom] summary"]


def test_small_controls_are_24_px_targets_under_a_finger(context_tab):
    """WCAG 2.5.8: at least 24 × 24 px, at least 4 px from the next target; a card's × further
    from − (one mis-tap removed the block)."""
    page = context_tab(PHONE_375)
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    for selector in SMALL_CONTROLS:
        b = _pc_box(page, selector)
        assert b["w"] >= 24 and b["h"] >= 24, f"{selector}: {b['w']:.1f} × {b['h']:.1f} px"
    # the card's row of buttons, left to right (+ − ×, and any other), then its activation menu
    row = page.evaluate("""() => [...document.querySelectorAll('[data-testid=layer-0] .card-row button')].map((b) => {
        const r = b.getBoundingClientRect();
        return {id: b.dataset.testid, left: r.left, right: r.right, bottom: r.bottom, w: r.width, h: r.height}; })""")
    assert all(b["w"] >= 24 and b["h"] >= 24 for b in row), row
    assert all(b["left"] - a["right"] >= 4 for a, b in zip(row, row[1:])), row
    ids = [b["id"] for b in row]
    k = ids.index("remove-0")
    assert all(row[j]["left"] - row[j - 1]["right"] >= 8 for j in (k, k + 1) if 0 < j < len(row)), row
    assert _pc_box(page, "[data-testid=activation-0]")["top"] - max(b["bottom"] for b in row) >= 4
    first, second = _pc_box(page, "[data-testid=draw-class-0]"), _pc_box(page, "[data-testid=draw-class-1]")
    assert second["left"] - first["right"] >= 4
    share, arrow = _pc_box(page, "[data-testid=share-link]"), _pc_box(page, "[data-testid=classroom] summary")
    assert arrow["left"] - share["right"] >= 4


def test_small_controls_keep_their_size_under_a_mouse(context_tab):
    """The desktop's compact cards stay as they were: the touch sizes are for a finger only."""
    page = context_tab(DESKTOP)
    assert not page.evaluate("matchMedia('(pointer: coarse)').matches")
    plus, act = _pc_box(page, "[data-testid=units-plus-0]"), _pc_box(page, "[data-testid=activation-0]")
    assert (plus["w"], plus["h"]) == (22, 22) and act["h"] < 24
    assert _pc_box(page, ".card-head")["h"] == 40


def test_a_tap_leaves_no_enlarged_map_over_the_neighbours(context_tab):
    """The map enlarged under the mouse stayed after a tap, over the neurons beside it."""
    page = context_tab(TABLET_768)
    page.get_by_test_id("neuron-0-0").tap()
    expect(page.locator(".inspector-title")).to_contain_text("neuron 0")
    expect(page.locator("canvas.thumb-zoom")).to_have_count(0)
    desk = context_tab(DESKTOP)
    desk.get_by_test_id("neuron-0-0").hover()
    expect(desk.locator("canvas.thumb-zoom")).to_have_count(1)


# WCAG's contrast ratio of an element's text (or ::placeholder) against the backgrounds under it,
# its opacity and its parents' folded in
CONTRAST = r"""([selector, pseudo]) => {
  const n = document.querySelector(selector);
  const parse = (c) => { const v = c.match(/[\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const lum = (c) => { const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const blend = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const layers = [];
  for (let e = n; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255];
  for (const c of layers.reverse()) bg = blend(c, bg);
  let opacity = 1;
  for (let e = n; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  const fg = parse(getComputedStyle(n, pseudo).color);
  fg[3] *= opacity;
  const a = lum(blend(fg, bg)), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("selector, pseudo, bar", [
    ("[data-testid='feature-x1^2'] .feature-label", None, 4.5),   # an input not used (pressable)
    ("[data-testid=play]", None, 3.0),                           # white ▶ on orange: a large glyph
    ("[data-testid=schedule]", "::placeholder", 4.5),            # the schedule's example
    ("footer.foot", None, 4.5),
], ids=["unused-feature", "play", "schedule-placeholder", "footer"])
def test_text_reaches_wcag_aa_contrast(context_tab, selector, pseudo, bar):
    page = context_tab(DESKTOP)
    ratio = page.evaluate(CONTRAST, [selector, pseudo])
    assert ratio >= bar, f"{selector}{pseudo or ''}: {ratio:.2f}:1, under {bar}:1"


def test_an_unused_input_still_looks_off(context_tab):
    """Its name no longer fades: grey where a used one's is dark, its map's box dashed."""
    page = context_tab(DESKTOP)
    look = page.evaluate("""() => ['x1', 'x1^2'].map((f) => {
        const n = document.querySelector(`[data-testid='feature-${f}']`);
        return [n.getAttribute('aria-pressed'), getComputedStyle(n.querySelector('.feature-label')).color,
                getComputedStyle(n.querySelector('.thumb')).borderTopStyle]; })""")
    (used, used_color, used_edge), (unused, unused_color, unused_edge) = look
    assert (used, unused) == ("true", "false")
    assert used_color != unused_color and (used_edge, unused_edge) == ("solid", "dashed")
