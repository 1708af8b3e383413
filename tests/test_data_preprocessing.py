"""train_test_split, Standardizer, one_hot and batches."""
import re

import numpy as np
import pytest

import neuralab
from neuralab.data import Standardizer, batches, one_hot, train_test_split


def ids_and_labels(m=100):
    """X whose single column is the row id, so every split can be traced back."""
    return np.arange(m, dtype=np.float32)[:, None], np.arange(m) % 3


# -- train_test_split ---------------------------------------------------------------------------
@pytest.mark.parametrize("test_size, n_test", [(0.25, 25), (0.1, 10), (0.15, 15), (0.333, 34),
                                               (30, 30), (1, 1), (99, 99)])
def test_split_sizes_are_disjoint_and_cover_everything(test_size, n_test):
    X, y = ids_and_labels()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == len(y_test) == n_test and len(X_train) == len(y_train) == 100 - n_test
    train, test = X_train[:, 0].astype(int), X_test[:, 0].astype(int)
    assert np.intersect1d(train, test).size == 0
    assert sorted(np.concatenate([train, test])) == list(range(100))
    assert np.array_equal(y_train, train % 3) and np.array_equal(y_test, test % 3)


def test_split_is_shuffled_and_seeded():
    X, y = ids_and_labels()
    a, b, c = (train_test_split(X, y, seed=s) for s in (1, 1, 2))
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    assert not np.array_equal(a[1], c[1])
    assert not np.array_equal(np.sort(a[1][:, 0]), np.arange(25))
    neuralab.seed(9)
    d = train_test_split(X, y)
    neuralab.seed(9)
    assert np.array_equal(d[1], train_test_split(X, y)[1])


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.arange(100)[:, None]
    for seed in range(5):
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=seed, stratify=True)
        assert np.bincount(y_test).tolist() == [12, 6, 2]
        assert np.bincount(y_train).tolist() == [48, 24, 8]
        assert np.array_equal(y[X_test[:, 0]], y_test)
        assert np.intersect1d(X_train, X_test).size == 0
    # largest remainder: 7 test samples from 5/3/2 -> shares 3.5/2.1/1.4 -> 4/2/1
    y = np.repeat(["a", "b", "c"], [5, 3, 2])
    y_test = train_test_split(np.zeros((10, 1)), y, test_size=7, seed=0, stratify=True)[3]
    assert sorted(y_test.tolist()) == ["a"] * 4 + ["b"] * 2 + ["c"]


def test_stratified_split_differs_from_plain_and_between_seeds():
    y = np.repeat([0, 1], [90, 10])
    X = np.arange(100)[:, None]
    tests = [train_test_split(X, y, test_size=0.1, seed=s, stratify=True)[1][:, 0] for s in range(2)]
    assert not np.array_equal(np.sort(tests[0]), np.sort(tests[1]))


@pytest.mark.parametrize("test_size", [99, 0.99, 98])
def test_stratified_split_refuses_a_test_size_that_leaves_a_class_out_of_training(test_size):
    X, y = ids_and_labels()
    X_before, y_before = X.copy(), y.copy()
    message = (rf"test_size={test_size} leaves [12] training samples? for 3 classes: class 1 .*would "
               r"have none, and stratify puts every class in both parts: use a smaller test_size "
               r"\(at most 97 samples, a fraction up to 0\.97\)")
    with pytest.raises(ValueError, match=message):
        train_test_split(X, y, test_size=test_size, seed=0, stratify=True)
    assert np.array_equal(X, X_before) and np.array_equal(y, y_before)


def test_stratified_split_refuses_a_test_part_smaller_than_the_classes():
    X, y = ids_and_labels()
    with pytest.raises(ValueError, match=r"test_size=2 leaves 2 test samples for 3 classes: class 2 would "
                                         r"have none, .*use a larger test_size \(at least 3 samples, "
                                         r"a fraction above 0\.02\)"):
        train_test_split(X, y, test_size=2, seed=0, stratify=True)


@pytest.mark.parametrize("counts, test_size, n_test_per_class", [
    ([90, 5, 5], 3, [1, 1, 1]),      # the largest remainder alone gives 3/0/0
    ([90, 5, 5], 97, [89, 4, 4]),    # ... 87/5/5: no training sample of classes 1 and 2
    ([34, 33, 33], 97, [33, 32, 32]),
    ([98, 2], 0.3, [29, 1]),
])
def test_stratified_split_puts_every_class_in_both_parts(counts, test_size, n_test_per_class):
    y = np.repeat(np.arange(len(counts)), counts)
    X = np.arange(len(y))[:, None]
    for seed in range(3):
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=seed, stratify=True)
        assert np.bincount(y_test).tolist() == n_test_per_class
        assert np.bincount(y_train).tolist() == [c - k for c, k in zip(counts, n_test_per_class)]
        assert np.array_equal(y[X_test[:, 0]], y_test) and np.intersect1d(X_train, X_test).size == 0


