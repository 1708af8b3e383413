"""An uploaded CSV whose column one value squashes (a missing-value marker, 99999 among values
near 1: data/spread.py): the page shows what standardising it warned of, as a warning, not an
error, one line per warning (a marker among the inputs and one in the target), and the scene
trains on. Before, the learner saw a model that could not learn and no reason."""
import numpy as np
from playwright.sync_api import expect

from neuralab import data
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file


def test_the_page_shows_each_data_warning_once_and_trains_on(page, server, tmp_path):
    rng = np.random.default_rng(2)
    a, b, noise = rng.standard_normal((3, 40))
    price = 100 + 3 * a + noise
    train = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[0]   # the page's split
    a[train[3]], price[train[5]] = 99999, 99999
    path = tmp_path / "flats.csv"
    path.write_text("a,b,price\n" + "".join(f"{u:.4f},{v:.4f},{p:.4f}\n" for u, v, p in zip(a, b, price)))
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    banner = page.get_by_test_id("error")
    lines = banner.locator(".error-message > div")
    expect(banner).to_be_visible()
    expect(banner.locator("strong")).to_have_text("Warning:")
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
