"""Off the plane a hidden neuron has no map; the frame carries instead, for each hidden dense
layer, the share of the training rows on which each drawn neuron is on, z > 0 (``on/<layer>``,
``on_shares``): what the page fills the neuron's circle with, so that a dead ReLU shows."""
import numpy as np
import pytest

from neuralab import nn
from neuralab.play.on_shares import DRAWN_UNITS, ON_ROWS, on_shares
from neuralab.play.session import Session

from session_kit import send


def test_each_hidden_neurons_share_is_the_rows_where_its_z_is_positive():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(500, 3)).astype(np.float32)
    model = nn.MLP([3, 4, 2, 1], activation="relu")
    first = model.layers[0]
    first.weight.data[:] = 0
    first.bias.data[:] = [-1.0, 1.0, 0.0, 0.0]        # dead (z = -1), always on, z = 0: not on
    first.weight.data[3] = [1.0, 0.0, 0.0]              # on where x0 > 0.5
    first.bias.data[3] = -0.5
    shares = on_shares(model, X)
    assert sorted(shares) == ["on/0", "on/2"], "each hidden dense layer, not the output"
    np.testing.assert_allclose(shares["on/0"], [0, 1, 0, np.mean(X[:, 0] > 0.5)], atol=1e-6)
    z = model.layers[1].forward(model.layers[0].forward(X)) @ model.layers[2].weight.data.T + model.layers[2].bias.data
    np.testing.assert_allclose(shares["on/2"], (z > 0).mean(axis=0), atol=1e-6)
    assert all(v.dtype == np.float32 for v in shares.values())


def test_only_the_drawn_neurons_and_at_most_so_many_rows_evenly_spread():
    X = np.linspace(-1, 1, 3 * ON_ROWS, dtype=np.float32)[:, None]
    model = nn.MLP([1, 12, 1], activation="relu")
    model.layers[0].weight.data[:] = 1
    model.layers[0].bias.data[:] = 0
    on = on_shares(model, X)["on/0"]
    assert on.shape == (DRAWN_UNITS,)
    # x > 0 on half of the rows; the rows measured, spread over all of them, see half too (the
    # first ON_ROWS rows, all negative, would say none)
    np.testing.assert_allclose(on, 0.5, atol=1e-3)


def test_a_neuron_whose_z_is_not_finite_has_no_share_and_no_rows_none_at_all():
    X = np.ones((10, 2), np.float32)
    model = nn.MLP([2, 3, 1], activation="relu")
    model.layers[0].weight.data[1] = np.nan
    on = on_shares(model, X)["on/0"]
    assert np.isnan(on[1]) and not np.isnan(on[[0, 2]]).any()
    assert on_shares(model, X[:0]) == {}


@pytest.mark.parametrize("dataset, off_plane", [("wine", True), ("circles", False)])
def test_a_frame_carries_the_shares_off_the_plane_only(dataset, off_plane):
    session = Session()
    try:
        send(session, {"type": "hello", "state": {"dataset": {"name": dataset},
                                                  "layers": [{"id": "h", "type": "dense", "units": 12, "activation": "relu"}]}})
        _, arrays = session.frame(1)
        # each hidden layer's, and the output's (of the predicted classes: test_play_output_shares)
        dense = [i for i, layer in enumerate(session.net.model.layers) if isinstance(layer, nn.Dense)]
        assert sorted(k for k in arrays if k.startswith("on/")) == ([f"on/{i}" for i in dense] if off_plane else [])
        if off_plane:       # of the drawn neurons (12 train), on the training rows
            z = session.data.X_train @ session.net.model.layers[0].weight.data.T + session.net.model.layers[0].bias.data
            np.testing.assert_allclose(arrays["on/0"], (z[:, :DRAWN_UNITS] > 0).mean(axis=0), atol=1e-6)
        assert off_plane != any(k.startswith("units/") for k in arrays)
    finally:
        session.close()