def test_stratified_split_is_the_largest_remainder_whenever_it_puts_every_class_in_both_parts():
    rng = np.random.default_rng(0)
    for _ in range(300):
        counts = rng.integers(2, 30, rng.integers(2, 6))
        y = np.repeat(np.arange(len(counts)), counts)
        n_test = int(rng.integers(len(counts), len(y) - len(counts) + 1))
        y_test = train_test_split(np.zeros((len(y), 1)), y, test_size=n_test, seed=0, stratify=True)[3]
        k = np.bincount(y_test, minlength=len(counts))
        assert k.sum() == n_test and (k >= 1).all() and (k <= counts - 1).all()
        share = n_test * counts / len(y)
        plain = np.floor(share).astype(int)
        plain[np.argsort(plain - share, kind="stable")[: n_test - plain.sum()]] += 1
        if ((plain >= 1) & (plain <= counts - 1)).all():
            assert np.array_equal(k, plain)


def test_stratified_split_takes_as_many_of_each_class_as_scikit_learn():
    from sklearn.model_selection import train_test_split as sk_split
    rng = np.random.default_rng(1)
    compared = 0
    for _ in range(200):
        counts = rng.integers(2, 40, rng.integers(2, 6))
        y = np.repeat(np.arange(len(counts)), counts)
        n_test = int(rng.integers(len(counts), len(y) - len(counts) + 1))
        share = n_test * counts / len(y)
        if len(np.unique(np.round(share % 1, 12))) < len(counts):
            continue  # a tie between remainders: scikit-learn breaks it at random
        expected = np.bincount(sk_split(y, stratify=y, test_size=n_test, random_state=0)[1],
                               minlength=len(counts))
        if not ((expected >= 1) & (expected <= counts - 1)).all():
            continue  # scikit-learn may leave a class out of a part; here every class is in both
        y_test = train_test_split(np.zeros((len(y), 1)), y, test_size=n_test, seed=0, stratify=True)[3]
        assert np.array_equal(np.bincount(y_test, minlength=len(counts)), expected)
        compared += 1
    assert compared > 100


def test_stratify_on_one_hot_rows_is_stratify_on_their_class():
    X, labels = ids_and_labels()
    for seed in range(3):
        by_rows = train_test_split(X, one_hot(labels), test_size=0.2, seed=seed, stratify=True)
        by_labels = train_test_split(X, labels, test_size=0.2, seed=seed, stratify=True)
        assert np.array_equal(by_rows[0], by_labels[0]) and np.array_equal(by_rows[1], by_labels[1])
        assert np.array_equal(by_rows[3], one_hot(by_labels[3], 3))
    by_column = train_test_split(X, labels[:, None], test_size=0.2, seed=2, stratify=True)  # (m, 1)
    assert np.array_equal(by_column[1], by_labels[1])


@pytest.mark.parametrize("y", [np.full((100, 3), 1 / 3), np.ones((100, 2)), np.zeros((100, 3, 1))])
def test_stratify_refuses_rows_that_are_not_one_hot(y):
    X = ids_and_labels()[0]
    y_before = y.copy()
    shape = re.escape(str(y.shape))
    with pytest.raises(ValueError, match=rf"stratify needs y of class labels, shape \(m,\), or one-hot "
                                         rf"rows.*y has shape {shape} and its rows are not one-hot"):
        train_test_split(X, y, stratify=True)
    assert np.array_equal(y, y_before)


def test_stratify_accepts_scikit_learns_spelling_labels_or_none():
    X, labels = ids_and_labels()
    for seed in range(3):
        by_true = train_test_split(X, labels, test_size=0.2, seed=seed, stratify=True)
        for stratify in (labels, list(labels), one_hot(labels), labels[:, None], np.bool_(True)):
            split = train_test_split(X, labels, test_size=0.2, seed=seed, stratify=stratify)
            assert all(np.array_equal(a, b) for a, b in zip(split, by_true))
        plain = train_test_split(X, labels, test_size=0.2, seed=seed)
        for stratify in (None, False, np.bool_(False)):
            split = train_test_split(X, labels, test_size=0.2, seed=seed, stratify=stratify)
            assert all(np.array_equal(a, b) for a, b in zip(split, plain))


def test_stratify_by_labels_other_than_y():
    """A regression target split so that each group (here the row id's parity, 90 even, 10
    odd) keeps its share: the groups come from ``stratify``, y only travels along."""
    X = np.arange(100, dtype=np.float32)[:, None]
    y = np.linspace(0, 1, 100)
    groups = np.where(np.arange(100) < 90, "big", "small")
    for seed in range(5):
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=seed, stratify=groups)
        assert (X_test[:, 0] >= 90).sum() == 2 and (X_train[:, 0] >= 90).sum() == 8
        assert np.array_equal(y_test, y[X_test[:, 0].astype(int)])


