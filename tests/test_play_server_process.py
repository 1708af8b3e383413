"""The server ``neuralab play`` runs, in its own process: its connections are the server's own
(``server.connection_options``: the cap on waiting connections, no permessage-deflate), and its
limit on open files is raised as it starts (``open_files``), so that a page gets in under a low
``ulimit -n``; where the limit stays low, one line says how many pages it serves, and how to raise it."""
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
from test_play_server import play_command
from websockets.sync.client import connect

from neuralab.play import open_files
from neuralab.play.header_timeout import WAITING_PER_ADDRESS, WAITING_PER_NETWORK

resource = pytest.importorskip("resource")   # (no such limit on Windows)
HARD = resource.getrlimit(resource.RLIMIT_NOFILE)[1]


def _limited(soft, hard=None):
    """A ``preexec_fn`` that gives the child the open-files limit ``soft`` (and ``hard``)."""
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, HARD if hard is None else hard))


def test_neuralab_play_serves_with_the_server_s_connection_options():
    with play_command() as (address, _):
        host, port = address.rsplit(":", 1)
        socks = [socket.create_connection((host, int(port)), timeout=5) for _ in range(WAITING_PER_ADDRESS + 1)]
        try:
            socks[0].settimeout(2)   # the oldest of one more than an address holds waiting: closed
            assert socks[0].recv(1) == b""
            with connect(f"ws://{address}/ws", open_timeout=10) as ws:   # (it offers permessage-deflate)
                assert "Sec-WebSocket-Extensions" not in ws.response.headers
        finally:
            for sock in socks:
                sock.close()


@pytest.mark.skipif(HARD != resource.RLIM_INFINITY and HARD < 8192, reason="needs a hard limit of 8192 files")
@pytest.mark.parametrize("soft, hard, raised", [
    (64, None, 4096),     # toward the hard limit, 4096 at most
    (64, 100, 100),       # to the hard limit, when lower
    (5000, None, 5000),   # never lowered
])
def test_the_open_files_limit_is_raised_toward_the_hard_limit_never_lowered(soft, hard, raised):
    said = subprocess.run([sys.executable, "-c", "from neuralab.play.open_files import raise_limit; import resource; "
                           "print(raise_limit(), resource.getrlimit(resource.RLIMIT_NOFILE)[0])"],
                          preexec_fn=_limited(soft, hard), capture_output=True, text=True, timeout=60, check=False)
    assert said.stdout.split() == [str(raised)] * 2, said.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="127.0.0.2 and beyond are this machine's on Linux")
@pytest.mark.skipif(HARD != resource.RLIM_INFINITY and HARD < 4096, reason="needs a hard limit of 4096 files")
def test_a_page_gets_in_under_a_low_limit_while_others_hold_many_connections():
    """Started under ``ulimit -n 64``: 4 addresses each holding as many connections waiting as one
    address may (128) took every descriptor, and the page got no answer for seconds."""
    with play_command(preexec_fn=_limited(64)) as (address, _):
        host, port = address.rsplit(":", 1)
        socks = [socket.create_connection((host, int(port)), timeout=5, source_address=(f"127.0.0.{i}", 0))
                 for i in range(2, 6) for _ in range(WAITING_PER_ADDRESS)]
        try:
            with urllib.request.urlopen(f"http://{address}/health", timeout=3) as health:
                assert health.status == 200
        finally:
            for sock in socks:
                sock.close()


def test_a_limit_that_stays_low_is_said_in_one_line_with_the_pages_it_serves_and_how_to_raise_it():
    with tempfile.TemporaryFile("w+") as err:
        with play_command(preexec_fn=_limited(100, 100), stderr=err):
            pass
        err.seek(0)
        lines = err.read().splitlines()
    assert len(lines) == 1 and "keep only 100 connections" in lines[0] and "'ulimit -n 4096'" in lines[0], lines
    pages = int(lines[0].split("enough for about ")[1].split()[0])
    assert 5 <= pages <= 100 // 7   # (its own files take a few)


def test_the_teachers_page_says_the_caps_and_the_limit():
    said = " ".join((Path(__file__).parents[1] / "docs" / "playground.md").read_text().split())
    assert f"one computer holds at most {WAITING_PER_ADDRESS} such connections" in said
    assert f"one /64 network count together too, {WAITING_PER_NETWORK} at most" in said
    assert f"(`ulimit -n`) to {open_files.WANTED} as it starts" in said and f"stays under {open_files.LOW}" in said
