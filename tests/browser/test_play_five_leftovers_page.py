"""Five leftovers of the playground's reviews, mended: a block's × has an Undo in the notice line;
a finger's tap on the network picks the link whose curve passes nearest it; the misclassified
examples' title counts those of a NaN prediction, as the list under it shows them; a pause brought
by a divergence is said without its NaN numbers; and ↓ on an activation or optimizer menu applies
only the choice made, on Enter or on leaving the menu (as the dataset menu's)."""
import pytest
from playwright.sync_api import expect

from playkit import fail_on_console_errors, keyed_twice_down, settle, watched_tab
from test_play_page import open_page, wait_scene

FL_THREE = {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
                       {"id": "d1", "type": "dropout", "p": 0.3},
                       {"id": "h2", "type": "dense", "units": 16, "activation": "relu"}]}
# iris through two linear layers at learning rate 10: the first epoch's loss becomes NaN, and so
# does every test prediction (the confusion matrix, which leaves them out, counts none)
FL_NAN_IRIS = {"dataset": {"name": "iris"}, "hparams": {"lr": 10},
               "layers": [{"id": "h1", "type": "dense", "units": 8, "activation": "identity"},
                          {"id": "h2", "type": "dense", "units": 8, "activation": "identity"}]}


def fl_layers(page):
    """The hidden blocks of the server's scene."""
    return page.evaluate("() => window.neuralab.scene.state.layers")


def fl_count_scenes(page):
    """Count the scenes the page receives from now on (window.flScenes): each change it sends
    brings one."""
    page.evaluate("() => { window.flScenes = 0; window.neuralab.on('scene', () => { window.flScenes++; }); }")


def test_a_removed_block_comes_back_by_undo_with_its_settings(page, server):
    open_page(page, server, FL_THREE)
    notice, undo = page.get_by_test_id("notice"), page.get_by_test_id("notice-undo")
    page.get_by_test_id("remove-2").focus()
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.layers.length === 2")
    expect(notice).to_have_text("Removed hidden block 3 (16 neurons, ReLU). Undo")
    expect(notice).to_have_attribute("role", "status")
    # the × went with its block: Enter again undoes, as the narrow notice's Undo after Widen
    expect(undo).to_be_focused()
    page.wait_for_timeout(600)   # (what must not come: the removal said again in the live region)
    # the notice says it: the live region does not say it a second time
    expect(page.get_by_test_id("announcer")).not_to_contain_text("removed")
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.layers.length === 3")
    assert fl_layers(page) == FL_THREE["layers"]
    expect(notice).to_have_text("")
    expect(page.get_by_test_id("remove-2")).to_be_focused()          # (Enter again removes it again)
    expect(page.get_by_test_id("announcer")).to_have_text("Dense 16 relu block added as hidden block 3: 3 hidden blocks.")
    # a block in the middle, by a click (a tap), comes back at its place with its own p
    page.get_by_test_id("remove-1").click()
    wait_scene(page, "s.state.layers.length === 2")
    expect(notice).to_have_text("Removed hidden block 2 (Dropout 0.3). Undo")
    undo.click()
    wait_scene(page, "s.state.layers.length === 3")
    assert fl_layers(page) == FL_THREE["layers"]


def test_undo_goes_when_the_network_is_edited_otherwise(page, server):
    open_page(page, server, FL_THREE)
    page.get_by_test_id("remove-1").click()
    wait_scene(page, "s.state.layers.length === 2")
    expect(page.get_by_test_id("notice-undo")).to_be_visible()
    page.get_by_test_id("units-plus-0").click()
    wait_scene(page, "s.state.layers[0].units === 5")
    expect(page.get_by_test_id("notice-undo")).to_have_count(0)
    expect(page.get_by_test_id("notice")).to_have_text("")
    assert [b["id"] for b in fl_layers(page)] == ["h1", "h2"]


# A point where a finger lands, of `id` the link whose curve passes nearest it, where the element
# under it is not that link's hit path: "miss", no link's nor any control's, the link within 6.5 to
# 11.5 px and nearer by 4 px than any other; "crossing", another link's hit path, whose curve is
# 2 px farther at least. The distances are the test's own, to 400 points of each curve as
# links.js's `curve` draws it.
FL_TAP_POINT = """(kind) => {
    const root = document.getElementById('network'), box = root.getBoundingClientRect();
    const links = [...document.querySelectorAll('path.link-hit')].map((p) => {
        const n = p.getAttribute('d').match(/-?[\\d.]+(e-?\\d+)?/g).map(Number);
        const [x0, y0, x1, y1] = [n[0], n[1], n[6], n[7]], xm = (x0 + x1) / 2, points = [];
        for (let k = 0; k <= 400; k++) {
            const t = k / 400, u = 1 - t;
            points.push([u ** 3 * x0 + 3 * u * t * (u + t) * xm + t ** 3 * x1, (u ** 3 + 3 * u * u * t) * y0 + (3 * u * t * t + t ** 3) * y1]);
        }
        return { id: p.dataset.testid, points };
    });
    const distance = (l, x, y) => Math.min(...l.points.map(([px, py]) => Math.hypot(px - x, py - y)));
    for (const link of links) for (let k = 60; k <= 340; k += 10) for (const dy of [-10, 10, -8, 8, -4, 4, -2, 2]) {
        const [x, y] = [link.points[k][0], link.points[k][1] + dy];
        const d = links.map((l) => [distance(l, x, y), l.id]).sort((a, b) => a[0] - b[0]);
        if (d[0][1] !== link.id) continue;
        const cx = x - root.scrollLeft + box.left, cy = y - root.scrollTop + box.top;
        const under = document.elementFromPoint(cx, cy);
        const hit = under?.classList.contains('link-hit') ? under.dataset.testid : null;
        const control = under?.closest('button, input, select, a, summary, label, [role=button], [tabindex]');
        const found = kind === 'miss'
            ? !hit && !control && d[0][0] >= 6.5 && d[0][0] <= 11.5 && d[1][0] >= d[0][0] + 4
            : hit && hit !== link.id && d.find(([, id]) => id === hit)[0] >= d[0][0] + 2;
        if (found) return { id: link.id, x: cx, y: cy, under: hit };
    }
    return null;
}"""


