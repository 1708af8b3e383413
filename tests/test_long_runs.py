"""What a long run keeps: the playground's History stays short, CSVLogger keeps only its header
(however many rows its file holds), and ``neuralab train`` writes its per-epoch history as a
CSV of one line per epoch beside a metrics.json that stays small."""
import csv
import json
import os
import tracemalloc

import numpy as np
import pytest
from session_kit import send

from neuralab import cli
from neuralab.play.session import Session
from neuralab.train import History
from neuralab.train.csv_logger import CSVLogger, write_history


def _long_run_rows(path, rows):
    """A CSVLogger file of ``rows`` epochs, as an earlier long run left it."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("epoch,loss,val_loss\n")
        f.writelines(f"{i},{1 / (i + 1)!r},{2 / (i + 1)!r}\n" for i in range(rows))


def _peak_and_kept(action):
    """The bytes ``action()`` allocated at its peak, and those still held after it returned."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        action()
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before, now - before


def test_history_keep_last_drops_the_same_epochs_from_every_list():
    history = History()
    for epoch in range(6):
        history.append(epoch, {"loss": 1.0 / (epoch + 1), **({"lr": 0.1 * epoch} if epoch >= 3 else {})})
    history.keep_last(2)
    assert history.epoch == [4, 5]
    assert history["loss"] == [1 / 5, 1 / 6] and history["lr"] == pytest.approx([0.4, 0.5])
    history.keep_last(5)   # fewer than that already: nothing goes
    assert history.epoch == [4, 5]
    history.keep_last(0)
    assert history.epoch == [] and history.history == {"loss": [], "lr": []}
    for bad, error in ((-1, ValueError), (2.5, TypeError), (True, TypeError)):
        with pytest.raises(error, match="n must be"):   # (-1 emptied the History; 2.5 said "slice indices")
            history.keep_last(bad)
        with pytest.raises(error, match="slack must be"):
            history.keep_last(1, slack=bad)


def test_history_keep_last_with_slack_forgets_epochs_in_chunks():
    # keep_last(n) at every epoch's end shifted each list's n entries to forget one; with slack
    # the lists grow to n + slack, then lose all but their last n at once
    history, lengths = History(), []
    for epoch in range(20):
        history.append(epoch, {"loss": float(epoch), **({"val_loss": -float(epoch)} if epoch % 2 else {})})
        kept = history.epoch
        history.keep_last(3, slack=4)
        lengths.append(len(history.epoch))
        assert history.epoch is kept     # the same lists, trimmed in place
    assert lengths == [1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 3, 4, 5]
    assert history.epoch == [15, 16, 17, 18, 19] and history["loss"] == [15.0, 16.0, 17.0, 18.0, 19.0]
    assert history["val_loss"][::2] == [-15.0, -17.0, -19.0] and all(v != v for v in history["val_loss"][1::2])
    history.keep_last(2)                 # no slack: the last 2, as before
    assert history.epoch == [18, 19] and history["loss"] == [18.0, 19.0]



def test_the_playgrounds_history_keeps_only_its_last_epochs(monkeypatch):
    # the playground fits for 10**9 epochs and reads only the History's stop_reason: kept whole,
    # it grew ~200 bytes an epoch for as long as the page played
    monkeypatch.setattr("neuralab.play.training.HISTORY_EPOCHS", 5)
    session = Session()
    try:
        send(session, {"type": "hello", "state": {"dataset": {"n_samples": 40}, "hparams": {"batch_size": 20}}})
        with session.model_lock():   # every click counted before the first batch runs
            for _ in range(30):
                send(session, {"type": "control", "action": "step_epoch"})
        assert session.wait_idle() and session.epoch == 30
        history = session.net.trained.history
        # the last epochs, forgotten 5 at a time before fit records the newest: 6 to 11 of them
        kept = len(history.epoch)
        assert 6 <= kept <= 11 and history.epoch == list(range(30 - kept, 30))
        assert history.history and all(len(values) == kept for values in history.history.values())
        assert len(session.curves) == 30   # the page's loss chart keeps its own rows, unchanged
    finally:
        session.close()


