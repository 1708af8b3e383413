"""data.load, data.names and the Dataset container."""
import numpy as np
import pytest

from neuralab import data

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
    with pytest.raises(ValueError, match="needs directory=.*does not download"):
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
