"""Learning-rate callbacks: step a scheduler from the training loop, or cut the lr on a plateau.

A fixed schedule (``neuralab.optim.StepLR``, cosine restarts, warm-up) decides the lr from the
step count alone; ``LearningRateScheduler`` calls its ``step()`` at the right moment, so the
loop never needs to know about schedules. ``ReduceLROnPlateau`` decides from the training
itself: when the monitored loss stalls, a smaller step often lets it descend further.
"""
import inspect

from ..nn.checks import checked_keywords
from ..nn.user_line import warn
from ..optim.optimizer import check
from .callbacks import Callback
from .improvement import PATIENCE_KEYWORDS, MonitorCallback, check_count


class _LogsLR(Callback):
    """Adds "lr" to each epoch's logs: the learning rate of the epoch's last update. It is read
    as that update's batch begins, the lr the update then uses: after it, a ``LearningRateScheduler``
    stepped per batch already sets the next update's, and which of two such callbacks reads
    first would depend on their order in the list."""

    def on_batch_begin(self, batch, logs=None):
        self._lr = self.params["optimizer"].lr

    def logs_to_add(self, epoch):
        return {"lr": self._lr}


# Keras's names for what LearningRateScheduler takes otherwise (its schedule, and verbose=1 to print each lr)
_SCHEDULER_KEYWORDS = {"schedule": "Keras's schedule is scheduler here: LearningRateScheduler(optim.StepLR(opt, "
                                   "10, 0.5)), or a function of the epoch, LearningRateScheduler(lambda epoch: "
                                   "0.1 * 0.5 ** (epoch // 10))",
                       "verbose": "the scheduler prints nothing: history['lr'] holds the lr of each epoch, "
                                  "and fit(..., verbose=2) prints it with each epoch's line"}


