"""`neuralab train` scores the train and test parts after training from one forward pass over each
(cli/report.py, ``evaluated_parts``): the confusion matrices ran a second pass over both, as long
as the first on 1,000,000 rows. The scores and matrices are those of ``evaluate`` and of the
model's predictions, bit for bit; and the points a plot predicts are not copied when they are
already in the default dtype."""
import tracemalloc

import numpy as np
import pytest

import neuralab
from neuralab import data, nn
from neuralab.cli.report import CLASS_SCORES, evaluated_parts, plane_predictor
from neuralab.train import confusion_matrix

CASES = [  # (output, loss, classes)
    ("softmax", "cross_entropy", 3), (None, "cross_entropy", 3), ("sigmoid", "bce", 2),
    ("sigmoid", "bce_logits", 2), (None, "bce_logits", 2), ("softmax", "mse", 3)]


def trained(output, loss, classes):
    X, y = data.load("gaussians", n_samples=600, n_classes=classes, seed=0)
    neuralab.seed(0)
    units = 1 if loss.startswith("bce") else classes
    model = nn.MLP([X.shape[1], 8, units], output=output)
    target = data.one_hot(y, classes) if loss == "mse" else y
    model.fit(X, target, loss=loss, optimizer="adam", epochs=3, verbose=0)
    return model, (("train", (X[:400], target[:400])), ("test", (X[400:], target[400:])))


def rows_through(model):
    """A list that counts the rows each forward pass of the model's first layer takes."""
    seen, forward = [], model.layers[0].forward

    def counted(x, *args, **kwargs):
        seen.append(len(x))
        return forward(x, *args, **kwargs)
    model.layers[0].forward = counted
    return seen


@pytest.mark.parametrize("output, loss, classes", CASES)
def test_each_part_is_scored_from_one_pass_as_evaluate_and_predict_score_it(output, loss, classes):
    model, parts = trained(output, loss, classes)
    metrics = (["accuracy"] if loss != "mse" else []) + CLASS_SCORES
    seen = rows_through(model)
    results, matrices = evaluated_parts(model, loss, parts, metrics, classification=True)
    assert sum(seen) == 600   # each row once: 1,200 before
    logits = loss in ("bce_logits", "cross_entropy") and output is None
    for part, (X, y) in parts:
        assert results[part] == model.evaluate(X, y, loss=loss, metrics=metrics)
        assert matrices[part] == confusion_matrix(model.predict(X), y, threshold=0.0 if logits else 0.5).tolist()


def test_a_regression_has_no_matrices():
    X, y = data.load("sine", n_samples=200, seed=0)
    model = nn.MLP([1, 8, 1])
    parts = (("train", (X[:150], y[:150])), ("test", (X[150:], y[150:])))
    results, matrices = evaluated_parts(model, "mse", parts, ["mse", "r2"], classification=False)
    assert matrices is None
    assert results["test"] == model.evaluate(X[150:], y[150:], loss="mse", metrics=["mse", "r2"])


def test_points_already_in_the_default_dtype_are_not_copied():
    X = np.random.default_rng(0).standard_normal((40_000, 64)).astype(nn.get_default_dtype())
    model = nn.MLP([64, 4, 2], output="softmax")
    predict = plane_predictor(model, "multiclass", "cross_entropy")
    tracemalloc.start()
    try:
        classes = predict(X)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 0.5 * X.nbytes, f"predicting took {peak / X.nbytes:.2f} times the points"   # 1.0 + before
    assert np.array_equal(classes, model.predict(X).argmax(axis=1))
