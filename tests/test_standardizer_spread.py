"""Standardizer.fit's warning of one value that holds a column's spread (data/spread.py): a
missing-value marker that standardising would let squash the column's other values together."""
import warnings

import numpy as np
import pytest

from neuralab import data
from neuralab.data.spread import SHARE, LoneValueWarning

MARKERS = (3.4e38, 1e30, 99999.0, -999.0)
SIZES = (10, 100, 1000, 10_000, 100_000, 1_000_000)


def spread_warnings(X):
    """The LoneValueWarnings of ``Standardizer().fit(X)``, and the scaler."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scaler = data.Standardizer().fit(X)
    return [w for w in caught if issubclass(w.category, LoneValueWarning)], scaler


def spread_column(base, m, seed):
    """One column of m values: N(0, 1) or uniform on 0..100, in the default float32."""
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(m) if base == "N(0,1)" else rng.uniform(0, 100, m)
    return values.astype(np.float32)


def other_values(x, row):
    """What the warning reports, found apart from it: the share of Σ(x - μ)² that leaves with
    the row (or a list of rows), and how far apart the other values end once standardised (by
    the Standardizer)."""
    x64 = x.astype(np.float64)
    rest = np.delete(x64, row)
    share = 1 - ((rest - rest.mean()) ** 2).sum() / ((x64 - x64.mean()) ** 2).sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoneValueWarning)
        z = np.delete(data.Standardizer().fit_transform(x), row)
    return share, float(z.max()) - float(z.min())


# Every marker on every column and size, but -999 among values 0..100, which lies only 20 times
# past the others, as far as honest heavy tails reach, and -999 among a million N(0, 1) values,
# which leaves them their spread: both found by their shape alone (the tests of all nines below).
SQUASHING = [(marker, base, m) for marker in MARKERS for base in ("N(0,1)", "0..100") for m in SIZES
             if not (marker == -999 and (base == "0..100" or m == 1_000_000))]


@pytest.mark.parametrize("marker, base, m", SQUASHING)
def test_a_marker_that_squashes_the_others_is_found(marker, base, m):
    x = spread_column(base, m, seed=m)
    row = m // 3
    x[row] = marker
    found, scaler = spread_warnings(x.reshape(-1, 1))
    assert len(found) == 1
    (lone,) = found[0].message.found
    share, width = other_values(x, row)
    assert (lone.column, lone.row, lone.value) == (0, row, float(np.float32(marker)))
    np.testing.assert_allclose([lone.share, lone.width], [share, width], rtol=1e-5, atol=1e-12)
    if abs(marker) >= 1e30:  # x - μ rounds to -μ: not even the float32 digits tell them apart
        assert width == 0 and "its other values all end as one and the same number" in str(found[0].message)
    np.testing.assert_allclose(scaler.std, x.astype(np.float64).std(), rtol=1e-6)  # still fitted


def test_a_far_value_that_leaves_the_others_their_spread_is_no_squash_unless_written_as_a_marker():
    """-1234 among a million N(0, 1) values: σ = √(1 + 1234²/10⁶) = 1.58, the others keep
    σ'/σ = 0.63 and end as far apart as ever; it is a bad row (fit's X_val check finds those),
    not a squash. -999 there leaves them as much, but is how a file writes a missing value."""
    x = spread_column("N(0,1)", 1_000_000, seed=1)
    x[5] = -1234
    share, width = other_values(x, 5)
    assert share < 0.65 and width > 5
    assert spread_warnings(x.reshape(-1, 1))[0] == []
    x[5] = -999
    (lone,) = spread_warnings(x.reshape(-1, 1))[0][0].message.found
    assert (lone.row, lone.value) == (5, -999) and lone.share < SHARE


@pytest.mark.parametrize("m", [100, 1000, 10_000, 100_000])
@pytest.mark.parametrize("family", ["lognormal sigma=1", "lognormal sigma=2", "pareto alpha=1.5",
                                    "pareto alpha=3", "exponential"])
def test_honest_heavy_tails_rarely_warn(family, m):
    """Seeded: 10,000 columns at m = 100 down to 10 at m = 100,000; at most 1% of them (or one)
    may warn. The largest value of a heavy tail holds ≥ 90% of the spread often (Pareto α = 1.5:
    1 column in 10 at m = 100), but is rarely 100 times further out than the others: over more
    columns, 0.1-0.5% for Pareto α = 1.5 (data/spread.py)."""
    rng = np.random.default_rng(m)
    shape = (m, 1_000_000 // m)
    X = {"lognormal sigma=1": lambda: rng.lognormal(0, 1, shape),
         "lognormal sigma=2": lambda: rng.lognormal(0, 2, shape),
         "pareto alpha=1.5": lambda: rng.pareto(1.5, shape) + 1,
         "pareto alpha=3": lambda: rng.pareto(3, shape) + 1,
         "exponential": lambda: rng.exponential(1, shape)}[family]()
    found = spread_warnings(X)[0]
    assert sum(len(w.message.found) for w in found) <= max(1, 0.01 * shape[1])


def test_a_value_beside_others_that_do_not_vary_does_not_warn():
    """A single 1 among 0s holds all of its column's spread, but the others have none to lose;
    nor have 0.3s and 0.1 + 0.2s, one value with a rounding error (which fit takes as constant),
    beside a 99999."""
    indicator = np.zeros(1000, dtype=np.float32)
    indicator[7] = 1
    rounding = np.full(1000, 0.3)
    rounding[::2] = 0.1 + 0.2
    rounding[5] = 99999
    two = np.array([0.0, 1e30])
    for column in (indicator, rounding, two, np.full(50, 2.5)):
        assert spread_warnings(column.reshape(-1, 1))[0] == []


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
def test_no_column_of_the_real_datasets_warns(name):
    """Whole, and in seeded training parts: 80% as neuralab train takes, and of 100 rows, where
    digits' sparse pixels (a 16 among 0s, 1s and 2s) come closest, 8 times past the others."""
    ds = data.load(name)
    parts = [ds.X] + [data.train_test_split(ds.X, ds.y, test_size=size, seed=seed)[0]
                      for size in (0.2, len(ds) - 100) for seed in range(20)]
    for X in parts:
        assert spread_warnings(X)[0] == []


