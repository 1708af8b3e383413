"""The open playground sessions, one per browser tab."""
import threading

from .session import Session


class Registry:
    """The open sessions, one per socket: ``open()`` makes one, ``close(session)`` frees it."""

    def __init__(self):
        self._sessions = set()
        self._lock = threading.Lock()

    def open(self):
        session = Session()
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
