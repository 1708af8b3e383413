"""The playground by keyboard, by touch and through a screen reader's accessibility tree (from a
review that drove it so): a hidden block moves left and right by its ◀ ▶ buttons, the focus
following it; every button drawn as a symbol has a name in words (the downloads', the
Classroom arrow's and the error banner's too); Space opens a <summary>
instead of training; ↑ ↓ in the learning-rate box step along its list of rates; a pause, a step,
a reset and a block added are said to a screen reader (and nothing while training runs); the
page has headings, named regions, a skip link and a loss chart described in words; the weight
editor closes on Tab out of it; ↓ on the dataset menu loads nothing until Enter.
"""
import re

import pytest
from playwright.sync_api import expect

from playkit import keyed_twice_down, settle
from test_play_page import open_page, wait_scene

KR_THREE = {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"},
                       {"id": "d1", "type": "dropout", "p": 0.2},
                       {"id": "h2", "type": "dense", "units": 2, "activation": "relu"}]}
KR_PLAYING = re.compile(r"(^|\s)playing(\s|$)")


def kr_order(page):
    """The ids of the hidden blocks in the server's scene, in order."""
    return page.evaluate("() => window.neuralab.scene.state.layers.map((b) => b.id)")


def kr_focused(page):
    return page.evaluate("() => document.activeElement.dataset.testid || document.activeElement.id")


def kr_wait_order(page, ids):
    """Wait until the server's scene has the hidden blocks of these ids, in this order."""
    page.wait_for_function("""(ids) => { const s = window.neuralab.scene;
        return !!s && JSON.stringify(s.state.layers.map((b) => b.id)) === JSON.stringify(ids); }""", arg=ids)


def test_a_block_moves_left_and_right_by_its_buttons_from_the_keyboard(page, server):
    """◀ and ▶ on a card move its block one place (a drag was the only way, which a keyboard
    cannot do); the focus stays on the moved block's button, named by its new place; at the end
    the button is announced unavailable and a press says why, moving nothing."""
    open_page(page, server, KR_THREE)
    right = page.get_by_role("button", name="Move hidden block 1 right", exact=True)
    expect(right).to_have_attribute("data-testid", "move-right-0")
    right.focus()
    page.keyboard.press("Enter")
    kr_wait_order(page, ["d1", "h1", "h2"])
    expect(page.get_by_test_id("move-right-1")).to_be_focused()
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Move hidden block 2 right")
    expect(page.get_by_test_id("announcer")).to_have_text("Hidden blocks in order: 1 Dropout 0.2, 2 Dense 4 tanh, 3 Dense 2 relu.")
    page.keyboard.press("Enter")
    kr_wait_order(page, ["d1", "h2", "h1"])
    last = page.get_by_test_id("move-right-2")
    expect(last).to_be_focused()
    expect(last).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Enter")        # at the end: nothing moves, the notice says why
    expect(page.get_by_test_id("notice")).to_have_text("hidden block 3 is the last hidden block")
    page.wait_for_timeout(300)   # (what must not come: a move)
    assert kr_order(page) == ["d1", "h2", "h1"]
    # ◀ takes it back, by the same move a drop makes
    page.get_by_test_id("move-left-2").focus()
    page.keyboard.press("Space")
    kr_wait_order(page, ["d1", "h1", "h2"])
    expect(page.get_by_test_id("move-left-1")).to_be_focused()
    expect(page.get_by_test_id("move-left-0")).to_have_attribute("aria-disabled", "true")


