"""What fit tells the callbacks of a divergence's cause, and what the training monitor and the
playground then advise: a divergence the data caused (inputs too large for the starting weights,
a row of X_val far past the training data, MSE targets whose squared errors overflow) is named as
such, never as a learning rate too high; a step too large still is.

The monitor reported every divergence as "[severe] Learning rate too high" with "lower the learning
rate", even where fit's own stop reason said that the learning rate was not the cause."""
import contextlib
import json

import numpy as np
import pytest

from neuralab import nn, optim
from neuralab.play.training_messages import stop_suggestion, stop_words
from neuralab.train import Callback, DivergenceWarning, Monitor
from neuralab.train.diagnose_loss import INPUT_CAUSES
from neuralab.train.divergence import CAUSES
from neuralab.train.remedies import FACES, REMEDIES

FLOAT32_MAX = float(np.finfo(np.float32).max)   # a marker of missing values some files hold


class _DivergenceLogsKept(Callback):
    """Keeps the logs fit gives ``on_train_end``."""

    def on_train_end(self, logs=None):
        self.logs = dict(logs)


def _cause_blobs(n=40):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 2)).astype(np.float32)
    return X, (X[:, 0] + X[:, 1] > 0).astype(np.float32)


def _diverging_fit(X, y, loss="bce_logits", optimizer=optim.Adam, far_row=False, **options):
    """A seeded 2-8-1 network fitted until it diverges: (History, Monitor, the logs of
    on_train_end, the DivergenceWarning). ``far_row``: X_val holds a row far past the training
    data, of which fit warns as it starts."""
    model = nn.MLP([2, 8, 1], rng=np.random.default_rng(0))
    monitor, kept = Monitor(every=1), _DivergenceLogsKept()
    with contextlib.ExitStack() as expected:
        if far_row:
            expected.enter_context(pytest.warns(UserWarning, match="far past every value of the training data"))
        caught = expected.enter_context(pytest.warns(DivergenceWarning))
        history = model.fit(X, y, loss=loss, optimizer=optimizer(model.parameters()), epochs=5, batch_size=10,
                            verbose=0, seed=0, callbacks=[monitor, kept], **options)
    diverged = [w for w in caught if w.category is DivergenceWarning]
    assert len(diverged) == 1 and len(caught) == 1 + far_row
    return history, monitor, kept.logs, diverged[0].message


def test_inputs_too_large_for_the_starting_weights_are_named_not_the_learning_rate():
    X, y = _cause_blobs()
    history, monitor, logs, warning = _diverging_fit(X * 1e30, y)
    assert "nothing was updated yet" in history.stop_reason
    assert logs["diverged"] is True and logs["divergence_cause"] == "inputs"
    assert warning.cause == monitor.divergence_cause == monitor.to_dict()["divergence_cause"] == "inputs"
    assert logs["divergence_row"] is warning.found is monitor.divergence_row is None
    report = monitor.report()
    assert report.names == ["inputs_out_of_range"]
    (d,) = report
    assert (d.severity, d.title) == ("severe", "Inputs the network cannot compute with")
    # fact, then remedy: fit's stop reason without its advice ("standardise the inputs with
    # data.Standardizer"), which the remedy below gives once
    what = history.stop_reason.split("; ")[0]
    assert d.evidence == (f"training diverged on the data, not on a step too large: {what}, before the first "
                          "update")
    assert "standardise" not in d.evidence and d.text().count("standardise") == 1
    words = "standardise the inputs (mean 0, std 1 per feature)"
    assert d.advice("python") == [f"{words}: data.Standardizer"]
    assert d.advice("cli") == []        # neuralab train standardises the inputs itself
    # the page has no control for it (it standardises a table, not the plane's features): its script has
    assert d.advice("play") == [f"{words}: in the ⤓ Python script, data.Standardizer"]
    assert not any(advice in report.text(face) for face in FACES
                   for advice in ("lower the learning rate", "lower learning rate", "clip"))


def test_a_validation_row_far_past_the_training_data_is_named_with_its_remedy_in_each_face():
    X, y = _cause_blobs()
    X_val = X.copy()
    X_val[12, 0] = FLOAT32_MAX
    history, monitor, logs, warning = _diverging_fit(X, y, far_row=True, validation_data=(X_val, y))
    assert "row 12 of X_val holds 3.4e+38" in history.stop_reason
    assert logs["divergence_cause"] == warning.cause == monitor.divergence_cause == "validation_row"
    # the row, its value and the training data's bound, for a face that names the row its own way
    assert logs["divergence_row"] == warning.found == monitor.divergence_row == (12, FLOAT32_MAX, float(np.abs(X).max()))
    # and to_dict, "everything recorded", keeps it as JSON (it left the row out)
    assert json.loads(json.dumps(monitor.to_dict()))["divergence_row"] == [12, FLOAT32_MAX, float(np.abs(X).max())]
    report = monitor.report()
    assert report.names[0] == "inputs_out_of_range" and "learning_rate_too_high" not in report.names
    d = report[0]
    # the row is a fact and stays; fit's "Fix or leave out that row" is the remedy's to say, once
    assert d.severity == "severe" and d.evidence.endswith("row 12 of X_val holds 3.4e+38, far past every value of "
                                                          "the training data (|x| <= 2.33): a marker of missing "
                                                          "values, or data in other units?")
    assert history.stop_reason.endswith("Fix or leave out that row") and "fix or leave out" not in d.evidence.lower()
    words = ("fix or leave out the row that holds the value (a marker of missing values is no "
             "measurement; data in other units must be converted to the training data's)")
    assert d.advice("python") == [f"{words}: np.delete(X_val, row, axis=0), and the same row of y_val"]
    assert d.advice("cli") == [f"{words}: in the data file, at the row named above"]
    assert d.advice("play") == [f"{words}: in the CSV file, then upload it again"]
    assert "standardise" not in report.text()     # standardised with X's statistics, the row stays far


