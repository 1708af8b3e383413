"""neuralab.classic against scikit-learn, where the math says they agree: the perceptron rule from
the same start, order and η; logistic regression's minimum of the same (unpenalised) loss. And
scikit-learn's fitted attributes, which a learner reaches for first, answered with the ones here."""
import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SklearnLogisticRegression
from sklearn.linear_model import Perceptron as SklearnPerceptron

from neuralab import data
from neuralab.classic import LogisticRegression, Perceptron


def _sklearn_overlapping_clouds(seed, m=80):
    """Two Gaussian clouds that overlap (no separating line): both rules run every epoch."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=m)
    return rng.normal(size=(m, 2)) + 1.5 * y[:, None], y


@pytest.mark.parametrize("seed", range(4))
def test_perceptron_makes_scikit_learns_updates_from_the_same_start(seed):
    # from a start with no z exactly 0, the two rules differ nowhere: same weights, epoch after epoch
    X, y = _sklearn_overlapping_clouds(seed)
    rng = np.random.default_rng(100 + seed)
    w, b, lr = rng.normal(size=2), float(rng.normal()), float(rng.uniform(0.05, 2))
    for epochs in (1, 7):
        ours = Perceptron(2, lr=lr)
        ours.weights, ours.bias = w.copy(), b
        ours.fit(X, y, epochs=epochs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # its ConvergenceWarning after max_iter epochs
            theirs = SklearnPerceptron(eta0=lr, shuffle=False, tol=None, max_iter=epochs).fit(
                X, y, coef_init=w[None].copy(), intercept_init=[b])
        assert not ours.converged and len(ours.errors_per_epoch) == epochs
        np.testing.assert_allclose(ours.weights, theirs.coef_[0], rtol=1e-12, atol=1e-12)
        assert ours.bias == pytest.approx(theirs.intercept_[0], rel=1e-12, abs=1e-12)


def test_perceptron_from_zero_differs_from_scikit_learn_at_the_first_tie_as_documented():
    # scikit-learn updates where y·z ≤ 0 (y = ±1): at w = 0 the step here says ŷ = 1, no mistake for (1, 1)
    X, y = data.load("and")
    ours = Perceptron(2).fit(X, y, epochs=20)
    theirs = SklearnPerceptron(eta0=1.0, shuffle=False, tol=None, max_iter=20).fit(X, y)
    assert (ours.weights.tolist(), ours.bias) == ([2.0, 1.0], -3.0)
    assert (theirs.coef_[0].tolist(), theirs.intercept_[0]) == ([3.0, 2.0], -4.0)
    assert (ours.predict(X) == theirs.predict(X)).all()   # both learnt AND


def _sklearn_iris_versicolor_or_virginica():
    """The two iris classes that overlap, standardised: the loss has one finite minimum."""
    ds = data.load("iris")
    keep = ds.y > 0
    X = data.Standardizer().fit_transform(ds.X[keep]).astype(np.float64)
    return X, (ds.y[keep] == 2).astype(int)


def test_logistic_regression_reaches_scikit_learns_unpenalised_minimum(float64):
    X, y = _sklearn_iris_versicolor_or_virginica()
    ours = LogisticRegression(4, lr=1.0).fit(X, y, epochs=30_000)
    theirs = SklearnLogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.weights, theirs.coef_[0], rtol=1e-4)
    assert ours.bias == pytest.approx(theirs.intercept_[0], rel=1e-4)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X)[:, 1], atol=1e-6)


def test_logistic_regression_without_n_features_takes_x_s_at_fit_as_scikit_learns_does(float64):
    # scikit-learn's quick start writes LogisticRegression().fit(X, y): it met "missing ... n_features"
    X, y = _sklearn_iris_versicolor_or_virginica()
    model = LogisticRegression(lr=1.0)
    for call, error in [(lambda: model.predict(X), ValueError), (lambda: model.weights, AttributeError)]:
        with pytest.raises(error, match=r"^LogisticRegression\(\) has no weights before its first fit, which takes "
                                        r"n_features from X's columns: call fit\(X, y\) before (predict\(X\)|model"
                                        r"\.weights), or give the size, LogisticRegression\(n_features\)$"):
            call()
    with pytest.raises(ValueError, match=r"epochs must be >= 1"):
        model.fit(X, y, epochs=0)                # a refused fit sizes nothing
    assert model.n_features is None
    model.fit(X, y, epochs=50)
    sized = LogisticRegression(4, lr=1.0).fit(X, y, epochs=50)
    assert model.n_features == 4 and repr(model) == repr(sized)
    np.testing.assert_array_equal(model.weights, sized.weights)
    np.testing.assert_array_equal(model.predict_proba(X), sized.predict_proba(X))
    with pytest.raises(ValueError, match=r"^X must have shape \(m, 4\), got \(100, 3\)$"):
        model.fit(X[:, :3], y)                   # the size, once taken, stays


def test_perceptron_without_n_features_takes_x_s_at_fit_as_logistic_regression_does():
    # scikit-learn's Perceptron().fit(X, y) met "missing 'n_features'... classic.Perceptron(X.shape[1])"
    X, y = _sklearn_iris_versicolor_or_virginica()
    model = Perceptron()
    for call, error in [(lambda: model.predict(X), ValueError), (lambda: model.decision_function(X), ValueError),
                        (lambda: model.weights, AttributeError), (lambda: model.bias, AttributeError)]:
        with pytest.raises(error, match=r"^Perceptron\(\) has no weights before its first fit, which takes "
                                        r"n_features from X's columns: call fit\(X, y\) before (predict\(X\)|"
                                        r"decision_function\(X\)|model\.weights|model\.bias), or give the size, "
                                        r"Perceptron\(n_features\)$"):
            call()
    assert not hasattr(model, "weights")
    with pytest.raises(ValueError, match=r"epochs must be >= 1"):
        model.fit(X, y, epochs=0)                # a refused fit sizes nothing
    assert model.n_features is None
    model.fit(X, y, epochs=5)
    sized = Perceptron(4).fit(X, y, epochs=5)
    assert model.n_features == 4 and repr(model) == repr(sized) == "Perceptron(n_features=4, lr=1.0)"
    assert model.errors_per_epoch == sized.errors_per_epoch and model.bias == sized.bias
    np.testing.assert_array_equal(model.weights, sized.weights)
    np.testing.assert_array_equal(model.predict(X), sized.predict(X))
    with pytest.raises(ValueError, match=r"^X must have shape \(m, 4\), got \(100, 3\)$"):
        model.fit(X[:, :3], y)                   # the size, once taken, stays


def test_weights_set_by_hand_before_the_first_fit_of_a_perceptron_without_n_features_are_its_start():
    X, y = data.load("and")
    by_hand, sized = Perceptron(), Perceptron(2)
    for model in (by_hand, sized):
        model.weights, model.bias = [1, 1], -1
        model.fit(X, y, epochs=20)
    assert by_hand.errors_per_epoch == sized.errors_per_epoch != Perceptron(2).fit(X, y, epochs=20).errors_per_epoch
    assert (by_hand.weights.tolist(), by_hand.bias) == (sized.weights.tolist(), sized.bias)
    wrong = Perceptron()
    wrong.weights = [1, 1, 1]
    with pytest.raises(ValueError, match=r"^weights must have shape \(2,\), got \(3,\)$"):
        wrong.fit(X, y)
    assert wrong.n_features is None


def test_scikit_learns_default_c_is_the_loss_here_plus_an_l2_penalty_as_documented(float64):
    # its C=1.0 minimises L + ‖w‖²/(2Cm): there the gradient here is -w/(Cm), and db is 0
    X, y = _sklearn_iris_versicolor_or_virginica()
    C = 1.0
    theirs = SklearnLogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(X, y)
    model = LogisticRegression(4)
    model.weights, model.bias = theirs.coef_[0], theirs.intercept_[0]
    _, dw, db = model.loss_and_gradients(X, y)
    np.testing.assert_allclose(dw, -theirs.coef_[0] / (C * len(X)), rtol=1e-5, atol=1e-9)
    assert db == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("model, name, way", [
    (Perceptron, "n_iter_", r"len\(model\.errors_per_epoch\), and the updates it made sum\(model\.errors_per_epoch\)"),
    (LogisticRegression, "n_iter_", r"len\(model\.loss_history\), one per epoch"),
    (LogisticRegression, "predict_log_proba", r"-np\.logaddexp\(0, -model\.decision_function\(X\)\)"),
])
def test_scikit_learns_n_iter_and_log_probabilities_name_the_ones_here(model, name, way):
    # both were Python's bare "'Perceptron' object has no attribute 'n_iter_'"
    X, y = data.load("and")
    fitted = model(2, lr=1.0).fit(X, y, epochs=50)
    with pytest.raises(AttributeError, match=rf"^{model.__name__} has no {name}: .*{way}$"):
        getattr(fitted, name)
    with pytest.raises(AttributeError, match=r"object has no attribute 'predict_log_prob'$"):
        fitted.predict_log_prob                      # a name scikit-learn does not have: Python's words
    if name == "predict_log_proba":                  # the expression named is log p
        np.testing.assert_allclose(-np.logaddexp(0, -fitted.decision_function(X)),
                                   np.log(fitted.predict_proba(X)), rtol=1e-5)


def test_a_shuffled_run_followed_epoch_by_epoch_with_one_generator_is_the_same_run():
    # the docstring's way to draw the weights at each epoch: one Generator for all the calls
    X, y = _sklearn_overlapping_clouds(9)
    whole = Perceptron(2).fit(X, y, epochs=6, shuffle=True, rng=np.random.default_rng(5))
    stepwise, rng, errors = Perceptron(2), np.random.default_rng(5), []
    for _ in range(6):
        errors += stepwise.fit(X, y, epochs=1, shuffle=True, rng=rng).errors_per_epoch
    assert errors == whole.errors_per_epoch
    np.testing.assert_array_equal(stepwise.weights, whole.weights)
    seeded, reseeded = Perceptron(2), []       # a seed repeats its first order: another run
    for _ in range(6):
        reseeded += seeded.fit(X, y, epochs=1, shuffle=True, rng=5).errors_per_epoch
    assert reseeded != whole.errors_per_epoch


@pytest.mark.parametrize("lr", [0.1, 0.3, 0.7, 1e-3, 7.3])
def test_from_zero_the_perceptrons_learning_rate_only_scales_its_weights(lr):
    # the course's claim: from w = 0 every weight is η times a sum of ±x, so the decisions, the
    # mistakes and the weights over η are those of η = 1
    for X, y in (data.load("and"), data.load("or"), _sklearn_overlapping_clouds(3)):
        ones = Perceptron(X.shape[1]).fit(X, y, epochs=30, shuffle=True, rng=np.random.default_rng(1))
        scaled = Perceptron(X.shape[1], lr=lr).fit(X, y, epochs=30, shuffle=True, rng=np.random.default_rng(1))
        assert scaled.errors_per_epoch == ones.errors_per_epoch
        np.testing.assert_allclose(scaled.weights / lr, ones.weights, rtol=1e-9, atol=1e-9)
        assert scaled.bias / lr == pytest.approx(ones.bias, rel=1e-9, abs=1e-9)
