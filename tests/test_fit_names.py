"""fit and the names of a DataFrame's columns: a name a model file could not keep is refused
before training, not by save after it."""
import numpy as np
import pytest

import neuralab
from neuralab import nn
from neuralab.nn.names import MAX_NAME_CHARS

pd = pytest.importorskip("pandas")


def _fn_table(first_name, rows=16):
    rng = np.random.default_rng(0)
    return pd.DataFrame(rng.standard_normal((rows, 2)), columns=[first_name, "b"]), rng.integers(0, 2, rows)


def test_fit_refuses_a_column_name_too_long_for_a_model_file_before_training():
    # fit trained for all its epochs, and only save refused the name, with no fix
    X, y = _fn_table("a" * (MAX_NAME_CHARS + 1))
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    weights = [p.data.copy() for p in model.parameters()]
    attributes = dict(vars(model))
    with pytest.raises(ValueError, match=r"^X's column 'a{27}…a{13}' has 1,001 characters, more than the "
                                         r"1,000 a saved model keeps: rename it before fit: "
                                         r"X = X.rename\(columns=\{old: new\}\)$"):
        model.fit(X, y, loss="bce", optimizer="sgd", epochs=3, verbose=0)
    assert all(np.array_equal(p.data, w) for p, w in zip(model.parameters(), weights))
    assert vars(model) == attributes          # no optimizer, history nor feature_names left on it


def test_a_column_name_of_the_most_characters_a_file_keeps_trains_and_saves(tmp_path):
    X, y = _fn_table("a" * MAX_NAME_CHARS)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert neuralab.load(model.save(tmp_path / "m.npz")).feature_names == tuple(X.columns)


def test_save_names_the_fix_for_a_column_name_set_by_hand_too_long_to_keep(tmp_path):
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    model.feature_names = ("x" * (MAX_NAME_CHARS + 1), "y")
    with pytest.raises(ValueError, match=r"^cannot save: the column name 'x{27}…x{13}' has 1,001 characters, "
                                         r"more than the 1,000 a saved model keeps: shorten it in "
                                         r"model.feature_names$"):
        model.save(tmp_path / "m.npz")
    assert not any(tmp_path.iterdir())


def test_fit_on_an_array_refuses_a_column_name_set_by_hand_too_long_to_keep():
    # the review: the name came from model.feature_names, so fit on an array trained it all
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    model.feature_names = ("x" * (MAX_NAME_CHARS + 1), "y")
    weights = [p.data.copy() for p in model.parameters()]
    X, y = _fn_table("a")
    with pytest.raises(ValueError, match=r"^the column in model.feature_names 'x{27}…x{13}' has 1,001 "
                                         r"characters, more than the 1,000 a saved model keeps: "
                                         r"shorten it there before fit$"):
        model.fit(X.to_numpy(), y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert all(np.array_equal(p.data, w) for p, w in zip(model.parameters(), weights))


def test_a_column_mismatch_quotes_long_names_cut():
    # the review: a DataFrame of the wrong columns, named by 1,000 characters each, made an
    # error message of thousands of characters
    X, y = _fn_table("a" * MAX_NAME_CHARS)
    model = nn.MLP([2, 4, 1], output="sigmoid", rng=np.random.default_rng(0))
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"'a{27}…a{13}'") as refused:
        model.predict(X.rename(columns={"b": "c" * MAX_NAME_CHARS}))
    assert len(str(refused.value)) < 400
