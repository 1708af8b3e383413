"""neuralab.classic: the perceptron learns AND and OR and never XOR; logistic regression's
gradient is PyTorch's, it learns separable data and its loss falls at every step."""
import copy
import re

import numpy as np
import pytest
import torch

from neuralab.classic import LogisticRegression, Perceptron
from neuralab.train import DivergenceWarning

GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
GATES_AS_INTEGERS = GATE_INPUTS.astype(int).tolist()  # as a learner types them
GATES = {"and": np.array([0, 0, 0, 1]), "or": np.array([0, 1, 1, 1]),
         "nand": np.array([1, 1, 1, 0]), "xor": np.array([0, 1, 1, 0])}


def accuracy(model, X, y):
    return float((model.predict(X) == y).mean())


def separable_blobs(rng, m=200, n=3):
    """Two Gaussian clouds on either side of a random hyperplane, with a gap between them."""
    w, b = rng.normal(size=n), rng.normal()
    X = rng.normal(size=(4 * m, n)) * 2
    z = (X @ w + b) / np.linalg.norm(w)
    keep = np.abs(z) > 0.5
    return X[keep][:m], (z[keep][:m] > 0).astype(int), (w, b)


# -- perceptron ----------------------------------------------------------------------------------

@pytest.mark.parametrize("gate", ["and", "or", "nand"])
@pytest.mark.parametrize("shuffle", [False, True])
def test_perceptron_learns_linearly_separable_gates(gate, shuffle):
    y = GATES[gate]
    p = Perceptron(2).fit(GATE_INPUTS, y, epochs=100, shuffle=shuffle, rng=np.random.default_rng(0))
    assert p.converged and accuracy(p, GATE_INPUTS, y) == 1.0
    assert p.converged_epoch == len(p.errors_per_epoch) and p.errors_per_epoch[-1] == 0
    assert all(e > 0 for e in p.errors_per_epoch[:-1])  # it stopped at the first clean epoch


def test_perceptron_and_follows_the_rule_step_by_step():
    # Worked by hand from w = 0, b = 0, η = 1, samples in order (0,0) (0,1) (1,0) (1,1):
    # epoch 1: (0,0) ŷ=1 y=0 -> b=-1; (0,1) ok; (1,0) ok; (1,1) ŷ=0 y=1 -> w=(1,1), b=0.
    p = Perceptron(2).fit(GATE_INPUTS, GATES["and"], epochs=1)
    np.testing.assert_array_equal(p.weights, [1, 1])
    assert p.bias == 0.0 and p.errors_per_epoch == [2] and not p.converged and p.converged_epoch is None
    p = Perceptron(2).fit(GATE_INPUTS, GATES["and"], epochs=100)
    assert p.errors_per_epoch == [2, 3, 3, 2, 1, 0] and p.converged_epoch == 6
    np.testing.assert_array_equal(p.weights, [2, 1])
    assert p.bias == -3.0


def test_perceptron_and_with_a_decimal_step_follows_pencil_and_paper_through_its_ties():
    # Worked by hand from w = (0.2, -0.1), b = 0, η = 0.1: epoch 3 meets z = 0.1 - 0.1 = 0 and
    # 0.2 - 0.2 = 0 (ties: ŷ = 1), epoch 4 0.2 - 0.2 again. The rule ran in float32 (η =
    # 0.100000001), which left w₂ = 1.5e-9 after epoch 1 and made the run [3, 2, 2, 3, ...];
    # float64 alone gives -0.20000000000000004 for b, so that epoch 4 saw no tie: [3, 2, 3, 0].
    table = [((0.2, 0.0), -0.1, 3), ((0.2, 0.1), -0.1, 2), ((0.2, 0.1), -0.2, 3),
             ((0.2, 0.2), -0.2, 2), ((0.2, 0.1), -0.3, 1), ((0.2, 0.1), -0.3, 0)]
    p = Perceptron(2, lr=0.1)
    p.weights, p.bias = [0.2, -0.1], 0
    for weights, bias, mistakes in table:          # epoch by epoch, as a learner checks them
        p.fit(GATES_AS_INTEGERS, GATES["and"], epochs=1)
        np.testing.assert_allclose(p.weights, weights, rtol=0, atol=1e-12)
        assert p.bias == pytest.approx(bias, abs=1e-12) and p.errors_per_epoch == [mistakes]
    assert p.weights.dtype == np.float64
    p = Perceptron(2, lr=0.1)
    p.weights, p.bias = [0.2, -0.1], 0
    assert p.fit(GATES_AS_INTEGERS, GATES["and"]).errors_per_epoch == [3, 2, 3, 2, 1, 0]
    assert p.predict(GATES_AS_INTEGERS).tolist() == [0, 0, 0, 1]  # (1,1): z = 0.2 + 0.1 - 0.3 = 0


def test_perceptron_step_of_a_tie_is_1_as_on_paper():
    p = Perceptron(2)
    p.weights, p.bias = [-0.1, -0.2], 0.3          # z(1, 1) = -0.1 - 0.2 + 0.3 = 0
    assert p.decision_function([[1, 1]])[0] == pytest.approx(0, abs=1e-15)  # -5.6e-17 in float64
    assert p.predict([[1, 1], [1, 1.001], [1, 0.999]]).tolist() == [1, 0, 1]


