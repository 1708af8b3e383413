"""Three slips of learners coming from scikit-learn and Keras, each answered in one line that
names the call to write, and the call it names does the job: a metric given the model (a
scikit-learn scorer's (model, X, y)), a number given by position where a plot takes its path,
and evaluate's dict formatted as Keras's float loss."""
import re

import matplotlib
import numpy as np
import pytest

from neuralab import data, nn, train
from neuralab.train import plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def iris():
    ds = data.load("iris")
    return ds, nn.MLP([4, 3], rng=0)


@pytest.mark.parametrize("metric", [train.accuracy, train.precision, train.recall, train.f1,
                                    train.classification_report])
def test_a_metric_given_the_model_names_the_predictions_it_takes(iris, metric):
    ds, model = iris
    name = metric.__name__
    with pytest.raises(TypeError) as error:
        metric(model, ds.X, ds.y)
    assert str(error.value) == f"{name} takes the model's predictions, not the model: {name}(model.predict(X), y)"
    metric(model.predict(ds.X), ds.y)   # the way, followed


def test_a_metric_that_cannot_name_itself_still_names_the_predictions():
    X = np.random.default_rng(0).normal(size=(20, 2))
    model = nn.MLP([2, 1], output="sigmoid", rng=0)
    with pytest.raises(TypeError, match=r"takes the model's predictions, not the model: .*\(model\.predict\(X\), y\)$"):
        train.binary_accuracy(model, X, (X[:, 0] > 0).astype(int))


def test_a_number_given_by_position_to_a_plot_s_path_is_told_to_give_it_by_name(iris):
    ds, model = iris
    pred = model.predict(ds.X).argmax(1)
    counts = train.confusion_matrix(pred, ds.y, n_classes=3)
    with pytest.raises(TypeError) as error:   # a number by position lands in path, the third argument
        plots.confusion_matrix(counts, ds.class_names, 3)
    assert error.type is TypeError   # Python's own, as a learner's except TypeError reads it
    assert str(error.value) == ("path is the file to save the figure to, such as 'confusion_matrix.png', got int 3: "
                                "meant for another argument? give that one by name")
    with pytest.raises(TypeError, match=r"count them first, plots\.confusion_matrix\(train\.confusion_matrix\(pred, "
                                        r"y, 3\)\)$"):   # predictions and labels: counted first, with their 3
        plots.confusion_matrix(pred, ds.y, 3)
    with pytest.raises(TypeError, match=r"n_classes is train\.confusion_matrix's"):   # given by name
        plots.confusion_matrix(pred, ds.y, n_classes=3)
    assert plots.confusion_matrix(counts).axes[0].get_title().endswith(f"of {len(ds.y)} right)")


@pytest.mark.parametrize("given, kind", [(np.zeros((2, 2)), "ndarray"), (list(range(100)), "list")])
def test_an_array_given_for_a_plot_s_path_is_named_by_its_type_alone(given, kind):
    with pytest.raises(TypeError, match=rf"^path is the file to save the figure to, such as 'loss\.png', got "
                                        rf"{kind}: meant for another argument\? give that one by name$"):
        plots.loss_curves({"loss": [1.0, 0.5]}, given)


def test_evaluate_formatted_as_keras_s_float_loss_names_the_score_to_format():
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(np.int64)
    scores = nn.MLP([2, 1], output="sigmoid", rng=0).evaluate(X, y, loss="bce", metrics=["accuracy"])
    with pytest.raises(TypeError) as error:
        f"{scores:.3f}"
    assert str(error.value) == ("evaluate returns a dict of scores ('loss', 'accuracy'), not a number: format one "
                                "of them by name, f\"{scores['loss']:.3f}\"")
    assert re.fullmatch(r"\d\.\d{3}", f"{scores['loss']:.3f}")   # the way, followed
    plain = str(dict(scores))
    assert f"{scores}" == format(scores, "") == plain   # printing keeps the dict
