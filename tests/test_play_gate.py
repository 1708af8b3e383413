"""The training thread's gate (``training_gate``) as the other threads meet it: a page shown again,
or a session closed, just as its hidden slice of training ends, leaves nothing of the session in
the hidden sessions' lane (``hidden_pace``); a frame asked for as the thread stops at the gate is
built there, before it waits (not left for its asker to build after FRAME_WAIT). Driven step by step: the other thread acts at the one
moment that matters (as the gate tells the lane), not when a sleep guesses it does."""
import threading

import pytest
from session_kit import send, until

from neuralab.play import hidden_pace, training, training_gate
from neuralab.play.session import Session
from neuralab.play.snapshots import _FrameRequest
from neuralab.play.training_turns import Turns


def _meanwhile(session, action):
    """Run ``action`` in another thread now, as a page's message would: at once if the session's
    condition is free, else once it is let go. The thread, to join."""
    probed, done, free = threading.Event(), threading.Event(), []

    def run():
        if session.cond.acquire(blocking=False):
            session.cond.release()
            free.append(True)
        probed.set()
        action()
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    probed.wait(10)
    if free:   # nothing holds it back: it runs to its end before the gate goes on
        done.wait(10)
    return thread


@pytest.mark.parametrize("action", ["close", "show"])
def test_a_session_shown_or_closed_as_its_hidden_slice_ends_leaves_the_lane(monkeypatch, action):
    # told of the slice after either, the lane counted a visible session among the hidden ones
    # (each rested longer for it) and kept a closed one, its model and data with it
    session = Session()
    session.hidden, session._slice_began = True, 0.0
    monkeypatch.setattr(hidden_pace, "cpu_time", lambda: hidden_pace.SLICE)   # a slice trained
    act = session.close if action == "close" else lambda: session.set_hidden(False)
    others, lane_rest = [], hidden_pace.LANE.rest

    def rest(who, trained):   # the moment the gate tells the lane: the page's message comes
        others.append(_meanwhile(session, act))
        return lane_rest(who, trained)

    monkeypatch.setattr(hidden_pace.LANE, "rest", rest)
    try:
        session._pace_hidden()
        for thread in others:
            thread.join(10)
        assert others and not any(thread.is_alive() for thread in others)
        assert session not in hidden_pace.LANE._resting
        if action == "show":
            assert session._rest_until == 0.0   # no rest kept either
    finally:
        session.close()
        hidden_pace.LANE.leave(session)


def test_a_frame_asked_for_as_the_session_joins_the_line_is_built_before_it_waits(monkeypatch):
    turns = Turns(slots=1)
    turns.ask(object(), lambda: None)        # another session holds the only turn, and keeps it
    monkeypatch.setattr(training_gate, "TURNS", turns)
    monkeypatch.setattr(training, "TURNS", turns)
    session = Session()
    try:
        send(session, {"type": "hello", "state": {}})
        send(session, {"type": "control", "action": "play"})
        assert until(lambda: turns.turn(session) == "waiting" and session.idle)
        # asked for just before the thread went idle in line (request_frame refuses it after)
        request = _FrameRequest(1, None)
        with session.cond:
            session._frame_request = request
            session.cond.notify_all()
        assert until(lambda: request.done.is_set(), timeout=5)
        assert request.outcome()[0]["seq"] == 1 and turns.turn(session) == "waiting"
    finally:
        send(session, {"type": "control", "action": "pause"})
        session.close()
