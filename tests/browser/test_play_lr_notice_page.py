"""A loss the learning rate threw up is said where the learner looks: the notice line under the
header, once, with the fix and a way to the finding. The reviewer's circles, trained to a loss of
1e-5 and then given lr 10, jumped to 5.6, and nothing near the board said so: the "Learning rate
too high" finding lay below the fold, and only a divergence got the banner (lr-notice.js)."""
import re
import time

from playwright.sync_api import expect

from test_play_page import open_page

# the texts the notice line showed, in order, from the moment this runs
WATCH_NOTICES = """() => {
    window.__notices = [];
    new MutationObserver(() => {
        const text = document.getElementById('notice').textContent;
        if (text) window.__notices.push(text);
    }).observe(document.getElementById('notice'), { childList: true });
}"""
TITLES = ("Learning rate too high", "The loss rose again after it had converged")


def _said(page):
    """The notices shown so far that name a loss the learning rate threw up."""
    return [t for t in page.evaluate("() => window.__notices") if t.startswith(TITLES)]


def test_a_learning_rate_raised_on_a_converged_network_is_said_once_by_the_board(page, server):
    open_page(page, server, {"dataset": {"name": "circles"}, "speed": None})
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.header.epoch >= 300 && window.neuralab.frame.header.metrics.loss < 0.02")
    page.evaluate(WATCH_NOTICES)
    lr = page.get_by_test_id("lr")
    lr.fill("10")
    lr.press("Enter")
    page.wait_for_function(f"() => window.__notices.some((t) => {list(TITLES)}.some((title) => t.startsWith(title)))")
    notice = page.locator("#notice")
    # the rate to go back to, the one before the raise (the Monitor's lr_changes), however late the
    # loss's largest jump came after it (a loaded machine's records come late)
    expect(notice).to_have_text(re.compile(r"\. Try: go back to 0\.03, the learning rate before it rose to 10, or "
                                           r"lower: the Learning rate box\. Diagnosis$"))
    assert notice.evaluate("(n) => n.getBoundingClientRect().bottom <= innerHeight"), "the notice is below the fold"
    # the report comes twice a second, and holds the finding on: said once, not at every report
    time.sleep(3)
    assert page.evaluate("() => window.neuralab.frame.header.diagnoses.some((d) => d.notice && "
                         "['learning_rate_too_high', 'late_rise'].includes(d.name))"), "the finding went"
    assert len(_said(page)) == 1, _said(page)
    # its button takes the learner to the finding, the keyboard on it
    page.get_by_test_id("lr-notice-diagnosis").click()
    finding = page.locator(":focus")
    assert finding.get_attribute("data-testid") in ("diagnosis-learning_rate_too_high", "diagnosis-late_rise")
    expect(finding).to_be_in_viewport()
    page.get_by_test_id("pause").click()


def test_a_divergence_is_said_by_the_banner_alone(page, server):
    # plane at lr 10 diverges in its first epoch: the banner says it, with its advice
    open_page(page, server, {"dataset": {"name": "plane"}, "hparams": {"lr": 10}})
    page.evaluate(WATCH_NOTICES)
    page.get_by_test_id("play").click()
    expect(page.get_by_test_id("error")).to_contain_text("Training diverged.")
    page.wait_for_function("() => (window.neuralab.frame.header.diagnoses || [])"
                           ".some((d) => d.name === 'learning_rate_too_high')")
    time.sleep(1)   # (the report's frames after the stop have come)
    assert _said(page) == []
