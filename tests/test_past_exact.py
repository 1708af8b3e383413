"""past_exact: the columns of a float32 (float16) table holding a number past the largest whole
number its dtype holds exactly, 2**(mantissa bits + 1); what load_csv warns of as rounded."""
import tracemalloc

import numpy as np
import pytest

from neuralab.data.identifier_columns import past_exact


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_a_column_past_the_exact_range_either_way_is_named(dtype):
    exact = 2.0 ** (np.finfo(dtype).nmant + 1)
    X = np.zeros((5, 6), dtype)
    X[0, 1] = exact * 2           # past it, positive
    X[3, 2] = -exact * 2          # past it, negative: |x| counts
    X[1, 3] = exact               # the last whole number held exactly: not past it
    X[2, 4] = np.nan              # missing: no number past it
    X[4, 5] = -np.inf
    assert past_exact(X) == [1, 2, 5]
    assert past_exact(X.astype(np.float64)) == []


def test_it_reads_the_columns_without_a_copy_of_the_table():
    X = np.random.default_rng(0).normal(size=(250_000, 4)).astype(np.float32)   # 4 MB
    tracemalloc.start()
    past_exact(X)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < X.nbytes / 10, peak
