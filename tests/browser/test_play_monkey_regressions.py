"""Defects a random walk over the playground's buttons, menus, canvases and keys reached, each
checked in a real browser with the learner's own clicks.
"""
import ast
import re
import subprocess
import sys

import numpy as np
import pytest
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
    expect(editor).to_contain_text("W[3, 1] of layer 0")
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
    script = neuralab.load(tmp_path / "neuralab-model.npz")
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
