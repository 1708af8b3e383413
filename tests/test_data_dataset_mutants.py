"""neuralab.data's Dataset, what mutation testing found untested: each test asserts a promise that
a small change of the code broke unseen."""
import dataclasses

import numpy as np
import pytest

from neuralab.data import Dataset
from neuralab.data.dataset import row_in_file


def test_row_in_file_numbers_rows_as_the_file_does_counting_the_dropped_ones():
    # the file's rows 1..9 under the header; missing="drop" left out rows 2 and 5, so the Dataset's
    # rows are the file's 1, 3, 4, 6, 7, 8, 9
    X = np.array([[1, 0], [2, 0], [1, 0], [3, 0], [1, 0], [1, 0], [4, 0], [1, 5]], dtype=float)
    ds = Dataset(X, np.array([0, 1, 1, 0, 0, 0, 1, 0]), "binary", 2, dropped_rows=[2, 5])
    assert row_in_file(ds, [2, 0], "d.csv") == "row 3 of d.csv"
    assert row_in_file(ds, [4, 0], "d.csv") == "row 9 of d.csv"
    assert row_in_file(ds, [1, 5], "d.csv") == "row 10 of d.csv"                          # every value must match
    assert row_in_file(ds, [1, 0], "d.csv") == "one of the rows 1, 4, 7, … of d.csv"   # four: three shown
    assert row_in_file(ds, [1, 0], "d.csv", y=1) == "row 4 of d.csv"                    # its target tells it apart
    assert row_in_file(ds, [9, 0], "d.csv") is None
    three = Dataset(X[:5], np.array([0, 1, 1, 0, 0]), "binary", 2)
    assert row_in_file(three, [1, 0], "d.csv") == "one of the rows 1, 3, 5 of d.csv"


def test_rows_to_predict_take_no_classes_and_no_task():
    # a Dataset without targets (y=None) says nothing of classes: either one given is refused
    X = np.zeros((3, 2))
    for fields in (dict(n_classes=2), dict(class_names=("no", "yes")), dict(n_classes=2, class_names=("no", "yes"))):
        with pytest.raises(ValueError, match=r"^n_classes and class_names must be None for a Dataset without "
                                             r"targets \(y=None\)$"):
            Dataset(X, None, None, **fields)
    with pytest.raises(ValueError, match=r"^a Dataset without targets \(y=None, rows to predict\) has task=None, "
                                         r"got 'binary'$"):
        Dataset(X, None, "binary")
    assert Dataset(X, None, None).feature_names == ("x1", "x2")


def test_datasets_compare_as_objects_so_they_can_be_looked_up():
    # fields holding arrays compare elementwise: a field-by-field == would raise on `ds in list`
    # and leave Datasets unhashable; two Datasets are the same only when they are one object
    ds = Dataset(np.zeros((3, 2)), np.array([0, 1, 0]), "binary", 2)
    copy = dataclasses.replace(ds)
    assert ds == ds and ds != copy
    assert ds in [copy, ds] and copy not in [ds]
    assert len({ds, copy}) == 2


def test_a_dataset_shows_its_classes_and_a_regression_none():
    X = np.zeros((4, 2))
    assert repr(Dataset(X, np.array([0, 1, 2, 0]), "multiclass", 3, name="toy")) == \
        "Dataset(name='toy', task='multiclass', samples=4, features=2, n_classes=3)"
    assert repr(Dataset(X, np.zeros(4), "regression")) == "Dataset(name='', task='regression', samples=4, features=2)"
