"""The playground tells the learner what standardising their data warned of: a value that holds
a column's whole spread (a missing-value marker such as 99999 among values near 1, data/spread.py)
leaves the column's other values a hair apart, and the network cannot use the column. The
warning reached only the server's log (or, under filters that raise, failed the upload); the
page now receives it after the scene, as a non-fatal ``error`` of kind "warning", in the words
``neuralab train`` prints, the column by the CSV's header and the row as the file numbers it."""
import json
import threading

import numpy as np
import pytest

from neuralab import cli, data
from neuralab.nn.user_line import warn
from neuralab.play import build, protocol
from neuralab.play.session import Session


def _lone_send(session, message):
    return session.handle(protocol.parse(json.dumps(message)))


@pytest.fixture
def lone_session():
    s = Session()
    _lone_send(s, {"type": "hello"})
    yield s
    s.close()


def _lone_sensors(marked, seed=5, m=120):
    """A CSV of three sensor columns and a yes/no label, with 99999 in the ``marked`` column at a
    row of the playground's training part (its split: half, seed 1, every class in both parts),
    and that row as the file numbers it (1 = the first under the header)."""
    rng = np.random.default_rng(seed)
    columns = dict(zip(("signal", "noise", "other"), rng.standard_normal((3, m))))
    labels = np.where(columns["signal"] > 0, "yes", "no")
    train = data.train_test_split(np.arange(m), (labels == "yes").astype(int), test_size=0.5, seed=1,
                                  stratify=True)[0]
    row = int(train[7])
    columns[marked][row] = 99999
    text = "signal,noise,other,label\n" + "".join(
        f"{a:.6f},{b:.6f},{c:.6f},{y}\n" for a, b, c, y in zip(*columns.values(), labels))
    return text, row + 1


def _lone_warnings(replies):
    assert replies[0]["type"] in ("scene", "status")
    assert all(r["type"] == "error" and r["kind"] == "warning" and r["fatal"] is False for r in replies[1:])
    return [r["message"] for r in replies[1:]]


def test_a_marker_in_an_uploaded_column_is_told_in_neuralab_trains_words(lone_session, tmp_path, monkeypatch, capsys):
    text, row = _lone_sensors("signal")
    replies = _lone_send(lone_session, {"type": "upload_csv", "text": text, "target": "label",
                                        "filename": "sensors.csv"})
    (said,) = _lone_warnings(replies)
    assert replies[0]["dataset"]["name"] == "csv"
    assert said.startswith(f"column 'signal' holds 99999 in row {row} of sensors.csv, over 99.9% of the column's spread")
    # what `neuralab train` prints of the same file split alike, word for word
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sensors.csv").write_text(text)
    assert cli.main(["train", "--data", "sensors.csv", "--target", "label", "--test-size", "0.5", "--seed", "1",
                     "--epochs", "1", "--quiet", "--out", "run"]) == 0
    printed = [line for line in capsys.readouterr().err.splitlines() if " holds " in line]
    assert printed == [f"warning: {said}"]
    # not fatal: the scene trains
    _lone_send(lone_session, {"type": "control", "action": "step_epoch"})
    assert lone_session.wait_idle() and lone_session.epoch == 1


def test_the_warning_is_said_once_per_build_of_the_data(lone_session):
    text, _ = _lone_sensors("noise")
    first = _lone_warnings(_lone_send(lone_session, {"type": "upload_csv", "text": text, "target": "label"}))
    assert len(first) == 1 and "of the uploaded file" in first[0]   # the page sent no file name
    # an edit that keeps the data says nothing again
    assert _lone_warnings(_lone_send(lone_session, {"type": "set_state", "state": {"hparams": {"lr": 0.1}}})) == []
    assert _lone_warnings(_lone_send(lone_session, {"type": "control", "action": "play"})) == []
    # a reset builds the data again (fresh weights, a regression's μ and σ fitted anew): said again
    assert _lone_warnings(_lone_send(lone_session, {"type": "control", "action": "reset"})) == first
    # other data: nothing
    assert _lone_warnings(_lone_send(lone_session, {"type": "set_state", "state": {"dataset": {"name": "iris"}}})) == []


def test_markers_in_the_inputs_and_in_a_regression_target_are_each_told(lone_session):
    rng = np.random.default_rng(2)
    a, b, noise = rng.standard_normal((3, 40))
    price = 100 + 3 * a + noise
    train = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[0]   # the page's split
    a[train[3]], price[train[5]] = 99999, 99999
    text = "a,b,price\n" + "".join(f"{u:.4f},{v:.4f},{p:.4f}\n" for u, v, p in zip(a, b, price))
    said = _lone_warnings(_lone_send(lone_session, {"type": "upload_csv", "text": text, "target": "price",
                                                    "filename": "flats.csv"}))
    assert [s[:s.index(", over")] for s in said] == [
        f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv",
        f"target column 'price' holds 99999 in row {train[5] + 1} of flats.csv"]


def test_a_drawn_value_far_past_the_others_names_the_point(lone_session):
    points = [[0.5 * i - 2, 1.0, 1.0 + 0.1 * i] for i in range(9)] + [[3.0, -2.5, 1e6]]
    replies = _lone_send(lone_session, {"type": "set_state", "state": {
        "dataset": {"name": "drawn", "task": "regression", "points": points}}})
    (said,) = _lone_warnings(replies)
    assert said.startswith("the target holds 1e+06 in the point (3, -2.5), over 99.9% of the column's spread")


def test_other_warnings_of_the_fit_are_said_too_and_other_threads_keep_theirs(lone_session, monkeypatch):
    """Every warning of the standardising fit reaches the page in its own words, whatever the
    filters (pytest's raise); one raised meanwhile by another thread (a session's training) goes
    where it went, not to this page."""
    fit = data.Standardizer.fit

    def fit_warning(self, X):
        warn("a warning of the fit itself", RuntimeWarning)
        elsewhere = threading.Thread(target=warn, args=("a warning of another session's training",))
        elsewhere.start()
        elsewhere.join()
        return fit(self, X)

    monkeypatch.setattr(build.datasets.Standardizer, "fit", fit_warning)
    with pytest.warns(UserWarning, match="another session's training"):
        replies = _lone_send(lone_session, {"type": "set_state", "state": {"dataset": {"name": "iris"}}})
    assert _lone_warnings(replies) == ["a warning of the fit itself"]
