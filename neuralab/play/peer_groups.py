"""Which clients of the server count together against its caps: by address, and over IPv6 by /64.

A machine takes a new IPv6 address in its network every day or so (privacy addresses), and a
script may take as many as it likes, so what one machine holds spreads over addresses that each
count few: an IPv6 peer is counted by its /64 network too. A /64 is also a whole network's (a
class on one Wi-Fi shares one), so its cap is a class's, and each address in it keeps its own.
An IPv4 peer on a dual-stack socket (``--host ::``), ``::ffff:a.b.c.d``, is a.b.c.d: one machine
counted once, whichever socket it came by. Used by ``header_timeout`` (waiting connections) and
``registry`` (sessions).
"""
import ipaddress


def peer_groups(host):
    """The groups of peers one at ``host`` (an IP address, as a string) is counted with: (its
    address, its /64 network or None). IPv4: (a.b.c.d, None), and so an IPv4-mapped
    ``::ffff:a.b.c.d``; IPv6: (its address, its /64 as "2001:db8:0:1::/64"); not an address (a
    test client's name): (the name, None)."""
    ip = _address(host)
    if ip is None:
        return host, None
    if ip.version == 4:
        return str(ip), None
    return str(ip), str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))


def this_machine(host):
    """Whether ``host`` is the server's own machine (a loopback address, ``::ffff:127.0.0.1`` too):
    its browser, or a proxy in front of the server, which no per-client cap counts."""
    ip = _address(host)
    return ip is not None and ip.is_loopback


def _address(host):
    """``host`` as an ``ipaddress`` address, an IPv4-mapped IPv6 one as its IPv4 address; None: not
    an address."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip
