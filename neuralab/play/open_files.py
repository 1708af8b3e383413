"""How many files the server may hold open at once: its soft limit (``ulimit -n``), which each
connection and page counts against, raised as the server starts.

A burst of connections faster than the server closes them (``header_timeout``) took every file
descriptor for a few seconds under ``ulimit -n 64``, and no page got in meanwhile: asyncio could
accept no connection ("socket.accept() out of system resource", logged tens of thousands of
times). macOS's default soft limit is 256; Linux's is 1024, under a hard limit of 4096 or more
that a process may raise its soft limit to unasked. ``raise_limit`` does, to ``WANTED`` at most,
never lowering it; ``shortage`` is the line that says so when the limit stays under ``LOW``.
Where Python has no ``resource`` module (Windows), there is no such limit to raise.

Measured with ``neuralab play`` started under ``ulimit -n 64`` (its hard limit 20000): 128
connections held waiting from 4 addresses, or 300 opened at once from one, and a page got no
answer within 4 s (before); with the limit raised to 4096, it was answered at once.
"""
import os

try:
    import resource
except ImportError:   # (Windows)
    resource = None

# 150 pages (registry.MAX_SESSIONS) opening at once take 1,050 (PER_PAGE each), and 30 computers
# each holding as many connections waiting as header_timeout lets one, 960: half of it, the rest
# free. It is the hard limit of many Linux systems: there the server asks no more than it may take.
WANTED = 4096
PER_PAGE = 7   # a page's WebSocket, and the 6 connections its browser opens to load it (closed 5 s later)
LOW = 256      # under it, fewer than a class of 30 opening the page at once


def raise_limit(wanted=WANTED):
    """The soft limit on open files raised to ``wanted``, or to the hard limit when that is lower;
    never lowered. Returns the soft limit now (None without ``resource``)."""
    if resource is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):   # (a system refusing it: the limit stays as it was)
            pass
    return soft


def shortage(limit):
    """The one line for the terminal when the soft ``limit`` (``raise_limit``'s) is under ``LOW``:
    the pages it serves opening at once, (limit - files open now) / ``PER_PAGE``, and how to raise
    it; None otherwise."""
    if limit is None or limit == resource.RLIM_INFINITY or limit >= LOW:
        return None
    pages = max(0, (limit - _open_now()) // PER_PAGE)
    return (f"warning: this system lets neuralab play keep only {limit} connections and files open (ulimit -n), "
            f"enough for about {pages} pages opening at once: run 'ulimit -n {WANTED}' in this shell (if it is "
            "refused, an administrator can raise its hard limit) and start neuralab play again")


def _open_now():
    """The files this process holds open (0 where the system does not list them)."""
    try:
        return len(os.listdir("/dev/fd")) - 1   # (less the listing's own)
    except OSError:
        return 0
