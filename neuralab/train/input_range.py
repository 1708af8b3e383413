"""Whether the columns of the inputs a model's first weight layer takes vary over the training rows,
read batch by batch as a fit's first epoch passes: every training row once, as that layer took it
(after a Standardize in front; augmented, when fit augments). The monitor's finding of inputs
that never vary (``diagnose_inputs.constant_inputs``) judges by these rows, not by its probe
alone: a column that differs in 1 row of 1,000 is one value in the probe's first 64 rows 936
times in 1,000, and a CSV of such columns was told that the network could learn nothing.

    seen = add_rows(seen, a_prev)       each batch of the first epoch: {"rows", "min", "max"},
                                        per column, float64 (None before the first)
    varying(seen)                       the mask of the columns of max > min over those rows

A column holding NaN varies, as far as this reads: NaN compares unequal (it is
``inputs_out_of_range``'s to say). At most one pass over X per fit, in its first epoch only, a
batch at a time, until a column varies (the monitor reads no more: it settles the finding): a min
and a max of each batch's columns, then of two vectors. On a 20,000 x 1,000 float32 X
in batches of 32 (625 batches), 25 µs a batch, and 30 µs to find the first weight layer's input
(``layer_stats.first_inputs``): 35 to 65 ms in all, where that epoch of a 1,000-64-1 network with
a Monitor takes 0.45 s on one thread; ``np.ptp(X, axis=0)`` over the whole of X at once, 23 ms.
"""
import numpy as np


def add_rows(seen, rows):
    """``seen`` ({"rows", "min", "max"} of the rows read so far, or None) with ``rows`` (m, n_in...)
    added; updated in place, and returned."""
    rows = rows.reshape(len(rows), -1)
    if not len(rows):
        return seen
    low, high = rows.min(axis=0), rows.max(axis=0)
    if seen is None:
        return {"rows": len(rows), "min": low.astype(np.float64), "max": high.astype(np.float64)}
    np.minimum(seen["min"], low, out=seen["min"])
    np.maximum(seen["max"], high, out=seen["max"])
    seen["rows"] += len(rows)
    return seen


def varying(seen):
    """The mask of the columns of ``seen`` (``add_rows``) that hold two values or more (or NaN)."""
    return ~(seen["max"] == seen["min"])
