"""A record of a small network fills its histograms together, in one pass over every layer's
values (``layer_stats.add_together``): the counts must be those of each histogram on its own,
bit for bit, whatever the values (NaN, inf, zeros), scales, bin counts and dtypes."""
import numpy as np
import pytest

from neuralab.train.layer_stats import TOGETHER_MOST, Histogram, add_together, fixed_edges


def _layers(rng, dtype, n):
    """n layers' values: a few arrays each, of all magnitudes, with zeros, NaN and ±inf among them."""
    layers = []
    for i in range(n):
        arrays = [(rng.standard_normal(int(rng.integers(1, 200))) * 10.0 ** rng.uniform(-9, 3)).astype(dtype)
                  for _ in range(1 + i % 2)]
        arrays[0][:4] = [0.0, np.nan, np.inf, -np.inf][:arrays[0].size]
        layers.append(arrays if len(arrays) > 1 else arrays[0])
    return layers


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scale", ["linear", "log2"])
def test_histograms_counted_together_count_as_each_on_its_own(dtype, scale):
    rng = np.random.default_rng(0)
    scratch = {}
    for record in range(3):   # the work arrays kept in scratch serve the records after the first
        layers = _layers(np.random.default_rng(record), dtype, 6)
        if scale == "linear":
            edges = [fixed_edges(np.concatenate(x) if isinstance(x, list) else x, int(rng.integers(2, 40)))
                     for x in layers]
        else:
            edges = [np.arange(-40, 13)] * len(layers)
        alone, together = [Histogram(e, scale) for e in edges], [Histogram(e, scale) for e in edges]
        for h, x in zip(alone, layers):
            h.add(x)
        add_together(together, layers, scratch)
        for a, t in zip(alone, together):
            np.testing.assert_array_equal(t.counts[-1], a.counts[-1])
            assert t.counts[-1].dtype == np.int64


def test_values_that_cannot_go_together_are_counted_one_by_one():
    # another dtype, or more values than one pass copies
    edges = np.linspace(-1, 1, 9)
    for layers in ([np.linspace(-1, 1, 7, dtype=np.float32), np.linspace(-1, 1, 5)],
                   [np.arange(-3, 4)], [np.zeros(TOGETHER_MOST + 1, np.float32)]):
        hists = [Histogram(edges) for _ in layers]
        add_together(hists, layers, {})
        for h, x in zip(hists, layers):
            np.testing.assert_array_equal(h.counts[-1], Histogram(edges).count(x))


def test_values_off_the_scale_count_where_the_histogram_says():
    # its docstring: NaN and -inf in the first bin of a linear histogram, +inf in the last; in a log2
    # one 0 in the first, NaN and ±inf in the last; and so together too
    odd = np.array([np.nan, -np.inf, np.inf, 0.0, 0.5], np.float32)
    for scale, edges, expected in (("linear", np.linspace(-1, 1, 5), [2, 0, 1, 2]),
                                   ("log2", np.arange(-3, 2), [1, 0, 1, 3])):
        alone, together = Histogram(edges, scale), Histogram(edges, scale)
        alone.add(odd)
        add_together([together], [odd], {})
        assert alone.counts[-1].tolist() == together.counts[-1].tolist() == expected
