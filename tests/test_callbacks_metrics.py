"""neuralab.train.metrics against scikit-learn's definitions: accuracy (one output with a
threshold, argmax, one-hot, multi-label), MSE, MAE and R² (multi-output, constant targets),
and the errors for shapes that do not match."""
import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab import nn
from neuralab.nn.losses import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from neuralab.train.metrics import accuracy, binary_accuracy, mae, mse, r2, resolve


def _regression(outputs=3, m=50):
    rng = np.random.default_rng(0)
    y = rng.normal(size=(m, outputs)) * [1, 10, 100][:outputs]
    return y + rng.normal(size=y.shape), y


@pytest.mark.parametrize("outputs", [1, 3])
def test_regression_metrics_match_scikit_learn(outputs):
    pred, y = _regression(outputs)
    assert mse(pred, y) == pytest.approx(sk.mean_squared_error(y, pred), rel=1e-12)
    assert mae(pred, y) == pytest.approx(sk.mean_absolute_error(y, pred), rel=1e-12)
    assert r2(pred, y) == pytest.approx(sk.r2_score(y, pred), rel=1e-12)  # mean of per-output R²
    assert r2(pred.astype(np.float32), y) == pytest.approx(sk.r2_score(y, pred), rel=1e-5)


def test_regression_metrics_of_float32_predictions_in_huge_units_do_not_overflow():
    # errors near 1e20 square past float32's range (3e38); their mean is an ordinary float64
    pred, y = _regression(3)
    pred, y = pred * 1e20, y * 1e20
    expected = sk.mean_squared_error(y, pred.astype(np.float32).astype(np.float64))
    assert mse(pred.astype(np.float32), y) == pytest.approx(expected, rel=1e-12)
    assert mae(pred.astype(np.float32), y.astype(np.float32)) == pytest.approx(sk.mean_absolute_error(y, pred), rel=1e-6)
    assert r2(pred.astype(np.float32), y.astype(np.float32)) == pytest.approx(sk.r2_score(y, pred), rel=1e-5)


def test_r2_with_constant_targets_is_scikit_learns():
    y = np.full(5, 2.0)
    assert r2(y.copy(), y) == sk.r2_score(y, y) == 1.0
    assert r2(np.arange(5.0), y) == sk.r2_score(y, np.arange(5.0)) == 0.0
    assert r2(np.array([3.0]), np.array([2.0])) == 0.0  # one sample: constant too
    pred, y = _regression(3)
    y[:, 2], pred[:, 2] = 7.0, 7.0  # one constant output, predicted exactly
    assert r2(pred, y) == pytest.approx(sk.r2_score(y, pred), rel=1e-12)


def test_nan_predictions_make_regression_metrics_nan_and_are_never_correct():
    pred, y = _regression(1)
    pred[3] = np.nan
    assert np.isnan(mse(pred, y)) and np.isnan(mae(pred, y)) and np.isnan(r2(pred, y))
    assert np.isnan(r2(np.array([np.nan, 1.0]), np.array([1.0, 1.0])))  # constant y too
    assert accuracy(np.full((4, 1), np.nan), np.zeros(4)) == 0.0
    assert accuracy(np.array([[np.nan, 0.0], [0.2, 0.1]]), np.array([0, 0])) == 0.5
    assert binary_accuracy(np.full((2, 2), np.nan), np.zeros((2, 2))) == 0.0


def test_accuracy_matches_scikit_learn_for_each_label_format():
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(30, 4))
    labels = rng.integers(0, 4, 30)
    expected = sk.accuracy_score(labels, scores.argmax(axis=1))
    assert accuracy(scores, labels) == expected
    assert accuracy(scores, labels.reshape(-1, 1)) == expected
    assert accuracy(scores, np.eye(4)[labels]) == expected
    assert accuracy(scores.tolist(), labels.tolist()) == expected  # array-likes
    p = rng.uniform(size=30)
    binary = labels % 2
    expected = sk.accuracy_score(binary, p >= 0.5)
    assert accuracy(p, binary) == accuracy(p[:, None], binary) == expected
    assert accuracy(p - 0.5, binary, threshold=0.0) == expected


@pytest.mark.parametrize("fn", [mse, mae, r2, accuracy, binary_accuracy])
@pytest.mark.parametrize("pred, y", [
    (np.zeros((4, 2)), np.zeros(8)),        # same size, other shape: was silently reshaped
    (np.zeros((2, 4)), np.zeros((4, 2))),
    (np.zeros((4, 1)), np.zeros(1)),        # was broadcast
    (np.zeros((4, 3)), np.zeros(3)),
])
def test_metrics_refuse_mismatched_shapes(fn, pred, y):
    with pytest.raises(ValueError, match="pred has"):
        fn(pred, y)


