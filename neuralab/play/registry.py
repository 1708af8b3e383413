"""The open playground sessions, one per browser tab."""
import threading

from .session import Session


class Registry:
    """The open sessions, one per socket: ``open()`` makes one, ``close(session)`` frees it.
    ``served``: the ``upload.Upload`` of the CSV the server was started with (``neuralab play
    --data``), which every session holds from its start, as if its page had uploaded it (a page
    may upload its own, which replaces it in its session only); None: each starts with none."""

    def __init__(self, served=None):
        self.served = served
        self._sessions = set()
        self._lock = threading.Lock()

    def open(self):
        session = Session(self.served)   # shared, read only: load_data splits and scales copies of it
        with self._lock:
            self._sessions.add(session)
        return session

    def close(self, session):
        session.close()
        with self._lock:
            self._sessions.discard(session)

    def __len__(self):
        with self._lock:
            return len(self._sessions)
