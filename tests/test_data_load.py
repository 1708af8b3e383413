"""data.load, data.names and the Dataset container."""
import re

import numpy as np
import pytest

from neuralab import data, nn

BUILT_IN = ["and", "or", "xor_gate", "circles", "moons", "spiral", "gaussians", "checkerboard",
            "xor", "plane", "sine", "iris", "wine", "breast_cancer", "digits", "mnist", "fashion_mnist"]


def test_names():
    assert data.names() == BUILT_IN


@pytest.mark.parametrize("name", BUILT_IN[:-2])
def test_every_name_loads(name):
    d = data.load(name)
    assert isinstance(d, data.Dataset) and d.name == name and len(d) > 0
    X, y = data.load(name)
    assert X.shape == d.X.shape and y.shape == d.y.shape


def test_options_are_passed_on():
    X, y = data.load("moons", n_samples=30, noise=0.1, seed=4)
    assert np.array_equal(X, data.moons(30, 0.1, seed=4).X)
    assert data.load("spiral", n_classes=4, n_samples=40, seed=0).n_classes == 4


def test_aliases_and_spelling_variants():
    assert data.load("and_gate").y.tolist() == [0, 0, 0, 1]
    assert data.load("OR_gate").y.tolist() == [0, 1, 1, 1]
    assert data.load(" Breast-Cancer ").name == "breast_cancer"


@pytest.mark.parametrize("typo, suggestion", [("moon", "moons"), ("circle", "circles"),
                                              ("spirals", "spiral"), ("digit", "digits"),
                                              ("fashion", "fashion_mnist"), ("checkboard", "checkerboard")])
def test_unknown_name_suggests_the_closest(typo, suggestion):
    with pytest.raises(ValueError) as err:
        data.load(typo)
    message = str(err.value)
    assert f"Did you mean '{suggestion}'" in message
    assert all(name in message for name in BUILT_IN)


def test_unknown_name_without_close_match():
    with pytest.raises(ValueError, match="unknown dataset 'zzzzzz'") as err:
        data.load("zzzzzz")
    assert "Did you mean" not in str(err.value)
    with pytest.raises(TypeError, match="name"):
        data.load(3)


def test_unknown_option_is_named():
    message = (r"unknown option 'nosie' for dataset 'moons' \(did you mean 'noise'\?\); "
               r"valid options: n_samples, noise, seed")
    with pytest.raises(ValueError, match=message):
        data.load("moons", nosie=0.2)
    with pytest.raises(ValueError, match="unknown option 'seed' for dataset 'iris'; it takes no options"):
        data.load("iris", seed=1)


def test_mnist_needs_a_directory():
    with pytest.raises(ValueError, match="mnist needs directory, the folder holding its IDX files .*does not download datasets: docs/data.md names the files and a mirror of them"):
        data.load("mnist")
    with pytest.raises(ValueError, match="not both"):
        data.load("fashion_mnist", directory=".", path=".")


def test_dataset_validates_and_defaults():
    X, y = np.zeros((3, 2), np.float32), np.zeros(3, np.int64)
    d = data.Dataset(X, y, "binary", 2)
    assert d.feature_names == ("x1", "x2") and d.class_names == ("0", "1") and d.n_features == 2
    assert "samples=3" in repr(d)
    with pytest.raises(ValueError, match="task"):
        data.Dataset(X, y, "clustering", 2)
    with pytest.raises(ValueError, match="same number of samples"):
        data.Dataset(X, y[:2], "binary", 2)
    with pytest.raises(ValueError, match="n_classes"):
        data.Dataset(X, y.astype(np.float32), "regression", 2)
    with pytest.raises(ValueError, match="n_classes"):
        data.Dataset(X, y, "multiclass")


def test_dataset_accepts_what_the_loaders_make():
    X = np.zeros((4, 4))
    d = data.Dataset(X.tolist(), [0, 1, 2, 0], "multiclass", 3, class_names=["a", "b", "c"],
                     image_shape=[2, 2], name="grid")
    assert isinstance(d.X, np.ndarray) and d.class_names == ("a", "b", "c") and d.image_shape == (2, 2)
    assert len(data.Dataset(np.zeros((0, 2)), np.zeros(0, np.int64), "binary", 2)) == 0  # no points drawn yet
    assert data.Dataset(X, np.linspace(0, 1, 4), "regression").class_names is None


X4, Y4 = np.zeros((4, 2)), np.array([0, 1, 0, 1])


