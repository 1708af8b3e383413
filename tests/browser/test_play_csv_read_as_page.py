"""A scene on an uploaded CSV read with the upload's choices (its target not the last column,
Text columns "one 0/1 column per category", Missing cells "drop the row", an ID left out) keeps
them in its Share link and in its downloads.

The link named the file alone: opened in a second tab, which holds no copy of the rows, the
learner chose the file again and the form read it with its defaults (the last column as the
target, text refused), so the link's scene did not come back. The ⤓ Python script of such a
scene saved a model that refused a raw row ("town is one-hot here: give town_Paris=1 ...")."""
import numpy as np
import pandas as pd
from playkit import download, settle
from playwright.sync_api import expect
from spreadsheets import town_houses
from test_play_page import open_page, run_script, scene, wait_scene
from test_play_upload import choose_file

import neuralab

NETWORK = {"layers": [{"id": "h1", "type": "dense", "units": 3, "activation": "relu"}], "weights_seed": 7}


def _ra_houses(path):
    """houses.csv: id, size (empty in row 4), town, price, dear (yes/no, the last column)."""
    path.write_text(town_houses(50, seed=8, noise=4, dear_above=180, ids=True, no_size_in=4))
    return path


def _ra_upload_as_chosen(page, path):
    """Upload ``path`` with the target price, text columns as 0/1 columns, rows with a missing
    cell dropped and id, dear left out."""
    choose_file(page, path)
    page.get_by_test_id("csv-target").select_option("price")
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-missing").select_option("drop")
    for column in ("id", "dear"):
        page.get_by_test_id("csv-leave-out").locator(f"input[value={column}]").check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv' && s.upload")


def _ra_seen(page):
    """What a learner compares of a scene: its columns, target, network, and the output of the
    first training row as the neuron panel shows it (in the target's units)."""
    sc = scene(page)
    last = sc["network"]["layers"][-1]["index"]
    page.get_by_test_id(f"neuron-{last}-0").click()
    expect(page.get_by_test_id("inspect-y")).to_be_visible()
    return {"inputs": sc["network"]["inputs"], "target": sc["dataset"]["target"], "layers": sc["state"]["layers"],
            "read_as": sc["state"]["dataset"]["read_as"], "n_train": sc["dataset"]["n_train"],
            "prediction": page.get_by_test_id("inspect-y").inner_text()}


def test_a_shared_link_of_an_upload_comes_back_as_shared_in_a_second_tab(page, server, tmp_path, console_errors):
    path = _ra_houses(tmp_path / "houses.csv")
    open_page(page, server, NETWORK)
    _ra_upload_as_chosen(page, path)
    settle(page)
    shared = _ra_seen(page)
    assert shared["inputs"] == ["size", "town_Lyon", "town_Nice", "town_Paris"] and shared["target"] == "price"
    assert shared["read_as"]["ignore"] == ["id", "dear"] and shared["read_as"]["missing"] == "drop"
    link = page.locator("#share").get_attribute("href")

    other = page.context.new_page()   # (its own sessionStorage: no key of the first tab's upload)
    other.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    other.goto(link)
    wait_scene(other, "s.state.dataset.name !== 'csv'")
    expect(other.get_by_test_id("error")).to_contain_text("The server holds no copy of houses.csv")
    choose_file(other, path)   # the learner follows the words: the same file, chosen again
    expect(other.get_by_test_id("csv-target")).to_have_value("price")
    expect(other.get_by_test_id("csv-text-columns")).to_have_value("auto")
    expect(other.get_by_test_id("csv-missing")).to_have_value("drop")
    ticked = other.get_by_test_id("csv-leave-out").locator("input:checked")
    assert sorted(ticked.evaluate_all("boxes => boxes.map((b) => b.value)")) == ["dear", "id"]
    other.get_by_test_id("csv-upload").click()
    wait_scene(other, "s.state.dataset.name === 'csv' && s.upload")
    settle(other)
    assert _ra_seen(other) == shared
    other.close()


def test_the_python_script_of_a_one_hot_upload_predicts_raw_rows_as_the_pages_model(page, server, tmp_path):
    path = _ra_houses(tmp_path / "houses.csv")
    open_page(page, server, NETWORK)
    _ra_upload_as_chosen(page, path)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    script = download(page, "download-code", tmp_path)   # (next to houses.csv, which it loads)
    run_script(script)
    scripts, pages = neuralab.load(script.with_suffix(".npz")), neuralab.load(download(page, "download-model", tmp_path))
    assert scripts.categories == pages.categories == {"town": ("Lyon", "Nice", "Paris")}
    rows = pd.DataFrame({"size": [40.0, 61.5, 90.0], "town": ["Paris", "Nice", "Lyon"]})
    np.testing.assert_allclose(scripts.predict(rows), pages.predict(rows), rtol=1e-4, atol=1e-4)