def test_a_step_too_large_is_still_blamed_on_the_learning_rate():
    X, y = _cause_blobs()
    history, monitor, logs, warning = _diverging_fit(X, y, optimizer=lambda params: optim.SGD(params, lr=1e6))
    assert history.stop_reason.endswith("try a lower learning rate (now 1e+06)")
    assert logs["diverged"] is True
    assert logs["divergence_cause"] == warning.cause == monitor.divergence_cause == "learning_rate"
    report = monitor.report()
    assert report.names[0] == "learning_rate_too_high" and "inputs_out_of_range" not in report.names
    d = report[0]
    # fit's warning says "try a lower learning rate (now 1e+06)": the finding says what happened and at
    # what rate, and what else to try, never a lower rate again (neuralab train prints both)
    what = history.stop_reason.split("; ")[0]
    assert d.severity == "severe" and d.evidence.startswith(f"training diverged at lr 1e+06: {what}")
    assert "lower" not in d.text()
    others = [r for r in REMEDIES["learning_rate_too_high"] if r.key != "lr"]
    assert [r.words for r in d.remedies] == [r.words for r in others] and others
    # a schedule that halves the lr within the run's 5 epochs (step 50 would never be reached)
    said = {"step_size=50": "step_size=1",
            "step:50:0.5 or --schedule warmup:5,cosine:50": "step:1:0.5 or --schedule warmup:1,cosine:5"}
    for face in FACES:
        expected = [r.in_terms(face) for r in others]
        for general, for_the_run in said.items():
            expected = [a.replace(general, for_the_run) for a in expected]
        assert d.advice(face) == expected


@pytest.mark.parametrize("scaled, cause, names", [("X", "inputs", ["inputs_out_of_range"]),
                                                  ("y", "targets", ["unscaled_target"])])
def test_a_regression_s_divergence_names_the_inputs_or_the_targets_whichever_overflowed(scaled, cause, names):
    # MSE's advice said to standardise the inputs and the targets whichever overflowed; the monitor
    # then named the inputs where only the targets were far from 0
    X, y = _cause_blobs()
    X, y = (X * 1e30, y) if scaled == "X" else (X, y * 1e20)
    history, monitor, logs, _ = _diverging_fit(X, y, loss="mse")
    assert logs["divergence_cause"] == monitor.divergence_cause == cause
    assert ("standardise the inputs" in history.stop_reason) == (scaled == "X")
    assert ("the targets' scale" in history.stop_reason) == (scaled == "y")
    report = monitor.report()
    # what diverged, where: each finding leaves out the stop reason's advice, which its remedy gives
    what = history.stop_reason.split("; ", 1)[0]
    assert report.names == names and what in report[0].evidence and "standardise" not in report[0].evidence


def test_every_cause_fit_can_tell_is_named_by_a_diagnosis():
    # learning_rate_too_high names "learning_rate", unscaled_target "targets", inputs_out_of_range
    # the others: a cause added to divergence.py without a rule would fall back to no diagnosis
    assert set(CAUSES) == {"learning_rate", "targets", *INPUT_CAUSES}


def test_a_divergence_warning_raised_as_an_error_carries_the_cause():
    # where warnings are errors (the playground's thread under pytest), fit never reaches
    # on_train_end: the warning itself must say what it blames
    X, y = _cause_blobs()
    model = nn.MLP([2, 8, 1], rng=np.random.default_rng(0))
    with pytest.raises(DivergenceWarning) as error:
        model.fit(X * 1e30, y, loss="bce_logits", optimizer="adam", epochs=2, verbose=0)
    assert error.value.cause == "inputs"


@pytest.mark.parametrize("cause", [None, "learning_rate", "inputs", "targets", "validation_row"])
def test_the_playground_suggests_a_lower_learning_rate_only_where_it_can_be_the_cause(cause):
    suggestion = stop_suggestion("diverged", cause, 0.5)
    can_be = cause in (None, "learning_rate")    # None: a DivergenceWarning raised elsewhere
    # where fit blames the learning rate, its advice "try a lower learning rate (now 0.5)" leaves
    # the message for the suggestion (stop_words): the banner said it twice
    assert ("lower the learning rate (now 0.5)" in suggestion) == (cause is None)
    assert ("a learning rate lower than 0.5 into the Learning rate box" in suggestion) == (cause == "learning_rate")
    assert ("the learning rate is not the cause" in suggestion) != can_be
    assert ("leave out that row" in suggestion) == (cause == "validation_row")
    assert stop_suggestion(None, cause, 0.5) == "change the settings and press play"


