"""Accuracy with the hinge loss: labels -1/+1 and raw scores, read by their signs (score > 0 is +1,
as scikit-learn's SVM predicts) in fit, evaluate, the metrics and predict_classes; counted by hand."""
import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim, train
from neuralab.train import metrics

SCORES = np.array([[2.0], [0.3], [-0.2], [0.0], [-1.5], [0.7]])
LABELS = np.array([1, -1, -1, 1, -1, 1])
# by hand: signs +, +, -, -(0 is not > 0), -, +  against  +, -, -, +, -, +  ->  right: 1, 3, 5, 6 of 6
# class +1: predicted at 0, 1, 5; true at 0, 3, 5 -> TP 2, FP 1, FN 1


def test_accuracy_precision_recall_f1_with_hinge_count_signs_by_hand():
    table = metrics.resolve(["accuracy", "precision", "recall", "f1", "binary_accuracy"], nn.HingeLoss())
    logs = metrics.score(table, SCORES, LABELS)
    assert logs["accuracy"] == logs["binary_accuracy"] == 4 / 6
    assert logs["precision"] == logs["recall"] == logs["f1"] == 2 / 3


def test_auto_metrics_with_hinge_log_accuracy():
    assert list(metrics.resolve("auto", nn.HingeLoss())) == ["accuracy"]


def test_a_nan_score_is_never_right():
    table = metrics.resolve(["accuracy"], nn.HingeLoss())
    assert table["accuracy"](np.array([[np.nan], [np.nan]]), np.array([1, -1])) == 0.0


def test_several_outputs_each_answer_by_its_sign():
    scores = np.array([[1.0, -1.0], [0.5, 0.5], [-2.0, -0.1]])
    labels = np.array([[1, -1], [-1, 1], [-1, 1]])   # right: 2 of 2, 1 of 2, 1 of 2
    table = metrics.resolve(["accuracy"], nn.HingeLoss())
    assert table["accuracy"](scores, labels) == 4 / 6


def test_hinge_accuracy_refuses_0_1_labels_with_their_mapping_nowhere_else():
    table = metrics.resolve(["accuracy"], nn.HingeLoss())
    with pytest.raises(ValueError, match="accuracy with the hinge loss reads labels -1 and \\+1, got values from 0 to 1"):
        table["accuracy"](SCORES, (LABELS > 0).astype(int))


def test_fit_evaluate_and_predict_classes_with_hinge_agree_with_a_hand_count(tmp_path):
    neuralab.seed(0)
    X, y = data.load("moons", n_samples=120, noise=0.2, seed=0)
    y = 2 * y - 1
    model = nn.MLP([2, 8, 1])
    history = model.fit(X, y, loss="hinge", optimizer=optim.SGD(model.parameters(), lr=0.1), epochs=3,
                        metrics=["accuracy"], validation_data=(X[:40], y[:40]), verbose=0)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    scores = model.predict(X)[:, 0]
    by_hand = np.mean((scores > 0) == (y > 0))
    assert model.evaluate(X, y)["accuracy"] == pytest.approx(by_hand)
    assert history.history["val_accuracy"][-1] == pytest.approx(np.mean((scores[:40] > 0) == (y[:40] > 0)))
    classes = model.predict_classes(X)
    assert classes.dtype == np.int64 and set(np.unique(classes)) <= {-1, 1}
    np.testing.assert_array_equal(classes, np.where(scores > 0, 1, -1))
    assert np.mean(classes == y) == pytest.approx(by_hand)
    again = neuralab.load(model.save(tmp_path / "hinge"))   # keeps its loss, so its rule
    np.testing.assert_array_equal(again.predict_classes(X), classes)


def test_predict_classes_refuses_several_hinge_outputs_naming_their_answers():
    model = nn.MLP([2, 3])
    model.loss = nn.HingeLoss()
    with pytest.raises(ValueError, match="3 scores, trained with hinge, answer -1 or \\+1 each.*"
                                         "np.where\\(model.predict\\(X\\) > 0, 1, -1\\)"):
        model.predict_classes(np.zeros((4, 2)))


def test_fit_with_hinge_still_refuses_0_1_labels_before_a_step_with_the_mapping_to_signs():
    X, y = data.load("moons", n_samples=40, seed=0)
    model = nn.MLP([2, 4, 1])
    weights = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match="y = 2 \\* y - 1") as caught:
        model.fit(X, y, loss="hinge", optimizer="sgd", epochs=1, metrics=["accuracy"], verbose=0)
    assert "(y + 1) / 2" not in str(caught.value)
    assert all(np.array_equal(w, p.data) for w, p in zip(weights, model.parameters()))


@pytest.mark.parametrize("metric, by_hand", [("accuracy", 4 / 6), ("precision", 2 / 3)])
def test_a_metric_called_alone_refuses_minus_one_labels_and_names_the_call_for_signs(metric, by_hand):
    # without the hinge loss, one output is a probability: -1/+1 labels are refused with their
    # mapping to 0/1, and the call that counts a score's sign, which gives the hand count
    fn = getattr(train, metric)
    with pytest.raises(ValueError, match=f"map the labels -1/\\+1 to 0/1 with \\(y \\+ 1\\) / 2 \\(for scores "
                                         f"whose sign is the class, a hinge loss's: {metric}\\(pred > 0, y > 0\\)\\)"):
        fn(SCORES, LABELS)
    assert fn(SCORES > 0, LABELS > 0) == by_hand
