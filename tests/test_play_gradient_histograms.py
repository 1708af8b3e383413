"""The frame's histograms of |∂L/∂W| (four bins a decade, 1e-45 .. 1e39: every nonzero float32):
empty before any step has made gradients, then every weight's gradient of the last step counted
in its quarter decade, those of 0 in none (a log axis has no place for them)."""
import numpy as np
from session_kit import send

from neuralab import nn
from neuralab.play import views


def gradient_histograms(session):
    _header, arrays = views.heavy_arrays(session.net, session.data, session.grads, [])
    return {int(k.split("/")[1]): v for k, v in arrays.items() if k.startswith("hist_g/")}


def test_no_gradient_is_drawn_before_the_first_step_then_each_weights_in_its_quarter_decade(play_session):
    session = play_session
    send(session, {"type": "hello", "state": {}})
    dense = [i for i, layer in enumerate(session.net.model.layers) if isinstance(layer, nn.Dense)]
    before = gradient_histograms(session)
    assert sorted(before) == dense
    assert all(counts.sum() == 0 for counts in before.values())   # no step yet: nothing to count
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and session.step == 1
    for i, counts in gradient_histograms(session).items():
        g = np.abs(session.grads[i][0]).ravel().astype(np.float64)
        assert g.min() > 0, "the default network's first step leaves no gradient at 0"
        # bin k holds 10^((k - 180) / 4) <= |g| < 10^((k - 179) / 4)
        quarter = np.floor(np.log10(g) * 4).astype(int) + 180
        np.testing.assert_array_equal(counts, np.bincount(quarter, minlength=len(views.G_EDGES) - 1))
        assert counts.sum() == session.net.model.layers[i].weight.data.size


def test_gradients_of_0_and_not_finite_are_left_out_of_the_histogram():
    counts = views._log_histogram(np.array([0.0, -0.0, np.nan, np.inf, -3e-7, 2.0, 1e-40], np.float32))
    assert counts.sum() == 3
    assert counts[int(np.floor(np.log10(3e-7) * 4)) + 180] == 1
    assert counts[int(np.floor(np.log10(2.0) * 4)) + 180] == 1
