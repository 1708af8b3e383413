"""Synthetic datasets: the logic gates of the perceptron and the 2-D sets of TensorFlow Playground.

Every generator takes ``n_samples``, ``noise`` and ``seed`` and returns a ``Dataset``:

- ``noise`` is the standard deviation of Gaussian noise added to every input coordinate
  (to the target for ``plane`` and ``sine``), in the units of the data, from 0 to 1e6. Labels
  always come from the clean point, so noise blurs the classes without relabelling them.
  With ``noise=0`` the gates and ``gaussians`` draw nothing: ``neuralab.seed(0)`` then gives
  the same weights whether they were made or not. (The others draw their points anyway, and
  their noise too, even 0: another noise leaves every later draw as it was.)
- ``seed=None`` draws from the library-wide generator (``neuralab.seed(n)`` makes it repeat);
  an int gives the same arrays bit for bit on every call.
- The 2-D sets live in roughly [-6, 6]², like TensorFlow Playground's. Their classes are
  balanced: row i has class ``i % n_classes``, so class counts differ by at most one. The gates
  cycle through the rows of their truth table instead (row i is corner ``i % 4``): AND and OR
  have about three rows of one class for each row of the other (AND of 8 rows: six 0s, two 1s).
- Rows come in that order, not shuffled: ``X[::2]`` is one class, not a sample of the data.
  ``train_test_split`` and ``batches`` shuffle. (``plane`` and ``sine`` rows are independent draws.)
- Options are neuralab's: scikit-learn's names (``random_state=``, ``cluster_std=``) are
  refused with neuralab's (``seed=``, ``noise=``).
- ``X`` is in the default float dtype, ``y`` is int64 (classes) or the default float dtype
  (regression).

>>> from neuralab import data
>>> data.and_gate(n_samples=8).y            # the truth table's rows in turn: six 0s, two 1s
array([0, 0, 0, 1, 0, 0, 0, 1])
>>> data.moons(n_samples=6, seed=0).y       # the classes in turn: shuffle before training
array([0, 1, 0, 1, 0, 1])
"""

import numpy as np

from ..nn.checks import check_int
from ..nn.dtype import get_default_dtype
from ..nn.random import as_rng
from .checks import check_noise
from .dataset import Dataset, answering_scikit_learn

MAX_CLASSES = 10
MAX_SAMPLES = 10_000_000  # 80 MB of 2-D float32 points: far past any lesson, short of a crash
_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _start(n_samples, noise, seed, n_classes=2):
    """Validate the common arguments; return them with a generator and balanced labels."""
    n_samples = check_int(n_samples, "n_samples", maximum=MAX_SAMPLES)
    noise = check_noise(noise)
    n_classes = check_int(n_classes, "n_classes", minimum=2, maximum=MAX_CLASSES)
    rng = as_rng(seed)
    return n_samples, noise, rng, np.arange(n_samples) % n_classes


def _classes(name, X, y, n_classes, class_names=None):
    task = "binary" if n_classes == 2 else "multiclass"
    return Dataset(X.astype(get_default_dtype()), y.astype(np.int64), task, n_classes,
                   ("x1", "x2"), class_names, name)


def _gate(name, truth, n_samples, noise, seed):
    n_samples, noise, rng, _ = _start(n_samples, noise, seed)
    corner = np.arange(n_samples) % 4
    X = _CORNERS[corner]
    if noise:  # noise 0: the exact table, drawing nothing (the next weights drawn stay the same)
        X = X + noise * rng.standard_normal((n_samples, 2))
    return _classes(name, X, np.asarray(truth)[corner], 2, ("false", "true"))


@answering_scikit_learn
def and_gate(n_samples=4, noise=0.0, seed=None):
    """AND truth table: X in {0,1}², y = x1 AND x2.

    Rows cycle through 00, 01, 10, 11, in that order; ``n_samples`` > 4 repeats them (add
    ``noise`` for clouds). ``train_test_split`` and ``batches`` shuffle them.

    >>> from neuralab import data
    >>> X, y = data.and_gate()
    >>> X, y
    (array([[0., 0.],
           [0., 1.],
           [1., 0.],
           [1., 1.]], dtype=float32), array([0, 0, 0, 1]))
    """
    return _gate("and", [0, 0, 0, 1], n_samples, noise, seed)


@answering_scikit_learn
def or_gate(n_samples=4, noise=0.0, seed=None):
    """OR truth table: X in {0,1}², y = x1 OR x2. Linearly separable, like AND.

    Rows cycle through 00, 01, 10, 11, in that order, as in ``and_gate``.
    """
    return _gate("or", [0, 1, 1, 1], n_samples, noise, seed)


