"""An uploaded CSV holding a missing-value marker (99999 among values near 1): the page shows what
the library warned of, under "Warning:", not "Error:", one line per warning, and the scene trains
on. Standardising warns of a training column the marker squashes (data/spread.py); ``fit``, as it
starts, of a test row far past the training data. Before, the learner saw a model that could not
learn and no reason, or training that stopped on an "Error"."""
import numpy as np
from playwright.sync_api import expect
from test_play_data_warnings import (_dw_flats, _dw_mark_a_and_price,
                                     _dw_mark_a_price_and_a_test_row_of_b)
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file

from neuralab import data

# The page's socket, kept as ``window.pageSocket`` (set before the page's scripts run): a test
# hands the page a message in the order the server can send it, which no timing here provokes.
_DW_KEEP_SOCKET = """const Native = window.WebSocket;
window.WebSocket = class extends Native { constructor(...args) { super(...args); window.pageSocket = this; } };"""
# Counts the banner's rewrites (one per message it shows), from 0.
_DW_COUNT_SHOWN = """() => { window.bannerShown = 0; new MutationObserver((records) => { window.bannerShown += records.length; })
    .observe(document.querySelector('[data-testid="error"]'), { childList: true }); }"""


def _dw_upload_flats(page, server, tmp_path, mark):
    """Uploads flats.csv (``_dw_flats``: a, b -> price, 40 rows) after ``mark(columns, train,
    test)`` planted its markers; the banner and its lines, once the scene is the CSV's."""
    path = tmp_path / "flats.csv"
    path.write_text(_dw_flats(mark)[0])
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
    train = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[0]
    _, lines = _dw_upload_flats(page, server, tmp_path, _dw_mark_a_and_price)
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text(f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv, over 99.9%")
    expect(lines.nth(1)).to_contain_text(f"target column 'price' holds 99999 in row {train[5] + 1} of flats.csv")
    # not fatal: the scene the page shows is the server's, and it trains, the warning staying up
    assert page.evaluate("() => JSON.stringify(window.neuralab.state) === JSON.stringify(window.neuralab.scene.state)")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    expect(lines).to_have_count(2)
    # a reset builds the data again and warns again: each warning still shows once
    page.evaluate(_DW_COUNT_SHOWN)
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


def test_a_toggled_feature_shows_the_uploads_warnings_once_each_and_only_its_scenes(page, server, tmp_path):
    """A feature toggled on a two-column CSV builds its data again: the new scene clears the
    banner, and the upload's warnings come again, each once (before, fit's came again alone:
    standardising's vanished). A warning of the replaced scene that reaches the page after the
    new scene (fit's of the old inputs, queued just before the toggle replaced them, see the
    session tests) is left out: it stood beside the new fit's own, the same row said twice."""
    page.add_init_script(_DW_KEEP_SOCKET)
    banner, lines = _dw_upload_flats(page, server, tmp_path, _dw_mark_a_price_and_a_test_row_of_b)
    far = lines.filter(has_text="(the test part), far past")
    expect(lines).to_have_count(3)
    expect(far).to_have_count(1)
    old_scene, old_words = page.evaluate("() => window.neuralab.scene.scene_id"), far.inner_text()
    page.evaluate(_DW_COUNT_SHOWN)
    page.get_by_test_id("feature-x1^2").click()
    wait_scene(page, "s.network.inputs.includes('x1^2')")
    page.wait_for_function("() => window.bannerShown >= 3")   # standardising's two, then fit's
    expect(banner).to_be_visible()
    expect(banner.locator("strong")).to_have_text("Warning:")
    expect(lines).to_have_count(3)
    expect(lines.nth(0)).to_contain_text("column 'a' holds 99999")
    expect(lines.nth(1)).to_contain_text("target column 'price' holds 99999")
    expect(far).to_have_count(1)
    said = far.inner_text()
    assert said == old_words   # the row by its point's axis, whatever the inputs made of it (x1² among them)
    # a warning of the replaced scene, come late (one of other words: the same words would show once
    # anyway): nothing changes
    stale = old_words.replace("flats.csv", "flats-before.csv")
    page.evaluate("""([message, scene_id]) => window.pageSocket.onmessage({ data: JSON.stringify(
        { type: 'error', message, suggestion: '', fatal: false, kind: 'warning', scene_id }) })""", [stale, old_scene])
    expect(lines).to_have_count(3)
    expect(far).to_have_text(said)
