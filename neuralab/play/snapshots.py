"""The frames of a playground session: ``FrameServing`` is the half of ``Session`` that builds
the snapshot the page draws (header and arrays, ``frames.encode`` makes the bytes), and decides
who builds it.

While training runs, the training thread builds each frame at its next batch boundary, when the
sender asks (``request_frame``; ``training.py`` says why), and wakes the sender; when paused, or
when the training thread does not within ``FRAME_WAIT``, the asking thread builds it under the
model lock (``frame_here``). The heavy views (maps, histograms, the monitor's diagnoses) are
computed at most ``HEAVY_PER_SECOND`` times a second, the diagnoses at most
``DIAGNOSES_PER_SECOND``; a frame leaves out the heavy arrays the page already holds. The maps
of the input features never change: only the first frame of a scene the page holds nothing of
carries them.
"""
import threading
import time

import numpy as np

from . import views

HEAVY_PER_SECOND = 10
FRAME_WAIT = 0.05              # s: how long frame() waits for the training thread to build a frame
DIAGNOSES_PER_SECOND = 2       # the monitor's report (~1 ms) changes slowly: at most twice a second


class FrameServing:
    """The methods of ``Session`` that build and hand out frames."""

    def frame(self, seq, page_has=None):
        """(header, arrays) of the live view now; the heavy arrays are at most 1/10 s old.

        ``page_has``: the (scene_id, heavy_seq) of the heavy arrays the page already holds; when
        they are still the newest, the frame leaves them (and their header entries) out, and
        when they are of this scene, the features' maps too (None: the page holds nothing).

        While training runs, the training thread builds the frame at its next batch boundary;
        otherwise (or if it does not within ``FRAME_WAIT``) this thread does, under the model lock.
        The server does the same without blocking its event loop (``server._frame``), with the
        three steps below.
        """
        request = self.request_frame(seq, page_has)
        if request is not None and (request.done.wait(FRAME_WAIT) or not self.withdraw(request)):
            return request.outcome()
        return self.frame_here(seq, page_has)

    def request_frame(self, seq, page_has=None, notify=None):
        """While training runs, ask the training thread for a frame: it builds it at its next
        batch boundary, then calls ``notify()`` (from its own thread). None when paused, or while
        an epoch rests to keep to the speed chosen (the model is free then)."""
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
        if self._heavy_version != self.version and now - self._heavy_at >= 1 / HEAVY_PER_SECOND:
            if not self.playing or now - self._diagnosed_at >= 1 / DIAGNOSES_PER_SECOND:
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
        if self.version != sent_version:
            return True
        return self._heavy_version != self.version and time.monotonic() - self._heavy_at >= 1 / HEAVY_PER_SECOND


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
