"""`neuralab train`'s run from start to end: the signals that stop it, a divergence late in
training, a disk that fills up, and the advice of its messages, which must work when followed."""
import csv
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from neuralab import cli, load
from neuralab.cli import interrupt, pipes, train as train_command
from neuralab.cli.loss_warning import loss_warning
from neuralab.nn import Dense
from neuralab.optim import SGD

POSIX_ONLY = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGTERM and SIGHUP are POSIX signals")


def _lifecycle_process(args, stderr, env=None):
    """``python -m neuralab`` with ``args``, its signals as a terminal would leave them (the test
    runner may have been started with nohup or in the background, ignoring some)."""
    def default_signals():
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=stderr, text=True,
                            preexec_fn=default_signals, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})


def _lifecycle_wait_for_epoch(path, epoch, process, timeout=60):
    """Waits until the progress bar, written to the file ``path``, shows ``epoch`` or a later one
    (it is redrawn a few times a second, not at every epoch)."""
    deadline = time.monotonic() + timeout
    while not any(int(n) >= epoch for n in re.findall(r"epoch ([0-9]+)/", path.read_text(errors="replace"))):
        assert process.poll() is None, f"the run ended first: {path.read_text(errors='replace')[-2000:]}"
        assert time.monotonic() < deadline, "the run did not reach the epoch in time"
        time.sleep(0.05)


@POSIX_ONLY
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_stop_training_and_write_the_model_trained_so_far(tmp_path, name):
    # `timeout 8 neuralab train --epochs 100000` exited 124 with nothing printed and an empty folder
    signum, out, bar = getattr(signal, name), tmp_path / "run", tmp_path / "stderr.txt"
    with open(bar, "w") as stderr:
        process = _lifecycle_process(["-m", "neuralab", "train", "--dataset", "moons", "--epochs", "100000",
                                      "--out", str(out)], stderr)
        try:
            _lifecycle_wait_for_epoch(bar, 3, process)
            process.send_signal(signum)
            printed, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 128 + signum, bar.read_text()[-2000:]
    assert f"training ended early: interrupted ({name}) " in printed
    assert f"to {out}/" in printed
    report = json.loads((out / "metrics.json").read_text())
    assert report["stop_reason"].startswith(f"interrupted ({name}) ") and report["epochs_trained"] >= 2
    assert load(out / "model.npz").predict(np.zeros((1, 2))).shape == (1, 1)


# A run whose StopOnInterrupt sends the process ``times`` signals at the end of an epoch: the
# signal arrives at a known point, as a test of Ctrl-C does in test_cli_interrupt.py
_SIGNAL_AT_EPOCH = """
import os, sys
from neuralab import cli
from neuralab.cli import interrupt, train
signum, epoch, times, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

class SignalAtEpochForLifecycleTest(interrupt.StopOnInterrupt):
    def on_epoch_end(self, done, logs=None):
        if done + 1 == epoch:
            for _ in range(times):
                os.kill(os.getpid(), signum)

train.StopOnInterrupt = SignalAtEpochForLifecycleTest
sys.exit(cli.main(["train", "--dataset", "moons", "--epochs", "100000", "--quiet", "--out", out]))
"""


@POSIX_ONLY
def test_a_second_sigterm_abandons_the_run_as_a_second_ctrl_c_does(tmp_path):
    out = tmp_path / "runs" / "run"
    process = _lifecycle_process(["-c", _SIGNAL_AT_EPOCH, str(int(signal.SIGTERM)), "2", "2", str(out)],
                                 subprocess.PIPE)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (143, "neuralab: interrupted (SIGTERM)\n")
    assert not (tmp_path / "runs").exists()


