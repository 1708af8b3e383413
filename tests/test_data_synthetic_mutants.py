"""neuralab.data's generators, what mutation testing found untested: each test asserts a promise
that a small change of the code broke unseen."""
import numpy as np
import pytest

from neuralab import data

GATES = [data.and_gate, data.or_gate, data.xor_gate]
SETS = [data.circles, data.moons, data.spiral, data.gaussians, data.checkerboard, data.xor, data.plane, data.sine]


@pytest.mark.parametrize("make", GATES + SETS, ids=lambda make: make.__name__)
def test_each_generator_makes_its_documented_number_of_samples_by_default(make):
    # a gate's truth table once (4 rows); every other set 200 points, as its signature says
    X, y = make(seed=0)
    assert len(X) == len(y) == (4 if make in GATES else 200)


def test_gaussians_blobs_have_a_standard_deviation_of_1_by_default():
    X, y = data.gaussians(n_samples=4000, seed=0)
    spread = np.concatenate([X[y == k] - X[y == k].mean(axis=0) for k in (0, 1)])
    assert spread.std() == pytest.approx(1.0, rel=0.05)


@pytest.mark.parametrize("make", [data.circles, data.moons, data.spiral, data.checkerboard, data.xor],
                         ids=lambda make: make.__name__)
def test_noise_moves_each_point_by_a_normal_of_that_standard_deviation(make):
    # the same seed draws the same points before their noise: the difference is the noise alone
    clean, noisy = make(n_samples=4000, seed=0).X, make(n_samples=4000, noise=0.1, seed=0).X
    assert (noisy - clean).std() == pytest.approx(0.1, rel=0.05)


def test_circles_points_go_all_round_their_circle_evenly():
    X, _ = data.circles(n_samples=4000, seed=0)
    angles = np.sort(np.arctan2(X[:, 1], X[:, 0]))
    gaps = np.diff(np.concatenate([angles, angles[:1] + 2 * np.pi]))
    assert gaps.max() < 0.1
    assert np.mean(X[:, 1] > 0) == pytest.approx(0.5, abs=0.05)   # as many above the centre as below


def test_sine_spans_two_periods_from_minus_2_pi_to_2_pi():
    X, y = data.sine(n_samples=1000, seed=0)
    low, high = -2 * np.pi - 1e-6, 2 * np.pi + 1e-6   # (X is float32: 2π rounds up by 2e-7)
    assert low <= X.min() < low + 0.1 and high - 0.1 < X.max() <= high
    np.testing.assert_allclose(y, np.sin(X[:, 0].astype(np.float64)), atol=1e-6)


def test_moons_points_go_all_along_their_half_circles():
    X, y = data.moons(n_samples=2000, seed=0)
    upper = X[y == 0] - [-1.5, -0.75]          # about its centre: angles from 0 to π
    angles = np.sort(np.arctan2(upper[:, 1], upper[:, 0]))
    assert angles[0] < 0.05 and angles[-1] > np.pi - 0.05 and np.diff(angles).max() < 0.05
