"""The learner's path through early stopping on the page: an overfitting scene, Early stopping
ticked with a patience, ▶; the run stops by itself and says why and which epoch's weights came
back, the loss chart marks that epoch, the share link carries the setting, the "⤓ Python" script
repeats the run to the same weights, and ▶ trains on from them."""
import subprocess
import sys

import numpy as np
from playkit import decode_state, download, encode_state, settle
from playwright.sync_api import expect

import neuralab

# 40 noisy points, three layers of 32 ReLU units: the test loss soon rises as training goes on
OVERFIT = {"dataset": {"name": "moons", "n_samples": 40, "noise": 0.5, "seed": 3},
           "layers": [{"id": f"h{i}", "type": "dense", "units": 32, "activation": "relu"} for i in range(3)],
           "hparams": {"optimizer": "adam", "lr": 0.01, "batch_size": 10}, "speed": None}


def test_early_stopping_stops_marks_the_best_epoch_and_the_script_repeats_it(page, server, tmp_path):
    page.goto(server.url + "/" + encode_state(OVERFIT))
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    expect(page.get_by_test_id("early-stopping")).not_to_be_checked()   # off by default
    page.get_by_test_id("patience").fill("4")
    page.get_by_test_id("patience").press("Enter")
    expect(page.get_by_test_id("early-stopping")).to_be_checked()      # a patience typed turns it on
    page.wait_for_function("() => window.neuralab.scene.state.hparams.early_stopping === 4")
    assert decode_state(page.evaluate("() => location.hash"))["hparams"]["early_stopping"] == 4   # the share link

    page.get_by_test_id("play").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("Early stopping: the test loss has not improved for 4 epochs", timeout=60_000)
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "true")
    settle(page)
    stopped = int(page.get_by_test_id("epoch").inner_text())
    best = stopped - 4
    expect(banner).to_contain_text(f"stopped at epoch {stopped} and put back the weights of epoch {best}")
    assert f"early stopping put back the weights of epoch {best}" in page.get_by_test_id("loss-chart").get_attribute("aria-label")

    # the script trains as many epochs with EarlyStopping(patience=4), stops alike, puts back the same weights
    script = download(page, "download-code", tmp_path)
    assert "EarlyStopping(monitor=\"val_loss\", patience=4, restore_best=True)" in script.read_text()
    done = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"the downloaded script failed:\n{done.stderr[-3000:]}"
    assert f"early stopping put back the weights of epoch {best}\n" in done.stdout
    scripts = neuralab.load(script.with_suffix(".npz"))
    pages = neuralab.load(download(page, "download-model", tmp_path))
    X = np.random.default_rng(0).uniform(-6, 6, size=(50, 2)).astype(np.float32)
    np.testing.assert_array_equal(scripts.predict(X), pages.predict(X))

    # ▶ trains on from the best weights, the epochs counted on, an edit the script's note names
    # (early stopping watches anew: it may stop again, `patience` epochs past a new best)
    page.get_by_test_id("play").click()
    page.wait_for_function(f"() => window.neuralab.frame.header.epoch > {stopped}", timeout=30_000)
    edits = page.evaluate("() => window.neuralab.scene.edits.map((e) => [e.epoch, e.change])")
    assert edits == [[stopped, "training went on after early stopping, from the weights of its best epoch"]]


def test_a_patience_past_its_range_is_refused_in_words_and_changes_nothing(page, server):
    page.goto(server.url + "/" + encode_state(OVERFIT))
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    page.get_by_test_id("patience").fill("0")
    page.get_by_test_id("patience").press("Enter")
    expect(page.get_by_test_id("error")).to_contain_text("Early stop must be in 1..1000, got 0")
    expect(page.get_by_test_id("patience")).to_have_value("0")   # kept, to correct it
    expect(page.get_by_test_id("early-stopping")).not_to_be_checked()
    assert page.evaluate("() => window.neuralab.scene.state.hparams.early_stopping") is None
