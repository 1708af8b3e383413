"""The downloaded script's model file is the page's: the same layers and weights (after the
same epochs) and the same names of the columns it takes and of the classes its outputs stand for;
the script of a scene the page cannot train yet runs too."""
import subprocess
import sys

import numpy as np
import pytest
from playkit import download, encode_state, settle
from playwright.sync_api import expect

import neuralab


def _dl_models(page, folder):
    """Run the page's "⤓ Python" script in ``folder``; (its model file, the page's "⤓ Model"), loaded."""
    script = download(page, "download-code", folder)
    done = subprocess.run([sys.executable, script.name], cwd=folder, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"the downloaded script failed:\n{done.stderr[-3000:]}"
    scripts = neuralab.load(script.with_suffix(".npz"))   # (its own name: download-name.js)
    return scripts, neuralab.load(download(page, "download-model", folder))


DRAWN_CLASSES = [[1, 2, 0], [-1, -2, 1], [3.3, 0.1, 1], [-2, 4, 0], [0.5, 0.5, 2]]


@pytest.mark.parametrize("dataset", [{"name": "iris"}, {"name": "drawn", "task": "classification",
                                                        "points": DRAWN_CLASSES}], ids=["iris", "drawn"])
def test_the_scripts_model_file_names_what_the_pages_does(page, server, tmp_path, dataset):
    # the audit: the page's file named its columns (and now its classes); the script's named
    # neither, so its model took a DataFrame of any columns and gave outputs without classes
    page.goto(server.url + "/" + encode_state({"dataset": dataset}))
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    scripts, pages = _dl_models(page, tmp_path)
    assert scripts.class_names == pages.class_names is not None
    assert scripts.feature_names == pages.feature_names is not None
    X = (np.random.default_rng(0).normal(size=(20, len(pages.feature_names))) * 3).astype(np.float32)
    if dataset["name"] == "iris":
        X = X + neuralab.data.load("iris").X.mean(axis=0)
    np.testing.assert_allclose(scripts.predict(X), pages.predict(X), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("points", [[], [[1, 2, 0]]], ids=["empty drawing", "one point"])
def test_the_script_of_a_scene_the_page_cannot_train_runs(page, server, tmp_path, points):
    # the audit: the script of an empty drawing, or of one point under a BatchNorm block, ended
    # in fit's traceback where the page said why it could not train; it now says the same and
    # saves the fresh weights the page's model file holds
    layers = [{"id": "h1", "type": "dense", "units": 3, "activation": "relu"}, {"id": "b", "type": "batchnorm"}]
    dataset = {"name": "drawn", "task": "classification", "points": points}
    page.goto(server.url + "/" + encode_state({"dataset": dataset, "layers": layers}))
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    words = page.evaluate("() => window.neuralab.scene.cannot_train")
    scripts, pages = _dl_models(page, tmp_path)
    (script,) = tmp_path.glob("*.py")   # (named by the data, sizes and epoch: download-name.js)
    assert words and f"#   {words}." in script.read_text()
    X = np.random.default_rng(1).uniform(-6, 6, size=(30, 2)).astype(np.float32)
    np.testing.assert_array_equal(scripts.predict(X), pages.predict(X))


def test_two_scripts_run_in_one_folder_keep_a_model_each(page, server, tmp_path):
    # the review: every script saved neuralab-model.npz, so the second one run in a folder wrote
    # over the first one's model; each now saves under its own name, with .npz
    page.goto(server.url + "/")
    page.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    scripts = []
    for epoch in ("1", "2"):
        page.get_by_test_id("step-epoch").click()
        expect(page.get_by_test_id("epoch")).to_have_text(epoch)
        settle(page)
        scripts.append(download(page, "download-code", tmp_path))
    for script in scripts:
        done = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300, check=False)
        assert done.returncode == 0, f"the downloaded script failed:\n{done.stderr[-3000:]}"
    assert sorted(p.name for p in tmp_path.glob("*.npz")) == sorted(s.with_suffix(".npz").name for s in scripts)
    first, second = (neuralab.load(s.with_suffix(".npz")) for s in scripts)
    assert not np.array_equal(first.layers[0].weight.data, second.layers[0].weight.data), \
        "the two scripts trained 1 and 2 epochs: their models differ"
