"""A Share link of a scene on an uploaded CSV keeps how the file was read (``dataset.read_as``):
pasted into a tab that still holds the file, which it has read otherwise since (another target,
dear, and another network), the page sends the file again read as the link reads
it, and the link's scene comes back: its columns, target and network. Its notice line said "The
server had lost houses.csv: sent again." (it had lost nothing), and the upload form went on
reading the file the tab's old way.

A reloaded tab holds no copy of the file: it is told how the link reads it otherwise than the
copy the server holds ("This link reads houses.csv with the target column 'price' (not
'dear')…") and what to do, which the banner left out under the file's own warning after it.
(A second tab, which the server holds no copy for, is tested in test_play_csv_read_as_page.py.)"""
from playkit import settle
from playwright.sync_api import expect
from test_play_csv_read_as_page import (
    NETWORK,
    _ra_houses,
    _ra_seen,
    _ra_upload_as_chosen,
)
from test_play_page import open_page, scene, shot, wait_scene
from test_play_upload import choose_file


def _ro_read_otherwise(page, path):
    """Choose ``path`` again and use it with the target dear (its text columns as 0/1 columns, the
    rows with a missing cell dropped, id left out, as the form kept them); then add a hidden block."""
    choose_file(page, path)
    page.get_by_test_id("csv-target").select_option("dear")
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-missing").select_option("drop")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.dataset.target === 'dear' && s.upload")
    page.get_by_test_id("add-layer").click()
    wait_scene(page, "s.state.layers.length === 2")


def test_a_link_pasted_into_a_tab_that_holds_its_file_read_otherwise_sends_it_again_read_so(page, server, tmp_path):
    path = _ra_houses(tmp_path / "houses.csv")
    open_page(page, server, NETWORK)
    _ra_upload_as_chosen(page, path)   # price, text as 0/1 columns, drop the row, id and dear left out
    settle(page)
    shared = _ra_seen(page)
    link = page.locator("#share").get_attribute("href")
    _ro_read_otherwise(page, path)
    assert "price" in scene(page)["network"]["inputs"] and scene(page)["state"]["dataset"]["read_as"]["ignore"] == ["id"]

    page.goto(link)   # pasted into the address bar: only the hash changes, nothing reloads
    wait_scene(page, "s.dataset.target === 'price' && s.upload")
    expect(page.get_by_test_id("notice")).to_have_text(
        "This link reads houses.csv otherwise: sent again, read as the link reads it.")
    banner = page.get_by_test_id("error")   # the file's own warning, not the server's words, withdrawn
    expect(banner).to_contain_text("1 of the 50 rows were dropped for a missing cell (size: 1)")
    expect(banner).not_to_contain_text("This link reads")
    settle(page)
    assert _ra_seen(page) == shared
    # the upload form shows how the file is read now, the link's way
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    ticked = page.get_by_test_id("csv-leave-out").locator("input:checked")
    assert sorted(ticked.evaluate_all("boxes => boxes.map((b) => b.value)")) == ["dear", "id"]


def test_a_reloaded_tab_holding_no_copy_is_told_how_the_link_reads_the_file_and_what_to_do(page, server, tmp_path):
    path = _ra_houses(tmp_path / "houses.csv")
    open_page(page, server, NETWORK)
    _ra_upload_as_chosen(page, path)
    link = page.locator("#share").get_attribute("href")   # read with the target price, id and dear left out
    _ro_read_otherwise(page, path)
    page.reload()   # the server keeps this page's upload (read with dear), the page no copy of the file
    wait_scene(page, "s.dataset.target === 'dear' && s.upload")

    page.goto(link)
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text(
        "This link reads houses.csv with the target column 'price' (not 'dear'), Leave out 'id', 'dear' (not 'id'): "
        "the copy the server holds for this page, read otherwise, is shown instead.")
    expect(banner).to_contain_text('Open "Your own data (CSV)" under Data and choose houses.csv again: the form reads '
                                   'it as the link does.')
    assert scene(page)["dataset"]["target"] == "dear"   # the copy held, under the link's network
    shot(page, "link-read-otherwise-words")
    choose_file(page, path)   # the learner does as told
    expect(page.get_by_test_id("csv-target")).to_have_value("price")
    ticked = page.get_by_test_id("csv-leave-out").locator("input:checked")
    assert sorted(ticked.evaluate_all("boxes => boxes.map((b) => b.value)")) == ["dear", "id"]
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.dataset.target === 'price'")
    assert scene(page)["state"]["dataset"]["read_as"]["ignore"] == ["id", "dear"]
