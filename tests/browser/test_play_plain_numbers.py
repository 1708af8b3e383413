"""The numbers a learner reads as numbers are written out: the board's losses, MSE and R², and the
model's value at the keyboard's cursor, read 0.00123 and 260000 where they read 1.23e-3 and
2.60e+5 (colors.js's fmtPlain: three significant digits, in full)."""
import re

import pytest
from playwright.sync_api import expect

from test_play_page import open_page, upload_csv
from test_play_upload_held import _uh_prices_file

PLAIN = re.compile(r"-?\d+(\.\d+)?")


def _plain_numbers_board(page):
    """The board's four numbers, as the page shows them, and the frame's, as the server sent them."""
    texts = [page.get_by_test_id(k).inner_text() for k in ("loss-train", "loss-test", "acc-train", "acc-test")]
    header = page.evaluate("() => window.neuralab.frame.header")
    return texts, header


def test_a_regression_of_large_values_reads_its_board_and_cursor_in_full(page, server, tmp_path):
    # prices of 200000 to 340000: an MSE in the target's units near 1e8 read "1.23e+8"
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    page.get_by_test_id("step-epoch").click()
    page.wait_for_function("() => window.neuralab.frame && window.neuralab.frame.header.epoch >= 1")
    page.wait_for_timeout(100)   # (the board shows a frame's numbers at most 20 times a second)
    texts, header = _plain_numbers_board(page)
    assert all(PLAIN.fullmatch(t) for t in texts), texts
    t, m = header["target_metrics"], header["metrics"]
    for shown, sent in zip(texts, (t["mse"], t["val_mse"], m["r2"], m["val_r2"])):
        assert float(shown) == pytest.approx(sent, rel=5e-3, abs=5e-4), (shown, sent)
    assert t["mse"] >= 1e4, t   # (fmt wrote these with an exponent)
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
