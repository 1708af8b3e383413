"""gradcheck's kink warning, when the kink input sits at exactly 0 whatever X is: a BatchNorm
MLP (bias-free Dense before BatchNorm1d, fresh running statistics, an evaluation pass) reads
3.5e-02, and the usual advice, X + 0.1, cannot move it: the advice names training=True or a
smooth activation instead. A kink X + 0.1 does move (zero biases and a zero input) keeps it."""
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import data, nn
from neuralab.train import gradcheck


def _bn_model():
    X, y = data.load("moons", n_samples=20, seed=0)
    neuralab.seed(4)
    return nn.MLP([2, 8, 8, 1], batchnorm=True), X, y


@pytest.mark.parametrize("shift", [0.0, 0.1])
def test_a_kink_at_exactly_0_that_no_shift_of_X_moves_is_told_training_true_not_X_plus_0_1(shift):
    model, X, y = _bn_model()
    with pytest.warns(UserWarning, match="an input sits on a kink") as caught:
        assert gradcheck(model, "bce_logits", X + shift, y) > 1e-3
    text = str(caught[0].message)
    assert "X + 0.1 leaves it there" in text and "training=True" in text and "smooth activation" in text
    assert "Check at inputs away from it (X + 0.1)" not in text
    # and what it advises works
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(model, "bce_logits", X, y, training=True) < 1e-6


def test_a_kink_that_X_plus_0_1_moves_is_still_told_X_plus_0_1():
    X, y = data.load("xor_gate")
    model = nn.MLP([2, 4, 1], activation="relu", output="sigmoid", rng=np.random.default_rng(0))
    with pytest.warns(UserWarning, match=r"Check at inputs away from it \(X \+ 0\.1\)") as caught:
        gradcheck(model, "bce", X, y)
    assert "leaves it there" not in str(caught[0].message)
