"""The course's claim that a deep ReLU net needs its initial weights at the right scale, seen on
the page: the "Initial weights" menu above the network draws every Dense layer's first weights
(auto: He for ReLU; or He, Xavier, small N(0, 0.01²), zeros). Small weights fade the signal
layer by layer, so the first layer's gradient is next to nothing where auto's trains; a choice
starts the run over from fresh weights, and the link and the Python script keep it. A name the
server does not know is refused in the menu's words, and the scene stays as it was.
"""
import re

from playwright.sync_api import expect

from playkit import decode_state, download, settle
from test_play_page import open_page

# six ReLU layers of 8 on circles: deep enough that N(0, 0.01²) weights shrink the signal
# ~0.01·sqrt(8/2) = 0.02-fold per layer, so that nothing reaches the first layer's gradient
DEEP_RELU = {"layers": [{"id": f"h{i}", "type": "dense", "units": 8, "activation": "relu"} for i in range(1, 7)],
             "speed": None}
FIRST_GRAD = "() => window.neuralab.frame.arrays.grad_norm[0]"
FIRST_W = "() => Math.max(...Array.from(window.neuralab.frame.arrays['W/0'], Math.abs))"


def step_epoch(page, epoch):
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text(str(epoch))
    settle(page)


def choose(page, init):
    """Pick ``init`` from the menu's list, as a click does; wait for its scene."""
    page.get_by_test_id("init").select_option(init)
    page.wait_for_function(f"() => window.neuralab.scene.state.hparams.init === '{init}'")
    settle(page)


def test_small_weights_freeze_a_deep_relu_net_that_auto_trains(page, server):
    open_page(page, server, DEEP_RELU)
    expect(page.get_by_test_id("init")).to_have_value("auto")
    step_epoch(page, 1)
    step_epoch(page, 2)
    trained = page.evaluate(FIRST_GRAD)
    he_scale = page.evaluate(FIRST_W)

    choose(page, "normal")
    # fresh weights, epoch 0: a run from one start continued from another's weights shows neither
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    assert page.evaluate(FIRST_W) < he_scale / 10, "the small draw is what the first layer holds"
    step_epoch(page, 1)
    frozen = page.evaluate(FIRST_GRAD)
    assert trained > 1e4 * frozen, (trained, frozen)
    # the loss stays at chance's, log 2, where He's fell
    assert abs(page.evaluate("() => window.neuralab.frame.header.metrics.loss") - 0.693) < 0.01

    # the link keeps the choice, and opens on it
    assert decode_state(page.evaluate("() => location.hash"))["hparams"]["init"] == "normal"
    page.reload()
    page.wait_for_function("() => window.neuralab && window.neuralab.scene && window.neuralab.frame")
    expect(page.get_by_test_id("init")).to_have_value("normal")


def test_the_script_draws_the_weights_the_menu_chose(page, server, tmp_path):
    open_page(page, server, {**DEEP_RELU, "hparams": {"init": "zeros"}})
    expect(page.get_by_test_id("init")).to_have_value("zeros")
    assert page.evaluate(FIRST_W) == 0
    script = download(page, "download-code", tmp_path).read_text()
    # every Dense layer, the output's too: six hidden and one output
    assert len(re.findall(r"""nn\.Dense\([^)]*init=["']zeros["']""", script)) == 7, script

    choose(page, "auto")
    script = download(page, "download-code", tmp_path).read_text()
    assert "zeros" not in script
    assert len(re.findall(r"""init=["']he_uniform["']""", script)) == 6, script


def test_an_unknown_init_is_refused_and_the_scene_kept(client):
    c = client()
    scene = c.request({"type": "hello", "state": {**DEEP_RELU, "hparams": {"init": "xavier_uniform"}}}, "scene", "error")
    assert scene["type"] == "scene", scene
    reply = c.request({"type": "set_state", "state": {"hparams": {"init": "glorot"}}}, "scene", "error")
    assert reply["type"] == "error", reply
    assert "Initial weights must be one of auto, he_uniform, xavier_uniform, normal, zeros" in reply["message"], reply
    assert reply.get("field") == "hparams.init", reply
    again = c.request({"type": "set_state", "state": {"speed": 3}}, "scene", "error")
    assert again["state"]["hparams"]["init"] == "xavier_uniform", again


def test_the_menu_is_in_view_above_the_network(page, server):
    open_page(page, server, {"hparams": {"init": "he_uniform"}})
    menu = page.get_by_test_id("init")
    expect(menu).to_be_in_viewport()
    expect(page.get_by_label("Initial weights")).to_have_value("he_uniform")
