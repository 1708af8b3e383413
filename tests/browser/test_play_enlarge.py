"""The Enlarge buttons (enlarge.js), for a playground shown on a projector, in a real browser:
the output map and the loss curves each fill the screen (the Fullscreen API: headless Chromium
supports it, and ``document.fullscreenElement`` is the panel), their canvases hold the pixels they
now show (CSS size x devicePixelRatio, capped) and go back to their size after; the map goes on
training and drawing, and takes clicks, enlarged; Esc, or the button again, brings the panel back
with the keyboard's focus on its button. No button where the panel is hidden, off the plane, or
where the browser lets no element fill the screen (a frame without allow="fullscreen").

(Headless Chromium leaves full screen on no Esc of its own: the page receives the key, and
enlarge.js leaves; a browser with a screen leaves by itself first.)
"""
import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from playkit import fail_on_console_errors, watched_tab
from test_play_page import READY, open_page, scene, wait_scene

SCREEN = {"width": 1280, "height": 720}
ENLARGED = "(id) => document.fullscreenElement?.id === id"
LEFT = "() => document.fullscreenElement === null"


def backing(page, testid):
    """A canvas's pixels, its CSS size and the page's pixel ratio: {width, height, css_w, css_h, dpr}."""
    return page.get_by_test_id(testid).evaluate("""(c) => ({ width: c.width, height: c.height,
        css_w: c.getBoundingClientRect().width - c.clientLeft * 2, css_h: c.getBoundingClientRect().height - c.clientTop * 2,
        dpr: window.devicePixelRatio })""")


def holds_what_it_shows(b, cap=2560):
    """Whether a canvas holds round(CSS size x pixel ratio) pixels a side, at most ``cap``."""
    return (b["width"] == min(round(b["css_w"] * b["dpr"]), cap)
            and b["height"] == min(round(b["css_h"] * b["dpr"]), cap))


def wait_backing(page, testid, predicate_js):
    """Wait until canvas ``testid`` satisfies ``predicate_js`` (an expression of ``c``, the canvas)."""
    page.wait_for_function(f"(id) => {{ const c = document.querySelector(`[data-testid=${{id}}]`); return {predicate_js}; }}",
                           arg=testid)


def screen_shot(page, name):
    """Save what the screen shows (the enlarged panel alone) as ``artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def enlarge_button(page, panel):
    """The Enlarge button of the panel of id ``panel`` ("output", "curves")."""
    return page.locator(f"#{panel} [data-testid=enlarge]")


def focused_button(page):
    """The focused element's test id and the id of the panel holding it."""
    return page.evaluate("() => [document.activeElement.dataset.testid, document.activeElement.closest('[id]')?.id]")


def test_the_map_enlarged_fills_the_screen_trains_and_takes_clicks(page, server):
    page.set_viewport_size(SCREEN)
    open_page(page, server)
    small = backing(page, "output-canvas")
    assert holds_what_it_shows(small)
    button = enlarge_button(page, "output")
    expect(button).to_have_accessible_name("Enlarge the output map")
    expect(button).to_have_attribute("title", "show the output map on the whole screen, for a projector (Esc comes back)")
    button.click()
    page.wait_for_function(ENLARGED, arg="output")
    expect(button).to_have_accessible_name("Back to the page")
    # the map as high as the screen, less the panel's edges, and drawn again at that size
    wait_backing(page, "output-canvas", f"c.width > {small['width'] * 2}")
    big = backing(page, "output-canvas")
    assert holds_what_it_shows(big) and big["css_h"] > 0.9 * SCREEN["height"], (small, big)

    # the click let the focus go: Space plays, and the map draws frame after frame, enlarged
    assert focused_button(page)[0] is None
    page.keyboard.press("Space")
    page.wait_for_function("() => document.body.classList.contains('playing')")
    pictures = set()
    drawn = page.evaluate("() => window.neuralab.stats.framesDrawn")
    for _ in range(3):
        page.wait_for_function("(n) => window.neuralab.stats.framesDrawn > n", arg=drawn + 2)
        drawn = page.evaluate("() => window.neuralab.stats.framesDrawn")
        pictures.add(page.get_by_test_id("output-canvas").evaluate("(c) => c.toDataURL()"))
    assert len(pictures) > 1, "the enlarged map is drawn again as the network trains"
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.body.classList.contains('playing')")
    screen_shot(page, "enlarge-output-1280x720")

    # a click on the enlarged map adds a point where it was clicked
    before = scene(page)["dataset"]
    page.get_by_test_id("draw-class-1").click()
    canvas = page.get_by_test_id("output-canvas")
    box = canvas.bounding_box()
    canvas.click(position={"x": 0.95 * box["width"], "y": 0.1 * box["height"]})
    wait_scene(page, f"s.state.dataset.name === 'drawn' && s.dataset.n_train === {before['n_train'] + before['n_test'] + 1}")
    # (circles' points lie within a radius of about 5: the only one out there is the click's)
    far = [p for p in scene(page)["dataset"]["train"] if p[0] > 4.5 and p[1] > 4]
    assert len(far) == 1 and far[0][2] == 1, far
    assert far[0][:2] == pytest.approx([-6 + 12 * 0.95, 6 - 12 * 0.1], abs=0.1)
    assert page.evaluate(ENLARGED, "output"), "a new scene keeps the map enlarged"

    page.keyboard.press("Escape")
    page.wait_for_function(LEFT)
    expect(button).to_have_accessible_name("Enlarge the output map")
    wait_backing(page, "output-canvas", f"c.width === {small['width']}")
    assert holds_what_it_shows(backing(page, "output-canvas"))
    assert focused_button(page) == ["enlarge", "output"], "the focus comes back to the button"


