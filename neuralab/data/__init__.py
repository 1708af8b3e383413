"""Datasets: synthetic generators, bundled real sets, CSV and MNIST loaders, and preprocessing.

>>> from neuralab import data
>>> X, y = data.load("moons", n_samples=500, noise=0.3, seed=0)
>>> X_train, X_test, y_train, y_test = data.train_test_split(X, y, seed=0)
>>> X_train.shape, X_test.shape                    # a quarter for testing, by default
((375, 2), (125, 2))
>>> data.names()                                   # every name load() knows
['and', 'or', 'xor_gate', 'circles', 'moons', ...]
"""
import inspect

from ..nn.habits import TO_CATEGORICAL
from ..nn.labels import NUMBER_BY_UNIQUE
from ..public_names import public_dir
from ..spelling import as_python_name, closest, other_names
from .augment import GaussianNoise, ImageAugment, default_augment
from .augment_wrappers import Compose, InOriginalUnits
from .csv import load_csv
from .csv_error import CsvError   # load_csv's refusals: except data.CsvError
from .dataset import SCIKIT_LEARN_NAMES, Dataset, scikit_learn_hint
from .idx import MNIST_OPTION_HABITS, load_idx, mnist
from .preprocessing import batches, one_hot, train_test_split
from .real import breast_cancer, digits, iris, wine
from .standardizer import Standardizer
from .synthetic import (and_gate, checkerboard, circles, gaussians, moons, or_gate, plane, sine,
                        spiral, xor, xor_gate)


def _mnist_loader(name, fashion):
    def load_mnist(directory=None, kind="train", path=None):
        """``directory`` (or ``path``): the folder holding the IDX files; ``kind``: "train" or "test"."""
        if directory is not None and path is not None:
            raise ValueError(f"load({name!r}): give directory or path, not both")
        if directory is None and path is None:
            raise ValueError(f"{name} needs directory, the folder holding its IDX files "
                             "(neuralab does not download datasets: docs/data.md names the files and a mirror of them)")
        return mnist(directory if path is None else path, kind=kind, fashion=fashion)
    return load_mnist


_LOADERS = {
    "and": and_gate, "or": or_gate, "xor_gate": xor_gate,
    "circles": circles, "moons": moons, "spiral": spiral, "gaussians": gaussians,
    "checkerboard": checkerboard, "xor": xor, "plane": plane, "sine": sine,
    "iris": iris, "wine": wine, "breast_cancer": breast_cancer, "digits": digits,
    "mnist": _mnist_loader("mnist", fashion=False),
    "fashion_mnist": _mnist_loader("fashion_mnist", fashion=True),
}
_ALIASES = {"and_gate": "and", "or_gate": "or"}
# The options of data.mnist and of torchvision's MNIST that load("mnist") spells otherwise
_MNIST_OPTIONS = {**MNIST_OPTION_HABITS,
                  "fashion": 'the name chooses Fashion-MNIST here: data.load("fashion_mnist", directory=...), '
                             'as data.mnist(directory, fashion=True) does'}


def names():
    """The names ``load`` knows, in a stable order."""
    return list(_LOADERS)


