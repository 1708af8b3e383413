"""Small real datasets, read from the files scikit-learn ships (no download).

Values are returned as scikit-learn stores them (digits pixels are 0..16); scale them with
``Standardizer`` fitted on the training part.

    iris           150 x 4,  3 classes     wine     178 x 13, 3 classes
    breast_cancer  569 x 30, 2 classes     digits  1797 x 64, 10 classes, 8x8 images

>>> from neuralab import data
>>> wine = data.wine()
>>> wine.X.shape, wine.n_classes, wine.feature_names[:2]
((178, 13), 3, ('alcohol', 'malic_acid'))
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
    """Fisher's iris: 150 flowers, 4 measurements (cm), 3 species, 50 of each.

    >>> from neuralab import data
    >>> iris = data.iris()
    >>> iris.X.shape, iris.class_names
    ((150, 4), ('setosa', 'versicolor', 'virginica'))
    """
    return _from_sklearn("load_iris", "iris")


def wine():
    """Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars."""
    return _from_sklearn("load_wine", "wine")


def breast_cancer():
    """Wisconsin breast cancer: 569 tumours, 30 features; class 0 malignant, 1 benign.

    Unbalanced: a model that always says "benign" is right 63 % of the time, the accuracy to beat.

    >>> import numpy as np
    >>> from neuralab import data
    >>> cancer = data.breast_cancer()
    >>> np.bincount(cancer.y), cancer.class_names
    (array([212, 357]), ('malignant', 'benign'))
    """
    return _from_sklearn("load_breast_cancer", "breast_cancer")


def digits():
    """Handwritten digits: 1797 images of 8x8 pixels (values 0..16) flattened to 64 features.

    >>> from neuralab import data
    >>> digits = data.digits()
    >>> digits.X.shape, digits.image_shape, float(digits.X.max())
    ((1797, 64), (8, 8), 16.0)
    >>> int(digits.y[0]), digits.X[0].reshape(digits.image_shape).astype(int)   # a row back as its image
    (0, array([[ 0,  0,  5, 13,  9,  1,  0,  0],
           [ 0,  0, 13, 15, 10, 15,  5,  0],
           [ 0,  3, 15,  2,  0, 11,  8,  0],
           [ 0,  4, 12,  0,  0,  8,  8,  0],
           [ 0,  5,  8,  0,  0,  9,  8,  0],
           [ 0,  4, 11,  0,  1, 12,  7,  0],
           [ 0,  2, 14,  5, 10, 12,  0,  0],
           [ 0,  0,  6, 13, 10,  0,  0,  0]]))
    """
    return _from_sklearn("load_digits", "digits", image_shape=(8, 8))