class LearningRateScheduler(_LogsLR):
    """Call ``scheduler.step()`` after every epoch (``per="epoch"``, torch's convention) or
    after every batch (``per="batch"``, for schedules counted in updates, e.g. warm-up).

    Each epoch's logs get "lr": the learning rate of the epoch's last update (with
    ``per="epoch"``, the lr of all its updates), so History, CSVLogger and the progress bar
    show it. ``scheduler`` is a ``neuralab.optim`` scheduler of the optimizer ``fit`` trains
    with, or any object with a ``step()`` method that sets that optimizer's lr.

    Across fits the scheduler goes on from its own step count, as in a torch loop and as Keras's
    schedules counted in updates (Keras's per-epoch callback calls its function with the fit's
    epoch, from 0 again). To start over, set ``optimizer.lr`` back (``optimizer.initial_lr`` is
    the lr the first scheduler found) and build a new scheduler: StepLR and LinearWarmup alone
    start from the lr they find.

    ``scheduler`` may also be a plain function, as in Keras: ``f(i)`` or ``f(i, lr)`` returns the
    lr of epoch i (``per="epoch"``) or of update i (``per="batch"``), counted from 0 in each fit,
    with ``lr`` the current one; it is set before that epoch or update. The schedule functions of
    ``neuralab.optim`` (``optim.step_decay(0.1, 10)``, ``optim.linear_warmup(0.1, 5)``) are of
    the first kind.

    >>> import numpy as np
    >>> from neuralab import data, nn, optim, train
    >>> X, y = data.load("moons", n_samples=100, noise=0.3, seed=0)
    >>> model = nn.MLP([2, 8, 1], output="sigmoid", rng=np.random.default_rng(0))
    >>> sgd = optim.SGD(model.parameters(), lr=0.1)
    >>> schedule = train.LearningRateScheduler(optim.StepLR(sgd, step_size=2, gamma=0.1))
    >>> history = model.fit(X, y, loss="bce", optimizer=sgd, epochs=5, callbacks=[schedule], verbose=0, seed=0)
    >>> [round(lr, 6) for lr in history["lr"]]              # lr × 0.1 every 2 epochs
    [0.1, 0.1, 0.01, 0.01, 0.001]
    """

    @checked_keywords(_SCHEDULER_KEYWORDS)   # Keras's schedule, verbose
    def __init__(self, scheduler, per="epoch"):
        if isinstance(scheduler, type):  # its step() would fail only at the first epoch's end
            raise TypeError(f"scheduler must be a scheduler built on the optimizer, e.g. "
                            f"{scheduler.__name__}(optimizer, ...), got the class {scheduler.__name__}")
        # how a plain function is called, "i" or "i, lr"; None for a scheduler stepped by step()
        self.call_form = None if hasattr(scheduler, "step") else _call_form(scheduler)
        if getattr(scheduler, "stepped_by", None) is not None:  # stepped twice, or without its warm-up
            raise ValueError(f"this {type(scheduler).__name__} is the after= of a "
                             f"{type(scheduler.stepped_by).__name__}, which steps it: pass that one")
        if per not in ("epoch", "batch"):
            raise ValueError(f"per must be 'epoch' or 'batch', got {per!r}")
        self.scheduler, self.per = scheduler, per
        self._factor_checked = False   # the first lr of a function f(i), looked at once: _check_factor
        if self.call_form == "i":
            _warn_of_lr_argument(scheduler, per)

    def on_train_begin(self, logs=None):
        optimizer = self.params["optimizer"]
        if getattr(self.scheduler, "optimizer", optimizer) is not optimizer:
            raise ValueError("the scheduler sets the lr of another optimizer than the one fit "
                             "trains with; build it on the optimizer passed to fit")
        self._updates = 0

    def on_epoch_begin(self, epoch, logs=None):
        if self.call_form is not None and self.per == "epoch":
            self._set_lr(epoch)

    def on_batch_begin(self, batch, logs=None):
        if self.call_form is not None and self.per == "batch":
            self._set_lr(self._updates)
            self._updates += 1
        super().on_batch_begin(batch, logs)  # the lr this update uses, for the logs

    def on_batch_end(self, batch, logs=None):
        if self.call_form is None and self.per == "batch":
            self.scheduler.step()

    def on_epoch_end(self, epoch, logs=None):
        if self.call_form is None and self.per == "epoch":
            self.scheduler.step()

    def sets_lr_outright(self):
        """Whether each step sets the lr whatever it was, undoing a change by another callback: a
        closed-form scheduler (``closed_form``), or a plain function f(i) of the step alone."""
        if self.call_form is None:
            return getattr(self.scheduler, "closed_form", False)   # an object of one's own: unknown
        return self.call_form == "i"

    def _set_lr(self, i):
        optimizer = self.params["optimizer"]
        lr = self.scheduler(i, optimizer.lr) if self.call_form == "i, lr" else self.scheduler(i)
        if self.call_form == "i" and not self._factor_checked:
            self._factor_checked = True
            _check_factor(self._first_values(lr), optimizer, self.per)
        try:
            optimizer.lr = lr
        except (TypeError, ValueError) as err:
            raise type(err)(f"the schedule function gave the lr of {self.per} {i}: {err}") from None

    def _first_values(self, first):
        """What the function f(i) gives for the first ``FACTOR_STEPS`` steps of this fit (fewer in a
        shorter run), ``first`` being f(0); only as far as it answers: a step it refuses is its own
        to refuse when it comes."""
        steps = self.params.get("epochs", 1) * (self.params.get("steps", 1) if self.per == "batch" else 1)
        values = [first]
        for i in range(1, min(FACTOR_STEPS, steps)):
            try:
                values.append(float(self.scheduler(i)))
            except Exception:   # noqa: BLE001 (the user's function: whatever it raises, it raises at step i)
                break
        return values


