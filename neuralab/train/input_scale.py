"""Input columns far from unit scale: the thresholds and the test, shared by the training monitor's
rule (``diagnose_inputs.unscaled_inputs``, whose docstring has the runs they come from), fit's
advice after a divergence (``divergence.py``), its frozen-training warning (``frozen_training``) and
its warning of tiny inputs in a run that does not fit its data (``tiny_inputs``).
Each reads a column by its mean μ and spread σ over the rows the first weight layer takes: the
monitor's probe (``layer_stats.input_columns``), or, for fit's warnings, all of X run through the
layers before it (``first_layer_inputs``).

    large       root mean square sqrt(μ² + σ²) >= 30: values in the tens to thousands (a price,
                an area, pixels in 0..255)
    off-centre  |μ| >= 5 and |μ| >= 3σ: a column that sits far from 0 compared with how much it
                varies (a year, a length in mm)
    tiny        every column that varies reaches |x| <= 0.01 at most, in the rows of the inputs that
                carry their min and max (the monitor's probe): the whole input far below unit scale,
                pixels divided by 255 twice (0 to 0.0039), standardised columns divided by 1000.
                Judged over the columns together, by the largest |x| any of them reaches: a column
                of tiny values among others of unit scale is the next kind's to judge, and a sparse
                column, a rare one-hot class or 0/1 flags reach 1 in any row that holds them
    small       σ <= 0.03, in a column away from its median in at least half the rows: a spread in
                hundredths to thousandths (a pixel that is mostly background, raw or standardised,
                a rare one-hot class, is no such column, nor is one constant in the rows, whose σ
                is rounding)

Each column is of the first of these that it is. Large and off-centre columns make every step of
the first layer's weights large: its gradient dL/dW = δᵀ x grows with x, and the step of z = W x + b
it makes, -lr δ |x|², with |x|², which is about 1 per column for standardised inputs
(``step_growth``).

None is judged over a single row, whose σ is 0 (a row of 7 in a column of 0 to 10 sat "far from
0"), nor when no column varies over the rows (one row repeated, a file of constant features):
standardising makes every such column 0, which leaves the network nothing to learn from either way
(``judged``); inputs that never vary over two rows or more are a finding of their own
(``never_vary``, ``diagnose_inputs.constant_inputs``). A constant column among others that vary is
judged by its μ: a column of 100 in every row makes each step large, and standardised it is 0.
"""
import numpy as np

LARGE = 30.0        # root mean square of a column from which it is far above unit scale
OFF_CENTRE = 5.0    # |μ| of a column from which, when also >= 3σ, it sits far from 0
OFF_SPREADS = 3.0   # |μ| / σ from which a column sits far from 0
TINY = 0.01         # largest |x| of the columns that vary up to which the whole input is far below unit scale
SMALL = 0.03        # σ of a column up to which its spread is far below unit scale
DENSE = 0.5         # share of rows away from its median a column needs for its small spread to count
NAMED = 4           # columns named per kind; the others are counted
PIXEL_COLUMNS = 64  # columns from which inputs of none below 0 may be pixels: the smallest images loaded, 8×8
TWICE = "pixels divided twice? data.load('mnist') gives them / 255 already"
ROUNDING = 1e-9     # σ / |μ| up to which a column is constant, its σ the rounding of its mean
KINDS = {"large": f"far above unit scale (root mean square sqrt(μ² + σ²) >= {LARGE:g})",
         "off_centre": f"far from 0 (|μ| >= {OFF_CENTRE:g} and >= {OFF_SPREADS:g}σ)",
         "tiny": f"far below unit scale, all that vary (|x| <= {TINY:g})",
         "small": f"of a spread far below unit scale (σ <= {SMALL:g})"}


def judged(inputs):
    """Whether the columns of ``inputs`` ({"rows", "mean", "std"} per column) can be judged for their
    scale at all: over two rows or more, of which some column varies (see the module docstring)."""
    return inputs["rows"] > 1 and bool(_varies(*_mean_std(inputs)).any())


def never_vary(inputs):
    """Whether no column of ``inputs`` ({"rows", "mean", "std"} per column) varies over two rows or
    more: every sample is the same input, so a network can only learn one answer for all of them.
    Not over a single row, nor of columns that hold inf or NaN (``inputs_out_of_range``'s)."""
    mean, _ = _mean_std(inputs)
    return inputs["rows"] > 1 and bool(np.isfinite(mean).all()) and not judged(inputs)


def _varies(mean, std):
    """The mask of the columns that vary: a column constant in the rows has no spread to judge, its σ
    the rounding of its mean (1e-16 for the pixels of standardised digits that are one value in the
    probe's 64 rows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return std > ROUNDING * np.abs(mean)


def _mean_std(inputs):
    """The columns' μ and σ of ``inputs``, float64 arrays."""
    return (np.asarray(inputs[k], np.float64) for k in ("mean", "std"))


