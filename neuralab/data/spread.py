"""A column's spread σ, and the one value that may hold all of it: a missing-value marker
(3.4e38, 1e30, 99999, -999) that standardising would let squash the column's other values.

Take a column x_1 .. x_m with mean μ and σ² = Σ(x - μ)²/m, its value x_k farthest from μ,
and the other m - 1 values, of mean μ' and standard deviation σ' (ddof 0). With D = x_k - μ',

    Σ(x - μ)² = (m - 1)·σ'² + D²·(m - 1)/m

so the share of the spread that x_k holds, what leaves Σ(x - μ)² when its row leaves, is

    share = 1 - (m - 1)·σ'² / Σ(x - μ)² = (D²/m) / (σ'² + D²/m)

and standardised, (x - μ)/σ, the other values keep a standard deviation of

    σ'/σ = √(m/(m - 1) · (1 - share)) ≈ √m · σ' / |D|      once |D| ≫ √m·σ'

and end within (max' - min')/σ of each other: 99999 among 1,000 values of N(0, 1) leaves them
within 0.002 of each other; 1e30 among values near 1 makes them one number (x - μ rounds to
-μ). A marker squashes the others only when it lies more than √m times their spread away: -999
among 1,000,000 values of N(0, 1) is a bad row, not a squashed column (σ'/σ = 0.7): its share
is no reason to warn, only its shape (below).

A marker seldom comes alone: a file that writes 99999 for a missing value writes it in every row
that misses one, and each copy holds only its own part of the spread. The same value x_k in r
rows, with d = x_k - μ and D = x_k - μ' (the other m - r values'), D = d·m/(m - r) and

    Σ(x - μ)² = (m - r)·σ'² + D²·r(m - r)/m,    share = (r·D²/m) / (σ'² + r·D²/m) = r·d² / ((m - r)·σ²)

of which r = 1 is the lone value above. Honest data seldom repeats a far value exactly (a
continuous tail has no ties; a count's ties are small numbers near the others), so three or more
copies need to lie only ``REPEATED_GAP`` times further from the others than any of them; two
may be an honest pair (two 16s among a digit image's pixels of 0 to 2).

The commonest marker, -999 among values 0..100, lies only 20 times past them, as far as honest
heavy tails reach, and at m = 5,000 holds a fifth of the spread. What tells it apart is how it
is written: all nines, ±999, ±9999, ... (``marker_shaped``), which a file chooses because no
real value is written so. Such a value is taken for a marker, whatever its share, once it lies
``MARKER_GAP`` times further from the others than any of them: wrong data in its rows even where
it leaves the others their spread. So is the only negative value among values 0 or more (-500
among values 0..100, 11 times past them), which honest data seldom holds so far out.
"""
from dataclasses import dataclass

import numpy as np

