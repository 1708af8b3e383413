"""Ctrl-C during ``neuralab train``: training stops and the run keeps what it trained.

A learner who sets --epochs 100000 and stops it by hand after ten minutes wants those ten
minutes' model, its figures, history.csv and metrics.json, not a bare "interrupted". So within
the run's output folder SIGINT does not raise:

- during ``fit`` it asks training to stop (``model.stop_training``, as a callback does), which
  ends the epoch after the current batch with the batches that ran, and the run then scores,
  draws and saves the model as usual; a second Ctrl-C there raises ``KeyboardInterrupt``, as
  before: the run is abandoned, and its folder with it;
- before the first batch (loading done, the network being built) there is nothing to keep: the
  run is abandoned as training starts;
- once training has ended, the files are being written: a Ctrl-C then waits for them (a second
  press of a double Ctrl-C usually lands there, and left this run's model beside an earlier
  run's figures, history.csv and metrics.json), and the run exits as interrupted.

A SIGINT that the process ignores (a background job, nohup) stays ignored.
"""
import contextlib
import signal
import threading

from ..train import Callback


class StopOnInterrupt(Callback):
    """The callback that turns a Ctrl-C into a stop request; ``stopped`` tells whether training
    stopped for it, ``requested`` whether one came at all."""

    def __init__(self):
        self.requested = False  # a Ctrl-C arrived
        self.stopped = False    # and training stopped for it (not when the last batch had run)
        self.training = False   # fit runs: a second Ctrl-C abandons the run
        self.batches = 0
        self.epoch = 0

    def interrupt(self, signum, frame):
        """The SIGINT handler (see the module)."""
        if self.requested and self.training:
            raise KeyboardInterrupt
        self.requested = True

    def on_train_begin(self, logs=None):
        self.training = True

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self._stop("before")  # a Ctrl-C during the previous epoch's validation pass or on_epoch_end

    def on_batch_end(self, batch, logs=None):
        self.batches += 1
        self._stop("in")

    def on_train_end(self, logs=None):
        self.training = False

    def _stop(self, when):
        if self.requested and not self.stopped:
            if not self.batches:   # nothing trained yet: nothing to keep
                raise KeyboardInterrupt
            self.stopped = True
            # fit's History.stop_reason: printed as "training ended early: ..." and kept in metrics.json
            self.model.stop_training = f"interrupted (Ctrl-C) {when} epoch {self.epoch + 1} of {self.params['epochs']}"


@contextlib.contextmanager
def interrupt_stops(callback):
    """Within the block, Ctrl-C calls ``callback.interrupt`` (only the main thread may set a
    signal handler; elsewhere, as when ``main`` runs in a thread, and where SIGINT is ignored,
    Ctrl-C keeps its way)."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is signal.SIG_IGN):
        yield
        return
    previous = signal.signal(signal.SIGINT, callback.interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
