"""The page hidden and shown again (visibility.js): hidden, it gets no frames, its training goes on
slowly and what a screen reader is told waits; shown, a frame comes at once, the notice line says
how far training went meanwhile, and a pause that came while hidden is said once, with that
frame's numbers. Headless Chromium keeps every page visible (bring_to_front fires nothing): the
page is hidden here as a browser hides it, document.visibilityState and a visibilitychange event."""
import re

from playwright.sync_api import expect

from test_play_page import open_page

# (returns the header of the frame shown as the page was hidden: the notice counts from it)
HIDE = """() => {
  window.vpHidden = true;
  if (!window.vpOverridden) {
    Object.defineProperty(document, 'visibilityState',
                          { configurable: true, get: () => window.vpHidden ? 'hidden' : 'visible' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.vpHidden });
    window.vpOverridden = true;
  }
  document.dispatchEvent(new Event('visibilitychange'));
  return window.neuralab.frame.header;
}"""
SHOW = "() => { window.vpHidden = false; document.dispatchEvent(new Event('visibilitychange')); }"
RECEIVED = "() => window.neuralab.stats.framesReceived"
DRAWN = "() => window.neuralab.stats.framesDrawn"


def vp_watch_announcer(page):
    page.evaluate("""() => { window.vpSaid = [];
        new MutationObserver(() => window.vpSaid.push(document.getElementById('announcer').textContent))
          .observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true}); }""")


def test_a_hidden_page_gets_no_frames_and_says_how_far_training_went_once_shown(page, server):
    open_page(page, server)
    vp_watch_announcer(page)
    page.get_by_test_id("play").click()
    page.wait_for_function("() => window.neuralab.frame.header.step > 0")
    left = page.evaluate(HIDE)
    received = page.evaluate(RECEIVED)
    # no frame, even of a scene: two edits (sent on, each scene's frame came, and those of the
    # slices of the paced training)
    for lr in (0.1, 0.03):
        page.evaluate(f"() => window.neuralab.update((s) => {{ s.hparams.lr = {lr}; }})")
        page.wait_for_function(f"() => window.neuralab.scene.state.hparams.lr === {lr}")
    page.wait_for_timeout(1500)
    # (those on their way as it was hidden: the server's credit, two at most)
    assert page.evaluate(RECEIVED) - received <= 2, page.evaluate(RECEIVED) - received
    # a pause that comes while hidden (as a divergence's would): nothing said with the numbers of
    # the frame shown when hidden, which are not those of the pause
    page.evaluate("() => window.neuralab.send({ type: 'control', action: 'pause' })")
    page.wait_for_function("() => !document.body.classList.contains('playing')")
    page.wait_for_timeout(1000)   # (the announcement waits 400 ms for the frames to stop)
    assert page.evaluate("() => window.vpSaid") == []
    drawn = page.evaluate(DRAWN)
    page.evaluate(SHOW)
    page.wait_for_function(f"() => window.neuralab.stats.framesDrawn > {drawn}")
    shown = page.evaluate("() => window.neuralab.frame.header")
    assert shown["step"] > left["step"]   # it trained on while hidden
    expect(page.get_by_test_id("notice")).to_have_text(
        "Training went on slowly while this tab was hidden, so that visible tabs come first: "
        f"epoch {left['epoch']} → {shown['epoch']}.")
    announcer = page.get_by_test_id("announcer")
    expect(announcer).to_have_text(re.compile(rf"^Paused at epoch {shown['epoch']}: "))
    page.wait_for_timeout(600)   # (what must not come: a second word)
    assert len(page.evaluate("() => window.vpSaid")) == 1


def test_a_page_shown_again_with_nothing_trained_gets_its_frame_and_says_nothing(page, server):
    open_page(page, server)
    page.evaluate(HIDE)
    drawn = page.evaluate(DRAWN)
    page.evaluate(SHOW)
    page.wait_for_function(f"() => window.neuralab.stats.framesDrawn > {drawn}")
    # (the notice would come with that frame's drawing, and go after 4 s: read now, not awaited)
    assert page.get_by_test_id("notice").inner_text() == ""