def test_csv_logger_appending_to_a_long_file_reads_only_its_header(tmp_path):
    # fit called in a loop with append=True read the whole file back at every call (1M rows: 1.1 s, +496 MB)
    path = tmp_path / "log.csv"
    _long_run_rows(path, 20_000)   # 0.8 MB on disk; its rows as dicts are ~10 MB
    logger = CSVLogger(path, append=True)

    def one_epoch():
        logger.on_train_begin()
        logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.25})
    peak, _ = _peak_and_kept(one_epoch)
    assert peak < 1_000_000   # (reading its rows back took over 10 MB)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["epoch", "loss", "val_loss"] and len(rows) == 20_002 and rows[-1] == ["0", "0.5", "0.25"]


def test_csv_logger_keeps_no_row_in_memory(tmp_path):
    # it kept every row (~400 bytes an epoch: 43 MB after 100,000 epochs) only for a later rewrite
    logger = CSVLogger(tmp_path / "log.csv")
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 1.0, "accuracy": 0.5})

    def epochs():
        for epoch in range(1, 3001):
            logger.on_epoch_end(epoch, {"loss": 1.0 / epoch, "accuracy": 0.5})
    _, kept = _peak_and_kept(epochs)
    assert kept < 20_000


def test_csv_logger_adds_a_late_column_to_an_appended_file_row_by_row(tmp_path):
    path = tmp_path / "log.csv"
    _long_run_rows(path, 3)
    os.chmod(path, 0o644)
    logger = CSVLogger(path, append=True)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
    logger.on_epoch_end(1, {"loss": 0.25, "lr": 0.01, "val_loss": 0.5})   # a new key: the file is rewritten
    logger.on_epoch_end(2, {"loss": 0.125, "val_loss": 0.25})              # no lr this epoch: an empty cell
    expected = (["epoch,loss,val_loss,lr"]
                + [f"{i},{1 / (i + 1)!r},{2 / (i + 1)!r}," for i in range(3)]
                + ["0,0.5,0.75,", "1,0.25,0.5,0.01", "2,0.125,0.25,"])
    assert path.read_bytes().decode().split("\r\n") == expected + [""]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]   # no temporary file left behind
    assert os.stat(path).st_mode & 0o777 == 0o644                        # nor its owner's mode alone


def test_cli_history_csv_is_what_csv_logger_writes(tmp_path):
    # history.csv is "one line per epoch, as CSVLogger writes": the same logs give the same bytes,
    # a key logged late included (its earlier cells empty), and a NaN a run logged ("nan", where
    # the History's own NaN for a value not logged is an empty cell)
    logs = [{"loss": 0.75, "accuracy": 0.5}, {"loss": 0.5, "accuracy": 0.625, "lr": 0.01},
            {"loss": 0.25, "accuracy": 0.875}, {"loss": float("nan"), "accuracy": np.float32("nan")}]
    history, logger = History(), CSVLogger(tmp_path / "logger.csv")
    logger.on_train_begin()
    for epoch, epoch_logs in enumerate(logs):
        logger.on_epoch_end(epoch, epoch_logs)
        history.append(epoch, epoch_logs)
    write_history(history, tmp_path / "history.csv")
    assert (tmp_path / "history.csv").read_bytes() == (tmp_path / "logger.csv").read_bytes()


def test_neuralab_train_keeps_metrics_json_short_and_the_epochs_in_history_csv(tmp_path):
    # metrics.json held every epoch's every value, indented: 107 MB and 4 million lines for 1M epochs
    sizes = {}
    for epochs in (2, 200):
        out = tmp_path / str(epochs)
        assert cli.main(["train", "--dataset", "moons", "--epochs", str(epochs), "--quiet", "--out", str(out)]) == 0
        sizes[epochs] = (out / "metrics.json").stat().st_size
        report = json.loads((out / "metrics.json").read_text())
        with open(out / "history.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert report["epochs_trained"] == epochs and [int(row["epoch"]) for row in rows] == list(range(epochs))
        # the test part is the validation part: the last epoch's val_ scores are the table's
        assert float(rows[-1]["val_loss"]) == pytest.approx(report["results"]["test"]["loss"], rel=1e-4)
        assert float(rows[-1]["val_accuracy"]) == report["results"]["test"]["accuracy"]
    # the same page, whatever the run's length: its scores differ only in how many digits each takes
    # (1.0 after 200 epochs, 0.4878048780487805 after 2), some 30 of them with the class report
    assert abs(sizes[200] - sizes[2]) < 500
