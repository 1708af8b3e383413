"""The playground on data that is not on the plane (iris, digits), checked in a real browser:
the plane's switches are not offered without a plane, nor the legend of the classes' colours,
every misclassified example says what it is and what the network took it for, the confusion
matrix names its columns, the first-layer weight images say what their colours mean, the trace
says its inputs are standardised and names the sample's class, a sigmoid's one output unit says
whose probability it is, the class names beside the output fit in the network panel (a long
one cut short, on the page and in the ⤓ PNG picture), the output's notice points at a confusion
matrix only where there is one, and the picture holds that matrix.
"""
import base64

import numpy as np
import pytest
from playwright.sync_api import expect

from neuralab import data

from playkit import download, settle
from test_play_page import open_page, scene, wait_scene
from test_play_page_layout import RECORD_PICTURE
from test_play_upload import choose_file

OFF_THE_PLANE = ("iris", "wine", "breast_cancer", "digits")


def choose(page, server, name):
    """Open the page, choose the data set ``name`` in the menu and train one epoch."""
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option(name)
    wait_scene(page, f"s.state.dataset.name === '{name}'")
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)


def verdicts(page):
    """'true → predicted' for each misclassified example of the page's frame, in class names,
    from the frame's arrays and the scene's class names."""
    names = scene(page)["dataset"]["class_names"]
    a = page.evaluate("""() => { const a = window.neuralab.frame.arrays;
        return [Array.from(a.misclassified), Array.from(a.misclassified_true), Array.from(a.misclassified_pred)]; }""")
    return a[0], [f"{names[t]} → {names[p]}" for t, p in zip(a[1], a[2])]


def test_iris_offers_no_plane_switches_and_names_each_mistake(page, server):
    choose(page, server, "iris")
    # the audit: "Show test data" and "Discretize output" were offered and did nothing
    expect(page.get_by_test_id("show-test")).to_be_hidden()
    expect(page.get_by_test_id("discretize")).to_be_hidden()
    evaluation = page.get_by_test_id("misclassified")
    expect(page.locator(".evaluation")).to_contain_text("columns: predicted class")
    rows, words = verdicts(page)
    assert rows, "one epoch on iris leaves some test flowers misclassified"
    # the audit: only "#3, #32, #66" was shown
    expect(evaluation.locator(".missed-row")).to_have_text([f"#{r}: {w}" for r, w in zip(rows, words)])


def test_digits_captions_each_misclassified_image_and_explains_the_weight_images(page, server):
    choose(page, server, "digits")
    _, words = verdicts(page)
    assert len(words) == 16
    expect(page.get_by_test_id("misclassified").locator("figcaption")).to_have_text(words)
    first = page.get_by_test_id("first-layer-images")
    expect(first.locator("figcaption")).to_have_text([f"neuron {u}" for u in range(4)])
    # each image's title names its layer as every panel does (it said "first dense layer")
    assert first.locator("figure").evaluate_all("(fs) => fs.map((f) => f.title)") == [
        f"hidden layer 1 (4 tanh) · neuron {u}" for u in range(4)]
    expect(page.locator(".evaluation")).to_contain_text("blue positive, orange negative")
    # the trace's x is the standardised pixels (a raw pixel is 0..16): it says so
    page.get_by_test_id("trace-start").click()
    expect(page.get_by_test_id("trace-input-note")).to_contain_text("standardised")


def test_the_trace_names_the_samples_class(page, server):
    choose(page, server, "iris")
    ds = data.load("iris")
    _, _, y_train, _ = data.train_test_split(ds.X, ds.y, test_size=0.5, seed=1, stratify=True)
    page.get_by_test_id("trace-start").click()
    # the audit: "target y = 1", with no word of which flower 1 is
    expect(page.get_by_test_id("trace-target-class")).to_have_text(f" ({ds.class_names[y_train[0]]})")


def test_a_sigmoids_output_unit_says_whose_probability_it_is(page, server):
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option("breast_cancer")
    wait_scene(page, "s.state.dataset.name === 'breast_cancer'")
    last = [layer for layer in scene(page)["network"]["layers"] if layer["kind"] == "dense"][-1]["index"]
    # the audit: the one output unit of breast_cancer was unlabelled (iris's three are named)
    expect(page.get_by_test_id(f"neuron-{last}-0").locator(".unit-label")).to_have_text(
        f"p({data.load('breast_cancer').class_names[1]})")


