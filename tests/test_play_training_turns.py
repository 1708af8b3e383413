"""Turns to train (``training_turns``): at most as many sessions train at once as there are slots,
and the sessions that want to train take turns fairly. Counts, not time: a slice of 0 s is up as
soon as it begins (at its holder's first look), so every ``pass_on`` hands the turn on; where
time matters, a clock the test moves."""
import threading

from neuralab.play import training_turns
from neuralab.play.training_turns import Turns


class _Session:
    """One session as the turns see it: how often its turn came."""

    def __init__(self, turns, name):
        self.turns, self.name, self.woken = turns, name, 0

    def wake(self):
        self.woken += 1

    def ask(self):
        self.turns.ask(self, self.wake)


def _holding(turns, sessions):
    return [s.name for s in sessions if turns.turn(s) in ("held", "over")]


def test_no_more_sessions_train_at_once_than_there_are_slots():
    turns = Turns(slots=2, slice_=0.0)
    sessions = [_Session(turns, i) for i in range(5)]
    for s in sessions:
        s.ask()
    assert _holding(turns, sessions) == [0, 1]
    assert turns.counts() == (2, 3)
    assert [turns.turn(s) for s in sessions[2:]] == ["waiting"] * 3
    for _ in range(40):   # turns handed on in any order keep to two at once
        for s in sessions:
            turns.pass_on(s)
            assert turns.counts() == (2, 3)


def test_the_sessions_that_want_to_train_take_turns_fairly():
    turns = Turns(slots=2, slice_=0.0)
    sessions = [_Session(turns, i) for i in range(7)]
    for s in sessions:
        s.ask()
    rounds = 70
    for _ in range(rounds):   # each holder's slice ends in turn, as training threads' do
        for s in sessions:
            turns.pass_on(s)
    woken = [s.woken for s in sessions]
    # each had its turn as often as the others, within one; 2 of 7 slots a round of 7 slices
    assert max(woken) - min(woken) <= 1, woken
    assert sum(woken) >= rounds * 2


def test_a_session_that_stops_training_frees_its_slot_for_the_longest_waiting():
    turns = Turns(slots=1, slice_=0.0)
    a, b, c = (_Session(turns, name) for name in "abc")
    for s in (a, b, c):
        s.ask()
    assert (turns.turn(a), turns.turn(b), turns.turn(c)) == ("held", "waiting", "waiting")
    turns.leave(b)            # paused while in line: it waits no more, and is never woken
    turns.leave(a)            # paused while training: the slot goes to c
    assert (turns.turn(a), turns.turn(b), turns.turn(c)) == (None, None, "held")
    assert (a.woken, b.woken, c.woken) == (1, 0, 1)
    turns.leave(c)
    assert turns.counts() == (0, 0)


def test_a_session_resting_to_keep_to_its_speed_frees_its_slot_and_still_counts_as_training():
    turns = Turns(slots=1, slice_=0.0)
    a, b = _Session(turns, "a"), _Session(turns, "b")
    a.ask()
    b.ask()
    turns.leave(a, resting=True)   # between two epochs at the speed chosen: b takes the slot
    assert (turns.turn(a), turns.turn(b)) == ("resting", "held")
    assert turns.counts() == (1, 0) and turns.training() == 2
    a.ask()                   # its next epoch: in line again, counted once
    assert turns.turn(a) == "waiting" and turns.training() == 2
    turns.leave(a, resting=True)
    turns.leave(a)            # paused while it rests: it trains no more
    assert turns.turn(a) is None and turns.training() == 1


def test_a_session_alone_trains_on_and_asking_again_changes_nothing():
    turns = Turns(slots=1, slice_=60.0)
    a = _Session(turns, "a")
    a.ask()
    a.ask()                   # (asked again while it holds the turn)
    assert turns.turn(a) == "held" and a.woken == 1
    turns.pass_on(a)          # nobody waits: another slice, no wake
    assert turns.turn(a) == "held" and a.woken == 1 and turns.counts() == (1, 0)


def test_a_session_is_woken_after_the_turns_lock_is_let_go():
    # the wake takes the session's own lock, under which the session asks the turns: woken under
    # the turns' lock, two sessions each waking the other would wait for each other for ever
    turns = Turns(slots=1, slice_=0.0)
    seen = []
    a = _Session(turns, "a")
    b = _Session(turns, "b")
    b.wake = lambda: seen.append(turns.turn(b))   # (asks the turns from within the wake)
    a.ask()
    b.ask()
    worker = threading.Thread(target=turns.pass_on, args=(a,), daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "pass_on waited for its own lock"
    assert seen == ["held"]


class _Clock:
    """``time`` as the turns read it, moved by the test."""

    def __init__(self):
        self.now = 100.0

    def monotonic(self):
        return self.now


def test_a_turn_given_to_a_thread_woken_late_lasts_its_whole_slice(monkeypatch):
    # a thread woken 0.1 s after its turn came (the GIL busy) found its 30 ms slice over, and
    # handed the turn on without training a batch, to wait a whole round more
    clock = _Clock()
    monkeypatch.setattr(training_turns, "time", clock)
    turns = Turns(slots=1, slice_=0.03)
    a, b = _Session(turns, "a"), _Session(turns, "b")
    a.ask()
    b.ask()
    assert turns.turn(a) == "held"
    clock.now += 0.04
    assert turns.turn(a) == "over"
    turns.pass_on(a)
    assert b.woken == 1
    clock.now += 0.1           # b's thread comes to train late
    assert turns.turn(b) == "held"
    clock.now += 0.02
    assert turns.turn(b) == "held"
    clock.now += 0.02
    assert turns.turn(b) == "over"
