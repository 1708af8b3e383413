"""Synthetic generators: shapes, dtypes, balance, determinism, geometry at noise 0, validation."""
import re

import numpy as np
import pytest

import neuralab
from neuralab import data
from neuralab.nn.random import default_rng

CLASSIFIERS = [data.and_gate, data.or_gate, data.xor_gate, data.circles, data.moons, data.spiral,
               data.gaussians, data.checkerboard, data.xor]
REGRESSORS = [data.plane, data.sine]
GENERATORS = CLASSIFIERS + REGRESSORS


@pytest.fixture
def float64():
    neuralab.set_default_dtype(np.float64)
    yield
    neuralab.set_default_dtype(np.float32)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_shapes_dtypes_and_unpacking(make):
    d = make(n_samples=37, noise=0.1, seed=0)
    X, y = d
    assert X is d.X and y is d.y and len(d) == 37
    assert X.shape == (37, 1 if make is data.sine else 2)
    assert y.shape == (37,)
    assert X.dtype == np.float32
    assert len(d.feature_names) == X.shape[1]
    if make in REGRESSORS:
        assert d.task == "regression" and d.n_classes is None and y.dtype == np.float32
    else:
        assert d.task == "binary" and d.n_classes == 2 and y.dtype == np.int64
        assert set(np.unique(y)) <= {0, 1} and len(d.class_names) == 2


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_default_dtype_float64(make, float64):
    d = make(n_samples=8, noise=0.1, seed=0)
    assert d.X.dtype == np.float64
    assert d.y.dtype == (np.float64 if make in REGRESSORS else np.int64)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_same_seed_same_bits_other_seed_other_data(make):
    a, b, c = (make(n_samples=50, noise=0.2, seed=s) for s in (7, 7, 8))
    assert a.X.tobytes() == b.X.tobytes() and a.y.tobytes() == b.y.tobytes()
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_seed_none_follows_neuralab_seed(make):
    neuralab.seed(3)
    a = make(n_samples=20, noise=0.2)
    neuralab.seed(3)
    b = make(n_samples=20, noise=0.2)
    c = make(n_samples=20, noise=0.2)
    assert np.array_equal(a.X, b.X) and not np.array_equal(b.X, c.X)


def test_seed_accepts_a_generator():
    a = data.moons(10, seed=np.random.default_rng(5))
    assert np.array_equal(a.X, data.moons(10, seed=5).X)


@pytest.mark.parametrize("make", [data.circles, data.moons, data.spiral, data.gaussians,
                                  data.checkerboard, data.xor], ids=lambda f: f.__name__)
def test_classes_are_balanced(make):
    assert np.bincount(make(n_samples=201, seed=1).y).tolist() == [101, 100]


@pytest.mark.parametrize("make, truth", [(data.and_gate, [0, 0, 0, 1]), (data.or_gate, [0, 1, 1, 1]),
                                         (data.xor_gate, [0, 1, 1, 0])])
def test_gates_are_the_truth_tables(make, truth):
    X, y = make()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == truth
    X8, y8 = make(n_samples=8)
    assert np.array_equal(X8, np.vstack([X, X])) and y8.tolist() == truth * 2


def test_gate_noise_is_gaussian_around_the_corners():
    X, y = data.xor_gate(n_samples=4000, noise=0.1, seed=0)
    offsets = X - data.xor_gate(n_samples=4000).X
    assert abs(offsets.std() - 0.1) < 0.005 and abs(offsets.mean()) < 0.005
    assert y.tolist() == [0, 1, 1, 0] * 1000