@pytest.mark.parametrize("width", [1400, 800])
def test_the_class_names_beside_the_output_fit_in_the_network_panel(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, server)
    for name in OFF_THE_PLANE:
        page.get_by_test_id("dataset-select").select_option(name)
        wait_scene(page, f"s.state.dataset.name === '{name}'")
        names = list(data.load(name).class_names)
        words = names if len(names) > 2 else [f"p({names[1]})"]
        expect(page.locator("#network .unit-label")).to_have_text(words)
        # once the page has laid the network out (two frames after the scene)
        seen = page.evaluate("""() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
            const n = document.getElementById('network'), edge = n.getBoundingClientRect().right;
            done({panel: [n.scrollWidth, n.clientWidth],
                  labels: [...n.querySelectorAll('.unit-label')].map((l) => ({
                      title: l.title, over: l.getBoundingClientRect().right - edge, cut: l.scrollWidth > l.clientWidth}))});
        })))""")
        # the audit: iris's "versicolor" ran 10 px past the panel's edge, which scrolled sideways
        assert seen["panel"][0] <= seen["panel"][1], f"{name} at {width} px: the network panel scrolls sideways {seen}"
        for word, label in zip(words, seen["labels"]):
            assert label["over"] <= 0 and not label["cut"] and label["title"] == word, f"{name}, {word!r}: {label}"
        expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()


def test_the_notice_points_at_a_confusion_matrix_only_where_there_is_one(page, server, tmp_path):
    notice = page.locator("#output .not2d")
    # a classroom link that hides the evaluation panel hides the matrix
    open_page(page, server, {"dataset": {"name": "iris"}, "hide": ["evaluation"]})
    expect(page.locator(".evaluation-panel")).to_be_hidden()
    expect(notice).to_have_text("Iris: 4 inputs — no plane to draw; the test loss and accuracy above say how well it fits.")
    # a regression has its predicted values against the actual ones there instead
    path = tmp_path / "prices.csv"
    path.write_text("a,b,c,price\n" + "".join(f"{i / 7:.3f},{i * 3 % 11},{i * 5 % 13},{2 * i + 0.5}\n" for i in range(60)))
    open_page(page, server)
    choose_file(page, path)
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv' && s.dataset.task === 'regression'")
    expect(notice).to_have_text("prices.csv: 3 inputs — no plane to draw; see the predicted values against the actual ones below.")
    expect(page.get_by_test_id("confusion")).to_be_hidden()
    expect(page.get_by_test_id("predicted-actual")).to_be_visible()


def test_a_long_class_name_is_cut_short_on_the_page_and_in_the_picture(page, server, tmp_path):
    """An uploaded CSV's class names can be of any length: beside the output the long one is cut
    short ("…", its whole name in its title) and the network panel does not scroll; the picture
    cuts it where the page does, and its confusion matrix (as wide as half the page) wraps the
    names as the page does, at their hyphens: no word is drawn over another."""
    names = ["Iris-setosa-with-a-very-long-name", "Iris-versicolor", "Iris-virginica"]
    path = tmp_path / "flowers.csv"
    path.write_text("a,b,c,kind\n" + "".join(f"{i / 7:.3f},{i * 3 % 11},{i * 5 % 13},{names[i % 3]}\n" for i in range(60)))
    page.add_init_script(RECORD_PICTURE)
    open_page(page, server)
    choose_file(page, path)
    page.get_by_test_id("csv-target").select_option("kind")
    page.get_by_test_id("csv-upload").click()
    wait_scene(page, "s.state.dataset.name === 'csv'")
    labels = page.locator("#network .unit-label")
    expect(labels).to_have_text(names)
    cut = labels.evaluate_all("(ls) => ls.map((l) => [l.title, l.scrollWidth > l.clientWidth])")
    assert cut == [[names[0], True], [names[1], False], [names[2], False]]
    expect(page.get_by_test_id("network-scroll-hint")).to_be_hidden()
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("epoch")).to_have_text("1")
    settle(page)
    download(page, "download-png", tmp_path)
    texts = page.evaluate("() => window.picture")["texts"]
    # the network is drawn first, left of the output's column (its board begins with "Test"):
    # its first "Iris-…" begins the first output neuron's label
    first = next(t for t in texts if t["text"].startswith("Iris-"))
    column = next(t for t in texts if t["text"] == "Test")
    label = "".join(t["text"] for t in texts if abs(t["y"] - first["y"]) < 3 and first["x"] <= t["x"] < column["x"])
    assert label.startswith("Iris-setosa") and label.endswith("…") and len(label) < len(names[0]), label
    for k, a in enumerate(texts):
        for b in texts[k + 1:]:
            apart = abs(a["y"] - b["y"]) > 6 or a["right"] <= b["x"] + 1 or b["right"] <= a["x"] + 1
            assert apart, f"{a} and {b} are drawn over each other"


