"""The signals that stop the ``neuralab`` command, each as Ctrl-C does.

SIGINT is Ctrl-C. SIGTERM is what ``kill``, ``timeout`` and a batch scheduler's time limit send,
and SIGHUP what a closed terminal or ssh session sends: by default either ended the process at
once, silently, leaving an empty output folder and minutes of training lost. Within
``signals_as_ctrl_c`` they raise ``Interrupted``, a KeyboardInterrupt, so that everything that
handles a Ctrl-C handles them too (``interrupt.py`` makes all three stop training and keep it).

A stopped command exits with 128 + the signal's number, the status a shell gives a process
that the signal ended: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.

This module imports nothing heavy: ``neuralab`` catches a Ctrl-C from its first line on, while
it imports the subcommands (matplotlib takes seconds).
"""
import contextlib
import signal
import threading

# the signals that stop the command, by the name it gives them (Windows has no SIGHUP)
STOP_SIGNALS = {signal.SIGINT: "Ctrl-C", **{getattr(signal, name): name for name in ("SIGTERM", "SIGHUP")
                                            if hasattr(signal, name)}}


class Interrupted(KeyboardInterrupt):
    """The command abandoned for the signal ``signum``: a KeyboardInterrupt, as Python raises for
    SIGINT, that knows which signal it was."""

    def __init__(self, signum):
        super().__init__(STOP_SIGNALS[signum])
        self.signum = signum


def signal_of(interrupt):
    """The signal number of a KeyboardInterrupt: an ``Interrupted``'s own, else SIGINT's."""
    return getattr(interrupt, "signum", signal.SIGINT)


def exit_status(signum):
    """128 + ``signum``: how a shell reports a process that the signal ended."""
    return 128 + signum


def interrupted_line(signum):
    """The line the command prints when a signal abandons it."""
    return "neuralab: interrupted" + ("" if signum == signal.SIGINT else f" ({STOP_SIGNALS[signum]})")


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def signals_as_ctrl_c():
    """Within the block SIGTERM and SIGHUP raise ``Interrupted``, as SIGINT raises KeyboardInterrupt."""
    return handling(_raise_interrupted, [s for s in STOP_SIGNALS if s != signal.SIGINT])


@contextlib.contextmanager
def handling(handler, signums):
    """Within the block each signal of ``signums`` calls ``handler(signum, frame)``, then has its
    handler back. A signal that the process ignores stays ignored: a background job's SIGINT,
    the SIGHUP of a run started with nohup, which is meant to outlive its terminal. Only the main
    thread may set a handler: elsewhere (``main`` run in a thread) the signals keep their way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in signums}
    # None: a handler not set from Python, which could not be put back
    taken = [s for s, was in previous.items() if was is not signal.SIG_IGN and was is not None]
    for s in taken:
        signal.signal(s, handler)
    try:
        yield
    finally:
        for s in taken:
            signal.signal(s, previous[s])
