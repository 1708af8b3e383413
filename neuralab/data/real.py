"""Small real datasets, read from the files scikit-learn ships (no download).

Values are returned as scikit-learn stores them (digits pixels are 0..16); scale them with
``Standardizer`` fitted on the training part.

    iris           150 x 4,  3 classes     wine     178 x 13, 3 classes
    breast_cancer  569 x 30, 2 classes     digits  1797 x 64, 10 classes, 8x8 images
"""
import numpy as np

from ..nn.dtype import get_default_dtype
from .dataset import Dataset


def _from_sklearn(loader_name, name, image_shape=None):
    try:
        from sklearn import datasets
    except ImportError:
        raise ImportError(f"the {name!r} dataset is read from scikit-learn's bundled files: "
                          "pip install scikit-learn") from None
    bunch = getattr(datasets, loader_name)()
    n_classes = len(bunch.target_names)
    return Dataset(
        X=np.asarray(bunch.data, dtype=get_default_dtype()),
        y=np.asarray(bunch.target, dtype=np.int64),
        task="binary" if n_classes == 2 else "multiclass",
        n_classes=n_classes,
        feature_names=tuple(str(f) for f in bunch.feature_names),
        class_names=tuple(str(c) for c in bunch.target_names),
        name=name,
        image_shape=image_shape,
    )


def iris():
    """Fisher's iris: 150 flowers, 4 measurements (cm), 3 species."""
    return _from_sklearn("load_iris", "iris")


def wine():
    """Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars."""
    return _from_sklearn("load_wine", "wine")


def breast_cancer():
    """Wisconsin breast cancer: 569 tumours, 30 features; class 0 malignant, 1 benign."""
    return _from_sklearn("load_breast_cancer", "breast_cancer")


def digits():
    """Handwritten digits: 1797 images of 8x8 pixels (values 0..16) flattened to 64 features."""
    return _from_sklearn("load_digits", "digits", image_shape=(8, 8))
