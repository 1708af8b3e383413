"""When is a logged value an improvement? The one rule that EarlyStopping, ReduceLROnPlateau
and ModelCheckpoint share.

Each of them watches ``logs[monitor]`` at the end of every epoch. In mode "min" (losses,
errors) a value improves on a reference when it is lower by more than ``min_delta``; in mode
"max" (accuracy, R²) when it is higher by more than ``min_delta``:

    min:  value < reference − min_delta          max:  value > reference + min_delta

Mode "auto" reads the direction from the name, ignoring a "val_" prefix: any name containing
"loss", and the names "mse" and "mae", go down; the names "accuracy", "binary_accuracy" and
"r2" go up. Any other name ("rmse", "val_acc") needs an explicit mode, since guessing wrong
would silently keep the worst model.
"""
import math
import numbers

from ..optim.optimizer import Optimizer, check
from ..spelling import closest
from .callbacks import Callback

_LOWER_IS_BETTER = ("mse", "mae")
_HIGHER_IS_BETTER = ("accuracy", "binary_accuracy", "r2")


# The keywords of Keras's and torch's versions of these callbacks that have another form here.
_QUIET = "these callbacks print nothing: history.stop_reason says why training stopped, and History the numbers"
OTHER_KEYWORDS = {
    "restore_best_weights": "Keras's restore_best_weights is restore_best here",
    "verbose": _QUIET,
    "threshold": "torch's threshold is min_delta here, with threshold_mode",
    "eps": "torch's eps is ReduceLROnPlateau.EPS here, a class attribute",
    "filepath": "Keras's filepath is path here",
    "save_weights_only": "the whole model is saved, which neuralab.load reads back",
    "save_freq": "the model is saved at the end of an epoch (Keras's save_freq='epoch'), when it improves on the best "
                 "or, with save_best_only=False, every epoch",
    "start_from_epoch": "the count starts at the first epoch: to let k epochs warm up unwatched, fit(..., epochs=k) "
                        "first, then fit again with the callback and optimizer=model.optimizer",
}

# ... and of scikit-learn's MLPClassifier, for the two callbacks that count epochs without a gain
PATIENCE_KEYWORDS = {
    **OTHER_KEYWORDS,
    "n_iter_no_change": "scikit-learn's n_iter_no_change=n is patience here: EarlyStopping(patience=n + 1) stops "
                        "where scikit-learn does, at the (n + 1)-th epoch in a row without a gain of tol, and "
                        "ReduceLROnPlateau(patience=n) cuts the lr there, as learning_rate='adaptive' does",
    "tol": "scikit-learn's tol is min_delta here: an epoch improves when it beats the best by more than min_delta",
}


def resolve_mode(monitor, mode):
    """"min" or "max" for the quantity ``monitor``; ``mode`` is "min", "max" or "auto"."""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode != "auto":
        return mode
    name = monitor.removeprefix("val_")
    if "loss" in name or name in _LOWER_IS_BETTER:
        return "min"
    if name in _HIGHER_IS_BETTER:
        return "max"
    # "val_acc" (Keras's old name), "val_los": more likely a slip for a logged name than a metric
    # of its own, so the name comes first; a mode alone would fail on the name at the first epoch
    close = closest(name, ["loss", *_LOWER_IS_BETTER, *_HIGHER_IS_BETTER], cutoff=0.5)
    if close:
        meant = monitor[:len(monitor) - len(name)] + close[0]
        raise ValueError(f"mode='auto' cannot tell whether {monitor!r} should go down or up (did you "
                         f"mean {meant!r}?): pass monitor={meant!r}; for a quantity of your own "
                         f"named {monitor!r}, pass mode='min' or mode='max'")
    raise ValueError(f"mode='auto' cannot tell whether {monitor!r} should go down or up; "
                     f"pass mode='min' or mode='max'")


class MonitorCallback(Callback):
    """Base of the callbacks that act on one logged quantity.

    ``monitor`` is the key in the epoch logs, ``mode`` ("min" or "max" once resolved) and
    ``min_delta`` define ``improves``, and ``best`` is the best value seen so far (±inf, the
    worst possible value, until the first epoch). As in Keras, EarlyStopping and
    ReduceLROnPlateau reset ``best`` in ``on_train_begin``, so that each ``fit`` starts afresh;
    ModelCheckpoint keeps it across fits, so that only a better model replaces a saved one.
    """

    def __init__(self, monitor, mode="auto", min_delta=0.0):
        if isinstance(monitor, Optimizer):  # torch's ReduceLROnPlateau(optimizer)
            raise TypeError(f"{type(self).__name__} is a fit callback: it takes the name of the logged "
                            f"quantity to watch (monitor='val_loss') and finds fit's optimizer itself; "
                            f"in a loop of your own, lower optimizer.lr when the loss stops falling")
        if not isinstance(monitor, str) or not monitor:
            raise TypeError(f"monitor must be the name of a logged quantity such as 'val_loss', "
                            f"got {monitor!r}")
        self.monitor = monitor
        self.mode = resolve_mode(monitor, mode)
        self.min_delta = check("min_delta", min_delta, lambda v: v >= 0, "a finite number >= 0")
        self.best = self.worst

    @property
    def worst(self):
        """The value every real value improves on: +inf in mode "min", -inf in mode "max"."""
        return math.inf if self.mode == "min" else -math.inf

    def current(self, logs):
        """``logs[monitor]`` as a float; a ValueError naming the logged keys when it is absent."""
        if not logs or self.monitor not in logs:
            raise ValueError(self._not_logged(logs or {}))
        return float(logs[self.monitor])

    def check_logged(self):
        """Before training: a validation twin of a quantity fit logs ("val_loss" of "loss")
        without validation data is the usual slip (it is the default ``monitor``), reported now,
        before the first epoch has changed any weight. Any other name may come from another
        callback (Keras's way to watch "val_f1"): it is looked for at the first epoch's end."""
        logged = (self.params or {}).get("logged")
        if logged is not None and self.monitor[4:] in logged and needs_validation(self.monitor, logged):
            raise ValueError(self._not_logged(logged))

    def _not_logged(self, logged):
        available = ", ".join(repr(k) for k in logged) or "none"
        hint = VALIDATION_HINT if needs_validation(self.monitor, logged) else ""
        return (f"{type(self).__name__} monitors {self.monitor!r}, which is not in the epoch logs; "
                f"logged: {available}{hint}")

    def improves(self, value, reference=None):
        """Whether ``value`` beats ``reference`` (default: ``best``) by more than ``min_delta``."""
        reference = self.best if reference is None else reference
        if self.mode == "min":
            return value < reference - self.min_delta
        return value > reference + self.min_delta


VALIDATION_HINT = " (validation values need fit(..., validation_data=(X_val, y_val)))"


def needs_validation(name, logged):
    """Whether ``name`` is a validation value ("val_loss") and the epoch logs ``logged`` have
    none: fit was given no validation data."""
    return name.startswith("val_") and not any(key.startswith("val_") for key in logged)


def check_count(name, value):
    """``value`` as an int if it is an integer >= 0 (patience, cooldown); else an error."""
    return check(name, value, lambda v: v >= 0, "an integer >= 0", numbers.Integral)
