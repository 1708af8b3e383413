"""A playground session without a browser or a socket: scenes, controls, edits, trace, frames,
and the page's exported script (run)."""
import ast
import base64
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from play_decoder import decode
from spreadsheets import european_spreadsheet

import neuralab
from neuralab import data, nn
from neuralab.nn import losses
from neuralab.play import frames, protocol, snapshots, upload
from neuralab.play.features import grid, transform
from neuralab.play.run_history import RESUMED
from neuralab.play.session import Session
from neuralab.play.snapshots import FRAME_WAIT, HEAVY_PER_SECOND
from neuralab.play.views import THUMB_STEP
from session_kit import downloaded_model, played_past, send

STATIC = Path(neuralab.__file__).parent / "play" / "static"
CSV = "size,weight,kind\n" + "".join(f"{i % 7},{(i * 3) % 11},{'ab'[i % 2]}\n" for i in range(60))
CSV3 = "size,weight,age,kind\n" + "".join(f"{i % 7},{(i * 3) % 11},{i % 5},{'ab'[i % 2]}\n" for i in range(60))


def _prices(n=120, seed=0):
    """A regression CSV whose target lies near 100 (std near 8): price = 100 + 3a - 2b + 4 sin c + noise."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 10, size=(n, 3))
    y = 100 + 3 * X[:, 0] - 2 * X[:, 1] + 4 * np.sin(X[:, 2]) + rng.normal(0, 1, n)
    return "a,b,c,price\n" + "".join(f"{u:.3f},{v:.3f},{w:.3f},{t:.3f}\n" for (u, v, w), t in zip(X, y))


PRICES = _prices()



@pytest.fixture
def session():
    s = Session()
    yield s
    s.close()


def hello(session, **state):
    (scene,) = send(session, {"type": "hello", "state": state})
    assert scene["type"] == "scene"
    return scene


@pytest.mark.parametrize("name", protocol.GENERATED + protocol.REAL)
def test_every_built_in_dataset_builds_a_scene_and_a_frame(session, name):
    scene = hello(session, dataset={"name": name, "n_samples": 100, "n_classes": 3})
    ds = scene["dataset"]
    assert ds["name"] == name and ds["n_train"] + ds["n_test"] == (100 if ds["is_2d"] else ds["n_train"] + ds["n_test"])
    assert ds["is_2d"] == (name in protocol.GENERATED)
    layers = scene["network"]["layers"]
    assert layers[0]["kind"] == "dense" and layers[0]["in"] == len(ds["feature_names"])
    assert scene["network"]["plane_features"] is None   # the inputs are x1, x2, or the data's columns
    _header, arrays = decode(frames.encode(*session.frame(1)))
    if ds["is_2d"]:
        assert arrays["output"].shape == (64, 64)
        assert arrays["units/0"].shape == (4, scene["grid"]["thumb"], scene["grid"]["thumb"])
        assert len(ds["train"]) == ds["n_train"] and len(ds["train"][0]) == 3
    if ds["task"] == "regression":
        assert scene["network"]["output"] == {"activation": "identity", "loss": "mse"}
    else:
        assert arrays["confusion"].shape == (ds["n_classes"],) * 2
        assert arrays["confusion"].sum() == ds["n_test"]
    if name == "digits":
        assert arrays["first_layer_images"].shape == (4, 8, 8)
    # the monitor knows images from tables: its advice against overfitting names their augmentation
    assert session.monitor.image_shape == ((8, 8) if name == "digits" else None)
    if ds["task"] == "multiclass":
        assert scene["network"]["output"] == {"activation": "softmax", "loss": "cross_entropy"}
        if ds["is_2d"]:
            assert arrays["output_class"].dtype == np.uint8 and arrays["output_class"].max() < 3


@pytest.mark.parametrize("name", ["iris", "digits"])
def test_the_misclassified_examples_say_what_they_are_and_what_the_network_took_them_for(session, name, tmp_path):
    # the audit: the Evaluation panel listed "#3, #32, #66" (for digits, 16 images) with no word
    # of the true class or the guess; the frame now carries both, checked here against the
    # downloaded model evaluated on the same split of the dataset's own file
    hello(session, dataset={"name": name})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    _header, arrays = decode(frames.encode(*session.frame(1)))
    model = _downloaded(session, tmp_path)
    ds = data.load(name)
    _, X_test, _, y_test = data.train_test_split(ds.X, ds.y, test_size=0.5, seed=1, stratify=True)
    guess = model.predict(X_test).argmax(axis=1)
    missed = np.flatnonzero(guess != y_test)
    assert len(missed) > 0, "a network after one epoch should still get some wrong"
    # a mix across the true classes: each class's first miss, then each one's second, ... (the
    # first 16 by row were of a class or two), 16 of them, given in row order
    rank, missed_of = {}, {}   # rank: how many misses of its class came before the row
    for row in missed:
        rank[row] = missed_of.get(y_test[row], 0)
        missed_of[y_test[row]] = rank[row] + 1
    wrong = np.sort(sorted(missed, key=lambda row: (rank[row], row))[:16])
    # (fewer than 16 classes: every class with a miss is among those shown)
    assert set(arrays["misclassified_true"]) == set(y_test[missed])
    np.testing.assert_array_equal(arrays["misclassified"], wrong)
    np.testing.assert_array_equal(arrays["misclassified_true"], y_test[wrong])
    np.testing.assert_array_equal(arrays["misclassified_pred"], guess[wrong])


def test_uploaded_csv_becomes_the_dataset_and_trains(session):
    hello(session)
    (scene,) = send(session, {"type": "upload_csv", "text": CSV3, "target": "kind", "filename": "farm.csv"})
    ds = scene["dataset"]
    assert (ds["name"], ds["task"], ds["class_names"], ds["feature_names"]) == ("csv", "binary", ["a", "b"],
                                                                               ["size", "weight", "age"])
    assert scene["state"]["dataset"]["name"] == "csv" and not ds["is_2d"] and "axes" not in ds
    assert (ds["file"], ds["target"]) == ("farm.csv", "kind")
    _header, arrays = decode(frames.encode(*session.frame(1)))
    assert "output" not in arrays and "units/0" not in arrays
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == 1


def test_a_hello_of_a_csv_the_session_does_not_hold_starts_on_the_default_data(session):
    # a page on a CSV whose socket dropped (a session made anew) was refused ("no CSV uploaded
    # yet"), and the page guessed why from its own state and sent a second hello; the session,
    # which knows what it holds, now starts on the default data, the other settings kept, and says why
    csv_state = {"dataset": {"name": "csv", "train_ratio": 0.7, "seed": 5}, "hparams": {"lr": 0.1}}
    scene, warned = send(session, {"type": "hello", "state": csv_state})
    assert scene["type"] == "scene" and scene["upload"] is None
    assert scene["state"]["dataset"] == {**protocol.DEFAULT_STATE["dataset"], "train_ratio": 0.7, "seed": 5}
    assert scene["state"]["hparams"]["lr"] == 0.1
    assert (warned["type"], warned["kind"], warned["scene_id"]) == ("error", "warning", scene["scene_id"])
    assert warned["message"].startswith("The server holds no copy of the uploaded CSV for this page")
    assert "upload the file again" in warned["suggestion"]
    # a session that holds one goes back to it, without a word
    send(session, {"type": "upload_csv", "text": CSV3, "target": "kind", "filename": "farm.csv"})
    (scene,) = send(session, {"type": "hello", "state": csv_state})
    assert scene["state"]["dataset"]["name"] == "csv" and scene["dataset"]["file"] == "farm.csv"


# postcodes as classes, with a word among them: load_csv reads it as classes only when asked to
ZONES = "size,weight,zone\n" + "".join(f"{i % 7},{(i * 3) % 11},{('75001', '75002', '75003', 'unknown')[i % 4]}\n"
                                       for i in range(60))


def test_an_upload_takes_the_task_the_page_chose(session):
    # the audit: with task="auto" load_csv refuses this target, and its advice named an argument
    # the page does not have ("pass task='multiclass'"); the page's Task menu is that argument
    hello(session)
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "upload_csv", "text": ZONES, "target": "zone"})
    assert "choose 'classes' as the task" in str(refused.value) and "task=" not in str(refused.value)
    (scene,) = send(session, {"type": "upload_csv", "text": ZONES, "target": "zone", "task": "multiclass"})
    ds = scene["dataset"]
    assert (ds["name"], ds["task"], ds["csv_task"]) == ("csv", "multiclass", "multiclass")
    assert ds["class_names"] == ["75001", "75002", "75003", "unknown"]
    # "two classes" is load_csv's "binary": this target has four
    with pytest.raises(protocol.ProtocolError, match="the task 'two classes' but target column 'zone' has 4"):
        send(session, {"type": "upload_csv", "text": ZONES, "target": "zone", "task": "binary"})
    # "a number": whole numbers that "auto" reads as classes, read as a quantity
    counts = "a,b,y\n" + "".join(f"{i},{i % 3},{i % 5}\n" for i in range(30))
    (scene,) = send(session, {"type": "upload_csv", "text": counts, "target": "y", "task": "regression"})
    assert scene["dataset"]["task"] == "regression" and scene["dataset"]["csv_task"] == "regression"
    (scene,) = send(session, {"type": "upload_csv", "text": counts, "target": "y"})
    assert scene["dataset"]["task"] == "multiclass" and scene["dataset"]["csv_task"] == "auto"


def test_a_refusal_of_two_classes_names_the_menus_choice(session):
    hello(session)
    text = "a,b,y\n" + "".join(f'{i},{i % 3},"{i % 2},5"\n' for i in range(20))   # "0,5" and "1,5"
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "upload_csv", "text": text, "target": "y"})
    assert "choose 'two classes' as the task" in str(refused.value) and "task=" not in str(refused.value)
    (scene,) = send(session, {"type": "upload_csv", "text": text, "target": "y", "task": "binary"})
    assert scene["dataset"]["class_names"] == ["0,5", "1,5"]


SPREADSHEET, SPREADSHEET_ROWS = european_spreadsheet()
SPREADSHEET_PLAIN = SPREADSHEET.split("\n", 1)[1]   # as other spreadsheets save it: no sep= line


def test_an_upload_reads_the_separator_and_decimal_mark_the_page_chose(session):
    # load_csv's delimiter and decimal are the page's Separator and Decimal mark menus; no
    # separator chosen (null) is the file's sep= line, or with decimal commas the ';' that alone
    # splits its lines evenly (docs/playground-protocol.md)
    hello(session)
    _, _, y_train, y_test = data.train_test_split(SPREADSHEET_ROWS[:, :2], SPREADSHEET_ROWS[:, 2], test_size=0.5, seed=1)
    for text, delimiter in ((SPREADSHEET, ";"), (SPREADSHEET_PLAIN, ";"), (SPREADSHEET, None), (SPREADSHEET_PLAIN, None)):
        (scene,) = send(session, {"type": "upload_csv", "text": text, "target": "price", "delimiter": delimiter,
                                  "decimal": ","})
        ds = scene["dataset"]
        assert (ds["axes"], ds["task"]) == (["area", "rooms"], "regression")
        assert (ds["csv_delimiter"], ds["csv_decimal"]) == (delimiter, ",")
        np.testing.assert_array_equal(session.data.y_train, y_train.astype(np.float32))   # 2,5 is 2.5
        np.testing.assert_array_equal(session.data.y_test, y_test.astype(np.float32))
    (scene,) = send(session, {"type": "upload_csv", "text": CSV, "target": "kind"})
    assert (scene["dataset"]["csv_delimiter"], scene["dataset"]["csv_decimal"]) == (None, ".")


@pytest.mark.parametrize("text, options, advice", [
    (SPREADSHEET_PLAIN, {}, "is the file separated by ';'? choose 'semicolon (;)' as the separator"),
    ("a\tb\tprice\n" + "".join(f"{i}\t{i % 3}\t{i % 2}\n" for i in range(20)), {"delimiter": ","},
     "choose 'tab' as the separator"),
    (SPREADSHEET_PLAIN, {"delimiter": ";"}, "or choose 'comma (1,5)' as the decimal mark to read the file's decimal commas"),
    (SPREADSHEET, {"delimiter": ",", "decimal": ","},
     "declares ';' between the cells, but the separator 'comma (,)' was chosen: choose 'semicolon (;)' as the separator"),
    (PRICES, {"delimiter": ",", "decimal": ","}, "or, if its numbers have decimal points, choose 'point (1.5)' as the decimal mark"),
    (SPREADSHEET.replace("2,", "2."), {"decimal": ","}, "with the decimal mark 'comma (1,5)' a number is written 1,5"),
], ids=["a semicolon read with commas", "a tab", "decimal commas", "not the sep= line's", "a comma for both",
        "a point among commas"])
def test_an_uploads_refusal_names_the_separator_and_decimal_mark_menus(session, text, options, advice):
    # load_csv's advice names its arguments (pass delimiter=';', decimal=','), which the page has not
    hello(session)
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "upload_csv", "text": text, "target": "price", **options})
    message = str(refused.value)
    assert advice in message
    assert not re.search(r"\b(task|delimiter|decimal)=|leave it out", message), message


def _wide_csv(columns, classes=2, label="{}"):
    header = ",".join(f"p{j}" for j in range(columns)) + ",label\n"
    return header + "".join(",".join(str((i * j) % 7) for j in range(columns)) + "," + label.format(i % classes)
                            + "\n" for i in range(40))


_TOO_MANY_CLASSES = (f"the target 'label' has {upload.MAX_CLASSES + 1} classes; the playground takes at most "
                     f"{upload.MAX_CLASSES}")
_ELSEWHERE = "choose another target column, or train on it with neuralab train --data FILE --target label"


@pytest.mark.parametrize("columns, classes, label, refusal, suggestion", [
    (upload.MAX_FEATURES + 1, 2, "{}", f"the CSV has {upload.MAX_FEATURES + 1:,} input columns; the playground "
                                       f"takes at most {upload.MAX_FEATURES:,}",
     "train on it with neuralab train --data FILE --target label"),
    # classes that are numbers may be a quantity: the Task menu's "a number" reads it so
    (3, upload.MAX_CLASSES + 1, "{}", _TOO_MANY_CLASSES, "choose 'a number' as the task if it is a quantity, or "
                                                        + _ELSEWHERE),
    (3, upload.MAX_CLASSES + 1, "kind {}", _TOO_MANY_CLASSES, _ELSEWHERE),
], ids=["too many columns", "too many classes of numbers", "too many classes of words"])
def test_an_upload_past_the_playgrounds_size_is_refused_and_changes_nothing(session, columns, classes, label,
                                                                           refusal, suggestion):
    # 50,000 columns were taken: every frame then carried 1.6 MB of first-layer weights; the
    # refusal of too many classes named no way out
    before = hello(session)
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "upload_csv", "text": _wide_csv(columns, classes, label), "target": "label"})
    assert str(refused.value) == refusal and refused.value.suggestion == suggestion
    assert session.scene()["dataset"] == before["dataset"]
    (scene,) = send(session, {"type": "upload_csv", "text": _wide_csv(upload.MAX_FEATURES), "target": "label"})
    assert len(scene["dataset"]["feature_names"]) == upload.MAX_FEATURES    # MNIST as a CSV (784) fits


def test_a_two_column_csv_is_drawn_on_the_plane(session):
    hello(session)
    (scene,) = send(session, {"type": "upload_csv", "text": CSV, "target": "kind", "filename": "farm.csv"})
    ds = scene["dataset"]
    assert ds["is_2d"] and ds["axes"] == ["size", "weight"] and ds["feature_names"] == ["x1", "x2"]
    assert (ds["file"], ds["target"], ds["task"], ds["class_names"]) == ("farm.csv", "kind", "binary", ["a", "b"])
    # x1, x2 are the columns standardised with the training part's mean and std
    X = np.loadtxt(CSV.splitlines()[1:], delimiter=",", usecols=(0, 1))
    y = np.arange(60) % 2
    X_train, X_test, _, _ = data.train_test_split(X, y, test_size=0.5, seed=1, stratify=True)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    np.testing.assert_allclose(ds["train"], np.column_stack([(X_train - mean) / std, session.data.y_train]), atol=1e-4)
    np.testing.assert_allclose(ds["test"], np.column_stack([(X_test - mean) / std, session.data.y_test]), atol=1e-4)
    assert np.abs(np.array(ds["train"] + ds["test"])[:, :2]).max() < 6                     # on the plane
    _header, arrays = decode(frames.encode(*session.frame(1)))
    assert arrays["output"].shape == (64, 64) and arrays["units/0"].shape[0] == 4
    (reply,) = send(session, {"type": "inspect", "layer": 0, "unit": 0, "sample": 0})
    assert len(reply["map"]["values"]) == 64 * 64
    # the features of the plane apply as to any 2-D data, and the training goes on
    (scene,) = send(session, {"type": "set_state", "state": {"features": ["x1", "x2", "x1*x2"]}})
    assert scene["network"]["inputs"] == ["x1", "x2", "x1*x2"] and scene["dataset"]["axes"] == ["size", "weight"]
    P = session.data.points_train
    np.testing.assert_allclose(session.data.X_train[:, 2], P[:, 0] * P[:, 1], rtol=1e-6)
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == 1


def test_a_two_column_csv_regression_shows_its_surface(session):
    hello(session)
    text = "area,rooms,price\n" + "".join(f"{i},{i % 4},{3 * i + 100.5}\n" for i in range(40))
    (scene,) = send(session, {"type": "upload_csv", "text": text, "target": "price"})
    ds = scene["dataset"]
    assert ds["is_2d"] and ds["task"] == "regression" and ds["axes"] == ["area", "rooms"]
    assert ds["file"] is None and ds["target"] == "price"            # no file name was sent
    assert scene["network"]["output"] == {"activation": "identity", "loss": "mse"}
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    _header, arrays = decode(frames.encode(*session.frame(1)))
    assert arrays["output"].shape == (64, 64) and "confusion" not in arrays
    # the network learns (y - μ)/σ with the training part's μ and σ; the map shows σ·t̂ + μ, the
    # target's units of the points drawn on it (prices near 100, not numbers near 0)
    y = session.data.y_train.astype(np.float64)
    assert session.scene()["dataset"]["target_mean"] == pytest.approx(y.mean(), rel=1e-6)
    assert session.scene()["dataset"]["target_std"] == pytest.approx(y.std(), rel=1e-5)
    # over the part of the plane the page shows (its extent frames the points)
    plane = transform(grid(64, np.float32, scene["grid"]["extent"]), ["x1", "x2"])
    t = session.net.model.forward(plane).astype(np.float64)[:, 0]
    np.testing.assert_allclose(arrays["output"].ravel(), t * y.std() + y.mean(), rtol=1e-5)


def test_the_uploaded_file_keeps_its_name_not_its_path(session):
    hello(session)
    for path in ("C:\\fakepath\\farm.csv", "/home/me/farm.csv", "farm.csv"):
        (scene,) = send(session, {"type": "upload_csv", "text": CSV, "target": "kind", "filename": path})
        assert scene["dataset"]["file"] == "farm.csv"
    (scene,) = send(session, {"type": "set_state", "state": {"dataset": {"name": "circles"}}})
    assert scene["dataset"]["file"] is None and scene["dataset"]["target"] is None


def test_drawn_points_start_from_the_current_points_and_clear(session):
    hello(session, dataset={"name": "xor", "n_samples": 20})
    (scene,) = send(session, {"type": "add_point", "x1": 1.0, "x2": -2.0, "label": 2})
    ds = scene["dataset"]
    assert ds["name"] == "drawn" and ds["n_train"] == 21 and ds["n_classes"] == 3 and ds["n_test"] == 0
    assert [1.0, -2.0, 2] in ds["train"]
    assert scene["network"]["output"]["activation"] == "softmax"
    (scene,) = send(session, {"type": "clear_points"})
    assert scene["dataset"]["n_train"] == 0
    with pytest.raises(protocol.ProtocolError, match="no training points"):
        send(session, {"type": "control", "action": "play"})
    for x, label in ((-3.0, 0), (3.0, 1)):
        (scene,) = send(session, {"type": "add_point", "x1": x, "x2": 0.0, "label": label})
    assert scene["dataset"]["n_train"] == 2 and scene["state"]["dataset"]["points"] == [[-3, 0, 0], [3, 0, 1]]
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and session.step == 1


@pytest.mark.parametrize("message", [{"type": "trace", "sample": 0}, {"type": "inspect", "layer": 0, "unit": 0}],
                         ids=lambda m: m["type"])
def test_an_empty_drawing_says_it_has_no_points_to_trace_or_inspect(session, message):
    # it said "sample must be a training index in 0..-1, got 0"
    hello(session)
    send(session, {"type": "clear_points"})
    with pytest.raises(protocol.ProtocolError, match="no training points yet") as caught:
        send(session, message)
    assert caught.value.suggestion == "click on the plane to add some"


def test_an_empty_drawing_draws_an_empty_confusion_matrix(session):
    hello(session)
    send(session, {"type": "clear_points"})
    _header, arrays = decode(frames.encode(*session.frame(1)))
    k = session.data.n_classes
    np.testing.assert_array_equal(arrays["confusion"], np.zeros((k, k), np.uint32))
    assert arrays["misclassified"].size == arrays["misclassified_true"].size == 0


def test_a_block_without_weights_before_it_cannot_be_inspected(session):
    # the inspector shows z = w·a + b of a unit: a dropout or batchnorm block first has no w
    hello(session, layers=[{"id": "d", "type": "dropout", "p": 0.3},
                           {"id": "h", "type": "dense", "units": 3, "activation": "relu"}])
    weights = [p.data.copy() for p in session.net.model.parameters()]
    with pytest.raises(ValueError, match=r"^layer 0 \(Dropout\) has no weights before it: inspect a dense "
                                         r"layer or a block after one$"):
        send(session, {"type": "inspect", "layer": 0, "unit": 0})
    assert all((p.data == w).all() for p, w in zip(session.net.model.parameters(), weights))
    assert send(session, {"type": "inspect", "layer": 1, "unit": 0})[0]["layer"] == 1


def test_a_trace_through_dropout_and_batchnorm_is_torchs_in_evaluation_mode(session):
    import torch
    hello(session, hparams={"lr": 0.1},
          layers=[{"id": "h", "type": "dense", "units": 4, "activation": "tanh"},
                  {"id": "d", "type": "dropout", "p": 0.5}, {"id": "b", "type": "batchnorm"}])
    send(session, {"type": "control", "action": "step_epoch"})   # running statistics of its own
    assert session.wait_idle()
    (trace,) = send(session, {"type": "trace", "sample": 5})
    model = session.net.model
    assert [step["kind"] for step in trace["forward"]] == \
        ["dense", "activation", "dropout", "batchnorm", "dense", "activation"]
    dense, bn, out = model.layers[0], model.layers[3], model.layers[4]
    reference = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Dropout(0.5),
                                    torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1)).double().eval()
    with torch.no_grad():
        for mine, theirs in ((dense, reference[0]), (out, reference[4])):
            theirs.weight.copy_(torch.tensor(mine.weight.data))
            theirs.bias.copy_(torch.tensor(mine.bias.data))
        reference[3].weight.copy_(torch.tensor(bn.weight.data))
        reference[3].bias.copy_(torch.tensor(bn.bias.data))
        reference[3].running_mean.copy_(torch.tensor(bn.running_mean))
        reference[3].running_var.copy_(torch.tensor(bn.running_var))
    x = torch.tensor(session.data.X_train[5:6], dtype=torch.float64)
    y = torch.tensor(session.data.y_train[5:6], dtype=torch.float64).reshape(1, 1)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(reference(x), y)
    loss.backward()
    assert trace["loss"] == pytest.approx(loss.item(), rel=1e-4)
    by_index = {b["index"]: b for b in trace["backward"]}
    np.testing.assert_allclose(by_index[0]["grad_weights"], reference[0].weight.grad.numpy(), rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(by_index[4]["grad_weights"], reference[4].weight.grad.numpy(), rtol=1e-3, atol=1e-6)


def test_drawn_regression_points_start_from_the_plane_and_keep_their_task(session):
    hello(session, dataset={"name": "plane", "n_samples": 20})
    values = np.concatenate([session.data.y_train, session.data.y_test])
    (scene,) = send(session, {"type": "add_point", "x1": 1.5, "x2": -2.0, "value": 0.75})
    ds, state = scene["dataset"], scene["state"]["dataset"]
    assert (ds["name"], ds["task"], ds["n_train"], ds["n_test"]) == ("drawn", "regression", 21, 0)
    assert state["task"] == "regression" and state["points"][-1] == [1.5, -2.0, 0.75]
    assert [1.5, -2.0, 0.75] in ds["train"]
    assert all(isinstance(p[2], float) for p in state["points"])
    np.testing.assert_allclose(sorted(p[2] for p in state["points"][:-1]), sorted(values), rtol=1e-5)
    assert scene["network"]["output"] == {"activation": "identity", "loss": "mse"}
    (scene,) = send(session, {"type": "add_point", "x1": -1.0, "x2": 0.0, "value": -3})
    assert scene["dataset"]["n_train"] == 22 and scene["state"]["dataset"]["points"][-1] == [-1.0, 0.0, -3.0]
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and session.step == 1
    _header, arrays = decode(frames.encode(*session.frame(1)))
    assert arrays["output"].shape == (64, 64) and "confusion" not in arrays
    (scene,) = send(session, {"type": "clear_points"})                     # keeps the task
    assert scene["state"]["dataset"]["task"] == "regression" and scene["dataset"]["n_train"] == 0
    (scene,) = send(session, {"type": "add_point", "x1": 0.0, "x2": 0.0, "value": 0.5})
    assert scene["dataset"]["train"] == [[0.0, 0.0, 0.5]]
    # a class label starts a classification drawing, without the values
    (scene,) = send(session, {"type": "add_point", "x1": 2.0, "x2": 2.0, "label": 1})
    assert scene["dataset"]["task"] == "binary" and scene["state"]["dataset"]["points"] == [[2.0, 2.0, 1]]
    (scene,) = send(session, {"type": "clear_points", "task": "regression"})
    assert scene["dataset"]["task"] == "regression" and scene["dataset"]["n_train"] == 0


def test_a_drawn_regression_set_round_trips_through_the_state(session):
    points = [[0.0, 1.0, 0.25], [-2.0, 3.0, -1.5], [4.0, -4.0, 2.0]]
    scene = hello(session, dataset={"name": "drawn", "task": "regression", "points": points})
    assert scene["dataset"]["task"] == "regression" and scene["dataset"]["train"] == points
    again = Session()
    try:
        assert hello(again, **scene["state"])["dataset"]["train"] == points   # a shared URL
    finally:
        again.close()


def _forward(model, X):
    """The model's output for X in float64, from its weights: tanh hidden layers, identity output."""
    a = np.asarray(X, np.float64)
    for layer in model.layers:
        if isinstance(layer, nn.Dense):
            a = a @ layer.weight.data.astype(np.float64).T + layer.bias.data
        else:
            assert isinstance(layer, nn.Tanh)
            a = np.tanh(a)
    return a


