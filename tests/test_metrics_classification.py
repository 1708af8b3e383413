"""Precision, recall, F1 and the confusion matrix against scikit-learn's, for one output (class 1
at a threshold), two outputs and K outputs (macro average), with classes missing from the
predictions or from y; the errors they share with accuracy; and the names fit and evaluate take."""
import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab import data, nn
from neuralab.train import metrics
from neuralab.train.metrics import accuracy, confusion_matrix, f1, precision, recall, resolve

SEEDS = range(40)


def _sk_scores(labels, guess, average, k):
    """scikit-learn's precision, recall and F1 of predicted classes ``guess``, 0 where undefined."""
    kwargs = {"average": average, "zero_division": 0}
    if average == "binary":
        kwargs["labels"] = [0, 1]
    return (sk.precision_score(labels, guess, **kwargs), sk.recall_score(labels, guess, **kwargs),
            sk.f1_score(labels, guess, **kwargs))


def _ours(pred, y, **kwargs):
    return precision(pred, y, **kwargs), recall(pred, y, **kwargs), f1(pred, y, **kwargs)


@pytest.mark.parametrize("seed", SEEDS)
def test_one_output_scores_class_1_as_scikit_learn_does(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 60))
    labels = (rng.uniform(size=m) < rng.uniform(0.05, 0.95)).astype(int)
    # some runs predict one class only: class 1 never predicted (precision 0), or always
    p = np.clip(rng.uniform(size=m) + rng.choice([-1.0, 0.0, 0.0, 1.0]), 0, 1)
    guess = (p >= 0.5).astype(int)
    expected = _sk_scores(labels, guess, "binary", 2)
    for pred in (p, p[:, None]):
        for y in (labels, labels[:, None], labels.astype(float), np.eye(2)[labels]):
            assert _ours(pred, y) == pytest.approx(expected, abs=1e-12)
    assert _ours(p - 0.5, labels, threshold=0.0) == pytest.approx(expected, abs=1e-12)   # logits
    matrix = confusion_matrix(p, labels)
    np.testing.assert_array_equal(matrix, sk.confusion_matrix(labels, guess, labels=[0, 1]))
    assert matrix.dtype.kind == "i" and matrix.sum() == m


@pytest.mark.parametrize("seed", SEEDS)
def test_k_outputs_give_the_macro_average_over_the_classes_in_y_or_predicted(seed):
    rng = np.random.default_rng(seed)
    k, m = int(rng.integers(3, 8)), int(rng.integers(1, 80))
    labels = rng.integers(0, k, m)
    labels[labels == rng.integers(0, k)] = 0          # a class often absent from y
    logits = rng.normal(size=(m, k)) + 2.0 * np.eye(k)[labels] * rng.uniform(0, 1.5)
    logits[:, rng.integers(0, k)] -= 10.0             # a class never predicted
    guess = logits.argmax(axis=1)
    expected = _sk_scores(labels, guess, "macro", k)
    for y in (labels, labels[:, None], np.eye(k)[labels]):
        assert _ours(logits, y) == pytest.approx(expected, abs=1e-12)
        assert _ours(logits.astype(np.float32), y) == pytest.approx(expected, abs=1e-12)
    matrix = confusion_matrix(logits, labels)
    np.testing.assert_array_equal(matrix, sk.confusion_matrix(labels, guess, labels=range(k)))
    assert np.trace(matrix) / m == accuracy(logits, labels)


@pytest.mark.parametrize("seed", range(10))
def test_two_outputs_score_class_1_as_one_output_does(seed):
    # a softmax over 2 classes and a sigmoid are the same classifier: the same numbers
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, 30)
    p = rng.uniform(size=30)
    two = np.column_stack([1 - p, p])
    assert _ours(two, labels) == pytest.approx(_ours(p, labels), abs=1e-12)
    assert _ours(two, labels) == pytest.approx(_sk_scores(labels, two.argmax(axis=1), "binary", 2), abs=1e-12)
    np.testing.assert_array_equal(confusion_matrix(two, labels), confusion_matrix(p, labels))


def test_a_class_never_predicted_has_precision_0_without_a_warning():
    # an untrained model answering the common class everywhere (pytest turns warnings into errors)
    labels = np.array([0, 0, 0, 1])
    assert _ours(np.zeros(4), labels) == (0.0, 0.0, 0.0)
    assert _ours(np.full(4, 0.9), labels) == pytest.approx((0.25, 1.0, 0.4))
    logits = np.tile([5.0, 0.0, 0.0], (4, 1))            # class 0 everywhere, 3 classes
    three = np.array([0, 1, 2, 0])
    assert precision(logits, three) == pytest.approx((0.5 + 0 + 0) / 3)
    assert recall(logits, three) == pytest.approx((1 + 0 + 0) / 3)


