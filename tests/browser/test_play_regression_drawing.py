"""A regression on the plane as a learner meets it, and drawing on an uploaded CSV.

The colour legend read the scale's ends, mean ± the farthest point's distance: prices of 100 to
900 about a mean of 260 showed -380, a price no flat has. Its ends are now the data's lowest and
highest values, each beside the colour the map gives it. The value to draw kept the 1 of the
data before beside a slider about that mean, and a value picked on a drawing drew at the first
click on the next file: new data starts at a value of its own, the pen off. A keyboard cursor
left at x1 = 6 by the data before sat off a CSV's frame, and Enter drew there. A drawing made of
a CSV left out rows more than 6σ out without a word, and the notice's count of test rows was
then off: the notice and the server's reply say how many and why. An empty drawing of values
painted its map on a scale of ±1e-6, in two flat colours its legend said were ±1.00e-6; the
slider of the value to draw spanned at least ±1, where rates of 0.01 to 0.05 are a few steps.
"""
import re

import numpy as np
import pytest
from playwright.sync_api import expect

from test_play_output_keyboard import cursor_limit
from test_play_page import choose_value_drawing, open_page, scene, upload_csv, wait_scene
from test_play_page_fixes import RECORD_SENT, sent

NEG, MID, POS = np.array([245, 147, 34]), np.array([232, 234, 237]), np.array([8, 119, 189])   # colors.js


def _skewed_prices_csv(folder):
    """Flats whose prices run from about 100 to 900, most of them near the low end (mean ~260)."""
    rng = np.random.default_rng(4)
    area, rooms = rng.integers(30, 200, 60), rng.integers(1, 6, 60)
    price = np.clip(100 + rng.exponential(150, 60), 100, 900).round(0)
    price[0] = 900
    path = folder / "prices.csv"
    path.write_text("area,rooms,price\n" + "".join(f"{a},{r},{p:g}\n" for a, r, p in zip(area, rooms, price)))
    return path


def _swatch_rgb(locator):
    text = locator.evaluate("e => getComputedStyle(e).backgroundColor")
    return np.array([float(v) for v in re.findall(r"[\d.]+", text)[:3]])


def test_the_legend_and_the_value_to_draw_read_values_of_the_data(page, server, tmp_path):
    open_page(page, server)
    choose_value_drawing(page, 2)
    assert page.evaluate("() => window.neuralab.drawValue") == 2   # a value picked: clicks draw it
    upload_csv(page, _skewed_prices_csv(tmp_path), "price")
    ds = scene(page)["dataset"]
    ys = np.array([p[2] for p in ds["train"] + ds["test"]])
    mean, lo, hi = ds["target_mean"], ys.min(), ys.max()
    assert mean > ds["target_std"] and mean - (hi - mean) < 0, "the symmetric scale passes 0 here"

    # the legend: the lowest value, the mean (white) and the highest, each in its map colour
    legend = page.locator(".legend")
    words = [float(w.replace("−", "-")) for w in legend.inner_text().split()]
    assert words == [pytest.approx(v, rel=5e-3) for v in (lo, mean, hi)], words
    swatches = legend.locator(".swatch")
    scale = max(hi - mean, mean - lo)                       # full colour at the farthest point
    for k, v in enumerate((lo, mean, hi)):
        t = (v - mean) / scale
        want = MID + ((NEG if t < 0 else POS) - MID) * abs(t)
        np.testing.assert_allclose(_swatch_rgb(swatches.nth(k)), want, atol=1.5, err_msg=f"value {v}")

    # the value to draw: a value of the data, the slider beside it, and the pen off for a new file
    box = page.get_by_test_id("draw-value")
    value = float(box.input_value())
    assert lo <= value <= hi, value
    slider = page.get_by_test_id("draw-value-slider")
    step = float(slider.get_attribute("step"))
    assert abs(float(slider.input_value()) - value) <= step / 2
    expect(page.get_by_test_id("draw-value-pen")).not_to_have_class(re.compile(r"\bon\b"))
    page.evaluate(RECORD_SENT)
    canvas = page.get_by_test_id("output-canvas")
    canvas.click(position={"x": 5, "y": 5})              # (the page sends a point as it is clicked)
    assert not sent(page, "add_point") and scene(page)["dataset"]["name"] == "csv"


