"""A Titanic-like CSV uploaded as a beginner does, in a real browser: its columns of words (sex,
port) and its empty ages were refused with load_csv's Python ("pass one_hot=['sex', 'embarked']",
"pass missing='drop'", "pass ignore=['Name']"), for which the page had no control. The upload's
Text columns and Missing cells menus and its Leave out boxes are those arguments; the refusal
names them; the rows dropped are said with the data's warnings; the 0/1 columns (sex_female ...)
are the network's inputs and the neuron panel's rows, eleven of them without a panel running over
its edge.
"""
import re

import numpy as np
from playwright.sync_api import expect

from playkit import settle
from test_play_page import download_code, open_page, run_script, scene, shot, wait_scene
from test_play_upload import choose_file, columns

_UO_EMPTY_AGES = (2, 6, 11, 17, 23)   # rows (from 0) whose age is an empty cell
_UO_EMPTY_PORTS = (4, 30)


def _uo_passengers(path, n=80, identified=False):
    """A Titanic of ``n`` passengers: class, sex, age (empty in _UO_EMPTY_AGES), fare, port
    (empty in _UO_EMPTY_PORTS) and survived; ``identified`` adds an ID, a name, a ticket, a cabin
    for a few, and the numbers of siblings and parents, as Kaggle's file holds them."""
    rng = np.random.default_rng(3)
    head = ["PassengerId", "Name", "Ticket", "Cabin", "SibSp", "Parch"] if identified else []
    lines = [",".join(head + ["pclass", "sex", "age", "fare", "embarked", "survived"])]
    for i in range(n):
        sex = str(rng.choice(["male", "female"]))
        age = "" if i in _UO_EMPTY_AGES else str(int(rng.integers(1, 80)))
        port = "" if i in _UO_EMPTY_PORTS else str(rng.choice(["S", "C", "Q"]))
        cells = [f'{i + 1},"Person, Mr. {i}",A/{1000 + i},{f"C{i}" if i % 4 == 0 else ""},'
                 f'{rng.integers(3)},{rng.integers(3)}'] if identified else []
        survived = int(sex == "female") if rng.random() < 0.8 else int(rng.integers(2))
        lines.append(",".join(cells + [str(rng.integers(1, 4)), sex, age, f"{rng.uniform(5, 90):.2f}", port,
                                       str(survived)]))
    path.write_text("\n".join(lines) + "\n")
    return path


def _uo_banner(page):
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    return banner.inner_text()


def _uo_leave_out(page):
    """The columns the Leave out boxes offer."""
    return page.get_by_test_id("csv-leave-out").locator("label").all_inner_texts()


def _uo_overflowing(page):
    """The page's panels and upload fields wider than the room they have (none, in a good page)."""
    return page.evaluate("""() => {
        const wide = (e) => e.scrollWidth > e.clientWidth + 1;
        const out = [...document.querySelectorAll('.panel, details.csv .field, details.csv select')]
            .filter((e) => e.offsetParent !== null && wide(e) && getComputedStyle(e).overflowX !== 'auto')
            .map((e) => e.className || e.dataset.testid || e.tagName);
        if (document.documentElement.scrollWidth > window.innerWidth) out.push('the page itself');
        return out;
    }""")


