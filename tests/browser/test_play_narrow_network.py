"""A network too narrow for its data, in a real browser: digits (10 classes) on the default 4-2
network stalls near 50 % test accuracy; the page says why above the network and offers a wider
one (the scene's ``narrow``, play/narrow_network.py), which trains past 90 % in five epochs and
which Undo takes back. A learner's own network is never changed unasked, the notice closes on
request, and it never shows on the plane's two-class data. Screenshots at 1280×800 and
1024×768 show it without pushing the network out of view."""
import pytest
from playwright.sync_api import expect

from playkit import settle, shot
from test_play_page import open_page, scene, wait_scene


def narrow_choose(page, name):
    """Choose the data set ``name`` in the menu and wait for its scene and a frame of it."""
    page.get_by_test_id("dataset-select").select_option(name)
    wait_scene(page, f"s.state.dataset.name === '{name}'")
    page.wait_for_function("() => { const s = window.neuralab; return s.frame?.header.scene_id === s.scene.scene_id; }")


def narrow_units(page):
    """The units of the scene's dense hidden layers."""
    return [b["units"] for b in scene(page)["state"]["layers"] if b["type"] == "dense"]


def narrow_epochs(page, n):
    """Train ``n`` epochs with ⇥ epoch and wait for the training to stop."""
    for k in range(1, n + 1):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(str(k))
    settle(page)


def narrow_test_accuracy(page):
    return page.evaluate("() => window.neuralab.frame.header.metrics.val_accuracy")


def test_digits_on_the_default_page_offers_a_wider_network_that_trains(page, server):
    open_page(page, server)
    notice = page.get_by_test_id("narrow-notice")
    expect(notice).to_be_hidden()
    narrow_choose(page, "digits")
    expect(notice).to_be_visible()
    expect(page.get_by_test_id("narrow-text")).to_have_text(
        "Hidden layer 2 has 2 neurons for 10 classes: every sample reaches the output as 2 numbers, "
        "in which training rarely keeps 10 classes apart.")
    assert narrow_units(page) == [4, 2]   # said, not done: the network is as it was
    widen = page.get_by_test_id("narrow-widen")
    expect(widen).to_have_text("Widen to 16 neurons")
    widen.click()
    wait_scene(page, "s.state.layers.map((b) => b.units).join() === '16,16'")
    expect(page.get_by_test_id("narrow-text")).to_have_text(
        "Every hidden layer narrower than 16 neurons now has 16, with fresh weights: press ▶ to train it.")
    expect(widen).to_be_hidden()
    expect(page.get_by_test_id("narrow-undo")).to_be_focused()
    narrow_epochs(page, 5)
    accuracy = narrow_test_accuracy(page)
    assert accuracy > 0.9
    expect(page.get_by_test_id("acc-test")).to_have_text(f"{100 * accuracy:.1f}%")
    # Undo: the learner's 4-2 network again, and the notice with it
    page.get_by_test_id("narrow-undo").click()
    wait_scene(page, "s.state.layers.map((b) => b.units).join() === '4,2'")
    expect(widen).to_be_visible()
    assert [b["id"] for b in scene(page)["state"]["layers"]] == ["h1", "h2"]


def test_the_default_network_on_digits_stays_low_without_the_widening(page, server):
    open_page(page, server)
    narrow_choose(page, "digits")
    narrow_epochs(page, 5)
    assert narrow_test_accuracy(page) < 0.6


def test_a_learners_own_network_is_never_changed_and_the_notice_closes(page, server):
    own = [{"id": "mine", "type": "dense", "units": 12, "activation": "relu"},
           {"id": "neck", "type": "dense", "units": 3, "activation": "relu"}]
    open_page(page, server, {"layers": own})
    narrow_choose(page, "digits")
    notice = page.get_by_test_id("narrow-notice")
    expect(page.get_by_test_id("narrow-text")).to_contain_text("Hidden layer 2 has 3 neurons for 10 classes")
    assert scene(page)["state"]["layers"] == own
    page.get_by_test_id("narrow-close").click()
    expect(notice).to_be_hidden()
    # closed, it stays closed while the learner goes on with the same data: a neuron more is still narrow
    page.get_by_test_id("units-plus-1").click()
    wait_scene(page, "s.state.layers[1].units === 4")
    expect(notice).to_be_hidden()
    # other data, then digits again: said again, the network still the learner's
    narrow_choose(page, "iris")
    narrow_choose(page, "digits")
    expect(page.get_by_test_id("narrow-text")).to_contain_text("Hidden layer 2 has 4 neurons for 10 classes")
    assert narrow_units(page) == [12, 4]
    # wide enough by the learner's own hand: the notice goes
    for _ in range(2):
        page.get_by_test_id("units-plus-1").click()
    wait_scene(page, "s.state.layers[1].units === 6")
    expect(notice).to_be_hidden()
    assert narrow_units(page) == [12, 6]


@pytest.mark.parametrize("name", ["moons", "spiral", "xor"])
def test_no_notice_on_the_planes_two_class_data(page, server, name):
    open_page(page, server)
    narrow_choose(page, "digits")
    expect(page.get_by_test_id("narrow-notice")).to_be_visible()
    narrow_choose(page, name)   # the notice goes with the data
    expect(page.get_by_test_id("narrow-notice")).to_be_hidden()
    narrow_epochs(page, 1)
    expect(page.get_by_test_id("narrow-notice")).to_be_hidden()


@pytest.mark.parametrize("width, height", [(1280, 800), (1024, 768)])
def test_the_notice_leaves_the_network_in_view(page, server, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server)
    narrow_choose(page, "digits")
    notice = page.get_by_test_id("narrow-notice")
    expect(notice).to_be_visible()
    settle(page)
    shot(page, f"narrow-notice-{width}x{height}")
    box = notice.bounding_box()
    network = page.locator("#network").bounding_box()
    toolbar = page.locator("#network-toolbar").bounding_box()
    panel = page.locator(".network-panel").bounding_box()
    assert toolbar["y"] + toolbar["height"] <= box["y"] + 1 and box["y"] + box["height"] <= network["y"] + 1
    assert panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"]
    # every neuron of the network and the output's units on the screen, without scrolling
    for testid in ("neuron-0-0", "neuron-2-1"):
        neuron = page.get_by_test_id(testid).bounding_box()
        assert 0 <= neuron["y"] and neuron["y"] + neuron["height"] <= height, testid
        assert 0 <= neuron["x"] and neuron["x"] + neuron["width"] <= width, testid
