"""The numbers a learner reads as numbers are written out: the board's losses, MSE and R², and the
model's value at the keyboard's cursor, read 0.00123 and 260000 where they read 1.23e-3 and
2.60e+5 (colors.js's fmtPlain: three significant digits, in full)."""
import re

import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_page import open_page, upload_csv
from test_play_upload_held import _uh_prices_file

PLAIN = re.compile(r"-?\d+(\.\d+)?")
SHORT = re.compile(r"-?\d+(\.\d+)?(e[+-]\d+)?")   # plain while 8 characters hold it, else fmt's exponent


def _plain_numbers_board(page):
    """The board's four numbers, as the page shows them, and the frame's, as the server sent them."""
    texts = [page.get_by_test_id(k).inner_text() for k in ("loss-train", "loss-test", "acc-train", "acc-test")]
    header = page.evaluate("() => window.neuralab.frame.header")
    return texts, header


def test_a_regression_of_large_values_reads_its_board_and_cursor_in_full(page, server, tmp_path):
    # prices of 200000 to 340000: the model's value at the cursor read "2.60e+5"; the MSE in the
    # target's units (~1e9) keeps its exponent, which 8 characters cannot write out
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    page.get_by_test_id("step-epoch").click()
    page.wait_for_function("() => window.neuralab.frame && window.neuralab.frame.header.epoch >= 1")
    settle(page)   # (the board shows a frame's numbers at most 20 times a second)
    texts, header = _plain_numbers_board(page)
    assert all(SHORT.fullmatch(t) and len(t) <= 8 for t in texts), texts
    t, m = header["target_metrics"], header["metrics"]
    for shown, sent in zip(texts, (t["mse"], t["val_mse"], m["r2"], m["val_r2"])):
        assert float(shown) == pytest.approx(sent, rel=5e-3, abs=5e-4), (shown, sent)
    assert all(PLAIN.fullmatch(t) for t in texts[2:]), texts   # R² written out, the MSE (~1e9) not
    assert t["mse"] >= 1e4, t
    # the model's value at the keyboard's cursor, on the map
    page.get_by_test_id("output-canvas").focus()
    page.keyboard.press("Home")
    status = page.get_by_test_id("output-status")
    expect(status).to_contain_text("the model says")
    said = status.inner_text().rsplit("the model says ", 1)[1]
    assert PLAIN.fullmatch(said), said


def test_a_small_loss_reads_in_full(page, server):
    # a loss under 0.001 read "5.12e-4" on the board
    open_page(page, server)
    page.evaluate("""() => { const n = window.neuralab; n.frame = {...n.frame,
        header: {...n.frame.header, metrics: {loss: 0.000512345, val_loss: 0.0123456, accuracy: 1, val_accuracy: 0.995}}};
        n.emit('frame', n.frame); }""")
    expect(page.get_by_test_id("loss-train")).to_have_text("0.000512")
    expect(page.get_by_test_id("loss-test")).to_have_text("0.0123")


def test_numbers_too_long_to_write_out_keep_their_exponent_and_fit_the_board(page, server):
    # the review: 1370000000 ran over the R² label, and a diverged run's R² read
    # -6.779999999999999e+40 (the float noise of rounding a number that large); at three digits,
    # -6.78e+40 took 9 characters, one more than a box of the board holds: two digits then
    open_page(page, server)
    page.evaluate("""() => { const n = window.neuralab; n.frame = {...n.frame,
        header: {...n.frame.header, metrics: {loss: 1.37e9, val_loss: -6.78e40, accuracy: 1, val_accuracy: 0.5}}};
        n.emit('frame', n.frame); }""")
    expect(page.get_by_test_id("loss-train")).to_have_text("1.37e+9")
    expect(page.get_by_test_id("loss-test")).to_have_text("-6.8e+40")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
