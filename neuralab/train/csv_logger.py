"""CSVLogger: the training curves as a CSV file, readable while training runs.

One row per epoch is what spreadsheets, pandas and plotting scripts read without neuralab,
and a file on disk survives a crashed or interrupted run, unlike the History in memory.
"""
import csv
import os
import pathlib

from ..nn.checks import check_bool, check_path, check_writable, checked_keywords
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
    """

    @checked_keywords(_KERAS_KEYWORDS)
    def __init__(self, path, append=False):
        check_path(path)
        self.path, self.append = os.fspath(path), check_bool(append, "append")

    def on_train_begin(self, logs=None):
        check_writable(pathlib.Path(self.path), "log.csv")
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self.columns, self.rows = ["epoch"], []
        if self.append and os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            with open(self.path, newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                self.rows = list(reader)
                self.columns = list(reader.fieldnames)

    def on_epoch_end(self, epoch, logs=None):
        row = {"epoch": epoch, **(logs or {})}
        new = [key for key in row if key not in self.columns]
        self.rows.append(row)
        if new or len(self.rows) == 1:  # a new column, or the first row of a new file
            self.columns += new
            self._write("w", self.rows, header=True)
        else:
            self._write("a", [row], header=False)

    def _write(self, mode, rows, header):
        with open(self.path, mode, newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=self.columns, restval="")
            if header:
                writer.writeheader()
            writer.writerows(rows)
