"""What ``fit`` shows while it trains: a progress bar (``verbose=1``), built on tqdm, one bar over
all batches with the epoch and the latest loss and metrics beside it; or one line per epoch
(``verbose=2``, as in Keras), for logs and notebooks where a redrawn bar is noise.

In Jupyter (and Colab, VS Code) the bar is tqdm's widget when ipywidgets is installed. Without
it, tqdm.auto falls back to its text bar, which redraws itself with carriage returns: each redraw
is an output of its own in the saved notebook (a fit of one second saved 13), which a viewer that
does not merge them (and any reader of the .ipynb) shows as that many lines. There the bar is
lines instead: ``EpochLines`` every few epochs, ``NOTEBOOK_LINES`` at most (``pip install
ipywidgets`` gives the widget)."""
import math
import numbers
import sys
import warnings

from tqdm import TqdmWarning

from .callbacks import Callback

# The most lines a fit prints in place of the bar in a notebook without ipywidgets (the first and
# last epochs' besides): a line per epoch is a page of them for 200 short epochs, and 20 still
# show the loss falling. A fit of 20 epochs or fewer prints every one.
NOTEBOOK_LINES = 20


def format_logs(logs):
    """The numbers among ``logs`` (Python's or NumPy's), as short strings."""
    return {k: f"{v:.4g}" for k, v in logs.items()
            if isinstance(v, numbers.Real) and not isinstance(v, bool)}


