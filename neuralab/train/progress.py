"""What ``fit`` shows while it trains: a progress bar (``verbose=1``), built on tqdm, one bar over
all batches with the epoch and the latest loss and metrics beside it; or one line per epoch
(``verbose=2``, as in Keras), for logs and notebooks where a redrawn bar is noise."""
import numbers
import sys

from tqdm.auto import tqdm

from .callbacks import Callback


def format_logs(logs):
    """The numbers among ``logs`` (Python's or NumPy's), as short strings."""
    return {k: f"{v:.4g}" for k, v in logs.items()
            if isinstance(v, numbers.Real) and not isinstance(v, bool)}


class ProgressBar(Callback):
    """``file`` is where the bar is drawn: sys.stderr (tqdm's default) if None. With no such
    stream (``sys.stderr`` is None under pythonw or a service manager) the bar stays hidden."""

    def __init__(self, file=None):
        self.file = file
        self.bar = None

    def on_train_begin(self, logs=None):
        p = self.params
        file = self.file if self.file is not None else sys.stderr
        self.bar = tqdm(total=p["epochs"] * p["steps"], file=file, unit="batch",
                        dynamic_ncols=True, leave=True, disable=file is None)

    def on_epoch_begin(self, epoch, logs=None):
        # drawn with the next update, at tqdm's pace (10 times a second): a redraw per epoch
        # wrote 300 lines into a log, or a pipe, for `neuralab train`'s 0.1 s of training
        self.bar.set_description(f"epoch {epoch + 1}/{self.params['epochs']}", refresh=False)

    def on_batch_end(self, batch, logs=None):
        self.bar.update(1)

    def on_epoch_end(self, epoch, logs=None):
        self.bar.set_postfix(format_logs(logs), refresh=False)

    def on_train_end(self, logs=None):
        if self.bar is not None:  # (fit also calls this when training fails, maybe before the bar)
            self.bar.close()


class EpochLines(Callback):
    """One line per epoch, "epoch 3/20: loss 0.4123, accuracy 0.875" (4 significant digits), on
    ``file`` (sys.stdout if None)."""

    def __init__(self, file=None):
        self.file = file

    def on_epoch_end(self, epoch, logs=None):
        numbers = ", ".join(f"{k} {v}" for k, v in format_logs(logs).items())
        print(f"epoch {epoch + 1}/{self.params['epochs']}: {numbers}", file=self.file or sys.stdout)
