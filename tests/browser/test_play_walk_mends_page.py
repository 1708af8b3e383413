"""Four rough edges a learner's walk through the playground found, checked in a real browser: the
focus left on "Use this CSV" after an upload (the next Space, the page's play key, sent the file
again), the rows dropped said only at the upload and not when the CSV is chosen again from the
Data menu, Tab from an inspected neuron of the first block passing the next block's controls
before its weights, and Kaggle's PassengerId (a different whole number in every row) taken as a
feature without a word, where `neuralab train` warns of it.
"""
import numpy as np
from playwright.sync_api import expect

from test_play_page import open_page, wait_scene
from test_play_page_fixes import RECORD_SENT, sent
from test_play_upload import choose_file

_WM_EMPTY_AGES = (3, 8, 15, 40)   # rows (from 0) whose age is an empty cell


def _wm_kaggle_titanic(path, n=60):
    """Kaggle's titanic.csv in its columns' order: PassengerId, Survived, Pclass, Name, Sex, Age
    (empty in _WM_EMPTY_AGES), Ticket, Fare, Cabin (for every fifth passenger), Embarked."""
    rng = np.random.default_rng(7)
    lines = ["PassengerId,Survived,Pclass,Name,Sex,Age,Ticket,Fare,Cabin,Embarked"]
    for i in range(n):
        sex = str(rng.choice(["male", "female"]))
        age = "" if i in _WM_EMPTY_AGES else str(int(rng.integers(1, 80)))
        survived = int(sex == "female") if rng.random() < 0.8 else int(rng.integers(2))
        cabin = f"C{i}" if i % 5 == 0 else ""
        lines.append(f'{i + 1},{survived},{rng.integers(1, 4)},"Person, Mr. {i}",{sex},{age},A/{1000 + i},'
                     f'{rng.uniform(5, 90):.2f},{cabin},{rng.choice(["S", "C", "Q"])}')
    path.write_text("\n".join(lines) + "\n")
    return path


def _wm_upload_with_enter(page):
    """Press "Use this CSV" from the keyboard, as a learner who tabbed to it."""
    page.get_by_test_id("csv-upload").focus()
    page.keyboard.press("Enter")


def _wm_focused(page):
    """The test id of the element that has the focus, or its tag and value (a Leave out box)."""
    return page.evaluate("""() => { const a = document.activeElement;
        return a.dataset.testid || `${a.tagName.toLowerCase()}:${a.value ?? ''}`; }""")


def test_the_focus_after_an_upload_goes_where_the_next_key_belongs(page, server, tmp_path):
    open_page(page, server)
    page.evaluate(RECORD_SENT)
    choose_file(page, _wm_kaggle_titanic(tmp_path / "titanic.csv"))
    page.get_by_test_id("csv-target").select_option("Survived")
    banner = page.get_by_test_id("error")
    # each refusal hands the focus to the control its advice names first, in the form
    for advice, control, change in (
            ("for Text columns", "csv-text-columns", lambda: page.get_by_test_id("csv-text-columns").select_option("auto")),
            ("tick 'Name', 'Ticket' under Leave out", "input:Name", None),
            ("for Missing cells", "csv-missing", lambda: page.get_by_test_id("csv-missing").select_option("drop"))):
        _wm_upload_with_enter(page)
        expect(banner).to_contain_text(advice)
        page.wait_for_function("(id) => (document.activeElement.dataset.testid || "
                               "`input:${document.activeElement.value}`) === id", arg=control)
        if change:
            change()
        else:   # the box of the first column named: Space ticks it (and plays nothing)
            page.keyboard.press(" ")
            page.get_by_test_id("csv-leave-out").get_by_label("Ticket", exact=True).check()
    assert len(sent(page, "upload_csv")) == 3 and not sent(page, "control")
    # taken: the focus is on ▶, where Space plays, and the file is not sent again
    _wm_upload_with_enter(page)
    wait_scene(page, "s.state.dataset.name === 'csv'")
    expect(page.get_by_test_id("play")).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator("body")).to_have_class("playing")
    assert len(sent(page, "upload_csv")) == 4
    assert [m["action"] for m in sent(page, "control")] == ["play"]
    page.keyboard.press(" ")
    expect(page.locator("body")).not_to_have_class("playing")


