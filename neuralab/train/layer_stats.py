"""What the training monitor measures about one layer: norms, the fraction of saturated, dead or
clamped units, how much units vary with the input, the statistics of each column of the inputs
it takes, and histograms with fixed bins (so records taken over time can be compared and
streamed). Plain functions of arrays, usable on their own in lessons and plots, and the lookup of
the arrays a model's first weight layer cached (``first_inputs``) and of the layers it runs before
that one (``layers_before``).

A record of a small network (the playground's) measures arrays of a few hundred entries, where
a NumPy call's own cost, a microsecond or more, outweighs its arithmetic, and a wrapper such as
``np.mean`` or ``np.clip`` costs several: each function here calls the ufuncs themselves
(``np.count_nonzero``, ``np.add.reduce``, ``np.fmax``), in as few calls as it can, and gives
the same bits as those wrappers."""
import numpy as np

from ..nn.binary_cross_entropy import SLOPE_FLOOR
from ..nn.sequential import Sequential

SATURATION = 0.99              # |tanh| > 0.99; sigmoid < 1 - 0.99 or > 0.99
GRAD_LOG2_RANGE = (-40, 12)    # gradient histograms: one bin per octave, 2^-40 .. 2^12


def saturated_fraction(a, kind):
    """The fraction of entries of ``a`` in the flat tails of ``kind`` ("sigmoid" or "tanh")."""
    a = np.asarray(a)
    if kind == "tanh":
        return np.count_nonzero(np.abs(a) > SATURATION) / a.size
    if kind == "sigmoid":
        return np.count_nonzero((a < 1 - SATURATION) | (a > SATURATION)) / a.size
    raise ValueError(f"kind must be 'sigmoid' or 'tanh', got {kind!r}")


def dead_fraction(a):
    """The fraction of units (columns of ``a``, shape (samples, units...)) that are 0 for every
    sample: ReLU units that no input of the batch switches on."""
    a = np.asarray(a)
    if a.ndim < 2 or len(a) == 0:
        raise ValueError(f"a must have shape (samples, units), got {a.shape}")
    alive = np.logical_or.reduce(a.reshape(len(a), -1) != 0, axis=0)
    return 1.0 - np.count_nonzero(alive) / alive.size


def clamped_fraction(a):
    """The fraction of the sigmoid outputs ``a`` with a(1 − a) < 1e-12, computed in ``a``'s dtype
    as BCELoss computes it (a exactly 0 or 1 included): where it passes into z less than a − y."""
    a = np.asarray(a)
    return np.count_nonzero(a * (1 - a) < SLOPE_FLOOR) / a.size


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
    m = len(v)
    # v.var(axis=0, dtype=np.float64), in its own steps: (v − mean)² summed, over m
    mean = np.add.reduce(v, axis=0, dtype=np.float64, keepdims=True)
    mean /= m
    d = np.subtract(v, mean, dtype=np.float64)
    np.multiply(d, d, out=d)
    var = np.add.reduce(d, axis=0)
    var /= m
    return float(np.sqrt(np.add.reduce(var) / var.size))


def input_columns(x):
    """Per column of the inputs ``x`` (rows, ...) a first weight layer takes: {"rows", "mean",
    "std", "min", "max", "varied"}, lists of floats in float64. "varied" is the share of rows
    away from the column's median, its usual value: 0 for a raw pixel that is mostly blank, the
    background's -μ/σ once the image is standardised (where "not 0" counted every row)."""
    x = np.asarray(x, np.float64).reshape(len(x), -1)
    with np.errstate(over="ignore", invalid="ignore"):
        return {"rows": len(x), "mean": x.mean(axis=0).tolist(), "std": x.std(axis=0).tolist(),
                "min": x.min(axis=0).tolist(), "max": x.max(axis=0).tolist(),
                "varied": (x != column_medians(x)).mean(axis=0).tolist()}


def column_medians(x):
    """``np.median(x, axis=0)`` of ``x`` (rows, columns), the same numbers, from the columns sorted:
    the middle value, or the mean of the two middle ones; NaN in a column that holds one (sorted
    last). np.median selects them with three partitions of each column: 1.8 ms for 128 rows of 784
    columns, where the sort takes 0.4 ms."""
    s = np.sort(x, axis=0)
    m = len(s) // 2
    middle = s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2
    return np.where(np.isnan(s[-1]), np.nan, middle)


