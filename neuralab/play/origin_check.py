"""Which requests the playground answers: its own pages', at an address of this machine.

A server without a password on this machine must not be driven by the other web sites its user
visits. Two checks, as Jupyter's server makes them (its ``check_host`` and Tornado's
``check_origin``), in one ASGI middleware (``OwnPagesOnly``) before any route:

- **The Host** (every request): a page at evil.example whose DNS name is then made to point at
  127.0.0.1 (DNS rebinding) reaches this server as its own origin, and its browser says
  ``Host: evil.example:PORT``. Answered: a Host that is an IP address (v4, or v6 in brackets),
  ``localhost``, or one of the ``names`` the server is known by (``neuralab play --host NAME``,
  this machine's own name when it serves on the network). A page named by an IP address or
  localhost is of that origin, never an attacker's. No Host at all (an HTTP/1.0 program's) is
  answered too: a browser always says it.
- **The Origin** (each WebSocket): a browser lets any page open a WebSocket to any address and
  says in ``Origin`` which page asked; cross-origin reads are not stopped as they are for
  ``fetch``. Taken: the page this server served, of the same host and port as the Host asked
  for (127.0.0.1, localhost and [::1] are one host). A socket with no Origin is a program's (a
  script, the tests' clients): no browser leaves it out, and a program may say any Origin it
  likes, so refusing it would guard against nothing.

A refused request gets 403 and one line saying what to open instead; a refused socket is refused
at its handshake (403), before any session exists.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.websockets import WebSocket

LOCAL_NAMES = ("localhost",)
WILDCARDS = ("0.0.0.0", "::")   # the addresses that listen on every interface


def _host_port(netloc, scheme="http"):
    """(host name in lower case, port) of ``netloc`` ("127.0.0.1:8000", "[::1]:8000"), the port
    by default the scheme's; None when it is no host and port."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:   # a port that is no number, an unclosed bracket
        return None
    if not parts.hostname or parts.netloc != netloc:   # (a user, a path: no Host header's)
        return None
    return parts.hostname.rstrip("."), port


def _ip(host):
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _loopback(host):
    return host in LOCAL_NAMES or bool((ip := _ip(host)) and ip.is_loopback)


def machine_names(listening):
    """The names a server listening on the address ``listening`` answers at besides addresses:
    on every address (``WILDCARDS``), this machine's own name, which a student may type
    (``http://NAME:8000/``, or ``NAME.local`` as a network's mDNS says it); else none."""
    if listening not in WILDCARDS:
        return ()
    name = socket.gethostname()
    return name, f"{name}.local"


def host_refusal(host_header, names=()):
    """Why a request with ``Host: host_header`` ("": none) is refused (a line for the user), or None."""
    found = _host_port(host_header)
    names = {*LOCAL_NAMES, *(name.lower().rstrip(".") for name in names)}
    if not host_header or found and (_ip(found[0]) or found[0] in names):
        return None
    return (f"this playground answers at its own address, not at {host_header!r}: open the "
            f"address neuralab play printed (such as http://127.0.0.1:{found[1] if found else 'PORT'}/)")


def origin_refusal(origin, host_header):
    """Why a WebSocket from a page of ``origin`` (None: no browser's) asking for ``host_header``
    is refused, or None: taken from this server's own page only."""
    if origin is None:
        return None
    scheme, _, netloc = origin.partition("://")   # ("null": a sandboxed frame's, a file's)
    page = _host_port(netloc, scheme.lower()) if scheme.lower() in ("http", "https") else None
    asked = _host_port(host_header)
    if page and asked and (page == asked or (page[1] == asked[1] and _loopback(page[0]) and _loopback(asked[0]))):
        return None
    return (f"a page of {origin} may not use this playground: open the playground's own page, "
            f"http://{host_header}/")


class OwnPagesOnly:
    """ASGI middleware: ``app`` answers the requests of its own pages only (see the module)."""

    def __init__(self, app, names=()):
        self.app, self.names = app, names

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        refusal = host_refusal(headers.get("host", ""), self.names)
        if refusal is None and scope["type"] == "websocket":
            refusal = origin_refusal(headers.get("origin"), headers.get("host", ""))
        if refusal is None:
            return await self.app(scope, receive, send)
        response = PlainTextResponse(refusal, 403)
        if scope["type"] == "http":
            return await response(scope, receive, send)
        websocket = WebSocket(scope, receive, send)
        if "websocket.http.response" in scope.get("extensions", {}):
            await websocket.send_denial_response(response)   # (its line, for a program to print)
        else:
            await websocket.close(1008)
