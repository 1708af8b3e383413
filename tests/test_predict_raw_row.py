"""A model trained on one-hot columns (`neuralab train --one-hot town`), loaded and given a new row as
the file has it: `town` "Paris" rather than town_Lyon=0, town_Nice=0, town_Paris=1. The CLI's file
keeps the categories, and predict reads the raw column itself; a town it never saw is refused
naming those it knows. A model without them (fitted on pd.get_dummies' columns) says which column to give 1."""
import json

import numpy as np
import pandas as pd
import pytest
from session_kit import downloaded_model, send

import neuralab
from neuralab import cli, nn
from neuralab.play.session import Session

TOWNS = {"Paris": 9000, "Lyon": 5000, "Nice": 6000}   # price per m²


def _houses_text(n=240):
    """A CSV of ``n`` houses: area_m2, rooms, town (one of TOWNS), price, which follows all three."""
    rng = np.random.default_rng(0)
    lines = ["area_m2,rooms,town,price"]
    for _ in range(n):
        town, area = rng.choice(list(TOWNS)), int(rng.integers(25, 150))
        rooms = max(1, area // 25 + int(rng.integers(-1, 2)))
        lines.append(f"{area},{rooms},{town},{area * TOWNS[town] + rooms * 5000 + int(rng.normal(0, 20000))}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def cli_model(tmp_path_factory):
    """The model.npz of `neuralab train --data houses.csv --target price --one-hot town`, loaded."""
    folder = tmp_path_factory.mktemp("houses")
    (folder / "houses.csv").write_text(_houses_text())
    assert cli.main(["train", "--data", str(folder / "houses.csv"), "--target", "price", "--one-hot", "town",
                     "--epochs", "3", "--quiet", "--out", str(folder / "out")]) == 0
    return folder / "out" / "model.npz"


def _row(**cells):
    return pd.DataFrame([{"area_m2": 70, "rooms": 3, **cells}])


def _by_hand(town):
    return _row(**{f"town_{name}": int(name == town) for name in sorted(TOWNS)})


def test_the_cli_model_keeps_its_categories_and_reads_a_raw_town_as_its_one_hot_columns(cli_model):
    model = neuralab.load(cli_model)
    assert model.feature_names == ("area_m2", "rooms", "town_Lyon", "town_Nice", "town_Paris")
    assert model.categories == {"town": ("Lyon", "Nice", "Paris")}
    raw = pd.DataFrame([{"town": " Paris", "rooms": 3, "area_m2": 70},   # any order, spaces as the file's
                        {"town": "Lyon", "rooms": 3, "area_m2": 70}])
    hand = pd.concat([_by_hand("Paris"), _by_hand("Lyon")], ignore_index=True)
    np.testing.assert_array_equal(model.predict(raw), model.predict(hand))
    assert list(raw.columns) == ["town", "rooms", "area_m2"]      # the learner's table is left as it was
    assert model.predict(raw)[0, 0] != model.predict(raw)[1, 0]    # the town is read: Paris is dearer
    # a missing town is what a missing cell was in training: 0 in each of its columns
    np.testing.assert_array_equal(model.predict(_row(town=np.nan)), model.predict(_row(town_Lyon=0, town_Nice=0,
                                                                                        town_Paris=0)))
    prices = np.array([1.0, 2.0])
    assert model.evaluate(raw, prices, verbose=0) == model.evaluate(hand, prices, verbose=0)


def test_a_town_the_file_never_had_is_refused_naming_those_it_knows(cli_model):
    model = neuralab.load(cli_model)
    with pytest.raises(ValueError, match=r"X\['town'\] holds 'Berlin' \(row 0\), which is none of the categories "
                                         r"the model learned, 'Lyon', 'Nice', 'Paris': it has no 0/1 column for it"):
        model.predict(_row(town="Berlin"))


def test_a_raw_row_missing_a_column_or_given_as_a_dict_is_refused_with_the_fix(cli_model):
    model = neuralab.load(cli_model)
    with pytest.raises(ValueError, match="X lacks the column 'rooms' of those the model was trained on"):
        model.predict(pd.DataFrame([{"area_m2": 70, "town": "Paris"}]))
    with pytest.raises(TypeError, match=r"X is a dict; give its rows as a DataFrame, X = pd.DataFrame\(\[row\]\)"):
        model.predict({"area_m2": 70, "rooms": 3, "town": "Paris"})


def _without_categories(path, tmp_path):
    """A copy of the model file ``path`` whose header keeps no categories (a file of before, or of
    a model fitted on pd.get_dummies columns)."""
    with np.load(path) as saved:
        arrays = dict(saved)
    header = json.loads(arrays["__neuralab__"].tobytes())
    del header["categories"]
    arrays["__neuralab__"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    np.savez(tmp_path / "plain.npz", **arrays)
    return tmp_path / "plain.npz"


def test_a_model_without_its_categories_says_which_one_hot_column_to_give_1(cli_model, tmp_path):
    model = neuralab.load(_without_categories(cli_model, tmp_path))
    assert getattr(model, "categories", None) is None
    with pytest.raises(ValueError, match="and has 'town' instead: town is one-hot here: give town_Paris=1 and "
                                         "town_Lyon=0, town_Nice=0$"):
        model.predict(_row(town="Paris"))
    with pytest.raises(ValueError, match="town is one-hot here: give town_Nice=1 and town_Lyon=0, town_Paris=0; "
                                         "and give it 'rooms'$"):
        model.predict(pd.DataFrame([{"area_m2": 70, "town": "Nice"}]))
    with pytest.raises(ValueError, match=r"town is one-hot here: give one of town_Lyon, town_Nice, town_Paris 1 and "
                                         r"the others 0 \('Berlin' is none of them\)$"):
        model.predict(_row(town="Berlin"))
    assert model.predict(_by_hand("Nice")).shape == (1, 1)


def test_the_playground_model_of_an_upload_with_a_text_column_reads_a_raw_town_too(tmp_path):
    session = Session()
    try:
        send(session, {"type": "hello", "state": {}})
        send(session, {"type": "upload_csv", "text": _houses_text(), "target": "price", "filename": "houses.csv",
                       "one_hot": "auto"})
        send(session, {"type": "control", "action": "step_epoch"})
        session.wait_idle()
        model = downloaded_model(session, tmp_path / "page.npz")
    finally:
        session.close()
    # the page's file keeps the one-hot columns by name and their categories (play/download.py), as
    # neuralab train's does: a raw town reads as its 0/1 columns
    assert model.feature_names == ("area_m2", "rooms", "town_Lyon", "town_Nice", "town_Paris")
    assert model.categories == {"town": ("Lyon", "Nice", "Paris")}
    np.testing.assert_array_equal(model.predict(_row(town="Lyon")), model.predict(_by_hand("Lyon")))
    del model.categories   # (a model fitted on pd.get_dummies' columns knows none: told how to give them)
    with pytest.raises(ValueError, match="town is one-hot here: give town_Lyon=1 and town_Nice=0, town_Paris=0$"):
        model.predict(_row(town="Lyon"))


def _model_with_towns():
    model = nn.MLP([3, 4, 1], rng=np.random.default_rng(0))
    model.feature_names = ("area_m2", "town_Lyon", "town_Paris")
    model.categories = {"town": ("Lyon", "Paris")}
    return model


def test_categories_round_trip_and_a_crafted_header_is_refused(tmp_path):
    model = _model_with_towns()
    again = neuralab.load(model.save(tmp_path / "towns.npz"))
    assert again.categories == {"town": ("Lyon", "Paris")}
    np.testing.assert_array_equal(again.predict(pd.DataFrame([{"area_m2": 50, "town": "Paris"}])),
                                  model.predict(pd.DataFrame([{"area_m2": 50, "town_Lyon": 0, "town_Paris": 1}])))
    with np.load(tmp_path / "towns.npz") as saved:
        arrays = dict(saved)
    header = json.loads(arrays["__neuralab__"].tobytes())
    for categories, said in (({"town": ["Lyon", "Rome"]}, "'categories' gives 'town' the category 'Rome', but the "
                                                         "model has no column 'town_Rome'"),
                             ({"town": ["Lyon", "Lyon"]}, "'categories' names the category 'Lyon' of 'town' twice"),
                             ({"town": "Lyon"}, "'categories' must map each one-hot column to the list of its "
                                                "categories"),
                             ({"town": ["x" * 1001]}, "'categories' holds a name of 1,001 characters")):
        arrays["__neuralab__"] = np.frombuffer(json.dumps({**header, "categories": categories}).encode(), np.uint8)
        np.savez(tmp_path / "crafted.npz", **arrays)
        with pytest.raises(ValueError, match=f"not a valid neuralab model file: {said}"):
            neuralab.load(tmp_path / "crafted.npz")


def test_categories_that_no_longer_name_the_models_columns_are_not_saved(tmp_path):
    model = _model_with_towns()
    model.categories = {"town": ("Lyon", "Rome")}   # no town_Rome column: not this model's
    assert getattr(neuralab.load(model.save(tmp_path / "m.npz")), "categories", None) is None
    with pytest.raises(ValueError, match="X lacks the columns 'town_Lyon', 'town_Paris'"):
        model.predict(pd.DataFrame([{"area_m2": 50, "town": "Paris"}]))


def test_fit_on_a_csv_read_with_one_hot_keeps_its_categories(tmp_path):
    (tmp_path / "houses.csv").write_text(_houses_text(n=60))
    houses = neuralab.data.load_csv(tmp_path / "houses.csv", target="price", one_hot=["town"])
    model = nn.MLP([5, 4, 1], rng=np.random.default_rng(0))
    model.fit(houses, loss="mse", optimizer="adam", epochs=1, verbose=0, seed=0)
    assert model.categories == {"town": ("Lyon", "Nice", "Paris")}
    np.testing.assert_array_equal(model.predict(_row(town="Nice")), model.predict(_by_hand("Nice")))


def test_a_table_of_the_raw_column_alone_is_told_its_one_hot_columns(tmp_path):
    model = nn.MLP([2, 4, 1], rng=np.random.default_rng(0))
    model.feature_names = ("town_Lyon", "town_Paris")
    with pytest.raises(ValueError, match="X has none of the columns the model was trained on, 'town_Lyon', "
                                         "'town_Paris'; it has 'town': town is one-hot here: give town_Lyon=1 and "
                                         "town_Paris=0$"):
        model.predict(pd.DataFrame({"town": ["Lyon", "Paris"]}))
