"""Clients slow to send a request (header_timeout.py), against a real server on 127.0.0.1: a
connection that has not sent its request's headers in time is closed, however it trickles them,
and one address holds only so many waiting; pages, their files and their sockets are served as
before, and a socket idle far longer than the deadline stays open."""
import itertools
import json
import socket
import time
import urllib.request

import pytest
from in_process_server import serving
from websockets.sync.client import connect

from neuralab.play import header_timeout
from neuralab.play.server import create_app

DEADLINE = 0.3   # s, HEADER_SECONDS for these tests


@pytest.fixture
def address(monkeypatch):
    monkeypatch.setattr(header_timeout, "HEADER_SECONDS", DEADLINE)
    with serving(create_app()) as address:
        yield address


def _open(address, sent=b""):
    host, port = address.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=5)
    sock.sendall(sent)
    return sock


def _closed_after(sock, trickle=b"", within=DEADLINE + 2):
    """Seconds until the server closes ``sock`` (its answer read and dropped), sending ``trickle``
    over and over a byte every 20 ms meanwhile; None if it is still open after ``within`` seconds."""
    start = time.monotonic()
    sock.settimeout(0.02)
    for sent in itertools.count():
        if time.monotonic() - start > within:
            return None
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - start
        except TimeoutError:
            pass
        except ConnectionResetError:
            return time.monotonic() - start
        if trickle:
            try:
                sock.sendall(trickle[sent % len(trickle):][:1])
            except OSError:   # (closed: the next recv says so)
                pass


def _receive(ws, kind):
    """The next JSON message of type ``kind`` on ``ws``, skipping the others and the frames."""
    deadline = time.monotonic() + 10
    while True:
        message = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(message, str) and json.loads(message)["type"] == kind:
            return json.loads(message)


@pytest.mark.parametrize("sent, trickle", [
    (b"", b""),                                                # opened, nothing sent
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", b""),          # half a request
    (b"GET / HTTP/1.1\r\n", b"X-Slow: abcdefghij\r\n"),        # its headers, a byte at a time
], ids=["nothing", "half", "trickled"])
def test_a_connection_slow_to_send_its_request_is_closed_in_time(address, sent, trickle):
    with _open(address, sent) as sock:
        closed = _closed_after(sock, trickle)
    assert closed is not None and closed > 0.5 * DEADLINE


def test_a_kept_alive_connection_slow_to_send_its_next_request_is_closed_in_time(address):
    with _open(address, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") as sock:
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        closed = _closed_after(sock, b"X-Slow: abcdefghij\r\n")
    assert closed is not None


def test_pages_their_files_and_kept_alive_requests_are_served(address):
    with urllib.request.urlopen(f"http://{address}/", timeout=5) as page:
        assert page.status == 200 and b"<html" in page.read().lower()
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with _open(address, request) as sock:   # one connection, its requests within the deadline
        for _ in range(3):
            time.sleep(DEADLINE / 2)
            sock.sendall(request)
        time.sleep(DEADLINE / 2)
        answers, more = b"", True
        while answers.count(b'"status":"ok"') < 4 and more:   # (b"": the server closed it)
            answers += (more := sock.recv(65536))
    assert answers.count(b"HTTP/1.1 200 ") == 4


def test_a_socket_idle_past_the_deadline_stays_open(address):
    with connect(f"ws://{address}/ws", open_timeout=5) as ws:
        ws.send(json.dumps({"type": "hello"}))
        _receive(ws, "scene")
        time.sleep(3 * DEADLINE)
        ws.send(json.dumps({"type": "control", "action": "play"}))
        assert _receive(ws, "status")["state"] == "playing"


@pytest.mark.parametrize("sent", [b"GET / HTTP/1.1\r\n", b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
                         ids=["half-sent", "answered, kept alive"])
def test_one_address_holds_so_many_waiting_connections_its_oldest_closed_first(address, monkeypatch, sent):
    monkeypatch.setattr(header_timeout, "HEADER_SECONDS", 60)   # (only the cap closes them here)
    monkeypatch.setattr(header_timeout, "WAITING_PER_ADDRESS", 3)
    socks = []
    try:
        for _ in range(4):
            socks.append(_open(address, sent))
            time.sleep(0.05)   # (their order, the server's too)
        assert _closed_after(socks[0], within=1) is not None
        assert [_closed_after(sock, within=0.1) for sock in socks[1:]] == [None] * 3
        with urllib.request.urlopen(f"http://{address}/health", timeout=5) as health:   # a page still gets in
            assert json.loads(health.read())["status"] == "ok"
    finally:
        for sock in socks:
            sock.close()