def test_a_refusal_that_names_no_control_leaves_the_focus_on_the_button(page, server, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("a,b,y\n")
    open_page(page, server)
    choose_file(page, path)
    _wm_upload_with_enter(page)
    expect(page.get_by_test_id("error")).to_contain_text("no data rows")
    expect(page.get_by_test_id("csv-upload")).to_be_focused()


def test_the_csvs_warnings_come_again_with_it_and_name_its_identifier(page, server, tmp_path):
    open_page(page, server)
    choose_file(page, _wm_kaggle_titanic(tmp_path / "titanic.csv"))
    page.get_by_test_id("csv-target").select_option("Survived")
    page.get_by_test_id("csv-text-columns").select_option("auto")
    page.get_by_test_id("csv-missing").select_option("drop")
    for name in ("Name", "Ticket", "Cabin"):
        page.get_by_test_id("csv-leave-out").get_by_label(name, exact=True).check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    banner = page.get_by_test_id("error")
    dropped = f"{len(_WM_EMPTY_AGES)} of the 60 rows were dropped for a missing cell (Age: {len(_WM_EMPTY_AGES)})"
    identifier = (f"Column 'PassengerId' looks like an identifier (its name, and a different whole number in each "
                  f"of the {60 - len(_WM_EMPTY_AGES)} rows)")
    leave_it_out = "tick 'PassengerId' under Leave out and press \"Use this CSV\" again to leave it out."
    for said in (dropped, identifier, leave_it_out):
        expect(banner).to_contain_text(said)
    assert "'Pclass'" not in banner.inner_text() and "'Fare'" not in banner.inner_text()
    # another dataset: the CSV's warnings go; the CSV chosen again: they come again, as at its upload
    select = page.get_by_test_id("dataset-select")
    for name, shown in (("circles", False), ("csv", True), ("moons", False), ("csv", True)):
        select.select_option(name)
        wait_scene(page, f"s.state.dataset.name === '{name}'")
        if shown:   # (a hidden banner keeps the text it last showed)
            expect(banner).to_be_visible()
            for said in (dropped, identifier):
                expect(banner).to_contain_text(said)
        else:
            expect(banner).to_be_hidden()
    # PassengerId left out as it says: the network's inputs lack it, and nothing is said of it
    # (the form, closed once its upload was taken, open again for the warning that names its box)
    expect(page.locator("details.csv")).to_have_attribute("open", "")
    page.get_by_test_id("csv-leave-out").get_by_label("PassengerId", exact=True).check()
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "!s.dataset.feature_names.includes('PassengerId')")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(dropped)
    expect(banner).not_to_contain_text("identifier")


def test_tab_from_an_inspected_neuron_goes_to_its_weights_first(page, server):
    open_page(page, server)
    page.get_by_test_id("neuron-0-0").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("inspector-title")).to_contain_text("neuron 0")
    expect(page.get_by_test_id("link-0-0-0")).to_have_attribute("tabindex", "0")
    walked = []
    for _ in range(4):
        page.keyboard.press("Tab")
        walked.append(_wm_focused(page))
    # its two weights (from x1 and x2), then on to the next block's controls (its ◀ first)
    assert walked == ["link-0-0-0", "link-0-0-1", "move-left-1", "units-plus-1"]
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
        walked.append(_wm_focused(page))
    assert walked[4:] == ["move-left-1", "link-0-0-1", "link-0-0-0", "neuron-0-0"]
    # at the network's end, Tab passes the weights' own place (after all the columns): once is enough
    page.get_by_test_id("activation-1").focus()
    page.keyboard.press("Tab")
    after = _wm_focused(page)
    assert not after.startswith(("link-", "neuron-")), after
    page.keyboard.press("Shift+Tab")
    assert _wm_focused(page) == "activation-1"
    # Enter on a weight reached so opens its editor, as before
    page.get_by_test_id("neuron-0-0").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("weight-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("link-0-0-0")).to_be_focused()