# share ≥ SHARE leaves the other values a standard deviation σ'/σ ≤ 0.32, not the 1 that
# standardising promises; a far value with less of the spread leaves them most of theirs.
SHARE = 0.9
# |D| ≥ GAP · max|x' - μ'|: the value lies GAP times further from the others than any of them.
# Honest heavy tails reach share ≥ SHARE (a Pareto α = 1.5 column of 100 values, 1 time in 10),
# but the largest of them is rarely far past the next: P(x_(1)/x_(2) ≥ t) = t^-α for Pareto α.
# Measured with both conditions (seeded; 100,000 columns at m = 10 down to 200 at m = 100,000):
# Pareto α = 1.5 fires on 0.1% to 0.5% of columns at every m, α = 2 on ≤ 0.09%, α = 3 ≤ 0.01%;
# log-normal σ = 2 on 0.8% at m = 10 and ≤ 0.06% from m = 100, σ = 1.5 on 0.1% at m = 10 and
# none from m = 100; σ = 1 and exponential on none. Markers lie ≥ 190 times past the others
# (-999 among N(0, 1) at m = 1,000,000), 99999 among values 0..100 2,000 times; -999 among
# values 0..100 only 20 times, as far as an honest heavy tail reaches: not told apart.
GAP = 100
# The same far value in r ≥ REPEATS rows: a smaller gap tells a marker apart, -999 in 1% of
# values on 0..100 (21 times past them). Measured (seeded, m = 10 .. 100,000): digits' pixels
# (integers 0..16) reach 4.1 times from m = 30 (two 16s: 11 times; at m = 10, three: 22), and
# columns of Poisson, geometric, negative binomial (n = 0.5), Zipf (a = 2, 3), zero-inflated,
# log-normal and Pareto values rounded to integers or one decimal have three such copies in at
# most 0.005% of columns at m = 10 and in none from m = 100.
REPEATED_GAP = 10
REPEATS = 3
# |D| ≥ MARKER_GAP · max|x' - μ'| for a marker-shaped value, in any number of rows and with any
# share: -999 lies 19 to 21 times past values 0..100, 7.7 past values 0..300, 5 past 0..500.
# Measured (seeded; 100,000 columns at m = 10, 30,000 at 30, 20,000 at 100, 2,000 at 1,000):
# integers 0..100 and 0..1000, percentages, ages, Poisson counts and prices to the cent never;
# the integer heavy tails whose farthest value may be 999 or 9999 by chance (negative binomial
# n = 0.2, Zipf a = 1.5, log-normal σ = 2, Pareto α = 1.1 to 3, prices e^N(4, 1.5) rounded) on at
# most 0.011% of columns at m = 10, 0.017% at m = 30, 0.01% at m = 100 and none at m = 1,000,
# below the 0.1% to 0.5% that GAP lets Pareto α = 1.5 reach; no column of digits, iris, wine or
# breast cancer in 4,000 random parts of 10 to 1,000 rows. A gap of 3 doubles those rates
# (0.023% at m = 10) to find -999 among values 0..500 up to 0..1000 too (1 + 1998/width).
MARKER_GAP = 5
# The only negative value among values 0 or more is a clue as strong as all nines, taken for a
# marker from MARKER_GAP too: -500 or -1000 written for "missing" in a column of amounts, counts or
# percentages, which honest values keep ≥ 0. -500 lies 7 to 11 times past values 0..100 (a gap of
# 10 misses it in 6% to 14% of columns of 10 to 100 values); -200 lies 5 times past them.
# Measured on honest columns holding exactly one negative value (seeded; 50,000 columns at m = 10,
# 20,000 at 30, 10,000 at 100, 1,000 at 1,000): a normal law moved up until 1 value in m is
# negative (temperatures, differences) fires on 0.07% at m = 10 and none from 30; Laplace 1.2% at
# 10, 0.03% at 30, none from 100; counts less counts (Poisson 3 - 1, 20 - 5) and profits
# (log-normal less a tenth of one) at most 0.6% at 10 and none from 30; a heavy tail whose sign
# is negative 1 time in m (exponential, log-normal σ = 1, 2, Pareto α = 1.1 to 3) 1.2% to 3.7% at
# 10, at most 0.8% at 30, 0.18% at 100, none at 1,000; Student's t moved up, heavy on both sides,
# t₃ 2.4% at 10 and 0.6% to 1.1% from 30, t₁.₅ 8% to 10% at every m. A sign is a weaker clue than
# a shape (all nines: 0.011%), but what it flags lies 5 times past every other value, a row that
# standardising and a squared error weigh as they would a marker: the warning asks which it is.
# No built-in dataset holds one, whole or in 1,000 random parts of 10 to 1,000 rows of each.
# All nines from three digits: 99 is the farthest value, 5 times past the others, of 0.08% to
# 0.11% of honest integer heavy-tailed columns of 10 values (Pareto α = 1.1, 1.5, log-normal
# σ = 1, 2, negative binomial n = 0.5, Zipf a = 1.5), ten times the rate of 999 and up; a
# survey's 99 ("no answer") comes in copies, which REPEATED_GAP finds. Nor is -1 a marker here:
# an honest value of differences and -1/0/1 codes, and among counts inside their reach.
MARKERS = 10.0 ** np.arange(3, 16) - 1   # 999 .. 10¹⁵ - 1, each exact in float64


