"""A Dataset is a named table wherever a DataFrame is one: ``fit(ds)``, ``evaluate(ds)``,
``predict(ds)`` and ``validation_data=ds`` read its X and y as the array route does, keep its
column and class names, and refuse a Dataset whose columns are others or in another order, which
the weights would read by position without a word; ``train_test_split(ds)`` gives two Datasets
of the rows the array split gives."""
import dataclasses

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import LambdaCallback

NAMES = ("a", "b", "c")


def _dt_classes(m=60, seed=0):
    """A binary Dataset of three named columns, class 1 when a > c."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = (X[:, 0] - X[:, 2] > 0).astype(np.int64)
    return data.Dataset(X, y, "binary", 2, NAMES, ("no", "yes"), "toy")


def _dt_model(seed=0):
    nn.random.seed(seed)
    return nn.MLP([3, 5, 1], output="sigmoid")


def _dt_fit(model, X, y=None, **options):
    """Three epochs of SGD, seeded: the same draws for the Dataset route and the array route."""
    args = (X,) if y is None else (X, y)
    return model.fit(*args, loss="bce", optimizer=optim.SGD(model.parameters(), lr=0.5), epochs=3,
                     batch_size=8, verbose=0, seed=0, metrics=["accuracy"], **options)


def _dt_weights(model):
    return [p.data.copy() for p in model.parameters()]


def _dt_with_columns(ds, X, names):
    """``ds`` with the columns ``X`` named ``names``."""
    return dataclasses.replace(ds, X=X, feature_names=names)


def test_fit_predict_and_evaluate_on_a_dataset_give_the_numbers_of_its_arrays():
    ds = _dt_classes()
    by_dataset, by_arrays = _dt_model(), _dt_model()
    val = _dt_classes(20, seed=1)
    history = _dt_fit(by_dataset, ds, validation_data=val)
    expected = _dt_fit(by_arrays, ds.X, ds.y, validation_data=(val.X, val.y))
    assert history.history == expected.history and "val_loss" in history.history
    for ours, theirs in zip(_dt_weights(by_dataset), _dt_weights(by_arrays), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(by_dataset.predict(ds), by_arrays.predict(ds.X))
    assert by_dataset.evaluate(ds) == by_arrays.evaluate(ds.X, ds.y)
    # the names: the columns as a DataFrame's, and the classes as neuralab train keeps them
    assert by_dataset.feature_names == NAMES and by_dataset.class_names == ("no", "yes")
    assert by_arrays.feature_names is None and by_arrays.class_names is None


def test_a_regression_dataset_keeps_its_columns_and_names_no_class():
    X = np.random.default_rng(0).normal(size=(40, 3))
    ds = data.Dataset(X, X @ [1.0, 2.0, -1.0], "regression", feature_names=NAMES)
    model = nn.MLP([3, 4, 1])
    model.fit(ds, loss="mse", optimizer="adam", epochs=1, verbose=0, seed=0)
    assert model.feature_names == NAMES and model.class_names is None


@pytest.mark.parametrize("call", ["predict", "evaluate", "fit", "validation_data"])
def test_a_dataset_of_other_columns_is_refused_and_the_model_is_unchanged(call):
    ds = _dt_classes()
    model = _dt_model()
    _dt_fit(model, ds)
    swapped = ds[["c", "b", "a"]]
    short = ds[["a", "b"]]
    extra = _dt_with_columns(ds, np.column_stack([ds.X, ds.X[:, 0]]), NAMES + ("d",))
    renamed = _dt_with_columns(ds, ds.X, ("a", "b", "z"))
    run = {"predict": lambda T: model.predict(T), "evaluate": lambda T: model.evaluate(T),
           "fit": lambda T: _dt_fit(model, T),
           "validation_data": lambda T: _dt_fit(model, ds, validation_data=T)}[call]
    before, history = _dt_weights(model), model.history
    name = "X_val" if call == "validation_data" else "X"
    for table, message in ((swapped, fr"^{name}'s columns are in another order than those the model was trained "
                                     fr"on, 'a', 'b', 'c': they are read by position; put them in that order: "
                                     fr"{name}\[list\(model.feature_names\)\]$"),
                           (extra, fr"^{name} has the column 'd' besides those the model was trained on"),
                           (short, fr"^{name} lacks the column 'c' of those the model was trained on"),
                           (renamed, fr"^{name} lacks the column 'c' of those .*, and has 'z' instead")):
        with pytest.raises(ValueError, match=message):
            run(table)
    for ours, theirs in zip(_dt_weights(model), before, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert model.history is history and model.feature_names == NAMES
    # the fix the message gives selects the columns by name, and gives the Dataset's predictions
    np.testing.assert_array_equal(model.predict(swapped[list(model.feature_names)]), model.predict(ds))
    np.testing.assert_array_equal(model.predict(extra[list(model.feature_names)]), model.predict(ds))


def test_rows_read_in_another_column_order_are_refused_by_name_and_their_array_is_read_by_position(tmp_path):
    # the learner's regression: a file of new rows exported in another column order predicted
    # 13.4 M€ instead of 536 k€ without a word, from new.X
    rng = np.random.default_rng(0)
    lines = ["area,rooms,district,price"] + [
        f"{area:.0f},{rooms},{district},{3000 * area + 10000 * rooms:.0f}"
        for area, rooms, district in zip(rng.uniform(30, 150, 40), rng.integers(1, 6, 40),
                                         rng.choice(["North", "South"], 40))]
    (tmp_path / "flats.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "new.csv").write_text("area,rooms,district\n80,3,North\n45,1,South\n")
    (tmp_path / "swapped.csv").write_text("district,rooms,area\nNorth,3,80\nSouth,1,45\n")
    ds = data.load_csv(tmp_path / "flats.csv", target="price", one_hot="auto")
    model = nn.MLP([ds.n_features, 4, 1])
    model.fit(ds, loss="mse", optimizer="adam", epochs=2, verbose=0, seed=0)
    new = data.load_csv(tmp_path / "new.csv", target=None, one_hot=ds.categories)
    swapped = data.load_csv(tmp_path / "swapped.csv", target=None, one_hot=ds.categories)
    assert swapped.feature_names != new.feature_names
    with pytest.raises(ValueError, match=r"^X's columns are in another order than those the model was trained on"):
        model.predict(swapped)
    np.testing.assert_array_equal(model.predict(swapped[list(model.feature_names)]), model.predict(new))
    assert not np.allclose(model.predict(swapped.X), model.predict(new))   # by position: other numbers


def test_a_dataset_holds_its_targets_so_y_besides_it_and_a_dataset_without_them_are_refused():
    ds = _dt_classes()
    rows = dataclasses.replace(ds, y=None, task=None, n_classes=None, class_names=None)  # load_csv(target=None)
    model = _dt_model()
    before = _dt_weights(model)
    with pytest.raises(TypeError, match=r"^fit takes a Dataset alone, its targets ds\.y with it, and got y besides: "
                                        r"write model\.fit\(ds, \.\.\.\), or give its features and other targets, "
                                        r"model\.fit\(ds\.X, y, \.\.\.\)$"):
        _dt_fit(model, ds, ds.y)
    with pytest.raises(TypeError, match=r"^evaluate takes a Dataset alone"):
        model.evaluate(ds, ds.y, loss="bce")
    with pytest.raises(TypeError, match=r"^validation_data takes a Dataset alone, .* write validation_data=ds_val, "
                                        r"or give its features and other targets, validation_data=\(ds_val\.X, y_val\)$"):
        _dt_fit(model, ds, validation_data=(ds, ds.y))
    with pytest.raises(ValueError, match=r"^fit's Dataset holds no targets \(its y is None: rows to predict, read "
                                         r"with target=None\), so fit has nothing to learn from: .*model\.predict\(ds\)$"):
        _dt_fit(model, rows)
    with pytest.raises(ValueError, match=r"^evaluate's Dataset holds no targets .* nothing to score"):
        model.evaluate(rows, loss="bce")
    with pytest.raises(ValueError, match=r"^validation_data's Dataset holds no targets"):
        _dt_fit(model, ds, validation_data=rows)
    for ours, theirs in zip(_dt_weights(model), before, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert model.feature_names is None and model.class_names is None
    np.testing.assert_array_equal(model.predict(rows), model.predict(ds.X))   # rows to predict are for predict
    with pytest.raises(TypeError, match=r"^fit needs X, the samples as rows, and y, their targets, .*or a Dataset "
                                        r"alone, which holds both: model\.fit\(ds, \.\.\.\)$"):
        model.fit(loss="bce", optimizer="sgd", epochs=1)


def test_a_fit_on_a_dataset_that_trains_nothing_leaves_the_names_it_found():
    ds = _dt_classes()
    model = _dt_model()
    with pytest.raises(ValueError, match="labels"):        # refused before training: 3 classes for a sigmoid
        model.fit(dataclasses.replace(ds, y=ds.y * 2, task="multiclass", n_classes=3, class_names=None),
                  loss="bce", optimizer="sgd", epochs=1, verbose=0)
    assert model.feature_names is None and model.class_names is None

    def stop(*logs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):                 # after fit set them, before any update
        _dt_fit(model, ds, callbacks=[LambdaCallback(on_epoch_begin=stop)])
    assert model.feature_names is None and model.class_names is None
    _dt_fit(model, ds)
    assert model.feature_names == NAMES and model.class_names == ("no", "yes")


def test_save_and_load_keep_the_names_a_fit_on_a_dataset_gave(tmp_path):
    ds = _dt_classes()
    model = _dt_model()
    _dt_fit(model, ds)
    loaded = neuralab.load(model.save(tmp_path / "model.npz"))
    assert loaded.feature_names == NAMES and loaded.class_names == ("no", "yes")
    np.testing.assert_array_equal(loaded.predict(ds), model.predict(ds))
    with pytest.raises(ValueError, match="in another order"):
        loaded.predict(ds[["b", "a", "c"]])
    # text labels are read by the class names the Dataset gave
    assert loaded.evaluate(ds.X, np.array(["no", "yes"])[ds.y]) == loaded.evaluate(ds)


@pytest.mark.parametrize("stratify", [False, True])
def test_a_split_dataset_is_the_rows_of_the_array_split_with_its_names(stratify):
    ds = dataclasses.replace(_dt_classes(), categories={"colour": ("red", "blue")}, missing_cells={"a": 2})
    train, test = data.train_test_split(ds, test_size=0.25, seed=3, stratify=stratify)
    X_train, X_test, y_train, y_test = data.train_test_split(ds.X, ds.y, test_size=0.25, seed=3, stratify=stratify)
    for part, X, y in ((train, X_train, y_train), (test, X_test, y_test)):
        assert type(part) is data.Dataset
        np.testing.assert_array_equal(part.X, X)
        np.testing.assert_array_equal(part.y, y)
        assert (part.feature_names, part.class_names, part.task, part.n_classes, part.name) == \
            (NAMES, ("no", "yes"), "binary", 2, "toy")
        assert part.categories == {"colour": ("red", "blue")} and part.missing_cells == {"a": 2}
    assert len(test) == 15 and len(train) == 45
    if stratify:
        assert np.bincount(test.y).tolist() == np.bincount(y_test).tolist()
    # the names reach fit after a split
    model = _dt_model()
    _dt_fit(model, train, validation_data=test)
    assert model.feature_names == NAMES


def test_a_split_of_a_dataset_takes_it_alone():
    ds = _dt_classes()
    with pytest.raises(TypeError, match=r"^train_test_split takes a Dataset alone, its targets with it, and returns "
                                        r"train, test: .*train_test_split\(ds\.X, ds\.y, w, \.\.\.\)$"):
        data.train_test_split(ds, ds.y, seed=0)
    with pytest.raises(TypeError, match=r"^train_test_split needs X and y, .*or a Dataset alone"):
        data.train_test_split(ds.X, seed=0)
    with pytest.raises(TypeError, match=r"scikit-learn's random_state: neuralab uses 'seed'"):
        data.train_test_split(ds, random_state=0)
    rows = dataclasses.replace(ds, y=None, task=None, n_classes=None, class_names=None)
    train, test = data.train_test_split(rows, test_size=0.25, seed=3)      # rows to predict split as rows
    np.testing.assert_array_equal(test.X, data.train_test_split(ds.X, ds.y, test_size=0.25, seed=3)[1])
    assert train.y is None and test.y is None and train.feature_names == NAMES
    with pytest.raises(ValueError, match=r"^stratify=True keeps the proportions of the classes of y, and the "
                                         r"Dataset holds no targets"):
        data.train_test_split(rows, seed=0, stratify=True)


def test_columns_of_a_dataset_are_taken_by_name_as_a_dataframe_s():
    ds = _dt_classes()
    picked = ds[["c", "a"]]
    assert picked.feature_names == ("c", "a") and picked.y is ds.y and picked.class_names == ds.class_names
    np.testing.assert_array_equal(picked.X, ds.X[:, [2, 0]])
    np.testing.assert_array_equal(ds[("a", "b", "c")].X, ds.X)          # a tuple: model.feature_names as it is
    with pytest.raises(ValueError, match=r"^the Dataset has no column 'z'; its columns are 'a', 'b', 'c'$"):
        ds[["a", "z"]]
    with pytest.raises(TypeError, match=r"^a Dataset is not indexed, as ds\[1\] could mean y .*its columns are "
                                        r"taken by name"):
        ds[1]
    digits = data.load("digits")
    assert digits.image_shape == (8, 8) and digits[list(digits.feature_names)].image_shape == (8, 8)
    assert digits[list(digits.feature_names[::-1])].image_shape is None   # pixels in another order: no image
