"""CSVLogger: the training curves as a CSV file, readable while training runs.

One row per epoch is what spreadsheets, pandas and plotting scripts read without neuralab,
and a file on disk survives a crashed or interrupted run, unlike the History in memory.
``write_history`` writes a History, after the run, as the same file (``neuralab train``'s
history.csv).
"""
import csv
import math
import os
import pathlib

from ..nn.checks import check_bool, check_path, check_writable, checked_keywords
from ..nn.replace_file import replacing
from .callbacks import Callback

# Keras's names for what CSVLogger calls otherwise, and what does their job here
_KERAS_KEYWORDS = {
    "filename": "Keras's filename is path here: CSVLogger('log.csv')",
    "separator": "the file is comma-separated, as spreadsheets and pandas.read_csv read it by default: "
                 "leave separator out",
}


class CSVLogger(Callback):
    """Write one row per epoch to ``path``: "epoch" (0-based, as ``History.epoch``), then every
    value in the epoch's logs, in the order they were logged.

    The header comes from the first epoch. When a later epoch logs a key the header lacks,
    the file is rewritten with the key added as a column (cells of epochs that did not log a
    key stay empty), so the file is always one valid table. Each epoch's row is on disk when
    the epoch ends. Missing folders of ``path`` are created when training begins, and a
    ``path`` that names a folder or cannot be written is refused then, before any update.

    append  False: start a new file at each ``fit``. True: add rows to an existing file under
            its own header (with new columns added as above); a missing or empty file is
            started afresh.

    Only the header is kept in memory, so a run of any length (or a ``fit`` called a thousand
    times with ``append=True``) costs the same per epoch: the rows are read back from the file
    only for the rare rewrite, one at a time.
    """

    @checked_keywords(_KERAS_KEYWORDS)
    def __init__(self, path, append=False):
        check_path(path)
        self.path, self.append = os.fspath(path), check_bool(append, "append")

    def on_train_begin(self, logs=None):
        check_writable(pathlib.Path(self.path), "log.csv")
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self.columns, self._started = ["epoch"], False   # (_started: the file has its header)
        if self.append and os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            with open(self.path, newline="", encoding="utf-8-sig") as f:  # (a spreadsheet's BOM)
                self.columns = next(csv.reader(f))
            with open(self.path, "rb+") as f:  # a last line without its line break: the next row would join it
                f.seek(-1, os.SEEK_END)
                if f.read(1) not in b"\r\n":
                    f.write(b"\r\n")
            self._started = True

    def on_epoch_end(self, epoch, logs=None):
        row = {"epoch": epoch, **(logs or {})}
        new = [key for key in row if key not in self.columns]
        if not self._started or not os.path.exists(self.path):  # a new file, or one removed since
            self.columns += new
            self._write("w", row, header=True)
            self._started = True
            return
        if new:
            self._rewrite_with(new)
        self._write("a", row, header=False)

    def _write(self, mode, row, header):
        with open(self.path, mode, newline="", encoding="utf-8") as f:
            writer = _row_writer(f, self.columns)
            if header:
                writer.writeheader()
            writer.writerow(row)

    def _rewrite_with(self, new):
        """Add the columns ``new`` to the file: its rows go, one at a time, to a temporary file
        that then takes its place (through a link to it: ``nn.replace_file``), under the wider
        header, so that a reader meanwhile sees the old table or the new one, never half of one.
        The rows are copied cell for cell, as lists: a row of another width, or a file given
        other columns since, keeps its cells where they were, under the file's own header."""
        with open(self.path, newline="", encoding="utf-8-sig") as old, replacing(self.path, text=True) as f:
            rows = csv.reader(old)
            columns = next(rows, [])
            columns += [c for c in self.columns + new if c not in columns]
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows(row + [""] * (len(columns) - len(row)) for row in rows)
        self.columns = columns   # (only now: a failed rewrite leaves the file under its old header)


def write_history(history, path):
    """``history`` (fit's History) as the file a ``CSVLogger`` would have written over its run:
    a header "epoch" (0-based) and the logged names, then one line per epoch, a cell left empty
    where the History marks a name the epoch did not log (``_missing``). The lines go one at a
    time: a run of a million epochs never holds the file's text in memory."""
    names = list(history.history)
    columns = [history.history[name] for name in names]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = _row_writer(f, ["epoch", *names])
        writer.writeheader()
        for epoch, *values in zip(history.epoch, *columns):
            writer.writerow({"epoch": epoch, **{n: v for n, v in zip(names, values) if not _missing(v)}})


def _row_writer(f, columns):
    """The one writer of a log's rows: {name: value} under ``columns``, a name not logged empty."""
    return csv.DictWriter(f, fieldnames=columns, restval="")


def _missing(value):
    """Whether a History value stands for "not logged that epoch": the History marks one with
    ``math.nan`` itself, that object, so a NaN the run logged (a loss that diverged, a float32
    NaN) is no such mark and is written "nan", as CSVLogger writes it."""
    return value is math.nan
