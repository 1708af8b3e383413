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
from neuralab.train.input_range import add_rows, varying
from neuralab.train.input_scale import never_vary

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


def _ci_monitor(X, y, epochs=3):
    """A 16-unit classifier fitted to X, y with a Monitor: the monitor."""
    model = nn.MLP([X.shape[1], 16, 1], output="sigmoid", rng=np.random.default_rng(0))
    monitor = train.Monitor(every=5)
    model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=epochs, verbose=0,
              callbacks=[monitor], seed=0)
    return monitor


def _one_value_in_a_thousand():
    """1,000 rows of three columns, the first of which differs in one row, past the probe's 64."""
    X = np.tile([2.0, 5.0, 1.0], (1000, 1))
    X[500, 0] = 3.0
    return X


def test_a_column_that_differs_in_one_row_of_a_thousand_is_not_said_to_never_vary():
    # judged on the probe's 64 rows alone, it was: "every input is the same value in every row"
    monitor = _ci_monitor(_one_value_in_a_thousand(), _ci_labels(1000))
    assert never_vary(monitor.inputs)                # the probe missed the row that differs
    # the rows of the first epoch, read by the monitor up to the batch of the row that differs
    assert monitor.input_range["rows"] <= 1000 and varying(monitor.input_range).tolist() == [True, False, False]
    assert "constant_inputs" not in monitor.report().names
    assert monitor.to_dict()["input_range"]["max"] == [3.0, 5.0, 1.0]


@pytest.mark.parametrize("read, said", [
    (1000, "one value in all 1000 training rows: column 0"),
    (96, "one value in the first 96 of the 1000 training rows, those read so far (the first epoch has not "
         "ended): column 0"),
    (0, "one value in 64 training rows checked every 5 steps (a value that differs in a few "
        "rows only may be missing from them): column 0")])
def test_inputs_that_never_vary_are_said_over_the_rows_the_monitor_read(read, said):
    X = np.tile([2.0, 5.0, 1.0], (1000, 1))
    monitor = _ci_monitor(X, _ci_labels(1000))
    monitor.input_range = add_rows(None, X[:read]) if read else None
    (d,) = monitor.report()
    assert said in d.evidence


def test_the_rows_the_monitor_reads_are_judged_column_by_column():
    rows = np.array([[1.0, 2.0, np.nan], [1.0, 2.0, np.nan]])
    seen = add_rows(add_rows(None, rows[:1]), rows[1:])
    assert seen["rows"] == 2 and varying(seen).tolist() == [False, False, True]   # NaN: inputs_out_of_range's
    assert varying(add_rows(seen, np.array([[1.0, 3.0, 0.0]]))).tolist() == [False, True, True]


def _ci_on_the_page(rows, **upload):
    """The playground's finding of inputs that never vary, as its frames carry it, for the CSV ``rows``
    uploaded (``upload``: the message's other fields) and played until the finding comes."""
    from neuralab.play import views
    from neuralab.play.session import Session
    s = Session()
    try:
        send(s, {"type": "hello", "state": {}})
        send(s, {"type": "upload_csv", "text": "\n".join(rows), "target": "label", "filename": "same.csv", **upload})
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
    return found[0]


def test_the_playground_says_it_of_a_csv_whose_columns_each_hold_one_value_with_its_own_controls():
    # two columns: drawn on the plane, whose inputs X₁, X₂ the page labels by the columns' names
    found = _ci_on_the_page(["size,colour,label"] + [f"3,7,{int(label)}" for label in _ci_labels()[:, 0]])
    assert found["evidence"].startswith(SAID + "the most common class")
    # it said "column 0 (μ 0, σ 0), column 1 (μ 0, σ 0)": the page's model had no feature_names
    assert "column 'size' (μ 0, σ 0), column 'colour' (μ 0, σ 0)" in found["evidence"]
    assert found["remedies"][0].endswith(": the columns of your CSV: untick under Leave out those that vary, "
                                         "or mend the file and upload it again")


def test_the_playground_names_a_csvs_columns_as_its_features_column_does():
    # three columns, one of text read as one 0/1 column per category: 'colour_red', as the page lists it
    rows = ["size,colour,weight,label"] + [f"3,red,7,{int(label)}" for label in _ci_labels()[:, 0]]
    found = _ci_on_the_page(rows, one_hot="auto")
    named = "column 'size' (μ 0, σ 0), column 'weight' (μ 0, σ 0), column 'colour_red' (μ 0, σ 0)"
    assert named in found["evidence"]


def test_the_plane_inputs_are_named_as_the_page_labels_them():
    from neuralab.play.session import Session
    features = ["x1", "x1^2", "x1*x2", "sin(x2)"]
    rows = "height,weight,kind\n" + "".join(f"{i % 7},{i % 5},{'ab'[i % 2]}\n" for i in range(40))
    s = Session()
    try:
        send(s, {"type": "hello", "state": {"features": features}})
        generated = s.net.trained.feature_names
        send(s, {"type": "upload_csv", "text": rows, "target": "kind", "filename": "h.csv"})
        two_columns = s.net.trained.feature_names
    finally:
        s.close()
    assert generated == ("X₁", "X₁²", "X₁X₂", "sin(X₂)")
    assert two_columns == ("height", "height²", "height·weight", "sin(weight)")


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


def test_the_monitor_stops_reading_the_inputs_once_a_column_varies():
    # which settles it: it read a min and a max of every batch of the first epoch (5 % of an MNIST step)
    monitor = _ci_monitor(np.random.default_rng(0).normal(size=(1000, 3)), _ci_labels(1000))
    assert monitor.input_range["rows"] == 32 and varying(monitor.input_range).all()   # fit's first batch of 32