def test_a_drawn_point_keeps_the_targets_scale_and_the_map(session):
    # the audit: each drawn point fitted μ and σ again, so each click moved the whole map a
    # little under weights that had not changed; μ and σ now start and stay with the weights
    points = [[0.0, 1.0, 2.5], [-2.0, 3.0, -1.5], [4.0, -4.0, 6.0], [1.0, 1.0, 0.5]]
    scene = hello(session, dataset={"name": "drawn", "task": "regression", "points": points})
    y = np.array([p[2] for p in points])
    mean, std = scene["dataset"]["target_mean"], scene["dataset"]["target_std"]
    assert (mean, std) == (pytest.approx(y.mean(), rel=1e-6), pytest.approx(y.std(), rel=1e-6))
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    P = np.array(points)[:, :2]
    before = std * _forward(session.net.model, P) + mean
    _header, shown = decode(frames.encode(*session.frame(1)))
    (scene,) = send(session, {"type": "add_point", "x1": -5.0, "x2": -5.0, "value": 40.0})
    assert (scene["dataset"]["target_mean"], scene["dataset"]["target_std"]) == (mean, std)
    after = scene["dataset"]["target_std"] * _forward(session.net.model, P) + scene["dataset"]["target_mean"]
    np.testing.assert_allclose(after, before, rtol=1e-6)
    assert session.data.t_train[-1] == pytest.approx((40.0 - mean) / std, rel=1e-6)   # learnt on that scale
    _header, again = decode(frames.encode(*session.frame(2)))
    np.testing.assert_array_equal(again["output"], shown["output"])
    # a reset starts the weights, and fits μ and σ to every point: the page gets them in a scene
    (reply,) = send(session, {"type": "control", "action": "reset"})
    y = np.append(y, 40.0)
    assert reply["type"] == "scene" and reply["dataset"]["target_mean"] == pytest.approx(y.mean(), rel=1e-6)
    assert reply["dataset"]["target_std"] == pytest.approx(y.std(), rel=1e-6)
    # nothing to refit: μ and σ stay (the reply is a scene all the same: it carries the reset's
    # weights_seed)
    (again,) = send(session, {"type": "control", "action": "reset"})
    assert again["type"] == "scene"
    assert (again["dataset"]["target_mean"], again["dataset"]["target_std"]) == (
        reply["dataset"]["target_mean"], reply["dataset"]["target_std"])
    # a drawing begun empty: μ its first value and σ = 1 (a constant target's), kept at the next
    send(session, {"type": "clear_points", "task": "classification"})
    (scene,) = send(session, {"type": "clear_points", "task": "regression"})
    assert scene["dataset"]["target_mean"] is None
    for value in (3.0, 5.0):
        (scene,) = send(session, {"type": "add_point", "x1": value, "x2": 0.0, "value": value})
        assert (scene["dataset"]["target_mean"], scene["dataset"]["target_std"]) == (3.0, 1.0)


