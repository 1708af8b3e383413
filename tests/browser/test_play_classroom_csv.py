"""A classroom link made on a CSV of the teacher's own: the file stays on the server with the
teacher's page, and a student's page opened from the link has the default data until the file is
uploaded there. The classroom menu says so while the link is made, not the class when it opens
it (a link that hid Data left the class no way to the upload the warning sent them to)."""
import numpy as np
from playwright.sync_api import expect

from test_play_page import open_page, scene, wait_scene
from test_play_upload import choose_file


def _exam_csv(path):
    rng = np.random.default_rng(3)
    hours, sleep = rng.uniform(0, 10, 80), rng.uniform(4, 9, 80)
    passed = (hours + 0.8 * sleep > 10).astype(int)
    path.write_text("study_hours,sleep_hours,passed\n"
                    + "".join(f"{h:.2f},{s:.2f},{p}\n" for h, s, p in zip(hours, sleep, passed)))
    return path


def test_the_classroom_menu_says_a_link_does_not_carry_the_uploaded_csv(page, server, tmp_path):
    open_page(page, server)
    page.get_by_test_id("classroom").locator("summary").click()
    expect(page.get_by_test_id("classroom-csv")).to_be_hidden()   # a generated dataset is in the link
    page.get_by_test_id("classroom").locator("summary").click()

    choose_file(page, _exam_csv(tmp_path / "exam.csv"))
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.dataset.name === 'csv'")
    page.get_by_test_id("classroom").locator("summary").click()
    said = page.get_by_test_id("classroom-csv")
    expect(said).to_be_visible()
    expect(said).to_contain_text("does not carry exam.csv")
    expect(said).to_contain_text("uploads the file under Data")
    expect(said).not_to_contain_text("Show everything")
    page.get_by_test_id("hide-data").check()
    wait_scene(page, "s.state.hide.includes('data')")
    expect(said).to_contain_text('after "Show everything"')

    # what the menu says is so: the class's page opens on the default data, Data hidden
    link = page.get_by_test_id("share-link").get_attribute("href")
    pupil = page.context.browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        pupil.goto(link)
        pupil.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
        assert scene(pupil)["dataset"]["name"] != "csv"
        expect(pupil.get_by_test_id("dataset-select")).to_be_hidden()
        expect(pupil.get_by_test_id("show-everything")).to_be_visible()
    finally:
        pupil.context.close()