@pytest.mark.parametrize("stratify, error, message", [
    ("no", TypeError, r"stratify must be True, False or an array of class labels, one per sample "
                      r"\(like y\), got str 'no'"),
    (0.5, TypeError, "stratify must be True, False or an array of class labels.*got float 0.5"),
    (1, TypeError, "stratify must be True, False or an array of class labels.*got int 1"),
    (np.array(1), TypeError, "stratify must be True, False or an array of class labels"),
    (np.array([1]), ValueError, r"stratify must hold one class label per sample, 100 like X and y, "
                                r"got shape \(1,\)"),
    (np.arange(99) % 3, ValueError, r"stratify must hold one class label per sample, 100 .*\(99,\)"),
    (np.full((100, 3), 1 / 3), ValueError, r"stratify needs the stratify array of class labels, shape "
                                           r"\(m,\), or one-hot rows.*has shape \(100, 3\) and its rows are "
                                           r"not one-hot"),
    (np.where(np.arange(100) == 7, np.nan, np.arange(100) % 2), ValueError,
     "stratify needs finite class labels; the stratify array holds nan in row 7"),
])
def test_bad_stratify(stratify, error, message):
    X, y = ids_and_labels()
    with pytest.raises(error, match=message):
        train_test_split(X, y, stratify=stratify)


def test_stratify_refuses_a_y_with_missing_labels():
    y = np.array([0.0, 1, 0, 1, np.inf, 0, 1, 0])
    with pytest.raises(ValueError, match="stratify needs finite class labels; y holds inf in row 4"):
        train_test_split(np.zeros((8, 1)), y, stratify=True)


@pytest.mark.parametrize("test_size", [0, 1.0, 1.5, -0.2, 0.0, 100, -1, True, "0.2", None])
def test_bad_test_size(test_size):
    X, y = ids_and_labels()
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=test_size)


@pytest.mark.parametrize("test_size", [0.95, 0.999])
def test_a_test_fraction_that_leaves_no_training_sample_is_refused(test_size):
    # scikit-learn refuses it too; before, the test part quietly became 9 of 10
    X, y = ids_and_labels(10)
    with pytest.raises(ValueError, match=rf"test_size={test_size} of 10 samples .* leaves no training "
                                         r"sample; use at most 0\.9 or a count up to 9"):
        train_test_split(X, y, test_size=test_size)
    assert len(train_test_split(X, y, test_size=0.9)[0]) == 1


@pytest.mark.parametrize("test_size", [1e-9, 1e-12, 1e-300, 5e-324])
def test_a_tiny_test_fraction_still_gives_one_test_sample_as_in_scikit_learn(test_size):
    # ceil(1e-12·100) is 1; rounding 1e-10 to 9 decimals first gave 0: an empty test part
    from sklearn.model_selection import train_test_split as sk_split
    X, y = ids_and_labels()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == len(y_test) == len(sk_split(X, y, test_size=test_size)[1]) == 1
    assert len(X_train) == 99
    with pytest.raises(ValueError, match="leaves 1 test sample for 3 classes"):  # it said "0 test samples"
        train_test_split(X, y, test_size=test_size, seed=0, stratify=True)


def test_split_sizes_are_scikit_learns_but_for_a_product_that_misses_a_whole_number_by_rounding():
    from sklearn.model_selection import train_test_split as sk_split
    for m in [*range(2, 31), 50, 75, 100, 150, 1000]:
        X = np.zeros((m, 1))
        for fraction in np.round(np.arange(0.01, 1, 0.01), 2).tolist():
            exact = fraction * m
            # scikit-learn's ceil(0.07·100) is 8 (7.000000000000001); here 7, the decimal's own
            n_test = round(exact) if abs(exact - round(exact)) < 1e-9 else int(np.ceil(exact))
            if n_test > m - 1:
                with pytest.raises(ValueError, match="leaves no training sample"):
                    train_test_split(X, X, test_size=fraction)
                continue
            assert len(train_test_split(X, X, test_size=fraction, seed=0)[1]) == n_test
            if n_test == np.ceil(exact):
                assert len(sk_split(X, test_size=fraction)[1]) == n_test


def test_more_arrays_are_split_alike_in_scikit_learns_order():
    # train_test_split(X, y, w, test_size=0.2) was Python's "got multiple values for argument
    # 'test_size'": each array after y is split by the same rows, its parts after y's
    from sklearn.model_selection import train_test_split as sk_split
    X, y = ids_and_labels(50)
    w, ids = np.linspace(0.5, 2, 50), [f"row {i}" for i in range(50)]
    for stratify in (False, True):
        parts = train_test_split(X, y, w, ids, test_size=0.2, seed=3, stratify=stratify)
        assert len(parts) == 8
        assert all(np.array_equal(a, b) for a, b in           # X and y as without the others
                   zip(parts[:4], train_test_split(X, y, test_size=0.2, seed=3, stratify=stratify)))
        for k in range(2):                                    # each part's rows, by X's row ids
            rows = parts[k][:, 0].astype(int)
            assert np.array_equal(parts[4 + k], w[rows]) and list(parts[6 + k]) == [ids[i] for i in rows]
    assert [len(part) for part in parts] == [len(part) for part in sk_split(X, y, w, ids, test_size=0.2)]


