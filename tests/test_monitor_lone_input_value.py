"""A missing-value marker standardised with its column (99999 among values in 0..1) holds the
column's spread: the other values end a hair apart and the network cannot use them. The monitor
names that value and the column as the fit saw them, and advises replacing or dropping it, not
"standardise the inputs": the column is standardised already (the probe's 64 rows, which miss the
marker's row, showed a spread "far below unit scale"). A report whose reader was warned of the
column before training points back to that warning instead of saying it again."""
import json

import numpy as np
import pytest

from neuralab import data, nn, optim
from neuralab.data.spread import LoneValueWarning
from neuralab.train import Monitor

MARKER_ROW = 17


def _lv_data(marker_row=MARKER_ROW, m=300):
    """X (m, 2) in 0..1, 99999 at ``marker_row`` of column 1, and labels that column 1 alone tells."""
    X = np.random.default_rng(0).uniform(0, 1, (m, 2))
    y = (X[:, 1] > 0.5).astype(np.int64)
    X[marker_row, 1] = 99999
    return X, y


def _lv_run(X, y, shuffle=True):
    """The monitor of a 2-16-2 network fitted 30 epochs to ``X`` standardised."""
    with pytest.warns(LoneValueWarning, match="holds 99999"):
        Z = data.Standardizer().fit_transform(X)
    model = nn.MLP([2, 16, 2], rng=np.random.default_rng(0))
    monitor = Monitor(every=5)
    model.fit(Z, y, loss="cross_entropy", optimizer=optim.Adam(model.parameters(), lr=0.01), epochs=30,
              verbose=0, callbacks=[monitor], seed=0, shuffle=shuffle)
    return monitor, Z


def test_a_standardised_marker_is_named_with_its_remedy_not_told_to_standardise():
    X, y = _lv_data()
    monitor, Z = _lv_run(X, y)
    report = monitor.report()
    assert "unscaled_inputs" not in report.names      # it said "far below unit scale": standardise them
    (d,) = [d for d in report if d.name == "lone_input_value"]
    assert d.title == "One value holds an input column's spread" and d.severity == "warning"
    # the value and its column as the fit saw them: standardised, over the training rows
    assert f"column 1 holds {Z[MARKER_ROW, 1]:.3g} in one of the 300 training rows of the first epoch" in d.evidence
    assert "over 99.9% of the column's spread: standardised already (μ 0.00, σ 1.00 over those rows)" in d.evidence
    assert "does not fit its training data" in d.evidence
    assert [r.key for r in d.remedies] == ["lone_value", "transform_column"]
    assert d.remedies[0].startswith("replace that value by a real one, or drop its row")
    assert not any(r.key == "standardise" for f in report for r in f.remedies)


def test_a_marker_the_probe_holds_is_named_too():
    # in the first batch (no shuffle): the probe's column is then no small spread, and the value shows in it
    X, y = _lv_data(marker_row=5)
    monitor, Z = _lv_run(X, y, shuffle=False)
    assert max(monitor.inputs["max"]) == pytest.approx(Z[5, 1])      # the probe's rows hold it
    (d,) = [d for d in monitor.report() if d.name == "lone_input_value"]
    assert f"column 1 holds {Z[5, 1]:.3g} in one of the 300" in d.evidence


def test_a_reader_warned_before_training_is_pointed_back_to_the_warning():
    X, y = _lv_data()
    monitor, Z = _lv_run(X, y)
    (d,) = [d for d in monitor.report(warned_columns=[1]) if d.name == "lone_input_value"]
    assert d.evidence.startswith(f"in the inputs 0 Dense takes, column 1 holds the value the warning before "
                                 f"training named ({Z[MARKER_ROW, 1]:.3g} as standardised)")
    assert "99.9%" not in d.evidence and "end within" not in d.evidence   # the warning's facts, said once
    assert [r.key for r in d.remedies] == ["lone_value"]
    assert d.advice("cli") == ["replace or drop that value: in the data file, at the row the warning before "
                               "training names"]
    # warned of another column: this one's value is said in full
    (other,) = [d for d in monitor.report(warned_columns=[0]) if d.name == "lone_input_value"]
    assert "over 99.9% of the column's spread" in other.evidence


@pytest.mark.parametrize("columns", ["1", [1.0], [-1], [True], 1])
def test_warned_columns_that_are_no_column_indices_are_refused_and_the_report_unchanged(columns):
    X, y = _lv_data()
    monitor, _ = _lv_run(X, y)
    before = json.dumps(monitor.to_dict())
    with pytest.raises(TypeError, match=r"warned_columns must be column indices \(ints >= 0\)"):
        monitor.report(warned_columns=columns)
    assert json.dumps(monitor.to_dict()) == before
    assert "lone_input_value" in monitor.report().names


def test_the_lone_value_is_recorded_as_json_and_a_fit_that_fits_is_not_told_of_it():
    X, y = _lv_data()
    y = (X[:, 0] > 0.5).astype(np.int64)        # column 0 alone tells the labels: the network fits them
    monitor, Z = _lv_run(X, y)
    (lone,) = json.loads(json.dumps(monitor.to_dict()))["lone_inputs"]
    assert (lone["column"], lone["count"], lone["rows"]) == (1, 1, 300)
    assert lone["value"] == pytest.approx(Z[MARKER_ROW, 1]) and lone["std"] == pytest.approx(1)
    assert "lone_input_value" not in monitor.report().names    # a run that fits lost nothing to it


def test_a_column_of_a_small_spread_with_no_lone_value_is_still_told_to_standardise():
    # raw values in hundredths, never standardised: that finding stays
    X, y = _lv_data()
    X[MARKER_ROW, 1] = 0.5
    X[:, 1] *= 0.01
    model = nn.MLP([2, 16, 2], rng=np.random.default_rng(0))
    monitor = Monitor(every=5)
    model.fit(X, y, loss="cross_entropy", optimizer=optim.SGD(model.parameters(), lr=0.01), epochs=5,
              verbose=0, callbacks=[monitor], seed=0)
    assert monitor.lone_inputs == []
    report = monitor.report()
    assert "unscaled_inputs" in report.names and "lone_input_value" not in report.names
