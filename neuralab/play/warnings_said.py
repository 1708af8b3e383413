"""The warnings that code raises in this thread, kept for the page: the learner reads no server log.

Python's warning filters and ``showwarning`` belong to the process, not to a thread (3.11:
``catch_warnings`` swaps module globals), and the sessions' threads run side by side: a data
build in a worker thread, ``fit`` in each session's training thread. So one lock
(``WARNINGS_LOCK``) lets one thread at a time change them, and while it does, the warnings of
the other threads go where they went (only past the filter "always": pytest's "error" does not
raise them meanwhile).

The lock is held while the code runs: a Standardizer's fit, or ``fit``'s checks as it starts
(the training thread stops collecting at ``on_train_begin``, see ``training._Driver``), never a
whole training, which would hold up every other session's upload for as long as it trains.
"""
import contextlib
import threading
import warnings

# (upload.parse_csv's load_csv changes the filters too: it takes the same lock)
WARNINGS_LOCK = threading.Lock()


class WarningsSaid:
    """A context manager: ``caught`` holds the warning of each ``warnings.warn`` this thread
    makes from its start to ``stop()`` (or to its end), every one whatever the process's filters
    (an error under pytest's, ignored under the server's). ``stop`` may come first, from inside
    the block; the end of the block then does nothing more."""

    def __init__(self):
        self.caught = []
        self._held = contextlib.ExitStack()

    def __enter__(self):
        here = threading.current_thread()
        self._held.enter_context(WARNINGS_LOCK)
        self._held.enter_context(warnings.catch_warnings())
        shown = warnings.showwarning   # the one in place: another thread's warnings still go there

        def show(message, category, filename, lineno, file=None, line=None):
            if threading.current_thread() is not here:
                return shown(message, category, filename, lineno, file, line)
            self.caught.append(message)

        warnings.simplefilter("always")
        warnings.showwarning = show
        return self

    def stop(self):
        """Put the filters back and let the other threads have them."""
        self._held.close()

    def __exit__(self, *exc):
        self.stop()
