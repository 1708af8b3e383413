"""A learner sets Early stop, draws points (the "drawn" dataset), trains, and reloads the page:
the scene comes back with the points drawn and Early stop as it was set (ticked, its patience
kept, unavailable on a drawing, which has no test points), and ▶ trains again. A reload is a new
session, whose weights start over: the notice line says so, and that Early stop will not stop
training, together (the second had replaced the first 40 ms after it came: nothing said that
training started over)."""
from playwright.sync_api import expect
from test_play_early_stop_untestable_page import TOLD
from test_play_page import choose_drawn, open_page, scene, shot, wait_scene

STARTS_OVER = ("A new session of the server: training starts over from epoch 0 with the same network (the page "
               "was reloaded; the link keeps the network, not its trained weights).")
CLICKS = [(0, 0.25, 0.3), (1, 0.7, 0.75), (0, 0.3, 0.2), (1, 0.8, 0.65), (0, 0.2, 0.4), (1, 0.65, 0.8)]


def _dr_draw(page, canvas):
    """Click ``CLICKS`` on the output map, each with its class's pen."""
    size = canvas.bounding_box()
    for n, (label, fx, fy) in enumerate(CLICKS, start=1):
        page.get_by_test_id(f"draw-class-{label}").click()
        canvas.click(position={"x": fx * size["width"], "y": fy * size["height"]})
        wait_scene(page, f"s.dataset.n_train === {n}")


def _dr_early_stop(page):
    """What the Early stop controls show: ticked, unavailable, and the patience."""
    box, patience = page.get_by_test_id("early-stopping"), page.get_by_test_id("patience")
    return {"ticked": box.is_checked(), "unavailable": box.get_attribute("aria-disabled"),
            "patience": patience.input_value(), "patience enabled": patience.is_enabled()}


def _dr_played(page, past):
    """Press ▶ until the page shows an epoch past ``past``, then ⏸; the epoch it stopped at."""
    page.get_by_test_id("play").click()
    page.wait_for_function(f"() => Number(document.querySelector('[data-testid=epoch]').textContent) > {past}")
    page.get_by_test_id("pause").click()
    expect(page.get_by_test_id("pause")).to_have_attribute("aria-pressed", "true")
    return int(page.get_by_test_id("epoch").inner_text())


def test_a_drawing_trained_with_early_stop_on_comes_back_after_a_reload_and_trains_on(page, server):
    open_page(page, server, {"speed": 30})
    page.get_by_test_id("patience").fill("5")
    page.get_by_test_id("patience").press("Enter")
    wait_scene(page, "s.state.hparams.early_stopping === 5")
    canvas = choose_drawn(page)
    _dr_draw(page, canvas)
    assert _dr_played(page, 3) > 3
    before, controls = scene(page), _dr_early_stop(page)
    assert controls == {"ticked": True, "unavailable": "true", "patience": "5", "patience enabled": False}
    assert len(before["state"]["dataset"]["points"]) == len(CLICKS)

    page.reload()
    wait_scene(page, "s.state.dataset.name === 'drawn'")
    # both words in the notice line: the second replaced the first 40 ms after it came
    expect(page.get_by_test_id("notice")).to_have_text(f"{STARTS_OVER} {TOLD}")
    shot(page, "drawn-reload-notice")
    after = scene(page)
    assert after["state"] == before["state"]   # the points, their task and frame, Early stop's patience
    assert after["dataset"]["train"] == before["dataset"]["train"] and after["dataset"]["n_test"] == 0
    assert _dr_early_stop(page) == controls
    expect(page.get_by_test_id("epoch")).to_have_text("0")

    assert _dr_played(page, 3) > 3   # training goes on: Early stop, told it will not stop it, does not
    expect(page.get_by_test_id("error")).to_be_hidden()
    assert page.evaluate("() => window.neuralab.scene.state.hparams.early_stopping") == 5
    shot(page, "drawn-reload-early-stop")