def _call_form(scheduler):
    """How a plain schedule function is called, "i" or "i, lr" (Keras' form), by the number of
    arguments it needs; a TypeError for what is no scheduler and no such function."""
    if not callable(scheduler):
        raise TypeError(f"scheduler must have a step() method (e.g. neuralab.optim.StepLR) or be a "
                        f"function of the epoch, f(epoch) or f(epoch, lr); got {type(scheduler).__name__}")
    try:
        parameters = inspect.signature(scheduler).parameters.values()
    except (TypeError, ValueError):  # some built-ins have no signature: take them as f(i)
        return "i"
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    needed = [p for p in positional if p.default is p.empty]
    if len(needed) > 2 or not positional:
        raise TypeError(f"a schedule function takes the epoch (or update) index, and the current lr if "
                        f"it wants: f(epoch) or f(epoch, lr); got a function of {len(needed)} required arguments")
    return "i, lr" if len(needed) == 2 else "i"


def _warn_of_lr_argument(function, per):
    """Warn of a function of one argument named as the lr (``lambda lr: lr * 0.9``, Keras's
    habit of a decay applied to the current lr): a function of one argument is called with the
    index, so it would set the lr to 0, 0.9, 1.8, ... A warning, not an error: the name is all
    there is to go by, and it says what the author meant, not what the function computes."""
    try:
        first = next(iter(inspect.signature(function).parameters))
    except (TypeError, ValueError, StopIteration):
        return
    if first in ("lr", "learning_rate"):
        warn(f"LearningRateScheduler calls a function of one argument with the {per} index, "
             f"f({per}) = 0, 1, 2, ..., and sets the lr to what it returns; yours names its "
             f"argument {first!r}, so it would get the index in place of the lr. To change the "
             f"current lr, take both: LearningRateScheduler(lambda {per}, lr: lr * 0.9)")


# How many of a schedule function's first values say whether it gives factors (``_check_factor``):
# the check's reach. A value read clears a schedule of lrs that starts at 1.0 once it leaves
# (0, 1] (``1 + epoch`` at step 1, a drop to 0), so reading more warns of fewer of them; but each
# value read past f(0) is a call of the learner's function before its step comes (one that
# prints, counts its calls or is slow does so up front), and a factor schedule (0.95 ** epoch, a
# step decay, a cosine) stays in (0, 1] however far it is read, so reading further catches no
# more factors. 5: a schedule of lrs shows itself in its first few steps or looks like factors
# for longer than any check can afford to read; four early calls cost nothing.
FACTOR_STEPS = 5


def _check_factor(values, optimizer, per):
    """Warn of a function f(i) that gives factors of the lr, as torch's LambdaLR takes them
    (``lambda epoch: 0.95 ** epoch``), where the lr itself is expected: it would set Adam's lr of
    0.001 to 1.0 outright and most likely make training diverge. ``values`` are f(0), f(1), ...
    over the first steps of the run (``FACTOR_STEPS`` at most), ``optimizer`` the one fit trains.

    The rule, since a schedule that means lr 1.0 (``lambda epoch: 1 / (1 + epoch)``) can give the
    very same numbers: a factor schedule starts at exactly 1 (0.95⁰, a cosine's (1 + cos 0) / 2,
    a step decay's 0.1⁰) and keeps within (0, 1] over its first steps, and read as lrs its first
    value would be at least ten times the lr the optimizer was built with, η ≤ 0.1 (the lr one
    picks for a schedule starting at 1 is 1). Warned when all three hold: values of another size,
    or a first value close to the optimizer's lr, read as lrs. A schedule that means lr 1.0 says
    so by starting where the optimizer starts: built with lr=1.0, nothing is warned of (no
    warnings filter needed). Once, at the first step; the function is called for the next steps
    then too, before their turn (a schedule is a function of the step: calling it early changes
    nothing, unless it counts its calls)."""
    lr = optimizer.lr
    if values[0] != 1 or lr > 0.1 or not all(0 < value <= 1 for value in values):
        return
    kind = type(optimizer).__name__
    warn(f"the schedule function gave lr 1.0 for {per} 0, while the optimizer's lr is {lr:g}: "
         f"a factor, as torch's LambdaLR takes? Here the function returns the lr itself, so "
         f"multiply by the lr you start from, LearningRateScheduler(lambda {per}: {lr:g} * "
         f"0.95 ** {per}), or take the current lr, LearningRateScheduler(lambda {per}, lr: "
         f"lr * 0.95). If you mean lr 1.0, start the optimizer there, "
         f"optim.{kind}(model.parameters(), lr=1.0), and this is not said")


