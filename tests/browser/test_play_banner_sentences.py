"""The error banner reads as sentences: what happened, then what to do, joined so a learner reads
where one ends. It ran the two together, "Training diverged. The loss became inf at epoch 1, batch
2 (…) type a learning rate lower than 10 into the Learning rate box and press play, or reset", no
mark between them and none at the end.
"""
import re

from playwright.sync_api import expect

from test_play_error_banner_scroll import DIVERGING
from test_play_number_boxes import nb_type
from test_play_page import open_page


def test_a_divergence_s_banner_joins_what_happened_and_what_to_do_with_a_semicolon(page, server):
    open_page(page, server, DIVERGING)
    page.get_by_test_id("play").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("Training diverged.")
    said = banner.locator(".error-message").inner_text()
    assert not re.search(r"[.;:]$", said.strip()), said       # (what happened: no mark of its own)
    suggestion = banner.locator(".error-suggestion")
    expect(suggestion).to_contain_text("; type a learning rate lower than 10 into the Learning rate box and press")
    assert suggestion.inner_text().startswith("; ") and suggestion.inner_text().endswith("."), suggestion.inner_text()
    assert re.search(r"\S; type a learning rate", banner.inner_text()), banner.inner_text()


def test_a_refusal_s_clause_and_its_suggestion_read_as_one_sentence(page, server):
    open_page(page, server)
    nb_type(page, page.get_by_test_id("schedule"), "step:30:0,5")
    suggestion = page.get_by_test_id("error").locator(".error-suggestion")
    expect(suggestion).to_contain_text("; write 0.5 with a point")
    assert suggestion.inner_text().endswith("."), suggestion.inner_text()


def test_a_suggestion_after_a_finished_sentence_is_a_sentence_of_its_own(page, server):
    """The page's own refusal of a pasted link: its message a sentence, its suggestion one too."""
    open_page(page, server)
    page.evaluate("() => { location.hash = '#not-base64!'; }")
    banner = page.get_by_test_id("error")
    expect(banner).to_contain_text("could not be read")
    assert re.search(r"\.\s+The scene stays as it was: copy the whole link again \(Share\)\.$",
                     banner.inner_text().replace("×", "").strip()), banner.inner_text()


def test_a_suggestion_starting_low_after_a_full_stop_starts_with_a_capital(page, server):
    open_page(page, server)
    page.evaluate("() => window.neuralab.showError({ message: 'The file has no rows.', suggestion: 'choose another file' })")
    expect(page.get_by_test_id("error").locator(".error-suggestion")).to_have_text(" Choose another file.")
