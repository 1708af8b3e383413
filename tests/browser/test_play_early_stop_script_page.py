"""The "⤓ Python" script after early stopping put back the best epoch's weights: it puts them back
too (``restore_best=True``) for as long as the page holds them, a scene that leaves them (another
speed) as well, as the loss chart keeps marking that epoch; before, any scene made it say "the page
has not stopped early" and keep the last epoch's weights, which the page did not hold. A page reloaded is a new session that trains again
from epoch 0 (the page says so): its script is of that run, which has not stopped."""
import subprocess
import sys

import numpy as np
from playkit import download, encode_state, settle
from playwright.sync_api import expect
from test_play_early_stopping_page import OVERFIT

import neuralab

RESTORED = 'EarlyStopping(monitor="val_loss", patience=4, restore_best=True)'
# the loss chart holds pixels of the best epoch's green line (curves.js's BEST_COLOR, #2e7d32)
BEST_MARK_DRAWN = """() => {
  const c = document.querySelector('[data-testid=loss-chart]');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - 0x2e) < 24 && Math.abs(d[i + 1] - 0x7d) < 24 && Math.abs(d[i + 2] - 0x32) < 24) return true;
  }
  return false;
}"""
NOT_STOPPED = "# the page has not stopped early: restore_best=False keeps the last epoch's weights, as it holds them"


def _stopped_early(page, server):
    """OVERFIT with early stopping of patience 4, trained until it stops; the epoch it stopped at,
    as the readout shows it."""
    page.goto(server.url + "/" + encode_state({**OVERFIT, "hparams": {**OVERFIT["hparams"], "early_stopping": 4}}))
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    page.get_by_test_id("play").click()
    expect(page.get_by_test_id("error")).to_contain_text("Early stopping: the test loss has not improved",
                                                         timeout=60_000)
    settle(page)
    return int(page.get_by_test_id("epoch").inner_text())


def test_the_script_puts_the_best_weights_back_after_a_scene_that_keeps_them_and_not_after_a_reload(
        page, server, tmp_path):
    stopped = _stopped_early(page, server)
    page.get_by_test_id("speed").select_option("3")   # a scene, of the same weights
    page.wait_for_function("() => window.neuralab.scene.state.speed === 3")
    # the loss chart, drawn again after that scene, still marks the best epoch in green (before,
    # any scene took the mark away)
    page.wait_for_function(BEST_MARK_DRAWN, timeout=10_000)
    path = download(page, "download-code", tmp_path)
    script = path.read_text()
    assert RESTORED in script and f"epochs={stopped}," in script
    assert NOT_STOPPED not in script
    # it repeats the page's run to the same weights, those of the best epoch
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"the downloaded script failed:\n{done.stderr[-3000:]}"
    scripts, pages = neuralab.load(path.with_suffix(".npz")), neuralab.load(download(page, "download-model", tmp_path))
    X = np.random.default_rng(1).uniform(-6, 6, size=(50, 2)).astype(np.float32)
    np.testing.assert_array_equal(scripts.predict(X), pages.predict(X))

    page.reload()   # a new session: training starts over from epoch 0, and so does the script
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    expect(page.get_by_test_id("notice")).to_contain_text("training starts over from epoch 0")
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    script = download(page, "download-code", tmp_path).read_text()
    assert 'EarlyStopping(monitor="val_loss", patience=4, restore_best=False)' in script
    assert NOT_STOPPED in script
