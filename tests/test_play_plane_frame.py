"""The plane of a two-column CSV frames its points, and every map is computed where the page
draws it.

The plane showed a CSV's standardised columns over [-6, 6]², ±6σ: its points filled a third of
it, and a column of positive numbers (areas of 100 to 400) had a plane reaching -260. The scene's
``grid.extent`` now frames the points on each axis, with round ends in the file's units, and the
server computes the output map, the neuron maps and the features' maps over that extent.
"""
import math

import numpy as np
import pytest
from play_decoder import decode

from neuralab.play import frames
from neuralab.play.views import THUMB_STEP
from session_kit import send


def _flats_csv(n=60, seed=11):
    """Two positive columns (area 100..400, height 200..900) and a class that splits them."""
    rng = np.random.default_rng(seed)
    rows = np.column_stack([rng.integers(100, 400, n), rng.integers(200, 900, n)]).astype(float)
    kind = np.where(2 * rows[:, 0] + rows[:, 1] > 1200, "big", "small")
    return rows, "area,height,kind\n" + "".join(f"{a:g},{h:g},{k}\n" for (a, h), k in zip(rows, kind))


def test_generated_data_keep_the_whole_plane(greeted_session):
    assert greeted_session.scene()["grid"]["extent"] == [-6, 6, -6, 6]


def test_a_two_column_csvs_plane_frames_its_points_with_round_ends_in_the_files_units(greeted_session):
    rows, text = _flats_csv()
    (scene,) = send(greeted_session, {"type": "upload_csv", "text": text, "target": "kind", "filename": "flats.csv"})
    ds, extent = scene["dataset"], scene["grid"]["extent"]
    for j in range(2):
        mean, std = ds["axes_mean"][j], ds["axes_std"][j]
        lo, hi = (mean + std * z for z in extent[2 * j:2 * j + 2])        # the plane's ends, in the file's units
        least, most = rows[:, j].min(), rows[:, j].max()
        assert lo < least and most < hi, (lo, hi)                         # every row on the plane
        assert (most - least) / (hi - lo) >= 0.7, (lo, hi)                # filling most of it, as circles do
        assert lo >= 0, (lo, hi)                                          # no negative area for positive columns
        # round numbers, of one or two significant digits of the axis's span
        step = 10 ** math.floor(math.log10(hi - lo) - 1)
        for end in (lo, hi):
            assert end / step == pytest.approx(round(end / step), abs=1e-3), (lo, hi)


def test_the_maps_are_computed_over_the_plane_the_page_shows(greeted_session):
    _rows, text = _flats_csv()
    send(greeted_session, {"type": "upload_csv", "text": text, "target": "kind"})
    (scene,) = send(greeted_session, {"type": "set_state", "state": {"features": ["x1", "x2", "x1^2"]}})
    a, b, c, d = scene["grid"]["extent"]
    size = scene["grid"]["size"]
    # row i of the map is x2 from the extent's top (d) down to c, column j is x1 from a to b
    x1, x2 = np.meshgrid(np.linspace(a, b, size), np.linspace(d, c, size))
    P = np.column_stack([x1.ravel(), x2.ravel()])
    X = np.column_stack([P, P[:, 0] ** 2]).astype(np.float32)
    model = greeted_session.net.model
    _header, arrays = decode(frames.encode(*greeted_session.frame(1)))
    np.testing.assert_allclose(arrays["output"].ravel(), model.forward(X)[:, 0], rtol=1e-5, atol=1e-6)
    hidden = model.layers[1].forward(model.layers[0].forward(X))          # the first block's a = tanh(z)
    thumbs = hidden.reshape(size, size, -1)[::THUMB_STEP, ::THUMB_STEP].transpose(2, 0, 1)
    np.testing.assert_allclose(arrays["units/1"], thumbs, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(arrays["features/x1^2"].ravel(),
                               (P[:, 0] ** 2).reshape(size, size)[::THUMB_STEP, ::THUMB_STEP].ravel(), rtol=1e-5)
    (reply,) = send(greeted_session, {"type": "inspect", "layer": 0, "unit": 0, "sample": 0})
    np.testing.assert_allclose(reply["map"]["values"], hidden[:, 0], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("mean", [5.0, 3e16, 1e20, 3e38])
def test_a_column_of_one_value_is_framed_about_it_at_any_scale(mean):
    # the standardiser gives a column of one value σ = 1; at 1e17 its ±1σ round to it, where
    # the ends' rounding took the log of 0
    from neuralab.play.plane_frame import framed
    a, b, c, d = framed(np.zeros((5, 2)), [mean, 0.0], [1.0, 1.0])
    assert -6 <= a < 0 < b <= 6 and -6 <= c < 0 < d <= 6


def test_round_ends_move_out_no_further_than_one_margin():
    # a column from -5 to -4.8: a tenth of its range each side is -5.02 and -4.78, round already
    # (ceil(-4.78 / 0.01) is -477 in floats, which made -4.77)
    from neuralab.play.plane_frame import framed
    points = np.array([[-5.0, -5.0], [-4.8, -4.8], [-4.9, -4.8]])     # (mean 0, std 1: the file's units)
    assert framed(points, [0.0, 0.0], [1.0, 1.0]) == pytest.approx((-5.02, -4.78, -5.02, -4.78))
