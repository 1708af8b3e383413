"""Turns to train: how many of a server's sessions train at once, and which.

Every session trains in a thread of the one server process, and all of them share its GIL with
the event loop that answers every page. Twenty-four sessions training at once left the event
loop one thread in twenty-five: on 2 busy cores a page took 30 s to open, a Pause a second to
be answered, and each page got under a frame a second. So at most ``SLOTS`` sessions (the
machine's cores) train at once, in turns, and the event loop competes with those few threads
only:

    a session that wants to train (playing, or steps clicked for) asks for a turn (``ask``);
    it holds the turn for ``SLICE`` s, then passes it on to the longest waiting (``pass_on``),
    and waits in line again; with nobody waiting, it trains on.

A slice begins when its holder first looks at its turn (``turn``), as it comes to train, not when
the turn is given: a thread woken late (the GIL busy on 2 loaded cores) found its slice over, and
passed the turn on without a batch trained (3 % of the turns of 24 sessions), waiting a whole round
more.

Round robin over equal slices is fair: with n sessions wanting to train and k slots, each trains
k/n of the time, a slice every ``SLICE · n/k`` s (24 sessions on 2 cores: 30 ms every 0.36 s). A session that rests (the speed chosen, a hidden page's pace: ``hidden_pace``),
is paused or closed holds no slot and waits in no line (``leave``). Hidden sessions wait in the
same line, and once a turn has given them their small slice of CPU time, ``hidden_pace`` makes
them rest: the visible ones come first without the hidden ones ever starving.

A visible session that rests between two epochs to keep to the speed chosen (``leave(who,
resting=True)``) still trains, and ``training()`` counts it: the pages' frames and views share
their time by that count (``snapshots.refresh_interval``). At the default 10 epochs a second, a
small data set's epoch takes a few milliseconds: a class of 24 held no turn most of the time,
was counted as nobody training, and each page got a page alone's frames, 240 a second in all
where the class shares 100.

A step clicked (a batch, or the rest of an epoch: ``first``) goes to the front of the line, behind
the steps clicked before it only, and holds its turn until it is taken: a learner who clicked
waited a whole round behind the sessions that play (0.36 s among 24). A step is a bounded piece of
training, asked for by a click each, so the sessions that play wait for it and never starve.

The line is kept under a lock of its own, and a session told of its turn (``wake``) is told
after that lock is let go: no lock of a session is ever taken under it.
"""
import collections
import os
import threading
import time

# sessions that train at once: the cores this process may use
SLOTS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
SLICE = 0.03                  # s a turn lasts when others wait for one


class Turns:
    """The turns to train of one process's sessions (they share its GIL and cores)."""

    def __init__(self, slots=SLOTS, slice_=SLICE):
        self.slots, self.slice = slots, slice_
        self._lock = threading.Lock()
        self._holding = {}                      # session -> (when its turn ends, or None: not begun; its wake)
        self._line = collections.OrderedDict()  # session -> its wake, the longest waiting first
        self._steps = collections.OrderedDict() # the same, of the steps clicked: before the line
        self._resting = set()                   # sessions resting between epochs to keep to their speed

    def turn(self, who):
        """"held", "over" (held, and its slice is up), "waiting" (in line), "next" (in line for a
        step, before those waiting), "resting" (between two epochs: ``leave``) or None. The
        holder's first look begins its slice."""
        with self._lock:
            held = self._holding.get(who)
            if held is None:
                return ("next" if who in self._steps else "waiting" if who in self._line
                        else "resting" if who in self._resting else None)
            if held[0] is None:
                self._holding[who] = (time.monotonic() + self.slice, held[1])
                return "held"
            return "held" if time.monotonic() < held[0] else "over"

    def ask(self, who, wake, first=False):
        """``who`` wants to train: it holds a turn at once if a slot is free and nobody waits,
        else it waits in line; ``first`` (a step clicked), before those who wait to play (one
        waiting already moves there). ``wake()`` is called when its turn comes (from the thread
        that gave it: this one, or the one whose turn ended)."""
        with self._lock:
            self._resting.discard(who)
            if who not in self._holding:
                if first and who not in self._steps:
                    self._line.pop(who, None)
                    self._steps[who] = wake
                elif who not in self._steps:
                    self._line.setdefault(who, wake)
            woken = self._grant()
        _wake(woken)

    def pass_on(self, who, first=False):
        """``who``'s slice is up: with others waiting, the turn goes to the longest waiting and
        ``who`` waits in line behind them; with nobody waiting, ``who`` trains on a slice more.
        ``first`` (a step not yet taken): only a step clicked before it takes the turn, and
        ``who`` waits first in line behind it."""
        with self._lock:
            held = self._holding.get(who)
            if held is None:
                return
            if self._steps or self._line and not first:
                del self._holding[who]
                (self._steps if first else self._line)[who] = held[1]
            else:
                self._holding[who] = (time.monotonic() + self.slice, held[1])
            woken = self._grant()
        _wake(woken)

    def leave(self, who, resting=False):
        """``who`` no longer wants to train (paused, resting, closed): its slot, or its place in
        line, goes. ``resting``: it rests between two epochs to keep to the speed chosen, and
        counts among those that train (``training``) until it asks again or leaves for good."""
        with self._lock:
            self._holding.pop(who, None)
            self._line.pop(who, None)
            self._steps.pop(who, None)
            if resting:
                self._resting.add(who)
            else:
                self._resting.discard(who)
            woken = self._grant()
        _wake(woken)

    def counts(self):
        """(sessions holding a turn, sessions waiting in line)."""
        with self._lock:
            return len(self._holding), len(self._steps) + len(self._line)

    def training(self):
        """The sessions that train: holding a turn, waiting in line for one, or resting between
        two epochs to keep to the speed chosen."""
        with self._lock:
            return len(self._holding) + len(self._steps) + len(self._line) + len(self._resting)

    def _grant(self):
        """Give the free slots to the longest waiting, the steps first (the lock held); their
        wakes, to call once it is let go."""
        woken = []
        while (self._steps or self._line) and len(self._holding) < self.slots:
            who, wake = (self._steps or self._line).popitem(last=False)
            self._holding[who] = (None, wake)   # (its slice begins as it comes to train: turn)
            woken.append(wake)
        return woken


def _wake(wakes):
    for wake in wakes:
        wake()


TURNS = Turns()   # the process's: its sessions share one GIL, whichever server made them
