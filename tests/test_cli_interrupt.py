"""Ctrl-C during `neuralab train`: the run keeps what it trained, says so, and writes it."""
import csv
import json
import os
import signal

import numpy as np
import pytest

from neuralab import cli, data, load
from neuralab.cli import interrupt, train as train_command
from neuralab.nn.random import seed as set_seed


@pytest.fixture(autouse=True)
def ctrl_c_reaches_python():
    """A Ctrl-C raises KeyboardInterrupt, as in a terminal, whatever the test process inherited:
    pytest started in the background ('pytest &' in a script, as a CI step may run it) ignores
    SIGINT, and then every real SIGINT these tests send would be lost and each run go to its end."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupt_test_epochs(out):
    """The epochs of the run's history.csv, one line each."""
    with open(out / "history.csv", newline="", encoding="utf-8") as f:
        return [int(row["epoch"]) for row in csv.DictReader(f)]


def _ctrl_c_at_epoch(monkeypatch, epoch, times):
    """Makes the run's StopOnInterrupt send itself ``times`` real SIGINTs (a Ctrl-C, pressed
    ``times`` over) at the end of ``epoch`` (1-based), as a learner's key press would arrive."""
    class CtrlCAtEpochForInterruptTest(interrupt.StopOnInterrupt):
        def on_epoch_end(self, done, logs=None):
            if done + 1 == epoch:
                for _ in range(times):
                    os.kill(os.getpid(), signal.SIGINT)
    monkeypatch.setattr(train_command, "StopOnInterrupt", CtrlCAtEpochForInterruptTest)


def test_ctrl_c_in_training_stops_it_and_writes_the_model_trained_so_far(tmp_path, capsys, monkeypatch):
    # it printed "neuralab: interrupted" and removed the folder: minutes of training lost
    _ctrl_c_at_epoch(monkeypatch, epoch=3, times=1)
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "100000", "--quiet", "--out", str(out)]) == 130
    printed = capsys.readouterr().out
    assert "training ended early: interrupted (Ctrl-C) before epoch 4 of 100000\n" in printed
    assert f"to {out}/" in printed
    report = json.loads((out / "metrics.json").read_text())
    assert report["stop_reason"] == "interrupted (Ctrl-C) before epoch 4 of 100000"
    assert report["epochs_trained"] == 3 and _interrupt_test_epochs(out) == [0, 1, 2]
    # the saved model is the one the table scored: its accuracy on the run's test part
    set_seed(0)
    ds = data.load("moons")
    _, X_test, _, y_test = data.train_test_split(ds.X, ds.y, test_size=0.2, seed=0, stratify=True)
    predicted = (load(out / "model.npz").predict(X_test)[:, 0] >= 0.5).astype(int)
    assert np.mean(predicted == y_test) == report["results"]["test"]["accuracy"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C is Python's again


def test_a_second_ctrl_c_abandons_the_run(tmp_path, capsys, monkeypatch):
    _ctrl_c_at_epoch(monkeypatch, epoch=2, times=2)
    out = tmp_path / "runs" / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "100000", "--quiet", "--out", str(out)]) == 130
    assert capsys.readouterr().err == "neuralab: interrupted\n"
    assert not (tmp_path / "runs").exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_leaves_the_progress_bar_where_training_stopped(tmp_path, capsys, monkeypatch):
    # the bar jumped to 100 % ("epoch 4/10: 100%"), claiming epochs that never ran
    _ctrl_c_at_epoch(monkeypatch, epoch=3, times=1)
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "10", "--out", str(out)]) == 130
    bar = capsys.readouterr().err.split("\r")[-1]
    assert bar.startswith("epoch 3/10, stopped:  30%|"), bar


def test_a_ctrl_c_before_the_first_batch_abandons_the_run(tmp_path, capsys, monkeypatch):
    # with nothing trained, it wrote an untrained model, its figures and metrics.json
    class CtrlCAtTrainBeginForInterruptTest(interrupt.StopOnInterrupt):
        def on_train_begin(self, logs=None):
            super().on_train_begin(logs)
            os.kill(os.getpid(), signal.SIGINT)
    monkeypatch.setattr(train_command, "StopOnInterrupt", CtrlCAtTrainBeginForInterruptTest)
    out = tmp_path / "runs" / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "5", "--quiet", "--out", str(out)]) == 130
    assert capsys.readouterr().err == "neuralab: interrupted\n"
    assert not (tmp_path / "runs").exists()


def test_a_ctrl_c_while_the_files_are_written_waits_for_them(tmp_path, capsys, monkeypatch):
    # the second press of a double Ctrl-C lands here: it left this run's model beside an earlier
    # run's metrics.json and figures in the same --out
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "2", "--quiet", "--out", str(out)]) == 0
    figures = train_command.figures

    def interrupted_figures(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return figures(*args, **kwargs)
    monkeypatch.setattr(train_command, "figures", interrupted_figures)
    # the run is complete: exit 0, as the note says (it exited 130)
    assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--quiet", "--out", str(out)]) == 0
    assert "note: Ctrl-C came as training ended: the run is complete, and written" in capsys.readouterr().out
    report = json.loads((out / "metrics.json").read_text())
    assert report["epochs_trained"] == 3 and _interrupt_test_epochs(out) == [0, 1, 2]   # this run's, not the last's
    assert "--epochs" in report["command"]
    assert report["command"][report["command"].index("--epochs") + 1] == "3"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_ctrl_c_stays_ignored(tmp_path, monkeypatch):
    # a background job (nohup, '&' in a script) ignores SIGINT: the run took it over during fit
    _ctrl_c_at_epoch(monkeypatch, epoch=1, times=1)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        out = tmp_path / "run"
        assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--quiet", "--out", str(out)]) == 0
        assert json.loads((out / "metrics.json").read_text())["epochs_trained"] == 3
        assert _interrupt_test_epochs(out) == [0, 1, 2]
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
