"""A classroom link, in a real browser: a teacher ticks the parts of the page an exercise is not
about, shares the link, and the class opens a page without them — as TensorFlow Playground's
hidden controls. Hidden controls change nothing (the inputs in use and each layer's activation
stay in view, fixed); the class can show everything again."""
from playwright.sync_api import expect

from playkit import decode_state, encode_state, shot
from test_play_page import open_page, scene, wait_scene

SHOWN_BY = {   # a part -> a test id the page shows only with it
    "data": "dataset-select", "learning_rate": "lr", "optimizer": "optimizer", "batch_size": "batch-size",
    "regularization": "l2", "schedule": "schedule", "inspector": "inspector", "trace": "trace-start",
    "gradients": "diagnoses", "evaluation": "confusion", "export": "download-model",
    "architecture": "units-plus-0",
}


def test_a_teachers_ticks_hide_those_parts_in_the_shared_link(page, server):
    open_page(page, server)
    page.get_by_test_id("classroom").locator("summary").click()
    for part in ("data", "learning_rate", "architecture", "features"):
        page.get_by_test_id(f"hide-{part}").check()
        wait_scene(page, f"s.state.hide.includes('{part}')")
    assert scene(page)["state"]["hide"] == ["data", "features", "architecture", "learning_rate"]
    for part in ("data", "learning_rate", "architecture"):
        expect(page.get_by_test_id(SHOWN_BY[part])).to_be_hidden()
    expect(page.get_by_test_id("optimizer")).to_be_visible()
    shot(page, "classroom-menu")
    link = page.get_by_test_id("share-link").get_attribute("href")
    assert decode_state(link[link.index("#"):])["hide"] == ["data", "features", "architecture", "learning_rate"]

    # the class opens the link
    pupil = page.context.new_page()
    pupil.goto(link)
    pupil.wait_for_function("() => { const s = window.neuralab; return !!(s && s.scene && s.frame); }")
    for part, testid in SHOWN_BY.items():
        if part in ("data", "learning_rate", "architecture"):
            expect(pupil.get_by_test_id(testid)).to_be_hidden()
        else:
            expect(pupil.get_by_test_id(testid)).to_be_visible()
    expect(pupil.get_by_test_id("classroom-notice")).to_be_visible()
    shot(pupil, "classroom-link")
    # what stays in view is fixed: a click on a feature or a drag of a card changes nothing
    expect(pupil.get_by_test_id("activation-0")).to_be_disabled()
    assert pupil.get_by_test_id("layer-0").get_attribute("draggable") == "false"
    pupil.get_by_test_id("feature-x1^2").click()
    pupil.wait_for_timeout(300)   # (what must not come: a change of the features)
    assert pupil.evaluate("() => window.neuralab.state.features") == ["x1", "x2"]
    # and the class may show everything again
    pupil.get_by_test_id("show-everything").click()
    pupil.wait_for_function("() => window.neuralab.scene.state.hide.length === 0")
    for testid in SHOWN_BY.values():
        expect(pupil.get_by_test_id(testid)).to_be_visible()
    expect(pupil.get_by_test_id("classroom-notice")).to_be_hidden()
    expect(pupil.get_by_test_id("activation-0")).to_be_enabled()
    pupil.get_by_test_id("feature-x1^2").click()
    pupil.wait_for_function("() => window.neuralab.scene.state.features.includes('x1^2')")
    pupil.close()


def test_a_link_that_hides_everything_still_trains_and_draws(page, server):
    every = list(SHOWN_BY) + ["features", "curves"]
    open_page(page, server, {"hide": every})
    assert sorted(scene(page)["state"]["hide"]) == sorted(every)
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    expect(page.get_by_test_id("output-canvas")).to_be_visible()
    expect(page.get_by_test_id("neuron-0-0")).to_be_visible()


def test_a_link_pasted_into_an_open_tab_opens_its_scene(page, server):
    # only the hash changes, which reloads nothing: the page stayed on its old scene
    open_page(page, server)
    link = encode_state({"dataset": {"name": "moons"}, "hide": ["evaluation"]})
    page.evaluate("(hash) => { location.hash = hash; }", link)
    wait_scene(page, "s.state.dataset.name === 'moons' && s.state.hide.includes('evaluation')")
    expect(page.get_by_test_id("confusion")).to_be_hidden()
    expect(page.get_by_test_id("dataset-select")).to_have_value("moons")
    page.evaluate("() => { location.hash = '#not-base64!'; }")
    expect(page.get_by_test_id("error")).to_contain_text("could not be read")
    assert scene(page)["state"]["dataset"]["name"] == "moons"
