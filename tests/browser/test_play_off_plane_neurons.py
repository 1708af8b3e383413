"""The network off the plane (iris, wine, breast cancer, digits), in a real browser, as the audit at
1366×768 and 1280×720 found it: the Neuron panel cut each input's name to a quarter of its row
("mean…" for breast cancer's "mean radius", whole only in a tooltip); "+ 48 more inputs" (digits)
said nothing of what they were or that the network used them; a hidden neuron was an empty
circle. Now every name reads whole, its numbers whole beside or under it; the tile names the
inputs it stands for and shows them in the Neuron panel; a hidden neuron is filled as far as the
share of training rows it is on for (z > 0), so that a dead ReLU shows at a glance.
"""
import math
import re

import pytest
from playwright.sync_api import expect

from neuralab import data

from playkit import encode_state, settle, shot
from test_play_inspector_columns import inspect_breast_cancers_first_neuron
from test_play_page import open_page, wait_scene

# Each row of the Neuron panel's weights: its name's text and whether any of it is hidden (cut,
# or past the panel's edge), and whether its weight and gradient show whole within the panel.
ROWS = """() => {
    const panel = document.getElementById('inspector'), edge = panel.getBoundingClientRect().right;
    const whole = (c) => c.scrollWidth <= c.clientWidth && c.getBoundingClientRect().right <= edge;
    return [...panel.querySelectorAll('table.weights tbody tr')].map((row) => {
        const [name, w, grad] = row.children;
        return { name: name.textContent, nameWhole: whole(name), numbersWhole: whole(w) && whole(grad),
                 oneLine: Math.abs(name.getBoundingClientRect().top - w.getBoundingClientRect().top) < 2 };
    });
}"""
RELU = [{"id": "h1", "type": "dense", "units": 4, "activation": "relu"},
        {"id": "h2", "type": "dense", "units": 3, "activation": "relu"}]


def choose(page, name):
    page.get_by_test_id("dataset-select").select_option(name)
    wait_scene(page, f"s.state.dataset.name === '{name}'")


@pytest.mark.parametrize("screen", [{"width": 1366, "height": 768}, {"width": 1280, "height": 720}],
                         ids=["1366x768", "1280x720"])
def test_the_neuron_panel_shows_each_inputs_name_whole(page, server, screen):
    page.set_viewport_size(screen)
    open_page(page, server)
    # on the plane, short names (x1, a0) keep one line a row: the enlarged panel keeps its map's room
    page.get_by_test_id("neuron-2-0").click()
    expect(page.get_by_test_id("inspect-w-3")).to_be_attached()
    rows = page.evaluate(ROWS)
    assert [r["name"] for r in rows] == ["a0", "a1", "a2", "a3"]
    assert all(r["oneLine"] and r["nameWhole"] and r["numbersWhole"] for r in rows), rows

    inspect_breast_cancers_first_neuron(page)
    rows = page.evaluate(ROWS)
    assert [r["name"] for r in rows] == list(data.load("breast_cancer").feature_names)
    for row in rows:
        assert row["nameWhole"] and row["numbersWhole"], f"at {screen['width']} px: {row}"
    shot(page, f"off-plane-neuron-panel-{screen['width']}x{screen['height']}")


def test_more_inputs_says_which_they_are_and_shows_them_in_the_neuron_panel(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server)
    choose(page, "digits")
    names = list(data.load("digits").feature_names)
    tile = page.get_by_role("button", name=re.compile(r"^48 more inputs"))
    expect(tile).to_have_text(re.compile(r"^\+ 48 more inputs"))
    expect(tile).to_have_attribute("aria-label", re.compile(
        rf"^48 more inputs \({names[16]} to {names[63]}\): the network takes all 64, each into every neuron of hidden layer 1"))
    expect(tile).to_have_attribute("title", re.compile(r"Neuron panel"))
    tile.click()
    expect(page.get_by_test_id("neuron-0-0")).to_have_class(re.compile(r"\bselected\b"))
    expect(page.get_by_test_id("inspector-title")).to_have_text(re.compile(r"^hidden layer 1 .* neuron 0$"))
    expect(page.get_by_test_id("inspect-w-63")).to_be_attached()
    assert [r["name"] for r in page.evaluate(ROWS)] == names


def test_with_the_neuron_panel_hidden_more_inputs_is_words_alone(page, server):
    page.goto(server.url + "/" + encode_state({"dataset": {"name": "digits"}, "hide": ["inspector"]}))
    wait_scene(page, "s.state.dataset.name === 'digits'")
    tile = page.get_by_test_id("more-inputs")
    expect(tile).to_have_attribute("role", "note")
    expect(tile).to_have_attribute("aria-label", re.compile(r"the network takes all 64"))
    expect(page.get_by_role("button", name=re.compile(r"more inputs"))).to_have_count(0)


def percent(v):
    """A share as the neuron writes it: a whole percent, never 0% or 100% when it is not."""
    if 0 < v < 0.005:
        return "<1%"
    if 0.995 <= v < 1:
        return ">99%"
    return f"{math.floor(100 * v + 0.5)}%"


def on_text(page, key):
    return page.get_by_test_id(f"neuron-{key}").locator(".on-share")


def test_a_hidden_neuron_off_the_plane_shows_the_share_of_rows_it_is_on_for(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server, {"dataset": {"name": "wine"}, "layers": RELU})
    wait_scene(page, "s.state.dataset.name === 'wine'")
    settle(page)
    # each hidden neuron says the server's share (its circle filled that far); the output, its
    # share of rows predicted its class (test_play_output_neuron_shares)
    shares = page.evaluate("() => ({0: Array.from(window.neuralab.frame.arrays['on/0']), "
                           "2: Array.from(window.neuralab.frame.arrays['on/2'])})")
    for layer, values in shares.items():
        for unit, v in enumerate(values):
            expect(on_text(page, f"{layer}-{unit}")).to_have_text(percent(v))
            fill = page.get_by_test_id(f"neuron-{layer}-{unit}").locator(".thumb").evaluate(
                "(t) => parseFloat(getComputedStyle(t).getPropertyValue('--on'))")
            assert fill == math.floor(100 * v + 0.5)
    expect(page.locator(".output-col .on-share")).to_have_count(3)

    # a ReLU whose inputs are all ≥ 0 (hidden layer 1's a) under weights of -5 and a bias of 0:
    # z ≤ 0 for every row, a dead neuron, which reads 0% and says why
    for source in range(4):
        page.evaluate(f"() => window.neuralab.send({{type: 'set_weight', layer: 2, to: 0, from: {source}, value: -5}})")
    expect(on_text(page, "2-0")).to_have_text("0%")
    neuron = page.get_by_test_id("neuron-2-0")
    neuron.hover()
    expect(neuron).to_have_attribute("title", re.compile(
        r"^hidden layer 2 \(3 relu\), neuron 0: z ≤ 0 for every one of the training rows: a dead ReLU, "
        r"it outputs 0, passes no gradient back and no longer learns\. Click"))
    expect(neuron).to_have_attribute("aria-label", re.compile(r"^hidden layer 2 \(3 relu\), neuron 0, z ≤ 0 .* dead ReLU"))
    shot(page, "off-plane-neurons-wine-relu")


def test_on_the_plane_a_neuron_shows_its_map_not_a_share(page, server):
    open_page(page, server)
    expect(page.locator("#network .on-share")).to_have_count(0)
    assert not page.evaluate("() => Object.keys(window.neuralab.frame.arrays).some((k) => k.startsWith('on/'))")