def test_a_misplaced_option_or_a_short_array_after_y_is_named():
    X, y = ids_and_labels(10)
    with pytest.raises(TypeError, match=r"^train_test_split's argument 3 is float 0\.3, not an array to split: "
                                        r"its options come by keyword, as test_size=0\.3"):
        train_test_split(X, y, 0.3)
    with pytest.raises(ValueError, match=r"^train_test_split's argument 4 must have one row per sample, 10 like "
                                         r"X and y, got 9$"):
        train_test_split(X, y, np.ones(10), np.ones(9))


def test_stratify_names_the_class_of_text_labels_in_an_object_array():
    # pandas' text columns and mixed lists are object arrays
    X = np.zeros((5, 1))
    for y in (np.array(["a", "a", "a", "a", "b"], dtype=object), np.array(["a", "a", "a", "a", "b"])):
        with pytest.raises(ValueError, match="stratify needs at least 2 samples of every class; class 'b' has 1"):
            train_test_split(X, y, stratify=True)
    y = np.array(["a", "b"] * 5, dtype=object)
    with pytest.raises(ValueError, match="test_size=9 leaves 1 training sample for 2 classes: class '[ab]'"):
        train_test_split(np.zeros((10, 1)), y, test_size=9, stratify=True)
    assert sorted(train_test_split(np.zeros((10, 1)), y, test_size=4, seed=0, stratify=True)[3]) == ["a", "a", "b", "b"]


@pytest.mark.parametrize("labels, message", [
    ([np.nan, "a", "b", "a", "b"], "stratify needs a class label in every row; y holds nan in row 0"),
    (["a", None, "b", "a", "b"], "stratify needs a class label in every row; y holds None in row 1"),
    ([1, "a", 1, "a", 1], "stratify needs class labels of one kind; y mixes int, str"),
])
def test_stratify_refuses_missing_or_mixed_labels_in_an_object_array(labels, message):
    with pytest.raises(ValueError, match=message):
        train_test_split(np.zeros((5, 1)), np.array(labels, dtype=object), stratify=True)


def test_split_errors():
    with pytest.raises(ValueError, match="same number of samples, got 3 and 2"):
        train_test_split(np.zeros((3, 1)), np.zeros(2))
    with pytest.raises(ValueError, match="at least 2 samples, got 1"):
        train_test_split(np.zeros((1, 1)), np.zeros(1))
    with pytest.raises(ValueError, match="stratify needs at least 2 samples of every class; class 2 has 1"):
        train_test_split(np.zeros((5, 1)), [0, 0, 1, 1, 2], stratify=True)


@pytest.mark.parametrize("m", [7, 10, 30, 150, 1000])
@pytest.mark.parametrize("fraction", [0.1, 0.2, 0.25, 0.3, 0.33, 0.7])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_a_numpy_float_test_size_splits_like_the_python_float(m, fraction, dtype):
    # np.float32(0.2) is 0.20000000298: its ceil(·150) = 31 took one sample too many from iris
    X, y = ids_and_labels(m)
    expected = len(train_test_split(X, y, test_size=fraction, seed=0)[1])
    assert len(train_test_split(X, y, test_size=dtype(fraction), seed=0)[1]) == expected
    if m == 150 and fraction == 0.2:
        assert expected == 30


@pytest.mark.parametrize("option, message", [
    (dict(random_state=42), r"'random_state' \(scikit-learn's random_state: neuralab uses 'seed'\)"),
    (dict(train_size=0.8), r"'train_size' \(scikit-learn's train_size: neuralab uses 'test_size'.*here test_size=0\.2\)"),
    (dict(train_size=np.float32(0.7)), r"here test_size=0\.3\)"),
    (dict(train_size=80), r"here test_size=20\)"),
    # a train_size that leaves no test set (all 100 samples, or more than all) gets no test_size
    (dict(train_size=100), r"neuralab uses 'test_size', the other part, 1 - train_size or m - train_size samples\); it"),
    (dict(train_size=1.5), r"neuralab uses 'test_size', the other part, 1 - train_size or m - train_size samples\); it"),
    (dict(shuffle=False), r"always shuffles, so shuffle=False is not supported: .*slice the arrays, "
                          r"X\[:n_train\] and X\[n_train:\]"),
    (dict(shuffle=True), r"always shuffles: leave shuffle out"),
    (dict(tset_size=0.2), r"'tset_size' \(did you mean 'test_size'\?\)"),
    (dict(colour=1), r"'colour'; it takes test_size, seed, stratify$"),
])
def test_scikit_learns_keywords_are_answered_with_neuralabs(option, message):
    X, y = ids_and_labels()
    with pytest.raises(TypeError, match=message) as err:
        train_test_split(X, y, test_size=0.2, **option)
    assert str(err.value).startswith(f"train_test_split() got an unexpected keyword argument {next(iter(option))!r}")


