"""The course's first initialisation experiment, init="zeros": the monitor names the symmetry that
a random start breaks, rather than dead units, a learning rate or a saturated output."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import DivergenceWarning, Monitor


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
    assert "0 Dense (10 units), 2 Dense (5 units) started with every weight at 0" in found.evidence
    assert ("no gradient passes at all" in found.evidence) == (activation == "relu")
    assert any('init="he_normal"' in remedy for remedy in found.advice())


def test_equal_units_that_did_not_start_at_zero_are_named_so():
    neuralab.seed(0)
    model = nn.MLP([2, 4, 1], activation="tanh", output="sigmoid", init="ones")
    (found,) = [d for d in _symmetry_run(model, epochs=5) if d.name == "symmetric_units"]
    assert "0 Dense (4 units) started with equal units" in found.evidence


def test_a_zero_layer_whose_units_come_apart_is_not_reported():
    # the random weights of the layer after it give each unit its own gradient: it learns
    neuralab.seed(0)
    model = nn.MLP([2, 10, 1], activation="tanh", output="sigmoid")
    model.layers[0].weight.data[...] = 0
    report = _symmetry_run(model)
    assert np.ptp(model.layers[0].weight.data, axis=0).max() > 0.01
    assert "symmetric_units" not in report.names


def test_symmetric_units_in_a_network_that_fits_its_data_are_a_note():
    # two blobs need one unit: the symmetry cost this run nothing
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(-2, 0.5, (100, 2)), rng.normal(2, 0.5, (100, 2))])
    y = np.repeat([0.0, 1.0], 100)
    model = nn.MLP([2, 8, 1], activation="sigmoid", output="sigmoid", init="zeros")
    monitor = Monitor(every=5)
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.05), epochs=60, verbose=0,
              seed=0, callbacks=[monitor], metrics=["accuracy"])
    (found,) = [d for d in monitor.report() if d.name == "symmetric_units"]
    assert found.severity == "info" and "fits its training data anyway" in found.evidence
    assert "training accuracy 100.0%" in found.evidence    # (it read 100.000%, an R²'s digits)


def test_the_relus_are_blamed_only_where_a_zero_layer_feeds_them():
    # ReLUs after a random first layer; the two zero layers feed tanh units
    neuralab.seed(0)
    model = nn.Sequential(nn.Dense(2, 8), nn.ReLU(), nn.Dense(8, 6, init="zeros"), nn.Tanh(),
                          nn.Dense(6, 4, init="zeros"), nn.Tanh(), nn.Dense(4, 1), nn.Sigmoid())
    (found,) = [d for d in _symmetry_run(model) if d.name == "symmetric_units"]
    assert found.evidence.startswith("2 Dense (6 units) started with every weight at 0")   # (4 Dense comes apart)
    assert "ReLU" not in found.evidence


def test_weights_that_overflowed_are_not_symmetric_units():
    # a run diverged to inf weights: every unit "alike" (spread ≤ 1e-4 x inf), so it was told
    # "started with equal units", severe, beside the learning rate that did it
    X, y = data.load("moons", n_samples=100, seed=0)
    model = nn.MLP([2, 8, 8, 1], activation="tanh", output="sigmoid", rng=np.random.default_rng(0))
    monitor = Monitor()
    with pytest.warns(DivergenceWarning), np.errstate(all="ignore"):
        model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=1e100), epochs=3, verbose=0,
                  callbacks=[monitor])
    assert not all(np.isfinite(layer.weight.data).all() for layer in model.layers if isinstance(layer, nn.Dense))
    assert "symmetric_units" not in monitor.report().names
