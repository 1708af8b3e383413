"""What a learner new to the playground met in a first session (at 1366×768 and 1920×1080), mended
in the page's own files: each test fails on the page as it was."""
from playkit import download, fail_on_console_errors, watched_tab
from playwright.sync_api import expect

from test_play_page import open_page, settle
from test_play_page_layout import RECORD_PICTURE


def test_the_picture_names_each_class_as_the_page_shows_it(page, server, tmp_path):
    # Iris's "⤓ PNG" read "seto…" beside its first output neuron, where the page shows "setosa":
    # the label's box is as wide as its text, 36.01 px, and the picture took its width rounded
    # down to 36 px as room to clip the text to
    page.add_init_script(RECORD_PICTURE)
    open_page(page, server, {"dataset": {"name": "iris"}})
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    labels = page.locator("#network .unit-label")
    shown = labels.all_inner_texts()
    assert shown == ["setosa", "versicolor", "virginica"]
    assert labels.evaluate_all("ls => ls.every((l) => l.scrollWidth <= l.clientWidth)"), "the page shows each whole"
    download(page, "download-png", tmp_path)
    # (the network is the picture's left part, as wide as its panel's content)
    width = page.evaluate("() => document.getElementById('network').scrollWidth")
    drawn = [t["text"] for t in page.evaluate("() => window.picture.texts") if t["x"] < width]
    assert [t for t in drawn if t.rstrip("…") and any(s.startswith(t.rstrip("…")) for s in shown)] == shown


def test_the_toolbar_s_dropout_box_says_where_it_drops_on_one_line(browser, server, console_errors):
    # above the network, a box named "Dropout" stood beside the palette's Dropout block: which of
    # the two puts dropout in? The box's is after each Dense layer (network.py), and it says so,
    # the toolbar still one row on a 1366×768 laptop
    context, page = watched_tab(browser, console_errors, viewport={"width": 1366, "height": 768})
    try:
        open_page(page, server)
        box = page.get_by_label("Dropout after each Dense")
        expect(box).to_have_attribute("data-testid", "dropout")
        expect(page.get_by_label("Dropout", exact=True)).to_have_count(0)
        page.get_by_test_id("palette-dropout").click()   # the block, appended: the box stays at 0
        expect(page.locator("[data-testid^='dropout-p-']")).to_have_count(1)
        expect(box).to_have_value("0")
        rows = {round(page.get_by_test_id(t).bounding_box()["y"] + page.get_by_test_id(t).bounding_box()["height"] / 2)
                for t in ("add-layer", "palette-dense", "dropout")}
        assert max(rows) - min(rows) <= 4, f"the toolbar wrapped: rows at {sorted(rows)}"
    finally:
        context.close()
    fail_on_console_errors(console_errors)