def test_a_block_moves_by_a_tap_on_a_touch_screen(browser, server, console_errors):
    """On a touch screen a tap on ▶ moves the block, without the long press of a card's drag
    (test_play_tablet_touch.py)."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
        open_page(tab, server, KR_THREE)
        tab.get_by_test_id("move-right-1").tap()
        kr_wait_order(tab, ["h1", "h2", "d1"])
        tab.get_by_test_id("move-left-2").tap()
        kr_wait_order(tab, ["h1", "d1", "h2"])
    finally:
        context.close()
    assert not console_errors


def test_buttons_drawn_as_symbols_are_named_in_words(page, server):
    """↺ ▶ ❚❚ + − × were read out as symbols: each has a name in words, a card's with its block,
    and ▶ and ❚❚ say which state holds (aria-pressed)."""
    open_page(page, server, KR_THREE)
    named = {"reset": "Reset the weights", "play": "Train", "pause": "Pause", "step-batch": "Step one batch",
             "step-epoch": "Step one epoch", "add-layer": "Add a hidden block", "remove-layer": "Remove the last hidden block",
             "units-plus-2": "Add a neuron to hidden block 3", "units-minus-0": "Remove a neuron from hidden block 1",
             "remove-1": "Remove hidden block 2", "move-left-1": "Move hidden block 2 left",
             "trace-prev": "Previous step", "trace-next": "Next step", "trace-play": "Animate the steps",
             "trace-stop": "Leave trace mode", "regenerate": "Regenerate the points"}
    for testid, name in named.items():
        expect(page.get_by_role("button", name=name, exact=True)).to_have_attribute("data-testid", testid)
    play, pause = page.get_by_test_id("play"), page.get_by_test_id("pause")
    expect(play).to_have_attribute("aria-pressed", "false")
    expect(pause).to_have_attribute("aria-pressed", "true")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    expect(pause).to_have_attribute("aria-pressed", "false")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    # the transport as a screen reader lists it: names, no symbols
    tree = page.locator(".transport").aria_snapshot()
    for line in ['button "Reset the weights"', 'button "Train"', 'button "Pause" [pressed]', 'button "Step one epoch"']:
        assert line in tree, tree
    assert not re.search(r'button "[^A-Za-z"]*"', tree), tree


def test_the_downloads_the_classroom_arrow_and_the_banners_cross_are_named_in_words(page, server):
    """"⤓ Model" was read "downwards arrow to bar Model", the Classroom "▾" "black down-pointing
    small triangle" and the error banner's "×" "multiplication sign": each has a name in words,
    which holds the words it shows (Model, Python, PNG)."""
    open_page(page, server, {"dataset": {"name": "plane"}, "hparams": {"lr": 10}})   # diverges in epoch 1
    named = {"download-model": "Download the model (.npz)", "download-code": "Download the Python script",
             "download-png": "Download a PNG picture"}
    for testid, name in named.items():
        expect(page.get_by_role("button", name=name, exact=True)).to_have_attribute("data-testid", testid)
    tree = page.get_by_test_id("classroom").aria_snapshot()
    assert "Classroom: hide parts of the page in the shared link" in tree and "▾" not in tree, tree
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("error-reset")).to_be_visible()
    dismiss = page.get_by_role("button", name="Dismiss this message", exact=True)
    expect(dismiss).to_have_text("×")
    dismiss.click()
    expect(page.get_by_test_id("error-reset")).to_be_hidden()


def test_unnamed_controls_have_names(page, server):
    """The dataset menu, both training-sample boxes, the activation menus, a Dropout block's p and
    the weight editor's box had no name (or only their title)."""
    open_page(page, server, KR_THREE)
    expect(page.get_by_role("combobox", name="Dataset", exact=True)).to_have_attribute("data-testid", "dataset-select")
    expect(page.get_by_role("spinbutton", name="Training sample", exact=True)).to_have_attribute("data-testid", "sample")
    expect(page.get_by_role("spinbutton", name="training sample", exact=True)).to_have_attribute("data-testid", "trace-sample")
    expect(page.get_by_role("combobox", name="Activation of hidden block 3", exact=True)).to_have_attribute("data-testid", "activation-2")
    expect(page.get_by_role("spinbutton", name="Drop probability p of hidden block 2", exact=True)).to_have_attribute("data-testid", "dropout-p-1")
    page.get_by_test_id("neuron-0-1").focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("inspect-w-0").click()
    expect(page.get_by_role("spinbutton", name=re.compile(r"^Weight W\[1, 0\] of hidden layer 1"))).to_be_focused()


