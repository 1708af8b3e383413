"""fit refuses regression targets that a bounded output layer cannot reach under MSE: a
standardised target (values of both signs, some above 1) under a sigmoid, tanh or ReLU output
trained without a word to an R² far below a linear output's."""
import numpy as np
import pytest

from neuralab import nn

RNG = np.random.default_rng(0)
X = RNG.standard_normal((40, 3))
Y_STANDARDISED = RNG.standard_normal(40)          # both signs, some |y| > 1


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


@pytest.mark.parametrize("output, layer, words", [("sigmoid", "Sigmoid", "(0, 1)"), ("tanh", "Tanh", "(−1, 1)"),
                                                  ("relu", "ReLU", "[0, ∞)")])
def test_a_bounded_output_is_refused_for_targets_outside_its_range_and_the_model_is_unchanged(output, layer, words):
    model = nn.MLP([3, 8, 1], output=output, rng=np.random.default_rng(1))
    before = _weights(model)
    with pytest.raises(ValueError) as caught:
        model.fit(X, Y_STANDARDISED, loss="mse", optimizer="sgd", epochs=2, verbose=0)
    message = str(caught.value)
    outside = int(np.count_nonzero((Y_STANDARDISED < {"sigmoid": 0, "tanh": -1, "relu": 0}[output])
                                   | (Y_STANDARDISED > {"sigmoid": 1, "tanh": 1, "relu": np.inf}[output])))
    assert f"y holds values from {Y_STANDARDISED.min():.4g} to {Y_STANDARDISED.max():.4g}" in message
    assert f"({outside} of 40 outside {words})" in message
    assert f"ends with {layer}, whose outputs lie in {words}" in message and "output=None" in message
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))


def test_targets_within_the_range_train_as_before():
    # MSE on a sigmoid output with 0/1 targets is the course's own case (and a softmax's one-hot)
    for output, y in (("sigmoid", (Y_STANDARDISED > 0).astype(float)), ("relu", np.abs(Y_STANDARDISED)),
                      ("tanh", np.tanh(Y_STANDARDISED))):
        history = nn.MLP([3, 8, 1], output=output).fit(X, y, loss="mse", optimizer="sgd", epochs=2, verbose=0)
        assert len(history.history["loss"]) == 2
    one_hot = np.eye(3)[RNG.integers(0, 3, 40)]
    nn.MLP([3, 8, 3], output="softmax").fit(X, one_hot, loss="mse", optimizer="sgd", epochs=2, verbose=0)
    with pytest.raises(ValueError, match=r"ends with Softmax, whose outputs lie in \[0, 1\]"):
        nn.MLP([3, 8, 3], output="softmax").fit(X, 2 * one_hot, loss="mse", optimizer="sgd", epochs=2, verbose=0)


@pytest.mark.parametrize("last", [nn.Identity(), nn.LeakyReLU(), nn.Standardize(1, mean=[5.0], std=[2.0]).inverse()])
def test_an_output_that_takes_any_value_is_not_checked(last):
    model = nn.Sequential(nn.Dense(3, 1), last)
    model.fit(X, 100 * Y_STANDARDISED, loss="mse", optimizer="sgd", epochs=1, verbose=0)


def test_validation_targets_outside_the_range_are_named_as_y_val():
    model = nn.MLP([3, 8, 1], output="sigmoid")
    y = (Y_STANDARDISED > 0).astype(float)
    with pytest.raises(ValueError, match=r"^y_val holds values from .*ends with Sigmoid"):
        model.fit(X, y, loss="mse", optimizer="sgd", epochs=1, verbose=0, validation_data=(X, Y_STANDARDISED))


def test_the_cross_entropies_keep_their_own_target_checks():
    model = nn.MLP([3, 8, 1], output="sigmoid")
    with pytest.raises(ValueError, match=r"targets must be in \[0, 1\]"):
        model.fit(X, Y_STANDARDISED, loss="bce", optimizer="sgd", epochs=1, verbose=0)
