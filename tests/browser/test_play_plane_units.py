"""A two-column CSV on the plane reads in the file's units. The plane holds the columns
standardised, x = (column − μ)/σ; its ends were labelled -6 and 6 and a picked point said its
standardised coordinates, so a learner read "area = 2" where the file has 120 m². The ends and a
point's readout now say column = μ + σ·x, with the μ and σ the server standardised with; the
built-in 2-D data keep the plane's own units.
"""
import numpy as np
from playwright.sync_api import expect

from neuralab import data
from test_play_page import open_page, scene, upload_csv

# every text drawn on a canvas off the page (the map's overlay of axes and points), in order
RECORD_OVERLAY_TEXT = """(() => {
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    window.__overlayTexts = [];
    CanvasRenderingContext2D.prototype.fillText = function (text) {
        if (!this.canvas.isConnected) window.__overlayTexts.push(String(text));
        return fillText.apply(this, arguments);
    };
})()"""


def plane_end_labels(page):
    """The four numbers the overlay labels the plane's ends with, as the next redraw draws them:
    x1's left end, x2's top and bottom ends, x1's right end (points.js's order)."""
    page.evaluate("() => { window.__overlayTexts = []; }")
    page.get_by_test_id("show-test").click()          # the overlay is redrawn: its key changed
    page.wait_for_function("() => window.__overlayTexts.length >= 4")
    texts = page.evaluate("() => window.__overlayTexts")
    numbers = [t for t in texts if t.lstrip("-").replace(".", "", 1).isdigit()]
    return [float(t) for t in numbers[:4]], texts


def test_a_two_column_csvs_plane_reads_in_the_files_units(page, server, tmp_path):
    page.add_init_script(RECORD_OVERLAY_TEXT)
    open_page(page, server)
    labels, _ = plane_end_labels(page)
    assert labels == [-6, 6, -6, 6], "generated data keep the plane's units"

    rng = np.random.default_rng(11)
    rows = np.column_stack([rng.integers(100, 400, 60), rng.integers(200, 900, 60)]).astype(float)
    price = 3 * rows[:, 0] + rows[:, 1] + rng.normal(0, 20, 60).round(1)
    path = tmp_path / "flats.csv"
    path.write_text("area,height,price\n" + "".join(f"{a:g},{h:g},{p:g}\n" for (a, h), p in zip(rows, price)))
    upload_csv(page, path, "price")
    ds = scene(page)["dataset"]
    assert ds["is_2d"] and ds["axes"] == ["area", "height"] and ds["task"] == "regression"
    # the training part, split as the page splits it; its μ and σ (ddof 0) standardise the columns
    X_train, _, y_train, _ = data.train_test_split(rows, price, test_size=0.5, seed=1)
    np.testing.assert_allclose([p[2] for p in ds["train"]], y_train, atol=1e-3)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)

    (left, top, bottom, right), texts = plane_end_labels(page)
    assert "area" in texts and "height" in texts, texts
    for got, want, span in ((left, mean[0] - 6 * std[0], 12 * std[0]), (right, mean[0] + 6 * std[0], 12 * std[0]),
                            (bottom, mean[1] - 6 * std[1], 12 * std[1]), (top, mean[1] + 6 * std[1], 12 * std[1])):
        assert abs(got - want) <= 0.01 * span, (texts, want)
    assert left < rows[:, 0].min() and right > rows[:, 0].max(), texts   # the file's range is on the plane
    assert bottom < rows[:, 1].min() and top > rows[:, 1].max(), texts
    label = page.get_by_test_id("output-canvas").get_attribute("aria-label")
    assert f"area from {left:g} to {right:g} and height from {bottom:g} to {top:g}" in label, label

    # a click on a training point (the one farthest from its neighbours) puts the cursor there,
    # and Enter picks it: the status line says its row of the file
    P = np.array([p[:2] for p in ds["train"]])
    gaps = np.linalg.norm(P[:, None] - P[None], axis=2) + np.eye(len(P)) * 1e9
    k = int(gaps.min(axis=1).argmax())
    box = page.get_by_test_id("output-canvas").bounding_box()
    page.mouse.click(box["x"] + (P[k, 0] + 6) / 12 * box["width"], box["y"] + (6 - P[k, 1]) / 12 * box["height"])
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("output-status")).to_contain_text(
        f"picked training point {k} ({X_train[k, 0]:g}, {X_train[k, 1]:g}), value {y_train[k]:g}")
