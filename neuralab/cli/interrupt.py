"""Ctrl-C during ``neuralab train``: training stops and the run keeps what it trained.

A learner who sets --epochs 100000 and stops it by hand after ten minutes wants those ten
minutes' model, its figures and metrics.json, not a bare "interrupted". So while ``fit`` runs,
SIGINT does not raise: it asks training to stop (``model.stop_training``, as a callback does),
which ends the epoch after the current batch with the batches that ran, and the run then
scores, draws and saves the model as usual. A second Ctrl-C raises ``KeyboardInterrupt`` as
before: the run is abandoned. Outside ``fit`` (loading, writing) Ctrl-C abandons the run at once.
"""
import contextlib
import signal
import threading

from ..train import Callback


class StopOnInterrupt(Callback):
    """The callback that turns a Ctrl-C into a stop request; ``stopped`` tells whether it did."""

    def __init__(self):
        self.requested = False  # a Ctrl-C arrived (a second one abandons the run)
        self.stopped = False    # and training stopped for it (not when the last batch had run)
        self.epoch = 0

    def interrupt(self, signum, frame):
        """The SIGINT handler: the first asks the next batch end to stop, the second raises."""
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self._stop("before")  # a Ctrl-C during the previous epoch's validation pass or on_epoch_end

    def on_batch_end(self, batch, logs=None):
        self._stop("in")

    def _stop(self, when):
        if self.requested and not self.stopped:
            self.stopped = True
            # fit's History.stop_reason: printed as "training ended early: ..." and kept in metrics.json
            self.model.stop_training = f"interrupted (Ctrl-C) {when} epoch {self.epoch + 1} of {self.params['epochs']}"


@contextlib.contextmanager
def interrupt_stops(callback):
    """Within the block, Ctrl-C calls ``callback.interrupt`` (only the main thread may set a
    signal handler; elsewhere, as when ``main`` runs in a thread, Ctrl-C keeps its usual way)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, callback.interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
