"""The figures a learner expects of a classifier beside its loss curves, as Keras/TensorBoard and
scikit-learn draw them: the confusion matrix (which classes it takes for which), and for images
the ones it gets wrong, each captioned "true → predicted"; `neuralab train` writes both."""
import json

import numpy as np
import pytest

from neuralab import cli, data, load, nn, train
from neuralab.train import plots


def _confusion_cells(ax):
    """{(row, column): the number written in that cell} of a confusion-matrix figure's axes."""
    return {(round(t.get_position()[1]), round(t.get_position()[0])): int(t.get_text()) for t in ax.texts}


def test_the_confusion_matrix_writes_the_counts_and_shades_each_row_by_its_share():
    # a rare class (8 samples) with 5 errors: shaded by count, its row was as pale as a common one's
    matrix = [[50, 2, 0], [3, 40, 7], [0, 5, 3]]
    fig = plots.confusion_matrix(matrix, ["cat", "dog", "fox"], title="pets")
    ax = fig.axes[0]
    assert _confusion_cells(ax) == {(i, j): matrix[i][j] for i in range(3) for j in range(3)}
    shares = ax.images[0].get_array()
    np.testing.assert_allclose(shares[2], [0, 5 / 8, 3 / 8])
    assert shares[2, 1] > shares[1, 2] > 0     # the rare class's 5 errors are darker than the common one's 7
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat (52)", "dog (50)", "fox (8)"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "fox"]
    assert (ax.get_ylabel(), ax.get_xlabel()) == ("true class (samples)", "predicted class")
    assert ax.get_title() == "pets\naccuracy 0.845 (93 of 110 right)"


def test_the_confusion_matrix_of_ten_classes_is_readable_and_a_class_without_samples_stays_white():
    matrix = np.diag(np.arange(10, 20))
    matrix[3] = 0   # no sample of class 3 in this test part
    fig = plots.confusion_matrix(matrix)
    ax = fig.axes[0]
    assert len(ax.texts) == 100 and fig.get_figwidth() >= 7    # half an inch a class at least
    assert not ax.images[0].get_array()[3].any()
    assert ax.get_yticklabels()[3].get_text() == "3 (0)"
    fig = plots.confusion_matrix(np.eye(40, dtype=int))    # 1,600 cells: shaded, not written in, and no wider
    assert not fig.axes[0].texts and fig.get_figwidth() <= 17
    assert fig.axes[0].get_title().endswith("\n40 classes: the cells are shaded, too small for their counts")


@pytest.mark.parametrize("matrix, match", [([[1, 2, 3], [4, 5, 6]], r"square.*got shape \(2, 3\)"),
                                           ([[0.9, 0.1], [0.2, 0.8]], "counts, whole numbers"),
                                           ([[1, -1], [0, 2]], "counts, whole numbers")])
def test_the_confusion_matrix_refuses_what_is_no_table_of_counts(matrix, match):
    with pytest.raises(ValueError, match=match):
        plots.confusion_matrix(matrix)


def test_the_confusion_matrix_given_a_model_names_the_counts_to_draw():
    # scikit-learn's ConfusionMatrixDisplay.from_estimator(model, X, y), ported as it is: the
    # model's X was taken for the path, "path must be a path (str or pathlib.Path), got ndarray"
    iris = data.load("iris")
    model = nn.MLP([4, 3], rng=0)
    with pytest.raises(TypeError, match=r"^plots\.confusion_matrix draws counts, not a model: plots\.confusion_matrix\("
                                        r"train\.confusion_matrix\(model\.predict\(X\), y\)\) is scikit-learn's "
                                        r"ConfusionMatrixDisplay\.from_estimator\(model, X, y\)$"):
        plots.confusion_matrix(model, iris.X, iris.y)
    counts = train.confusion_matrix(model.predict(iris.X), iris.y)   # the way, followed
    assert plots.confusion_matrix(counts).axes[0].get_title().endswith(f"of {len(iris.y)} right)")


def _misclassified_digits():
    images = np.arange(20 * 4 * 4, dtype=np.float64).reshape(20, 4, 4) % 17
    y_true = np.arange(20) % 3
    y_pred = y_true.copy()
    y_pred[[2, 5, 11]] = [0, 1, 1]
    return images, y_true, y_pred


