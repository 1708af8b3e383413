"""A class's link on a server started with the class's CSV (``neuralab play --data exam.csv
--target passed``): a student's page opened from it, Data hidden, trains on the file with nothing
to upload (a link of an uploaded CSV opened on the default data, and hid the upload it asked for)."""

import numpy as np
import pytest
from conftest import play_process
from playwright.sync_api import expect
from test_play_page import open_page, scene, wait_scene


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    """``neuralab play --data exam.csv --target passed`` on a free port, until the module ends."""
    folder = tmp_path_factory.mktemp("class")
    rng = np.random.default_rng(5)
    hours, sleep = rng.uniform(0, 10, 80), rng.uniform(4, 9, 80)
    (folder / "exam.csv").write_text("study_hours,sleep_hours,passed\n" + "".join(
        f"{h:.2f},{s:.2f},{int(h + 0.8 * s > 10)}\n" for h, s in zip(hours, sleep)))
    with play_process(folder, "--data", str(folder / "exam.csv"), "--target", "passed") as srv:
        yield srv


def test_a_class_link_with_data_hidden_trains_on_the_served_csv(page, class_server):
    link = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 2}, "hide": ["data"]}
    open_page(page, class_server, link)
    sc = scene(page)
    assert (sc["state"]["dataset"]["name"], sc["dataset"]["file"]) == ("csv", "exam.csv")
    assert sc["dataset"]["n_train"] + sc["dataset"]["n_test"] == 80   # the file's rows
    expect(page.get_by_test_id("dataset-select")).to_be_hidden()
    expect(page.get_by_test_id("error")).to_be_hidden()   # nothing to upload, nothing lost
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame && window.neuralab.frame.header.epoch >= 2")
    page.get_by_test_id("play").click()   # (pause)
    wait_scene(page, "s.dataset.file === 'exam.csv'")
    page.get_by_test_id("show-everything").click()
    wait_scene(page, "!s.state.hide.length")
    expect(page.get_by_test_id("dataset-select").locator("option[value=csv]")).to_have_text("Uploaded CSV (exam.csv)")
    page.get_by_test_id("classroom").locator("summary").click()   # the teacher's side: what a link carries
    expect(page.get_by_test_id("classroom-csv")).to_have_text(
        "Every page of this server has exam.csv: the link opens on it, with nothing to upload.")