@pytest.fixture
def fl_touch_page(browser, server, console_errors):
    """The playground in a context with a touch screen; a console error fails the test."""
    context, pg = watched_tab(browser, console_errors, viewport={"width": 1400, "height": 900}, has_touch=True)
    yield pg
    context.close()
    fail_on_console_errors(console_errors)


def fl_expect_editor_of(page, testid):
    """The weight editor shows the weight of the link of this test id ("link-layer-to-from")."""
    layer, to, source = map(int, testid.split("-")[1:])
    editor = page.get_by_test_id("weight-editor")
    expect(editor).to_have_attribute("aria-label", f"weight W[{to}, {source}]")
    w = page.evaluate("([l, t, f]) => { const W = window.neuralab.frame.arrays['W/' + l]; return W[t * W.shape[1] + f]; }",
                      [layer, to, source])
    assert float(page.get_by_test_id("weight-input").input_value()) == pytest.approx(w, rel=1e-3, abs=1e-4)


@pytest.mark.parametrize("kind", ["miss", "crossing"])
def test_a_tap_picks_the_link_whose_curve_passes_nearest(fl_touch_page, server, kind):
    page = fl_touch_page
    open_page(page, server, {"layers": [{"id": "h1", "type": "dense", "units": 6, "activation": "tanh"},
                                        {"id": "h2", "type": "dense", "units": 5, "activation": "tanh"}]})
    settle(page)
    point = page.evaluate(FL_TAP_POINT, kind)
    assert point, f"no {kind} point beside the links"
    page.touchscreen.tap(point["x"], point["y"])
    fl_expect_editor_of(page, point["id"])
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("weight-editor")).to_have_count(0)
    # the mouse keeps the hit paths: beside them nothing, on one its own link
    page.mouse.click(point["x"], point["y"])
    if kind == "miss":
        page.wait_for_timeout(300)   # (what must not come: an editor)
        expect(page.get_by_test_id("weight-editor")).to_have_count(0)
    else:
        fl_expect_editor_of(page, point["under"])


def test_the_misclassified_title_counts_the_nan_predictions_it_shows(page, server):
    open_page(page, server, FL_NAN_IRIS)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("error-reset")).to_be_visible()         # (diverged)
    settle(page)
    n_test = page.evaluate("() => window.neuralab.scene.dataset.n_test")
    missed = page.get_by_test_id("misclassified")
    title = missed.locator("xpath=preceding-sibling::div[1]")
    # every test prediction NaN: the title said "none wrong" over the 16 listed
    expect(title).to_have_text(f"Misclassified test examples (true class → predicted class): 16 of {n_test} wrong "
                               "(all with a prediction of NaN or infinity), a mix across the true classes "
                               "(each one's first, then each one's second, …)")
    rows = missed.locator(".missed-row")
    expect(rows).to_have_count(16)
    assert all(text.endswith("→ NaN") for text in rows.all_inner_texts()), rows.all_inner_texts()
    expect(page.get_by_test_id("confusion-right")).to_have_text(f"0 of {n_test} right · {n_test} predicted NaN, in no column")


def test_a_divergence_while_playing_is_said_once_without_nan_numbers(page, server):
    open_page(page, server, FL_NAN_IRIS)
    page.evaluate("""() => { window.flSaid = [];
        new MutationObserver(() => window.flSaid.push(document.getElementById('announcer').textContent))
          .observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true}); }""")
    page.get_by_test_id("play").click()
    expect(page.get_by_test_id("error-reset")).to_be_visible()
    expect(page.get_by_test_id("error")).to_contain_text("Training diverged.")
    settle(page)
    epoch = page.evaluate("() => window.neuralab.frame.header.epoch")
    region = page.get_by_test_id("announcer")
    expect(region).to_have_text(f"Paused at epoch {epoch}: training diverged (see the message above).")
    page.wait_for_timeout(600)   # (what must not come: a second word)
    said = page.evaluate("() => window.flSaid")
    assert said == [f"Paused at epoch {epoch}: training diverged (see the message above)."], said


def test_arrows_on_an_activation_or_optimizer_menu_apply_only_the_choice_made(page, server):
    open_page(page, server)
    fl_count_scenes(page)
    keyed_twice_down(page, page.get_by_test_id("activation-0"), "leaky_relu")
    # nothing applied on the way: each step had built a network
    assert page.evaluate("() => window.flScenes") == 0
    assert fl_layers(page)[0]["activation"] == "tanh"
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.layers[0].activation === 'leaky_relu'")
    assert page.evaluate("() => window.flScenes") == 1
    expect(page.get_by_test_id("activation-0")).to_be_focused()        # (the menu of the network built again)
    # the optimizer: each one passed restarted the fit; leaving the menu applies the one shown
    keyed_twice_down(page, page.get_by_test_id("optimizer"), "nesterov")
    assert page.evaluate("() => window.neuralab.scene.state.hparams.optimizer") == "sgd"
    page.keyboard.press("Tab")
    wait_scene(page, "s.state.hparams.optimizer === 'nesterov'")
    assert page.evaluate("() => window.flScenes") == 2
    # a choice in the open list (a click) applies at once
    page.get_by_test_id("activation-1").select_option("relu")
    wait_scene(page, "s.state.layers[1].activation === 'relu'")