def test_the_misclassified_images_are_drawn_captioned_true_to_predicted_on_one_scale():
    images, y_true, y_pred = _misclassified_digits()
    fig = plots.misclassified(images, y_true, y_pred, class_names=["zero", "one", "two"])
    drawn = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in drawn] == ["two → zero", "two → one", "two → one"]
    for ax, i in zip(drawn, [2, 5, 11]):
        np.testing.assert_array_equal(ax.images[0].get_array(), images[i])   # the data's own units
        assert ax.images[0].get_clim() == (0.0, 16.0)    # one grey per value, in every image
    assert fig.get_suptitle() == "3 of 20 images misclassified (3 shown)\ntrue → predicted"
    fig = plots.misclassified(images[:, None], y_true, np.eye(3)[y_pred])   # NCHW, and one score per class
    assert [ax.get_title() for ax in fig.axes if ax.images] == ["2 → 0", "2 → 1", "2 → 1"]


def test_at_most_sixteen_misclassified_images_are_drawn_and_none_is_said():
    images = np.zeros((40, 3, 3))
    fig = plots.misclassified(images, np.zeros(40, int), np.ones(40, int))
    assert sum(bool(ax.images) for ax in fig.axes) == 16
    assert fig.get_suptitle().startswith("40 of 40 images misclassified (first 16 shown)")
    fig = plots.misclassified(images, np.zeros(40, int), np.zeros(40, int))
    assert fig.get_suptitle() == "0 of 40 images misclassified"
    assert "all 40 images\nclassified right" in fig.axes[0].texts[0].get_text()


def test_flat_images_are_refused_with_the_reshape_that_makes_them_images():
    with pytest.raises(ValueError, match=r"images.reshape\(-1, 8, 8\)"):
        plots.misclassified(np.zeros((5, 64)), np.zeros(5, int), np.zeros(5, int))
    with pytest.raises(ValueError, match="one class per image, 5 of them"):
        plots.misclassified(np.zeros((5, 8, 8)), np.zeros(5, int), np.zeros(4, int))


def test_a_digits_run_writes_its_confusion_matrix_and_misclassified_test_images(tmp_path, capsys, monkeypatch):
    out = tmp_path / "run"
    out.mkdir()
    drawn = {}
    for name in ("confusion_matrix", "misclassified"):
        real = getattr(plots, name)
        monkeypatch.setattr(plots, name, lambda *a, _real=real, _name=name, **k: drawn.setdefault(_name, _real(*a, **k)))
    assert cli.main(["train", "--dataset", "digits", "--epochs", "2", "--quiet", "--out", str(out)]) == 0
    assert "wrote model.npz, loss.png, confusion_matrix.png, misclassified.png, history.csv" in capsys.readouterr().out
    assert (out / "confusion_matrix.png").read_bytes()[:4] == b"\x89PNG" == (out / "misclassified.png").read_bytes()[:4]
    test = json.loads((out / "metrics.json").read_text())["confusion_matrix"]["test"]
    matrix = drawn["confusion_matrix"].axes[0]
    assert _confusion_cells(matrix) == {(i, j): test[i][j] for i in range(10) for j in range(10)}
    assert matrix.get_title().startswith("digits: 64-16-16-10, test part\naccuracy ")
    wrong = sum(test[i][j] for i in range(10) for j in range(10) if i != j)
    grid = drawn["misclassified"]
    assert grid.get_suptitle().startswith(f"{wrong} of {sum(map(sum, test))} images misclassified")
    images = [ax.images[0].get_array() for ax in grid.axes if ax.images]
    assert len(images) == min(wrong, 16) > 0
    assert all(image.shape == (8, 8) for image in images)
    assert max(image.max() for image in images) > 5     # raw pixels 0..16, not standardised ones
    model = load(out / "model.npz")
    ds = data.load("digits")
    first = images[0]
    row = next(i for i in range(len(ds.X)) if np.array_equal(ds.X[i].reshape(8, 8), first))
    true, predicted = [ax.get_title() for ax in grid.axes if ax.images][0].split(" → ")
    assert (int(true), int(predicted)) == (ds.y[row], model.predict(ds.X[row:row + 1]).argmax())


def test_a_run_without_images_writes_no_grid_and_removes_an_older_one(tmp_path, capsys):
    out = tmp_path / "run"
    out.mkdir()
    (out / "misclassified.png").write_bytes(b"an older run's")
    assert cli.main(["train", "--dataset", "iris", "--epochs", "1", "--quiet", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["confusion_matrix.png", "history.csv", "loss.png",
                                                      "metrics.json", "model.npz"]
    assert cli.main(["train", "--dataset", "sine", "--epochs", "1", "--quiet", "--out", str(out)]) == 0
    assert not (out / "confusion_matrix.png").exists()    # a regression has no classes to confuse
