"""A reloaded page's warning names a Leave out box it cannot show ("choose titanic.csv again, tick
'PassengerId' under Leave out ...": the page holds no copy of the file). Chosen again, the file's
columns are listed, and the page marks that box and shows it in the list, as a warning marks the
box of a page that kept its file. Not another file's box, nor once a scene has taken the warning."""
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene
from test_play_upload import choose_file
from test_play_upload_warning_control_page import _uwc_marked, _uwc_passengers


def _urm_choose(page, path):
    """Choose ``path`` in the form's file box (the form open or not) and wait for its columns."""
    page.get_by_test_id("csv-input").set_input_files(str(path))
    expect(page.get_by_test_id("csv-leave-out").get_by_label("f01", exact=True)).to_have_count(1)


def test_a_file_chosen_again_after_a_reload_marks_the_box_its_warning_named(page, server, tmp_path):
    open_page(page, server)
    titanic = _uwc_passengers(tmp_path / "titanic.csv")
    other = _uwc_passengers(tmp_path / "other.csv")   # (the same columns: another file all the same)
    choose_file(page, titanic)
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    page.reload()
    wait_scene(page, "s.dataset.file === 'titanic.csv'")
    expect(page.get_by_test_id("error")).to_contain_text("choose titanic.csv again, tick 'PassengerId'")
    _urm_choose(page, other)
    assert _uwc_marked(page) == []
    _urm_choose(page, titanic)
    expect(page.locator("details.csv")).to_have_attribute("open", "")
    assert _uwc_marked(page) == [["PassengerId", True]]   # (marked, and shown in the list, which scrolls)
    # ticked, the mark goes, and stays gone when the boxes are listed again (another target)
    box = page.get_by_test_id("csv-leave-out").get_by_label("PassengerId", exact=True)
    box.check()
    assert _uwc_marked(page) == []
    page.get_by_test_id("csv-target").select_option("f30")
    expect(box).to_be_checked()
    assert _uwc_marked(page) == []
    # a scene takes the warning (other data: the banner goes), and the file chosen again marks nothing
    page.get_by_test_id("dataset-select").select_option("circles")
    wait_scene(page, "s.state.dataset.name === 'circles'")
    expect(page.get_by_test_id("error")).to_be_hidden()
    box.uncheck()
    _urm_choose(page, other)
    _urm_choose(page, titanic)
    expect(box).not_to_be_checked()
    assert _uwc_marked(page) == []
