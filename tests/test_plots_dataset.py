"""The plots of a model over its data take a ``data.Dataset`` alone, as ``fit(ds)`` does: its
features and targets, its names. ``misclassified`` refused one ("a Dataset is not one array"),
and a digits Dataset's flat rows had to be reshaped by hand into its ``image_shape``."""
import numpy as np
import pytest

from neuralab import data, nn
from neuralab.train import plots


def _images():
    """20 images of 4 × 4 in three named classes, as flat rows, and predictions wrong at 2, 5, 11."""
    X = (np.arange(20 * 16, dtype=np.float32).reshape(20, 16) % 17)
    y = np.arange(20) % 3
    pred = y.copy()
    pred[[2, 5, 11]] = [0, 1, 1]
    ds = data.Dataset(X=X, y=y, task="multiclass", n_classes=3, class_names=("zero", "one", "two"),
                      image_shape=(4, 4), name="tiny")
    return ds, pred


def _drawn(fig):
    return [(ax.get_title(), ax.images[0].get_array().tolist()) for ax in fig.axes if ax.images]


def test_misclassified_takes_a_dataset_of_images_with_its_targets_and_class_names():
    ds, pred = _images()
    by_hand = plots.misclassified(ds.X.reshape(-1, 4, 4), ds.y, pred, class_names=ds.class_names)
    for fig in (plots.misclassified(ds, pred), plots.misclassified(ds, y_pred=np.eye(3)[pred])):
        assert _drawn(fig) == _drawn(by_hand)
        assert [title for title, _ in _drawn(fig)] == ["two → zero", "two → one", "two → one"]
        assert fig.get_suptitle() == by_hand.get_suptitle()
    assert [t for t, _ in _drawn(plots.misclassified(ds, pred, class_names="abc"))][0] == "c → a"   # yours win


def test_a_dataset_is_refused_with_targets_besides_or_without_images():
    ds, pred = _images()
    with pytest.raises(TypeError, match=r"^plots\.misclassified takes a Dataset alone, its targets ds\.y with it, "
                                        r"and got y besides: write plots\.misclassified\(ds, model\.predict\(ds\)\)"):
        plots.misclassified(ds, ds.y, pred)
    with pytest.raises(ValueError, match="the Dataset 'moons' holds no images"):
        plots.misclassified(data.load("moons", n_samples=20, seed=0), pred)
    with pytest.raises(TypeError, match="misclassified needs the true classes and the predicted ones"):
        plots.misclassified(ds.X.reshape(-1, 4, 4), ds.y)
    rows = data.Dataset(X=ds.X, y=None, task=None, image_shape=(4, 4))
    with pytest.raises(ValueError, match=r"^plots\.misclassified's Dataset holds no targets .* so "
                                         r"plots\.misclassified has nothing to compare the predictions with"):
        plots.misclassified(rows, pred)


@pytest.mark.parametrize("plot, features", [(plots.decision_boundary, [0, 1]), (plots.prediction_curve, [0])])
def test_the_plots_of_the_model_over_its_data_take_a_dataset_alone(plot, features):
    ds = data.load("moons", n_samples=60, seed=0)
    names = ("width", "height")[:len(features)]
    ds = data.Dataset(X=ds.X[:, features], y=ds.y, task="binary", n_classes=2, class_names=("no", "yes"),
                      feature_names=names)
    model = nn.MLP([len(features), 4, 1], output="sigmoid", rng=0)
    model.fit(ds, loss="bce", optimizer="adam", epochs=3, verbose=0, seed=0)
    alone, by_hand = plot(model.predict, ds), plot(model.predict, ds.X, ds.y, class_names=ds.class_names,
                                                    axes=names + ("y",) * (len(names) == 1))
    a, b = alone.axes[0], by_hand.axes[0]
    assert (a.get_xlabel(), a.get_ylabel(), a.get_title()) == (b.get_xlabel(), b.get_ylabel(), b.get_title())
    assert a.get_xlabel() == "width"   # the Dataset's feature name, and its class names in the legend
    assert "yes" in [t.get_text() for legend in alone.legends + [a.get_legend()] if legend for t in legend.get_texts()]
