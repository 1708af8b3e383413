"""One name per layer in every panel: a learner built hidden blocks with a BatchNorm and a Dropout
block among them and the Dropout box set, and the Gradients panel said L0/L3/L7, the Neuron
panel "Layer 3", the trace "layer 3 (dense + sigmoid)" and the monitor's diagnosis "0 Dense".
Each now names a layer as the scene does ("hidden layer 1 (4 sigmoid)", "output (1 sigmoid)",
"BatchNorm after hidden layer 2"), which is the block the network view draws it in."""
import re

from playwright.sync_api import expect

from test_play_page import open_page, scene
from test_play_page_layout import RECORD_CHART_TEXT

# the names the panels gave before: the library's indices, the monitor's "<index>:<class>"
OLD_NAMES = re.compile(r"\bL\d|\bLayer \d|· layer \d|\b\d+:[A-Z]\w*")


def _state():
    """Six hidden sigmoid blocks of 4 (the gradient vanishes through them, and the monitor says
    so), a BatchNorm block after the second, a Dropout block after the third, the Dropout box at 0.1."""
    layers = [{"id": f"h{i}", "type": "dense", "units": 4, "activation": "sigmoid"} for i in range(6)]
    layers.insert(2, {"id": "bn", "type": "batchnorm"})
    layers.insert(4, {"id": "dr", "type": "dropout", "p": 0.3})
    return {"layers": layers, "hparams": {"optimizer": "sgd", "lr": 0.03, "batch_size": 10, "l1": 0.0,
                                          "l2": 0.0, "dropout": 0.1, "schedule": None}}


def test_every_panel_names_a_layer_as_the_network_view_draws_it(page, server):
    page.add_init_script(RECORD_CHART_TEXT)
    open_page(page, server, _state())
    layers = scene(page)["network"]["layers"]
    names = {layer["index"]: layer["name"] for layer in layers}
    dense = [layer["index"] for layer in layers if layer["kind"] == "dense"]
    first, output = names[dense[0]], names[dense[-1]]
    assert (first, output) == ("hidden layer 1 (4 sigmoid)", "output (1 sigmoid)")
    (bn,) = [layer["index"] for layer in layers if layer["kind"] == "batchnorm"]
    assert names[bn] == "BatchNorm after hidden layer 2"

    # the network view: each hidden dense block's card says its name (without what the card
    # shows already, its units and activation)
    for i in dense[:-1]:
        expect(page.get_by_test_id(f"col-name-{i}")).to_have_text(names[i].split(" (")[0])

    # the monitor's diagnosis, provoked by the six sigmoid layers
    page.get_by_test_id("play").click()
    diagnosis = page.get_by_test_id("diagnosis-vanishing_gradients")
    expect(diagnosis).to_be_visible(timeout=40_000)
    page.get_by_test_id("pause").click()
    evidence = diagnosis.inner_text()
    assert f"({first})" in evidence and f"({output})" in evidence, evidence
    assert not OLD_NAMES.search(page.get_by_test_id("diagnoses").inner_text())

    # the Gradients panel: each bar's layer (the canvas's words), each histogram row's
    bars = page.get_by_test_id("grad-norms").get_attribute("aria-label")
    assert re.findall(r"(?:· )([^·]+?): ", bars) == [names[i] for i in dense], bars
    # under the bars (seven of them: room for the short names, in two lines)
    drawn = page.get_by_test_id("grad-norms").evaluate("(c) => c.texts.map((t) => t.text)")
    under = [t for t in drawn if re.fullmatch(r"hidden|layer \d+|output", t)]
    assert under == ["hidden", "layer 1", "hidden", "layer 2", "hidden", "layer 3", "hidden", "layer 4",
                     "hidden", "layer 5", "hidden", "layer 6", "output"], drawn
    for i in dense:
        expect(page.get_by_test_id(f"hist-{i}").locator("span")).to_have_text(names[i])
    assert not OLD_NAMES.search(page.locator("#gradients").inner_text())

    # the Neuron panel: a neuron of the first block and one of the block after the BatchNorm
    for i in (dense[0], dense[2]):
        page.get_by_test_id(f"neuron-{i}-1").click()
        expect(page.get_by_test_id("inspector-title")).to_have_text(f"{names[i]} · neuron 1")

    # the trace: every step names its layer so, the Dropout box's dropout as a part of its block
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-panel").get_by_test_id("trace-value-input-0")).to_be_visible()
    titles = page.locator(".trace-progress .dot-step").evaluate_all("(dots) => dots.map((d) => d.title)")
    for i in dense:
        assert f"Forward · {names[i]}" in titles and f"Backward · {names[i]}: δ, ∂L/∂W, ∂L/∂b" in titles, titles
    assert f"Forward · {names[bn]}" in titles
    assert f"Forward · {first}: dropout" in titles
    assert not [t for t in titles if OLD_NAMES.search(t)], titles
