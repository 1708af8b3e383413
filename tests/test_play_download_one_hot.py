"""The "⤓ Model" of a scene on an uploaded CSV whose text column the upload read as 0/1 columns
(Text columns: "one 0/1 column per category", town -> town_Lyon, town_Nice, town_Paris) keeps
their categories, as ``neuralab train --one-hot town``'s file does: loaded, it predicts a raw row
(town "Paris") as the page predicts it. Its file refused the raw row ("town is one-hot here: give
town_Paris=1 ...")."""
import csv
import io

import numpy as np
import pandas as pd
import pytest
from session_kit import downloaded_model, send
from spreadsheets import town_houses

from neuralab.play.session import Session


def _houses():
    """A CSV of 60 houses: size (each row's own, to find it by), town (text), price (a number) and
    dear (yes/no), in the file's order of columns size, town, ..."""
    return town_houses(60, seed=3, noise=5, dear_above=200)


@pytest.fixture
def session():
    s = Session()
    send(s, {"type": "hello", "state": {"weights_seed": 4}})
    yield s
    s.close()


@pytest.mark.parametrize("target, ignore", [("price", ["dear"]), ("dear", ["price"])])
def test_the_downloaded_model_predicts_a_raw_row_as_the_page(session, tmp_path, target, ignore):
    text = _houses()
    send(session, {"type": "upload_csv", "text": text, "target": target, "filename": "houses.csv",
                   "one_hot": "auto", "ignore": ignore})
    for _ in range(3):
        send(session, {"type": "control", "action": "step_epoch"})
        session.wait_idle()
    model = downloaded_model(session, tmp_path / "houses.npz")
    assert model.categories == {"town": ("Lyon", "Nice", "Paris")}

    data = session.data
    output = len(session.net.model.layers) - 1
    rows = {float(r["size"]): r for r in csv.DictReader(io.StringIO(text))}
    size_column = data.feature_names.index("size")
    for sample in (0, 7):
        # the file's row of this training sample, found by its size (the data's own, unstandardised)
        size = data.standardize.inverse().forward(data.X_train[sample:sample + 1])[0, size_column]
        row = rows[round(float(size), 1)]
        raw = pd.DataFrame([{"size": float(row["size"]), "town": row["town"]}])
        (page,) = send(session, {"type": "inspect", "layer": output, "unit": 0, "sample": sample})
        shown = page["y"] if target == "price" else page["a"]   # (the page's value of it: y = σ·t + μ, or p)
        assert np.isclose(model.predict(raw)[0, 0], shown, rtol=1e-3, atol=1e-3), (row, shown)


def test_the_downloaded_model_refuses_a_town_it_never_saw(session, tmp_path):
    send(session, {"type": "upload_csv", "text": _houses(), "target": "price", "filename": "houses.csv",
                   "one_hot": "auto", "ignore": ["dear"]})
    model = downloaded_model(session, tmp_path / "houses.npz")
    with pytest.raises(ValueError, match="'Lille'.*none of the categories the model learned"):
        model.predict(pd.DataFrame([{"size": 50.0, "town": "Lille"}]))
