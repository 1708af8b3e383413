"""An uploaded CSV holding a missing-value marker (99999 among values near 1): the page shows what
the library warned of, under "Warning:", not "Error:", one line per warning, and the scene trains
on. Standardising warns of a training column the marker squashes (data/spread.py); ``fit``, as it
starts, of a test row far past the training data. Before, the learner saw a model that could not
learn and no reason, or training that stopped on an "Error"."""
import numpy as np
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file

from neuralab import data


def _dw_upload_flats(page, server, tmp_path, mark):
    """Uploads flats.csv (a, b -> price, 40 rows) after ``mark(columns, train, test)`` planted its
    markers (the page's split: half, seed 1); the banner and its lines, once the scene is the CSV's."""
    rng = np.random.default_rng(2)
    a, b, noise = rng.standard_normal((3, 40))
    columns = {"a": a, "b": b, "price": 100 + 3 * a + noise}
    mark(columns, *data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[:2])
    path = tmp_path / "flats.csv"
    path.write_text("a,b,price\n" + "".join(f"{u:.4f},{v:.4f},{p:.4f}\n" for u, v, p in zip(*columns.values())))
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    expect(banner.locator("strong")).to_have_text("Warning:")
    return banner, banner.locator(".error-message > div")


def test_the_page_shows_each_data_warning_once_and_trains_on(page, server, tmp_path):
    def mark(columns, train, test):
        columns["a"][train[3]], columns["price"][train[5]] = 99999, 99999

    train = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[0]
    banner, lines = _dw_upload_flats(page, server, tmp_path, mark)
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text(f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv, over 99.9%")
    expect(lines.nth(1)).to_contain_text(f"target column 'price' holds 99999 in row {train[5] + 1} of flats.csv")
    # not fatal: the scene the page shows is the server's, and it trains, the warning staying up
    assert page.evaluate("() => JSON.stringify(window.neuralab.state) === JSON.stringify(window.neuralab.scene.state)")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    expect(lines).to_have_count(2)
    # a reset builds the data again and warns again: each warning still shows once
    page.evaluate("""() => { window.bannerShown = 0; new MutationObserver((records) => { window.bannerShown += records.length; })
        .observe(document.querySelector('[data-testid="error"]'), { childList: true }); }""")
    page.get_by_test_id("reset").click()
    page.wait_for_function("() => window.bannerShown >= 2")   # the reset's two warnings have come
    expect(page.get_by_test_id("epoch")).to_have_text("0")
    expect(lines).to_have_count(2)


def test_the_page_shows_fits_warning_of_a_far_test_row_and_trains_on(page, server, tmp_path):
    def mark(columns, train, test):
        columns["a"][train[3]], columns["b"][test[2]] = 99999, 99999

    train, test = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[:2]
    banner, lines = _dw_upload_flats(page, server, tmp_path, mark)
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text(f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv, over 99.9%")
    expect(lines.nth(1)).to_contain_text(f"column 'b' holds 99999 in row {test[2] + 1} of flats.csv (the test part), "
                                         f"far past every value of the training part")
    # not fatal: the scene trains, the warnings staying up
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    expect(banner.locator("strong")).to_have_text("Warning:")
    expect(lines).to_have_count(2)
