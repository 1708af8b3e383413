"""The frames of a playground session: ``FrameServing`` is the half of ``Session`` that builds
the snapshot the page draws (header and arrays, ``frames.encode`` makes the bytes), and decides
who builds it.

While training runs, the training thread builds each frame at its next batch boundary, when the
sender asks (``request_frame``; ``training.py`` says why), and wakes the sender; when paused, or
when the training thread does not within ``FRAME_WAIT``, the asking thread builds it under the
model lock (``frame_here``).

The heavy views (maps, histograms: ~1 ms; the monitor's diagnoses: ~2 ms) are built again only
when the weights moved, and while training runs, at most so often (``refresh_interval``): a
session training alone refreshes its maps ``HEAVY_PER_SECOND`` times a second and its diagnoses
``DIAGNOSES_PER_SECOND``; while more train, all of them together refresh their maps at most
``HEAVY_IN_ALL`` times a second and their diagnoses ``DIAGNOSES_IN_ALL``, so a class of 25 spends
a bounded share of the one GIL they train under on views. Once training stops (paused, or the
steps clicked for are done), the next frame's views are those of the weights now, however soon.
A frame leaves out the heavy arrays the page already holds. The maps of the input features never
change: only the first frame of a scene the page holds nothing of carries them.
"""
import threading
import time

import numpy as np

from . import views
from .training_turns import TURNS

HEAVY_PER_SECOND = 10          # a session's maps and histograms while it trains alone...
HEAVY_IN_ALL = 30              # ...and those of all the sessions that train, shared evenly
DIAGNOSES_PER_SECOND = 2       # the monitor's report (~2 ms) changes slowly: at most twice a second...
DIAGNOSES_IN_ALL = 4           # ...and all sessions' reports together
FRAME_WAIT = 0.05              # s: how long frame() waits for the training thread to build a frame


def refresh_interval(per_second, in_all):
    """Seconds between two refreshes of a view of one session while it trains:

        max(1 / per_second, n / in_all)      n: the sessions training (``Turns.training``)

    ``per_second`` refreshes a second while few train; while more than ``in_all / per_second``
    do, they share ``in_all`` refreshes a second evenly (24 sessions, maps: one each 0.8 s)."""
    return max(1 / per_second, TURNS.training() / in_all)


class FrameServing:
    """The methods of ``Session`` that build and hand out frames."""

    def frame(self, seq, page_has=None):
        """(header, arrays) of the live view now; the heavy arrays are at most one
        ``refresh_interval`` old while training runs, and of the weights now once it stopped.

        ``page_has``: the (scene_id, heavy_seq) of the heavy arrays the page already holds; when
        they are still the newest, the frame leaves them (and their header entries) out, and
        when they are of this scene, the features' maps too (None: the page holds nothing).

        While training runs, the training thread builds the frame at its next batch boundary;
        otherwise (or if it does not within ``FRAME_WAIT``) this thread does, under the model lock.
        The server does the same without blocking its event loop (``socket_tasks._frame``), with the
        three steps below.
        """
        request = self.request_frame(seq, page_has)
        if request is not None and (request.done.wait(FRAME_WAIT) or not self.withdraw(request)):
            return request.outcome()
        return self.frame_here(seq, page_has)

    def request_frame(self, seq, page_has=None, notify=None):
        """While training runs, ask the training thread for a frame: it builds it at its next
        batch boundary, then calls ``notify()`` (from its own thread). None when paused, while
        an epoch rests to keep to the speed chosen, or while the session waits for its turn to
        train (the model is free then)."""
        # under the condition the gate sets ``idle`` under: a request is placed before the
        # thread goes idle, where the gate can see it, or not at all
        with self.cond:
            if not self.playing or self.idle:
                return None
            request = _FrameRequest(seq, page_has, notify)
            self._frame_request = request
            return request

    def withdraw(self, request):
        """Take back a frame request the training thread has not taken yet; False if it has
        (then it is being built, and will be done). One that another thread's request replaced
        before the training thread came will never be taken: it is taken back too, and its asker
        builds the frame itself."""
        with self.cond:
            if request.taken:
                return False
            if self._frame_request is request:
                self._frame_request = None
            return True

    def frame_here(self, seq, page_has=None):
        """Build the frame in the calling thread, under the model lock."""
        with self.model_lock(), np.errstate(all="ignore"):
            return self._build_frame(seq, page_has)

    def _build_frame(self, seq, page_has):
        """``frame``'s work, by a thread that holds the model lock."""
        now = time.monotonic()
        if self._views_due(now):
            every = refresh_interval(DIAGNOSES_PER_SECOND, DIAGNOSES_IN_ALL)
            if not self._training_on() or now - self._diagnosed_at >= every:
                self._diagnosed, self._diagnosed_at = views.diagnoses(self.monitor, self.net, self.data), now
            self._heavy = views.heavy_arrays(self.net, self.data, self.grads, self._diagnosed)
            self._heavy_at, self._heavy_version = now, self.version
            self._heavy_seq += 1
        fresh = page_has != (self.scene_id, self._heavy_seq)
        header, arrays = (dict(self._heavy[0]), dict(self._heavy[1])) if fresh else ({}, {})
        if page_has is None or page_has[0] != self.scene_id:   # the page holds nothing of this scene
            arrays.update(views.feature_maps(self.data))       # (they never change: sent once)
        arrays.update(views.light_arrays(self.net.model, self.grads))
        arrays["curves"] = views.curves(self._curve_rows(), self.data)
        metrics = {k: v for k, v in self.metrics.items() if k != "lr"}
        header.update({"type": "frame", "scene_id": self.scene_id, "seq": seq, "heavy_seq": self._heavy_seq,
                       "epoch": self.epoch, "epoch_batches": self._epoch_batches(), "step": self.step,
                       "lr": self.optimizer.lr,
                       "metrics": metrics, "target_metrics": views.target_metrics(metrics, self.data),
                       "metrics_of": self.metrics_of})
        return header, arrays

    def needs_frame(self, sent_version):
        """Whether a frame would show something the frame of ``sent_version`` did not."""
        return self.version != sent_version or self._views_due(time.monotonic())

    def _views_due(self, now):
        """Whether the heavy views are to be built again: the weights moved since, and training
        has stopped (the page shows where it stopped at once: a Pause, a Step) or the last were
        built a ``refresh_interval`` ago."""
        if self._heavy_version == self.version:
            return False
        return not self._training_on() or now - self._heavy_at >= refresh_interval(HEAVY_PER_SECOND, HEAVY_IN_ALL)

    def _training_on(self):
        """Playing, or taking the steps clicked for."""
        return self.playing or self.budget > 0


class _FrameRequest:
    """A frame the sender asked the training thread for: the training thread sets ``result``
    (or ``error``), then ``done``, then calls ``notify`` (if any)."""

    def __init__(self, seq, page_has, notify=None):
        self.seq, self.page_has, self.notify = seq, page_has, notify
        self.done = threading.Event()
        self.result = self.error = None
        self.taken = False          # by the training thread, to build (set under the session's cond)

    def outcome(self):
        """The frame, once built (waits for it); the error of a failed build is raised here."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.result
