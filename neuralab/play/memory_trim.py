"""The server's memory handed back to the system once an upload has ended (glibc's ``malloc_trim``).

An upload costs the server up to a few hundred MB (``upload_held``), freed when it is refused or
its session closes. Freed, not handed back: glibc keeps what its threads' arenas freed for their
next allocations, and the server's process stayed that much bigger. ``hand_back_memory_soon``,
called as an upload ends, calls ``malloc_trim(0)`` (which returns the free pages of every arena)
``HAND_BACK_AFTER`` seconds later: by then the session's training thread has stopped and its
caller has let go of the arrays; the calls of a burst make one. Measured on a burst of 16 pages
uploading at once files of 840 0/1 columns (192 MB each in its session: 6 to 8 taken, the others
refused), then closed: the server's RSS went from 56 MB to a peak of 780-880 MB, and back to
363-374 MB, not 402-432 MB (the uploads kept for the closed pages, ``upload_kept``, hold 200 MB of
it); a ``malloc_trim`` called by hand afterwards handed back at most 4 MB more. Where the C
library has no ``malloc_trim`` (macOS, Windows, musl), nothing is done: the next uploads reuse
the memory, as before.
"""
import ctypes
import threading

HAND_BACK_AFTER = 1.0   # s after the last upload that ended


def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, TypeError, AttributeError):   # (no C library by that name; Windows: no CDLL(None))
        return None


MALLOC_TRIM = _malloc_trim()
_lock = threading.Lock()
_timer = None   # the pending hand-back, a threading.Timer


def hand_back_memory():
    """Return the free memory of the C library's arenas to the system (glibc only)."""
    if MALLOC_TRIM is not None:
        MALLOC_TRIM(0)


def hand_back_memory_soon():
    """``hand_back_memory`` in ``HAND_BACK_AFTER`` seconds, in a thread of its own; a call before
    then puts it off again, so that a burst of uploads ending makes one."""
    global _timer
    if MALLOC_TRIM is None:
        return
    with _lock:
        if _timer is not None:
            _timer.cancel()
        _timer = threading.Timer(HAND_BACK_AFTER, hand_back_memory)
        _timer.daemon = True
        _timer.start()
