"""A class's CSV with a ten-digit ID float32 rounds (``neuralab play --data houses.csv --target
price --task regression``): the page told each student to "tick 'id' under Leave out", but the
served file's form lists only the columns the server left out, and none can be ticked (the page
holds no copy of the file to read again). The page now says what is true there: whoever runs the
server restarts it with 'id' in --ignore; the terminal says "pass --ignore id"."""

import pytest
from conftest import play_process
from playwright.sync_api import expect
from test_play_page import open_page, scene
from test_play_upload_rounded_ids import _rounded_ids_csv


@pytest.fixture(scope="module")
def houses_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    (folder / "houses.csv").write_text(_rounded_ids_csv())
    with play_process(folder, "--data", str(folder / "houses.csv"), "--target", "price", "--task",
                      "regression") as srv:
        yield srv


def test_the_served_page_says_the_fix_its_learner_has(page, houses_server):
    open_page(page, houses_server, {"dataset": {"name": "csv"}})
    assert scene(page)["dataset"]["file"] == "houses.csv"
    expect(page.get_by_test_id("error")).to_contain_text("ask whoever runs the server to restart it with 'id' "
                                                         "in --ignore to leave it out")
    expect(page.get_by_test_id("error")).not_to_contain_text("Leave out")
    expect(page.locator("details.csv")).not_to_have_attribute("open", "")   # not opened on a warning it cannot mend
    page.locator("details.csv summary").click()
    expect(page.get_by_test_id("csv-leave-out").locator("input")).to_have_count(0)   # no box to tick
    expect(page.get_by_test_id("csv-upload")).to_be_disabled()
    assert ": pass --ignore id to leave it out" in houses_server.log()