@pytest.mark.parametrize("name", [n for n in data.names()
                                  if n not in ("iris", "wine", "breast_cancer", "digits", "mnist", "fashion_mnist")])
def test_no_column_of_the_synthetic_datasets_warns(name):
    for seed in range(5):
        for options in ({}, {"n_samples": 30, "noise": 0.3}, {"n_samples": 2000, "noise": 0.3}):
            assert spread_warnings(data.load(name, seed=seed, **options).X)[0] == []


def test_the_warning_names_the_column_the_value_and_its_row_and_says_what_standardising_does():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 3)).astype(np.float32)
    X[17, 1] = 99999
    with pytest.warns(LoneValueWarning) as caught:
        data.Standardizer().fit(X)
    width = other_values(X[:, 1], 17)[1]
    assert str(caught[0].message) == (
        f"X's column 1 holds 99999 in row 17, over 99.9% of the column's spread: standardised, its other "
        f"values end within {width:.2g} of each other (all nines: a marker of missing values?); "
        f"fix or drop that row, or, if the value is real, transform the column first (a log, for a quantity "
        f"spread over orders of magnitude)")
    assert caught[0].filename == __file__  # the user's line
    X[17, 1] = 12345.5   # as far, not written as a marker: asked
    with pytest.warns(LoneValueWarning, match=r"of each other \(a marker of missing values\?\); fix or drop"):
        data.Standardizer().fit(X)
    X[17, 1] = 99999
    X[400, 2] = np.float32(3.4e38)
    with pytest.warns(LoneValueWarning, match=r"column 1 holds 99999 in row 17, .*\. Also: X's column 2 "
                                              r"\(3\.4e\+38 in row 400\)$") as caught:
        data.Standardizer().fit_transform(X)
    assert caught[0].filename == __file__
    with pytest.warns(LoneValueWarning, match=r"^X holds 99999 in row 17, over 99\.9%"):
        data.Standardizer().fit(X[:, 1])


