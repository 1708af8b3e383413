"""pandas tables as inputs: a DataFrame and a Series train, predict and score as the arrays of
their numbers do, pandas' nullable numbers (Int64, Float64, boolean) included, and a column that
holds no numbers is refused by its name, with advice that works."""
import json
import re

import numpy as np
import pandas as pd
import pytest

import neuralab
from neuralab import classic, data, nn, optim

# The dtype pandas gives a column of text, which the messages name: str from pandas 3, object before
TEXT = str(pd.Series(["a"]).dtype)


def _problem(m=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = (X[:, 0] - X[:, 2] > 0).astype(np.int64)
    return X, y


def _trained(X, y, epochs=3):
    nn.random.seed(0)
    model = nn.MLP([3, 5, 1], output="sigmoid")
    history = model.fit(X, y, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.5), epochs=epochs,
                        batch_size=8, verbose=0, seed=0, metrics=["accuracy"])
    return model, history


def _weights(model):
    return [p.data.copy() for p in model.parameters()]


FRAMES = {
    "float64": lambda X: pd.DataFrame(X, columns=["a", "b", "c"]),
    "Float64 (nullable)": lambda X: pd.DataFrame(X, columns=["a", "b", "c"]).astype("Float64"),
    "mixed Int64 and boolean": lambda X: pd.DataFrame({"a": X[:, 0], "b": pd.array((X[:, 1] * 1000).round(), dtype="Int64"),
                                                       "c": pd.array(X[:, 2] > 0, dtype="boolean")}),
}


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("target", ["int64", "Int64"])
def test_a_dataframe_trains_predicts_and_scores_as_its_numbers_do(frame, target):
    X, y = _problem()
    table, labels = FRAMES[frame](X), pd.Series(y).astype(target)
    # what the table holds, as floats of the model's dtype: a table, as a list, is read in it
    numbers = table.to_numpy(dtype=np.float64).astype(nn.get_default_dtype())
    model, history = _trained(table, labels)
    reference, reference_history = _trained(numbers, y)
    for ours, theirs in zip(_weights(model), _weights(reference), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert history.history == reference_history.history
    np.testing.assert_array_equal(model.predict(table), reference.predict(numbers))
    assert model.evaluate(table, labels, loss="bce", metrics=["accuracy"]) == \
        reference.evaluate(numbers, y, loss="bce", metrics=["accuracy"])


def test_classic_models_and_data_helpers_take_nullable_tables():
    X, y = _problem()
    table, labels = pd.DataFrame(X).astype("Float64"), pd.Series(y).astype("Int64")
    for model_of in (lambda: classic.Perceptron(3), lambda: classic.LogisticRegression(3)):
        ours, theirs = model_of().fit(table, labels), model_of().fit(X, y)
        np.testing.assert_array_equal(ours.predict(table), theirs.predict(X))
    parts = data.train_test_split(table, labels, seed=0, stratify=True)
    for ours, theirs in zip(parts, data.train_test_split(X, y, seed=0, stratify=True), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(data.one_hot(labels), data.one_hot(y))
    scaled = data.Standardizer().fit(table).transform(table)
    np.testing.assert_allclose(scaled, data.Standardizer().fit(X).transform(X), rtol=1e-12, atol=1e-15)


def test_a_missing_value_of_a_nullable_column_is_refused_as_missing_and_changes_nothing():
    X, y = _problem()
    table = pd.DataFrame(X, columns=["a", "b", "c"]).astype("Float64")
    table.loc[4, "b"] = pd.NA
    model, _ = _trained(X, y, epochs=1)
    before = _weights(model)
    with pytest.raises(ValueError, match=r"X has missing values \(NaN or pd.NA\) in the column 'b' \(1 row\), "
                                         r"the first at X.loc\[4, 'b'\]"):
        model.fit(table, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    labels = pd.Series(y).astype("Int64")
    labels[7] = pd.NA
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        model.fit(X, labels, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    for ours, theirs in zip(_weights(model), before, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def _with_text(X, columns):
    """A table of X's numbers and the text or date columns ``columns``."""
    table = pd.DataFrame(X, columns=["a", "b", "c"])
    for name in columns:
        table[name] = pd.date_range("2024-01-01", periods=len(X)) if name == "when" else \
            np.where(X[:, 0] > 0, "north", "south")
    return table


@pytest.mark.parametrize("call", ["fit", "predict", "evaluate", "forward", "perceptron"])
def test_a_column_of_text_is_refused_by_name_and_changes_nothing(call):
    # it said "X must be an array of real numbers, got DataFrame of dtype object", leaving the
    # learner to find which of the columns it meant
    X, y = _problem()
    table = _with_text(X, ["city", "when"])
    model, _ = _trained(X, y, epochs=1)
    before = _weights(model)
    run = {"fit": lambda: model.fit(table, y, loss="bce", optimizer="sgd", epochs=1, verbose=0),
           "predict": lambda: model.predict(table),
           "evaluate": lambda: model.evaluate(table, y, loss="bce"),
           "forward": lambda: model.forward(table),
           "perceptron": lambda: classic.Perceptron(5).fit(table, y)}[call]
    with pytest.raises(TypeError) as refused:
        run()
    message = str(refused.value)
    assert f"must hold numbers; its column 'city' ({TEXT}) does not" in message
    assert "'a'" not in message and "pd.get_dummies(X, columns=['city'])" in message
    assert "and its column 'when' (datetime64" in message and "X['when'].dt.dayofyear" in message
    for ours, theirs in zip(_weights(model), before, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_the_advice_for_text_columns_runs():
    X, y = _problem()
    table = _with_text(X, ["city"])
    with pytest.raises(TypeError, match=rf"its column 'city' \({TEXT}\) does not: .*pd.get_dummies\(X, columns=\['city'\]\)"):
        classic.Perceptron(4).fit(table, y)
    encoded = pd.get_dummies(table, columns=["city"])              # as the message says
    assert classic.Perceptron(encoded.shape[1]).fit(encoded, y).predict(encoded).shape == (len(X),)
    many = pd.DataFrame({f"word{i}": ["x", "y"] * 30 for i in range(7)}).assign(n=np.arange(60.0))
    with pytest.raises(TypeError) as refused:
        nn.Dense(8, 1).forward(many)
    message = str(refused.value)
    assert ", ".join(f"'word{i}' ({TEXT})" for i in range(5)) + " and 2 more" in message
    advice = message[message.index("pd.get_dummies(X, columns="):].split(") or drop")[0]
    encoded = eval(advice, {"pd": pd, "X": many})                 # the columns it names are all of them
    # (by dtype: DataFrame.map, cell by cell, came in pandas 2.1)
    assert encoded.shape == (60, 1 + 14) and encoded.dtypes.map(pd.api.types.is_numeric_dtype).all()


def test_a_series_of_text_is_refused_as_input_and_read_as_labels_as_target():
    X, y = _problem()
    words = pd.Series(np.where(y == 1, "yes", "no"), name="answer")
    with pytest.raises(TypeError, match=rf"X must hold numbers, got a Series of {TEXT}: .*pd.get_dummies\(X\)"):
        nn.MLP([1, 1]).predict(words)
    with pytest.raises(TypeError, match=r"number the labels 0..K-1 with y, classes = pd.factorize\(y, sort=True\)"):
        nn.MLP([3, 1], output="sigmoid").fit(X, words, loss="bce", optimizer="sgd", epochs=1, verbose=0)


# -- the columns a model learned from ----------------------------------------------------------
def test_a_model_keeps_the_columns_it_learned_from_and_refuses_others_by_name(tmp_path):
    # a DataFrame with its columns in another order was read by position without a word: the
    # predictions of column 'c' read as 'a' (scikit-learn refuses it, by feature_names_in_)
    X, y = _problem()
    table = pd.DataFrame(X, columns=["a", "b", "c"])
    model, _ = _trained(table, y)
    assert model.feature_names == ("a", "b", "c")
    swapped, extra = table[["c", "b", "a"]], table.assign(d=1.0)
    renamed, short = table.rename(columns={"c": "z"}), table[["a", "b"]]
    before = _weights(model)
    for call in (lambda T: model.predict(T), lambda T: model.evaluate(T, y),
                 lambda T: model.fit(T, y, loss="bce", optimizer="sgd", epochs=1, verbose=0),
                 lambda T: model.fit(table, y, loss="bce", optimizer="sgd", epochs=1, verbose=0,
                                     validation_data=(T, y))):
        with pytest.raises(ValueError, match=r"X(_val)?'s columns are in another order than those the model "
                                             r"was trained on, 'a', 'b', 'c': .*X(_val)?\[list\(model.feature_names\)\]"):
            call(swapped)
        with pytest.raises(ValueError, match=r"has the column 'd' besides those"):
            call(extra)
        with pytest.raises(ValueError, match=r"lacks the column 'c' of those .*, and has 'z' instead"):
            call(renamed)
        with pytest.raises(ValueError, match=r"lacks the column 'c' of those"):
            call(short)
    for ours, theirs in zip(_weights(model), before, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    # the fix the messages give works, and gives the predictions of the columns in their order
    np.testing.assert_array_equal(model.predict(swapped[list(model.feature_names)]), model.predict(table))
    np.testing.assert_array_equal(model.predict(extra[list(model.feature_names)]), model.predict(table))
    # arrays, and tables made from arrays (columns 0, 1, 2: no names), are read by position
    model.predict(X), model.predict(pd.DataFrame(X))
    model.fit(X, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert model.feature_names == ("a", "b", "c")          # the weights are still those columns'
    # a file keeps them, and a model without them writes none
    loaded = neuralab.load(model.save(tmp_path / "m.npz"))
    assert loaded.feature_names == ("a", "b", "c")
    with pytest.raises(ValueError, match="in another order"):
        loaded.predict(swapped)
    assert neuralab.load(_trained(X, y)[0].save(tmp_path / "plain.npz")).feature_names is None


def test_train_test_split_keeps_tables_as_scikit_learn_does_so_the_columns_reach_the_model():
    # it returned arrays: a model fitted on its X_train never knew the columns
    sklearn_split = pytest.importorskip("sklearn.model_selection").train_test_split
    X, y = _problem()
    table = pd.DataFrame(X, columns=["a", "b", "c"], index=[f"row{i}" for i in range(len(X))])
    labels = pd.Series(y, index=table.index, name="label")
    X_train, X_test, y_train, y_test = data.train_test_split(table, labels, test_size=0.25, seed=0)
    assert [type(part) for part in (X_train, X_test, y_train, y_test)] == [pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]
    assert list(X_train.columns) == ["a", "b", "c"] and y_train.name == "label"
    assert (X_train.index == y_train.index).all() and len(X_test) == 15 == len(sklearn_split(table, test_size=0.25)[1])
    assert sorted(X_train.index.tolist() + X_test.index.tolist()) == sorted(table.index)
    for ours, theirs in zip((X_train, X_test, y_train, y_test), data.train_test_split(X, y, test_size=0.25, seed=0)):
        np.testing.assert_array_equal(ours.to_numpy(), theirs)    # the same rows as arrays get
    model, _ = _trained(X_train, y_train)
    assert model.feature_names == ("a", "b", "c")
    with pytest.raises(ValueError, match="in another order"):
        model.predict(X_test[["c", "a", "b"]])
    stratified = data.train_test_split(table, labels, seed=0, stratify=True)
    assert isinstance(stratified[0], pd.DataFrame) and isinstance(stratified[3], pd.Series)
    mixed = data.train_test_split(table, y, seed=0)                 # an array stays an array
    assert isinstance(mixed[0], pd.DataFrame) and isinstance(mixed[2], np.ndarray)


def test_a_standardizer_fitted_on_a_dataframe_keeps_its_columns():
    X, _ = _problem()
    table = pd.DataFrame(X, columns=["a", "b", "c"])
    scaler = data.Standardizer().fit(table)
    assert scaler.feature_names == ("a", "b", "c")
    for method in (scaler.transform, scaler.inverse_transform):
        with pytest.raises(ValueError, match=r"X's columns are in another order than those the Standardizer was fitted on, 'a', 'b', 'c'"):
            method(table[["b", "a", "c"]])
    with pytest.raises(ValueError, match=r"put them in that order: X\[list\(scaler\.feature_names\)\]"):
        scaler.transform(table[["b", "a", "c"]])
    shuffled = table[["b", "a", "c"]]
    np.testing.assert_array_equal(scaler.transform(shuffled[list(scaler.feature_names)]), scaler.transform(X))
    assert data.Standardizer().fit(X).feature_names is None


def test_the_first_fit_on_a_dataframe_checks_its_validation_columns_and_a_failed_fit_keeps_none():
    X, y = _problem()
    table = pd.DataFrame(X, columns=["a", "b", "c"])
    model = nn.MLP([3, 4, 1], output="sigmoid")
    with pytest.raises(ValueError, match=r"X_val's columns are in another order"):
        model.fit(table, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, validation_data=(table[["b", "a", "c"]], y))
    with pytest.raises(ValueError, match="labels"):
        model.fit(table, y + 5, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert model.feature_names is None       # nothing trained: nothing to remember
    model.fit(table, y, loss="bce", optimizer="sgd", epochs=1, verbose=0, validation_data=(table, y))
    assert model.feature_names == ("a", "b", "c")


@pytest.mark.parametrize("model_of", [lambda: classic.Perceptron(3), lambda: classic.LogisticRegression(3)],
                         ids=["Perceptron", "LogisticRegression"])
def test_the_classic_models_keep_their_columns_too(model_of):
    X, y = _problem()
    table = pd.DataFrame(X, columns=["a", "b", "c"])
    model = model_of().fit(table, y, epochs=3)
    assert model.feature_names == ("a", "b", "c")
    weights = model.weights.copy()
    for call in (model.predict, model.decision_function, lambda T: model.fit(T, y, epochs=1)):
        with pytest.raises(ValueError, match=r"X's columns are in another order .*X\[list\(model.feature_names\)\]"):
            call(table[["b", "c", "a"]])
    np.testing.assert_array_equal(model.weights, weights)
    np.testing.assert_array_equal(model.predict(table[["b", "c", "a"]][list(model.feature_names)]), model.predict(X))
    assert model.fit(X, y, epochs=1).feature_names == ("a", "b", "c")
    assert model_of().fit(X, y, epochs=1).feature_names is None


@pytest.mark.parametrize("names, message", [
    ("abc", "must be a list of column names"),
    ([], "must be a list of column names"),
    (["a", 1, "c"], "must be a list of column names"),
    (["a", "b"], "names 2 columns for a model of 3 inputs"),
])
def test_a_file_with_bad_column_names_is_refused(tmp_path, names, message):
    X, y = _problem()
    model, _ = _trained(X, y)
    model.feature_names = names
    if len(names) == 3:                                          # save refuses what load would
        with pytest.raises(ValueError, match=f"cannot save: .feature_names. {message}"):
            model.save(tmp_path / "m.npz")
        assert not list(tmp_path.iterdir())
    else:   # as many names as inputs or none: those of another first layer's columns are left out
        assert neuralab.load(model.save(tmp_path / "other.npz")).feature_names is None
        (tmp_path / "other.npz").unlink()
    model.feature_names = None
    with np.load(model.save(tmp_path / "m.npz")) as saved:
        arrays = dict(saved)
    header = json.loads(arrays["__neuralab__"].tobytes())
    arrays["__neuralab__"] = np.frombuffer(json.dumps(dict(header, feature_names=names)).encode(), np.uint8)
    np.savez(tmp_path / "crafted.npz", **arrays)
    with pytest.raises(ValueError, match=f"not a valid neuralab model file: .feature_names. {message}"):
        neuralab.load(tmp_path / "crafted.npz")


def test_numpy_string_column_names_are_kept_as_plain_str(tmp_path):
    # a DataFrame made with np.str_ names keeps them: feature_names and the column messages showed
    # np.str_('a'), where the model loaded from its file shows 'a'
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(20, 2)), columns=list(np.array(["a", "b"])))
    model = nn.MLP([2, 3, 1], rng=rng)
    model.fit(X, np.zeros((20, 1)), loss="mse", optimizer="sgd", epochs=1, verbose=0)
    assert model.feature_names == ("a", "b") and [type(n) for n in model.feature_names] == [str, str]
    model.save(tmp_path / "m.npz")
    assert repr(neuralab.load(tmp_path / "m.npz").feature_names) == repr(model.feature_names)
    perceptron = classic.Perceptron(2)
    perceptron.fit(X, np.array([0, 1] * 10), epochs=1)
    assert [type(n) for n in perceptron.feature_names] == [str, str]


def test_the_values_of_a_get_dummies_table_are_refused_with_the_way_to_numbers():
    """pandas 2's get_dummies writes bool columns; ``df.values`` of them beside floats is an array
    of Python objects. It said "X must be an array of real numbers, got ndarray of dtype object",
    with no way out; the way it names now trains, and a cell of text is named by row and column."""
    X, y = _problem()
    table = pd.get_dummies(_with_text(X, ["city"]), columns=["city"])
    assert table.values.dtype == object
    model = nn.MLP([5, 5, 1], output="sigmoid")
    before = _weights(model)
    with pytest.raises(TypeError, match=re.escape(
            "X must be an array of real numbers, got ndarray of dtype object, whose cells are all numbers (as a "
            "pandas table's .values holds when its columns differ in type): pass X.astype(float), or take "
            "df.to_numpy(dtype=float) instead of df.values") + "$"):
        model.fit(table.values, y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    for ours, theirs in zip(_weights(model), before, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    model.fit(table.values.astype(float), y, loss="bce", optimizer="sgd", epochs=1, verbose=0)
    with pytest.raises(TypeError, match=re.escape(
            f"got ndarray of dtype object, whose column 3 of row 0 is {_with_text(X, ['city']).city[0]!r}, no "
            f"number: turn that column into numbers (a category into one 0/1 column per value, pd.get_dummies) "
            f"or drop it") + "$"):
        model.predict(_with_text(X[:, :3], ["city"]).to_numpy(dtype=object))


@pytest.mark.parametrize("column", ["dates", "durations"])
def test_a_column_of_dates_or_durations_is_told_how_to_become_days_and_the_way_runs(column):
    # it was told pd.get_dummies, which makes one 0/1 column per date
    X, y = _problem()
    table = _with_text(X, ["when"])
    if column == "durations":
        table["when"] -= table["when"].min()
    with pytest.raises(TypeError, match=r"its column 'when' \((datetime|timedelta)64.*\) holds dates or durations: "
                                        r"turn it into a number, such as") as refused:
        classic.Perceptron(4).fit(table, y)
    way = str(refused.value).split("such as ", 1)[1]
    table["when"] = eval(way.split(", or ")[0].split(", ", 1)[1].replace("X[", "table["))   # as the message says
    assert classic.Perceptron(4).fit(table, y).predict(table).shape == (len(X),)


@pytest.mark.parametrize("given", ["dates alone", "durations alone", "a Series of dates"])
def test_a_table_of_dates_alone_gets_the_same_advice(given):
    # a table of one dtype becomes a datetime64 array, not objects: it was told only "must be an
    # array of real numbers, got ndarray of dtype datetime64[us]"
    X, y = _problem()
    when = _with_text(X, ["when"])["when"]
    table = {"dates alone": when.to_frame(), "durations alone": (when - when.min()).to_frame(),
             "a Series of dates": when}[given]
    formula = ".dt.total_seconds() / 86400" if given == "durations alone" else ".dt.dayofyear"
    for fit in (lambda: nn.MLP([1, 1]).fit(table, y, loss="bce_logits", optimizer="sgd", epochs=1, verbose=0),
                lambda: classic.Perceptron(1).fit(table, y)):
        with pytest.raises(TypeError, match=r"^X must hold numbers.*dat") as refused:
            fit()
        assert formula in str(refused.value) and "get_dummies" not in str(refused.value)


def test_dates_beside_durations_get_each_kinds_way():
    X, y = _problem()
    table = _with_text(X, ["when"])
    table["took"] = table["when"] - table["when"].min()
    with pytest.raises(TypeError) as refused:
        classic.Perceptron(5).fit(table, y)
    message = str(refused.value)
    assert "X['when'].dt.dayofyear" in message and "X['took'].dt.total_seconds() / 86400" in message
