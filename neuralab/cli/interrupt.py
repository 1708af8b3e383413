"""Ctrl-C during ``neuralab train``: training stops and the run keeps what it trained.

A learner who sets --epochs 100000 and stops it by hand after ten minutes wants those ten
minutes' model, its figures, history.csv and metrics.json, not a bare "interrupted". So within
the run's output folder SIGINT does not raise:

- during ``fit`` it asks training to stop (``model.stop_training``, as a callback does), which
  ends the epoch after the current batch with the batches that ran, and the run then scores,
  draws and saves the model as usual, and exits with 130; a second Ctrl-C there raises
  ``KeyboardInterrupt``, as before: the run is abandoned, and its folder with it;
- before the first batch (loading done, the network being built) there is nothing to keep: the
  run is abandoned as training starts;
- once training has ended, the files are being written: a Ctrl-C then waits for them (a second
  press of a double Ctrl-C usually lands there, and left this run's model beside an earlier
  run's figures, history.csv and metrics.json); the run is complete, and exits with 0.

SIGTERM (``kill``, ``timeout``, a scheduler's time limit) and SIGHUP (the terminal closed) do
the same, and the run exits with 143 or 129 (``signals.py``). A signal that the process ignores
(a background job's SIGINT, nohup's SIGHUP) stays ignored.
"""
from ..train import Callback
from .signals import STOP_SIGNALS, Interrupted, handling


class StopOnInterrupt(Callback):
    """The callback that turns a Ctrl-C (or SIGTERM, SIGHUP) into a stop request; ``requested``
    is the number of the first such signal (None before one came), ``stopped`` tells whether
    training stopped for it (not when the last batch had run)."""

    def __init__(self):
        self.requested = None   # the signal that came first
        self.stopped = False    # and training stopped for it
        self.training = False   # fit runs: a second signal abandons the run
        self.batches = 0
        self.epoch = 0

    def interrupt(self, signum, frame):
        """The handler of the stop signals (see the module)."""
        if self.requested and self.training:
            raise Interrupted(signum)
        self.requested = self.requested or signum

    def on_train_begin(self, logs=None):
        self.training = True

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self._stop("before")  # a signal during the previous epoch's validation pass or on_epoch_end

    def on_batch_end(self, batch, logs=None):
        self.batches += 1
        self._stop("in")

    def on_train_end(self, logs=None):
        self.training = False

    def _stop(self, when):
        if self.requested and not self.stopped:
            if not self.batches:   # nothing trained yet: nothing to keep
                raise Interrupted(self.requested)
            self.stopped = True
            # fit's History.stop_reason: printed as "training ended early: ..." and kept in metrics.json
            self.model.stop_training = (f"interrupted ({STOP_SIGNALS[self.requested]}) {when} epoch "
                                        f"{self.epoch + 1} of {self.params['epochs']}")


def interrupt_stops(callback):
    """Within the block, Ctrl-C, SIGTERM and SIGHUP call ``callback.interrupt`` (save where
    ``signals.handling`` leaves them their way: an ignored signal, a thread other than the main one)."""
    return handling(callback.interrupt, STOP_SIGNALS)