def test_the_class_colour_legend_is_shown_only_with_the_plane_it_explains(page, server):
    open_page(page, server)
    legend = page.locator("#output .legend")
    expect(legend.locator(".legend-item")).to_have_text(list(data.load("circles").class_names))
    expect(legend).to_be_visible()
    for name in OFF_THE_PLANE:
        # the audit: setosa, versicolor and virginica's colours were explained, and nothing wore them
        page.get_by_test_id("dataset-select").select_option(name)
        wait_scene(page, f"s.state.dataset.name === '{name}'")
        expect(legend).to_be_hidden()
    page.get_by_test_id("dataset-select").select_option("spiral")
    wait_scene(page, "s.state.dataset.name === 'spiral'")
    expect(legend).to_be_visible()


def test_the_picture_off_the_plane_holds_the_confusion_matrix_its_notice_points_at(page, server, tmp_path):
    page.add_init_script(RECORD_PICTURE)
    choose(page, server, "iris")
    expect(page.locator("#output .not2d")).to_contain_text("see the confusion matrix below")
    names = scene(page)["dataset"]["class_names"]
    counts = np.array(page.evaluate("() => Array.from(window.neuralab.frame.arrays.confusion)")).reshape(3, 3)
    png = download(page, "download-png", tmp_path)
    picture = page.evaluate("() => window.picture")
    texts = picture["texts"]
    lines = " | ".join(t["text"] for t in texts)
    # the audit: the picture said "see the confusion matrix below" and held none
    assert "Confusion" in {t["text"] for t in texts}, lines
    title = next(t for t in texts if t["text"] == "Confusion")
    notice = next(t for t in texts if t["text"] == "confusion")
    assert notice["y"] < title["y"], "the matrix is not below the notice"
    # the words under the matrix's title, line by line (a framed cell's number may sit a pixel
    # lower): the classes, then each true class's counts by predicted class, then the legend of
    # its shades, then how many are right
    rows = []
    for t in sorted((t for t in texts if t["y"] > title["y"] + 5 and t["x"] >= title["x"] - 1), key=lambda t: t["y"]):
        if rows and t["y"] - rows[-1][0]["y"] <= 3:
            rows[-1].append(t)
        else:
            rows.append([t])
    drawn = [sorted(row, key=lambda t: t["x"]) for row in rows]
    expected = [names] + [[names[i], *map(str, counts[i])] for i in range(3)]
    expected.append(f"examples: 0 {counts.max()} · framed: right (predicted = true class)".split())
    expected.append(f"{np.trace(counts)} of {counts.sum()} right".split())
    assert [[t["text"] for t in row] for row in drawn] == expected, lines
    assert all(t["right"] <= picture["width"] for row in drawn for t in row), "the matrix is cut off"
    # each count on its cell's shade (3 px left of the number, inside the cell): one neutral scale
    # (blue and orange were two classes' colours), darker for more, white where none are
    image = base64.b64encode(png.read_bytes()).decode()
    cells = [[t["x"] - 3, t["y"]] for row in drawn[1:4] for t in row[1:]]
    colours = page.evaluate("""async ([image, points]) => {
        const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + image)).blob());
        const c = new OffscreenCanvas(bitmap.width, bitmap.height), ctx = c.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        return points.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)));
    }""", [image, cells])
    for k, (r, g, b) in enumerate(colours):
        i, j = divmod(k, 3)
        assert max(r, g, b) - min(r, g, b) <= 12, f"cell {i},{j} ({counts[i, j]}) has a hue: {(r, g, b)}"
        if not counts[i, j]:
            assert min(r, g, b) >= 250, f"cell {i},{j} (0) is not white: {(r, g, b)}"
    lightness = {counts.flat[k]: sum(c) for k, c in enumerate(colours)}
    assert [lightness[c] for c in sorted(lightness)] == sorted(lightness.values(), reverse=True), lightness
