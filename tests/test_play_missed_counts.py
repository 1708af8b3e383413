"""The Evaluation panel's count of the samples missed (views._confusion's ``missed_counts``): it
counts those of a prediction that is NaN, which the confusion matrix leaves out (no class), and
says how many of them are not finite, so that the page's title agrees with the examples it lists
after a divergence (it said "none wrong" over 16 of them)."""
from types import SimpleNamespace

import numpy as np

from neuralab.play.views import MISSED_SHOWN, _confusion


def mc_counts(pred, y, n_classes=3):
    """_confusion's arrays for a network whose forward pass gives ``pred`` on test labels ``y``."""
    net = SimpleNamespace(model=SimpleNamespace(forward=lambda X, training: np.asarray(pred, dtype=np.float64)))
    data = SimpleNamespace(X_test=np.zeros((len(y), 2)), y_test=np.asarray(y), X_train=np.zeros((0, 2)),
                           y_train=np.zeros(0, np.int64), n_classes=n_classes, image_shape=None)
    return _confusion(net, data)


def test_the_missed_count_holds_the_nan_predictions_the_matrix_leaves_out():
    nan, inf = np.nan, np.inf
    pred = [[3.0, 0.0, 0.0],      # class 0: right
            [3.0, 0.0, 0.0],      # true 1: missed
            [nan, 0.0, 0.0],      # NaN: no class, missed, in no cell of the matrix
            [0.0, nan, nan],      # NaN (argmax takes the row's first NaN)
            [0.0, 0.0, inf],      # true 2, +inf on it: right, though not finite
            [inf, 0.0, 0.0]]      # true 2, +inf on class 0: missed, not finite
    out = mc_counts(pred, [0, 1, 1, 2, 2, 2])
    assert out["confusion"].sum() == 4                       # the two NaN rows are in no cell
    assert out["missed_counts"].dtype == np.uint32
    np.testing.assert_array_equal(out["missed_counts"], [4, 3])
    np.testing.assert_array_equal(out["misclassified"], [1, 2, 3, 5])
    np.testing.assert_array_equal(out["misclassified_pred"], [0, -1, -1, 0])


def test_a_diverged_network_misses_every_sample_and_the_count_says_so():
    y = np.arange(40) % 3
    out = mc_counts(np.full((40, 3), np.nan), y)
    assert out["confusion"].sum() == 0
    np.testing.assert_array_equal(out["missed_counts"], [40, 40])
    assert len(out["misclassified"]) == MISSED_SHOWN


def test_no_sample_to_count_counts_nothing():
    out = mc_counts(np.zeros((0, 3)), np.zeros(0, np.int64))
    np.testing.assert_array_equal(out["missed_counts"], [0, 0])
