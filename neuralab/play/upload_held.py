"""The pages' own uploads that the open sessions hold, within one budget of bytes.

An upload costs its session its arrays three times over (``upload_kept.held_bytes`` in a
session): a CSV of 1 MB whose text columns become 837 0/1 columns took 203 MB of the server's
memory, and four sockets sending it 742 MB; the 60 sessions one computer may open
(``registry.MAX_SESSIONS_PER_ADDRESS``) would have taken 11 GB. So the uploads held by all the
sessions together cost at most ``HELD_BYTES``: an upload past it is refused (``holding``), in one
line the page shows, and its session keeps the data it had. The server's own CSV (``neuralab play
--data``), which the one who started the server chose, is not counted (the pages that split it
alike share one copy of their data: ``shared_data``); the uploads kept for closed sessions have
a budget of their own (``upload_kept.KEPT_BYTES``).

A class's ordinary file (5,000 rows of 50 columns: 1 MB of float32, 3 MB in its session) takes
0.6 % of the budget: a class of 30 with two tabs each, every tab holding a file of its own, takes
180 MB. The largest upload the limits let through (20,000 rows × 1,024 input columns: 82 MB,
246 MB in its session) fits twice; a script looping on uploads holds 512 MB, not 11 GB.
"""
import contextlib
import threading

from . import memory_trim
from .field_checks import ProtocolError
from .upload_kept import held_bytes

HELD_BYTES = 512 * 2**20   # what the open sessions' own uploads cost them, in all
MB = 2**20


class UploadsFull(ProtocolError):
    """An upload refused: the open sessions' uploads would cost more than ``HELD_BYTES``."""


class HeldUploads:
    """Each open session's own upload and what it costs it, in bytes, within ``limit``; thread-safe."""

    def __init__(self, limit=HELD_BYTES):
        self.limit = limit
        self._held = {}   # session -> (its upload, the bytes it costs it)
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def holding(self, session, upload, again=False):
        """Count ``upload`` as ``session``'s (in place of the one it held) while the block makes
        its scene, or raise ``UploadsFull`` when the sessions' uploads would then cost more than
        ``limit``; a block that raises gives the session its old count back, as it keeps its old
        data. ``again``: the upload is the page's own, kept as its session closed, that it comes
        back to (a reload), and the refusal says to upload it again later."""
        cost = held_bytes(upload, in_session=True)
        with self._lock:
            before = self._held.get(session)
            others = sum(spent for _, spent in self._held.values()) - (before[1] if before else 0)
            if others + cost > self.limit:
                memory_trim.hand_back_memory_soon()   # (once the refused upload is freed)
                raise UploadsFull(f"the server holds too much uploaded data just now ({others / MB:,.0f} MB, and "
                                  f"{upload.file or 'this file'} needs {cost / MB:,.0f} MB of the {self.limit / MB:,.0f} "
                                  "MB it keeps for uploads)", ("upload it again later" if again else
                                                               "upload a smaller file") + ", or ask whoever runs the "
                                  "server to have the tabs no longer used closed" +
                                  ("" if again else "; this page keeps its data"))
            self._held[session] = upload, cost
        try:
            yield
        except BaseException:
            with self._lock:
                if before:
                    self._held[session] = before
                else:
                    self._held.pop(session, None)
            memory_trim.hand_back_memory_soon()
            raise

    def release(self, session):
        """``session`` closed: its upload costs it nothing any more (``upload_kept`` may keep it),
        and the memory of its copies goes back to the system (``memory_trim``)."""
        with self._lock:
            held = self._held.pop(session, None)
        if held:
            memory_trim.hand_back_memory_soon()

    def total(self):
        """The bytes the open sessions' own uploads cost them."""
        with self._lock:
            return sum(spent for _, spent in self._held.values())

    def find(self, key):
        """The upload an open session holds under ``key`` (``upload.Upload.key``), or None: a page
        whose socket dropped comes back to it before the server has seen that socket end (a
        network that changed: the page knows at once, the server once a send or a ping to the
        old socket goes unanswered, half a minute later), while its session is still open and
        has not yet handed it to ``upload_kept``."""
        with self._lock:
            return next((upload for upload, _ in self._held.values() if upload.key == key), None)
