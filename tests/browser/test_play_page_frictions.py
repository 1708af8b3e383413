"""What a first-time learner met on the page at 1366 x 768 and 1920 x 1080 (a review in Chromium):
a diverged regression's R² of -1.24e+39 ran past the Output panel's edge; four hidden layers were
4 px wider than the network's panel, which scrolled under a "Scroll sideways" line with "Output ·
sigmoid" on two lines; the loss chart was an empty box before the first epoch; at 1920 px the map
stayed 314 px beside a network panel mostly empty; the weight editor's box showed "0.023" of
0.0236; the CSV form stayed open after its upload was taken (or after the file chooser the Data
menu opened was left without a file), and pushed the Neuron panel below the screen; and the Data
menu cut "Uploaded CSV (exam scores.csv)" to "Uploaded CSV (exam sco"."""
import pytest
from playwright.sync_api import expect

from playkit import settle
from test_play_page import open_page, wait_scene

# each of the board's numbers whole in its own box, and its box within the Output panel's content
FR_NUMBERS_FIT = """() => {
    const panel = document.querySelector('.output-panel'), style = getComputedStyle(panel);
    const right = panel.getBoundingClientRect().right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
    return [...document.querySelectorAll('.metrics .num')].map((n) => ({
        id: n.dataset.testid, text: n.textContent, whole: n.scrollWidth <= n.clientWidth,
        inside: n.getBoundingClientRect().right <= right + 0.5 }));
}"""
# the network's panel as laid out: whether it scrolls sideways, and each column title's lines
FR_NETWORK = """() => {
    const n = document.getElementById('network');
    const lines = [...n.querySelectorAll('.col-title')].map((t) => {
        const words = document.createRange();
        words.selectNodeContents(t);
        return [t.textContent, Math.round(words.getBoundingClientRect().height / parseFloat(getComputedStyle(t).fontSize) / 1.25)];
    });
    return { scrolls: n.scrollWidth > n.clientWidth, lines };
}"""


def _fr_layers(*units):
    return {"layers": [{"id": f"h{i}", "type": "dense", "units": u, "activation": "tanh"} for i, u in enumerate(units)]}


def _fr_assert_numbers_fit(page):
    shown = page.evaluate(FR_NUMBERS_FIT)
    assert len(shown) == 4 and all(n["whole"] and n["inside"] for n in shown), shown
    return {n["id"]: n["text"] for n in shown}


def test_a_diverged_regression_reads_its_r2_as_a_bound_within_the_board(page, server):
    # the review's run: the plane at a learning rate of 10 diverges in its first epoch
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server, {"dataset": {"name": "plane"}, "hparams": {"lr": 10, "batch_size": 8}})
    page.get_by_test_id("play").click()
    expect(page.get_by_test_id("error")).to_contain_text("diverged", timeout=30_000)
    settle(page)
    r2 = page.evaluate("() => window.neuralab.frame.header.metrics.val_r2")
    assert r2 < -1000, r2
    texts = _fr_assert_numbers_fit(page)
    assert texts["acc-test"] == texts["acc-train"] == "< -1000", texts
    # and so does the predicted-against-actual plot's title (it wrote R² = -2.41e+39 there, then
    # "R² = < -1000")
    expect(page.get_by_test_id("predicted-title")).to_contain_text("· R² < -1000")


@pytest.mark.parametrize("size", [(390, 800), (986, 768), (1024, 768), (1366, 768), (1920, 1080)])
def test_the_longest_numbers_the_board_writes_fit_its_boxes(page, server, size):
    # eight characters in every box: a loss too large to write out, one whose three digits would
    # take nine (to two then), a small R² written out, and an R² below the bound
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, server, {"dataset": {"name": "plane"}})
    page.evaluate("""() => { const n = window.neuralab; n.frame = {...n.frame, header: {...n.frame.header,
        metrics: {r2: -0.00123, val_r2: -2.41e39}, target_metrics: {mse: 5.76e38, val_mse: 1.234e150}}};
        n.emit('frame', n.frame); }""")
    expect(page.get_by_test_id("loss-test")).to_have_text("1.2e+150")
    assert _fr_assert_numbers_fit(page) == {"loss-train": "5.76e+38", "loss-test": "1.2e+150",
                                            "acc-train": "-0.00123", "acc-test": "< -1000"}


def test_four_hidden_layers_fit_the_panel_at_1366_with_their_titles_on_one_line(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server, _fr_layers(8, 2, 2, 2))
    page.wait_for_function(f"() => !({FR_NETWORK})().scrolls")
    expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()
    lines = page.evaluate(FR_NETWORK)["lines"]
    assert [t for t, n in lines if n != 1] == [], lines
    # the gap between columns gives no more than its share: one more layer scrolls, and says so
    page.evaluate("(layers) => window.neuralab.update((s) => { s.layers = layers; })", _fr_layers(8, 2, 2, 2, 2)["layers"])
    wait_scene(page, "s.state.layers.length === 5")
    expect(page.get_by_test_id("network-scroll-hint")).to_be_visible()
    assert page.evaluate(FR_NETWORK)["scrolls"]