@pytest.mark.parametrize("summary", ["section#data details > summary", "[data-testid=classroom] summary"])
def test_space_on_a_summary_opens_it_and_trains_nothing(page, server, summary):
    """Space on "Your own data (CSV)" or the classroom menu started training (the page's Space
    key took it); it opens them, as Enter does."""
    open_page(page, server)
    page.focus(summary)
    page.keyboard.press(" ")
    expect(page.locator(summary).locator("xpath=..")).to_have_attribute("open", "")
    page.wait_for_timeout(600)   # (what must not come: training)
    expect(page.locator("body")).not_to_have_class(KR_PLAYING)
    assert page.evaluate("() => window.neuralab.frame.header.step") == 0


def test_the_arrow_keys_step_the_learning_rate_along_its_list(page, server):
    """↑ made 0.03 into 1.03 (the box's step) and ↓ did nothing: they step along the rates the
    box lists, each sent as one typed, and stop at the list's ends."""
    open_page(page, server)
    box = page.get_by_test_id("lr")
    box.focus()
    for key, rate in [("ArrowUp", 0.1), ("ArrowUp", 0.3), ("ArrowDown", 0.1), ("ArrowDown", 0.03), ("ArrowDown", 0.01)]:
        page.keyboard.press(key)
        expect(box).to_have_value(str(rate))
        wait_scene(page, f"s.state.hparams.lr === {rate}")
    box.fill("5")
    box.press("Enter")
    wait_scene(page, "s.state.hparams.lr === 5")
    box.press("ArrowDown")              # between two rungs: the next one down
    wait_scene(page, "s.state.hparams.lr === 3")
    box.press("ArrowUp")
    box.press("ArrowUp")                # 10, the list's top (and the server's): it stays there
    wait_scene(page, "s.state.hparams.lr === 10")
    page.wait_for_timeout(300)   # (what must not come: a step past the top)
    expect(box).to_have_value("10")
    expect(page.get_by_test_id("error")).to_be_hidden()


def test_pause_step_reset_and_blocks_are_said_and_training_is_not(page, server):
    """A polite live region, out of sight, says a pause with the board's own numbers, a step, a
    reset, a block added or removed; while training runs it says nothing, frame after frame. (The
    notice line stays for why a press did nothing.)"""
    open_page(page, server)
    region = page.get_by_test_id("announcer")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_attribute("role", "status")
    assert region.bounding_box()["width"] <= 1
    page.evaluate("""() => { window.krSaid = [];
        new MutationObserver(() => window.krSaid.push(document.getElementById('announcer').textContent))
          .observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true}); }""")
    page.get_by_test_id("play").focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_class(KR_PLAYING)
    page.wait_for_timeout(2500)   # (what must not come while training runs: a word)
    assert page.evaluate("() => window.krSaid") == []
    page.keyboard.press(" ")
    settle(page)
    paused = re.compile(r"^Paused at epoch (\d+): test loss ([\d.]+), test accuracy ([\d.]+%)\.$")
    expect(region).to_have_text(paused)
    epoch, loss, acc = paused.match(region.inner_text()).groups()
    # the numbers the page shows, in its own words
    expect(page.get_by_test_id("epoch")).to_have_text(epoch)
    expect(page.get_by_test_id("loss-test")).to_have_text(loss)
    expect(page.get_by_test_id("acc-test")).to_have_text(acc)
    assert len(page.evaluate("() => window.krSaid")) == 1
    page.get_by_test_id("step-epoch").click()
    expect(region).to_have_text(re.compile(rf"^One epoch trained, to epoch {int(epoch) + 1}: test loss [\d.]+, test accuracy [\d.]+%\.$"))
    page.get_by_test_id("reset").click()
    expect(region).to_have_text(re.compile(r"^Weights reset: test loss [\d.]+, test accuracy [\d.]+%\.$"))
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    page.get_by_test_id("add-layer").press("Enter")
    expect(region).to_have_text("Dense 2 tanh block added as hidden block 3: 3 hidden blocks.")
    page.get_by_test_id("remove-0").click()
    # (a block's × says itself in the notice line, with its Undo: block-undo.js)
    expect(page.get_by_test_id("notice")).to_have_text("Removed hidden block 1 (4 neurons, tanh). Undo")
    page.get_by_test_id("remove-layer").click()
    expect(region).to_have_text("Hidden block 2 (Dense 2 tanh) removed: 1 hidden block.")
    page.get_by_test_id("units-plus-0").click()
    expect(region).to_have_text("Hidden block 1 has 3 neurons.")
    expect(page.get_by_test_id("notice")).to_have_text("")


