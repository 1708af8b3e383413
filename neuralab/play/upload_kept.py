"""The uploads of the sessions closed lately, kept for the pages that come back to them.

A socket that drops (a laptop's Wi-Fi, a server's ``SEND_TIMEOUT``) or a page reloaded opens a new
session, which starts from the page's state; the CSV the page uploaded was the closed session's,
and went with it: the page came back on the default data (or the server's CSV). So the registry
keeps each closed session's own upload (``keep``), under its ``key``, which the scene gives the
page and the page's next ``hello`` brings back (``find``): never in a link, which names its file
only (``dataset.file``), so that a link shared gives nobody else the rows. (A socket dropped may
come back before the server has seen it end, its session still open: that ``hello`` finds the
upload the open session holds, ``upload_held.HeldUploads.find``.) A reloaded page holds no copy
of the file, and its warnings say to choose it again (``upload.Note.reloaded``); a page whose
socket opened again still holds it, says so (the hello's ``has_file``), and needs no such words.

An upload holds the file's rows as arrays (at most 20,000 rows; up to 82 MB with 1,024 columns of
categories): the kept ones hold at most ``KEPT_BYTES`` together, the least lately used going
first. A page whose upload went says so as it comes back (``link_csv``), or, still holding the
file, sends it again as a new upload.
"""
import collections
import threading

KEPT_BYTES = 256 * 2**20   # the arrays of the uploads kept: a class's typical files, many times over


def held_bytes(upload, in_session=False):
    """The bytes of ``upload``'s arrays (the dataset's inputs and targets); ``in_session``: with
    the copies a session makes of them (``build.load_data``), 3 × as many at most: the rows split
    and standardised for the network (as many bytes again) and the test part kept as read (at most
    as many). Measured: a file of 64 MB of arrays (837 0/1 columns × 19,990 rows) took 160 MB of
    arrays in its session split half and half, and the server's RSS 203 MB."""
    ds = upload.dataset
    arrays = ds.X.nbytes + (0 if ds.y is None else ds.y.nbytes)
    return 3 * arrays if in_session else arrays


class KeptUploads:
    """The uploads of closed sessions, by key, the least lately used first; thread-safe."""

    def __init__(self, limit=KEPT_BYTES):
        self.limit = limit
        self._kept = collections.OrderedDict()   # key -> Upload
        self._lock = threading.Lock()

    def keep(self, upload):
        """Keep ``upload`` (a page's own: not the server's CSV, which every session holds), then
        let the least lately used go while the kept ones hold more than ``limit`` bytes."""
        with self._lock:
            self._kept[upload.key] = upload
            self._kept.move_to_end(upload.key)
            total = sum(map(held_bytes, self._kept.values()))
            while total > self.limit and len(self._kept) > 1:
                _, gone = self._kept.popitem(last=False)
                total -= held_bytes(gone)

    def find(self, key):
        """The upload kept under ``key`` (now the most lately used), or None."""
        with self._lock:
            upload = self._kept.get(key)
            if upload is not None:
                self._kept.move_to_end(key)
            return upload

    def __len__(self):
        with self._lock:
            return len(self._kept)
