"""A Standardizer fitted on a DataFrame or a Dataset remembers its column names, as scikit-learn's
StandardScaler remembers ``feature_names_in_``, and its ``transform`` and ``inverse_transform``
refuse a named table of other columns, or in another order, which μ and σ would meet by
position without a word. ``transform(ds)`` gives the Dataset standardised, so that the names
reach ``fit`` and ``predict`` checks them; an array is read by position, without a warning."""
import dataclasses

import numpy as np
import pandas as pd
import pytest

from neuralab import data, nn

NAMES = ("area", "rooms", "year")


def _sn_dataset(m=30, seed=0):
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.uniform(30, 150, m), rng.integers(1, 6, m), rng.integers(1900, 2020, m)])
    return data.Dataset(X, X @ [3000.0, 10000.0, 50.0], "regression", feature_names=NAMES, name="flats")


def _sn_state(scaler):
    return scaler.mean.copy(), scaler.std.copy(), scaler.feature_names


def test_a_dataset_is_standardised_as_its_array_and_comes_back_a_dataset():
    ds = _sn_dataset()
    scaler = data.Standardizer().fit(ds)
    plain = data.Standardizer().fit(ds.X)
    assert scaler.feature_names == NAMES and plain.feature_names is None
    np.testing.assert_array_equal(scaler.mean, plain.mean)
    np.testing.assert_array_equal(scaler.std, plain.std)
    out = scaler.transform(ds)
    assert type(out) is data.Dataset and out.feature_names == NAMES and out.name == "flats"
    np.testing.assert_array_equal(out.X, plain.transform(ds.X))
    assert out.y is ds.y                                    # the targets are not the scaler's
    np.testing.assert_allclose(scaler.inverse_transform(out).X, ds.X)
    assert type(scaler.fit_transform(ds)) is data.Dataset
    # a DataFrame in, an array out, as before; an array after a fit on names is read by position
    frame = pd.DataFrame(ds.X, columns=list(NAMES))
    np.testing.assert_array_equal(scaler.transform(frame), out.X)
    np.testing.assert_array_equal(scaler.transform(ds.X), out.X)
    # fitted on the one, it takes the other of the same columns
    np.testing.assert_allclose(data.Standardizer().fit(frame).transform(ds).X, out.X, rtol=1e-12)   # (sums in F order)


@pytest.mark.parametrize("fitted_on", ["Dataset", "DataFrame"])
@pytest.mark.parametrize("method", ["transform", "inverse_transform"])
def test_other_columns_are_refused_and_the_scaler_is_unchanged(fitted_on, method):
    ds = _sn_dataset()
    scaler = data.Standardizer().fit(ds if fitted_on == "Dataset" else pd.DataFrame(ds.X, columns=list(NAMES)))
    before = _sn_state(scaler)
    call = getattr(scaler, method)
    swapped = ds[["rooms", "area", "year"]]
    extra = dataclasses.replace(ds, X=np.column_stack([ds.X, ds.X[:, 0]]), feature_names=NAMES + ("id",))
    for table in (swapped, pd.DataFrame(swapped.X, columns=list(swapped.feature_names))):
        with pytest.raises(ValueError, match=r"^X's columns are in another order than those the Standardizer was "
                                             r"fitted on, 'area', 'rooms', 'year': they are read by position; put "
                                             r"them in that order: X\[list\(scaler\.feature_names\)\]$"):
            call(table)
    with pytest.raises(ValueError, match=r"^X has the column 'id' besides those the Standardizer was fitted on"):
        call(extra)
    with pytest.raises(ValueError, match=r"^X lacks the column 'year' of those the Standardizer was fitted on"):
        call(ds[["area", "rooms"]])
    after = _sn_state(scaler)
    np.testing.assert_array_equal(after[0], before[0])
    np.testing.assert_array_equal(after[1], before[1])
    assert after[2] == before[2] == NAMES
    # the fix the message gives
    np.testing.assert_array_equal(call(swapped[list(scaler.feature_names)]).X, call(ds).X)


def test_the_names_reach_fit_through_the_scaler_and_predict_checks_them():
    ds = _sn_dataset(60)
    train, test = data.train_test_split(ds, test_size=0.25, seed=0)
    scaler = data.Standardizer().fit(train)
    model = nn.MLP([3, 4, 1])
    model.fit(scaler.transform(train), loss="mse", optimizer="adam", epochs=2, verbose=0, seed=0)
    assert model.feature_names == NAMES
    np.testing.assert_array_equal(model.predict(scaler.transform(test)), model.predict(scaler.transform(test.X)))
    swapped = test[["year", "rooms", "area"]]
    with pytest.raises(ValueError, match="the Standardizer was fitted on"):
        scaler.transform(swapped)
    with pytest.raises(ValueError, match="the model was trained on"):   # past an unchecked scaling too
        model.predict(dataclasses.replace(swapped, X=scaler.transform(test.X)))


def test_a_fit_on_an_array_forgets_the_names_of_the_last_fit():
    ds = _sn_dataset()
    scaler = data.Standardizer().fit(ds)
    assert scaler.fit(ds.X).feature_names is None
    np.testing.assert_array_equal(scaler.transform(ds[["year", "rooms", "area"]]).X,
                                  data.Standardizer().fit(ds.X).transform(ds.X[:, [2, 1, 0]]))
