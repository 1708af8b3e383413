"""neuralab.train.metrics against scikit-learn's definitions: accuracy (one output with a
threshold, argmax, one-hot, multi-label), MSE, MAE and R² (multi-output, constant targets),
and the errors for shapes that do not match."""
import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab import data, nn, train
from neuralab.nn.losses import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss
from neuralab.train.metrics import accuracy, binary_accuracy, correct, mae, mse, r2, resolve


def _regression(outputs=3, m=50):
    rng = np.random.default_rng(0)
    y = rng.normal(size=(m, outputs)) * [1, 10, 100][:outputs]
    return y + rng.normal(size=y.shape), y


@pytest.mark.parametrize("scale", [1.0, 1e-3])             # Σ(y - ȳ)² below 1 too
@pytest.mark.parametrize("outputs", [1, 3])
def test_regression_metrics_match_scikit_learn(outputs, scale):
    pred, y = (a * scale for a in _regression(outputs))
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
    assert accuracy(p[:, None], np.eye(2)[binary]) == expected          # one-hot rows of 2 classes


def test_correct_counts_the_samples_classified_right_for_summing_over_batches():
    rng = np.random.default_rng(3)
    p, labels = rng.uniform(size=40), rng.integers(0, 2, 40)
    expected = sk.accuracy_score(labels, p >= 0.5, normalize=False)
    assert correct(p, labels) == correct(p[:25], labels[:25]) + correct(p[25:], labels[25:]) == expected
    assert type(correct(p, labels)) is int


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


@pytest.mark.parametrize("fn", [mse, mae, r2, binary_accuracy])
@pytest.mark.parametrize("pred, y", [
    (np.zeros((4, 1, 1)), np.zeros(4)),     # one output, but not as (m,) or (m, 1)
    (np.zeros(4), np.zeros((4, 1, 1))),
    (np.zeros((4, 1)), np.zeros((4, 2))),
])
def test_metrics_of_one_shape_take_only_m_or_m_by_1_for_one_output(fn, pred, y):
    with pytest.raises(ValueError, match=r"pred has shape .* but y has shape .*; they must match"):
        fn(pred, y)


@pytest.mark.parametrize("fn, theirs", [
    (mse, sk.mean_squared_error), (mae, sk.mean_absolute_error), (r2, sk.r2_score),
    (binary_accuracy, lambda y, p: sk.accuracy_score(y, p >= 0.5))])
@pytest.mark.parametrize("pred_shape, y_shape", [((20,), (20, 1)), ((20, 1), (20,))])
def test_one_output_may_be_a_vector_on_one_side_and_a_column_on_the_other(fn, theirs, pred_shape, y_shape):
    rng = np.random.default_rng(2)
    pred, y = rng.uniform(size=20), (rng.uniform(size=20) > 0.5).astype(float)
    assert fn(pred.reshape(pred_shape), y.reshape(y_shape)) == pytest.approx(theirs(y, pred), rel=1e-12)


def test_accuracy_refuses_one_hot_rows_of_another_width_and_bad_input():
    with pytest.raises(ValueError, match=r"one-hot rows, shape \(4, 3\)"):
        accuracy(np.eye(3)[[0, 1, 2, 1]], np.eye(4)[[0, 1, 1, 1]])
    with pytest.raises(ValueError, match="empty"):
        accuracy(np.zeros((0, 1)), np.zeros(0))
    with pytest.raises(ValueError, match="y contains NaN"):
        mse(np.zeros(2), np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match="y must hold numbers"):
        accuracy(np.zeros(2), ["a", "b"])


