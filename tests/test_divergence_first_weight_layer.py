"""A divergence's advice to standardise the inputs reads the rows the first weight layer took
(``first_layer_inputs``, which the frozen-training warning reads too): each step of its
weights grows with them. It read the first layer of any kind that cached an ``a_prev``: points of
the plane near 1000 before ``nn.PlaneFeatures`` of their sines were told to be standardised, which
would change the features the network learns from, not the scale of its steps (sin x is in [-1, 1])."""
import warnings

import numpy as np
import pytest

from neuralab import nn, optim
from neuralab.train import DivergenceWarning


def _diverged_advice(model, X, y):
    """The DivergenceWarning's text of fitting ``model`` by SGD at a learning rate that overflows the loss."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y, loss="mse", optimizer=optim.SGD(model.parameters(), lr=1e18), epochs=3, batch_size=16,
                  verbose=0, seed=0)
    (said,) = [str(w.message) for w in caught if issubclass(w.category, DivergenceWarning)]
    return said


@pytest.mark.parametrize("features", [False, True])
def test_inputs_far_from_unit_scale_are_named_only_where_the_first_weight_layer_takes_them(features):
    rng = np.random.default_rng(0)
    X = (1000 + rng.normal(0, 3, (64, 2))).astype(np.float32)
    y = np.sin(X[:, :1])
    front = [nn.PlaneFeatures(["sin(x1)", "sin(x2)"])] if features else []
    model = nn.Sequential(*front, nn.Dense(2, 8, rng=0), nn.ReLU(), nn.Dense(8, 1, rng=1))
    said = _diverged_advice(model, X, y)
    assert said.endswith("try a lower learning rate (now 1e+18)")
    assert ("standardise the inputs with data.Standardizer first: column 0 (μ 1e+03" in said) is not features


def test_a_batch_of_one_row_says_nothing_of_the_inputs_scale():
    # columns of 0 to 10 (μ 5, σ 2.9), in batches of one row: that row's σ is 0, so any value of 5 or more sat
    # "far from 0 (|μ| >= 5 and >= 3σ)", and the advice told these inputs to be standardised first
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 10, (64, 2)).astype(np.float32)
    model = nn.Sequential(nn.Dense(2, 8, rng=0), nn.ReLU(), nn.Dense(8, 1, rng=1))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, X[:, :1], loss="mse", optimizer=optim.SGD(model.parameters(), lr=1e18), epochs=3,
                  batch_size=1, verbose=0, seed=0)
    (said,) = [str(w.message) for w in caught if issubclass(w.category, DivergenceWarning)]
    assert model.layers[0].a_prev.shape == (1, 2) and model.layers[0].a_prev.max() >= 5   # the row it judged
    assert said.endswith("try a lower learning rate (now 1e+18)") and "standardise" not in said


@pytest.mark.parametrize("front", [False, True], ids=["X", "through a layer in front"])
@pytest.mark.parametrize("batch_size", [2, 3, 4])
def test_a_batch_of_a_few_rows_is_not_what_the_inputs_scale_is_judged_on(batch_size, front):
    # columns of 0 to 10 (μ 5, σ 2.9: within 3σ of 0), in batches of 3: the batch that diverged held 8.6, 7.3
    # and 6.2 in column 1 (μ 6.31, σ 0.768), "far from 0", and the advice told X to be standardised first
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 10, (64, 2)).astype(np.float32)
    layers = [nn.Standardize(2, mean=np.zeros(2), std=np.ones(2))] if front else []   # passes X as it is
    model = nn.Sequential(*layers, nn.Dense(2, 8, rng=0), nn.ReLU(), nn.Dense(8, 1, rng=1))
    said = _diverged_advice_in_batches(model, X, batch_size)
    assert said.endswith("try a lower learning rate (now 1e+18)") and "standardise" not in said
    # the same columns moved to μ 1000 are far from 0, and named with X's μ and σ, whatever the batch
    said = _diverged_advice_in_batches(model, X + 995, batch_size)
    assert "standardise the inputs with data.Standardizer first: column 0 (μ 1e+03, σ 2.8" in said


def _diverged_advice_in_batches(model, X, batch_size):
    """The DivergenceWarning's text of fitting ``model`` on ``X`` (targets 0) in batches of ``batch_size``,
    unshuffled, by SGD at a learning rate that overflows the loss."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, np.zeros((len(X), 1), X.dtype), loss="mse", optimizer=optim.SGD(model.parameters(), lr=1e18),
                  epochs=3, batch_size=batch_size, shuffle=False, verbose=0)
    (said,) = [str(w.message) for w in caught if issubclass(w.category, DivergenceWarning)]
    return said


def test_inputs_after_a_batchnorm_are_not_what_x_is_told_of():
    # the rows the first Dense took came out of BatchNorm1d, whose γ and β the divergence grew to 1e17: "column 0
    # (μ 2.88e+17, σ 2.82e+17)", and X (1000 ± 3, which BatchNorm1d standardises) was told to be standardised
    rng = np.random.default_rng(0)
    X = (1000 + rng.normal(0, 3, (64, 2))).astype(np.float32)
    model = nn.Sequential(nn.BatchNorm1d(2), nn.Dense(2, 8, rng=0), nn.ReLU(), nn.Dense(8, 1, rng=1))
    said = _diverged_advice_in_batches(model, X, 64)
    assert abs(model.layers[1].a_prev).max() > 1e10                 # what it took
    assert said.endswith("try a lower learning rate (now 1e+18)") and "standardise" not in said
