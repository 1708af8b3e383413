"""What ``fit`` leaves on the model, and what it puts back when an error or an interrupt (Ctrl-C)
ends it: the running statistics of a half-done batch, the gradients, and, when nothing was
trained yet, what the last fit left, so that ``evaluate`` and the next fit see that one."""
import os
import sysconfig

from .input_reach import record_input_reach
from .progress import ProgressBar

# Where code that is not the learner's lives: neuralab, Python's own modules, installed packages
# (NumPy, tqdm, ipykernel); a notebook's cells and the learner's files are elsewhere
LIBRARY_DIRS = tuple(os.path.normcase(os.path.join(path, "")) for path in
                     {os.path.dirname(os.path.dirname(__file__))}
                     | {sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")})

# What ``fit`` leaves on the model: the loss and metrics evaluate uses, the optimizer to go on
# with, its History, and the columns of the DataFrame or Dataset it learned from (kept by a fit
# on arrays, which have none: the weights are still those columns'), a Dataset's class names,
# the parameters it left frozen, and the last stop request (a callback's reason), and a Dataset's
# categories of its one-hot columns.
LEFT_BY_FIT = ("loss", "metrics", "optimizer", "history", "feature_names", "class_names", "frozen_parameters",
                  "stop_training", "input_reach", "categories")


def leave_on_model(model, plan, loss, metrics, history):
    """Set what ``evaluate()`` uses by default once accepted, the optimizer to go on with, and the
    History that keeps the epochs done when an interrupt (Ctrl-C) ends fit without a return."""
    model.loss, model.metrics, model.optimizer, model.history = loss, metrics, plan.optimizer, history
    # what a later fit with this optimizer leaves frozen without a word (a set: a list of
    # Parameters on a layer would count among its own, see Layer._children)
    model.frozen_parameters = frozenset(plan.frozen)
    model.feature_names = plan.names
    record_input_reach(model, plan.X)   # what predict reads new inputs against
    if plan.classes is not None:  # a classification Dataset's; a fit on arrays keeps the model's own
        model.class_names = plan.classes
    if plan.categories is not None:   # a Dataset's of load_csv(one_hot=...): predict reads a raw "town"
        model.categories = plan.categories


class BeforeFit:
    """The model's fit attributes and the optimizer's step count and learning rate before a fit,
    for ``recover`` to put back."""

    def __init__(self, model, optimizer, statistics):
        self.model, self.optimizer, self.statistics = model, optimizer, statistics
        self.kept = {name: vars(model)[name] for name in LEFT_BY_FIT if name in vars(model)}
        self.steps, self.lr = optimizer.t, optimizer.lr

    def recover(self, err, callbacks, history):
        """Leave the model as the last update left it after ``err`` ended fit, close the progress
        bars, and note under a Ctrl-C's traceback what the model kept."""
        model, optimizer = self.model, self.optimizer
        # An error between a batch's forward pass and its update (BCELoss refusing logits, an
        # interrupt) leaves the weights of the batch's start but running statistics the forward
        # moved: they go back too. After the update, both stay as that update left them.
        if self.statistics.in_step:
            self.statistics.restore()
        model.zero_grad()  # a half-done batch's gradients would be added to the next loop's
        if optimizer.t == self.steps:  # nothing trained: evaluate and the next fit see the last fit's
            for name in LEFT_BY_FIT:
                vars(model).pop(name, None)
            vars(model).update(self.kept)
            optimizer.lr = self.lr  # a schedule function's lr for an epoch that never trained
        # every bar, the user's own among the callbacks too: the error then prints below it,
        # and a bar left open (a notebook's traceback keeps it) garbles every later one
        for bar in callbacks.callbacks:
            if isinstance(bar, ProgressBar):
                bar.on_train_end()
        if isinstance(err, KeyboardInterrupt):
            _end_at_fit(err)
            if hasattr(err, "add_note"):  # (Python 3.11+)
                err.add_note(_interrupted(history, optimizer.t - self.steps))


def _end_at_fit(interrupt):
    """End a Ctrl-C's traceback at the line of ``fit`` it stopped, when every frame below that
    one is library code: in a notebook, the stop button printed the frames of neuralab's code it
    landed in (a callback's call, whole_steps' signal handler; tqdm's and ipykernel's when a bar
    was being drawn), which told a learner nothing, above the note that says what the model kept. A frame of the learner's own (a callback, an augment function, a
    layer of their own) keeps the whole traceback, which shows where their code was stopped.
    ``interrupt`` is caught in ``fit``: its traceback starts at fit's frame."""
    below, inner = interrupt.__traceback__, interrupt.__traceback__.tb_next
    while inner is not None:
        if _learners(inner.tb_frame.f_code.co_filename):
            return
        inner = inner.tb_next
    below.tb_next = None


def _learners(path):
    """Whether code of ``path`` (a code object's file name) is the learner's: a file of their own,
    a notebook's cell, code given to exec ("<string>"); not a library's file, nor one of the
    relative names of compiled modules (NumPy's "_generator.pyx"), nor Python's frozen modules."""
    if path.startswith("<"):
        return not path.startswith("<frozen ")
    return os.path.isabs(path) and not os.path.normcase(path).startswith(LIBRARY_DIRS)


def _interrupted(history, updates):
    """What a Ctrl-C left, said under its traceback (a note): a notebook's stop button printed a
    bare ``KeyboardInterrupt`` under fit's frames, which said nothing of the model it left."""
    if not updates:
        return "fit was interrupted before its first update: the model is as it was before this fit"
    n, epochs = len(history.epoch), history.params["epochs"]
    return (f"fit was interrupted after {updates} update{'s' if updates > 1 else ''}, with {n} of {epochs} "
            f"epoch{'s' if epochs > 1 else ''} complete: the model keeps the weights of its last update, and "
            f"model.history the epochs complete; another fit(..., optimizer=model.optimizer) trains on from "
            f"there (its epochs counted anew)")
