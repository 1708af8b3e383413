"""A step clicked goes to the front of the line of turns to train (``training_turns``): with every
slot held by sessions that play, the learner who clicked waited a whole round behind them (0.36 s
among 24). Counts, not time, as in test_play_training_turns: a slice of 0 s is up at its holder's
first look, so every ``pass_on`` hands the turn on."""
from session_kit import send, until

from neuralab.play import training, training_gate
from neuralab.play.session import Session
from neuralab.play.training_turns import Turns


class _Player:
    def __init__(self, turns, name):
        self.turns, self.name, self.woken = turns, name, 0

    def wake(self):
        self.woken += 1


def _players(turns, n):
    players = [_Player(turns, i) for i in range(n)]
    for p in players:
        turns.ask(p, p.wake)
    return players


def test_a_step_clicked_takes_the_next_free_slot_before_the_sessions_that_play():
    turns = Turns(slots=2, slice_=0.0)
    players = _players(turns, 6)              # 2 hold the slots, 4 wait in line
    stepper = _Player(turns, "step")
    turns.ask(stepper, stepper.wake, first=True)
    assert turns.turn(stepper) == "next"
    turns.pass_on(players[0])                 # the first slice to end
    assert turns.turn(stepper) == "held" and stepper.woken == 1
    assert turns.turn(players[2]) == "waiting", "a session that plays went before the step"


def test_a_session_in_line_to_play_moves_to_the_front_when_a_step_is_clicked():
    turns = Turns(slots=1, slice_=0.0)
    a, b, c, d = _players(turns, 4)           # a holds the slot; b, c, d wait
    turns.ask(d, d.wake, first=True)          # d was playing, its learner paused and clicked a step
    turns.pass_on(a)
    assert turns.turn(d) == "held" and turns.turn(b) == "waiting"
    assert turns.counts() == (1, 3)


def test_steps_clicked_take_the_turn_in_the_order_clicked_and_keep_it_until_taken():
    turns = Turns(slots=1, slice_=0.0)
    (player,) = _players(turns, 1)
    first, second = _Player(turns, "first"), _Player(turns, "second")
    turns.ask(first, first.wake, first=True)
    turns.ask(second, second.wake, first=True)
    turns.pass_on(player)
    assert turns.turn(first) == "held"
    turns.pass_on(first, first=True)          # its epoch not done: only a step clicked before goes
    assert turns.turn(second) == "held" and turns.turn(first) == "next"
    turns.pass_on(second, first=True)
    assert turns.turn(first) == "held", "a step waited behind the session that plays"
    turns.leave(second)                       # (its learner paused)
    turns.pass_on(first, first=True)          # only sessions that play wait: the step trains on
    assert turns.turn(first) in ("held", "over") and turns.turn(player) == "waiting"
    turns.leave(first)                        # the step is taken: the slot goes back to the line
    assert turns.turn(player) == "held"


def test_a_session_asks_for_its_step_first_through_its_gate(monkeypatch):
    turns = Turns(slots=1, slice_=60.0)
    monkeypatch.setattr(training_gate, "TURNS", turns)
    monkeypatch.setattr(training, "TURNS", turns)
    players = _players(turns, 3)              # one holds the only turn and keeps it; two wait
    session = Session()
    try:
        send(session, {"type": "hello", "state": {}})
        send(session, {"type": "control", "action": "step_batch"})
        assert until(lambda: turns.turn(session) == "next")
        turns.leave(players[0])               # the slot comes free: the step's, not the line's
        assert until(lambda: session.wait_idle(0.1) and session.step == 1)
        assert turns.turn(players[1]) == "held" and players[2].woken == 0
    finally:
        session.close()
