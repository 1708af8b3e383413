"""One name, two functions: ``train.confusion_matrix(pred, y)`` counts, ``plots.confusion_matrix(counts)``
draws the counts. Each, given what the other takes (or a model, which neither takes), says so in
one line naming the other, and the call it names does the job."""
import matplotlib
import numpy as np
import pytest

from neuralab import data, nn, train
from neuralab.train import plots

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def iris():
    ds = data.load("iris")
    model = nn.MLP([4, 3], rng=0)
    return ds, model, model.predict(ds.X)


@pytest.mark.parametrize("call, words", [
    (lambda ds, model, pred, counts: train.confusion_matrix(model, ds.X, ds.y),
     ("train.confusion_matrix counts predictions, not a model: train.confusion_matrix(model.predict(X), y) counts "
      "them, plots.confusion_matrix(counts) draws the counts")),
    (lambda ds, model, pred, counts: train.confusion_matrix(counts),
     ("confusion_matrix() missing 'y': train.confusion_matrix(pred, y) counts predictions against their labels; a "
      "matrix of counts is drawn by plots.confusion_matrix(counts)")),
    (lambda ds, model, pred, counts: train.confusion_matrix(counts, ds.class_names),
     ("train.confusion_matrix(pred, y) counts predictions against their labels, and these look like a matrix of "
      "counts and its class names: plots.confusion_matrix(counts, class_names) draws them")),
    (lambda ds, model, pred, counts: train.confusion_matrix(counts, class_names=ds.class_names),
     ("confusion_matrix() got an unexpected keyword argument 'class_names' (class_names is plots.confusion_matrix's, "
      "which draws what this counts: plots.confusion_matrix(train.confusion_matrix(pred, y), class_names=...)); "
      "it takes pred, y, n_classes, threshold")),
    (lambda ds, model, pred, counts: plots.confusion_matrix(pred, n_classes=3),
     ("confusion_matrix() got an unexpected keyword argument 'n_classes' (n_classes is train.confusion_matrix's, "
      "which counts what this draws: plots.confusion_matrix(train.confusion_matrix(pred, y, n_classes=...))); it "
      "takes matrix, class_names, path, title, ax")),
    (lambda ds, model, pred, counts: plots.confusion_matrix(pred, y=ds.y),
     ("confusion_matrix() got an unexpected keyword argument 'y' (y is train.confusion_matrix's, which counts what "
      "this draws: plots.confusion_matrix(train.confusion_matrix(model.predict(X), y))); it takes matrix, "
      "class_names, path, title, ax")),
])
def test_each_confusion_matrix_given_the_other_s_arguments_names_the_other(iris, call, words):
    ds, model, pred = iris
    counts = train.confusion_matrix(pred, ds.y)
    with pytest.raises(TypeError) as error:
        call(ds, model, pred, counts)
    assert str(error.value) == words


@pytest.mark.parametrize("given", ["outputs", "classes"])
def test_the_figure_given_predictions_and_labels_names_the_counting_first(iris, given):
    ds, _, pred = iris
    outputs = pred if given == "outputs" else pred.argmax(1)
    with pytest.raises(TypeError, match=r"^plots\.confusion_matrix draws counts, not predictions and their labels: "
                                        r"count them first, plots\.confusion_matrix\(train\.confusion_matrix\(pred, "
                                        r"y\)\)$"):
        plots.confusion_matrix(outputs, ds.y)   # y falls to class_names: train.confusion_matrix's order
    with pytest.raises(ValueError, match=rf"^matrix must be square, .* got shape \({len(ds.y)},(?: 3)?\): count the "
                                         rf"predictions first, plots\.confusion_matrix\(train\.confusion_matrix\("):
        plots.confusion_matrix(outputs)   # without labels, the matrix's own check


def test_the_ways_named_count_and_draw(iris):
    ds, model, pred = iris
    counts = train.confusion_matrix(model.predict(ds.X), ds.y)
    assert counts.sum() == len(ds.y) and counts.shape == (3, 3)
    ax = plots.confusion_matrix(counts, class_names=ds.class_names).axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == list(ds.class_names)
    # text labels with a matrix that is not square stay the labels' own refusal
    with pytest.raises(TypeError, match="y must hold numbers, got text labels"):
        train.confusion_matrix(pred, np.array(ds.class_names)[ds.y])