def test_a_network_wider_than_the_columns_limit_takes_the_room_a_wide_screen_has(page, server):
    # at 1920 px, five hidden layers were squeezed into 860 px beside an empty panel
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, server, _fr_layers(8, 2, 2, 2, 2))
    page.wait_for_function(f"() => ({FR_NETWORK})().lines.every(([, n]) => n === 1)")
    assert not page.evaluate(FR_NETWORK)["scrolls"]


def test_the_empty_loss_chart_says_what_comes_there_until_its_first_point(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server)
    words = page.get_by_test_id("curves-empty")
    expect(words).to_have_text("Press ▶ to train: the loss of each epoch is drawn here.")
    chart, box = page.get_by_test_id("loss-chart").bounding_box(), words.bounding_box()
    assert (chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"]
            and chart["y"] <= box["y"] and box["y"] + box["height"] <= chart["y"] + chart["height"]), (chart, box)
    page.get_by_test_id("step-epoch").click()
    expect(words).to_be_hidden()
    # a new scene has no epoch yet: the words again, a regression's naming its MSE
    page.get_by_test_id("dataset-select").select_option("plane")
    expect(words).to_have_text("Press ▶ to train: the MSE of each epoch is drawn here.")


def _fr_output(page):
    return page.evaluate("""() => { const b = (s) => document.querySelector(s).getBoundingClientRect();
        return { column: b('.output-panel').width, bottom: b('.output-panel').bottom, map: b('[data-testid=output-canvas]').width }; }""")


def test_the_output_map_grows_on_a_wide_screen_and_keeps_its_size_at_1366(page, server):
    for width in (1366, 1440):
        page.set_viewport_size({"width": width, "height": 768})
        open_page(page, server)
        assert _fr_output(page)["column"] == 340
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, server)
    out = _fr_output(page)
    assert out["map"] >= 440, out
    assert out["bottom"] <= 1080, out      # the whole panel in view, the curves under the map too


def test_the_weight_editor_shows_a_weight_to_four_digits_whole(page, server):
    open_page(page, server)
    page.evaluate("() => window.neuralab.send({type: 'set_weight', layer: 0, to: 1, from: 0, value: 0.0236})")
    page.wait_for_function("() => Math.abs(window.neuralab.frame.arrays['W/0'][2] - 0.0236) < 1e-6")
    page.get_by_test_id("link-0-1-0").click(force=True)
    box = page.get_by_test_id("weight-input")
    expect(box).to_have_value("0.0236")
    for value in ("0.0236", "-0.0005123"):
        box.fill(value)
        assert box.evaluate("(b) => b.scrollWidth <= b.clientWidth"), f"{value} is cut"


@pytest.fixture
def fr_exam_csv(tmp_path):
    rows = [f"{h},{s},{int(h + s > 12)}" for h in range(1, 9) for s in range(4, 9)]
    path = tmp_path / "exam scores.csv"
    path.write_text("hours,sleep,passed\n" + "\n".join(rows) + "\n")
    return path


def test_the_csv_form_closes_once_its_upload_is_taken_and_a_neuron_shows_its_panel(page, server, fr_exam_csv):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, server)
    form = page.locator("details.csv")
    form.locator("summary").click()
    page.get_by_test_id("csv-input").set_input_files(str(fr_exam_csv))
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    expect(form).not_to_have_attribute("open", "")
    expect(page.get_by_test_id("play")).to_be_focused()
    page.get_by_test_id("neuron-0-0").click()
    expect(page.locator("#inspector-title")).to_be_in_viewport()
    expect(page.get_by_test_id("inspector")).to_contain_text("neuron 0")
    # the menu names the file whole in its title (its width cuts it), and the form opens again
    menu = page.get_by_test_id("dataset-select")
    expect(menu.locator("option[value=csv]")).to_have_text("Uploaded CSV (exam scores.csv)")
    assert menu.get_attribute("title").startswith("Uploaded CSV (exam scores.csv): "), menu.get_attribute("title")
    form.locator("summary").click()
    expect(page.get_by_test_id("csv-upload")).to_be_visible()


def test_the_csv_form_the_menu_opens_for_a_file_closes_when_none_is_chosen(page, server):
    open_page(page, server)
    form, menu = page.locator("details.csv"), page.get_by_test_id("dataset-select")
    with page.expect_file_chooser():
        menu.select_option("csv")
    expect(form).to_have_attribute("open", "")
    page.get_by_test_id("csv-input").dispatch_event("cancel")   # (the chooser closed without a file)
    expect(form).not_to_have_attribute("open", "")
    expect(menu).to_have_value("circles")
    # a form the learner opened stays open
    form.locator("summary").click()
    with page.expect_file_chooser():
        menu.select_option("csv")
    page.get_by_test_id("csv-input").dispatch_event("cancel")
    expect(form).to_have_attribute("open", "")
