"""What a review found training every dataset of the playground as a learner would, mended on the
page: the predicted-against-actual plot of a diverged regression, the misclassified examples said
to be a sample, and the features of a two-column CSV said to be of its columns standardised."""
import re

from playkit import settle
from playwright.sync_api import expect
from test_play_page import open_page, wait_scene

RELU_8_8 = [{"id": "h1", "type": "dense", "units": 8, "activation": "relu"},
            {"id": "h2", "type": "dense", "units": 8, "activation": "relu"}]

# Draw rows (actual, predicted) with predicted-actual.js on a canvas of its own, as the Evaluation
# panel does: what it returns, and per pixel column of the canvas whether anything is inked
DRAW_ROWS = """async (rows) => {
    const { drawPredictedActual } = await import('/static/predicted-actual.js');
    const canvas = document.createElement('canvas');
    canvas.className = 'predicted';
    document.body.append(canvas);
    const flat = Float32Array.from(rows.flat());
    flat.shape = [rows.length, 2];
    const said = drawPredictedActual(canvas, flat);
    const g = canvas.getContext('2d'), { width, height } = canvas;
    const d = g.getImageData(0, 0, width, height).data;
    const inked = Array.from({ length: width }, (_, x) => {
        for (let y = 0; y < height; y++) if (d[(y * width + x) * 4 + 3] > 60) return true;
        return false;
    });
    let red = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 1] < 90 && d[i + 3] > 200) red++;
    canvas.remove();
    return { said, inked, red, width };
}"""


def test_predictions_past_the_actual_values_are_drawn_at_the_edge_and_counted(page, server):
    # the review: after a divergence both axes took the predictions' range (−2.6e12 to 6.8e14), the
    # actual values fell into one column, and the axis labels were cut off
    open_page(page, server, {"dataset": {"name": "plane"}})
    actual = [2e8 + 4e8 * i / 49 for i in range(50)]          # house prices: labels of 9 digits
    rows = [[a, a * 1.01] for a in actual] + [[3e8, 6.8e14], [4e8, -2.6e12], [5e8, float("nan")]]
    drawn = page.evaluate(DRAW_ROWS, rows)
    assert drawn["said"] == ("2 predictions off the scale, drawn at its edge (1 above, 1 below); "
                             "1 not a number, not drawn")
    assert drawn["red"] > 20                                    # the clipped ones, marked
    dpr = drawn["width"] / 260
    assert not any(drawn["inked"][:int(dpr)])                   # no label runs off the left edge
    # the points on the scale spread across the plot: the actual values' range, not one column
    columns = [x for x, ink in enumerate(drawn["inked"]) if ink]
    assert columns[-1] - columns[0] > 150 * dpr


def test_a_diverged_regression_says_what_is_off_its_scale(page, server):
    open_page(page, server, {"dataset": {"name": "plane"}, "layers": RELU_8_8, "hparams": {"lr": 5}})
    page.get_by_test_id("step-epoch").click()
    expect(page.get_by_test_id("predicted-title")).to_have_text(re.compile(r"off the scale|not a number"))
    # (the banner names the moment as the readout does)
    settle(page)
    header = page.evaluate("() => window.neuralab.frame.header")
    expect(page.locator("body")).to_contain_text(
        f"the readout stopped at Epoch {header['epoch']} · step {header['step']}")


def test_the_misclassified_digits_are_said_to_be_a_sample(page, server):
    # the review: 16 images of 308 wrong, and no word that they were a sample
    open_page(page, server, {"dataset": {"name": "digits"},
                             "layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "tanh"}]})
    page.get_by_test_id("step-epoch").click()
    settle(page)
    wrong = page.evaluate("""() => { const m = window.neuralab.frame.arrays.confusion, k = m.shape[0];
        let n = 0; for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) n += m[i * k + j]; return n; }""")
    assert wrong > 16
    title = page.get_by_test_id("misclassified").locator("xpath=preceding-sibling::div[1]")
    expect(title).to_have_text(re.compile(rf": 16 of {wrong} wrong, a mix across the true classes"))


def test_the_features_of_a_csvs_columns_say_they_are_of_them_standardised(page, server):
    # the review: "height_cm²" and "sin(height_cm)" read as square centimetres, where the features
    # are of the columns standardised and the map's axes in the columns' units
    open_page(page, server)
    expect(page.get_by_test_id("features-title")).to_have_text("Features")
    expect(page.get_by_test_id("feature-x1").locator(".feature-label")).to_have_text("X₁")   # the plane's stay
    page.evaluate("""() => window.neuralab.send({ type: 'upload_csv', filename: 'bmi.csv', target: 'bmi', task: 'regression',
        text: 'height_cm,weight_kg,bmi\\n' + Array.from({ length: 60 }, (_, i) => {
            const h = 150 + (i * 7) % 45, w = 45 + (i * 11) % 50; return `${h},${w},${(w / (h / 100) ** 2).toFixed(2)}`;
        }).join('\\n') })""")
    wait_scene(page, "s.dataset.name === 'csv' && s.dataset.is_2d")
    expect(page.get_by_test_id("features-title")).to_have_text("Features of the columns standardised")
    square = page.get_by_test_id("feature-x1^2").locator(".feature-label")
    expect(square).to_have_text("height_cm²")
    mean, std = page.evaluate("() => [window.neuralab.scene.dataset.axes_mean[0], window.neuralab.scene.dataset.axes_std[0]]")
    g = lambda v: f"{float(f'{v:.4g}'):g}"     # (JS's +v.toPrecision(4))
    expect(square).to_have_attribute("title", f"height_cm²: of the standardised height_cm, (height_cm − {g(mean)}) / "
                                              f"{g(std)}, a number without units")
    expect(page.get_by_test_id("feature-x1").locator(".feature-label")).to_have_attribute(
        "title", re.compile(r"^height_cm: the network takes it standardised, \(height_cm − "))
