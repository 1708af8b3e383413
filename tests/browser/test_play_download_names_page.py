"""Each download names what it holds (static/download-name.js): the data, the network's sizes and
the epoch, so that a teacher collecting a class's files can tell and sort them (every page gave
neuralab-model.npz, and the browser saved model (1).npz, model (2).npz, ...)."""
from playkit import download
from playwright.sync_api import expect

from test_play_page import open_page, upload_csv
from test_play_upload_held import _uh_prices_file

import neuralab


def test_the_model_script_and_picture_are_named_by_data_sizes_and_epoch(page, server, tmp_path):
    layers = [{"id": "h1", "type": "dense", "units": 5, "activation": "tanh"}]
    open_page(page, server, {"dataset": {"name": "moons"}, "layers": layers})
    for _ in range(3):
        page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("3")
    names = [download(page, testid, tmp_path).name for testid in ("download-model", "download-code", "download-png")]
    # (then the time each was taken: test_play_download_time_names.py)
    assert [n.rsplit("_", 2)[0] + "." + n.rsplit(".", 1)[1] for n in names] == [
        "moons_2-5-1_epoch0003.npz", "moons_2-5-1_epoch0003.py", "moons_2-5-1_epoch0003.png"]
    assert neuralab.load(tmp_path / names[0]).feature_names == ("x1", "x2")


def test_a_csv_s_downloads_are_named_by_its_file(page, server, tmp_path):
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    assert download(page, "download-model", tmp_path).name.startswith("prices_2-4-2-1_epoch0000_")