def test_perceptron_ties_change_nothing_on_real_valued_data():
    """The rule as float64 computes it, sample by sample: on real-valued data no z is within
    rounding error of 0, so the tolerance for ties decides nothing."""
    for seed in range(5):
        rng = np.random.default_rng(seed)
        X, y, _ = separable_blobs(rng, m=100)
        X *= 10.0 ** rng.integers(-5, 6)
        w, b, lr, errors = rng.normal(size=3), float(rng.normal()), float(rng.uniform(0.01, 2)), []
        p = Perceptron(3, lr=lr)
        p.weights, p.bias = w.copy(), b
        for _ in range(50):
            mistakes = 0
            for xi, yi in zip(X, y):
                y_hat = 1 if xi @ w + b >= 0 else 0
                w, b, mistakes = w + lr * (yi - y_hat) * xi, b + lr * (yi - y_hat), mistakes + (yi != y_hat)
            errors.append(mistakes)
            if mistakes == 0:
                break
        p.fit(X, y, epochs=50)
        assert p.errors_per_epoch == errors
        np.testing.assert_array_equal(p.weights, w)


def test_a_single_sample_given_as_a_vector_is_refused_with_the_reshape():
    for model in (Perceptron(2).fit(GATE_INPUTS, GATES["and"]), LogisticRegression(2)):
        with pytest.raises(ValueError, match=r"^X must have 2 dimensions, got shape \(2,\) \(one sample\? "
                                             r"make it a row: np\.reshape\(X, \(1, -1\)\)\)$"):
            model.predict([1, 1])
    with pytest.raises(ValueError, match=r"\(one feature per sample\? make it a column: np\.reshape\(X, \(-1, 1\)\)\)$"):
        Perceptron(1).fit([0.0, 1.0, 2.0], [0, 1, 1])


@pytest.mark.parametrize("epochs", [1, 10, 100, 1000])
@pytest.mark.parametrize("shuffle", [False, True])
def test_perceptron_never_learns_xor(epochs, shuffle):
    p = Perceptron(2).fit(GATE_INPUTS, GATES["xor"], epochs=epochs, shuffle=shuffle,
                          rng=np.random.default_rng(epochs))
    assert not p.converged and p.converged_epoch is None
    assert len(p.errors_per_epoch) == epochs and min(p.errors_per_epoch) > 0
    assert accuracy(p, GATE_INPUTS, GATES["xor"]) < 1.0


def test_perceptron_never_learns_xor_from_any_start():
    rng = np.random.default_rng(1)
    for _ in range(50):
        p = Perceptron(2, lr=rng.uniform(0.01, 2))
        p.weights, p.bias = rng.normal(size=2), float(rng.normal())
        p.fit(GATE_INPUTS, GATES["xor"], epochs=50)
        assert not p.converged and accuracy(p, GATE_INPUTS, GATES["xor"]) <= 0.75


def test_perceptron_converges_on_separable_data_within_novikoffs_bound():
    rng = np.random.default_rng(2)
    X, y, (w, b) = separable_blobs(rng)
    p = Perceptron(3).fit(X, y, epochs=1000)
    assert p.converged and accuracy(p, X, y) == 1.0
    # Novikoff: mistakes ≤ (R/γ)², with the bias folded in as a constant input 1, R the largest
    # input norm and γ the margin of any separating hyperplane (here, the one X was built from)
    X1, u = np.hstack([X, np.ones((len(X), 1))]), np.append(w, b) / np.linalg.norm(np.append(w, b))
    R, gamma = np.linalg.norm(X1, axis=1).max(), ((2 * y - 1) * (X1 @ u)).min()
    assert 0 < sum(p.errors_per_epoch) <= (R / gamma) ** 2


def test_perceptron_predict_returns_integers_and_weights_have_the_right_shape():
    p = Perceptron(3)
    assert p.weights.shape == (3,) and (p.weights == 0).all() and p.bias == 0.0
    pred = p.predict(np.ones((5, 3)))
    assert pred.dtype.kind == "i" and pred.shape == (5,) and (pred == 1).all()  # step(0) = 1


def test_perceptron_accepts_column_labels_and_bool_labels():
    for y in (GATES["or"].reshape(-1, 1), GATES["or"].astype(bool), GATES["or"].astype(float)):
        assert Perceptron(2).fit(GATE_INPUTS, y).converged


@pytest.mark.parametrize("kwargs, match", [
    ({"n_features": 0}, "n_features"), ({"n_features": 2.0}, "n_features"),
    ({"n_features": True}, "n_features"), ({"n_features": 2, "lr": 0}, "lr"),
    ({"n_features": 2, "lr": -1}, "lr"), ({"n_features": 2, "lr": float("nan")}, "lr"),
    ({"n_features": 2, "lr": "1"}, "lr"),
])
def test_perceptron_constructor_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Perceptron(**kwargs)


