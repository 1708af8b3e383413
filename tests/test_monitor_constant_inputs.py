"""Inputs that never vary: a CSV column of one value, or features a bug made constant. The monitor's
scale rules judge nothing of them (standardising makes every column 0), so its report said "no
problems found" while the network could only learn the mean of the target or the class shares. It
now says so, first and once; and an output pinned on such inputs, or on data of one row, is no
longer told to standardise them."""
import time

import numpy as np
import pytest
from session_kit import send

from neuralab import data, nn, optim, train

SAID = "every input is the same value in every row: the network can only learn "


def _ci_fit(X, y, loss="bce", output="sigmoid", activation="relu", lr=0.01, opt="adam", epochs=30, seed=0):
    """A 16-unit network fitted to X, y with a Monitor: its report."""
    model = nn.MLP([X.shape[1], 16, 1], activation=activation, output=output, rng=np.random.default_rng(seed))
    optimizer = (optim.Adam if opt == "adam" else optim.SGD)(model.parameters(), lr=lr)
    monitor = train.Monitor(every=5)
    model.fit(X, y, loss=loss, optimizer=optimizer, epochs=epochs, verbose=0, callbacks=[monitor], seed=0)
    return monitor.report()


def _ci_labels(n=200):
    return (np.random.default_rng(0).random((n, 1)) < 0.3).astype(float)


def test_a_classifier_whose_inputs_never_vary_is_told_it_can_only_learn_the_most_common_class():
    X = np.tile([2.0, 5.0, 1.0], (200, 1))
    report = _ci_fit(X, _ci_labels())
    assert report.names == ["constant_inputs"]        # it said "no problems found"
    (d,) = report
    assert d.severity == "severe" and d.title == "Inputs that never vary"
    assert d.evidence.startswith(SAID + "the most common class")
    assert "column 0 (μ 2, σ 0), column 1 (μ 5, σ 0), column 2 (μ 1, σ 0)" in d.evidence
    assert d.advice()[0].endswith("X.std(axis=0), each column's spread over the rows: 0 for a column of one value")
    assert "--target" in d.advice("cli")[0]


def test_a_regression_on_inputs_that_never_vary_is_told_it_can_only_learn_the_mean():
    X = np.full((200, 2), 7.0)
    y = np.random.default_rng(1).normal(1.0, 3.0, (200, 1))
    report = _ci_fit(X, y, loss="mse", output=None)
    assert report.names[0] == "constant_inputs"
    assert report[0].evidence.startswith(SAID + "the mean of the target.")


def test_inputs_of_zeros_are_named_alone_not_the_dead_units_they_leave():
    # x = 0 and b = 0: every ReLU unit outputs 0, and "dead ReLU units" was all the report said,
    # with leaky ReLU and a lower learning rate to try, which change nothing of it
    report = _ci_fit(np.zeros((200, 2)), _ci_labels())
    assert report.names == ["constant_inputs"]


@pytest.mark.parametrize("X", [np.array([[2.0, 5.0]]),                                   # one row
                               np.column_stack([np.full(200, 3.0),                       # one column varies
                                                np.random.default_rng(2).normal(size=200)])],
                         ids=["one row", "one column varies"])
def test_one_row_or_a_column_that_varies_is_not_said_to_never_vary(X):
    assert "constant_inputs" not in _ci_fit(X, _ci_labels(len(X))).names


def test_an_output_pinned_on_one_row_is_not_told_to_standardise_it():
    # one row of (13, -13), target 0: the output pinned at 1 under MSE; standardising makes both
    # inputs 0, and it was the second remedy all the same (on inputs that never vary, that finding
    # alone is reported, as the next test's case shows)
    report = _ci_fit(np.array([[13.0, -13.0]]), np.array([[0.0]]), loss="mse", lr=0.001, epochs=60, seed=2)
    (d,) = [d for d in report if d.name == "pinned_output"]
    assert [r.key for r in d.remedies][0] == "logits"
    assert not any("standardise" in r for r in d.advice())


def test_the_playground_says_it_of_a_csv_whose_columns_each_hold_one_value_with_its_own_controls():
    from neuralab.play import views
    from neuralab.play.session import Session
    rows = ["size,colour,label"] + [f"3,7,{int(label)}" for label in _ci_labels()[:, 0]]
    s = Session()
    try:
        send(s, {"type": "hello", "state": {}})
        send(s, {"type": "upload_csv", "text": "\n".join(rows), "target": "label", "filename": "same.csv"})
        send(s, {"type": "control", "action": "play"})
        deadline, found = time.monotonic() + 60, []
        while time.monotonic() < deadline and not found:
            time.sleep(0.05)
            with s.model_lock():   # as the frames read it, between two batches
                found = [d for d in views.diagnoses(s.monitor, s.net) if d["name"] == "constant_inputs"]
        send(s, {"type": "control", "action": "pause"})
        assert s.wait_idle()
    finally:
        s.close()
    assert found, "no constant_inputs within 60 s"
    assert found[0]["evidence"].startswith(SAID + "the most common class")
    assert found[0]["remedies"][0].endswith(": the columns of your CSV: untick under Leave out those that vary, "
                                            "or mend the file and upload it again")


def test_an_output_pinned_on_inputs_that_never_vary_is_reported_as_inputs_that_never_vary_alone():
    # constant xor inputs at SGD's lr 3: the output pinned in its tails under MSE, which was
    # reported with "standardise the inputs" as its second remedy
    X, y = np.tile([3.0, -2.0], (300, 1)), data.load("xor", n_samples=300, seed=0).y
    report = _ci_fit(X, y, loss="mse", lr=3, opt="sgd", epochs=40)
    assert report.names == ["constant_inputs"]


def test_no_gradient_on_one_row_is_not_told_to_standardise_it():
    # one row of (16, -16), target 0, under MSE: nothing learns, and "standardise the inputs" was
    # its second remedy, which would make both inputs 0
    report = _ci_fit(np.array([[16.0, -16.0]]), np.array([[0.0]]), loss="mse", lr=0.001, epochs=60, seed=2)
    (d,) = [d for d in report if d.name == "no_gradient"]
    assert "standardise" not in [r.key for r in d.remedies]
    assert [r.key for r in d.remedies][:2] == ["init", "logits"]
