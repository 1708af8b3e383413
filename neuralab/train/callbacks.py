"""The callback protocol: everything around the one training loop hooks in here.

``fit`` calls, in order: ``check_others(callbacks)`` with the fit's other callbacks (a callback
warns there of one that would undo its work), ``on_train_begin(logs)``, then per epoch
``on_epoch_begin(epoch, logs)``, for each batch ``on_batch_begin(batch, logs)`` before the
forward pass and ``on_batch_end(batch, logs)`` after the optimizer step (the gradients of that
step are still in ``.grad`` then; they are cleared right after), ``on_epoch_end(epoch, logs)`` with the
epoch's loss and metrics (and validation ones), and finally ``on_train_end(logs)``.
A callback that records a value of its own in each epoch's logs (``LearningRateScheduler``'s
"lr") returns it from ``logs_to_add(epoch)``: every callback's are added before the first
``on_epoch_end`` runs, so a CSVLogger listed before the scheduler logs the lr too.
``self.params`` (also the History's ``params``, as in Keras) holds "epochs", "steps" (batches
per epoch), "batch_size", "samples", "validation_samples" (None without validation data), "verbose", "optimizer" and "logged" (the keys fit puts in each epoch's logs: "loss",
"penalty" with an L1/L2 penalty, the metrics and, with validation data, the loss's and metrics' "val_" twins).
A callback asks training to stop by setting ``self.model.stop_training = True`` (or to a
sentence saying why, which becomes ``History.stop_reason``), as Keras does: the loop stops
after the current batch, ends the epoch with the batches that ran (its loss and metrics are
over their samples, then validation and ``on_epoch_end`` as usual) and ends. A stop asked in
``on_train_begin`` or ``on_epoch_begin`` ends training before that epoch's first batch.
"""
import functools
import inspect

from .. import optim
from ..nn.describe import settings_repr
from ..nn.habits import torch_class
from ..optim.schedule_functions import schedule_kind
from ..optim.schedules import Scheduler
from ..spelling import closest


# Keras's batch hooks, under their older names here, and the prefixes of the hooks of its
# validation pass, evaluate and predict, which have none here: a callback that defines one (a
# subclass, or LambdaCallback) is refused, as its hook would never run, without a word.
KERAS_HOOKS = {"on_train_batch_begin": "on_batch_begin", "on_train_batch_end": "on_batch_end"}
_NO_HOOK_PREFIXES = ("on_test_", "on_predict_")
NO_VALIDATION_HOOKS = ("fit calls no hook around its validation pass, and evaluate and predict call none: "
                       "the validation scores reach on_epoch_end(epoch, logs) in logs ('val_loss', ...)")


def never_called(name):
    """Why the hook ``name`` of Keras's would never run here, or None: its name here, or that
    fit calls no hook of its kind (``NO_VALIDATION_HOOKS``)."""
    if name in KERAS_HOOKS:
        return f"the hook here is {KERAS_HOOKS[name]}(self, batch, logs)"
    return NO_VALIDATION_HOOKS if name.startswith(_NO_HOOK_PREFIXES) else None


class Callback:
    """Base class; override the hooks you need. ``model`` and ``params`` are set by ``fit``."""

    model = None
    params = None

    def __init_subclass__(cls, **kwargs):
        """Refuse, at the class statement, a hook of Keras's that fit never calls (``KERAS_HOOKS``):
        the callback would run without it and no one would know."""
        super().__init_subclass__(**kwargs)
        for name in cls.__dict__:
            if (why := never_called(name)) is not None:
                raise TypeError(f"{cls.__name__} defines {name}, a Keras hook that fit never calls: {why}")

    def set_context(self, model, params):
        """Called by ``fit`` before training: the model it trains and ``params`` (see above)."""
        self.model, self.params = model, params

    def __repr__(self):
        return settings_repr(self)

    def check_others(self, others):
        """Before ``on_train_begin``, with the fit's other callbacks: warn of (or refuse) one that
        would undo this one's work, as a schedule that sets the lr outright undoes
        ``ReduceLROnPlateau``'s cuts."""

    def on_train_begin(self, logs=None):
        """Before the first epoch (``logs`` is None)."""

    def on_train_end(self, logs=None):
        """After the last epoch, or after a stop; ``logs`` = {"history": the History, "diverged":
        whether training stopped on a NaN or inf (``History.stop_reason`` says where),
        "divergence_cause": None, or what the stop reason blames: "learning_rate" when a step too
        large can be the cause, else the data, which no learning rate fixes: "inputs" or
        "targets" (MSE) too large for the starting weights, "validation_row" (a row of X_val far
        past the training data); see ``divergence.py``, "divergence_row": for "validation_row",
        that row's (row, value, bound), as ``far_past.far_past_training`` gives it, else None,
        "callbacks": the fit's own list of them (the Monitor reads what an EarlyStopping among
        them did)}."""

    def on_epoch_begin(self, epoch, logs=None):
        """Before epoch ``epoch`` (0-based) draws its order of samples."""

    def on_epoch_end(self, epoch, logs=None):
        """After epoch ``epoch``: ``logs`` holds its "loss", metrics and "val_" ones, and what
        every callback's ``logs_to_add`` gave."""

    def logs_to_add(self, epoch):
        """Values this callback adds to the epoch's logs (a dict), before any ``on_epoch_end``."""
        return {}

    def on_batch_begin(self, batch, logs=None):
        """Before the forward pass of batch ``batch`` (0-based within the epoch)."""

    def on_batch_end(self, batch, logs=None):
        """After the optimizer step of batch ``batch``, its gradients still in ``.grad``:
        ``logs`` = {"loss": the batch's loss (penalties included), "size": its samples}."""


