"""Each download names what it holds (static/download-name.js): the data, the network's sizes and
the epoch, so that a teacher collecting a class's files can tell and sort them (every page gave
neuralab-model.npz, and the browser saved model (1).npz, model (2).npz, ...). A generated
dataset's names, with the time each was taken: test_play_download_time_names.py."""
from playkit import download
from test_play_page import open_page, upload_csv
from test_play_upload_held import _uh_prices_file


def test_a_csv_s_downloads_are_named_by_its_file(page, server, tmp_path):
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    assert download(page, "download-model", tmp_path).name.startswith("prices_2-4-2-1_epoch0000_")
