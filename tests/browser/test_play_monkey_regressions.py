"""Defects a random walk over the playground's buttons, menus, canvases and keys reached, each
checked in a real browser with the learner's own clicks.
"""
import ast
import re
import subprocess
import sys

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

import neuralab
from playkit import download, settle
from test_play_page import download_code, open_page, state, wait_scene


def test_uploading_an_empty_csv_says_why_it_is_refused(page, server, tmp_path):
    """A learner picks an empty file and clicks Upload: the banner says the file is empty (the
    click used to do nothing at all), and the scene stays the one shown before."""
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    open_page(page, server)
    before = state(page)["dataset"]
    page.locator("details.csv summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(empty))
    expect(page.get_by_test_id("csv-upload")).to_be_enabled()
    page.get_by_test_id("csv-upload").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("empty")
    assert state(page)["dataset"] == before


def test_the_weight_editor_closes_when_the_network_changes_under_it(page, server):
    """A learner opens the editor of W[3, 1] of layer 0, then takes a neuron from that layer: the
    weight is gone, and its editor with it (it stayed open, and "set" was refused with "layer 0
    has weights to 0..2 from 0..1"). A change that keeps the network (the learning rate) leaves
    an open editor open."""
    open_page(page, server)
    editor = page.get_by_test_id("weight-editor")
    page.get_by_test_id("link-0-3-1").click(force=True)   # the thin curve under other links
    expect(editor).to_contain_text("W[3, 1] of hidden layer 1 (4 tanh)")
    page.get_by_test_id("lr").fill("0.1")
    page.get_by_test_id("lr").press("Enter")
    wait_scene(page, "s.state.hparams.lr === 0.1")
    expect(editor).to_be_visible()
    page.get_by_test_id("units-minus-0").click()
    wait_scene(page, "s.state.layers[0].units === 3")
    expect(editor).to_have_count(0)
    expect(page.get_by_test_id("error")).to_be_hidden()


def test_the_python_script_prints_the_training_loss_the_page_shows_under_l2(page, server, tmp_path):
    """A learner sets L2, trains an epoch and runs the "⤓ Python" script: it prints the numbers
    the page shows, the training loss without the penalty as the page's (it printed fit's loss,
    penalty included, above the page's, and the penalty beside it)."""
    open_page(page, server)
    page.get_by_test_id("l2").fill("0.1")
    page.get_by_test_id("l2").press("Enter")
    wait_scene(page, "s.state.hparams.l2 === 0.1")
    page.get_by_test_id("step-epoch").click()
    page.wait_for_function("() => { const h = window.neuralab.frame.header; "
                           "return h.epoch === 1 && h.metrics_of === 'epoch'; }")
    settle(page)
    shown = page.evaluate("() => window.neuralab.frame.header.metrics")
    path, _ = download_code(page, tmp_path)
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = ast.literal_eval(done.stdout.strip().splitlines()[-1])   # {name: value after the last epoch}
    assert {k: printed[k] for k in shown} == pytest.approx(shown, rel=1e-12)


def test_the_python_script_of_a_drawing_trains_on_its_values_as_drawn(page, server, tmp_path):
    """A learner draws values such as 0.123456 (typed in the value box, or from a shared link),
    trains and runs the "⤓ Python" script: it saves the page's model, weight for weight (it wrote
    the points rounded to 4 decimals, as the plane draws them, and trained on other values)."""
    points = [[x, y, round(0.123456 * (x - y) + 0.5, 6)] for x in (-3, -1, 2, 4) for y in (-2, 1, 3)]
    open_page(page, server, {"dataset": {"name": "drawn", "task": "regression", "points": points}})
    for epoch in (1, 2, 3):
        page.get_by_test_id("step-epoch").click()
        page.wait_for_function(f"() => window.neuralab.frame.header.epoch === {epoch}")
    settle(page)
    assert page.evaluate("() => window.neuralab.scene.edits") == []
    (tmp_path / "page").mkdir()
    shown = neuralab.load(download(page, "download-model", tmp_path / "page"))
    path, _ = download_code(page, tmp_path)
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    script = neuralab.load(path.with_suffix(".npz"))
    for a, b in zip(script.parameters(), shown.parameters(), strict=True):
        np.testing.assert_array_equal(a.data, b.data)


def test_the_python_script_compiles_after_a_schedule_with_a_line_break_was_changed(page, server, tmp_path):
    """A link holds the schedule 'step:2\\n:0.5' (the server reads it as step:2:0.5); the learner
    trains an epoch and writes another schedule: the "⤓ Python" script names that edit and still
    compiles (the line break inside the edit's words ended its comment line, and the rest, ':0.5
    → step:3:0.5', was a syntax error)."""
    open_page(page, server, {"hparams": {"schedule": "step:2\n:0.5"}})
    page.get_by_test_id("step-epoch").click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch === 1")
    page.get_by_test_id("schedule").fill("step:3:0.5")
    page.get_by_test_id("schedule").press("Enter")
    wait_scene(page, "s.edits.length === 1")
    _, text = download_code(page, tmp_path)
    assert "step:3:0.5" in text
    compile(text, "neuralab_playground.py", "exec")


def test_the_python_script_after_batch_steps_of_the_first_epoch_says_which_model_it_trains(page, server, tmp_path):
    """A learner clicks "⇥ batch" three times and downloads "⤓ Python": the script trains 100
    epochs, and its comment no longer calls that "the page's model at the end of epoch 0" (the
    untrained one)."""
    open_page(page, server)
    for step in (1, 2, 3):
        page.get_by_test_id("step-batch").click()
        page.wait_for_function(f"() => window.neuralab.frame.header.step === {step}")
    _, text = download_code(page, tmp_path)
    (epochs,) = re.findall(r"model\.fit\(.*epochs=(\d+)", text)
    assert "3 batch steps into epoch 1" in text
    assert re.findall(r"the page's model at the end of epoch (\d+)", text) in ([], [epochs])


def test_the_reset_button_takes_down_the_banner_that_says_to_reset(page, server):
    """A learner trains the plane at a learning rate of 10: it diverges, and the banner offers a
    reset. The learner clicks the header's ↺ instead of the banner's button: the weights are
    fresh and the banner goes (it stayed, still saying to reset, as the server answers a reset
    of an unedited run with a status alone). Play refused on such weights is tested in
    test_play_edits_followup.py."""
    diverging = {"dataset": {"name": "plane", "n_samples": 400, "noise": 0.1, "train_ratio": 0.5, "seed": 1},
                 "features": ["x1", "x2"],
                 "layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"}],
                 "output": "auto", "hide": [],
                 "hparams": {"optimizer": "sgd", "lr": 10, "batch_size": 10, "l1": 0, "l2": 0, "dropout": 0,
                             "schedule": None}}
    open_page(page, server, diverging)
    banner = page.get_by_test_id("error")
    page.get_by_test_id("play").click()
    expect(banner).to_contain_text("diverged", timeout=15000)
    page.get_by_test_id("reset").click()
    expect(banner).to_be_hidden()
    page.wait_for_function("() => window.neuralab.frame.header.epoch === 0 && window.neuralab.frame.header.step === 0")


