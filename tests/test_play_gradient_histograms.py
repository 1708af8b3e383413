"""The frame's histograms of |∂L/∂W| (one bin per octave, 2^-24 .. 2^4): empty before any step
has made gradients, then every weight's gradient of the last step counted in its octave."""
import numpy as np
from session_kit import send

from neuralab import nn
from neuralab.play import views


def gradient_histograms(session):
    _header, arrays = views.heavy_arrays(session.net, session.data, session.grads, [])
    return {int(k.split("/")[1]): v for k, v in arrays.items() if k.startswith("hist_g/")}


def test_no_gradient_is_drawn_before_the_first_step_then_each_weights_in_its_octave(play_session):
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
        # the octave of each |g|: bin k holds 2^(k-24) <= |g| < 2^(k-23), the ends open to all beyond
        octave = np.clip(np.floor(np.log2(np.maximum(g, 2.0 ** -30))) + 24, 0, 27).astype(int)
        np.testing.assert_array_equal(counts, np.bincount(octave, minlength=28))
        assert counts.sum() == session.net.model.layers[i].weight.data.size
