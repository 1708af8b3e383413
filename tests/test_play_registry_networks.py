"""Whose sessions count together against the registry's caps (registry.py, peer_groups.py), with
fake client addresses: an IPv6 machine's many privacy addresses in its /64 count as one network's,
which holds a class's worth, each address in it still its own cap; an IPv4-mapped address counts
as its IPv4 address, and the server's own machine by no per-client cap, however it is written."""
from pathlib import Path

import pytest

from neuralab.play import registry as caps
from neuralab.play.registry import ServerFull

NETWORK = "2001:db8:0:1:{:x}::{:x}"   # addresses of one /64, as a machine's privacy addresses are


def _fill(registry, addresses):
    """Open a session at each of ``addresses`` until one is refused; (how many opened, the refusal)."""
    taken = 0
    with pytest.raises(ServerFull) as full:
        for address in addresses:
            registry.open(address)
            taken += 1
    return taken, full.value


def test_a_script_on_one_ipv6_machine_taking_new_addresses_is_held_to_its_network_s_cap(play_registry):
    taken, full = _fill(play_registry, (NETWORK.format(k, k) for k in range(1, 1000)))
    assert taken == caps.MAX_SESSIONS_PER_NETWORK < caps.MAX_SESSIONS
    assert str(full) == (f"the computers of this network already have {taken} pages of it open, the most the "
                         "server serves to one network")
    assert full.suggestion == "close the tabs you no longer use; this page tries again every few seconds"
    # another network's class, and the teacher on the server's machine, still get in
    for student in range(30):
        for _tab in range(2):
            play_registry.open(f"2001:db8:0:2::{100 + student:x}")
    play_registry.open("::1")
    assert len(play_registry) == taken + 61


def test_a_class_of_40_on_one_ipv6_wifi_gets_in(play_registry):
    for student in range(40):
        for _tab in range(2):
            play_registry.open(NETWORK.format(7, 100 + student))
    assert len(play_registry) == 80


def test_one_address_of_an_ipv6_network_keeps_its_own_cap(play_registry):
    taken, full = _fill(play_registry, [NETWORK.format(7, 7)] * 1000)   # the address's cap comes first
    assert taken == caps.MAX_SESSIONS_PER_ADDRESS and str(full).startswith("this computer already has")


@pytest.mark.parametrize("written", ["::ffff:192.168.1.66", "::FFFF:c0a8:142"])
def test_an_ipv4_machine_on_a_dual_stack_socket_is_one_computer(written, play_registry):
    for _ in range(caps.MAX_SESSIONS_PER_ADDRESS // 2):
        play_registry.open("192.168.1.66")
    taken, full = _fill(play_registry, [written] * 1000)
    assert taken == caps.MAX_SESSIONS_PER_ADDRESS // 2 and str(full).startswith("this computer")


@pytest.mark.parametrize("own", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_the_server_s_own_machine_counts_against_the_cap_in_all_only(monkeypatch, own, play_registry):
    monkeypatch.setattr(caps, "MAX_SESSIONS_PER_ADDRESS", 1)
    monkeypatch.setattr(caps, "MAX_SESSIONS_PER_NETWORK", 1)
    for _ in range(5):
        play_registry.open(own)
    assert len(play_registry) == 5


def test_the_teachers_page_says_the_network_cap():
    said = " ".join((Path(__file__).parents[1] / "docs" / "playground.md").read_text().split())
    assert (f"Over IPv6 the computers of one /64 network (a class's Wi-Fi, or one computer's many temporary "
            f"addresses) have at most {caps.MAX_SESSIONS_PER_NETWORK} pages together") in said
