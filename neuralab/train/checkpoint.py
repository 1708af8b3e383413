"""ModelCheckpoint: save the model during training, so the best (or every) epoch survives it.

A long run can be interrupted, and its last epoch is rarely its best; writing the model
whenever the monitored loss improves keeps the best one on disk, in neuralab's safe format,
ready for ``neuralab.load``.
"""
import os
import pathlib
import re
import string

from ..io.file_format import with_npz
from ..io.save import OtherFormatWarning
from ..nn.checks import check_bool, check_number, check_path, check_writable, checked_keywords
from ..nn.replace_file import not_a_file
from ..nn.user_line import Collected, warn
from .improvement import OTHER_KEYWORDS, VALIDATION_HINT, MonitorCallback, needs_validation


class ModelCheckpoint(MonitorCallback):
    """Write the model with ``model.save`` at the end of an epoch in which ``monitor`` improved
    (``save_best_only=True``), or at the end of every epoch.

    ``path`` may hold format fields: "{epoch}" is the 1-based epoch number (as the progress
    bar counts) and any logged key can be used, e.g. "runs/model-{epoch:03d}-{val_loss:.3f}";
    missing folders are created and ".npz" is appended when the name lacks it (as ``save``
    does). ``monitor`` and ``mode`` matter only with ``save_best_only``. A path that names a
    folder, or a validation value without validation data, is refused before the first update:
    when the callback is made if the path says so already (a trailing "/", an existing folder),
    else when training begins.

    ``initial_value_threshold`` (Keras's argument, only with ``save_best_only``) is a value to
    beat before anything is written, such as the best of an earlier run.

    Across fits, as in Keras: ``best`` is kept from one ``fit`` to the next (EarlyStopping and
    ReduceLROnPlateau start afresh), so a later fit that only gets worse writes nothing and a
    fixed path keeps the best model ever saved through this callback. "{epoch}" counts from 1
    again at each fit: a later fit may replace an earlier fit's file of the same name, but
    only with a model better than all those saved before. Setting ``monitor`` or ``mode``
    between fits starts afresh from ±inf, as a new ModelCheckpoint does; make one when a later
    fit's values cannot be compared with the earlier ones (another loss, other validation data).

    After training: ``best`` (the best monitored value over all fits; ±inf when not saving
    best-only) and ``last_saved`` (the ``pathlib.Path`` of the last file written, in this fit
    or an earlier one; None before the first).

    >>> import os, tempfile
    >>> import numpy as np
    >>> import neuralab
    >>> from neuralab import data, nn, train
    >>> X, y = data.load("moons", n_samples=100, noise=0.3, seed=0)
    >>> X_val, y_val = data.load("moons", n_samples=100, noise=0.3, seed=1)
    >>> model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     every = train.ModelCheckpoint(os.path.join(folder, "model-{epoch}"), save_best_only=False)
    ...     best = train.ModelCheckpoint(os.path.join(folder, "best"))          # monitors val_loss
    ...     _ = model.fit(X, y, loss="bce", optimizer="adam", epochs=3, validation_data=(X_val, y_val),
    ...                   callbacks=[every, best], verbose=0, seed=0)
    ...     files, kept = sorted(os.listdir(folder)), neuralab.load(best.last_saved)
    >>> files
    ['best.npz', 'model-1.npz', 'model-2.npz', 'model-3.npz']
    >>> kept.evaluate(X_val, y_val, loss="bce")["loss"] == best.best      # the best epoch's model
    True
    """

    @checked_keywords(OTHER_KEYWORDS)   # before path's check: Keras calls it filepath
    def __init__(self, path=None, monitor="val_loss", mode="auto", save_best_only=True,
                 initial_value_threshold=None):
        if path is None:
            raise TypeError("ModelCheckpoint() needs path, the file to write the model to, "
                            "e.g. ModelCheckpoint('best.npz')")
        save_best_only = check_bool(save_best_only, "save_best_only")
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
        self._names = {re.split(r"[.\[]", field, maxsplit=1)[0] for field in fields}  # "loss" of "{loss[0]}"
        self.save_best_only = save_best_only
        if initial_value_threshold is not None:
            if not self.save_best_only:
                raise ValueError("initial_value_threshold is the value to beat with "
                                 "save_best_only=True; every epoch is saved without it")
            self.best = check_number(initial_value_threshold, "initial_value_threshold")
        self._best_of = (self.monitor, self.mode)  # what ``best`` is a value of
        self.last_saved = None
        self._saves = 0
        self._check_path()

    def on_train_begin(self, logs=None):
        if self.save_best_only:
            self.check_logged()
        self._check_path()
        if (self.monitor, self.mode) != self._best_of:  # changed since: ``best`` means nothing now
            self.best, self._best_of = self.worst, (self.monitor, self.mode)

    def _check_path(self):
        """Before the first epoch: the path of the first save must be writable, and a name in it
        a validation value fit will not log is refused, as ``check_logged`` refuses ``monitor``.
        A name fit does not log may come from another callback: a path holding one is checked
        when it is filled in."""
        logged = (self.params or {}).get("logged")
        sample = dict.fromkeys(logged or (), 0.0)
        unknown = self._names - {"epoch", *sample}
        for name in sorted(unknown):
            if logged is not None and name[4:] in logged and needs_validation(name, logged):
                raise ValueError(self._not_logged_in_path(name, logged))
        if not unknown:
            self._check_file(self._format(0, sample))

    def _check_file(self, path):
        """``path`` and the one ``save`` writes (".npz" appended) are not folders, can be written,
        and are files: /dev/null or a named pipe, which ``save`` refuses (``not_a_file``), is
        refused before the first epoch, not at its end."""
        path = pathlib.Path(path)
        for name in dict.fromkeys((path, with_npz(path))):
            check_writable(name, "model-{epoch}.npz")
            if what := not_a_file(name):
                raise ValueError(f"path {str(path)!r} cannot hold a model: {name} is {what}, not a file; "
                                 f"name a model file, e.g. 'model-{{epoch}}.npz'")

    def on_epoch_end(self, epoch, logs=None):
        if self.save_best_only:
            value = self.current(logs)
            if not self.improves(value):
                return
            self.best = value
        path = pathlib.Path(self._format(epoch, logs or {}))
        self._check_file(path)  # a folder: save would write "<folder>.npz" beside it
        path.parent.mkdir(parents=True, exist_ok=True)
        self.last_saved = self._save(path)

    def _save(self, path):
        """``model.save(path)``, whose ``OtherFormatWarning`` (a file named as another library's,
        "ck_{epoch}.keras", written as ck_3.keras.npz) is said of the first file only: each names
        its own file, so Python's filter let one through every epoch, burying the rest. Other
        warnings pass."""
        with Collected() as kept:
            written = self.model.save(path)
        self._saves += 1
        for warning in kept.caught:
            if self._saves == 1 or not isinstance(warning, OtherFormatWarning):
                warn(warning)
        return written

    def _format(self, epoch, logs):
        try:
            return self.path.format_map({**logs, "epoch": epoch + 1})
        except KeyError as err:
            raise ValueError(self._not_logged_in_path(err.args[0], logs)) from None
        except (ValueError, TypeError, IndexError, AttributeError) as err:  # "{loss:d}", "{loss[0]}"
            raise ValueError(f"path {self.path!r} cannot be filled in with the epoch number and "
                             f"the logged values: {err}") from None

    def _not_logged_in_path(self, name, logged):
        keys = ", ".join(repr(k) for k in ["epoch", *logged])
        hint = VALIDATION_HINT if needs_validation(name, logged) else ""
        return f"path {self.path!r} names {name!r}, which is not logged; available: {keys}{hint}"
