"""Standardizer on large data: fit computes σ a block of rows at a time (it held a float64 copy of
X and a boolean array of X's shape, 2.25 times X beside it), transform divides in place and checks
the result in constant memory (it held X - μ and (X - μ)/σ, and an X-sized boolean array). The
numbers stay those of the whole-array computation, bit for bit."""
import tracemalloc

import numpy as np
import pytest

from neuralab import data
from neuralab.data import spread as spread_module


def whole_spread(X, mean):
    """σ, s and ties as spread computed them from one float64 copy of X (the reference)."""
    deviation = np.subtract(X, mean, dtype=np.float64)
    scale = np.maximum(deviation.max(axis=0), -deviation.min(axis=0))
    np.divide(deviation, np.where(scale > 0, scale, 1), out=deviation)
    np.square(deviation, out=deviation)
    ties = np.count_nonzero(deviation == 1, axis=0)
    return scale * np.sqrt(deviation.mean(axis=0)), scale, ties


def layouts():
    """X in the layouts NumPy sums in different orders: C-ordered rows (row after row), a single
    column and F-ordered columns (pairwise), and views of them; values of many magnitudes, so
    that another order of the sum shows in the last bits."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5_000, 6)) * 10.0 ** rng.integers(-6, 7, (5_000, 6))
    X[::37, 1] = X[0, 1]   # ties at the farthest value
    for dtype in (np.float32, np.float64):
        Y = X.astype(dtype)
        yield from (Y, np.asfortranarray(Y), Y[:, ::2], Y[::3], Y[:, 0], Y[:, :1], Y[::-1])


@pytest.mark.parametrize("block", [7, 1000, 2 ** 18])
def test_spread_by_blocks_gives_the_whole_arrays_numbers_bit_for_bit(monkeypatch, block):
    monkeypatch.setattr(spread_module, "SPREAD_BLOCK", block)
    for X in layouts():
        mean = X.mean(axis=0, dtype=np.float64)
        got, want = spread_module.spread(X, mean), whole_spread(X, mean)
        for a, b in zip(got, want):
            assert np.shape(a) == np.shape(b) and np.array_equal(a, b), (X.shape, X.strides, X.dtype)


def peak_of(call):
    tracemalloc.start()
    try:
        result = call()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def large():
    """800,000 rows of 8 float32 values (25.6 MB): blocks of SPREAD_BLOCK values (2 MB) are far fewer."""
    return np.random.default_rng(1).standard_normal((800_000, 8)).astype(np.float32) * 3 + 1


def test_fit_takes_no_copy_of_X():
    X = large()
    peak, scaler = peak_of(lambda: data.Standardizer().fit(X))
    # 2.25 times X before; now float64 blocks of SPREAD_BLOCK values (2 MB), not X's size
    assert peak < 0.25 * X.nbytes, f"fit took {peak / X.nbytes:.2f} times X"
    assert np.allclose(scaler.std, X.std(axis=0, dtype=np.float64), rtol=1e-6)


def test_transform_holds_one_array_of_X_size():
    X = large()
    scaler = data.Standardizer().fit(X)
    peak, Z = peak_of(lambda: scaler.transform(X))
    # the result itself, and nothing of its size beside it (2.0 times X before)
    assert peak < 1.1 * X.nbytes, f"transform took {peak / X.nbytes:.2f} times X"
    assert np.array_equal(Z, (X - scaler.mean) / scaler.std)
    peak, back = peak_of(lambda: scaler.inverse_transform(Z))
    assert peak < 1.1 * X.nbytes, f"inverse_transform took {peak / X.nbytes:.2f} times X"
    assert np.array_equal(back, Z * scaler.std + scaler.mean)


def test_a_column_past_the_float_range_is_still_named():
    scaler = data.Standardizer().fit(np.array([[0.0, 1.0], [1e-40, 2.0]], np.float32))
    with pytest.raises(ValueError, match="column 0 pass the float32 range"):
        scaler.transform(np.array([[1.0, 1.0]], np.float32))