@pytest.mark.parametrize("y, stratify, looks", [
    (np.linspace(-1.13, 2, 100), True, r"y looks continuous \(-1\.13 is not a whole number\)"),
    (np.arange(100.0), True, r"y looks continuous \(100 distinct values in 100 samples\)"),
    (np.arange(100), True, r"y looks continuous \(100 distinct values in 100 samples\)"),
    (np.arange(100) % 3, np.linspace(0, 1, 100), r"the stratify array looks continuous \(0\.0101 is not"),
])
def test_stratify_on_a_continuous_target_asks_for_class_labels(y, stratify, looks):
    X = ids_and_labels()[0]
    with pytest.raises(ValueError, match=rf"stratify needs class labels, and {looks}.*: split a regression "
                                         r"target with stratify=False, or give stratify an array of the groups"):
        train_test_split(X, y, stratify=stratify)


def test_a_class_of_one_sample_is_still_named_as_a_class():
    for y in ([0, 0, 1, 1, 2], [0.0, 0, 1, 1, 2], one_hot([0, 0, 1, 1, 2])):
        with pytest.raises(ValueError, match=r"stratify needs at least 2 samples of every class; class 2(\.0)? has 1"):
            train_test_split(np.zeros((5, 1)), y, stratify=True)
    y = np.r_[np.arange(8), np.arange(8)][:15]  # 8 classes in 15 samples: labels, if too few
    with pytest.raises(ValueError, match="stratify needs at least 2 samples of every class; class 7 has 1"):
        train_test_split(np.zeros((15, 1)), y, stratify=True)


@pytest.mark.parametrize("test_size, shown", [("0.2", "str '0.2'"), (None, "NoneType None"),
                                              (True, "bool True"), (1j, "complex 1j")])
def test_a_test_size_of_another_kind_is_told_what_it_may_be(test_size, shown):
    X, y = ids_and_labels()
    with pytest.raises(ValueError, match=re.escape(f"test_size must be a fraction in (0, 1) or a sample count, "
                                                   f"got {shown}")):
        train_test_split(X, y, test_size=test_size)


# -- Standardizer -------------------------------------------------------------------------------
def test_standardizer_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    X_train = rng.normal([5.0, -3.0], [2.0, 0.5], (200, 2))
    X_test = rng.normal([50.0, 0.0], [9.0, 9.0], (50, 2))
    scaler = Standardizer().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)
    np.testing.assert_allclose(Z_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z_train.std(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(Z_test, (X_test - X_train.mean(0)) / X_train.std(0), rtol=1e-12)
    assert abs(Z_test[:, 0].mean()) > 5  # test data far from the training mean stays far
    np.testing.assert_allclose(scaler.inverse_transform(Z_test), X_test, rtol=1e-12)
    np.testing.assert_allclose(Standardizer().fit_transform(X_train), Z_train)


# near_1e5: how far two float32 computations may differ at 1e5 (two ulps, 0.016), which column 2
# reaches: scikit-learn 1.3 subtracts and adds its float64 mean there, later ones the float32 mean,
# as we do; float64 results agree to rtol
@pytest.mark.parametrize("dtype, rtol, near_1e5", [(np.float64, 1e-12, 0.0),
                                                   (np.float32, 1e-6, 2 * np.spacing(np.float32(1e5)))])
def test_standardizer_is_scikit_learns_standard_scaler(dtype, rtol, near_1e5):
    from sklearn.preprocessing import StandardScaler
    rng = np.random.default_rng(3)
    X_train = rng.normal([5.0, -3.0, 1e5, 0.0], [2.0, 0.5, 50.0, 1.0], (37, 4))
    X_train[:, 3] = 7.25                                              # constant
    X_test = rng.normal(0.0, 20.0, (11, 4))
    X_train, X_test = X_train.astype(dtype), X_test.astype(dtype)
    ours, theirs = Standardizer().fit(X_train), StandardScaler().fit(X_train)
    np.testing.assert_allclose(ours.mean, theirs.mean_, rtol=rtol)
    np.testing.assert_allclose(ours.std, theirs.scale_, rtol=rtol)   # ddof=0; constant: 1
    for X in (X_train, X_test):
        Z = ours.transform(X)
        assert Z.dtype == dtype
        np.testing.assert_allclose(Z, theirs.transform(X), rtol=rtol, atol=max(rtol, near_1e5 / theirs.scale_[2]))
        np.testing.assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z), rtol=rtol, atol=near_1e5)