def test_accuracy_refuses_one_hot_rows_of_another_width_and_bad_input():
    with pytest.raises(ValueError, match=r"one-hot rows, shape \(4, 3\)"):
        accuracy(np.eye(3)[[0, 1, 2, 1]], np.eye(4)[[0, 1, 1, 1]])
    with pytest.raises(ValueError, match="empty"):
        accuracy(np.zeros((0, 1)), np.zeros(0))
    with pytest.raises(ValueError, match="y contains NaN"):
        mse(np.zeros(2), np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match="y must hold numbers"):
        accuracy(np.zeros(2), ["a", "b"])


@pytest.mark.parametrize("fn, pred, y, match", [
    (accuracy, np.zeros((4, 1)), [3.1, 10.0, 7.5, 0.2], r"pred of shape \(4, 1\), y must be in \[0, 1\] "
                                                       r"\(the probability of class 1\), got values from 0.2 to 10"),
    (accuracy, np.zeros(4), [-1, 1, 1, -1], r"\(y \+ 1\) / 2"),
    (accuracy, np.zeros(4), [0, 1, 2, 3], "one output per class"),
    (accuracy, np.zeros((4, 3)), [0, 1, 2, 3], r"whole numbers in 0\.\.2 \(class indices\), got values from 0 to 3"),
    (accuracy, np.zeros((4, 3)), [[0.0], [1.5], [2.0], [1.0]], r"whole numbers in 0\.\.2"),
    (accuracy, np.zeros((4, 3)), [0, 1, -1, 2], r"whole numbers in 0\.\.2"),
    (binary_accuracy, np.zeros((4, 2)), np.full((4, 2), 2.5), r"in \[0, 1\]"),
    # K outputs and K target columns: argmax-ed as if one-hot, a regression scored 0.4 "accuracy"
    (accuracy, np.zeros((4, 3)), np.random.default_rng(0).standard_normal((4, 3)),
     r"the rows of y must be one-hot or class probabilities \(in \[0, 1\], summing to 1\), got values from -"),
    (accuracy, np.zeros((4, 3)), [[1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]],
     r"got row 0 summing to 2 \(several classes per sample\? binary_accuracy\)"),
])
def test_accuracy_refuses_what_is_not_class_labels(fn, pred, y, match):
    # a regression target thresholded at 1/2 gave "accuracy 0.03 ... 0.10", which means nothing
    with pytest.raises(ValueError, match=f"accuracy is for class labels: .*{match}.*; for a quantity, use mse, mae or r2$"):
        fn(pred, np.array(y))


def test_accuracy_takes_probabilities_of_class_1_as_labels():
    p = np.array([0.8, 0.3, 0.6, 0.1])
    smoothed = np.array([0.9, 0.1, 0.1, 0.1])   # label smoothing of 1, 0, 0, 0
    assert accuracy(p, smoothed) == accuracy(p, smoothed > 0.5) == 0.75
    assert binary_accuracy(p, smoothed) == 0.75
    assert accuracy(np.eye(3)[[0, 1, 2]], np.array([0.0, 1.0, 2.0])) == 1.0   # whole floats


def test_fit_refuses_accuracy_of_a_regression():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    model = nn.MLP([2, 8, 1], rng=rng)
    with pytest.raises(ValueError, match="accuracy is for class labels.*mse, mae or r2"):
        model.fit(X, 3.3 * X[:, 0] + 10, loss="mse", optimizer="adam", epochs=1, verbose=0,
                  metrics=["accuracy", "mse"])


def test_integer_inputs_do_not_overflow():
    big = np.array([4_000_000_000, 0], dtype=np.int64)  # squared: past the int64 range
    assert mse(big, np.zeros(2, np.int64)) == pytest.approx(8e18)


def test_resolve_takes_one_name_and_uses_binary_accuracy_for_sigmoid_outputs():
    assert list(resolve("mse", MSELoss())) == ["mse"]
    assert resolve(["accuracy"], CrossEntropyLoss())["accuracy"] is accuracy
    assert resolve("auto", BCELoss())["accuracy"] is binary_accuracy
    logits = resolve("auto", BCEWithLogitsLoss())["accuracy"]
    assert logits(np.array([[0.1, -0.1]]), np.array([[1, 0]])) == 1.0


def test_fit_logs_the_accuracy_of_multi_label_outputs():
    # three independent yes/no answers per sample: accuracy is the fraction answered right
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4))
    Y = np.stack([X[:, 0] > 0, X[:, 1] > 0, X[:, 2] + X[:, 3] > 0], axis=1).astype(float)
    model = nn.MLP([4, 16, 3], output="sigmoid", rng=np.random.default_rng(0))
    history = model.fit(X, Y, loss="bce", optimizer="adam", epochs=40, verbose=0, seed=0,
                        validation_data=(X, Y))
    p = model.predict(X)
    assert history["val_accuracy"][-1] == pytest.approx(((p >= 0.5) == (Y > 0.5)).mean())
    assert history["val_accuracy"][-1] > 0.9
