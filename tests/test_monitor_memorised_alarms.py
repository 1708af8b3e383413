"""False alarms of "Nothing learnt carries to new data" (``diagnose_memorised``), found on a learner's walk
through the playground: a sigmoid network on a spiral of true labels, 66 % of its training points and 55 %
of new ones, was told to check its labels and use a smaller network; and a network of saturated units,
which scores at guessing's on new points because it learns nothing, was told so beside its saturation.
Random labels learnt by heart are still told it. And the remedy "a smaller network" names the page's −
buttons, as Python's and the command line's sizes."""
from pathlib import Path

import numpy as np
import pytest

import neuralab
from neuralab import data, nn, optim
from neuralab.train import Monitor
from neuralab.train.diagnose_shares import chance_level
from neuralab.train.remedies import REMEDIES


def _ma_run(name, activation, layers, opt, lr, noise=0.1, shuffled=False, seed=1, epochs=200):
    """``layers`` of ``activation`` fitted with BCE on the logits to the first half of 400 points of the
    dataset ``name`` (labels shuffled apart from their rows when ``shuffled``), the rest held out:
    (monitor, {"accuracy", "val_accuracy", "loss", "val_loss"}: means over the last tenth of the epochs,
    the losses as shares of guessing's)."""
    ds = data.load(name, n_samples=400, noise=noise, seed=seed)
    X, y = ds.X, ds.y.reshape(-1, 1).astype(np.float64)
    if shuffled:
        y = y[np.random.default_rng(0).permutation(len(y))]
    neuralab.seed(seed)
    model = nn.MLP(layers, activation=activation, output=None)
    monitor = Monitor()
    history = model.fit(X[:200], y[:200], loss="bce_logits", optimizer=opt(model.parameters(), lr=lr),
                        epochs=epochs, batch_size=10, validation_data=(X[200:], y[200:]), callbacks=[monitor],
                        verbose=0, metrics=["accuracy"], seed=seed)
    guess = chance_level(monitor)[0]
    ends = {key: float(np.mean(values[-epochs // 10:])) for key, values in history.history.items()}
    return monitor, {"accuracy": ends["accuracy"], "val_accuracy": ends["val_accuracy"],
                     "loss": ends["loss"] / guess, "val_loss": ends["val_loss"] / guess}


def test_a_weak_pattern_of_true_labels_is_not_told_it_memorised():
    # SGD at lr 0.3: 66 % of the training points and 55 % of new ones, its held-out loss just above
    # guessing's: "check the labels" and "a smaller network" were told a network that learns too little
    monitor, end = _ma_run("spiral", "sigmoid", [2, 8, 8, 1], optim.SGD, 0.3)
    assert end["accuracy"] > 0.625 and end["val_accuracy"] < 0.6          # as the rule read it before
    assert end["loss"] < 0.97 and end["val_loss"] - end["loss"] >= 0.1
    # what it learnt carries in part: the loss on new points is above guessing's by far less than the
    # training loss fell below it (memorised answers cost new points about what they gain)
    assert end["val_loss"] - 1 < 0.6 * (1 - end["loss"])
    assert "memorised" not in monitor.report().names


def test_units_saturated_are_reported_alone_not_as_labels_memorised():
    # Adam at lr 0.1 drove most sigmoid units into the tails: the saturation says why it does poorly on new
    # points, and its remedies (fresh weights, a lower lr) are the ones to try, not the labels' check
    monitor, end = _ma_run("spiral", "sigmoid", [2, 8, 8, 1], optim.Adam, 0.1, noise=0.5)
    report = monitor.report()
    saturated = report[report.names.index("saturated_units")]
    assert saturated.severity == "severe"
    # the losses alone read as memorising: it is the severe finding that silences the rule
    assert end["loss"] < 0.97 and end["val_accuracy"] < 0.6 and end["val_loss"] - 1 >= 0.6 * (1 - end["loss"])
    assert "memorised" not in report.names


@pytest.mark.parametrize("name, activation, layers", [("circles", "relu", [2, 8, 8, 1]),
                                                       ("spiral", "tanh", [2, 32, 32, 1])])
def test_random_labels_learnt_by_heart_are_still_told_that_nothing_carries(name, activation, layers):
    monitor, end = _ma_run(name, activation, layers, optim.Adam, 0.01, shuffled=True, seed=0)
    assert end["accuracy"] > 0.6 and end["val_accuracy"] < 0.55 and end["val_loss"] > 1.1
    report = monitor.report()
    d = report[report.names.index("memorised")]
    assert d.severity == "severe" and d.remedies[0].key == "labels"


def test_a_smaller_network_is_said_with_each_faces_sizes():
    (smaller,) = [r for r in REMEDIES["overfitting"] if r.words == "a smaller network"]
    assert smaller.in_terms("python") == "a smaller network: smaller sizes in nn.MLP([...]), or fewer of them"
    assert smaller.in_terms("cli") == "a smaller network: smaller sizes in --layers, or fewer of them"
    assert smaller.in_terms("play") == ("a smaller network: − on a layer's card removes a neuron, − above the "
                                        "network the last hidden block")
    # the page's buttons: "−" on a block's card and above the network
    controls = (Path(neuralab.__file__).parent / "play" / "static" / "controls.js").read_text()
    assert "testid: `units-minus-${i}`" in controls and "'remove a neuron'" in controls
    assert "testid: 'remove-layer', 'aria-label': 'Remove the last hidden block' }, '−'" in controls
    assert "'remove the last hidden layer'" in controls


def test_the_page_leaves_out_what_it_does_itself_and_names_its_panel_for_the_gradients():
    # its loss of a sigmoid or softmax output is computed from the logits, and its blocks start their biases
    # at 0: the remedies that say to do so are not the page's to try
    said = {r.key: r.in_terms("play") for name in ("no_gradient", "dead_relus", "learning_rate_too_low")
            for r in REMEDIES[name]}
    assert said["logits"] is None and said["biases"] is None
    assert said["check_gradients"].endswith(": the gradient norm of each layer in the Gradients & diagnosis panel")
    index = (Path(neuralab.__file__).parent / "play" / "static" / "index.html").read_text()
    assert "Gradients &amp; diagnosis" in index