@pytest.mark.parametrize("fn, pred, y, error, message", [
    # predicted labels as text, or complex numbers (an FFT's output): no metric of numbers
    (accuracy, np.array(["cat", "dog"]), np.array([0, 1]), TypeError,
     "pred must hold numbers, got text labels, such as the class names that predict_classes gives a model with "
     "class_names: give the metric the model's outputs, model.predict(X), and y the class numbers 0..K-1"),
    (r2, np.array([1 + 0j, 2]), np.array([1.0, 2.0]), TypeError, "pred must hold numbers, got dtype complex128"),
    # one number where a row per sample belongs (a loss value, or a prediction's [0] taken)
    (mse, 0.5, 1.0, ValueError, "pred must hold one row per sample, got the single value 0.5"),
    (accuracy, [0.2, 0.9], 1, ValueError, "y must hold one row per sample, got the single value 1"),
    # outputs of images kept as (m, classes, 1): no class read off them
    (accuracy, np.zeros((4, 2, 1)), np.array([0, 1, 0, 1]), ValueError,
     "pred must have shape (m,) or (m, classes), got (4, 2, 1)"),
])
def test_metrics_refuse_what_is_no_array_of_numbers_one_row_per_sample(fn, pred, y, error, message):
    with pytest.raises(error) as raised:
        fn(pred, y)
    assert str(raised.value) == message


def test_the_class_names_of_predict_classes_are_refused_with_the_model_s_outputs_which_score_them():
    # a model fit on a Dataset names its classes: scikit-learn's accuracy_score(y, clf.predict(X)),
    # ported as the docs write it, train.accuracy(model.predict_classes(X), y), said only "pred
    # must hold numbers, got dtype <U10"
    iris = data.load("iris")
    model = nn.MLP([4, 8, 3], rng=0)
    model.fit(iris, loss="cross_entropy", optimizer="adam", epochs=20, verbose=0, seed=0)
    names = model.predict_classes(iris.X)
    for metric in (accuracy, train.confusion_matrix, train.f1):
        with pytest.raises(TypeError, match=r"class names that predict_classes gives a model with class_names: give "
                                            r"the metric the model's outputs, model\.predict\(X\), and y the class "
                                            r"numbers"):
            metric(names, iris.y)
    right = np.array(model.class_names)[iris.y] == names
    assert accuracy(model.predict(iris.X), iris.y) == pytest.approx(right.mean())   # the way, followed


def test_text_labels_are_refused_with_the_classes_they_map_to():
    # "y must hold numbers, got dtype <U3" said neither what the labels are nor how to map them
    one_output, outputs = np.array([0.2, 0.9, 0.7]), np.eye(3)[[1, 2, 0]]
    with pytest.raises(TypeError, match=r"^y must hold numbers, got text labels; map the two labels to 0/1 "
                                        r"with \(y == 'dog'\)\.astype\(int\)"):
        accuracy(one_output, ["cat", "dog", "dog"])
    with pytest.raises(TypeError, match=r"got text labels; number the labels 0\.\.K-1 with classes, y = "):
        accuracy(outputs, ["b", "c", "a"])
    for metric in (mse, mae, r2):
        with pytest.raises(TypeError, match=r"^y must hold numbers, got text labels: they are classes, which "
                                            r"accuracy measures, not mse, mae or r2; map the two labels"):
            metric(one_output, ["cat", "dog", "dog"])
    # the mappings named, done, give the labels accuracy takes
    assert accuracy(one_output, (np.array(["cat", "dog", "dog"]) == "dog").astype(int)) == 1.0
    assert accuracy(outputs, np.unique(["b", "c", "a"], return_inverse=True)[1]) == 1.0