@pytest.mark.parametrize("X, y, epochs, match", [
    (GATE_INPUTS[:, :1], GATES["and"], 10, r"X must have shape \(m, 2\)"),
    (GATE_INPUTS[0], GATES["and"], 10, "X must have 2 dimensions"),
    (np.where(GATE_INPUTS == 1, np.nan, 0), GATES["and"], 10, "X contains NaN"),
    (GATE_INPUTS, GATES["and"][:3], 10, r"y must have shape \(4,\)"),
    (GATE_INPUTS, np.ones((4, 2)), 10, r"y must have shape \(4,\)"),
    (GATE_INPUTS, [-1, -1, -1, 1], 10, "only the labels 0 and 1"),
    (GATE_INPUTS, [0, 0, 0, 2], 10, "only the labels 0 and 1"),
    (GATE_INPUTS, [0, 0, 0, 0.5], 10, "only the labels 0 and 1"),
    (GATE_INPUTS, [0, 0, 0, np.inf], 10, "y contains NaN or inf"),
    (GATE_INPUTS, GATES["and"], 0, "epochs"),
    (GATE_INPUTS, GATES["and"], 2.5, "epochs"),
])
def test_perceptron_fit_refuses_bad_input_and_changes_nothing(X, y, epochs, match):
    p = Perceptron(2).fit(GATE_INPUTS, GATES["and"], epochs=2)
    before = copy.deepcopy(vars(p))
    with pytest.raises(ValueError, match=match):
        p.fit(X, y, epochs=epochs)
    after = vars(p)
    assert after.keys() == before.keys()
    for key, value in before.items():
        np.testing.assert_array_equal(after[key], value)


def test_perceptron_predict_refuses_bad_shapes():
    with pytest.raises(ValueError, match=r"X must have shape \(m, 2\)"):
        Perceptron(2).predict(np.zeros((3, 3)))


# -- logistic regression -------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logistic_regression_gradient_is_torchs_bce_with_logits_gradient(dtype):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 4)).astype(dtype)
    y = rng.integers(0, 2, size=50).astype(dtype)
    model = LogisticRegression(4)
    model.unit.weight.data[...] = rng.normal(size=(1, 4))
    model.unit.bias.data[...] = rng.normal()
    loss, dw, db = model.loss_and_gradients(X, y)

    w = torch.tensor(model.weights, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(model.bias, dtype=torch.float64, requires_grad=True)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.from_numpy(X.astype(np.float64)) @ w + b, torch.from_numpy(y.astype(np.float64)))
    expected.backward()
    tol = 1e-5 if dtype == np.float32 else 1e-7  # the unit's weights are float32 (default dtype)
    np.testing.assert_allclose(loss, expected.item(), rtol=tol)
    np.testing.assert_allclose(dw, w.grad.numpy(), rtol=tol, atol=tol)
    np.testing.assert_allclose(db, b.grad.item(), rtol=tol, atol=tol)
    # and it is the textbook formula: dw = Xᵀ(p - y)/m, db = mean(p - y)
    p = model.predict_proba(X)
    np.testing.assert_allclose(dw, X.T @ (p - y) / len(X), rtol=tol, atol=tol)
    np.testing.assert_allclose(db, np.mean(p - y), rtol=tol, atol=tol)


def test_logistic_regression_learns_a_linearly_separable_set():
    rng = np.random.default_rng(4)
    X, y, _ = separable_blobs(rng)
    model = LogisticRegression(3, lr=0.5).fit(X, y, epochs=500)
    assert accuracy(model, X, y) == 1.0
    assert model.loss_history[-1] < 0.1 * model.loss_history[0]
    assert model.loss_history[0] == pytest.approx(np.log(2))  # zero weights: p = 1/2 everywhere


def test_logistic_regression_learns_and_and_or_but_not_xor():
    for gate in ("and", "or"):
        model = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES[gate], epochs=500)
        assert accuracy(model, GATE_INPUTS, GATES[gate]) == 1.0
    model = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES["xor"], epochs=500)
    assert accuracy(model, GATE_INPUTS, GATES["xor"]) < 1.0
    # by symmetry the gradient at w = 0, b = 0 is zero: p = 1/2 everywhere is the best it can do
    np.testing.assert_allclose(model.predict_proba(GATE_INPUTS), 0.5, atol=1e-6)


def test_logistic_regression_loss_decreases_at_every_step_for_a_small_lr(float64):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(100, 3))
    y = (X @ [1.0, -2.0, 0.5] + rng.normal(size=100) > 0).astype(float)  # noisy: not separable
    X1 = np.hstack([X, np.ones((100, 1))])
    lr = 4 * len(X) / np.linalg.eigvalsh(X1.T @ X1).max()  # 1/L, L the loss's smoothness constant
    model = LogisticRegression(3, lr=lr).fit(X, y, epochs=100)
    assert len(model.loss_history) == 100
    assert (np.diff(model.loss_history) < 0).all()
    too_large = LogisticRegression(3, lr=20 * lr).fit(X, y, epochs=100)  # the bound matters
    assert (np.diff(too_large.loss_history) > 0).any()


def test_logistic_regression_fit_continues_and_predicts_from_z():
    model = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES["and"], epochs=10)
    model.fit(GATE_INPUTS, GATES["and"], epochs=5)
    assert len(model.loss_history) == 15
    z = model.decision_function(GATE_INPUTS)
    np.testing.assert_array_equal(model.predict(GATE_INPUTS), (z >= 0).astype(int))
    assert model.predict(GATE_INPUTS).dtype.kind == "i"
    assert model.weights.shape == (2,) and isinstance(model.bias, float)