def test_a_drawing_holds_at_most_max_points(session):
    points = [[0.0, 0.0, 0.5]] * protocol.MAX_POINTS
    hello(session, dataset={"name": "drawn", "task": "regression", "points": points})
    with pytest.raises(protocol.ProtocolError, match="at most"):
        send(session, {"type": "add_point", "x1": 0.0, "x2": 0.0, "value": 1.0})
    assert len(session.state["dataset"]["points"]) == protocol.MAX_POINTS


def test_step_batch_advances_exactly_one_step_and_pause_holds(session):
    hello(session)
    assert session.wait_idle() and session.step == 0
    W = session.net.model.layers[0].weight.data.copy()
    for expected in (1, 2, 3):
        (status,) = send(session, {"type": "control", "action": "step_batch"})
        assert status["state"] == "paused"
        assert session.wait_idle()
        time.sleep(0.05)
        assert session.step == expected and session.epoch == 0
    assert not np.array_equal(W, session.net.model.layers[0].weight.data)
    assert played_past(session, steps=3)
    step = session.step
    time.sleep(0.1)
    assert session.step == step > 3


def test_step_epoch_runs_one_epoch(session):
    hello(session, dataset={"n_samples": 100}, hparams={"batch_size": 10})   # 50 training points
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and (session.step, session.epoch) == (5, 1)
    send(session, {"type": "control", "action": "step_batch"})
    send(session, {"type": "control", "action": "step_epoch"})              # finishes the epoch
    assert session.wait_idle() and (session.step, session.epoch) == (10, 2)
    assert len(session.curves) == 2 and session.curves[-1][0] == 2


def test_step_epoch_with_batch_norm_counts_a_last_single_sample_into_the_batch_before(session):
    # 51 training points in batches of 10 leave 1, which joins the fifth batch (BatchNorm1d
    # needs 2 samples): an epoch is 5 batches, and "step epoch" stops at its end
    hello(session, dataset={"n_samples": 102}, hparams={"batch_size": 10},
          layers=[{"id": "h1", "type": "dense", "units": 4, "activation": "relu"},
                  {"id": "bn", "type": "batchnorm"}])
    assert len(session.data.X_train) == 51 and session.steps_per_epoch == 5
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and (session.step, session.epoch) == (5, 1)


@pytest.mark.parametrize("change", [
    {"hparams": {"batch_size": 1}},                                   # batch norm already there
    {"layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "relu"},
                {"id": "bn", "type": "batchnorm"}]},                  # batches of one already
])
def test_batch_norm_with_batches_of_one_sample_is_refused_and_changes_nothing(session, change):
    # a batch of one has no spread to normalise by: the state was taken, and training then
    # stopped at its first batch with an error event
    start = {"hparams": {"batch_size": 10 if "hparams" in change else 1},
             "layers": [] if "layers" in change else [{"id": "bn", "type": "batchnorm"}]}
    hello(session, **start)
    before = (session.scene_id, json.dumps(session.state))
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "set_state", "state": change})
    assert "BatchNorm needs at least 2 samples per batch" in str(refused.value)
    assert "batch size of 2 or more" in refused.value.suggestion
    assert (session.scene_id, json.dumps(session.state)) == before
    with pytest.raises(protocol.ProtocolError, match="BatchNorm needs at least 2"):
        hello(session, **{**start, **change})        # a shared link with both: refused too


def test_a_split_with_fewer_test_samples_than_classes_still_trains(session):
    # 9 test samples cannot hold one of each of 10 classes: the split is then not stratified
    hello(session, dataset={"name": "gaussians", "n_classes": 10, "n_samples": 90, "train_ratio": 0.9})
    assert session.data.n_classes == 10 and len(session.data.y_test) == 9
    assert session.scene()["dataset"]["stratified"] is False   # the exported script splits alike
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == 1
    hello(session, dataset={"name": "gaussians", "n_classes": 10, "n_samples": 200, "train_ratio": 0.9})
    assert len(set(session.data.y_test.tolist())) == 10   # room for every class: stratified
    assert session.scene()["dataset"]["stratified"] is True


def test_quick_step_clicks_add_up(session):
    # A second click while the first one's batches still run asks for more, not for the rest
    # of what the first already asked: two "epoch" clicks give two epochs, three "batch" clicks
    # three batches, whatever the moment each click lands (the model lock holds the thread).
    hello(session, dataset={"n_samples": 100}, hparams={"batch_size": 10})   # 5 batches per epoch
    assert session.wait_idle()
    with session.model_lock():
        send(session, {"type": "control", "action": "step_epoch"})
        time.sleep(0.05)
        send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and (session.step, session.epoch) == (10, 2)
    with session.model_lock():
        for _ in range(3):
            send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and (session.step, session.epoch) == (13, 2)
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and (session.step, session.epoch) == (15, 3)
    send(session, {"type": "control", "action": "play"})
    send(session, {"type": "control", "action": "step_epoch"})   # from play: the rest of the epoch
    assert session.wait_idle() and session.step % 5 == 0 and session.epoch == session.step // 5


@pytest.mark.parametrize("change, per_epoch", [
    ({"dataset": {"name": "moons", "n_samples": 100}, "hparams": {"batch_size": 10}}, 5),   # new data
    ({"hparams": {"batch_size": 10}}, 50),                   # the same data, a new batch size
    ({"layers": [{"id": "a", "type": "dense", "units": 3, "activation": "tanh"}]}, 500),   # new layers
    ({"hparams": {"optimizer": "adam"}}, 500),               # a new optimizer
])
def test_steps_clicked_for_do_not_train_past_a_restart(session, change, per_epoch):
    # "step epoch" asks for the batches to the end of the running epoch; a change that restarts
    # training before they ran began a new epoch (the new data's, with its counters at 0, or a
    # new fit of the same data) and trained them there unasked, stopping inside it (500 batches
    # of 1 became 50 epochs of 10 on new data; 50 epochs of 10 on the same). The model lock
    # holds the thread before the first of them.
    hello(session, dataset={"n_samples": 1000}, hparams={"batch_size": 1})   # 500 batches per epoch
    assert session.wait_idle()
    with session.model_lock():
        send(session, {"type": "control", "action": "step_epoch"})
        (scene,) = send(session, {"type": "set_state", "state": change})
    assert scene["status"]["state"] == "paused"
    assert session.wait_idle() and (session.step, session.epoch) == (0, 0)
    send(session, {"type": "control", "action": "step_epoch"})               # the new scene's own epoch
    assert session.wait_idle() and (session.step, session.epoch) == (per_epoch, 1)


def test_training_loss_falls_on_circles(session):
    hello(session, dataset={"name": "circles", "n_samples": 200}, hparams={"optimizer": "adam", "lr": 0.03})
    first = session.metrics["loss"]
    assert played_past(session, epochs=59) and session.epoch >= 60
    assert session.metrics["loss"] < 0.5 * first and session.metrics["val_accuracy"] > 0.9
    _header, arrays = decode(frames.encode(*session.frame(2)))
    curves = arrays["curves"]
    assert curves.shape[1] == 5 and curves[-1, 1] < curves[0, 1]


def _bce(p, y):
    return -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))


def _nll(p, y):
    return -np.mean(np.log(p[np.arange(len(y)), y]))


@pytest.mark.parametrize("dataset, activation, loss, reference", [
    ({"name": "circles"}, "sigmoid", "bce_logits", _bce),
    ({"name": "gaussians", "n_classes": 3}, "softmax", "cross_entropy", _nll)], ids=["sigmoid", "softmax"])
def test_the_loss_takes_the_logits_of_the_output_activation(session, dataset, activation, loss, reference):
    # the model ends in the activation; training fits the layers before it with the loss that
    # fuses it: the same function, with fewer operations per batch and no log of 0
    hello(session, dataset=dataset)
    net = session.net
    assert type(net.model.layers[-1]).name == activation
    assert net.trained.layers == net.model.layers[:-1] and net.trained_loss == loss
    X, y = session.data.X_test, session.data.y_test.astype(np.int64)
    p = net.model.forward(X).astype(np.float64)
    binary = p.shape[1] == 1
    want = reference(p.ravel() if binary else p, y)
    fused = losses.get(loss)(net.trained.forward(X), y.reshape(-1, 1) if binary else y)
    assert fused == pytest.approx(want, rel=1e-5)
    assert session.metrics["val_loss"] == pytest.approx(want, rel=1e-5)