class CallbackList(Callback):
    """Forwards every hook to each callback in order."""

    def __init__(self, callbacks):
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(f"callbacks must be Callback instances, got {_kind(cb)}")

    def set_context(self, model, params):
        for cb in self.callbacks:
            cb.set_context(model, params)

    def on_train_begin(self, logs=None):
        for cb in self.callbacks:
            cb.check_others([other for other in self.callbacks if other is not cb])
        for cb in self.callbacks:
            cb.on_train_begin(logs)

    def on_train_end(self, logs=None):
        for cb in self.callbacks:
            cb.on_train_end(logs)

    def on_epoch_begin(self, epoch, logs=None):
        for cb in self.callbacks:
            cb.on_epoch_begin(epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        for cb in self.callbacks:
            logs.update(cb.logs_to_add(epoch))
        for cb in self.callbacks:
            cb.on_epoch_end(epoch, logs)

    def on_batch_begin(self, batch, logs=None):
        for cb in self.callbacks:
            cb.on_batch_begin(batch, logs)

    def on_batch_end(self, batch, logs=None):
        for cb in self.callbacks:
            cb.on_batch_end(batch, logs)


def as_callback_list(callbacks):
    """``fit``'s ``callbacks`` as a list: None, a Callback, or a list or tuple of them (each is
    checked by ``CallbackList``)."""
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback):
        return [callbacks]
    if isinstance(callbacks, (list, tuple)):
        return list(callbacks)
    raise TypeError(f"callbacks must be a Callback or a list of them, got {_kind(callbacks)}")


def _kind(value):
    """How an error names ``value`` given as a callback: a Callback class with the call that makes
    one ("the class EarlyStopping; pass an instance: EarlyStopping(...)"); a learning-rate
    scheduler, built or its class (``optim.StepLR``), or a plain function (a def, a lambda, a
    builtin, a functools.partial), as torch's loop and Keras's schedules have them, with the
    callback that runs it; torch's scheduler, built or its class, with neuralab's; any other class
    as "the class X", which is no callback; anything else, a layer, a loss or a model that can
    be called too, by type."""
    if isinstance(value, type) and issubclass(value, Callback):
        return f"the class {value.__name__}; pass an instance: {value.__name__}(...)"
    if isinstance(value, Scheduler) or (isinstance(value, type) and issubclass(value, Scheduler)):
        return (f"{schedule_kind(value)}, a learning-rate scheduler: fit steps it through a callback, "
                f"train.LearningRateScheduler(scheduler), once per epoch")
    torch_scheduler = torch_class(value, "torch.optim.lr_scheduler")
    if torch_scheduler is not None:
        return _torch_scheduler(torch_scheduler.__name__)
    if inspect.isroutine(value) or isinstance(value, functools.partial):
        return ("a function: a learning-rate schedule, f(epoch) or f(epoch, lr) returning the lr, goes in "
                "train.LearningRateScheduler(f); code to run after each epoch, f(epoch, logs), in "
                "train.LambdaCallback(on_epoch_end=f)")
    if isinstance(value, type):  # nn.ReLU: the bare "type" said neither what it is nor what goes there
        return (f"the class {value.__name__}, which is no callback: a callback is an instance of a "
                f"subclass of train.Callback, such as train.EarlyStopping(...), or "
                f"train.LambdaCallback(on_epoch_end=f) around a function")
    return type(value).__name__


def _torch_scheduler(name):
    """torch's scheduler ``name``, which steps a torch optimizer, and neuralab's that does its job."""
    ours = getattr(optim, name, None)   # None for a name of torch's that neuralab lacks
    if isinstance(ours, type) and issubclass(ours, Scheduler):
        here = f"optim.{name} over neuralab's optimizer"
    else:
        here = ("one of optim.StepLR, optim.CosineAnnealingWarmRestarts or optim.LinearWarmup over "
                "neuralab's optimizer")
    return (f"torch's {name} (torch.optim.lr_scheduler), which steps a torch optimizer: here it is "
            f"{here}, given to fit as train.LearningRateScheduler(scheduler)")


class LambdaCallback(Callback):
    """A callback from plain functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: ...)``."""

    def __init__(self, **hooks):
        names = ("on_train_begin", "on_epoch_begin", "on_batch_begin", "on_batch_end", "on_epoch_end",
                 "on_train_end")  # in the order fit calls them
        unknown = [name for name in hooks if name not in names]
        if unknown:  # Keras 3's on_train_batch_end is this on_batch_end (closest would say on_train_end)
            name, why = unknown[0], ""
            if name in KERAS_HOOKS:
                near = [KERAS_HOOKS[name]]
            elif never_called(name):   # on_test_end: closest would say on_train_end
                near, why = [], f"; {NO_VALIDATION_HOOKS}"
            else:
                near = closest(name, names)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ValueError(f"LambdaCallback has no hook {name!r}{hint}; its hooks are {', '.join(names)}{why}")
        for name, fn in hooks.items():
            if not callable(fn):
                raise TypeError(f"{name} must be a function, got {type(fn).__name__} {fn!r}")
            setattr(self, name, fn)
