"""An uploaded CSV with a missing-value marker in a row of the test part (99999 among values near
1): ``fit`` warns as it starts of a test row far past the training data, and the page shows it
under "Warning:" beside what standardising warned of, and trains on. Before, the training thread
ended its fit on it with an "Error" under filters that raise, or the server's log kept it."""
import numpy as np
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file

from neuralab import data


def test_the_page_shows_fits_warning_of_a_far_test_row_and_trains_on(page, server, tmp_path):
    rng = np.random.default_rng(2)
    a, b, noise = rng.standard_normal((3, 40))
    price = 100 + 3 * a + noise
    train, test = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[:2]   # the page's split
    a[train[3]], b[test[2]] = 99999, 99999
    path = tmp_path / "flats.csv"
    path.write_text("a,b,price\n" + "".join(f"{u:.4f},{v:.4f},{p:.4f}\n" for u, v, p in zip(a, b, price)))
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    banner = page.get_by_test_id("error")
    lines = banner.locator(".error-message > div")
    expect(banner.locator("strong")).to_have_text("Warning:")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text(f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv, over 99.9%")
    expect(lines.nth(1)).to_contain_text(f"column 'b' holds 99999 in row {test[2] + 1} of flats.csv (the test part), "
                                         f"far past every value of the training part")
    # not fatal: the scene trains, the warnings staying up
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    expect(banner.locator("strong")).to_have_text("Warning:")
    expect(lines).to_have_count(2)
