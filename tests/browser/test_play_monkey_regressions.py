"""Defects a random walk over the playground's buttons, menus, canvases and keys reached, each
checked in a real browser with the learner's own clicks.
"""
from playwright.sync_api import expect

from test_play_page import open_page, state, wait_scene


def test_uploading_an_empty_csv_says_why_it_is_refused(page, server, tmp_path):
    """A learner picks an empty file and clicks Upload: the banner says the file is empty (the
    click used to do nothing at all), and the scene stays the one shown before."""
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    open_page(page, server)
    before = state(page)["dataset"]
    page.locator("details.csv summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(empty))
    expect(page.get_by_test_id("csv-upload")).to_be_enabled()
    page.get_by_test_id("csv-upload").click()
    banner = page.get_by_test_id("error")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("empty")
    assert state(page)["dataset"] == before


def test_the_weight_editor_closes_when_the_network_changes_under_it(page, server):
    """A learner opens the editor of W[3, 1] of layer 0, then takes a neuron from that layer: the
    weight is gone, and its editor with it (it stayed open, and "set" was refused with "layer 0
    has weights to 0..2 from 0..1"). A change that keeps the network (the learning rate) leaves
    an open editor open."""
    open_page(page, server)
    editor = page.get_by_test_id("weight-editor")
    page.get_by_test_id("link-0-3-1").click(force=True)   # the thin curve under other links
    expect(editor).to_contain_text("W[3, 1] of layer 0")
    page.get_by_test_id("lr").fill("0.1")
    page.get_by_test_id("lr").press("Enter")
    wait_scene(page, "s.state.hparams.lr === 0.1")
    expect(editor).to_be_visible()
    page.get_by_test_id("units-minus-0").click()
    wait_scene(page, "s.state.layers[0].units === 3")
    expect(editor).to_have_count(0)
    expect(page.get_by_test_id("error")).to_be_hidden()