@dataclass(frozen=True)
class LoneValue:
    """A column whose spread one value holds, or that holds a marker far past its other values:
    ``value`` at ``row`` of ``column`` (its first row of ``count``), the ``share`` of Σ(x - μ)²
    its copies hold, and ``width`` = (max' - min')/σ, how far apart the other values end in X's
    dtype: 0 when they all become one number (beside 1e30, values near 1 do). ``negative_alone``:
    the value is negative and the others are all 0 or more, a clue to a marker (-500 in a column
    of counts) as strong as all nines, that ``marker_question`` gives."""
    column: int
    row: int
    value: float
    share: float
    width: float
    count: int = 1
    negative_alone: bool = False


class LoneValueWarning(UserWarning):
    """One value holds a column's spread, or is a marker far past the others (``lone_values``).
    ``found`` lists each such column's ``LoneValue``, for a caller that names columns and rows
    its own way (the command line names a CSV's header and its rows)."""

    def __init__(self, message, found):
        super().__init__(message)
        self.found = found


# Values per block of the float64 work of ``spread``: 2 MB, whatever the size of X.
SPREAD_BLOCK = 2 ** 18


def spread(X, mean):
    """σ of each column, s = max|x - μ|, the reach of its farthest value, ``ties``, how many
    values lie that far (at μ + s or μ - s), and each column's min and max, in X's dtype, which s
    comes from (``lone_values`` and a constant column's test read them too, not X again). σ = √(mean((x - μ)²)) is computed as
    s·√(mean(((x - μ)/s)²)): the squares themselves underflow to 0 for values near 1e-200
    (σ = 0 would call a spread column constant) and overflow for values near 1e200, where σ is
    a number float64 holds.

    s comes from X's own max and min (rounding keeps order: max(x) - μ is max(x - μ)), the rest
    from float64 blocks of ``SPREAD_BLOCK`` values, not a float64 copy of X (which made fit peak
    at 2.25 times X beside it): the same numbers, bit for bit (``_squares_sum``)."""
    low, high = X.min(axis=0), X.max(axis=0)
    scale = np.maximum(np.subtract(high, mean, dtype=np.float64), -np.subtract(low, mean, dtype=np.float64))
    total, ties = _squares_sum(X, mean, np.where(scale > 0, scale, 1))   # a constant column: 0/1
    return scale * np.sqrt(total / len(X)), scale, ties, low, high


def _squares(X, mean, scale, out=None):
    """((x - μ)/s)² in float64, into ``out`` if given. x/x is exactly 1: the farthest values, and only they."""
    squares = np.subtract(X, mean, out=out, dtype=np.float64)
    np.divide(squares, scale, out=squares)
    return np.square(squares, out=squares)


