"""EarlyStopping: end training when the monitored quantity stops improving, and keep the best
weights rather than the last.

Validation loss usually falls, bottoms out, then rises once the network starts fitting the
noise of its training set. Stopping near the bottom, and going back to the weights of the
bottom epoch, gives the model that generalises best without guessing the number of epochs.
"""
import numpy as np

from ..nn.checks import check_bool, checked_keywords
from ..optim.optimizer import check
from .improvement import PATIENCE_KEYWORDS, MonitorCallback, check_count


class EarlyStopping(MonitorCallback):
    """Stop training when ``monitor`` has not improved for ``patience`` epochs (Keras semantics).

    monitor       the logged quantity to watch; a loss unless told otherwise ("val_loss" needs
                  ``validation_data``; use "loss" to watch the training loss)
    patience      epochs in a row without improvement before stopping: training stops at the
                  end of the ``patience``-th such epoch (0 and 1 both stop at the first one,
                  as in Keras), but never at the end of the first epoch (Keras's rule too)
    min_delta     an epoch improves only if it beats the best value by more than this
    mode          "min", "max" or "auto" (from the name; see ``improvement``)
    restore_best  at the end of training put back the parameters and buffers (running
                  statistics) of the best epoch, copied into the existing arrays
    baseline      if given, an epoch resets the patience count only if it also beats this
                  value, so training stops after ``patience`` epochs that do not reach it,
                  improving or not (as tf.keras 2; Keras 3 never stops on an improving epoch)

    After training: ``best`` (the best value), ``best_epoch`` (0-based, as in
    ``History.epoch``; None if no epoch improved on ±inf) and ``stopped_epoch`` (the epoch at
    whose end it stopped training, None if it did not).

    A large network on 60 noisy samples soon fits their noise: the validation loss bottoms out,
    training stops ``patience`` epochs later, and the weights of the bottom epoch come back.

    >>> import numpy as np
    >>> from neuralab import data, nn, optim, train
    >>> X, y = data.load("moons", n_samples=60, noise=1.5, seed=0)
    >>> X_val, y_val = data.load("moons", n_samples=200, noise=1.5, seed=1)
    >>> model = nn.MLP([2, 64, 64, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> stop = train.EarlyStopping(patience=5)
    >>> history = model.fit(X, y, loss="bce", optimizer=optim.Adam(model.parameters(), lr=0.02), epochs=200,
    ...                     validation_data=(X_val, y_val), callbacks=[stop], verbose=0, seed=0)
    >>> len(history.epoch) < 200, stop.stopped_epoch - stop.best_epoch
    (True, 5)
    >>> model.evaluate(X_val, y_val)["loss"] == stop.best == min(history["val_loss"])   # the best weights
    True
    """

    @checked_keywords(PATIENCE_KEYWORDS)
    def __init__(self, monitor="val_loss", patience=0, min_delta=0.0, mode="auto",
                 restore_best=True, baseline=None):
        super().__init__(monitor, mode, min_delta)
        self.patience = check_count("patience", patience)
        self.restore_best = check_bool(restore_best, "restore_best")
        self.baseline = None if baseline is None else check("baseline", baseline, lambda v: True,
                                                            "a finite number")
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.check_logged()
        self.best, self.best_epoch, self.stopped_epoch = self.worst, None, None
        self.wait = 0  # epochs since the last one that reset the count
        self._best_state = None

    def on_epoch_end(self, epoch, logs=None):
        value = self.current(logs)
        improved = self.improves(value)
        if improved:
            self.best, self.best_epoch = value, epoch
            if self.restore_best:
                self._best_state = snapshot(self.model, self._best_state)
        if improved and (self.baseline is None or self.improves(value, self.baseline)):
            self.wait = 0
            return
        self.wait += 1
        if self.wait >= self.patience and epoch > 0:  # as Keras: never after the first epoch
            self.stopped_epoch = epoch
            self.model.stop_training = self._reason()

    def _reason(self):
        """Why training stops, for ``History.stop_reason``."""
        what = ("improved" if self.baseline is None else
                f"improved, or not beaten the baseline {self.baseline:.4g},")
        epochs = "epoch" if self.wait == 1 else "epochs"
        best = (f"best {self.best:.4g} after epoch {self.best_epoch + 1}"
                if self.best_epoch is not None else f"no value has improved on {self.worst}")
        return f"early stopping: {self.monitor} has not {what} for {self.wait} {epochs} ({best})"

    def on_train_end(self, logs=None):
        """Put back the best epoch's weights, and note on the fit's History which epoch that was:
        ``history.best_epoch`` and ``history.best_restored``, which ``plots.loss_curves`` and
        ``plots.compare`` mark."""
        restored = self._best_state is not None
        if restored:
            restore(self.model, self._best_state)
        history = (logs or {}).get("history")
        if history is not None:
            history.best_epoch, history.best_restored = self.best_epoch, restored


def snapshot(model, previous=None):
    """Copies of every parameter's data and every buffer, by dotted name: written into the
    arrays of the ``previous`` snapshot where they fit, so that a run that improves at every
    epoch keeps one copy of the weights rather than allocating a new one each time (a
    moment with two, which for a model of 1 GB is 1 GB more)."""
    return (_copies(model.named_parameters(), previous and previous[0], lambda p: p.data),
            _copies(model.named_buffers(), previous and previous[1], lambda b: b))


def _copies(named, previous, array_of):
    copies = {}
    for name, item in named:
        array, kept = array_of(item), (previous or {}).get(name)
        if kept is not None and kept.shape == array.shape and kept.dtype == array.dtype:
            np.copyto(kept, array)
            copies[name] = kept
        else:
            copies[name] = array.copy()
    return copies


def restore(model, state):
    """Copy a ``snapshot`` back into the model's arrays in place."""
    params, buffers = state
    for name, p in model.named_parameters():
        p.data[...] = params[name]
    for name, b in model.named_buffers():
        b[...] = buffers[name]