def test_the_training_loss_leaves_the_l2_penalty_aside_as_the_test_loss_does(session):
    # with L2 the board and the curve showed fit's loss, penalty included, beside a test loss
    # without it: a strong penalty put the training loss above the test loss
    hello(session, dataset={"name": "circles"}, hparams={"l2": 0.5, "lr": 1e-5, "batch_size": 1000})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == 1
    X, y = session.data.X_train, session.data.y_train.astype(np.float64).reshape(-1, 1)
    data_loss = float(losses.get(session.net.trained_loss)(session.net.trained.forward(X), y))
    # one full batch at lr 1e-5: its loss is the data loss of the weights now, to the step's change
    assert session.metrics["loss"] == pytest.approx(data_loss, rel=1e-3) and "penalty" not in session.metrics
    assert session.curves[-1][1] == pytest.approx(data_loss, rel=1e-3)


def _shown(session):
    """The frame header's metrics, and the test accuracy of the frame's confusion matrix (the
    weights the map shows): what the page's Output and Evaluation panels print, once the
    heavy arrays have been refreshed."""
    time.sleep(1.2 / HEAVY_PER_SECOND)
    header, arrays = decode(frames.encode(*session.frame(1)))
    confusion = arrays["confusion"]
    return header, np.trace(confusion) / confusion.sum()


def _evaluated(session):
    """loss, accuracy, val_loss, val_accuracy of the weights now (a sigmoid output), computed
    here: binary cross-entropy from the logits z, log(1 + e^z) − y·z."""
    net, ds, out = session.net, session.data, {}
    for prefix, X, y in (("", ds.X_train, ds.y_train), ("val_", ds.X_test, ds.y_test)):
        z = net.trained.forward(X).astype(np.float64)[:, 0]
        out[prefix + "loss"] = np.mean(np.logaddexp(0, z) - y * z)
        out[prefix + "accuracy"] = np.mean((z >= 0) == y)
    return out


def test_stepped_or_paused_between_two_epoch_ends_the_metrics_are_the_weights_now(session):
    # the audit: ten "⇥ batch" clicks left "48.0%" (the start's test accuracy) beside a
    # confusion matrix of 100 right out of 200
    hello(session, dataset={"n_samples": 200}, hparams={"batch_size": 10, "lr": 0.3})   # 10 batches an epoch
    header, right = _shown(session)
    assert header["metrics_of"] == "weights" and header["metrics"]["val_accuracy"] == right
    for steps in (1, 2, 3):
        before = dict(session.metrics)
        send(session, {"type": "control", "action": "step_batch"})
        assert session.wait_idle() and session.step == steps
        header, right = _shown(session)
        assert header["metrics_of"] == "weights" and header["metrics"]["val_accuracy"] == right
        assert header["metrics"] == pytest.approx(_evaluated(session), rel=1e-4)
        assert header["metrics"]["loss"] != before["loss"]
    send(session, {"type": "control", "action": "step_epoch"})       # to the epoch's end: fit's numbers
    assert session.wait_idle() and (session.step, session.epoch) == (10, 1)
    header, right = _shown(session)
    assert header["metrics_of"] == "epoch" and header["metrics"]["val_accuracy"] == right
    assert header["metrics"]["loss"] == session.curves[-1][1]
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle()
    header, right = _shown(session)
    assert header["metrics_of"] == "weights" and header["metrics"]["val_accuracy"] == right
    assert len(session.curves) == 1                                  # the curves: one row per epoch
    # paused while playing: (almost always) mid-epoch, and the numbers follow
    hello(session, dataset={"n_samples": 200}, hparams={"batch_size": 1, "lr": 0.3})
    assert played_past(session, steps=0) and session.step > 0
    header, right = _shown(session)
    assert header["metrics_of"] == ("epoch" if session.step % session.steps_per_epoch == 0 else "weights")
    assert header["metrics"]["val_accuracy"] == right
    # an edited weight is measured at once
    send(session, {"type": "set_weight", "layer": 4, "to": 0, "from": 0, "value": -40.0})
    header, right = _shown(session)
    assert header["metrics_of"] == "weights" and header["metrics"]["val_accuracy"] == right
    assert header["metrics"] == pytest.approx(_evaluated(session), rel=1e-4)


def test_playing_evaluates_nothing_beyond_fit(session, monkeypatch):
    # the frame rate depends on the cost of a batch: the weights are measured when training
    # stops, never while it runs
    from neuralab.play import views
    measured = []
    evaluate = views.evaluate
    monkeypatch.setattr(views, "evaluate", lambda *a: measured.append(1) or evaluate(*a))
    hello(session, dataset={"n_samples": 200}, hparams={"batch_size": 1})
    assert played_past(session, steps=50) and session.step > 50
    assert len(measured) <= 2                                        # at hello, and at the pause


DROPOUT_SCENES = {
    "block": {"dataset": {"name": "spiral", "n_samples": 400, "noise": 0.25, "seed": 2, "n_classes": 3},
              "layers": [{"id": "h1", "type": "dense", "units": 6, "activation": "relu"},
                         {"id": "b7", "type": "dropout", "p": 0.2}],
              "hparams": {"optimizer": "adam", "lr": 0.01}},
    "every layer": {"hparams": {"dropout": 0.2}},
}


def _train(session, state, epochs):
    hello(session, **state)
    send(session, {"type": "control", "action": "step_batch"})       # clicks of both kinds
    for _ in range(epochs):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    assert session.epoch == epochs
    return [p.data.copy() for p in session.net.model.parameters()]


@pytest.mark.parametrize("state", DROPOUT_SCENES.values(), ids=DROPOUT_SCENES)
def test_a_scene_with_dropout_trains_the_same_every_time(session, state):
    # the audit: the same share URL gave two runs with different numbers (the masks came from
    # the one generator of the process, which every session draws from)
    weights = _train(session, state, 3)
    other = Session()
    try:
        for a, b in zip(weights, _train(other, state, 3)):
            np.testing.assert_array_equal(a, b)
        # a reset draws other weights (↺ again and again tries other starts), and the state
        # names them: a fresh session given that state (a share link) trains the same run
        send(other, {"type": "control", "action": "reset"})
        reset_state = other.state
        assert reset_state["weights_seed"] is not None
        again = _train(other, reset_state, 3)
        assert not all(np.array_equal(a, b) for a, b in zip(weights, again))
        linked = Session()
        try:
            for a, b in zip(again, _train(linked, reset_state, 3)):
                np.testing.assert_array_equal(a, b)
        finally:
            linked.close()
    finally:
        other.close()