def test_a_titanic_is_refused_in_the_pages_words_then_trains_with_the_two_choices(page, server, tmp_path):
    path = _uo_passengers(tmp_path / "titanic.csv")
    open_page(page, server)
    choose_file(page, path)
    expect(page.get_by_test_id("csv-target")).to_have_value("survived")
    assert _uo_leave_out(page) == ["pclass", "sex", "age", "fare", "embarked"]   # the target is no box
    expect(page.get_by_test_id("csv-text-columns")).to_have_value("")     # refuse, load_csv's default
    expect(page.get_by_test_id("csv-missing")).to_have_value("refuse")
    page.get_by_test_id("csv-upload").click()
    said = _uo_banner(page)
    assert "choose 'one 0/1 column per category' for Text columns" in said
    assert f"'drop the row' for Missing cells leaves out the rows with a missing cell (age: {len(_UO_EMPTY_AGES)})" in said
    assert not re.search(r"one_hot|missing=|ignore=|pass ", said), said
    assert scene(page)["state"]["dataset"]["name"] != "csv"

    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-upload").click()
    expect(page.get_by_test_id("error")).to_contain_text("choose 'drop the row' for Missing cells")
    page.get_by_test_id("csv-missing").select_option("drop")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    ds = scene(page)["dataset"]
    encoded = ["pclass", "age", "fare", "sex_female", "sex_male", "embarked_C", "embarked_Q", "embarked_S"]
    assert ds["feature_names"] == encoded
    assert ds["n_train"] + ds["n_test"] == 80 - len(_UO_EMPTY_AGES)
    # the rows dropped, and the empty ports kept, said where the data's warnings are
    # (two warnings, one message each: under load the banner shows the first before the second comes)
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text(f"(embarked: {len(_UO_EMPTY_PORTS)}) were kept")
    said = _uo_banner(page)
    assert f"{len(_UO_EMPTY_AGES)} of the 80 rows were dropped for a missing cell (age: {len(_UO_EMPTY_AGES)})" in said
    for name in encoded:   # the network's inputs, by the names of the 0/1 columns
        expect(page.get_by_test_id(f"feature-{name}")).to_have_text(name)
    expect(page.get_by_test_id("dataset-info")).to_contain_text("8 inputs")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    assert page.evaluate("() => window.neuralab.frame.header.epoch") == 1
    shot(page, "upload-options-titanic")
    # the script loads the file as the upload read it, and runs next to it
    script, code = download_code(page, tmp_path)
    assert 'one_hot="auto", missing="drop")' in code, code
    run_script(script)


def test_names_and_tickets_are_left_out_with_their_boxes_and_eleven_inputs_fit(page, server, tmp_path):
    path = _uo_passengers(tmp_path / "kaggle.csv", identified=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, server)
    choose_file(page, path)
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-missing").select_option("drop")
    page.get_by_test_id("csv-upload").click()
    said = _uo_banner(page)
    assert "tick 'Name', 'Ticket' under Leave out to leave them out" in said, said
    assert "ignore" not in said and "one_hot" not in said
    # the boxes follow the target: the column chosen as the target is no box, the one before is again
    page.get_by_test_id("csv-target").select_option("sex")
    assert "sex" not in _uo_leave_out(page) and "survived" in _uo_leave_out(page)
    page.get_by_test_id("csv-target").select_option("survived")
    assert _uo_leave_out(page) == [name for name in columns(page) if name != "survived"]
    for name in ("Name", "Ticket", "Cabin"):
        page.get_by_test_id("csv-leave-out").get_by_label(name, exact=True).check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    names = scene(page)["dataset"]["feature_names"]
    assert names == ["PassengerId", "SibSp", "Parch", "pclass", "age", "fare", "sex_female", "sex_male",
                     "embarked_C", "embarked_Q", "embarked_S"]
    for name in names:
        expect(page.get_by_test_id(f"feature-{name}")).to_be_visible()
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    # the neuron panel lists the inputs too, each weight and gradient beside its name, in the panel
    page.get_by_test_id("neuron-0-0").click()
    expect(page.get_by_test_id("inspect-w-10")).to_be_visible()
    weights = page.locator("table.weights")
    assert weights.locator("tbody td:first-child").all_inner_texts() == names
    assert weights.evaluate("(table) => table.scrollWidth <= table.clientWidth"), "the weights run past the panel"
    assert _uo_overflowing(page) == []
    shot(page, "upload-options-eleven-inputs")
    script, code = download_code(page, tmp_path)
    assert 'ignore=["Name", "Ticket", "Cabin"])' in code, code
    run_script(script)
