"""classification_report (each class's precision, recall, F1 and support, the accuracy and the
macro and weighted averages) and ``pos_label`` (one class's precision, recall or F1) against
scikit-learn's, for one output, two and K; the text, and the errors."""
import numpy as np
import pytest
from sklearn import metrics as sk

from neuralab.train import classification_report, f1, precision, recall

SCORES = {"precision": "precision", "recall": "recall", "f1": "f1-score", "support": "support"}


def _report_case(seed):
    """(pred, y, predicted classes, k) of a random problem: one output, two or K, a class often
    absent from y and one often never predicted (their scores 0, scikit-learn's zero_division=0)."""
    rng = np.random.default_rng(seed)
    k, m = int(rng.choice([2, 2, 3, 5])), int(rng.integers(1, 70))
    y = rng.integers(0, k, m)
    y[y == rng.integers(0, k)] = 0
    logits = rng.normal(size=(m, k)) + 2.0 * np.eye(k)[y] * rng.uniform(0, 1.5)
    logits[:, rng.integers(0, k)] -= rng.choice([0.0, 10.0])
    if k == 2 and seed % 2:   # one output: the probability of class 1
        p = 1 / (1 + np.exp(logits[:, 0] - logits[:, 1]))
        return p, y, (p >= 0.5).astype(int), k
    return logits, y, logits.argmax(axis=1), k


@pytest.mark.parametrize("seed", range(30))
def test_the_report_is_scikit_learn_s(seed):
    pred, y, guess, k = _report_case(seed)
    names = [f"class {c}" for c in range(k)]
    ours = classification_report(pred, y, class_names=names, output_dict=True)
    theirs = sk.classification_report(y, guess, labels=range(k), target_names=names, zero_division=0,
                                      output_dict=True)
    for name in names:
        assert ours["classes"][name] == pytest.approx({key: theirs[name][sk_key] for key, sk_key in SCORES.items()},
                                                      abs=1e-12), name
    assert ours["weighted avg"] == pytest.approx({key: theirs["weighted avg"][sk_key] for key, sk_key in SCORES.items()},
                                                 abs=1e-12)
    assert ours["accuracy"] == pytest.approx(sk.accuracy_score(y, guess), abs=1e-12)
    # the macro average over the classes in y or predicted: scikit-learn's without labels=,
    # and the library's precision, recall and F1 for three classes or more
    present = sk.classification_report(y, guess, zero_division=0, output_dict=True)["macro avg"]
    assert ours["macro avg"] == pytest.approx({key: present[sk_key] for key, sk_key in SCORES.items()}, abs=1e-12)
    if k > 2:
        assert [ours["macro avg"][key] for key in ("precision", "recall", "f1")] == pytest.approx(
            [precision(pred, y), recall(pred, y), f1(pred, y)], abs=1e-12)


def test_the_text_has_a_row_per_class_then_the_accuracy_and_the_averages():
    pred = np.array([0.9, 0.8, 0.2, 0.1, 0.7, 0.6])
    y = np.array([1, 1, 1, 0, 0, 1])
    text = classification_report(pred, y, class_names=["legit", "fraud"])
    rows = [line.split() for line in text.splitlines()]
    assert rows[0] == ["precision", "recall", "f1", "support"]
    assert rows[1] == ["legit", "0.5000", "0.5000", "0.5000", "2"]      # 1 of its 2 found, 1 of 2 predicted right
    assert rows[2] == ["fraud", "0.7500", "0.7500", "0.7500", "4"]      # 3 of 4, 3 of 4
    assert rows[3] == ["accuracy", "0.6667", "6"]
    assert rows[4] == ["macro", "avg", "0.6250", "0.6250", "0.6250", "6"]
    assert rows[5] == ["weighted", "avg", "0.6667", "0.6667", "0.6667", "6"]
    assert classification_report(pred, y).splitlines()[1].split()[0] == "0"   # numbers by default


def test_a_nan_prediction_is_a_miss_counted_in_the_support():
    report = classification_report(np.array([0.9, np.nan, 0.1]), np.array([1, 1, 0]), output_dict=True)
    assert report["classes"]["1"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert report["accuracy"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("seed", range(10))
def test_pos_label_scores_that_class_as_scikit_learn_does(seed):
    pred, y, guess, k = _report_case(seed)
    for c in range(k):
        theirs = (sk.precision_score(y, guess, labels=range(k), average=None, zero_division=0)[c],
                  sk.recall_score(y, guess, labels=range(k), average=None, zero_division=0)[c],
                  sk.f1_score(y, guess, labels=range(k), average=None, zero_division=0)[c])
        ours = (precision(pred, y, pos_label=c), recall(pred, y, pos_label=c), f1(pred, y, pos_label=c))
        assert ours == pytest.approx(theirs, abs=1e-12)
    if k == 2:   # class 1 by default, scikit-learn's pos_label=1
        assert recall(pred, y) == recall(pred, y, pos_label=1)


@pytest.mark.parametrize("pos_label, message", [
    ("fraud", r"^recall's pos_label is the number of a class, 0 or 1, not its name 'fraud': give its "
              r"number, class_names.index\('fraud'\)$"),
    (2, r"^recall's pos_label must be the number of a class, 0 or 1 here, got 2$"),
    (True, r"got True$"),
    (-1, r"got -1$"),
])
def test_pos_label_must_be_a_class_number(pos_label, message):
    with pytest.raises(ValueError, match=message):
        recall(np.array([0.2, 0.8]), np.array([0, 1]), pos_label=pos_label)


def test_class_names_must_name_each_class_once():
    with pytest.raises(ValueError, match=r"^class_names has 3 names but the predictions hold 2 classes \(one "
                                         r"output, classes 0 and 1\): give one name per class"):
        classification_report(np.array([0.2, 0.8]), np.array([0, 1]), class_names=["a", "b", "c"])
    with pytest.raises(ValueError, match=r"^class_names names a class twice \('a', 'a'\)"):
        classification_report(np.array([0.2, 0.8]), np.array([0, 1]), class_names=["a", "a"])
    with pytest.raises(ValueError, match=r"^classification_report is for class labels"):
        classification_report(np.zeros(3), np.array([3.1, 10.0, 7.5]))