def test_standardizer_takes_a_column_that_differs_only_by_rounding_as_constant():
    """0.1 + 0.2 is 0.30000000000000004: one value to the user, two to NumPy. Its σ, 2.6e-17,
    once divided by, made the column a feature of ±1.41 (scikit-learn's rule: σ ≤ m·ε·|μ|)."""
    from sklearn.preprocessing import StandardScaler
    X = np.array([[0.1 + 0.2, 1.0], [0.3, 2.0], [0.3, 3.0], [0.1 + 0.2, 4.0]])
    scaler = Standardizer().fit(X)
    assert scaler.std[0] == 1
    Z = scaler.transform(X)
    assert np.abs(Z[:, 0]).max() < 1e-15
    np.testing.assert_allclose(Z, StandardScaler().fit_transform(X), atol=1e-15)


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e-160, 1e150, 1e200, 1e300])
def test_standardizer_standardises_tiny_and_huge_values_like_ordinary_ones(scale):
    # (x - μ)/σ does not change when every x is multiplied by a scale; Σ(x - μ)² does underflow
    # (1e-200: σ came out 0 and the column was left unscaled, 1e-160: 1e-4 off) or overflow
    # (1e200: refused) while σ itself is a number float64 holds
    v = np.random.default_rng(4).normal(0.5, 2.0, (25, 2))
    expected = (v - v.mean(axis=0)) / v.std(axis=0)
    scaler = Standardizer().fit(v * scale)
    np.testing.assert_allclose(scaler.std, v.std(axis=0) * scale, rtol=1e-13)
    np.testing.assert_allclose(scaler.transform(v * scale), expected, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(scaler.inverse_transform(expected), v * scale, rtol=1e-12)


def test_standardizer_in_float32_near_its_largest_value():
    """-3e38 minus the mean, 1e38, overflows float32 on the way, not in the result."""
    X = np.array([3e38, -3e38, 3e38], dtype=np.float32)
    v = np.array([1.0, -1.0, 1.0])
    scaler = Standardizer()
    Z = scaler.fit_transform(X)  # was inf, with "overflow encountered in subtract"
    assert Z.dtype == np.float32
    np.testing.assert_allclose(Z, (v - v.mean()) / v.std(), rtol=1e-6)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-6)
    far = np.array([[1e10], [2e10]], dtype=np.float32)  # 1e40 standard deviations away
    scaler = Standardizer().fit(np.array([[0.0], [2e-30]], dtype=np.float32))
    mean, std = scaler.mean.copy(), scaler.std.copy()
    with pytest.raises(ValueError, match=r"the standardised values of X's column 0 pass the float32 range "
                                         r"\(±3\.4e\+38\); use float64, X\.astype\(np\.float64\)"):
        scaler.transform(far)
    far = far.astype(np.float64)
    np.testing.assert_allclose(scaler.transform(far), (far - 1e-30) / 1e-30, rtol=1e-6)
    with pytest.raises(ValueError, match=r"the values in the original units of X's column 0 pass the float32"):
        Standardizer().fit(np.array([0.0, 1e38], dtype=np.float32)).inverse_transform(np.float32([10.0]))
    assert np.array_equal(scaler.mean, mean) and np.array_equal(scaler.std, std)


def test_fz_a_float64_scaler_refuses_float32_values_past_float32_s_range():
    # μ and σ fitted on float64 made (X - μ) / σ float64, finite, so it passed the range check
    # and was cast to float32 afterwards: inf without a word (FloatingPointError under
    # np.errstate(over="raise"))
    scaler = Standardizer().fit(np.array([[0.0], [1e-40], [2e-40]]))  # σ = 8.2e-41 in float64
    with pytest.raises(ValueError, match=r"the standardised values of X's column 0 pass the float32 range"):
        scaler.transform(np.float32([[1.0]]))
    np.testing.assert_allclose(scaler.transform(np.array([[1.0]])), [(1 - 1e-40) / scaler.std], rtol=1e-12)
    with pytest.raises(ValueError, match=r"the values in the original units of X's column 0 pass the float32"):
        Standardizer().fit(np.array([0.0, 1e300])).inverse_transform(np.float32([1.0]))


def test_standardizer_constant_columns_and_dtypes():
    X = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 3.0]], dtype=np.float32)
    scaler = Standardizer()
    Z = scaler.fit_transform(X)
    assert Z.dtype == np.float32 and scaler.mean.dtype == np.float32
    assert np.array_equal(Z[:, 0], [0, 0, 0]) and scaler.std[0] == 1
    np.testing.assert_allclose(Z[:, 1], [-1.2247449, 0, 1.2247449], rtol=1e-6)
    assert scaler.transform(X.astype(np.float64)).dtype == np.float64
    assert Standardizer().fit_transform([[1, 2], [3, 4]]).dtype == np.float32
    z = Standardizer().fit_transform(np.array([1.0, 3.0]))
    assert z.tolist() == [-1.0, 1.0]


def test_standardizer_treats_a_column_whose_spread_rounds_to_zero_as_constant():
    # float32 subnormals: not one value, but σ underflows to 0 in float32 (before: inf and NaN)
    X = np.array([[1e-45], [0.0]], dtype=np.float32)
    Z = Standardizer().fit_transform(X)  # the suite turns overflow, 0/0 and x/0 warnings into errors
    assert np.isfinite(Z).all() and np.abs(Z).max() < 1e-40


def test_standardizer_errors():
    with pytest.raises(ValueError, match="not fitted yet"):
        Standardizer().transform(np.zeros((2, 2)))
    scaler = Standardizer().fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="X must have 2 columns.*shape \\(3, 3\\)"):
        scaler.transform(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="X contains NaN"):
        Standardizer().fit([[1.0], [np.nan]])
    with pytest.raises(ValueError, match="X"):
        Standardizer().fit(np.zeros((2, 2, 2)))


