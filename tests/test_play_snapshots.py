"""How often a session's frames carry new maps and histograms (``snapshots``): shared by a class
while training runs, those of the weights now once it stops. Counted on a clock the test moves
by hand, never timed."""
import types

import numpy as np
import pytest
from session_kit import send, until

from neuralab.play import snapshots, views
from neuralab.play.session import Session
from neuralab.play.training_turns import Turns


@pytest.fixture
def clock(monkeypatch):
    """The clock the session's frames read, standing still until the test moves it."""
    now = [1000.0]
    monkeypatch.setattr(snapshots, "time", types.SimpleNamespace(monotonic=lambda: now[0]))
    return now


def a_class(monkeypatch, training):
    """``training`` sessions train on this process (holding or awaiting a turn), as frames see it."""
    turns = Turns(slots=2)
    for _ in range(training):
        turns.ask(object(), lambda: None)
    monkeypatch.setattr(snapshots, "TURNS", turns)


@pytest.fixture
def session():
    s = Session()
    (scene,) = send(s, {"type": "hello", "state": {}})
    assert scene["type"] == "scene"
    yield s
    send(s, {"type": "control", "action": "pause"})
    s.close()


@pytest.mark.parametrize("per_second, in_all", [(snapshots.HEAVY_PER_SECOND, snapshots.HEAVY_IN_ALL),
                                                (snapshots.DIAGNOSES_PER_SECOND, snapshots.DIAGNOSES_IN_ALL)])
def test_a_class_shares_its_refreshes_and_a_page_alone_keeps_its_rate(monkeypatch, per_second, in_all):
    rates = {}
    for training in range(1, 41):
        a_class(monkeypatch, training)
        rates[training] = 1 / snapshots.refresh_interval(per_second, in_all)
    assert rates[1] == pytest.approx(per_second)                     # a page alone: as before
    assert all(rate <= per_second * (1 + 1e-12) for rate in rates.values())
    # all of the class together refresh at most in_all times a second, and the rate falls only
    # once they would go past it
    assert all(n * rate <= in_all * (1 + 1e-12) for n, rate in rates.items())
    assert rates[40] * 40 == pytest.approx(in_all)
    assert [n for n, rate in rates.items() if rate < per_second] == [n for n in rates if n * per_second > in_all]


def moved(session):
    """Wait until training has moved the weights past those of the last frame."""
    version = session.version
    assert until(lambda: session.version != version)


@pytest.mark.parametrize("training", [1, 24])
def test_while_training_the_maps_refresh_once_the_class_s_interval_has_passed(monkeypatch, clock, session, training):
    a_class(monkeypatch, training)
    # a page alone: 10 a second; a class: its sessions share HEAVY_IN_ALL a second
    interval = max(1 / snapshots.HEAVY_PER_SECOND, training / snapshots.HEAVY_IN_ALL)
    send(session, {"type": "control", "action": "play"})
    moved(session)
    first = session.frame(1)[0]["heavy_seq"]
    clock[0] += 0.9 * interval
    moved(session)
    assert session.frame(2)[0]["heavy_seq"] == first and not session.needs_frame(session.version)
    clock[0] += 0.1 * interval
    moved(session)
    assert session.needs_frame(session.version)
    assert session.frame(3)[0]["heavy_seq"] == first + 1


def shown_output(session, seq):
    """The output map of a frame built now, with the map of the weights now."""
    header, arrays = session.frame(seq)
    with session.model_lock(), np.errstate(all="ignore"):
        now = views.heavy_arrays(session.net, session.data, session.grads, None)[1]["output"]
    return header, arrays["output"], now


def test_paused_or_stepped_the_next_frame_shows_the_maps_of_the_weights_now(monkeypatch, clock, session):
    # the clock stands still: while training ran, no map would ever be refreshed again
    a_class(monkeypatch, 24)
    send(session, {"type": "control", "action": "play"})
    moved(session)
    heavy_seq = session.frame(1)[0]["heavy_seq"]
    moved(session)
    send(session, {"type": "control", "action": "pause"})
    assert session.wait_idle()
    header, shown, now = shown_output(session, 2)
    assert header["heavy_seq"] == heavy_seq + 1 and np.array_equal(shown, now)
    for seq in (3, 4):   # each Step's map at once
        step = session.step
        send(session, {"type": "control", "action": "step_batch"})
        assert session.wait_idle() and session.step == step + 1
        header, shown, now = shown_output(session, seq)
        assert header["step"] == step + 1 and header["heavy_seq"] == heavy_seq + seq - 1
        assert np.array_equal(shown, now)
