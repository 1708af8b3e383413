"""A page that uploaded its own CSV comes back to it when its socket drops or it is reloaded: the
server keeps the upload of a closed session (``upload_kept``) for the page whose hello brings its
key back (static/upload-key.js). Before, the page came back on the default data (or the class's
CSV) without a word."""
from playwright.sync_api import expect

from test_play_page import open_page, scene, upload_csv, wait_scene
from test_play_upload_held import _UH_KEEP_SOCKET, _uh_drop_socket, _uh_prices_file


def test_a_dropped_socket_and_a_reload_keep_the_page_s_own_csv(page, server, tmp_path):
    page.add_init_script(_UH_KEEP_SOCKET)
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    assert scene(page)["state"]["dataset"]["file"] == "prices.csv"   # the link names its file
    _uh_drop_socket(page)
    sc = scene(page)
    assert (sc["state"]["dataset"]["name"], sc["dataset"]["file"]) == ("csv", "prices.csv")
    expect(page.get_by_test_id("error")).to_be_hidden()
    page.reload()
    wait_scene(page, "s.dataset.file === 'prices.csv'")
    expect(page.get_by_test_id("dataset-select").locator("option[value=csv]")).to_have_text("Uploaded CSV (prices.csv)")
    expect(page.get_by_test_id("error")).to_be_hidden()


def test_a_link_of_a_csv_in_another_tab_names_the_file_it_lacks(page, server, tmp_path):
    open_page(page, server)
    upload_csv(page, _uh_prices_file(tmp_path), "price")
    link = page.evaluate("() => location.href")
    other = page.context.new_page()          # its own tab: no key of the upload, only the file's name
    other.goto(link)
    wait_scene(other, "true")
    expect(other.get_by_test_id("error")).to_contain_text("The server holds no copy of prices.csv for this page")
    assert scene(other)["state"]["dataset"]["name"] == "circles"
    other.close()
