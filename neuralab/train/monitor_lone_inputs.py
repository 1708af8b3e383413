"""Input columns whose spread one value holds, as the training monitor reads them over a fit's
first epoch: the columns of the inputs the first weight layer takes (after a Standardize in front)
where a missing-value marker, standardised with the rest, sits far past the other values, which it
leaves a hair apart. ``data.spread.lone_values`` judges them, the judgement the Standardizer's
warning makes (its module docstring has the math); this module only chooses the columns and
gathers their rows.

99999 among 300 values in 0..1, standardised, is √299 = 17.3 and the other 299 values end within
0.00017 of each other, around -0.058: the probe's 64 rows miss that one row 4 times in 5, and
then show a column of σ 5e-05, which the finding of inputs far from unit scale called a spread
far below unit scale and told to standardise; standardised it was, and standardising again gives
the same column. Over every training row the column is of unit scale, and the one value shows.

    chosen = suspects(rows)             on the first ``FIRST_ROWS`` rows the first epoch gives that
                                        layer: the columns that are of a small spread there
                                        (``input_scale.far_columns``) or hold a lone value
                                        already, at most ``input_scale.NAMED`` of them
    found = lone_inputs(values, chosen) the first epoch's rows of those columns: one dict per lone
                                        value, with the column's μ, σ over those rows

Only the chosen columns are kept, a batch at a time, until the first epoch ends, then dropped:
none in a run whose columns all vary at their scale (MNIST's pixels, mostly background, are no
small columns: ``input_scale.DENSE``), a few columns of each row where some are. Choosing them
costs 3 to 5 ms once per fit (32 rows of 784 to 2,000 columns).
"""
import numpy as np

from ..data.spread import lone_values, spread
from .input_scale import NAMED, far_columns
from .layer_stats import input_columns

FIRST_ROWS = 32    # rows of the first epoch the columns are chosen on: fit's first batch, by default


def _lone(values):
    """``lone_values`` of the columns of ``values`` (m, n), with the spread it reads."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        mean = values.mean(axis=0, dtype=np.float64)
        return lone_values(values, mean, *spread(values, mean))


def suspects(rows):
    """The indices of the columns of ``rows`` (m, n), the first rows a first weight layer took, whose
    rows to gather: those that hold a lone value in them, then those of a spread far below unit
    scale (``far_columns``' "tiny" and "small"), which a lone value in another row may have left so;
    at most ``NAMED``, as many as a finding names."""
    if len(rows) < 3 or not np.isfinite(rows).all():   # inf or NaN: inputs_out_of_range's to say
        return np.array([], int)
    lone = [f.column for f in _lone(rows)]
    far = far_columns(input_columns(rows))
    small = [*far.get("tiny", []), *far.get("small", [])]
    return np.array(list(dict.fromkeys([*lone, *map(int, small)]))[:NAMED], int)


def lone_inputs(values, columns):
    """The lone values of ``values`` (m, k), the rows of the input ``columns`` (k,) the first epoch
    gave: per ``LoneValue`` a dict of its "column" (among the layer's inputs), "value" (as the
    layer takes it, standardised where a Standardize comes first), "count" (the rows that hold it),
    "share" of Σ(x - μ)² its copies hold, "width" (the others' max - min over σ: how far apart
    standardising leaves them), and the column's "rows", "mean", "std", "min", "max" and "varied"
    over all those rows (``layer_stats.input_columns``), by which its scale is judged."""
    if not len(columns) or len(values) < 3 or not np.isfinite(values).all():
        return []
    found = []
    for f in _lone(values):
        stats = input_columns(values[:, f.column])
        found.append({"column": int(columns[f.column]), "value": f.value, "count": f.count, "share": f.share,
                      "width": f.width, **{k: v if k == "rows" else v[0] for k, v in stats.items()}})
    return found
