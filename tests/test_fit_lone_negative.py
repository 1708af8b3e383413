"""fit's warning of a lone value of y_val far past every training target gives the clue "the only
negative value" when that value is negative and every other target, of y_val and of the training
part, is 0 or more (-5000 among prices), as Standardizer.fit and ``neuralab train`` do
(tests/test_lone_negative_marker.py); not when a training target is negative too, nor for a
positive value."""
import warnings

import numpy as np
import pytest

from neuralab import nn
from neuralab.train.far_past import FarTargetsWarning

CLUE = "the only negative value: a marker of missing values?"


def _prices(m, seed, low=0.0):
    return np.random.default_rng(seed).uniform(low, 100, m)


def _fit_warnings(y, y_val):
    """The FarTargetsWarnings of a short fit on ``y`` with ``y_val`` as validation targets."""
    rng = np.random.default_rng(0)
    X, X_val = rng.standard_normal((len(y), 2)), rng.standard_normal((len(y_val), 2))
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y, loss="mse", optimizer="adam", epochs=1, validation_data=(X_val, y_val), verbose=0)
    return [w.message for w in caught if issubclass(w.category, FarTargetsWarning)]


@pytest.mark.parametrize("marker, clues", [(-5000.0, CLUE), (-999.0, f"all nines and {CLUE}")])
def test_a_negative_lone_target_among_values_0_or_more_is_named_by_its_sign(marker, clues):
    y_val = _prices(40, seed=1)
    y_val[7] = marker
    (said,) = _fit_warnings(_prices(200, seed=0), y_val)
    assert said.lone.row == 7 and said.lone.value == marker and said.lone.negative_alone
    assert str(said).startswith(f"row 7 of y_val holds {marker:.6g}, far past every training target")
    assert f": {clues} Fix or leave out that row." in str(said)


def test_a_negative_training_target_takes_the_clue_away():
    # y_val's other values are 0 or more, but the training part holds negative ones: -5000 is not
    # the only negative value of the data
    y_val = _prices(40, seed=1)
    y_val[7] = -5000.0
    (said,) = _fit_warnings(_prices(200, seed=0, low=-20.0), y_val)
    assert not said.lone.negative_alone
    assert ": a marker of missing values? Fix or leave out that row." in str(said)
    assert "negative" not in str(said)


def test_a_positive_lone_target_has_no_sign_clue():
    y_val = _prices(40, seed=1)
    y_val[7] = 5000.0
    (said,) = _fit_warnings(_prices(200, seed=0), y_val)
    assert not said.lone.negative_alone and "negative" not in str(said)
    assert ": a marker of missing values? Fix or leave out that row." in str(said)