def test_the_loss_chart_is_described_in_words_at_each_pause(page, server):
    """The loss and accuracy charts were pictures only: each is an image with a text, written
    anew at a step or a pause (not per frame)."""
    open_page(page, server)
    loss = page.get_by_role("img", name=re.compile(r"^Loss chart \(binary cross-entropy\)"))
    expect(loss).to_have_attribute("aria-label", "Loss chart (binary cross-entropy): no epoch trained yet")
    page.get_by_test_id("step-epoch").click()
    expect(loss).to_have_attribute("aria-label", re.compile(r"epoch 1: training [\d.]+, test [\d.]+$"))
    page.get_by_test_id("step-epoch").click()
    expect(loss).to_have_attribute("aria-label", re.compile(r"epochs 1 to 2: training from [\d.]+ to [\d.]+, test from [\d.]+ to [\d.]+$"))
    expect(page.get_by_role("img", name=re.compile(r"^Accuracy chart, epochs 1 to 2: training from [\d.]+% to [\d.]+%"))).to_be_attached()


def test_headings_regions_and_the_skip_link(page, server):
    """The panels' titles are headings and name their regions; the first Tab stop is "Skip to the
    network", shown when focused, which takes the focus to the network (the next Tab: its first
    control) without touching the page's hash, its scene."""
    open_page(page, server)
    headings = page.get_by_role("heading", level=2)
    expect(headings).to_have_text(["Data", "Neuron", "Network", "Step through one sample", "Output",
                                   "Gradients & diagnosis", "Evaluation"])
    for name in ["Data", "Neuron", "Network", "Output", "Evaluation"]:
        expect(page.get_by_role("region", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="neuralab playground")).to_be_visible()
    hash_before = page.evaluate("() => location.hash")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the network")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#network-title")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("add-layer")).to_be_focused()
    assert page.evaluate("() => location.hash") == hash_before
    expect(page.get_by_test_id("error")).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(skip).not_to_be_in_viewport()


def test_tab_out_of_the_weight_editor_closes_it(page, server):
    """Tab out of the weight editor left it open over the network; it closes, as Escape does,
    and the focus goes on where Tab took it."""
    open_page(page, server)
    page.get_by_test_id("neuron-0-1").focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("inspect-w-0").click()
    editor = page.get_by_test_id("weight-editor")
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    page.keyboard.press("Tab")                      # its "set" button: still in it
    expect(editor).to_be_visible()
    page.keyboard.press("Tab")                      # its ×
    page.keyboard.press("Tab")                      # out
    expect(editor).to_have_count(0)
    assert kr_focused(page) not in ("", None)
    page.get_by_test_id("inspect-w-1").click()
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(editor).to_have_count(0)


def test_arrows_on_the_dataset_menu_load_only_the_one_chosen(page, server):
    """↓ on the closed dataset menu loaded each dataset on the way: it loads the one shown on
    Enter, or when the focus leaves the menu; a choice by the mouse loads at once."""
    open_page(page, server)
    menu = page.get_by_test_id("dataset-select")
    keyed_twice_down(page, menu, "gaussians")
    assert page.evaluate("() => window.neuralab.scene.state.dataset.name") == "circles"
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.dataset.name === 'gaussians'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    wait_scene(page, "s.state.dataset.name === 'spiral'")
    menu.select_option("moons")
    wait_scene(page, "s.state.dataset.name === 'moons'")