def test_logistic_regression_predicts_1_from_z_at_or_above_0_even_where_float32_rounds_p_to_one_half():
    model = LogisticRegression(1)
    X = np.zeros((1, 1), np.float32)
    model.weights, model.bias = [1.0], 0.0     # z = 0 exactly: p = 1/2, a tie, class 1 as the perceptron's
    assert model.predict_proba(X).tolist() == [0.5] and model.predict(X).tolist() == [1]
    model.bias = -1e-8                         # p = 1/2 - 2.5e-9, which float32 rounds to 1/2
    assert model.predict_proba(X).tolist() == [0.5] and model.predict(X).tolist() == [0]


@pytest.mark.parametrize("labels", [GATES["and"].astype(bool), GATES["and"].astype(float),
                                    GATES["and"].astype(np.float32), GATES["and"].astype(np.uint8),
                                    GATES["and"].reshape(-1, 1), GATES["and"].astype(bool).reshape(-1, 1),
                                    GATES["and"].tolist()],
                         ids=["bool", "float", "float32", "uint8", "column", "bool column", "list"])
def test_logistic_regression_takes_labels_as_bool_floats_or_a_column_as_the_integers(labels):
    expected = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES["and"], epochs=50)
    model = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, labels, epochs=50)
    np.testing.assert_array_equal(model.weights, expected.weights)
    assert model.bias == expected.bias and model.loss_history == expected.loss_history


@pytest.mark.parametrize("X, y, epochs, match", [
    (GATE_INPUTS[:, :1], GATES["and"], 10, r"X must have shape \(m, 2\)"),
    (np.full((4, 2), np.inf), GATES["and"], 10, "X contains NaN or inf"),
    (GATE_INPUTS, GATES["and"][:2], 10, r"y must have shape \(4,\)"),
    (GATE_INPUTS, [0, 0, 0, 2], 10, r"labels 0 and 1 \(or probabilities"),
    (GATE_INPUTS, [0, 0, 0, -1], 10, r"labels 0 and 1 \(or probabilities"),
    (GATE_INPUTS, GATES["and"], 0, "epochs"),
])
def test_logistic_regression_fit_refuses_bad_input_and_changes_nothing(X, y, epochs, match):
    model = LogisticRegression(2).fit(GATE_INPUTS, GATES["and"], epochs=3)
    weights, bias, history = model.weights.copy(), model.bias, list(model.loss_history)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y, epochs=epochs)
    np.testing.assert_array_equal(model.weights, weights)
    assert model.bias == bias and model.loss_history == history


def test_logistic_regression_constructor_refuses_bad_arguments():
    with pytest.raises(ValueError, match="n_features"):
        LogisticRegression(0)
    with pytest.raises(ValueError, match="lr"):
        LogisticRegression(2, lr=0)


# -- audit: against scikit-learn, huge inputs, shuffling arguments ---------------------------------

def _sklearn_optimum(X, y):
    """scikit-learn's unpenalised logistic regression, solved to float64 precision.

    Newton's method with Cholesky steps (scikit-learn >= 1.2) reaches the same optimum to 12 digits
    on scikit-learn 1.3 and 1.9 alike; lbfgs, the default, stops earlier on 1.3 at the same tol,
    up to 5e-5 (relative) short of it: a looser reference, not a fault of the model under test.
    """
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression
    return SkLogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=10_000).fit(X, y)


def test_logistic_regression_converges_to_scikit_learns_unpenalised_fit(float64):
    from sklearn.datasets import make_classification
    from sklearn.metrics import log_loss
    X, y = make_classification(200, 3, n_informative=3, n_redundant=0, class_sep=0.8,
                               flip_y=0.1, random_state=0)  # overlapping classes: a finite optimum
    reference = _sklearn_optimum(X, y)
    model = LogisticRegression(3, lr=1.0).fit(X, y, epochs=20_000)
    np.testing.assert_allclose(model.weights, reference.coef_[0], rtol=1e-6)
    assert model.bias == pytest.approx(reference.intercept_[0], rel=1e-6)
    assert model.loss_history[-1] == pytest.approx(log_loss(y, reference.predict_proba(X)[:, 1]),
                                                   rel=1e-9)
    np.testing.assert_allclose(model.predict_proba(X), reference.predict_proba(X)[:, 1], atol=1e-7)


def test_logistic_regression_in_float32_reaches_scikit_learns_optimum_to_float32_precision():
    from sklearn.datasets import make_classification
    X, y = make_classification(200, 3, n_informative=3, n_redundant=0, class_sep=0.8,
                               flip_y=0.1, random_state=1)
    reference = _sklearn_optimum(X, y)
    for data in (X, X.astype(np.float32)):          # float64 data computes in float64, as any layer does
        model = LogisticRegression(3, lr=1.0).fit(data, y, epochs=5_000)
        assert model.weights.dtype == np.float32
        np.testing.assert_allclose(model.weights, reference.coef_[0], rtol=1e-5)
        assert model.bias == pytest.approx(reference.intercept_[0], rel=1e-5)


