"""A short storm of a page's messages on a few sessions of one process, in a seeded order: after
each, what the learner relies on holds once the training threads have had their say. Paused, a
session holds no turn to train and waits in no line (the others' turns come); closed, its thread
ends and nothing of it stays in the turns or the hidden sessions' lane; at the end, every visible
session set playing trains. (The long runs, with many sessions and a watchdog that dumps every
thread's stack, are kept out of the suite.)"""
import random

import pytest
from session_kit import send, until

from neuralab.play import hidden_pace
from neuralab.play.protocol import ProtocolError
from neuralab.play.session import Session
from neuralab.play.training_turns import TURNS

SMALL = {"dataset": {"name": "moons", "n_samples": 120},
         "layers": [{"id": "h1", "type": "dense", "units": 4, "activation": "relu"}]}
EDITS = [{"hparams": {"lr": 0.01}}, {"hparams": {"lr": 0.1}}, {"hparams": {"batch_size": 8}},
         {"hparams": {"batch_size": 32}}, {"speed": 30}, {"speed": None}, {"hparams": {"optimizer": "adam"}}]


def _opened():
    session = Session()
    send(session, {"type": "hello", "state": SMALL})
    return session


def _free(session):
    """Nothing of ``session`` in the turns (it holds none, waits in no line)."""
    return until(lambda: TURNS.turn(session) is None, timeout=10)


def _closed_cleanly(session):
    session.close()
    session.thread.join(10)
    return not session.thread.is_alive() and _free(session) and session not in hidden_pace.LANE._resting


@pytest.fixture
def sessions():
    opened = [_opened() for _ in range(4)]
    yield opened
    for session in opened:
        session.close()


def test_a_storm_of_clicks_leaves_no_turn_held_and_every_playing_page_training(sessions):
    rng = random.Random(7)
    for _ in range(60):
        i = rng.randrange(len(sessions))
        session, action = sessions[i], rng.choice(["play", "play", "pause", "step_batch", "step_epoch", "reset",
                                                     "edit", "hidden", "visible", "close"])
        try:
            if action == "edit":
                send(session, {"type": "set_state", "state": rng.choice(EDITS)})
            elif action in ("hidden", "visible"):
                session.set_hidden(action == "hidden")
            elif action == "close":   # the page closes, and opens again
                assert _closed_cleanly(session), "a closed session's thread, turn or lane entry stayed"
                sessions[i] = _opened()
            else:
                send(session, {"type": "control", "action": action})
        except ProtocolError:   # (a click the session refuses changes nothing)
            pass
        if action in ("pause", "reset"):
            assert session.wait_idle(), f"not idle after {action}"
            assert _free(session), f"paused by {action}, it kept its turn or its place in line"
    for session in sessions:   # all shown, playing at full speed: each trains on
        session.set_hidden(False)
        send(session, {"type": "set_state", "state": {"speed": None}})
        send(session, {"type": "control", "action": "play"})
    steps = [session.step for session in sessions]
    assert until(lambda: all(s.step > step + 20 for s, step in zip(sessions, steps))), \
        f"steps taken: {[s.step - step for s, step in zip(sessions, steps)]}"
    for session in sessions:
        send(session, {"type": "control", "action": "pause"})
        assert session.wait_idle() and _free(session)
    for session in sessions:
        assert _closed_cleanly(session)
