"""The playground tells the learner what the library warned of about their data, as a non-fatal
``error`` of kind "warning", in the words ``neuralab train`` prints (the column by the CSV's
header, the row as the file numbers it), and training goes on:

- standardising: a value that holds a column's whole spread (a missing-value marker such as 99999
  among values near 1, data/spread.py) leaves the column's other values a hair apart, and the
  network cannot use the column; said after the scene of the data it was built with;
- ``fit`` as it starts: a row of the test part far past the training data (99999 in a test row,
  ``train.far_past.FarPastWarning``), said by the training thread once per build of the data.

Each names its scene (``scene_id``): the page clears its banner at each scene and shows only the
warnings of the scene it shows, so data built again (a reset, a feature toggled) says them again.

Both reached only the server's log, or, under filters that raise (as pytest's), failed the upload
or ended the training thread's fit with an "Error" that stopped training."""
import json
import re
import threading
import time
import warnings

import numpy as np
import pytest
from test_play_server import receive, server  # noqa: F401  (the server on a real socket)
from websockets.sync.client import connect

from neuralab import cli, data
from neuralab.nn.user_line import Collected, warn
from neuralab.play import build, scene_edits, views
from neuralab.play.session import Session
from session_kit import send



def _dw_sensors(marked, part, index, seed=5, m=120, marker=99999):
    """A CSV of three sensor columns and a yes/no label, with ``marker`` in the ``marked``
    column(s) (a name, or names separated by commas) at row ``index`` (or each of a list) of the
    playground's ``part`` (0 training, 1 test; its split: half, seed 1, every class in both
    parts), and that row (those rows) as the file numbers it (1 = the first under the header)."""
    rng = np.random.default_rng(seed)
    columns = dict(zip(("signal", "noise", "other"), rng.standard_normal((3, m))))
    labels = np.where(columns["signal"] > 0, "yes", "no")
    rows = data.train_test_split(np.arange(m), (labels == "yes").astype(int), test_size=0.5, seed=1,
                                 stratify=True)[part]
    row = rows[index]
    for name in marked.split(","):
        columns[name][row] = marker
    text = "signal,noise,other,label\n" + "".join(
        f"{a:.6g},{b:.6g},{c:.6g},{y}\n" for a, b, c, y in zip(*columns.values(), labels))
    return text, row + 1


def _dw_flats(mark):
    """flats.csv: a, b -> price, 40 rows, two input columns (the page draws them on the plane),
    after ``mark(columns, train, test)`` planted its markers (the rows of the playground's split:
    half, seed 1); the text and those rows."""
    rng = np.random.default_rng(2)
    a, b, noise = rng.standard_normal((3, 40))
    columns = {"a": a, "b": b, "price": 100 + 3 * a + noise}
    train, test = data.train_test_split(np.arange(40), np.arange(40), test_size=0.5, seed=1)[:2]
    mark(columns, train, test)
    text = "a,b,price\n" + "".join(f"{u:.4f},{v:.4f},{p:.4f}\n" for u, v, p in zip(*columns.values()))
    return text, train, test


def _dw_mark_a_and_price(columns, train, test):
    columns["a"][train[3]], columns["price"][train[5]] = 99999, 99999


def _dw_mark_a_test_row_of_b(columns, train, test):
    columns["b"][test[2]] = 99999


def _dw_mark_a_price_and_a_test_row_of_b(columns, train, test):
    _dw_mark_a_and_price(columns, train, test)
    _dw_mark_a_test_row_of_b(columns, train, test)


# what neuralab train adds to the page's words of a marker: its own options, which the page has not
NA_VALUES = "if it marks a missing value, --na-values 99999 --missing drop drops every row that holds it"


