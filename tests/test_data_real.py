"""Real datasets read from scikit-learn's bundled files, without importing scikit-learn."""
import gzip
import importlib.util
import sys

import numpy as np
import pytest

from neuralab import data
from neuralab.data import real
from fresh_python import printed_by_fresh_python

REAL_DATASETS = ("iris", "wine", "breast_cancer", "digits")


def _real_data_check_is_loaders(dataset, name, dtype):
    """``dataset`` is what scikit-learn's loader gives, X in ``dtype`` to the bit."""
    from sklearn import datasets
    bunch = getattr(datasets, f"load_{name}")()
    expected = np.asarray(bunch.data, dtype=dtype)
    assert dataset.X.dtype == dtype and dataset.X.shape == expected.shape
    assert dataset.X.tobytes() == expected.tobytes()
    assert dataset.X.flags.c_contiguous          # as the loader's: a row is one block of memory
    assert dataset.y.dtype == np.int64 and np.array_equal(dataset.y, bunch.target)
    assert dataset.feature_names == tuple(str(f) for f in bunch.feature_names)
    assert dataset.class_names == tuple(str(c) for c in bunch.target_names)
    assert dataset.name == name


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


@pytest.mark.parametrize("name", REAL_DATASETS)
def test_each_file_read_directly_is_the_loaders_dataset(name, default_dtype, monkeypatch):
    # the names written in real.py checked one by one against the loader's, X bit for bit
    def no_loader(*args):
        raise AssertionError("scikit-learn's loader was used instead of its file")
    monkeypatch.setattr(real, "_from_sklearn", no_loader)
    _real_data_check_is_loaders(getattr(data, name)(), name, default_dtype)


def test_the_datasets_load_without_importing_scikit_learn():
    # importing sklearn.datasets is what took 1-3 s; a fresh process, as other tests import it
    code = ("import sys; from neuralab import data\n"
            "for d in (data.iris(), data.wine(), data.breast_cancer(), data.digits()): pass\n"
            "print('sklearn' in sys.modules)")
    assert printed_by_fresh_python(code) == ["False"]


def test_the_file_in_scikit_learns_folder_is_the_one_read(tmp_path, monkeypatch):
    lines = (real._sklearn_data_dir() / "iris.csv").read_text().splitlines()
    lines[1] = "9.5" + lines[1][len("5.1"):]   # the first flower's sepal length, 5.1 cm in the file
    (tmp_path / "iris.csv").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(real, "_sklearn_data_dir", lambda: tmp_path)
    assert data.iris().X[0, 0] == np.float32(9.5)


def _real_data_edit_lines(edit):
    """A change to a file's lines, as a change to its bytes."""
    return lambda raw: ("\n".join(edit(raw.decode().splitlines())) + "\n").encode()


def _real_data_edit_gzip_lines(edit):
    return lambda raw: gzip.compress(_real_data_edit_lines(edit)(gzip.decompress(raw)))


def _real_data_with_cell(row, column, text):
    def edit(lines):
        cells = lines[row].split(",")
        cells[column] = text
        return lines[:row] + [",".join(cells)] + lines[row + 1:]
    return _real_data_edit_lines(edit)


@pytest.mark.parametrize("name, file_name, damage", [
    ("iris", "iris.csv", "missing"),
    ("iris", "iris.csv", "a folder"),
    ("iris", "iris.csv", lambda raw: b""),
    ("iris", "iris.csv", _real_data_edit_lines(lambda l: l[:1])),           # a header, no sample
    ("iris", "iris.csv", lambda raw: b"\xff" + raw),                        # not UTF-8
    ("iris", "iris.csv", _real_data_with_cell(0, 1, "5")),                  # header: 5 features
    ("wine", "wine_data.csv", _real_data_edit_lines(lambda l: [l[0] + ",class_3"] + l[1:])),
    ("wine", "wine_data.csv", _real_data_edit_lines(lambda l: l[:-1])),     # a sample less
    ("wine", "wine_data.csv", _real_data_edit_lines(lambda l: l + l[-1:])),  # a sample more
    ("iris", "iris.csv", _real_data_with_cell(150, -1, "3")),               # class 3 of 0..2
    ("iris", "iris.csv", _real_data_with_cell(150, -1, "1.5")),
    ("breast_cancer", "breast_cancer.csv", _real_data_with_cell(1, 0, "x17.99")),
    ("breast_cancer", "breast_cancer.csv", _real_data_edit_lines(   # a row a cell short
        lambda l: l[:2] + [l[2].rsplit(",", 1)[0]] + l[3:])),
    ("breast_cancer", "breast_cancer.csv", _real_data_edit_lines(   # a blank line for a row
        lambda l: l[:5] + [""] + l[6:])),
    ("digits", "digits.csv.gz", lambda raw: raw[:len(raw) // 2]),          # cut short
    ("digits", "digits.csv.gz", lambda raw: raw[:20] + b"\xff" * 8 + raw[28:]),   # zlib's error
    ("digits", "digits.csv.gz", gzip.decompress),                         # not compressed
    ("digits", "digits.csv.gz", _real_data_edit_gzip_lines(lambda l: [s + ",0" for s in l])),
])
def test_a_file_that_will_not_do_is_left_to_scikit_learns_loader(name, file_name, damage, tmp_path,
                                                                monkeypatch):
    # another scikit-learn version, or a broken install: the loader's dataset still, never an error
    path = tmp_path / file_name
    if damage == "a folder":
        path.mkdir()
    elif damage != "missing":
        path.write_bytes(damage((real._sklearn_data_dir() / file_name).read_bytes()))
    monkeypatch.setattr(real, "_sklearn_data_dir", lambda: tmp_path)
    used, loader = [], real._from_sklearn
    monkeypatch.setattr(real, "_from_sklearn", lambda *args: used.append(args) or loader(*args))
    dataset = getattr(data, name)()
    assert len(used) == 1
    _real_data_check_is_loaders(dataset, name, np.float32)


_NO_SKLEARN = r"^the '{}' dataset is read from scikit-learn's bundled files: pip install scikit-learn$"


@pytest.mark.parametrize("name", REAL_DATASETS)
def test_a_missing_scikit_learn_is_named_with_the_install_command(name, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda module, *args: None if module == "sklearn" else find_spec(module, *args))
    with pytest.raises(ImportError, match=_NO_SKLEARN.format(name)):
        getattr(data, name)()


def test_a_scikit_learn_without_its_files_that_will_not_import_is_named_so_too(tmp_path, monkeypatch):
    monkeypatch.setattr(real, "_sklearn_data_dir", lambda: tmp_path)
    monkeypatch.setitem(sys.modules, "sklearn", None)   # what `import sklearn` meets when absent
    with pytest.raises(ImportError, match=_NO_SKLEARN.format("wine")):
        data.wine()
