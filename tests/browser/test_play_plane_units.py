"""A two-column CSV on the plane reads in the file's units, over a plane that frames its points.
The plane holds the columns standardised, x = (column − μ)/σ; its ends were labelled -6 and 6
and a picked point said its standardised coordinates, so a learner read "area = 2" where the
file has 120 m². The ends and a point's readout now say column = μ + σ·x, with the μ and σ the
server standardised with; the built-in 2-D data keep the plane's own units.
"""
import numpy as np
import pytest
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

    # the plane is the part the server framed the points with (its maps are computed there), its
    # ends labelled in the file's units; it spanned ±6σ, the points a third of it, area from -260
    (left, top, bottom, right), texts = plane_end_labels(page)
    assert "area" in texts and "height" in texts, texts
    a, b, c, d = scene(page)["grid"]["extent"]
    for got, z, j in ((left, a, 0), (right, b, 0), (bottom, c, 1), (top, d, 1)):
        assert got == pytest.approx(mean[j] + std[j] * z, abs=1e-6 * std[j]), (texts, z)
    assert left < rows[:, 0].min() and right > rows[:, 0].max(), texts   # the file's range is on the plane
    assert bottom < rows[:, 1].min() and top > rows[:, 1].max(), texts
    assert np.ptp(rows[:, 0]) >= 0.7 * (right - left) and np.ptp(rows[:, 1]) >= 0.7 * (top - bottom), texts
    label = page.get_by_test_id("output-canvas").get_attribute("aria-label")
    assert f"area from {left:g} to {right:g} and height from {bottom:g} to {top:g}" in label, label

    # a click on a training point (the one farthest from its neighbours) puts the cursor there,
    # and Enter picks it: the status line says its row of the file
    P = np.array([p[:2] for p in ds["train"]])
    gaps = np.linalg.norm(P[:, None] - P[None], axis=2) + np.eye(len(P)) * 1e9
    k = int(gaps.min(axis=1).argmax())
    box = page.get_by_test_id("output-canvas").bounding_box()
    page.mouse.click(box["x"] + (P[k, 0] - a) / (b - a) * box["width"], box["y"] + (d - P[k, 1]) / (d - c) * box["height"])
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("output-status")).to_contain_text(
        f"picked training point {k} ({X_train[k, 0]:g}, {X_train[k, 1]:g}), value {y_train[k]:g}")

    # the cursor's readout is the map's value where the cursor is drawn: the server's grid over the
    # extent, row i from x2 = d down to c, column j from x1 = a to b, at the cell nearest the cursor
    page.keyboard.press("Home")                              # the cursor at (0, 0): the columns' means
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")                        # (0.5, 0)
    status = page.get_by_test_id("output-status")
    expect(status).to_contain_text("the model says")
    out, (G, G2) = page.evaluate("() => { const o = window.neuralab.frame.arrays.output; return [Array.from(o), o.shape]; }")
    i, j = round((d - 0) / (d - c) * (G - 1)), round((0.5 - a) / (b - a) * (G2 - 1))
    said = float(status.inner_text().rsplit("the model says ", 1)[1])
    assert said == pytest.approx(out[i * G2 + j], rel=5e-3), (said, out[i * G2 + j])