def test_circles_radii():
    X, y = data.circles(n_samples=500, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() <= 2.5 + 1e-5
    assert r[y == 0].min() >= 3.5 - 1e-5 and r[y == 0].max() <= 5 + 1e-5


def test_moons_are_half_circles_of_radius_3():
    X, y = data.moons(n_samples=500, seed=0)
    upper, lower = X[y == 0] - [-1.5, -0.75], X[y == 1] - [1.5, 0.75]
    np.testing.assert_allclose(np.hypot(*upper.T), 3, atol=1e-5)
    np.testing.assert_allclose(np.hypot(*lower.T), 3, atol=1e-5)
    assert (upper[:, 1] >= -1e-5).all() and (lower[:, 1] <= 1e-5).all()


@pytest.mark.parametrize("k", [2, 3, 5])
def test_spiral_arms(k):
    d = data.spiral(n_samples=300, n_classes=k, seed=0)
    assert d.n_classes == k and d.task == ("binary" if k == 2 else "multiclass")
    assert np.bincount(d.y).tolist() == [300 // k] * k
    X = d.X.astype(np.float64)
    u = np.hypot(X[:, 0], X[:, 1]) / 5
    assert u.max() <= 1 + 1e-6
    # x = (r sin t, r cos t) with t = 3.5πu + 2πk/K: the angle follows the radius along each arm
    t = 3.5 * np.pi * u + 2 * np.pi * d.y / k
    np.testing.assert_allclose(X, 5 * u[:, None] * np.column_stack([np.sin(t), np.cos(t)]), atol=1e-4)


def test_gaussians_sit_on_their_centres():
    X, y = data.gaussians(n_samples=10, noise=0, seed=0)
    np.testing.assert_allclose(X[y == 0], [[2, 2]] * 5, atol=1e-6)
    np.testing.assert_allclose(X[y == 1], [[-2, -2]] * 5, atol=1e-6)
    d = data.gaussians(n_samples=4000, noise=0.5, n_classes=4, seed=0)
    assert d.task == "multiclass" and sorted(set(d.y)) == [0, 1, 2, 3]
    means = np.array([d.X[d.y == k].mean(axis=0) for k in range(4)])
    np.testing.assert_allclose(means, [[2, 2], [-2, 2], [-2, -2], [2, -2]], atol=0.06)
    assert abs(d.X[d.y == 0].std() - 0.5) < 0.03


def test_checkerboard_squares():
    X, y = data.checkerboard(n_samples=1000, seed=0)
    assert X.min() >= -6 and X.max() <= 6
    cells = np.floor((X + 6) / 3).astype(int)
    assert np.array_equal(y, cells.sum(axis=1) % 2)
    assert len(np.unique(cells, axis=0)) == 16


def test_xor_quadrants():
    X, y = data.xor(n_samples=1000, seed=0)
    assert np.array_equal(y == 1, X[:, 0] * X[:, 1] < 0)
    assert np.abs(X).min() >= 0.3 - 1e-6 and np.abs(X).max() <= 5.3 + 1e-6
    signs = {tuple(s) for s in np.sign(X).astype(int)}
    assert signs == {(1, 1), (1, -1), (-1, 1), (-1, -1)}


def test_noise_blurs_without_relabelling():
    clean = data.xor(n_samples=2000, seed=0)
    noisy = data.xor(n_samples=2000, noise=1.0, seed=0)
    assert np.array_equal(clean.y, noisy.y)
    assert 0 < np.mean((noisy.X[:, 0] * noisy.X[:, 1] < 0) != (noisy.y == 1)) < 0.3


def test_plane_target():
    X, y = data.plane(n_samples=300, seed=0)
    assert X.min() >= -6 and X.max() <= 6
    np.testing.assert_allclose(y, X.sum(axis=1) / 10, atol=1e-6)
    Xn, yn = data.plane(n_samples=5000, noise=0.2, seed=0)
    assert abs((yn - Xn.sum(axis=1) / 10).std() - 0.2) < 0.01


def test_sine_target():
    X, y = data.sine(n_samples=300, seed=0)
    assert X.min() >= -2 * np.pi and X.max() <= 2 * np.pi
    np.testing.assert_allclose(y, np.sin(X[:, 0]), atol=1e-6)
    Xn, yn = data.sine(n_samples=5000, noise=0.1, seed=0)
    assert abs((yn - np.sin(Xn[:, 0])).std() - 0.1) < 0.005


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("n_samples", [0, -3, 2.5, True, "10", None, 10**9])  # 10**9: memory, refused
def test_bad_n_samples(make, n_samples):
    with pytest.raises(ValueError, match="n_samples"):
        make(n_samples=n_samples)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("noise", [-0.1, float("nan"), float("inf"), "0.1"])
def test_bad_noise(make, noise):
    with pytest.raises(ValueError, match="noise"):
        make(n_samples=5, noise=noise)


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("noise", [1e308, 1e39, 1e6 + 1])  # finite, but 1e39 is inf in float32
def test_huge_noise_is_refused_before_it_makes_inf(make, noise):
    with pytest.raises(ValueError, match=re.escape(f"noise must be between 0 and 1e+06, got {noise}")):
        make(n_samples=5, noise=noise, seed=0)
    assert np.isfinite(make(n_samples=50, noise=1e6, seed=0).X).all()


@pytest.mark.parametrize("make", [data.spiral, data.gaussians], ids=lambda f: f.__name__)
@pytest.mark.parametrize("n_classes", [1, 0, 11, 2.0])
def test_bad_n_classes(make, n_classes):
    with pytest.raises(ValueError, match="n_classes"):
        make(n_samples=5, n_classes=n_classes)


@pytest.mark.parametrize("seed", [-1, 1.5, "a"])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        data.moons(n_samples=5, seed=seed)


def test_one_sample_is_fine():
    for make in GENERATORS:
        assert len(make(n_samples=1, seed=0)) == 1


def _next_draw():
    return default_rng().random()


@pytest.mark.parametrize("make", [data.and_gate, data.or_gate, data.xor_gate, data.gaussians],
                         ids=lambda f: f.__name__)
def test_noise_free_sets_that_draw_only_noise_leave_the_generator_alone(make, float64):
    # neuralab.seed(0); data.load("and"); nn.Dense(2, 1) gave other weights than without the load
    neuralab.seed(0)
    untouched = _next_draw()
    neuralab.seed(0)
    clean = make(n_samples=40, noise=0)
    assert _next_draw() == untouched
    neuralab.seed(0)
    noisy = make(n_samples=40, noise=0.3)
    assert _next_draw() != untouched
    # the data is what it was: the exact points at noise 0, points + noise·N(0, 1) otherwise
    noise = 0.3 * np.random.default_rng(5).standard_normal((40, 2))
    np.testing.assert_array_equal(make(n_samples=40, noise=0.3, seed=5).X, clean.X + noise)
    assert np.array_equal(clean.y, noisy.y)


def test_the_noise_free_truth_table_does_not_change_the_next_weights():
    neuralab.seed(0)
    alone = neuralab.nn.Dense(2, 1).weight.data.copy()
    neuralab.seed(0)
    data.load("and")
    assert np.array_equal(neuralab.nn.Dense(2, 1).weight.data, alone)


@pytest.mark.parametrize("make", [data.circles, data.moons, data.spiral, data.checkerboard, data.xor,
                                  data.plane, data.sine], ids=lambda f: f.__name__)
def test_sets_that_draw_their_points_draw_alike_whatever_the_noise(make):
    # they still draw the noise term at noise 0: another noise leaves every later draw as it was
    after = []
    for noise in (0, 0.3):
        neuralab.seed(0)
        make(n_samples=20, noise=noise)
        after.append(_next_draw())
    assert after[0] == after[1]


@pytest.mark.parametrize("make, k", [(data.circles, 2), (data.moons, 2), (data.checkerboard, 2),
                                     (data.xor, 2), (data.spiral, 3), (data.gaussians, 4)],
                         ids=lambda f: getattr(f, "__name__", ""))
def test_rows_come_in_class_order_as_documented(make, k):
    options = {"n_classes": k} if "n_classes" in make.__doc__ else {}
    assert np.array_equal(make(n_samples=50, seed=0, **options).y, np.arange(50) % k)
    assert "not shuffled" in make.__doc__ and "train_test_split" in make.__doc__ and "batches" in make.__doc__


def test_the_module_docstring_does_not_promise_balanced_gates():
    assert np.bincount(data.and_gate(n_samples=8).y).tolist() == [6, 2]
    doc = " ".join(data.synthetic.__doc__.split())
    assert "AND of 8 rows: six 0s, two 1s" in doc and "``X[::2]`` is one class, not a sample" in doc


@pytest.mark.parametrize("make, option, message", [
    (data.moons, "random_state", "scikit-learn's random_state: neuralab uses 'seed'"),
    (data.gaussians, "cluster_std", "scikit-learn's cluster_std: neuralab uses 'noise', the standard deviation"),
    (data.gaussians, "centers", "scikit-learn's centers: neuralab uses 'n_classes'"),
    (data.circles, "factor", "scikit-learn's factor: neuralab has none; circles has fixed radii"),
    (data.moons, "shuffle", "scikit-learn's shuffle: neuralab has none; a generator's rows come in class order"),
    (data.sine, "n_points", "scikit-learn's n_points: neuralab uses 'n_samples'"),
    (data.moons, "nosie", "did you mean 'noise'?"),
])
def test_a_generator_called_with_scikit_learns_names_names_neuralabs(make, option, message):
    with pytest.raises(TypeError, match=re.escape(f"{make.__name__}() got an unexpected keyword argument "
                                                  f"{option!r} ({message}")):
        make(**{option: 1})


def test_the_checked_generators_keep_their_signature_and_positional_arguments():
    import inspect
    assert list(inspect.signature(data.spiral).parameters) == ["n_samples", "noise", "n_classes", "seed"]
    assert data.moons.__name__ == "moons" and "half circles" in data.moons.__doc__
    assert np.array_equal(data.spiral(30, 0.1, 3, 0).X, data.spiral(n_samples=30, noise=0.1, n_classes=3, seed=0).X)
