"""The monitor's findings of a run cut short, slowed on a plateau, or that learnt nothing that holds on
new data, as the playground says them: its runs go on until ❚❚ pauses them ("is still falling", not
"when the run ended"), the held-out data are its test points, and each remedy names the page's
control (the Learning rate box, ▶, Points, Train ratio, Noise), never Python's fit(..., epochs=...)."""
import re
import time

import pytest
from session_kit import send

from neuralab.play import views
from neuralab.play.session import Session
from neuralab.train.diagnosis import problem
from neuralab.train.remedies import REMEDIES

PYTHON = re.compile(r"\w\(|\w=|optim\.|nn\.|restore_best|--\w")    # fit(, lr=, optim.SGD, nn.MLP, a CLI option


def _pw_found(state, name, limit=90):
    """Play a session of ``state`` until the monitor's report, in the page's words
    (``views.diagnoses``), holds the finding ``name``; pause, and return (that finding, the report)."""
    s = Session()
    try:
        send(s, {"type": "hello", "state": state})
        send(s, {"type": "control", "action": "play"})
        deadline, found, report = time.monotonic() + limit, [], []
        while time.monotonic() < deadline and not found:
            time.sleep(0.05)
            with s.model_lock():   # as the frames read it, between two batches
                report = views.diagnoses(s.monitor, s.net)
            found = [d for d in report if d["name"] == name]
        send(s, {"type": "control", "action": "pause"})
        assert s.wait_idle()
    finally:
        s.close()
    assert found, f"no {name} within {limit} s: {[d['name'] for d in report]}"
    return found[0], report


def _pw_layers(units, activation):
    return [{"id": f"h{i}", "type": "dense", "units": n, "activation": activation} for i, n in enumerate(units)]


def _pw_said_on_the_page(d):
    assert not any(PYTHON.search(r) for r in d["remedies"]), d["remedies"]
    assert "validation" not in d["evidence"]


def test_a_run_in_tiny_steps_is_told_it_is_still_improving_and_how_the_page_speeds_it_up():
    d, _ = _pw_found({"dataset": {"name": "moons", "noise": 0.2, "n_samples": 400, "seed": 1},
                      "layers": _pw_layers([16, 16], "relu"),
                      "hparams": {"optimizer": "sgd", "lr": 1e-4, "batch_size": 32}}, "still_improving")
    assert d["title"] == "Still improving, in small steps" and d["severity"] == "warning"
    # the page's fit runs until paused: its report is made while the run goes on
    assert re.match(r"the training loss is still falling after \d+ epochs: ", d["evidence"]), d["evidence"]
    assert "when the run ended" not in d["evidence"]
    assert d["remedies"][0].endswith(": the Learning rate box")
    assert any(r.startswith("train for more epochs: let ▶ run on") for r in d["remedies"])
    assert any(r.endswith(": Optimizer adam") for r in d["remedies"])
    _pw_said_on_the_page(d)


def test_labels_the_inputs_hardly_predict_are_told_apart_from_learning_with_the_pages_data_controls():
    # moons at Noise 5: the points of both classes overlap, and 32-32 ReLU units learn the training
    # points one by one
    d, report = _pw_found({"dataset": {"name": "moons", "noise": 5, "n_samples": 200, "seed": 1},
                           "layers": _pw_layers([32, 32], "relu"),
                           "hparams": {"optimizer": "adam", "lr": 0.01, "batch_size": 10}}, "memorised")
    assert d["title"] == "Nothing learnt carries to new data" and d["severity"] == "severe"
    assert "while on the test points the loss is" in d["evidence"]
    assert "overfitting" not in [f["name"] for f in report]
    assert d["remedies"] == [
        "check that the labels follow from the inputs: for a generated dataset, a lower Noise; for your CSV, "
        "its Target column",
        "more training data: more Points (a generated dataset), or a higher Train ratio",
        "a smaller network, which has too few weights to hold each point on its own: − on a layer's card removes "
        "a neuron, − above the network the last hidden block",
        "an L2 penalty, so that memorising each point costs more than learning a pattern: the L2 box"]
    _pw_said_on_the_page(d)


def test_a_sigmoid_network_on_a_plateau_is_told_to_let_it_run_and_which_blocks_to_change():
    d, _ = _pw_found({"dataset": {"name": "checkerboard", "n_samples": 800, "seed": 0, "noise": 0},
                      "layers": _pw_layers([32], "sigmoid"),
                      "hparams": {"optimizer": "sgd", "lr": 0.1, "batch_size": 32}}, "slow_plateau")
    assert d["title"] == "Leaving a plateau near guessing's loss slowly"
    assert "sigmoid/tanh units pass little gradient" in d["evidence"]
    assert [r.split(": ")[-1] for r in d["remedies"]] == [
        "let ▶ run on (the page trains until ❚❚ pauses it; Speed max is the fastest)", "Optimizer adam",
        "each Dense block's activation", "+ on a layer's card adds a neuron, + above the network a hidden layer"]
    _pw_said_on_the_page(d)


@pytest.mark.parametrize("name", ["memorised", "still_improving", "slow_plateau"])
def test_every_remedy_of_the_new_findings_names_a_control_of_the_page_or_is_plain_words(name):
    d = problem(name, False, "evidence")
    advice = d.advice("play")
    assert len(advice) == len(REMEDIES[name])            # none is left out: the page has each remedy
    assert not any(PYTHON.search(a) for a in advice), advice
    # the same remedies keep their Python and command-line words
    python, cli = " ".join(d.advice()), " ".join(d.advice("cli"))
    assert "--" not in python and "fit(" not in cli and "nn." not in cli


def test_fewer_epochs_and_more_epochs_read_as_the_page_does_them():
    # "fewer epochs" (a late rise) and "more epochs" (a run cut short) had one key, and so would both
    # have read "let ▶ run on" on the page
    late = [r.in_terms("play") for r in REMEDIES["late_rise"] if r.key == "epochs"]
    more = [r.in_terms("play") for r in REMEDIES["still_improving"] if r.key == "more_epochs"]
    assert late == ["fewer epochs: those after the loss converged gain nothing: press ❚❚ once the loss has "
                    "levelled off"]
    assert more == ["train for more epochs: let ▶ run on (the page trains until ❚❚ pauses it; Speed max is "
                    "the fastest)"]
    assert [r.in_terms("python") for r in REMEDIES["still_improving"] if r.key == "more_epochs"] == [
        "train for more epochs: fit(..., epochs=...)"]
