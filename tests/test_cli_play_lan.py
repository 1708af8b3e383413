"""``neuralab play --host 0.0.0.0`` for a class on a network: the server says the address the
others type (it printed only http://0.0.0.0:PORT/, which no other machine opens), and this
machine's browser opens the local address, not 0.0.0.0. A --host or --port it cannot listen on is
refused in the command line's terms, with what to give instead (it said "[Errno 98] Address
already in use", and warned of exposing a server it had not started)."""
import socket
import webbrowser
from argparse import Namespace

import pytest

from neuralab.cli import play
from neuralab.cli.errors import CLIError
from neuralab.play import server


NO_DATA = dict.fromkeys(play.CSV_OPTIONS)   # no --data, nor its options


@pytest.fixture
def serving(monkeypatch):
    """Run ``play_command`` with a server that starts and stops at once; what it printed and the
    addresses the browser was asked to open."""
    opened = []

    def serve(sock, on_started=None, served=None, names=()):
        sock.close()
        if on_started is not None:
            on_started()

    monkeypatch.setattr(server, "serve", serve)
    monkeypatch.setattr(webbrowser, "open", opened.append)

    def run(host):
        assert play.play_command(Namespace(host=host, port=0, no_browser=False, **NO_DATA)) == 0
        return opened
    return run


def _port(out):
    return out.split("serving the playground at ")[1].split(" ")[0].rsplit(":", 1)[1].rstrip("/")


def test_every_address_prints_the_address_others_open_and_opens_the_local_one(serving, monkeypatch, capsys):
    monkeypatch.setattr(play, "lan_addresses", lambda: ["192.0.2.7"])
    opened = serving("0.0.0.0")
    out, err = capsys.readouterr()
    port = _port(out)
    assert f"others on the network open http://192.0.2.7:{port}/" in out
    assert opened == [f"http://127.0.0.1:{port}/"]
    assert "no authentication" in err and "network you trust" in err


def test_without_an_address_found_it_says_which_address_to_give(serving, monkeypatch, capsys):
    monkeypatch.setattr(play, "lan_addresses", lambda: [])
    serving("0.0.0.0")
    out = capsys.readouterr().out
    assert f"open http://<this machine's address>:{_port(out)}/" in out


def test_the_local_host_prints_no_other_address(serving, capsys):
    opened = serving("127.0.0.1")
    out, err = capsys.readouterr()
    assert "others" not in out and err == ""
    assert opened == [f"http://127.0.0.1:{_port(out)}/"]


def test_the_addresses_found_are_this_machines_own():
    for address in play.lan_addresses():
        assert not address.startswith("127.")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((address, 0))   # (an address of another machine cannot be bound)


def test_a_port_in_use_is_refused_with_another_port_to_give(serving, capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CLIError, match=f"port {port} is in use .*give another --port"):
            play.play_command(Namespace(host="127.0.0.1", port=port, no_browser=True, **NO_DATA))


@pytest.mark.parametrize("host, said", [
    ("203.0.113.77", "is not an address of this machine .*0.0.0.0 for every one"),   # (TEST-NET-3: no machine's)
    ("nosuchhost.invalid", "is no address this machine can find"),                    # (.invalid: never a name)
])
def test_a_host_it_cannot_listen_on_is_refused_before_any_warning(serving, capsys, host, said):
    with pytest.raises(CLIError, match=f"--host {host} {said}"):
        play.play_command(Namespace(host=host, port=0, no_browser=True, **NO_DATA))
    assert capsys.readouterr().err == ""   # no warning of a server that does not run
