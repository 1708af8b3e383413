"""The playground on data that is not on the plane (iris, digits), checked in a real browser:
the plane's switches are not offered without a plane, every misclassified example says what it
is and what the network took it for, the confusion matrix names its columns, the first-layer
weight images say what their colours mean, the trace says its inputs are standardised and
names the sample's class, and a sigmoid's one output unit says whose probability it is.
"""
from playwright.sync_api import expect

from neuralab import data

from playkit import settle
from test_play_page import open_page, scene, wait_scene


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
