"""One name per layer on the page: the scene names each layer of the model after the block the
page draws it in, and the monitor's diagnoses reach the page in those names and call the held-out
data its "test points" (its own "<index>:<class>" and "validation data" stay for Python users).
The names are given to the monitor's report, not put into its finished text: words of the data
that look like the monitor's names ("0 Dense") stay as they are."""
import re
import time

import numpy as np
import pytest
from session_kit import send

from neuralab import data
from neuralab.play import views
from neuralab.play.session import Session

MONITOR_NAME = re.compile(r"\b\d+(?:\.\d+)* [A-Z]\w*")   # the monitor's "1 Sigmoid", "0.1 Dense" (summary's rows)


def _blocks():
    """Six hidden sigmoid blocks of 4 (gradients vanish through them), a BatchNorm block after
    the second and a Dropout block after the third."""
    layers = [{"id": f"h{i}", "type": "dense", "units": 4, "activation": "sigmoid"} for i in range(6)]
    layers.insert(2, {"id": "bn", "type": "batchnorm"})
    layers.insert(4, {"id": "dr", "type": "dropout", "p": 0.3})
    return layers


@pytest.fixture
def deep():
    """A session on ``_blocks`` with the Dropout box at 0.1 (a dropout inside every dense block)."""
    s = Session()
    (scene,) = send(s, {"type": "hello", "state": {"layers": _blocks(), "hparams": {
        "optimizer": "sgd", "lr": 0.03, "batch_size": 10, "l1": 0, "l2": 0, "dropout": 0.1, "schedule": None}}})
    yield s, scene
    s.close()


def test_each_layer_is_named_after_the_block_the_page_draws_it_in(deep):
    _, scene = deep
    layers = scene["network"]["layers"]
    by_block = {}
    for layer in layers:   # every layer of a block (Dense, its activation, its dropout) has its name
        by_block.setdefault(layer["block"], set()).add(layer["name"])
    assert all(len(names) == 1 for names in by_block.values()), by_block
    names = {block: names.pop() for block, names in by_block.items()}
    assert [names[f"h{i}"] for i in range(6)] == [f"hidden layer {k} (4 sigmoid)" for k in range(1, 7)]
    assert names["bn"] == "BatchNorm after hidden layer 2"
    assert names["dr"] == "Dropout after hidden layer 3"
    assert names["output"] == "output (1 sigmoid)"


def test_a_block_before_any_dense_one_is_named_on_the_inputs():
    s = Session()
    try:
        (scene,) = send(s, {"type": "hello", "state": {"layers": [
            {"id": "d", "type": "dropout", "p": 0.2}, {"id": "h", "type": "dense", "units": 3, "activation": "relu"}]}})
    finally:
        s.close()
    assert [layer["name"] for layer in scene["network"]["layers"]][:3] == [
        "Dropout on the inputs", "hidden layer 1 (3 relu)", "hidden layer 1 (3 relu)"]


def test_blocks_of_one_kind_in_a_row_are_told_apart():
    """Two BatchNorm blocks after one dense block were both "BatchNorm after hidden layer 1": the
    trace showed two steps of one title."""
    s = Session()
    try:
        (scene,) = send(s, {"type": "hello", "state": {"layers": [
            {"id": "h", "type": "dense", "units": 3, "activation": "relu"}, {"id": "b1", "type": "batchnorm"},
            {"id": "b2", "type": "batchnorm"}, {"id": "d1", "type": "dropout", "p": 0.1}]}})
    finally:
        s.close()
    names = {layer["block"]: layer["name"] for layer in scene["network"]["layers"]}
    assert [names[b] for b in ("b1", "b2", "d1")] == [
        "BatchNorm after hidden layer 1", "second BatchNorm after hidden layer 1", "Dropout after hidden layer 1"]


