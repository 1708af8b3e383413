"""ModelCheckpoint: save the model during training, so the best (or every) epoch survives it.

A long run can be interrupted, and its last epoch is rarely its best; writing the model
whenever the monitored loss improves keeps the best one on disk, in neuralab's safe format,
ready for ``neuralab.load``.
"""
import os
import pathlib
import string

from ..nn.checks import check_path
from .improvement import MonitorCallback


class ModelCheckpoint(MonitorCallback):
    """Write the model with ``model.save`` at the end of an epoch in which ``monitor`` improved
    (``save_best_only=True``), or at the end of every epoch.

    ``path`` may hold format fields: "{epoch}" is the 1-based epoch number (as the progress
    bar counts) and any logged key can be used, e.g. "runs/model-{epoch:03d}-{val_loss:.3f}";
    missing folders are created and ".npz" is appended when the name lacks it (as ``save``
    does). ``monitor`` and ``mode`` matter only with ``save_best_only``.

    After training: ``best`` (the best monitored value; ±inf when not saving best-only) and
    ``last_saved`` (the ``pathlib.Path`` of the last file written, None before the first).
    """

    def __init__(self, path, monitor="val_loss", mode="auto", save_best_only=True):
        if not save_best_only and mode == "auto":
            mode = "min"  # unused: every epoch is saved, whatever ``monitor`` is called
        super().__init__(monitor, mode)
        check_path(path)
        self.path = os.fspath(path)  # as given: a trailing / is looked at below
        try:
            fields = [field for _, field, _, _ in string.Formatter().parse(self.path)
                      if field is not None]
        except ValueError as err:
            raise ValueError(f"path {self.path!r} is not a valid format string: {err}") from None
        if any(not field or field.isdigit() for field in fields):
            raise ValueError(f"path {self.path!r} has a positional field '{{}}'; name it, "
                             f"e.g. '{{epoch}}', or double the braces for a literal one")
        if self.path.endswith(("/", os.sep)):
            raise ValueError(f"path {self.path!r} names a folder; name the file, e.g. "
                             f"{os.path.join(self.path, 'model-{epoch}.npz')!r}")
        self.save_best_only = bool(save_best_only)
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        if self.save_best_only:
            self.check_logged()
        self.best, self.last_saved = self.worst, None

    def on_epoch_end(self, epoch, logs=None):
        if self.save_best_only:
            value = self.current(logs)
            if not self.improves(value):
                return
            self.best = value
        path = pathlib.Path(self._format(epoch, logs or {}))
        if path.is_dir():  # save would write "<folder>.npz" beside it
            raise ValueError(f"path {str(path)!r} is a folder; name a file inside it, e.g. "
                             f"{str(path / 'model-{epoch}.npz')!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.last_saved = self.model.save(path)

    def _format(self, epoch, logs):
        try:
            return self.path.format_map({**logs, "epoch": epoch + 1})
        except KeyError as err:
            keys = ", ".join(["'epoch'"] + [repr(k) for k in logs])
            raise ValueError(f"path {self.path!r} names {err}, which is not logged; "
                             f"available: {keys}") from None
        except (ValueError, TypeError, IndexError, AttributeError) as err:  # "{loss:d}", "{loss[0]}"
            raise ValueError(f"path {self.path!r} cannot be filled in with the epoch number and "
                             f"the logged values: {err}") from None
