"""An uploaded CSV after the learner leaves it: drawing on it, choosing it again in the menu,
and a trace the server refuses.

Drawing on a CSV turned it into a drawing of its points without a word: its test part, its class
and column names and its file units went. The picker now says so before the first point. Choosing
"Uploaded CSV" in the menu with a file loaded opened the file chooser again: it now goes back to
the file the session holds (another is uploaded from "Your own data (CSV)"). A refused trace was
said only in the banner at the top of the page, out of view when the trace panel is scrolled to:
the trace panel now says why too.
"""
import numpy as np
from playwright.sync_api import expect

from test_play_page import choose_drawn, open_page, scene, upload_csv, wait_scene


def _flats_file(folder, n=60):
    """A CSV of two positive columns and a class with names (big, small)."""
    rng = np.random.default_rng(5)
    rows = np.column_stack([rng.integers(100, 400, n), rng.integers(200, 900, n)])
    kind = np.where(2 * rows[:, 0] + rows[:, 1] > 1200, "big", "small")
    path = folder / "flats.csv"
    path.write_text("area,height,kind\n" + "".join(f"{a},{h},{k}\n" for (a, h), k in zip(rows, kind)))
    return path


def test_drawing_on_an_uploaded_csv_says_first_what_the_drawing_leaves_behind(page, server, tmp_path):
    open_page(page, server)
    upload_csv(page, _flats_file(tmp_path), "kind")
    ds = scene(page)["dataset"]
    notice = page.get_by_test_id("draw-notice")
    expect(notice).to_be_hidden()                            # no class chosen: a click picks a point
    page.get_by_test_id("draw-class-0").click()
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"its {ds['n_test']} test rows become training points")
    expect(notice).to_contain_text("column names, class names and file units are left behind")
    canvas = page.get_by_test_id("output-canvas")
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_scene(page, "s.state.dataset.name === 'drawn'")
    assert scene(page)["dataset"]["n_train"] == ds["n_train"] + ds["n_test"] + 1    # what the notice said
    expect(notice).to_be_hidden()


def test_choosing_the_uploaded_csv_again_goes_back_to_it(page, server, tmp_path):
    opened = []
    page.on("filechooser", lambda chooser: opened.append(chooser))
    open_page(page, server)
    select = page.get_by_test_id("dataset-select")
    with page.expect_file_chooser():
        select.select_option("csv")                          # none loaded yet: the file chooser
    assert len(opened) == 1
    opened[0].set_files(str(_flats_file(tmp_path)))           # (its details opened: upload_csv's click would close them)
    page.get_by_test_id("csv-target").select_option("kind")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    uploaded = scene(page)["dataset"]
    select.select_option("circles")
    wait_scene(page, "s.state.dataset.name === 'circles'")
    expect(select.locator("option[value=csv]")).to_have_text("Uploaded CSV (flats.csv)")
    select.select_option("csv")
    wait_scene(page, "s.state.dataset.name === 'csv'")
    back = scene(page)["dataset"]
    assert (back["file"], back["class_names"], back["n_train"], back["n_test"]) == \
        (uploaded["file"], uploaded["class_names"], uploaded["n_train"], uploaded["n_test"])
    expect(select).to_have_value("csv")
    assert len(opened) == 1, "the file chooser opened again"


def test_a_refused_trace_says_why_in_the_trace_panel(page, server):
    open_page(page, server)
    choose_drawn(page)                                       # no training points to trace
    page.get_by_test_id("trace-start").click()
    refused = page.get_by_test_id("trace-refused")
    expect(refused).to_have_text("Cannot trace this sample: there are no training points yet; "
                                 "click on the plane to add some.")
    expect(page.get_by_test_id("trace-prev")).to_be_disabled()