def test_the_monitors_diagnoses_name_the_layers_as_the_page_does(deep):
    session, scene = deep
    send(session, {"type": "control", "action": "play"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(d.name == "vanishing_gradients" for d in session.monitor.report()):
        time.sleep(0.05)
    send(session, {"type": "control", "action": "pause"})
    assert session.wait_idle()
    (python,) = [d for d in session.monitor.report() if d.name == "vanishing_gradients"]
    assert "0 Dense" in python.evidence            # the library's own words, for Python users
    (page,) = [d for d in views.diagnoses(session.monitor, session.net) if d["name"] == "vanishing_gradients"]
    names = {layer["index"]: layer["name"] for layer in scene["network"]["layers"]}
    first, last = (names[int(i)] for i in re.findall(r"\b(\d+) Dense", python.evidence))
    assert (first, last) == ("hidden layer 1 (4 sigmoid)", "output (1 sigmoid)")
    assert f"({first})" in page["evidence"] and f"({last})" in page["evidence"]
    assert not MONITOR_NAME.search(page["evidence"]), page["evidence"]
    assert page["evidence"] == MONITOR_NAME.sub(lambda m: names[int(m.group(0).split(" ")[0])], python.evidence)


def test_the_page_calls_the_held_out_data_its_test_points():
    # a straight boundary on a noisy spiral: "63% on the validation data (held out from training) over those epochs",
    # where the page calls them its test points (and the learner never met "validation data" there)
    s = Session()
    try:
        send(s, {"type": "hello", "state": {"dataset": {"name": "spiral", "noise": 0.5, "seed": 1}, "layers": []}})
        send(s, {"type": "control", "action": "play"})
        deadline, found = time.monotonic() + 60, []
        while time.monotonic() < deadline and not found:
            time.sleep(0.1)
            with s.model_lock():   # as the frames read it, between two batches
                found = [d for d in views.diagnoses(s.monitor, s.net) if d["name"] == "barely_better_than_guessing"]
        send(s, {"type": "control", "action": "pause"})
        assert s.wait_idle()
    finally:
        s.close()
    (page,) = found
    said = r"and \d+% on the test points \(held out from training\) over those epochs"
    assert re.search(said, page["evidence"]), page["evidence"]
    assert "validation" not in page["evidence"]


def _ln_sensors(first, m=120, marker=3e38):
    """A CSV of columns ``first``, "noise", "other" -> "label" (yes when ``first`` > 0), with
    ``marker`` in the first two columns of one row of the playground's test part (its split: half,
    seed 1, stratified): (text, that row as the file numbers it, 1 under the header)."""
    rng = np.random.default_rng(5)
    columns = rng.standard_normal((3, m))
    labels = np.where(columns[0] > 0, "yes", "no")
    row = data.train_test_split(np.arange(m), (labels == "yes").astype(int), test_size=0.5, seed=1,
                                stratify=True)[1][4]
    columns[:2, row] = marker
    rows = (f"{a:.6g},{b:.6g},{c:.6g},{y}\n" for a, b, c, y in zip(*columns, labels))
    text = f"{first},noise,other,label\n" + "".join(rows)
    return text, row + 1


@pytest.mark.filterwarnings("ignore::neuralab.train.DivergenceWarning")   # fit returns, as under the server's filters
def test_words_of_the_data_that_look_like_the_monitors_names_reach_the_page_as_they_are(greeted_session):
    # a column called "0 Dense", the monitor's name of the first layer: the page's diagnosis of a
    # test row that overflowed the outputs named it "column 'hidden layer 1 (8 relu)'", a column the
    # file does not have, when the page's names were put into the report's finished text
    session = greeted_session
    text, row = _ln_sensors("0 Dense")
    send(session, {"type": "upload_csv", "text": text, "target": "label", "filename": "sensors.csv"})
    send(session, {"type": "set_state", "state": {"layers": [{"id": "a", "type": "dense", "units": 8,
                                                              "activation": "relu"}]}})
    send(session, {"type": "control", "action": "step_epoch"})
    assert session.wait_idle()
    assert session.scene()["network"]["layers"][0]["name"] == "hidden layer 1 (8 relu)"   # the page's name of 0 Dense
    (page,) = views.diagnoses(session.monitor, session.net)
    assert page["name"] == "inputs_out_of_range"
    assert f"column '0 Dense' holds 3e+38 in row {row} of sensors.csv (the test part)" in page["evidence"]
    assert "hidden layer 1" not in page["evidence"]
