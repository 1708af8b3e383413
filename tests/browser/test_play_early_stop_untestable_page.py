"""Early stopping watches the test loss, and a drawing has none (every point drawn trains): there
the Early stop box is marked unavailable, says why in its title and when ticked, its patience box
is disabled, and a run with it on is told once that it will not stop. Before, the box stayed on,
watched nothing, never stopped, and nothing said so. The setting is kept for data with a test
part, where the box works again."""
from playkit import download
from playwright.sync_api import expect
from test_play_page import choose_drawn, open_page, shot, wait_scene

WHY = ("Early stop watches the test loss, and a drawing has no test points: every point drawn trains. "
       "Choose a dataset with a test part in the Data menu to stop early.")
TOLD = ("Early stop is on, but this drawing has no test points to watch: it will not stop training "
        "(the setting is kept for data with a test part).")
# every text the notice line shows from now on (window.notices)
_RECORD_NOTICES = """() => {
  const line = document.getElementById('notice'), notices = window.notices = [];
  new MutationObserver(() => { if (line.textContent) notices.push(line.textContent); })
    .observe(line, { childList: true, characterData: true, subtree: true });
}"""


def _patience(page):
    return page.evaluate("() => window.neuralab.scene.state.hparams.early_stopping")


def test_early_stop_on_a_drawing_is_unavailable_says_why_and_comes_back_on_data_with_a_test_part(page, server, tmp_path):
    open_page(page, server, {"hparams": {"early_stopping": 5}})
    box, patience = page.get_by_test_id("early-stopping"), page.get_by_test_id("patience")
    expect(box).to_be_checked()
    expect(box).to_have_attribute("aria-disabled", "false")
    expect(patience).to_be_enabled()
    page.evaluate(_RECORD_NOTICES)

    canvas = choose_drawn(page)   # the test points go away with early stopping on
    expect(box).to_have_attribute("aria-disabled", "true")
    expect(box).to_have_attribute("title", WHY)
    expect(box).to_be_checked()                       # kept, for data with a test part
    expect(patience).to_be_disabled()
    expect(patience).to_have_value("5")
    expect(box.locator("xpath=..")).to_contain_text("epochs · no test points")
    assert _patience(page) == 5
    expect(page.get_by_test_id("notice")).to_have_text(TOLD)
    size = canvas.bounding_box()
    for n, (fx, fy) in enumerate([(0.25, 0.25), (0.75, 0.75)], start=1):   # points drawn: said once
        page.get_by_test_id(f"draw-class-{n % 2}").click()
        canvas.click(position={"x": fx * size["width"], "y": fy * size["height"]})
        wait_scene(page, f"s.dataset.n_train === {n} && s.dataset.n_test === 0")
    assert page.evaluate("() => window.notices").count(TOLD) == 1
    shot(page, "early-stop-on-a-drawing")
    script = download(page, "download-code", tmp_path).read_text()   # no EarlyStopping, and why
    assert "EarlyStopping(" not in script
    assert "# the page's Early stop watches the test loss, and a drawing has none: it never stops there, nor here" in script

    # (force: Playwright takes aria-disabled for disabled; the box takes a click as any box does)
    box.click(force=True)   # unticking works: the link no longer carries it
    wait_scene(page, "s.state.hparams.early_stopping === null")
    box.click(force=True)   # ticking does nothing but say why, in the notice line (a finger sees no title)
    expect(page.get_by_test_id("notice")).to_have_text(WHY)
    expect(box).not_to_be_checked()
    page.wait_for_timeout(300)
    assert _patience(page) is None

    page.get_by_test_id("dataset-select").select_option("moons")   # test points again: the box works
    wait_scene(page, "s.state.dataset.name === 'moons' && s.dataset.n_test > 0")
    expect(box).to_have_attribute("aria-disabled", "false")
    expect(patience).to_be_enabled()
    expect(box.locator("xpath=..")).not_to_contain_text("no test points")
    box.check()
    wait_scene(page, "s.state.hparams.early_stopping === 5")


def test_a_link_to_a_drawing_with_early_stopping_on_says_it_will_not_stop(page, server):
    drawing = {"dataset": {"name": "drawn", "task": "classification", "points": [[1, 1, 0], [-1, -1, 1]]},
               "hparams": {"early_stopping": 3}}
    page.add_init_script(f"window.addEventListener('DOMContentLoaded', {_RECORD_NOTICES})")
    open_page(page, server, drawing)
    expect(page.get_by_test_id("early-stopping")).to_have_attribute("aria-disabled", "true")
    page.wait_for_function("() => window.notices.includes(" + repr(TOLD).replace("'", '"') + ")")
