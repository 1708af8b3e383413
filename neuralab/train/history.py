"""History: what ``fit`` returns — one list per logged quantity, one entry per epoch."""
import math

from ..nn.checks import check_int
from ..spelling import closest


# the model's methods a chained call asks of the History fit returned
_MODEL_METHODS = ("predict", "predict_classes", "predict_proba", "evaluate", "score", "summary", "save", "fit")


class History:
    """``history`` maps "loss", "val_loss" and each metric (and "val_" + metric) to a list,
    one value per completed epoch (the last ``n`` to ``n + slack`` of them after
    ``keep_last(n, slack)``); ``epoch`` lists the epoch numbers (0-based); ``stop_reason`` says
    why training stopped: a divergence, or a callback's stop request (which may come at the last
    epoch's end, when every epoch ran: early stopping that restored the best weights); None when
    nothing stopped it. ``diverged`` is True when that was a NaN or inf. ``frozen`` is True when
    training froze: the loss stayed put from one epoch to the next while every gradient of the
    epoch's last batch was exactly 0, so that no update could change the model (a sigmoid output
    saturated at exactly 0 or 1; ``frozen_training``); fit warns of it, or a ``train.Monitor``
    attached says it in its report, and ``frozen`` records it either way.

    A fit given an ``EarlyStopping`` notes its ``best_epoch`` (0-based, as ``epoch``; None when no
    epoch improved, or without one) and ``best_restored``, True when that epoch's weights were put
    back, so that the model after fit is that epoch's rather than the last one's:
    ``plots.loss_curves(history)`` and ``plots.compare`` mark it from the History alone.

    Every list is as long as ``epoch``: ``history[key][i]`` is the value of epoch
    ``epoch[i]``, NaN for an epoch that did not log ``key`` (a value a callback logs only
    in some epochs), so each list plots against ``epoch`` as it is.

    ``params`` is the run's settings as the callbacks saw them ("epochs", "steps" per epoch,
    "batch_size", "samples", "verbose", "optimizer", "logged"; see ``callbacks.py``).

    >>> import numpy as np
    >>> from neuralab import data, nn
    >>> X, y = data.load("moons", n_samples=100, noise=0.5, seed=0)
    >>> model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> history = model.fit(X, y, loss="bce", optimizer="adam", epochs=5, validation_data=(X, y), verbose=0, seed=0)
    >>> history, history.epoch
    (History(5 epochs: loss, accuracy, val_loss, val_accuracy), [0, 1, 2, 3, 4])
    >>> np.round(history["loss"], 2)                       # one value per epoch, falling
    array([0.7 , 0.67, 0.65, 0.62, 0.6 ])
    """

    def __init__(self, params=None):
        self.params = {} if params is None else params
        self.history = _Logged(self)
        self.epoch = []
        self.stop_reason = None
        self.diverged = False   # set when training stopped on a NaN or inf (``divergence.stop_diverged``)
        self.frozen = False     # set when every gradient was 0 and the loss stayed put (``frozen_training``)
        self.best_epoch = None        # set by an EarlyStopping at the fit's end
        self.best_restored = False    # ... True when it put that epoch's weights back

    def append(self, epoch, logs):
        """Record epoch ``epoch``'s ``logs`` ({name: value}): a name first logged now gets NaN
        for the epochs before, a name not logged now gets NaN for this one (``math.nan`` itself,
        which ``write_history`` leaves empty, as CSVLogger does)."""
        done = len(self.epoch)
        for key, value in logs.items():
            if key not in self.history:  # (setdefault would build its list of NaN at every epoch: a
                self.history[key] = [math.nan] * done  # run of n epochs then took time n²)
            self.history[key].append(value)
        self.epoch.append(epoch)
        for values in self.history.values():
            if len(values) == done:  # not logged this epoch
                values.append(math.nan)

    def keep_last(self, n, slack=0):
        """Forget all but the last ``n`` epochs (``n`` >= 0), for a run that goes on for as long as
        someone watches (the playground's) and would otherwise keep ~200 bytes an epoch for
        ever; every list loses the same epochs, so ``history[key][i]`` is still epoch ``epoch[i]``'s.

        ``slack`` (>= 0) lets up to ``n + slack`` epochs be held before any goes: then all but the
        last ``n`` go at once. Forgetting the first epochs shifts every list's remaining entries,
        so a callback that calls ``keep_last(n)`` at each epoch's end shifts ``n`` entries a key
        an epoch; with ``slack=n`` each entry is shifted at most once, whatever the run's length."""
        keep = check_int(n, "n", minimum=0)
        if len(self.epoch) > keep + check_int(slack, "slack", minimum=0):
            drop = len(self.epoch) - keep
            for values in (self.epoch, *self.history.values()):
                del values[:drop]

    def __getattr__(self, name):
        """The model's methods asked of the History, as scikit-learn's ``fit(X, y).predict(X)``
        and Keras's chaining habits write them: fit returns this record of the run, the model
        stays ``model``. Called only for names the History lacks."""
        if name in _MODEL_METHODS:
            raise AttributeError(f"'History' object has no attribute {name!r}: fit returns the History of the run, "
                                 f"not the model (scikit-learn's fit returns the estimator); call it on the model: "
                                 f"model.fit(X, y, ...), then model.{name}(X)")
        raise AttributeError(f"'History' object has no attribute {name!r}")

    def __getitem__(self, key):
        return self.history[key]

    def missing_words(self, key):
        """Why ``key`` is not in the history: no epoch ended (a run that diverged in its first
        epoch logs nothing, and ``history["loss"]`` was a bare KeyError), or it was never logged
        (the names that were, the nearest first)."""
        if not self.epoch:
            stopped = f" (training stopped: {self.stop_reason})" if self.stop_reason else ""
            return (f"{key!r}: no epoch ended, so nothing was logged{stopped}; a train.Monitor among the "
                    f"callbacks keeps the loss of every step, monitor.loss['loss']")
        near = closest(key, self.history) or [k for k in self.history if isinstance(key, str) and k.startswith(key)]
        return (f"{key!r} was not logged: the history holds {', '.join(map(repr, self.history))}"
                + (f" (did you mean {near[0]!r}?)" if near else ""))

    # ``"val_loss" in history`` and ``for key in history`` read the keys, as of the dict: with
    # ``__getitem__`` alone Python tries history[0], history[1], ... and fails with KeyError: 0
    def __contains__(self, key):
        return key in self.history

    def __iter__(self):
        return iter(self.history)

    def __repr__(self):
        n = len(self.epoch)
        keys = f": {', '.join(self.history)}" if self.history else ""
        return f"History({n} epoch{'' if n == 1 else 's'}{keys})"


class _Logged(dict):
    """``History.history``: a dict of the logged lists whose missing key says why it is missing
    (``History.missing_words``), in ``history.history["loss"]`` (Keras's way) as in ``history["loss"]``."""

    def __init__(self, owner):
        super().__init__()
        self._owner = owner

    def __missing__(self, key):
        raise KeyError(self._owner.missing_words(key))