@answering_scikit_learn
def xor_gate(n_samples=4, noise=0.0, seed=None):
    """XOR truth table: X in {0,1}², y = x1 XOR x2 — the set no single perceptron can learn.

    Rows cycle through 00, 01, 10, 11, in that order, as in ``and_gate``.
    """
    return _gate("xor_gate", [0, 1, 1, 0], n_samples, noise, seed)


@answering_scikit_learn
def circles(n_samples=200, noise=0.0, seed=None):
    """A disk inside a ring: class 1 at radius r in [0, 2.5], class 0 at r in [3.5, 5].

    Row i has class i % 2: rows alternate, not shuffled (``train_test_split`` and ``batches`` do).

    >>> import numpy as np
    >>> from neuralab import data
    >>> X, y = data.circles(n_samples=200, seed=0)
    >>> r = np.linalg.norm(X, axis=1)                      # the distance from the centre
    >>> bool(r[y == 1].max() <= 2.5), bool(r[y == 0].min() >= 3.5)
    (True, True)
    """
    n_samples, noise, rng, y = _start(n_samples, noise, seed)
    u = rng.uniform(size=n_samples)
    r = np.where(y == 1, 2.5 * u, 3.5 + 1.5 * u)
    angle = rng.uniform(0.0, 2 * np.pi, n_samples)
    X = r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    X += noise * rng.standard_normal((n_samples, 2))
    return _classes("circles", X, y, 2, ("outer", "inner"))


@answering_scikit_learn
def moons(n_samples=200, noise=0.0, seed=None):
    """Two interleaving half circles of radius 3: class 0 the upper half of the circle about
    (-1.5, -0.75), class 1 the lower half of the circle about (1.5, 0.75); scikit-learn's moons
    scaled by 3 and centred.
    ``noise`` is in these units, as on every dataset of the plane: noise 0.6 here is
    scikit-learn's noise 0.2.

    Row i has class i % 2: rows alternate, not shuffled (``train_test_split`` and ``batches`` do).

    >>> import numpy as np
    >>> from neuralab import data
    >>> X, y = data.moons(n_samples=100, seed=0)           # noise 0: every point on its circle
    >>> upper = X[y == 0]
    >>> np.allclose(np.linalg.norm(upper - [-1.5, -0.75], axis=1), 3), bool((upper[:, 1] >= -0.75).all())
    (True, True)
    """
    n_samples, noise, rng, y = _start(n_samples, noise, seed)
    theta = rng.uniform(0.0, np.pi, n_samples)
    upper = np.column_stack([np.cos(theta), np.sin(theta)])
    lower = np.column_stack([1.0 - np.cos(theta), 0.5 - np.sin(theta)])
    X = 3.0 * (np.where(y[:, None] == 0, upper, lower) - [0.5, 0.25])
    X += noise * rng.standard_normal((n_samples, 2))
    return _classes("moons", X, y, 2, ("upper", "lower"))


@answering_scikit_learn
def spiral(n_samples=200, noise=0.0, n_classes=2, seed=None):
    """``n_classes`` interleaved spiral arms (TensorFlow Playground's spiral for 2).

    Arm k: x = (r sin t, r cos t) with r = 5u, t = 3.5πu + 2πk/K, u uniform in [0, 1].
    Row i has class i % K: rows take the classes in turn, not shuffled (``train_test_split``
    and ``batches`` do).

    >>> from neuralab import data
    >>> X, y = data.spiral(n_samples=6, n_classes=3, seed=0)
    >>> X.shape, y
    ((6, 2), array([0, 1, 2, 0, 1, 2]))
    """
    n_samples, noise, rng, y = _start(n_samples, noise, seed, n_classes)
    u = rng.uniform(size=n_samples)
    r, t = 5.0 * u, 3.5 * np.pi * u + 2 * np.pi * y / n_classes
    X = r[:, None] * np.column_stack([np.sin(t), np.cos(t)])
    X += noise * rng.standard_normal((n_samples, 2))
    return _classes("spiral", X, y, n_classes)