def test_the_share_is_said_to_a_tenth_of_a_percent_up_to_99_9():
    """The share is what leaves Σ(x - μ)² with the row, D²/m / (σ'² + D²/m) for a value D from
    the others' mean: 99.5% here, where the farthest (x - μ)² is 99.4% of Σ(x - μ)²."""
    m = 1000
    rest = spread_column("N(0,1)", m - 1, seed=3).astype(np.float64)
    rest = (rest - rest.mean()) / rest.std()                  # σ' = 1
    x = np.concatenate([[np.sqrt(m * 199.0)], rest])          # D²/m = 199: share 199/200
    width = other_values(x, 0)[1]
    with pytest.warns(LoneValueWarning, match=rf"in row 0, 99\.5% of the column's spread: standardised, its "
                                              rf"other values end within {width:.2g} of each other"):
        data.Standardizer().fit(x)


def test_a_dataframe_column_is_named():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"humidity": rng.uniform(30, 90, 200), "temperature": rng.normal(20, 5, 200)})
    df.loc[42, "temperature"] = -9999
    with pytest.warns(LoneValueWarning, match=r"^X's column 'temperature' holds -9999 in row 42, over 99\.9% of"):
        scaler = data.Standardizer().fit(df)
    assert scaler.feature_names == ("humidity", "temperature")


def test_the_warning_raised_as_an_error_leaves_the_scaler_as_it_was():
    # under warnings.simplefilter("error") (pytest's filterwarnings=error) fit used to store μ and σ
    # of the data with the marker before the warning raised: a scaler fitted on data it refused
    rng = np.random.default_rng(2)
    before = rng.normal(size=(100, 2))
    X = rng.normal(size=(1000, 2))
    X[5, 0] = 99999
    for refit in (False, True):
        scaler = data.Standardizer()
        if refit:
            scaler.fit(before)
        kept = (scaler.mean, scaler.std, repr(scaler))
        for fit in (scaler.fit, scaler.fit_transform):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                with pytest.raises(LoneValueWarning):
                    fit(X)
            assert repr(scaler) == kept[2]
            if refit:
                np.testing.assert_array_equal(scaler.mean, kept[0])
                np.testing.assert_array_equal(scaler.std, kept[1])


# -- a marker in many rows ---------------------------------------------------------------------
# Each copy of a marker holds only its own part of the spread; their group holds it all (a file
# that writes 99999 for a missing value writes it in every row that misses one), and fit said
# nothing of 99999 in 5% of the rows, whose others end within 0.0002 of each other.

def _sp_marked(base, m, marker, count, seed):
    """A column (spread_column) with ``marker`` in ``count`` rows drawn at random, and those rows."""
    x = spread_column(base, m, seed)
    rows = np.sort(np.random.default_rng(seed + 1).choice(m, count, replace=False))
    x[rows] = marker
    return x, rows


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("base", ["N(0,1)", "0..100"])
@pytest.mark.parametrize("m, count", [(10, 3), (100, 5), (1000, 10), (1000, 450), (100_000, 5000)])
def test_a_marker_repeated_in_many_rows_is_found_with_their_count(marker, base, m, count):
    x, rows = _sp_marked(base, m, marker, count, seed=m + count)
    found, _ = spread_warnings(x.reshape(-1, 1))
    assert len(found) == 1
    (group,) = found[0].message.found
    share, width = other_values(x, rows)
    assert (group.column, group.value, group.count) == (0, float(np.float32(marker)), count)
    assert group.row in rows
    np.testing.assert_allclose(group.share, share, rtol=1e-5)
    # the others' z computed in float64 then rounded, transform's in float32: a few float32 steps of z ~ 1 apart
    np.testing.assert_allclose(group.width, width, rtol=1e-5, atol=8 * np.finfo(np.float32).eps)
    assert f" holds {marker:.6g} in {count} rows, such as row {group.row}, " in str(found[0].message)
    # in many rows a real value is a state of its own (a sensor's 0 when off), not a tail for a log
    assert str(found[0].message).endswith(
        "fix or drop those rows, or, if the value is real (a state such as 'off'), give it a column of its own "
        "(1 in those rows, 0 elsewhere) and put the other values' mean in its place here")


