"""What docs/training.md's port of Keras's "Basic regression" relies on, each step as a learner
writes it with pandas: get_dummies's bool columns, a DataFrame and a Series given to fit and
predict, validation_split answered with the rows Keras takes, pd.DataFrame(history.history),
Normalization and its adapt answered by a Standardizer's statistics in nn.Standardize, a Series
given to a one-input model refused with the reshape, and evaluate's dict read by "loss"."""
import io

import numpy as np
import pandas as pd
import pytest

import neuralab
from neuralab import data, nn, optim

COLUMNS = ['MPG', 'Cylinders', 'Displacement', 'Horsepower', 'Weight', 'Acceleration', 'Model Year', 'Origin']


def auto_mpg(n=120, seed=0):
    """A table in auto-mpg.data's format, read as the tutorial reads it: spaces between columns,
    '?' for some horsepowers, a quoted name after a tab; dropna, Origin one-hot by get_dummies."""
    rng = np.random.default_rng(seed)
    hp = rng.uniform(50, 200, n)
    weight, origin = rng.uniform(1800, 4500, n), rng.choice([1, 2, 3], n)
    mpg = 50 - 0.08 * hp - 0.005 * weight + 2 * (origin > 1) + rng.normal(0, 1, n)
    text = "".join(f"{mpg[i]:.1f}   {rng.choice([4, 6, 8])}   {rng.uniform(70, 400):.1f}      "
                   f"{'?' if i % 30 == 3 else f'{hp[i]:.1f}'}      {weight[i]:.0f}.      {rng.uniform(8, 25):.1f}   "
                   f"{rng.integers(70, 83)}  {origin[i]}\t\"car {i}\"\n" for i in range(n))
    dataset = pd.read_csv(io.StringIO(text), names=COLUMNS, na_values='?', comment='\t', sep=' ',
                          skipinitialspace=True).dropna()
    dataset['Origin'] = dataset['Origin'].map({1: 'USA', 2: 'Europe', 3: 'Japan'})
    dataset = pd.get_dummies(dataset, columns=['Origin'], prefix='', prefix_sep='')
    features = dataset.sample(frac=0.8, random_state=0)
    test = dataset.drop(features.index)
    return features, features.pop('MPG'), test, test.pop('MPG')


def test_the_stand_in_reads_as_the_tutorial_s_table():
    features, labels, test, _ = auto_mpg()
    assert len(features) + len(test) == 116                     # the 4 rows with '?' dropped
    assert list(features.columns[-3:]) == ['Europe', 'Japan', 'USA'] and features['USA'].dtype == bool
    assert isinstance(labels, pd.Series) and labels.name == 'MPG'


def test_bool_columns_and_a_dataframe_fit_and_predict_as_their_numbers(float64):
    features, labels, test, _ = auto_mpg()
    neuralab.seed(0)
    model = nn.MLP([9, 8, 1])
    model.fit(features, labels, loss="mae", optimizer="adam", epochs=2, verbose=0)
    assert model.feature_names == tuple(features.columns)
    np.testing.assert_array_equal(model.predict(test), model.predict(test.to_numpy(dtype=float)))
    with pytest.raises(ValueError, match="in another order"):   # columns are read by name, then by position
        model.predict(test[list(reversed(test.columns))])


def test_validation_split_is_answered_with_the_rows_keras_takes_and_the_slices_are_positional():
    features, labels, _, _ = auto_mpg()
    model = nn.MLP([9, 1])
    before = model[0].weight.data.copy()
    with pytest.raises(TypeError, match=r"validation_split=0.2 takes the last rows, unshuffled: "
                                        r"k = int\(len\(X\) \* \(1 - 0.2\)\), fit\(X\[:k\], y\[:k\], "
                                        r"validation_data=\(X\[k:\], y\[k:\]\)\)"):
        model.fit(features, labels, loss="mae", optimizer="adam", epochs=1, validation_split=0.2, verbose=0)
    np.testing.assert_array_equal(model[0].weight.data, before)
    # the answer as written, on the DataFrame and the Series of a shuffled index: the last fifth
    k = int(len(features) * (1 - 0.2))
    history = model.fit(features[:k], labels[:k], loss="mae", optimizer="adam", epochs=2, verbose=0,
                        validation_data=(features[k:], labels[k:]))
    assert list(labels[k:].index) == list(features.index[k:]) and len(labels[k:]) == len(features) - k
    assert "val_loss" in history


def test_a_dataframe_of_the_history_has_a_column_per_logged_name_and_a_row_per_epoch():
    features, labels, test, test_labels = auto_mpg()
    model = nn.MLP([9, 1])
    history = model.fit(features, labels, loss="mean_absolute_error", optimizer="adam", epochs=3, verbose=0,
                        validation_data=(test, test_labels))
    hist = pd.DataFrame(history.history)
    hist['epoch'] = history.epoch
    assert list(hist.columns) == ['loss', 'mse', 'mae', 'r2', 'val_loss', 'val_mse', 'val_mae', 'val_r2', 'epoch']
    assert hist['epoch'].tolist() == [0, 1, 2] and hist['loss'].tolist() == history['loss']


def test_normalization_and_adapt_are_answered_and_the_answer_standardises_each_column():
    features, _, _, _ = auto_mpg()
    with pytest.raises(AttributeError, match=r"Standardize has no adapt\(\): .*data.Standardizer\(\).fit\(X_train\)"):
        nn.Standardize(9).adapt(np.array(features))
    with pytest.raises(AttributeError, match=r"nn.Standardize\(n, mean=scaler.mean, std=scaler.std\) is Keras's "
                                             r"Normalization"):
        nn.Normalization
    scaler = data.Standardizer().fit(features)
    normalizer = nn.Standardize(9, mean=scaler.mean, std=scaler.std)
    out = normalizer(features.to_numpy(dtype=float))
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), 1, rtol=1e-4)   # ddof 0, as Keras's adapt


def test_a_series_for_a_one_input_model_is_refused_with_the_column_and_the_model_unchanged():
    features, labels, _, _ = auto_mpg()
    model = nn.Sequential(nn.Standardize(1), nn.Dense(1, 1))
    before = model[1].weight.data.copy()
    for call in (lambda: model.fit(features['Horsepower'], labels, loss="mae",
                                   optimizer=optim.Adam(model.parameters(), lr=0.1), epochs=1, verbose=0),
                 lambda: model.predict(np.linspace(0, 250, 251))):
        with pytest.raises(ValueError, match=r"one feature per sample\? make it a column: np\.reshape\(X, \(-1, 1\)\)"):
            call()
    np.testing.assert_array_equal(model[1].weight.data, before)
    assert model.predict(features[['Horsepower']]).shape == (len(features), 1)   # a table of one column


def test_evaluate_s_loss_is_the_mean_absolute_error_and_tabulates_as_keras_s_number(float64):
    features, labels, test, test_labels = auto_mpg()
    neuralab.seed(0)
    model = nn.Sequential(nn.Standardize(1, 125.0, 40.0), nn.Dense(1, 1))
    model.fit(features[['Horsepower']], labels, loss="mean_absolute_error",
              optimizer=optim.Adam(model.parameters(), lr=0.1), epochs=20, verbose=0)
    scores = model.evaluate(test[['Horsepower']], test_labels, verbose=0)
    error = model.predict(test[['Horsepower']])[:, 0] - test_labels.to_numpy()
    assert scores['loss'] == pytest.approx(np.mean(np.abs(error)), rel=1e-12)
    table = pd.DataFrame({'horsepower_model': scores['loss']}, index=['Mean absolute error [MPG]']).T
    assert table.iloc[0, 0] == scores['loss']
