"""neuralab.classic, what mutation testing found untested: each test asserts a promise of the
perceptron or of logistic regression that a small change of the code broke unseen."""
import numpy as np
import pytest

from neuralab import data
from neuralab.classic import LogisticRegression, Perceptron


def test_fit_runs_100_epochs_unless_told_otherwise():
    # XOR never converges: the perceptron runs every epoch it is given, 100 by default
    X, y = data.load("xor_gate")
    assert len(Perceptron(2).fit(X, y).errors_per_epoch) == 100


def test_a_perceptron_not_yet_fitted_has_not_converged():
    perceptron = Perceptron(2)
    assert (perceptron.converged, perceptron.converged_epoch, perceptron.errors_per_epoch) == (False, None, [])


def test_fit_takes_a_tie_of_negative_hand_set_weights_as_class_1_as_predict_does():
    # on paper z = -2.7 - 1.2 + 3.9 = 0, a tie (ŷ = 1); float64 gives -4.4e-16
    perceptron = Perceptron(2)
    perceptron.weights, perceptron.bias = [-2.7, -1.2], 3.9
    X, y = np.array([[1.0, 1.0]]), np.array([1])
    assert perceptron.decision_function(X)[0] < 0 and perceptron.predict(X).tolist() == [1]
    perceptron.fit(X, y, epochs=5)
    assert perceptron.errors_per_epoch == [0]
    assert perceptron.weights.tolist() == [-2.7, -1.2] and perceptron.bias == 3.9


def test_logistic_regression_fit_runs_100_steps_unless_told_otherwise():
    X, y = data.load("and")
    assert len(LogisticRegression(2).fit(X, y).loss_history) == 100


def test_the_lr_a_divergence_warning_names_is_the_docstrings_bound():
    # η ≤ 4m / λ_max(X̃ᵀX̃), X̃ = X with a column of ones
    from neuralab.train import DivergenceWarning
    rng = np.random.default_rng(0)
    X = rng.normal(scale=100.0, size=(50, 3))
    y = rng.integers(0, 2, size=50).astype(float)   # labels that overlap: the loss cannot fall to 0
    with pytest.warns(DivergenceWarning, match=r"\(at most (\S+) lowers the loss at every step\)") as record:
        LogisticRegression(3, lr=0.1).fit(X, y, epochs=20)
    named = float(str(record[0].message).split("at most ")[1].split(" ")[0])
    X1 = np.column_stack([X, np.ones(len(X))])
    assert named == pytest.approx(4 * len(X) / np.linalg.eigvalsh(X1.T @ X1).max(), rel=5e-3)


def test_a_fit_stopped_before_an_infinite_step_still_returns_the_model():
    from neuralab.train import DivergenceWarning
    X, y = data.load("and")
    model = LogisticRegression(2, lr=1e300)
    with pytest.warns(DivergenceWarning, match="training stopped at step 1"):
        assert model.fit(X, y, epochs=5) is model


def test_a_fit_of_exactly_the_most_epochs_is_allowed():
    # AND converges in 6 epochs: asking for the most a fit may run costs no more
    X, y = data.load("and")
    assert Perceptron(2).fit(X, y, epochs=1_000_000).converged_epoch == 6