# -- one_hot ------------------------------------------------------------------------------------
def test_one_hot():
    out = one_hot([2, 0, 1, 2])
    assert out.dtype == np.float32
    assert out.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert one_hot(np.array([0, 1]), n_classes=4).tolist() == [[1, 0, 0, 0], [0, 1, 0, 0]]
    assert one_hot(np.array([1.0, 0.0])).tolist() == [[0, 1], [1, 0]]
    assert np.array_equal(one_hot(np.arange(10) % 5).argmax(axis=1), np.arange(10) % 5)


def test_one_hot_is_torchs_one_hot_for_integers_whole_floats_and_bools():
    torch = pytest.importorskip("torch")
    labels = np.random.default_rng(5).integers(0, 6, 40)
    for n_classes in (None, 6, 9):
        expected = torch.nn.functional.one_hot(torch.from_numpy(labels), -1 if n_classes is None else n_classes)
        for y in (labels, labels.astype(np.float64), labels.astype(np.uint8), labels.tolist()):
            assert np.array_equal(one_hot(y, n_classes), expected.numpy())
    flags = labels > 2
    expected = torch.nn.functional.one_hot(torch.from_numpy(flags).long(), 2).numpy()
    assert np.array_equal(one_hot(flags), expected)            # was "must hold integer class indices"
    assert np.array_equal(one_hot(flags.tolist(), 3), np.c_[expected, np.zeros(40)])
    empty = torch.nn.functional.one_hot(torch.zeros(0, dtype=torch.long), 4).numpy()
    for y in ([], np.zeros(0, np.int64), np.zeros(0)):       # an empty batch: was "non-empty"
        assert one_hot(y, 4).shape == empty.shape == (0, 4) and one_hot(y, 4).dtype == np.float32


@pytest.mark.parametrize("y, n_classes, message", [
    ([0, 3], 3, "class index 3 is out of range for n_classes=3"),
    ([0, -1], None, "must be >= 0, got -1"),
    ([0.5, 1], None, "integer class indices"),
    (["a"], None, "integer class indices"),
    ([[0, 1]], None, "1-D"),
    ([], None, "y is empty: pass n_classes"),
    ([], 0, "n_classes"),
    ([0, 1], 0, "n_classes"),
    ([0.0, np.inf], None, r"integer class indices \(finite whole numbers\)"),
    ([1e20], None, "beyond the 100,000 classes"),       # checked before a cast that overflows
    ([10**12], None, "beyond the 100,000 classes"),     # not 8 TB of zeros
    ([1], 10**12, "n_classes must be between 1 and 100000"),
])
def test_one_hot_errors(y, n_classes, message):
    with pytest.raises(ValueError, match=message):
        one_hot(y, n_classes)


# -- batches ------------------------------------------------------------------------------------
def test_batches_cover_every_sample_once_per_epoch():
    X, y = ids_and_labels(100)
    for epoch in range(3):
        parts = list(batches(X, y, batch_size=32, rng=epoch))
        assert [len(xb) for xb, _ in parts] == [32, 32, 32, 4]
        seen = np.concatenate([xb[:, 0] for xb, _ in parts]).astype(int)
        assert sorted(seen) == list(range(100)) and not np.array_equal(seen, np.arange(100))
        assert all(np.array_equal(yb, xb[:, 0].astype(int) % 3) for xb, yb in parts)


def test_batches_seeding_and_order():
    X, y = ids_and_labels(10)
    first = [xb[:, 0].tolist() for xb, _ in batches(X, y, 4, rng=3)]
    assert first == [xb[:, 0].tolist() for xb, _ in batches(X, y, 4, rng=np.random.default_rng(3))]
    neuralab.seed(1)
    a = [xb[:, 0].tolist() for xb, _ in batches(X, y, 4)]
    neuralab.seed(1)
    assert a == [xb[:, 0].tolist() for xb, _ in batches(X, y, 4)]
    plain = list(batches(X, y, 4, shuffle=False))
    assert [xb[:, 0].tolist() for xb, _ in plain] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert np.shares_memory(plain[0][0], X)  # views, no copy, when not shuffled
    assert [len(xb) for xb in batches(X, batch_size=100)] == [10]


def test_batches_loop_once_per_epoch_in_a_new_order_each_time():
    """A DataLoader habit: the loader made once, looped over every epoch. A generator gave its
    batches to the first epoch only: the next four trained on nothing, silently."""
    X, y = ids_and_labels(10)
    loader = batches(X, y, batch_size=4, rng=0)
    assert len(loader) == 3
    epochs = [[xb[:, 0].tolist() for xb, _ in loader] for _ in range(5)]
    assert all(sorted(sum(epoch, [])) == list(range(10)) for epoch in epochs)
    assert len({str(epoch) for epoch in epochs}) == 5               # a fresh order every pass
    assert epochs == [[xb[:, 0].tolist() for xb, _ in loader] for loader in [batches(X, y, 4, rng=0)]
                      for _ in range(5)]                            # that repeats from run to run
    neuralab.seed(2)
    loader = batches(X, y, 4)                                       # the library's generator...
    neuralab.seed(1)
    first = [xb[:, 0].tolist() for xb, _ in loader]
    neuralab.seed(1)
    assert first == [xb[:, 0].tolist() for xb, _ in batches(X, y, 4)]   # ...as seeded at the pass
    assert [len(xb) for xb in batches(X, batch_size=4, shuffle=False)] == [4, 4, 2]