def test_two_copies_need_the_gap_of_one_and_three_the_smaller_gap():
    """1234 among values 0..100 lies 24 times past them: one or two copies may be an honest
    pair of a heavy tail (two 16s among a digit's pixels of 0..2 lie up to 11 times past them),
    three or more of the same value are a marker. (-999 is one by its shape, in any number, and
    -1234 by its sign, the only negative value.)"""
    for count in (1, 2, 3, 30):
        x, _ = _sp_marked("0..100", 100, 1234, count, seed=count)
        found, _ = spread_warnings(x.reshape(-1, 1))
        assert len(found) == (count >= 3), count


@pytest.mark.parametrize("family", ["poisson", "geometric", "negative binomial", "zipf", "zero-inflated",
                                    "lognormal integers", "pareto one decimal"])
def test_honest_values_with_ties_do_not_warn(family):
    """Counts and rounded heavy tails repeat values, their largest too: seeded, 1,000 columns of
    100 values and 100 of 1,000, none warns of a repeated value."""
    for m in (100, 1000):
        rng = np.random.default_rng(m)
        shape = (m, 100_000 // m)
        X = {"poisson": lambda: rng.poisson(3, shape), "geometric": lambda: rng.geometric(0.5, shape),
             "negative binomial": lambda: rng.negative_binomial(0.5, 0.05, shape),
             "zipf": lambda: rng.zipf(3.0, shape),
             "zero-inflated": lambda: np.where(rng.random(shape) < 0.7, 0, np.round(rng.lognormal(3, 1, shape))),
             "lognormal integers": lambda: np.round(rng.lognormal(0, 2, shape)),
             "pareto one decimal": lambda: np.round(rng.pareto(1.5, shape), 1)}[family]().astype(np.float64)
        found = spread_warnings(X)[0]
        assert [f for w in found for f in w.message.found if f.count > 1] == []


# -- a value written as a marker: all nines ---------------------------------------------------
# -999 among values 0..100 lies only 20 times past them, as far as honest heavy tails reach, and
# from a few hundred rows holds less than SHARE of the spread: fit said nothing of it, and a
# learner's CSV with -999 for "missing" trained on it as a value.

def _sp_nines_column(m, dtype, seed):
    """m values 0..100: whole numbers for an integer dtype, else uniform, in ``dtype``."""
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, 101, m).astype(dtype)
    return rng.uniform(0, 100, m).astype(dtype)