def test_the_confusion_matrix_has_true_classes_as_rows():
    # 2 samples of class 0, both predicted 1: row 0 (true 0), column 1 (predicted 1)
    matrix = confusion_matrix(np.eye(3)[[1, 1, 2]], np.array([0, 0, 2]))
    np.testing.assert_array_equal(matrix, [[0, 2, 0], [0, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount([0, 0, 2], minlength=3))


def test_a_nan_prediction_is_a_miss_of_its_class_and_in_no_column():
    pred = np.array([[np.nan, 0.0], [0.2, 0.9], [0.1, 0.8]])   # the NaN row is a sample of class 1
    y = np.array([1, 1, 0])
    np.testing.assert_array_equal(confusion_matrix(pred, y), [[0, 1], [0, 1]])
    assert recall(pred, y) == 0.5 and precision(pred, y) == 0.5       # 1 of 2 found; 1 of 2 right
    assert f1(pred, y) == 0.5
    assert confusion_matrix(np.full(3, np.nan), y).sum() == 0


def test_n_classes_must_agree_with_the_predictions():
    assert confusion_matrix(np.zeros(3), [0, 1, 1], n_classes=2).shape == (2, 2)
    with pytest.raises(ValueError, match=r"^n_classes is 3, but pred of shape \(3,\) holds 2 classes \(one "
                                         r"output, classes 0 and 1\): give pred one column per class"):
        confusion_matrix(np.array([0.2, 0.7, 0.9]), [0, 1, 1], n_classes=3)   # probabilities, not classes
    with pytest.raises(ValueError, match=r"pred of shape \(2, 4\) holds 4 classes \(4 outputs\)"):
        confusion_matrix(np.zeros((2, 4)), [0, 3], n_classes=3)


@pytest.mark.parametrize("fn", [precision, recall, f1, confusion_matrix])
@pytest.mark.parametrize("pred, y", [
    (np.zeros((4, 3)), np.zeros(3)),                      # rows that do not match
    (np.zeros((4, 3)), np.eye(4)[[0, 1, 2, 3]]),          # one-hot rows of another width
    (np.zeros((4, 2, 1)), np.array([0, 1, 0, 1])),        # not (m,) or (m, classes)
    (np.zeros(2), np.array([0.0, np.nan])),               # a target missing
    (np.zeros((4, 3)), np.array([0, 1, 2, 3])),           # a label past the classes
    (np.zeros((4, 3)), np.array([0, 1, -1, 2])),
    (np.zeros((4, 3)), np.array([0.0, 1.5, 2.0, 1.0])),   # not a whole number
    (np.full(4, 0.5), np.array([0, 1, 2, 1])),            # one output: 3 labels
    (np.zeros(4), np.array([3.1, 10.0, 7.5, 0.2])),       # a quantity
    (np.zeros((4, 3)), np.array([[1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])),   # several per sample
    (np.zeros((0, 1)), np.zeros(0)),
    (np.array(["a", "b"]), np.array([0, 1])),
    (np.zeros(3), np.array(["cat", "dog", "dog"])),
])
def test_bad_input_gets_the_error_accuracy_gives_naming_the_metric(fn, pred, y):
    with pytest.raises((ValueError, TypeError)) as theirs:
        accuracy(pred, y)
    with pytest.raises(theirs.type) as ours:
        fn(pred, y)
    name = fn.__name__
    assert str(ours.value) == str(theirs.value).replace("accuracy is for class labels", f"{name} is for class labels")


def test_fit_records_f1_each_epoch_and_evaluate_scores_precision_recall_f1():
    X, y = data.load("moons", n_samples=200, noise=0.6, seed=0)
    X_val, y_val = data.load("moons", n_samples=80, noise=0.6, seed=1)
    model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    history = model.fit(X, y, loss="bce", optimizer="adam", epochs=6, verbose=0, metrics=["f1"],
                        validation_data=(X_val, y_val), seed=0)
    assert list(history.history) == ["loss", "f1", "val_loss", "val_f1"]
    assert len(history.history["f1"]) == len(history.history["val_f1"]) == 6
    assert all(0 <= v <= 1 for v in history.history["f1"])
    assert history.history["val_f1"][-1] == pytest.approx(f1(model.predict(X_val), y_val), abs=1e-12)
    scores = model.evaluate(X_val, y_val, metrics=["precision", "recall", "f1"])
    expected = _sk_scores(y_val, (model.predict(X_val)[:, 0] >= 0.5).astype(int), "binary", 2)
    assert (scores["precision"], scores["recall"], scores["f1"]) == pytest.approx(expected, abs=1e-12)


def test_logits_are_thresholded_at_0_with_bce_logits():
    X, y = data.load("moons", n_samples=120, noise=0.6, seed=2)
    model = nn.MLP([2, 8, 1], rng=np.random.default_rng(1))     # identity output: logits
    model.fit(X, y, loss="bce_logits", optimizer="adam", epochs=3, verbose=0, seed=0)
    logits = model.predict(X)
    scores = model.evaluate(X, y, metrics=["precision", "recall", "f1"])
    assert (scores["precision"], scores["recall"], scores["f1"]) == pytest.approx(
        _sk_scores(y, (logits[:, 0] >= 0).astype(int), "binary", 2), abs=1e-12)


def test_a_diverged_networks_whole_outputs_are_scores_of_class_1_not_classes():
    # a network's outputs past 2⁵³ (a diverged run's 5e20) are whole numbers in floating point:
    # read as predicted classes they made 10²⁰ classes and an error, which killed the
    # playground's training thread; an (m, 1) float column is the model's scores
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.0], [0.0, 2.0]])
    y = np.array([0, 1, 1, 0, 1])
    model = nn.MLP([2, 1], rng=np.random.default_rng(0))     # identity output
    weights, bias = model.parameters()
    weights.data[...] = np.array([1e20, 3e20]).reshape(weights.data.shape)
    bias.data[...] = 0.0
    outputs = model.predict(X)
    assert outputs.shape == (5, 1) and outputs.min() > 1e19
    assert model.evaluate(X, y.reshape(-1, 1).astype(float), loss="mse", metrics=["accuracy"])["accuracy"] == 0.6
    np.testing.assert_array_equal(confusion_matrix(outputs, y), [[0, 2], [0, 3]])
    assert precision(outputs.astype(np.float64), y) == 0.6
    # predicted classes still read as classes: (m,) whole floats, and integers in one column
    assert accuracy(np.array([0.0, 2.0, 1.0]), np.array([0, 2, 2])) == pytest.approx(2 / 3)
    assert accuracy(np.array([[0], [2], [1]]), np.array([0, 2, 2])) == pytest.approx(2 / 3)


def test_a_float_column_of_classes_among_ys_is_read_as_classes():
    # np.round of a three-class model's classes, as a column: refused once (m, 1) floats became
    # scores always, with the advice to give the model one output per class
    pred, y = np.array([[0.0], [1.0], [2.0], [1.0]]), np.array([0, 1, 2, 2])
    assert accuracy(pred, y) == 0.75
    np.testing.assert_array_equal(confusion_matrix(pred, y), [[1, 0, 0], [0, 1, 0], [0, 1, 1]])
    assert accuracy(pred, np.eye(3)[y]) == 0.75                       # y one-hot alike
    # past y's classes, or with two classes, the column is scores (0.5 the threshold)
    assert accuracy(np.array([[0.0], [1.0], [1.0], [0.0]]), np.array([0, 1, 1, 1])) == 0.75


def test_multi_class_fit_scores_the_macro_average():
    X, y = data.load("iris")
    model = nn.MLP([4, 8, 3], output="softmax", rng=np.random.default_rng(0))
    model.fit(X, y, loss="cross_entropy", optimizer="adam", epochs=5, verbose=0, seed=0)
    scores = model.evaluate(X, y, metrics=["accuracy", "f1"])
    assert scores["f1"] == pytest.approx(sk.f1_score(y, model.predict(X).argmax(axis=1), average="macro",
                                                     zero_division=0), abs=1e-12)


def test_the_names_resolve_and_f1_score_points_to_f1():
    assert resolve(["precision", "recall", "f1"], nn.CrossEntropyLoss()) == {
        "precision": precision, "recall": recall, "f1": f1}
    assert metrics.METRICS["f1"] is f1
    with pytest.raises(ValueError, match=r"unknown metric 'f1_score'; Keras's 'f1_score' is 'f1' here"):
        resolve(["f1_score"], nn.BCELoss())
    with pytest.raises(ValueError, match=r"^recall is for class labels: for pred of shape \(3,\)"):
        metrics.score(resolve("recall", nn.MSELoss()), np.zeros(3), np.array([2.5, 7.0, 1.0]))