def test_a_constant_feature_moves_with_the_bias_and_changes_no_prediction(float64):
    # its gradient is c · db at every step: from zero weights its weight stays c times the bias,
    # and together they act as one bias, the one scikit-learn finds without that column
    rng = np.random.default_rng(8)
    X = rng.normal(size=(150, 2))
    y = (X @ [1.5, -1.0] + 0.5 + rng.logistic(size=150) > 0).astype(int)
    c = 3.0
    model = LogisticRegression(3, lr=0.1).fit(np.column_stack([X, np.full(150, c)]), y, epochs=20_000)
    assert model.weights[2] == pytest.approx(c * model.bias, rel=1e-12)
    reference = _sklearn_optimum(X, y)
    np.testing.assert_allclose(model.weights[:2], reference.coef_[0], rtol=1e-6)
    assert model.bias + c * model.weights[2] == pytest.approx(reference.intercept_[0], rel=1e-6)


def test_logistic_regression_on_separable_data_grows_its_weights_without_bound_and_without_overflow():
    # the loss tends to 0 only as ‖w‖ → ∞; each fit continues (the conftest makes any overflow an error)
    X, y, _ = separable_blobs(np.random.default_rng(9), m=100, n=2)
    model, norms = LogisticRegression(2, lr=1.0), []
    for _ in range(6):
        model.fit(X, y, epochs=2_000)
        norms.append(np.linalg.norm([*model.weights, model.bias]))
    assert all(b > a for a, b in zip(norms, norms[1:]))
    assert all(b <= a for a, b in zip(model.loss_history, model.loss_history[1:]))
    assert model.loss_history[-1] < 1e-3 and accuracy(model, X, y) == 1.0
    p = model.predict_proba(X)
    assert ((p > 0.5) == (y == 1)).all() and ((0 <= p) & (p <= 1)).all()


@pytest.mark.parametrize("lr, X", [(1e300, GATE_INPUTS), (1e38, 1e3 * GATE_INPUTS),
                                   (1.0, (1e37 * GATE_INPUTS).astype(np.float32))])
def test_logistic_regression_stops_before_a_step_past_the_float_range(lr, X):
    # float32 weights: η·dw overflowed, with a RuntimeWarning at every step, and left NaN weights
    # that predict 0 for everything; training now stops before that step and says why
    model = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES["and"], epochs=3)
    before = _unchanged(model)
    model.lr = lr
    with pytest.warns(DivergenceWarning, match=r"^LogisticRegression: training stopped at step \d+: the (step|loss) "
                                               r"became infinite or NaN \(the weights are the last finite ones\): "
                                               rf"lr = {re.escape(f'{lr:g}')} is too large"):
        model.fit(X, GATES["and"], epochs=50)
    assert np.isfinite(model.weights).all() and np.isfinite(model.bias)
    steps = len(model.loss_history) - len(before["loss_history"])
    replay = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES["and"], epochs=3)
    replay.lr = lr
    if steps:
        replay.fit(X, GATES["and"], epochs=steps)   # the same steps, all finite, without a warning
    np.testing.assert_array_equal(model.weights, replay.weights)
    assert model.bias == replay.bias and model.loss_history == replay.loss_history


@pytest.mark.parametrize("X", [np.array([[3e38, 3e38], [-3e38, -3e38]], np.float32),
                               np.array([[1e307, 1e307], [-1e307, -1e307]])])
def test_predictions_for_huge_inputs_are_exact_without_overflow_errors(X):
    # z = w·x + b overflows to ±inf; σ(±inf) and step(±inf) are still exactly 1 and 0
    model = LogisticRegression(2, lr=1.0).fit(GATE_INPUTS, GATES["and"], epochs=500)
    np.testing.assert_array_equal(model.predict_proba(X), [1.0, 0.0])
    np.testing.assert_array_equal(model.predict(X), [1, 0])
    perceptron = Perceptron(2).fit(GATE_INPUTS, GATES["and"])
    np.testing.assert_array_equal(perceptron.predict(X), [1, 0])


def test_perceptron_shuffles_with_an_integer_seed_including_zero():
    X, y, _ = separable_blobs(np.random.default_rng(6), m=60)
    runs = [Perceptron(3).fit(X, y, epochs=100, shuffle=True, rng=seed).errors_per_epoch
            for seed in (0, 0, np.random.default_rng(0))]
    assert runs[0] == runs[1] == runs[2]  # rng=0 is the seed 0, not "no generator given"


@pytest.mark.parametrize("kwargs, match", [
    ({"shuffle": True, "rng": "seed"}, "rng must be an integer seed, a numpy.random.Generator or None, got str"),
    ({"shuffle": True, "rng": 1.5}, "rng must be"),
    ({"shuffle": True, "rng": -1}, "rng must be >= 0"),
    ({"shuffle": "no"}, "shuffle must be True or False"),
])
def test_perceptron_refuses_bad_shuffling_arguments_and_changes_nothing(kwargs, match):
    p = Perceptron(2).fit(GATE_INPUTS, GATES["and"], epochs=2)
    before = copy.deepcopy(vars(p))
    with pytest.raises(ValueError, match=match):
        p.fit(GATE_INPUTS, GATES["or"], **kwargs)
    for key, value in before.items():
        np.testing.assert_array_equal(vars(p)[key], value)