@POSIX_ONLY
def test_a_sighup_that_nohup_ignores_stays_ignored(tmp_path, monkeypatch):
    # a run started with nohup is meant to outlive its terminal
    class HangUpAtEpochForLifecycleTest(interrupt.StopOnInterrupt):
        def on_epoch_end(self, done, logs=None):
            if done == 0:
                os.kill(os.getpid(), signal.SIGHUP)
    monkeypatch.setattr(train_command, "StopOnInterrupt", HangUpAtEpochForLifecycleTest)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        out = tmp_path / "run"
        assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--quiet", "--out", str(out)]) == 0
        assert json.loads((out / "metrics.json").read_text())["epochs_trained"] == 3
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_a_closed_terminal_does_not_stop_the_run_from_writing(tmp_path):
    # after SIGHUP a print to the closed terminal fails with EIO: the error unwound the run before its model
    class ClosedTerminalForLifecycleTest:
        def __init__(self, fd):
            self.fd = fd

        def write(self, text):
            raise OSError(errno.EIO, "Input/output error")

        def fileno(self):
            return self.fd

    with open(tmp_path / "terminal", "w") as terminal:
        stream = pipes._UnreadStream(ClosedTerminalForLifecycleTest(terminal.fileno()))
        assert stream.write("wrote model.npz\n") == len("wrote model.npz\n")
        os.write(terminal.fileno(), b"to devnull")   # the descriptor now points at devnull
    assert (tmp_path / "terminal").read_text() == ""


def test_another_write_error_is_still_raised(tmp_path):
    class FullStreamForLifecycleTest:
        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(OSError, match="No space left"):
        pipes._UnreadStream(FullStreamForLifecycleTest()).write("x")


@pytest.mark.parametrize("module", ["matplotlib", "numpy"])
def test_ctrl_c_while_the_command_is_imported_is_one_line_not_a_traceback(tmp_path, module):
    # neuralab.cli imported matplotlib with the train command before main could catch a Ctrl-C:
    # a Ctrl-C in the first seconds printed 10-35 lines of traceback and exited -2; and
    # ``import neuralab`` imported NumPy (0.3-0.8 s) before the command's first line
    script = ("import sys\n"
              "class CtrlCOnImportForLifecycleTest:\n"
              "    def find_spec(self, name, path=None, target=None):\n"
              f"        if name == {module!r}:\n"
              "            raise KeyboardInterrupt\n"
              "sys.meta_path.insert(0, CtrlCOnImportForLifecycleTest())\n"
              "from neuralab.cli import main\n"
              f"sys.exit(main(['train', '--epochs', '1', '--out', {str(tmp_path / 'run')!r}]))\n")
    process = _lifecycle_process(["-c", script], subprocess.PIPE)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (130, "neuralab: interrupted\n")


def test_a_flat_loss_asks_for_larger_steps_not_smaller(tmp_path, capsys):
    # "--lr 1e-30": "did not fall: try a lower learning rate (now 1e-30)"; --clip-norm 1e-30 the same
    for option, told in (("--lr", "try a larger learning rate (now 1e-30)"),
                         ("--clip-norm", "try a --clip-norm that is not tiny (now 1e-30), or a larger learning "
                                         "rate (now 0.01)")):
        assert cli.main(["train", option, "1e-30", "--epochs", "3", "--quiet", "--out", str(tmp_path / option)]) == 0
        err = capsys.readouterr().err
        assert err.startswith("warning: the training loss stayed at 0.6") and err.strip().endswith(told), err
        assert "lower" not in err
    sgd = SGD(Dense(1, 1).parameters(), lr=0.1)
    assert "larger learning rate" in loss_warning([0.6829116366, 0.6829116385, 0.6829116346], sgd)
    assert "lower learning rate" in loss_warning([38.88, 50.0, 50.0], sgd)   # a saturated sigmoid: too large
    assert loss_warning([0.6829114, 0.6829083], sgd) is None                 # slow, but falling


def _lifecycle_history(out, column):
    """A column of the run's history.csv, as floats."""
    with open(out / "history.csv", newline="", encoding="utf-8") as f:
        return [float(row[column]) for row in csv.DictReader(f)]


def _late_divergence(tmp_path, capsys, *more):
    """A run whose learning rate doubles every 10 epochs: it trains well, then diverges at epoch 118."""
    out = tmp_path / "late"
    assert cli.main(["train", "--dataset", "sine", "--optimizer", "sgd", "--lr", "0.001", "--schedule", "step:10:2",
                     "--epochs", "300", "--quiet", "--out", str(out), *more]) == 0
    return out, capsys.readouterr()