def _squares_sum(X, mean, scale):
    """(Σ((x - μ)/s)², how many squares are 1) per column, a block of rows at a time, summed in
    the order NumPy sums a whole float64 copy of X. It sums a C-ordered (m, n) over axis 0 row
    after row: each block is summed with the running total as its first row. A single column
    (or each of an F-ordered X) it sums pairwise, halving m (less a multiple of 8) down to 128
    values: each half is summed the same way, down to blocks that NumPy sums as a whole."""
    n = X.shape[1] if X.ndim == 2 else 1
    rows = max(1, SPREAD_BLOCK // n)
    if X.ndim == 2 and n > 1 and abs(X.strides[0]) >= abs(X.strides[1]):   # row after row
        block = np.empty((min(rows, len(X)) + 1, n))   # row 0: the total of the rows before
        total, ties = None, 0
        for start in range(0, len(X), rows):
            part = X[start:start + rows]
            squares = _squares(part, mean, scale, out=block[1:len(part) + 1])
            ties = ties + np.count_nonzero(squares == 1, axis=0)
            if total is None:
                total = squares.sum(axis=0)
            else:
                block[0] = total
                total = block[:len(part) + 1].sum(axis=0)
        return total, ties
    counted = []

    def pairwise(start, stop):
        size = stop - start
        if size <= max(rows, 128):   # NumPy sums 128 values or fewer in one go
            squares = _squares(X[start:stop], mean, scale)
            counted.append(np.count_nonzero(squares == 1, axis=0))
            return squares.sum(axis=0)
        half = size // 2 - size // 2 % 8
        return pairwise(start, start + half) + pairwise(start + half, stop)
    return pairwise(0, len(X)), sum(counted)


def rounding_only(std, mean, m):
    """Whether σ ≤ m·ε·|μ| (ε of float64): a spread that small is the rounding of the sum of m
    values near μ, not data (0.1 + 0.2 in some rows and 0.3 in others). scikit-learn's
    StandardScaler draws the same line (to a factor 1 + m·ε/2)."""
    return std <= m * np.finfo(np.float64).eps * np.abs(mean)


def marker_shaped(value):
    """Whether |value| is all nines from three digits (999, 9999, ...: ``MARKERS``), the way
    files write a missing value; elementwise for an array."""
    return np.isin(np.abs(value), MARKERS)


def lone_values(X, mean, std, scale, ties, low, high):
    """The ``LoneValue`` of each column of X (m, n) where the farthest value, alone or in r rows,
    lies far past the other values while those vary (an indicator column, a single 1 among 0s,
    is no marker): its copies hold share ≥ SHARE of Σ(x - μ)² and it lies ≥ GAP (REPEATED_GAP
    for r ≥ REPEATS) times further from the others than any of them, or, written as a marker
    (``marker_shaped``) or the only negative value, ≥ MARKER_GAP times. ``mean`` and the rest
    are what ``spread`` gave, ``lone_values(X, mean, *spread(X, mean))``: the share of the
    farthest value's copies is at most r·(s/σ)²/(m - r) with r = ``ties``, and that value is
    μ + s or μ - s, so only the columns where that share reaches SHARE, or one of those is
    marker-shaped, or μ - s is a negative min that may lie MARKER_GAP times past the others, are
    read again, one at a time."""
    X = X.reshape(len(X), -1)
    m = len(X)
    mean, std, scale, ties = (np.reshape(a, -1) for a in (mean, std, scale, ties))
    low, high = (np.reshape(a, -1).astype(np.float64) for a in (low, high))
    if m < 3:  # two values: the one left has no spread to squash
        return []
    with np.errstate(divide="ignore", invalid="ignore"):  # a constant column: 0/0, not a candidate
        bound = ties * (scale / std) ** 2 / np.maximum(m - ties, 1)   # s ≤ √m·σ: no overflow
    # μ ± s is the farthest value to a rounding of μ's: rint finds -999 in -999.0000000001
    shaped = marker_shaped(np.rint(mean + scale)) | marker_shaped(np.rint(mean - scale))
    # A negative value alone is the column's min, μ - s < 0, and lies MARKER_GAP = g times past the
    # others: μ' - min ≥ g·reach' ≥ g·(max - μ'), μ' the others' mean, (mμ - r·min)/(m - r). Only
    # such columns are read again (a hair less than g, for rounding: others of two values reach it
    # exactly), not every column with negatives, as a normal one's: each read is a float64 copy.
    with np.errstate(over="ignore", invalid="ignore"):
        copies = np.maximum(ties, 1)
        others_mean = (m * mean - copies * low) / np.maximum(m - copies, 1)
        negative = ((low < 0) & (mean - low >= scale)
                    & (others_mean - low >= 0.99 * MARKER_GAP * (high - others_mean)))
    found = []
    for j in np.flatnonzero((bound >= SHARE) | shaped | negative):
        column = X[:, j].astype(np.float64)
        k = int(np.argmax(np.abs(column - mean[j])))
        same = column == column[k]
        r = int(np.count_nonzero(same))
        if r == m:  # one value in every row, a hair off its float64 mean (0.1 in 3 rows): constant
            continue
        share = r * (scale[j] / std[j]) ** 2 / (m - r)
        others = column[~same]
        alone = bool(column[k] < 0 <= others.min())   # the only negative value
        clue = alone or bool(marker_shaped(column[k]))   # a marker's, whatever its share
        if share < SHARE and not clue:
            continue
        others_mean = others.mean()
        others_std, reach = spread(others, others_mean)[:2]
        if others.min() == others.max() or rounding_only(others_std, others_mean, m - r):
            continue
        gap = MARKER_GAP if clue else REPEATED_GAP if r >= REPEATS else GAP
        if abs(column[k] - others_mean) >= gap * reach:
            z = ((others - mean[j]) / std[j]).astype(X.dtype)  # as transform gives them, in X's digits
            found.append(LoneValue(int(j), k, float(column[k]), float(share),
                                   float(z.max()) - float(z.min()), r, alone))
    return found


def lone_value_words(found, column, row, rows="rows"):
    """The warning for the ``LoneValue``s ``found``, the first in full; ``column(j)`` and
    ``row(k)`` name a column and a row as the reader knows them ("X's column 2", "row 17"), and
    ``rows`` what the copies of a value were counted among ("37 training rows")."""
    first = found[0]
    share, squashed = share_words(first.share), squashed_words(first.width)
    others = ", ".join(f"{column(f.column)} ({f.value:.6g} in {_rows(f, row, rows)})" for f in found[1:4])
    others += ", …" if len(found) > 4 else ""
    # a real value, alone, is a tail a log can bring in; in many rows, a state of its own (a
    # sensor's 0 when off beside readings near 40), which an indicator column says better
    real = ("fix or drop that row, or, if the value is real, transform the column first (a log, for a "
            "quantity spread over orders of magnitude)" if first.count == 1 else
            "fix or drop those rows, or, if the value is real (a state such as 'off'), give it a column of "
            "its own (1 in those rows, 0 elsewhere) and put the other values' mean in its place here")
    marker = marker_question(first.value, first.negative_alone)
    # a marker known by its shape may leave the others most of their spread: then what it does
    # is stand in the data as a measurement, not squash them
    what = (f"{share} of the column's spread: standardised, its other values {squashed}" if first.share >= SHARE
            else "far past its other values, which training would take for a measurement")
    return (f"{column(first.column)} holds {first.value:.6g} in {_rows(first, row, rows)}, {what} ({marker}); {real}"
            + (f". Also: {others}" if others else ""))


def marker_question(value, negative_alone=False):
    """"a marker of missing values?", led by its clues: "all nines" for a value written so
    (``marker_shaped``), "the only negative value" for one among values 0 or more
    (``LoneValue.negative_alone``: -5000 among counts). Asked, not asserted, as a price of 999
    among prices up to 199 is all nines too."""
    clues = [clue for clue, given in (("all nines", marker_shaped(value)), ("the only negative value", negative_alone))
             if given]
    return (" and ".join(clues) + ": " if clues else "") + "a marker of missing values?"


def share_words(share):
    """The share of a column's spread a value holds, as the warning quotes it ("over 99.9%")."""
    return "over 99.9%" if share > 0.999 else f"{share:.1%}"


def squashed_words(width):
    """Where standardising leaves the other values of a column, of ``LoneValue.width``, in words."""
    return f"end within {width:.2g} of each other" if width > 0 else "all end as one and the same number"


def _rows(found, row, rows):
    """Where a ``LoneValue`` lies: "row 17", or "37 rows, such as row 17" for copies."""
    return row(found.row) if found.count == 1 else f"{found.count} {rows}, such as {row(found.row)}"
