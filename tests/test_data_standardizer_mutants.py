"""neuralab.data's Standardizer, what mutation testing found untested: each test asserts a promise
that a small change of the code broke unseen."""
import numpy as np

from neuralab.data import Standardizer
from neuralab.data.standardizer import fitted_saying


def test_a_fit_for_the_cli_or_playground_words_a_marker_in_their_names_for_the_column_and_row():
    # neuralab train and the playground name a CSV's header and its row in the file, not X's
    # column 0 and row 50: the warning comes back in their words, and the scaler is fitted all the same
    X = np.column_stack([np.r_[np.linspace(0, 1, 50), 99999.0], np.linspace(0, 1, 51)])
    scaler, words, warned = fitted_saying(X, lambda j: f"the column {'ab'[j]!r}", lambda k: f"line {k + 2}")
    assert len(words) == 1 and warned == (0,)   # the column it warned of, for the monitor's report
    assert words[0].startswith("the column 'a' holds 99999 in line 52, over 99.9% of the column's spread")
    np.testing.assert_allclose(scaler.mean, X.mean(axis=0), rtol=1e-12)


def test_a_scaler_fitted_on_one_sample_takes_every_column_as_constant():
    # one value per column: μ is that value exactly, σ = 1 (the class's constant column), x' = 0
    x = np.array([[0.1 + 0.2, -7.0, 1e300]])
    scaler = Standardizer().fit(x)
    assert scaler.mean.tolist() == x[0].tolist() and scaler.std.tolist() == [1.0, 1.0, 1.0]
    assert scaler.transform(x).tolist() == [[0.0, 0.0, 0.0]]