class ReduceLROnPlateau(MonitorCallback, _LogsLR):
    """Multiply the optimizer's lr by ``factor`` when ``monitor`` stops improving: torch's
    ``ReduceLROnPlateau``, whose ``threshold`` is ``min_delta`` here. An epoch is bad when its
    value does not beat the best one by it: by ``min_delta`` itself with ``threshold_mode="abs"``,
    the default here as in Keras, or by that fraction of the best with torch's default "rel":

        abs:  value < best − min_delta          rel:  value < best · (1 − min_delta)     (mode "min")
              value > best + min_delta                value > best · (1 + min_delta)     (mode "max")

    When more than ``patience`` epochs in a row are bad (torch's count; Keras reduces one epoch
    earlier), lr <- max(lr · factor, min_lr) and the count restarts. For ``cooldown`` epochs
    after a reduction bad epochs are not counted, so the new lr gets time to show its effect.
    As in torch, a reduction smaller than ``EPS`` is skipped and the lr is never raised to
    reach ``min_lr``. ``wait`` is the current count of bad epochs. Each epoch's logs get "lr",
    the lr of its updates (before a reduction at its end), as Keras's logs it.
    """

    EPS = 1e-8

    @checked_keywords(PATIENCE_KEYWORDS)
    def __init__(self, monitor="val_loss", factor=0.1, patience=10, min_delta=1e-4, mode="auto",
                 cooldown=0, min_lr=0.0, threshold_mode="abs"):
        super().__init__(monitor, mode, min_delta)
        if threshold_mode not in ("abs", "rel"):
            raise ValueError(f"threshold_mode must be 'abs' (beat the best by min_delta) or 'rel' (by "
                             f"the fraction min_delta of it), got {threshold_mode!r}")
        self.threshold_mode = threshold_mode
        self.factor = check("factor", factor, lambda v: 0 < v < 1, "a number in (0, 1)")
        self.patience = check_count("patience", patience)
        self.cooldown = check_count("cooldown", cooldown)
        self.min_lr = check("min_lr", min_lr, lambda v: v >= 0, "a finite number >= 0")
        self.on_train_begin()

    def check_others(self, others):
        """Warn, once per fit, of a ``LearningRateScheduler`` whose schedule sets the lr outright
        at each step (a cosine, a warm-up followed by one, a function f(i) of the step alone): it
        undoes every cut made here at its next step, so this callback does nothing, silently in
        torch. A schedule that multiplies the lr it finds (StepLR, LinearWarmup alone, f(i, lr))
        keeps the cuts: it is no conflict."""
        for other in others:
            if isinstance(other, LearningRateScheduler) and other.sets_lr_outright():
                what = "a function" if other.call_form else f"{type(other.scheduler).__name__}(...)"
                warn(f"ReduceLROnPlateau and LearningRateScheduler({what}, per={other.per!r}) both "
                     f"set the lr, and the schedule sets its own value at every {other.per}, undoing "
                     f"each cut ReduceLROnPlateau makes: the plateau callback does nothing. Use one of "
                     f"the two; or a schedule that multiplies the lr it finds, which keeps the cuts: "
                     f"optim.StepLR, or a function of the lr, LearningRateScheduler(lambda epoch, lr: "
                     f"...); or fit again with ReduceLROnPlateau alone once the schedule is over")
                return

    def on_train_begin(self, logs=None):
        self.check_logged()
        self.best, self.wait, self.cooldown_left = self.worst, 0, 0

    def improves(self, value, reference=None):
        """Whether ``value`` beats ``reference`` (default: ``best``) as ``threshold_mode`` says."""
        if self.threshold_mode == "abs":
            return super().improves(value, reference)
        reference = self.best if reference is None else reference
        if self.mode == "min":
            return value < reference * (1 - self.min_delta)
        return value > reference * (1 + self.min_delta)

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
