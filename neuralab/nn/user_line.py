"""Warnings that point at the user's line: the first caller outside the neuralab package, however
many of the library's own calls lie between. A fixed ``stacklevel`` is right for one path only:
a check inside ``fit`` is three calls below ``model.fit(...)`` but two below ``train.fit(model,
...)``, and a warning counted for the first pointed into NumPy's or Python's own code for the
second (Python 3.12's ``skip_file_prefixes`` does this; neuralab runs on 3.11 too).

And warnings kept for a page instead (``Collected``): the playground shows the learner what the
library warned of while it built the data or started ``fit``, in a worker thread. Python's
warning filters belong to the process (3.11's ``catch_warnings`` swaps module globals, and a
thread that swapped them back late undid another thread's, a test's ``pytest.warns`` included),
so the library's own warnings are kept per thread, here, and the filters are never touched.
"""
import os
import sys
import threading
import warnings

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_kept = threading.local()   # .caught: the list of this thread's ``Collected``, if one is on


def warn(message, category=UserWarning):
    """``warnings.warn(message, category)``, attributed to the first frame outside neuralab: the
    line of the user's code (or of a test) that called into the library. ``message`` may be a
    Warning instance, whose class is then the category. Inside ``Collected`` in this thread, the
    warning is kept there instead."""
    caught = getattr(_kept, "caught", None)
    if caught is not None:
        caught.append(message if isinstance(message, Warning) else category(message))
        return
    frame, level = sys._getframe(1), 2   # stacklevel 2: warn's caller
    while frame is not None and _in_package(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


class Collected:
    """A context manager: the library's warnings (``warn``) of this thread, from its start to
    ``stop()`` (or to its end), are kept in ``caught`` (Warning instances) instead of issued,
    whatever the filters; other threads' warnings, and this thread's from elsewhere (NumPy's),
    go where they went. ``stop`` may come first, from inside the block (the playground's
    training thread stops at ``on_train_begin``: fit's checks are done)."""

    def __init__(self):
        self.caught = []
        self._before = None
        self._on = False

    def __enter__(self):
        self._before, self._on = getattr(_kept, "caught", None), True
        _kept.caught = self.caught
        return self

    def stop(self):
        if self._on:
            _kept.caught, self._on = self._before, False

    def __exit__(self, *exc):
        self.stop()


def _in_package(filename):
    """Whether code of ``filename`` is neuralab's. A name in angle brackets ("<string>", IPython's
    "<ipython-input-3-...>", "<stdin>") is no file but code the user typed: made absolute, it lay
    inside the package whenever the working directory did, and the warning went past the user's
    line into the code that ran it."""
    return not filename.startswith("<") and os.path.abspath(filename).startswith(_PACKAGE)
