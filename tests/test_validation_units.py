"""fit warns when the validation part is in other units than the training data: X standardised
and X_val not (every row far past the training values), or y standardised and y_val in the
data's own units. EarlyStopping then kept the epoch of the lowest val_loss of 1.5e11 and the
learner read a validation R² of −6.6 with no word of why."""
import warnings

import numpy as np
import pytest

from neuralab import data, nn

RNG = np.random.default_rng(3)
X_RAW = np.column_stack([RNG.uniform(30, 200, 300), RNG.integers(1900, 2020, 300)])   # m², year
Y_RAW = 3000 * X_RAW[:, 0] + RNG.normal(0, 20_000, 300)                                 # euros
XS, YS = data.Standardizer().fit(X_RAW[:200]), data.Standardizer().fit(Y_RAW[:200])
X, Y = XS.transform(X_RAW[:200]), YS.transform(Y_RAW[:200])


def _fit_warnings(X_val, y_val):
    model = nn.MLP([2, 8, 1], rng=np.random.default_rng(0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, Y, loss="mse", optimizer="adam", epochs=2, verbose=0, validation_data=(X_val, y_val))
    return [str(w.message) for w in caught]


def test_x_val_left_in_its_own_units_is_named_with_the_scaler_fix():
    said = _fit_warnings(X_RAW[200:], YS.transform(Y_RAW[200:]))
    assert len(said) == 1
    assert said[0].startswith(f"all 100 rows of X_val hold values far past every value of the training data "
                              f"(|x| <= {max(-X.min(), X.max()):.3g}), up to ")
    assert "data in other units? X_val must be prepared as X was" in said[0]
    assert "scaler.transform(X_val)" in said[0] and "EarlyStopping" in said[0]


def test_y_val_left_in_euros_is_named_with_the_scaler_fix():
    said = _fit_warnings(XS.transform(X_RAW[200:]), Y_RAW[200:])
    assert said == [f"all 100 targets of y_val lie far past every training target (|y| <= {np.abs(Y).max():.3g}), "
                    f"up to {np.abs(Y_RAW[200:]).max():.3g}: targets in other units? y_val must be prepared as y "
                    f"was: if y was standardised, with the same scaler, fitted on the training data "
                    f"(scaler.transform(y_val)). Until then the validation scores, and the epoch EarlyStopping "
                    f"keeps by them, mean little"]


def test_a_few_far_rows_are_counted_and_a_single_one_keeps_its_row_advice():
    X_val = XS.transform(X_RAW[200:])
    X_val[[3, 7]] = -999.0
    assert _fit_warnings(X_val, YS.transform(Y_RAW[200:]))[0].startswith("2 of the 100 rows of X_val hold values "
                                                                         "far past")
    X_val[7] = X_val[6]
    single = _fit_warnings(X_val, YS.transform(Y_RAW[200:]))
    assert single[0].startswith("row 3 of X_val holds -999, far past") and "leave out that row" in single[0]


def test_validation_data_prepared_like_the_training_data_draws_no_warning():
    assert _fit_warnings(XS.transform(X_RAW[200:]), YS.transform(Y_RAW[200:])) == []


@pytest.mark.parametrize("labels", [np.arange(200) % 2, (np.arange(200) % 2).astype(float)])
def test_class_labels_are_not_judged_as_units(labels):
    model = nn.MLP([2, 8, 1], output="sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(X, labels, loss="bce", optimizer="adam", epochs=1, verbose=0,
                  validation_data=(XS.transform(X_RAW[200:]), np.arange(100) % 2))