def test_a_neuron_inspected_through_an_empty_drawing_raises_no_error(page, server):
    """A learner inspects a neuron, then picks "Draw your own (values)", and later clears the
    drawing: the neuron panel says there is no training point to show it on, and no banner
    comes (the panel asked the server for sample 0 of no points, and its refusal stood as an
    "Error:" the learner had not caused). A point drawn brings the neuron's numbers back."""
    open_page(page, server)
    page.get_by_test_id("neuron-0-0").click()
    inspector = page.get_by_test_id("inspector")
    expect(page.get_by_test_id("inspect-z")).to_be_visible()
    banner = page.get_by_test_id("error")
    page.get_by_test_id("dataset-select").select_option("drawn-regression")
    wait_scene(page, "s.dataset.name === 'drawn' && s.dataset.n_train === 0")
    expect(inspector).to_contain_text("No training points yet")
    box = page.get_by_test_id("output-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    wait_scene(page, "s.dataset.n_train === 1")
    expect(inspector).not_to_contain_text("No training points yet")
    expect(page.get_by_test_id("inspect-z")).to_be_visible()
    page.get_by_test_id("clear-points").click()
    wait_scene(page, "s.dataset.n_train === 0")
    expect(inspector).to_contain_text("No training points yet")
    page.wait_for_timeout(500)   # the server's answer to a request would come in this time
    expect(banner).to_be_hidden()


def test_the_classroom_menu_closes_on_a_press_elsewhere_or_escape(page, server):
    """On a narrow screen the header wraps and the classroom menu, once opened, lies over the
    learning rate, optimizer and schedule boxes (over ▶ too, the page scrolled; since the phone
    layout, over the dataset's boxes): it stayed open until its ▾ was pressed again, and a press
    meant for them ticked a part to hide. Now it closes on a press elsewhere on the page, or on
    Escape; a tick inside keeps it open."""
    page.set_viewport_size({"width": 520, "height": 800})   # (a width where the open menu lies over a box)
    open_page(page, server)
    menu = page.get_by_test_id("classroom")
    on_noise = """() => { const r = document.querySelector('[data-testid=noise]').getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2).closest('.classroom') !== null; }"""
    menu.locator("summary").click()
    expect(menu.locator(".classroom-menu")).to_be_visible()
    try:   # waited for: the menu is visible a frame or so before the layout puts it over the box
        page.wait_for_function(on_noise, timeout=5000)
    except PlaywrightTimeoutError:
        pytest.fail("the open menu no longer covers the noise box at 520 px: the test needs another width")
    page.get_by_test_id("hide-trace").check()
    wait_scene(page, "s.state.hide.includes('trace')")
    expect(menu.locator(".classroom-menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.locator(".classroom-menu")).to_be_hidden()
    menu.locator("summary").click()
    expect(menu.locator(".classroom-menu")).to_be_visible()
    page.locator("footer").click()
    expect(menu.locator(".classroom-menu")).to_be_hidden()
    page.get_by_test_id("lr").fill("0.1")
    page.get_by_test_id("lr").press("Enter")
    wait_scene(page, "s.state.hparams.lr === 0.1")
    assert state(page)["hide"] == ["trace"]


def test_a_scene_that_comes_while_typing_a_schedule_keeps_the_text_typed(page, server):
    """A learner leaves the learning rate box and types a schedule at once: the scene that answers
    the learning rate (slow on a large network) comes while they type. The text typed stays,
    and Enter sets the schedule (the scene wrote the old schedule over it, and Enter sent the
    rest of the typing or nothing); so does leaving a box with Tab."""
    open_page(page, server)
    box = page.get_by_test_id("schedule")
    box.click()
    page.keyboard.type("step:2:0.")
    # the answer to the box left before: a scene, while the schedule box still has the focus
    page.evaluate("() => window.neuralab.update((s) => { s.hparams.lr = 0.1; })")
    wait_scene(page, "s.state.hparams.lr === 0.1")
    expect(box).to_have_value("step:2:0.")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    wait_scene(page, "s.state.hparams.schedule === 'step:2:0.5'")
    # typed, a scene, then the box left with Tab: what was typed is sent, as leaving a box does
    page.get_by_test_id("l2").fill("0.3")
    page.evaluate("() => window.neuralab.update((s) => { s.hparams.lr = 0.2; })")
    wait_scene(page, "s.state.hparams.lr === 0.2")
    expect(page.get_by_test_id("l2")).to_have_value("0.3")
    page.keyboard.press("Tab")
    wait_scene(page, "s.state.hparams.l2 === 0.3")
    expect(page.get_by_test_id("lr")).to_have_value("0.2")
