"""A Ctrl-C during an update waits for its end: ``fit`` takes every optimizer step whole.

An update writes the parameters one after another: each moment buffer, then the weights, group
by group. A Ctrl-C (SIGINT) that landed between two of those writes left some of them of the
new step and others of the step before: weights that no step ever gave, and moments that match
neither, with which ``fit(..., optimizer=model.optimizer)`` went on. Python runs a signal's
handler between two of its own operations, so while ``fit`` runs the handler is wrapped: during
``optimizer.step()`` (and the bookkeeping that marks the step as taken) it only notes the
signal, which is handled as soon as the step is done; at any other moment it is handled at once.
So an interrupt leaves every parameter as the last complete step left it, with the optimizer's
state (moments, step count) of that same step.

SIGTERM and SIGHUP are wrapped too while a Python handler of their own makes them raise, as
``neuralab train`` does (``cli/signals.py``). A signal that is ignored, or whose default ends
the process, is left alone. Only the main thread receives signals, and only it may set their
handlers: in another thread (the playground's trainer) nothing is wrapped, and nothing needs to
be. What an exception raised by the optimizer's own code leaves is the optimizer's: there is no
copy of the step to put back (keeping one would cost a pass over every weight and moment).
"""
import signal
import threading

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class WholeSteps:
    """``with steps:`` around a step holds the stop signals back until the step is done;
    ``close()`` gives them their handlers back. Built where ``fit`` starts, closed where it ends."""

    def __init__(self):
        self.in_step = False
        self.pending = []        # (signum, frame) of the signals that came during a step
        self.previous = {}       # signum -> the handler wrapped
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in SIGNALS:
            handler = signal.getsignal(signum)
            if callable(handler):   # not SIG_IGN, SIG_DFL, or None (a handler set outside Python)
                self.previous[signum] = handler
                signal.signal(signum, self._handle)

    def _handle(self, signum, frame):
        if self.in_step:
            self.pending.append((signum, frame))
        else:
            self.previous[signum](signum, frame)

    def __enter__(self):
        self.in_step = True
        return self

    def __exit__(self, kind, error, traceback):
        self.in_step = False
        pending, self.pending = self.pending, []
        if kind is None:   # the step is done: now the signals are handled (a KeyboardInterrupt raised here)
            for signum, frame in pending:
                self.previous[signum](signum, frame)
        return False

    def close(self):
        """Put back each handler wrapped (unless code run inside set another since)."""
        for signum, handler in self.previous.items():
            if signal.getsignal(signum) == self._handle:
                signal.signal(signum, handler)
