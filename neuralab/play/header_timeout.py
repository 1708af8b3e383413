"""The server's HTTP connections, each of which must send a whole request's headers in time.

uvicorn waits for a request's headers as long as its client takes: its one timer,
``timeout_keep_alive`` (5 s), runs from a response to the next request's first byte only. A
script that opened connections and sent nothing, or a request a byte a second, held every one of
them (300 held 300 of the server's file descriptors for as long as the script ran); with the
descriptors gone (``ulimit -n 64``), no page got in, neither its HTML nor its socket, and asyncio
logged thousands of tracebacks a second ("socket.accept() out of system resource"). uvicorn has
no setting for it, so ``HeaderTimeoutProtocol``, its h11 protocol, adds the two rules below to
every connection that waits on its client (opened, or answered, and the next request's headers
not yet all in):

- its request's headers are in within ``HEADER_SECONDS`` of its starting to wait, else it is
  closed, as uvicorn closes an idle kept-alive one (a browser sends its headers in one packet,
  as the connection opens);
- one client address holds at most ``WAITING_PER_ADDRESS`` of them: one more closes that
  address's oldest (a browser's idle kept-alive connection, which it opens again when it needs
  one; a script's oldest), so that a script on one machine holds a few dozen descriptors, not
  all of them. A browser opens at most 6 connections to a server, idle most of the time.

Measured with ``neuralab play`` and a script opening 300 such connections from one address: the
server held 32 of them (all 300 before), each for 5 s, and pages and sockets got in meanwhile.
Connections opened faster than the server closes them may still take all of its descriptors for
a while: under ``ulimit -n 64``, 80 at once did not, 300 at once did, for a few seconds; hence
``neuralab play`` raises its limit first (``open_files``).

A peer is counted by its address, and an IPv6 one by its /64 network too (``peer_groups``: a
machine's privacy addresses spread over its /64, which is also a whole class's Wi-Fi), so a /64
holds ``WAITING_PER_NETWORK``, a class's worth, and each address in it still its
``WAITING_PER_ADDRESS``. Measured with ``neuralab play --host ::`` and 400 connections from 40
addresses of one /64: the server held 256 of them (all 400 before).

A WebSocket, once its request is in, is the WebSocket protocol's, which no rule here touches: a
page paused for an hour keeps its socket. (h11 in place of httptools, when installed: for a page,
its files and its socket, either is fast enough.)
"""
import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .peer_groups import peer_groups

HEADER_SECONDS = 5.0      # as long as uvicorn keeps an idle kept-alive connection
WAITING_PER_ADDRESS = 32  # five browsers' worth of connections (a browser opens 6 to one server)
WAITING_PER_NETWORK = 256  # of an IPv6 /64: a class of 40 opening the page at once, 6 connections each
# h11's state of the server's side while it waits on its client: no request yet (IDLE), or the
# last one answered and the rest of its body still coming (DONE)
_WAITING = (h11.IDLE, h11.DONE)


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on the headers of each request and caps on the
    connections one address, and one IPv6 network, hold waiting (the module's docstring)."""

    waiting_since = None   # the loop's time at which it began to wait on its client; None: not waiting
    _deadline = None       # the timer that closes it at waiting_since + HEADER_SECONDS
    groups = (None, None)  # peer_groups of its client (a Unix socket's has no address: none)

    def connection_made(self, transport):
        super().connection_made(transport)
        if self.client:
            self.groups = peer_groups(self.client[0])
        self._watch()
        self._make_room()

    def data_received(self, data):
        super().data_received(data)
        self._watch()

    def on_response_complete(self):
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc):
        self._stop_waiting()
        super().connection_lost(exc)

    def _watch(self):
        """Start the deadline when the connection begins to wait on its client, stop it when a
        request's headers are in (or it closes); bytes that come meanwhile do not restart it."""
        if self.transport.is_closing() or self.conn.our_state not in _WAITING:
            self._stop_waiting()
        elif self.waiting_since is None:
            self.waiting_since = self.loop.time()
            self._deadline = self.loop.call_later(HEADER_SECONDS, self._close)

    def _stop_waiting(self):
        if self._deadline is not None:
            self._deadline.cancel()
        self.waiting_since = self._deadline = None

    def _close(self):
        self._stop_waiting()
        self.timeout_keep_alive_handler()   # uvicorn's own close of an idle connection

    def _make_room(self):
        """Close the oldest connection that waits on its client of this one's address when the
        address holds more than ``WAITING_PER_ADDRESS``, this one included, then of its network
        when that holds more than ``WAITING_PER_NETWORK`` (``peer_groups``)."""
        if self.waiting_since is None:
            return
        for i, cap in enumerate((WAITING_PER_ADDRESS, WAITING_PER_NETWORK)):
            if self.groups[i] is None:
                continue
            waiting = [c for c in self.connections if isinstance(c, HeaderTimeoutProtocol)
                       and c.waiting_since is not None and c.groups[i] == self.groups[i]]
            if len(waiting) > cap:
                min(waiting, key=lambda c: c.waiting_since)._close()
