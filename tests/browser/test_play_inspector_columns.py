"""The neuron panel on data of many inputs (breast cancer's 30 named columns), in a real browser:
every weight and gradient is shown whole within the panel, the input's name taking the room
that is left (cut short, whole in its title). The audit at 1366×768: the names pushed the
gradient column past the panel's edge ("-1.71e-5" read "-1.71e"); at 1024 px no gradient showed.
"""
import pytest
from playwright.sync_api import expect

from neuralab import data

from playkit import settle
from test_play_page import open_page, wait_scene


def inspect_breast_cancers_first_neuron(page):
    """Breast cancer chosen on an open page, an epoch trained (gradients to show), and the first
    layer's neuron 0 in the Neuron panel, its 30 inputs' rows there."""
    page.get_by_test_id("dataset-select").select_option("breast_cancer")
    wait_scene(page, "s.state.dataset.name === 'breast_cancer'")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    page.get_by_test_id("neuron-0-0").click()
    expect(page.get_by_test_id("inspect-w-29")).to_be_attached()


@pytest.mark.parametrize("width", [1366, 1024])
def test_each_weight_and_gradient_of_a_first_layer_neuron_shows_whole_in_the_panel(page, server, width):
    page.set_viewport_size({"width": width, "height": 768})
    open_page(page, server)
    inspect_breast_cancers_first_neuron(page)
    seen = page.evaluate("""() => {
        const panel = document.getElementById('inspector'), edge = panel.getBoundingClientRect().right;
        return [...panel.querySelectorAll('table.weights tbody tr')].map((row) => {
            const [name, w, grad] = row.children;
            return {name: name.textContent, w: w.textContent, grad: grad.textContent,
                    over: grad.getBoundingClientRect().right - edge,
                    cut: [w, grad].filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent)};
        });
    }""")
    assert [row["name"] for row in seen] == list(data.load("breast_cancer").feature_names)
    for row in seen:
        assert row["over"] <= 0 and not row["cut"], f"at {width} px, {row['name']}: {row}"
