"""The upload form of a page on the class's CSV shows how the server read it: ``neuralab play
--data people.csv --target fit --one-hot sex --ignore name`` served sex as sex_female, sex_male,
while the page's Text columns menu said "refuse" and Leave out listed nothing."""

import numpy as np
import pytest
from conftest import play_process
from playwright.sync_api import expect
from test_play_page import open_page, scene


@pytest.fixture(scope="module")
def one_hot_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    rng = np.random.default_rng(7)
    rows = [(f"p{i}", rng.choice(["female", "male"]), rng.uniform(150, 200)) for i in range(60)]
    (folder / "people.csv").write_text("name;sex;height;fit\n" + "".join(
        f"{n};{s};{h:.1f};{int(h > 175)}\n" for n, s, h in rows))
    with play_process(folder, "--data", str(folder / "people.csv"), "--target", "fit", "--one-hot", "sex",
                      "--ignore", "name", "--delimiter", ";") as srv:
        yield srv


def test_the_form_shows_the_options_the_server_read_its_csv_with(page, one_hot_server):
    open_page(page, one_hot_server, {"dataset": {"name": "csv"}})
    assert scene(page)["dataset"]["feature_names"] == ["height", "sex_female", "sex_male"]
    page.locator("details.csv summary").click()
    text_columns = page.get_by_test_id("csv-text-columns")
    expect(text_columns.locator("option:checked")).to_have_text("one 0/1 column per category of sex")
    expect(page.get_by_test_id("csv-separator")).to_have_value(";")
    expect(page.get_by_test_id("csv-target")).to_have_value("fit")
    ignored = page.get_by_test_id("csv-leave-out").locator("input")
    expect(ignored).to_have_count(1)
    expect(ignored).to_be_checked()
    assert ignored.get_attribute("value") == "name"
