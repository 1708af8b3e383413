"""CSVLogger: the training curves as a CSV file, readable while training runs.

One row per epoch is what spreadsheets, pandas and plotting scripts read without neuralab,
and a file on disk survives a crashed or interrupted run, unlike the History in memory.
"""
import contextlib
import csv
import os
import pathlib
import shutil
import tempfile

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
            writer = csv.DictWriter(f, fieldnames=self.columns, restval="")
            if header:
                writer.writeheader()
            writer.writerow(row)

    def _rewrite_with(self, new):
        """Add the columns ``new`` to the file: its rows go, one at a time, to a temporary file
        beside the file itself (through a link to it), under the wider header, which then takes
        its place (a reader meanwhile sees the old table or the new one, never half of one). The
        rows are copied cell for cell, as lists: a row of another width, or a file given other
        columns since, keeps its cells where they were, under the file's own header."""
        target = os.path.realpath(self.path)
        with open(target, newline="", encoding="utf-8-sig") as old:
            rows = csv.reader(old)
            columns = next(rows, [])
            columns += [c for c in self.columns + new if c not in columns]
            fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".csvlogger-", suffix=".csv")
            try:
                with open(fd, "w", newline="", encoding="utf-8") as f:
                    writer = csv.writer(f)
                    writer.writerow(columns)
                    writer.writerows(row + [""] * (len(columns) - len(row)) for row in rows)
                shutil.copymode(target, temporary)  # mkstemp's file is its owner's alone
                with contextlib.suppress(OSError):  # (only root may give a file to another owner)
                    stat = os.stat(target)
                    os.chown(temporary, stat.st_uid, stat.st_gid)
                os.replace(temporary, target)
            except BaseException:
                pathlib.Path(temporary).unlink(missing_ok=True)
                raise
        self.columns = columns   # (only now: a failed rewrite leaves the file under its old header)