@answering_scikit_learn
def gaussians(n_samples=200, noise=1.0, n_classes=2, seed=None):
    """``n_classes`` Gaussian blobs with standard deviation ``noise``.

    Centre k sits at radius 2√2, angle π/4 + 2πk/K: (2, 2) and (-2, -2) for two classes.
    Row i has class i % K: rows take the classes in turn, not shuffled (``train_test_split``
    and ``batches`` do).

    >>> from neuralab import data
    >>> X, y = data.gaussians(n_samples=1000, noise=0.5, seed=0)
    >>> X[y == 0].mean(axis=0).round(1), X[y == 1].mean(axis=0).round(1)    # the two centres
    (array([2., 2.], dtype=float32), array([-2., -2.], dtype=float32))
    """
    n_samples, noise, rng, y = _start(n_samples, noise, seed, n_classes)
    angle = np.pi / 4 + 2 * np.pi * np.arange(n_classes) / n_classes
    centres = 2 * np.sqrt(2) * np.column_stack([np.cos(angle), np.sin(angle)])
    X = centres[y]
    if noise:  # noise 0: every point on its centre, drawing nothing, as in the gates
        X = X + noise * rng.standard_normal((n_samples, 2))
    return _classes("gaussians", X, y, n_classes)


@answering_scikit_learn
def checkerboard(n_samples=200, noise=0.0, seed=None):
    """A 4x4 checkerboard of 3x3 squares over [-6, 6]²: class = (column + row) mod 2.

    Row i has class i % 2: rows alternate, not shuffled (``train_test_split`` and ``batches`` do).
    """
    n_samples, noise, rng, y = _start(n_samples, noise, seed)
    row = rng.integers(0, 4, n_samples)
    col = 2 * rng.integers(0, 2, n_samples) + (row + y) % 2
    X = -6.0 + 3.0 * (np.column_stack([col, row]) + rng.uniform(size=(n_samples, 2)))
    X += noise * rng.standard_normal((n_samples, 2))
    return _classes("checkerboard", X, y, 2)


@answering_scikit_learn
def xor(n_samples=200, noise=0.0, seed=None):
    """TensorFlow Playground's XOR: points in the four quadrants, |x1|, |x2| in [0.3, 5.3].

    Class 1 when the signs differ (x1 > 0 XOR x2 > 0), like ``xor_gate``; class 0 otherwise.

    Row i has class i % 2: rows alternate, not shuffled (``train_test_split`` and ``batches`` do).

    >>> import numpy as np
    >>> from neuralab import data
    >>> X, y = data.xor(n_samples=200, seed=0)
    >>> np.array_equal(y, (X[:, 0] > 0) != (X[:, 1] > 0))
    True
    """
    n_samples, noise, rng, y = _start(n_samples, noise, seed)
    sign1 = rng.choice([-1.0, 1.0], n_samples)
    sign2 = np.where(y == 1, -sign1, sign1)
    X = np.column_stack([sign1, sign2]) * (0.3 + 5.0 * rng.uniform(size=(n_samples, 2)))
    X += noise * rng.standard_normal((n_samples, 2))
    return _classes("xor", X, y, 2, ("same sign", "different sign"))


def _regression(name, X, y, feature_names):
    dtype = get_default_dtype()
    return Dataset(X.astype(dtype), y.astype(dtype), "regression", None, feature_names, None, name)


@answering_scikit_learn
def plane(n_samples=200, noise=0.0, seed=None):
    """2-D linear regression: X uniform in [-6, 6]², y = (x1 + x2) / 10 + noise·N(0, 1).

    >>> import numpy as np
    >>> from neuralab import data
    >>> plane = data.plane(n_samples=100, seed=0)          # noise 0: y = (x1 + x2) / 10
    >>> plane.task, np.allclose(plane.y, plane.X.sum(axis=1) / 10)
    ('regression', True)
    """
    n_samples, noise, rng, _ = _start(n_samples, noise, seed)
    X = rng.uniform(-6.0, 6.0, (n_samples, 2))
    y = X.sum(axis=1) / 10 + noise * rng.standard_normal(n_samples)
    return _regression("plane", X, y, ("x1", "x2"))


@answering_scikit_learn
def sine(n_samples=200, noise=0.0, seed=None):
    """1-D regression: x uniform in [-2π, 2π] (two periods), y = sin(x) + noise·N(0, 1); X is (m, 1).

    >>> from neuralab import data
    >>> X, y = data.sine(n_samples=50, noise=0.1, seed=0)
    >>> X.shape, y.shape                                   # one feature as a column, y flat
    ((50, 1), (50,))
    """
    n_samples, noise, rng, _ = _start(n_samples, noise, seed)
    X = rng.uniform(-2 * np.pi, 2 * np.pi, (n_samples, 1))
    y = np.sin(X[:, 0]) + noise * rng.standard_normal(n_samples)
    return _regression("sine", X, y, ("x",))
