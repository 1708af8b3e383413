"""A record of a large layer bins its values a chunk at a time (``layer_stats.CHUNK``) and a log2
histogram from the counts of each float's sign and exponent: the counts must be those of the
histogram's rule over the whole array, across the seams between chunks and whatever the values
(0, subnormals, NaN, ±inf, every magnitude); and the columns' medians of ``input_columns`` those
of ``np.median``."""
import numpy as np
import pytest

from neuralab.train.layer_stats import CHUNK, Histogram, column_medians, input_columns


def _values(dtype, n, seed=0):
    """n values of every magnitude and sign, with 0, a subnormal, NaN and ±inf among them."""
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(n) * 10.0 ** rng.uniform(-30, 30, n)).astype(dtype)
    x[[0, 1, 2, 3, 4, n // 2, -1]] = [0.0, np.finfo(dtype).smallest_subnormal, np.nan, np.inf, -np.inf,
                                      -0.0, 3.0]
    return x


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_log2_histogram_of_a_large_array_counts_each_octave(dtype):
    x = _values(dtype, 2 * CHUNK + 17)
    h = Histogram(np.arange(-40, 13), "log2")
    counts = h.count(x, {})
    # the rule, value by value: floor(log2|x|) from np.frexp, clipped to the bins; 0 and subnormals
    # in the first bin (their exponent is below it), NaN and ±inf in the last
    with np.errstate(invalid="ignore"):
        octave = np.frexp(np.abs(x))[1] - 1
    octave = np.where(x == 0, -10_000, np.where(np.isfinite(x), octave, 10_000))
    expected = np.bincount(np.clip(octave + 40, 0, h.bins - 1), minlength=h.bins)
    np.testing.assert_array_equal(counts, expected)
    assert counts.dtype == np.int64 and counts.sum() == x.size


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", ["linear", "log2"])
def test_a_large_array_counts_as_its_parts_counted_apart(dtype, scale):
    x = _values(dtype, 3 * CHUNK + 5, seed=1)
    if scale == "linear":
        x = x / np.float32(1e25)    # most of them within the edges, the rest beyond both ends
    edges = np.linspace(-4.0, 4.0, 33) if scale == "linear" else np.arange(-40, 13)
    h, scratch = Histogram(edges, scale), {}
    parts = [x[:1000], x[1000:CHUNK + 3], x[CHUNK + 3:]]    # seams away from the chunks'
    whole = h.count(x, scratch)
    np.testing.assert_array_equal(whole, sum(Histogram(edges, scale).count(p) for p in parts))
    np.testing.assert_array_equal(h.count(x, scratch), whole)   # the kept work arrays, again
    np.testing.assert_array_equal(h.count(parts, scratch), whole)   # a list of arrays: their sum


def test_an_empty_array_counts_nothing():
    for scale, edges in (("linear", [0.0, 1.0, 2.0]), ("log2", [-1, 0, 1])):
        np.testing.assert_array_equal(Histogram(edges, scale).count(np.array([], np.float32)), [0, 0])


@pytest.mark.parametrize("rows", [1, 2, 3, 64, 65, 128])
def test_column_medians_are_numpys(rows):
    rng = np.random.default_rng(rows)
    x = rng.standard_normal((rows, 40))
    x[:, 0] = 0.5                                           # a column of one value
    x[0, 1], x[-1, 2], x[0, 3] = np.nan, np.inf, -np.inf    # NaN makes its column's median NaN
    x[:, 4] = np.round(x[:, 4])                             # ties
    np.testing.assert_array_equal(column_medians(x), np.median(x, axis=0))
    assert input_columns(x)["varied"] == (x != np.median(x, axis=0)).mean(axis=0).tolist()
