"""What the training monitor measures about one layer: norms, the fraction of saturated, dead or
clamped units, how much units vary with the input, the statistics of each column of the inputs
it takes, and histograms with fixed bins (so records taken over time can be compared and
streamed). Plain functions of arrays,
usable on their own in lessons and plots."""
import numpy as np

from ..nn.binary_cross_entropy import SLOPE_FLOOR

SATURATION = 0.99              # |tanh| > 0.99; sigmoid < 1 - 0.99 or > 0.99
GRAD_LOG2_RANGE = (-40, 12)    # gradient histograms: one bin per octave, 2^-40 .. 2^12


def saturated_fraction(a, kind):
    """The fraction of entries of ``a`` in the flat tails of ``kind`` ("sigmoid" or "tanh")."""
    if kind == "tanh":
        return float(np.mean(np.abs(a) > SATURATION))
    if kind == "sigmoid":
        return float(np.mean((a < 1 - SATURATION) | (a > SATURATION)))
    raise ValueError(f"kind must be 'sigmoid' or 'tanh', got {kind!r}")


def dead_fraction(a):
    """The fraction of units (columns of ``a``, shape (samples, units...)) that are 0 for every
    sample: ReLU units that no input of the batch switches on."""
    a = np.asarray(a)
    if a.ndim < 2 or len(a) == 0:
        raise ValueError(f"a must have shape (samples, units), got {a.shape}")
    alive = (a.reshape(len(a), -1) != 0).any(axis=0)
    return float(1.0 - alive.mean())


def clamped_fraction(a):
    """The fraction of the sigmoid outputs ``a`` with a(1 − a) < 1e-12, computed in ``a``'s dtype
    as BCELoss computes it (a exactly 0 or 1 included): where it passes into z less than a − y."""
    return float(np.mean(a * (1 - a) < SLOPE_FLOOR))


def unit_spread(a):
    """sqrt(mean over the units of each unit's variance over the samples) of ``a`` (samples,
    units...): how much a unit's output varies with the input, typically. Unlike the std over all
    entries, it leaves out what differs from unit to unit but is the same for every sample (the
    biases): the outputs of a layer whose weights are too small are their biases, spread over the
    units, and carry nothing of the input. NaN for fewer than 2 samples, over which nothing can
    vary (a probe of one row, after the first step at batch size 1, gave 0, and weights too small
    for the depth went unseen: ``diagnose_scale.small_start`` reads the first finite spread)."""
    if len(a) < 2:
        return float("nan")
    v = np.asarray(a).reshape(len(a), -1)
    return float(np.sqrt(np.mean(v.var(axis=0, dtype=np.float64))))


def input_columns(x):
    """Per column of the inputs ``x`` (rows, ...) a first weight layer takes: {"rows", "mean",
    "std", "min", "max", "varied"}, lists of floats in float64. "varied" is the share of rows
    away from the column's median, its usual value: 0 for a raw pixel that is mostly blank, the
    background's -μ/σ once the image is standardised (where "not 0" counted every row)."""
    x = np.asarray(x, np.float64).reshape(len(x), -1)
    with np.errstate(over="ignore", invalid="ignore"):
        return {"rows": len(x), "mean": x.mean(axis=0).tolist(), "std": x.std(axis=0).tolist(),
                "min": x.min(axis=0).tolist(), "max": x.max(axis=0).tolist(),
                "varied": (x != np.median(x, axis=0)).mean(axis=0).tolist()}


def fixed_edges(x, bins):
    """bins + 1 linear edges from -R (or 0, when every value is >= 0) to R = 2·max|x|."""
    x = np.asarray(x)
    finite = x[np.isfinite(x)]
    r = 2.0 * float(np.abs(finite).max()) if finite.size else 0.0
    r = r if r > 0 else 1.0
    lo = 0.0 if finite.size and finite.min() >= 0 else -r
    return np.linspace(lo, r, bins + 1)


