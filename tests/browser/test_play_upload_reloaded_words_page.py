"""A page reloaded after its upload comes back to it (upload_kept), its form empty: no copy of the
file, no Leave out box to tick. Its identifier's warning said "tick 'PassengerId' under Leave out
and press "Use this CSV" again", which it could not do; it says to choose the file again first,
and done as it says, the column is left out."""
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file
from test_play_upload_warning_control_page import _uwc_passengers


def test_a_reloaded_page_is_told_to_choose_its_file_again_and_that_mends_it(page, server, tmp_path):
    open_page(page, server)
    titanic = _uwc_passengers(tmp_path / "titanic.csv")
    choose_file(page, titanic)
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    page.reload()
    wait_scene(page, "s.dataset.file === 'titanic.csv'")
    banner, leave_out = page.get_by_test_id("error"), page.get_by_test_id("csv-leave-out")
    expect(banner).to_contain_text("choose titanic.csv again, tick 'PassengerId' under Leave out and press "
                                   "\"Use this CSV\" to leave it out.")
    expect(leave_out.get_by_label("PassengerId", exact=True)).to_have_count(0)   # (the page holds no copy)
    expect(page.locator("details.csv")).not_to_have_attribute("open", "")      # no box to open the form on
    choose_file(page, titanic)
    leave_out.get_by_label("PassengerId", exact=True).check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "!s.dataset.feature_names.includes('PassengerId')")
    expect(banner).to_be_hidden()
