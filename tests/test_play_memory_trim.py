"""The server's memory handed back to the system as uploads end (memory_trim.py): when an upload
is refused and when a session holding one closes, ``malloc_trim(0)`` runs once soon after, for a
burst of them too; where the C library has none, nothing is done and nothing fails."""
import ctypes

import pytest
from session_kit import UPLOAD, greeted, room_for_one_upload, send, until

from neuralab.play import memory_trim
from neuralab.play.field_checks import ProtocolError
from neuralab.play.upload_held import UploadsFull




@pytest.fixture
def hand_backs(count_calls):
    """The calls of ``memory_trim.hand_back_memory_soon`` during the test."""
    return count_calls(memory_trim, "hand_back_memory_soon")



def test_a_session_closing_hands_back_its_upload_s_memory_once(play_registry, hand_backs):
    plain, uploading = greeted(play_registry), greeted(play_registry)
    send(uploading, UPLOAD)
    play_registry.close(plain)        # (no upload of its own: nothing of it to hand back)
    assert hand_backs == []
    play_registry.close(uploading)
    assert hand_backs == [()]


def test_an_upload_refused_hands_back_its_memory(play_registry, hand_backs, monkeypatch):
    room_for_one_upload(play_registry)
    first, second = greeted(play_registry), greeted(play_registry)
    send(first, UPLOAD)
    with pytest.raises(UploadsFull):
        send(second, UPLOAD)
    assert hand_backs == [()]

    def refused(*args, **kwargs):   # (the session refusing it as it builds its scene)
        raise ProtocolError("refused as it was built")
    monkeypatch.setattr(first, "set_state", refused)
    with pytest.raises(ProtocolError, match="refused as it was built"):
        send(first, UPLOAD)
    assert hand_backs == [(), ()]


def test_a_burst_of_ends_trims_once_after_the_last(monkeypatch):
    trims = []
    monkeypatch.setattr(memory_trim, "MALLOC_TRIM", trims.append)
    monkeypatch.setattr(memory_trim, "HAND_BACK_AFTER", 0.3)
    for _ in range(3):
        memory_trim.hand_back_memory_soon()
    assert trims == []           # (not at once: the caller still holds the arrays)
    assert until(lambda: trims, timeout=10)
    memory_trim._timer.join(5)
    assert trims == [0]


def test_the_c_library_s_malloc_trim_is_found_and_runs():
    if not hasattr(ctypes.CDLL(None), "gnu_get_libc_version"):
        pytest.skip("glibc only")
    assert memory_trim.MALLOC_TRIM is not None
    memory_trim.hand_back_memory()


class _NoTrim:
    """A C library without malloc_trim (macOS's, musl's)."""

    def __init__(self, name):
        pass

    def __getattr__(self, name):
        raise AttributeError(name)


@pytest.mark.parametrize("library", [_NoTrim, None], ids=["no malloc_trim", "no C library"])
def test_without_malloc_trim_nothing_is_done_and_nothing_fails(monkeypatch, library):
    def no_library(name):
        raise OSError("no C library")
    monkeypatch.setattr(ctypes, "CDLL", library or no_library)
    assert memory_trim._malloc_trim() is None
    monkeypatch.setattr(memory_trim, "MALLOC_TRIM", None)
    monkeypatch.setattr(memory_trim, "_timer", None)
    memory_trim.hand_back_memory()
    memory_trim.hand_back_memory_soon()
    assert memory_trim._timer is None   # (no thread started for nothing)


def test_an_upload_refused_once_read_hands_back_its_memory(play_registry, hand_backs):
    # a file read whole, then refused (here its target is a column of numbers with too many
    # classes for a class task): the arrays it built are freed, and handed back
    session = greeted(play_registry)
    wide = "x,label\n" + "".join(f"{i},{i}\n" for i in range(300))
    with pytest.raises(ProtocolError):
        send(session, {**UPLOAD, "text": wide, "target": "label", "task": "multiclass"})
    assert hand_backs == [()]