def test_perceptron_refit_continues_from_its_weights():
    p = Perceptron(2).fit(GATE_INPUTS, GATES["and"])
    weights, bias = p.weights.copy(), p.bias
    p.fit(GATE_INPUTS, GATES["and"])  # already right: one clean epoch, nothing moves
    assert p.errors_per_epoch == [0] and p.converged and p.converged_epoch == 1
    np.testing.assert_array_equal(p.weights, weights)
    assert p.bias == bias
    p.fit(GATE_INPUTS, GATES["xor"], epochs=3)  # a failed refit says so and keeps training state
    assert not p.converged and p.converged_epoch is None and len(p.errors_per_epoch) == 3


def test_perceptron_starts_from_weights_set_by_hand_as_a_list_or_integers():
    p = Perceptron(2)
    p.weights, p.bias = [1, 1], -1         # a first guess: x1 + x2 - 1 >= 0 is OR
    assert p.fit(GATE_INPUTS, GATES["or"]).converged and p.converged_epoch == 1
    p.weights, p.bias = np.array([1, 1]), 0
    p.fit(GATE_INPUTS, GATES["and"], epochs=20)
    assert p.converged and p.weights.dtype.kind == "f"
    bias = np.array(-0.5)                    # a 0-d array, as w @ x gives: a number, left alone
    p.weights, p.bias = [1.0, 1.0], bias
    assert p.fit(GATE_INPUTS, GATES["or"]).converged and bias == -0.5 and isinstance(p.bias, float)


@pytest.mark.parametrize("weights, bias, match", [
    ([1.0, 1.0, 1.0], 0.0, r"weights must have shape \(2,\), got \(3,\)"),
    ([[1.0, 1.0]], 0.0, "weights must have 1 dimension,"),
    ([1.0, np.nan], 0.0, "weights contains NaN"),
    (["a", "b"], 0.0, "weights must be an array of real numbers"),
    ([1.0, 1.0], float("inf"), "bias must be a finite number"),
    ([1.0, 1.0], "0", "bias must be a finite number"),
])
def test_perceptron_refuses_bad_hand_set_weights_before_training_or_predicting(weights, bias, match):
    p = Perceptron(2)
    p.weights, p.bias = weights, bias
    for use in (lambda: p.fit(GATE_INPUTS, GATES["and"]), lambda: p.predict(GATE_INPUTS),
                lambda: p.decision_function(GATE_INPUTS)):
        with pytest.raises((ValueError, TypeError), match=match):
            use()
    assert p.weights is weights and p.errors_per_epoch == []


@pytest.mark.parametrize("model", [Perceptron, LogisticRegression])
def test_a_size_past_the_cap_is_refused_before_allocating(model):
    # Perceptron(10**12) raised MemoryError (3.6 TiB) and Perceptron(10**9) took 4 GB
    for n in (10**12, 10**9, 1_000_001):
        with pytest.raises(ValueError, match=r"^n_features must be between 1 and 1000000,"):
            model(n)
    assert model(1_000_000).weights.shape == (1_000_000,)


def test_logistic_regression_weights_and_bias_set_by_hand_as_the_perceptrons():
    # LogisticRegression(2).weights = ... raised AttributeError, where Perceptron takes them
    model = LogisticRegression(2)
    model.weights, model.bias = [1, 1], -1         # integers, as a first guess
    np.testing.assert_array_equal(model.decision_function(GATE_INPUTS), [-1, 0, 0, 1])
    assert model.weights.dtype == model.unit.weight.data.dtype and isinstance(model.bias, float)
    model.bias = np.array(-0.5)                    # a 0-d array is a number
    assert model.bias == -0.5
    model.fit(GATE_INPUTS, GATES["or"], epochs=2)  # training goes on from them
    assert len(model.loss_history) == 2


@pytest.mark.parametrize("name, value, match", [
    ("weights", [1.0, 1.0, 1.0], r"weights must have shape \(2,\), got \(3,\)"),
    ("weights", [[1.0, 1.0]], "weights must have 1 dimension,"),
    ("weights", [1.0, np.nan], "weights contains NaN"),
    ("weights", ["a", "b"], "weights must be an array of real numbers"),
    ("bias", float("inf"), "bias must be a finite number"),
    ("bias", "0", "bias must be a finite number"),
])
def test_logistic_regression_refuses_bad_hand_set_weights_and_changes_nothing(name, value, match):
    model = LogisticRegression(2).fit(GATE_INPUTS, GATES["and"], epochs=3)
    before = model.weights.copy(), model.bias
    with pytest.raises((ValueError, TypeError), match=match):
        setattr(model, name, value)
    np.testing.assert_array_equal(model.weights, before[0])
    assert model.bias == before[1]


@pytest.mark.parametrize("model", [Perceptron, LogisticRegression])
@pytest.mark.parametrize("labels, hint, error", [
    ([-1, 1, -1, 1], r"; map the labels -1/\+1 to 0/1 with \(y \+ 1\) // 2$", ValueError),
    # the ±1 mapping was given for any labels: on 1/2 it made every sample class 1
    ([1, 2, 1, 2], r"; map the labels 1/2 to 0/1 with y - 1$", ValueError),
    ([3, 7, 3, 7], r"; map the two labels to 0/1 with \(y == 7\)\.astype\(int\), which makes 7 the class 1$",
     ValueError),
    (["no", "yes", "no", "yes"], r"got text labels; map the two labels to 0/1 with \(y == 'yes'\)", TypeError),
    ([0, 1, 2, 1], r"; the labels make 3 classes: for more than two, train an nn\.MLP with a softmax output "
                   r"\(this model separates two classes\)$", ValueError),
], ids=["±1", "1/2", "3/7", "text", "three"])
def test_labels_other_than_0_and_1_get_the_mapping_that_fits_them(model, labels, hint, error):
    X = np.asarray(GATE_INPUTS, float)
    with pytest.raises(error, match=hint) as err:
        model(2).fit(X, np.array(labels))
    pasted = re.search(r"; map .* with (.+?)(?:, which makes .*)?$", str(err.value))
    if pasted:                                                   # the mapping works as named
        y = eval(pasted.group(1), {"y": np.array(labels)})
        assert model(2).fit(X, y, epochs=1000).predict(X).tolist() == [0, 1, 0, 1]


