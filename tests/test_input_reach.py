"""A model remembers the reach of its training inputs (model.input_reach, max |x|, saved with it),
and predict and evaluate warn of inputs far past it: a digits model trained on pixels / 16 and
given raw 0..16 pixels, or MNIST's 0..255, answered confidently and wrongly without a word."""
import re
import warnings

import numpy as np
import pytest

import neuralab
from neuralab import cli, data, nn
from neuralab.train.input_reach import InputsFarPastWarning

DIGITS = data.load("digits")
X, Y = DIGITS.X[:300] / 16.0, DIGITS.y[:300]


def _fitted():
    model = nn.MLP([64, 16, 10], rng=np.random.default_rng(0))
    model.fit(X, Y, loss="cross_entropy", optimizer="adam", epochs=3, verbose=0, seed=0)
    return model


def _silent(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def test_fit_keeps_the_reach_and_inputs_prepared_alike_draw_no_warning():
    model = _fitted()
    assert model.input_reach == float(np.abs(X).max()) == 1.0
    _silent(lambda: model.predict(DIGITS.X[300:] / 16.0))
    _silent(lambda: model.evaluate(DIGITS.X[300:] / 16.0, DIGITS.y[300:]))


def test_raw_pixels_are_warned_of_in_predict_and_evaluate_with_row_and_column():
    model = _fitted()
    raw = DIGITS.X[300:320] * 16.0          # 0..256: pixels in other units, 16 times the training reach
    row, column = np.unravel_index(np.argmax(raw), raw.shape)
    with pytest.warns(InputsFarPastWarning) as caught:
        model.predict(raw)
    message = str(caught[0].message)
    assert message.startswith(f"X holds {raw[row, column]:.3g} in row {row}, column {column}, far past every value "
                              f"of the inputs the model was trained on (|x| <= 1, model.input_reach): data in "
                              f"other units?")
    with pytest.warns(InputsFarPastWarning, match="pixels divided by 255"):
        model.evaluate(raw, DIGITS.y[300:320])


def test_up_to_ten_times_the_reach_is_no_news():
    model = _fitted()
    _silent(lambda: model.predict(X[:5] * 10.0))
    with pytest.warns(InputsFarPastWarning):
        model.predict(X[:5] * 10.5)


def test_the_reach_is_saved_and_loaded_and_a_column_is_named_by_its_feature_name(tmp_path):
    ds = data.load("iris")
    model = nn.MLP([4, 8, 3], rng=np.random.default_rng(1))
    model.fit(ds, loss="cross_entropy", optimizer="adam", epochs=2, verbose=0)
    loaded = neuralab.load(model.save(tmp_path / "iris"))
    assert loaded.input_reach == model.input_reach == float(ds.X.max())
    far = ds.X[:3].copy()
    far[1, 2] = 1000.0                      # petal length in mm's thousands
    with pytest.warns(InputsFarPastWarning, match=re.escape(f"1e+03 in row 1, column {ds.feature_names[2]!r}, far past")):
        loaded.predict(far)


def test_a_model_never_fitted_or_built_by_hand_warns_of_nothing():
    model = nn.MLP([64, 16, 10])
    _silent(lambda: model.predict(DIGITS.X[:5] * 1000))
    assert getattr(model, "input_reach", None) is None


def test_a_bad_reach_in_a_file_is_refused(tmp_path):
    model = _fitted()
    model.input_reach = float("inf")
    with pytest.raises(ValueError, match="cannot save"):
        model.save(tmp_path / "bad")


def test_neuralab_train_saves_the_reach_of_the_data_in_its_own_units(tmp_path):
    assert cli.main(["train", "--dataset", "digits", "--epochs", "1", "--quiet", "--out", str(tmp_path / "o")]) == 0
    saved = neuralab.load(tmp_path / "o" / "model.npz")
    assert saved.input_reach == 16.0        # the CLI standardises inside the model: raw 0..16 pixels go in
    _silent(lambda: saved.predict(DIGITS.X[:10]))
    with pytest.warns(InputsFarPastWarning):
        saved.predict(DIGITS.X[:10] * 255)


def test_a_caller_that_judges_its_inputs_itself_silences_the_warning_in_its_thread_only():
    from neuralab.train.input_reach import inputs_judged
    model = _fitted()
    with inputs_judged():
        _silent(lambda: model.predict(DIGITS.X[:5] * 255))
    with pytest.warns(InputsFarPastWarning):   # and after it, as before
        model.predict(DIGITS.X[:5] * 255)