def test_the_keyboard_cursor_stays_on_a_csvs_frame(page, server, tmp_path):
    open_page(page, server)
    canvas = page.get_by_test_id("output-canvas")
    canvas.focus()
    for _ in range(8):
        page.keyboard.press("Shift+ArrowRight")
        page.keyboard.press("Shift+ArrowUp")
    corner = cursor_limit(page, 6, -6)                      # (its ring whole on the map)
    expect(page.get_by_test_id("output-status")).to_contain_text(f"cursor ({corner:g}, {corner:g})")
    upload_csv(page, _skewed_prices_csv(tmp_path), "price")
    a, b, c, d = scene(page)["grid"]["extent"]
    assert b < 6 and d < 6
    box = page.get_by_test_id("draw-value")
    box.fill("500")
    box.press("Enter")
    page.evaluate(RECORD_SENT)
    canvas.focus()
    page.keyboard.press("Enter")                            # a point at the cursor, on the map shown
    wait_scene(page, "s.state.dataset.name === 'drawn'")
    (point,) = sent(page, "add_point")
    assert (point["x1"], point["x2"]) == (pytest.approx(cursor_limit(page, b, a), abs=1e-3),
                                          pytest.approx(cursor_limit(page, d, c), abs=1e-3))


def test_drawing_on_a_csv_says_which_rows_it_leaves_out(page, server, tmp_path):
    rng = np.random.default_rng(5)
    area, rooms = rng.integers(30, 200, 60).astype(float), rng.integers(1, 6, 60)
    price = (3 * area + 20 * rooms).round(0)
    area[3] = 100_000                                       # a typo: thousands of σ out, off the plane
    path = tmp_path / "typo.csv"
    path.write_text("area,rooms,price\n" + "".join(f"{a:g},{r},{p:g}\n" for a, r, p in zip(area, rooms, price)))
    open_page(page, server)
    upload_csv(page, path, "price")
    ds = scene(page)["dataset"]
    on_plane = [[max(abs(p[0]), abs(p[1])) <= 6 for p in ds[part]] for part in ("train", "test")]
    kept_train, kept_test = sum(on_plane[0]), sum(on_plane[1])
    assert kept_train + kept_test == 59

    page.get_by_test_id("draw-value-pen").click()
    notice = page.get_by_test_id("draw-notice")
    tests = f"{kept_test} of its {ds['n_test']}" if kept_test < ds["n_test"] else f"its {kept_test}"
    expect(notice).to_contain_text(f"{tests} test rows become training points")
    expect(notice).to_contain_text("1 of the 60 points (training and test) is left out of a drawing made "
                                   "from them: 1 off the plane (more than 6σ from a column's mean).")
    box = page.get_by_test_id("output-canvas").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_scene(page, "s.state.dataset.name === 'drawn'")
    assert scene(page)["dataset"]["n_train"] == kept_train + kept_test + 1
    expect(page.get_by_test_id("error")).to_contain_text("1 of the 60 points (training and test) is left out")


def test_an_empty_drawing_of_values_shows_its_map_on_a_scale_of_one(page, server):
    open_page(page, server)
    page.get_by_test_id("dataset-select").select_option("drawn-regression")
    wait_scene(page, "s.state.dataset.name === 'drawn' && s.state.dataset.task === 'regression' && s.dataset.n_train === 0")
    expect(page.locator(".legend")).to_have_text(re.compile(r"^\s*−1\s+0\s+\+1\s*$"))
    page.wait_for_function("() => window.neuralab.frame?.arrays.output")
    out = np.array(page.evaluate("() => Array.from(window.neuralab.frame.arrays.output)"))
    # the map in full orange or blue where the output passes ±1, and only there
    full = page.evaluate("""([neg, pos]) => {
        const c = document.querySelector('[data-testid="output-canvas"]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0, m = 0;
        for (let i = 0; i < d.length; i += 4 * 7, m++)
            if ([neg, pos].some((e) => e.every((v, k) => Math.abs(d[i + k] - v) <= 3))) n++;
        return n / m;
    }""", [NEG.tolist(), POS.tolist()])
    assert full == pytest.approx(np.mean(np.abs(out) >= 1), abs=0.1), (full, np.abs(out).max())


def test_the_slider_of_the_value_to_draw_spans_a_small_targets_values(page, server, tmp_path):
    rng = np.random.default_rng(1)
    area, rooms = rng.integers(30, 200, 60), rng.integers(1, 6, 60)
    rate = (0.01 + area / 5000 + rng.normal(0, 0.002, 60)).round(4)
    path = tmp_path / "rates.csv"
    path.write_text("area,rooms,rate\n" + "".join(f"{a},{r},{y:g}\n" for a, r, y in zip(area, rooms, rate)))
    open_page(page, server)
    upload_csv(page, path, "rate")
    ds = scene(page)["dataset"]
    ys = np.array([p[2] for p in ds["train"] + ds["test"]])
    slider = page.get_by_test_id("draw-value-slider")
    low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
    assert low <= ys.min() and high >= ys.max() and high - low <= 4 * np.ptp(ys), (low, high)
    slider.fill(f"{ys.min():g}")                              # a value of the data, within a step
    assert abs(float(page.get_by_test_id("draw-value").input_value()) - ys.min()) <= float(slider.get_attribute("step"))
