"""Off the plane (iris), the output's notice says to see the confusion matrix below; at 1366×768
the evaluation panel is under the fold, its title alone showing, so the words are a button that
brings the matrix into view (the audit: a learner scrolled to find it)."""
from playwright.sync_api import expect

from test_play_page import open_page, wait_scene

IN_VIEW = """(node) => { const r = node.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight; }"""


def test_the_notices_words_bring_the_confusion_matrix_into_view(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option("iris")
    wait_scene(page, "s.state.dataset.name === 'iris'")
    matrix = page.get_by_test_id("confusion")
    expect(matrix).to_be_visible()
    assert not matrix.evaluate(IN_VIEW), "the matrix already shows: the test proves nothing"
    look = page.get_by_test_id("off-plane-look")
    expect(look).to_have_text("see the confusion matrix below.")
    expect(page.locator("#output .not2d")).to_have_text(
        "Iris: 4 inputs — no plane to draw; see the confusion matrix below.")
    look.click()
    page.wait_for_function(f"() => ({IN_VIEW})(document.querySelector('[data-testid=confusion]'))")
