"""Small real datasets, read from the files scikit-learn ships (no download).

Values are returned as scikit-learn stores them (digits pixels are 0..16); scale them with
``Standardizer`` fitted on the training part.

    iris           150 x 4,  3 classes     wine     178 x 13, 3 classes
    breast_cancer  569 x 30, 2 classes     digits  1797 x 64, 10 classes, 8x8 images

The files (sklearn/datasets/data/) are read here with NumPy, the package located without
importing it: ``import sklearn.datasets`` takes a second or more, which the playground's first Iris and
``neuralab train --dataset iris`` would otherwise wait for. The feature names, and digits' class
names, are not in the files (scikit-learn's loaders write them in code), so they are written
below. A file that is missing or not shaped as expected (another scikit-learn version) is left to
scikit-learn's own loader, which gives the same dataset, slower.

>>> from neuralab import data
>>> wine = data.wine()
>>> wine.X.shape, wine.n_classes, wine.feature_names[:2]
((178, 13), 3, ('alcohol', 'malic_acid'))
"""
import gzip
import importlib.util
import zlib
from pathlib import Path

import numpy as np

from ..nn.dtype import get_default_dtype
from .dataset import Dataset, answering_scikit_learn

_IRIS_FEATURES = ("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)")

_WINE_FEATURES = (
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
    "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
    "od280/od315_of_diluted_wines", "proline")

# Ten measurements of a cell nucleus, each summarised over the image's nuclei three ways: the mean,
# the standard error and the worst (mean of the three largest), in that order of the columns.
_NUCLEUS = ("radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave points", "symmetry", "fractal dimension")
_BREAST_CANCER_FEATURES = (tuple(f"mean {m}" for m in _NUCLEUS)
                           + tuple(f"{m} error" for m in _NUCLEUS)
                           + tuple(f"worst {m}" for m in _NUCLEUS))

_DIGITS_FEATURES = tuple(f"pixel_{row}_{col}" for row in range(8) for col in range(8))


@answering_scikit_learn   # scikit-learn's return_X_y=True, as_frame=True
def iris():
    """Fisher's iris: 150 flowers, 4 measurements (cm), 3 species, 50 of each.

    >>> from neuralab import data
    >>> iris = data.iris()
    >>> iris.X.shape, iris.class_names
    ((150, 4), ('setosa', 'versicolor', 'virginica'))
    """
    return _real("iris", "iris.csv", 150, 3, _IRIS_FEATURES)


@answering_scikit_learn   # scikit-learn's return_X_y=True, as_frame=True
def wine():
    """Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars."""
    return _real("wine", "wine_data.csv", 178, 3, _WINE_FEATURES)


@answering_scikit_learn   # scikit-learn's return_X_y=True, as_frame=True
def breast_cancer():
    """Wisconsin breast cancer: 569 tumours, 30 features; class 0 malignant, 1 benign.

    Unbalanced: a model that always says "benign" is right 63 % of the time, the accuracy to beat.

    >>> import numpy as np
    >>> from neuralab import data
    >>> cancer = data.breast_cancer()
    >>> np.bincount(cancer.y), cancer.class_names
    (array([212, 357]), ('malignant', 'benign'))
    """
    return _real("breast_cancer", "breast_cancer.csv", 569, 2, _BREAST_CANCER_FEATURES)


@answering_scikit_learn   # scikit-learn's return_X_y=True, as_frame=True
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
    return _real("digits", "digits.csv.gz", 1797, 10, _DIGITS_FEATURES, header=False,
                 image_shape=(8, 8))


def _real(name, file_name, n_samples, n_classes, feature_names, header=True, image_shape=None):
    """The dataset from scikit-learn's file ``file_name``, or from its loader ``load_<name>`` when
    the file will not do."""
    folder = _sklearn_data_dir()
    if folder is None:
        raise _no_sklearn(name)
    read = _read_bundled(folder / file_name, n_samples, len(feature_names), n_classes, header)
    if read is None:
        return _from_sklearn(name, image_shape)
    X, y, class_names = read
    return _dataset(name, X, y, feature_names, class_names, image_shape)


def _sklearn_data_dir():
    """The folder of the data files in the installed scikit-learn, found without importing it
    (``find_spec`` only looks the package up); None when scikit-learn is not installed."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:   # origin None: a folder left behind, no package
        return None
    return Path(spec.origin).parent / "datasets" / "data"


def _read_bundled(path, n_samples, n_features, n_classes, header):
    """(X float64, y int64, class names) from one of scikit-learn's files, or None when the file
    is missing, unreadable or not the one expected.

    Iris, wine and breast cancer: a header "n_samples,n_features,class 0's name,...", then one
    line per sample, its features and its class index last. Digits (gzip): no header, the 64
    pixels and the digit, which names the class (scikit-learn's ``target_names`` are 0..9).
    NumPy's parser rounds each number as Python's float() does, which is how scikit-learn reads
    them, so X is the loader's to the bit.
    """
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as file:
            if header:
                cells = file.readline().rstrip("\r\n").split(",")
                if cells[:2] != [str(n_samples), str(n_features)] or len(cells) != 2 + n_classes:
                    return None
                class_names = tuple(cells[2:])
            else:
                class_names = tuple(str(k) for k in range(n_classes))
            lines = file.read().splitlines()
        # counted before parsing: np.loadtxt warns on a file of no lines (an error under pytest)
        if len(lines) != n_samples:
            return None
        table = np.loadtxt(lines, delimiter=",", ndmin=2)
    except (OSError, ValueError, EOFError, zlib.error):   # EOFError, zlib.error: a broken gzip
        return None
    labels = table[:, -1]
    if table.shape != (n_samples, n_features + 1) or not np.isin(labels, np.arange(n_classes)).all():
        return None
    return table[:, :-1], labels.astype(np.int64), class_names


def _from_sklearn(name, image_shape):
    """The dataset from scikit-learn's own ``load_<name>``: slower (it imports sklearn.datasets),
    for a file ``_read_bundled`` will not read."""
    try:
        from sklearn import datasets
    except ImportError:
        raise _no_sklearn(name) from None
    bunch = getattr(datasets, f"load_{name}")()
    return _dataset(name, bunch.data, bunch.target, tuple(str(f) for f in bunch.feature_names),
                    tuple(str(c) for c in bunch.target_names), image_shape)


def _no_sklearn(name):
    """The error for a real dataset without scikit-learn, whose files it is read from."""
    return ImportError(f"the {name!r} dataset is read from scikit-learn's bundled files: "
                       "pip install scikit-learn")


def _dataset(name, X, y, feature_names, class_names, image_shape):
    n_classes = len(class_names)
    return Dataset(
        # contiguous: the file's features are a slice of the table that holds the target too
        X=np.ascontiguousarray(X, dtype=get_default_dtype()),
        y=np.asarray(y, dtype=np.int64),
        task="binary" if n_classes == 2 else "multiclass",
        n_classes=n_classes,
        feature_names=feature_names,
        class_names=class_names,
        name=name,
        image_shape=image_shape,
    )