class Histogram:
    """Counts in fixed bins: ``edges`` (bins + 1,) never change; ``counts`` holds one int64
    array (bins,) per record.

    scale="linear"  bin k holds edges[k] <= x < edges[k+1]
    scale="log2"    ``edges`` are integers and bin k holds 2^edges[k] <= |x| < 2^edges[k+1]:
                    one bin per octave of magnitude, read off the float's exponent field
                    (floor(log2|x|) without computing a logarithm)

    Values below the first edge count in the first bin and values above the last edge in the
    last, so every record's counts sum to the number of values: in a linear histogram -inf
    counts in the first bin and +inf in the last; in a log2 one, which bins |x|, 0 counts in the
    first and ±inf in the last. NaN counts in the first bin of a linear histogram and in the
    last of a log2 one (its exponent is inf's).
    """

    def __init__(self, edges, scale="linear"):
        self.edges = np.asarray(edges, dtype=np.float64)
        if self.edges.ndim != 1 or len(self.edges) < 2 or not (np.diff(self.edges) > 0).all():
            raise ValueError("edges must be an increasing 1-D array of at least 2 numbers")
        if scale not in ("linear", "log2"):
            raise ValueError(f"scale must be 'linear' or 'log2', got {scale!r}")
        if scale == "log2" and not (self.edges == np.round(self.edges)).all():
            raise ValueError("log2 edges must be whole numbers (exponents of 2)")
        self.scale = scale
        self.counts = []

    @property
    def bins(self):
        """The number of bins, len(edges) - 1."""
        return len(self.edges) - 1

    def count(self, arrays, scratch=None):
        """The counts of the values of one array or a list of arrays (summed). ``scratch``: a
        dict in which work arrays are kept between calls (allocating them is a large part of
        the cost for big layers)."""
        arrays = arrays if isinstance(arrays, (list, tuple)) else [arrays]
        scratch = {} if scratch is None else scratch
        total = np.zeros(self.bins, np.int64)
        for x in arrays:
            x = np.asarray(x).reshape(-1)
            if x.dtype not in (np.float32, np.float64):
                x = x.astype(np.float64)
            key = (x.dtype.str, x.size)
            if key not in scratch:
                scratch[key] = (np.empty_like(x), np.empty(x.size, np.int32 if x.itemsize == 4 else np.int64))
            total += np.bincount(self._bin(x, *scratch[key]), minlength=self.bins)
        return total

    def _bin(self, x, t, k):
        """The bin index of every value of ``x``, in [0, bins), written into ``k`` (``t``: a
        float work array like ``x``)."""
        lo, hi, bins = self.edges[0], self.edges[-1], self.bins
        if self.scale == "log2":
            bits = x.view(k.dtype)
            width, mask = (23, 0xFF) if x.dtype == np.float32 else (52, 0x7FF)
            np.right_shift(bits, width, out=k)
            np.bitwise_and(k, mask, out=k)                # biased exponent: floor(log2|x|) + bias
            k -= int(lo) + mask // 2
            return np.clip(k, 0, bins - 1, out=k)
        with np.errstate(over="ignore", invalid="ignore"):
            scale = bins / (hi - lo)
            np.multiply(x, x.dtype.type(scale), out=t)
            t -= x.dtype.type(lo * scale)                 # t = (x - lo) / bin width
            np.clip(t, 0, bins - 1, out=t)
        if np.isnan(t.sum()):
            t[np.isnan(t)] = 0
        np.copyto(k, t, casting="unsafe")
        return k

    def add(self, arrays, scratch=None):
        """Append the counts of ``arrays`` (see ``count``) to ``counts``: one more record."""
        self.counts.append(self.count(arrays, scratch))


def sum_squares(x):
    """Σ x², in float64 when float32 would overflow."""
    v = x.reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        s = float(np.dot(v, v))
        if not np.isfinite(s) and v.dtype != np.float64:
            v = v.astype(np.float64)
            s = float(np.dot(v, v))
    return s


def mean_std(a):
    """Mean and standard deviation of all entries (three passes instead of ``np.std``'s five)."""
    v = a.reshape(-1)
    mean = v.mean()
    d = v - mean
    return float(mean), float(np.sqrt(sum_squares(d) / len(v)))


def norm(arrays):
    """‖W‖ = sqrt(Σ w²) over all the arrays together (a layer's weights, or their gradients),
    as a float; ``sum_squares`` keeps float32 squares from overflowing."""
    return float(np.sqrt(sum(sum_squares(x) for x in arrays)))
