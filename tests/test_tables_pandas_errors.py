"""The refusals of a pandas table, in pandas' terms: a missing value (NaN, or a nullable column's
pd.NA) named by its column with a fix that works, an infinity likewise, a DataFrame of the wrong
width for a model that keeps no column names with its columns listed, and text labels in a
Series numbered the pandas way (an array's keep NumPy's advice)."""
import re

import numpy as np
import pandas as pd
import pytest

from neuralab import nn


def _passengers(m=40, seed=0):
    """A DataFrame of three columns, 'Age' missing in rows 3 and 7, and a 0/1 target Series."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"Pclass": rng.integers(1, 4, m).astype(float), "Age": rng.uniform(1, 80, m).round(),
                      "Fare": rng.uniform(5, 100, m)})
    X.loc[[3, 7], "Age"] = np.nan
    y = pd.Series((X["Fare"] > 50).astype(int), name="Survived")
    return X, y


def _fit_tables(X, y, **kwargs):
    model = nn.MLP([X.shape[1], 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    model.fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0, seed=0, **kwargs)
    return model


@pytest.mark.parametrize("dtype", ["float64", "Float64"])   # NaN, or the nullable column's pd.NA
def test_a_missing_value_is_named_by_its_column_with_fixes_that_work(dtype):
    X, y = _passengers()
    X = X.astype(dtype)
    with pytest.raises(ValueError) as refused:
        _fit_tables(X, y)
    message = str(refused.value)
    assert message.startswith("X has missing values (NaN or pd.NA) in the column 'Age' (2 rows), the first at "
                              "X.loc[3, 'Age']: leave out their rows, keep = X.notna().all(axis=1), then X[keep] "
                              "(and y[keep]: X.dropna() alone would leave y longer), or fill them in, "
                              "X.fillna({'Age': X['Age'].median()})")
    keep = X.notna().all(axis=1)     # the fixes, as the message writes them
    _fit_tables(X[keep], y[keep])
    _fit_tables(X.fillna({"Age": X["Age"].median()}), y)


def test_predict_and_validation_data_name_the_column_and_their_own_targets():
    X, y = _passengers()
    model = _fit_tables(X.dropna(), y[X.notna().all(axis=1)])
    with pytest.raises(ValueError, match=r"^X has missing values \(NaN or pd.NA\) in the column 'Age'"):
        model.predict(X)
    X_val = X.iloc[2:].copy()         # the first missing value at the label 3, the third row
    X_val.loc[10, "Fare"] = np.nan
    with pytest.raises(ValueError, match=re.escape("X_val has missing values (NaN or pd.NA) in the columns 'Age' "
                                                   "(2 rows), 'Fare' (1 row), the first at X_val.loc[3, 'Age']")) as refused:
        _fit_tables(X.dropna(), y[X.notna().all(axis=1)], validation_data=(X_val, y.iloc[2:]))
    assert "then X_val[keep] (and y_val[keep]" in str(refused.value) and "X_val.fillna(X_val.median())" in str(refused.value)


def test_an_infinity_is_named_with_the_replace_that_makes_it_missing():
    X, y = _passengers()
    X = X.fillna(30.0)
    X.loc[5, "Fare"] = np.inf
    with pytest.raises(ValueError, match=re.escape("X holds inf (or -inf) in the column 'Fare' (1 row), the first at "
                                                   "X.loc[5, 'Fare']: an infinity is no measurement; make it "
                                                   "missing, X = X.replace([np.inf, -np.inf], np.nan)")):
        _fit_tables(X, y)


def test_a_dataframe_of_another_width_lists_its_columns_for_a_model_without_names():
    X, y = _passengers()
    X = X.fillna(30.0)
    X.insert(0, "PassengerId", np.arange(1, len(X) + 1))
    model = nn.MLP([3, 4, 1], output="sigmoid", rng=np.random.default_rng(0))   # built for the three
    with pytest.raises(ValueError, match=re.escape(
            "X has 4 features but the model's first layer expects 3: its columns are 'PassengerId', 'Pclass', "
            "'Age', 'Fare'; leave out the column that is no input (an identifier? the target?), "
            "X.drop(columns=[...]), or build the model for 4 inputs")):
        model.fit(X, y, loss="bce", optimizer="adam", epochs=1, verbose=0)
    with pytest.raises(ValueError, match=re.escape("X has 2 features but the model's first layer expects 3: its "
                                                   "columns are 'Pclass', 'Fare'; give it the columns the model "
                                                   "was built for, or build it for 2 inputs")):
        model.predict(X[["Pclass", "Fare"]])
    with pytest.raises(ValueError, match=r"X has 4 features but the model's first layer expects 3$"):
        model.predict(X.to_numpy())   # an array has no names to list


def test_text_labels_in_a_series_are_numbered_the_pandas_way():
    X, y = _passengers()
    X = X.fillna(30.0)
    labels = pd.Series(np.where(y == 1, "legit", "fraud"), name="label")
    with pytest.raises(TypeError) as refused:
        _fit_tables(X, labels)
    assert str(refused.value).endswith("number the labels 0..K-1 with y, classes = pd.factorize(y, sort=True) "
                                       "(label k is then classes[k]), and the labels of another set with "
                                       "classes.get_indexer(y_test)")
    y, classes = pd.factorize(labels, sort=True)          # the fix, as written
    assert list(classes) == ["fraud", "legit"] and list(classes.get_indexer(labels[:3])) == list(y[:3])
    _fit_tables(X, y)
    with pytest.raises(TypeError, match=r"y_val = classes.get_indexer\(y_val\)$"):
        _fit_tables(X, y, validation_data=(X, labels))
    with pytest.raises(TypeError, match=re.escape("classes, y = np.unique(y, return_inverse=True)")):
        _fit_tables(X, labels.to_numpy())                 # an array: NumPy's way


def test_a_missing_target_in_a_nullable_series_is_left_out_the_pandas_way():
    X, y = _passengers()
    X = X.fillna(30.0)
    y = y.astype("Int64")
    y[4] = pd.NA
    with pytest.raises(ValueError, match=re.escape("y contains NaN or inf (first at index (4,)): to leave those "
                                                   "samples out, keep = y.notna(), then X[keep] and y[keep]")):
        _fit_tables(X, y)
    keep = y.notna()
    _fit_tables(X[keep], y[keep])
