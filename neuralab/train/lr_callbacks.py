"""Learning-rate callbacks: step a scheduler from the training loop, or cut the lr on a plateau.

A fixed schedule (``neuralab.optim.StepLR``, cosine restarts, warm-up) decides the lr from the
step count alone; ``LearningRateScheduler`` calls its ``step()`` at the right moment, so the
loop never needs to know about schedules. ``ReduceLROnPlateau`` decides from the training
itself: when the monitored loss stalls, a smaller step often lets it descend further.
"""
from ..optim.optimizer import check
from .callbacks import Callback
from .improvement import MonitorCallback, check_count


class _LogsLR(Callback):
    """Adds "lr" to each epoch's logs: the learning rate of the epoch's last update, as the
    optimizer had it then (a callback may change it after the update, or at the epoch's end)."""

    def on_batch_end(self, batch, logs=None):
        self._lr = self.params["optimizer"].lr

    def logs_to_add(self, epoch):
        return {"lr": self._lr}


class LearningRateScheduler(_LogsLR):
    """Call ``scheduler.step()`` after every epoch (``per="epoch"``, torch's convention) or
    after every batch (``per="batch"``, for schedules counted in updates, e.g. warm-up).

    Each epoch's logs get "lr": the learning rate of the epoch's last update (with
    ``per="epoch"``, the lr of all its updates), so History, CSVLogger and the progress bar
    show it. ``scheduler`` is a ``neuralab.optim`` scheduler of the optimizer ``fit`` trains
    with, or any object with a ``step()`` method that sets that optimizer's lr.
    """

    def __init__(self, scheduler, per="epoch"):
        if not callable(getattr(scheduler, "step", None)):
            raise TypeError(f"scheduler must have a step() method (e.g. neuralab.optim.StepLR), "
                            f"got {type(scheduler).__name__}")
        if per not in ("epoch", "batch"):
            raise ValueError(f"per must be 'epoch' or 'batch', got {per!r}")
        self.scheduler, self.per = scheduler, per

    def on_train_begin(self, logs=None):
        optimizer = self.params["optimizer"]
        if getattr(self.scheduler, "optimizer", optimizer) is not optimizer:
            raise ValueError("the scheduler sets the lr of another optimizer than the one fit "
                             "trains with; build it on the optimizer passed to fit")

    def on_batch_end(self, batch, logs=None):
        super().on_batch_end(batch, logs)  # the lr of the update that just happened, logged
        if self.per == "batch":
            self.scheduler.step()

    def on_epoch_end(self, epoch, logs=None):
        if self.per == "epoch":
            self.scheduler.step()


class ReduceLROnPlateau(MonitorCallback, _LogsLR):
    """Multiply the optimizer's lr by ``factor`` when ``monitor`` stops improving: torch's
    ``ReduceLROnPlateau`` with ``threshold=min_delta, threshold_mode="abs"``.

    An epoch is bad when it does not beat the best value by more than ``min_delta``. When more
    than ``patience`` epochs in a row are bad (torch's count; Keras reduces one epoch
    earlier), lr <- max(lr · factor, min_lr) and the count restarts. For ``cooldown`` epochs
    after a reduction bad epochs are not counted, so the new lr gets time to show its effect.
    As in torch, a reduction smaller than ``EPS`` is skipped and the lr is never raised to
    reach ``min_lr``. ``wait`` is the current count of bad epochs. Each epoch's logs get "lr",
    the lr of its updates (before a reduction at its end), as Keras's logs it.
    """

    EPS = 1e-8

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, min_delta=1e-4, mode="auto",
                 cooldown=0, min_lr=0.0):
        super().__init__(monitor, mode, min_delta)
        self.factor = check("factor", factor, lambda v: 0 < v < 1, "a number in (0, 1)")
        self.patience = check_count("patience", patience)
        self.cooldown = check_count("cooldown", cooldown)
        self.min_lr = check("min_lr", min_lr, lambda v: v >= 0, "a finite number >= 0")
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.check_logged()
        self.best, self.wait, self.cooldown_left = self.worst, 0, 0

    def on_epoch_end(self, epoch, logs=None):
        value = self.current(logs)
        if self.improves(value):
            self.best, self.wait = value, 0
        else:
            self.wait += 1
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.wait = 0
        if self.wait > self.patience:
            optimizer = self.params["optimizer"]
            lr = max(optimizer.lr * self.factor, self.min_lr)
            if optimizer.lr - lr > self.EPS:
                optimizer.lr = lr
            self.cooldown_left, self.wait = self.cooldown, 0
