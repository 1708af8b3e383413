"""How fast a session trains while its page is hidden (another tab in front, a window minimised):
slowly, so that the visible tabs of the server come first, and without frames (socket_tasks.py sends
none to a hidden page). The page says when it is hidden and shown again (the ``visibility``
message); playing goes on, as the learner left it.

The hidden sessions of a server that train share one small part of its time, ``SHARE``, however
many there are (a classroom's forgotten tabs). Each rests after every ``SLICE`` of training:

    rest = t · (n / SHARE − 1)       t: the training thread's CPU time since its last rest
                                     n: the hidden sessions training now (this one included)

so that each trains t / (t + rest) = SHARE / n of the time and all of them together SHARE (one
hidden session: 20 ms of training, then 380 ms of rest). A session counts among the n from its
rest until ``SLACK`` after its rest's end: one that stops training while hidden (paused, or it
diverged) drops out by itself, and one shown again leaves at once (``leave``). CPU time, not
wall time: the time a thread waits for the GIL or at the gate is nobody's training.
"""
import threading
import time

SHARE = 0.05     # of the server's time, for all its hidden sessions together
SLICE = 0.02     # s of a training thread's CPU time between two rests
SLACK = 1.0      # s after its rest's end that a session still counts as training hidden


def cpu_time():
    """The calling thread's CPU time, in seconds."""
    return time.thread_time()


class Lane:
    """The hidden sessions training in one process (they share its GIL and its cores). Its lock is
    taken under a session's condition (the gate tells it of a slice there) and takes nothing."""

    def __init__(self):
        self._lock = threading.Lock()
        self._resting = {}   # session -> when its current rest ends (time.monotonic)

    def rest(self, session, t):
        """Seconds ``session``, hidden, rests after training ``t`` s of CPU time (see above)."""
        now = time.monotonic()
        with self._lock:
            self._resting = {s: end for s, end in self._resting.items() if s is session or end + SLACK > now}
            self._resting[session] = now
            seconds = t * (len(self._resting) / SHARE - 1)
            self._resting[session] = now + seconds
        return seconds

    def leave(self, session):
        """``session`` no longer trains hidden (its page is shown again, or it closed)."""
        with self._lock:
            self._resting.pop(session, None)


LANE = Lane()   # the process's: its sessions share one GIL, whichever server made them