def test_a_late_divergence_writes_the_weights_of_the_best_epoch(tmp_path, capsys):
    # it wrote the diverged weights: a test MSE of 1.8e38, where an epoch had reached 0.67
    out, printed = _late_divergence(tmp_path, capsys)
    assert "warning: training stopped: the loss became inf at epoch 118" in printed.err
    losses = _lifecycle_history(out, "loss")
    best = int(np.argmin(losses)) + 1
    assert (f"note: model.npz holds the weights of epoch {best}, of the lowest training loss before training "
            f"diverged ({min(losses):.4f}, as on the loss curve), not the last ones, which diverged") in printed.out
    report = json.loads((out / "metrics.json").read_text(), parse_constant=lambda name: 1 / 0)   # strict JSON
    assert report["results"]["test"]["mse"] < 0.5 and "loss became inf" in report["stop_reason"]
    X = np.linspace(-3, 3, 50).reshape(-1, 1)
    assert np.isfinite(load(out / "model.npz").predict(X)).all() and (out / "loss.png").exists()


def test_a_late_divergence_with_early_stopping_writes_its_best_validation_epoch(tmp_path, capsys):
    out, printed = _late_divergence(tmp_path, capsys, "--early-stopping", "1000")
    val_losses = _lifecycle_history(out, "val_loss")
    assert (f"note: model.npz holds the weights of epoch {int(np.argmin(val_losses)) + 1}, of the lowest "
            f"validation loss") in printed.out


def test_a_divergence_in_the_first_epoch_writes_nothing_and_says_why(tmp_path, capsys):
    out = tmp_path / "runs" / "diverged"
    assert cli.main(["train", "--dataset", "plane", "--optimizer", "sgd", "--lr", "50", "--quiet",
                     "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        "neuralab: error: training diverged: the loss became inf at epoch 1, batch 3; try a lower learning rate "
        "(now 50); no epoch had ended before, so there are no weights to keep, and nothing was written\n")
    assert not (tmp_path / "runs").exists()


def _half_written_history(history, path):
    """write_history on a disk that fills up: part of the file, then ENOSPC."""
    path.write_text("epoch,lo")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_names_the_file_and_keeps_the_earlier_runs_files(tmp_path, capsys, monkeypatch):
    # "neuralab: error: [Errno 28] No space left on device", model.npz half written, the earlier
    # run's files already deleted
    out = tmp_path / "run"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "2", "--quiet", "--out", str(out)]) == 0
    before = {file.name: file.read_bytes() for file in out.iterdir()}
    capsys.readouterr()
    monkeypatch.setattr(train_command, "write_history", _half_written_history)
    assert cli.main(["train", "--dataset", "moons", "--epochs", "3", "--quiet", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"neuralab: error: cannot write {out}/history.csv (No space left on device): free some space on that "
        f"disk, or choose an --out on another; nothing of this run was written, and the files of an earlier "
        f"run there are as they were\n")
    assert {file.name: file.read_bytes() for file in out.iterdir()} == before   # nothing hidden left either
    fresh = tmp_path / "runs" / "fresh"
    assert cli.main(["train", "--dataset", "moons", "--epochs", "1", "--quiet", "--out", str(fresh)]) == 2
    assert capsys.readouterr().err.endswith("nothing of this run was written\n")
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("layers", ["auto,1_000,auto", "auto,0x10,auto", "auto,16_16,auto", "4-16-3", "auto x 8 x auto"])
def test_the_layers_advice_works_when_followed(tmp_path, capsys, layers):
    # "auto,1_000,auto" was told "as in --layers auto,1,000,auto"; "auto,0x10,auto", "auto,0,10,auto"
    def layers_run(value):
        return cli.main(["train", "--dataset", "iris", "--layers", value, "--epochs", "1", "--quiet",
                         "--out", str(tmp_path / "o")])
    assert layers_run(layers) == 2
    err = capsys.readouterr().err
    if "0x10" in layers:
        assert err == "neuralab: error: --layers: '0x10' is not a positive integer\n"
        return
    followed = err.strip().rpartition("as in --layers ")[2]
    assert followed != err.strip() and layers_run(followed) == 0, err


def test_a_file_named_runs_is_reported_as_the_default_folders_way(tmp_path, capsys, monkeypatch):
    # "--out runs/spiral-...: runs is a file": an --out the user never gave, and no way out
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").write_text("notes")
    assert cli.main(["train", "--epochs", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("neuralab: error: the default output folder, runs/spiral-") and "--out runs" not in err
    assert err.endswith(": runs is a file, not a folder; move that file, or choose another folder with --out\n")
