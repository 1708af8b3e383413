"""neuralab.data's train_test_split, one_hot and batches, what mutation testing found untested:
each test asserts a promise that a small change of the code broke unseen."""
import math
import re

import numpy as np
import pytest

from neuralab import data


@pytest.mark.parametrize("train_size", [1, 37, 99, 0.01, 0.37, 0.99, 0, 100, 0.0, 1.0])
def test_the_test_size_a_train_size_is_answered_with_gives_that_training_part(train_size):
    # scikit-learn's train_size is refused with the test_size to write instead; that test_size,
    # written, must give the training part train_size asked for (a count, or floor(f·m) as
    # scikit-learn's) and is offered only where such a split exists (1..m-1 samples, 0 < f < 1)
    X, y = np.arange(100.0)[:, None], np.arange(100) % 2
    with pytest.raises(TypeError, match=r"scikit-learn's train_size: neuralab uses 'test_size'") as caught:
        data.train_test_split(X, y, train_size=train_size, seed=0)
    hint = re.search(r"here test_size=([0-9.]+)\)", str(caught.value))
    if not (1 <= train_size <= 99 if isinstance(train_size, int) else 0 < train_size < 1):
        assert hint is None
        return
    test_size = float(hint.group(1)) if "." in hint.group(1) else int(hint.group(1))
    X_train = data.train_test_split(X, y, test_size=test_size, seed=0)[0]
    n_train = train_size if isinstance(train_size, int) else math.floor(train_size * 100)
    assert len(X_train) == n_train


def test_a_number_for_x_is_refused_and_a_1d_x_is_split():
    # one row per sample: a 1-D X (a single feature, row ids) is rows; a scalar is not
    with pytest.raises(ValueError, match=r"^X and y must be arrays with one row per sample, got shapes \(\) and \(2,\)$"):
        data.train_test_split(5, [1, 2])
    X_train, X_test, y_train, y_test = data.train_test_split(np.arange(10), np.arange(10) * 2, test_size=3, seed=0)
    assert len(X_test) == 3 and sorted([*X_train, *X_test]) == list(range(10))
    np.testing.assert_array_equal(y_test, X_test * 2)


def test_one_hot_names_the_class_index_past_the_classes_it_makes():
    # the user gave labels, not n_classes: the error names their label, not an option they never set
    with pytest.raises(ValueError, match=r"^class index 100000 is beyond the 100,000 classes one_hot makes$"):
        data.one_hot(np.array([0, data.preprocessing.MAX_ONE_HOT_CLASSES]))


def test_batches_are_of_32_samples_by_default():
    # the signature's batch_size=32, as a DataLoader of batch_size=32 and Keras's fit
    loader = data.batches(np.zeros((70, 2)), np.zeros(70), rng=0)
    assert [len(yb) for _, yb in loader] == [32, 32, 6]


def test_stratify_on_row_ids_is_called_continuous_and_on_one_hot_rows_a_class_short():
    # 10 distinct labels in 10 samples are row ids or a regression target, not classes; 10
    # one-hot rows of 10 classes are classes, each one sample short of the 2 it needs
    # (one id written twice, 9 distinct in 10, still nine in ten: continuous)
    X = np.zeros((10, 1))
    for ids, distinct in ((np.arange(10), 10), (np.array([0, *range(9)]), 9)):
        with pytest.raises(ValueError, match=rf"looks continuous \({distinct} distinct values in 10 samples\)"):
            data.train_test_split(X, ids, seed=0, stratify=True)
    with pytest.raises(ValueError, match=r"^stratify needs at least 2 samples of every class; class 0 has 1$"):
        data.train_test_split(X, np.eye(10), seed=0, stratify=True)


@pytest.mark.parametrize("y, hint", [(np.array([[0], [2]]), True), (np.array([[0, 1], [1, 0]]), False),
                                     (np.array(3), False)], ids=["column", "one_hot_rows", "number"])
def test_one_hot_of_labels_not_in_a_1d_array_is_refused_with_ravel_said_only_for_a_column(y, hint):
    with pytest.raises(ValueError, match=r"^y must be a 1-D array of class indices, got shape") as caught:
        data.one_hot(y)
    assert ("y.ravel() for a column of them" in str(caught.value)) is hint


def test_one_hot_of_text_labels_says_to_number_them_first():
    with pytest.raises(ValueError, match=r"y must hold integer class indices .*; number text labels 0\.\.K-1 first"):
        data.one_hot(np.array(["cat", "dog"]))
    with pytest.raises(ValueError, match=r"got dtype float64$"):   # a fraction is not text
        data.one_hot(np.array([0.5, 1.0]))


def test_a_stratified_split_gives_back_what_the_one_sample_floor_moves_from_the_class_farthest_from_its_share():
    # shares of 10 test samples: 0.2, 3.1, 6.7; the rare class is raised to 1, and the sample that
    # costs is taken from the class whose share it is farthest above (6.7 -> 6, not 3.1 -> 2)
    X, y = np.zeros((100, 1)), np.repeat([0, 1, 2], [2, 31, 67])
    for seed in range(3):
        y_test = data.train_test_split(X, y, test_size=10, seed=seed, stratify=True)[3]
        assert np.bincount(y_test).tolist() == [1, 3, 6]


def test_stratify_refuses_rows_of_probabilities_which_are_not_one_hot():
    # soft labels (label smoothing, a mix of classes) sum to 1 and hold 0 and 1 too: no class to keep
    Y = np.array([[0.5, 0.5], [1, 0], [0, 1], [1, 0], [0, 1], [0.5, 0.5]])
    with pytest.raises(ValueError, match=r"y has shape \(6, 2\) and its rows are not one-hot$"):
        data.train_test_split(np.zeros((6, 1)), Y, test_size=2, seed=0, stratify=True)


def test_a_test_part_too_small_for_the_classes_says_how_many_more_classes_miss_out():
    X, y = np.zeros((12, 1)), np.repeat([0, 1, 2], 4)
    with pytest.raises(ValueError, match=r"^test_size=1 leaves 1 test sample for 3 classes: class \d \(and 1 more\) "
                                         r"would have none"):
        data.train_test_split(X, y, test_size=1, seed=0, stratify=True)
    with pytest.raises(ValueError, match=r"^test_size=2 leaves 2 test samples for 3 classes: class \d would have none"):
        data.train_test_split(X, y, test_size=2, seed=0, stratify=True)