def _dw_printed_by_neuralab_train(text, needle, tmp_path, monkeypatch, capsys):
    """The warning lines holding ``needle`` that ``neuralab train`` prints of the CSV ``text``,
    split as the playground splits it (half, seed 1)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sensors.csv").write_text(text)
    assert cli.main(["train", "--data", "sensors.csv", "--target", "label", "--test-size", "0.5", "--seed", "1",
                     "--epochs", "1", "--quiet", "--out", "run"]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if needle in line]


def _dw_replied_warnings(session, replies):
    """The warnings that follow the reply's scene (or a reset's status), each of the scene the
    session now shows (the page shows a warning only with its scene)."""
    assert replies[0]["type"] in ("scene", "status")
    assert all(r["type"] == "error" and r["kind"] == "warning" and r["fatal"] is False
               and r["scene_id"] == session.scene_id for r in replies[1:])
    return [r["message"] for r in replies[1:]]


def _dw_said(session, message):
    """The warnings the reply to ``message`` says (``_dw_replied_warnings``)."""
    return _dw_replied_warnings(session, send(session, message))


def _dw_events(session):
    """The events the training thread queued by the time the fit of the scene now installed has
    trained one batch (one step: fit has started, its warnings are said), taken."""
    send(session, {"type": "control", "action": "step_batch"})
    assert session.wait_idle()
    events = list(session.events)
    session.events.clear()
    return events


def _dw_warnings(events):
    return [e["message"] for e in events if e["type"] == "error" and e.get("kind") == "warning"]


# -- what standardising warned of ----------------------------------------------------------------

def test_a_marker_in_an_uploaded_column_is_told_in_neuralab_trains_words(greeted_session, tmp_path, monkeypatch, capsys):
    text, row = _dw_sensors("signal", 0, 7)
    replies = send(greeted_session, {"type": "upload_csv", "text": text, "target": "label",
                                    "filename": "sensors.csv"})
    (said,) = _dw_replied_warnings(greeted_session, replies)
    assert replies[0]["dataset"]["name"] == "csv"
    assert said.startswith(f"column 'signal' holds 99999 in row {row} of sensors.csv, over 99.9% of the column's spread")
    printed = _dw_printed_by_neuralab_train(text, " holds ", tmp_path, monkeypatch, capsys)
    assert printed == [f"warning: {said}; {NA_VALUES}"]
    # not fatal: the scene trains
    send(greeted_session, {"type": "control", "action": "step_epoch"})
    assert greeted_session.wait_idle() and greeted_session.epoch == 1


def test_a_marker_in_many_rows_is_counted_among_the_training_rows_in_neuralab_trains_words(
        greeted_session, tmp_path, monkeypatch, capsys):
    text, rows = _dw_sensors("signal", 0, [2, 7, 11, 20])
    replies = send(greeted_session, {"type": "upload_csv", "text": text, "target": "label",
                                    "filename": "sensors.csv"})
    (said,) = _dw_replied_warnings(greeted_session, replies)
    named = re.match(r"column 'signal' holds 99999 in 4 training rows, such as row (\d+) of sensors\.csv, over 99\.9%",
                     said)
    assert named and int(named[1]) in rows and "fix or drop those rows" in said
    printed = _dw_printed_by_neuralab_train(text, " holds ", tmp_path, monkeypatch, capsys)
    assert printed == [f"warning: {said}; {NA_VALUES}"]


def test_the_data_warning_is_said_once_per_build_of_the_data(greeted_session):
    text, _ = _dw_sensors("noise", 0, 7)
    first = _dw_said(greeted_session, {"type": "upload_csv", "text": text, "target": "label"})
    assert len(first) == 1 and "of the uploaded file" in first[0]   # the page sent no file name
    # an edit that keeps the data says nothing again
    assert _dw_said(greeted_session, {"type": "set_state", "state": {"hparams": {"lr": 0.1}}}) == []
    assert _dw_said(greeted_session, {"type": "control", "action": "play"}) == []
    # a reset builds the data again (fresh weights, a regression's μ and σ fitted anew): said again
    assert _dw_said(greeted_session, {"type": "control", "action": "reset"}) == first
    # other data: nothing
    assert _dw_said(greeted_session, {"type": "set_state", "state": {"dataset": {"name": "iris"}}}) == []


def test_markers_in_the_inputs_and_in_a_regression_target_are_each_told(greeted_session):
    text, train, _ = _dw_flats(_dw_mark_a_and_price)
    said = _dw_said(greeted_session, {"type": "upload_csv", "text": text, "target": "price", "filename": "flats.csv"})
    assert [s[:s.index(", over")] for s in said] == [
        f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv",
        f"target column 'price' holds 99999 in row {train[5] + 1} of flats.csv"]


def test_a_drawn_value_far_past_the_others_names_the_point(greeted_session):
    points = [[0.5 * i - 2, 1.0, 1.0 + 0.1 * i] for i in range(9)] + [[3.0, -2.5, 1e6]]
    replies = send(greeted_session, {"type": "set_state", "state": {
        "dataset": {"name": "drawn", "task": "regression", "points": points}}})
    (said,) = _dw_replied_warnings(greeted_session, replies)
    assert said.startswith("the target holds 1e+06 in the point (3, -2.5), over 99.9% of the column's spread")
    # a point added keeps the μ and σ fitted with that value: the warning stood until a reset
    # (the page clears its banner at each scene, and the new one said nothing)
    replies = send(greeted_session, {"type": "add_point", "x1": 0.0, "x2": 0.0, "value": 1.2})
    assert _dw_replied_warnings(greeted_session, replies) == [said]
    # cleared, the value is gone but not the μ and σ fitted with it, kept with the weights: they
    # are said until a reset (tests/test_play_edits_followup.py); before, nothing was
    replies = send(greeted_session, {"type": "clear_points"})
    (kept,) = _dw_replied_warnings(greeted_session, replies)
    assert "were fitted with 1e+06 in the point (3, -2.5), which is no longer drawn" in kept


def test_other_warnings_of_the_fit_are_said_too_and_other_threads_keep_theirs(greeted_session, monkeypatch):
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
        replies = send(greeted_session, {"type": "set_state", "state": {"dataset": {"name": "iris"}}})
    assert _dw_replied_warnings(greeted_session, replies) == ["a warning of the fit itself"]


# -- what fit warned of as it started ------------------------------------------------------------

def test_a_marker_in_a_test_row_is_told_in_neuralab_trains_words_and_training_goes_on(
        greeted_session, tmp_path, monkeypatch, capsys):
    text, row = _dw_sensors("noise", 1, 4)
    replies = send(greeted_session, {"type": "upload_csv", "text": text, "target": "label",
                                    "filename": "sensors.csv"})
    assert [r["type"] for r in replies] == ["scene"]   # no training row holds a marker: nothing to build-warn
    events = _dw_events(greeted_session)
    (said,) = _dw_warnings(events)
    assert [e for e in events if e["type"] == "error"] == [{"type": "error", "message": said, "suggestion": "",
                                                            "fatal": False, "kind": "warning",
                                                            "scene_id": replies[0]["scene_id"]}]
    assert said.startswith(f"column 'noise' holds 99999 in row {row} of sensors.csv (the test part), far past")
    # what `neuralab train` prints of the same file split alike, word for word
    assert _dw_printed_by_neuralab_train(text, " far past ", tmp_path, monkeypatch, capsys) == [f"warning: {said}"]
    # not fatal: the scene trains, and no error stops it
    send(greeted_session, {"type": "control", "action": "step_epoch"})
    assert greeted_session.wait_idle() and greeted_session.epoch == 1
    assert not [e for e in greeted_session.events if e["type"] == "error"]


@pytest.mark.parametrize("divergence", ["raised", pytest.param("warned", marks=pytest.mark.filterwarnings(
    "ignore::neuralab.train.DivergenceWarning"))])   # "warned": as the server's filters let fit return
def test_a_test_row_whose_outputs_overflow_is_named_in_the_stop_too(greeted_session, divergence):
    # the stop that follows fit's warning named "row 4 of X_val holds 3.28e+38", a row of the
    # shuffled test part and its value standardised, where the warning had named the file's row
    text, row = _dw_sensors("signal,noise", 1, 4, marker=3e38)   # ReLU units: the outputs overflow
    send(greeted_session, {"type": "upload_csv", "text": text, "target": "label", "filename": "sensors.csv"})
    send(greeted_session, {"type": "set_state", "state": {"layers": [
        {"id": "a", "type": "dense", "units": 8, "activation": "relu"}]}})
    send(greeted_session, {"type": "control", "action": "step_epoch"})
    assert greeted_session.wait_idle()
    (warned,) = _dw_warnings(greeted_session.events)
    (stop,) = [e for e in greeted_session.events if e["type"] == "error" and e["kind"] == "diverged"]
    in_file = warned.split(" Its outputs, ")[0]
    assert in_file.startswith(f"column 'signal' holds 3e+38 in row {row} of sensors.csv (the test part), far past")
    # the epoch's end that overflowed is one the readout never counted: it says where it stopped
    assert greeted_session.epoch == 0 and greeted_session.step > 0
    readout = f"the readout stopped at Epoch 0 · step {greeted_session.step}"
    assert stop["message"].endswith(f"the outputs for the test part overflowed (inf or NaN) after epoch 1 "
                                    f"({readout}); {in_file} Fix or leave out that row")   # "training stopped: " when raised
    assert "fix or leave out that row of the test data" in stop["suggestion"]
    if divergence == "warned":   # fit reached on_train_end: the monitor's report names the row alike
        (diagnosis,) = views.diagnoses(greeted_session.monitor, greeted_session.net)
        # (the fact; its advice is the finding's remedy, said once: divergence.stop_fact)
        assert diagnosis["evidence"].endswith(stop["message"].removesuffix(" Fix or leave out that row"))


def test_fits_warning_is_said_once_per_build_of_the_data(greeted_session):
    text, _ = _dw_sensors("noise", 1, 4)
    send(greeted_session, {"type": "upload_csv", "text": text, "target": "label"})
    first = _dw_warnings(_dw_events(greeted_session))
    assert len(first) == 1 and "of the uploaded file (the test part)" in first[0]   # the page sent no name
    # a new optimizer starts fit again on the same data, which warns alike: nothing said again
    generation = greeted_session.generation
    send(greeted_session, {"type": "set_state", "state": {"hparams": {"optimizer": "adam"}}})
    assert greeted_session.generation > generation
    assert _dw_warnings(_dw_events(greeted_session)) == []
    # a reset builds the data again: said again
    send(greeted_session, {"type": "control", "action": "reset"})
    assert _dw_warnings(_dw_events(greeted_session)) == first
    # data without a far row: nothing
    send(greeted_session, {"type": "set_state", "state": {"dataset": {"name": "iris"}}})
    assert _dw_warnings(_dw_events(greeted_session)) == []


def test_a_feature_toggled_on_a_two_column_csv_says_its_warnings_again_with_the_new_scene(greeted_session):
    """A feature toggled (x1², sin x2) on a two-column CSV builds the data again, and the page
    clears its banner at each scene: what the upload warned of comes again after the new scene,
    each once. Before, fit's warning came again but standardising's did not: the learner saw one
    of the two of the same file vanish. The target's μ and σ are kept (not fitted again): what
    their fit warned of holds and is said too."""
    text, train, test = _dw_flats(_dw_mark_a_price_and_a_test_row_of_b)
    built = _dw_said(greeted_session, {"type": "upload_csv", "text": text, "target": "price", "filename": "flats.csv"})
    assert [s[:s.index(", over")] for s in built] == [
        f"column 'a' holds 99999 in row {train[3] + 1} of flats.csv",
        f"target column 'price' holds 99999 in row {train[5] + 1} of flats.csv"]
    far_row = f"column 'b' holds 99999 in row {test[2] + 1} of flats.csv (the test part), far past"
    (far,) = _dw_warnings(_dw_events(greeted_session))
    for features in (["x1", "x2", "x1^2"], ["x1", "x2", "x1^2", "sin(x2)"], ["x1", "x2"]):
        scene_id = greeted_session.scene_id
        assert _dw_said(greeted_session, {"type": "set_state", "state": {"features": features}}) == built
        assert greeted_session.scene_id > scene_id and greeted_session.net.inputs == features
        events = [e for e in _dw_events(greeted_session) if e["type"] == "error"]
        assert [(e["kind"], e["scene_id"], e["message"][:len(far_row)]) for e in events] == [
            ("warning", greeted_session.scene_id, far_row)]
    assert events[0]["message"] == far   # the inputs of the upload again: its words again
    # an edit that keeps the data says nothing again
    assert _dw_said(greeted_session, {"type": "set_state", "state": {"hparams": {"lr": 0.1}}}) == []
    assert _dw_warnings(_dw_events(greeted_session)) == []


def test_a_far_test_row_on_the_plane_is_said_by_its_points_axis_whatever_the_features(greeted_session):
    """On the plane fit sees features of the points: the far row's words named column 'b' with
    the value of x1·x2 (negative, for b's 99999) or against x1²'s training bound, as if the
    network saw them in b. Its point's own axis and the training points' reach, as with the
    plane's x1 and x2 alone (and ``neuralab train``), whatever the features."""
    text, _, test = _dw_flats(_dw_mark_a_test_row_of_b)
    send(greeted_session, {"type": "upload_csv", "text": text, "target": "price", "filename": "flats.csv"})
    (plain,) = _dw_warnings(_dw_events(greeted_session))
    b = greeted_session.data.points_test[2, 1]   # b of the test part's row 2 (file row test[2]), standardised
    assert plain.startswith(f"column 'b' holds 99999 in row {test[2] + 1} of flats.csv (the test part)")
    assert f"({b:.3g} standardised" in plain and b > 0
    for features in (["x1", "x2", "x1*x2"], ["x1", "x2", "x1^2"], ["x1*x2", "sin(x1)"]):
        send(greeted_session, {"type": "set_state", "state": {"features": features}})
        assert _dw_warnings(_dw_events(greeted_session)) == [plain], features


def test_another_threads_warnings_go_where_they_went_while_one_is_collected():
    # kept per thread: the filters are never touched (catch_warnings in a worker thread swapped
    # the process's, and undid a test's pytest.warns in the main thread when it swapped them back)
    def elsewhere():
        warn("a warning of another session's thread")

    with warnings.catch_warnings(record=True) as elsewhere_caught:
        warnings.simplefilter("always")
        with Collected() as said:
            warn("a warning of this thread", RuntimeWarning)
            other = threading.Thread(target=elsewhere)
            other.start()
            other.join()
            said.stop()   # from here on, this thread's go where they went too
            warn("after stop")
    assert [str(w) for w in said.caught] == ["a warning of this thread"]
    assert [type(w) for w in said.caught] == [RuntimeWarning]
    assert [str(w.message) for w in elsewhere_caught] == ["a warning of another session's thread", "after stop"]


def test_the_warning_reaches_the_page_after_the_scene_it_follows(server, monkeypatch):  # noqa: F811
    """The page clears its banner on each scene: fit's warning, queued by the training thread as
    soon as the new data trains, must not overtake the upload's scene reply (here made slow)."""
    scene = Session.scene

    def slow_scene(self):
        out = scene(self)
        if out["dataset"]["name"] == "csv":
            time.sleep(0.5)   # the training thread has queued its warning meanwhile
        return out

    monkeypatch.setattr(Session, "scene", slow_scene)
    address, _ = server
    text, row = _dw_sensors("noise", 1, 4)
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello"}))
        receive(ws, "scene")
        ws.send(json.dumps({"type": "upload_csv", "text": text, "target": "label", "filename": "sensors.csv"}))
        seen = _dw_scenes_and_errors(ws, lambda seen: seen[-1]["type"] == "error")
    assert [m["type"] for m in seen][-2:] == ["scene", "error"]
    assert seen[-2]["dataset"]["name"] == "csv" and f"row {row} of sensors.csv" in seen[-1]["message"]


def test_a_warning_of_a_replaced_scene_names_that_scene(server, monkeypatch):  # noqa: F811
    """fit's warning of the uploaded data, queued just before a feature toggled replaced its
    scene, reaches the socket after the new scene (the events wait while the toggle is answered,
    and go after its reply), beside the new fit's own, of the old data: each names its scene,
    and the page shows only its scene's (the page's test). Here the first fit's warning is
    queued while the toggle is answered, before its scene is installed. (Timed with sleeps
    instead, the first fit's, 0.4 s, against the toggle's, 0.8 s, it could come before the
    toggle whenever the fit started late or the toggle's message came late.)"""
    say, load = Session._say_fit_warnings, scene_edits.load_data
    first_csv_fit, held = [], threading.Event()

    def held_say(self, generation, scene_id, data, caught):
        if data.name == "csv" and not first_csv_fit:   # said by the toggle's answer, below
            first_csv_fit.append((self, generation, scene_id, data, caught))
            held.set()
            return None
        return say(self, generation, scene_id, data, caught)

    def slow_load(state, *args):
        if "x1^2" in state["features"]:   # the toggle is being answered, its scene not yet installed
            assert held.wait(10)
            say(*first_csv_fit[0])
        return load(state, *args)

    monkeypatch.setattr(Session, "_say_fit_warnings", held_say)
    monkeypatch.setattr(scene_edits, "load_data", slow_load)
    address, _ = server
    text, _, test = _dw_flats(_dw_mark_a_test_row_of_b)
    with connect(f"ws://{address}/ws", max_size=None) as ws:
        ws.send(json.dumps({"type": "hello"}))
        receive(ws, "scene")
        ws.send(json.dumps({"type": "upload_csv", "text": text, "target": "price", "filename": "flats.csv"}))
        uploaded = receive(ws, "scene")
        ws.send(json.dumps({"type": "set_state", "state": {"features": ["x1", "x2", "x1^2"]}}))
        seen = _dw_scenes_and_errors(ws, lambda seen: sum(m["type"] == "error" for m in seen) == 2)
    toggled = seen[0]
    assert [said[2] for said in first_csv_fit] == [uploaded["scene_id"]]
    assert toggled["state"]["features"] == ["x1", "x2", "x1^2"]
    assert [m["type"] for m in seen] == ["scene", "error", "error"]
    assert [m["scene_id"] for m in seen[1:]] == [uploaded["scene_id"], toggled["scene_id"]]
    for warned in seen[1:]:
        assert warned["message"].startswith(f"column 'b' holds 99999 in row {test[2] + 1} of flats.csv (the test")
    # the same row said alike (by its point's axis, whatever the inputs), where a warning of
    # other data would differ, and the page would show both
    assert seen[1]["message"] == seen[2]["message"]


def _dw_scenes_and_errors(ws, done, timeout=10):
    """The ``scene`` and ``error`` messages the socket ``ws`` receives until ``done(seen)``."""
    seen = []
    deadline = time.monotonic() + timeout
    while not (seen and done(seen)) and time.monotonic() < deadline:
        message = ws.recv(timeout=timeout)
        if isinstance(message, str) and json.loads(message)["type"] in ("scene", "error"):
            seen.append(json.loads(message))
    return seen
