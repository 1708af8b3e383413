"""Two calls written as another library's (or another function's) are answered in one line naming
the call to write, and the call named does the job: a metric of neuralab given a scikit-learn
scorer's (model, X, y), whose extra argument Python refused by count alone, and the confusion
matrix's figure given train.confusion_matrix's (pred, y, n_classes), whose labels fell to
class_names and n_classes to path."""
import matplotlib
import numpy as np
import pytest

from neuralab import data, nn, train
from neuralab.train import metrics, plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def regression():
    X = np.random.default_rng(0).normal(size=(40, 3))
    y = X @ np.array([1.0, -2.0, 0.5])
    return nn.MLP([3, 4, 1], rng=0), X, y


@pytest.mark.parametrize("metric", [train.mse, train.rmse, train.mae, train.r2, train.binary_accuracy,
                                    train.accuracy, metrics.correct])
def test_a_metric_given_a_scorer_s_model_x_y_names_itself_and_the_predictions(regression, metric):
    model, X, y = regression
    name = metric.__name__
    target = y if name in ("mse", "rmse", "mae", "r2") else (y > 0).astype(np.int64)
    with pytest.raises(TypeError) as error:
        metric(model, X, target)
    assert str(error.value) == f"{name} takes the model's predictions, not the model: {name}(model.predict(X), y)"
    assert np.isfinite(metric(model.predict(X), target))   # the way, followed


def test_a_metric_s_own_refusals_stay_python_s_without_a_model(regression):
    _, X, y = regression
    with pytest.raises(TypeError, match=r"takes 2 positional arguments but 3 were given"):
        train.mse(X[:, 0], y, 3)


@pytest.fixture(scope="module")
def iris():
    ds = data.load("iris")
    return ds, nn.MLP([4, 3], rng=0).predict(ds.X)


@pytest.mark.parametrize("given, then", [((), ""), ((3,), ", 3"), (("cm.png",), ""), ((None, None), "")])
@pytest.mark.parametrize("kind", ["outputs", "classes", "labels as a list"])
def test_the_figure_given_predictions_and_labels_says_at_once_to_count_them(iris, tmp_path, given, then, kind):
    ds, outputs = iris
    pred = outputs if kind == "outputs" else outputs.argmax(1)
    labels = list(ds.y) if kind == "labels as a list" else ds.y
    path = str(tmp_path / "cm.png") if given == ("cm.png",) else None
    with pytest.raises(TypeError) as error:
        plots.confusion_matrix(pred, labels, *((path,) if path else given))
    saved = f", path={path!r}" if path else ""
    assert str(error.value) == ("plots.confusion_matrix draws counts, not predictions and their labels: count them "
                                f"first, plots.confusion_matrix(train.confusion_matrix(pred, y{then}){saved})")
    counts = train.confusion_matrix(pred, labels, *(3,) * bool(then))   # the call it names
    fig = plots.confusion_matrix(counts, path=path)
    assert fig.axes[0].get_title().endswith(f"({int(np.trace(counts))} of {len(ds.y)} right)")
    assert path is None or (tmp_path / "cm.png").stat().st_size > 0


@pytest.mark.parametrize("names", [[0, 1, 2], np.array([10, 20, 30]), ("setosa", "versicolor", "virginica")])
def test_counts_with_names_of_any_kind_are_drawn(names):
    counts = np.array([[5, 1, 0], [0, 4, 2], [1, 0, 6]])
    ax = plots.confusion_matrix(counts, names).axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == [str(name) for name in names]