def page_script(session, tmp_path, state=None):
    """The "⤓ Python" script the page writes for this session's scene (export.js's pythonCode,
    run by Node on the scene as the page holds it), named neuralab_playground.py (its model:
    neuralab_playground.npz); ``state``, the page's state when it differs from the scene's (an
    edit sent, its scene not back yet)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js runs the page's export.js")
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder, ignore=shutil.ignore_patterns("*.html", "*.css"))
    (folder / "package.json").write_text('{"type": "module"}')
    (folder / "write.js").write_text(
        "import { pythonCode } from './export.js';\n"
        "process.stdout.write(pythonCode(JSON.parse(process.argv[2]), 'neuralab_playground.py'));\n")
    scene = session.scene()
    header, _ = session.frame_here(0)
    store = {"state": state or scene["state"], "scene": scene, "frame": {"header": frames.json_safe(header)}}
    done = subprocess.run([node, "write.js", json.dumps(store)], cwd=folder, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


EXPORTED_SCENES = {**DROPOUT_SCENES,
                   "sigmoid": {},
                   "sigmoid, off the plane": {"dataset": {"name": "breast_cancer"}, "output": "sigmoid"},
                   "softmax, two classes": {"output": "softmax"},
                   "identity, classes": {"dataset": {"name": "gaussians", "n_classes": 3}, "output": "identity"},
                   "regression": {"dataset": {"name": "plane"}},
                   "plane features": {"features": ["x1^2", "x1*x2", "sin(x1)"]},
                   "regression of plane features": {"dataset": {"name": "plane"}, "features": ["sin(x2)", "x1"]},
                   "drawn classes": {"dataset": {"name": "drawn", "task": "classification",
                                                 "points": [[x, y, int(x * y > 0)] for x in (-3, 2) for y in (-2, 3)]}},
                   "drawn values": {"dataset": {"name": "drawn", "task": "regression",
                                                "points": [[x, y, x - y / 2] for x in (-3, 2) for y in (-2, 3)]}}}


def test_the_exported_script_says_when_the_page_stepped_into_an_epoch(session, tmp_path):
    # fit trains whole epochs: after two "⇥ batch" steps past epoch 1 the script silently
    # trained the model of epoch 1 as if it were the page's
    hello(session)
    for action in ("step_epoch", "step_batch", "step_batch"):
        send(session, {"type": "control", "action": action})
        assert session.wait_idle()
    assert (session.epoch, session.frame_here(0)[0]["epoch_batches"]) == (1, 2)
    script = page_script(session, tmp_path)
    assert "took 2 batch steps into epoch 2" in script and "epochs=1," in script
    send(session, {"type": "control", "action": "step_epoch"})   # to the end of epoch 2
    assert session.wait_idle() and session.frame_here(0)[0]["epoch_batches"] == 0
    script = page_script(session, tmp_path / "again")
    assert "batch step" not in script and "epochs=2," in script


@pytest.mark.parametrize("state", EXPORTED_SCENES.values(), ids=EXPORTED_SCENES)
def test_the_exported_script_repeats_the_run_bit_for_bit(session, state, tmp_path):
    # the audit: with dropout the downloaded script gave a third set of numbers, and with a
    # sigmoid output it fitted the probabilities with BCE where the page fits the logits (the
    # same function, rounded otherwise); it now trains what the page trains, with its loss
    hello(session, **state)
    for _ in range(4):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    _assert_the_script_repeats_the_run(session, tmp_path)


def _run_page_script(session, tmp_path):
    """Run the page's script for the session's scene: (its last printed line, the run)."""
    path = tmp_path / "neuralab_playground.py"
    path.write_text(page_script(session, tmp_path))
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1], done


def _assert_the_script_repeats_the_run(session, tmp_path):
    """Run the page's script: what it prints last is the page's metrics (a drawing's too, which
    printed nothing), and the model it saves the page's "⤓ Model", bit for bit."""
    last, _ = _run_page_script(session, tmp_path)
    printed = ast.literal_eval(last)  # {name: value after the last epoch}
    want = {k: v for k, v in session.metrics.items() if k != "lr"}
    assert want and {k: printed[k] for k in want} == want
    # a regression's MSE in the target's units squared too, which the page's board shows (the review:
    # the script printed only the standardised target's, 0.847 where the board read 1.37e+9)
    shown = session.frame_here(0)[0]["target_metrics"]
    assert {k.removesuffix(" (target's units squared)"): v for k, v in printed.items() if "units squared" in k} == pytest.approx(shown, rel=1e-6)
    # and its MAE in the target's units, the mean |ŷ - y| of the page's model on the test part (the
    # walk: "mae 0.1236" printed alone, for house prices whose typical miss was 22,000)
    data = session.data
    if data.target_standardize is not None and len(data.X_test):
        predicted = data.in_target_units(session.net.model.forward(data.X_test, training=False))[:, 0]
        assert printed["val_mae (target's units)"] == pytest.approx(np.mean(np.abs(predicted - data.y_test)), rel=1e-4)
    # the model it saves is the page's "⤓ Model": the same layers (output activation included)
    # and the same weights
    page = downloaded_model(session, tmp_path / "page.npz")
    script = neuralab.load(tmp_path / "neuralab_playground.npz")
    assert [layer.to_spec() for layer in script.layers] == [layer.to_spec() for layer in page.layers]
    for a, b in zip(script.parameters(), page.parameters(), strict=True):
        np.testing.assert_array_equal(a.data, b.data)
    for (_, a), (_, b) in zip(script.named_buffers(), page.named_buffers(), strict=True):
        np.testing.assert_array_equal(a, b)      # the standardisations (a regression's target's)
    if session.data.is_2d and len(session.data.X_test):   # both take the points of the plane, and predict what the page shows
        shown = session.data.in_target_units(session.net.model.predict(session.data.X_test))
        np.testing.assert_allclose(script.predict(session.data.points_test), shown, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("penalty", [{}, {"l2": 0.001}], ids=["no penalty", "L2"])
def test_the_script_of_a_run_that_diverged_in_its_first_epoch_says_so(session, tmp_path, penalty):
    # the review: it printed {} (no epoch ended, so no numbers), and with a penalty it failed
    # with KeyError: 'loss'; its last line now says that training stopped and why, as the page
    hello(session, dataset={"name": "plane"}, hparams={"lr": 10, **penalty})   # inf in epoch 1, batch 14
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == 0
    (diverged,) = [e for e in session.events if e["type"] == "error" and e["kind"] == "diverged"]
    last, done = _run_page_script(session, tmp_path)
    # (the page's message is the DivergenceWarning's, which these tests raise as an error, with
    # the moment in the readout's terms too: the script has no readout)
    readout = " (step 14: the readout stopped at Epoch 0 · step 13)"
    assert session.step == 13 and diverged["message"].endswith(f", batch 14{readout}")
    # (fit's advice, which the script prints after it, the page says in its suggestion)
    assert last == (f"training stopped: {diverged['message'].removeprefix('training stopped: ').replace(readout, '')}; "
                    f"try a lower learning rate (now 10)")
    assert diverged["suggestion"].startswith("type a learning rate lower than 10 into the Learning rate box")
    assert "{}" not in done.stdout.splitlines()


def test_the_script_of_a_scene_the_page_cannot_train_says_it_did_not_train(session, tmp_path):
    # an empty drawing: the script left fit out, as the page does, and printed no last line
    hello(session, dataset={"name": "drawn", "task": "classification", "points": []})
    blocked = session.scene()["cannot_train"]
    last, _ = _run_page_script(session, tmp_path)
    assert blocked and last == f"not trained: {blocked}"


DRAWING = [[x, y, int(x * y > 0)] for x in (-3, -1, 2, 4) for y in (-2, 1, 3)]
# an edit made while the page trained, other than through the settings the script writes: the
# scene the page starts from, the edit's message, and the words the script names it with
EDITS_MADE_WHILE_TRAINING = {
    "learning rate": ({}, {"type": "set_state", "state": {"hparams": {"lr": 0.1}}},
                      "the learning rate 0.03 → 0.1"),
    "optimizer": ({}, {"type": "set_state", "state": {"hparams": {"optimizer": "adam"}}},
                  "the optimizer sgd → adam"),
    "layer added": ({}, {"type": "set_state", "state": {"layers": protocol.DEFAULT_STATE["layers"] + [
        {"id": "h3", "type": "dense", "units": 3, "activation": "relu"}]}}, "a layer added"),
    "weight set": ({}, {"type": "set_weight", "layer": 2, "to": 1, "from": 3, "value": 2.5},
                   "the weight of hidden layer 2 (2 tanh) to unit 1 from unit 3 set by hand"),
    "point drawn": ({"dataset": {"name": "drawn", "task": "classification", "points": DRAWING}},
                    {"type": "add_point", "x1": 0.5, "x2": 0.5, "label": 1}, "a point added"),
}


@pytest.mark.parametrize("start, edit, words", EDITS_MADE_WHILE_TRAINING.values(), ids=EDITS_MADE_WHILE_TRAINING)
def test_the_exported_script_names_the_edits_made_while_the_page_trained(session, start, edit, words, tmp_path):
    # the audit: after an edit made while the page trained (a learning rate, a layer, a weight),
    # the script trained fresh weights with the settings of now, and printed other numbers than
    # the page's without a word; it now names each edit and its epoch, until a reset
    hello(session, **start)
    for action in ("step_epoch", "step_epoch", "step_batch"):
        send(session, {"type": "control", "action": action})
        assert session.wait_idle()
    send(session, edit)
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == 3
    script = page_script(session, tmp_path / "edited")
    assert f"#   epoch 2: {words}" in script
    assert "Press Reset on the page" in script and "epochs=3," in script
    # a reset forgets them: its reply is a scene (the page's script reads the scene it holds)
    # that names none, and the script repeats the run again
    (reply, *_) = send(session, {"type": "control", "action": "reset"})
    assert reply["type"] == "scene" and (reply["edits"], reply["more_edits"]) == ([], 0)
    for _ in range(3):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    assert "Press Reset" not in page_script(session, tmp_path / "reset")
    _assert_the_script_repeats_the_run(session, tmp_path)


def _far_test_row_csv(m=120):
    """A CSV of three columns and a yes/no label whose test part (the playground's split: half,
    seed 1, every class in both parts) holds 3e38 in one row: its outputs overflow (ReLU units)
    at an epoch's end, on weights that still train: the row, not the weights, is the cause."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((m, 3))
    labels = np.where(X[:, 0] > 0, "yes", "no")
    test = data.train_test_split(np.arange(m), (labels == "yes").astype(int), test_size=0.5, seed=1,
                                 stratify=True)[1]
    X[test[4], :2] = 3e38
    return "a,b,c,label\n" + "".join(f"{u:.6g},{v:.6g},{w:.6g},{y}\n" for (u, v, w), y in zip(X, labels))


RELU_LAYERS = [{"id": str(i), "type": "dense", "units": 8, "activation": "relu"} for i in range(2)]


def _diverged_on_a_far_test_row(session, **hparams):
    """A divergence after which play goes on from the weights it stopped with (they still train:
    after one whose weights overflow, play is refused, see test_play_edits_followup.py)."""
    hello(session, layers=RELU_LAYERS, hparams=hparams)
    send(session, {"type": "upload_csv", "text": _far_test_row_csv(), "target": "label"})
    send(session, {"type": "control", "action": "step_epoch"})
    # the divergence ends the fit (waiting for the first error took fit's warning of the far row,
    # which comes first, and a loaded machine had not reached the epoch's end then)
    assert session.wait_idle()
    (diverged,) = [e for e in session.events if e["type"] == "error" and e["kind"] == "diverged"]
    assert "the outputs for the test part overflowed" in diverged["message"]


def test_training_that_goes_on_after_a_divergence_is_named_in_the_script(session, tmp_path):
    # play after a divergence trains on from the weights it stopped with, where the script's run
    # stops at the divergence: the script printed its numbers as the page's without a word
    _diverged_on_a_far_test_row(session)
    (reply,) = send(session, {"type": "control", "action": "step_batch"})
    assert reply["type"] == "scene" and [e["change"] for e in reply["edits"]] == [RESUMED]
    assert session.wait_idle()
    assert f"#   epoch {session.epoch}: {RESUMED}" in page_script(session, tmp_path)
    (reply,) = send(session, {"type": "control", "action": "pause"})   # no run to resume: a status
    assert reply["type"] == "status"


# an edit after a divergence that starts a new fit on the weights it stopped with, and the words
# it is named with
EDITS_AFTER_A_DIVERGENCE = {
    "lr under a schedule": ({"hparams": {"lr": 0.001}}, "the learning rate 0.03 → 0.001"),
    "optimizer": ({"hparams": {"optimizer": "adam"}}, "the optimizer sgd → adam"),
    "batch size": ({"hparams": {"batch_size": 20}}, "the batch size 10 → 20"),
    "layer removed": ({"layers": RELU_LAYERS[:1]}, "a layer removed"),
}


@pytest.mark.parametrize("edit, words", EDITS_AFTER_A_DIVERGENCE.values(), ids=EDITS_AFTER_A_DIVERGENCE)
def test_training_on_after_a_divergence_and_an_edit_is_named_too(session, edit, words, tmp_path):
    # the review: an edit that starts a new fit (Adam tried after a divergence, a lower learning
    # rate under a schedule) kept the diverged weights, and play trained on from them unnamed
    # (the stop was forgotten with the fit), where a learning rate alone without a schedule said so
    _diverged_on_a_far_test_row(session, schedule="step:5")
    send(session, {"type": "set_state", "state": edit})
    (reply,) = send(session, {"type": "control", "action": "step_batch"})
    assert reply["type"] == "scene"
    assert [e["change"].split(":")[0] for e in reply["edits"]] == [words, RESUMED]
    assert session.wait_idle() and f"{RESUMED}\n" in page_script(session, tmp_path)


def test_a_schedule_written_in_other_case_changes_nothing(session):
    # the review: "Step:2" after "step:2" (the same schedule) built a new optimizer mid-run and
    # stood in the script's list of edits as "the schedule step:2 → Step:2"
    hello(session, hparams={"schedule": "step:2", "optimizer": "adam"})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    optimizer = session.optimizer
    (scene,) = send(session, {"type": "set_state", "state": {"hparams": {"schedule": "STEP : 2"}}})
    assert scene["edits"] == [] and session.optimizer is optimizer


def test_a_drawn_value_changed_is_named_as_a_change(session):
    # the review: a regression drawing's value set anew (the count of points unchanged) was
    # named "the drawn points 3 → 3"
    points = [[0, 0, 1.0], [1, 1, 3.0], [2, 0, 2.0]]
    hello(session, dataset={"name": "drawn", "task": "regression", "points": points})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    points[1][2] = 5.0
    (scene,) = send(session, {"type": "set_state", "state": {"dataset": {"name": "drawn", "task": "regression",
                                                                         "points": points}}})
    assert [e["change"] for e in scene["edits"]] == ["a drawn point changed (the trained weights kept)"]

def test_the_scripts_list_of_edits_stays_short(session, tmp_path):
    # point after point drawn adds to one line; past the first few edits only a count is kept
    hello(session, dataset={"name": "drawn", "task": "classification", "points": DRAWING})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    for i in range(3):
        send(session, {"type": "add_point", "x1": i - 5.0, "x2": 5.0, "label": 0})
    for lr in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        (scene,) = send(session, {"type": "set_state", "state": {"hparams": {"lr": lr}}})
    assert len(scene["edits"]) == 5 and scene["more_edits"] == 2
    script = page_script(session, tmp_path)
    assert "#   epoch 1 (3 times): a point added (the trained weights kept)\n" in script
    assert "#   epoch 1: the learning rate 0.3 → 0.4\n" in script and "0.4 → 0.5" not in script
    assert "#   and 2 more changes after those" in script


def test_edits_before_the_first_step_are_named_when_fresh_weights_differ(session, tmp_path):
    # before any training a new learning rate or optimizer, a class drawn, or a layer appended
    # (the layers after it start afresh, drawn as a fresh start draws them) leaves the run the
    # script repeats; a weight set by hand, a neuron added (its layer's initial weights carried
    # over, where a fresh start draws others) or a drawn value (the target's μ and σ kept) do not
    hello(session)
    (scene,) = send(session, {"type": "set_state", "state": {"hparams": {"lr": 0.1, "optimizer": "adam"}}})
    assert scene["edits"] == []
    (scene,) = send(session, EDITS_MADE_WHILE_TRAINING["layer added"][1])
    assert scene["edits"] == []
    h1, *rest = session.state["layers"]
    (scene,) = send(session, {"type": "set_state", "state": {"layers": [{**h1, "units": 5}, *rest]}})
    assert [edit["change"].split(":")[0] for edit in scene["edits"]] == ["a layer changed"]
    assert scene["edits"][0]["change"].endswith("(the initial weights kept, a unit or input added fresh, read with weight 0: the same predictions)")
    hello(session, dataset={"name": "drawn", "task": "classification", "points": DRAWING})
    assert send(session, {"type": "add_point", "x1": 0.5, "x2": 0.5, "label": 1})[0]["edits"] == []
    (scene,) = send(session, {"type": "set_weight", "layer": 0, "to": 0, "from": 0, "value": 1.5})
    assert [edit["epoch"] for edit in scene["edits"]] == [0]
    hello(session, dataset={"name": "drawn", "task": "regression", "points": [[0, 0, 1.0], [1, 1, 3.0]]})
    (scene,) = send(session, {"type": "add_point", "x1": 2.0, "x2": 2.0, "value": 9.0})
    # (none trained yet: the words say so)
    assert [edit["change"] for edit in scene["edits"]] == ["a point added (the initial weights kept)"]
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    assert "a point added" in page_script(session, tmp_path)


def test_the_script_starts_with_the_layer_the_server_put_first(session, tmp_path):
    # the audit: export.js decided from the page's state whether the script's model starts with
    # nn.PlaneFeatures, a second copy of session.download's rule; a feature clicked changes that
    # state at once, and until its scene came back the script fed the clicked features to the
    # network built for the others (model.summary() refused them). It now writes the scene's.
    hello(session, features=PLANE_FEATURES)
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    scene = session.scene()
    assert scene["network"]["plane_features"] == PLANE_FEATURES
    clicked = {**scene["state"], "features": PLANE_FEATURES + ["x2^2"]}
    path = tmp_path / "neuralab_playground.py"
    path.write_text(page_script(session, tmp_path, state=clicked))
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    script = neuralab.load(tmp_path / "neuralab_playground.npz")
    assert script.layers[0].names == PLANE_FEATURES
    np.testing.assert_allclose(script.predict(session.data.points_test), session.net.model.predict(session.data.X_test),
                               rtol=1e-5, atol=1e-6)
    # off the plane the features of the state make no layer (the columns are the inputs)
    assert hello(session, dataset={"name": "iris"}, features=PLANE_FEATURES)["network"]["plane_features"] is None


def test_architecture_edit_keeps_untouched_weights(session):
    layers = [{"id": "a", "type": "dense", "units": 5, "activation": "tanh"},
              {"id": "b", "type": "dense", "units": 3, "activation": "relu"}]
    hello(session, layers=layers)
    send(session, {"type": "control", "action": "step_epoch"})
    session.wait_idle()
    model = session.net.model
    Wa, Wb, Wout = (model.layers[i].weight.data.copy() for i in (0, 2, 4))
    bb = model.layers[2].bias.data.copy()
    edited = [layers[0], {"id": "b", "type": "dense", "units": 4, "activation": "relu"},
              {"id": "c", "type": "dense", "units": 2, "activation": "tanh"}]
    (scene,) = send(session, {"type": "set_state", "state": {"layers": edited}})
    model = session.net.model
    assert [entry["units"] for entry in scene["network"]["layers"] if entry["kind"] == "dense"] == [5, 4, 2, 1]
    np.testing.assert_array_equal(model.layers[0].weight.data, Wa)             # untouched block
    np.testing.assert_array_equal(model.layers[2].weight.data[:3], Wb)         # overlap kept
    np.testing.assert_array_equal(model.layers[2].bias.data[:3], bb)
    assert model.layers[6].weight.shape == (1, 2)                              # the output's inputs changed
    assert session.epoch == 1                                                   # same data: training goes on
    (scene,) = send(session, {"type": "set_state", "state": {"features": ["x2", "x1^2", "x1"]}})
    W = session.net.model.layers[0].weight.data
    np.testing.assert_array_equal(W[:, [0, 2]], Wa[:, [1, 0]])                 # matched by feature name
    assert session.net.model.layers[-2].weight.shape == Wout.shape[:1] + (2,)


def test_lr_changes_while_training_without_restarting(session):
    hello(session)
    gen = session.generation
    send(session, {"type": "set_state", "state": {"hparams": {"lr": 0.5}}})
    assert session.optimizer.lr == 0.5 and session.generation == gen
    send(session, {"type": "set_state", "state": {"hparams": {"optimizer": "adam", "batch_size": 7}}})
    assert session.generation == gen + 1 and type(session.optimizer).__name__ == "Adam"
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.step == 200 // 7 + 1


def test_set_weight_edits_one_weight(session):
    hello(session)
    send(session, {"type": "set_weight", "layer": 2, "to": 1, "from": 3, "value": 2.5})
    assert session.net.model.layers[2].weight.data[1, 3] == 2.5
    _header, arrays = decode(frames.encode(*session.frame(3)))
    assert arrays["W/2"][1, 3] == 2.5


def test_trace_equals_the_engine_and_z_equals_W_a_plus_b(session):
    hello(session, hparams={"lr": 0.1})
    send(session, {"type": "control", "action": "step_epoch"})
    session.wait_idle()
    (trace,) = send(session, {"type": "trace", "sample": 7})
    model = session.net.model
    x = session.data.X_train[7:8]
    y = session.data.y_train[7:8]
    # by hand, with the model's own layers (on the same weights)
    a, zs = x, []
    for layer in model.layers:
        a = layer.forward(a)
        zs.append(a)
    loss = losses.BCELoss()
    assert trace["loss"] == pytest.approx(loss(a, y), rel=1e-5)
    delta = loss.backward()
    model.zero_grad()
    for layer in reversed(model.layers):
        delta = layer.backward(delta)
    assert trace["input"] == pytest.approx(x[0].tolist(), rel=1e-5)
    for step in trace["forward"]:
        assert step["a"] == pytest.approx(zs[step["index"]][0].tolist(), rel=1e-4, abs=1e-6)
    by_index = {b["index"]: b for b in trace["backward"]}
    update = {u["index"]: u for u in trace["update"]}
    a_prev = x[0].astype(np.float64)
    for i, layer in enumerate(model.layers):
        if isinstance(layer, nn.Dense):
            W, b = layer.weight.data.astype(np.float64), layer.bias.data.astype(np.float64)
            z = np.array(trace["forward"][i]["z"])
            np.testing.assert_allclose(z, W @ a_prev + b, rtol=1e-4, atol=1e-5)      # z = W a + b
            # with the W and b it ran with, as the protocol says (the page read them back from
            # the update step, W_new + α·dW, to 6 digits)
            np.testing.assert_allclose(trace["forward"][i]["weights"], W, rtol=1e-5)
            np.testing.assert_allclose(trace["forward"][i]["bias"], b, rtol=1e-5)
            np.testing.assert_allclose(by_index[i]["grad_weights"], layer.weight.grad, rtol=1e-4, atol=1e-7)
            np.testing.assert_allclose(by_index[i]["grad_bias"], layer.bias.grad, rtol=1e-4, atol=1e-7)
            np.testing.assert_allclose(by_index[i]["grad_weights"], np.outer(by_index[i]["delta"], a_prev),
                                       rtol=1e-3, atol=1e-6)                          # dW = δ aᵀ
            np.testing.assert_allclose(update[i]["new_weights"], W - 0.1 * layer.weight.grad, rtol=1e-4, atol=1e-6)
        a_prev = np.array(trace["forward"][i]["a"])


def test_a_regression_trace_compares_with_the_standardised_target(session):
    # the trace shows the network's own numbers: its target is the t = (y - μ)/σ it learns, and
    # it says which value y that is and what the output means in y's units
    hello(session)
    send(session, {"type": "upload_csv", "text": PRICES, "target": "price"})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    (trace,) = send(session, {"type": "trace", "sample": 3})
    y = session.data.y_train.astype(np.float64)
    mean, std = y.mean(), y.std()
    assert trace["value"] == pytest.approx(y[3], rel=1e-5)
    assert trace["target"] == pytest.approx([(y[3] - mean) / std], rel=1e-4, abs=1e-5)
    out = session.net.model.forward(session.data.X_train[3:4]).astype(np.float64)[0, 0]
    assert trace["forward"][-1]["a"] == pytest.approx([out], rel=1e-4, abs=1e-6)
    assert trace["loss"] == pytest.approx((out - (y[3] - mean) / std) ** 2, rel=1e-3, abs=1e-6)
    assert trace["prediction"] == pytest.approx(std * out + mean, rel=1e-5)


def test_inspect_reports_a_unit(session):
    hello(session)
    (reply,) = send(session, {"type": "inspect", "layer": 0, "unit": 2, "sample": 4})
    layer = session.net.model.layers[0]
    x = session.data.X_train[4]
    z = float(layer.weight.data[2] @ x + layer.bias.data[2])
    assert reply["z"] == pytest.approx(z, rel=1e-4) and reply["a"] == pytest.approx(np.tanh(z), rel=1e-4)
    assert reply["weights"] == pytest.approx(layer.weight.data[2].tolist(), rel=1e-5)
    assert reply["map"]["size"] == 64 and len(reply["map"]["values"]) == 64 * 64


def test_a_regressions_output_unit_is_shown_in_the_targets_units(session):
    # the audit: the output neuron's map and inspector showed the standardised t the network
    # learns, beside a map and a board in prices; hidden units have no units to map back to
    hello(session)
    text = "area,rooms,price\n" + "".join(f"{i},{i % 4},{3 * i + 100.5 + (i % 3)}\n" for i in range(40))
    send(session, {"type": "upload_csv", "text": text, "target": "price"})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    y = session.data.y_train.astype(np.float64)
    mean, std = y.mean(), y.std()
    model, last = session.net.model, len(session.net.model.layers) - 1
    plane = transform(grid(64, np.float32, session.scene()["grid"]["extent"]), ["x1", "x2"])
    t = _forward(model, plane)[:, 0]
    hidden = np.tanh(plane.astype(np.float64) @ model.layers[0].weight.data.T + model.layers[0].bias.data)
    _header, arrays = decode(frames.encode(*session.frame(1)))
    np.testing.assert_allclose(arrays[f"units/{last}"][0], (std * t + mean).reshape(64, 64)[::3, ::3], rtol=1e-5)
    np.testing.assert_allclose(arrays["units/1"], hidden.reshape(64, 64, 4)[::3, ::3].transpose(2, 0, 1),
                               rtol=1e-4, atol=1e-6)
    (reply,) = send(session, {"type": "inspect", "layer": last, "unit": 0, "sample": 5})
    out = _forward(model, session.data.X_train[5:6])[0, 0]
    assert reply["z"] == pytest.approx(out, rel=1e-4, abs=1e-6) and reply["a"] == reply["z"]   # the network's
    assert reply["y"] == pytest.approx(std * out + mean, rel=1e-5)                             # the price
    # beside it, the sample's own price, one of the file's (the walk: a prediction shown alone)
    prices = [float(line.rsplit(",", 1)[1]) for line in text.splitlines()[1:]]
    assert reply["actual"] == pytest.approx(float(session.data.y_train[5]), rel=1e-6) and reply["actual"] in prices
    np.testing.assert_allclose(reply["map"]["values"], std * t + mean, rtol=1e-5)
    (reply,) = send(session, {"type": "inspect", "layer": 0, "unit": 1, "sample": 5})
    assert "y" not in reply and "actual" not in reply
    np.testing.assert_allclose(reply["map"]["values"], hidden[:, 1], rtol=1e-4, atol=1e-6)


def test_frames_decode_back_to_the_same_arrays(session):
    hello(session, dataset={"name": "spiral", "n_classes": 3})
    send(session, {"type": "control", "action": "step_batch"})
    session.wait_idle()
    header, arrays = session.frame(5)
    got_header, got = decode(frames.encode(header, arrays))
    assert got_header["seq"] == 5 and got_header["step"] == 1 and got_header["type"] == "frame"
    assert set(got) == set(arrays)
    for name, array in arrays.items():
        assert got[name].dtype == array.dtype and got[name].shape == array.shape
        np.testing.assert_array_equal(got[name], array)
    assert got["gW/0"].any()                                     # the step's gradients are there
    assert isinstance(got_header["diagnoses"], list)
    assert got_header["metrics"]["loss"] > 0 and got_header["metrics"]["val_loss"] > 0
    odd = {"a": np.arange(3, dtype=np.uint8), "b": np.ones((2, 3), np.float32)}
    _, back = decode(frames.encode({"type": "frame", "note": float("nan")}, odd))
    np.testing.assert_array_equal(back["b"], odd["b"])


def test_numpy_numbers_reach_the_page_as_json_numbers_and_odd_arrays_are_named():
    # fit's logs and the monitor's numbers may be NumPy scalars: json.dumps refuses float32 and
    # int64, and NaN is no JSON
    message = {"loss": np.float32(0.25), "epoch": np.int64(3), "val_loss": np.float64("nan"),
               "curve": (np.float32(1.5), np.float64("inf"))}
    assert json.loads(json.dumps(frames.json_safe(message), allow_nan=False)) == \
        {"loss": 0.25, "epoch": 3, "val_loss": None, "curve": [1.5, None]}
    # an array of a dtype the page cannot read is named, not sent as bytes the page misreads
    with pytest.raises(TypeError, match=r"array 'map' has dtype float64; frames carry float32, uint8"):
        frames.encode({"type": "frame"}, {"map": np.zeros(3)})


def test_divergence_with_a_huge_learning_rate_is_reported(session):
    layers = [{"id": str(i), "type": "dense", "units": 32, "activation": "relu"} for i in range(8)]
    scene = hello(session, dataset={"name": "plane", "n_samples": 200}, layers=layers,
                  hparams={"lr": 10, "batch_size": 50})
    (playing,) = send(session, {"type": "control", "action": "play"})
    deadline = time.monotonic() + 20
    while not any(e["type"] == "error" for e in list(session.events)) and time.monotonic() < deadline:
        time.sleep(0.02)
    errors = [e for e in list(session.events) if e["type"] == "error"]
    assert errors and errors[0]["kind"] == "diverged" and "Learning rate box" in errors[0]["suggestion"]
    assert session.wait_idle() and not session.playing
    # the reply "playing" may reach the page after the event "paused" (two routes): their
    # numbers say which is newer
    (paused,) = [e for e in list(session.events) if e["type"] == "status"]
    assert (scene["status"]["seq"], playing["state"], paused["state"]) == (1, "playing", "paused")
    assert paused["seq"] > playing["seq"] > scene["status"]["seq"]
    assert all(np.isfinite(p.data).all() for p in session.net.model.parameters())
    send(session, {"type": "set_state", "state": {"hparams": {"lr": 0.001}}})   # lower it, start over
    send(session, {"type": "control", "action": "reset"})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and (session.epoch, session.step) == (1, 2)
    assert np.isfinite(session.metrics["loss"])


def _diverging_scene(session):
    layers = [{"id": str(i), "type": "dense", "units": 32, "activation": "relu"} for i in range(8)]
    return hello(session, dataset={"name": "plane", "n_samples": 200}, layers=layers,
                 hparams={"lr": 10, "batch_size": 50})


def _wait_for_errors(session, n, timeout=20):
    deadline = time.monotonic() + timeout
    while sum(e["type"] == "error" for e in list(session.events)) < n and time.monotonic() < deadline:
        time.sleep(0.02)
    return [e for e in list(session.events) if e["type"] == "error"]


@pytest.mark.filterwarnings("ignore::neuralab.train.DivergenceWarning")
def test_a_divergence_is_reported_where_warnings_are_not_errors(session):
    # the server runs with Python's warning filters: fit warns and returns, and its stop reason
    # reaches the page (under pytest the warning is an error, which ends fit another way)
    _diverging_scene(session)
    woken = []
    session.on_event = lambda: woken.append(1)      # the server's sender is woken by it
    send(session, {"type": "control", "action": "play"})
    (error,) = _wait_for_errors(session, 1)
    assert error["kind"] == "diverged" and session.monitor.diverged
    # fit's stop reason, its advice said once: in the suggestion, in the page's words
    what, advice = session.monitor.stop_reason.split("; ")
    assert error["message"] == what and "at epoch 1, batch" in what and advice == "try a lower learning rate (now 10)"
    assert error["suggestion"] == (   # its weights overflow: see test_play_edits_followup.py
        "type a learning rate lower than 10 into the Learning rate box and press Reset the weights, not play: the "
        "weights it stopped with already take the gradient past the float range before any step, whatever the "
        "learning rate")
    assert session.wait_idle() and not session.playing and woken
    assert all(np.isfinite(p.data).all() for p in session.net.model.parameters())


def test_a_run_that_fails_says_why_and_play_tries_again(session, monkeypatch):
    # an error inside fit (here a callback's) reaches the page as an error, pauses, and the next
    # click starts a new run instead of waiting on the one that ended
    hello(session, dataset={"n_samples": 40}, hparams={"batch_size": 10})

    def fail(batch, logs=None):
        raise RuntimeError("the monitor failed")
    monkeypatch.setattr(session.monitor, "on_batch_end", fail)
    send(session, {"type": "control", "action": "play"})
    (failed,) = _wait_for_errors(session, 1)
    assert (failed["message"], failed["suggestion"]) == ("the monitor failed", "change the settings and press play")
    assert session.wait_idle() and not session.playing
    monkeypatch.undo()
    generation = session.generation
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.generation == generation + 1
    assert session.wait_idle() and session.epoch == 1


def test_a_batchnorm_network_waits_for_a_second_training_point(session):
    # fit refuses a batch of one sample with a BatchNorm block: with one training point the page
    # got fit's refusal as an error at every scene (a point drawn, a block added), unasked, and
    # "change the settings and press play"; now training waits, and play says what is missing
    hello(session, dataset={"name": "drawn", "task": "classification", "points": [[1, 1, 0]]},
          layers=[{"id": "h", "type": "dense", "units": 3, "activation": "relu"}, {"id": "b", "type": "batchnorm"}])
    assert session.wait_idle() and not [e for e in session.events if e["type"] == "error"]
    with pytest.raises(protocol.ProtocolError) as refused:
        send(session, {"type": "control", "action": "play"})
    assert str(refused.value) == "the BatchNorm block needs at least 2 training points to normalise over, and there is 1"
    assert refused.value.suggestion == ("add training points (draw them, or raise the samples or the training "
                                        "share), or remove the BatchNorm block")
    assert not session.playing and session.step == 0
    send(session, {"type": "add_point", "x1": -1, "x2": -1, "label": 1})   # two points: it trains
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and (session.step, session.epoch) == (1, 1)
    assert not [e for e in session.events if e["type"] == "error"]


def test_training_that_pauses_for_want_of_points_says_why(session):
    # "Draw your own" while playing cleared the points: the training thread paused with a status
    # alone, and the page's play button went off with no word of why
    hello(session, dataset={"name": "drawn", "task": "classification", "points": [[1, 1, 0], [-1, -1, 1]]})
    send(session, {"type": "control", "action": "play"})
    send(session, {"type": "clear_points"})
    (stopped,) = _wait_for_errors(session, 1)
    assert (stopped["kind"], stopped["message"], stopped["suggestion"]) == (
        "stopped", "there are no training points yet", "click on the plane to add some, then press play")
    assert session.wait_idle() and not session.playing
    assert session.events[-1]["type"] == "status" and session.events[-1]["state"] == "paused"
    epoch = session.epoch
    send(session, {"type": "add_point", "x1": 1, "x2": 0, "label": 0})   # it resumes at play
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle() and session.epoch == epoch + 1


def test_the_learning_rate_follows_the_schedule_as_torch_steps_it(session):
    import torch
    hello(session, dataset={"n_samples": 40}, hparams={"lr": 0.1, "batch_size": 10, "schedule": "step:1:0.5"})
    p = torch.nn.Parameter(torch.zeros(1))
    reference = torch.optim.SGD([p], lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(reference, step_size=1, gamma=0.5)
    for _ in range(3):
        used = reference.param_groups[0]["lr"]          # the lr of this epoch's updates
        reference.step()
        scheduler.step()
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
        assert session.metrics["lr"] == pytest.approx(used)
        assert session.optimizer.lr == pytest.approx(reference.param_groups[0]["lr"])
    assert session.epoch == 3


def _curves_after(epochs, max_rows, monkeypatch):
    monkeypatch.setattr("neuralab.play.training.MAX_CURVE_ROWS", max_rows)
    session = Session()
    try:
        hello(session, dataset={"n_samples": 40}, hparams={"batch_size": 10})   # 2 batches per epoch
        with session.model_lock():       # every click counted before the first batch runs
            for _ in range(epochs):
                send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle() and session.epoch == epochs
        return [list(row) for row in session.curves], session.curve_every
    finally:
        session.close()


def test_a_long_runs_curves_keep_every_other_row_and_stay_short(monkeypatch):
    # the page's curves cost what they hold: past MAX_CURVE_ROWS rows every other one goes,
    # and the epochs between two rows double; the rows kept are the run's own, the first kept
    full, every = _curves_after(21, 1000, monkeypatch)
    assert [row[0] for row in full] == list(range(1, 22)) and every == 1
    thinned, every = _curves_after(21, 6, monkeypatch)
    assert len(thinned) < 6 and every > 1
    epochs = [row[0] for row in thinned]
    assert epochs[0] == 1 and epochs == sorted(set(epochs)) and epochs[-1] > 21 - every
    by_epoch = {row[0]: row for row in full}
    for row in thinned:
        np.testing.assert_array_equal(row, by_epoch[row[0]])


def test_ready_is_the_senders_and_the_session_answers_it_with_nothing(session):
    hello(session)
    version = session.version
    assert send(session, {"type": "ready"}) == [] and session.version == version


def test_reset_starts_over(session):
    hello(session)
    W = session.net.model.layers[0].weight.data.copy()
    send(session, {"type": "control", "action": "step_epoch"})
    session.wait_idle()
    (scene,) = send(session, {"type": "control", "action": "reset"})
    # a scene: its state holds the next weights_seed (the share link and the script draw the
    # same weights from it), and other weights than the first (↺ tries another start)
    assert scene["type"] == "scene"
    assert scene["status"] == {"type": "status", "seq": 3, "state": "paused", "epoch": 0, "step": 0}   # the third
    assert scene["state"]["weights_seed"] == session.state["dataset"]["seed"] + 1
    assert not np.array_equal(session.net.model.layers[0].weight.data, W)
    assert session.curves == []


def test_close_stops_the_training_thread(session):
    hello(session)
    send(session, {"type": "control", "action": "play"})
    session.close()
    session.thread.join(5)
    assert not session.thread.is_alive()


def test_frames_follow_the_scene_at_once(session):
    scene = hello(session)
    send(session, {"type": "control", "action": "step_batch"})
    session.wait_idle()
    header, arrays = session.frame(1)
    assert header["scene_id"] == scene["scene_id"] and arrays["units/0"].shape[0] == 4
    (edited,) = send(session, {"type": "set_state", "state": {"layers": [
        {"id": "h1", "type": "dense", "units": 6, "activation": "tanh"}]}})
    assert edited["scene_id"] == scene["scene_id"] + 1
    header, arrays = session.frame(2)          # no stale views of the old network
    assert header["scene_id"] == edited["scene_id"]
    assert arrays["units/0"].shape[0] == 6 and arrays["W/2"].shape == (1, 6) and "units/4" not in arrays
    send(session, {"type": "control", "action": "reset"})   # same shapes: same scene
    assert session.frame(3)[0]["scene_id"] == edited["scene_id"]


@pytest.mark.parametrize("name", ["circles", "digits"])
@pytest.mark.parametrize("first", [{"id": "d", "type": "dropout", "p": 0.3}, {"id": "n", "type": "batchnorm"}])
def test_a_network_may_start_with_any_block(session, name, first):
    layers = [first, {"id": "h", "type": "dense", "units": 3, "activation": "relu"}]
    scene = hello(session, dataset={"name": name}, layers=layers)
    assert scene["network"]["layers"][0]["kind"] == first["type"]
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and session.step == 1
    _, arrays = decode(frames.encode(*session.frame(1)))
    assert arrays["W/1"].shape[0] == 3
    if name == "digits":
        assert arrays["first_layer_images"].shape == (3, 8, 8)
    else:
        assert arrays["units/1"].shape[0] == 3
    (reply,) = send(session, {"type": "inspect", "layer": 2, "unit": 1, "sample": 0})
    assert reply["a"] >= 0


def test_download_gives_the_model_file(session, tmp_path):
    hello(session)
    send(session, {"type": "control", "action": "step_epoch"})
    session.wait_idle()
    (reply,) = send(session, {"type": "download"})
    assert reply["type"] == "model" and "filename" not in reply   # (the page names the file: download-name.js)
    path = tmp_path / "model.npz"
    path.write_bytes(base64.b64decode(reply["data"]))
    loaded = neuralab.load(path)
    for a, b in zip(loaded.parameters(), session.net.model.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


def _split_prices(session):
    """The raw columns and prices of PRICES, split as the page splits them (checked against it)."""
    table = np.loadtxt(PRICES.splitlines()[1:], delimiter=",", dtype=np.float32)
    X_train, X_test, y_train, y_test = data.train_test_split(table[:, :3], table[:, 3], test_size=0.5, seed=1)
    np.testing.assert_array_equal(y_train, session.data.y_train)
    np.testing.assert_array_equal(y_test, session.data.y_test)
    return X_train, X_test, y_train.astype(np.float64), y_test.astype(np.float64)


def test_a_target_near_100_trains_and_the_download_predicts_prices(session, tmp_path):
    # the audit: prices near 100 gave R² 0.07 after 2,600 epochs (the network starts at outputs
    # near 0, and the loss measured that distance); the network now learns the price
    # standardised, as `neuralab train` does, and what the page shows and gives is in prices
    hello(session)
    send(session, {"type": "upload_csv", "text": PRICES, "target": "price", "filename": "prices.csv"})
    for _ in range(30):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    X_train, X_test, y_train, y_test = _split_prices(session)
    loaded = _downloaded(session, tmp_path)
    pred = loaded.predict(X_test).astype(np.float64)[:, 0]                  # the file's columns -> prices
    r2 = 1 - np.sum((y_test - pred) ** 2) / np.sum((y_test - y_test.mean()) ** 2)
    assert r2 > 0.8
    assert isinstance(loaded.layers[0], nn.Standardize) and isinstance(loaded.layers[-1], nn.Standardize)
    time.sleep(1.2 / HEAVY_PER_SECOND)
    header, _arrays = decode(frames.encode(*session.frame(1)))
    assert header["metrics_of"] == "epoch"          # the test numbers: the weights at the epoch's end
    assert header["target_metrics"]["val_mse"] == pytest.approx(np.mean((y_test - pred) ** 2), rel=1e-4)
    assert header["metrics"]["val_r2"] == pytest.approx(r2, rel=1e-4)
    # the loss the network learns is that MSE over the price's variance (the curves' units)
    assert header["metrics"]["val_loss"] == pytest.approx(np.mean((y_test - pred) ** 2) / y_train.var(), rel=1e-4)
    assert "unscaled_target" not in [d["name"] for d in header["diagnoses"]]


def test_a_downloaded_model_of_data_off_the_plane_takes_the_raw_columns(session, tmp_path):
    hello(session, dataset={"name": "wine"})
    send(session, {"type": "control", "action": "step_epoch"})
    session.wait_idle()
    loaded = downloaded_model(session, tmp_path / "model.npz")
    assert isinstance(loaded.layers[0], nn.Standardize)
    ds = data.load("wine")
    raw = session.data.X_test * loaded.layers[0].std + loaded.layers[0].mean   # the test rows, unscaled
    assert np.abs(raw - ds.X[:, None]).sum(axis=-1).min(axis=0).max() < 1e-3   # ... are rows of the file
    np.testing.assert_allclose(loaded.predict(raw), session.net.model.predict(session.data.X_test), rtol=1e-4, atol=1e-6)
    assert loaded.feature_names == tuple(ds.feature_names)      # its columns, by name


def _downloaded(session, tmp_path):
    """The page's "⤓ Model" of the session now, loaded back."""
    return downloaded_model(session, tmp_path / "page.npz")


def _csv_test_columns():
    """The test rows of CSV in the file's own columns, split as the page splits them."""
    X = np.loadtxt(CSV.splitlines()[1:], delimiter=",", usecols=(0, 1), dtype=np.float32)
    return data.train_test_split(X, np.arange(60) % 2, test_size=0.5, seed=1, stratify=True)[1]


def test_a_downloaded_model_of_a_two_column_csv_takes_its_columns(session, tmp_path):
    # the audit: the plane shows a two-column CSV standardised, and the model file took those
    # standardised columns without holding their means and standard deviations
    hello(session)
    send(session, {"type": "upload_csv", "text": CSV, "target": "kind", "filename": "farm.csv"})
    send(session, {"type": "control", "action": "step_epoch"})
    session.wait_idle()
    loaded = _downloaded(session, tmp_path)
    assert [type(layer) for layer in loaded.layers[:2]] == [nn.Standardize, nn.Dense]
    assert loaded.feature_names == tuple(CSV.splitlines()[0].split(",")[:2])
    np.testing.assert_allclose(loaded.predict(_csv_test_columns()),
                               session.net.model.predict(session.data.X_test), rtol=1e-5, atol=1e-6)
    # with features beyond the columns the file's model still takes them: it makes the features
    # of the standardised columns (it took the features themselves, which a user had to rebuild)
    send(session, {"type": "set_state", "state": {"features": ["x1", "x2", "x1*x2"]}})
    loaded = _downloaded(session, tmp_path)
    assert [type(layer) for layer in loaded.layers[:3]] == [nn.Standardize, nn.PlaneFeatures, nn.Dense]
    np.testing.assert_allclose(loaded.predict(_csv_test_columns()),
                               session.net.model.predict(session.data.X_test), rtol=1e-5, atol=1e-6)


PLANE_FEATURES = ["x1^2", "x1*x2", "sin(x1)"]


@pytest.mark.parametrize("csv", [None, CSV], ids=["generated", "two-column csv"])
def test_a_downloaded_model_of_plane_features_takes_the_points(session, tmp_path, csv):
    # the audit: a model trained on x1², x1·x2, sin x1 took those columns, so predict(points)
    # failed, and the user had to rebuild the features by hand
    hello(session, features=PLANE_FEATURES)
    if csv:
        send(session, {"type": "upload_csv", "text": csv, "target": "kind", "filename": "farm.csv"})
    for _ in range(2):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    x1, x2 = session.data.points_test.astype(np.float64).T    # the features, computed here
    np.testing.assert_allclose(session.data.X_test, np.column_stack([x1 ** 2, x1 * x2, np.sin(x1)]), rtol=1e-6)
    shown = session.net.model.predict(session.data.X_test)     # what the page shows for those points
    loaded = _downloaded(session, tmp_path)
    assert session.scene()["network"]["plane_features"] == PLANE_FEATURES   # what export.js writes
    points = _csv_test_columns() if csv else session.data.points_test   # the data's own columns
    first = [nn.Standardize, nn.PlaneFeatures] if csv else [nn.PlaneFeatures, nn.Dense]
    assert [type(layer) for layer in loaded.layers[:2]] == first
    assert loaded.layers[first.index(nn.PlaneFeatures)].names == PLANE_FEATURES
    np.testing.assert_allclose(loaded.predict(points), shown, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("text, target, options, features", [
    (CSV, "kind", {}, ["x1", "x2"]), (CSV, "kind", {}, PLANE_FEATURES), (PRICES, "price", {}, None),
    (ZONES, "zone", {"task": "multiclass"}, None),
    (SPREADSHEET_PLAIN, "price", {"delimiter": ";", "decimal": ","}, None),
    (SPREADSHEET, "price", {"delimiter": ";", "decimal": ",", "task": "regression"}, None)],
    ids=["two columns", "two columns, features x1², x1·x2, sin x1", "prices", "classes asked for",
         "a spreadsheet's separator and decimal commas", "and its sep= line"])
def test_the_exported_script_of_a_csv_saves_the_pages_model(session, tmp_path, text, target, options, features):
    hello(session, **({"features": features} if features else {}))
    send(session, {"type": "upload_csv", "text": text, "target": target, "filename": "farm.csv", **options})
    for _ in range(2):
        send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle()
    (tmp_path / "farm.csv").write_text(text)
    path = tmp_path / "neuralab_playground.py"
    path.write_text(page_script(session, tmp_path))
    done = subprocess.run([sys.executable, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = ast.literal_eval(done.stdout.strip().splitlines()[-1])  # the run repeated, in the same units
    assert {k: printed[k] for k in session.metrics} == session.metrics
    page = _downloaded(session, tmp_path)
    script = neuralab.load(tmp_path / "neuralab_playground.npz")
    assert [layer.to_spec() for layer in script.layers] == [layer.to_spec() for layer in page.layers]
    for a, b in zip(script.parameters(), page.parameters(), strict=True):
        np.testing.assert_array_equal(a.data, b.data)
    for (_, a), (_, b) in zip(script.named_buffers(), page.named_buffers(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    if features:   # the script's model takes the file's two columns, as the page's
        np.testing.assert_allclose(script.predict(_csv_test_columns()), session.net.model.predict(session.data.X_test),
                                   rtol=1e-5, atol=1e-6)


def test_frame_leaves_out_the_heavy_arrays_the_page_holds(session):
    hello(session)
    header, arrays = session.frame(1)
    assert "output" in arrays and "units/0" in arrays and "diagnoses" in header
    held = (header["scene_id"], header["heavy_seq"])
    header, light = session.frame(2, page_has=held)     # paused: nothing heavy changed
    assert header["heavy_seq"] == held[1] and "diagnoses" not in header
    assert "output" not in light and not any(name.startswith("units/") for name in light)
    assert set(light) == {name for name in arrays if name.split("/")[0] in ("W", "b", "gW", "gb", "grad_norm", "curves")}
    send(session, {"type": "control", "action": "step_batch"})
    session.wait_idle()
    time.sleep(1.2 / HEAVY_PER_SECOND)
    header, arrays = session.frame(3, page_has=held)    # a step later the maps are new: sent again
    assert header["heavy_seq"] > held[1] and "output" in arrays


def _plane_features_by_torch(points):
    """{name: f(x1, x2)} of each plane feature, in float64 by torch: the course's formulas, the
    reference the engine's own are checked against."""
    torch = pytest.importorskip("torch")
    x1, x2 = torch.tensor(points, dtype=torch.float64).T
    return {"x1": x1, "x2": x2, "x1^2": x1 ** 2, "x2^2": x2 ** 2, "x1*x2": x1 * x2,
            "sin(x1)": torch.sin(x1), "sin(x2)": torch.sin(x2)}


def test_the_feature_maps_are_the_engines_and_come_once_per_scene(session):
    # the audit: the page painted each input feature's map with its own copy of the formulas
    # (features.js), over a grid of its own; the server now sends them, on the neuron maps' grid
    scene = hello(session, features=["x1", "sin(x1)"])
    g, size = scene["grid"]["thumb"], scene["grid"]["size"]
    _header, arrays = decode(frames.encode(*session.frame(1)))
    ticks = np.linspace(-6, 6, size)[::THUMB_STEP]                 # the points of the units/* maps
    x1, x2 = np.meshgrid(ticks, ticks[::-1])
    want = _plane_features_by_torch(np.column_stack([x1.ravel(), x2.ravel()]))
    assert sorted(k for k in arrays if k.startswith("features/")) == sorted(f"features/{n}" for n in want)
    for name, values in want.items():   # all seven, used or not: the page shows each one's map
        got = arrays[f"features/{name}"]
        assert got.dtype == np.float32 and got.shape == (g, g), name
        np.testing.assert_allclose(got, values.numpy().reshape(g, g), rtol=1e-6, atol=1e-6, err_msg=name)
    # they never change: the frames after the first of a scene leave them out ...
    held = (scene["scene_id"], session.frame(2)[0]["heavy_seq"])
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle()
    time.sleep(1.2 / HEAVY_PER_SECOND)
    header, arrays = session.frame(3, page_has=held)
    assert header["heavy_seq"] > held[1] and "output" in arrays      # new maps of the neurons,
    assert not any(k.startswith("features/") for k in arrays)         # the same of the features
    # ... and the first of a new scene brings them again (the page let go of what it held)
    assert hello(session, features=["x2"])["scene_id"] > held[0]
    assert "features/sin(x2)" in session.frame(4, page_has=held)[1]
    hello(session, dataset={"name": "iris"})                         # data off the plane: none
    assert not any(k.startswith("features/") for k in session.frame(5)[1])


def test_frames_while_training_come_from_the_training_thread_between_batches(session, monkeypatch):
    # (the training thread is waited for as long as a loaded machine needs, and a paused frame
    # that waited for it would take that long: who builds each frame shows, not how fast)
    monkeypatch.setattr(snapshots, "FRAME_WAIT", 30)
    hello(session, speed=None)   # (at a speed, the thread rests between epochs, and the sender builds)
    builders = []
    build = session._build_frame
    monkeypatch.setattr(session, "_build_frame", lambda *a: builders.append(threading.current_thread().name) or build(*a))
    send(session, {"type": "control", "action": "play"})
    per_epoch, headers = session.steps_per_epoch, []
    for seq in range(30):
        headers.append(session.frame(seq)[0])
        assert headers[-1]["step"] // per_epoch == headers[-1]["epoch"]   # never inside an epoch's end
        time.sleep(0.003)
    send(session, {"type": "control", "action": "pause"})
    session.wait_idle()
    assert headers[-1]["step"] > headers[0]["step"]
    assert builders.count("neuralab-play-train") >= 20          # (a frame asked as play starts may not be)
    start = time.monotonic()
    session.frame(99)                                           # paused: built here, at once
    assert builders[-1] == threading.current_thread().name and time.monotonic() - start < snapshots.FRAME_WAIT


def test_a_frame_that_fails_in_the_training_thread_fails_in_the_caller(session, monkeypatch):
    hello(session)
    monkeypatch.setattr(session, "_build_frame", lambda *a: 1 / 0)
    send(session, {"type": "control", "action": "play"})
    with pytest.raises(ZeroDivisionError):
        session.frame(1)
    send(session, {"type": "control", "action": "pause"})
    assert session.wait_idle()


def test_two_threads_asking_for_a_frame_at_once_both_get_theirs(session):
    # the second request replaced the first, whose asker could then neither take it back nor have
    # it built, and waited for ever (the model lock, held here, keeps the training thread from
    # building either before both have asked)
    hello(session)
    send(session, {"type": "control", "action": "play"})
    got = {}
    askers = [threading.Thread(target=lambda seq=seq: got.update({seq: session.frame(seq)[0]["seq"]}), daemon=True)
              for seq in (1, 2)]
    with session.model_lock():
        askers[0].start()
        time.sleep(FRAME_WAIT / 5)
        askers[1].start()
        time.sleep(2 * FRAME_WAIT)
    for asker in askers:
        asker.join(5)
    assert got == {1: 1, 2: 2}
    send(session, {"type": "control", "action": "pause"})
    assert session.wait_idle()


def test_the_monitors_remedies_reach_the_page_in_the_playgrounds_terms(session):
    from neuralab.play import views
    from neuralab.train.diagnosis import Diagnosis, Report
    from neuralab.train.remedies import REMEDIES

    class Recorded:
        diverged = False   # (a run that diverged is the banner's, not the notice line's: test_play_lr_notice.py)

        def report(self, names=None, held_out=None, loss_scale=None, warned_columns=None):   # (Monitor.report's)
            return Report([Diagnosis("learning_rate_too_high", "severe", "the loss spiked",
                                     REMEDIES["learning_rate_too_high"])])

    hello(session)
    (sent,) = views.diagnoses(Recorded(), session.net)
    assert (sent["title"], sent["severity"]) == ("Learning rate too high", "severe")
    assert sent["remedies"][0] == "lower the learning rate (divide it by 3 to 10): the Learning rate box"
    # no such control on the page: the line of the script it downloads that does it
    assert sent["remedies"][1] == "clip the gradients: in the ⤓ Python script, fit(..., clip_norm=1.0)"
    assert not any("--" in r or ("fit(" in r and "⤓ Python script" not in r) for r in sent["remedies"])
    json.dumps(sent)


def test_what_fit_sets_on_the_network_as_it_starts_and_ends_it_sets_under_the_model_lock(session, monkeypatch):
    # fit sets attributes of the model as it starts (its loss, optimizer, history, ...) and puts
    # some back as it ends: set outside the model lock, a trace copying the network meanwhile
    # failed ("dictionary changed size during iteration": the long fuzzed conversation, under load)
    hello(session)
    assert session.wait_idle()
    model, unlocked = session.net.trained, []
    setattr_ = type(model).__setattr__

    def watched(self, name, value):
        # (RLock._is_owned: whether the calling thread holds it)
        if self is model and threading.current_thread() is session.thread and not session.lock._is_owned():
            unlocked.append(name)
        setattr_(self, name, value)

    monkeypatch.setattr(type(model), "__setattr__", watched)
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and session.step == 1
    send(session, {"type": "set_state", "state": {"hparams": {"optimizer": "adam"}}})   # the fit ends, one starts
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle() and session.step == 2 and session.net.trained is model
    assert unlocked == []