@pytest.mark.parametrize("m, batch_size", [(12, 4), (10, 4), (1, 5), (7, 1), (64, 64), (65, 64)])
def test_batches_are_as_many_and_as_large_as_a_dataloaders(m, batch_size):
    torch = pytest.importorskip("torch")
    X, y = ids_and_labels(m)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(X)),
                                         batch_size=batch_size, shuffle=True, drop_last=False,
                                         generator=torch.Generator().manual_seed(0))
    expected = [len(xb) for (xb,) in loader]
    ours = batches(X, y, batch_size, rng=np.random.default_rng(0))
    assert len(ours) == len(loader) == len(expected)
    passes = [[xb[:, 0].astype(int).tolist() for xb, _ in ours] for _ in range(3)]
    for batches_of_a_pass in passes:
        assert [len(b) for b in batches_of_a_pass] == expected
        assert sorted(sum(batches_of_a_pass, [])) == list(range(m))
    if m >= 7:   # a Generator given, not a seed: each pass draws a new order from it
        assert passes[0] != passes[1] != passes[2]


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, None])
def test_batches_validate_eagerly(batch_size):
    X, y = ids_and_labels(10)
    with pytest.raises(ValueError, match="batch_size"):
        batches(X, y, batch_size)  # raised at the call, before any iteration


@pytest.mark.parametrize("shuffle", ["False", None, 0])
def test_batches_refuse_a_shuffle_that_is_not_a_bool(shuffle):
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        batches(np.zeros((4, 1)), None, 2, shuffle=shuffle)


def test_batches_of_empty_data_are_refused():
    with pytest.raises(ValueError, match=r"X is empty \(shape \(0, 2\)\)"):
        batches(np.zeros((0, 2)), np.zeros(0))


def test_batches_length_mismatch():
    with pytest.raises(ValueError, match="same number of samples, got 10 and 9"):
        batches(np.zeros((10, 2)), np.zeros(9), 4)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("X, column", [
    ([[1.0, 1.7e308], [2.0, 1.7e308], [3.0, -1e308]], 1),   # Σx passes the float range
    ([1.7e308, -1.7e308, -1.7e308], 0),                      # μ = -5.7e307, x - μ = 2.3e308
])
def test_standardizer_refuses_values_whose_spread_passes_the_float_range(X, column):
    # "overflow encountered in square" leaked, and σ came out inf (every value then 0)
    scaler = Standardizer()
    message = (rf"X's column {column} holds values too large to standardise: its mean or standard "
               r"deviation passes the float range \(1\.8e\+308 in float64\)")
    with pytest.raises(ValueError, match=message):
        scaler.fit(np.array(X))
    assert scaler.mean is None and scaler.std is None
    scaler.fit(np.ones_like(X) * np.arange(3).reshape((3,) + (1,) * (np.ndim(X) - 1)))
    mean, std = scaler.mean.copy(), scaler.std.copy()
    with pytest.raises(ValueError, match=message):
        scaler.fit(np.array(X))
    assert np.array_equal(scaler.mean, mean) and np.array_equal(scaler.std, std)  # the last fit kept


@pytest.mark.parametrize("fitted_shape", [(20,), (20, 1)])
def test_a_one_column_standardizer_takes_the_column_in_either_shape_and_keeps_it(fitted_shape):
    """scikit-learn's pattern of scaling the target: y (m,) fitted, predict's (m, 1) inverted back
    (it was "X must have 1 dimension, got shape (20, 1)")."""
    y = np.linspace(100.0, 300.0, 20)
    scaler = Standardizer().fit(y.reshape(fitted_shape))
    for shape in ((20,), (20, 1)):
        scaled = scaler.transform(y.reshape(shape))
        assert scaled.shape == shape
        np.testing.assert_allclose(scaled.ravel(), (y - y.mean()) / y.std())
        back = scaler.inverse_transform(scaled)
        assert back.shape == shape
        np.testing.assert_allclose(back.ravel(), y)
    with pytest.raises(ValueError, match=r"X must have (1 dimension|1 column like the data fitted on), "
                                         r"got shape \(20, 2\)"):
        scaler.transform(np.ones((20, 2)))


@pytest.mark.parametrize("call, message", [
    (lambda: batches(5.0), r"^X must be an array with one row per sample, got shape \(\)$"),
    (lambda: batches(np.zeros((3, 1)), 7), r"^X and y must be arrays with one row per sample, got shapes \(3, 1\) and \(\)$"),
    (lambda: train_test_split(3.0, 1), r"^X and y must be arrays with one row per sample, got shapes \(\) and \(\)$"),
])
def test_a_single_number_for_x_or_y_is_refused_as_no_samples(call, message):
    # a scalar has no rows to batch or split: named before len() fails on it
    with pytest.raises(ValueError, match=message):
        call()