@pytest.mark.parametrize("marker", [-999, 999, -9999])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize("m", [20, 200, 5000])
@pytest.mark.parametrize("count", [1, 2])
def test_a_marker_written_as_nines_among_values_0_to_100_is_found_by_its_shape(marker, dtype, m, count):
    x = _sp_nines_column(m, dtype, seed=m + count)
    rows = np.arange(count) * (m // 2) + 3
    x[rows] = marker
    found, _ = spread_warnings(x.reshape(-1, 1))
    assert len(found) == 1
    (lone,) = found[0].message.found
    share = other_values(x, rows)[0]
    assert (lone.value, lone.count, lone.row) == (marker, count, rows[0])
    np.testing.assert_allclose(lone.share, share, rtol=1e-5)   # a fifth of the spread at m = 5000
    clues = "all nines and the only negative value" if marker < 0 else "all nines"   # among values 0..100
    assert f"({clues}: a marker of missing values?); fix or drop th" in str(found[0].message)
    # leaving the others most of their spread, it is no squash: it stands in the data as a value
    assert (", far past its other values, which training would take for a measurement (" in str(found[0].message)
            ) == (lone.share < SHARE) != ("of the column's spread: standardised" in str(found[0].message))
    if abs(marker) == 999:   # one step off the shape, as far out: a heavy tail's reach, not told apart,
        x[rows] = marker - np.sign(marker)   # but by the other clue, the only negative value
        said = [str(w.message) for w in spread_warnings(x.reshape(-1, 1))[0]]
        assert [s.count("(the only negative value: a marker of missing values?)") for s in said] == [1] * (marker < 0)


@pytest.mark.parametrize("m", [10, 100, 1000])
def test_honest_columns_whose_largest_value_is_all_nines_do_not_warn(m):
    """A percentage or an age up to 99, a count up to 999, a price up to 9999: the top of the
    range, written as nines, lies among the others, not past them. Seeded, 20,000 values of each,
    every column holding its top in its first row; of 10 values, the other 9 may all lie in the
    bottom third (3⁻⁹ = 0.005% of columns), their top then 5 times past them: at most 0.1%."""
    rng = np.random.default_rng(m)
    shape = (m, 20_000 // m)
    tops = [(99, rng.integers(0, 100, shape)), (99, np.round(rng.beta(2, 5, shape) * 99)),
            (99, np.clip(np.round(rng.normal(40, 20, shape)), 0, 99)), (999, rng.integers(0, 1000, shape)),
            (9999, np.round(rng.uniform(0, 9999, shape), 2))]
    for top, X in tops:
        X = X.astype(np.float64)
        X[0] = top
        found = [f for w in spread_warnings(X)[0] for f in w.message.found]
        assert len(found) <= 0.001 * shape[1], top


def test_two_nines_and_integer_heavy_tails_that_reach_999_rarely_warn():
    """99 is no marker by its shape (the farthest value of 0.1% of honest heavy-tailed integer
    columns of 10 values, 5 times past the others); 999 is, and such columns reach it by chance
    on at most 0.011% of columns (data/spread.py): seeded, 50,000 columns of 10 warn at most 6
    times (a gap of 3 would warn 10 times of the prices e^N(4, 1.5))."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 11, 20).astype(np.float64)
    x[4] = 99   # 19 times past values 0..10, but two digits: not said
    assert spread_warnings(x)[0] == []
    x[4] = 999
    assert len(spread_warnings(x)[0]) == 1
    shape = (10, 50_000)
    for X in (np.round(rng.pareto(1.1, shape) * 5), np.round(rng.lognormal(1, 2, shape)),
              np.round(rng.lognormal(4, 1.5, shape)), np.minimum(rng.zipf(1.5, shape), 10**7)):
        found = spread_warnings(X.astype(np.float64))[0]
        nines = [f for w in found for f in w.message.found if abs(f.value) in (999, 9999, 99999)]
        assert len(nines) <= 6


@pytest.mark.parametrize("half_width, said", [(200.0, True), (200.25, False)])
def test_a_marker_is_said_from_marker_gap_times_the_others_reach(half_width, said):
    """999 among 20 values -1 ± w, their reach w: 999 - (-1) = 1000 = MARKER_GAP·w at w = 200.
    At m = 21 it holds about half of the spread, which SHARE and GAP would never say."""
    others = np.tile([-1 - half_width, -1 + half_width], 10)
    x = np.concatenate([others, [999.0]])
    assert abs(x[-1] - others.mean()) / np.abs(others - others.mean()).max() == 1000 / half_width
    found = spread_warnings(x)[0]
    assert len(found) == said
    if said:
        assert found[0].message.found[0].share < SHARE


@pytest.mark.parametrize("value, rows", [(0.1, 3), (1.1, 6), (1e300, 7)])
def test_fz_a_constant_column_whose_float64_mean_is_a_hair_off_its_value_is_constant(value, rows):
    # the mean of three 0.1s is 0.10000000000000002: every row lay at the same tiny distance
    # from it, so the column's one value was taken for a marker in all m rows, and fit failed
    # with NumPy's "zero-size array to reduction operation maximum" (its m - r others: none)
    X = np.column_stack([np.full(rows, value), np.arange(rows, dtype=np.float64)])
    assert X[:, 0].mean() != value  # the case at hand
    scaler = data.Standardizer().fit(X)   # no LoneValueWarning either: pytest makes it an error
    assert scaler.mean[0] == value and scaler.std[0] == 1
    np.testing.assert_array_equal(scaler.transform(X)[:, 0], 0.0)
