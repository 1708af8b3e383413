"""Warnings that point at the user's line: the first caller outside the neuralab package, however
many of the library's own calls lie between. A fixed ``stacklevel`` is right for one path only:
a check inside ``fit`` is three calls below ``model.fit(...)`` but two below ``train.fit(model,
...)``, and a warning counted for the first pointed into NumPy's or Python's own code for the
second (Python 3.12's ``skip_file_prefixes`` does this; neuralab runs on 3.11 too)."""
import os
import sys
import warnings

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def warn(message, category=UserWarning):
    """``warnings.warn(message, category)``, attributed to the first frame outside neuralab: the
    line of the user's code (or of a test) that called into the library. ``message`` may be a
    Warning instance, whose class is then the category."""
    frame, level = sys._getframe(1), 2   # stacklevel 2: warn's caller
    while frame is not None and _in_package(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def _in_package(filename):
    """Whether code of ``filename`` is neuralab's. A name in angle brackets ("<string>", IPython's
    "<ipython-input-3-...>", "<stdin>") is no file but code the user typed: made absolute, it lay
    inside the package whenever the working directory did, and the warning went past the user's
    line into the code that ran it."""
    return not filename.startswith("<") and os.path.abspath(filename).startswith(_PACKAGE)