@pytest.mark.parametrize("fn, pred, y, match", [
    (accuracy, np.zeros((4, 1)), [3.1, 10.0, 7.5, 0.2], r"pred of shape \(4, 1\), y must be in \[0, 1\] "
                                                       r"\(the probability of class 1\), got values from 0.2 to 10"),
    (accuracy, np.zeros(4), [-1, 1, 1, -1], r"\(y \+ 1\) / 2"),
    # one output's probabilities (np.zeros(4) would be the predicted class 0 of each sample)
    (accuracy, np.full(4, 0.5), [0, 1, 2, 3], "one output per class"),
    (accuracy, np.full(4, 0.5), [0, 1, 2, 1], "one output per class"),
    (accuracy, np.full(4, 0.5), [3, 7, 7, 3], r"map the two labels to 0/1 with \(y == 7\)\.astype\(int\), which makes 7 "
                                           r"the class 1"),
    # labels for K outputs, told how to number them from 0 (they were given no hint)
    (accuracy, np.zeros((4, 3)), [1, 2, 3, 3], r"got values from 1 to 3; map the labels 1\.\.3 to 0\.\.2 with y - 1"),
    (accuracy, np.zeros((4, 2)), [-1, 1, 1, -1], r"got values from -1 to 1; map the labels -1/\+1 to 0/1 with "
                                                 r"\(y \+ 1\) // 2"),
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


@pytest.mark.parametrize("fn", [accuracy, binary_accuracy])
def test_an_output_at_the_threshold_is_class_1_and_a_label_of_one_half_class_0(fn):
    # the module's rules: class 1 when ŷ ≥ threshold, and when y > 1/2
    assert fn(np.array([0.5, 0.3]), np.array([1.0, 0.0])) == 1.0
    assert fn(np.array([0.0, -0.1]), np.array([1.0, 0.0]), threshold=0.0) == 1.0
    assert fn(np.array([0.2, 0.1]), np.array([0.5, 0.0])) == 1.0


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


def test_resolve_gives_no_metrics_for_none_or_auto_with_a_loss_of_your_own():
    class AbsoluteLoss(nn.Loss):
        def _forward(self, pred, target):
            return np.abs(pred - target)

        def _backward(self, pred, target):
            return np.sign(pred - target)

    assert resolve(None, MSELoss()) == resolve([], MSELoss()) == resolve("auto", AbsoluteLoss()) == {}


def test_resolve_names_numpy_strings_as_plain_strings():
    names = list(resolve(list(np.array(["mse", "r2"])), MSELoss()))    # np.str_ items
    assert names == ["mse", "r2"] and [type(name) for name in names] == [str, str]


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


@pytest.mark.parametrize("call", ["fit", "evaluate", "validation"])
def test_a_metric_that_refuses_class_labels_is_named_with_the_way_to_score_them(call):
    # metrics=["accuracy", "mse"] with cross_entropy's labels: mse compares each of the K outputs
    # with a target of its own, and the error said only "pred has shape (6, 3) but y has shape
    # (6,)", naming neither the metric nor the labels
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 2)), np.array([0, 1, 2, 2, 1, 0])
    model = nn.MLP([2, 4, 3], rng=rng)
    metrics = ["accuracy", "mse"]
    with pytest.raises(ValueError) as refused:
        if call == "evaluate":
            model.evaluate(X, y, loss="cross_entropy", metrics=metrics)
        else:
            labelled = (X, y) if call == "fit" else (X, np.eye(3)[y])
            model.fit(*labelled, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0, metrics=metrics,
                      validation_data=(X, y) if call == "validation" else None)
    message = str(refused.value)
    assert message.startswith(("y_val: " if call == "validation" else "") + "metric 'mse': pred has shape (6, 3)")
    assert "one class label per sample" in message and "data.one_hot(y, n_classes=3)" in message
    assert "\n" not in message
    with pytest.raises(ValueError, match="^accuracy is for class labels"):   # named already: no prefix
        nn.MLP([2, 1], rng=rng).evaluate(X, 10 * y, loss="mse", metrics=["accuracy"])


@pytest.mark.parametrize("metrics", [["acc"], 5, ["binary_accuracy"]])
def test_evaluate_refuses_its_metrics_before_any_forward_pass(metrics):
    # a backward waiting for its turn keeps its pass through an evaluate refused for its
    # arguments alone (an unknown name, no list, binary accuracy of a softmax): it refused them
    # only after predicting all of X, which replaced the layers' caches
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 2)), rng.integers(0, 3, 8)
    model, twin = (nn.MLP([2, 4, 3], rng=np.random.default_rng(1)) for _ in range(2))
    loss = CrossEntropyLoss()
    for net in (twin, model):
        loss(net.forward(X, training=True), y)
        if net is model:
            with pytest.raises((ValueError, TypeError)):
                model.evaluate(X, y, loss="cross_entropy", metrics=metrics)
        net.backward(loss.backward())
    for mine, theirs in zip(model.parameters(), twin.parameters()):
        np.testing.assert_array_equal(mine.grad, theirs.grad)
