"""Off the plane (iris, breast cancer) a classifier's output neuron was an empty circle, which told
nothing. Now it is filled, as a hidden neuron is, as far as the share of training rows the network
predicts its class for (the frame's ``on/<output layer>``), in its class's colour, that share
written in it, and its title says what it is.
"""
import math
import re

from playwright.sync_api import expect

from playkit import settle, shot
from test_play_off_plane_neurons import percent
from test_play_page import open_page, wait_scene

FILL = "(t) => [parseFloat(getComputedStyle(t).getPropertyValue('--on')), getComputedStyle(t).backgroundImage]"


def output_shares(page):
    """The output layer's index and the server's shares of it, from the frame the page drew."""
    return page.evaluate("""() => { const n = window.neuralab, last = n.scene.network.layers.filter((l) => l.kind === 'dense').pop();
        return [last.index, Array.from(n.frame.arrays['on/' + last.index])]; }""")


def test_each_iris_output_neuron_shows_the_share_of_rows_predicted_its_class(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server, {"dataset": {"name": "iris"}})
    wait_scene(page, "s.state.dataset.name === 'iris'")
    settle(page)
    index, shares = output_shares(page)
    assert len(shares) == 3 and math.isclose(sum(shares), 1, abs_tol=1e-5), shares
    colours = set()
    for unit, (name, v) in enumerate(zip(["setosa", "versicolor", "virginica"], shares)):
        neuron = page.get_by_test_id(f"neuron-{index}-{unit}")
        expect(neuron.locator(".on-share")).to_have_text(percent(v))
        fill, background = neuron.locator(".thumb").evaluate(FILL)
        assert fill == math.floor(100 * v + 0.5)
        colours.add(background)
        neuron.hover()
        expect(neuron).to_have_attribute("title", re.compile(
            rf"^output \(3 softmax\), neuron {unit}: the predicted class is {name} \(its output the largest\) "
            rf"for {re.escape(percent(v))} of the training rows\. Click"))
        expect(neuron).to_have_attribute("aria-label", re.compile(
            rf"^output \(3 softmax\), neuron {unit}, the predicted class is {name} "))
    assert len(colours) == 3, "each class's share in its own colour"
    shot(page, "off-plane-output-shares-iris")


def test_one_sigmoid_output_says_its_share_is_class_1s(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server, {"dataset": {"name": "breast_cancer"}})
    wait_scene(page, "s.state.dataset.name === 'breast_cancer'")
    settle(page)
    index, (v,) = output_shares(page)
    neuron = page.get_by_test_id(f"neuron-{index}-0")
    expect(neuron.locator(".on-share")).to_have_text(percent(v))
    neuron.hover()
    # class 1 is benign (p(benign) beside it): the rows where p ≥ 0.5, the others malignant
    expect(neuron).to_have_attribute("title", re.compile(
        rf"^output \(1 sigmoid\), neuron 0: the predicted class is benign \(p ≥ 0\.5\) for {re.escape(percent(v))} of the "
        rf"training rows, malignant for the other {re.escape(percent(1 - v))}\. Click"))