def weight_layers(model):
    """The layers of ``model`` that hold a weight matrix W (``layer.weight``, of 2 or more
    dimensions: Dense's (out, in), a kernel; BatchNorm's γ is a vector), in the order they run:
    ``model`` and the layers inside it (``Layer.walk``), or its ``layers`` for a model of another kind."""
    layers = model.walk() if hasattr(model, "walk") else getattr(model, "layers", ())
    return [layer for layer in layers if _weight_matrix(layer) is not None]


def _weight_matrix(layer):
    """``layer``'s weight matrix W (``weight_layers``), else None."""
    weight = getattr(getattr(layer, "weight", None), "data", None)
    return weight if isinstance(weight, np.ndarray) and weight.ndim >= 2 else None


def first_inputs(model):
    """The rows (m, n_in) ``model``'s first weight layer took last, its cached ``a_prev``: the
    inputs each step of its weights grows with, after whatever layers come before it. None when
    it cached none (a layer of one's own that keeps ``self.x``) or no rows of columns (images, for
    a weight layer of one's own that takes them). The last batch's rows, which may be a few:
    ``first_layer_inputs`` says when they are enough to judge by."""
    weighted = weight_layers(model)
    taken = getattr(weighted[0], "a_prev", None) if weighted else None
    return taken if isinstance(taken, np.ndarray) and taken.ndim == 2 and len(taken) else None


def layers_before(model):
    """The layers ``model`` runs before its first weight layer, in order, when it is a chain of
    layers (a Sequential, inside nested ones, or a weight layer trained alone): the model's
    inputs run through them are what that layer takes; [] when it is the first. None for a model
    of another kind holding it, whose forward may change x before the layer takes it."""
    weighted, chain = weight_layers(model), _chain(model)
    at = next((i for i, layer in enumerate(chain) if weighted and layer is weighted[0]), None)
    return None if at is None else chain[:at]