def test_the_curves_enlarged_from_the_keyboard_and_back(page, server):
    page.set_viewport_size(SCREEN)
    open_page(page, server)
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.arrays.curves.shape[0] >= 5")
    page.get_by_test_id("pause").click()
    small = {name: backing(page, name) for name in ("loss-chart", "accuracy-chart")}
    button = enlarge_button(page, "curves")
    expect(button).to_have_accessible_name("Enlarge the loss curves")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(ENLARGED, arg="curves")
    expect(button).to_be_focused()   # pressed from the keyboard, it keeps the focus
    expect(button).to_have_accessible_name("Back to the page")
    wait_backing(page, "loss-chart", f"c.height > {small['loss-chart']['height'] * 2}")
    for name in small:
        big = backing(page, name)
        assert holds_what_it_shows(big), (name, big)
        assert big["width"] > 0.9 * SCREEN["width"] and big["height"] > 1.5 * small[name]["height"], (name, small[name], big)
    screen_shot(page, "enlarge-curves-1280x720")
    page.keyboard.press("Enter")
    page.wait_for_function(LEFT)
    wait_backing(page, "loss-chart", f"c.height === {small['loss-chart']['height']}")
    for name in small:
        assert backing(page, name) == small[name], name
    assert focused_button(page) == ["enlarge", "curves"]


def test_canvases_enlarged_on_a_dense_screen_stay_sharp_within_a_cap(browser, server, console_errors):
    """At a pixel ratio of 4 the map enlarged would need 2680 pixels a side: it holds 2560."""
    context, pg = watched_tab(browser, console_errors, viewport=SCREEN, device_scale_factor=4)
    try:
        pg.goto(server.url + "/")
        pg.wait_for_function(READY)
        small = backing(pg, "output-canvas")
        assert small["dpr"] == 4 and holds_what_it_shows(small) and small["width"] < 2560
        pg.get_by_role("button", name="Enlarge the output map").click()
        pg.wait_for_function(ENLARGED, arg="output")
        wait_backing(pg, "output-canvas", "c.width === 2560")
        big = backing(pg, "output-canvas")
        assert big["css_w"] * 4 > 2560 and holds_what_it_shows(big)
        pg.keyboard.press("Escape")
        pg.wait_for_function(LEFT)
        wait_backing(pg, "output-canvas", f"c.width === {small['width']}")
    finally:
        context.close()
    fail_on_console_errors(console_errors)


def test_no_button_for_a_hidden_panel_or_an_absent_map(page, server):
    open_page(page, server, {"hide": ["curves"]})
    expect(page.get_by_role("button", name="Enlarge the loss curves")).to_be_hidden()
    expect(page.get_by_role("button", name="Enlarge the output map")).to_be_visible()
    page.get_by_test_id("dataset-select").select_option("iris")
    wait_scene(page, "s.state.dataset.name === 'iris'")
    expect(page.get_by_role("button", name="Enlarge the output map")).to_be_hidden()


def test_no_button_where_the_page_may_not_fill_the_screen(page, server):
    """In a frame of another site (here, of a page of no site: about:blank) the page may fill the
    screen only if the frame allows it."""
    page.set_content(f'<iframe id="plain" src="{server.url}/" width="1280" height="700"></iframe>'
                     f'<iframe id="allowed" allow="fullscreen" src="{server.url}/" width="1280" height="700"></iframe>')
    for frame_id, shown in (("plain", False), ("allowed", True)):
        frame = page.frame_locator(f"#{frame_id}")
        expect(frame.get_by_test_id("output-canvas")).to_be_visible()
        for what in ("the output map", "the loss curves"):
            button = frame.get_by_role("button", name=f"Enlarge {what}", include_hidden=True)
            expect(button).to_have_count(1)
            (expect(button).to_be_visible if shown else expect(button).to_be_hidden)()
