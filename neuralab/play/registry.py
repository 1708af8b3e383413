"""The open playground sessions, one per browser tab."""
import threading

from .session import Session
from .upload_kept import KeptUploads


class Registry:
    """The open sessions, one per socket: ``open()`` makes one, ``close(session)`` frees it.
    ``served``: the ``upload.Upload`` of the CSV the server was started with (``neuralab play
    --data``), which every session holds from its start, as if its page had uploaded it (a page
    may upload its own, which replaces it in its session only); None: each starts with none.
    ``kept``: the pages' own uploads, kept as their sessions close, for the page that comes back
    (a socket dropped, a reload: ``upload_kept``)."""

    def __init__(self, served=None):
        self.served = served
        self.kept = KeptUploads()
        self._sessions = set()
        self._lock = threading.Lock()

    def open(self):
        # shared, read only: load_data splits and scales copies of them
        session = Session(self.served, self.kept)
        with self._lock:
            self._sessions.add(session)
        return session

    def close(self, session):
        session.close()
        if session.uploaded is not None and session.uploaded is not self.served:
            self.kept.keep(session.uploaded)
        with self._lock:
            self._sessions.discard(session)

    def __len__(self):
        with self._lock:
            return len(self._sessions)