def load(name, **options):
    """The built-in dataset ``name`` as a ``Dataset``; ``options`` go to its generator or loader.

    ``load("moons", n_samples=500, noise=0.3, seed=0)``, ``load("iris")``,
    ``load("mnist", directory="~/data/mnist", kind="test")``; Fashion-MNIST is a name of its own,
    ``load("fashion_mnist", directory=...)`` (``mnist``'s option ``fashion=True`` is the name here).

    >>> from neuralab import data
    >>> moons = data.load("moons", n_samples=200, noise=0.3, seed=0)
    >>> moons.X.shape, moons.y.shape, moons.task, moons.class_names   # y: one class index per row
    ((200, 2), (200,), 'binary', ('upper', 'lower'))
    >>> data.load("blobs")
    Traceback (most recent call last):
    ...
    ValueError: unknown dataset 'blobs'. Did you mean 'gaussians', scikit-learn's blobs? Valid names: and, ...
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a dataset name (str), got {type(name).__name__}")
    key = as_python_name(name.strip())
    key = _ALIASES.get(key, key)
    if key not in _LOADERS:
        ours = SCIKIT_LEARN_NAMES.get(key, ("",))[0]
        if ours in _LOADERS:  # "blobs" -> "gaussians"
            hint = f" Did you mean {ours!r}, scikit-learn's {key}?"
        else:
            close = closest(key, list(_LOADERS) + list(_ALIASES), n=3)
            hint = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"unknown dataset {name!r}.{hint} Valid names: {', '.join(_LOADERS)}")
    loader = _LOADERS[key]
    valid = list(inspect.signature(loader).parameters)
    for option in options:
        if option not in valid:
            if key in ("mnist", "fashion_mnist") and option in _MNIST_OPTIONS:
                hint = _MNIST_OPTIONS[option]
            else:
                hint = scikit_learn_hint(option, valid)  # random_state -> seed, or the closest name
            hint = f" ({hint})" if hint else ""
            accepted = f"valid options: {', '.join(valid)}" if valid else "it takes no options"
            raise ValueError(f"unknown option {option!r} for dataset {key!r}{hint}; {accepted}")
    return loader(**options)


# scikit-learn's preprocessing and model selection, and what does their job here
_FOLDS = ("there are no folds here: a model is trained on one split, data.train_test_split(X, y, test_size=0.2, "
          "seed=k), and another seed k gives another split to train a new model on")
_SCIKIT_LEARN_TOOLS = {
    "StandardScaler": "data.Standardizer() is scikit-learn's StandardScaler (fit, transform, fit_transform, "
                      "inverse_transform), its μ and σ in scaler.mean and scaler.std",
    "MinMaxScaler": "inputs are scaled by standardising them here, data.Standardizer(); to [0, 1] by hand, "
                    "(X - X_train.min(0)) / (X_train.max(0) - X_train.min(0))",
    "OneHotEncoder": "data.one_hot(y) makes one-hot rows of class indices; a table's text columns become 0/1 "
                     "columns with pd.get_dummies(X), or data.load_csv(path, ...) reading the file",
    "LabelEncoder": f"{NUMBER_BY_UNIQUE} numbers the labels 0..K-1, label k being classes[k]",
    "KFold": _FOLDS, "StratifiedKFold": _FOLDS, "cross_val_score": _FOLDS,
}
# torch.utils.data's, scikit-learn's and Keras's names for what has another name or form here
_BATCHES = "data.batches(X, y, batch_size=32) gives the shuffled mini-batches (X_batch, y_batch)"
__getattr__ = other_names("neuralab.data", {
    "to_categorical": TO_CATEGORICAL,
    "DataLoader": _BATCHES, "TensorDataset": "X and y are plain arrays here; " + _BATCHES,
    "random_split": "data.train_test_split(X, y, test_size=0.2, seed=0)",
    "make_moons": "data.moons(n_samples, noise, seed), or data.load('moons', ...)",
    "make_circles": "data.circles(n_samples, noise, seed), or data.load('circles', ...)",
    "make_blobs": "data.gaussians(...), or data.load('gaussians', ...)",
    **{f"load_{name}": f"data.{name}(), or data.load({name!r})" for name in ("iris", "wine", "digits", "breast_cancer")},
    # Keras's keras.datasets.fashion_mnist.load_data(), torchvision's datasets.FashionMNIST(root)
    **{name: "data.load('fashion_mnist', directory=folder) reads the training images and labels from the IDX files "
             "in folder, kind='test' the test ones (data.mnist(folder, fashion=True) alike)"
       for name in ("fashion_mnist", "FashionMNIST")},
    **_SCIKIT_LEARN_TOOLS,
})


__all__ = [
    "load", "names", "Dataset", "load_csv", "load_idx", "mnist",
    "train_test_split", "Standardizer", "one_hot", "batches",
    "and_gate", "or_gate", "xor_gate", "circles", "moons", "spiral", "gaussians",
    "checkerboard", "xor", "plane", "sine", "iris", "wine", "breast_cancer", "digits",
]

# dir(data) and tab completion: the datasets, loaders and preprocessing, not the modules they live in
__dir__ = public_dir(globals(), internal=("scikit_learn_hint",))