@pytest.mark.parametrize("advice", ["try a lower learning rate (now 3)",
                                    "standardise the inputs, or try a lower learning rate (now 3)",
                                    "standardise the targets first; then, if it still diverges, try a lower "
                                    "learning rate (now 3)"])
def test_the_banner_says_fits_advice_of_a_lower_learning_rate_once_in_the_pages_words(advice):
    # the banner read "...; try a lower learning rate (now 3) type a lower one into the Learning
    # rate box and press play, or reset": fit's advice, then the page's, the same twice
    what = ("training stopped: the loss became inf at epoch 1, batch 3 "
            "(step 3: the readout stopped at Epoch 0 · step 2)")
    message, suggestion = stop_words(f"{what}; {advice}", "diverged", "learning_rate", 3.0)
    banner = f"{message} {suggestion}"
    assert message == what and banner.count("lower") == 1 and banner.count("learning rate") == 1
    assert suggestion.startswith(advice.replace("try a lower learning rate (now 3)", ""))   # fit's other advice kept
    assert suggestion.endswith("type a learning rate lower than 3 into the Learning rate box and press play, or reset")
    # another cause, or a stop that is no divergence, keeps fit's words whole
    for kind, cause in [("diverged", "inputs"), ("stopped", None)]:
        assert stop_words(f"{what}; {advice}", kind, cause, 3.0)[0] == f"{what}; {advice}"


def test_neuralab_train_names_a_validation_row_in_its_own_terms_not_the_learning_rate(tmp_path, capsys):
    # --early-stopping holds a validation part out of the training part: a marker of missing
    # values there overflowed its outputs, and --monitor said "Learning rate too high: --lr"
    from neuralab import cli, data
    from neuralab.cli import dataset as cli_data
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    rows = np.arange(len(y), dtype=float)[:, None]       # the command's two splits, on row numbers
    rest, _, y_rest, _ = data.train_test_split(rows, y, test_size=cli_data.TEST_SIZE, seed=1, stratify=True)
    _, held_out, _, _ = data.train_test_split(rest, y_rest, test_size=cli_data.VALIDATION_SIZE, seed=1,
                                              stratify=True)
    row = int(held_out[3, 0])
    X[row, 0] = 3e38    # not its first row, which check_target runs forward alone
    path = tmp_path / "marker.csv"
    path.write_text("a,b,label\n" + "".join(f"{a:.17g},{b:.17g},{c}\n" for (a, b), c in zip(X, y)))
    assert cli.main(["train", "--data", str(path), "--target", "label", "--epochs", "3", "--seed", "1",
                     "--early-stopping", "5", "--monitor", "--quiet", "--out", str(tmp_path / "run")]) == 0
    captured = capsys.readouterr()
    # fit's warning as it starts is one of the command's lines, not Python's "file:line: UserWarning",
    # naming the file's row and the value it holds, not the 4th row of an X_val the user never saw;
    # so do the stop reason, in the warning that training stopped, the monitor's evidence and
    # metrics.json (they said "row 3 of X_val holds 3e+38" with the value standardised)
    in_file = f"column 'a' holds 3e+38 in row {row + 1} of {path} (the validation part), far past every value"
    warned, stopped = captured.err.splitlines()
    assert warned.startswith(f"warning: {in_file} of the training part (")
    assert stopped.startswith("warning: training stopped: the outputs for the validation part overflowed")
    assert f"; {in_file}" in stopped and stopped.endswith("Fix or leave out that row")
    assert "X_val" not in captured.out + captured.err and "UserWarning" not in captured.err
    report = captured.out.split("Training monitor:")[1]
    assert "[severe] Inputs the network cannot compute with" in report and "Learning rate too high" not in report
    assert f"; {in_file}" in report and "in the data file, at the row named above" in report and "--lr" not in report
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert in_file in metrics["stop_reason"] and stopped.endswith(metrics["stop_reason"])


def test_neuralab_train_says_a_lower_learning_rate_once_after_a_divergence(tmp_path, capsys):
    # --monitor printed fit's "try a lower learning rate (now 3)" and, below it, the finding's "lower the
    # learning rate (divide it by 3 to 10): --lr": the finding now says what happened and what else to try
    from neuralab import cli
    assert cli.main(["train", "--dataset", "sine", "--optimizer", "sgd", "--lr", "3", "--epochs", "30", "--monitor",
                     "--quiet", "--out", str(tmp_path / "run")]) == 0
    captured = capsys.readouterr()
    assert "warning: training stopped: the loss became inf at epoch" in captured.err
    assert captured.err.count("try a lower learning rate (now 3)") == 1
    report = captured.out.split("Training monitor:")[1]
    assert "[severe] Learning rate too high" in report and "training diverged at lr 3: the loss became inf" in report
    assert "clip the gradients: --clip-norm 1" in report and "--lr" not in report
    assert (captured.out + captured.err).count("lower") == 1
