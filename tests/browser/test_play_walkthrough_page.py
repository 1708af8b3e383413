"""A learner's walk through the upload's Text columns, Missing cells and Leave out controls, the
Monitor's findings and the keyboard (the review of the day's new features). What it found and
fixed, each with its test here.

A Titanic whose columns of words are all categories (sex, port) was refused with "choose 'one 0/1
column per category' for Text columns ..., or remove these columns from the file": the page's
Leave out boxes do that, and the refusal now names them ("or tick 'sex', 'embarked' under Leave out").

The trace's first step showed an uploaded Titanic's sample as eleven bare numbers,
x = [0.6541, 0.8167, ...]: which of them was Sex_female only a hover on each number said. The
note under it now names x's columns in order.
"""
from playwright.sync_api import expect

from test_play_page import open_page, scene, wait_scene
from test_play_upload import choose_file


def _wt_passengers(path):
    """A small Titanic: a class, a sex and a port of words, an age with empty cells, survived."""
    lines = ["pclass,sex,age,embarked,survived"]
    for i in range(60):
        sex = "female" if i % 3 == 0 else "male"
        age = "" if i % 11 == 5 else str(20 + i % 40)
        lines.append(f"{1 + i % 3},{sex},{age},{'SCQ'[i % 3]},{int(sex == 'female' or i % 7 == 0)}")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_traces_input_note_names_an_uploaded_csvs_columns_in_order(page, server, tmp_path):
    open_page(page, server)
    page.locator("details.csv summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(_wt_passengers(tmp_path / "titanic.csv")))
    page.get_by_test_id("csv-target").select_option("survived")
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-missing").select_option("drop")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    names = scene(page)["network"]["inputs"]
    assert "sex_female" in names and "embarked_Q" in names, names

    page.get_by_test_id("trace-start").click()
    note = page.get_by_test_id("trace-input-note")
    expect(note).to_contain_text(f"({', '.join(names)}, in this order)")
    for k, name in enumerate(names):   # and each number's title is the same column
        expect(page.get_by_test_id(f"trace-value-input-{k}")).to_have_attribute("title", name)


def test_the_traces_input_note_of_many_columns_names_none(page, server):
    """Breast cancer's 30 columns would make the note a wall of words: their names stay in the
    numbers' titles."""
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option("breast_cancer")
    wait_scene(page, "s.state.dataset.name === 'breast_cancer'")
    page.get_by_test_id("trace-start").click()
    note = page.get_by_test_id("trace-input-note")
    expect(note).to_contain_text("x: the sample’s columns standardised")
    expect(note).not_to_contain_text("in this order")


def test_a_refused_column_of_words_is_left_out_with_the_box_the_refusal_names(page, server, tmp_path):
    open_page(page, server)
    choose_file(page, _wt_passengers(tmp_path / "titanic.csv"))
    page.get_by_test_id("csv-target").select_option("survived")
    page.get_by_test_id("csv-upload").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("or tick 'sex', 'embarked' under Leave out")
    expect(banner).not_to_contain_text("from the file")

    leave_out = page.get_by_test_id("csv-leave-out")
    leave_out.get_by_label("sex", exact=True).check()
    leave_out.get_by_label("embarked", exact=True).check()
    page.get_by_test_id("csv-missing").select_option("drop")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    assert scene(page)["dataset"]["axes"] == ["pclass", "age"]   # two columns left: the plane's axes
