"""The open playground sessions, one per browser tab, and how many the server takes."""
import threading

from .peer_groups import peer_groups, this_machine
from .session import Session
from .upload_held import HeldUploads
from .upload_kept import KeptUploads

# Sessions at once: each is a model, its data and a training thread, all in the server's one
# process. A class of 30 with two tabs each holds 60; a client opening sockets in a loop held
# 300 sessions and 300 threads before (nothing refused them), and would have gone on.
MAX_SESSIONS = 150
# Sessions of one client address (not this machine's own: its browser, a proxy in front of the
# server): a student's few tabs, or a whole class of 30 behind one address (a router); a script
# looping on one machine takes no more, and leaves a class of 30 its 60 seats.
MAX_SESSIONS_PER_ADDRESS = 60
# Sessions of one IPv6 /64 (peer_groups): a machine's privacy addresses, as many as a script
# takes, are all in it, and so is a whole class on one Wi-Fi, each of its machines an address of
# its own: a class of 40 with two tabs each gets in, and a script on one machine that spreads its
# sockets over addresses still leaves the other networks 70 seats.
MAX_SESSIONS_PER_NETWORK = 80


class ServerFull(Exception):
    """``Registry.open`` refused a session: ``str(err)`` says why, ``suggestion`` what to do."""

    def __init__(self, message, suggestion):
        super().__init__(message)
        self.suggestion = suggestion


class Registry:
    """The open sessions, one per socket: ``open(address)`` makes one, ``close(session)`` frees
    it. ``served``: the ``upload.Upload`` of the CSV the server was started with (``neuralab play
    --data``), which every session holds from its start, as if its page had uploaded it (a page
    may upload its own, which replaces it in its session only); None: each starts with none.
    ``kept``: the pages' own uploads, kept as their sessions close, for the page that comes back
    (a socket dropped, a reload: ``upload_kept``); ``held``: what the open sessions' own uploads
    cost them, within one budget (``upload_held``)."""

    def __init__(self, served=None):
        self.served = served
        self.kept = KeptUploads()
        self.held = HeldUploads()
        self._sessions = set()
        self._groups = {}   # session -> the peer_groups of the client it was opened for
        self._lock = threading.Lock()

    def open(self, address=None):
        """A new session for a page at the client address ``address`` (None: unknown); raises
        ``ServerFull`` past ``MAX_SESSIONS`` in all, ``MAX_SESSIONS_PER_ADDRESS`` of a remote
        address or ``MAX_SESSIONS_PER_NETWORK`` of its IPv6 /64."""
        groups = (None, None) if address is None or this_machine(address) else peer_groups(address)
        with self._lock:
            _check_room(list(self._groups.values()), groups)
            # shared, read only: the pages that split the served file alike share its Data (shared_data)
            session = Session(self.served, self.kept, self.held)
            self._sessions.add(session)
            self._groups[session] = groups
        return session

    def close(self, session):
        session.close()
        if session.uploaded is not None and session.uploaded is not self.served:
            self.kept.keep(session.uploaded)
        self.held.release(session)
        with self._lock:
            self._sessions.discard(session)
            self._groups.pop(session, None)

    def __len__(self):
        with self._lock:
            return len(self._sessions)


def _check_room(held, groups):
    """Raise ``ServerFull`` when a session of a client of ``groups`` (its address and IPv6 /64,
    ``peer_groups``; None: not counted) would pass a cap, given the ``held`` groups of the
    sessions open."""
    if len(held) >= MAX_SESSIONS:
        raise ServerFull(f"the server already serves {MAX_SESSIONS} pages, the most it takes at once",
                         "close a tab you no longer use; this page tries again every few seconds")
    address, network = groups
    if address is not None and sum(g[0] == address for g in held) >= MAX_SESSIONS_PER_ADDRESS:
        raise ServerFull(f"this computer already has {MAX_SESSIONS_PER_ADDRESS} pages of it open, the most the "
                         "server serves to one computer", "close the tabs you no longer use; this page tries again "
                         "every few seconds")
    if network is not None and sum(g[1] == network for g in held) >= MAX_SESSIONS_PER_NETWORK:
        raise ServerFull(f"the computers of this network already have {MAX_SESSIONS_PER_NETWORK} pages of it open, "
                         "the most the server serves to one network", "close the tabs you no longer use; this page "
                         "tries again every few seconds")
