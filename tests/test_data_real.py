"""Real datasets read from scikit-learn's bundled files."""
import subprocess
import sys

import numpy as np
import pytest

import neuralab
from neuralab import data


@pytest.mark.parametrize("make, shape, n_classes, task", [
    (data.iris, (150, 4), 3, "multiclass"),
    (data.wine, (178, 13), 3, "multiclass"),
    (data.breast_cancer, (569, 30), 2, "binary"),
    (data.digits, (1797, 64), 10, "multiclass"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_real_datasets(make, shape, n_classes, task):
    d = make()
    assert d.X.shape == shape and d.y.shape == (shape[0],)
    assert d.X.dtype == np.float32 and d.y.dtype == np.int64
    assert d.n_classes == n_classes and d.task == task and d.name == make.__name__
    assert sorted(np.unique(d.y)) == list(range(n_classes))
    assert len(d.feature_names) == shape[1] and len(d.class_names) == n_classes
    assert np.isfinite(d.X).all()


def test_names_and_images():
    assert data.iris().class_names == ("setosa", "versicolor", "virginica")
    assert data.iris().feature_names[0] == "sepal length (cm)"
    assert data.breast_cancer().class_names == ("malignant", "benign")
    d = data.digits()
    assert d.image_shape == (8, 8) and data.iris().image_shape is None
    assert d.class_names == tuple(str(k) for k in range(10))
    assert d.X.min() == 0 and d.X.max() == 16
    assert np.bincount(data.iris().y).tolist() == [50, 50, 50]


def test_real_datasets_follow_default_dtype():
    neuralab.set_default_dtype(np.float64)
    try:
        assert data.wine().X.dtype == np.float64
    finally:
        neuralab.set_default_dtype(np.float32)


def test_sklearn_is_imported_lazily():
    code = "import sys, neuralab.data; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_missing_scikit_learn_is_named_with_the_install_command(monkeypatch):
    # the real datasets are read from scikit-learn's files; without it, say so and how to get it
    monkeypatch.setitem(sys.modules, "sklearn", None)  # what `import sklearn` meets when absent
    with pytest.raises(ImportError, match=r"^the 'iris' dataset is read from scikit-learn's "
                                          r"bundled files: pip install scikit-learn$"):
        data.iris()
