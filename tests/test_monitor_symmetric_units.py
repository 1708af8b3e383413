"""The course's first initialisation experiment, init="zeros": the monitor names the symmetry that
a random start breaks, rather than dead units, a learning rate or a saturated output."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor


def _symmetry_run(model, epochs=30):
    X, y = data.load("circles", n_samples=200, noise=0.3, seed=1)
    monitor = Monitor(every=5)
    model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.5), epochs=epochs,
              verbose=0, seed=0, callbacks=[monitor])
    return monitor.report()


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_a_network_started_at_zero_is_diagnosed_as_symmetric_not_as_its_symptoms(activation):
    neuralab.seed(0)
    model = nn.MLP([2, 10, 5, 1], activation=activation, output="sigmoid", init="zeros")
    report = _symmetry_run(model)
    hidden = model.layers[0].weight.data
    assert np.allclose(hidden, hidden[:1], rtol=1e-5, atol=0)   # units alike (up to the rounding of BLAS)
    assert report.names == ["symmetric_units"]        # not dead ReLUs, no gradient, vanishing, lr too low
    (found,) = report
    assert found.severity == "severe"
    assert "0:Dense (10 units), 2:Dense (5 units) started with every weight at 0" in found.evidence
    assert ("no gradient passes at all" in found.evidence) == (activation == "relu")
    assert any('init="he_normal"' in remedy for remedy in found.advice())


def test_equal_units_that_did_not_start_at_zero_are_named_so():
    neuralab.seed(0)
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", init="ones")
    (found,) = [d for d in _symmetry_run(model, epochs=5) if d.name == "symmetric_units"]
    assert "0:Dense (4 units) started with equal units" in found.evidence


def test_a_zero_layer_whose_units_come_apart_is_not_reported():
    # the random weights of the layer after it give each unit its own gradient: it learns
    neuralab.seed(0)
    model = nn.MLP([2, 10, 1], activation="tanh", output="sigmoid")
    model.layers[0].weight.data[...] = 0
    report = _symmetry_run(model)
    assert np.ptp(model.layers[0].weight.data, axis=0).max() > 0.01
    assert "symmetric_units" not in report.names