def far_columns(inputs):
    """{kind: indices of the columns far from unit scale that way} (see the module docstring) of
    ``inputs`` ({"rows", "mean", "std", "varied"} per column, and "min", "max" for the kind tiny):
    the kinds are exclusive, each column under the first it is of large, off-centre, tiny, small;
    {} when they cannot be judged (``judged``)."""
    if not judged(inputs):
        return {}
    mean, std = _mean_std(inputs)
    varied = np.asarray(inputs["varied"], np.float64)
    large, off = _large_off_centre(mean, std)
    varies = _varies(mean, std)
    tiny = varies & (tiny_reach(inputs) is not None)
    with np.errstate(over="ignore", invalid="ignore"):
        small = ~large & ~off & ~tiny & varies & (std <= SMALL) & (varied >= DENSE)
    found = {kind: np.flatnonzero(where) for kind, where in (("large", large), ("off_centre", off),
                                                              ("tiny", tiny), ("small", small))}
    return {kind: columns for kind, columns in found.items() if len(columns)}


def _large_off_centre(mean, std):
    """The masks of the large columns and of the off-centre ones that are not large, by μ and σ."""
    with np.errstate(over="ignore", invalid="ignore"):
        large = np.hypot(mean, std) >= LARGE
        return large, ~large & (np.abs(mean) >= OFF_CENTRE) & (np.abs(mean) >= OFF_SPREADS * std)


def tiny_reach(inputs):
    """The largest |x| the columns of ``inputs`` that vary reach (from their "min" and "max"), when it
    is <= ``TINY``: the whole input far below unit scale (see the module docstring); else None, and
    for inputs that cannot be judged (``judged``) or carry no min and max."""
    if not judged(inputs) or "min" not in inputs:
        return None
    with np.errstate(invalid="ignore"):
        reach = np.maximum(np.abs(np.asarray(inputs["min"], np.float64)), np.abs(np.asarray(inputs["max"], np.float64)))
    reach = float(np.max(reach[_varies(*_mean_std(inputs))]))
    return reach if reach <= TINY else None     # (NaN: not tiny; inputs_out_of_range's to say)


def looks_like_pixels(inputs, images=False):
    """Whether ``inputs`` (with "min" per column) look like pixel values: none below 0, of images
    (``images``: samples of several axes) or of at least ``PIXEL_COLUMNS`` columns, as many as the
    smallest images neuralab loads (digits, 8×8)."""
    return min(inputs["min"]) >= 0 and (images or len(inputs["mean"]) >= PIXEL_COLUMNS)


def tiny_in_words(inputs, pixels=False):
    """Inputs far below unit scale (``tiny_reach``) in words, by the columns that vary: the span of
    their values, their std pooled over every value (σ² = mean of σ_j² + μ_j² over the columns, less
    their mean μ squared), and how many times smaller that std is than 1, standardised inputs' std,
    the factor standardising scales them by: "they span 0 to 0.00392, std 0.0015: about 667 times below
    a standardised input's std of 1" (digits divided by 16, then by 255). For ``pixels``
    (``looks_like_pixels``), that they may have been divided twice: ``data.load`` gives MNIST's and
    Fashion-MNIST's divided by 255 already, and a Keras tutorial's ``x_train / 255.0`` divides them
    again (0 to 0.0039)."""
    mean, std = _mean_std(inputs)
    varies = _varies(mean, std)
    mean, std = mean[varies], std[varies]
    low = float(np.min(np.asarray(inputs["min"], np.float64)[varies]))
    high = float(np.max(np.asarray(inputs["max"], np.float64)[varies]))
    pooled = np.sqrt(max(0.0, np.mean(std ** 2 + mean ** 2) - np.mean(mean) ** 2))
    return (f"they span {low:.3g} to {high:.3g}, std {pooled:.3g}: about {1 / pooled:.3g} times below a "
            f"standardised input's std of 1" + (f"; {TWICE}" if pixels else ""))


def far_from_zero(inputs):
    """The indices of the large and off-centre columns of ``inputs`` ({"rows", "mean", "std"} per
    column; see ``far_columns``), in order: those that make each step of the first layer's weights
    large. Empty when there are none, or when they cannot be judged (``judged``)."""
    if not judged(inputs):
        return np.array([], int)
    large, off = _large_off_centre(*_mean_std(inputs))
    return np.flatnonzero(large | off)


def step_growth(inputs):
    """How many times larger the step of z = W x + b that a step of the first layer's weights makes is
    than on standardised columns: the mean of |x|² over the rows, Σ (μ² + σ²) over the columns, over its
    value for standardised ones, one per column. ΔW = -lr δ xᵀ moves z by -lr δ |x|²."""
    mean, std = (np.asarray(inputs[k], np.float64) for k in ("mean", "std"))
    with np.errstate(over="ignore"):
        return float(np.sum(mean ** 2 + std ** 2) / len(mean))


def columns_in_words(columns, inputs, names=None, named=NAMED):
    """The first ``named`` of ``columns`` with their μ and σ, in words ("column 'year_built' (μ 1.97e+03,
    σ 38.6)", "column 3 (...)" without ``names``), and how many more."""
    said = [f"{'column ' + repr(names[j]) if names is not None else f'column {j}'} (μ "
            f"{inputs['mean'][j]:.3g}, σ {inputs['std'][j]:.3g})" for j in columns[:named]]
    more = f" and {len(columns) - named} more" if len(columns) > named else ""
    return ", ".join(said) + more