def _chain(layer):
    """The layers a Sequential runs, one after the other, nested Sequentials opened; [layer] else."""
    if isinstance(layer, Sequential):
        return [inner for child in layer.layers for inner in _chain(child)]
    return [layer]


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
        the cost for big layers). A large array is binned ``CHUNK`` values at a time, so that its
        work arrays stay in the processor's cache from one pass to the next (the 200,704 weights
        of a 784-256 layer took 3 MB of them at once). A log2 histogram counts the values' codes
        (``_codes``, one pass), then adds each code's count to its bin's (``_code_bins``)."""
        arrays = arrays if isinstance(arrays, (list, tuple)) else [arrays]
        scratch = {} if scratch is None else scratch
        total = np.zeros(self.bins, np.int64)
        for x in arrays:
            x = np.asarray(x).reshape(-1)
            if x.dtype not in FLOATS:
                x = x.astype(np.float64)
            key = (x.dtype.str, min(x.size, CHUNK))
            if key not in scratch:
                scratch[key] = _work_arrays(x.dtype, key[1])
            code_counts = np.zeros(CODES[x.dtype], np.int64) if self.scale == "log2" else None
            for start in range(0, x.size, CHUNK):
                part = x[start:start + CHUNK]
                t, k = (work[:len(part)] for work in scratch[key])
                if self.scale == "log2":
                    code_counts += np.bincount(_codes(part, k), minlength=CODES[x.dtype])
                else:
                    total += np.bincount(_bin(part, t, k, *self._rule(x.dtype)), minlength=self.bins)
            if self.scale == "log2":
                total += np.bincount(self._code_bins(x.dtype), code_counts, self.bins).astype(np.int64)
        return total

    def _rule(self, dtype):
        """(shift, scale, top) that ``_bin`` maps a value of ``dtype`` to its bin of a linear
        histogram with: t = x · scale − shift, the value in bin widths from the first edge, then
        in [0, top]."""
        lo, hi, top = self.edges[0], self.edges[-1], len(self.edges) - 2
        scale = (top + 1) / (hi - lo)
        return dtype.type(lo * scale), dtype.type(scale), top

    def _code_bins(self, dtype):
        """The bin of a log2 histogram of each code of ``dtype`` (``_codes``: sign and biased
        exponent): the exponent without its bias, floor(log2|x|) for a normal x, less the first
        edge, in [0, bins − 1] (0 and subnormals have the least exponent, inf and NaN the largest)."""
        bias = (1 << (EXPONENT_BITS[dtype] - 1)) - 1
        exponents = np.arange(CODES[dtype]) % (CODES[dtype] // 2)   # (the sign bit dropped)
        return np.clip(exponents - bias - int(self.edges[0]), 0, self.bins - 1)

    def add(self, arrays, scratch=None):
        """Append the counts of ``arrays`` (see ``count``) to ``counts``: one more record."""
        self.counts.append(self.count(arrays, scratch))


FLOATS = (np.float32, np.float64)
EXPONENT_BITS = {np.dtype(np.float32): 8, np.dtype(np.float64): 11}
MANTISSA_BITS = {np.dtype(np.float32): 23, np.dtype(np.float64): 52}
CODES = {dtype: 1 << (bits + 1) for dtype, bits in EXPONENT_BITS.items()}   # sign and exponent: 512, 4096
UNSIGNED = {np.dtype(np.float32): np.uint32, np.dtype(np.float64): np.uint64}
TOGETHER_MOST = 1 << 16   # values that ``add_together`` bins in one pass (a copy of them all)
CHUNK = 1 << 15           # values ``Histogram.count`` bins at a time (work arrays of 384 KB for float32)


def add_together(histograms, arrays, scratch):
    """``h.add(a, scratch)`` for each histogram h and its arrays a (one array or a list), in
    one pass over all of them: a record of a small network fills a few dozen histograms of a
    few hundred values each, where each NumPy call's own cost, not its arithmetic, is the time.
    Their values are copied into one array, each with its histogram's own rule (``_rule``: one
    array of scales, shifts and tops over all the values, kept in ``scratch``; of log2 ones,
    one table of the bin of each code) and the bins of each histogram after those of the one
    before, so that one ``bincount`` counts them all: the same counts, bit for bit, as one by
    one. Histograms of different scales, values of other dtypes than float32/float64 or of
    different ones, or more than ``TOGETHER_MOST`` values in all (a large network, whose cost
    is its arithmetic) are added one by one."""
    lists = [a if isinstance(a, (list, tuple)) else [a] for a in arrays]
    flat = [x for xs in lists for x in xs]
    key = ("together", *map(id, histograms), *((x.shape, x.dtype) for x in flat))
    if key not in scratch:   # (the histograms are kept with their rules: an id names one while it lives)
        scratch[key] = _together(histograms, lists), histograms
    work, _ = scratch[key]
    if work is None:
        for h, a in zip(histograms, arrays):
            h.add(a, scratch)
        return
    x, t, k, rule, first, code_bins, ends = work
    np.concatenate(flat, axis=None, out=x)
    if code_bins is None:
        k = _bin(x, t, k, *rule)
        k += first
    else:
        k = _octaves(x, k, code_bins, first)
    counts = np.bincount(k, minlength=ends[-1])
    for h, start, end in zip(histograms, (0, *ends), ends):
        h.counts.append(counts[start:end])


def _together(histograms, lists):
    """The work arrays of ``add_together`` and each value's rule: (x, t, k, rule, first,
    code_bins, ends), ``ends`` where each histogram's bins end among all their bins. Linear:
    ``rule`` the (shift, scale, top) of each value, ``first`` the first bin of its histogram,
    ``code_bins`` None; log2: ``rule`` None, ``first`` the first code of its histogram (each has
    ``CODES`` of them), ``code_bins`` the bin of each code among all the bins. None when they
    cannot be binned together."""
    flat = [x for xs in lists for x in xs]
    dtypes = {x.dtype for x in flat if isinstance(x, np.ndarray)}
    if (len({h.scale for h in histograms}) != 1 or not flat or len(dtypes) != 1 or dtypes != {flat[0].dtype}
            or flat[0].dtype not in FLOATS or sum(x.size for x in flat) > TOGETHER_MOST
            or not all(isinstance(x, np.ndarray) for x in flat)):
        return None
    dtype = flat[0].dtype
    n = [sum(x.size for x in xs) for xs in lists]
    ends = np.cumsum([h.bins for h in histograms]).tolist()
    x, (t, k) = np.empty(sum(n), dtype), _work_arrays(dtype, sum(n))
    if histograms[0].scale == "log2":
        code_bins = np.concatenate([h._code_bins(dtype) + start for h, start in zip(histograms, (0, *ends))])
        return x, t, k, None, np.repeat(np.arange(len(histograms)) * CODES[dtype], n), code_bins, ends
    rules = [h._rule(dtype) for h in histograms]
    rule = (np.repeat(np.array([r[i] for r in rules], dtype), n) for i in range(3))
    return x, t, k, tuple(rule), np.repeat(np.array([0, *ends[:-1]], k.dtype), n), None, ends


def _work_arrays(dtype, size):
    """(t, k): a float work array of ``dtype`` and the bin indices (NumPy's intp, which
    ``bincount`` counts without a copy), of ``size`` entries each."""
    return np.empty(size, dtype), np.empty(size, np.intp)


def _bin(x, t, k, shift, scale, top):
    """The bin index of every value of the flat float array ``x`` in a linear histogram, in
    [0, top], written into ``k`` (``t``: a float work array like ``x``), by the rule (shift,
    scale, top) of its histogram (``Histogram._rule``): numbers, or arrays like ``x``, a rule
    per value."""
    with np.errstate(over="ignore", invalid="ignore"):
        np.multiply(x, scale, out=t)
        t -= shift                                    # t = (x - lo) / bin width
        np.fmax(t, 0, out=t)                          # (fmax: NaN to 0, the first bin)
        np.fmin(t, top, out=k, casting="unsafe")      # then truncated to the bin's index
    return k


def _codes(x, k):
    """The code of every value of the flat float array ``x``, its sign and biased exponent (the
    bits above the mantissa), written into ``k``."""
    return np.right_shift(x.view(UNSIGNED[x.dtype]), MANTISSA_BITS[x.dtype], out=k, casting="unsafe")


def _octaves(x, k, code_bins, first):
    """The bin index of every value of the flat float array ``x`` in one of several log2 histograms
    (``add_together``), written into ``k``: its code (``_codes``), after the codes of the histograms
    before its own (``first``: where each value's begin), then the bin of that code among all the
    bins (``code_bins``, each histogram's ``_code_bins`` after the bins of the one before). For few
    values this lookup is the cheaper, where ``Histogram.count`` counts a large array's codes and
    adds their counts up by bin instead, sparing a pass over the values."""
    k = _codes(x, k)
    k += first
    return code_bins.take(k, out=k, mode="clip")   # (each index is read before its entry is written)


def sum_squares(x):
    """Σ x², in float64 when ``x``'s own dtype would overflow or underflow: a square below the
    smallest normal number (float32's 1.2e-38, of |x| < 1.1e-19) loses digits, and is 0 below
    1.4e-45. Each square is then off by at most that ``tiny``, so a sum s >= n·tiny/eps of n squares
    is right to eps (float32's 1.2e-7) and is kept; below it (the activations of 1e-27 of 20 layers
    of N(0, 0.01²) weights, whose std came out exactly 0), or not finite, it is summed again in
    float64, whose squares reach 1e-308. A record of a usual network makes no float64 copy."""
    v = x.reshape(-1)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        s = float(np.dot(v, v))
        if v.dtype != np.float64 and not v.size * _floor(v.dtype) <= s < np.inf:
            v = v.astype(np.float64)
            s = float(np.dot(v, v))
    return s


def _floor(dtype):
    """tiny / eps of a float ``dtype`` (a float32's 9.9e-32): the least sum of squares, per square, that
    ``sum_squares`` keeps in it; inf for other dtypes (integers), whose squares it always sums in float64."""
    if dtype not in FLOATS:
        return np.inf
    info = np.finfo(dtype)
    return float(info.tiny / info.eps)


def mean_std(a):
    """Mean and standard deviation of all entries (three passes instead of ``np.std``'s five)."""
    v = a.reshape(-1)
    if v.dtype in (np.float32, np.float64):   # v.mean() without its wrapper: the sum, divided as it divides
        total = np.add.reduce(v)
        mean = total.dtype.type(total / np.intp(len(v)))
    else:
        mean = v.mean()
    d = v - mean
    return float(mean), float(np.sqrt(sum_squares(d) / len(v)))


def norm(arrays):
    """‖W‖ = sqrt(Σ w²) over all the arrays together (a layer's weights, or their gradients),
    as a float; ``sum_squares`` keeps float32 squares from overflowing."""
    return float(np.sqrt(sum(sum_squares(x) for x in arrays)))