def test_logistic_regression_says_when_its_loss_rose_and_which_lr_would_not():
    """breast_cancer unstandardised (features in the thousands): the loss went 0.69 -> 8795 and
    accuracy 0.71, silently. The lr the warning names is the docstring's bound: it trains."""
    from neuralab import data
    from neuralab.train import DivergenceWarning
    ds = data.load("breast_cancer")
    with pytest.warns(DivergenceWarning, match=r"the loss rose from 0.6931 to .* over 20 steps: lr = 0.1 is too "
                                               r"large .* \(at most (\S+) lowers .*\); standardise them") as record:
        LogisticRegression(30).fit(ds.X, ds.y, epochs=20)
    largest = float(str(record[0].message).split("at most ")[1].split(" ")[0])
    model = LogisticRegression(30, lr=largest * 0.99).fit(ds.X, ds.y, epochs=20)    # no warning (errors here)
    assert all(b <= a for a, b in zip(model.loss_history, model.loss_history[1:]))  # every step lowers it
    model = LogisticRegression(30).fit(data.Standardizer().fit_transform(ds.X), ds.y, epochs=20)
    assert model.loss_history[-1] < 0.2


# -- sweep: numbers past the float range, labels of Python objects, ragged and masked data -----

def _unchanged(model):
    """A copy of the model's state (its weights, bias, lr and records), to compare after a
    refused call."""
    return copy.deepcopy({"weights": np.array(model.weights), "bias": model.bias,
                          **{k: v for k, v in vars(model).items() if k not in ("unit", "loss")}})


def _assert_same(model, before):
    after = _unchanged(model)
    assert after.keys() == before.keys()
    for key, value in before.items():
        np.testing.assert_array_equal(after[key], value)


@pytest.mark.parametrize("model", [Perceptron, LogisticRegression])
def test_an_lr_past_the_float_range_is_refused_naming_lr(model):
    # NumPy's "ufunc 'isfinite' not supported for the input types" named nothing
    with pytest.raises(ValueError, match=r"^lr must be a positive finite number, got 1\.00e\+400$"):
        model(2, lr=10**400)
    fitted = model(2).fit(GATE_INPUTS, GATES["and"], epochs=2)
    before = _unchanged(fitted)
    fitted.lr = 10**400                             # set by hand: refused when fit reads it
    with pytest.raises(ValueError, match=r"^lr must be a positive finite number"):
        fitted.fit(GATE_INPUTS, GATES["and"], epochs=2)
    fitted.lr = before["lr"]
    _assert_same(fitted, before)


@pytest.mark.parametrize("model", [Perceptron, LogisticRegression])
@pytest.mark.parametrize("y, error, match", [
    # AttributeError "'int' object has no attribute 'item'", from the hint for text labels
    (GATES["and"].astype(object), TypeError,
     r"^y must hold numbers, got an array of dtype object \(Python objects\): convert it, "
     r"np.asarray\(y, dtype=float\)"),
    # "'<' not supported between instances of 'int' and 'NoneType'"
    ([0, 0, None, 1], TypeError, r"^y must hold the labels 0 and 1, got None at index 2: every sample needs its label"),
    (np.array(["0", 0, 0, 1], dtype=object), TypeError, r"^y must hold the labels 0 and 1, got str '0' at index 0"),
    (np.array(["no", "no", "no", "yes"], dtype=object), TypeError, r"got text labels; map the two labels to 0/1 with \(y == 'yes'\)"),
    # NumPy's "setting an array element with a sequence ... inhomogeneous shape"
    ([[0], [1, 1], 0, 1], ValueError, r"^y holds rows of different lengths \(a ragged nested list\)"),
    (np.ma.masked_array([0, 0, 7, 1], mask=[0, 0, 1, 0]), ValueError,
     r"^y is a masked array with 1 masked value, which would be read as the numbers under the mask"),
], ids=["object", "None", "str-and-int", "text-objects", "ragged", "masked"])
def test_labels_of_python_objects_ragged_or_masked_are_refused_and_change_nothing(model, y, error, match):
    fitted = model(2).fit(GATE_INPUTS, GATES["and"], epochs=2)
    before = _unchanged(fitted)
    with pytest.raises(error, match=match):
        fitted.fit(GATE_INPUTS, y, epochs=2)
    _assert_same(fitted, before)
    if isinstance(y, np.ndarray) and y.dtype == object and not isinstance(y[0], str):  # the fix named works
        assert model(2).fit(GATE_INPUTS, np.asarray(y, dtype=float), epochs=2)


