"""An upload's warning that a box of the form mends names it (the warning's ``control``, as a
refusal's): the page opens the form, closed once the file was taken, and marks that box, scrolled
into the Leave out list, the focus left on ▶ for Space to play. The page matched the words 'under
Leave out' in the warning's text instead, and could name no box; words alone open nothing now."""
import numpy as np
from playwright.sync_api import expect

from test_play_page import open_page, wait_scene
from test_play_upload import choose_file

_UWC_FEATURES = 30   # columns before the identifier: its box is far down the Leave out list, which scrolls


def _uwc_passengers(path, identifier=True):
    """Features f01..f30, Kaggle's PassengerId (1, 2, ...: a different whole number in every row)
    unless not ``identifier``, and whether the passenger survived (the target, last)."""
    rng = np.random.default_rng(11)
    names = [f"f{j + 1:02d}" for j in range(_UWC_FEATURES)] + (["PassengerId"] if identifier else [])
    lines = [",".join([*names, "survived"])]
    for i in range(40):
        cells = [f"{x:.3f}" for x in rng.normal(size=_UWC_FEATURES)] + ([str(i + 1)] if identifier else [])
        lines.append(",".join([*cells, str(rng.integers(2))]))
    path.write_text("\n".join(lines) + "\n")
    return path


def _uwc_marked(page):
    """The columns whose Leave out box is marked, and whether each shows inside the list's scroll."""
    return page.evaluate("""() => {
        const list = document.querySelector('[data-testid="csv-leave-out"]').getBoundingClientRect();
        return [...document.querySelectorAll('[data-testid="csv-leave-out"] input[aria-invalid="true"]')]
            .map((box) => { const r = box.getBoundingClientRect();
                            return [box.value, r.top >= list.top && r.bottom <= list.bottom]; }); }""")


def test_an_identifiers_warning_opens_the_form_on_its_marked_box(page, server, tmp_path):
    open_page(page, server)
    choose_file(page, _uwc_passengers(tmp_path / "titanic.csv"))
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    expect(page.get_by_test_id("error")).to_contain_text("tick 'PassengerId' under Leave out")
    form = page.locator("details.csv")
    expect(form).to_have_attribute("open", "")
    assert _uwc_marked(page) == [["PassengerId", True]]
    expect(page.get_by_test_id("play")).to_be_focused()   # (Space plays, and ticks no box)
    # the mark goes with the warning (other data), and comes again with it (the CSV chosen again)
    for name, marked in (("circles", []), ("csv", [["PassengerId", True]])):
        page.get_by_test_id("dataset-select").select_option(name)
        wait_scene(page, f"s.state.dataset.name === '{name}'")
        expect(page.get_by_test_id("error")).to_be_visible(visible=name == "csv")
        assert _uwc_marked(page) == marked
    # ticked, the mark goes; taken, the form closes and nothing is marked again
    box = page.get_by_test_id("csv-leave-out").get_by_label("PassengerId", exact=True)
    box.check()
    assert _uwc_marked(page) == []
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "!s.dataset.feature_names.includes('PassengerId')")
    expect(form).not_to_have_attribute("open", "")
    assert _uwc_marked(page) == []


def test_a_warnings_words_alone_open_no_form(page, server, tmp_path):
    open_page(page, server)
    choose_file(page, _uwc_passengers(tmp_path / "plain.csv", identifier=False))
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    form = page.locator("details.csv")
    expect(form).not_to_have_attribute("open", "")
    said = {"type": "error", "kind": "warning", "message": "Column 'f07' is odd; tick 'f07' under Leave out "
            "and press \"Use this CSV\" again to leave it out.", "suggestion": "", "fatal": False}
    page.evaluate("(w) => window.neuralab.emit('warning', w)", said)
    expect(form).not_to_have_attribute("open", "")   # (the page matched these words)
    page.evaluate("(w) => window.neuralab.emit('warning', w)", {**said, "control": {"name": "ignore", "column": "f07"}})
    expect(form).to_have_attribute("open", "")
    assert _uwc_marked(page) == [["f07", True]]