@pytest.mark.parametrize("fields, message", [
    (dict(X=np.zeros(4)), r"X must be a 2-D array of numbers \(samples, features\), got float64 of shape \(4,\)"),
    (dict(X=np.zeros((4, 2, 2))), r"X must be a 2-D array .*shape \(4, 2, 2\)"),
    (dict(X=np.full((4, 2), "a")), r"X must be a 2-D array of numbers .*got <U1"),
    (dict(X=np.array([[0, 1], [2, np.nan], [0, 0], [1, 1]])), r"X holds NaN or inf \(first in row 1\)"),
    (dict(y=Y4[:, None]), r"y must be 1-D, one target per sample, got shape \(4, 1\)"),
    (dict(n_classes=3), "n_classes must be 2 for a 'binary' task, got 3"),
    (dict(task="multiclass", n_classes=1), "n_classes must be an integer >= 2 for a 'multiclass' task, got 1"),
    (dict(n_classes=2.0), "n_classes must be 2 for a 'binary' task, got 2.0"),
    (dict(n_classes=True), "n_classes must be 2 .*got True"),
    (dict(y=Y4.astype(float)), "y must hold integer class indices for a 'binary' task, got dtype float64"),
    (dict(y=np.array([0, 1, 2, 1])), r"y must hold class indices 0\.\.1 \(n_classes=2\), found 0\.\.2"),
    (dict(y=np.array([0, -1, 0, 1])), r"y must hold class indices 0\.\.1 \(n_classes=2\), found -1\.\.1"),
    (dict(class_names=("a", "b", "c")), "class_names has 3 names, but n_classes is 2"),
    (dict(class_names="ab"), "class_names has 1 name, but n_classes is 2"),
    (dict(feature_names=("a",)), "feature_names has 1 name, but X has 2 columns"),
    (dict(task="regression", n_classes=None, class_names=("a", "b")),
     "n_classes and class_names must be None for a 'regression' task"),
    (dict(task="regression", n_classes=None, y=np.array(["a", "b", "c", "d"])),
     "y must hold numbers for a 'regression' task, got dtype <U1"),
    (dict(task="regression", n_classes=None, y=np.array([0.0, np.inf, 0, 0])),
     r"y holds NaN or inf \(first in row 1\)"),
    (dict(image_shape=(2, 2)), r"image_shape=\(2, 2\) holds 4 pixels, but X has 2 columns"),
    (dict(image_shape=(2,)), r"image_shape must be \(H, W\) or \(C, H, W\)"),
    (dict(name=None), "name must be a str, got None"),
])
def test_dataset_names_the_field_that_does_not_fit(fields, message):
    arguments = dict(X=X4, y=Y4, task="binary", n_classes=2) | fields
    with pytest.raises(ValueError, match=message):
        data.Dataset(**arguments)


@pytest.mark.parametrize("name, option, hint", [
    ("moons", "random_state", "scikit-learn's random_state: neuralab uses 'seed'"),
    ("gaussians", "cluster_std", "scikit-learn's cluster_std: neuralab uses 'noise', the standard deviation of "
                                 "the Gaussian noise"),
    ("spiral", "std", "scikit-learn's std: neuralab uses 'noise'"),
    ("plane", "sigma", "scikit-learn's sigma: neuralab uses 'noise'"),
    ("gaussians", "centers", "scikit-learn's centers: neuralab uses 'n_classes', the number of classes"),
    ("moons", "n_points", "scikit-learn's n_points: neuralab uses 'n_samples'"),  # was "did you mean 'noise'?"
    ("circles", "factor", "scikit-learn's factor: neuralab has none; circles has fixed radii"),
    ("moons", "shuffle", "scikit-learn's shuffle: neuralab has none; a generator's rows come in class order, "
                         "row i of class i % n_classes, and train_test_split and data.batches shuffle them"),
])
def test_scikit_learns_option_names_are_answered_with_neuralabs(name, option, hint):
    with pytest.raises(ValueError, match=re.escape(f"unknown option {option!r} for dataset {name!r} ({hint}")):
        data.load(name, **{option: 1})


def test_a_scikit_learn_name_without_a_counterpart_in_that_dataset_gets_no_hint():
    with pytest.raises(ValueError, match=r"unknown option 'centers' for dataset 'moons'; valid options"):
        data.load("moons", centers=3)  # moons has two classes, no n_classes
    with pytest.raises(ValueError, match="unknown option 'random_state' for dataset 'iris'; it takes no options"):
        data.load("iris", random_state=0)


@pytest.mark.parametrize("name, ours", [("blobs", "gaussians"), ("make_blobs", "gaussians"),
                                        ("make-moons", "moons"), ("make_circles", "circles")])
def test_scikit_learns_dataset_names_point_to_neuralabs(name, ours):
    key = name.replace("-", "_")
    with pytest.raises(ValueError, match=re.escape(f"unknown dataset {name!r}. Did you mean {ours!r}, "
                                                   f"scikit-learn's {key}? Valid names: and, or")):
        data.load(name)


def test_a_dataset_is_not_indexed_as_its_index_could_mean_y_or_a_sample():
    # data.load(...)[1] was Python's "'Dataset' object is not subscriptable"; a Dataset unpacks
    # as X, y yet len(ds) counts samples, so ds[1] is refused naming both ways, not guessed
    ds = data.load("spiral", n_classes=3, n_samples=30, seed=0)
    for key in (0, 1, -1, slice(0, 2)):
        with pytest.raises(TypeError, match=r"^a Dataset is not indexed, as ds\[.*\] could mean y .*or sample "
                                            r".*: write X, y = data\.load\(\.\.\.\), or ds\.X and ds\.y"):
            ds[key]
    X, y = ds                                  # the ways the message gives still work
    assert X is ds.X and y is ds.y and len(ds) == 30
    # and NumPy no longer reads a Dataset as the ragged sequence [X, y]; fit takes it alone, its
    # targets with it, and refuses y besides
    model = nn.MLP([2, 3])
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(TypeError, match=r"a Dataset is not one array: pass its parts, ds\.X and ds\.y"):
        np.asarray(ds)
    with pytest.raises(TypeError, match=r"fit takes a Dataset alone, its targets ds\.y with it, and got y besides"):
        model.fit(ds, ds.y, loss="cross_entropy", optimizer="sgd", epochs=1, verbose=0)
    assert all(np.array_equal(p.data, b) for p, b in zip(model.parameters(), before))