@pytest.mark.parametrize("model", [Perceptron, LogisticRegression])
def test_masked_and_ragged_inputs_are_refused_where_they_enter(model):
    # the Perceptron trained on, and predicted from, the 1e30 under the mask
    X = np.ma.masked_array(GATE_INPUTS.copy(), mask=False)
    X.data[1, 1], X.mask[1, 1] = 1e30, True
    fitted = model(2).fit(GATE_INPUTS, GATES["and"], epochs=2)
    before = _unchanged(fitted)
    for call in (lambda: fitted.fit(X, GATES["and"]), lambda: fitted.predict(X),
                 lambda: fitted.decision_function(X)):
        with pytest.raises(ValueError, match=r"^X is a masked array with 1 masked value.*X.filled"):
            call()
    with pytest.raises(ValueError, match=r"^X holds rows of different lengths"):
        fitted.fit([[0, 0], [0, 1], [1], [1, 1]], GATES["and"])
    _assert_same(fitted, before)
    nothing_masked = np.ma.masked_array(GATE_INPUTS, mask=False)  # plain data: taken
    assert fitted.predict(nothing_masked).tolist() == fitted.predict(GATE_INPUTS).tolist()


@pytest.mark.parametrize("model", [Perceptron, LogisticRegression])
def test_epochs_have_a_maximum_that_says_how_to_train_longer(model):
    # LogisticRegression(2).fit(X, y, epochs=10**12) ran for a year (the Perceptron too on XOR)
    fitted = model(2).fit(GATE_INPUTS, GATES["xor"], epochs=2)
    before = _unchanged(fitted)
    for epochs in (1_000_001, 10**12):  # in this order, the test fails in a minute without the cap
        with pytest.raises(ValueError, match=rf"^epochs must be at most 1,000,000 in one fit, got {epochs:,}; "
                                             rf"to train longer, call fit again"):
            fitted.fit(GATE_INPUTS, GATES["xor"], epochs=epochs)
    _assert_same(fitted, before)


@pytest.mark.parametrize("cls, default_lr", [(Perceptron, 1.0), (LogisticRegression, 0.1)])
def test_classic_repr_shows_the_constructor_call_that_builds_it_again(cls, default_lr):
    # print(model) in a notebook: the call that makes the same unit, its weights aside
    model = cls(3, lr=0.25)
    assert repr(model) == f"{cls.__name__}(n_features=3, lr=0.25)"
    again = eval(repr(model), {cls.__name__: cls})
    assert (again.n_features, again.lr) == (3, 0.25)
    assert repr(cls(2)) == f"{cls.__name__}(n_features=2, lr={default_lr})"


# -- scikit-learn's habits ----------------------------------------------------------------------
@pytest.mark.parametrize("ours, theirs", [("Perceptron", "Perceptron"), ("LogisticRegression", "LogisticRegression")])
def test_every_keyword_of_scikit_learns_model_is_answered_with_its_way_here(ours, theirs):
    """A learner who used scikit-learn writes Perceptron(max_iter=50, eta0=0.1) or
    LogisticRegression(C=1.0): each keyword of scikit-learn's own class is refused with what does
    its job here (Python's bare "unexpected keyword argument" named none). Walking its signature
    makes a new keyword show up."""
    import inspect
    import sklearn.linear_model
    cls = {"Perceptron": Perceptron, "LogisticRegression": LogisticRegression}[ours]
    keywords = [name for name in inspect.signature(getattr(sklearn.linear_model, theirs)).parameters
                if name not in ("self", "lr")]
    assert "max_iter" in keywords and "random_state" in keywords
    for name in keywords:
        with pytest.raises(TypeError, match=rf"^{ours}\(\) got an unexpected keyword argument {name!r} "
                                            rf"\([^)]+.*\); it takes n_features, lr$"):
            cls(2, **{name: 1})


@pytest.mark.parametrize("cls", [Perceptron, LogisticRegression])
@pytest.mark.parametrize("name, way", [("coef_", r"model\.weights"), ("intercept_", r"model\.bias"),
                                       ("score", r"np\.mean\(model\.predict\(X\) == y\)")])
def test_scikit_learns_fitted_attributes_name_the_ones_here(cls, name, way):
    model = cls(2).fit(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1]), epochs=5)
    with pytest.raises(AttributeError, match=rf"^{cls.__name__} has no {name}: .*{way}"):
        getattr(model, name)
    with pytest.raises(AttributeError, match=r"object has no attribute 'coef'$"):   # others: Python's words
        model.coef
    assert not hasattr(model, "coef_") and copy.deepcopy(model).n_features == 2


def test_perceptron_tie_width_is_tie_times_the_sizes_z_is_made_of():
    from neuralab.classic.perceptron import TIE, tie_width
    w, b, lr, x = np.array([0.2, -0.1]), 0.3, 0.1, np.array([1.0, 2.0])
    # |w|·|x| + |b| + η(‖x‖₁ + 1) = 0.4 + 0.3 + 0.4
    assert tie_width(x, w, b, lr) == pytest.approx(TIE * 1.1)
    # and for 2x, row by row: 0.8 + 0.3 + 0.7
    np.testing.assert_allclose(tie_width(np.stack([x, 2 * x]), w, b, lr), TIE * np.array([1.1, 1.8]))