def bar_class():
    """tqdm.auto's bar class: its widget in a notebook with ipywidgets, its text bar elsewhere.

    Imported when the first bar is drawn, not with ``neuralab.train``, and without the warning
    tqdm.auto gives in a notebook lacking ipywidgets ("IProgress not found. Please update jupyter
    and ipywidgets"): learners met it at their first fit, even with verbose=0, and read it as an
    error, while the text bar it falls back to works in a notebook."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "IProgress not found", TqdmWarning)
        from tqdm.auto import tqdm
    return tqdm


def in_notebook():
    """Whether this runs in a Jupyter kernel (a notebook, Colab, VS Code's): ``ipykernel.zmqshell``
    loaded, tqdm.auto's own sign of a notebook."""
    return "ipykernel.zmqshell" in sys.modules


def default_stream():
    """Where the bar goes when no file is given: sys.stderr, tqdm's default, as a terminal keeps
    stdout for results; but sys.stdout in a Jupyter kernel, whose stderr shows on a red
    background, as an error does (tqdm's widget goes there too)."""
    return sys.stdout if in_notebook() else sys.stderr


class ProgressBar(Callback):
    """``file`` is where the bar is drawn: sys.stderr (tqdm's default) if None, sys.stdout in a
    notebook (see ``default_stream``). With no such stream (``sys.stderr`` is None under pythonw
    or a service manager) the bar stays hidden."""

    def __init__(self, file=None):
        self.file = file
        self.bar = None
        self.shown = None   # the display of tqdm's widget, in a notebook with ipywidgets
        self.lines = None   # the EpochLines that take the text bar's place in a notebook

    def on_train_begin(self, logs=None):
        p = self.params
        file = self.file if self.file is not None else default_stream()
        cls = bar_class()
        widget = _is_widget(cls) and file is not None
        if not widget and in_notebook() and file is not None:   # tqdm's text bar: lines instead (see the module)
            self.lines = EpochLines(file, every=math.ceil(p["epochs"] / NOTEBOOK_LINES))
            self.lines.set_context(self.model, p)
            return
        self.bar = cls(total=p["epochs"] * p["steps"], file=file, unit="batch", dynamic_ncols=True, leave=True,
                       disable=file is None, **({"display": False} if widget else {}))
        self.shown = _show_widget(self.bar) if widget else None
        self.epoch = self.reached = 0  # reached: the last epoch (from 1) some batch of which ran

    def on_epoch_begin(self, epoch, logs=None):
        if self.bar is None:   # lines instead (``self.lines``)
            return
        # drawn with the next update, at tqdm's pace (10 times a second): a redraw per epoch
        # wrote 300 lines into a log, or a pipe, for `neuralab train`'s 0.1 s of training
        self.bar.set_description(f"epoch {epoch + 1}/{self.params['epochs']}", refresh=False)
        self.epoch = epoch

    def on_batch_end(self, batch, logs=None):
        if self.bar is not None:
            self.reached = self.epoch + 1
            self.bar.update(1)

    def on_epoch_end(self, epoch, logs=None):
        if self.lines is not None:
            self.lines.on_epoch_end(epoch, logs)
        else:
            self.bar.set_postfix(format_logs(logs), refresh=False)

    def on_train_end(self, logs=None):
        if self.lines is not None:
            self.lines.on_train_end(logs)
        if self.bar is None:  # (fit also calls this when training fails, maybe before the bar)
            return
        if logs is None:  # fit failed (an error, a second Ctrl-C): tqdm's bar stays where it broke off
            self.bar.close()
        elif logs["history"].stop_reason and self.bar.n < self.bar.total:
            self._stopped(diverged=logs["diverged"])
        else:
            self._complete()
        if self.shown is not None:  # the widget's text, as saved in the notebook: the bar as it ended
            self.shown.update(self.bar.container)

    def _stopped(self, diverged):
        """A run stopped early (a Ctrl-C, early stopping, a callback's request, a divergence) ends
        where it stopped, as tqdm leaves a bar closed early: "epoch 12/100, stopped:  12%", not at
        100 %, which would claim epochs that never ran. The epoch named is the last one whose
        batches ran (a stop asked during an epoch's validation pass names that epoch, not the
        next, begun without a batch). tqdm's widget closes a bar short of its total red, as for an
        error: a requested stop is turned green again, a divergence stays red."""
        epochs = self.params["epochs"]
        said = f"epoch {self.reached}/{epochs}, stopped" if self.reached else f"stopped before epoch 1/{epochs}"
        self.bar.set_description(said, refresh=False)
        self.bar.close()
        widget = self._widget()
        if widget is not None and not diverged:  # tqdm lets no style replace its red: set here
            widget.bar_style = "success"

    def _complete(self):
        """A run that trained every epoch ends at 100 %, though its batches of weight 0, which
        fit skips, were never counted: the total becomes the batches that ran. (A run of no
        batch keeps its bar at 0 %: tqdm would draw a total of 0 as unknown.) tqdm's widget
        closes any bar short of its total red, as for an error, where this one should be green."""
        if self.bar.n:
            self.bar.total = self.bar.n
            widget = self._widget()
            if widget is not None:  # it read its total once, when it was made
                widget.max = self.bar.n
        self.bar.close()

    def _widget(self):
        """The bar of tqdm.notebook's widget (label, bar, numbers), or None for the text bar."""
        parts = getattr(getattr(self.bar, "container", None), "children", ())
        return parts[1] if len(parts) == 3 and hasattr(parts[1], "max") else None


def _is_widget(cls):
    """Whether tqdm.auto's ``cls`` is tqdm's widget (tqdm.notebook's, imported with tqdm.auto in a
    notebook that has ipywidgets)."""
    notebook = sys.modules.get("tqdm.notebook")
    return notebook is not None and issubclass(cls, notebook.tqdm_notebook)


def _show_widget(bar):
    """Display tqdm's widget (which it would do itself) under an id, for ``on_train_end`` to
    update. A notebook saves a widget with its text, for a viewer that cannot draw the widget
    (GitHub, nbviewer, VS Code, JupyterLab when the widgets' state is not saved): tqdm took that
    text when it displayed the bar, so every saved run read "0%| 0/200" and looked as if it had
    never trained. Updated at the end, the text is the bar's last: "epoch 20/20: 100%|...| 200/200"."""
    from IPython.display import display  # a notebook has it: tqdm's widget needs it
    return display(bar.container, display_id=True)


class EpochLines(Callback):
    """One line per epoch, "epoch 3/20: loss 0.4123, accuracy 0.875" (4 significant digits), on
    ``file`` (sys.stdout if None); with ``every`` = n, one every n epochs: the first epoch's, then
    epoch n's, 2n's, ..., and the last epoch's, the one training stopped at included."""

    def __init__(self, file=None, every=1):
        if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
            raise ValueError(f"every must be a whole number of epochs ≥ 1, got {every!r}")
        self.file = file
        self.every = int(every)
        self.unsaid = None   # the last epoch's line, until it is printed

    def on_epoch_end(self, epoch, logs=None):
        numbers = ", ".join(f"{k} {v}" for k, v in format_logs(logs).items())
        self.unsaid = f"epoch {epoch + 1}/{self.params['epochs']}: {numbers}"
        if epoch == 0 or (epoch + 1) % self.every == 0:
            self._print()

    def on_train_end(self, logs=None):
        if self.unsaid is not None:   # the last epoch's, or where a run stopped between two lines
            self._print()

    def _print(self):
        print(self.unsaid, file=self.file or sys.stdout)
        self.unsaid = None
