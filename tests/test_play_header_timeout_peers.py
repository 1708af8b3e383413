"""Whose waiting connections count together against header_timeout's caps, with fake peers (a real
server on 127.0.0.1 whose connections each say they come from a given address): an IPv6 machine's
many addresses in its /64 count as one network's, an IPv4-mapped address as its IPv4 address; other
networks, and IPv4 addresses, apart."""
import socket
import time

import pytest
from in_process_server import serving
from uvicorn.protocols.http import h11_impl

from neuralab.play import header_timeout
from neuralab.play.server import create_app

A, B, C, D = "2001:db8:0:1::a", "2001:db8:0:1:8a2e::b", "2001:db8:0:1:ffff::c", "2001:db8:0:1::d"   # one /64
OTHER = ["2001:db8:0:2::a", "2001:db8:0:2::b", "2001:db8:0:2::c"]   # the next /64


@pytest.fixture
def open_from(monkeypatch):
    """``open_from(peer)``: a connection to a server whose connections of 127.0.0.1 each come
    from the address given when it opened; a connection's address holds at most 2 of them
    waiting, an IPv6 /64 at most 3, none closed for its deadline."""
    monkeypatch.setattr(header_timeout, "HEADER_SECONDS", 60)
    monkeypatch.setattr(header_timeout, "WAITING_PER_ADDRESS", 2)
    monkeypatch.setattr(header_timeout, "WAITING_PER_NETWORK", 3)
    peers, real = {}, h11_impl.get_remote_addr   # a client port -> the address it says it is from
    monkeypatch.setattr(h11_impl, "get_remote_addr", lambda t: (peers[real(t)[1]], real(t)[1]))
    with serving(create_app()) as address:
        host, port = address.rsplit(":", 1)
        opened = []

        def open_from(peer):
            sock = socket.socket()
            sock.bind((host, 0))   # (its port named before the server sees it)
            peers[sock.getsockname()[1]] = peer
            sock.connect((host, int(port)))
            opened.append(sock)
            time.sleep(0.05)   # (their order, the server's too)
            return sock
        yield open_from
        for sock in opened:
            sock.close()


def _closed(sock):
    sock.settimeout(0.3)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


@pytest.mark.parametrize("peers, closed", [
    ([A, B, C, D], [0]),                                         # one machine's many addresses: one /64's
    ([A, OTHER[0], B, OTHER[1], C, OTHER[2]], []),               # two networks, three each
    ([A, A, A], [0]),                                            # one address: its own cap
    (["10.0.0.1", "::ffff:10.0.0.1", "10.0.0.1"], [0]),         # IPv4-mapped: the IPv4 address
    (["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], []),     # IPv4: by address alone
], ids=["one /64", "two /64s", "one address", "mapped IPv4", "IPv4 apart"])
def test_waiting_connections_count_by_address_and_ipv6_network_the_oldest_closed(open_from, peers, closed):
    socks = [open_from(peer) for peer in peers]
    time.sleep(0.2)
    assert [i for i, sock in enumerate(socks) if _closed(sock)] == closed
