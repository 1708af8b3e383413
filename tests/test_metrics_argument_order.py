"""The metrics of classes take (pred, y), the predictions first; scikit-learn's take (y_true, y_pred).
Predicted classes (pred.argmax(1)) are taken as predictions, labels first and the model's outputs
second are refused, and either way the numbers are scikit-learn's with its arguments swapped."""
import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab.train import accuracy, classification_report, confusion_matrix, f1, precision, recall

CLASS_METRICS = [confusion_matrix, classification_report, precision, recall, f1, accuracy]
SEEDS = range(36)   # 2..10 classes, each four times
SWAPPED = r"takes \(pred, y\), the predictions first.*scikit-learn's metrics take \(y_true, y_pred\), the other way round"


def _order_case(seed):
    """(k, y, probabilities, predicted classes): m samples of k classes, about 70% predicted right."""
    rng = np.random.default_rng(seed)
    k, m = 2 + seed % 9, 30 + seed
    y = rng.integers(0, k, m)
    logits = rng.standard_normal((m, k)) + 2.0 * np.eye(k)[y] * (rng.random((m, 1)) < 0.7)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return k, y, probabilities, probabilities.argmax(axis=1)


def _sklearn_average(y, guess):
    """scikit-learn's precision, recall and F1 as neuralab averages them: class 1's for two
    classes, the macro average over the classes present for more."""
    two = max(y.max(), guess.max()) <= 1
    options = dict(average="binary") if two else dict(average="macro")
    return {fn.__name__: theirs(y, guess, zero_division=0, **options)
            for fn, theirs in ((precision, sk.precision_score), (recall, sk.recall_score), (f1, sk.f1_score))}


@pytest.mark.parametrize("seed", SEEDS)
def test_predicted_classes_first_give_scikit_learns_numbers_with_its_arguments_swapped(seed):
    k, y, probabilities, guess = _order_case(seed)
    expected = sk.confusion_matrix(y, guess, labels=range(k))
    np.testing.assert_array_equal(confusion_matrix(guess, y, n_classes=k), expected)
    np.testing.assert_array_equal(confusion_matrix(probabilities, y), expected)
    seen = max(2, y.max() + 1, guess.max() + 1)   # without n_classes: up to the largest class seen
    np.testing.assert_array_equal(confusion_matrix(guess, y), expected[:seen, :seen])
    for name, theirs in _sklearn_average(y, guess).items():
        fn = {"precision": precision, "recall": recall, "f1": f1}[name]
        assert fn(guess, y) == pytest.approx(theirs, abs=1e-12), name
    assert accuracy(guess, y) == pytest.approx(sk.accuracy_score(y, guess), abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_report_of_predicted_classes_is_scikit_learns_per_class(seed):
    k, y, probabilities, guess = _order_case(seed)
    names = [f"class {c}" for c in range(k)]
    ours = classification_report(guess, y, class_names=names, output_dict=True)["classes"]
    assert ours == classification_report(probabilities, y, class_names=names, output_dict=True)["classes"]
    p, r, f, support = sk.precision_recall_fscore_support(y, guess, labels=range(k), zero_division=0)
    for c, name in enumerate(names):
        assert [ours[name][key] for key in ("precision", "recall", "f1")] == pytest.approx([p[c], r[c], f[c]])
        assert ours[name]["support"] == support[c]


@pytest.mark.parametrize("fn", CLASS_METRICS)
@pytest.mark.parametrize("seed", SEEDS)
def test_labels_first_and_the_models_outputs_second_are_refused(fn, seed):
    k, y, probabilities, _ = _order_case(seed)
    for labels in (y, y.astype(np.float32), np.eye(k)[y]):      # class indices, as floats, one-hot rows
        with pytest.raises(ValueError, match=rf"^{fn.__name__} {SWAPPED}\. Give the model's outputs first: "
                                             rf"{fn.__name__}\(model\.predict\(X\), y\)$"):
            fn(labels, probabilities)
    with pytest.raises(ValueError, match=SWAPPED):               # logits, no softmax
        fn(y, np.log(probabilities))


@pytest.mark.parametrize("fn", CLASS_METRICS)
@pytest.mark.parametrize("seed", range(10))
def test_one_sigmoid_output_second_is_refused_and_first_scored(fn, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 25)
    p = np.clip(0.3 * y + 0.7 * rng.random(25), 0.01, 0.99)     # the probability of class 1
    for outputs in (p, p.reshape(-1, 1)):
        with pytest.raises(ValueError, match=SWAPPED):
            fn(y, outputs)
    np.testing.assert_array_equal(confusion_matrix(p.reshape(-1, 1), y), sk.confusion_matrix(y, p >= 0.5))
    assert recall(p, y) == pytest.approx(sk.recall_score(y, p >= 0.5, zero_division=0))
    assert precision(p, y) == pytest.approx(sk.precision_score(y, p >= 0.5, zero_division=0))


def test_smoothed_labels_are_still_targets_and_a_quantity_is_still_not_a_label():
    assert accuracy(np.array([0, 1, 1]), np.array([0.1, 0.9, 0.9])) == 1.0      # two values: labels
    np.testing.assert_array_equal(
        confusion_matrix(np.array([0, 2, 1]), np.array([[0.9, 0.05, 0.05], [0.05, 0.05, 0.9], [0.9, 0.05, 0.05]])),
        [[1, 1, 0], [0, 0, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match=r"^recall is for class labels: .*for a quantity, use mse, mae or r2$"):
        recall(np.zeros(3), np.array([2.5, 7.0, 1.0]))


def test_predicted_classes_take_their_number_from_n_classes_y_or_class_names():
    guess, y = np.array([0, 1, 1]), np.array([0, 1, 0])
    assert confusion_matrix(guess, y, n_classes=4).shape == (4, 4)   # a class of the model never seen
    assert confusion_matrix(np.zeros(3), y, n_classes=3).tolist() == [[2, 0, 0], [1, 0, 0], [0, 0, 0]]
    assert confusion_matrix(guess, np.eye(5)[y]).shape == (5, 5)        # one-hot rows: their columns
    report = classification_report(guess, y, class_names=["cat", "dog", "fox"], output_dict=True)
    assert report["classes"]["fox"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    with pytest.raises(ValueError, match=r"^confusion_matrix is given 3 classes, 0\.\.2, but pred holds class 7: "
                                         r"give the number of all the model's classes"):
        confusion_matrix(np.array([0, 7, 1]), y, n_classes=3)
    with pytest.raises(ValueError, match=r"^recall reads 3 classes from the one-hot rows of y, shape \(3, 3\), "
                                         r"but pred holds class 4"):
        recall(np.array([0, 4, 1]), np.eye(3)[y])
    with pytest.raises(ValueError, match=r"y must be whole numbers in 0\.\.2 \(class indices\), got values from 0 to 5"):
        confusion_matrix(guess, [0, 5, 1], n_classes=3)
    with pytest.raises(ValueError, match=r"makes 1,000,001 classes, more than the 1,000 it counts: for a quantity"):
        f1(np.array([0, 1_000_000]), np.array([0, 1]))


@pytest.mark.parametrize("fn", CLASS_METRICS[:5])
def test_every_docstring_says_the_order_in_its_first_lines(fn):
    first_lines = " ".join(" ".join(fn.__doc__.split("\n")[:2]).split())
    assert first_lines.startswith("(pred, y): the predictions first — scikit-learn's ")
    assert "takes (y_true, y_pred), the other way round" in first_lines
